"""The running header and the "Side X af Y" footer, drawn onto the merged pages.

Chromium numbers the pages of each print from 1, so the real numbers only exist
after merging; a few lines of PDF text in a standard font (Helvetica, which
every viewer has and which needs no embedding) go on top of each page. They are
marked as pagination artifacts so screen readers skip them in the tagged PDF.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

FONT_NAME = "/HbStampF1"
MM = 72 / 25.4


def _font() -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })


def _pdf_text(text: str) -> str:
    raw = text.encode("cp1252", errors="replace")
    out = []
    for b in raw:
        ch = chr(b)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= b < 127:
            out.append(ch)
        else:
            out.append(f"\\{b:03o}")
    return "(" + "".join(out) + ")"


# Helvetica widths (1/1000 em) for the characters used in the footer's right-aligned text.
_WIDTHS = {" ": 278, "S": 667, "i": 222, "d": 556, "e": 556, "a": 556, "f": 278}


def _width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(c, 556) for c in text) * size / 1000


def stamp_pages(writer: PdfWriter, header: str, footer_left: str, first: int = 1) -> None:
    """Put ``header`` on top and ``footer_left`` + "Side X af Y" at the bottom of pages from index ``first``."""
    font = writer._add_object(_font())
    total = len(writer.pages)
    for index in range(first, total):
        page = writer.pages[index]
        width = float(page.mediabox.width)
        height = float(page.mediabox.height)
        resources = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts.get_object()[NameObject(FONT_NAME)] = font
        side = f"Side {index + 1} af {total}"
        left = 17 * MM
        right = width - 17 * MM
        ops = (
            "Q q 0 g /Artifact <</Type /Pagination /Subtype /Header>> BDC "
            f"BT {FONT_NAME} 8 Tf {left:.2f} {height - 12 * MM:.2f} Td {_pdf_text(header)} Tj ET EMC "
            f"0.5 G 0.4 w {left:.2f} {height - 13.5 * MM:.2f} m {right:.2f} {height - 13.5 * MM:.2f} l S "
            "/Artifact <</Type /Pagination /Subtype /Footer>> BDC "
            f"BT {FONT_NAME} 8 Tf {left:.2f} {10 * MM:.2f} Td {_pdf_text(footer_left)} Tj ET "
            f"BT {FONT_NAME} 9 Tf {right - _width(side, 9):.2f} {10 * MM:.2f} Td {_pdf_text(side)} Tj ET EMC Q"
        )
        _wrap(writer, page, ops)


def _wrap(writer: PdfWriter, page, ops: str) -> None:
    # Save the graphics state before the page's own content and restore it before
    # stamping, so whatever transform Chromium left in force cannot move the stamp.
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(("\n" + ops + "\n").encode("ascii"))
    contents = page.get("/Contents")
    from pypdf.generic import ArrayObject

    existing = []
    if contents is not None:
        obj = contents.get_object()
        if isinstance(obj, ArrayObject):
            existing = list(obj)
        else:
            existing = [contents if hasattr(contents, "idnum") else writer._add_object(obj)]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)])
