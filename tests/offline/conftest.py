"""Fixtures for the offline tests: small built sites, loopback servers and one Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest

from handbook.context import BuildContext, BuildInfo
from handbook.offline import write_bundle, write_offline_files

ASSETS = Path(__file__).resolve().parents[2] / "handbook" / "assets"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# What the lead's theme/main.html renders into every page's <head>.
MAIN_HTML = """{% extends "base.html" %}
{% block htmltitle %}
  {{ super() }}
  <meta name="handbook-version" content="{{ config.extra.handbook.version }}">
  <meta name="handbook-built" content="{{ config.extra.handbook.built }}">
  <meta name="handbook-root" content="{{ base_url }}">
{% endblock %}
"""

MKDOCS_YML = """site_name: Testhåndbog
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  language: da
  font: false
  custom_dir: overrides
plugins: []
extra:
  generator: false
  handbook:
    version: "{version}"
    built: "{built}"
extra_css:
  - assets/handbook/offline.css
extra_javascript:
  - path: assets/handbook/offline.js
    defer: true
nav:
  - index.md
  - Planer:
    - planer/aubo/index.md
    - planer/aubo/it-nedbrud.md
  - kontakter.md
"""

PAGES = {
    "index.md": "# Forside\n\n{marker} Håndbogens forside.\n\n[IT-nedbrud](planer/aubo/it-nedbrud.md)\n",
    "planer/aubo/index.md": "# AUBO\n\n{marker} Planer for AUBO.\n",
    "planer/aubo/it-nedbrud.md": "# IT-nedbrud\n\n## Situation\n\n{marker} Fasit/Nexus er nede.\n",
    "kontakter.md": "# Kontakter\n\n{marker} IT-support tlf. 72 36 14 48 [kort](kontakter.vcf)\n",
}


def make_site(work: Path, version: str, built: str, marker: str) -> Path:
    """Build a tiny Material site like the handbook's into ``work/site`` and return it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = work / "docs"
    for rel, text in PAGES.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(marker=marker), encoding="utf-8")
    shutil.copytree(ASSETS, docs / "assets" / "handbook", dirs_exist_ok=True)
    (docs / "handbook.pdf").write_bytes(PDF.replace(b"%%EOF", f"% {marker}\n%%EOF".encode()))
    (docs / "kontakter.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:IT-support\r\nEND:VCARD\r\n")
    (docs / "manifest.webmanifest").write_text('{"name": "Testhåndbog"}')
    (work / "overrides").mkdir(exist_ok=True)
    (work / "overrides" / "main.html").write_text(MAIN_HTML)
    (work / "mkdocs.yml").write_text(MKDOCS_YML.format(version=version, built=built), encoding="utf-8")
    config = load_config(config_file=str(work / "mkdocs.yml"), site_dir=str(work / "site"))
    build(config)
    return work / "site"


def finish(work: Path, site: Path, version: str, built: str) -> BuildContext:
    """Run the two offline steps on a built site, as the pipeline does."""
    when = dt.datetime.fromisoformat(built + "T12:00:00+00:00")
    ctx = BuildContext(root=work, model=None, build=BuildInfo(version, when, "0" * 10),
                       site_dir=site, dist_dir=work / "dist")
    write_offline_files(ctx)
    write_bundle(ctx)
    return ctx


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Two builds of the same small handbook: v1 and v2 with changed content."""
    out = {}
    for version, built_on, marker in (("2026.11.01-aaaaaaa", "2026-11-01", "UDGAVE-ET"),
                                      ("2026.11.02-bbbbbbb", "2026-11-02", "UDGAVE-TO")):
        work = tmp_path_factory.mktemp(f"site-{marker.lower()}")
        site = make_site(work, version, built_on, marker)
        out[marker] = finish(work, site, version, built_on)
    return out


@pytest.fixture(scope="session")
def site_v1(built):
    """The first build's context."""
    return built["UDGAVE-ET"]


@pytest.fixture(scope="session")
def site_v2(built):
    """The second build's context."""
    return built["UDGAVE-TO"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class StaticServer:
    """A loopback static file server on a free port that can be stopped and started again."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.port = free_port()
        self._server = None

    @property
    def origin(self) -> str:
        """The server's origin, e.g. http://127.0.0.1:40123."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "StaticServer":
        """Serve ``directory`` (again, on the same port)."""
        handler = functools.partial(_Quiet, directory=str(self.directory))
        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving; connections to the port are refused afterwards."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serve(tmp_path):
    """Start servers for folders; every one is stopped after the test."""
    servers = []

    def start(directory: Path) -> StaticServer:
        server = StaticServer(directory).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    from handbook.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Guard:
    """Every request a browser context makes; requests leaving the allowed origins are aborted."""

    def __init__(self, allowed: tuple[str, ...]):
        self.allowed = allowed
        self.seen: list[str] = []
        self.blocked: list[str] = []

    def ok(self, url: str) -> bool:
        """Whether a URL may be loaded."""
        return url.startswith(self.allowed) or url.startswith(("data:", "blob:", "about:"))

    def route(self, route) -> None:
        """Playwright route handler: continue local requests, abort the rest."""
        url = route.request.url
        self.seen.append(url)
        if self.ok(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def record(self, request) -> None:
        """Playwright request listener (also sees requests the route did not)."""
        if not self.ok(request.url):
            self.blocked.append(request.url)


@pytest.fixture
def new_context(browser):
    """Make fresh browser contexts that only reach the given origins; close them afterwards."""
    made = []

    def make(*allowed: str):
        context = browser.new_context(service_workers="allow")
        guard = Guard(tuple(allowed))
        context.route("**/*", guard.route)
        context.on("request", guard.record)
        context.guard = guard
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
