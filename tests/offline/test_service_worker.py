"""The service worker: one visit stores the whole build; with the server gone every page still opens."""

from __future__ import annotations

import re

import pytest

from helpers import manifest, open_all_offline, visit_and_store, wait_state

pytestmark = pytest.mark.browser


def test_every_page_opens_from_the_worker_after_one_visit(site_v1, serve, new_context):
    server = serve(site_v1.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    text = visit_and_store(page, server.origin)
    assert text == "Håndbogen er gemt til brug uden net · udgave 2026.11.01-aaaaaaa · 01.11.2026"

    server.stop()
    problems = open_all_offline(page, server.origin, site_v1.site_dir, "UDGAVE-ET")
    assert problems == []
    assert len(manifest(site_v1.site_dir)["pages"]) == 4
    text = wait_state(page, "offline")
    assert text == "Du ser den gemte udgave fra 01.11.2026 – der er ingen forbindelse"
    assert context.guard.blocked == []


def test_pdf_downloads_offline(site_v1, serve, new_context):
    server = serve(site_v1.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    visit_and_store(page, server.origin)
    server.stop()
    expected = (site_v1.site_dir / "handbook.pdf").read_bytes()
    body = page.evaluate(
        """async (url) => {
             const r = await fetch(url);
             return {ok: r.ok, type: r.headers.get('content-type'), bytes: Array.from(new Uint8Array(await r.arrayBuffer()))};
           }""",
        server.origin + "/handbook.pdf",
    )
    assert body["ok"] and body["type"] == "application/pdf"
    assert bytes(body["bytes"]) == expected
    # A reader clicking the PDF link gets the file from the worker.
    page.goto(server.origin + "/index.html")
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'handbook.pdf';
                            a.id = 'pdf'; a.textContent = 'PDF'; document.body.append(a); }""")
    with page.expect_response(server.origin + "/handbook.pdf") as info:
        page.click("#pdf")
    response = info.value
    assert response.ok and response.from_service_worker
    assert response.headers["content-type"] == "application/pdf"


def test_pdf_links_do_not_bypass_the_worker(site_v1):
    """Chromium sends <a download> straight to the network, past the worker: offline it fails."""
    offenders = []
    for html in site_v1.site_dir.rglob("*.html"):
        for tag in re.findall(r"<a\b[^>]*>", html.read_text(encoding="utf-8")):
            if re.search(r"\sdownload(\s|=|>)", tag) and not re.search(r'href="(https?:|mailto:|tel:)', tag):
                offenders.append(f"{html.relative_to(site_v1.site_dir)}: {tag}")
    assert offenders == []


def test_nothing_leaves_the_origin(site_v1, serve, new_context):
    server = serve(site_v1.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    visit_and_store(page, server.origin)
    for rel in manifest(site_v1.site_dir)["pages"]:
        page.goto(f"{server.origin}/{rel}")
        page.wait_for_load_state("networkidle")
    seen = [u for u in context.guard.seen if not u.startswith("data:")]
    assert seen and all(u.startswith(server.origin + "/") for u in seen)
    assert context.guard.blocked == []
