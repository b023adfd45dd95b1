"""The site's Content-Security-Policy: one generator for the page meta and the web server's header.

The theme moves Material's inline scripts into files (``handbook/site/theme/assets/
handbook-theme/``), so the policy needs neither ``'unsafe-inline'`` nor hashes for
scripts and is the same string for every page. Run ``python -m handbook.site.csp`` to
print the header value, ``python -m handbook.site.csp --write`` to refresh the theme
partial that puts the meta into every page (a test keeps the two in sync).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

PARTIAL = Path(__file__).parent / "theme" / "partials" / "handbook-csp.html"

# Directive → sources. Order is kept in the output.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    # No style attribute or <style> in the built pages, and Material sets styles through the
    # CSSOM (allowed), so styles need no 'unsafe-inline' either.
    "style-src": ("'self'",),
    # Material's CSS draws its icons as data: SVG masks; nothing else is an image source.
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

# Only honoured in an HTTP header (Chromium ignores them in a meta element and says so).
HEADER_ONLY: dict[str, tuple[str, ...]] = {
    "frame-ancestors": ("'self'",),
}

# Script types a browser executes; anything else (application/json, …) is data.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


def script_hash(source: str) -> str:
    """The CSP source expression for an inline script: ``'sha256-…'``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(*, header: bool = False, script_hashes: tuple[str, ...] = ()) -> str:
    """The policy string; ``header=True`` adds what only an HTTP header may carry (for nginx)."""
    directives = dict(DIRECTIVES)
    if script_hashes:
        directives["script-src"] = directives["script-src"] + tuple(script_hashes)
    if header:
        directives.update(HEADER_ONLY)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def meta_tag() -> str:
    """The ``<meta http-equiv>`` element every page carries."""
    value = html.escape(policy(), quote=False).replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{value}">'


def nginx_directive() -> str:
    """The same policy as an nginx ``add_header`` line, for the offline bundle's server config."""
    return f"add_header Content-Security-Policy \"{policy(header=True)}\" always;"


class _Scan(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, handlers, js: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.style_attrs = 0
        self._in_script = False
        self._buffer: list[str] = []
        self.meta_policies: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"<{tag} {name}=…>")
            if value and re.match(r"^\s*(javascript|vbscript|data):", value, re.I) and name in (
                    "href", "src", "action", "formaction", "xlink:href", "data"):
                # data: images are fine; data: anywhere a document or script could come from is not
                if not (name == "src" and tag == "img" and value.lower().startswith("data:image/")):
                    self.js_urls.append(f"<{tag} {name}={value[:40]}>")
            if name == "style":
                self.style_attrs += 1
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.meta_policies.append(values.get("content") or "")
        if tag == "script" and "src" not in values and (values.get("type") or "").lower() in _JS_TYPES:
            self._in_script, self._buffer = True, []

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script:
            self.inline_scripts.append("".join(self._buffer))
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self._buffer.append(data)


def scan(page_html: str) -> _Scan:
    """Parse a page and report its inline scripts, event-handler attributes and script URLs."""
    parser = _Scan()
    parser.feed(page_html)
    parser.close()
    return parser


def write_partial(path: Path = PARTIAL) -> None:
    """Write the theme partial that carries the meta (run after changing DIRECTIVES)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{#- Generated by `python -m handbook.site.csp --write` from handbook/site/csp.py; do not edit. -#}\n"
                    + meta_tag() + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """``python -m handbook.site.csp [--write|--nginx]``: print the header value, or refresh the partial."""
    argv = sys.argv[1:] if argv is None else argv
    if "--write" in argv:
        write_partial()
        print(f"wrote {PARTIAL}")
    elif "--nginx" in argv:
        print(nginx_directive())
    else:
        print(policy(header=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
