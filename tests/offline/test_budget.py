"""What a reader downloads and stores: an update fetches only the changed files, and PDFs past
the offline budget are stored the first time they are opened ("ikke gemt" offline before that)."""

from __future__ import annotations

import copy
import dataclasses
import shutil
import urllib.parse

import pytest

from handbook.offline import write_offline_files
from tests.conftest import wait_until

from .conftest import build_handbook
from .helpers import axe_violations, manifest, stored_mb, visit_and_store, wait_state

pytestmark = pytest.mark.browser

OLD_NUMBER, NEW_NUMBER = "40 10 20 34", "40 10 29 34"  # Erik Eriksen, driftsleder


def _renumber(root) -> None:
    path = root / "data" / "contacts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_NUMBER, NEW_NUMBER), encoding="utf-8")


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    """The fixture handbook, then the same with one phone number changed (no PDFs: a page matter)."""
    first = build_handbook(tmp_path_factory.mktemp("ed1"), "2026.11.01-aaaaaaa", "2026-11-01", pdf=False)
    second = build_handbook(tmp_path_factory.mktemp("ed2"), "2026.11.02-ccccccc", "2026-11-02", _renumber, pdf=False)
    return first, second


def publish(source, target):
    """Replace the served folder's contents with another build, as a deploy does."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def changed_files(old: dict, new: dict) -> set[str]:
    """The files of the new manifest a reader stores that are not byte for byte in the old one."""
    before = {f["path"]: f["sha256"] for f in old["files"]}
    return {f["path"] for f in new["files"] if not f.get("lazy") and before.get(f["path"]) != f["sha256"]}


def test_after_an_edit_the_reader_downloads_only_the_changed_files(two_editions, serve, new_context, tmp_path):
    first, second = two_editions
    www = tmp_path / "www"
    publish(first.site_dir, www)
    server = serve(www)
    context = new_context(server.origin)
    page = context.new_page()
    visit_and_store(page, server.origin)
    stored = manifest(first.site_dir)
    first_visit = [path for method, path in server.requests if method == "GET"]
    assert len(first_visit) >= len(stored["files"])  # the first visit fetched the whole build

    server.requests.clear()
    publish(second.site_dir, www)
    page.goto(server.origin + "/kontakter.html")
    wait_state(page, "update")

    expected = changed_files(stored, manifest(second.site_dir))
    # The edit is small: the contacts page, the pages that show the number, the exports, the edition.
    assert "kontakter.html" in expected and "edition.js" in expected and "planer/boern/brand.html" not in expected
    assert len(expected) < len(stored["files"]) / 3
    fetched = [urllib.parse.unquote(path.split("?")[0]).lstrip("/") for method, path in server.requests
               if method == "GET"]
    announcing = {"sw.js", "offline-manifest.json"}
    # Every changed file once, nothing unchanged; the worker and its manifest announce the edition.
    assert sorted(p for p in fetched if p not in announcing) == sorted(expected)
    assert "offline-manifest.json" in fetched

    # Accepting the update shows the new number; offline, too.
    page.locator("#handbook-offline-status button").click()
    wait_state(page, "stored")
    assert NEW_NUMBER in page.content()
    server.stop()
    page.goto(server.origin + "/planer/teknik/index.html")
    assert NEW_NUMBER in page.content() and OLD_NUMBER not in page.content()
    assert context.guard.blocked == []


@pytest.fixture(scope="module")
def low_budget(site_v1, tmp_path_factory):
    """The first edition (with its PDFs) with an offline budget too small for any PDF but the wallet card."""
    site = tmp_path_factory.mktemp("budget") / "site"
    shutil.copytree(site_v1.site_dir, site)
    model = copy.copy(site_v1.model)
    model.handbook = model.handbook.model_copy(update={"offline_budget_mb": 0.001})
    ctx = dataclasses.replace(site_v1, site_dir=site, model=model)
    write_offline_files(ctx)
    return ctx


def fetch_bytes(page, url: str) -> dict:
    """Fetch a URL from the page (through its worker): status, type and body."""
    return page.evaluate(
        """async (url) => {
             try {
               const r = await fetch(url);
               return {ok: r.ok, status: r.status, type: r.headers.get('content-type'),
                       bytes: Array.from(new Uint8Array(await r.arrayBuffer()))};
             } catch (e) { return {ok: false, error: String(e)}; }
           }""",
        url,
    )


def test_a_pdf_past_the_budget_is_stored_when_first_opened(low_budget, serve, new_context):
    files = manifest(low_budget.site_dir)
    lazy = sorted(f["path"] for f in files["files"] if f.get("lazy"))
    assert "handbook.pdf" in lazy and "pdf/sundhed.pdf" in lazy and "wallet-card.pdf" not in lazy
    server = serve(low_budget.site_dir)
    context = new_context(server.origin)
    page = context.new_page()
    text = visit_and_store(page, server.origin)
    assert f"; 1 af {len(files['pdfs'])} PDF'er – de andre gemmes, når du åbner dem)" in text
    assert abs(stored_mb(text) - max(files["stored"] / 1e6, 0.1)) <= 0.15
    # The install fetched no PDF past the budget.
    assert not [p for m, p in server.requests if p.lstrip("/") in lazy]
    link = page.locator("a[href$='handbook.pdf']")
    assert link.inner_text().endswith("(gemmes til brug uden net, når du åbner den)")

    # Opened once, online: through the worker, which keeps it.
    expected = (low_budget.site_dir / "handbook.pdf").read_bytes()
    with page.expect_response(server.origin + "/handbook.pdf") as opened:
        link.click()
    assert opened.value.ok and opened.value.from_service_worker
    assert opened.value.headers["content-type"] == "application/pdf"
    page.goto(server.origin + "/index.html")
    wait_until(page, "() => document.querySelector(\"a[href$='handbook.pdf']\").dataset.hbPdf === 'stored'")
    assert page.locator("a[href$='handbook.pdf']").inner_text().endswith("(gemt til brug uden net)")
    assert f"; 2 af {len(files['pdfs'])} PDF'er" in wait_state(page, "stored")

    server.stop()
    # Offline it still opens, byte for byte.
    body = fetch_bytes(page, server.origin + "/handbook.pdf")
    assert body["ok"] and body["type"] == "application/pdf" and bytes(body["bytes"]) == expected
    page.goto(server.origin + "/planer/sundhed/index.html")
    wait_state(page, "offline")
    area_link = page.locator("a[href$='sundhed.pdf']")
    wait_until(page, "() => document.querySelector(\"a[href$='sundhed.pdf'] .hb-pdf-state\")")
    assert area_link.inner_text().endswith("(ikke gemt – kræver forbindelse)")

    # A PDF never opened: a clear page from the worker, not a browser error.
    response = page.goto(server.origin + "/pdf/sundhed.pdf")
    assert response.ok and response.from_service_worker
    assert page.url == server.origin + "/ikke-gemt.html?fil=pdf%2Fsundhed.pdf"
    assert page.locator("h1").inner_text() == "PDF'en er ikke gemt til brug uden net"
    assert page.locator("[data-hb-not-stored-file]").inner_text() == "Filen er pdf/sundhed.pdf."
    assert fetch_bytes(page, server.origin + "/pdf/sundhed.pdf")["status"] == 503
    assert axe_violations(page) == []
    # Only Chromium's own PDF viewer (an extension page and its chrome:// resources, loaded or not
    # depending on timing) was kept from loading; nothing left the origin.
    assert [u for u in context.guard.blocked if not u.startswith(("chrome-extension://", "chrome://"))] == []
