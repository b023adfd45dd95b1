"""The crisis log in the browser from file://: start, write, tick, reload, reopen the browser, export, read back."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from .helpers import LogPage, expected_rows, local, read_csv, read_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN = "planer/sundhed/brand.html"
AREA = "planer/sundhed/index.html"


def test_log_survives_reload_and_browser_restart_and_every_entry_comes_out_in_order(multi_build, profile, tmp_path):
    site = multi_build.site_dir
    with profile() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site / PLAN).as_uri())
        log = LogPage(page)
        log.start("Brand på Solgården")
        # Written after the fact: the time stamp is set by hand.
        log.add("Alarm: røg i fløj B.", "information", who="Erik Eriksen", time="2026-11-29T08:05",
                source="Vagtcentralen")
        log.add("Fløj B evakueres.", "beslutning", who="Bo Berg", time="2026-11-29T08:12")
        log.add("Beboerne i fløj B er flyttet til fløj A.", "handling", time="2026-11-29T08:40")
        log.add("Pressen orienteres ikke før kl. 10.", "undladelse", time="2026-11-29T08:45", source="Kriseleder")
        log.tick(0)
        log.tick(1)
        log.tick(1, checked=False)
        assert len(log.stored()["entries"]) == 7
        assert page.locator("input.hb-log-tick").count() == page.locator("article .hb-checklist > li").count() == 3

        page.reload()
        log.ready()
        assert log.stored()["event"] == "Brand på Solgården"
        assert page.get_by_role("heading", name="Log: Brand på Solgården").is_visible()
        assert len(log.shown()) == 7
        assert [page.locator("input.hb-log-tick").nth(i).is_checked() for i in range(3)] == [True, False, False]
        assert page.locator("li.hb-log-done").count() == 1
        assert errors == []
        assert browser.guard.blocked == []
        assert page.evaluate("window.__cspViolations") == []

    # The browser closed and opened again, on another page of the handbook: the log is still open there.
    with profile() as browser:
        page = browser.new_page()
        page.goto((site / AREA).as_uri())
        log = LogPage(page).ready()
        assert page.get_by_role("heading", name="Log: Brand på Solgården").is_visible()
        assert "Loggen gemmes kun i denne browser på denne enhed." in page.locator(".hb-log-device").inner_text()
        log.add("Alle beboere er talt op.", "information", who="Dorthe Dahl", time="2026-11-29T09:05")
        stored = log.stored()
        assert len(stored["entries"]) == 8
        ticks = [e for e in stored["entries"] if e.get("step")]
        assert [(e["done"], e["text"]) for e in sorted(ticks, key=lambda e: e["created"])] == [
            (True, "Udført: Sikr personer og borgere ved brand på plejecenter. (Straks)"),
            (True, "Udført: Driftslederen kontaktes ved brand på plejecenter ud over 4 timer. (Straks)"),
            (False, "Markering fjernet – ikke udført alligevel: Driftslederen kontaktes ved brand på plejecenter "
                    "ud over 4 timer. (Straks)"),
        ]
        assert all(e["kind"] == "handling" for e in ticks)

        head, rows, raw = read_csv(log.save_csv(tmp_path))
        exported = log.stored()  # as it was saved
        html = read_html(log.save_html(tmp_path))
        assert browser.guard.blocked == []
        assert page.evaluate("window.__cspViolations") == []

    # CSV: UTF-8 with BOM, ';' between cells, CRLF, the event, the edition and the time zone named.
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    assert head["Krisestyringslog"] == "Brand på Solgården"
    assert head["Udgave"] == multi_build.build.version
    assert head["Håndbog"] == "Testkommunens beredskabshåndbog, Testkommune"
    assert head["Tidszone"] == "Europe/Copenhagen, UTC+01:00"
    assert head["Indførsler"] == "8"
    assert head["Startet"].endswith("på siden »Brand på plejecenter«")
    expected = expected_rows(exported)
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected
    # In time order, with the times as written.
    assert [(r["Dato"], r["Tid"], r["Art"], r["Tekst"]) for r in rows[:4]] == [
        ("29.11.2026", "08:05", "Information", "Alarm: røg i fløj B."),
        ("29.11.2026", "08:12", "Beslutning", "Fløj B evakueres."),
        ("29.11.2026", "08:40", "Handling", "Beboerne i fløj B er flyttet til fløj A."),
        ("29.11.2026", "08:45", "Undladelse", "Pressen orienteres ikke før kl. 10."),
    ]
    assert rows[4]["Tekst"] == "Alle beboere er talt op."
    assert rows[4]["Tidspunkt (ISO 8601)"] == "2026-11-29T09:05:00+01:00"
    assert (rows[0]["Hvem"], rows[0]["Kilde"]) == ("Erik Eriksen", "Vagtcentralen")
    assert [r["Tekst"].split(":")[0] for r in rows[5:]] == [
        "Udført", "Udført", "Markering fjernet – ikke udført alligevel"]
    # The entries written "now" carry the time they were written.
    for row, entry in zip(rows[5:], sorted(exported["entries"], key=lambda e: e["time"])[5:], strict=True):
        assert row["Ført ind"] == local(entry["created"]).strftime("%d.%m.%Y %H:%M")

    # HTML: the same entries in the same order, the same head, no script.
    assert html.head["Krisestyringslog"] == "Brand på Solgården"
    assert html.head["Udgave"] == multi_build.build.version and html.head["Tidszone"] == "Europe/Copenhagen, UTC+01:00"
    assert [r[:7] for r in html.rows] == [[r["Nr."], r["Dato"], r["Tid"], r["Hvem"], r["Art"], r["Tekst"], r["Kilde"]]
                                         for r in rows]
    assert "script" not in html.tags and html.handlers == []


def _browser_pids(profile_folder: Path) -> list[int]:
    """The main process of the Chromium that runs with this profile (found by its command line)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"--user-data-dir={profile_folder}".encode() in args and not any(a.startswith(b"--type=") for a in args):
            pids.append(int(proc.name))
    return pids


