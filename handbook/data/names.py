"""Which contact ids a plan and an area's delplan name: one answer for the checks and the PDFs."""

from __future__ import annotations

from handbook.data.model import Delplan, Plan, iter_steps


def plan_ids(plan: Plan) -> set[str]:
    """Every person, service, role and group id a plan names: alerting, staffing, steps' who, contact blocks."""
    ids = set(plan.alerting.chain)
    ids.update(item.role for item in plan.staffing.roles)
    for _, step in iter_steps(plan):
        ids.update(step.who)
    for _, blocks in plan.contact_blocks():
        for block in blocks:
            ids.update(block.members)
            if block.group:
                ids.add(block.group)
    return ids


def delplan_ids(delplan: Delplan) -> set[str]:
    """Every contact id an area's delplan names: crisis leader, stand-ins, crisis staff, convening contacts."""
    posts = [delplan.crisis_leader] if delplan.crisis_leader else []
    ids = {cid for post in [*posts, *delplan.crisis_staff] for cid in (*post.holder, *post.stand_in)}
    ids.update(step.contact for step in delplan.convening if step.contact)
    return ids
