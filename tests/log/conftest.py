"""Fixtures for the crisis-log tests: browser contexts that may reach only the site, persistent profiles."""

from __future__ import annotations

import contextlib

import pytest

from tests.offline.conftest import Guard, StaticServer

from .helpers import CSP_LISTENER, ZONE


def guard(context, *allowed: str) -> Guard:
    """Abort and record every request a context makes outside ``allowed`` (file:// or the test server)."""
    watch = Guard(tuple(allowed))
    context.route("**/*", watch.route)
    context.on("request", watch.record)
    context.add_init_script(CSP_LISTENER)
    return watch


@pytest.fixture
def log_context(chromium):
    """Fresh browser contexts in the Danish time zone, guarded to ``allowed`` origins; closed afterwards."""
    made = []

    def make(*allowed: str, **options):
        context = chromium.new_context(timezone_id=ZONE, accept_downloads=True, **options)
        context.guard = guard(context, *(allowed or ("file://",)))
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def profile(playwright_instance, tmp_path):
    """Open a persistent browser profile (the same folder each time), as a user reopening the browser does."""
    from handbook.browser import find_chromium, launch_args

    folder = tmp_path / "profile"

    @contextlib.contextmanager
    def open_browser(*allowed: str):
        context = playwright_instance.chromium.launch_persistent_context(
            str(folder), executable_path=find_chromium(), headless=True, args=launch_args(),
            accept_downloads=True, timezone_id=ZONE, service_workers="allow")
        context.guard = guard(context, *(allowed or ("file://",)))
        try:
            yield context
        finally:
            with contextlib.suppress(Exception):  # a test may have killed the browser
                context.close()

    open_browser.folder = folder
    return open_browser


@pytest.fixture
def server():
    """Serve folders on the loopback interface; every server is stopped after the test."""
    servers = []

    def start(directory) -> StaticServer:
        started = StaticServer(directory).start()
        servers.append(started)
        return started

    yield start
    for started in servers:
        started.stop()
