"""Put printed parts together: one PDF with working links, an outline, a structure tree and metadata.

Each part was printed on its own, so its page numbers, named destinations and
structure tree start from zero. Here the parts are appended after the front
matter, every in-document link becomes a jump to the page where its target was
printed, the parts' structure trees (with ids made stable by ``normalize`` when
each part was printed) are joined under one Document element (with
their parent-tree keys shifted) and the outline is built from the same
destinations the table of contents used. Each face's font programs, one per
part, become one (``fonts.py``). pikepdf (qpdf) does the copying: a
1,000-page tagged handbook is hundreds of thousands of objects, too many for a
pure-Python merge to stay within the time budget.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from handbook.pdf.fonts import share_fonts
from handbook.pdf.rewrite import GO_PREFIX
from handbook.pdf.stamp import stamp_pages


@dataclass
class Printed:
    """One printed part read back: the open PDF, its page count and where each global id landed."""

    data: bytes
    pdf: Pdf
    pages: int
    dests: dict[str, tuple[int, float, float]] = field(default_factory=dict)


def read_part(data: bytes) -> Printed:
    """Read a part's PDF and its named destinations (global id → page index, left, top)."""
    pdf = Pdf.open(io.BytesIO(data))
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    dests: dict[str, tuple[int, float, float]] = {}
    for name, dest in _named_dests(pdf):
        try:
            page = dest[0]
            where = index.get(page.objgen)
            if where is None:
                continue
            left = float(dest[2]) if len(dest) > 2 and dest[2] is not None else 0.0
            top = float(dest[3]) if len(dest) > 3 and dest[3] is not None else 0.0
        except (TypeError, ValueError, IndexError):
            continue
        dests[name] = (where, left, top)
    return Printed(data, pdf, len(pdf.pages), dests)


def _named_dests(pdf: Pdf):
    # Chromium writes a /Dests dictionary; a /Names tree is read too, for other printers.
    old = pdf.Root.get("/Dests")
    if old is not None:
        for key, value in old.items():
            value = value.get("/D", value) if isinstance(value, Dictionary) else value
            yield key.lstrip("/"), value
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        tree = pikepdf.NameTree(names.Dests)
        for key in tree:
            value = tree[key]
            value = value.get("/D", value) if isinstance(value, Dictionary) else value
            yield str(key), value


@dataclass
class OutlineItem:
    """One bookmark: title, global id it points to, and its children."""

    title: str
    gid: str
    children: list[OutlineItem] = field(default_factory=list)


@dataclass
class Meta:
    """Document metadata for the Info dictionary."""

    title: str
    author: str
    subject: str
    version: str
    created: dt.datetime
    lang: str = "da"
    keywords: str = ""


def locate(sources: list[Printed]) -> dict[str, tuple[int, float, float]]:
    """Global id → (page index in the merged document, left, top), for sources merged in this order."""
    out: dict[str, tuple[int, float, float]] = {}
    offset = 0
    for src in sources:
        for gid, (index, left, top) in src.dests.items():
            out.setdefault(gid, (offset + index, left, top))
        offset += src.pages
    return out


def merge(sources: list[Printed], outline: list[OutlineItem], meta: Meta, header: str, footer: str) -> bytes:
    """Merge printed sources (front matter first) into one finished PDF and return its bytes."""
    out = Pdf.new()
    where = locate(sources)
    doc_elem = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, Lang=String(meta.lang)))
    kids = Array()
    nums = Array()
    key_offset = 0
    ranges = []
    for src in sources:
        ranges.append((len(out.pages), src.pages, key_offset))
        out.pages.extend(src.pdf.pages)
        tree = src.pdf.Root.get("/StructTreeRoot")
        if tree is None:
            continue
        top = tree.get("/K")
        items = list(top) if isinstance(top, Array) else ([top] if top is not None else [])
        # The parts' top elements point at their own tree root: unhook it so it is not copied along.
        parents = [(item, item.get("/P")) for item in items if isinstance(item, Dictionary)]
        for unhooked, _ in parents:
            if "/P" in unhooked:
                del unhooked["/P"]
        try:
            for item in items:
                copied = out.copy_foreign(item)
                if isinstance(copied, Dictionary):
                    copied.P = doc_elem
                    if copied.get("/S") == Name.Document:
                        copied.S = Name.Part  # each part's Document becomes a Part of the whole
                kids.append(copied)
            # One copy of the whole parent tree: qpdf walks everything reachable on each
            # copy, so copying entry by entry would walk the part's tree once per entry.
            parent_tree = tree.get("/ParentTree")
            if parent_tree is not None and parent_tree.is_indirect:
                entries = _number_tree(out.copy_foreign(parent_tree))
            else:
                entries = ((k, out.copy_foreign(v)) for k, v in _number_tree(parent_tree))
            for key, value in entries:
                nums.append(key + key_offset)
                nums.append(value)
        finally:
            for item, parent in parents:
                if parent is not None:
                    item.P = parent
        next_key = tree.get("/ParentTreeNextKey")
        key_offset += int(next_key) if next_key is not None else _max_key(tree) + 1
    # pikepdf copies its whole page list on every index, so take the list once.
    pages = list(out.pages)
    for first, count, offset in ranges:
        for page in pages[first : first + count]:
            # Parent-tree keys of each part start at 0; shift them past the keys of the parts before.
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
    page_objs = [page.obj for page in pages]
    for page in pages:
        _fix_links(page_objs, page, where)
    doc_elem.K = kids
    root_tree = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=doc_elem,
            ParentTree=out.make_indirect(Dictionary(Nums=nums)),
            ParentTreeNextKey=key_offset,
        )
    )
    doc_elem.P = root_tree
    out.Root.StructTreeRoot = root_tree
    out.Root.MarkInfo = Dictionary(Marked=True)
    out.Root.Lang = String(meta.lang)
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _outline(out, outline, where, page_objs)
    out.Root.PageMode = Name.UseOutlines
    stamp_pages(out, header, footer, first=1, pages=pages)
    share_fonts(out, pages)
    stamp = meta.created.strftime("D:%Y%m%d%H%M%S+00'00'")
    out.docinfo = out.make_indirect(
        Dictionary(
            Title=String(meta.title),
            Author=String(meta.author),
            Subject=String(meta.subject),
            Keywords=String(meta.keywords),
            Creator=String("handbook"),
            Producer=String("handbook (Chromium + pikepdf)"),
            CreationDate=String(stamp),
            ModDate=String(stamp),
            Version=String(meta.version),
        )
    )
    buffer = io.BytesIO()
    # deterministic_id: the same pages give the same bytes, so a rebuild of unchanged data is identical.
    out.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True, deterministic_id=True)
    return buffer.getvalue()


