"""The file:// bundle and plain-HTTP hosting, where no service worker can run."""

from __future__ import annotations

import mimetypes
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from handbook.offline import BUNDLE_NAME, write_bundle
from handbook.offline.bundle import FOLDER, README_NAME
from handbook.site.search import SCRIPTS
from tests.conftest import wait_until

from .conftest import V1
from .helpers import SEARCH_INDEX, axe_violations, manifest, open_all, require_search, search_finds, wait_state

pytestmark = pytest.mark.browser


def unpack(ctx, target: Path) -> Path:
    """Unzip the bundle like a reader would; return the folder holding index.html."""
    with zipfile.ZipFile(ctx.dist_dir / BUNDLE_NAME) as archive:
        archive.extractall(target)
    return target / FOLDER


def test_bundle_holds_the_whole_site_and_is_reproducible(site_v1, tmp_path):
    with zipfile.ZipFile(site_v1.dist_dir / BUNDLE_NAME) as archive:
        names = archive.namelist()
        readme = archive.read(README_NAME).decode("utf-8-sig")
    files = {f["path"] for f in manifest(site_v1.site_dir)["files"]}
    assert {f"{FOLDER}/{p}" for p in files} <= set(names)
    assert f"{FOLDER}/index.html" in names
    assert [p for p in files if p.endswith(".pdf")], "the bundle should hold the PDFs"
    assert not [n for n in names if n.endswith(".map")]
    assert V1 in readme and f"{FOLDER}/index.html" in readme
    first = (site_v1.dist_dir / BUNDLE_NAME).read_bytes()
    again = write_bundle(site_v1)
    assert again.read_bytes() == first


def test_search_scripts_load_deferred_in_order_and_are_precached(site_v1):
    """Each search script uses what the ones before it set up: every page loads them in ``SCRIPTS`` order."""
    files = {f["path"] for f in manifest(site_v1.site_dir)["files"]}
    assert {f"assets/handbook/{name}" for name in SCRIPTS} <= files
    for page in ("index.html", "planer/sundhed/brand.html"):
        html = (site_v1.site_dir / page).read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*\bsrc=\"[^\"]*assets/handbook/(search[^\"]*)\"[^>]*>", html)
        assert tags == list(SCRIPTS), page
        for name in SCRIPTS:
            tag = re.search(rf"<script\b[^>]*assets/handbook/{re.escape(name)}[^>]*>", html)
            assert tag and re.search(r"\bdefer\b", tag.group(0)), (page, name)


def test_bundle_works_from_file_with_the_network_cut(site_v1, new_context, tmp_path):
    folder = unpack(site_v1, tmp_path / "usb stick")  # a space, as on real shares
    context = new_context("file://")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = folder.as_uri()
    assert open_all(page, base, folder, V1, from_worker=False) == []
    assert wait_state(page, "file", timeout=10_000) == f"Lokal kopi · udgave {V1} · 01.11.2026"
    assert axe_violations(page) == []
    # Links between pages work from file:// (no directory URLs).
    page.goto(f"{base}/index.html")
    page.locator("a[href$='.html']").filter(has_text="Sundhed").first.click()
    page.wait_for_url("**/planer/sundhed/index.html")
    for pdf in manifest(folder)["pdfs"]:
        assert (folder / pdf).read_bytes() == (site_v1.site_dir / pdf).read_bytes()
    assert page.evaluate("() => navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
    assert errors == []
    assert context.guard.blocked == []
    assert context.guard.seen and all(u.startswith("file://") for u in context.guard.seen)


def test_bundle_search_works_from_file(site_v1, new_context, tmp_path):
    require_search(site_v1.site_dir)
    folder = unpack(site_v1, tmp_path / "share")
    assert (folder / SEARCH_INDEX).is_file()
    context = new_context("file://")
    page = context.new_page()
    page.goto((folder / "kontakter.html").as_uri())
    assert search_finds(page, "plejecenter", "brand.html")
    assert context.guard.blocked == []


def serve_as_plain_http(context, site: Path, origin: str = "http://handbook.test"):
    """Answer requests for a non-local, non-secure origin from a folder (no DNS, no real server)."""

    def handle(route):
        path = route.request.url[len(origin):].split("?")[0].split("#")[0]
        target = site / (path.lstrip("/") or "index.html")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return route.fulfill(status=404, body="")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=target.read_bytes(), content_type=kind)

    context.route(origin + "/**", handle)
    return origin


def test_plain_http_offers_the_pdf_and_no_zip_unless_published(site_v1, new_context):
    context = new_context("http://handbook.test/")
    origin = serve_as_plain_http(context, site_v1.site_dir)
    page = context.new_page()
    page.goto(origin + "/planer/sundhed/brand.html")
    assert page.evaluate("() => window.isSecureContext") is False
    page.wait_for_selector("#handbook-offline-status a")
    text = wait_state(page, "http")
    assert text.startswith("Denne browser kan ikke gemme håndbogen til brug uden net her.")
    links = page.locator("#handbook-offline-status a")
    assert links.count() == 1
    assert links.first.inner_text() == "Håndbogen som PDF"
    assert links.first.evaluate("a => a.href") == origin + "/handbook.pdf"
    status = page.locator("#handbook-offline-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert axe_violations(page) == []
    assert context.guard.blocked == []


def test_plain_http_offers_the_zip_when_published_beside_the_site(site_v1, new_context, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(site_v1.site_dir, site)
    shutil.copy(site_v1.dist_dir / BUNDLE_NAME, site / BUNDLE_NAME)
    context = new_context("http://handbook.test/")
    origin = serve_as_plain_http(context, site)
    page = context.new_page()
    page.goto(origin + "/kontakter.html")
    wait_until(page, "() => document.querySelectorAll('#handbook-offline-status a').length === 2")
    links = page.locator("#handbook-offline-status a")
    assert links.nth(1).inner_text() == "Offline-pakke (zip) til fildrev eller USB-nøgle"
    assert links.nth(1).evaluate("a => a.href") == origin + "/" + BUNDLE_NAME
