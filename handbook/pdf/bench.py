"""Figures for ``make bench``: the PDF step cold and warm, its bytes per page, against one plain Chromium print."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from handbook.pdf.assemble import read_part
from handbook.pdf.build import build_handbook_pdfs, cache_folder, part_html, run_async, scratch
from handbook.pdf.document import documents
from handbook.pdf.printer import Printer, workers
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
    parts, _ = documents(ctx)

    async def one_print(path):
        async with Printer(1) as printer:
            return (await asyncio.wait_for(printer.print([path]), plain_timeout))[0]

    async def untagged_print(path):
        async with Printer(1) as printer:
            page = printer._pages[0]
            await page.goto(path.as_uri(), wait_until="load")
            return await asyncio.wait_for(page.pdf(format="A4", print_background=True), plain_timeout)

    with scratch(ctx, "handbook-bench-") as tmp:
        whole = tmp / "whole.html"
        base = Path(ctx.site_dir).resolve().as_uri() + "/"
        whole.write_text(part_html(ctx, [e for p in parts for e in p.entries], base), encoding="utf-8")
        started = time.perf_counter()
        try:
            data = run_async(one_print(whole))
        except asyncio.TimeoutError:
            data = None
        plain_seconds = time.perf_counter() - started
        try:
            bare = run_async(untagged_print(whole)) if untagged and data else None
        except asyncio.TimeoutError:
            bare = None
    plain_pages = read_part(data).pages if data else None
    figures.update(
        {
            "plain_print_seconds": round(plain_seconds, 2) if data else f"> {plain_timeout:.0f} (gave up)",
            "plain_print_pages": plain_pages,
            "plain_kb_per_page": round(len(data) / plain_pages / 1e3, 2) if data and plain_pages else None,
            "ratio": round(pdf_seconds / plain_seconds, 2) if data else None,
        }
    )
    if figures["plain_kb_per_page"]:
        figures["bytes_per_page_ratio"] = round(figures["pdf_kb_per_page"] / figures["plain_kb_per_page"], 2)
    if bare:
        bare_pages = read_part(bare).pages
        figures["untagged_kb_per_page"] = round(len(bare) / bare_pages / 1e3, 2)
        figures["untagged_bytes_ratio"] = round(figures["pdf_kb_per_page"] / figures["untagged_kb_per_page"], 2)
    return figures
