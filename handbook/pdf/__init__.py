"""The printed handbook: ``handbook.pdf``, one PDF per area, the wallet card and ``contacts.vcf``.

How the numbers get right without printing everything twice: every page of the
handbook starts on a new sheet, so the pages are printed in parts (in parallel,
one Chromium renderer per core), each part's named destinations say on which of
its pages every heading landed, and only the short front matter (cover and table
of contents) is printed once more with the real numbers before the parts are
merged, linked, bookmarked and stamped with "Side X af Y".
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from handbook import templating
from handbook.checks.areas import card_warning
from handbook.data.dates import danish_date
from handbook.data.problems import Problem
from handbook.outputs import vcard, wallet
from handbook.pdf import sheets
from handbook.pdf.assemble import Meta, OutlineItem, Printed, locate, merge, merge_files, read_part
from handbook.pdf.document import Document, Entry, documents
from handbook.pdf.printer import Printer, workers
from handbook.pdf.rewrite import GO_PREFIX
from handbook.site.context import BuildContext, PageKind

TEMPLATES = Path(__file__).parent / "templates"
# Below this many pages in all documents, starting worker processes costs more than it saves.
PARALLEL_ASSEMBLY_PAGES = 400
__all__ = ["build_all", "build_handbook_pdfs", "bench", "Result"]


def _env():
    return templating.environment(TEMPLATES)


def css() -> str:
    """The print style sheet of the PDF."""
    return (TEMPLATES / "print.css").read_text(encoding="utf-8")


@dataclass
class TocItem:
    """A line of the table of contents; ``gid`` None for a heading without a page."""

    title: str
    level: int
    gid: str | None
    page: str = ""


@dataclass
class Result:
    """What the PDF step wrote, with figures for the benchmark."""

    files: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    prints: int = 0
    parts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    extra: list[bytes] = field(default_factory=list)  # the PDFs of the extra files, in order


def toc_items(doc: Document) -> list[TocItem]:
    """The table of contents of a document: first-steps page, areas with plans and cards, contacts, roles."""
    items: list[TocItem] = []
    roles_started = False
    for e in doc.entries:
        kind, gid, title = e.record.kind, e.chapter.headings[0].gid, e.chapter.headings[0].text or e.record.title
        if kind in (PageKind.STAFF, PageKind.PLAN, PageKind.CARD):
            items.append(TocItem(title, 2, gid))
        elif kind == PageKind.ROLE:
            if not roles_started:
                items.append(TocItem("Rollekort – hvad gør jeg som …?", 1, None))
                roles_started = True
            items.append(TocItem(title, 2, gid))
        else:
            items.append(TocItem(title, 1, gid))
    return items


def outline_items(doc: Document) -> list[OutlineItem]:
    """The bookmarks: every page, a plan's sections under it, plans and cards under their area, roles together."""
    top: list[OutlineItem] = []
    area_node: dict[str, OutlineItem] = {}
    roles: OutlineItem | None = None
    for e in doc.entries:
        heads = e.chapter.headings
        node = OutlineItem(heads[0].text or e.record.title, heads[0].gid)
        stack = [(1, node)]
        for h in heads[1:]:
            if h.level > 3:
                continue
            child = OutlineItem(h.text, h.gid)
            while stack and stack[-1][0] >= h.level:
                stack.pop()
            (stack[-1][1] if stack else node).children.append(child)
            stack.append((h.level, child))
        kind = e.record.kind
        if kind == PageKind.AREA:
            area_node[e.group] = node
            top.append(node)
        elif kind in (PageKind.STAFF, PageKind.PLAN, PageKind.CARD) and e.group in area_node:
            area_node[e.group].children.append(node)
        elif kind == PageKind.ROLE:
            if roles is None:
                roles = OutlineItem("Rollekort", node.gid)
                top.append(roles)
            node.children = []  # a role card's headings are plan names; the card itself is enough
            roles.children.append(node)
        else:
            top.append(node)
    return top


def _key_contacts(ctx: BuildContext):
    return [(contact.label, contact.numbers) for _, contact in vcard.key_contacts(ctx.model)]


def changes_text(ctx: BuildContext) -> str:
    """The cover's "Ændringer siden forrige udgave": the change log's summary ('' when there is none)."""
    return ctx.changes.summary().strip() if ctx.changes is not None else ""


def _front_html(ctx: BuildContext, doc: Document, pages: dict[str, int] | None) -> str:
    hb = ctx.model.handbook
    toc = toc_items(doc)
    for item in toc:
        if item.gid:
            item.page = str(pages.get(item.gid, "")) if pages is not None else "888"
    if doc.area:
        dates = [p.updated for p in ctx.model.plans.values() if p.area == doc.area]
        newest = max(dates) if dates else None
    else:
        newest = ctx.model.last_updated()
    changes = changes_text(ctx)
    return (
        _env()
        .get_template("front.html.j2")
        .render(
            lang=hb.language or "da",
            hb=hb,
            build=ctx.build,
            css=css(),
            toc=toc,
            go=GO_PREFIX,
            subtitle=doc.subtitle if doc.area else "",
            last_updated=danish_date(newest),
            changes=[p.strip() for p in changes.split("\n\n") if p.strip()],
            key_contacts=_key_contacts(ctx),
        )
    )


