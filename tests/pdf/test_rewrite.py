"""Page HTML rewritten for print: document-wide ids, in-document links, destinations."""

from __future__ import annotations

from handbook.pdf.rewrite import GO_PREFIX, element_gid, link_targets, page_gid, resolve, rewrite

KNOWN = {"kontakter.html", "planer/aubo/it-nedbrud.html", "roller/chef.html"}


def test_resolve_relative_links():
    assert resolve("planer/aubo/it-nedbrud.html", "../../kontakter.html#baris-atak") == ("kontakter.html", "baris-atak")
    assert resolve("planer/aubo/it-nedbrud.html", "#situation") == ("planer/aubo/it-nedbrud.html", "situation")
    assert resolve("index.html", "planer/aubo/") == ("planer/aubo/index.html", "")
    assert resolve("index.html", "tel:+4572366363") is None
    assert resolve("index.html", "https://example.org/x") is None


def test_links_point_into_the_document_and_ids_become_global():
    html = ('<h1 id="it-nedbrud">IT-nedbrud</h1><h2 id="situation">Situation</h2>'
            '<p><a href="../../kontakter.html#baris-atak">Baris</a> <a href="tel:+4572369491">72 36 94 91</a>'
            ' <a href="../../aendringer.html">Ændringer</a> <a href="../../handbook.pdf">PDF</a>'
            ' <a href="#situation" onclick="x()">op</a></p>')
    url = "planer/aubo/it-nedbrud.html"
    ch = rewrite(url, html, "IT-nedbrud", KNOWN, {element_gid(url, "situation")})
    assert f'href="{GO_PREFIX}{element_gid("kontakter.html", "baris-atak")}"' in ch.html
    assert 'href="tel:+4572369491"' in ch.html
    assert "aendringer" not in ch.html and "onclick" not in ch.html  # left-out page: text stays, link goes
    assert f'id="{page_gid(url)}"' in ch.html and f'id="{element_gid(url, "situation")}"' in ch.html
    assert [(h.level, h.text) for h in ch.headings] == [(1, "IT-nedbrud"), (2, "Situation")]
    # Headings carry a self-link so Chromium writes a named destination for them.
    assert f'href="#{page_gid(url)}"' in ch.html
    assert ch.targets == {element_gid("kontakter.html", "baris-atak"), element_gid(url, "situation")}


def test_targets_in_table_rows_get_their_destination_in_the_first_cell():
    html = '<h1>Kontakter</h1><table><tbody><tr id="baris-atak"><td>Baris Atak</td></tr></tbody></table>'
    gid = element_gid("kontakter.html", "baris-atak")
    ch = rewrite("kontakter.html", html, "Kontakter", KNOWN, {gid})
    assert f'<tr id="{gid}"><td><a class="hb-dest" href="#{gid}"' in ch.html


def test_a_page_without_h1_gets_its_title_and_extra_h1_become_h2():
    ch = rewrite("roller/chef.html", "<p>x</p>", "Hvad gør jeg som Chef?", KNOWN, set())
    assert ch.html.startswith(f'<h1 id="{page_gid("roller/chef.html")}">')
    assert ch.headings[0].text == "Hvad gør jeg som Chef?"
    ch = rewrite("roller/chef.html", '<h1 id="a">A</h1><h1 id="b">B</h1>', "A", KNOWN, set())
    assert [(h.level, h.text) for h in ch.headings] == [(1, "A"), (2, "B")]
    assert "<h2" in ch.html and ch.html.count("<h1") == 1


def test_text_is_escaped_again():
    ch = rewrite("kontakter.html", "<h1>K</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>", "K", KNOWN, set())
    assert "&lt;script&gt;" in ch.html and "<script>" not in ch.html and "&amp; co" in ch.html


def test_link_targets_finds_targets_on_known_pages_only():
    html = '<a href="../../kontakter.html#x">x</a> <a href="../../other.html">o</a> <a href="#situation">s</a>'
    url = "planer/aubo/it-nedbrud.html"
    assert link_targets(url, html, KNOWN) == {element_gid("kontakter.html", "x"), element_gid(url, "situation")}
