"""The search engine in handbook/site/assets/search-*.js, run in Chromium on small indexes built by the build."""

from __future__ import annotations

import re

import pytest

from handbook.site.context import PageRecord

from .minisite import index_site

pytestmark = pytest.mark.browser

SEARCH = """async ([q, limit]) => {
  const r = await window.HandbookSearch.open('search/handbook-index.js').search(q, limit);
  return {total: r.total, partial: r.partial, urls: r.hits.map(h => h.url)};
}"""


@pytest.fixture(scope="module")
def browser_context(chromium):
    context = chromium.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    yield context
    context.close()


class Engine:
    """A page with an index of given pages; ``urls(query)`` gives the results best first."""

    def __init__(self, context, folder, pages):
        self.page = context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(index_site(folder, pages).as_uri())

    def result(self, query: str, limit: int = 0) -> dict:
        return self.page.evaluate(SEARCH, [query, limit])

    def urls(self, query: str) -> list[str]:
        return self.result(query)["urls"]


def page(url, title, html, kind="other"):
    return PageRecord(url, title, kind, html)


@pytest.fixture(scope="module")
def ranked(browser_context, tmp_path_factory):
    """Pages where words sit in a title, a heading, a body, and a contact's name and number."""
    return Engine(browser_context, tmp_path_factory.mktemp("ranked"), [
        page("a.html", "Andet", "<p>Beredskab nævnes her i brødteksten.</p>"),
        page("b.html", "Bemanding", '<h2 id="beredskab">Beredskab</h2><p>Om vagter.</p>'),
        page("c.html", "Beredskab", "<p>Forside for beredskab.</p>"),
        page("d.html", "Beredskabsplaner", "<p>Liste.</p>"),
        page("e.html", "Systemnedbrud", "<p>Når systemet er nede.</p>"),
        page("f.html", "Strømsvigt", "<p>Vedvarende strømsvigt. Generatoren kører.</p>"),
        page("kontakter.html", "Kontakter",
             '<h2 id="personer">Personer</h2><table><tr class="hb-contact" id="claus-mercebach">'
             '<td>Claus Mercebach</td><td><a href="tel:+4572369245">72 36 92 45</a></td></tr>'
             '<tr class="hb-contact" id="politi"><td>Politiet</td><td><a href="tel:114">114</a>'
             ' <a href="tel:112">112</a></td></tr>'
             '<tr class="hb-contact" id="it-support"><td>IT-support</td>'
             '<td><a href="tel:+4572361448">72 36 14 48</a></td></tr></table>', "contacts"),
        page("plan.html", "IT-nedbrud",
             '<h2 id="alarmering">Alarmering</h2><p>Ring til Claus Mercebach på 72 36 92 45 '
             "eller IT-support på 72 36 14 48. Ring til politiet på 112 eller 114.</p>"
             '<h2 id="handling">Handling</h2><p>Trin 2 3 følges. Administratoren informeres.</p>', "plan"),
        page("index.html", "Forside", '<h2 id="noeglenumre">Nøglenumre</h2><p>Politiet 114.</p>', "front"),
    ])


def test_title_beats_heading_beats_body_and_exact_beats_prefix(ranked):
    assert ranked.urls("beredskab") == ["c.html", "d.html", "b.html#beredskab", "a.html"]


def test_word_forms_and_letters_typed_without_danish_letters(ranked):
    assert ranked.urls("stromsvigtet")[0] == "f.html"
    assert ranked.urls("generatorer") == ["f.html"]
    assert ranked.urls("administrator") == ["plan.html#handling"]


def test_inside_compound_words_with_a_lower_weight(ranked):
    assert ranked.urls("nedbrud")[:2] == ["plan.html", "e.html"]  # a word of the title, then inside a title
    assert ranked.urls("svigt") == ["f.html"]
    assert ranked.urls("ndbr") == []


def test_typos_one_edit_from_five_letters_two_from_nine(ranked):
    assert ranked.urls("Mercebak")[0] == "kontakter.html#claus-mercebach"   # 1 edit, 8 letters
    assert ranked.urls("Mrecebahc")[0] == "kontakter.html#claus-mercebach"  # 2 edits, 9 letters
    assert ranked.urls("Mrecebxc") == []                                      # 2 edits, 8 letters
    assert ranked.urls("Clasu")[0] == "kontakter.html#claus-mercebach"      # 1 edit, 5 letters
    assert ranked.urls("Cluas") == ranked.urls("Clasu")
    assert ranked.urls("vgte") == []                                          # 4 letters: no typos


def test_typos_rank_below_exact_and_prefix_matches(ranked):
    # "beredskab" typed with one letter wrong still finds it, but an exact match of another word comes first.
    assert ranked.urls("beredskob")[:1] == ["c.html"]
    assert ranked.urls("vagte") == ["b.html#beredskab"]


