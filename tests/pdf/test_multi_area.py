"""The 3-area fixture: one PDF per area with only its plans, area pages before their plans, one-page cards."""

from __future__ import annotations

from pypdf import PdfReader

from tests.pdf.helpers import outline, texts, toc_entries


def test_one_pdf_per_area_with_only_its_plans(multi_pdf_build):
    ctx, _ = multi_pdf_build
    model = ctx.model
    for aid, area in model.handbook.areas.items():
        path = ctx.site_dir / "pdf" / f"{aid}.pdf"
        assert path.exists(), aid
        reader = PdfReader(path)
        titles = [t for _, t, _ in outline(reader)]
        own = [p.title for _, p in model.plans_in(aid)]
        others = [p.title for pid, p in model.plans.items() if p.area != aid]
        assert all(t in titles for t in own)
        assert not any(t in titles for t in others if t not in own)
        assert "Kontakter" in titles
        pages = texts(reader)
        for title, number in toc_entries(reader):
            assert title in pages[number - 1][:400], (aid, title, number)


def test_area_page_comes_before_its_plans_and_cards_are_one_page(multi_pdf_build):
    ctx, _ = multi_pdf_build
    assert not [w for w in ctx.warnings if "action card" in str(w)]
    reader = PdfReader(ctx.site_dir / "handbook.pdf")
    flat = outline(reader)
    for aid, area in ctx.model.handbook.areas.items():
        at = next((i for i, (d, t, _) in enumerate(flat) if d == 0 and area.title in t), None)
        if at is None:
            continue
        area_page = flat[at][2]
        for _, plan in ctx.model.plans_in(aid):
            plan_page = next(p for d, t, p in flat if t == plan.title)
            assert plan_page > area_page
    cards = [(i, p) for i, (_, t, p) in enumerate(flat) if t.startswith("Handlingskort:")]
    assert len(cards) == len(ctx.model.plans)
    for i, page in cards:
        following = [p for _, _, p in flat[i + 1:] if p != page]
        assert not following or following[0] == page + 1
