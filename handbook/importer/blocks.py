"""A page as the importer sees it: blocks of text (paragraphs, list items, headings) with their lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.importer.notes import Note


@dataclass
class Block:
    """One paragraph, list item or heading of a page, as the reader sees it."""

    text: str
    line: int
    kind: str = "para"  # para | item | heading
    level: int = 0  # heading level in HTML (1–6); 0 in copied text, where headings are not marked
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, href) of the links in the block
    chrome: bool = False  # outside the page's main content (HTML nav, header, footer)


@dataclass
class Page:
    """A page read from a file: its display name, its blocks, and notes about reading it."""

    name: str
    blocks: list[Block]
    html: bool = False
    notes: list[Note] = field(default_factory=list)