def _part_html(ctx: BuildContext, entries: list[Entry]) -> str:
    hb = ctx.model.handbook
    return (
        _env()
        .get_template("part.html.j2")
        .render(
            lang=hb.language or "da",
            title=hb.title,
            css=css(),
            entries=entries,
            base=Path(ctx.site_dir).resolve().as_uri() + "/",
        )
    )


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _meta(ctx: BuildContext, doc: Document) -> Meta:
    hb = ctx.model.handbook
    title = hb.title if not doc.area else f"{hb.title} – {doc.subtitle}"
    return Meta(
        title=title,
        author=hb.editor or hb.organisation,
        subject=f"Beredskabshåndbog for {hb.organisation}, udgave {ctx.build.version}",
        version=ctx.build.version,
        created=ctx.build.built_at,
        lang=hb.language or "da",
        keywords=f"beredskab, {hb.organisation}, udgave {ctx.build.version}",
    )


def _card_warnings(ctx: BuildContext, parts: list[list[Entry]], printed: list[Printed]) -> list[Problem]:
    """Warn for every action card that did not fit on one sheet."""
    out = []
    for entries, part in zip(parts, printed, strict=True):
        starts: list[int | None] = [
            part.dests[e.chapter.headings[0].gid][0] if e.chapter.headings[0].gid in part.dests else None
            for e in entries
        ]
        starts.append(part.pages)
        for i, e in enumerate(entries):
            first, after = starts[i], starts[i + 1]
            if e.record.kind != PageKind.CARD or first is None or after is None:
                continue
            pages = after - first
            if pages > 1 and e.record.ref_id in ctx.model.plans:
                out.append(card_warning(ctx.model, e.record.ref_id, f"the action card fills {pages} pages in the PDF"))
    return out


def build_handbook_pdfs(ctx: BuildContext, *, areas: bool = True, extra: list[Path] | None = None) -> Result:
    """Print and assemble ``handbook.pdf`` (and ``pdf/<area>.pdf``); ``extra`` HTML files print alongside."""
    return _run(_build(ctx, areas, list(extra or [])))


def _run(coro):
    # The build is synchronous; a caller that already runs an event loop gets a thread of its own.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _build(ctx: BuildContext, areas: bool, extra: list[Path]) -> Result:
    result = Result()
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        result.seconds[name] = result.seconds.get(name, 0.0) + now - clock
        clock = now

    site = Path(ctx.site_dir)
    parts, docs = documents(ctx)
    if not areas:
        docs = docs[:1]
    result.parts = len(parts)
    with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as tmpdir:
        tmp = Path(tmpdir)
        part_files = [_write(tmp, f"part-{i:04d}.html", _part_html(ctx, entries)) for i, entries in enumerate(parts)]
        guess_files = [_write(tmp, f"front-{d}.html", _front_html(ctx, doc, None)) for d, doc in enumerate(docs)]
        lap("prepare")
        async with Printer() as printer:
            lap("start_chromium")
            printed_bytes = await printer.print(part_files + guess_files + extra)
            lap("print_parts")
            printed = [read_part(b) for b in printed_bytes[: len(parts)]]
            fronts = [read_part(b) for b in printed_bytes[len(parts) : len(parts) + len(docs)]]
            result.extra = printed_bytes[len(parts) + len(docs) :]
            lap("read_parts")
            # The front matter with the real numbers; if the numbers change its length, print it again.
            final: list[Printed | None] = [None] * len(docs)
            todo = list(range(len(docs)))
            for _ in range(4):
                if not todo:
                    break
                files = []
                for d in todo:
                    sources = [fronts[d]] + [printed[i] for i in docs[d].parts]
                    numbers = {gid: idx + 1 for gid, (idx, _, _) in locate(sources).items()}
                    files.append(_write(tmp, f"front-{d}.html", _front_html(ctx, docs[d], numbers)))
                again = await printer.print(files)
                still = []
                for d, data in zip(todo, again, strict=True):
                    got = read_part(data)
                    if got.pages == fronts[d].pages:
                        final[d] = got
                    else:
                        fronts[d] = got
                        still.append(d)
                todo = still
            result.prints = printer.count
        if todo:
            raise RuntimeError("the table of contents did not settle on a page count")
        lap("print_front")
        hb = ctx.model.handbook
        jobs = []
        settled = [f for f in final if f is not None]  # every front settled, or we raised above
        for d, (doc, front) in enumerate(zip(docs, settled, strict=True)):
            header = f"{hb.title}" + (f" – {doc.subtitle}" if doc.area else "") + f" · Udgave {ctx.build.version}"
            path = site / f"{doc.key}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            jobs.append(
                (
                    d,
                    [front] + [printed[i] for i in doc.parts],
                    outline_items(doc),
                    _meta(ctx, doc),
                    header,
                    f"{hb.organisation} · Udskrevet {ctx.build.date_text}",
                    path,
                )
            )
        total = sum(s.pages for job in jobs for s in job[1])
        if len(jobs) > 1 and workers() > 1 and total > PARALLEL_ASSEMBLY_PAGES:
            result.pages.update(_merge_in_processes(jobs, tmp))
        else:
            for d, sources, outline, meta, header, footer, path in jobs:
                path.write_bytes(merge(sources, outline, meta, header, footer))
                result.pages[docs[d].key] = sum(s.pages for s in sources)
        result.files += [job[-1] for job in jobs]
        lap("assemble")
    ctx.warnings.extend(_card_warnings(ctx, parts, printed))
    return result


