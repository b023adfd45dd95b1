"""Reading a page: copied text and saved HTML give the same blocks; page chrome is dropped."""

from __future__ import annotations

from handbook.importer.blocks import Block
from handbook.importer.htmlpage import blocks as html_blocks
from handbook.importer.layout import PLAN_HEADINGS, read_layout
from handbook.importer.notes import Notes
from handbook.importer.page import read_page
from tests.importer.conftest import FIXTURES, page


def _content(path):
    return [(b.kind if b.kind == "item" else "para", b.text) for b in read_page(path).blocks if not b.chrome]


def test_text_lines_become_paragraphs_and_bullets_items(tmp_path):
    path = page(tmp_path, "p.txt", "Titel\n\n • Første punkt\n- Andet  punkt \n1. Tredje punkt\nAlmindelig linje\n")
    assert [(b.kind, b.text, b.line) for b in read_page(path).blocks] == [
        ("para", "Titel", 1), ("item", "Første punkt", 3), ("item", "Andet punkt", 4), ("item", "Tredje punkt", 5),
        ("para", "Almindelig linje", 6),
    ]  # fmt: skip


def test_html_keeps_headings_lists_line_breaks_and_links():
    found = html_blocks(
        "<main><h2>Alarmering</h2>\n<p>Ledelsen:</p><p>A tlf. 58 11 22 30<br>B tlf. 58 11 22 31</p>\n"
        "<ul><li><p>Punkt</p></li></ul><p><a href='https://x.example/plan'>Klik her: Se planen</a></p>"
        "<table><tr><td>Vagt</td><td>58 11 22 40</td></tr></table></main>"
    )
    assert [(b.kind, b.text) for b in found] == [
        ("heading", "Alarmering"), ("para", "Ledelsen:"), ("para", "A tlf. 58 11 22 30"), ("para", "B tlf. 58 11 22 31"),
        ("item", "Punkt"), ("para", "Klik her: Se planen"), ("para", "Vagt 58 11 22 40"),
    ]  # fmt: skip
    assert found[5].links == [("Klik her: Se planen", "https://x.example/plan")]


def test_html_chrome_scripts_and_styles_are_not_content():
    found = html_blocks((FIXTURES / "stroemsvigt.html").read_text(encoding="utf-8"))
    content = " ".join(b.text for b in found if not b.chrome)
    chrome = " ".join(b.text for b in found if b.chrome)
    for text in ("Spring til indhold", "Hovedmenu", "Søg", "Forside", "Torvet 1", "58 11 22 00", "58 11 22 99",
                 "window.cms", "display: block"):  # fmt: skip
        assert text not in content
    assert "Testrup Kommune · Torvet 1" in chrome and "Sidst opdateret" in chrome


def test_saved_html_and_copied_text_of_one_page_read_alike():
    text, html = _content(FIXTURES / "stroemsvigt.txt"), _content(FIXTURES / "stroemsvigt.html")
    ignore = {"Spring til indhold", "Forside › Beredskab › Strømsvigt på plejecentre", "Luk alle", "Åben alle",
              "Feedback", "Sidst opdateret", "14.03.2025", "Ansvarlig redaktør", "Sofie Dal"}  # fmt: skip
    assert [t for _, t in text if t not in ignore] == [t for _, t in html if t not in ignore]


def test_the_layout_finds_title_revision_and_sections():
    notes = Notes()
    for name in ("stroemsvigt.txt", "stroemsvigt.html"):
        layout = read_layout(read_page(FIXTURES / name), PLAN_HEADINGS, notes)
        assert layout.title == "Strømsvigt på plejecentre"
        assert (layout.updated.isoformat(), layout.editor) == ("2025-03-14", "Sofie Dal")
        assert [b.text for b in layout.before] == ["Klik her: Se Testrup Kommunes plan for krisestyring"]
        assert [s.key for s in layout.sections] == ["situation", "alerting", "tasks", "actions", "organisation",
                                                    "staffing", "communication", "contacts"]  # fmt: skip
    assert notes.items == []


def test_a_page_in_windows_1252_is_read_and_noted(tmp_path):
    path = tmp_path / "gammel.txt"
    path.write_bytes((FIXTURES / "hedeboelge.txt").read_text(encoding="utf-8").encode("cp1252"))
    read = read_page(path)
    assert read.blocks[0] == Block("Hedebølge", 1)
    assert [str(n) for n in read.notes] == [
        f"{read.name}:1: the page is not UTF-8; read it as Windows-1252 (check the letters æ, ø and å in the result)"
    ]
