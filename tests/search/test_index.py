"""The index builder: folding, stemming, documents, postings and the files the browser loads."""

from __future__ import annotations

import json

import pytest

from handbook.site.context import BuildContext, PageRecord
from handbook.site.search import INDEX_PATH, STEMMER, build_files, write_search_index
from handbook.site.search.analysis import Analyzer, skeleton, spell
from handbook.site.search.documents import CONTACT, PAGE, SECTION, read_page
from handbook.site.search.index import F_BODY, F_CONTEXT, F_HEADING, F_TITLE, index_segment, phone_digits, read_pages
from handbook.site.search.parts import ALPHABET, decode_postings, encode_postings, shard_of


def load(script: str, prefix: str):
    """The JSON inside a head or part script."""
    if script.startswith("window.__HANDBOOK_SEARCH="):
        return json.loads(script[len("window.__HANDBOOK_SEARCH="):-2])
    name, _, data = script[len("window.__HANDBOOK_SEARCH_PART("):-3].partition(",")
    assert json.loads(name) == prefix
    return json.loads(data)


# -- folding and stemming ----------------------------------------------------------

@pytest.mark.parametrize("typed, written", [
    ("hojvang", "Højvang"), ("hoejvang", "Højvang"), ("naesborg", "Næsborg"), ("nasborg", "Næsborg"),
    ("aabenraa", "Åbenrå"), ("abenra", "Åbenrå"), ("lutzen", "Lützen"), ("cafe", "Café"),
    ("arhus", "Århus"), ("osterreich", "Österreich"), ("kjaergaard", "Kjærgaard"),
])
def test_letters_typed_without_danish_letters_meet_the_written_word(typed, written):
    analyzer = Analyzer()
    assert analyzer.keys(typed) == analyzer.keys(written)


def test_folding_does_not_make_different_letters_equal_beyond_the_danish_ones():
    analyzer = Analyzer()
    assert analyzer.keys("berg") != analyzer.keys("borg")
    assert analyzer.keys("Hansen") != analyzer.keys("Hanson")


def test_spell_and_skeleton():
    assert spell("ÆBLEGRØD") == ["æblegrød"]
    assert spell("Aalborg") == ["ålborg"]
    assert spell("e\u0301") == ["e"]
    assert spell("½") == ["1", "2"]
    assert skeleton("æøå") == "aoa"


@pytest.mark.parametrize("forms", [
    "politi politiet politiets", "superbruger superbrugere superbrugerne", "medarbejder medarbejderen medarbejdere",
    "nedbrud nedbruddet", "kriseleder kriselederen", "mødested mødestedet",
])
def test_danish_word_forms_share_one_term(forms):
    analyzer = Analyzer()
    keys = [analyzer.keys(w) for w in forms.split()]
    assert all(k == keys[0] for k in keys), keys


def test_stopwords_are_marked_not_dropped():
    tokens = Analyzer().tokens("hvem ringer jeg til")
    assert [(t.key, t.flag) for t in tokens] == [("hvem", "s"), ("ring", ""), ("jeg", "s"), ("til", "s")]


@pytest.mark.parametrize("href, digits", [
    ("tel:+4572361448", "72361448"), ("tel:114", "114"), ("tel:+4533", "33"), ("tel:", None),
])
def test_phone_digits(href, digits):
    assert phone_digits(href) == digits


# -- documents -----------------------------------------------------------------------

PLAN_HTML = """
<h1 id="it-nedbrud">IT-nedbrud<a class="headerlink" href="#it-nedbrud">¶</a></h1>
<p>Indledning om planen. Udgave 2026.01.01-abc1234</p>
<h2 id="situation">Situation</h2>
<p>Hvis <strong>Fasit</strong>/Nexus går ned.</p>
<h4>Uden id</h4><p>Mere tekst.</p>
<h2 id="handling">Handling</h2>
<h3 id="straks">Straks</h3>
<ul><li><span class="hb-text">Ring til <a href="tel:+4572361448">72 36 14 48</a>.</span>
<span class="hb-who"><a class="hb-role" href="a.html">Administrator</a><a class="hb-role" href="b.html">IKT’er</a></span></li></ul>
<script>var skjult = "scriptord";</script>
<div class="hb-contact-list"><p>Claus Mercebach tlf. 72 36 92 45</p></div>
"""