def _merge_in_processes(jobs, tmp: Path) -> dict[str, int]:
    """Assemble several documents at once, one process per core (qpdf work holds the GIL)."""
    import multiprocessing

    stored: dict[int, str] = {}
    for _, sources, *_ in jobs:
        for src in sources:
            if id(src) not in stored:
                stored[id(src)] = str(tmp / f"printed-{len(stored):04d}.pdf")
                Path(stored[id(src)]).write_bytes(src.data)
    # Fork: the workers need nothing but this module, and fork does not re-run the caller's script.
    context = multiprocessing.get_context("fork")
    pages = {}
    with concurrent.futures.ProcessPoolExecutor(workers(), mp_context=context) as pool:
        futures = {
            pool.submit(merge_files, [stored[id(s)] for s in sources], outline, meta, header, footer, str(path)): path
            for _, sources, outline, meta, header, footer, path in sorted(
                jobs, key=lambda job: -sum(s.pages for s in job[1])
            )
        }
        for future, path in futures.items():
            pages[path] = future.result()
    return {_doc_key(path): n for path, n in pages.items()}


def _doc_key(path: Path) -> str:
    return f"pdf/{path.stem}" if path.parent.name == "pdf" else path.stem


def build_all(ctx: BuildContext) -> list[Path]:
    """Write handbook.pdf, pdf/<area>.pdf, pdf/log.pdf, wallet-card.pdf and contacts.vcf into ``ctx.site_dir``."""
    site = Path(ctx.site_dir)
    site.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="handbook-wallet-") as tmpdir:
        wallet_html = Path(tmpdir) / "wallet.html"
        wallet_html.write_text(wallet.render(ctx), encoding="utf-8")
        log_html = sheets.write_html(ctx, Path(tmpdir))
        result = build_handbook_pdfs(ctx, extra=[wallet_html] + ([log_html] if log_html else []))
    wallet_pdf = site / "wallet-card.pdf"
    wallet_pdf.write_bytes(wallet.finish(ctx, result.extra[0]))
    log_pdf = [sheets.write_pdf(ctx, result.extra[1])] if log_html else []
    return result.files + log_pdf + [wallet_pdf, vcard.write(ctx)]


def bench(ctx: BuildContext, *, plain: bool = True, plain_timeout: float = 600.0) -> dict:
    """Time the PDF step for handbook.pdf and (``plain``) one plain Chromium print of the same print page.

    The plain print is the anchor: the same pages as one document, printed once
    with the same options (A4, tagged), without right page numbers or bookmarks.
    """
    started = time.perf_counter()
    result = build_handbook_pdfs(ctx, areas=False)
    pdf_seconds = time.perf_counter() - started
    figures = {
        "pdf_seconds": round(pdf_seconds, 2),
        "pdf_pages": result.pages.get("handbook", 0),
        "parts": result.parts,
        "prints": result.prints,
        "workers": workers(),
        "phases": {k: round(v, 2) for k, v in result.seconds.items()},
    }
    if not plain:
        return figures
    parts, _ = documents(ctx)

    async def one_print(path):
        async with Printer(1) as printer:
            return (await asyncio.wait_for(printer.print([path]), plain_timeout))[0]

    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmpdir:
        whole = _write(Path(tmpdir), "whole.html", _part_html(ctx, [e for p in parts for e in p]))
        started = time.perf_counter()
        try:
            data = _run(one_print(whole))
        except asyncio.TimeoutError:
            data = None
        plain_seconds = time.perf_counter() - started
    figures.update(
        {
            "plain_print_seconds": round(plain_seconds, 2) if data else f"> {plain_timeout:.0f} (gave up)",
            "plain_print_pages": read_part(data).pages if data else None,
            "ratio": round(pdf_seconds / plain_seconds, 2) if data else None,
        }
    )
    return figures
