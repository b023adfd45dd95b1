"""Fixtures for the search tests: the seed site with its index, a small site, and the JS engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.site.search import INDEX_PATH, write_search_index

from .minisite import build_minisite
from .seedlike import PAGES

SEARCH_JS = Path(__file__).resolve().parents[2] / "handbook" / "site" / "assets" / "search.js"


@pytest.fixture(scope="session")
def search_site(seed_build) -> Path:
    """The seed handbook's built site, with the search index (written here if the pipeline did not)."""
    if not (seed_build.site_dir / INDEX_PATH).is_file():
        write_search_index(seed_build)
    return seed_build.site_dir


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """A small Material site with hand-written, seed-shaped pages (HTML known exactly)."""
    return build_minisite(tmp_path_factory.mktemp("minisite"), PAGES).site_dir


@pytest.fixture(scope="session")
def engine(chromium):
    """A blank Chromium page with handbook/site/assets/search.js loaded: the engine the site uses."""
    context = chromium.new_context()
    context.route("**/*", lambda route: route.abort())
    page = context.new_page()
    page.set_content("<!doctype html><html lang='da'><body></body></html>")
    page.add_script_tag(content=SEARCH_JS.read_text(encoding="utf-8"))
    yield page
    context.close()
