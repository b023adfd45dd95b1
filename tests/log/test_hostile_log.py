"""Hostile log entries stay text: in the page, in the HTML export (also when opened) and in the CSV."""

from __future__ import annotations

import pytest

from .helpers import LogPage, read_csv, read_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN = "planer/sundhed/brand.html"
SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = '<img src=x onerror="window.__pwned = \'img\'">'
FORMULA = "=cmd|' /C calc'!A0"
RLO = "\u202eRLO vender teksten: gpj.exe"
# About 50 KB of text in one entry, with line breaks and without spaces in long runs.
BIG = ("Lang besked " + "Æ" * 3000 + "\n") * 16 + "slut"
HOSTILE = [
    (SCRIPT, "information", "<b>Hvem</b>", "javascript:alert(1)"),
    (IMG, "beslutning", "@SUM(1+1)", "+45 12 34 56 78"),
    (FORMULA, "handling", "-2+3", "=HYPERLINK(\"http://x\")"),
    (RLO, "undladelse", "\u202eRLO-navn", "\u202eKilde"),
    (BIG, "information", "", ""),
]
# The cells Excel would take for a formula are written with a leading apostrophe, and only those.
GUARDED = {FORMULA, "@SUM(1+1)", "+45 12 34 56 78", "-2+3", "=HYPERLINK(\"http://x\")"}


def _as_written(value: str) -> str:
    return "'" + value if value in GUARDED else value


def test_hostile_entries_are_inert_in_the_page_and_both_exports(multi_build, log_context, tmp_path):
    context = log_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((multi_build.site_dir / PLAN).as_uri())
    scripts_before = page.locator("script").count()
    log = LogPage(page)
    log.start(SCRIPT + " " + RLO)
    for i, (text, kind, who, source) in enumerate(HOSTILE):
        log.add(text, kind, who=who, time=f"2026-11-29T08:{10 + i:02d}", source=source)
    assert len(BIG.encode("utf-8")) > 50_000

    def inert(p) -> None:
        assert p.evaluate("window.__pwned") is None
        assert p.locator(".hb-log-control img, .hb-log-control script, .hb-log-control b").count() == 0
        assert p.locator("script").count() == scripts_before

    inert(page)
    shown = page.locator("ol.hb-log-entries .hb-log-entry-text bdi").all_text_contents()
    assert shown == [t for t, *_ in reversed(HOSTILE)]  # exactly as typed, newest first
    whos = page.locator("ol.hb-log-entries .hb-log-who").all_text_contents()
    assert whos == [w for _, _, w, _ in reversed(HOSTILE) if w]
    assert page.get_by_role("heading", name="Log: " + SCRIPT + " " + RLO).is_visible()
    # The reversing mark cannot turn the text around it: every typed text is isolated.
    isolation = page.evaluate("""() => [...document.querySelectorAll('.hb-log-control bdi')]
                                       .map(b => getComputedStyle(b).unicodeBidi)""")
    assert set(isolation) == {"isolate"}
    page.reload()
    log.ready()
    inert(page)

    head, rows, raw = read_csv(log.save_csv(tmp_path))
    assert head["Krisestyringslog"] == SCRIPT + " " + RLO
    assert [r["Tekst"] for r in rows] == [_as_written(t) for t, *_ in HOSTILE]
    assert [r["Hvem"] for r in rows] == [_as_written(w) for _, _, w, _ in HOSTILE]
    assert [r["Kilde"] for r in rows] == [_as_written(s) for *_, s in HOSTILE]
    assert rows[4]["Tekst"] == BIG  # continued over rows of its own, each within Excel's cell limit
    assert raw.count(b'"5 (fortsat)"') == 1
    assert max(len(cell) for line in raw.decode("utf-8-sig").split("\r\n") for cell in line.split('";"')) < 32_767

    export = log.save_html(tmp_path)
    parsed = read_html(export)
    assert set(parsed.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "bdi", "table", "caption",
                                "thead", "tbody", "tr", "th", "td", "p"}
    assert parsed.handlers == []
    assert [r[5] for r in parsed.rows] == [t for t, *_ in HOSTILE]
    assert [r[3] for r in parsed.rows] == [w for _, _, w, _ in HOSTILE]
    assert {"http-equiv": "Content-Security-Policy", "content": "default-src 'none'; style-src 'unsafe-inline'"} \
        in parsed.metas

    # Opened in a browser, the export shows the text and runs nothing.
    page.goto(export.as_uri())
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img, b").count() == 0 and page.locator("script").count() == 0
    assert page.title() == "Krisestyringslog: " + SCRIPT + " " + RLO
    assert dialogs == []
    assert context.guard.blocked == []
