"""An area's PDF holds that area: cover, its first steps, its delplan, its plans and cards, the contacts it names.

Printed from a copy of the 3-area fixture with three contacts added: a person only
Teknik's delplan names, a service only a Sundhed plan names, and a person nobody
names. The whole handbook prints the front page's content once: key numbers on the
cover, the plans in the contents, each area's first steps on its own page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from handbook.data.model import iter_steps
from tests.conftest import MULTI, copy_handbook
from tests.pdf.helpers import outline, texts, toc_entries

ADDED_PEOPLE = {
    "xenia-xylander": {"name": "Xenia Xylander", "title": "Logistikansvarlig", "phone": "40 99 99 01"},
    "yrsa-ytting": {"name": "Yrsa Ytting", "title": "Konsulent", "phone": "40 99 99 03"},
}
ADDED_SERVICE = {"sundhedsvagt": {"name": "Sundhedsvagten", "phone": "40 99 99 02"}}


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    from handbook.pdf.build import build_handbook_pdfs
    from handbook.pipeline import context_for

    work = tmp_path_factory.mktemp("areas")
    root = copy_handbook(MULTI, work / "multi")
    data = root / "data"
    _edit(data / "contacts.yaml", lambda d: (d["people"].update(ADDED_PEOPLE), d["services"].update(ADDED_SERVICE)))
    _edit(data / "areas" / "teknik.yaml",
          lambda d: d["crisis_staff"].append({"role": "Ansvarlig for logistik", "holder": "xenia-xylander"}))
    _edit(data / "plans" / "brand.yaml",
          lambda d: d.setdefault("contacts", []).append({"title": "Sundhedsvagt", "members": ["sundhedsvagt"]}))
    ctx = context_for(root / "mkdocs.yml", work / "site")
    result = build_handbook_pdfs(ctx)
    return ctx, result


def named(model, area_id: str) -> set[str]:
    """What an area's pages name, worked out here from the data: plans' contact lists, tags, chains,
    staffing and the delplan's posts and convening; groups and roles bring whom they stand for."""
    ids: set[str] = set()
    for plan in model.plans.values():
        if plan.area != area_id:
            continue
        ids |= set(plan.alerting.chain) | {item.role for item in plan.staffing.roles}
        ids |= {r for _, step in iter_steps(plan) for r in step.who}
        for _, blocks in plan.contact_blocks():
            for block in blocks:
                ids |= set(block.members) | ({block.group} if block.group else set())
    delplan = model.delplan(area_id)
    if delplan:
        for post in [delplan.crisis_leader, *delplan.crisis_staff]:
            if post:
                ids |= set(post.holder) | set(post.stand_in)
        ids |= {c.contact for c in delplan.convening if c.contact}
    grew = True
    while grew:
        more = set()
        for cid in ids:
            if cid in model.groups:
                more |= set(model.groups[cid].members)
            if cid in model.roles:
                more |= set(model.roles[cid].held_by) | set(model.roles[cid].reach)
        grew = not more <= ids
        ids |= more
    return ids


def _contacts(model):
    return [(cid, c) for table in (model.people, model.services) for cid, c in table.items() if c.name]


def test_each_area_pdf_holds_only_its_plans_and_the_contacts_it_names(printed):
    ctx, result = printed
    model = ctx.model
    for aid, area in model.handbook.areas.items():
        reader = PdfReader(Path(ctx.site_dir) / "pdf" / f"{aid}.pdf")
        titles = [t for _, t, _ in outline(reader)]
        text = " ".join(texts(reader))
        own = [p.title for _, p in model.plans_in(aid)]
        others = [p.title for p in model.plans.values() if p.area != aid]
        assert all(t in titles for t in own), aid
        toc = [t for t, _ in toc_entries(reader)]
        assert not [t for t in others if t in titles or t in toc or f"Handlingskort: {t}" in text], aid
        assert area.title in texts(reader)[0]
        # Its first steps, on the area's page, before its plans.
        assert "Straks – de første skridt" in titles
        for _, plan in model.plans_in(aid):
            if plan.actions:
                assert " ".join(plan.actions[0].steps[0].text.split())[:40] in text, (aid, plan.title)
        expected = named(model, aid)
        for cid, contact in _contacts(model):
            if cid in expected:
                assert contact.name in text, (aid, cid)
                assert all(n.display in text for n in contact.numbers), (aid, cid)
            else:
                assert contact.name not in text, (aid, cid)
        assert not any(t.startswith("Hvad gør jeg som") for t in titles)
        for title, number in toc_entries(reader):
            assert title in texts(reader)[number - 1][:400], (aid, title, number)
        assert result.pages[f"pdf/{aid}"] == len(reader.pages)
    # The added contacts land where they are named, and only there.
    site = Path(ctx.site_dir)
    area_text = {aid: " ".join(texts(PdfReader(site / "pdf" / f"{aid}.pdf"))) for aid in model.handbook.areas}
    assert [a for a, t in area_text.items() if "Xenia Xylander" in t] == ["teknik"]
    assert [a for a, t in area_text.items() if "Sundhedsvagten" in t] == ["sundhed"]
    assert not [a for a, t in area_text.items() if "Yrsa Ytting" in t]


def test_the_handbook_prints_the_front_pages_content_once(printed):
    ctx, _ = printed
    reader = PdfReader(Path(ctx.site_dir) / "handbook.pdf")
    flat = outline(reader)
    text = texts(reader)
    whole = " ".join(text)
    # No page of the site's front page: its key numbers are on the cover, its plans in the contents.
    assert "Forside" not in [t for _, t, _ in flat] and ctx.model.handbook.title not in [t for _, t, _ in flat]
    assert whole.count("Nøglenumre") == 1 and "Nøglenumre" in text[0]
    assert "Til papir og telefon" not in whole and "Områder og planer" not in whole
    # Each area's first steps once, as the first section of its own page.
    straks = [(d, p) for d, t, p in flat if t == "Straks – de første skridt"]
    assert len(straks) == len(ctx.model.handbook.areas)
    for aid, area in ctx.model.handbook.areas.items():
        at = next(p for d, t, p in flat if d == 0 and t.startswith(area.title))
        assert (1, at) in straks, aid
        for _, plan in ctx.model.plans_in(aid):
            if plan.actions:
                step = " ".join(plan.actions[0].steps[0].text.split())[:40]
                assert step in " ".join(text[at - 1 : at + 1]), (aid, plan.title)
    # The whole directory, including a person no page names.
    assert "Yrsa Ytting" in whole and "40 99 99 03" in whole
