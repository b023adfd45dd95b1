"""A second small handbook in the shapes of real delplaner: it checks clean and carries every fact to site and PDF.

``tests/fixtures/delplaner``: three areas (one title with a comma, quoted), crisis
staff with stand-ins, an ad hoc post, crisis levels in both YAML styles, e-mail
addresses, a mobile number, ``1 1 2`` typed with spaces, a convening contact that
is a channel, and contacts named only in a delplan. Names and numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess

import pytest

from handbook.checks import report as check
from handbook.data.load import load
from handbook.data.model import Model
from tests.conftest import REPO, copy_handbook

DELPLANER = REPO / "tests" / "fixtures" / "delplaner"
TODAY = dt.date(2026, 11, 29)


def _flat(text: str) -> str:
    """Text without any whitespace: a fact wrapped over two lines (table cells, PDF) still matches."""
    return re.sub(r"\s+", "", text)


def _in_pdf(fact: str, text: str) -> bool:
    """The fact's words in order, each at most a table row apart: a wrapped cell's lines are
    printed between its neighbours' in the PDF's text, so the words are rarely side by side."""
    words = [re.escape(w) for w in fact.split()]
    return re.search(r"\s+(?:.{0,160}?\s)??".join(words), text, re.S) is not None


def _page_text(path) -> str:
    """A built page's visible text: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def _pdf_text(path) -> str:
    """A PDF's text in reading order (a table cell's lines stay together, unlike ``-layout``)."""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _area_facts(model, aid: str) -> list[str]:
    """What a reader of the area's delplan must find: every holder and stand-in with numbers and
    e-mail, meeting places, convening, crisis levels and critical functions."""
    dp = model.delplan(aid)
    facts = [*dp.critical_functions, dp.meeting_place, dp.alternative_meeting_place]
    facts += [step.text for step in dp.convening]
    facts += [f"{lvl.level}. {lvl.title}" for lvl in dp.crisis_levels]
    facts += [t for lvl in dp.crisis_levels for t in lvl.trigger]
    facts += [lvl.led_by for lvl in dp.crisis_levels if lvl.led_by]
    posts = [dp.crisis_leader, *dp.crisis_staff]
    for post in posts:
        if getattr(post, "role", None):
            facts.append(post.role)
        for cid in [*post.holder, *post.stand_in]:
            ids = model.roles[cid].held_by if model.kind(cid) == "role" else [cid]
            for one in ids:
                c = model.contact(one)
                facts.append(c.name)
                facts += [n.display for n in c.numbers]
                if c.email:
                    facts.append(c.email)
    return facts


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture built once, with its PDFs."""
    from handbook.pipeline import build

    root = copy_handbook(DELPLANER, tmp_path_factory.mktemp("delplaner") / "hb")
    return build(root / "mkdocs.yml")


def test_checks_clean_without_false_warnings(tmp_path, monkeypatch):
    root = copy_handbook(DELPLANER, tmp_path / "hb")
    monkeypatch.chdir(root)
    report = check.run(root, TODAY, strict=True)
    assert report.problems == [], report.text()
    model = load(root)
    # It has what a real delplan has, so the check above means something.
    assert model.handbook.areas["kufu"].title == "Kultur, Fritid og Ungeliv"
    assert all(model.delplan(a).crisis_leader.stand_in for a in model.handbook.areas)
    assert any(post.ad_hoc for dp in model.delplans.values() for post in dp.crisis_staff)
    assert model.services["alarm"].numbers[0].display == "112"  # written as "1 1 2"
    assert any(n.label == "mobil" for p in model.people.values() for n in p.numbers)
    assert sum(1 for p in model.people.values() if p.email) >= 5
    # Contacts named only in a delplan (stand-in, crisis staff, convening) count as used.
    only_in_delplaner = {"bent-bisgaard", "per-pilgaard", "frida-friis", "sms-tjenesten"}
    without_delplaner = Model(model.handbook, model.contacts, model.plans)
    assert only_in_delplaner <= check.used_ids(model)
    assert not only_in_delplaner & check.used_ids(without_delplaner)


@pytest.mark.slow
def test_the_site_carries_every_fact(built):
    site, model = built.site_dir, built.model
    for aid in model.handbook.areas:
        text = _flat(_page_text(site / f"planer/{aid}/index.html"))
        missing = [f for f in _area_facts(model, aid) if _flat(f) not in text]
        assert missing == [], aid
    directory = (site / "kontakter.html").read_text(encoding="utf-8")
    text = _flat(_page_text(site / "kontakter.html"))
    for cid, c in [*model.people.items(), *model.services.items()]:
        assert _flat(c.name) in text, cid
        for n in c.numbers:
            assert f'href="{n.href}">{n.display}</a>' in directory, (cid, n)
        if c.email:
            assert f'href="mailto:{c.email}"' in directory, cid
    assert 'href="tel:112">112</a>' in directory
    assert 'href="tel:+4552617080">52 61 70 80</a> <span class="hb-label">(mobil)</span>' in directory
    # Each action card names its people with their numbers.
    card = _flat(_page_text(site / "planer/vos/noedkald-nede-handlingskort.html"))
    for fact in ("Kontakter", "Vera Vinding 31 40 30 21", "Asta Aagaard 31 40 10 01",
                 "Kommunens vagtcentral 31 40 00 00"):
        assert _flat(fact) in card, fact


@pytest.mark.slow
@pytest.mark.browser
def test_the_pdfs_carry_every_fact(built):
    site, model = built.site_dir, built.model
    whole = _pdf_text(site / "handbook.pdf")
    for aid in model.handbook.areas:
        area = _pdf_text(site / "pdf" / f"{aid}.pdf")
        missing = [f for f in _area_facts(model, aid) if not (_in_pdf(f, area) and _in_pdf(f, whole))]
        assert missing == [], aid
    for cid, c in [*model.people.items(), *model.services.items()]:
        assert _in_pdf(c.name, whole), cid
        assert all(_in_pdf(n.display, whole) for n in c.numbers), cid
    assert _in_pdf("52 61 70 80 (mobil)", whole)
    assert not [w for w in built.warnings if "action card" in str(w)]
