"""Reading a page to import: copied text or saved HTML, checked (size, binary, empty) and read into blocks."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.data.paths import display_path
from handbook.importer import htmlpage, textpage
from handbook.importer.blocks import Page
from handbook.importer.notes import Note, PageError

# A plan page is tens of KB as text and a few hundred KB saved as HTML; far beyond that is not one page.
MAX_PAGE_BYTES = 4 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def read_page(path: Path) -> Page:
    """Read ``path`` as copied text or saved HTML; raise PageError (one line) when it is no page."""
    name = display_path(path)

    def fail(what: str, hint: str) -> None:
        """Stop reading this page with one located line."""
        raise PageError(Note(name, 1, what, hint))

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        fail("file not found", "check the file name")
    except IsADirectoryError:
        fail("is a folder, not a page", "name the page files, e.g. sider/*.txt")
    except OSError as exc:
        fail(f"cannot read the file: {exc.strerror}", "check the file's permissions")
    if len(raw) > MAX_PAGE_BYTES:
        fail(
            f"the page is too large ({len(raw) / 1e6:.1f} MB; the limit is {MAX_PAGE_BYTES // 2**20} MB)",
            "save only the plan page itself, as text or as HTML without images",
        )
    if not raw.strip():
        fail("the page is empty", "copy the whole page from the browser into the file, or save it as .html")
    looks_html = path.suffix.lower() in HTML_SUFFIXES or bool(
        re.match(rb"\s*<(!doctype html|html|head|body)", raw, re.I)
    )
    text, note = _decode(raw, looks_html)
    if text is None:
        raise PageError(
            Note(name, 1, note, "copy the page's text from the browser into a .txt file, or save it as .html")
        )
    notes = [Note(name, 1, note, "check the letters æ, ø and å in the result")] if note else []
    blocks = htmlpage.blocks(text) if looks_html else textpage.blocks(text)
    if not any(not b.chrome for b in blocks):
        fail("the page has no text", "copy the whole page from the browser into the file, or save it as .html")
    return Page(name, blocks, looks_html, notes)


def _decode(raw: bytes, html: bool) -> tuple[str | None, str]:
    """The page's text and a note on how it was read; (None, why) for a binary file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "not a text or HTML page (broken UTF-16)"
    if b"\x00" in raw[:65536]:
        return None, "not a text or HTML page (the file holds binary data)"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        bad = raw[exc.start]
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I) if html else None
    encoding = declared.group(1).decode("ascii", "replace").lower() if declared else "cp1252"
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None, f"not a text or HTML page (byte 0x{bad:02x} is not UTF-8 text)"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > len(text) // 100:
        return None, f"not a text or HTML page (byte 0x{bad:02x} is not UTF-8 text)"
    shown = "Windows-1252" if encoding in ("cp1252", "windows-1252") else encoding
    return text, f"the page is not UTF-8; read it as {shown}"
