"""The printed log sheets and role cards: in the handbook PDF, in each area's PDF and in pdf/log.pdf, read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from handbook.data.crisis import staff_cards
from tests.pdf.helpers import outline, texts

pytestmark = pytest.mark.slow

LOG_HEADERS = ["Dato/tid", "Hvem", "Information / beslutning / handling /", "Kilde", "Initialer"]
SITUATION = ["Situationsbillede", "Hvad er sket?", "Hvor?", "Hvornår?", "Hvor mange er berørt?",
             "Skader – på personer,", "Hvad gøres – og af hvem?", "Næste statusmøde"]


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of a PDF (or of pages first..last) as pdftotext reads it, in reading order."""
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", *pages, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def sheet_pages(path: Path) -> tuple[int, int]:
    """The pages (1-based) of the log sheet and of the situationsbillede sheet."""
    pages = texts(PdfReader(path))
    log = [i + 1 for i, t in enumerate(pages) if "Logark" in t and "Initialer" in t]
    situation = [i + 1 for i, t in enumerate(pages) if "udfyldes før hvert statusmøde" in t]
    assert len(log) == 1 and len(situation) == 1, path
    return log[0], situation[0]


def assert_sheets(path: Path) -> None:
    log, situation = sheet_pages(path)
    assert situation == log + 1, "the two sheets are a page each, one after the other"
    log_text = pdftotext(path, log, log)
    for header in LOG_HEADERS:
        assert header in log_text, (path, header)
    assert "Krisestyringslog" in log_text and "Logfører" in log_text and "undladelse" in log_text
    situation_text = pdftotext(path, situation, situation)
    for question in SITUATION:
        assert question in situation_text, (path, question)


def test_the_handbook_pdf_ends_with_both_sheets_listed_in_contents_and_bookmarks(multi_build):
    path = multi_build.site_dir / "handbook.pdf"
    assert_sheets(path)
    reader = PdfReader(path)
    log, _ = sheet_pages(path)
    assert (0, "Krisestyringslog", log) in outline(reader)
    assert log == len(reader.pages) - 1
    assert "Krisestyringslog" in pdftotext(path, 2, 3)  # the table of contents


def test_every_area_pdf_carries_the_sheets(multi_build):
    for area in ("sundhed", "boern", "teknik"):
        assert_sheets(multi_build.site_dir / "pdf" / f"{area}.pdf")


def test_log_pdf_is_the_two_sheets_alone(multi_build):
    path = multi_build.site_dir / "pdf" / "log.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    assert sheet_pages(path) == (1, 2)
    assert_sheets(path)
    text = pdftotext(path)
    # No cover, no contents, no running page numbers: each sheet has its own "Side nr." field.
    assert "Indhold" not in text and "Side 1 af" not in text and "Side nr." in text
    info = reader.metadata
    assert info.title == "Krisestyringslog og situationsbillede – Testkommunens beredskabshåndbog"
    # The sheets' own edition: the day and a hash of the page they are printed from, not the handbook's.
    assert info["/Version"].startswith(f"{multi_build.build.built_at:%Y.%m.%d}-")
    assert info["/Version"] != multi_build.build.version
    assert reader.trailer["/Root"]["/Lang"] == "da"


def test_seed_pdfs_carry_the_sheets_too(seed_build):
    for path in (seed_build.site_dir / "handbook.pdf", seed_build.site_dir / "pdf" / "aubo.pdf",
                 seed_build.site_dir / "pdf" / "log.pdf"):
        assert_sheets(path)


def _numbers(model, cid: str) -> list[str]:
    kind = model.kind(cid)
    if kind == "service":
        return [n.display for n in model.services[cid].numbers]
    return [n.display for pid in model.people_of(cid) for n in model.people[pid].numbers]


@pytest.mark.parametrize("build", ["multi_build", "seed_build"])
def test_each_role_card_is_a_page_that_names_its_holders_numbers(build, request):
    ctx = request.getfixturevalue(build)
    model = ctx.model
    checked = 0
    for aid, area in model.handbook.areas.items():
        cards = staff_cards(model, aid)
        for path in (ctx.site_dir / "handbook.pdf", ctx.site_dir / "pdf" / f"{aid}.pdf"):
            pages = texts(PdfReader(path))
            card_pages = [t for t in pages if f"Rollekort · {area.title}" in t]
            assert len(card_pages) == len(cards), (path, aid)
            for card, page in zip(cards, card_pages, strict=True):
                assert " ".join(card.title.split()) in page and "De første opgaver" in page, (path, card.key)
                assert card.tasks[0].split()[0] in page
                for cid in card.holder + card.stand_in:
                    for number in _numbers(model, cid):
                        assert number in page, (path, card.key, cid, number)
                        checked += 1
    assert checked >= (12 if build == "multi_build" else 1)


def test_an_area_pdf_has_its_own_role_cards_only(multi_build):
    text = " ".join(texts(PdfReader(multi_build.site_dir / "pdf" / "teknik.pdf")))
    assert "Rollekort · Teknik og Miljø" in text
    assert "Rollekort · Sundhed og Omsorg" not in text and "Rollekort · Børn og Unge" not in text
