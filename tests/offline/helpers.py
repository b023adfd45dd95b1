"""Shared steps of the offline browser tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handbook.offline import MANIFEST_NAME

STATE = "html[data-handbook-offline='{}']"
# A whole precache of a small site takes about a second; the margin is for a loaded CI box.
PRECACHE_TIMEOUT_MS = 60_000
SEARCH_INDEX = "search/handbook-index.js"
SEARCH_LABEL = "Søg i håndbogen"


def manifest(site: Path) -> dict:
    """The precache manifest of a built site."""
    return json.loads((Path(site) / MANIFEST_NAME).read_text(encoding="utf-8"))


def wait_state(page, state: str, timeout: float = PRECACHE_TIMEOUT_MS) -> str:
    """Wait until the status line is in ``state``; return its text."""
    page.wait_for_selector(STATE.format(state), timeout=timeout)
    return page.locator("#handbook-offline-status").inner_text()


def visit_and_store(page, origin: str) -> str:
    """Open the front page and wait until the whole build is precached; return the status text."""
    page.goto(origin + "/index.html")
    return wait_state(page, "stored")


def page_version(page) -> str:
    """The build version a loaded page belongs to: the edition file loaded with it (pages carry none)."""
    return page.evaluate("() => (window.HANDBOOK_EDITION || {}).version || ''")


def stored_mb(text: str) -> float:
    """The MB a status line says are stored ("Håndbogen er gemt til brug uden net (1,2 MB) · …")."""
    match = re.search(r"\((\d+,\d) MB", text)
    assert match, text
    return float(match.group(1).replace(",", "."))


def open_all(page, base: str, site: Path, version: str, from_worker: bool = True) -> list[str]:
    """Open every page of the manifest under ``base``; return what was wrong."""
    problems = []
    for rel in manifest(site)["pages"]:
        response = page.goto(f"{base}/{rel}", wait_until="domcontentloaded")
        if base.startswith("file:"):
            response = None  # file:// navigations have no HTTP response to inspect
        elif response is None or not response.ok:
            problems.append(f"{rel}: no page ({response and response.status})")
            continue
        elif from_worker and not response.from_service_worker:
            problems.append(f"{rel}: not from the service worker")
        if not page.locator("article").first.is_visible():
            problems.append(f"{rel}: no article")
        if page_version(page) != version:
            problems.append(f"{rel}: version {page_version(page)}, not {version}")
    return problems


def require_search(site: Path) -> None:
    """Fail when the build has no search index: offline search cannot be tested without it."""
    if not (Path(site) / SEARCH_INDEX).is_file():
        pytest.fail(f"the build has no {SEARCH_INDEX}: search cannot be tested")


def search_finds(page, query: str, expected_href_part: str) -> bool:
    """Type a query into the handbook's search; whether a result links to ``expected_href_part``."""
    box = page.get_by_role("combobox", name=SEARCH_LABEL)
    box.click()
    box.fill(query)
    hit = page.locator(f"[role=listbox] a[href*='{expected_href_part}'], "
                       f"[role=grid] a[href*='{expected_href_part}'], "
                       f"a[role=option][href*='{expected_href_part}']").first
    try:
        hit.wait_for(timeout=10_000)
    except Exception:  # Playwright's TimeoutError: no such result
        return False
    return True


STATUS = "#handbook-offline-status"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """WCAG 2.1 AA violations axe finds in the status line (rule id: first offending node)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=STATUS, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [f"{v['id']}: {v['nodes'][0]['html']}" for v in results.response["violations"]]


def tab_to(page, selector: str, limit: int = 60) -> bool:
    """Press Tab until the element matching ``selector`` has the focus; whether it got there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def focus_ring(page) -> dict:
    """The outline of the focused element, as computed."""
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                   return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                                           visible: document.activeElement.matches(':focus-visible')}; }""")
