"""Rendering the area page (delplan) and the one-page action card, and the card-size estimate."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest

from handbook.checks import areas as area_checks
from handbook.data.load import load
from handbook.data.model import Plan
from handbook.site.context import BuildInfo
from handbook.site.render import render_pages
from tests.conftest import MULTI, SHIPPED

from .conftest import FIXTURES

BUILD = BuildInfo("2026.11.29-test", dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc), "0" * 10)


def html(root, src: str) -> str:
    pages = {p.src: p for p in render_pages(load(root), BUILD)}
    return markdown.markdown(pages[src].content, extensions=["attr_list", "toc"])


def rows(table_html: str) -> list[list[str]]:
    """Table rows as lists of cell texts (tags stripped, whitespace folded)."""
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        out.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return out


@pytest.fixture(scope="module")
def sundhed():
    return html(MULTI, "planer/sundhed/index.md")


def test_area_page_sections_in_order(sundhed):
    headings = re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', sundhed)
    assert headings == [("kritiske-funktioner", "Kritiske funktioner"), ("krisestab", "Krisestab"),
                        ("moedested", "Mødested"), ("indkaldelse", "Indkaldelse af krisestaben"),
                        ("kriseniveauer", "Kriseniveauer"), ("planer", "Planer")]
    assert "<li>Drift af plejecentre døgnet rundt</li>" in sundhed


def test_crisis_staff_table(sundhed):
    table = re.search(r'<table class="hb-staff">.*?</table>', sundhed, re.S).group(0)
    assert "<caption>Krisestaben i SO: hvem varetager rollen, og hvem er stedfortræder</caption>" in table
    assert '<th scope="col">Rolle</th><th scope="col">Varetages af</th><th scope="col">Stedfortræder</th>' in table
    assert rows(table) == [
        ["Rolle", "Varetages af", "Stedfortræder"],
        ["Kriseleder", "Bo Berg , Chef for Sundhed og Omsorg 40 10 20 31 , bo.berg@example.org",
         "Anna Andersen , Direktør 40 10 20 30"],
        ["Ansvarlig for situationsbillede, log og dokumentation", "Erik Eriksen , Driftsleder 40 10 20 34",
         "Carl Clausen , Chef for Børn og Unge 40 10 20 32"],
        ["Ansvarlig for involverede personer", "Udpeges ad hoc af kriselederen"],
        ["Ansvarlig for proces/teknik/bygning/systemer", "Driftsleder Erik Eriksen: 40 10 20 34", "–"],
        ["Ansvarlig for kommunikation", "Kommunens vagtcentral 40 10 20 00",
         "Dorthe Dahl , Chef for Teknik og Miljø 40 10 20 33 , 50 10 20 33 (mobil)"],
    ]
    # Every row header is a row header; names link to the directory, numbers dial, e-mail opens mail.
    assert table.count('<th scope="row">') == 5
    assert '<a href="../../kontakter.html#bo-berg">Bo Berg</a>' in table
    assert '<a class="hb-tel" href="tel:+4540102031">40 10 20 31</a>' in table
    assert '<a class="hb-mail" href="mailto:bo.berg@example.org">bo.berg@example.org</a>' in table
    assert '<a class="hb-tel" href="tel:+4550102033">50 10 20 33</a> <span class="hb-label">(mobil)</span>' in table
    assert '<a href="../../roller/driftsleder.html">Driftsleder</a>' in table


def test_meeting_place_convening_and_levels(sundhed):
    meeting = re.search(r'<table class="hb-meeting">.*?</table>', sundhed, re.S).group(0)
    assert rows(meeting) == [["Mødested", "Sundhedshuset, mødelokale 2, Testvej 1, 4000 Testby"],
                             ["Alternativt mødested", "Rådhuset, kantinen, Torvet 1, 4000 Testby"]]
    convening = re.search(r'<ol class="hb-convening">(.*?)</ol>', sundhed, re.S).group(1)
    items = [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", convening, re.S)]
    assert items == ["SMS til hele krisestaben fra kriselederen",
                     "Opkald via kommunens vagtcentral – Kommunens vagtcentral tlf. 40 10 20 00",
                     "E-mail til krisestaben"]
    levels = re.search(r'<table class="hb-levels">.*?</table>', sundhed, re.S).group(0)
    assert "<caption>Kriseniveauer, og hvad der udløser dem</caption>" in levels
    assert [r[0] for r in rows(levels)] == ["Niveau", "1. Lokal hændelse", "2. Områdets krisestab",
                                            "3. Kommunens fælles krisestab"]
    assert rows(levels)[3][2] == "Kommunens fælles krisestab"


def test_area_page_lists_plans_with_their_cards(sundhed):
    plans = re.search(r'<h2 id="planer">.*', sundhed, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)"><strong>', plans) == [
        "brand.html", "hedeboelge.html", "pandemi.html", "personalemangel.html"]
    assert '<a href="brand-handlingskort.html">Handlingskort</a>' in plans


def test_ad_hoc_posts_say_who_appoints():
    page = html(MULTI, "planer/boern/index.md")
    table = re.search(r'<table class="hb-staff">.*?</table>', page, re.S).group(0)
    assert table.count('<td colspan="2" class="hb-ad-hoc">Udpeges ad hoc af kriselederen</td>') == 2
    # A role as holder lists the people holding it; a note stands with the post it belongs to.
    assert "Bo Berg: " in table and "Carl Clausen: " in table and "Dorthe Dahl: " in table
    assert rows(table)[1][1].endswith("Kriselederen kan altid nås via vagtcentralen.")


def test_seed_area_page_shows_the_gaps():
    page = html(SHIPPED, "planer/aubo/index.md")
    table = re.search(r'<table class="hb-staff">.*?</table>', page, re.S).group(0)
    assert rows(table)[1] == ["Kriseleder", "Chef for Kerneområdet Baris Atak: 72 36 94 91", "Ingen stedfortræder"]
    assert '<span class="hb-missing">Ikke fastlagt</span>' in page
    assert "kritiske-funktioner" not in page and "kriseniveauer" not in page


def test_area_without_delplan_says_so(multi_copy):
    (multi_copy / "data/areas/teknik.yaml").unlink()
    page = html(multi_copy, "planer/teknik/index.md")
    assert "Området har endnu ingen delplan" in page
    assert "hb-staff" not in page and '<h2 id="planer">' in page


def test_action_card_table():
    page = html(MULTI, "planer/teknik/stroemsvigt-handlingskort.md")
    assert page.startswith('<h1 id="handlingskort-strmsvigt">Handlingskort: Strømsvigt</h1>')
    table = re.search(r'<table class="hb-card-table">.*?</table>', page, re.S).group(0)
    assert '<th scope="col">Hvem udfører opgaven?</th><th scope="col">Hvornår?</th><th scope="col">Handling</th>' \
        in table
    assert rows(table) == [
        ["Hvem udfører opgaven?", "Hvornår?", "Handling"],
        ["Medarbejder", "Ved alarmering", "Medarbejderen ringer til lederen ved strømsvigt."],
        ["Medarbejder , Leder", "Straks", "Sikr personer og borgere ved strømsvigt."],
        ["Driftsleder", "Straks Tærskel: 4 timer", "Driftslederen kontaktes ved strømsvigt ud over 4 timer."],
        ["Leder", "Opfølgning", "Lederen skriver en kort evaluering af strømsvigt."],
    ]
    revision = re.search(r'<table class="hb-revision hb-card-revision">.*?</table>', page, re.S).group(0)
    assert "<caption>Oprettelse/revision</caption>" in revision
    assert rows(revision) == [["Sidst opdateret", "10.01.2026", "Næste gennemgang", "10.01.2027"],
                              ["Ansvarlig redaktør", "Rita Redaktør"]]
    # No edition on the card: it would change the page on every build (the footer names it).
    assert "2026.11.29-test" not in page
    assert '<a href="stroemsvigt.html">Hele planen</a>' in page


def test_card_rows_take_alerting_then_phases():
    plan = load(SHIPPED).plans["it-nedbrud"]
    cards = area_checks.card_rows(plan)
    assert [r.when for r in cards] == ["Ved alarmering"] * 4 + ["Straks"] * 3 + \
        ["Umiddelbart efter - resten af dagen"] * 2 + ["Opfølgning"] * 5
    assert cards[6].threshold == "nedbrud ud over 1 uge" and cards[6].who == ("administrator",)


def test_card_estimate_grows_with_text_and_rows():
    base = {"title": "T", "area": "a", "updated": "2026-01-01"}
    short = Plan.model_validate({**base, "actions": [{"phase": "Straks", "steps": ["Ring 112."]}]})
    longer = Plan.model_validate({**base, "actions": [{"phase": "Straks", "steps": ["Ring 112. " * 40]}]})
    many = Plan.model_validate({**base, "actions": [{"phase": "Straks", "steps": ["Ring 112."] * 60}]})
    assert area_checks.card_height_mm(short) < area_checks.card_height_mm(longer)
    assert area_checks.card_fits(short) and area_checks.card_fits(longer)
    assert not area_checks.card_fits(many)


def test_line_estimate_wraps_words_and_breaks_long_ones():
    assert area_checks._lines("kort", 50) == 1
    assert area_checks._lines("ord " * 60, 50) > 3
    assert area_checks._lines("x" * 400, 20) >= 10


def test_shipped_and_fixture_cards_are_estimated_to_fit(multi_copy):
    seed = load(SHIPPED)
    assert area_checks.card_fits(seed.plans["it-nedbrud"], seed)
    multi = load(MULTI)
    assert all(area_checks.card_fits(p, multi) for p in multi.plans.values())
    (multi_copy / "data/plans/lang-plan.yaml").write_bytes((FIXTURES / "lang-plan.yaml").read_bytes())
    long = load(multi_copy)
    assert not area_checks.card_fits(long.plans["lang-plan"], long)


def _strip(page: str) -> tuple[str, list[str]]:
    """The card's contact strip: its HTML and each entry's text (tags stripped)."""
    strip = re.search(r'<div class="hb-card-contacts">.*?</div>', page, re.S).group(0)
    items = [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", strip, re.S)]
    return strip, items


def test_action_card_lists_everyone_it_names_with_their_numbers():
    page = html(SHIPPED, "planer/aubo/it-nedbrud-handlingskort.md")
    strip, items = _strip(page)
    assert '<p class="hb-card-contacts-title"><strong>Kontakter</strong></p>' in strip
    assert items == [
        "Medarbejder: ingen kontakt angivet",
        "Superbruger, IKT’er, Administrator: liste på intranettet: "
        "AUBO’s Styringsark med Administrator, Superbrugere og IKT’er",
        "Chef for Kerneområdet: Baris Atak 72 36 94 91",
        "Afdelingsleder: Mona Gregersen 72 36 25 58, Ulf Lolk Larsen 72 36 11 24, Mette Lützen Helden 72 36 45 88, "
        "Christian Arent 72 36 66 78, Jette Adamsen 72 36 29 53, Janne Næsborg 72 36 61 57, "
        "Bonnie Jensen 72 36 60 91",
    ]
    # Numbers dial on the site; each role links to its own card.
    assert '<a class="hb-tel" href="tel:+4572369491">72 36 94 91</a>' in strip
    assert strip.count('href="tel:') == 8
    assert '<a href="../../roller/administrator.html">Administrator</a>' in strip
    # The strip comes after the table and before the revision table.
    assert page.index('class="hb-card-table"') < page.index("hb-card-contacts") < page.index("hb-card-revision")
    # The text the size estimate measures is the text the page shows.
    model = load(SHIPPED)
    assert [c.line() for c in area_checks.card_contacts(model.plans["it-nedbrud"], model)] == items


def test_action_card_says_vakant_and_names_services_and_online_lists(multi_copy):
    contacts = multi_copy / "data/contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    text = text.replace("services:\n", "  vagtleder: {title: Vagtleder, vacant: true}\nservices:\n", 1)
    text = text.replace("roles:\n", "  nat: {name: Natholdet, channel: Radio kanal 3}\nroles:\n", 1)
    text = text.replace("roles:\n", "roles:\n  vagt: {title: Vagthavende, held_by: [vagtleder, erik-eriksen], "
                                   "reach: [vagtcentral, nat]}\n"
                                   "  tilsyn: {title: Tilsynsførende, list_at: kommuneplan}\n", 1)
    contacts.write_text(text, encoding="utf-8")
    plan = multi_copy / "data/plans/stroemsvigt.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("who: [driftsleder]", "who: [driftsleder, vagt, tilsyn]"),
                    encoding="utf-8")
    page = html(multi_copy, "planer/teknik/stroemsvigt-handlingskort.md")
    strip, items = _strip(page)
    assert items == [
        "Medarbejder: ingen kontakt angivet",
        "Leder: Bo Berg 40 10 20 31, Carl Clausen 40 10 20 32, Dorthe Dahl 40 10 20 33 eller 50 10 20 33 (mobil)",
        "Driftsleder: Erik Eriksen 40 10 20 34",
        "Vagthavende: Vagtleder (vakant), Erik Eriksen 40 10 20 34, Kommunens vagtcentral 40 10 20 00, "
        "Natholdet (Radio kanal 3)",
        "Tilsynsførende: liste på intranettet: Kommunens plan for kriseberedskab",
    ]
    assert '(<span class="hb-vacant">vakant</span>)' in strip
    model = load(multi_copy)
    assert [c.line() for c in area_checks.card_contacts(model.plans["stroemsvigt"], model)] == items


def _plan_with_holders(model, role: str, n: int, rows: int) -> Plan:
    """A plan of ``rows`` steps for a new role that ``n`` new people hold (added to ``model``)."""
    from handbook.data.model import Person, Role

    people = {f"{role}-{i}": Person.model_validate({"name": f"Person Nummer {i}",
                                                    "phone": f"40 11 {i // 100:02d} {i % 100:02d}"})
              for i in range(n)}
    model.contacts.people.update(people)
    model.contacts.roles[role] = Role(title="Holdet", held_by=list(people))
    steps = [{"text": "Ring rundt.", "who": [role]}] * rows
    return Plan.model_validate({"title": "Mange numre", "area": "teknik", "updated": "2026-01-01",
                                "actions": [{"phase": "Straks", "steps": steps}]})


def test_card_estimate_counts_the_contact_strip():
    model = load(MULTI)
    few = _plan_with_holders(model, "faa", 1, 20)
    strip = area_checks.contacts_height_mm(area_checks.card_contacts(few, model))
    assert strip > 0
    assert area_checks.card_height_mm(few, model) == pytest.approx(area_checks.card_height_mm(few) + strip, abs=1)
    # The same card with 120 holders' numbers: the strip alone makes it too long to print readably.
    model.plans["mange"] = many = _plan_with_holders(model, "mange", 120, 20)
    assert area_checks.card_fits(few, model) and not area_checks.card_fits(many, model)
    assert [w.what for w in area_checks.card_warnings(model)] == [
        "the action card does not fit one A4 page "
        f"(about {area_checks.card_height_mm(many, model) / area_checks.PAGE_HEIGHT_MM:.1f} pages)"]


def test_a_card_over_one_page_prints_smaller_down_to_a_readable_size():
    assert area_checks.print_zoom(area_checks.PAGE_HEIGHT_MM) == 1.0
    assert area_checks.print_zoom(area_checks.PAGE_HEIGHT_MM * 1.1) == 0.9
    assert area_checks.print_zoom(area_checks.PAGE_HEIGHT_MM * 3) == area_checks.MIN_ZOOM == 0.8
    page = html(SHIPPED, "planer/aubo/it-nedbrud-handlingskort.md")
    assert '<div class="hb-card hb-print-zoom-90">' in page
    assert '<div class="hb-card">' in html(MULTI, "planer/teknik/stroemsvigt-handlingskort.md")


def test_a_card_naming_people_and_services_directly_lists_them():
    """``who`` names roles (the loader checks it); the strip would say a person or service named directly."""
    from handbook.data.model import Contacts, Handbook, Model, Person, Service

    contacts = Contacts(people={
        "ane": Person(name="Ane Ager", title="Kantineleder", phone="40 20 30 40"),
        "bo": Person(name="Bo Bech", email="bo@example.org"),
        "stab": Person(title="Stabsleder", vacant=True),
    }, services={"vagt": Service(name="Vagten", phone="40 20 30 00"), "sms": Service(name="SMS", channel="Appen")})
    plan = Plan.model_validate({"title": "T", "area": "a", "updated": "2026-01-01", "actions": [
        {"phase": "Straks", "steps": [{"text": "Ring.", "who": ["ane", "bo", "stab", "vagt", "sms"]}]}]})
    model = Model(Handbook(title="H", organisation="O", areas={"a": {"title": "A"}}), contacts, {"p": plan})
    lines = ["Kantineleder: Ane Ager 40 20 30 40", "Bo Bech: bo@example.org", "Stabsleder: vakant",
             "Vagten: 40 20 30 00", "SMS: Appen"]
    assert [c.line() for c in area_checks.card_contacts(plan, model)] == lines
