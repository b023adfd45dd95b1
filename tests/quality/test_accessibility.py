"""WCAG 2.1 AA: axe-core finds no A/AA violation on any page; statement linked from every page."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser

import pytest

from .conftest import html_pages, local_only

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options).response
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]} – {v['help']}"
            for v in results["violations"]]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("build", ["seed_build", "multi_build"])
def test_axe_finds_no_wcag_a_or_aa_violation_on_any_page(build, request, chromium, site_server):
    site = request.getfixturevalue(build).site_dir
    context = chromium.new_context()
    blocked = local_only(context)
    page = context.new_page()
    found = {}
    try:
        for path in html_pages(site):
            rel = path.relative_to(site).as_posix()
            # Over HTTP, so 404.html (root-absolute links, made for a server) gets its styles too.
            page.goto(site_server.url(site, rel))
            violations = _axe_violations(page)
            if violations:
                found[rel] = violations
    finally:
        context.close()
    assert found == {}
    assert blocked == []


def test_axe_catches_a_contrast_failure(chromium, tmp_path):
    # The control: the same call reports grey-on-white text, so a clean run means something.
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="da"><head><title>t</title></head><body><main>'
                   '<p style="color:#bbb">lav kontrast</p></main></body></html>', encoding="utf-8")
    page = chromium.new_page()
    page.goto(bad.as_uri())
    assert any(v.startswith("color-contrast") for v in _axe_violations(page))
    page.close()


class _Landmarks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(path) -> list[tuple[str, dict]]:
    parser = _Landmarks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


@pytest.mark.slow
@pytest.mark.parametrize("build", ["seed_build", "multi_build"])
def test_every_page_has_language_landmarks_skip_link_and_statement_link(build, request):
    site = request.getfixturevalue(build).site_dir
    for path in html_pages(site):
        tags = _parse(path)
        names = [t for t, _ in tags]
        rel = path.relative_to(site).as_posix()
        assert ("html", {"lang": "da", "class": "no-js"}) in tags, rel
        for landmark in ("header", "main", "footer", "nav"):
            assert landmark in names, f"{rel}: no <{landmark}>"
        if rel != "404.html":  # the 404 page has no headings to skip to
            assert any(t == "a" and "md-skip" in a.get("class", "") for t, a in tags), f"{rel}: no skip link"
        links = [a["href"] for t, a in tags if t == "a" and "hb-a11y-link" in a.get("class", "")]
        assert len(links) == 1, f"{rel}: footer link to the accessibility statement"
        target = links[0] if rel == "404.html" else posixpath.normpath(
            posixpath.join(posixpath.dirname(rel), links[0]))
        assert target.lstrip("/") == "tilgaengelighed.html", rel
    assert (site / "tilgaengelighed.html").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("build", ["seed_build", "multi_build"])
def test_every_data_table_has_header_cells(build, request):
    site = request.getfixturevalue(build).site_dir
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        for table in re.findall(r"<table\b.*?</table>", text, re.S):
            assert "<th" in table, f"{path}: table without headers"


@pytest.mark.slow
def test_statement_takes_its_facts_from_handbook_yaml(seed_build):
    a11y = seed_build.model.handbook.accessibility
    assert (a11y.owner, a11y.contact, str(a11y.date)) == ("Holbæk Kommune", "Marianne Staby Frost", "2024-02-23")
    record = seed_build.page("tilgaengelighed.html")
    assert record is not None and record.kind == "other"
    text = re.sub(r"<[^>]+>", "", record.html)
    assert "Tilgængelighedserklæring" in (seed_build.site_dir / "tilgaengelighed.html").read_text(encoding="utf-8")
    assert "Ansvarlig for håndbogenHolbæk Kommune" in text.replace("\n", "")
    assert "KontaktMarianne Staby Frost" in text.replace("\n", "")
    assert "Erklæringen er udarbejdet23.02.2024" in text.replace("\n", "")
    assert "WCAG 2.1" in text


@pytest.mark.browser
@pytest.mark.slow
def test_keyboard_focus_is_visible_and_skip_link_comes_first(seed_build, chromium):
    page = chromium.new_page()
    page.goto((seed_build.site_dir / "planer" / "aubo" / "it-nedbrud.html").as_uri())
    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle,"
                          " getComputedStyle(document.activeElement).outlineWidth]")
    assert "md-skip" in first[0].split() and first[1] != "none" and first[2] != "0px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#it-nedbrud"
    # A link in the content, reached by keyboard, shows an outline.
    page.focus("article a[href^='tel:']")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("[getComputedStyle(document.activeElement).outlineStyle,"
                          " getComputedStyle(document.activeElement).outlineWidth]")
    assert style[0] != "none" and style[1] != "0px"
    page.close()
