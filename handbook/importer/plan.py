"""A plan page → the data of ``data/plans/<slug>.yaml``, in the template's sections, every sentence verbatim."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from handbook.data.phones import PhoneError, parse_phone
from handbook.data.sections import SECTIONS
from handbook.importer.blocks import Block, Page
from handbook.importer.book import Book
from handbook.importer.layout import PLAN_HEADINGS, Layout, Section, contact_lines, read_layout
from handbook.importer.notes import Notes
from handbook.importer.numbers import ContactLine
from handbook.importer.roles import RoleMatcher
from handbook.importer.words import CLICK_HERE, LINK_PHRASE, ends_sentence, fold, is_subheading, slug, strip_colon

# A Handling without phase headings is one phase, named like the section.
SINGLE_PHASE = "Handling"
_PHONE_IN_TEXT = re.compile(r"(?<![\w])(?:\+45\s?)?\d{2}(?:\s?\d{2}){3}(?![\w])")
_GENERIC_LINK = re.compile(r"^(?:klik(?:ke)?\s+)?her$|^linket(?:\s+her)?$", re.I)


@dataclass
class Extracted:
    """One page read into data: a plan or a delplan, with the line on the page of every sentence."""

    kind: str  # plan | delplan
    page: Page
    id: str
    title: str
    data: dict
    lines: dict[str, int] = field(default_factory=dict)
    blocks: list[tuple[dict, int]] = field(default_factory=list)  # titled lists in place (may become groups), line


class PlanReader:
    """Reads one plan page; contacts, roles and references go to the book."""

    def __init__(self, page: Page, area: str, book: Book, notes: Notes):
        self.page, self.area, self.book, self.notes = page, area, book, notes
        self.lines: dict[str, int] = {}
        self.references: list[str] = []
        self.lists: list[tuple[dict, int]] = []
        self.matcher: RoleMatcher = book.matcher()
        self.guessed: dict[tuple[str, str], tuple[str, int, int]] = {}  # (word, role) → (word, first line, count)
        self.unknown: dict[str, tuple[list[str], int]] = {}  # stem → (the forms found, first line)

    def note(self, line: int, what: str, hint: str = "") -> None:
        """Record a note about this page."""
        self.notes.add(self.page.name, line, what, hint)

    def read(self) -> Extracted:
        """The plan's data, in the order of the template."""
        layout = read_layout(self.page, PLAN_HEADINGS, self.notes)
        sections: dict[str, Section] = {}
        for section in layout.sections:
            self.lines.setdefault(SECTIONS[section.key].heading, section.line)
            if section.key in sections:
                self.note(
                    section.line,
                    f"the heading '{section.blocks[0].text if section.blocks else section.key}' is on the page twice",
                    "its text is read into the first",
                )
                sections[section.key].blocks.extend(section.blocks)
            else:
                sections[section.key] = section
        # Roles first: the staffing list names them, and every other section is tagged with them.
        staffing = self._staffing(sections["staffing"]) if "staffing" in sections else {}
        self.matcher = self.book.matcher()
        data: dict = {"title": layout.title, "area": self.area}
        self._revision(layout, data)
        self._before(layout)
        parts = {
            "situation": lambda s: self._situation(s),
            "alerting": lambda s: self._section(s.blocks),
            "tasks": lambda s: self._section(s.blocks),
            "actions": lambda s: self._actions(s),
            "organisation": lambda s: self._section(s.blocks),
            "staffing": lambda s: staffing,
            "communication": lambda s: self._communication(s),
            "contacts": lambda s: self._contacts(s.blocks),
            "revision": lambda s: self._unplaced(s.blocks, "Oprettelse/revision"),
        }
        body = {}
        for key, build in parts.items():
            if key in sections:
                value = build(sections[key])
                if value:
                    body[key] = value
        if self.references:
            data["references"] = list(dict.fromkeys(self.references))
        data.update(body)
        self._tag_notes()
        return Extracted("plan", self.page, slug(layout.title, limit=60), layout.title, data, self.lines, self.lists)

    # -- page head -------------------------------------------------------------------------------
    def _revision(self, layout: Layout, data: dict) -> None:
        if layout.updated is not None:
            data["updated"] = layout.updated
            self.lines["updated"] = layout.updated_line
        else:
            data["updated"] = dt.date.today()
            self.note(
                layout.title_line,
                "no 'Sidst opdateret' date on the page: updated is set to today",
                "set 'updated' to the date the plan was last reviewed",
            )
        if layout.editor:
            data["editor"] = layout.editor

    def _before(self, layout: Layout) -> None:
        for block in layout.before:
            if not self._click(block, None):
                self._unplaced([block], "before the first heading")

    def _unplaced(self, blocks: list[Block], where: str) -> None:
        for block in blocks:
            self.note(
                block.line,
                f"text {where} not placed: '{_short(block.text)}'",
                "copy it into a section of the plan by hand if it belongs to the plan",
            )

    # -- links -----------------------------------------------------------------------------------
    def _click(self, block: Block, holder: dict | None) -> bool:
        """A "Klik her: Se …" block is a link, not a sentence: it becomes a reference. True when it was one."""
        if not CLICK_HERE.search(block.text):
            return False
        text = CLICK_HERE.sub("", block.text).strip()
        self._reference(block, text, holder, generic_label=True)
        self.lines.setdefault(text, block.line)
        return True

    def _links_in(self, block: Block, holder: dict | None) -> None:
        """Links inside a sentence (saved HTML) become references; copied text has lost them: say so."""
        if _links(block):
            self._reference(block, block.text, holder, generic_label=False)
        elif LINK_PHRASE.search(block.text):
            self.note(
                block.line,
                f"'{_short(block.text)}' points at a link that copied text does not keep",
                "save the page as .html to keep the link, or write where to find it in the text",
            )

    def _reference(self, block: Block, text: str, holder: dict | None, generic_label: bool) -> None:
        url = location = None
        title = text
        links = _links(block)
        if links:
            label, href = links[0]
            if href.startswith(("http://", "https://")):
                url = href
            else:
                location = href
            if not _GENERIC_LINK.match(label) and not generic_label:
                title = label
        title = re.sub(r"^se\s+", "", title, flags=re.I)
        title = title[:1].upper() + title[1:]
        if links and not generic_label and title.casefold() == links[0][0].casefold():
            text = title  # a link inside a sentence: the sentence stays, the document is named by the link
        rid, new = self.book.reference(text, title, url, location, self.page.name, block.line)
        if holder is not None and not holder.get("reference"):
            holder["reference"] = rid
        elif holder is None:
            self.references.append(rid)
        if new and not url and not location:
            self.note(
                block.line,
                f"link '{_short(block.text)}' kept as reference '{rid}' in data/handbook.yaml, with no address",
                "write where to find it (location:) or its address (url:)",
            )

    # -- sections --------------------------------------------------------------------------------
    def _situation(self, section: Section) -> dict:
        texts = []
        for block in section.blocks:
            if not self._click(block, None):
                texts.append(self._sentence(block, None))
        out: dict = {}
        if len(texts) >= 2 and len(texts[0]) <= 160 and len(_sentences(texts[0])) == 1:
            out["summary"] = texts.pop(0)
        if texts:
            out["text"] = texts
        return out

    def _section(self, blocks: list[Block]) -> dict:
        """Intro, paragraphs, tagged steps and contact lists, in the page's order."""
        out: dict = {"intro": None, "text": [], "steps": [], "contacts": []}
        current: dict | None = None
        entries = contact_lines(blocks)
        for i, (block, line) in enumerate(entries):
            following = entries[i + 1][0] if i + 1 < len(entries) else None
            heading = block.kind == "heading" or is_subheading(block.text)
            if heading and line is None:
                if following is not None and following.kind == "item":
                    if out["intro"] is None and not (out["text"] or out["steps"] or out["contacts"]):
                        out["intro"] = self._sentence(block, None)
                    else:
                        out["steps"].append({"text": self._sentence(block, None)})
                        self.note(
                            block.line,
                            f"sub-heading '{block.text}' kept as a step",
                            "a section has one intro; split the section by hand if it needs two",
                        )
                    current = None
                    continue
                current = {"title": strip_colon(block.text), "_line": block.line}
                self.lines[current["title"]] = block.line
                out["contacts"].append(current)
                continue
            if line is not None:
                if current is None:
                    current = {"_line": block.line}
                    out["contacts"].append(current)
                self._member(current, block, line)
                continue
            if self._click(block, current):
                continue
            if current is not None and current.get("title") is not None and block.kind != "item":
                self._block_text(current, block)
                continue
            current = None
            step = self._step(block)
            if block.kind == "item" or out["steps"] or step.get("who"):
                out["steps"].append(step)
            else:
                out["text"].append(step["text"])
        out["contacts"] = [b for b in map(self._finish_block, out["contacts"]) if b]
        return {k: v for k, v in out.items() if v}

    def _member(self, holder: dict, block: Block, line: ContactLine) -> None:
        for bad in line.bad:
            self.note(
                block.line,
                f"'{bad}' in '{_short(block.text)}' is not a phone number",
                "write the number into data/contacts.yaml by hand",
            )
        if line.kind == "number":
            self.note(block.line, f"number '{block.text}' without a name", "add it to the contact it belongs to")
            holder.setdefault("text", []).append(block.text)
            return
        cid = self.book.contact(line, self.page.name, block.line)
        members = holder.setdefault("members", [])
        if cid and cid not in members:
            members.append(cid)

    def _block_text(self, holder: dict, block: Block) -> None:
        rid = self.book.reference_with_text(block.text)
        if rid and not holder.get("reference"):
            holder["reference"] = rid  # the editor made this sentence a reference already
            return
        holder.setdefault("text", []).append(self._sentence(block, holder))

    def _finish_block(self, block: dict) -> dict:
        """A contact list as written: title, text, reference, members; a title naming roles lists them.

        A title alone stays (the page shows it); a list with nothing at all is empty and left out.
        """
        title = block.get("title")
        members = list(block.get("members", []))
        if title and not members:
            members = self.matcher.only_roles(title)
        out = {k: block[k] for k in ("title", "text", "reference") if block.get(k)}
        if members:
            out["members"] = members
        if title and members and not block.get("reference"):
            self.lists.append((out, block.get("_line", 1)))
        return out  # empty only for a list with nothing in it: then it is left out

    def _actions(self, section: Section) -> list[dict]:
        phases: list[dict] = []
        blocks = section.blocks
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            heading = block.kind == "heading" or (block.kind == "para" and is_subheading(block.text))
            if not heading and block.kind == "para" and following is not None and following.kind == "item":
                heading = len(block.text) <= 60 and not ends_sentence(block.text)
            if heading:
                phases.append({"phase": strip_colon(block.text), "steps": []})
                self.lines[phases[-1]["phase"]] = block.line
                continue
            if self._click(block, None):
                continue
            if not phases:
                phases.append({"phase": SINGLE_PHASE, "steps": []})
            phases[-1]["steps"].append(self._step(block))
        for phase in phases:
            if not phase["steps"]:
                del phase["steps"]
        return phases

    def _staffing(self, section: Section) -> dict:
        out: dict = {"intro": None, "roles": [], "equipment": []}
        equipment = False
        extra: list[str] = []
        blocks = section.blocks
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            text = self._sentence(block, None)
            if block.kind != "item" and fold(text) in ("udstyr", "materiel"):
                equipment = True
                continue
            if block.kind != "item" and (following is None or following.kind != "item" or out["intro"] is not None):
                extra.append(text)
                continue
            if block.kind != "item":
                out["intro"] = text
                continue
            if equipment:
                out["equipment"].append(text)
                continue
            rid, wording = self.book.role_for_item(text, self.page.name, block.line)
            out["roles"].append({"role": rid, "text": wording} if wording else rid)
        if extra:
            out["intro"] = " ".join(([out["intro"]] if out["intro"] else []) + extra)
            self.note(
                section.line,
                "text in Bemanding og udstyr joined into its intro",
                "check the intro of 'staffing' in the plan",
            )
        return {k: v for k, v in out.items() if v}

    def _communication(self, section: Section) -> dict:
        parts: dict[str, list[Block]] = {"internal": [], "external": []}
        key = "internal"
        for block in section.blocks:
            name = fold(block.text)
            if block.kind != "item" and name in ("internt", "intern", "intern kommunikation"):
                key = "internal"
                continue
            if block.kind != "item" and name in ("eksternt", "ekstern", "ekstern kommunikation"):
                key = "external"
                continue
            parts[key].append(block)
        out = {}
        for key, blocks in parts.items():
            value = self._section(blocks)
            if value:
                out[key] = value
        return out

    def _contacts(self, blocks: list[Block]) -> list[dict]:
        lists: list[dict] = []
        current: dict | None = None
        for block, line in contact_lines(blocks):
            if line is None and (block.kind == "heading" or is_subheading(block.text)):
                current = {"title": strip_colon(block.text), "_line": block.line}
                self.lines[current["title"]] = block.line
                lists.append(current)
                continue
            if current is None:
                current = {"_line": block.line}
                lists.append(current)
            if line is not None:
                self._member(current, block, line)
            elif not self._click(block, current):
                self._block_text(current, block)
        return [b for b in map(self._finish_block, lists) if b]

    # -- sentences -------------------------------------------------------------------------------
    def _sentence(self, block: Block, holder: dict | None) -> str:
        """A sentence as it stands on the page; its links become references, a phone number in it is reported."""
        self.lines.setdefault(block.text, block.line)
        self._links_in(block, holder)
        for number in _PHONE_IN_TEXT.findall(block.text):
            try:
                parse_phone(number)
            except PhoneError:
                continue
            self.note(
                block.line,
                f"number {number} stands inside a sentence and stays text",
                "write it as a contact in data/contacts.yaml, so it is written once",
            )
        return block.text

    def _step(self, block: Block) -> dict:
        text = self._sentence(block, None)
        tags = self.matcher.tag(text)
        for word, rid in tags.guesses:
            first, line, count = self.guessed.get((fold(word), rid), (word, block.line, 0))
            self.guessed[(fold(word), rid)] = (first, line, count + 1)
        for word in tags.unknown:
            forms, _ = self.unknown.setdefault(_stem(word), ([], block.line))
            if word.casefold() not in (f.casefold() for f in forms):
                forms.append(word)
        step: dict = {"text": text}
        if tags.who:
            step["who"] = tags.who
        return step

    def _tag_notes(self) -> None:
        roles = self.book.entries["roles"]
        for (_, rid), (word, line, n) in self.guessed.items():
            self.note(
                line,
                f"'{word}' read as role '{rid}' ({roles[rid].data['title']}) in {n} sentence"
                f"{'s' if n != 1 else ''}: suggested who: tag",
                "check the who: tags; give the role this word as its plural or title to make it sure",
            )
        for forms, line in self.unknown.values():
            also = " (also " + ", ".join(f"'{f}'" for f in forms[1:]) + ")" if len(forms) > 1 else ""
            self.note(
                line,
                f"'{forms[0]}'{also} looks like a role that is not in data/contacts.yaml: left untagged",
                "add the role (title and plural) to data/contacts.yaml and import again to tag it",
            )


def _stem(word: str) -> str:
    """A role word without its Danish ending, so 'medarbejdere' and 'medarbejderne' are one word to report."""
    return re.sub(r"(?:erne|ere|ne|en|er|e|n)$", "", word.casefold())


def _links(block: Block) -> list[tuple[str, str]]:
    """The block's links to other pages (not phone, mail or in-page links)."""
    return [(label, href) for label, href in block.links if not href.startswith(("tel:", "mailto:", "#"))]


def _sentences(text: str) -> list[str]:
    from handbook.importer.words import sentences

    return sentences(text)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
