"""Shared fixtures: handbook folders copied to temp dirs, session builds, and one Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The seed page as published (a copy of shared/seeds/000_0b771b42a8b06a6f.txt), kept with the tests
# so a clone tests on its own.
SEED_TEXT = Path(os.environ.get("HANDBOOK_SEED", REPO / "tests" / "fixtures" / "seed" / "it-nedbrud-holbaek-aubo.txt"))
MULTI = REPO / "tests" / "fixtures" / "multi"
# A frozen copy of the seed handbook as first converted: the tests' data, so that a municipality
# editing data/ in this repository never breaks `make test`. The shipped data/ itself is checked by
# `handbook check` and by the seed-fact test (tests/site_build/test_seed_site.py) only.
SHIPPED = REPO / "tests" / "fixtures" / "shipped"


def copy_handbook(source: Path, dest: Path) -> Path:
    """Copy a handbook folder (mkdocs.yml, data/, docs/, hooks/) without its build output."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "data", "docs", "hooks"):
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    (dest / "docs").mkdir(exist_ok=True)
    return dest


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A fresh copy of the seed handbook (the frozen fixture) in a temp folder."""
    return copy_handbook(SHIPPED, tmp_path / "handbook")


@pytest.fixture
def multi_copy(tmp_path) -> Path:
    """A fresh copy of the 3-area, 10-plan fixture handbook."""
    return copy_handbook(MULTI, tmp_path / "multi")


def _build(root: Path):
    from handbook.pipeline import build

    return build(root / "mkdocs.yml")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed handbook (the frozen fixture) built once per session (site/ and dist/ in a temp folder)."""
    root = copy_handbook(SHIPPED, tmp_path_factory.mktemp("seed") / "handbook")
    return _build(root)


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory):
    """The handbook as shipped in data/ (for the seed-fact test), built without PDFs."""
    from handbook.pipeline import build

    root = copy_handbook(REPO, tmp_path_factory.mktemp("shipped") / "handbook")
    return build(root / "mkdocs.yml", pdf=False)


@pytest.fixture(scope="session")
def multi_build(tmp_path_factory):
    """The 3-area, 10-plan fixture built once per session."""
    root = copy_handbook(MULTI, tmp_path_factory.mktemp("multi") / "multi")
    return _build(root)


@pytest.fixture(scope="session")
def playwright_instance():
    """One Playwright driver for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    """One headless Chromium for the session (HANDBOOK_CHROMIUM, Playwright's, or the system's)."""
    from handbook.browser import launch

    browser = launch(playwright_instance)
    yield browser
    browser.close()


class OfflinePage:
    """A page whose every non-file request is aborted and recorded."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def guard(route):
            url = route.request.url
            if url.startswith("file://"):
                route.continue_()
            else:
                self.blocked.append(url)
                route.abort()

        context.route("**/*", guard)


@pytest.fixture
def offline_page(chromium):
    """A fresh browser page that may only load file:// URLs (network cut)."""
    context = chromium.new_context()
    page = OfflinePage(context)
    yield page
    context.close()


def wait_until(page, expression: str, arg=None, timeout: float = 30_000, interval: float = 50) -> None:
    """Poll a JavaScript expression or function until it is truthy.

    Playwright's wait_for_function compiles its predicate inside the page, which the
    handbook's Content-Security-Policy (no eval) may refuse; page.evaluate is not
    subject to the page's CSP, so polling with it tests the real page as served.
    """
    import time

    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            value = page.evaluate(expression) if arg is None else page.evaluate(expression, arg)
            if value:
                return
        except Error as exc:  # the page navigated (reload, link) while we asked: ask again
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout / 1000:.0f} s waiting for: {expression.strip()[:120]}")
        time.sleep(interval / 1000)
