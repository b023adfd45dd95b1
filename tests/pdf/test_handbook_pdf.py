"""The printed handbook read back with pypdf: outline, TOC numbers, text, size, tags, links, footer."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from handbook.pdf.rewrite import GO_PREFIX
from tests.pdf.helpers import outline, texts, toc_entries

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def handbook_pdf(pdf_build):
    ctx, _ = pdf_build
    return PdfReader(ctx.site_dir / "handbook.pdf")


@pytest.fixture(scope="module")
def area_pdf(pdf_build):
    ctx, _ = pdf_build
    return PdfReader(ctx.site_dir / "pdf" / "aubo.pdf")


def test_build_all_writes_every_file(pdf_build):
    ctx, written = pdf_build
    names = sorted(p.relative_to(ctx.site_dir).as_posix() for p in written)
    assert names == ["contacts.vcf", "handbook.pdf", "pdf/aubo.pdf", "pdf/log.pdf", "wallet-card.pdf"]
    assert all(p.stat().st_size > 0 for p in written)


def test_every_plan_and_role_is_in_the_outline(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    titles = [t for _, t, _ in outline(handbook_pdf)]
    for plan in ctx.model.plans.values():
        assert plan.title in titles
        assert f"Handlingskort: {plan.title}" in titles
    for role in ctx.model.roles.values():
        assert f"Hvad gør jeg som {role.title}?" in titles
    # A plan's sections are bookmarked under the plan.
    flat = outline(handbook_pdf)
    plan_at = next(i for i, (_, t, _) in enumerate(flat) if t == "IT-nedbrud")
    depth = flat[plan_at][0]
    children = []
    for d, t, _ in flat[plan_at + 1:]:
        if d <= depth:
            break
        if d == depth + 1:
            children.append(t)
    assert children[:4] == ["Situation", "Alarmering", "Opgaver", "Handling"]
    assert "Kontaktoplysninger" in children


def test_toc_numbers_are_the_pages_where_the_headings_stand(handbook_pdf):
    entries = toc_entries(handbook_pdf)
    pages = texts(handbook_pdf)
    bookmarks = {t: p for _, t, p in outline(handbook_pdf)}
    assert len(entries) >= 10
    for title, number in entries:
        # The heading opens its page (after the stamped header line) …
        assert title in pages[number - 1][:400], (title, number)
        # … and the bookmark of the same heading points at the same page.
        assert bookmarks[title] == number, (title, number, bookmarks[title])


def test_toc_lists_every_plan_and_role(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    titles = [t for t, _ in toc_entries(handbook_pdf)]
    assert all(p.title in titles for p in ctx.model.plans.values())
    assert all(f"Hvad gør jeg som {r.title}?" in titles for r in ctx.model.roles.values())
    assert "Kontakter" in titles


def test_every_seed_name_and_number_is_in_the_text(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    text = " ".join(texts(handbook_pdf))
    model = ctx.model
    for person in model.people.values():
        if person.name:
            assert person.name in text
        for phone in person.numbers:
            assert phone.display in text
    for service in model.services.values():
        assert service.name in text
        for phone in service.numbers:
            assert phone.display in text
        for name in service.staffed_by:
            assert name in text


def test_pages_are_a4(handbook_pdf, area_pdf):
    for reader in (handbook_pdf, area_pdf):
        for page in reader.pages:
            box = page.mediabox
            assert abs(float(box.width) - A4[0]) < 1.5 and abs(float(box.height) - A4[1]) < 1.5


def test_cover_has_title_version_dates_editor_and_changes(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    cover = texts(handbook_pdf)[0]
    hb = ctx.model.handbook
    from handbook.pdf import changes_text

    changes = changes_text(ctx)
    assert changes  # the change log says "Første udgave" for a first build
    for needle in (hb.title, hb.organisation, ctx.build.version, ctx.build.date_text, "Sidst opdateret 23.02.2024",
                   f"Ansvarlig redaktør {hb.editor}", "Ændringer siden forrige udgave", changes):
        assert needle in cover


def test_every_page_after_the_cover_has_header_and_side_x_af_y(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    pages = texts(handbook_pdf)
    total = len(pages)
    assert f"Side 1 af {total}" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Side {number} af {total}" in text
        assert f"Udgave {ctx.build.version}" in text
        assert f"Udskrevet {ctx.build.date_text}" in text


def test_tagged_with_language_and_metadata(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    root = handbook_pdf.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    tree = root["/StructTreeRoot"]
    page_ids = {p.indirect_reference.idnum for p in handbook_pdf.pages}
    keys = set(tree["/ParentTree"]["/Nums"][::2])
    # Every page's marked content is reachable through the joined parent tree.
    assert all(p["/StructParents"] in keys for p in handbook_pdf.pages if "/StructParents" in p)
    assert sum("/StructParents" in p for p in handbook_pdf.pages) >= len(handbook_pdf.pages) - 1
    document = tree["/K"].get_object()
    assert document["/S"] == "/Document" and len(document["/K"]) >= 2
    part = document["/K"][0].get_object()
    assert part["/P"].get_object() is document or part["/P"].idnum == tree["/K"].idnum
    for kid in document["/K"]:
        elem = kid.get_object()
        for leaf in elem.get("/K", []):
            leaf = leaf.get_object()
            if isinstance(leaf, dict) and "/Pg" in leaf:
                assert leaf["/Pg"].idnum in page_ids
    meta = handbook_pdf.metadata
    assert meta.title == ctx.model.handbook.title
    assert meta.author == ctx.model.handbook.editor
    assert ctx.build.version in meta.subject
    assert meta["/Version"] == ctx.build.version
    assert meta.creation_date is not None


def _links(reader):
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                yield index, annot


def test_internal_links_jump_to_pages_and_tel_links_stay(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    page_of = {p.indirect_reference.idnum: i for i, p in enumerate(handbook_pdf.pages)}
    internal, tel = [], set()
    for index, annot in _links(handbook_pdf):
        if "/A" in annot:
            uri = str(annot["/A"].get("/URI", ""))
            assert not uri.startswith(GO_PREFIX), uri
            if uri.startswith("tel:"):
                tel.add(uri)
        if "/Dest" in annot:
            dest = annot["/Dest"]
            assert dest[0].idnum in page_of
            internal.append((index, page_of[dest[0].idnum]))
    assert len(internal) > 20
    expected = {p.href for c in [*ctx.model.people.values(), *ctx.model.services.values()] for p in c.numbers}
    assert expected <= tel
    # TOC links (on page 2) go to the pages the TOC names.
    toc = dict(toc_entries(handbook_pdf))
    toc_targets = {target + 1 for index, target in internal if index == 1}
    assert set(toc.values()) <= toc_targets


def test_action_card_is_one_page(pdf_build, handbook_pdf):
    ctx, _ = pdf_build
    assert not [w for w in ctx.warnings if "action card" in str(w)]
    flat = outline(handbook_pdf)
    for i, (_, title, page) in enumerate(flat):
        if title.startswith("Handlingskort:"):
            nxt = next(p for _, t, p in flat[i + 1:] if p != page)
            assert nxt == page + 1


def test_action_card_page_carries_the_numbers(pdf_build, handbook_pdf):
    """The printed card lists everyone it names with their numbers, on the card's one page."""
    from handbook.checks.areas import card_contacts

    ctx, _ = pdf_build
    page = next(p for _, t, p in outline(handbook_pdf) if t == "Handlingskort: IT-nedbrud")
    text = texts(handbook_pdf)[page - 1]
    assert "Kontakter" in text and "Oprettelse/revision" in text
    entries = card_contacts(ctx.model.plans["it-nedbrud"], ctx.model)
    numbers = [n.display for c in entries for r in c.reach for n in r.numbers]
    names = [r.name for c in entries for r in c.reach]
    assert len(numbers) == 8 and "72 36 60 91" in numbers
    for fact in [*numbers, *names, "liste på intranettet", "ingen kontakt angivet"]:
        assert fact in text, fact