def normalize(data: bytes, prefix: str) -> bytes:
    """A printed part with stable structure element ids, ``<prefix>000001`` … in tree order.

    Chromium names them after DOM nodes ("node00000648"), which vary from run to run and
    repeat between parts; renamed once, right after printing, a part gives the same bytes
    whether it was printed now or taken from the cache, and its ids are its own in any
    document it is merged into.
    """
    with Pdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None or "/K" not in tree:
            return data
        _stable_element_ids(tree.K, prefix)
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]  # Chromium's creation time: merging drops it, and it would vary the file's id
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
        return buffer.getvalue()


def _stable_element_ids(top, prefix: str) -> None:
    """Renumber structure element ids in tree order; table cells' /Headers, which name them, go along."""
    renamed: dict[str, str] = {}
    stack, seen, elements = [top], set(), []
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        key = node.objgen if node.is_indirect else id(node)
        if key in seen:
            continue
        seen.add(key)
        elements.append(node)
        if "/ID" in node:
            renamed.setdefault(str(node.ID), f"{prefix}{len(renamed) + 1:06d}")
        kids = node.get("/K")
        if isinstance(kids, Array):
            stack.extend(reversed(list(kids)))
        elif isinstance(kids, Dictionary):
            stack.append(kids)
    for node in elements:
        if "/ID" in node:
            node.ID = String(renamed[str(node.ID)])
        attrs = node.get("/A")
        for attr in attrs if isinstance(attrs, Array) else [attrs] if isinstance(attrs, Dictionary) else []:
            if isinstance(attr, Dictionary) and "/Headers" in attr:
                attr.Headers = Array([String(renamed.get(str(h), str(h))) for h in attr.Headers])


def _number_tree(node):
    if node is None:
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


def _max_key(tree) -> int:
    return max((k for k, _ in _number_tree(tree.get("/ParentTree"))), default=-1)


def _dest(page_objs: list, target: tuple[int, float, float]) -> Array:
    index, left, top = target
    return Array([page_objs[index], Name.XYZ, left, top, None])


def _fix_links(page_objs: list, page, where) -> None:
    """Turn in-document links into jumps to the merged pages; drop links whose target was left out."""
    annots = page.obj.get("/Annots")
    if annots is None:
        return
    keep = Array()
    for annot in annots:
        gid = None
        action = annot.get("/A")
        if action is not None:
            uri = str(action.get("/URI", ""))
            if uri.startswith(GO_PREFIX):
                gid = uri[len(GO_PREFIX) :]
        dest = annot.get("/Dest")
        if dest is not None and not isinstance(dest, Array):
            gid = str(dest).lstrip("/")
        if gid is None:
            keep.append(annot)
            continue
        if gid not in where:
            continue  # its target is not in this document (e.g. another area's plan)
        if "/A" in annot:
            del annot["/A"]
        annot.Dest = _dest(page_objs, where[gid])
        keep.append(annot)
    page.obj.Annots = keep


def _outline(out: Pdf, items: list[OutlineItem], where, page_objs: list) -> None:
    def make(item):
        node = pikepdf.OutlineItem(item.title, _dest(page_objs, where[item.gid]))
        node.children.extend(make(c) for c in item.children if c.gid in where)
        return node

    with out.open_outline() as outline:
        outline.root.extend(make(i) for i in items if i.gid in where)


def merge_files(
    paths: list[str], outline: list[OutlineItem], meta: Meta, header: str, footer: str, out_path: str
) -> int:
    """Merge printed PDFs stored on disk into ``out_path`` (runs in a worker process); returns the page count."""
    from pathlib import Path

    sources = [read_part(Path(p).read_bytes()) for p in paths]
    Path(out_path).write_bytes(merge(sources, outline, meta, header, footer))
    return sum(s.pages for s in sources)
