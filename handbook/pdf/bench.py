"""Figures for ``make bench``: the PDF step cold and warm, its bytes per page, against one plain Chromium print."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from handbook.pdf.assemble import read_part
from handbook.pdf.build import build_handbook_pdfs, cache_folder, part_html, run_async, scratch
from handbook.pdf.document import documents
from handbook.pdf.printer import FIT_SCRIPT, PDF_OPTIONS, Printer, workers
from handbook.site.context import BuildContext


def bench(
    ctx: BuildContext, *, plain: bool = True, plain_timeout: float = 600.0, areas: bool = False, untagged: bool = False
) -> dict:
    """Time the PDF step from a cold cache for handbook.pdf (``areas``: and every area's PDF).

    With ``plain``, also one plain Chromium print of the same pages: the anchor for
    time and for bytes per page (the same pages as one document, printed once with
    the same options, without right page numbers or bookmarks). ``untagged`` adds a
    print with Playwright's default options (no structure tree), for bytes only.
    """
    shutil.rmtree(cache_folder(ctx), ignore_errors=True)
    started = time.perf_counter()
    result = build_handbook_pdfs(ctx, areas=areas)
    pdf_seconds = time.perf_counter() - started
    site = Path(ctx.site_dir)
    pages = result.pages.get("handbook", 0)
    size = (site / "handbook.pdf").stat().st_size
    figures: dict = {
        "pdf_seconds": round(pdf_seconds, 2),
        "pdf_pages": pages,
        "pdf_kb_per_page": round(size / max(pages, 1) / 1e3, 2),
        "parts": result.parts,
        "prints": result.prints,
        "workers": workers(),
        "phases": {k: round(v, 2) for k, v in result.seconds.items()},
    }
    if areas:
        figures["area_pages"] = {k: v for k, v in result.pages.items() if k != "handbook"}
    if not plain:
        return figures
    parts, docs = documents(ctx)
    with scratch(ctx, "handbook-bench-") as tmp:
        whole = tmp / "whole.html"
        base = Path(ctx.site_dir).resolve().as_uri() + "/"
        whole.write_text(part_html(ctx, [e for i in docs[0].parts for e in parts[i].entries], base), encoding="utf-8")
        started = time.perf_counter()
        data = _plain(whole, True, plain_timeout)
        plain_seconds = time.perf_counter() - started
        bare = _plain(whole, False, plain_timeout) if untagged else None
    if data is None:
        figures["plain_print_seconds"] = f"> {plain_timeout:.0f} (gave up)"
        return figures
    plain_pages = read_part(data).pages
    figures.update(
        {
            "plain_print_seconds": round(plain_seconds, 2),
            "plain_print_pages": plain_pages,
            "plain_kb_per_page": round(len(data) / plain_pages / 1e3, 2),
            "ratio": round(pdf_seconds / plain_seconds, 2),
        }
    )
    figures["bytes_per_page_ratio"] = round(figures["pdf_kb_per_page"] / figures["plain_kb_per_page"], 2)
    if bare:
        bare_pages = read_part(bare).pages
        figures["untagged_kb_per_page"] = round(len(bare) / bare_pages / 1e3, 2)
        figures["untagged_bytes_ratio"] = round(figures["pdf_kb_per_page"] / figures["untagged_kb_per_page"], 2)
    return figures


def _plain(path: Path, tagged: bool, timeout: float) -> bytes | None:
    """One plain print of ``path`` (launch included): tagged with our options, or with Playwright's defaults."""

    async def go():
        async with Printer(1) as printer:
            page = printer._pages[0]
            page.set_default_timeout(timeout * 1000)  # one page of thousands loads slowly
            await page.goto(path.as_uri(), wait_until="load")
            if tagged:
                await page.evaluate(FIT_SCRIPT)
                return await page.pdf(**PDF_OPTIONS)
            return await page.pdf(format="A4", print_background=True)

    try:
        return run_async(asyncio.wait_for(go(), timeout))
    except Exception:  # a figure given up on (too slow, or Chromium failed), not a failed benchmark
        return None
