"""The offline search index: rendered pages → a compact script the browser loads from file://.

Material's own search needs a web worker (or a CDN shim), and neither starts
from file://. So the build writes the index as a plain script that sets
``window.__HANDBOOK_SEARCH``; ``handbook/site/assets/search.js`` loads it on first use
and searches it in the page.

Index layout (short keys, because every reader downloads and precaches it):

``v``  format version
``p``  pages: ``[url, title, kind]`` in navigation order
``d``  documents: ``[page, anchor, title, text, type]``; ``type`` 0 = page,
       1 = section (an h2/h3 with an id), 2 = contact entry (``.hb-contact[id]``).
       ``text`` (for snippets) is the document's own text only: a page's text
       is split over its sections, a contact entry's text is not repeated in
       its section, contact lines in plans are searchable but not stored, and
       pages that repeat the plans (cards, role pages, front page, area lists)
       contribute their title and h2/h3 headings only.
``w``  the vocabulary: normalised terms, sorted
``i``  postings, parallel to ``w``: each a list of ``delta_doc * 4 + field``
       (field 3 = title or the contact's own number, 2 = heading, 1 = body,
       0 = the page title seen from a section)

Normalisation must agree with ``search.js``; ``tests/search`` checks both.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from handbook.site.context import BuildContext, PageRecord

FORMAT = 1
INDEX_PATH = "search/handbook-index.js"
GLOBAL_NAME = "__HANDBOOK_SEARCH"

PAGE, SECTION, CONTACT = 0, 1, 2
F_CONTEXT, F_BODY, F_HEADING, F_TITLE = 0, 1, 2, 3

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss", "œ": "oe"})
_SPLIT = re.compile(r"[\W_]+")
# A Danish number written in groups ("72 36 14 48", "7236 1448", "+45 72 36 14 48")
# is indexed as one term, so it matches however the reader types it.
_COUNTRY = re.compile(r"(?:\+|\b00)45[ \u00a0]*(?=\d)")
_GROUPED = re.compile(r"(?<!\d)\d{2,4}(?:[ \u00a0]+\d{2,4})+(?!\d)")
_BLANKS = re.compile(r"\s+")

_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_SKIP_TAGS = {"script", "style", "svg", "template", "noscript", "button"}
_SKIP_CLASSES = {"headerlink", "hb-noindex"}
# Status badges ("vakant", "kun online") are searchable but never a contact's name.
_BADGE_CLASSES = {"hb-vacant", "hb-missing", "hb-online-only"}
# Lists of contact lines repeat what the contact entries hold: their words are
# searchable, but their text is not stored again for snippets.
_INDEX_ONLY_CLASSES = {"hb-contact-list"}
# Pages that repeat the plans' text (action cards, role cards, the front page's
# first steps, area lists) are found by their title and their headings; their
# body is the plans' own text, which is indexed where it belongs. With many
# plans these pages hold half of the site's HTML, so they are not parsed at all.
DERIVED_KINDS = {"front", "area", "card", "role", "roles", "staff", "log"}
_HEADING = re.compile(r"<h([23])(\s[^>]*)?>(.*?)</h\1\s*>", re.S | re.I)
_ID_ATTR = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TAGS = re.compile(r"<[^>]*>")
# A role that lists many holders' numbers is not the owner of those numbers.
MAX_OWN_NUMBERS = 3


def _mark_class() -> re.Pattern:
    # Every combining mark (category M) of the Basic Multilingual Plane, as one
    # character class: as exact as the browser's /\p{M}/u for any Danish text,
    # and far faster than asking unicodedata about every character.
    marks = [c for c in range(0x300, 0x10000) if unicodedata.category(chr(c)).startswith("M")]
    ranges, start = [], marks[0]
    for prev, cur in zip(marks, [*marks[1:], -1], strict=True):
        if cur != prev + 1:
            ranges.append(f"\\u{start:04x}-\\u{prev:04x}" if prev > start else f"\\u{start:04x}")
            start = cur
    return re.compile("[" + "".join(ranges) + "]")


_MARKS = _mark_class()


def fold(text: str) -> str:
    """Lower-case, Danish letters spelt out (æ→ae, ø→oe, å→aa), other accents dropped."""
    text = str(text)
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.lower().translate(_FOLD)))


def _join_numbers(match: re.Match) -> str:
    # Walk the run of digit groups; any consecutive groups that make exactly
    # eight digits are one number ("72 36 14 48 7236 1448" holds two).
    groups, out, i = match.group(0).split(), [], 0
    while i < len(groups):
        total, j = 0, i
        while j < len(groups) and total < 8:
            total += len(groups[j])
            j += 1
        if total == 8 and j - i > 1:
            out.append("".join(groups[i:j]))
            i = j
        else:
            out.append(groups[i])
            i += 1
    return " ".join(out)


def tokens(text: str) -> list[str]:
    """The index terms of a text, in order: folded words, grouped phone numbers joined."""
    folded = _COUNTRY.sub("", fold(text))
    folded = _GROUPED.sub(_join_numbers, folded)
    return [t for t in _SPLIT.split(folded) if t]


def phone_digits(href: str) -> str | None:
    """The national digits of a ``tel:`` link (``tel:+4572361448`` → ``72361448``)."""
    digits = re.sub(r"\D", "", href)
    if href.replace("tel:", "").strip().startswith("+45") and len(digits) > 2:
        digits = digits[2:]
    return digits or None


@dataclass
class _Doc:
    page: int
    anchor: str
    title: str
    type: int
    parts: list[str] = field(default_factory=list)
    unstored: list[str] = field(default_factory=list)  # searchable text not kept for snippets
    numbers: list[str] = field(default_factory=list)
    name_parts: list[str] | None = None
    lead: str | None = None  # a contact's first cell of text, the fallback for its name
    lead_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _BLANKS.sub(" ", "".join(self.parts)).strip()


@dataclass
class _Open:
    tag: str
    skip: bool = False
    contact: _Doc | None = None
    heading: _Doc | None = None
    name: bool = False
    badge: bool = False
    index_only: bool = False


class _PageParser(HTMLParser):
    """Splits one page's article HTML into its page, section and contact documents."""

    def __init__(self, page_index: int, record: PageRecord):
        super().__init__(convert_charrefs=True)
        self.page_index = page_index
        self.page_doc = _Doc(page_index, "", record.title, PAGE)
        self.docs = [self.page_doc]
        self.section = self.page_doc
        self.stack: list[_Open] = []
        self.skipping = 0
        self.contacts: list[_Doc] = []
        self.heading: _Doc | None = None
        self.h1 = 0
        self.index_only = 0

    # -- where text goes -------------------------------------------------
    def _target(self) -> _Doc:
        return self.contacts[-1] if self.contacts else self.section

    def _write(self, text: str) -> None:
        if self.skipping or self.h1:
            return
        if self.heading is not None:
            if self.heading.name_parts is not None:
                self.heading.name_parts.append(text)
            return
        doc = self._target()
        if self.index_only and not self.contacts:
            doc.unstored.append(text)
            return
        doc.parts.append(text)
        if doc.type != CONTACT:
            return
        if doc.name_parts is not None and any(o.name for o in self.stack):
            doc.name_parts.append(text)
        if doc.lead is None and not any(o.badge for o in self.stack):
            doc.lead_parts.append(text)

    def _boundary(self) -> None:
        # The text before a contact's first block boundary is its first cell.
        if self.contacts:
            doc = self.contacts[-1]
            if doc.lead is None and "".join(doc.lead_parts).strip():
                doc.lead = _BLANKS.sub(" ", "".join(doc.lead_parts)).strip()

    # -- parser callbacks ------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        ident = attrs.get("id")
        if tag in _BLOCK:
            self._boundary()
            self._write(" ")
        opened = _Open(tag)
        if tag in _SKIP_TAGS or classes & _SKIP_CLASSES:
            opened.skip = True
            self.skipping += 1
        elif tag == "h1":
            self.h1 += 1
        elif "hb-contact" in classes and ident:
            doc = _Doc(self.page_index, ident, attrs.get("data-hb-title") or "", CONTACT,
                       name_parts=[])
            self.docs.append(doc)
            if tag in ("h2", "h3"):
                # A heading that is itself an entry (a group) owns the text below it.
                self.section = doc
                self.heading = doc
                opened.heading = doc
            else:
                self.contacts.append(doc)
                opened.contact = doc
        elif tag in ("h2", "h3") and ident and not self.contacts:
            doc = _Doc(self.page_index, ident, "", SECTION, name_parts=[])
            self.docs.append(doc)
            self.section = doc
            self.heading = doc
            opened.heading = doc
        elif "hb-name" in classes:
            opened.name = True
        if classes & _BADGE_CLASSES:
            opened.badge = True
        if classes & _INDEX_ONLY_CLASSES:
            opened.index_only = True
            self.index_only += 1
        if tag == "a" and (attrs.get("href") or "").startswith("tel:") and self.contacts:
            number = phone_digits(attrs["href"])
            if number:
                self.contacts[-1].numbers.append(number)
        if tag not in _VOID:
            self.stack.append(opened)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:
            self._write(" ")
            return
        stack = self.stack
        if stack and stack[-1].tag == tag:
            self._close(stack.pop())
        elif any(o.tag == tag for o in stack):
            while stack:  # close what was left open inside it (HTML allows that)
                opened = stack.pop()
                self._close(opened)
                if opened.tag == tag:
                    break
        else:
            return  # a stray end tag: ignore it rather than unwind everything
        if tag in _BLOCK:
            self._boundary()
            self._write(" ")

    def _close(self, opened: _Open) -> None:
        if opened.skip:
            self.skipping -= 1
        if opened.index_only:
            self.index_only -= 1
        if opened.tag == "h1" and not opened.skip and self.h1:
            self.h1 -= 1
        if opened.heading is not None:
            opened.heading.title = _BLANKS.sub(" ", "".join(opened.heading.name_parts or [])).strip()
            opened.heading.name_parts = None if opened.heading.type == SECTION else []
            self.heading = None
        if opened.contact is not None:
            self._boundary()
            self.contacts.remove(opened.contact)

    def handle_data(self, data):
        self._write(data)

    def close(self):
        super().close()
        while self.stack:
            self._close(self.stack.pop())


