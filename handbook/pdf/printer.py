"""Print HTML files to PDF with Chromium, several at once on separate renderer processes."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import html
import os
import re
from pathlib import Path

from handbook import browser
from handbook.pdf import tempfiles

DEFAULT_TIMEOUT = 300.0  # seconds one print may take: a part prints in seconds, even on a loaded machine


class PrintTimeout(RuntimeError):
    """A print took longer than the limit: the build fails, naming the pages, and publishes nothing."""


def timeout() -> float:
    """Seconds one print may take (``HANDBOOK_PRINT_TIMEOUT`` overrides, e.g. a tiny value in a test)."""
    try:
        value = float(os.environ.get("HANDBOOK_PRINT_TIMEOUT", ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def _page_names(path: Path) -> str:
    """The headings of the pages in an HTML file, for a message: 'IT-nedbrud', 'Handlekort: …'."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", text, re.S) or re.findall(r"<title>(.*?)</title>", text, re.S)
    names = [html.unescape(re.sub(r"<[^>]+>", "", n)).strip()[:80] for n in found]
    shown = ", ".join(f"'{n}'" for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return shown or path.name


def workers() -> int:
    """How many prints run at once: one per core, at most 4 (``HANDBOOK_PDF_WORKERS`` overrides)."""
    override = os.environ.get("HANDBOOK_PDF_WORKERS")
    if override and override.isdigit() and int(override) > 0:
        return int(override)
    return max(1, min(4, os.cpu_count() or 1))


@functools.cache
def _discovered() -> str:
    return browser.find_chromium()


def executable() -> str:
    """The Chromium to print with, found once per process (finding it starts Playwright's driver)."""
    if not Path(_discovered()).exists():  # uninstalled since: look again
        _discovered.cache_clear()
    return _discovered()


async def _offline(route):
    # Nothing in a print may come from the network: only local files load.
    if route.request.url.startswith(("file:", "data:", "about:")):
        await route.continue_()
    else:
        await route.abort()


# An action card is one sheet: a card taller than the printable height (A4 less the
# page margins of print.css) is zoomed out step by step, widened so it keeps the full
# line length, until it fits; not below 55 %. A card that still does not fit
# spills over and the build warns.
FIT_SCRIPT = """
() => {
  const mm = 96 / 25.4, limit = (297 - 20 - 19 - 3) * mm, width = 176;
  let cards = [...document.querySelectorAll('.hb-kind-card')].map(el => ({el, zoom: 1}));
  // Read every height, then write every zoom: one layout per pass, not one per card.
  for (let pass = 0; pass < 16 && cards.length; pass++) {
    const heights = cards.map(c => c.el.getBoundingClientRect().height);
    cards = cards.filter((c, i) => heights[i] > limit && c.zoom > 0.56);
    for (const c of cards) {
      c.zoom = Math.round((c.zoom - 0.03) * 100) / 100;
      c.el.style.zoom = c.zoom;
      c.el.style.width = (width / c.zoom) + 'mm';
    }
  }
}
"""


# How every part is printed; part of the print cache's key, so a change here prints everything again.
PDF_OPTIONS = {"format": "A4", "print_background": True, "tagged": True, "outline": False, "prefer_css_page_size": True}


def identity() -> str:
    """What a print depends on besides its HTML: this Chromium (path, size, date), the options, the fit script."""
    path = executable()
    st = os.stat(path)
    text = f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{sorted(PDF_OPTIONS.items())}\0{FIT_SCRIPT}"
    return hashlib.sha256(text.encode()).hexdigest()


class Printer:
    """One headless Chromium kept open for a build; ``await printer.print(files)`` prints in parallel.

    ``tmp`` is the folder for the browser's own temporary files (the build's work folder).
    """

    def __init__(self, n: int | None = None, tmp: Path | None = None):
        self.n = n or workers()
        self.count = 0
        self.tmp = tmp
        self._folders = contextlib.ExitStack()

    async def __aenter__(self):
        from playwright.async_api import async_playwright

        path = executable()  # before the driver starts: discovery uses the sync API
        with tempfiles.children_tmpdir(self.tmp):
            self._pw = await async_playwright().start()
        # Chromium's own files go to a short folder of the system's temp folder (see tempfiles).
        try:
            own = self._folders.enter_context(tempfiles.chromium_tmpdir())
            self._browser = await self._pw.chromium.launch(
                executable_path=path, headless=True, args=browser.launch_args(), env=dict(os.environ, TMPDIR=str(own))
            )
        except BaseException:
            await self._pw.stop()
            self._folders.close()
            raise
        # One context per worker: separate contexts never share a renderer, so prints run in parallel.
        self._pages = []
        for _ in range(self.n):
            context = await self._browser.new_context()
            await context.route("**/*", _offline)
            self._pages.append(await context.new_page())
        return self

    async def __aexit__(self, *exc):
        try:
            await self._browser.close()
            await self._pw.stop()
        finally:
            self._folders.close()

    async def print(self, files: list[Path]) -> list[bytes]:
        """Print each HTML file to PDF bytes (A4, tagged); results in input order."""
        results: list[bytes] = [b""] * len(files)
        queue: asyncio.Queue[int] = asyncio.Queue()
        # Longest first, so no worker is left with a big part at the end.
        for i in sorted(range(len(files)), key=lambda i: -files[i].stat().st_size):
            queue.put_nowait(i)

        limit = timeout()

        async def one(page, path: Path) -> bytes:
            await page.goto(path.resolve().as_uri(), wait_until="load")
            await page.evaluate(FIT_SCRIPT)
            return await page.pdf(**PDF_OPTIONS)

        async def worker(page):
            while not queue.empty():
                i = queue.get_nowait()
                try:
                    results[i] = await asyncio.wait_for(one(page, files[i]), limit)
                except asyncio.TimeoutError:
                    raise PrintTimeout(
                        f"PDF: printing {_page_names(files[i])} took longer than {limit:g} s "
                        "(look for a very long text on these pages; HANDBOOK_PRINT_TIMEOUT sets the limit)"
                    ) from None

        tasks = [asyncio.ensure_future(worker(p)) for p in self._pages[: max(1, min(self.n, len(files)))]]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:  # one print failed: stop the others before Chromium is closed under them
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        self.count += len(files)
        return results
