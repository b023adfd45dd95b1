"""Turn one page's article HTML into a chapter of the print document.

Ids become document-wide ("global") ids, links to pages in the document become
links to those ids, and every element that something links to gets a tiny
self-link so Chromium records a named destination for it: that is how the
assembler learns, after printing, on which page each heading and contact stands.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# Links to other parts of the document are printed as links to this made-up
# address (Chromium only writes in-document links for targets in the same
# print); the assembler turns each into a jump to the right page.
GO_PREFIX = "https://handbook.invalid/go/"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A self-link cannot stand directly inside these; it goes into their first cell/item.
NO_PHRASING = {"table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl", "colgroup", "select", "optgroup"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def page_gid(url: str) -> str:
    """The document-wide id of a page's top: ``planer/aubo/x.html`` → ``p-planer-aubo-x``."""
    stem = url[:-5] if url.endswith(".html") else url
    return "p-" + _safe(stem.replace("/", "-"))


def element_gid(url: str, element_id: str) -> str:
    """The document-wide id of an element with ``id`` on a page."""
    return f"{page_gid(url)}--{_safe(element_id)}"


def _safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"_{ord(m.group()):x}", text)


def marker(gid: str) -> str:
    """An invisible self-link that makes Chromium write a named destination for ``gid``."""
    return f'<a class="hb-dest" href="#{gid}" aria-hidden="true" tabindex="-1">\u200b</a>'


@dataclass
class Heading:
    """A heading of a page with a document-wide id, for the outline."""

    level: int
    gid: str
    text: str


@dataclass
class Chapter:
    """One page rewritten for print."""

    html: str
    headings: list[Heading] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """The (site path, fragment) a relative link points to, or None for other schemes."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    path = unquote(parts.path)
    if not path:
        target = page_url
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
        if path.endswith("/") or target == ".":
            # A folder link means its index page (the site is built without directory URLs).
            target = "index.html" if target == "." else f"{target}/index.html"
    if target.endswith(".md"):
        target = target[:-3] + ".html"
    return target, unquote(parts.fragment)


class _Rewriter(HTMLParser):
    def __init__(self, url: str, known: set[str], wanted: set[str]):
        super().__init__(convert_charrefs=True)
        self.url, self.known, self.wanted = url, known, wanted
        self.out: list[str] = []
        self.headings: list[Heading] = []
        self.pending_marker: str | None = None
        self.heading: tuple[int, str, list[str]] | None = None
        self.seen_h1 = False
        self.wanted_out: set[str] = set()
        self.just_closed_heading = False

    def _emit_start(self, tag, attrs, close=False):
        text = "".join(f' {k}="{html.escape(v, quote=True)}"' if v is not None else f" {k}" for k, v in attrs)
        self.out.append(f"<{tag}{text}{' /' if close else ''}>")

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, close=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, close=True)

    def _start(self, tag, attrs, close):
        attrs = list(attrs)
        classes = (dict(attrs).get("class") or "").split()
        if self.just_closed_heading and ("hb-downloads" in classes or "hb-no-print" in classes):
            # A site-only section (downloads): print.css hides it and its heading, so no bookmark either.
            self.headings.pop()
        self.just_closed_heading = False
        if tag == "h1":
            # One h1 per page (its title); later ones become h2 so the outline stays a tree.
            if self.seen_h1:
                tag = "h2"
            self.seen_h1 = True
        gid = None
        new = []
        for key, value in attrs:
            if key == "id" and value:
                gid = page_gid(self.url) if tag == "h1" else element_gid(self.url, value)
                new.append(("id", gid))
            elif key == "href" and tag == "a" and value is not None:
                new.extend(self._href(value))
            elif key.startswith("on"):
                continue  # nothing in a print may run script
            else:
                new.append((key, value))
        if tag == "h1" and gid is None:
            gid = page_gid(self.url)
            new.append(("id", gid))
        if self.pending_marker and tag in VOID:
            self.out.append(marker(self.pending_marker))
            self.pending_marker = None
        self._emit_start(tag, new, close)
        if self.pending_marker and tag not in NO_PHRASING and tag not in VOID:
            self.out.append(marker(self.pending_marker))
            self.pending_marker = None
        if gid and (gid in self.wanted or tag in HEADINGS):
            if tag in VOID:
                self.out.insert(len(self.out) - 1, marker(gid))
            elif tag in NO_PHRASING:
                self.pending_marker = gid
            elif tag == "a":
                pass  # a link cannot hold another; the link itself is reached via its parent
            else:
                self.out.append(marker(gid))
            if tag in HEADINGS:
                self.heading = (int(tag[1]), gid, [])

    def _href(self, value):
        target = resolve(self.url, value)
        if target is None:
            return [("href", value)]
        path, fragment = target
        if path not in self.known:
            # A page that is not in this document (or a file): keep the text, drop the link.
            if path.endswith((".pdf", ".vcf", ".csv")):
                return [("data-hb-file", path)]
            return []
        gid = element_gid(path, fragment) if fragment else page_gid(path)
        self.wanted_out.add(gid)
        return [("href", GO_PREFIX + gid)]

    def handle_endtag(self, tag):
        if self.heading and tag in HEADINGS:
            level, gid, parts = self.heading
            text = " ".join("".join(parts).split())
            self.headings.append(Heading(level, gid, text))
            self.heading = None
            tag = f"h{level}"
            self.out.append(f"</{tag}>")
            self.just_closed_heading = level > 1
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.heading:
            self.heading[2].append(data)
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass


def rewrite(url: str, article: str, title: str, known: set[str], wanted: set[str]) -> Chapter:
    """Rewrite one page's article for the print document.

    ``known`` are the site paths of pages in the document; ``wanted`` the global
    ids something links to (they get destinations). Returns the HTML, its
    headings and the global ids this page links to.
    """
    parser = _Rewriter(url, known, wanted)
    parser.wanted_out = set()
    parser.feed(article)
    parser.close()
    body = "".join(parser.out)
    headings = parser.headings
    if not any(h.level == 1 for h in headings):
        gid = page_gid(url)
        body = f'<h1 id="{gid}">{marker(gid)}{html.escape(title)}</h1>\n' + body
        headings.insert(0, Heading(1, gid, title))
    return Chapter(html=body, headings=headings, targets=parser.wanted_out)


def link_targets(url: str, article: str, known: set[str]) -> set[str]:
    """The global ids one page links to (a first, cheap pass so targets get destinations)."""
    out = set()
    for href in re.findall(r'<a\b[^>]*?\bhref="([^"]*)"', article):
        target = resolve(url, html.unescape(href))
        if target and target[0] in known:
            out.add(element_gid(target[0], target[1]) if target[1] else page_gid(target[0]))
    return out
