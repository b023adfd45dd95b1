"""Ctrl+P from the browser: a plan page prints without navigation, header or search, numbers in full."""

from __future__ import annotations

from pathlib import Path

HIDDEN = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-tabs"]


def test_printing_a_plan_page_shows_only_the_plan(seed_build, offline_page):
    page = offline_page.page
    plan = Path(seed_build.site_dir) / "planer" / "aubo" / "it-nedbrud.html"
    page.goto(plan.as_uri())
    page.emulate_media(media="print")
    for selector in HIDDEN:
        for element in page.query_selector_all(selector):
            assert not element.is_visible(), selector
    tel = page.locator('a[href^="tel:"]')
    assert tel.count() >= 16
    for i in range(tel.count()):
        link = tel.nth(i)
        assert link.is_visible()
        style = link.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).fontWeight]")
        assert style[0] in ("rgb(0, 0, 0)",) and int(style[1]) >= 600
    text = page.inner_text("article") if page.query_selector("article") else page.inner_text("body")
    for needle in ("Situation", "Kontaktoplysninger", "72 36 63 63", "Oprettelse/revision"):
        assert needle in text
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert not offline_page.blocked
