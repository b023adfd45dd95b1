"""The header override is Material's own header with only the search part replaced."""

from __future__ import annotations

from pathlib import Path

import material

OURS = Path(__file__).resolve().parents[2] / "handbook" / "site" / "theme" / "partials" / "header.html"
THEIRS = Path(material.__file__).parent / "templates" / "partials" / "header.html"

SEARCH_START = '    {% if "material/search" in config.plugins %}'
SEARCH_END = "    {% if config.repo_url %}"


def body(text: str) -> str:
    """The template without its leading comment."""
    return text.split("-#}\n", 1)[1]


def test_header_matches_installed_material_except_search():
    theirs = body(THEIRS.read_text(encoding="utf-8"))
    ours = body(OURS.read_text(encoding="utf-8"))
    start, end = theirs.index(SEARCH_START), theirs.index(SEARCH_END)
    ours_start = ours.index("    {#- handbook:")
    ours_end = ours.index(SEARCH_END)
    # If this fails after a Material upgrade: copy its header.html again and replace
    # the search block with the include of partials/handbook-search.html.
    assert ours[:ours_start] == theirs[:start]
    assert ours[ours_end:] == theirs[end:]
    assert '{% include "partials/handbook-search.html" %}' in ours[ours_start:ours_end]
    assert "search.html" not in ours.replace("handbook-search.html", "")
