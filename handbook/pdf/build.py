"""The PDF step: print what changed, take the rest from the print cache, number, assemble.

1. The documents and their parts (``document.py``); each part's HTML and its
   cache key. A document whose every input (its parts, cover facts, contents,
   bookmarks) equals that of a document assembled before is taken whole from the
   cache: it keeps the edition it was made in, so an edit elsewhere leaves it
   byte-for-byte as readers have it.
2. The parts of the other documents come from the cache or are printed, in
   parallel, with each document's cover and a first table of contents.
3. The named destinations of the printed parts say where every heading landed;
   the table of contents is printed again with the real numbers (from the cache
   when they did not change) until its page count settles.
4. Each document is merged, linked, bookmarked, stamped with "Side X af Y", its
   fonts joined (``assemble.py``), stored in the cache and written to the site.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from handbook import templating
from handbook.checks.areas import card_warning
from handbook.data.problems import Problem
from handbook.pdf import cache as print_cache
from handbook.pdf import front, printer, tempfiles
from handbook.pdf.assemble import Printed, locate, merge, merge_files, normalize, read_part
from handbook.pdf.document import Document, Entry, Part, documents
from handbook.pdf.printer import Printer, workers
from handbook.site.context import BuildContext, PageKind

TEMPLATES = Path(__file__).parent / "templates"
# Below this many pages in all documents, starting worker processes costs more than it saves.
PARALLEL_ASSEMBLY_PAGES = 400
# The part HTML's <base> (the site folder, where images would load from) differs per staging
# folder; it is written in after hashing so the cache key does not depend on it.
BASE_MARK = "hb-print-base:"
# Bump when the way a document is assembled changes: assembled documents in the cache then miss.
ASSEMBLY_FORMAT = "handbook-assembly-1"


@dataclass
class Result:
    """What the PDF step wrote, with figures for the benchmark."""

    files: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    prints: int = 0
    parts: int = 0
    printed_parts: int = 0  # parts printed by this build (the others came from the cache)
    reused_documents: int = 0  # documents taken whole from the cache
    seconds: dict[str, float] = field(default_factory=dict)
    extra: list[bytes] = field(default_factory=list)  # the PDFs of the extra files, in order


def cache_folder(ctx: BuildContext) -> Path:
    """The handbook's print cache: ``.cache/pdf`` beside its ``mkdocs.yml``."""
    return Path(ctx.root) / print_cache.FOLDER


def scratch(ctx: BuildContext, prefix: str):
    """A temporary folder in the build's work folder (removed with its staging folder), else in the system's."""
    return tempfiles.scratch(ctx.work_dir, prefix)


def part_html(ctx: BuildContext, entries: list[Entry], base: str = BASE_MARK) -> str:
    """One part as a print page: its pages' HTML with the print CSS."""
    hb = ctx.model.handbook
    return (
        templating.environment(TEMPLATES)
        .get_template("part.html.j2")
        .render(lang=hb.language or "da", title=hb.title, css=front.css(), entries=entries, base=base)
    )


def _site_base(ctx: BuildContext) -> str:
    return Path(ctx.site_dir).resolve().as_uri() + "/"


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def content_key(ctx: BuildContext, doc: Document, parts: list[Part]) -> str:
    """What a document's pages show, bar the edition, the dates and the change summary: it names an area's edition."""
    facts = {
        "doc": doc.key,
        "cover": front.cover_facts(ctx, doc),
        "parts": [parts[i].digest for i in doc.parts],
        "toc": [(t.title, t.level, t.gid) for t in front.toc_items(doc)],
        "outline": [_outline_facts(o) for o in front.outline_items(doc)],
        "css": front.css(),
    }
    return _hash(facts)


def edition(ctx: BuildContext, doc: Document, content: str) -> str:
    """The edition a PDF names: the handbook's version; an area's PDF, the build date and its own content.

    So an area's PDF keeps its edition, and its bytes, while edits elsewhere change the
    handbook: a leader sees from the edition on the paper whether to print it again.
    """
    return ctx.build.version if doc.area is None else ctx.build.edition_of(content)


@dataclass
class Plan:
    """One document to publish: what makes it up, and the key of the finished PDF in the cache."""

    doc: Document
    edition: str
    cover: str
    key: str


