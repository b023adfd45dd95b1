"""Incremental printing: a rebuild prints only the parts whose HTML changed, and every number stays right.

The 3-area fixture is printed, printed again unchanged, then again after one plan
grew by more than a page (issue 11, test e): the contents, the bookmarks and the
links of every PDF point at the pages where their headings stand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from handbook.pdf import cache, printer
from handbook.pdf.build import build_handbook_pdfs, part_html
from handbook.pdf.document import documents
from tests.conftest import MULTI, copy_handbook
from tests.pdf.helpers import outline, texts, toc_entries

PLAN = "stroemsvigt"  # a Teknik og Miljø plan
FILLER = (
    "Dette afsnit er testtekst, der gør planen længere, så den fylder mere end en side ekstra i den trykte håndbog, "
    "og så alle sidetal efter den flytter sig."
)


def _print(root: Path, site: Path):
    from handbook.pipeline import context_for

    ctx = context_for(root / "mkdocs.yml", site)
    result = build_handbook_pdfs(ctx)
    return ctx, result


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """(ctx, result) of three rounds on one handbook folder: first, unchanged, one plan grown."""
    work = tmp_path_factory.mktemp("incremental")
    root = copy_handbook(MULTI, work / "multi")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1795000000")
        out["first"] = _print(root, work / "site1")
        out["same"] = _print(root, work / "site2")
        path = root / "data" / "plans" / f"{PLAN}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = data["situation"].get("text") or []
        data["situation"]["text"] = ([text] if isinstance(text, str) else list(text)) + [FILLER] * 40
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out["grown"] = _print(root, work / "site3")
    out["root"] = root
    return out


def _pdfs(ctx) -> list[Path]:
    site = Path(ctx.site_dir)
    return [site / "handbook.pdf", *sorted((site / "pdf").glob("*.pdf"))]


def test_an_unchanged_rebuild_prints_nothing_and_publishes_the_same_bytes(rounds):
    (ctx1, first), (ctx2, same) = rounds["first"], rounds["same"]
    assert first.printed_parts == first.parts and first.reused_documents == 0
    assert same.printed_parts == 0
    assert same.reused_documents == len(_pdfs(ctx2)) == 4
    for a, b in zip(_pdfs(ctx1), _pdfs(ctx2), strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_grown_plan_reprints_only_its_part_and_reassembles_only_its_documents(rounds):
    (ctx2, _), (ctx3, grown) = rounds["same"], rounds["grown"]
    before, after = _keys(ctx2), _keys(ctx3)
    changed = [entries for key, entries in after.items() if key not in before]
    # Only the plan's own page changed (its card shows the summary, which stayed the same).
    assert len(changed) == 1 and ("plan", PLAN) in changed[0]
    assert grown.printed_parts == 1
    # handbook.pdf and teknik.pdf hold the plan; boern.pdf and sundhed.pdf are published as they were.
    assert grown.reused_documents == 2
    site2, site3 = Path(ctx2.site_dir), Path(ctx3.site_dir)
    for name in ("boern", "sundhed"):
        assert (site3 / "pdf" / f"{name}.pdf").read_bytes() == (site2 / "pdf" / f"{name}.pdf").read_bytes()
    for name in ("handbook.pdf", "pdf/teknik.pdf"):
        assert (site3 / name).read_bytes() != (site2 / name).read_bytes()


def _keys(ctx) -> dict[str, list[tuple[str, str | None]]]:
    """Each part's cache key with the (kind, id) of its pages."""
    parts, _ = documents(ctx)
    identity = printer.identity()
    return {
        cache.key(part_html(ctx, part.entries), identity): [(str(e.record.kind), e.record.ref_id) for e in part.entries]
        for part in parts
    }


def _check_numbers(reader: PdfReader) -> dict[str, int]:
    """Every TOC number is the page where its heading stands, its bookmark and its link say the same."""
    entries = toc_entries(reader)
    pages = texts(reader)
    bookmarks = {}
    for _, title, page in outline(reader):
        bookmarks.setdefault(title, page)
    page_of = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    toc_pages = range(1, min(page for _, _, page in outline(reader)) - 1)
    targets = set()
    for index in toc_pages:
        for annot in reader.pages[index].get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                targets.add(page_of[annot["/Dest"][0].idnum] + 1)
    assert entries
    for title, number in entries:
        assert title in pages[number - 1][:400], (title, number)
        assert bookmarks[title] == number, (title, number, bookmarks[title])
        assert number in targets, (title, number)
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Side {number} af {total}" in text
    return dict(entries)


def test_every_toc_number_bookmark_and_link_is_right_after_the_plan_grew(rounds):
    (ctx2, _), (ctx3, _) = rounds["same"], rounds["grown"]
    title = ctx3.model.plans[PLAN].title
    for name in ("handbook.pdf", "pdf/teknik.pdf"):
        old = _check_numbers(PdfReader(Path(ctx2.site_dir) / name))
        new = _check_numbers(PdfReader(Path(ctx3.site_dir) / name))
        card = f"Handlingskort: {title}"
        # The plan now takes at least one page more: everything after it moved on.
        assert new[card] - new[title] >= old[card] - old[title] + 1, name
        assert new["Kontakter"] > old["Kontakter"], name
        assert FILLER[:40] in " ".join(texts(PdfReader(Path(ctx3.site_dir) / name)))


def test_a_damaged_cache_entry_is_printed_again_never_published(rounds, tmp_path):
    root = copy_handbook(rounds["root"], tmp_path / "copy")
    folder = root / cache.FOLDER
    shutil.copytree(rounds["root"] / cache.FOLDER, folder)
    entries = sorted(folder.glob("*.pdf"))
    assert len(entries) > 10
    for path in entries:  # same names, damaged bytes: one flipped byte in the middle, or cut short
        data = bytearray(path.read_bytes())
        if len(data) % 2:
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data))
        else:
            path.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1795000000")
        ctx, result = _print(root, tmp_path / "site")
    assert result.printed_parts == result.parts and result.reused_documents == 0
    ctx3 = rounds["grown"][0]
    for a, b in zip(_pdfs(ctx3), _pdfs(ctx), strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # The damaged entries were replaced by whole ones: the next build prints nothing.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1795000000")
        again, result = _print(root, tmp_path / "site-again")
    assert result.printed_parts == 0 and result.reused_documents == 4
    for a, b in zip(_pdfs(ctx), _pdfs(again), strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
