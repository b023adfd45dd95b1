"""Shared steps of the offline browser tests."""

from __future__ import annotations

import json
from pathlib import Path

from handbook.offline import MANIFEST_NAME

STATE = "html[data-handbook-offline='{}']"
# A whole precache of a small site takes well under a second; the margin is for a loaded CI box.
PRECACHE_TIMEOUT_MS = 60_000


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


def open_all_offline(page, origin: str, site: Path, marker: str) -> list[str]:
    """With the server stopped, open every page of the manifest; return problems found."""
    problems = []
    for rel in manifest(site)["pages"]:
        response = page.goto(f"{origin}/{rel}")
        if response is None or not response.ok:
            problems.append(f"{rel}: no page ({response and response.status})")
            continue
        if not response.from_service_worker:
            problems.append(f"{rel}: not from the service worker")
        if page.locator("article, .md-content").count() == 0:
            problems.append(f"{rel}: no article")
        if marker and marker not in page.content():
            problems.append(f"{rel}: lacks {marker}")
    return problems
