"""The service worker: one visit stores the whole build; with the server gone every page still opens."""

from __future__ import annotations

import re
import shutil

import pytest

from .conftest import V1
from .helpers import (
    axe_violations,
    manifest,
    open_all,
    require_search,
    search_finds,
    stored_mb,
    visit_and_store,
    wait_state,
)

pytestmark = pytest.mark.browser


def test_every_page_opens_from_the_worker_after_one_visit(site_v1, serve, new_context):
    server = serve(site_v1.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    text = visit_and_store(page, server.origin)
    # Everything fits the budget: the line says how much is stored, and nothing about PDFs stored later.
    assert re.fullmatch(rf"Håndbogen er gemt til brug uden net \(\d+,\d MB\) · udgave {V1} · 01\.11\.2026", text)
    assert abs(stored_mb(text) - max(manifest(site_v1.site_dir)["stored"] / 1e6, 0.1)) <= 0.15
    assert not any(f.get("lazy") for f in manifest(site_v1.site_dir)["files"])
    # The footer names the edition, read from edition.js like the status line.
    assert page.locator("[data-hb-edition]").inner_text() == f"Udgave {V1} · 01.11.2026"
    assert axe_violations(page) == []

    server.stop()
    pages = manifest(site_v1.site_dir)["pages"]
    assert len(pages) == len(list(site_v1.site_dir.rglob("*.html"))) - 1  # all but 404.html
    assert open_all(page, server.origin, site_v1.site_dir, V1) == []
    text = wait_state(page, "offline")
    assert text == "Du ser den gemte udgave fra 01.11.2026 – der er ingen forbindelse"
    assert axe_violations(page) == []
    # A page the site does not have gets the stored "not found" page, not a browser error.
    response = page.goto(server.origin + "/findes-ikke.html")
    assert response.status == 404 and response.from_service_worker
    assert context.guard.blocked == []


def test_search_works_offline(site_v1, serve, new_context):
    require_search(site_v1.site_dir)
    server = serve(site_v1.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    visit_and_store(page, server.origin)
    server.stop()
    page.goto(server.origin + "/planer/sundhed/index.html")
    wait_state(page, "offline")
    assert search_finds(page, "plejecenter", "brand.html")
    assert context.guard.blocked == []


def test_pdf_downloads_offline(site_v1, serve, new_context):
    pdf = manifest(site_v1.site_dir)["pdfs"][0]
    expected = (site_v1.site_dir / pdf).read_bytes()
    server = serve(site_v1.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    visit_and_store(page, server.origin)
    server.stop()
    body = page.evaluate(
        """async (url) => {
             const r = await fetch(url);
             return {ok: r.ok, type: r.headers.get('content-type'),
                     bytes: Array.from(new Uint8Array(await r.arrayBuffer()))};
           }""",
        f"{server.origin}/{pdf}",
    )
    assert body["ok"] and body["type"] == "application/pdf"
    assert bytes(body["bytes"]) == expected
    # A reader clicking a link to the PDF gets it from the worker.
    page.goto(server.origin + "/index.html")
    page.evaluate("""(href) => { const a = document.createElement('a'); a.href = href;
                                 a.id = 'pdf'; a.textContent = 'PDF'; document.body.append(a); }""", pdf)
    with page.expect_response(f"{server.origin}/{pdf}") as info:
        page.click("#pdf")
    assert info.value.ok and info.value.from_service_worker
    assert info.value.headers["content-type"] == "application/pdf"


def test_links_to_site_files_do_not_bypass_the_worker(site_v1):
    """Chromium sends <a download> straight to the network, past the worker: offline it fails."""
    offenders = []
    for html in site_v1.site_dir.rglob("*.html"):
        for tag in re.findall(r"<a\b[^>]*>", html.read_text(encoding="utf-8")):
            local = not re.search(r'href="(https?:|mailto:|tel:)', tag)
            if local and re.search(r"\sdownload(\s|=|>)", tag):
                offenders.append(f"{html.relative_to(site_v1.site_dir)}: {tag}")
    assert offenders == []


def test_nothing_leaves_the_origin(site_v1, serve, new_context):
    server = serve(site_v1.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    visit_and_store(page, server.origin)
    for rel in manifest(site_v1.site_dir)["pages"]:
        page.goto(f"{server.origin}/{rel}", wait_until="load")
    page.wait_for_load_state("networkidle")
    seen = [u for u in context.guard.seen if not u.startswith("data:")]
    assert seen and all(u.startswith(server.origin + "/") for u in seen)
    # The guard also sees the worker's own requests (only the worker fetches the manifest).
    assert f"{server.origin}/offline-manifest.json" in seen
    assert context.guard.blocked == []


def test_a_site_that_does_not_match_its_manifest_is_not_stored(site_v1, serve, new_context, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(site_v1.site_dir, site)
    (site / "kontakter.html").write_text("<!doctype html><title>x</title><p>changed after the build</p>")
    server = serve(site)
    context = new_context(server.origin)
    page = context.new_page()
    page.goto(server.origin + "/index.html")
    text = wait_state(page, "error")
    assert text == "Håndbogen kunne ikke gemmes til brug uden net. Siden virker, så længe der er forbindelse."
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert axe_violations(page) == []