def test_an_entry_shown_in_the_log_survives_a_browser_that_is_killed(multi_build, profile):
    """An entry counts as written when it is on disk: a crash or a kill one moment later does not lose it."""
    with profile() as browser:
        page = browser.new_page()
        page.goto((multi_build.site_dir / PLAN).as_uri())
        log = LogPage(page)
        log.start("Nedbrud")
        log.add("Skrevet lige før strømmen gik.", "information", time="2026-11-29T10:00")
        log.tick(0)
        pids = _browser_pids(profile.folder)
        assert len(pids) == 1
        os.kill(pids[0], signal.SIGKILL)
    with profile() as browser:
        page = browser.new_page()
        page.goto((multi_build.site_dir / PLAN).as_uri())
        log = LogPage(page).ready()
        assert page.get_by_role("heading", name="Log: Nedbrud").is_visible()
        assert [e["text"] for e in log.stored()["entries"]][0] == "Skrevet lige før strømmen gik."
        assert len(log.shown()) == 2 and page.locator("input.hb-log-tick").first.is_checked()


def test_the_time_of_an_entry_can_be_corrected_and_the_correction_is_kept(multi_build, log_context, tmp_path):
    page = log_context().new_page()
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page)
    log.start("Retning")
    log.add("Skrevet for sent ned.", time="2026-11-29T10:30")
    entry = log.stored()["entries"][0]
    page.get_by_role("button", name="Ret tidspunktet for indførslen fra 29.11.2026 10:30").click()
    log.field("Nyt tidspunkt").fill("2026-11-29T10:10")
    log.button("Gem tidspunkt").click()
    log.wait(lambda store: LogPage._current(store)["entries"][0]["time"] != entry["time"])
    corrected = log.stored()["entries"][0]
    assert corrected["time"] == entry["time"] - 20 * 60 * 1000 and corrected["timeWas"] == entry["time"]
    assert "tidspunktet rettet" in log.shown()[0] and "(var 29.11.2026 10:30)" in log.shown()[0]
    _, rows, _ = read_csv(log.save_csv(tmp_path))
    assert rows[0]["Tid"] == "10:10" and rows[0]["Rettet"].endswith("(var 29.11.2026 10:30)")


