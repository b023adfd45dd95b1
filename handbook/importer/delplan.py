"""An area's delplan page → the data of ``data/areas/<id>.yaml``: the area's crisis organisation.

Read from the headings of the delplan (Kritiske funktioner, Kriseledelse or
Krisestab, Mødested, Indkaldelse, Kriseniveauer) and the post lines under
them: ``Kriseleder: …``, ``Stedfortræder: …``, ``Ansvarlig for …: …`` (a
person with a number, a role or person already in contacts.yaml, or
"udpeges ad hoc"), ``Alternativt mødested: …``, ``Niveau 2 – Titel: …``.
"""

from __future__ import annotations

import re

from handbook.importer.blocks import Block, Page
from handbook.importer.book import Book
from handbook.importer.layout import DELPLAN_HEADINGS, POST, Section, contact_lines, read_layout
from handbook.importer.notes import Notes
from handbook.importer.numbers import ContactLine, parse_line
from handbook.importer.plan import Extracted
from handbook.importer.words import CLICK_HERE, fold, is_subheading, strip_colon

_AD_HOC = re.compile(r"\bad[ -]hoc\b", re.I)
_STANDARD_AD_HOC = {"udpeges ad hoc", "udpeges ad hoc af kriselederen", "ad hoc"}
_ALTERNATIVE = re.compile(r"^(?:alternativt|sekundært|reserve-?)\s*mødested\s*:?\s*(?P<value>.*)$", re.I)
_MEETING = re.compile(r"^(?:primært\s+)?mødested\s*:\s*(?P<value>.+)$", re.I)
_LEVEL = re.compile(r"^(?:krise)?niveau\s+(?P<n>\d)\b\s*[:.–—-]?\s*(?P<rest>.*)$", re.I)
_LED_BY = re.compile(r"^ledes\s+af\s*:?\s*(?P<value>.+)$", re.I)
_TITLE_PREFIX = re.compile(r"^delplan\s*(?:for|[-–—:])\s*", re.I)


