"""Content-Security-Policy: one policy, on every page, and Chromium reports no violation."""

from __future__ import annotations

import re

import pytest

from handbook.site import csp

from .conftest import CSP_LISTENER, html_pages, local_only, one_page_per_kind


def test_policy_allows_only_own_origin_and_no_inline_script():
    value = csp.policy()
    directives = dict(d.strip().split(" ", 1) for d in value.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in value and "'unsafe-eval'" not in value
    assert "http" not in value  # no other origin anywhere
    assert "frame-ancestors" not in value  # ignored in a meta element; header only


def test_header_policy_is_the_meta_policy_plus_header_only_directives():
    assert csp.policy(header=True) == csp.policy() + "; frame-ancestors 'self'"
    assert csp.nginx_directive() == (
        f'add_header Content-Security-Policy "{csp.policy(header=True)}" always;')


def test_theme_partial_is_in_sync_with_the_generator():
    assert csp.meta_tag() in csp.PARTIAL.read_text(encoding="utf-8"), "run: python -m handbook.site.csp --write"


def test_script_hash_matches_the_csp_spec_example():
    # CSP3's example: sha256 of "alert('Hello, world.');"
    assert csp.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_scan_finds_what_the_policy_would_block():
    found = csp.scan('<script>x()</script><script type="application/json">{}</script>'
                     '<script src="a.js"></script><img src=x onerror=alert(1)>'
                     '<a href=" JavaScript:alert(1)">a</a><img src="data:image/png;base64,AA">')
    assert found.inline_scripts == ["x()"]
    assert found.handlers == ["<img onerror=…>"]
    assert found.js_urls == ["<a href= JavaScript:alert(1)>"]


@pytest.mark.slow
@pytest.mark.parametrize("build", ["seed_build", "multi_build"])
def test_every_page_carries_the_policy_before_any_script(build, request):
    site = request.getfixturevalue(build).site_dir
    pages = html_pages(site)
    assert len(pages) >= 15
    for path in pages:
        text = path.read_text(encoding="utf-8")
        found = csp.scan(text)
        assert found.meta_policies == [csp.policy()], path
        assert text.index('http-equiv="Content-Security-Policy"') < text.index("<script"), path
        assert text.index('http-equiv="Content-Security-Policy"') < text.index('rel="stylesheet"'), path
        assert found.inline_scripts == [], f"{path}: inline script needs a file or a hash"
        assert found.handlers == [] and found.js_urls == [], path


def _visit(context, url):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    # Material's JavaScript ran: it turns <html class="no-js"> into "js" and reads __md_scope.
    works = page.evaluate("document.documentElement.classList.contains('js') && typeof __md_get === 'function'"
                          " && __md_scope instanceof URL")
    page.close()
    return violations, works, errors


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("build", ["seed_build", "multi_build"])
def test_no_csp_violation_from_file_and_http_on_every_kind_of_page(build, request, chromium, site_server):
    ctx = request.getfixturevalue(build)
    site = ctx.site_dir
    context = chromium.new_context()
    context.add_init_script(CSP_LISTENER)
    blocked = local_only(context)
    kinds = one_page_per_kind(ctx)
    assert {"front", "contacts", "area", "plan", "card", "roles", "role", "other"} <= {
        r.kind for r in ctx.pages}
    try:
        for rel in kinds:
            urls = [site_server.url(site, rel)]
            if rel != "404.html":  # 404.html uses root-absolute links, made for a web server
                urls.append((site / rel).as_uri())
            for url in urls:
                violations, works, errors = _visit(context, url)
                assert violations == [], url
                assert works, f"{url}: Material's JavaScript did not run"
                assert errors == [], url
    finally:
        context.close()
    assert blocked == []


@pytest.mark.browser
def test_violation_listener_reports_a_blocked_inline_script(chromium, tmp_path):
    # The control: the same policy and listener do report an inline script, so a silent pass means something.
    page_file = tmp_path / "p.html"
    page_file.write_text(f"<!doctype html><html><head>{csp.meta_tag()}</head>"
                         "<body><script>document.title='ran'</script></body></html>", encoding="utf-8")
    context = chromium.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.goto(page_file.as_uri())
    assert page.title() != "ran"
    assert re.match(r"script-src-elem ", page.evaluate("window.__cspViolations")[0])
    context.close()