CONTACTS_HTML = """
<h1 id="kontakter">Kontakter</h1>
<h2 id="personer">Personer</h2>
<table><tbody>
<tr class="hb-contact" id="claus-mercebach"><td>Claus Mercebach</td><td>Områdeleder</td>
<td><a class="hb-tel" href="tel:+4572369245">72 36 92 45</a></td></tr>
<tr class="hb-contact" id="stabsleder"><td><span class="hb-vacant">vakant</span></td><td>Stabsleder</td></tr>
</tbody></table>
<ul>
<li class="hb-contact" id="pressetelefon"><span class="hb-name">Pressetelefonen</span>
 tlf. <a href="tel:+4572363448">72 36 34 48</a></li>
<li class="hb-contact" id="x" data-hb-title="Titel fra attribut"><span class="hb-name">Ignoreret</span></li>
<li class="hb-contact" id="afdelingsleder"><span class="hb-name">Afdelingsleder</span>
 <a href="tel:+4511111111">11 11 11 11</a> <a href="tel:+4522222222">22 22 22 22</a>
 <a href="tel:+4533333333">33 33 33 33</a> <a href="tel:+4544444444">44 44 44 44</a></li>
</ul>
<h3 class="hb-contact" id="ledelsen">Ledelsen</h3>
<p>Alle ledere i området.</p>
<p class="hb-contact">Uden id: hører til gruppen.</p>
"""


def docs_of(html: str, title: str = "Side"):
    docs, h1 = read_page(0, title, html)
    return {d.anchor: d for d in docs}, h1


def test_a_page_splits_into_its_page_and_sections_without_repeating_text():
    docs, h1 = docs_of(PLAN_HTML, "IT-nedbrud")
    assert h1 == "IT-nedbrud"
    assert list(docs) == ["", "situation", "handling", "straks"]
    assert docs[""].type == PAGE and docs[""].text == "Indledning om planen. Udgave 2026.01.01-abc1234"
    assert docs["situation"].type == SECTION and docs["situation"].title == "Situation"
    assert docs["situation"].text == "Hvis Fasit/Nexus går ned. Uden id Mere tekst."
    assert docs["handling"].text == ""
    assert "scriptord" not in docs["straks"].all_text


def test_role_chips_are_words_of_their_own():
    docs, _ = docs_of(PLAN_HTML)
    assert "Administrator IKT’er" in docs["straks"].text


def test_text_that_repeats_other_documents_is_searchable_not_stored():
    docs, _ = docs_of(PLAN_HTML)
    assert "Mercebach" not in docs["straks"].text
    assert "Mercebach" in docs["straks"].all_text


def test_contact_entries_are_named_by_their_name_first_cell_or_attribute():
    docs, _ = docs_of(CONTACTS_HTML, "Kontakter")
    assert docs["claus-mercebach"].type == CONTACT and docs["claus-mercebach"].title == "Claus Mercebach"
    assert docs["stabsleder"].title == "Stabsleder"  # the "vakant" badge is not a name
    assert "vakant" in docs["stabsleder"].text
    assert docs["pressetelefon"].title == "Pressetelefonen"
    assert docs["x"].title == "Titel fra attribut"
    assert docs["ledelsen"].title == "Ledelsen"
    assert docs["ledelsen"].text == "Alle ledere i området. Uden id: hører til gruppen."
    assert "Mercebach" not in docs["personer"].text  # the entry's text is not repeated in its section


def test_contact_entries_keep_their_numbers_as_shown_and_as_links():
    docs, _ = docs_of(CONTACTS_HTML)
    assert docs["claus-mercebach"].numbers == [("72 36 92 45", "tel:+4572369245")]
    assert len(docs["afdelingsleder"].numbers) == 4


def test_hostile_text_stays_text():
    html = ('<h2 id="x">&lt;img src=x onerror=alert(1)&gt;</h2>'
            '<p>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>')
    docs, _ = docs_of(html)
    assert docs["x"].title == "<img src=x onerror=alert(1)>"
    assert docs["x"].text == "</script><script>alert(2)</script>"