def test_every_word_must_match_and_stopwords_do_not_count(ranked):
    assert ranked.urls("claus alarmering") == ["plan.html#alarmering"]
    assert ranked.urls("til claus på alarmering") == ["plan.html#alarmering"]


def test_a_query_of_stopwords_only_searches_them(ranked):
    assert "plan.html#alarmering" in ranked.urls("til")


def test_some_words_when_no_page_has_all(ranked):
    result = ranked.result("claus xyzzy")
    assert result["partial"] is True and result["urls"][0] == "kontakter.html#claus-mercebach"
    assert ranked.result("xyzzy qwerty") == {"total": 0, "partial": False, "urls": []}


def test_contact_entry_first_for_its_name_and_number(ranked):
    for query in ("Mercebach", "72 36 92 45", "72369245", "+45 72 36 92 45", "7236 9245"):
        assert ranked.urls(query)[:2] == ["kontakter.html#claus-mercebach", "plan.html#alarmering"], query
    assert ranked.urls("72 36 14 48")[0] == "kontakter.html#it-support"


def test_numbers_are_found_however_they_are_spaced(ranked):
    assert ranked.urls("112 114")[0] == "kontakter.html#politi"
    assert ranked.urls("trin 2 3") == ["plan.html#handling"]
    assert ranked.urls("72 36 9")[0] == "kontakter.html#claus-mercebach"  # typed halfway


def test_questions_about_whom_to_call(ranked):
    assert ranked.urls("ring til politiet")[0] == "kontakter.html#politi"
    assert ranked.urls("hvem ringer jeg til")[:2] == ["index.html#noeglenumre", "kontakter.html"]


def test_limit_keeps_the_total(ranked):
    result = ranked.result("beredskab", 2)
    assert result["total"] == 4 and len(result["urls"]) == 2
    assert ranked.errors == []


@pytest.mark.parametrize("q, word, k, distance", [
    ("mercebak", "mercebach", 1, 1), ("mrecebach", "mercebach", 2, 1), ("merceb", "mercebach", 1, 0),
    ("fasit", "fastlagt", 1, -1), ("dorhte", "dorthe", 1, 1), ("abcde", "xyz", 1, -1), ("kyed", "kyd", 1, 1),
])
def test_typo_distance(engine, q, word, k, distance):
    assert engine.evaluate("([q, w, k]) => window.HandbookSearch.typoDistance(q, w, k)", [q, word, k]) == distance


@pytest.mark.parametrize("text, query, marked", [
    ("Områdeleder Claus Mercebach tlf. 72 36 92 45", "merc", ["Mercebach"]),
    ("Områdeleder Claus Mercebach tlf. 72 36 92 45", "72369245", ["72 36 92 45"]),
    ("Afdelingsleder Janne Næsborg", "naesb", ["Næsborg"]),
    ("Ring til politiet straks", "politi", ["politiet"]),
])
def test_snippet_marks_the_words_that_matched(engine, text, query, marked):
    pieces = engine.evaluate("""([t, q]) => {
        const S = window.HandbookSearch, keys = {};
        S.analyze(t).forEach(x => { S.analyze(q).forEach(y => { if (x.key.startsWith(y.key)) keys[x.key] = true; }); });
        return S.snippet(t, keys); }""", [text, query])
    assert "".join(p["text"] for p in pieces) == text
    assert [p["text"] for p in pieces if p["mark"]] == marked


def test_snippet_of_long_text_is_cut_around_the_match(engine):
    text = " ".join(["fyld"] * 100) + " Fasit " + " ".join(["mere"] * 100)
    pieces = engine.evaluate("([t]) => window.HandbookSearch.snippet(t, {fasit: true})", [text])
    joined = "".join(p["text"] for p in pieces)
    assert joined.startswith("… ") and joined.endswith(" …") and len(joined) < 200
    assert [p["text"] for p in pieces if p["mark"]] == ["Fasit"]


@pytest.mark.parametrize("total, shown, text", [
    (0, 0, "Ingen resultater"), (1, 1, "1 resultat"), (3, 3, "3 resultater"),
    (40, 12, "40 resultater – de 12 bedste vises"),
])
def test_count_text(engine, total, shown, text):
    assert engine.evaluate("([t, s]) => window.HandbookSearch.countText(t, s)", [total, shown]) == text


def test_a_part_from_another_edition_is_not_used(browser_context, tmp_path):
    engine = Engine(browser_context, tmp_path / "stale", [page("a.html", "Beredskab", "<p>Tekst.</p>")])
    part = tmp_path / "stale" / "search" / "t-b.js"
    part.write_text(re.sub(r'"D":\d+', '"D":99', part.read_text(encoding="utf-8")), encoding="utf-8")
    assert engine.urls("beredskab") == []
    assert engine.page.evaluate("window.HandbookSearch.open('').store.stale") is True
