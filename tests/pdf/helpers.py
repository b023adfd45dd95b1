"""Reading PDFs back for the tests."""

from __future__ import annotations

import re

from pypdf import PdfReader


def texts(reader: PdfReader) -> list[str]:
    """Each page's text with whitespace collapsed."""
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The outline flattened: (depth, title, 1-based page)."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


TOC_LINE = re.compile(r"^(?P<title>.+?)\s+(?P<page>\d+)$")


def toc_entries(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page) of every numbered line of the table of contents (the pages before the first bookmark)."""
    first_content = min(page for _, _, page in outline(reader))
    entries = []
    for page in reader.pages[1:first_content - 1]:
        for line in (page.extract_text() or "").splitlines():
            line = line.strip()
            if "Udskrevet" in line or "Udgave" in line:
                continue  # the stamped header and footer
            m = TOC_LINE.match(line)
            if m:
                entries.append((m["title"].strip(), int(m["page"])))
    return entries
