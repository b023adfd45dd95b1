"""`handbook serve` reloads the page after an edit, under the site's own CSP (issue 14, row 10).

MkDocs' preview server writes an inline livereload script that the pages' CSP
blocks; serve mode loads the same poller from the server instead. No fixed
sleeps: the server is polled until it answers, the page until it shows the edit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.quality.conftest import CSP_LISTENER

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEADLINE = 240  # seconds: a guard for a loaded 2-core machine, not a speed target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_served(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("handbook serve stopped:\n" + log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling interval, not a wait for something to happen
    raise AssertionError("handbook serve never answered:\n" + log.read_text(errors="replace"))


@pytest.fixture
def served(seed_copy, tmp_path):
    """``handbook serve`` on a free port for a copy of the seed; yields (root, origin)."""
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "handbook.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=seed_copy, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        )
    origin = f"http://127.0.0.1:{port}"
    try:
        _wait_until_served(origin + "/index.html", process, log)
        yield seed_copy, origin
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_page_reloads_after_an_edit_without_a_csp_violation(served, chromium):
    root, origin = served
    context = chromium.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    try:
        # The poller is loaded from the server (allowed by 'self') and asks the server for news.
        with page.expect_request(lambda r: "/livereload/" in r.url, timeout=DEADLINE * 1000):
            page.goto(origin + "/planer/aubo/it-nedbrud.html")
        assert page.locator("h1").first.inner_text() == "IT-nedbrud"
        assert page.evaluate("window.__cspViolations") == []
        page.evaluate("window.__before_edit = true")

        plan = root / "data/plans/it-nedbrud.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: IT-nedbrud", "title: IT-nedbrud rettet", 1),
                        encoding="utf-8")
        # A function, not an expression: the page's CSP forbids the eval Playwright uses for a bare expression.
        page.wait_for_function("() => ((document.querySelector('h1') || {}).textContent || '').includes('rettet')",
                               timeout=DEADLINE * 1000, polling=250)
        assert page.evaluate("window.__before_edit") is None, "the text changed without a reload"
        assert page.evaluate("window.__cspViolations") == []
    finally:
        context.close()


def test_the_built_site_carries_no_livereload(seed_build):
    """Serve mode only: a built page loads no livereload script and its CSP is unchanged."""
    page = (seed_build.site_dir / "index.html").read_text(encoding="utf-8")
    assert "livereload" not in page
    assert "unsafe-inline" not in page and "nonce-" not in page