class DelplanReader:
    """Reads one delplan page; its contacts go to the book."""

    def __init__(self, page: Page, area: str, book: Book, notes: Notes):
        self.page, self.area, self.book, self.notes = page, area, book, notes
        self.lines: dict[str, int] = {}

    def note(self, line: int, what: str, hint: str = "") -> None:
        """Record a note about this page."""
        self.notes.add(self.page.name, line, what, hint)

    def read(self) -> Extracted:
        """The delplan's data, in the order of the model."""
        layout = read_layout(self.page, DELPLAN_HEADINGS, self.notes)
        title = _TITLE_PREFIX.sub("", layout.title).strip() or layout.title
        data: dict = {}
        text = []
        for block in layout.before:
            if CLICK_HERE.search(block.text):
                self.note(
                    block.line,
                    f"link '{_short(block.text)}' not kept: a delplan has no references",
                    "name the document in a plan of the area, or in data/handbook.yaml's references",
                )
            elif is_subheading(block.text):
                self._unplaced(block)
            else:
                text.append(self._text(block))
        if text:
            data["text"] = text
        readers = {
            "critical_functions": self._functions,
            "staff": self._staff,
            "meeting": self._meeting,
            "convening": self._convening,
            "levels": self._levels,
        }
        for section in layout.sections:
            readers[section.key](section, data)
        order = (
            "text",
            "critical_functions",
            "crisis_leader",
            "crisis_staff",
            "meeting_place",
            "alternative_meeting_place",
            "convening",
            "crisis_levels",
        )
        data = {k: data[k] for k in order if data.get(k)}
        for post in ([data["crisis_leader"]] if "crisis_leader" in data else []) + data.get("crisis_staff", []):
            for key in ("holder", "stand_in"):
                if len(post.get(key, [])) == 1:
                    post[key] = post[key][0]  # one holder is written as an id, as editors write it
        return Extracted("delplan", self.page, self.area, title, data, self.lines)

    def _text(self, block: Block) -> str:
        self.lines.setdefault(block.text, block.line)
        return block.text

    def _unplaced(self, block: Block) -> None:
        self.note(
            block.line, f"text not placed: '{_short(block.text)}'", "copy it into the delplan by hand if it matters"
        )

    # -- sections --------------------------------------------------------------------------------
    def _functions(self, section: Section, data: dict) -> None:
        for block in section.blocks:
            if block.kind != "item" and is_subheading(block.text):
                self._unplaced(block)
            else:
                data.setdefault("critical_functions", []).append(self._text(block))

    def _staff(self, section: Section, data: dict) -> None:
        post: dict | None = None
        pending: tuple[dict, str] | None = None
        for block, line in contact_lines(section.blocks):
            m = POST.match(block.text)
            if m:
                label, value = m.group("label"), (m.group("value") or "").strip()
                key = "holder"
                if fold(label) == "kriseleder":
                    post = data.setdefault("crisis_leader", {})
                elif fold(label).startswith("stedfortræder"):
                    if post is None:
                        post = data.setdefault("crisis_leader", {})
                    key = "stand_in"
                else:
                    post = {"role": label}
                    self.lines.setdefault(label, block.line)
                    data.setdefault("crisis_staff", []).append(post)
                if value:
                    self._holder(post, key, value, block, parse_line(value))
                    pending = None
                else:
                    pending = (post, key)
                continue
            if pending is not None:
                self._holder(pending[0], pending[1], block.text, block, line)
                continue
            self._unplaced(block)

    def _holder(self, post: dict, key: str, value: str, block: Block, line: ContactLine | None) -> None:
        """Who holds (or stands in for) a post: a contact line, a known role or person, or ad hoc."""
        if _AD_HOC.search(value) and key == "holder" and "role" in post:
            post["ad_hoc"] = True
            if fold(value) not in _STANDARD_AD_HOC:
                post["note"] = value
            return
        cid = None
        if line is not None and line.kind != "number":
            cid = self.book.contact(line, self.page.name, block.line)
        if cid is None:
            cid = self._known(value)
        if cid is None:
            self.note(
                block.line,
                f"'{value}' is not a contact in data/contacts.yaml: kept as the post's note",
                "write the person's line with a number on the page, or add the contact and its id here",
            )
            post["note"] = value if "note" not in post else f"{post['note']} {value}"
            return
        post.setdefault(key, [])
        if cid not in post[key]:
            post[key].append(cid)

    def _known(self, value: str) -> str | None:
        """A role by title, or a person by name or title, already in the data."""
        rid = self.book.matcher().whole(value)
        if rid:
            return rid
        people = self.book.entries["people"].values()
        for entry in people:
            if entry.data.get("name") and fold(str(entry.data["name"])) == fold(value):
                return entry.id
        titled = [e for e in people if e.data.get("title") and fold(str(e.data["title"])) == fold(value)]
        return titled[0].id if len(titled) == 1 else None

    def _meeting(self, section: Section, data: dict) -> None:
        target = "meeting_place"
        for block in section.blocks:
            alt = _ALTERNATIVE.match(block.text)
            main = _MEETING.match(block.text)
            if alt:
                target = "alternative_meeting_place"
                value = alt.group("value").strip()
                if not value:
                    continue
            elif main:
                target, value = "meeting_place", main.group("value").strip()
            else:
                value = block.text
            self.lines.setdefault(value, block.line)
            if data.get(target):
                data[target] = f"{data[target]}, {value}"
                self.note(
                    block.line,
                    f"two lines for the {target.replace('_', ' ')} joined with a comma",
                    "check the address in the delplan",
                )
            else:
                data[target] = value

    def _convening(self, section: Section, data: dict) -> None:
        for block, line in contact_lines(section.blocks):
            if block.kind != "item" and is_subheading(block.text) and line is None:
                self._unplaced(block)
                continue
            step: dict | str = self._text(block)
            if line is not None and line.kind != "number" and line.label:
                cid = self.book.contact(line, self.page.name, block.line, compare=False)
                step = {"text": line.label, "contact": cid} if cid else block.text
            data.setdefault("convening", []).append(step)

    def _levels(self, section: Section, data: dict) -> None:
        levels: list[dict] = data.setdefault("crisis_levels", [])
        for block in section.blocks:
            m = _LEVEL.match(block.text)
            if m:
                number, rest = int(m.group("n")), m.group("rest").strip()
                if any(lvl["level"] >= number for lvl in levels):
                    self.note(
                        block.line,
                        f"level {number} does not follow level {levels[-1]['level']}",
                        "levels ascend from 1 (local) without repeats; fix the page or the delplan",
                    )
                    continue
                parts = re.split(r"(:\s+|\s+[–—-]\s+)", rest, maxsplit=1)
                title, trigger = parts[0], (parts[2] if len(parts) == 3 else "")
                level: dict = {"level": number, "title": strip_colon(title) or f"Niveau {number}"}
                if not rest:
                    self.note(block.line, f"level {number} has no title on the page", "write the level's name")
                if trigger.strip():
                    level["trigger"] = [trigger.strip()]
                self.lines.setdefault(level["title"], block.line)
                levels.append(level)
                continue
            led = _LED_BY.match(block.text)
            if levels and led:
                levels[-1]["led_by"] = led.group("value").strip()
            elif levels:
                levels[-1].setdefault("trigger", []).append(self._text(block))
            else:
                self._unplaced(block)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
