"""The pages of the crisis log and the crisis staff: role cards, paper sheets, links, and the log's control."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import markdown

from handbook.data.load import load
from handbook.site import urls
from handbook.site.context import BuildInfo, PageKind
from handbook.site.render import LOG_ROWS, SITUATION_QUESTIONS, render_pages
from tests.conftest import MULTI, SHIPPED

BUILD = BuildInfo("2026.11.29-test", dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc), "0" * 10)


def pages(root=MULTI):
    return {p.src: p for p in render_pages(load(root), BUILD)}


def html(page) -> str:
    return markdown.markdown(page.content, extensions=["attr_list", "toc"])


def text(fragment: str) -> str:
    """Text as read: block elements and line breaks separate words, inline tags do not."""
    spaced = re.sub(r"<(br|/?(p|div|td|th|tr|li|ol|ul|table|caption|tbody|h\d))\b[^>]*>", " ", fragment)
    return " ".join(re.sub(r"<[^>]+>", "", spaced).split())


def cards(page_html: str) -> dict[str, str]:
    """Each role card's text by its heading's id."""
    return {ident: text(body) for ident, body in re.findall(r'<h2 id="rolle-([^"]+)">.*?</h2>(.*?)(?=<h2 |\Z)',
                                                             page_html, re.S)}


def test_every_area_with_a_delplan_gets_role_cards_in_the_delplan_s_order():
    found = pages()
    staff = {p.area: p for p in found.values() if p.kind == PageKind.STAFF}
    assert sorted(staff) == ["boern", "sundhed", "teknik"]
    assert staff["sundhed"].src == urls.staff_page("sundhed") == "planer/sundhed/krisestab_rollekort.md"
    assert staff["sundhed"].title == "Krisestabens rollekort: Sundhed og Omsorg"
    assert list(cards(html(staff["sundhed"]))) == [
        "kriseleder", "situationsbillede", "involverede", "teknik", "kommunikation"]
    # Right after its area page, before the plans.
    order = list(found)
    assert order.index(urls.staff_page("sundhed")) == order.index(urls.area_page("sundhed")) + 1


def test_a_role_card_has_tasks_holder_stand_in_numbers_meeting_place_and_convening():
    card = cards(html(pages()[urls.staff_page("sundhed")]))["situationsbillede"]
    assert "Rollekort · Sundhed og Omsorg (SO)" in card
    assert "Varetages af Erik Eriksen, Driftsleder 40 10 20 34" in card
    assert "Stedfortræder Carl Clausen, Chef for Børn og Unge 40 10 20 32" in card
    assert "Kriseleder Bo Berg, Chef for Sundhed og Omsorg 40 10 20 31" in card
    assert "De første opgaver Start krisestyringsloggen med det samme" in card
    assert "Mødested Sundhedshuset, mødelokale 2, Testvej 1, 4000 Testby" in card
    assert "Alternativt mødested Rådhuset, kantinen, Torvet 1, 4000 Testby" in card
    assert "Indkaldelse SMS til hele krisestaben fra kriselederen Opkald via kommunens vagtcentral – " \
           "Kommunens vagtcentral tlf. 40 10 20 00 E-mail til krisestaben" in card


def test_ad_hoc_posts_and_services_and_the_leader_s_own_card():
    found = cards(html(pages()[urls.staff_page("sundhed")]))
    assert "Varetages af Udpeges ad hoc af kriselederen" in found["involverede"]
    assert "Stedfortræder" not in found["involverede"]
    assert "Varetages af Kommunens vagtcentral 40 10 20 00" in found["kommunikation"]
    assert "Stedfortræder Dorthe Dahl" in found["kommunikation"]
    assert "Kriseleder" not in found["kriseleder"].split("De første opgaver")[0].replace("Rollekort", "")
    assert "Varetages af Bo Berg" in found["kriseleder"] and "Stedfortræder Anna Andersen" in found["kriseleder"]


def test_seed_gets_one_card_for_its_crisis_leader_and_marks_what_is_missing():
    card = cards(html(pages(SHIPPED)[urls.staff_page("aubo")]))
    assert list(card) == ["kriseleder"]
    assert "Varetages af Chef for Kerneområdet Baris Atak: 72 36 94 91" in card["kriseleder"]
    assert "Stedfortræder Ingen stedfortræder" in card["kriseleder"]
    assert "Mødested Ikke fastlagt" in card["kriseleder"] and "Indkaldelse Ikke beskrevet" in card["kriseleder"]


def test_no_role_cards_for_an_area_without_a_delplan(tmp_path, multi_copy):
    (multi_copy / "data" / "areas" / "teknik.yaml").unlink()
    found = pages(multi_copy)
    assert urls.staff_page("teknik") not in found
    assert urls.staff_page("teknik").rsplit("/", 1)[1] not in found[urls.area_page("teknik")].content


def test_the_log_page_has_the_log_sheet_and_the_situation_sheet():
    page = pages()[urls.LOG]
    assert page.kind == PageKind.LOG and page.title == "Krisestyringslog"
    body = html(page)
    log_sheet = re.search(r'<table class="hb-log-table">.*?</table>', body, re.S).group(0)
    assert re.findall(r"<th scope=\"col\"[^>]*>([^<]+)</th>", log_sheet) == [
        "Dato/tid", "Hvem", "Information / beslutning / handling / undladelse", "Kilde", "Initialer"]
    assert log_sheet.count("<tr><td></td><td></td><td></td><td></td><td></td></tr>") == LOG_ROWS
    situation = text(re.search(r'<table class="hb-situation">.*?</table>', body, re.S).group(0))
    for question in ("Hvad er sket?", "Hvor?", "Hvornår?", "Hvor mange er berørt?", "Skader", "Hvad gøres",
                     "Næste statusmøde"):
        assert question in situation
    assert len(SITUATION_QUESTIONS) == 6
    assert f'href="{urls.LOG_PDF}"' in page.content


def test_front_page_and_every_area_page_link_the_sheets_and_the_role_cards():
    found = pages()
    assert 'href="pdf/log.pdf"' in found[urls.FRONT].content
    assert 'href="krisestyringslog.html"' in found[urls.FRONT].content
    for area in ("sundhed", "boern", "teknik"):
        content = found[urls.area_page(area)].content
        assert 'href="../../pdf/log.pdf"' in content, area
        assert 'href="krisestab_rollekort.html"' in content, area


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.buttons: list[dict] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "data-hb-log" in values:
            self.controls.append(values)
        if tag == "button":
            self.buttons.append(values)


def _controls(content: str) -> _Controls:
    parser = _Controls()
    parser.feed(content)
    return parser


def test_plan_area_and_log_pages_carry_the_log_control_and_no_other_page_does():
    found = pages()
    with_control = {src: _controls(p.content).controls for src, p in found.items() if _controls(p.content).controls}
    plans = {src for src, p in found.items() if p.kind == PageKind.PLAN}
    areas = {src for src, p in found.items() if p.kind == PageKind.AREA}
    assert set(with_control) == plans | areas | {urls.LOG}
    brand = with_control[urls.plan_page("sundhed", "brand")][0]
    assert brand == {
        "class": "hb-log-control hb-no-print", "data-hb-log": "plan", "data-hb-log-ref": "brand",
        "data-hb-log-title": "Brand på plejecenter", "data-hb-log-handbook": "Testkommunens beredskabshåndbog",
        "data-hb-log-org": "Testkommune"}
    assert with_control[urls.area_page("teknik")][0]["data-hb-log"] == "area"
    # The button is there for the script to show: hidden until it runs, so it never shows without it.
    start = [b for b in _controls(found[urls.plan_page("sundhed", "brand")].content).buttons
             if "hb-log-start" in b.get("class", "")]
    assert len(start) == 1 and "hidden" in start[0]


def test_hostile_titles_stay_text_in_the_control_s_attributes(multi_copy):
    plan = multi_copy / "data" / "plans" / "brand.yaml"
    hostile = '"><script>alert(1)</script><b onmouseover=x>'
    plan.write_text(plan.read_text(encoding="utf-8").replace("title: Brand på plejecenter",
                                                             "title: '" + hostile + "'", 1), encoding="utf-8")
    content = pages(multi_copy)[urls.plan_page("sundhed", "brand")].content
    control = _controls(content).controls[0]
    assert control["data-hb-log-title"] == hostile
    assert "<script>" not in content and "<b onmouseover" not in content
