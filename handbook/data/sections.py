"""What a plan is: the sections of the Danish municipal template, in order — one table for every room.

The model's fields, the plan page's headings and anchors, the change log's
section names, the reference checks and the editor's warnings all read this.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanSection:
    """One section of a plan: its key in the YAML, its heading on the page, its fixed anchor."""

    key: str
    heading: str
    anchor: str


# The template's sections in page order ("Oprettelse/revision" closes every plan: REVISION).
PLAN_SECTIONS: tuple[PlanSection, ...] = (
    PlanSection("situation", "Situation", "situation"),
    PlanSection("alerting", "Alarmering", "alarmering"),
    PlanSection("tasks", "Opgaver", "opgaver"),
    PlanSection("actions", "Handling", "handling"),
    PlanSection("organisation", "Ledelse og organisation", "ledelse-og-organisation"),
    PlanSection("staffing", "Bemanding og udstyr", "bemanding-og-udstyr"),
    PlanSection("communication", "Kommunikation", "kommunikation"),
    PlanSection("contacts", "Kontaktoplysninger", "kontaktoplysninger"),
)
REVISION = PlanSection("revision", "Oprettelse/revision", "oprettelse-revision")
SECTIONS: dict[str, PlanSection] = {s.key: s for s in (*PLAN_SECTIONS, REVISION)}

# The parts of a plan that hold tagged steps and contact lists (besides Handling's phases and the
# plan's own contact lists), by their path in the YAML, with the heading a role card lists them under.
TEXT_PARTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("alerting",), "Alarmering"),
    (("tasks",), "Opgaver"),
    (("organisation",), "Ledelse og organisation"),
    (("communication", "internal"), "Kommunikation internt"),
    (("communication", "external"), "Kommunikation eksternt"),
)