def plan(ctx: BuildContext, doc: Document, parts: list[Part], printer_id: str) -> Plan:
    """Everything that decides a document's bytes, hashed: equal keys, equal PDFs, so the cache is never seen."""
    content = content_key(ctx, doc, parts)
    ed = edition(ctx, doc, content)
    cover = front.cover_html(ctx, doc, ed)
    meta = front.meta(ctx, doc, ed)
    facts = [
        ASSEMBLY_FORMAT,
        printer_id,
        content,
        [parts[i].key for i in doc.parts],
        cover,
        front.header(ctx, doc, ed),
        front.footer(ctx),
        vars(meta),
    ]
    return Plan(doc, ed, cover, "doc" + _hash(facts))


def _hash(facts) -> str:
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()[:40]


def _outline_facts(item) -> list:
    return [item.title, item.gid, [_outline_facts(c) for c in item.children]]


class _Batch:
    """Prints through the cache: each (key, html) is taken from the cache or printed, in one parallel batch.

    A fresh print gets stable structure ids (``assemble.normalize``) before it is
    stored or used, so cached and fresh prints are the same bytes.
    """

    def __init__(self, cache: print_cache.PrintCache, tmp: Path, base: str):
        self.cache, self.tmp, self.base = cache, tmp, base
        self.files: list[Path] = []
        self.keys: list[str] = []
        self.prefixes: list[str | None] = []
        self.slots: list[tuple[str, int]] = []  # ("cache", index into found) or ("print", index into files)
        self.found: list[bytes] = []

    def add(self, name: str, html: str, key: str | None, prefix: str | None) -> int:
        """Queue one print; returns its slot. ``key`` None: always print, never store; ``prefix`` None: as printed."""
        data = self.cache.get(key) if key else None
        if data is not None:
            self.found.append(data)
            self.slots.append(("cache", len(self.found) - 1))
        else:
            self.files.append(_write(self.tmp, name, html.replace(BASE_MARK, self.base)))
            self.keys.append(key or "")
            self.prefixes.append(prefix)
            self.slots.append(("print", len(self.files) - 1))
        return len(self.slots) - 1

    @property
    def printing(self) -> int:
        """How many of the queued prints are not in the cache."""
        return len(self.files)

    async def run(self, chromium: Printer) -> list[bytes]:
        """Print what the cache did not have; store it; return every slot's PDF in order."""
        printed = await chromium.print(self.files) if self.files else []
        printed = [
            data if prefix is None else normalize(data, prefix)
            for data, prefix in zip(printed, self.prefixes, strict=True)
        ]
        for key, data in zip(self.keys, printed, strict=True):
            if key:
                self.cache.put(key, data)
        return [self.found[i] if where == "cache" else printed[i] for where, i in self.slots]


def build_handbook_pdfs(ctx: BuildContext, *, areas: bool = True, extra: list[Path] | None = None) -> Result:
    """Print and assemble ``handbook.pdf`` (and ``pdf/<area>.pdf``); ``extra`` HTML files print alongside."""
    return run_async(_build(ctx, areas, list(extra or [])))


