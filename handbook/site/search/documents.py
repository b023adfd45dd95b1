"""A built page's article HTML → its search documents: the page, its sections and its contact entries.

One page gives a page document (its title and the text before its first
section), a section document per ``h2``/``h3`` with an id, and a contact
document per ``.hb-contact[id]`` (a row of the contacts page, a group heading).
Every word a reader sees in the article is in one of them. Text that repeats
what another document already shows (contact lines in plans, action cards, a
role's checklists, the front page's first steps, an area's plan list) is
searchable where it stands but not stored again for snippets.

The HTML is the site's own (our templates, Python-Markdown), so a small
regular-expression scanner reads it; it is several times faster than
``html.parser`` on the 20 MB of a 600-plan handbook, and as exact for it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

PAGE, SECTION, CONTACT = 0, 1, 2

_BLOCK_TAGS = """address article aside blockquote br caption dd details div dl dt figcaption figure footer h1 h2 h3
h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"""
_BLOCK = frozenset(_BLOCK_TAGS.split())
_VOID_TAGS = "area base br col embed hr img input link meta source track wbr"
_VOID = frozenset(_VOID_TAGS.split())
_RAW = frozenset({"script", "style", "textarea", "title"})
_SKIP_TAGS = frozenset({"script", "style", "svg", "template", "noscript", "button", "textarea"})
_SKIP_CLASSES = frozenset({"headerlink", "hb-noindex"})
# Status badges ("vakant", "kun online") are searchable but never a contact's name.
_BADGE_CLASSES = frozenset({"hb-vacant", "hb-missing", "hb-online-only"})
# Text that repeats what other documents hold: searchable here, not stored again.
# Contact lines repeat the contact entries; action cards, role checklists, the
# front page's first steps and the lists of plans repeat the plans.
INDEX_ONLY_CLASSES = frozenset(
    {"hb-contact-list", "hb-card", "hb-role-plan", "hb-first-steps", "hb-areas", "hb-area-plans"}
)
# Inline elements drawn apart by CSS (role chips stand side by side without a space).
_SEPARATE_CLASSES = frozenset({"hb-role"})
# A role that lists many holders' numbers is not the owner of those numbers.
MAX_OWN_NUMBERS = 3

_SCAN = re.compile(
    r"<!--.*?-->"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<[!?][^>]*>",
    re.S,
)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_BLANKS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Runs of white space as one space, trimmed."""
    return _BLANKS.sub(" ", text).strip()


@dataclass
class Doc:
    """One search document while it is read: where it leads, its title, and its text by kind."""

    page: int
    anchor: str
    title: str
    type: int
    stored: list[str] = field(default_factory=list)  # shown in snippets
    unstored: list[str] = field(default_factory=list)  # searchable only
    heading: list[str] = field(default_factory=list)  # a section's or group's heading text
    numbers: list[tuple[str, str]] = field(default_factory=list)  # a contact's (shown number, tel: link)
    name: list[str] = field(default_factory=list)  # a contact's .hb-name text
    lead: list[str] = field(default_factory=list)  # a contact's first cell, the fallback for its name
    lead_done: bool = False

    @property
    def text(self) -> str:
        """The stored text, for snippets."""
        return squeeze("".join(self.stored))

    @property
    def all_text(self) -> str:
        """Every searchable word of the document's body."""
        return "".join(self.stored) + " " + " ".join(self.unstored)


@dataclass
class _Open:
    """An open element that changes where text goes; closed by the end tag at the same depth."""

    tag: str
    depth: int
    skip: bool = False
    contact: Doc | None = None
    heading: Doc | None = None
    h1: bool = False
    name: bool = False
    badge: bool = False
    index_only: bool = False
    tel: bool = False
    separate: bool = False


# The attributes that matter, as our templates and Python-Markdown write them.
_WANTED = re.compile(r'\s(class|id|href|data-hb-title)="([^"]*)"')
_UNUSUAL_QUOTES = re.compile(r"'|=\s*[^\s\"]")
# Classes whose elements change where text goes (see PageReader.start).
_EFFECT_CLASSES = _SKIP_CLASSES | _BADGE_CLASSES | INDEX_ONLY_CLASSES | _SEPARATE_CLASSES | {"hb-contact", "hb-name"}