def test_area_pdf_has_its_plans_contacts_and_own_numbers(pdf_build, area_pdf):
    ctx, _ = pdf_build
    titles = [t for _, t, _ in outline(area_pdf)]
    assert "IT-nedbrud" in titles and "Kontakter" in titles
    assert not any(t.startswith("Hvad gør jeg som") for t in titles)
    pages = texts(area_pdf)
    for title, number in toc_entries(area_pdf):
        assert title in pages[number - 1][:400]
    assert ctx.model.handbook.areas["aubo"].title in pages[0]
    for _, annot in _links(area_pdf):
        assert not str(annot.get("/A", {}).get("/URI", "")).startswith(GO_PREFIX)
    text = " ".join(pages)
    assert "72 36 94 91" in text and f"Side {len(pages)} af {len(pages)}" in pages[-1]


def test_text_is_selectable_not_images(handbook_pdf):
    text = texts(handbook_pdf)[4]
    assert re.search(r"Situation", " ".join(texts(handbook_pdf)))
    assert len(text) > 200


def test_cover_changes_come_from_the_change_log():
    from types import SimpleNamespace

    from handbook.pdf import changes_text
    from handbook.site.changelog import Changes, ContactChange

    renumbered = ContactChange("a", {"name": "A", "numbers": ["1"]}, {"name": "A", "numbers": ["2"]})
    assert changes_text(SimpleNamespace(changes=Changes(contacts=[renumbered, renumbered]))) == "2 kontakter ændret"
    assert changes_text(SimpleNamespace(changes=Changes(first=True))) == "Første udgave"
    assert changes_text(SimpleNamespace(changes=None)) == ""


def test_qpdf_finds_no_structural_problems(pdf_build):
    import pikepdf

    ctx, written = pdf_build
    for path in written:
        if path.suffix == ".pdf":
            with pikepdf.Pdf.open(path) as pdf:
                assert pdf.check_pdf_syntax() == [], path
