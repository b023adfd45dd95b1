"""Put printed parts together: one PDF with working links, an outline, a structure tree and metadata.

Each part was printed on its own, so its page numbers, named destinations and
structure tree start from zero. Here the parts are appended after the front
matter, every in-document link becomes a jump to the page where its target was
printed, the parts' structure trees are joined under one Document element (with
their parent-tree keys shifted) and the outline is built from the same
destinations the table of contents used.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    Fit,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

from .rewrite import GO_PREFIX


@dataclass
class Printed:
    """One printed part read back: its reader, page count and where each global id landed."""

    data: bytes
    reader: PdfReader
    pages: int
    dests: dict[str, tuple[int, float, float]] = field(default_factory=dict)


def read_part(data: bytes) -> Printed:
    """Read a part's PDF and its named destinations (global id → page index, left, top)."""
    reader = PdfReader(io.BytesIO(data))
    dests = {}
    for name, dest in reader.named_destinations.items():
        try:
            index = reader.get_page_number(dest.page)
        except Exception:  # a destination on a page pypdf cannot resolve is useless anyway
            continue
        dests[str(name).lstrip("/")] = (index, float(dest.left or 0), float(dest.top or 0))
    return Printed(data, reader, len(reader.pages), dests)


@dataclass
class OutlineItem:
    """One bookmark: title, global id it points to, and its children."""

    title: str
    gid: str
    children: list["OutlineItem"] = field(default_factory=list)


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


def merge(sources: list[Printed], outline: list[OutlineItem], meta: Meta,
          header: str, footer: str) -> bytes:
    """Merge printed sources (front matter first) into one finished PDF and return its bytes."""
    from .stamp import stamp_pages

    writer = PdfWriter()
    where = locate(sources)
    struct_kids = ArrayObject()
    nums = ArrayObject()
    key_offset = 0
    doc_elem = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                 NameObject("/S"): NameObject("/Document"),
                                 NameObject("/Lang"): TextStringObject(meta.lang)})
    doc_ref = writer._add_object(doc_elem)
    for src in sources:
        reader = src.reader
        for page in reader.pages:
            new = writer.add_page(page)
            # pypdf drops /StructParents when copying a page; the keys move up by the keys before this part.
            if "/StructParents" in page:
                new[NameObject("/StructParents")] = NumberObject(int(page["/StructParents"]) + key_offset)
            for annot in new.get("/Annots") or []:
                annot = annot.get_object()
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(int(annot["/StructParent"]) + key_offset)
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is not None:
            tree = tree.get_object()
            for key, value in _number_tree(tree.get("/ParentTree")):
                nums.append(NumberObject(key + key_offset))
                nums.append(value.clone(writer) if hasattr(value, "clone") else value)
            kids = tree.get("/K")
            kids = kids.get_object() if kids is not None else None
            items = list(kids) if isinstance(kids, ArrayObject) else ([tree["/K"]] if kids is not None else [])
            for item in items:
                cloned = item.clone(writer)
                elem = cloned.get_object()
                if isinstance(elem, DictionaryObject):
                    elem[NameObject("/P")] = doc_ref
                    # Each part's own Document element becomes a Part of the joined document.
                    if elem.get("/S") == "/Document":
                        elem[NameObject("/S")] = NameObject("/Part")
                struct_kids.append(cloned if hasattr(cloned, "idnum") else writer._add_object(cloned))
            key_offset += int(tree.get("/ParentTreeNextKey", 0) or 0) or (_max_key(tree) + 1)
    for page in writer.pages:
        _fix_links(writer, page, where)
    doc_elem[NameObject("/K")] = struct_kids
    parent_tree = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    root_tree = DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot"),
        NameObject("/K"): doc_ref,
        NameObject("/ParentTree"): parent_tree,
        NameObject("/ParentTreeNextKey"): NumberObject(key_offset),
    })
    root_ref = writer._add_object(root_tree)
    doc_elem[NameObject("/P")] = root_ref
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    catalog[NameObject("/Lang")] = TextStringObject(meta.lang)
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    _outline(writer, outline, where)
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    stamp_pages(writer, header, footer, first=1)
    stamp = meta.created.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer.add_metadata({
        "/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject,
        "/Keywords": meta.keywords, "/Creator": "handbook", "/Producer": "handbook (Chromium + pypdf)",
        "/CreationDate": stamp, "/ModDate": stamp, "/Version": meta.version,
    })
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _number_tree(node):
    if node is None:
        return
    node = node.get_object()
    nums = node.get("/Nums")
    if nums is not None:
        nums = nums.get_object()
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids") or []:
        yield from _number_tree(kid)


def _max_key(tree) -> int:
    return max((k for k, _ in _number_tree(tree.get("/ParentTree"))), default=-1)


def _dest(writer: PdfWriter, target: tuple[int, float, float]) -> ArrayObject:
    index, left, top = target
    return ArrayObject([writer.pages[index].indirect_reference, NameObject("/XYZ"),
                        FloatObject(left), FloatObject(top), NullObject()])


def _fix_links(writer: PdfWriter, page, where) -> None:
    """Turn in-document links into jumps to the merged pages; drop links whose target was left out."""
    annots = page.get("/Annots")
    if annots is None:
        return
    annots = annots.get_object()
    keep = ArrayObject()
    for ref in annots:
        annot = ref.get_object()
        gid = None
        action = annot.get("/A")
        if action is not None:
            uri = str(action.get_object().get("/URI", ""))
            if uri.startswith(GO_PREFIX):
                gid = uri[len(GO_PREFIX):]
        dest = annot.get("/Dest")
        if dest is not None and not isinstance(dest.get_object(), ArrayObject):
            gid = str(dest.get_object()).lstrip("/")
        if gid is None:
            keep.append(ref)
            continue
        if gid not in where:
            continue  # its target is not in this document (e.g. another area's plan)
        if "/A" in annot:
            del annot["/A"]
        annot[NameObject("/Dest")] = _dest(writer, where[gid])
        keep.append(ref)
    page[NameObject("/Annots")] = keep


def _outline(writer: PdfWriter, items: list[OutlineItem], where, parent=None) -> None:
    for item in items:
        if item.gid not in where:
            continue
        index, left, top = where[item.gid]
        node = writer.add_outline_item(title=item.title, page_number=index, parent=parent,
                                       fit=Fit.xyz(left, top, None))
        if item.children:
            _outline(writer, item.children, where, node)
