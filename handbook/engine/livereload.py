"""Live reload in ``handbook serve`` under the site's own Content-Security-Policy.

MkDocs' preview server reloads a page by writing an inline ``<script>`` before
``</body>``. The handbook's pages allow scripts from their own origin only (no
``'unsafe-inline'``), so the browser blocks it and the page never reloads. In
serve mode only, ``attach`` makes the server write a script *tag* instead, which
loads the same poller from the server itself; the built site and its CSP are
unchanged.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

SCRIPT_FILE = Path(__file__).with_name("livereload.js")
SCRIPT_NAME = ".handbook-livereload.js"  # under the server's mount path; never a file of the site

log = logging.getLogger("mkdocs.plugins.handbook")


def script_tag(url: str, epoch: int) -> bytes:
    """The tag that loads the poller; the page's build epoch and a request id travel as data attributes."""
    request_id = round(time.monotonic() * 1000)  # as MkDocs' own: any number unique to this page view
    return f'<script src="{url}" data-epoch="{int(epoch)}" data-request="{request_id}"></script>'.encode()


def attach(server) -> None:
    """Make MkDocs' LiveReloadServer load its reload script from a URL it serves, instead of inline."""
    serve_request = getattr(server, "_serve_request", None)
    if serve_request is None or not hasattr(server, "_inject_js_into_html"):  # pragma: no cover - other MkDocs
        log.warning("Live reload is not available with this MkDocs version: reload the page by hand.")
        return
    url = server.mount_path + SCRIPT_NAME
    body = SCRIPT_FILE.read_bytes()

    def inject(content: bytes, epoch: int) -> bytes:
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + script_tag(url, epoch) + content[end:]

    def serve(environ, start_response):
        if environ.get("PATH_INFO") == url:
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/javascript; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [body]
        return serve_request(environ, start_response)

    # The server's own methods, replaced on this one instance (MkDocs builds it inside serve()).
    server._inject_js_into_html = inject
    server._serve_request = serve