def test_unusual_quoting_is_read_too():
    docs, _ = docs_of("<h2 id='a'>A</h2><p class=hb-noindex>skjult</p><p>synlig</p>")
    assert docs["a"].title == "A" and docs["a"].text == "synlig"


# -- postings --------------------------------------------------------------------------

def segment(*records: PageRecord, drop=()):
    analyzer = Analyzer()
    return index_segment(read_pages(list(records), drop), analyzer), analyzer


def postings(seg, analyzer, word: str) -> dict[int, int]:
    (key,) = analyzer.keys(word)
    return seg.postings.get(key, {})


def test_fields_title_heading_context_body():
    seg, a = segment(PageRecord("plan.html", "IT-nedbrud", "plan", PLAN_HTML),
                     PageRecord("kontakter.html", "Kontakter", "contacts", CONTACTS_HTML))
    number = {d.anchor: n for n, d in enumerate(seg.docs) if d.anchor}
    assert postings(seg, a, "nedbrud")[0] == F_TITLE
    assert postings(seg, a, "nedbrud")[number["situation"]] == F_CONTEXT
    assert postings(seg, a, "situation")[number["situation"]] == F_HEADING
    assert postings(seg, a, "fasit") == {number["situation"]: F_BODY}
    assert postings(seg, a, "Mercebach")[number["claus-mercebach"]] == F_TITLE
    assert seg.postings["72369245"][number["claus-mercebach"]] == F_TITLE  # its own number
    assert seg.postings["11111111"][number["afdelingsleder"]] == F_BODY  # a list of holders' numbers
    assert seg.postings["72361448"] == {number["straks"]: F_BODY}


def test_the_editions_version_is_no_content():
    seg, a = segment(PageRecord("plan.html", "IT-nedbrud", "plan", PLAN_HTML), drop=("2026.01.01-abc1234",))
    assert not postings(seg, a, "abc1234")
    assert "abc1234" not in seg.docs[0].text


def test_an_area_pages_short_name_weighs_like_its_title():
    html = '<h1 id="a">Sundhed og Omsorg (SO)</h1><h2 id="krisestab">Krisestab</h2><p>Kriseleder: Bo Berg</p>'
    seg, a = segment(PageRecord("planer/sundhed/index.html", "Sundhed og Omsorg", "area", html))
    assert postings(seg, a, "SO") == {0: F_TITLE, 1: F_CONTEXT}


def test_the_key_numbers_and_the_contacts_page_answer_whom_to_call():
    front = '<h2 id="straks">Straks</h2><p>Først.</p><h2 id="noeglenumre">Nøglenumre</h2><p>112</p>'
    seg, _ = segment(PageRecord("index.html", "Forside", "front", front),
                     PageRecord("kontakter.html", "Kontakter", "contacts", CONTACTS_HTML))
    assert [(seg.docs[d].anchor, seg.pages[seg.docs[d].page].url) for d in seg.key_docs] == [
        ("noeglenumre", "index.html"), ("", "kontakter.html")]


# -- the files -------------------------------------------------------------------------

@pytest.mark.parametrize("postings_", [{0: 3}, {0: 1, 1: 0, 7: 2}, {5: 3, 1000: 1, 123456: 0}])
def test_posting_lists_encode_and_decode(postings_):
    text = encode_postings(postings_)
    assert set(text) <= set(ALPHABET)
    assert decode_postings(text) == postings_


PAGES = [
    PageRecord("index.html", "Forside", "front",
               '<h2 id="noeglenumre">Nøglenumre</h2><ul class="hb-contact-list"><li>Politi 114</li></ul>'),
    PageRecord("kontakter.html", "Kontakter", "contacts", CONTACTS_HTML),
    PageRecord("planer/aubo/it-nedbrud.html", "IT-nedbrud", "plan", PLAN_HTML, area="aubo"),
    PageRecord("aendringer.html", "Ændringer", "other", "<p>Udgave 2 sammenlignet med udgave 1: Claus ændret.</p>"),
]


@pytest.fixture(scope="module")
def files():
    return build_files(PAGES, version="2026.01.01-abc1234").files


