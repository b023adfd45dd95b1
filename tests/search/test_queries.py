"""The query table (queries.yaml): typed into the search box in Chromium from file://, network cut."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import wait_until

pytestmark = pytest.mark.browser

TABLE = yaml.safe_load((Path(__file__).resolve().parent / "queries.yaml").read_text(encoding="utf-8"))
SITES = {"seed": "search_site", "kommune": "kommune_site"}
# Typed on a plan page, so every result link is relative to a page two folders down.
PAGES = {"seed": "planer/aubo/it-nedbrud.html", "kommune": "planer/teknik/stroemsvigt.html"}
FIRST = """() => {
  const a = document.querySelector('#hb-search-list [role=row] .hb-search__option');
  const note = document.querySelector('[data-hb-search-note]');
  return {href: a ? a.getAttribute('href') : null, some: !note.hidden};
}"""


def test_the_table_is_large_and_complete():
    rows = [row for site in TABLE.values() for row in site]
    assert len(rows) >= 60
    assert set(TABLE) == set(SITES)
    for row in rows:
        assert set(row) <= {"q", "first", "some", "why"} and row.get("why"), row


@pytest.mark.parametrize("site", list(SITES))
def test_every_query_gives_its_first_result(site, request, offline_page):
    folder = request.getfixturevalue(SITES[site])
    page = offline_page.page
    page.add_init_script(
        "document.addEventListener('hb-search:rendered', e => {"
        " e.target.dataset.hbLast = e.detail.query; }, true);")
    page.goto((folder / PAGES[site]).as_uri())
    depth = "../" * PAGES[site].count("/")
    wrong = []
    for row in TABLE[site]:
        query = str(row["q"])
        page.fill("#hb-search-input", "")
        page.focus("#hb-search-input")
        page.fill("#hb-search-input", query)
        wait_until(page, "q => document.querySelector('[data-hb-search]').dataset.hbLast === q", arg=query)
        got = page.evaluate(FIRST)
        expected = {"href": depth + row["first"], "some": bool(row.get("some"))}
        if got != expected:
            wrong.append(f"{query!r}: {got} (expected {expected}; {row['why']})")
    assert wrong == []
    assert offline_page.blocked == []
    assert offline_page.errors == []
