"""Untrusted text in the index stays text, and the search works under a strict CSP."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import pytest

from tests.conftest import wait_until

from .minisite import build_minisite
from .seedlike import EXPECTED, PAGES

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"
ESCAPED = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A small site whose headings, contact names and text carry (escaped) script payloads."""
    html = (f'<h2 id="angreb">Angreb {ESCAPED}</h2><p>Ondsindet tekst {ESCAPED} slut.</p>'
            f'<ul><li class="hb-contact" id="ond"><span class="hb-name">Angreb {ESCAPED}</span>'
            f' tlf. <a href="tel:+4511223344">11 22 33 44</a></li></ul>')
    pages = [("index.md", "Forside", "front", "<p>Velkommen.</p>"),
             ("ond.md", "Angreb", "other", html)]
    return build_minisite(tmp_path_factory.mktemp("hostile"), pages).site_dir


def test_hostile_index_text_is_rendered_as_text(hostile_site, offline_page):
    page = offline_page.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((hostile_site / "index.html").as_uri())
    page.fill("#hb-search-input", "angreb img")
    wait_until(page, "document.querySelectorAll('.hb-search__option').length >= 2")
    titles = page.locator(".hb-search__title").all_text_contents()
    assert "Angreb " + PAYLOAD in titles
    assert page.locator(".hb-search__panel img, .hb-search__panel script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert dialogs == [] and offline_page.errors == [] and offline_page.blocked == []


CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'")


def test_search_works_under_a_strict_csp(chromium, tmp_path_factory):
    """Served over http with ``script-src 'self'``: no inline script, no eval in the search."""
    site = build_minisite(tmp_path_factory.mktemp("csp"), PAGES).site_dir
    context = chromium.new_context()
    other = []

    def serve(route):
        url = route.request.url
        if not url.startswith("http://handbook.test/"):
            other.append(url)
            return route.abort()
        path = site / url[len("http://handbook.test/"):].split("#")[0].split("?")[0]
        if not path.is_file():
            return route.fulfill(status=404, body="")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=path.read_bytes(), content_type=mime,
                      headers={"Content-Security-Policy": CSP})

    context.route("**/*", serve)
    page = context.new_page()
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e =>"
        " window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile]));")
    try:
        page.goto("http://handbook.test/planer/aubo/it-nedbrud.html")
        page.fill("#hb-search-input", "Mercebach")
        wait_until(page, "document.querySelectorAll('.hb-search__option').length > 0")
        first = page.get_attribute(".hb-search__option", "href")
        assert first == "../../" + EXPECTED["Mercebach"]
        ours = [v for v in page.evaluate("window.__csp")
                if v[1] == "eval" or "search" in (v[1] + v[2]) or "handbook-index" in v[1]]
        assert ours == []
        assert other == []
    finally:
        context.close()


def test_search_works_from_file_under_a_csp_meta(mini_site, offline_page, tmp_path):
    """From file:// too: the lazily inserted index script counts as 'self'."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    page_file = site / "planer" / "aubo" / "it-nedbrud.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.write_text(html.replace(
        "<head>", f'<head><meta http-equiv="Content-Security-Policy" content="{CSP}">', 1),
        encoding="utf-8")
    page = offline_page.page
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e =>"
        " window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile]));")
    page.goto(page_file.as_uri())
    page.fill("#hb-search-input", "72361448")
    wait_until(page, "document.querySelectorAll('.hb-search__option').length > 0")
    assert page.get_attribute(".hb-search__option", "href") == "../../" + EXPECTED["72361448"]
    ours = [v for v in page.evaluate("window.__csp")
            if v[1] == "eval" or "search" in (v[1] + v[2]) or "handbook-index" in v[1]]
    assert ours == [] and offline_page.blocked == []
