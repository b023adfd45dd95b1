"""Reference checks: every id a file names (role, person, service, group, area, reference) must exist."""

from __future__ import annotations

from handbook.data.crisis import posts as crisis_posts
from handbook.data.model import Model, StaffingItem
from handbook.data.problems import Problem, did_you_mean
from handbook.data.yamlsrc import Source, where


class _Checker:
    def __init__(self, model: Model):
        self.model = model
        self.problems: list[Problem] = []

    def expect(self, source: Source | None, path: tuple, value: str, kinds: dict[str, dict], field_path=None):
        """Record a problem unless ``value`` is an id in one of ``kinds`` (name → table)."""
        if source is None:
            return
        if any(value in table for table in kinds.values()):
            return
        known = [k for table in kinds.values() for k in table]
        noun = " or ".join(kinds)
        shown = where(field_path if field_path is not None else path)
        self.problems.append(
            Problem(source.file, source.line(path), shown, f"unknown {noun} '{value}'", did_you_mean(value, known))
        )

    def ids(self, source, path, values, kinds):
        """Check a list of ids; the message names the list, the line names the item."""
        for i, value in enumerate(values):
            self.expect(source, path + (i,), value, kinds, field_path=path)


def check(model: Model) -> list[Problem]:
    """Return a problem for every reference that does not resolve and every clashing id."""
    c = _Checker(model)
    m = model
    hb_src, ct_src = m.sources.handbook, m.sources.contacts
    plan_sources, area_sources = m.sources.plans, m.sources.areas
    people, services, roles, groups = m.people, m.services, m.roles, m.groups
    areas, references = m.handbook.areas, m.handbook.references
    reachable = {"person": people, "service": services}
    member = {"person": people, "service": services, "role": roles}

    # One id names one thing: a person and a role both called "chef" would make
    # every reference ambiguous.
    seen: dict[str, str] = {}
    for table_name, table in (("people", people), ("services", services), ("roles", roles), ("groups", groups)):
        for cid in table:
            if cid in seen and ct_src is not None:
                c.problems.append(
                    Problem(
                        ct_src.file,
                        ct_src.line((table_name, cid)),
                        f"{table_name}.{cid}",
                        f"id '{cid}' is already used in {seen[cid]}",
                        "give each person, service, role and group its own id",
                    )
                )
            seen.setdefault(cid, table_name)

    c.ids(hb_src, ("key_contacts",), m.handbook.key_contacts, reachable)
    for rid, role in roles.items():
        c.ids(ct_src, ("roles", rid, "held_by"), role.held_by, {"person": people})
        c.ids(ct_src, ("roles", rid, "reach"), role.reach, reachable)
        if role.list_at:
            c.expect(ct_src, ("roles", rid, "list_at"), role.list_at, {"reference": references})
    for gid, group in groups.items():
        c.ids(ct_src, ("groups", gid, "members"), group.members, member)
        if group.reference:
            c.expect(ct_src, ("groups", gid, "reference"), group.reference, {"reference": references})

    for pid, plan in m.plans.items():
        src = plan_sources.get(pid)
        c.expect(src, ("area",), plan.area, {"area": areas})
        c.ids(src, ("references",), plan.references, {"reference": references})
        c.ids(src, ("alerting", "chain"), plan.alerting.chain, {"role": roles})
        for base, _, section in plan.text_parts():
            for i, step in enumerate(section.steps):
                c.ids(src, (*base, "steps", i, "who"), step.who, {"role": roles})
        for p, phase in enumerate(plan.actions):
            for i, step in enumerate(phase.steps):
                c.ids(src, ("actions", p, "steps", i, "who"), step.who, {"role": roles})
        for i, item in enumerate(plan.staffing.roles):
            assert isinstance(item, StaffingItem)
            c.expect(src, ("staffing", "roles", i, "role"), item.role, {"role": roles})
        for base, blocks in plan.contact_blocks():
            _blocks(c, src, base, blocks, groups, member, references)

    for aid, delplan in m.delplans.items():
        _delplan(c, area_sources.get(aid), delplan, member, dict(member, group=groups))
        for i, staff in enumerate(delplan.crisis_staff):
            if staff.post:
                c.expect(area_sources.get(aid), ("crisis_staff", i, "post"), staff.post, {"post": crisis_posts(m)})
    return c.problems


def _delplan(c: _Checker, src, delplan, holders, anyone):
    """A delplan names holders and stand-ins (person, service or role) and contacts for convening."""
    posts = ([(("crisis_leader",), delplan.crisis_leader)] if delplan.crisis_leader else []) + [
        (("crisis_staff", i), post) for i, post in enumerate(delplan.crisis_staff)
    ]
    groups = anyone["group"]
    for base, post in posts:
        for key in ("holder", "stand_in"):
            for i, cid in enumerate(getattr(post, key)):
                if cid in groups and src is not None:
                    # A group is a list to print, not someone who can hold a post.
                    c.problems.append(
                        Problem(
                            src.file,
                            src.line(base + (key, i)),
                            where(base + (key,)),
                            f"'{cid}' is a group; a {key.replace('_', '-')} is one person, service or role",
                            "name a member of the group instead",
                        )
                    )
                else:
                    c.expect(src, base + (key, i), cid, holders, field_path=base + (key,))
    for i, step in enumerate(delplan.convening):
        if step.contact:
            c.expect(src, ("convening", i, "contact"), step.contact, anyone)


def _blocks(c: _Checker, src, base, blocks, groups, member, references):
    for i, block in enumerate(blocks):
        if block.group:
            c.expect(src, base + (i, "group"), block.group, {"group": groups})
        c.ids(src, base + (i, "members"), block.members, member)
        if block.reference:
            c.expect(src, base + (i, "reference"), block.reference, {"reference": references})
