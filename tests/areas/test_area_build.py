"""The multi fixture built end to end: area pages lead their area, one card per plan, axe, one A4 page per card."""

from __future__ import annotations

import io

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from handbook.checks import areas as area_checks
from handbook.data.load import load
from handbook.data.model import Plan
from handbook.pipeline import context_for
from handbook.site.context import PageKind
from tests.conftest import MULTI

from .conftest import FIXTURES

A4_PT = (595, 842)


def test_area_page_comes_first_in_each_area(multi_build):
    order = [(p.kind, p.area, p.url) for p in multi_build.pages if p.kind in (PageKind.AREA, PageKind.PLAN)]
    areas = [url for kind, _, url in order if kind == PageKind.AREA]
    assert areas == ["planer/sundhed/index.html", "planer/boern/index.html", "planer/teknik/index.html"]
    for kind, area, url in order:
        if kind == PageKind.PLAN:
            first = next(u for k, a, u in order if a == area)
            assert first == f"planer/{area}/index.html", url


def test_every_area_page_has_its_crisis_staff(multi_build):
    for area in ("sundhed", "boern", "teknik"):
        page = multi_build.page(f"planer/{area}/index.html")
        assert 'class="hb-staff"' in page.html and "Kriseleder" in page.html
        assert 'href="tel:+45' in page.html and 'id="kriseniveauer"' in page.html


def test_one_card_per_plan_linked_from_the_plan(multi_build):
    cards = {p.ref_id: p for p in multi_build.pages if p.kind == PageKind.CARD}
    assert len(cards) == 10 == len(multi_build.model.plans)
    for pid, plan in multi_build.model.plans.items():
        assert cards[pid].url == f"planer/{plan.area}/{pid}-handlingskort.html"
        assert 'class="hb-card-table"' in cards[pid].html
        plan_page = multi_build.page(f"planer/{plan.area}/{pid}.html")
        assert f'href="{pid}-handlingskort.html"' in plan_page.html
    assert (multi_build.site_dir / "assets/handbook/card.css").is_file()
    assert (multi_build.site_dir / "assets/handbook/area.css").is_file()


@pytest.mark.browser
@pytest.mark.parametrize("url", ["planer/sundhed/index.html", "planer/boern/index.html",
                                 "planer/sundhed/brand-handlingskort.html"])
def test_area_and_card_pages_pass_axe(multi_build, offline_page, url):
    offline_page.page.goto((multi_build.site_dir / url).as_uri())
    results = Axe().run(offline_page.page, context=".md-content")
    assert results.violations_count == 0, results.generate_report()
    assert offline_page.blocked == []


def _pdf_pages(page, path) -> list:
    page.goto(path.as_uri())
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages


def _size_pt(pdf_page) -> tuple[int, int]:
    return round(float(pdf_page.mediabox.width)), round(float(pdf_page.mediabox.height))


@pytest.mark.browser
def test_every_fixture_card_prints_on_one_a4_page(multi_build, offline_page):
    for page in multi_build.pages:
        if page.kind == PageKind.CARD:
            pages = _pdf_pages(offline_page.page, multi_build.site_dir / page.url)
            assert [_size_pt(p) for p in pages] == [A4_PT], page.url
            assert "Hvem udfører" in pages[0].extract_text()


def _near_limit_plan(model) -> dict:
    """A plan whose card is estimated just under one page (within 8 mm)."""
    sentence = ("Lederen sikrer, at alle borgere med nødkald får besøg hver time, og at besøget skrives i "
                "logbogen med tidspunkt og initialer.")
    plan = {"title": "Næsten fuld side", "area": "teknik", "updated": "2026-01-01",
            "actions": [{"phase": "Straks", "steps": []}]}
    steps = plan["actions"][0]["steps"]
    while True:
        steps.append({"text": sentence, "who": ["leder"]})
        height = area_checks.card_height_mm(Plan.model_validate(plan), model)
        if height > area_checks.PAGE_HEIGHT_MM:
            steps.pop()
            steps.append({"text": "Ring 112.", "who": ["leder"]})
            while area_checks.card_height_mm(Plan.model_validate(plan), model) > area_checks.PAGE_HEIGHT_MM:
                steps.pop()
            return plan


@pytest.mark.browser
@pytest.mark.slow
def test_estimate_agrees_with_print_at_the_limit(multi_copy, offline_page, tmp_path):
    model = load(multi_copy)
    near = _near_limit_plan(model)
    near_file = multi_copy / "data/plans/naesten-fuld.yaml"
    near_file.write_text(yaml.safe_dump(near, allow_unicode=True), encoding="utf-8")
    (multi_copy / "data/plans/lang-plan.yaml").write_bytes((FIXTURES / "lang-plan.yaml").read_bytes())
    model = load(multi_copy)
    assert area_checks.PAGE_HEIGHT_MM - 8 < area_checks.card_height_mm(model.plans["naesten-fuld"], model) \
        <= area_checks.PAGE_HEIGHT_MM
    assert not area_checks.card_fits(model.plans["lang-plan"], model)
    ctx = context_for(multi_copy / "mkdocs.yml", tmp_path / "site")
    near_pages = _pdf_pages(offline_page.page, ctx.site_dir / "planer/teknik/naesten-fuld-handlingskort.html")
    long_pages = _pdf_pages(offline_page.page, ctx.site_dir / "planer/sundhed/lang-plan-handlingskort.html")
    assert len(near_pages) == 1 and _size_pt(near_pages[0]) == A4_PT
    assert len(long_pages) > 1


