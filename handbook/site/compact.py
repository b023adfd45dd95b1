"""Whitespace compaction of built pages: Material's templates leave ~40% of a page as indentation.

Every run of whitespace that contains a line break becomes a single line break. Browsers
render such a run exactly like the original (collapsible white space), and line breaks are
kept, so inline scripts keep their automatic semicolons. ``<pre>``, ``<textarea>`` and
``<script>``/``<style>`` contents are left untouched.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def compact_html(page: str) -> str:
    """The page with every whitespace run that holds a line break reduced to one line break."""
    parts = _KEEP.split(page)
    out = []
    # split() with two groups yields: text, whole kept element, tag name, text, …
    for i in range(0, len(parts), 3):
        out.append(_RUN.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
