"""Which pages each printed document holds, in which order, cut into parts that print (and are cached) separately.

Every page starts on a new sheet, so cutting between pages changes nothing about
where anything falls: each part prints on its own (in parallel, and only when its
HTML changed since it was last printed) and the parts put together give the same
pages as one long print.

The handbook holds each area (its page, with its plans' first steps, then its
plans and action cards), the whole contact list and the role cards; the site's
front page is not printed, because the cover carries its key numbers, the table
of contents its list of plans and each area its first steps. An area's PDF holds
that area and a contact list of what the area names (``pages.py``).

Parts are cut so that an edit reprints little: never across an area, the
contacts or the role cards; a plan and its action card in one part; and the cut
points chosen by the pages' own addresses (content-defined), so a plan added or
removed moves no cut elsewhere in its area.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from handbook.pdf.pages import contacts_record, with_first_steps
from handbook.pdf.rewrite import Chapter, link_targets, rewrite
from handbook.site.context import BuildContext, PageKind, PageRecord

# Page kinds the printed handbook holds; the front page, "roles" (an index) and "other" pages are site-only.
PRINTED = (
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
# Pages per part: a part ends at a page whose address hashes to 0 mod CUT_EVERY (once it has
# MIN_PART pages), or at MAX_PART pages. About 6 pages a part: an edit to one plan reprints a
# handful of pages, and the cost of starting a print stays small next to printing.
MIN_PART, CUT_EVERY, MAX_PART = 4, 4, 16


@dataclass
class Entry:
    """One page of a document with its rewritten HTML."""

    record: PageRecord
    chapter: Chapter
    group: str  # the outline/TOC group: "area:<id>", "contacts", "contacts:<area>", "roles"


@dataclass
class Part:
    """Pages printed together: one Chromium print, one cache entry."""

    entries: list[Entry]
    digest: str = ""  # the hash of the part's HTML, set once it is rendered
    key: str = ""  # the print cache's key: the HTML and the printer

    @property
    def group(self) -> str:
        """The group all its pages belong to."""
        return self.entries[0].group


@dataclass
class Document:
    """A printed document: its entries in order and the parts they are printed in."""

    key: str
    title: str
    subtitle: str
    entries: list[Entry] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)  # indexes into the printed parts
    area: str | None = None


def without_edition(html: str, version: str) -> str:
    """A page's HTML without the cells that only state the edition (the running header of every page prints it).

    So a part's HTML stays equal between editions, and the print cache can reuse it.
    """
    if not version:
        return html
    cell = re.compile(r"<th\b[^>]*>[^<]*</th>\s*<td\b[^>]*>\s*" + re.escape(version) + r"\s*</td>")
    return re.sub(r"<tr\b[^>]*>\s*</tr>", "", cell.sub("", html))


def ordered(records: list[PageRecord]) -> list[tuple[str, PageRecord]]:
    """The printed pages of the handbook in order, each with its group."""
    contacts = [p for p in records if p.kind == PageKind.CONTACTS]
    logs = [p for p in records if p.kind == PageKind.LOG]
    roles = [p for p in records if p.kind == PageKind.ROLE]
    areas: dict[str | None, list[PageRecord]] = {}
    for p in records:
        if p.kind in AREA_KINDS:
            areas.setdefault(p.area, []).append(p)
    out: list[tuple[str, PageRecord]] = []
    for aid, items in areas.items():
        # The area page first, then plans and cards in navigation order.
        items = sorted(items, key=lambda p: 0 if p.kind == PageKind.AREA else 1)
        out += [(f"area:{aid}", p) for p in items]
    out += [("contacts", p) for p in contacts]
    out += [("roles", p) for p in roles]
    # The blank log and situationsbillede sheets close the handbook (and every area's document).
    out += [("log", p) for p in logs]
    return out


def build_entries(chosen: list[tuple[str, PageRecord]]) -> list[Entry]:
    """Rewrite the printed pages so their links and ids are document-wide."""
    known = {p.url for _, p in chosen}
    wanted: set[str] = set()
    for _, p in chosen:
        wanted |= link_targets(p.url, p.html, known)
    return [Entry(p, rewrite(p.url, p.html, p.title, known, wanted), group) for group, p in chosen]


def _cut_here(url: str) -> bool:
    return int(hashlib.sha256(url.encode()).hexdigest()[:8], 16) % CUT_EVERY == 0


def split(entries: list[Entry]) -> list[Part]:
    """Cut entries into parts that never cross a group and never separate a plan from its action card."""
    parts: list[Part] = []
    for e in entries:
        current = parts[-1].entries if parts else None
        new = current is None or current[-1].group != e.group
        if not new and current is not None and e.record.kind != PageKind.CARD:
            # A card stays with its plan; any other page may start a part.
            new = len(current) >= MAX_PART or (len(current) >= MIN_PART and _cut_here(e.record.url))
        if new:
            parts.append(Part([e]))
        else:
            parts[-1].entries.append(e)
    return parts


def documents(ctx: BuildContext) -> tuple[list[Part], list[Document]]:
    """The parts to print, and the documents made of them: the handbook, then one per area."""
    hb = ctx.model.handbook
    version = ctx.build.version
    records = [
        with_first_steps(ctx, PageRecord(p.url, p.title, p.kind, without_edition(p.html, version), p.ref_id, p.area))
        for p in ctx.pages
        if p.kind in PRINTED
    ]
    chosen = ordered(records)
    groups = [g for g, _ in chosen]
    for aid in hb.areas:
        if f"area:{aid}" in groups:
            chosen.append((f"contacts:{aid}", contacts_record(ctx, aid)))
    entries = build_entries(chosen)
    parts = split(entries)
    whole_groups = {"contacts", "roles", "log"} | {g for g in groups if g.startswith("area:")}
    whole = Document(
        "handbook",
        hb.title,
        hb.organisation,
        [e for e in entries if e.group in whole_groups],
        [i for i, part in enumerate(parts) if part.group in whole_groups],
    )
    docs = [whole]
    for aid, area in hb.areas.items():
        keep = {f"area:{aid}", f"contacts:{aid}", "log"}
        chosen_parts = [i for i, part in enumerate(parts) if part.group in keep]
        if not any(parts[i].group == f"area:{aid}" for i in chosen_parts):
            continue
        doc_entries = [e for i in chosen_parts for e in parts[i].entries]
        docs.append(Document(f"pdf/{aid}", hb.title, area.title, doc_entries, chosen_parts, area=aid))
    return parts, docs