def _attributes(raw: str) -> dict[str, str]:
    """The attributes that matter here (class, id, href, data-hb-title) of a start tag's inside."""
    if _UNUSUAL_QUOTES.search(raw):
        out = {}  # quoted otherwise than our templates quote: parse it all
        for m in _ATTR.finditer(raw):
            value = next((g for g in m.groups()[1:] if g is not None), "")
            out[m.group(1).lower()] = html.unescape(value) if "&" in value else value
        return out
    return {name: html.unescape(value) if "&" in value else value for name, value in _WANTED.findall(raw)}


class PageReader:
    """Splits one page's article HTML into its page, section and contact documents."""

    def __init__(self, page_index: int, title: str):
        self.page_doc = Doc(page_index, "", title, PAGE)
        self.docs = [self.page_doc]
        self.page_index = page_index
        self.section = self.page_doc
        self.effects: list[_Open] = []  # open elements that change where text goes
        self.depth: dict[str, int] = {}  # open elements by tag name
        self.contacts: list[Doc] = []
        self.heading: Doc | None = None
        self.h1_text: list[str] = []
        self.skipping = self.h1 = self.index_only = self.names = self.badges = 0
        self.tel: list[str] | None = None
        self.tel_href = ""

    # -- where text goes --------------------------------------------------------
    def write(self, text: str) -> None:
        """Put article text where it belongs: a heading, a contact, or the current section."""
        if self.skipping:
            return
        if self.h1:
            self.h1_text.append(text)
            return
        if self.heading is not None:
            self.heading.heading.append(text)
            return
        if self.tel is not None:
            self.tel.append(text)
        doc = self.contacts[-1] if self.contacts else self.section
        if self.index_only and not self.contacts:
            doc.unstored.append(text)
            return
        doc.stored.append(text)
        if doc.type != CONTACT:
            return
        if self.names:
            doc.name.append(text)
        if not doc.lead_done and not self.badges:
            doc.lead.append(text)

    def _boundary(self) -> None:
        # The text before a contact's first block boundary is its first cell.
        if self.contacts:
            doc = self.contacts[-1]
            if not doc.lead_done and "".join(doc.lead).strip():
                doc.lead_done = True

    # -- tags ---------------------------------------------------------------------
    def start(self, tag: str, raw: str, closed: bool) -> None:
        """An opening tag with the inside of its tag (attributes)."""
        attrs = _attributes(raw) if "=" in raw else {}
        classes = set(attrs["class"].split()) if "class" in attrs else set()
        ident = attrs.get("id")
        separate = bool(classes & _SEPARATE_CLASSES)
        if tag in _BLOCK or separate:
            self._boundary()
            self.write(" ")
        if tag in _VOID or closed:
            return
        depth = self.depth[tag] = self.depth.get(tag, 0) + 1
        href = attrs.get("href", "")
        if not (
            classes & _EFFECT_CLASSES
            or tag in _SKIP_TAGS
            or tag == "h1"
            or (ident and tag in ("h2", "h3"))
            or (tag == "a" and href.startswith("tel:"))
        ):
            return  # an element that changes nothing: nothing to undo at its end
        opened = _Open(tag, depth, separate=separate)
        if tag in _SKIP_TAGS or classes & _SKIP_CLASSES:
            opened.skip = True
            self.skipping += 1
        elif tag == "h1":
            opened.h1 = True
            self.h1 += 1
        elif "hb-contact" in classes and ident:
            doc = Doc(self.page_index, ident, attrs.get("data-hb-title", ""), CONTACT)
            self.docs.append(doc)
            if tag in ("h2", "h3"):
                # A heading that is itself an entry (a group) owns the text below it.
                self.section = self.heading = opened.heading = doc
            else:
                self.contacts.append(doc)
                opened.contact = doc
        elif tag in ("h2", "h3") and ident and not self.contacts:
            doc = Doc(self.page_index, ident, "", SECTION)
            self.docs.append(doc)
            self.section = self.heading = opened.heading = doc
        if "hb-name" in classes:
            opened.name = True
            self.names += 1
        if classes & _BADGE_CLASSES:
            opened.badge = True
            self.badges += 1
        if classes & INDEX_ONLY_CLASSES:
            opened.index_only = True
            self.index_only += 1
        if tag == "a" and href.startswith("tel:") and self.contacts and not self.skipping:
            opened.tel = True
            self.tel, self.tel_href = [], href
        self.effects.append(opened)

    def end(self, tag: str) -> None:
        """A closing tag: closes the element opened at the same depth (and what it left open inside)."""
        if tag in _VOID:
            self.write(" ")
            return
        depth = self.depth.get(tag, 0)
        if depth == 0:
            return  # a stray end tag
        self.depth[tag] = depth - 1
        effects = self.effects
        separate = False
        for i in range(len(effects) - 1, -1, -1):
            if effects[i].tag == tag and effects[i].depth == depth:
                while len(effects) > i:  # it, and what was left open inside it
                    opened = effects.pop()
                    separate = separate or opened.separate
                    self.end_of(opened)
                break
        if tag in _BLOCK or separate:
            self._boundary()
            self.write(" ")

    def end_of(self, opened: _Open) -> None:
        """Undo what an element's start did."""
        if opened.skip:
            self.skipping -= 1
        if opened.h1:
            self.h1 -= 1
        if opened.name:
            self.names -= 1
        if opened.badge:
            self.badges -= 1
        if opened.index_only:
            self.index_only -= 1
        if opened.tel and self.tel is not None:
            shown = squeeze("".join(self.tel))
            if shown and self.contacts:
                self.contacts[-1].numbers.append((shown, self.tel_href))
            self.tel = None
        if opened.heading is not None:
            doc = opened.heading
            doc.title = doc.title or squeeze("".join(doc.heading))
            self.heading = None
        if opened.contact is not None:
            self._boundary()
            self.contacts.remove(opened.contact)

    def finish(self) -> list[Doc]:
        """Close what is open; give every contact its name; drop headings without text."""
        while self.effects:
            self.end_of(self.effects.pop())
        out = []
        for doc in self.docs:
            if doc.type == CONTACT:
                doc.title = _contact_title(doc)
            if doc.type != PAGE and not doc.title:
                continue  # an empty heading has nothing to show
            out.append(doc)
        return out

    @property
    def h1_title(self) -> str:
        """The article's h1 as shown (an area page's adds its short name)."""
        return squeeze("".join(self.h1_text))


