"""Pages that scale with what they are for, and a site that holds only what its pages use.

The front page lists every plan's first steps up to FRONT_FIRST_STEPS_MAX plans; a larger
handbook's front page shows the areas (with the key numbers and the search in the header),
and each area page carries the first steps of its own plans. Pages link only to PDFs the
build made, and no file is published that no page uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.synth import generate
from handbook.data.load import load
from handbook.pipeline import build
from handbook.site import urls
from handbook.site.render import FRONT_FIRST_STEPS_MAX
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def section(page: str, anchor: str) -> str:
    """The HTML from the heading with ``id=anchor`` to the next h2 (or the end of the article)."""
    start = page.index(f'id="{anchor}"')
    end = min(i for i in (page.find("<h2", start), page.find("</article>", start)) if i >= 0)
    return page[start:end]


@pytest.fixture(scope="module")
def many_plans(tmp_path_factory):
    """A synthetic municipality just over the rule: 3 areas × 5 plans, built without PDFs."""
    root = tmp_path_factory.mktemp("many") / "handbook"
    generate(root, areas=3, plans_per_area=5, people=30, template=REPO)
    assert len(load(root).plans) == 15 > FRONT_FIRST_STEPS_MAX
    return build(root / "mkdocs.yml", pdf=False)


def read(ctx, rel: str) -> str:
    return (ctx.site_dir / rel).read_text(encoding="utf-8")


def first_step(plan) -> str:
    return plan.actions[0].steps[0].text


def test_many_plans_front_page_shows_the_areas_and_each_area_its_first_steps(many_plans):
    model = many_plans.model
    front = read(many_plans, "index.html")
    straks = section(front, "straks")
    # No plan's first steps on the front page, but every area, linked to its first steps, with its count.
    assert not any(first_step(p) in front for p in model.plans.values())
    for area_id, area in model.handbook.areas.items():
        link = urls.relative(urls.FRONT, urls.area_page(area_id) + "#straks")
        assert f'<a href="{link}"><strong>{area.title}</strong></a> <span class="hb-count">(5 planer)</span>' in straks
    assert "Håndbogen har 15 planer i 3 områder." in straks
    assert 'id="noeglenumre"' in front and 'id="planer"' not in front
    assert front.index('id="straks"') < front.index('id="noeglenumre"')
    # Each area page: the first steps of its own plans, and no other area's.
    for area_id in model.handbook.areas:
        page = read(many_plans, urls.html(urls.area_page(area_id)))
        steps = section(page, "straks")
        for pid, plan in model.plans.items():
            assert (first_step(plan) in steps) == (plan.area == area_id), (area_id, pid)


def test_few_plans_front_page_keeps_every_first_step(multi_build):
    model = multi_build.model
    assert len(model.plans) <= FRONT_FIRST_STEPS_MAX
    front = (multi_build.site_dir / "index.html").read_text(encoding="utf-8")
    straks = section(front, "straks")
    assert all(first_step(p) in straks for p in model.plans.values())
    for area_id in model.handbook.areas:
        page = (multi_build.site_dir / urls.html(urls.area_page(area_id))).read_text(encoding="utf-8")
        assert 'id="straks"' not in page


def pdf_links(site: Path) -> dict[str, set[str]]:
    """Every link to a PDF in the site's pages, as site paths, with the pages that hold it."""
    links: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#?]+\.pdf)"', page.read_text(encoding="utf-8")):
            target = (page.parent / href).resolve().relative_to(site.resolve()).as_posix()
            links.setdefault(target, set()).add(page.relative_to(site).as_posix())
    return links


def test_a_build_without_pdfs_links_to_none_and_says_so(many_plans):
    site = many_plans.site_dir
    assert not list(site.rglob("*.pdf"))
    assert pdf_links(site) == {}
    assert "Hele håndbogen som PDF og lommekortet udskrives ikke i denne udgave." in read(many_plans, "index.html")
    area = read(many_plans, urls.html(urls.area_page(next(iter(many_plans.model.handbook.areas)))))
    assert "Områdets planer udskrives ikke som PDF i denne udgave." in area


def test_a_build_with_pdfs_links_to_each_of_them(multi_build):
    site = multi_build.site_dir
    links = pdf_links(site)
    areas = {urls.area_pdf(a) for a in multi_build.model.handbook.areas}
    assert set(links) == {urls.HANDBOOK_PDF, urls.WALLET_PDF, urls.LOG_PDF} | areas
    assert all((site / path).is_file() for path in links)


def referenced(site: Path) -> set[str]:
    """Every site file a page, style sheet or script names (src, href, url(…), the edition script)."""
    names: set[str] = set()
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css"):
            continue
        text = path.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"#?:]+)', text) + re.findall(r"url\(['\"]?([^'\")#?:]+)", text):
            target = (path.parent / ref).resolve()
            if target.is_relative_to(site.resolve()):
                names.add(target.relative_to(site.resolve()).as_posix())
    return names


def test_no_file_is_published_that_no_page_uses(many_plans):
    site = many_plans.site_dir
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not [f for f in files if f.endswith(".map") or "/lunr/" in f or "/workers/" in f or "sitemap" in f]
    used = referenced(site)
    # Read by the service worker, the next build or the search script, not named by a page.
    others = {"sw.js", "offline-manifest.json", "handbook-data.json"}
    assert sorted(f for f in files if f.startswith("assets/") and f not in used) == []
    assert sorted(f for f in files - used - others if not f.endswith(".html") and not f.startswith("search/")) == []
