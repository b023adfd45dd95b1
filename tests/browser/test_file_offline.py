"""Opened from file:// with the network cut, every page renders and asks for nothing else."""

from __future__ import annotations


def test_every_page_opens_from_file_without_network(seed_build, offline_page):
    site = seed_build.site_dir
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 15
    for path in pages:
        offline_page.page.goto(path.as_uri())
        assert offline_page.page.locator("article, .md-content").first.is_visible(), path
    assert offline_page.blocked == []
    assert offline_page.errors == []


def test_tel_links_are_clickable_targets(seed_build, offline_page):
    offline_page.page.goto((seed_build.site_dir / "kontakter.html").as_uri())
    link = offline_page.page.locator('a[href="tel:+4572369245"]').first
    assert link.inner_text() == "72 36 92 45"