def _contact_title(doc: Doc) -> str:
    if doc.title:
        return doc.title
    name = squeeze("".join(doc.name))
    if name:
        return name
    lead = squeeze("".join(doc.lead))
    if lead:
        return lead if len(lead) <= 80 else lead[:80].rsplit(" ", 1)[0] + " …"
    text = doc.text
    return text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0] + " …"


def read_page(page_index: int, title: str, source: str) -> tuple[list[Doc], str]:
    """The documents of one page's article HTML, and its h1 text."""
    reader = PageReader(page_index, title)
    pos = 0
    n = len(source)
    while pos < n:
        m = _SCAN.search(source, pos)
        end = m.start() if m else n
        if end > pos:
            text = source[pos:end]
            reader.write(html.unescape(text) if "&" in text else text)
        if m is None:
            break
        pos = m.end()
        tag = m.group(2)
        if tag is None:
            continue  # a comment, a doctype, a processing instruction
        tag = tag.lower()
        if m.group(1):
            reader.end(tag)
            continue
        raw = m.group(3)
        closed = raw.endswith("/")
        reader.start(tag, raw, closed)
        if tag in _RAW and not closed:
            # Script, style: everything up to the closing tag is text (skipped where it is a skip tag).
            close = re.compile(f"</{tag}\\s*>", re.I).search(source, pos)
            stop = close.start() if close else n
            if tag not in _SKIP_TAGS:
                reader.write(source[pos:stop])
            reader.end(tag)
            pos = close.end() if close else n
    return reader.finish(), reader.h1_title
