"""Updates: a new build is stored whole before it is offered, and after reloading no page is old."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import wait_until

from .conftest import V1, V2, V2_PAGE, V2_TEXT
from .helpers import axe_violations, focus_ring, open_all, page_version, tab_to, visit_and_store, wait_state

pytestmark = pytest.mark.browser


def publish(source, target):
    """Replace the served folder's contents with another build, as a deploy does."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def handbook_caches(page) -> list[str]:
    """The names of the handbook's caches in the page's origin."""
    return page.evaluate("async () => (await caches.keys()).filter(k => k.startsWith('handbook:'))")


def stored_first_build(site, serve, new_context, tmp_path):
    """Publish a build, serve it, and visit once until the reader's copy is stored."""
    www = tmp_path / "www"
    publish(site.site_dir, www)
    server = serve(www)
    context = new_context(server.origin)
    page = context.new_page()
    visit_and_store(page, server.origin)
    return www, server, context, page


def test_update_is_offered_and_never_mixes_builds(site_v1, site_v2, serve, new_context, tmp_path):
    www, server, context, page = stored_first_build(site_v1, serve, new_context, tmp_path)
    assert len(handbook_caches(page)) == 1

    publish(site_v2.site_dir, www)
    other = context.new_page()
    other.goto(server.origin + "/kontakter.html")
    # Navigating makes the browser check sw.js; the new build is fetched whole, then offered.
    assert wait_state(other, "update") == "Der er en ny udgave af håndbogen. Ny udgave – genindlæs"
    # Until the reader accepts, every page is still the stored first build.
    assert open_all(page, server.origin, site_v1.site_dir, V1) == []
    page.goto(f"{server.origin}/{V2_PAGE}")
    assert V2_TEXT not in page.content()
    wait_state(page, "update")
    assert len(handbook_caches(page)) == 2

    assert axe_violations(page) == []
    # Reachable by keyboard, with a visible focus ring; Enter accepts the new edition.
    assert tab_to(page, "#handbook-offline-status button")
    ring = focus_ring(page)
    assert ring["visible"] and ring["style"] == "solid" and ring["width"] >= 2
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert wait_state(page, "stored").endswith(f"udgave {V2} · 02.11.2026")
    assert V2_TEXT in page.content()
    # The other open tab is reloaded too, so it cannot go on with the old build.
    wait_until(other, f"() => (window.HANDBOOK_EDITION || {{}}).version === '{V2}'")
    wait_state(other, "stored")
    caches = handbook_caches(page)
    assert len(caches) == 1 and f":{V2}-" in caches[0]

    server.stop()
    assert open_all(page, server.origin, site_v2.site_dir, V2) == []
    page.goto(f"{server.origin}/{V2_PAGE}")
    assert V2_TEXT in page.content()
    assert context.guard.blocked == []


def test_a_build_that_changes_while_it_is_fetched_is_not_installed(site_v1, site_v2, serve, new_context, tmp_path):
    """A worker whose files do not match its manifest never replaces the stored build."""
    www, server, context, page = stored_first_build(site_v1, serve, new_context, tmp_path)

    # The second build's worker and manifest, but one page still from the first: a half-finished upload.
    publish(site_v2.site_dir, www)
    shutil.copy(site_v1.site_dir / V2_PAGE, www / V2_PAGE)
    update = "async () => { const r = await navigator.serviceWorker.getRegistration(); await r.update().catch(() => {}); }"
    page.evaluate(update)
    wait_until(page, "async () => !(await navigator.serviceWorker.getRegistration()).installing",
                           timeout=30_000)
    assert page.evaluate("async () => !!(await navigator.serviceWorker.getRegistration()).waiting") is False
    page.reload()
    wait_state(page, "stored")
    assert page_version(page) == V1
    assert len(handbook_caches(page)) == 1

    # Control: once the upload is complete, the same worker installs and is offered.
    shutil.copy(site_v2.site_dir / V2_PAGE, www / V2_PAGE)
    page.evaluate(update)
    wait_state(page, "update")


def test_removing_the_worker_from_the_server_retires_the_stored_copy(site_v1, serve, new_context, tmp_path):
    """A preview (handbook serve) or a site without offline files on the same origin is never hidden."""
    www, server, context, page = stored_first_build(site_v1, serve, new_context, tmp_path)

    (www / "sw.js").unlink()
    (www / "index.html").write_text("<!doctype html><meta charset=utf-8><title>Preview</title><p>NEW PREVIEW</p>")
    page.goto(server.origin + "/kontakter.html")
    wait_until(page, "() => !navigator.serviceWorker.controller", timeout=30_000)
    # The browser removes an unregistered worker once no page uses it any more: shortly after.
    wait_until(page, """async () => (await navigator.serviceWorker.getRegistrations()).length === 0
                                         && (await caches.keys()).length === 0""", timeout=30_000)
    page.goto(server.origin + "/index.html")
    assert "NEW PREVIEW" in page.content()
    page.goto(server.origin + "/kontakter.html")
    page.wait_for_selector("html[data-handbook-offline='none']")
    assert page.locator("#handbook-offline-status").count() == 0
