"""Search documents → postings: which documents hold each term, and in which field.

A posting is a document number and the best field the term stands in there:
3 the title (a page's title and h1, a contact's name or own number), 2 a
section's heading, 1 the page's title seen from one of its sections (an area's
short name weighs there), 0 the body. The browser weighs them in that order
(``WEIGHT`` in search-query.js).

The handbook is indexed in two segments, each numbering its documents from 0:
the stable one (every page but the change log) and the change log, whose text
differs in every edition. An edit then renumbers nothing in the stable segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handbook.site import urls
from handbook.site.context import PageRecord
from handbook.site.search.analysis import Analyzer
from handbook.site.search.documents import CONTACT, MAX_OWN_NUMBERS, PAGE, SECTION, Doc, read_page

F_BODY, F_CONTEXT, F_HEADING, F_TITLE = 0, 1, 2, 3
CHANGES_URL = urls.html(urls.CHANGES)
# The answer to a question about whom to call ("hvem ringer jeg til"): the section
# with the key numbers, then the contacts page.
KEY_NUMBERS_HEADING = "nøglenumre"


@dataclass
class Page:
    """One page as the index sees it."""

    url: str
    title: str
    kind: str
    area: str | None
    h1: str
    docs: list[Doc]


@dataclass
class Segment:
    """Pages, their documents in order, and term → {document number: best field}."""

    pages: list[Page]
    docs: list[Doc] = field(default_factory=list)
    postings: dict[str, dict[int, int]] = field(default_factory=dict)
    key_docs: list[int] = field(default_factory=list)


def phone_digits(href: str) -> str | None:
    """The national digits of a ``tel:`` link (``tel:+4572361448`` → ``72361448``)."""
    digits = re.sub(r"\D", "", href)
    if href.replace("tel:", "").strip().startswith("+45") and len(digits) > 2:
        digits = digits[2:]
    return digits or None


def read_pages(records: list[PageRecord], drop: tuple[str, ...] = ()) -> list[Page]:
    """Every page's documents; ``drop``: strings that are no content (the edition's version), except
    on the change log, whose own segment changes with every edition anyway."""
    pages = []
    for number, record in enumerate(records):
        source = record.html or ""
        for text in drop:
            if text and record.url != CHANGES_URL:
                source = source.replace(text, "")
        docs, h1 = read_page(number, record.title, source)
        pages.append(Page(record.url, record.title, str(record.kind), record.area, h1, docs))
    return pages


def split(pages: list[Page]) -> tuple[list[Page], list[Page]]:
    """(the stable pages, the change log) — the change log last, in its own segment."""
    return [p for p in pages if p.url != CHANGES_URL], [p for p in pages if p.url == CHANGES_URL]


def index_segment(pages: list[Page], analyzer: Analyzer) -> Segment:
    """Number the pages' documents and collect their postings."""
    segment = Segment(pages)
    postings = segment.postings

    def add(keys, doc_no: int, fld: int) -> None:
        for key in keys:
            seen = postings.get(key)
            if seen is None:
                postings[key] = {doc_no: fld}
            elif seen.get(doc_no, -1) < fld:
                seen[doc_no] = fld

    key_heading = analyzer.keys(KEY_NUMBERS_HEADING)
    for page_no, page in enumerate(pages):
        # What the page is called, as the reader sees it (an area's h1 adds its short name). The
        # front page's h1 is the handbook's title, which names no topic: its words are body there.
        front = page.kind == "front"
        title_keys = analyzer.keys(page.title if front else page.title + " " + page.h1)
        for doc in page.docs:
            doc_no = len(segment.docs)
            segment.docs.append(doc)
            doc.page = page_no
            add(analyzer.keys(doc.all_text), doc_no, F_BODY)
            if doc.type == PAGE:
                add(title_keys, doc_no, F_TITLE)
                if front:
                    add(analyzer.keys(page.h1), doc_no, F_BODY)
                if page.kind == "contacts":
                    segment.key_docs.append(doc_no)
            elif doc.type == SECTION:
                heading = analyzer.keys(doc.title)
                add(heading, doc_no, F_HEADING)
                add(title_keys, doc_no, F_CONTEXT)
                if key_heading <= heading and page.kind == "front":
                    segment.key_docs.insert(0, doc_no)
            elif doc.type == CONTACT:
                add(analyzer.keys(doc.title), doc_no, F_TITLE)
                numbers = {n for n in (phone_digits(href) for _shown, href in doc.numbers) if n}
                add(numbers, doc_no, F_TITLE if len(numbers) <= MAX_OWN_NUMBERS else F_BODY)
    return segment
