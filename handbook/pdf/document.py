"""Which pages a printed document holds, in which order, cut into parts that print separately.

Every page starts on a new sheet, so cutting the document between pages does
not change where anything falls: each part can be printed on its own (and in
parallel) and the parts put together give the same pages as one long print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.pdf.rewrite import Chapter, link_targets, rewrite
from handbook.site.context import BuildContext, PageKind, PageRecord

# Page kinds the printed handbook holds; "roles" (an index) and "other" pages are site-only.
PRINTED = (
    PageKind.FRONT,
    PageKind.AREA,
    PageKind.STAFF,
    PageKind.PLAN,
    PageKind.CARD,
    PageKind.CONTACTS,
    PageKind.ROLE,
    PageKind.LOG,
)
# Pages of an area: its delplan, its crisis staff's role cards, its plans and their action cards.
AREA_KINDS = (PageKind.AREA, PageKind.STAFF, PageKind.PLAN, PageKind.CARD)
# Pages per part: small enough to keep both cores busy, large enough that starting a print is cheap.
PART_PAGES = 24


@dataclass
class Entry:
    """One page of the document with its rewritten HTML."""

    record: PageRecord
    chapter: Chapter
    group: str  # the outline/TOC group: "front", "area:<id>", "contacts", "roles"


@dataclass
class Document:
    """A printed document: its entries in order and the parts they are printed in."""

    key: str
    title: str
    subtitle: str
    entries: list[Entry] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)  # indexes into the printed parts
    area: str | None = None


def ordered(pages: list[PageRecord]) -> list[tuple[str, PageRecord]]:
    """The printed pages in handbook order, each with its group."""
    front = [p for p in pages if p.kind == PageKind.FRONT]
    contacts = [p for p in pages if p.kind == PageKind.CONTACTS]
    roles = [p for p in pages if p.kind == PageKind.ROLE]
    logs = [p for p in pages if p.kind == PageKind.LOG]
    areas: dict[str | None, list[PageRecord]] = {}
    for p in pages:
        if p.kind in AREA_KINDS:
            areas.setdefault(p.area, []).append(p)
    out = [("front", p) for p in front]
    for aid, items in areas.items():
        # The area page first, then plans and cards in navigation order.
        items = sorted(items, key=lambda p: 0 if p.kind == PageKind.AREA else 1)
        out += [(f"area:{aid}", p) for p in items]
    out += [("contacts", p) for p in contacts]
    out += [("roles", p) for p in roles]
    # The blank log and situationsbillede sheets close the handbook (and every area's document).
    out += [("log", p) for p in logs]
    return out


def build_entries(pages: list[PageRecord]) -> list[Entry]:
    """Rewrite the printed pages so their links and ids are document-wide."""
    chosen = ordered(pages)
    known = {p.url for _, p in chosen}
    wanted: set[str] = set()
    for _, p in chosen:
        wanted |= link_targets(p.url, p.html, known)
    return [Entry(p, rewrite(p.url, p.html, p.title, known, wanted), group) for group, p in chosen]


def split(entries: list[Entry], size: int = PART_PAGES) -> list[list[Entry]]:
    """Cut entries into parts of at most ``size`` pages that never cross a group boundary."""
    parts: list[list[Entry]] = []
    for e in entries:
        if parts and parts[-1][-1].group == e.group and len(parts[-1]) < size:
            parts[-1].append(e)
        else:
            parts.append([e])
    return parts


def documents(ctx: BuildContext) -> tuple[list[list[Entry]], list[Document]]:
    """The parts to print once, and the documents made of them: the handbook, then one per area.

    An area's document reuses the handbook's parts (front page, its area, contacts);
    links into pages it leaves out are removed when it is assembled.
    """
    hb = ctx.model.handbook
    entries = build_entries(ctx.pages)
    parts = split(entries)
    whole = Document("handbook", hb.title, hb.organisation, entries, list(range(len(parts))))
    docs = [whole]
    groups = {e.group for e in entries}
    for aid, area in hb.areas.items():
        if f"area:{aid}" not in groups:
            continue
        keep = {"front", f"area:{aid}", "contacts", "log"}
        chosen = [i for i, part in enumerate(parts) if part[0].group in keep]
        doc = Document(f"pdf/{aid}", hb.title, area.title, [e for i in chosen for e in parts[i]], chosen, area=aid)
        docs.append(doc)
    return parts, docs
