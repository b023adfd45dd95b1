"""A handbook with three areas and ten plans builds: pages per area, plan, card and role."""

from __future__ import annotations

import re


def test_every_area_plan_card_and_role_page_exists(multi_build):
    site = multi_build.site_dir
    model = multi_build.model
    assert len(model.handbook.areas) == 3 and len(model.plans) == 10
    for area in model.handbook.areas:
        assert (site / f"planer/{area}/index.html").is_file()
    for pid, plan in model.plans.items():
        assert (site / f"planer/{plan.area}/{pid}.html").is_file()
        assert (site / f"planer/{plan.area}/{pid}-handlingskort.html").is_file()
    for rid in model.roles:
        assert (site / f"roller/{rid}.html").is_file()


def test_navigation_shows_only_the_current_area(multi_build):
    # navigation.prune: a plan page lists its own area's plans, not every plan of the municipality.
    page = (multi_build.site_dir / "planer/teknik/stroemsvigt.html").read_text(encoding="utf-8")
    nav = page.split('class="md-nav md-nav--primary"')[1].split('md-sidebar--secondary')[0]
    assert "Svigt i vandforsyningen" in nav and "Hedebølge" not in nav


def test_pages_are_recorded_in_navigation_order(multi_build):
    kinds = [p.kind for p in multi_build.pages]
    assert kinds[:3] == ["front", "contacts", "area"]
    assert kinds.count("plan") == 10 and kinds.count("card") == 10 and kinds.count("area") == 3
    plan = next(p for p in multi_build.pages if p.url == "planer/teknik/stroemsvigt.html")
    assert re.search(r'<h2 id="situation">', plan.html)


def test_labelled_numbers_and_email(multi_build):
    page = (multi_build.site_dir / "kontakter.html").read_text(encoding="utf-8")
    assert 'href="tel:+4550102033">50 10 20 33</a> <span class="hb-label">(mobil)</span>' in page
    assert 'href="mailto:bo.berg@example.org"' in page
