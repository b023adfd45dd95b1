"""The front matter of a printed document: cover, table of contents and bookmarks, and its metadata.

The cover and the table of contents are printed separately: the cover names
the edition and changes with every build, while the table of contents changes
only when a title or a page number does, so it is usually taken from the print
cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook import templating
from handbook.data.dates import danish_date
from handbook.outputs import vcard
from handbook.pdf.assemble import Meta, OutlineItem
from handbook.pdf.document import Document
from handbook.pdf.pages import named_by_area
from handbook.pdf.rewrite import GO_PREFIX
from handbook.site.changelog import Changes
from handbook.site.context import BuildContext, PageKind

TEMPLATES = Path(__file__).parent / "templates"
# The page number the first table of contents is printed with, to learn how many pages it takes.
GUESS = "888"


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


def toc_items(doc: Document) -> list[TocItem]:
    """The table of contents of a document: areas with their plans and cards, contacts, role cards."""
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
    """The bookmarks: every page, a page's sections under it, plans and cards under their area, roles together."""
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


def changes_text(ctx, area: str | None = None) -> str:
    """The cover's "Ændringer siden forrige udgave": the change log's summary ('' when there is none).

    For an area's PDF only what it prints counts: its plans and the contacts and lists it names.
    """
    changes = ctx.changes
    if changes is None:
        return ""
    if area is not None and not changes.first:
        named = named_by_area(ctx.model, area)
        changes = Changes(
            previous_version=changes.previous_version,
            previous_built=changes.previous_built,
            contacts=[c for c in changes.contacts if c.cid in named],
            lists=[item for item in changes.lists if item[0] in named],
            plans=[p for p in changes.plans if p.area == area],
        )
    return changes.summary().strip()


def _last_updated(ctx: BuildContext, doc: Document) -> str:
    if doc.area:
        dates = [p.updated for p in ctx.model.plans.values() if p.area == doc.area]
        return danish_date(max(dates)) if dates else ""
    return danish_date(ctx.model.last_updated())


def cover_facts(ctx: BuildContext, doc: Document) -> dict:
    """What the cover shows besides the edition: it is part of the document's identity."""
    hb = ctx.model.handbook
    return {
        "title": hb.title,
        "organisation": hb.organisation,
        "subtitle": doc.subtitle if doc.area else "",
        "last_updated": _last_updated(ctx, doc),
        "editor": hb.editor or "",
        "key_contacts": [
            (contact.label, [(n.href, n.display) for n in contact.numbers])
            for _, contact in vcard.key_contacts(ctx.model)
        ],
        "lang": hb.language or "da",
    }


def cover_html(ctx: BuildContext, doc: Document, edition: str) -> str:
    """The cover: title, area, edition, dates, editor, what changed, key numbers."""
    changes = changes_text(ctx, doc.area)
    return (
        _env()
        .get_template("front.html.j2")
        .render(
            css=css(),
            edition=edition,
            date=ctx.build.date_text,
            facts=cover_facts(ctx, doc),
            changes=[p.strip() for p in changes.split("\n\n") if p.strip()],
        )
    )


def toc_html(ctx: BuildContext, doc: Document, pages: dict[str, int] | None) -> str:
    """The table of contents with the page numbers in ``pages`` (gid → 1-based page), or ``GUESS`` everywhere."""
    toc = toc_items(doc)
    for item in toc:
        if item.gid:
            item.page = str(pages.get(item.gid, "")) if pages is not None else GUESS
    hb = ctx.model.handbook
    return (
        _env()
        .get_template("toc.html.j2")
        .render(lang=hb.language or "da", title=hb.title, css=css(), toc=toc, go=GO_PREFIX)
    )


def meta(ctx: BuildContext, doc: Document, edition: str) -> Meta:
    """The document's metadata (title, author, subject, edition, the day it was made)."""
    hb = ctx.model.handbook
    title = hb.title if not doc.area else f"{hb.title} – {doc.subtitle}"
    return Meta(
        title=title,
        author=hb.editor or hb.organisation,
        subject=f"Beredskabshåndbog for {hb.organisation}, udgave {edition}",
        version=edition,
        # The day, not the second: a document rebuilt the same day from the same pages is the same file.
        created=ctx.build.day,
        lang=hb.language or "da",
        keywords=f"beredskab, {hb.organisation}, udgave {edition}",
    )


def header(ctx: BuildContext, doc: Document, edition: str) -> str:
    """The running header: title, area and edition."""
    hb = ctx.model.handbook
    return f"{hb.title}" + (f" – {doc.subtitle}" if doc.area else "") + f" · Udgave {edition}"


def footer(ctx: BuildContext) -> str:
    """The footer's left side: organisation and print date ("Side X af Y" goes on the right)."""
    return f"{ctx.model.handbook.organisation} · Udskrevet {ctx.build.date_text}"
