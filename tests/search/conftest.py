"""Fixtures for the search tests: built sites (the seed, a three-area handbook), small sites, and the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.site.search import INDEX_PATH, SCRIPTS, STEMMER, VENDOR, write_search_index
from tests.conftest import copy_handbook

from .minisite import build_minisite
from .seedlike import PAGES

# The search's scripts, in the order a page loads them.
ASSETS = Path(__file__).resolve().parents[2] / "handbook" / "site" / "assets"
SEARCH_JS = [ASSETS / name for name in SCRIPTS]
# Three areas with delplaner (crisis staff, meeting places, short names SO, BU, TM): a copy of
# tests/fixtures/multi with names, streets and numbers that only the search tests rely on.
KOMMUNE = Path(__file__).resolve().parent / "fixtures" / "kommune"


@pytest.fixture(scope="session")
def search_site(seed_build) -> Path:
    """The seed handbook's built site, with the search index (written here if the pipeline did not)."""
    if not (seed_build.site_dir / INDEX_PATH).is_file():
        write_search_index(seed_build)
    return seed_build.site_dir


@pytest.fixture(scope="session")
def kommune_build(tmp_path_factory):
    """The three-area search fixture, built once per session (no PDFs: the search does not need them)."""
    from handbook.pipeline import build

    root = copy_handbook(KOMMUNE, tmp_path_factory.mktemp("kommune") / "kommune")
    return build(root / "mkdocs.yml", pdf=False)


@pytest.fixture(scope="session")
def kommune_site(kommune_build) -> Path:
    """The three-area fixture's built site."""
    return kommune_build.site_dir


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """A small Material site with hand-written, seed-shaped pages (HTML known exactly)."""
    return build_minisite(tmp_path_factory.mktemp("minisite"), PAGES).site_dir


@pytest.fixture(scope="session")
def engine(chromium):
    """A blank Chromium page with the search's scripts and the vendored stemmer loaded: the analysis the site uses."""
    context = chromium.new_context()
    context.route("**/*", lambda route: route.abort())
    page = context.new_page()
    page.set_content("<!doctype html><html lang='da'><body></body></html>")
    page.add_script_tag(content=(VENDOR / STEMMER).read_text(encoding="utf-8"))
    for script in SEARCH_JS:
        page.add_script_tag(content=script.read_text(encoding="utf-8"))
    page.evaluate("window.HandbookSearch.setStemmer(window.HandbookStemmer)")
    yield page
    context.close()