@pytest.mark.browser
def test_cards_keep_their_own_page_in_a_combined_print(multi_build, offline_page, tmp_path):
    """As in the handbook PDF: many pages' HTML in one document; each card is one whole page of its own."""
    site = multi_build.site_dir
    css = sorted((site / "assets/stylesheets").glob("main.*.css")) + sorted((site / "assets/handbook").glob("*.css"))
    links = "".join(f'<link rel="stylesheet" href="{c.as_uri()}">' for c in css)
    records = [p for p in multi_build.pages if p.area == "sundhed"]
    body = "".join(f"<section>{p.html}</section>" for p in records)
    doc = tmp_path / "print.html"
    doc.write_text(f'<!doctype html><html lang="da"><head><meta charset="utf-8">{links}'
                   "<style>@page { size: A4; margin: 20mm }</style></head>"
                   f'<body><article class="md-typeset">{body}</article></body></html>', encoding="utf-8")
    texts = [p.extract_text() for p in _pdf_pages(offline_page.page, doc)]
    cards = [t for t in texts if t.startswith("Handlingskort:")]
    assert len(cards) == sum(1 for p in records if p.kind == PageKind.CARD) == 4
    assert all("Hvem udfører" in t and "Oprettelse/revision" in t for t in cards)
    # Nothing else shares a card's page: the page after a card starts the next plan.
    for i, t in enumerate(texts[:-1]):
        if t.startswith("Handlingskort:"):
            assert texts[i + 1].split("\n")[0] in {p.title for p in records if p.kind == PageKind.PLAN}


def _card_with_a_long_strip(model, limit_mm: float) -> tuple[dict, dict]:
    """A plan and contacts whose card is estimated just under ``limit_mm``, most of it the contact strip."""
    contacts = yaml.safe_load((MULTI / "data/contacts.yaml").read_text(encoding="utf-8"))
    plan = {"title": "Mange numre", "area": "teknik", "updated": "2026-01-01",
            "actions": [{"phase": "Straks", "steps": [
                {"text": "Vagtholdet ringes op i rækkefølge, til én svarer.", "who": ["vagthold"]},
                {"text": "Lederen orienteres.", "who": ["leder"]}]}]}
    holders: list[str] = []
    contacts["roles"]["vagthold"] = {"title": "Vagtholdet", "held_by": holders}
    for i in range(400):
        pid = f"vagt-{i}"
        contacts["people"][pid] = {"name": f"Vagt Nummer {i} Jensen", "phone": f"40 12 {i // 100:02d} {i % 100:02d}"}
        holders.append(pid)
        model.contacts.people[pid] = type(model.contacts.people["bo-berg"]).model_validate(contacts["people"][pid])
        model.contacts.roles["vagthold"] = type(model.contacts.roles["leder"]).model_validate(
            contacts["roles"]["vagthold"])
        if area_checks.card_height_mm(Plan.model_validate(plan), model) > limit_mm:
            holders.pop()
            del contacts["people"][pid]
            return plan, contacts
    raise AssertionError("the strip never reached the limit")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("zoom", [1.0, area_checks.MIN_ZOOM], ids=["full-size", "smallest-zoom"])
def test_the_contact_strip_estimate_agrees_with_print(multi_copy, offline_page, tmp_path, zoom):
    """A card estimated just under one page (printed at ``zoom``) with a long strip prints on one A4 page."""
    limit = area_checks.PAGE_HEIGHT_MM / zoom
    plan, contacts = _card_with_a_long_strip(load(multi_copy), limit)
    (multi_copy / "data/contacts.yaml").write_text(yaml.safe_dump(contacts, allow_unicode=True), encoding="utf-8")
    (multi_copy / "data/plans/mange-numre.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True),
                                                            encoding="utf-8")
    model = load(multi_copy)
    height = area_checks.card_height_mm(model.plans["mange-numre"], model)
    assert limit - 8 < height <= limit
    assert area_checks.contacts_height_mm(area_checks.card_contacts(model.plans["mange-numre"], model)) > height / 2
    assert area_checks.print_zoom(height) == zoom and area_checks.card_fits(model.plans["mange-numre"], model)
    ctx = context_for(multi_copy / "mkdocs.yml", tmp_path / "site")
    pages = _pdf_pages(offline_page.page, ctx.site_dir / "planer/teknik/mange-numre-handlingskort.html")
    assert [_size_pt(p) for p in pages] == [A4_PT]
    text = pages[0].extract_text()
    last = model.contacts.roles["vagthold"].held_by[-1]
    assert "Kontakter" in text and model.people[last].numbers[0].display in text and "Oprettelse/revision" in text


@pytest.mark.browser
def test_the_seed_card_with_its_numbers_prints_on_one_a4_page(seed_copy, offline_page, tmp_path):
    """The seed's card is longer than a page with its numbers: the site prints it at 90 %, on one sheet."""
    ctx = context_for(seed_copy / "mkdocs.yml", tmp_path / "site")
    pages = _pdf_pages(offline_page.page, ctx.site_dir / "planer/aubo/it-nedbrud-handlingskort.html")
    assert [_size_pt(p) for p in pages] == [A4_PT]
    text = " ".join(pages[0].extract_text().split())
    for fact in ("Kontakter", "Baris Atak 72 36 94 91", "Bonnie Jensen 72 36 60 91", "liste på intranettet",
                 "Chefen og Afdelingslederne beslutter", "Oprettelse/revision"):
        assert fact in text, fact
