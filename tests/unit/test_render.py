"""Rendering: every section in template order, escaping of untrusted text, links and anchors."""

from __future__ import annotations

import datetime as dt
import re

import markdown

from handbook.data.load import load
from handbook.data.sections import PLAN_SECTIONS
from handbook.site.context import BuildInfo
from handbook.site.render import md_heading, nav, render_pages, slug
from tests.conftest import MULTI, SHIPPED

BUILD = BuildInfo("2026.11.29-test", dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc), "0" * 10)


def pages(root=SHIPPED):
    return {p.src: p for p in render_pages(load(root), BUILD)}


def to_html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=["attr_list", "toc"])


def test_plan_page_has_every_section_in_template_order():
    page = to_html(pages()["planer/aubo/it-nedbrud.md"].content)
    headings = re.findall(r"<h2 id=\"([^\"]+)\">([^<]+)</h2>", page)
    assert [h for _, h in headings] == [s.heading for s in PLAN_SECTIONS] + ["Oprettelse/revision"]
    assert [i for i, _ in headings][:3] == ["situation", "alarmering", "opgaver"]
    phases = re.findall(r"<h3 id=\"handling-[a-z-]+\">([^<]+)</h3>", page)
    assert phases == ["Straks", "Umiddelbart efter - resten af dagen", "Opfølgning"]


def test_each_section_renders_its_content():
    page = to_html(pages()["planer/aubo/it-nedbrud.md"].content)
    sections = dict(re.findall(r'<h2 id="([^"]+)">.*?</h2>(.*?)(?=<h2 |\Z)', page, re.S))
    assert "sagsbehandlingssystemet Fasit/Nexus" in sections["situation"]
    assert 'class="hb-chain"' in sections["alarmering"] and sections["alarmering"].count("<li><a") == 5
    assert "oplysning om tidsperspektiv" in sections["opgaver"]
    assert "hb-checklist" in sections["handling"] and "Tærskel: nedbrud ud over 1 uge" in sections["handling"]
    assert "overtager indsatsen" in sections["ledelse-og-organisation"]
    assert "Afdelingslederne" in sections["bemanding-og-udstyr"]
    assert "Pressetelefonen" in sections["kommunikation"] and "Maya Bluhme" in sections["kommunikation"]
    assert "Distributionslisten AUBO-Alle medarbejdere" in sections["kontaktoplysninger"]
    assert "23.02.2024" in sections["oprettelse-revision"] and "23.02.2025" in sections["oprettelse-revision"]
    assert "Marianne Staby Frost" in sections["oprettelse-revision"]


def test_role_page_is_a_checklist_by_plan_and_phase():
    page = to_html(pages()["roller/administrator.md"].content)
    assert page.startswith('<h1 id="hvad-gr-jeg-som-administrator">Hvad gør jeg som Administrator?</h1>') or \
        "Hvad gør jeg som Administrator?</h1>" in page
    assert "<strong>Straks</strong>" in page and "<strong>Opfølgning</strong>" in page
    assert page.count('class="hb-step"') == 17


def test_navigation_is_grouped_by_area():
    result = nav(list(pages(MULTI).values()))
    titles = [next(iter(item)) for item in result]
    assert titles == ["Forside", "Kontakter", "Sundhed og Omsorg", "Børn og Unge", "Teknik og Miljø", "Roller",
                      "Krisestyringslog"]
    teknik = result[4]["Teknik og Miljø"]
    assert teknik[0] == "planer/teknik/index.md"
    assert teknik[1] == {"Krisestabens rollekort": "planer/teknik/krisestab_rollekort.md"}
    assert [next(iter(x)) for x in teknik[2:]] == ["Oversvømmelse", "Strømsvigt", "Svigt i vandforsyningen"]


def test_heading_text_cannot_become_markup():
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) {: onclick=alert(1) } # *b*"
    rendered = to_html(f"## {md_heading(hostile)}")
    assert "<img" not in rendered and "<a " not in rendered
    assert not re.search(r"<[^>]*\son\w+=", rendered)  # no event handler became an attribute
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "[x](javascript:alert(1))" in rendered


def test_slug_folds_danish_letters():
    assert slug("Nøglenumre på Øen – Åben") == "noeglenumre-paa-oeen-aaben"
