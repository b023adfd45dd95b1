"""Fixtures for the quality gates: a local HTTP server for built sites, and page helpers."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Reports every CSP violation into window.__cspViolations before any page script runs.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
});
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a browser closing a connection early is normal
        pass


class SiteServer:
    """Serves folders over http://127.0.0.1 on a free port; ``url(site, rel)`` gives a page's URL."""

    def __init__(self):
        self.servers: dict[Path, ThreadingHTTPServer] = {}

    def url(self, site: Path, rel: str = "") -> str:
        """The http URL of ``rel`` inside ``site``, starting a server for that folder once."""
        site = Path(site).resolve()
        if site not in self.servers:
            server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers[site] = server
        return f"http://127.0.0.1:{self.servers[site].server_port}/{rel}"

    def close(self):
        """Stop every server."""
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="session")
def site_server():
    """One local HTTP server per built site for the session."""
    servers = SiteServer()
    yield servers
    servers.close()


def local_only(context) -> list[str]:
    """Abort every request that is neither file:// nor 127.0.0.1; return the list of blocked URLs."""
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "http://127.0.0.1:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    return blocked


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site, sorted."""
    return sorted(Path(site).rglob("*.html"))


def one_page_per_kind(ctx) -> list[str]:
    """Site-relative URLs of the first page of each kind (front, plan, card, role …) plus 404.html.

    Pages of one kind come from one template, so browser checks that cost a page load each
    visit one of every kind; checks on the HTML itself cover every page.
    """
    seen: dict[str, str] = {}
    for record in ctx.pages:
        seen.setdefault(record.kind, record.url)
    return list(seen.values()) + ["404.html"]
