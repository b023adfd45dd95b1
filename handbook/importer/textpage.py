"""Copied text (what a browser gives when an editor selects a page and copies it) → blocks."""

from __future__ import annotations

import re

from handbook.importer.blocks import Block
from handbook.importer.words import normalise

# Bullets as browsers and word processors copy them; a numbered item's number is the list's, not the text's.
_BULLET = re.compile(r"^\s*(?:[•·◦▪●‣○■□►▸–—*-]|\d{1,2}[.)])\s+(?=\S)")


def blocks(text: str) -> list[Block]:
    """One block per non-empty line: bullets → items, everything else → paragraphs (headings are found later)."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _BULLET.match(raw)
        line = normalise(raw[match.end() :] if match else raw)
        if line:
            out.append(Block(line, number, "item" if match else "para"))
    return out
