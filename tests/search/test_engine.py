"""The search engine in handbook/site/assets/search.js, run in Chromium on indexes built by search.py."""

from __future__ import annotations

import pytest

from handbook.site.context import PageRecord
from handbook.site.search import build_index, fold, tokens

pytestmark = pytest.mark.browser

WORDS = ["Æblegrød", "ØSTERBRO", "Åbenrå", "Kjærgaard", "Næsborg", "Højvang", "Lützen", "Café",
         "naïve", "Straße", "IKT’er", "AUBO's", "IT-nedbrud", "Fasit/Nexus", "e\u0301", "Œuvre",
         "sagsbehandlingssystemet", "Midt- og Vestsjællands"]


def run(engine, index: dict, query: str, limit: int = 0) -> list[str]:
    """URLs (page#anchor) of the results, best first."""
    return engine.evaluate(
        """([index, query, limit]) => {
            const S = window.HandbookSearch;
            return S.search(index, query, limit).hits.map(h => S.describe(index, h.doc).url);
        }""", [index, query, limit])


def test_fold_agrees_with_python(engine):
    folded = engine.evaluate("words => words.map(w => window.HandbookSearch.fold(w))", WORDS)
    assert folded == [fold(w) for w in WORDS]


def test_query_terms_agree_with_python_tokens_for_words(engine):
    terms = engine.evaluate("words => words.map(w => window.HandbookSearch.queryTerms(w))", WORDS)
    assert terms == [list(dict.fromkeys(tokens(w))) for w in WORDS]


@pytest.mark.parametrize("query, terms", [
    ("72 36 14 48", ["72361448"]),
    ("72361448", ["72361448"]),
    ("+45 72 36 14 48", ["72361448"]),
    ("+4572361448", ["72361448"]),
    ("0045 7236 1448", ["72361448"]),
    ("45 72 36 14 48", ["72361448"]),
    ("4572361448", ["72361448"]),
    ("114", ["114"]),
    ("72 36 1", ["72361"]),
    ("Næsborg", ["naesborg"]),
    ("  MERCEBACH  ", ["mercebach"]),
    ("it it nedbrud", ["it", "nedbrud"]),
    ("", []),
    ("— / –", []),
])
def test_query_terms(engine, query, terms):
    assert engine.evaluate("q => window.HandbookSearch.queryTerms(q)", query) == terms


def page(url, title, html, kind="other"):
    return PageRecord(url, title, kind, html)


@pytest.fixture(scope="module")
def ranked():
    """Pages where one word sits in a title, a heading, a body, and a contact's name and number."""
    return build_index([
        page("a.html", "Andet", "<p>Beredskab nævnes her i brødteksten.</p>"),
        page("b.html", "Bemanding", '<h2 id="beredskab">Beredskab</h2><p>Om vagter.</p>'),
        page("c.html", "Beredskab", "<p>Forside for beredskab.</p>"),
        page("d.html", "Beredskabsplaner", "<p>Liste.</p>"),
        page("kontakter.html", "Kontakter",
             '<h2 id="personer">Personer</h2><table><tr class="hb-contact" id="claus-mercebach">'
             '<td>Claus Mercebach</td><td><a href="tel:+4572369245">72 36 92 45</a></td></tr>'
             '<tr class="hb-contact" id="it-support"><td>IT-support</td>'
             '<td><a href="tel:+4572361448">72 36 14 48</a></td></tr></table>', "contacts"),
        page("plan.html", "IT-nedbrud",
             '<h2 id="alarmering">Alarmering</h2><p>Ring til Claus Mercebach på 72 36 92 45 '
             "eller IT-support på 72 36 14 48.</p>", "plan"),
    ])


def test_title_beats_heading_beats_body_and_exact_beats_prefix(engine, ranked):
    assert run(engine, ranked, "beredskab") == ["c.html", "d.html", "b.html#beredskab", "a.html"]


def test_prefix_and_accent_insensitive(engine, ranked):
    assert run(engine, ranked, "Merc")[0] == "kontakter.html#claus-mercebach"
    assert run(engine, ranked, "BEREDSKÅB") == []  # å is aa, not a: no false friend
    assert run(engine, ranked, "beredskabsplanér") == ["d.html"]


def test_inside_compound_words_with_a_lower_weight(engine):
    index = build_index([
        page("a.html", "Systemnedbrud", "<p>Når systemet er nede.</p>"),
        page("b.html", "Andet", "<p>Ved et nedbrud ringer man.</p>"),
        page("c.html", "Tredje", "<p>Vedvarende strømsvigt.</p>"),
    ])
    assert run(engine, index, "nedbrud") == ["a.html", "b.html"]  # title, even inside, beats body
    assert run(engine, index, "svigt") == ["c.html"]
    assert run(engine, index, "ved") == ["b.html", "c.html"]  # three letters: word starts only
    assert run(engine, index, "ndbr") == []


def test_every_word_must_match(engine, ranked):
    assert run(engine, ranked, "claus alarmering") == ["plan.html#alarmering"]
    assert run(engine, ranked, "claus xyzzy") == []


def test_contact_entry_first_for_its_name_and_number(engine, ranked):
    for query in ("Mercebach", "72 36 92 45", "72369245", "+45 72 36 92 45"):
        assert run(engine, ranked, query) == ["kontakter.html#claus-mercebach", "plan.html#alarmering"]
    assert run(engine, ranked, "72 36 14 48")[0] == "kontakter.html#it-support"


def test_limit_keeps_the_total(engine, ranked):
    result = engine.evaluate("i => window.HandbookSearch.search(i, 'beredskab', 2)", ranked)
    assert result["total"] == 4 and len(result["hits"]) == 2


@pytest.mark.parametrize("text, terms, marked", [
    ("Områdeleder Claus Mercebach tlf. 72 36 92 45", ["merc"], ["Merc"]),
    ("Områdeleder Claus Mercebach tlf. 72 36 92 45", ["72369245"], ["72 36 92 45"]),
    ("Afdelingsleder Janne Næsborg", ["naesb"], ["Næsb"]),
    ("Systemnedbrud og nedbrud", ["nedbrud"], ["nedbrud"]),  # word starts first …
    ("Ved systemnedbrud", ["nedbrud"], ["nedbrud"]),          # … else inside a word
    ("Ved systemnedbrud", ["ned"], []),                       # but not for short terms
])
def test_snippet_marks_matches_in_the_original_text(engine, text, terms, marked):
    pieces = engine.evaluate("([t, q]) => window.HandbookSearch.snippet(t, q)", [text, terms])
    assert "".join(p["text"] for p in pieces) == text
    assert [p["text"] for p in pieces if p["mark"]] == marked


def test_snippet_of_long_text_is_cut_around_the_match(engine):
    text = " ".join(["fyld"] * 100) + " Fasit " + " ".join(["mere"] * 100)
    pieces = engine.evaluate("([t, q]) => window.HandbookSearch.snippet(t, q)", [text, ["fasit"]])
    joined = "".join(p["text"] for p in pieces)
    assert joined.startswith("… ") and joined.endswith(" …") and len(joined) < 200
    assert [p["text"] for p in pieces if p["mark"]] == ["Fasit"]


@pytest.mark.parametrize("total, shown, text", [
    (0, 0, "Ingen resultater"), (1, 1, "1 resultat"), (3, 3, "3 resultater"),
    (40, 12, "40 resultater – de 12 bedste vises"),
])
def test_count_text(engine, total, shown, text):
    assert engine.evaluate("([t, s]) => window.HandbookSearch.countText(t, s)", [total, shown]) == text
