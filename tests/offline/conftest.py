"""Fixtures for the offline tests: small built sites, loopback servers and one Chromium."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from handbook.offline import write_bundle, write_offline_files
from handbook.site.context import BuildContext

REPO = Path(__file__).resolve().parents[2]
MULTI = REPO / "tests" / "fixtures" / "multi"
# A stand-in until the PDF step is in the pipeline: any PDF in the site is precached alike.
DUMMY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

V1, V2 = "2026.11.01-aaaaaaa", "2026.11.02-bbbbbbb"
# Text that only the second build has, on the plan page for fire in a care home.
V2_TEXT = "Ny udgave - brandvagten mødes ved hovedindgangen."
V2_PAGE = "planer/sundhed/brand.html"


@contextlib.contextmanager
def _env(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_handbook(work: Path, version: str, day: str, change=None, pdf: bool = True) -> BuildContext:
    """Build the 10-plan fixture handbook with ``handbook build`` into ``work/handbook/site``."""
    from handbook.pipeline import build

    root = work / "handbook"
    shutil.copytree(MULTI, root)
    if change:
        change(root)
    epoch = int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp())
    with _env(HANDBOOK_BUILD_ID=version, SOURCE_DATE_EPOCH=str(epoch)):
        ctx = build(root / "mkdocs.yml", pdf=pdf)
    stale = not (ctx.site_dir / "sw.js").is_file()  # the pipeline does not run the offline steps yet
    if not list(ctx.site_dir.rglob("*.pdf")):  # a stand-in while the build has no PDF step
        (ctx.site_dir / "handbook.pdf").write_bytes(DUMMY_PDF.replace(b"%%EOF", f"% {version}\n%%EOF".encode()))
        stale = True
    if stale:
        write_offline_files(ctx)
        write_bundle(ctx)
    return ctx


def _second_edition(root: Path) -> None:
    plan = root / "data" / "plans" / "brand.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("  text: Ved brand på plejecenter gælder",
                                 f"  text: {V2_TEXT} Ved brand på plejecenter gælder", 1), encoding="utf-8")


@pytest.fixture(scope="session")
def site_v1(tmp_path_factory):
    """The fixture handbook built as the first edition."""
    return build_handbook(tmp_path_factory.mktemp("v1"), V1, "2026-11-01")


@pytest.fixture(scope="session")
def site_v2(tmp_path_factory):
    """The same handbook built again with a changed plan: the second edition."""
    # No PDFs: the update is about pages, and printing twice would only cost time.
    ctx = build_handbook(tmp_path_factory.mktemp("v2"), V2, "2026-11-02", _second_edition, pdf=False)
    assert V2_TEXT in (ctx.site_dir / V2_PAGE).read_text(encoding="utf-8")
    return ctx


class _Quiet(http.server.SimpleHTTPRequestHandler):
    requests: list[tuple[str, str]] = []  # replaced per server: every (method, path) it was asked for

    def log_message(self, *args):  # keep test output readable
        pass

    def send_head(self):
        """Record the request (GET and HEAD both come here), then answer it."""
        self.requests.append((self.command, self.path))
        return super().send_head()


class StaticServer:
    """A loopback static file server on a free port that can be stopped and started again."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.port = free_port()
        self._server = None
        self.requests: list[tuple[str, str]] = []

    @property
    def origin(self) -> str:
        """The server's origin, e.g. http://127.0.0.1:40123."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StaticServer:
        """Serve ``directory`` (again, on the same port)."""
        recording = type("Recording", (_Quiet,), {"requests": self.requests})
        handler = functools.partial(recording, directory=str(self.directory))
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
def new_context(chromium):
    """Make fresh browser contexts that only reach the given origins; close them afterwards."""
    made = []

    def make(*allowed: str):
        context = chromium.new_context(service_workers="allow")
        guard = Guard(tuple(allowed))
        context.route("**/*", guard.route)
        context.on("request", guard.record)
        context.guard = guard
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