def _contact_title(doc: _Doc) -> str:
    if doc.title:
        return doc.title
    name = _BLANKS.sub(" ", "".join(doc.name_parts or [])).strip()
    if name:
        return name
    if doc.lead:
        return doc.lead if len(doc.lead) <= 80 else doc.lead[:80].rsplit(" ", 1)[0] + " …"
    text = doc.text
    return text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0] + " …"


def _derived_documents(page_index: int, record: PageRecord) -> list[_Doc]:
    docs = [_Doc(page_index, "", record.title, PAGE)]
    for match in _HEADING.finditer(record.html or ""):
        ident = _ID_ATTR.search(match.group(2) or "")
        title = _BLANKS.sub(" ", html.unescape(_TAGS.sub("", match.group(3)))).strip()
        if ident and title:
            anchor = next(g for g in ident.groups() if g is not None)
            docs.append(_Doc(page_index, html.unescape(anchor), title, SECTION))
    return docs


def _page_documents(page_index: int, record: PageRecord) -> list[_Doc]:
    if record.kind in DERIVED_KINDS:
        return _derived_documents(page_index, record)
    parser = _PageParser(page_index, record)
    parser.feed(record.html or "")
    parser.close()
    docs = []
    for doc in parser.docs:
        if doc.type == CONTACT:
            doc.title = _contact_title(doc)
        if doc.type != PAGE and not doc.title:
            continue  # an empty heading has nothing to show
        docs.append(doc)
    return docs