def run_async(coro):
    """Run a coroutine from synchronous code (a caller already in an event loop gets a thread of its own)."""
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
    printer_id = printer.identity()
    cache = print_cache.PrintCache(cache_folder(ctx))
    htmls = [part_html(ctx, part.entries) for part in parts]
    for part, html in zip(parts, htmls, strict=True):
        part.digest = print_cache.key(html, "")
        part.key = print_cache.key(html, printer_id)
    # A document whose every input is unchanged is published as it was assembled.
    plans = [plan(ctx, doc, parts, printer_id) for doc in docs]
    todo: list[Plan] = []
    for p in plans:
        data = cache.get(p.key)
        if data is None:
            todo.append(p)
            continue
        path = site / f"{p.doc.key}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result.files.append(path)
        result.pages[p.doc.key] = _page_count(data)
        result.reused_documents += 1
    lap("prepare")
    with scratch(ctx, "handbook-pdf-") as tmp:
        batch = _Batch(cache, tmp, _site_base(ctx))
        part_slots = [
            batch.add(f"part-{i:04d}.html", htmls[i], part.key, f"p{part.digest[:10]}-") for i, part in enumerate(parts)
        ]
        result.printed_parts = batch.printing
        covers = [batch.add(f"cover-{d}.html", p.cover, None, "c") for d, p in enumerate(todo)]
        guesses = []
        for d, p in enumerate(todo):
            html = front.toc_html(ctx, p.doc, None)
            guesses.append(batch.add(f"toc-{d}.html", html, print_cache.key(html, printer_id), "t"))
        extra_slots = [
            batch.add(f"extra-{i}{x.suffix}", x.read_text(encoding="utf-8"), None, None) for i, x in enumerate(extra)
        ]
        lap("prepare")
        async with Printer(tmp=tmp) as chromium:
            lap("start_chromium")
            got = await batch.run(chromium)
            lap("print_parts")
            printed = [read_part(got[s]) for s in part_slots]
            result.extra = [got[s] for s in extra_slots]
            lap("read_parts")
            tocs = await _number(
                ctx,
                [p.doc for p in todo],
                printed,
                [read_part(got[s]) for s in covers],
                [read_part(got[s]) for s in guesses],
                _Batch(cache, tmp, _site_base(ctx)),
                printer_id,
                chromium,
            )
            result.prints = chromium.count
        lap("print_front")
        jobs = []
        for p, (cover, toc) in zip(todo, tocs, strict=True):
            path = site / f"{p.doc.key}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            sources = [cover, toc] + [printed[i] for i in p.doc.parts]
            outline = front.outline_items(p.doc)
            meta = front.meta(ctx, p.doc, p.edition)
            jobs.append((p, sources, outline, meta, front.header(ctx, p.doc, p.edition), front.footer(ctx), path))
        total = sum(s.pages for job in jobs for s in job[1])
        if len(jobs) > 1 and workers() > 1 and total > PARALLEL_ASSEMBLY_PAGES:
            done = _merge_in_processes(jobs, tmp)
        else:
            done = {}
            for _, sources, outline, meta, header, footer, path in jobs:
                path.write_bytes(merge(sources, outline, meta, header, footer))
                done[path] = sum(s.pages for s in sources)
        for p, *_, path in jobs:
            cache.put(p.key, path.read_bytes())
            result.pages[p.doc.key] = done[path]
            result.files.append(path)
        lap("assemble")
    result.files.sort(key=lambda p: (p.parent != site, p.as_posix()))
    if areas:
        cache.prune()
    ctx.warnings.extend(card_warnings(ctx, parts, printed))
    return result


async def _number(ctx, docs, printed, covers, guesses, batch, printer_id, chromium) -> list[tuple[Printed, Printed]]:
    """Print each document's table of contents with the real page numbers until its length settles."""
    tocs = list(guesses)
    settled: list[bool] = [False] * len(docs)
    for _ in range(4):
        pending = [d for d in range(len(docs)) if not settled[d]]
        if not pending:
            return list(zip(covers, tocs, strict=True))
        slots = {}
        for d in pending:
            sources = [covers[d], tocs[d]] + [printed[i] for i in docs[d].parts]
            numbers = {gid: idx + 1 for gid, (idx, _, _) in locate(sources).items()}
            html = front.toc_html(ctx, docs[d], numbers)
            slots[d] = batch.add(f"toc-{d}.html", html, print_cache.key(html, printer_id), "t")
        got = await batch.run(chromium)
        for d in pending:
            toc = read_part(got[slots[d]])
            settled[d] = toc.pages == tocs[d].pages
            tocs[d] = toc
        batch = _Batch(batch.cache, batch.tmp, batch.base)
    if not all(settled):
        raise RuntimeError("the table of contents did not settle on a page count")
    return list(zip(covers, tocs, strict=True))


def _page_count(data: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.Pdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def card_warnings(ctx: BuildContext, parts: list, printed: list[Printed]) -> list[Problem]:
    """Warn for every action card that did not fit on one sheet (``parts``: Parts, or lists of entries)."""
    out = []
    for part, got in zip(parts, printed, strict=True):
        entries = part.entries if isinstance(part, Part) else part
        starts: list[int | None] = [
            got.dests[e.chapter.headings[0].gid][0] if e.chapter.headings[0].gid in got.dests else None for e in entries
        ]
        starts.append(got.pages)
        for i, e in enumerate(entries):
            first, after = starts[i], starts[i + 1]
            if e.record.kind != PageKind.CARD or first is None or after is None:
                continue
            pages = after - first
            if pages > 1 and e.record.ref_id in ctx.model.plans:
                out.append(card_warning(ctx.model, e.record.ref_id, f"the action card fills {pages} pages in the PDF"))
    return out


def _merge_in_processes(jobs, tmp: Path) -> dict[Path, int]:
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
    return pages
