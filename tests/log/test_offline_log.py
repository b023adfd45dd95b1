"""The crisis log over HTTP and offline from the service worker's cache, across a browser restart."""

from __future__ import annotations

import pytest

from tests.offline.helpers import visit_and_store

from .helpers import LogPage, expected_rows, read_csv, read_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAN = "/planer/sundhed/brand.html"


def test_log_over_http_then_offline_from_the_worker_then_after_a_restart(multi_build, profile, server, tmp_path):
    site = server(multi_build.site_dir)
    with profile(site.origin) as browser:
        page = browser.new_page()
        visit_and_store(page, site.origin)

        # Over HTTP, with the server there.
        page.goto(site.origin + PLAN)
        log = LogPage(page)
        log.start("Cyberangreb")
        log.add("Online: systemerne svarer ikke.", "information", time="2026-11-29T07:55")

        # The server gone: the pages come from the worker's cache, and the log goes on.
        site.stop()
        response = page.goto(site.origin + PLAN)
        assert response.from_service_worker
        log.ready()
        assert len(log.shown()) == 1
        log.add("Offline: it-support kan ikke nås.", "beslutning", who="Bo Berg", time="2026-11-29T08:02")
        log.tick(0)
        page.reload()
        log.ready()
        assert len(log.shown()) == 3
        assert page.locator("input.hb-log-tick").first.is_checked()
        assert browser.guard.blocked == []

    # The browser restarted with the server still gone: the worker serves the page, the log is there.
    with profile(site.origin) as browser:
        page = browser.new_page()
        response = page.goto(site.origin + PLAN)
        assert response.from_service_worker
        log = LogPage(page).ready()
        assert page.get_by_role("heading", name="Log: Cyberangreb").is_visible()
        log.add("Efter genstart: nødprocedure i gang.", "handling", time="2026-11-29T08:30")
        assert page.locator("input.hb-log-tick").first.is_checked()
        stored = log.stored()
        head, rows, _ = read_csv(log.save_csv(tmp_path))
        html = read_html(log.save_html(tmp_path))
        assert browser.guard.blocked == []
        assert page.evaluate("window.__cspViolations") == []

    assert head["Krisestyringslog"] == "Cyberangreb" and head["Udgave"] == multi_build.build.version
    assert head["Tidszone"] == "Europe/Copenhagen, UTC+01:00"
    expected = expected_rows(stored)
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected
    assert [(r["Tid"], r["Tekst"]) for r in rows[:3]] == [
        ("07:55", "Online: systemerne svarer ikke."),
        ("08:02", "Offline: it-support kan ikke nås."),
        ("08:30", "Efter genstart: nødprocedure i gang."),
    ]
    assert rows[3]["Tekst"] == "Udført: Sikr personer og borgere ved brand på plejecenter. (Straks)"
    assert [r[5] for r in html.rows] == [r["Tekst"] for r in rows]