def test_an_empty_entry_is_refused_with_a_message_at_the_field(multi_build, log_context):
    page = log_context().new_page()
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page)
    log.start()
    log.button("Før i loggen").click()
    text = log.field("Tekst")
    assert text.get_attribute("aria-invalid") == "true"
    assert page.locator("#hb-log-text-error").inner_text() == "Skriv, hvad der skal i loggen."
    assert page.evaluate("document.activeElement.id") == "hb-log-text"
    assert log.stored()["entries"] == []


def test_several_logs_one_per_event_and_none_deleted_without_confirmation(multi_build, log_context):
    page = log_context().new_page()
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page)
    log.start("Brand")
    log.add("Første hændelse.")
    first = log.current_id()
    log.button("Luk loggen").click()
    log.button("Start log").wait_for()
    assert page.locator(".hb-log-panel").is_hidden()
    page.goto((multi_build.site_dir / AREA).as_uri())
    log.start("Strømsvigt")
    log.add("Anden hændelse.")
    second = log.current_id()
    assert second != first
    assert sorted(e["event"] for e in log.all_stored()) == ["Brand", "Strømsvigt"]
    assert [e["text"] for e in log.stored(first)["entries"]] == ["Første hændelse."]

    page.get_by_role("button", name="Åbn loggen Brand").click()
    log.wait(lambda store: store["settings"]["current"] == first)
    page.get_by_role("heading", name="Log: Brand").wait_for()
    assert "Første hændelse." in log.shown()[0]

    # Deleting asks first; keeping is the default, and the focus goes there.
    page.get_by_role("button", name="Slet loggen Strømsvigt").click()
    confirm = page.locator(".hb-log-confirm")
    assert confirm.locator("p").inner_text() == ("Slet loggen »Strømsvigt« med 1 indførsel fra denne enhed? Den kan "
                                                 "ikke hentes tilbage. 1 af indførslerne er ikke gemt som fil.")
    assert page.evaluate("document.activeElement.textContent") == "Behold loggen"
    log.button("Behold loggen").click()
    assert len(log.all_stored()) == 2 and confirm.count() == 0
    page.get_by_role("button", name="Slet loggen Strømsvigt").click()
    log.button("Ja, slet loggen").click()
    page.locator(".hb-log-status", has_text="Loggen »Strømsvigt« er slettet fra denne enhed.").wait_for()
    assert [e["event"] for e in log.all_stored()] == ["Brand"]
    # Deleting the open log closes it.
    page.get_by_role("button", name="Slet loggen Brand").click()
    log.button("Ja, slet loggen").click()
    log.button("Start log").wait_for()
    assert log.all_stored() == [] and log.current_id() is None


def test_pages_without_a_log_control_are_left_alone(multi_build, log_context):
    page = log_context().new_page()
    for rel in ("index.html", "kontakter.html", "roller/leder.html", "planer/sundhed/brand-handlingskort.html"):
        page.goto((multi_build.site_dir / rel).as_uri())
        assert page.locator(".hb-log-panel, .hb-log-tick, [data-hb-log-ready]").count() == 0, rel
    assert page.evaluate("indexedDB.databases().then(list => list.map(d => d.name))") == []


def test_two_tabs_on_one_log_stay_in_step(multi_build, log_context):
    context = log_context()
    first, second = context.new_page(), context.new_page()
    first.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(first)
    log.start("To faner")
    second.goto((multi_build.site_dir / AREA).as_uri())
    other = LogPage(second).ready()
    assert second.get_by_role("heading", name="Log: To faner").is_visible()
    log.add("Fra første fane.")
    second.locator("ol.hb-log-entries > li", has_text="Fra første fane.").wait_for()
    other.add("Fra anden fane.")
    first.locator("ol.hb-log-entries > li", has_text="Fra anden fane.").wait_for()
    # Both entries are kept: each write reads the log afresh inside its own transaction.
    assert sorted(e["text"] for e in log.stored()["entries"]) == ["Fra anden fane.", "Fra første fane."]