def test_the_head_lists_pages_documents_and_vocabulary(files):
    head = load(files["handbook-index.js"], "")
    assert [p[0] for p in head["p"]] == ["index.html", "kontakter.html", "planer/aubo/it-nedbrud.html"]
    assert head["p"][2][3] == "x-aubo-0"
    pairs = [head["a"][code >> 1] for code in head["p"][2][4]]
    assert pairs == [["situation", "Situation"], ["handling", "Handling"], ["straks", "Straks"]]
    words = [line.split("\t")[0] for line in head["w"].split("\n")]
    assert words == sorted(words) and "mercebach" in words
    assert "plan\ten" in head["w"].split("\n")  # a stem and the rest of its longest word ("planen")
    assert not any(w[0].isdigit() for w in words)  # numbers live in their own parts
    assert "til" not in words and "og" not in words  # so do stopwords
    assert head["D"] == sum(1 + len(p[4]) for p in head["p"])


def test_letter_parts_hold_the_postings_of_the_heads_words_in_order(files):
    head = load(files["handbook-index.js"], "")
    words = [line.split("\t")[0] for line in head["w"].split("\n")]
    for name in [n for n in files if n.startswith("t-")]:
        letter = name[2:-3]
        part = load(files[name], f"t-{letter}")
        mine = [w for w in words if shard_of(w) == letter]
        assert part["n"] == len(mine) and part["f"] == mine[0] and part["D"] == head["D"]
        assert len(part["i"]) == len(mine)


def test_numbers_stopwords_and_texts_have_parts_of_their_own(files):
    digits = load(files["d-7.js"], "d-7")
    assert "72369245" in digits["w"]
    stops = load(files["s-t.js"], "s-t")
    assert "til" in stops["w"]
    texts = load(files["x-contacts-0.js"], "x-contacts-0")["x"]["kontakter.html"]
    assert ["Claus Mercebach Områdeleder 72 36 92 45", "72 36 92 45", "tel:+4572369245"] in texts
    assert all(not isinstance(t, list) or len(t) <= 7 for t in texts)  # no tel: links for a list of holders


def test_the_change_log_is_a_segment_of_its_own(files):
    head = load(files["handbook-index.js"], "")
    assert "aendringer.html" not in [p[0] for p in head["p"]]
    changes = load(files["changes.js"], "changes")
    assert changes["p"][0][0] == "aendringer.html" and "sammenlign" in changes["w"]


def test_equal_pages_give_equal_bytes(files):
    assert build_files(PAGES, version="2026.01.01-abc1234").files == files
    # Another edition of the same content: the pages print its version, the index does not hold it.
    other = [PageRecord(p.url, p.title, p.kind, p.html.replace("2026.01.01-abc1234", "2026.02.02-def5678"),
                        area=p.area) for p in PAGES]
    assert build_files(other, version="2026.02.02-def5678").files == files


def test_scripts_escape_line_separators():
    files = build_files([PageRecord("a.html", "a\u2028b", "other", "<p>x\u2029y</p>")]).files
    assert "\u2028" not in files["handbook-index.js"] and "\\u2028" in files["handbook-index.js"]
    assert all("\u2029" not in text for text in files.values())


def test_write_search_index(tmp_path):
    ctx = BuildContext(root=tmp_path, model=None, build=None, site_dir=tmp_path / "site",
                       dist_dir=tmp_path / "dist",
                       pages=[PageRecord("index.html", "Forside", "front", "<p>Hej</p>")])
    path = write_search_index(ctx)
    assert path == tmp_path / "site" / INDEX_PATH
    assert "Forside" in path.read_text(encoding="utf-8")
    assert (tmp_path / "site" / "search" / STEMMER).read_text(encoding="utf-8").startswith("/* The Snowball")


# -- the seed handbook ---------------------------------------------------------------

def test_seed_index_has_every_contact(search_site, seed_build):
    head = load((search_site / INDEX_PATH).read_text(encoding="utf-8"), "")
    contacts = {}
    for page in head["p"]:
        for code in page[4]:
            if code & 1:
                anchor, title = head["a"][code >> 1]
                contacts[anchor] = title
    model = seed_build.model
    for cid in list(model.people) + list(model.services) + list(model.roles):
        assert cid in contacts, cid
    assert contacts["claus-mercebach"] == "Claus Mercebach"
    assert contacts["it-support"] == "Holbæk kommunes IT-support"