def _postings(docs: list[_Doc], pages: list[PageRecord]) -> dict[str, dict[int, int]]:
    """term → {doc number: best field}."""
    index: dict[str, dict[int, int]] = {}

    def add(term: str, doc_no: int, fld: int) -> None:
        seen = index.setdefault(term, {})
        if seen.get(doc_no, -1) < fld:
            seen[doc_no] = fld

    for doc_no, doc in enumerate(docs):
        page_title = pages[doc.page].title
        for term in tokens(doc.text + " " + " ".join(doc.unstored)):
            add(term, doc_no, F_BODY)
        if doc.type == PAGE:
            for term in tokens(doc.title):
                add(term, doc_no, F_TITLE)
        elif doc.type == SECTION:
            for term in tokens(doc.title):
                add(term, doc_no, F_HEADING)
            for term in tokens(page_title):
                add(term, doc_no, F_CONTEXT)
        else:
            for term in tokens(doc.title):
                add(term, doc_no, F_TITLE)
            numbers = set(doc.numbers)
            for number in numbers:
                add(number, doc_no, F_TITLE if len(numbers) <= MAX_OWN_NUMBERS else F_BODY)
    return index


def build_index(pages: list[PageRecord]) -> dict:
    """The search index of a site's pages: documents, sorted vocabulary, delta-coded postings."""
    docs: list[_Doc] = []
    for page_index, record in enumerate(pages):
        docs.extend(_page_documents(page_index, record))
    postings = _postings(docs, pages)
    vocabulary = sorted(postings)
    encoded = []
    for term in vocabulary:
        previous, row = 0, []
        for doc_no in sorted(postings[term]):
            row.append((doc_no - previous) * 4 + postings[term][doc_no])
            previous = doc_no
        encoded.append(row)
    return {
        "v": FORMAT,
        "p": [[p.url, p.title, p.kind] for p in pages],
        "d": [[d.page, d.anchor, d.title, d.text, d.type] for d in docs],
        "w": vocabulary,
        "i": encoded,
    }


def index_script(index: dict) -> str:
    """The index as a script that sets ``window.__HANDBOOK_SEARCH`` (loadable from file://)."""
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # Line and paragraph separators are legal JSON but break older script parsers.
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL_NAME}={payload};\n"


def write_search_index(ctx: BuildContext) -> Path:
    """Write ``site/search/handbook-index.js`` for the build's pages and return its path."""
    target = Path(ctx.site_dir) / INDEX_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(index_script(build_index(ctx.pages)), encoding="utf-8")
    return target
