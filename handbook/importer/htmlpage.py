"""A page saved as HTML → blocks, with the standard library's HTML parser.

Headings, paragraphs, list items, table rows and line breaks keep their
structure; links keep their targets; navigation, header and footer (and,
when the page marks its main content, everything outside it) are page chrome.
"""

from __future__ import annotations

from html.parser import HTMLParser

from handbook.importer.blocks import Block
from handbook.importer.words import normalise

_HEADINGS = {f"h{i}": i for i in range(1, 7)}
# Elements that start and end a block of text. Table cells do not: a row is one line, as when copied.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "button", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "html", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", *_HEADINGS,
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select", "textarea", "math"}
_CHROME = {"nav", "header", "footer", "aside", "form"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, chrome, main)
        self.skip = 0
        self.buffer: list[str] = []
        self.start_line = 0
        self.links: list[tuple[str, str]] = []
        self.link: tuple[str, list[str]] | None = None
        self.out: list[tuple[Block, bool]] = []  # (block, inside <main>)
        self.has_main = False

    # -- state ---------------------------------------------------------------------------
    def _chrome(self) -> bool:
        return any(chrome for _, chrome, _ in self.stack)

    def _main(self) -> bool:
        return any(main for _, _, main in self.stack)

    def _kind(self) -> tuple[str, int]:
        for tag, _, _ in reversed(self.stack):
            if tag in _HEADINGS:
                return "heading", _HEADINGS[tag]
            if tag == "li":
                return "item", 0
            if tag in ("ul", "ol", "table", "section", "article", "main", "body"):
                break
        return "para", 0

    def flush(self) -> None:
        """End the current block of text, if it has any."""
        text = normalise("".join(self.buffer))
        if text:
            kind, level = self._kind()
            block = Block(text, self.start_line or self.getpos()[0], kind, level, list(self.links), self._chrome())
            self.out.append((block, self._main()))
        self.buffer, self.links, self.start_line = [], [], 0

    # -- parser callbacks ------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        """An element opens: a block starts, a link is followed, a skipped element is entered."""
        if self.skip:
            if tag in _SKIP:
                self.skip += 1
            return
        if tag in _SKIP:
            self.skip = 1
            return
        attr = dict(attrs)
        if tag == "br":
            self.flush()
            return
        if tag in ("td", "th"):
            self.buffer.append(" ")
        if tag == "a" and attr.get("href"):
            self.link = (attr["href"] or "", [])
        if tag in _BLOCKS:
            self.flush()
            if tag in _VOID:
                return
            chrome = tag in _CHROME or (attr.get("role") or "") in _CHROME_ROLES
            main = tag == "main" or attr.get("role") == "main"
            self.has_main = self.has_main or main
            self.stack.append((tag, chrome, main))

    def handle_startendtag(self, tag, attrs):
        """A self-closed element: <br/> ends a line."""
        if tag == "br" and not self.skip:
            self.flush()

    def handle_endtag(self, tag):
        """An element closes: its block ends, its link is recorded."""
        if self.skip:
            if tag in _SKIP:
                self.skip -= 1
            return
        if tag == "a" and self.link is not None:
            href, label = self.link
            text = normalise("".join(label))
            if text:
                self.links.append((text, href))
            self.link = None
        if tag in _BLOCKS and tag not in _VOID:
            self.flush()
            # Close up to the matching element: browsers forgive unclosed <p> and <li>, so do we.
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break

    def handle_data(self, data):
        """Text: added to the current block (and link)."""
        if self.skip:
            return
        if data.strip() and not self.start_line:
            self.start_line = self.getpos()[0]
        self.buffer.append(data)
        if self.link is not None:
            self.link[1].append(data)


def blocks(text: str) -> list[Block]:
    """The page's blocks in reading order; blocks outside <main> (when the page has one) are chrome."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.flush()
    out = []
    for block, in_main in reader.out:
        if reader.has_main and not in_main:
            block.chrome = True
        out.append(block)
    return out
