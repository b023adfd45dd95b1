"""The log for everyone: axe in every state, keyboard only, a phone, printing, the reminder, a full or
forbidden storage."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_until
from tests.offline.helpers import tab_to

from .helpers import LogPage, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN = "planer/sundhed/brand.html"
AREA = "planer/teknik/index.html"
START = dt.datetime(2026, 11, 29, 7, 0, tzinfo=dt.timezone.utc)  # 08:00 in Copenhagen


def test_axe_finds_nothing_in_any_state_of_the_log(multi_build, log_context):
    context = log_context()
    page = context.new_page()
    page.clock.install(time=START)
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page).ready()
    states: dict[str, list[str]] = {"no log yet": axe_violations(page)}
    log.start("Brand")
    states["just started"] = axe_violations(page)
    log.button("Før i loggen").click()
    states["an empty entry refused"] = axe_violations(page)
    for kind in ("information", "beslutning", "handling", "undladelse"):
        log.add(f"En {kind}.", kind, who="Bo Berg", source="Vagtcentralen")
    log.tick(0)
    states["entries of every kind, a step ticked"] = axe_violations(page)
    log.root.get_by_role("button", name="Ret tidspunktet for indførslen").first.click()
    states["correcting a time"] = axe_violations(page)
    page.clock.fast_forward("31:00")
    page.locator(".hb-log-reminder:not(:empty)").wait_for()
    states["the reminder"] = axe_violations(page)
    log.button("Luk loggen").click()
    log.button("Start log").wait_for()
    states["closed, listed"] = axe_violations(page)
    log.start("Strømsvigt")
    page.get_by_role("button", name="Slet loggen Brand").click()
    states["several logs, a deletion asked"] = axe_violations(page)
    page.goto((multi_build.site_dir / AREA).as_uri())
    log.ready()
    states["on an area page"] = axe_violations(page)
    page.goto((multi_build.site_dir / "krisestyringslog.html").as_uri())
    log.ready()
    states["on the log page with its sheets"] = axe_violations(page)
    page.goto((multi_build.site_dir / "planer/sundhed/krisestab_rollekort.html").as_uri())
    states["the role cards"] = axe_violations(page)
    assert {state: found for state, found in states.items() if found} == {}
    assert context.guard.blocked == []


def test_keyboard_alone_starts_a_log_writes_an_entry_and_ticks_a_step(multi_build, log_context):
    page = log_context().new_page()
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page).ready()
    assert tab_to(page, ".hb-log-start")
    page.keyboard.press("Enter")
    wait_until(page, "() => document.activeElement.id === 'hb-log-event'")  # the event's name, ready to type
    page.keyboard.type("Brand i køkkenet")
    assert tab_to(page, "#hb-log-who")
    page.keyboard.type("Erik Eriksen")
    assert tab_to(page, "#hb-log-kind-information")
    page.keyboard.press("ArrowRight")  # the next kind: Beslutning
    assert tab_to(page, "#hb-log-text")
    page.keyboard.type("Køkkenet lukkes.")
    assert tab_to(page, ".hb-log-add")
    page.keyboard.press("Enter")
    page.locator("ol.hb-log-entries > li").first.wait_for()
    entry = log.stored()["entries"][0]
    assert (entry["kind"], entry["who"], entry["text"]) == ("beslutning", "Erik Eriksen", "Køkkenet lukkes.")
    log.wait(lambda store: LogPage._current(store)["event"] == "Brand i køkkenet")
    assert page.evaluate("document.activeElement.id") == "hb-log-text"  # ready for the next entry
    page.locator(".hb-log-status", has_text="Ført i loggen: Beslutning").wait_for()
    assert tab_to(page, "input.hb-log-tick", limit=120)
    page.keyboard.press("Space")
    store = log.wait(lambda store: len(LogPage._current(store)["entries"]) == 2)
    assert LogPage._current(store)["entries"][1]["text"].startswith("Udført: ")


def test_it_works_on_a_phone(multi_build, log_context):
    context = log_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                          device_scale_factor=2)
    page = context.new_page()
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page).ready()
    log.root.get_by_role("button", name="Start log").tap()
    page.locator(".hb-log-panel").wait_for()
    log.add("Skrevet på telefonen.", "handling", who="Anna Andersen")
    log.tick(0)
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    for name in ("Før i loggen", "Gem som regneark (CSV)", "Gem som webside (HTML)", "Udskriv", "Luk loggen"):
        box = log.button(name).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 24, name
    assert axe_violations(page) == []


def test_udskriv_prints_the_log_alone(multi_build, log_context, tmp_path):
    context = log_context()
    page = context.new_page()
    # The print dialog is the browser's; the test only needs to know it was asked for, and what it would print.
    page.add_init_script("window.print = () => { window.__printed = document.documentElement.className; };")
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page)
    log.start("Brand til print")
    log.add("Første linje i loggen.", time="2026-11-29T08:05")
    log.add("Anden linje i loggen.", "beslutning", time="2026-11-29T08:15")
    log.button("Udskriv").click()
    assert "hb-log-printing" in page.evaluate("window.__printed")
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Krisestyringslog: Brand til print" in text
    assert text.index("Første linje i loggen.") < text.index("Anden linje i loggen.")
    assert "Europe/Copenhagen" in text and multi_build.build.version in text
    assert "Alarmering" not in text and "Kontaktoplysninger" not in text and "Ny indførsel" not in text
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".hb-log-print").count() == 0
    assert "hb-log-printing" not in page.evaluate("document.documentElement.className")


def test_a_reminder_after_thirty_minutes_with_unsaved_entries_until_the_log_is_saved(multi_build, log_context,
                                                                                      tmp_path):
    page = log_context().new_page()
    page.clock.install(time=START)
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page)
    reminder = page.locator(".hb-log-reminder")
    log.start("Påmindelse")
    log.add("Første indførsel.")
    page.clock.fast_forward("29:00")
    assert reminder.inner_text() == ""
    page.clock.fast_forward("02:00")
    page.locator(".hb-log-reminder:not(:empty)").wait_for()
    assert reminder.inner_text() == ("Husk at gemme loggen som fil: 1 indførsel er kun gemt i browseren, den ældste "
                                     "siden 29.11.2026 08:00. Ryddes browserens data, går den tabt.")
    assert reminder.get_attribute("role") == "status"
    log.save_csv(tmp_path)
    expect(reminder).to_have_text("")
    # A new entry starts the clock again; after a reload the reminder is there at once.
    log.add("Anden indførsel.")
    page.clock.fast_forward("31:00")
    page.reload()
    log.ready()
    assert reminder.inner_text().startswith("Husk at gemme loggen som fil: 1 indførsel er kun gemt i browseren")
    log.save_html(tmp_path)
    expect(reminder).to_have_text("")


def test_a_full_storage_keeps_the_text_and_says_what_to_do(multi_build, log_context):
    page = log_context().new_page()
    page.add_init_script("""
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (value, key) {
        if (window.__full && this.name === 'logs') {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return key === undefined ? put.call(this, value) : put.call(this, value, key);
      };""")
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page)
    log.start("Fuldt lager")
    log.add("Gemt før lageret blev fuldt.")
    page.evaluate("window.__full = true")
    log.field("Tekst").fill("Må ikke gå tabt.")
    log.button("Før i loggen").click()
    alert = log.root.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith("Det kunne ikke gemmes i browseren – lageret er fuldt eller slået fra.")
    assert log.field("Tekst").input_value() == "Må ikke gå tabt."
    assert len(log.stored()["entries"]) == 1
    assert axe_violations(page) == []
    # Space again (the user saved and cleared something): the same text goes in, the alert goes away.
    page.evaluate("window.__full = false")
    log.button("Før i loggen").click()
    page.locator("ol.hb-log-entries > li").nth(1).wait_for()
    assert [e["text"] for e in log.stored()["entries"]] == ["Gemt før lageret blev fuldt.", "Må ikke gå tabt."]
    expect(alert).to_have_count(0)


def test_a_browser_that_forbids_storage_gets_the_paper_sheet(multi_build, log_context):
    page = log_context().new_page()
    page.add_init_script("""Object.defineProperty(window, 'indexedDB', {
        get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });""")
    page.goto((multi_build.site_dir / PLAN).as_uri())
    log = LogPage(page).ready()
    assert log.root.get_attribute("data-hb-log-ready") == "unavailable"
    assert log.button("Start log").is_hidden()
    assert log.root.get_by_role("alert").inner_text() == (
        "Denne browser tillader ikke, at loggen gemmes her. Brug logarket på papir.")
    assert axe_violations(page) == []
