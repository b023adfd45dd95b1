"""The index builder: normalisation, tokens, documents and the written script."""

from __future__ import annotations

import json

import pytest

from handbook.site.context import BuildContext, PageRecord
from handbook.site.search import (
    CONTACT,
    F_BODY,
    F_CONTEXT,
    F_HEADING,
    F_TITLE,
    PAGE,
    SECTION,
    build_index,
    fold,
    index_script,
    phone_digits,
    tokens,
    write_search_index,
)


def decode(index: dict) -> dict[str, dict[int, int]]:
    """term → {doc: field}, undoing the delta coding."""
    out = {}
    for term, row in zip(index["w"], index["i"]):
        doc, postings = 0, {}
        for value in row:
            doc += value >> 2
            postings[doc] = value & 3
        out[term] = postings
    return out


def docs_by_anchor(index: dict) -> dict[str, list]:
    return {d[1]: d for d in index["d"]}


# -- normalisation and tokens ------------------------------------------------

@pytest.mark.parametrize("text, folded", [
    ("Æblegrød", "aeblegroed"),
    ("ØSTERBRO Åbenrå", "oesterbro aabenraa"),
    ("Kjærgaard", "kjaergaard"),
    ("Lützen Café naïve", "lutzen cafe naive"),
    ("Straße", "strasse"),
    ("e\u0301", "e"),  # a decomposed accent is dropped too
])
def test_fold_spells_out_danish_letters_and_drops_accents(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("text, expected", [
    ("tlf. 72 36 14 48", ["tlf", "72361448"]),
    ("+45 72 36 14 48", ["72361448"]),
    ("0045 72361448", ["72361448"]),
    ("7236 1448", ["72361448"]),
    ("72\u00a036\u00a014\u00a048", ["72361448"]),
    ("72 36 14 48 46 35 14 48", ["72361448", "46351448"]),
    ("Politi 114 eller tlf. 46 35 14 48", ["politi", "114", "eller", "tlf", "46351448"]),
    ("trin 1 2 3 og 10 20", ["trin", "1", "2", "3", "og", "10", "20"]),
    ("IT-nedbrud", ["it", "nedbrud"]),
    ("IKT’er og AUBO's", ["ikt", "er", "og", "aubo", "s"]),
    ("Fasit/Nexus", ["fasit", "nexus"]),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize("href, digits", [
    ("tel:+4572361448", "72361448"),
    ("tel:114", "114"),
    ("tel:+4533", "33"),
    ("tel:", None),
])
def test_phone_digits(href, digits):
    assert phone_digits(href) == digits


# -- documents ---------------------------------------------------------------

PLAN_HTML = """
<h1 id="it-nedbrud">IT-nedbrud<a class="headerlink" href="#it-nedbrud">¶</a></h1>
<p>Indledning om planen.</p>
<h2 id="situation">Situation</h2>
<p>Hvis <strong>Fasit</strong>/Nexus går ned.</p>
<h4>Uden id</h4><p>Mere tekst.</p>
<h2 id="handling">Handling</h2>
<h3 id="straks">Straks</h3>
<ul><li>Ring til <a href="tel:+4572361448">72 36 14 48</a>.</li></ul>
<script>var skjult = "scriptord";</script>
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


@pytest.fixture
def index():
    return build_index([
        PageRecord("planer/aubo/it-nedbrud.html", "IT-nedbrud", "plan", PLAN_HTML),
        PageRecord("kontakter.html", "Kontakter", "contacts", CONTACTS_HTML),
    ])


def test_pages_keep_url_title_and_kind(index):
    assert index["p"] == [["planer/aubo/it-nedbrud.html", "IT-nedbrud", "plan"],
                          ["kontakter.html", "Kontakter", "contacts"]]


def test_page_and_sections_split_the_text_without_repeating_it(index):
    docs = docs_by_anchor(index)
    page = index["d"][0]
    assert page[:3] == [0, "", "IT-nedbrud"] and page[4] == PAGE
    assert page[3] == "Indledning om planen."  # no h1, no permalink sign
    assert docs["situation"][2:] == ["Situation", "Hvis Fasit/Nexus går ned. Uden id Mere tekst.", SECTION]
    assert docs["handling"][3] == ""
    assert docs["straks"][2:] == ["Straks", "Ring til 72 36 14 48.", SECTION]
    assert "scriptord" not in json.dumps(index)


def test_contact_entries_are_documents_named_by_their_first_cell(index):
    docs = docs_by_anchor(index)
    assert docs["claus-mercebach"][2] == "Claus Mercebach"
    assert docs["claus-mercebach"][4] == CONTACT
    assert docs["stabsleder"][2] == "Stabsleder"  # the "vakant" badge is not a name
    assert "vakant" in docs["stabsleder"][3]
    assert docs["pressetelefon"][2] == "Pressetelefonen"
    assert docs["x"][2] == "Titel fra attribut"
    assert docs["ledelsen"][2:] == ["Ledelsen", "Alle ledere i området. Uden id: hører til gruppen.", CONTACT]


def test_contact_text_is_not_repeated_in_its_section(index):
    assert "Mercebach" not in docs_by_anchor(index)["personer"][3]


def test_fields_title_heading_body_context(index):
    postings = decode(index)
    number = {d[1]: n for n, d in enumerate(index["d"]) if d[1]}
    assert postings["nedbrud"][0] == F_TITLE
    assert postings["nedbrud"][number["situation"]] == F_CONTEXT
    assert postings["situation"][number["situation"]] == F_HEADING
    assert postings["fasit"] == {number["situation"]: F_BODY}
    assert postings["mercebach"][number["claus-mercebach"]] == F_TITLE
    assert postings["72369245"][number["claus-mercebach"]] == F_TITLE  # its own number
    assert postings["11111111"][number["afdelingsleder"]] == F_BODY    # a list of holders' numbers
    assert postings["72361448"] == {number["straks"]: F_BODY}


def test_vocabulary_is_sorted_and_unique(index):
    assert index["w"] == sorted(set(index["w"]))
    assert len(index["w"]) == len(index["i"])


def test_index_script_sets_a_global_and_escapes_line_separators():
    script = index_script({"v": 1, "d": [[0, "", "a\u2028b", "", 0]]})
    assert script.startswith("window.__HANDBOOK_SEARCH={")
    assert script.endswith("};\n")
    assert "\u2028" not in script and "\\u2028" in script
    assert json.loads(script[len("window.__HANDBOOK_SEARCH="):-2])["d"][0][2] == "a\u2028b"


def test_hostile_text_stays_text():
    html = '<h2 id="x">&lt;img src=x onerror=alert(1)&gt;</h2><p>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>'
    index = build_index([PageRecord("a.html", "<b>", "other", html)])
    assert index["d"][1][2] == "<img src=x onerror=alert(1)>"
    assert index["d"][1][3] == "</script><script>alert(2)</script>"


def test_write_search_index(tmp_path):
    ctx = BuildContext(root=tmp_path, model=None, build=None, site_dir=tmp_path / "site",
                       dist_dir=tmp_path / "dist",
                       pages=[PageRecord("index.html", "Forside", "front", "<p>Hej</p>")])
    path = write_search_index(ctx)
    assert path == tmp_path / "site" / "search" / "handbook-index.js"
    assert "Forside" in path.read_text(encoding="utf-8")


# -- the seed handbook ---------------------------------------------------------

def test_seed_index_has_every_contact_and_stays_small(search_site, seed_build):
    text = (search_site / "search" / "handbook-index.js").read_text(encoding="utf-8")
    index = json.loads(text[len("window.__HANDBOOK_SEARCH="):-2])
    contacts = {d[1]: d[2] for d in index["d"] if d[4] == CONTACT}
    model = seed_build.model
    for cid in list(model.people) + list(model.services) + list(model.roles):
        assert cid in contacts, cid
    assert contacts["claus-mercebach"] == "Claus Mercebach"
    assert contacts["it-support"] == "Holbæk kommunes IT-support"
    # Every page's text at most once, plus the vocabulary: well under twice the pages' text.
    page_text = sum(len(p.html) for p in seed_build.pages)
    assert len(text.encode()) < page_text


def test_contact_lines_in_pages_are_searchable_but_not_stored_twice():
    html = ('<h2 id="alarmering">Alarmering</h2><p>Ring straks.</p>'
            '<ul class="hb-contact-list"><li><span class="hb-name">Områdeleder '
            '<a href="../../kontakter.html#claus-mercebach">Claus Mercebach</a></span> tlf. '
            '<a class="hb-tel" href="tel:+4572369245">72 36 92 45</a></li></ul>')
    index = build_index([PageRecord("plan.html", "Plan", "plan", html)])
    section = docs_by_anchor(index)["alarmering"]
    assert section[3] == "Ring straks."
    postings = decode(index)
    assert postings["mercebach"] == {1: F_BODY}
    assert postings["72369245"] == {1: F_BODY}


def test_pages_that_repeat_plan_text_give_only_their_title_and_headings():
    step = "<li>Administrator informeres straks om nedbrud.</li>"
    index = build_index([
        PageRecord("plan.html", "IT-nedbrud", "plan", f'<h3 id="straks">Straks</h3><ul>{step}</ul>'),
        PageRecord("kort.html", "Handlingskort: IT-nedbrud", "card", f"<ul>{step}</ul>"),
        PageRecord("rolle.html", "Hvad gør jeg som Administrator?", "role",
                   f'<h1 id="t">Hvad gør jeg</h1><h2 class="x" id="plan-it-nedbrud">IT-<em>nedbrud</em> &amp; mere</h2>'
                   f'<ul>{step}</ul><h2>Uden id</h2><h3 id="tom"></h3>'),
    ])
    assert [d[1:] for d in index["d"]] == [
        ["", "IT-nedbrud", "", PAGE],
        ["straks", "Straks", "Administrator informeres straks om nedbrud.", SECTION],
        ["", "Handlingskort: IT-nedbrud", "", PAGE],
        ["", "Hvad gør jeg som Administrator?", "", PAGE],
        ["plan-it-nedbrud", "IT-nedbrud & mere", "", SECTION],
    ]
    postings = decode(index)
    assert postings["informeres"] == {1: F_BODY}
    assert postings["administrator"][3] == F_TITLE
    assert postings["mere"] == {4: F_HEADING}
