"""The running header and the "Side X af Y" footer, drawn onto the merged pages.

Chromium numbers the pages of each print from 1, so the real numbers only exist
after merging; a few lines of PDF text in a standard font (Helvetica, which
every viewer has and which needs no embedding) go on top of each page. They are
marked as pagination artifacts so screen readers skip them in the tagged PDF.
"""

from __future__ import annotations

from pikepdf import Dictionary, Name, Pdf, Stream

FONT_NAME = "/HbStampF1"
MM = 72 / 25.4
# Helvetica widths (1/1000 em) of the characters in "Side 12 af 345", for right alignment.
_WIDTHS = {" ": 278, "S": 667, "i": 222, "d": 556, "e": 556, "a": 556, "f": 278}


def pdf_text(text: str) -> str:
    """A PDF string literal in WinAnsi encoding (Danish letters and the en dash included)."""
    out = []
    for b in text.encode("cp1252", errors="replace"):
        ch = chr(b)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= b < 127:
            out.append(ch)
        else:
            out.append(f"\\{b:03o}")
    return "(" + "".join(out) + ")"


def text_width(text: str, size: float) -> float:
    """The width of ``text`` in Helvetica at ``size`` points (digits and the footer's letters)."""
    return sum(_WIDTHS.get(c, 556) for c in text) * size / 1000


def stamp_pages(pdf: Pdf, header: str, footer_left: str, first: int = 1, pages: list | None = None) -> None:
    """Put ``header`` on top and ``footer_left`` + "Side X af Y" at the bottom of pages from index ``first``.

    ``pages`` is ``list(pdf.pages)`` when the caller has it (pikepdf copies the list on every index).
    """
    pages = pages if pages is not None else list(pdf.pages)
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    )
    save = Stream(pdf, b"q\n")
    total = len(pages)
    for index in range(first, total):
        page = pages[index]
        box = page.mediabox
        width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        page.add_resource(font, Name.Font, Name(FONT_NAME))
        side = f"Side {index + 1} af {total}"
        left, right = 17 * MM, width - 17 * MM
        # "Q q": back to the state before the page's own content (saved by the prepended "q").
        ops = (
            "Q q 0 g /Artifact <</Type /Pagination /Subtype /Header>> BDC "
            f"BT {FONT_NAME} 8 Tf {left:.2f} {height - 12 * MM:.2f} Td {pdf_text(header)} Tj ET EMC "
            f"0.5 G 0.4 w {left:.2f} {height - 13.5 * MM:.2f} m {right:.2f} {height - 13.5 * MM:.2f} l S "
            "/Artifact <</Type /Pagination /Subtype /Footer>> BDC "
            f"BT {FONT_NAME} 8 Tf {left:.2f} {10 * MM:.2f} Td {pdf_text(footer_left)} Tj ET "
            f"BT {FONT_NAME} 9 Tf {right - text_width(side, 9):.2f} {10 * MM:.2f} Td {pdf_text(side)} Tj ET EMC Q"
        )
        page.contents_add(save, prepend=True)
        page.contents_add(Stream(pdf, ("\n" + ops + "\n").encode("ascii")), prepend=False)
