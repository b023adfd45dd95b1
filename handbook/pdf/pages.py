"""What only the print has: an area's first steps on its chapter's first page, and its own contact list.

An area's PDF is what its leaders keep on paper: the area's first steps, its
delplan, its plans and action cards, and the people, services and roles those
name, not the whole municipality's directory. The handbook's PDF prints each
area's first steps once, on the area's page, instead of the front page's list of
every plan's first steps (which the plans themselves print again).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from handbook import templating
from handbook.data.model import Model
from handbook.data.names import delplan_ids, plan_ids
from handbook.site import urls
from handbook.site.context import BuildContext, PageKind, PageRecord
from handbook.site.render import TEMPLATES as SITE_TEMPLATES
from handbook.site.render import slug

TEMPLATES = Path(__file__).parent / "templates"
# The site's own first-steps block; an area page that already shows it gets no second one.
FIRST_STEPS_CLASS = "hb-first-steps"
_H1_END = re.compile(r"</h1>", re.IGNORECASE)


def _env() -> jinja2.Environment:
    # The site's macros draw steps and contact lines, so print and site show a contact alike.
    env = templating.environment(TEMPLATES)
    env.loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(str(TEMPLATES)), jinja2.FileSystemLoader(str(SITE_TEMPLATES))]
    )
    env.filters["slug"] = slug
    return env


def named_by_area(model: Model, area_id: str) -> set[str]:
    """Every person, service, role and group the area's plans and delplan name, with whom those stand for.

    A group brings its members, a role the people and services that hold or
    answer it, so the area's list has a number for every name its pages print.
    """
    named: set[str] = set()
    for _, plan in model.plans_in(area_id):
        named |= plan_ids(plan)
    delplan = model.delplan(area_id)
    if delplan is not None:
        named |= delplan_ids(delplan)
    todo, seen = list(named), set()
    while todo:
        cid = todo.pop()
        if cid in seen:
            continue
        seen.add(cid)
        kind = model.kind(cid) if _known(model, cid) else None
        if kind == "group":
            todo += model.groups[cid].members
        elif kind == "role":
            todo += list(model.roles[cid].held_by) + list(model.roles[cid].reach)
    return {cid for cid in seen if _known(model, cid)}


def _known(model: Model, cid: str) -> bool:
    try:
        model.kind(cid)
    except KeyError:
        return False
    return True


def contacts_record(ctx: BuildContext, area_id: str) -> PageRecord:
    """The contact list of one area's PDF, at the contacts page's address so the area's links land on it."""
    model = ctx.model
    named = named_by_area(model, area_id)
    area = model.handbook.areas[area_id]
    src = urls.CONTACTS

    def link(target: str) -> str:
        return urls.relative(src, target)

    references = {r.list_at for cid, r in model.roles.items() if cid in named and r.list_at}
    references |= {g.reference for cid, g in model.groups.items() if cid in named and g.reference}
    for _, plan in model.plans_in(area_id):
        references.update(plan.references)
        references.update(b.reference for _, blocks in plan.contact_blocks() for b in blocks if b.reference)
    html = (
        _env()
        .get_template("contacts.html.j2")
        .render(
            m=model,
            hb=model.handbook,
            area=area,
            groups=[(gid, g) for gid, g in model.groups.items() if gid in named],
            people=[(pid, p) for pid, p in model.people_by_name() if pid in named],
            services=[(sid, s) for sid, s in model.services.items() if sid in named],
            roles=[(rid, r) for rid, r in model.roles.items() if rid in named],
            references=[(rid, ref) for rid, ref in model.handbook.references.items() if rid in references],
            contact=model.contact,
            kind=model.kind,
            link=link,
            urls=urls,
        )
    )
    return PageRecord(urls.html(src), "Kontakter", PageKind.CONTACTS, html, area=area_id)


def with_first_steps(ctx: BuildContext, record: PageRecord) -> PageRecord:
    """The area's page for print with its plans' first steps after the title (unless the page shows them)."""
    if record.kind != PageKind.AREA or record.area is None or FIRST_STEPS_CLASS in record.html:
        return record
    model = ctx.model
    src = urls.area_page(record.area)

    def link(target: str) -> str:
        return urls.relative(src, target)

    plans = [(pid, plan, plan.actions[0] if plan.actions else None) for pid, plan in model.plans_in(record.area)]
    if not plans:
        return record
    block = _env().get_template("first-steps.html.j2").render(plans=plans, contact=model.contact, link=link, urls=urls)
    match = _H1_END.search(record.html)
    at = match.end() if match else 0
    html = record.html[:at] + "\n" + block + record.html[at:]
    return PageRecord(record.url, record.title, record.kind, html, record.ref_id, record.area)
