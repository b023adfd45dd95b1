"""Model → page sources (Markdown headings around autoescaped HTML), independent of MkDocs.

Every text from the data reaches HTML through Jinja2's autoescape. Headings are
Markdown (so the table of contents sees them); their text is escaped twice over:
HTML first, then Markdown's own syntax, so a title cannot become a link or an
attribute list.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import jinja2

from handbook import templating
from handbook.checks.areas import card_contacts, card_height_mm, card_rows, print_zoom
from handbook.data.crisis import staff_cards
from handbook.data.model import Model, Plan, iter_steps
from handbook.data.sections import SECTIONS
from handbook.site import changelog, urls
from handbook.site.context import BuildContext, BuildInfo, PageKind, RenderedPage

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")
# The front page lists the first steps of every plan while the handbook has at most this many plans.
# A larger handbook's front page shows the key numbers, search and the areas, and each area page
# carries the first steps of its own plans (README: "Pages that scale").
FRONT_FIRST_STEPS_MAX = 12
# The printed log sheet: blank rows that fill one A4 page under its head (pdf/templates/print.css).
LOG_ROWS = 17
# The situationsbillede sheet's questions, each a box to write in, between the head and the next meeting.
SITUATION_QUESTIONS = (
    "Hvad er sket?",
    "Hvor?",
    "Hvornår?",
    "Hvor mange er berørt?",
    "Skader – på personer, bygninger, systemer",
    "Hvad gøres – og af hvem?",
)



def md_heading(text: str) -> str:
    """Escape text for a Markdown heading: HTML-escaped, Markdown syntax backslash-escaped."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return jinja2.utils.markupsafe.Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def slug(text: str) -> str:
    """An ASCII anchor for a heading ("Umiddelbart efter - resten af dagen" → "umiddelbart-efter-resten-af-dagen")."""
    folded = str(text).lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "afsnit"


def one_line(value):
    """Every ``{{ … }}`` output on one line: text from the data never starts a line of the page
    source, so only the templates' own lines can be Markdown (headings); HTML shows both alike."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        flat = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        return jinja2.utils.markupsafe.Markup(flat) if isinstance(value, jinja2.utils.markupsafe.Markup) else flat
    return value


def environment() -> jinja2.Environment:
    """The Jinja2 environment for page templates: autoescape always on, strict undefined."""
    env = templating.environment(TEMPLATES, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                 finalize=one_line)
    env.filters.update(mdh=md_heading, slug=slug)
    env.globals["aid"] = heading_id
    return env


def heading_id(anchor: str):
    """Markdown attribute list giving a heading a fixed id: ``{#situation}``."""
    return jinja2.utils.markupsafe.Markup("{#%s}") % slug(anchor)


class Renderer:
    """Renders every generated page of a handbook from its model."""

    def __init__(self, model: Model, build: BuildInfo, printed: bool = True):
        self.model = model
        self.build = build
        # Whether this build prints its PDFs: without them, pages link to no PDF.
        self.printed = printed
        self.env = environment()

    def _render(self, template: str, src: str, **values) -> str:
        def link(target: str) -> str:
            return urls.relative(src, target)

        return self.env.get_template(template).render(
            m=self.model, hb=self.model.handbook, build=self.build, src=src, link=link, urls=urls, printed=self.printed,
            contact=self.model.contact, kind=self.model.kind, iter_steps=iter_steps, **values)

    def pages(self) -> list[RenderedPage]:
        """Every generated page, in navigation order."""
        m = self.model
        steps = self.first_steps()
        on_front = front_lists_first_steps(m)
        out = [RenderedPage(urls.FRONT, "Forside", PageKind.FRONT,
                            self._render("front.md.j2", urls.FRONT, first_steps=steps if on_front else [],
                                         area_counts=[(a, area, len(m.plans_in(a))) for a, area in m.handbook.areas.items()])),
               RenderedPage(urls.CONTACTS, "Kontakter", PageKind.CONTACTS,
                            self._render("contacts.md.j2", urls.CONTACTS))]
        by_area = {area_id: plans for area_id, _, plans in steps}
        for area_id, area in m.handbook.areas.items():
            src = urls.area_page(area_id)
            out.append(RenderedPage(src, area.title, PageKind.AREA, self._render(
                "area.md.j2", src, area_id=area_id, area=area, plans=m.plans_in(area_id),
                first_steps=[] if on_front else by_area.get(area_id, [])),
                ref_id=area_id, area=area_id))
            if m.delplan(area_id) is not None:
                out.append(self.staff_page(area_id))
            for pid, plan in m.plans_in(area_id):
                out.append(self.plan_page(pid, plan))
                out.append(self.card_page(pid, plan))
        out.append(RenderedPage(urls.ROLES, "Roller", PageKind.ROLES, self._render("roles.md.j2", urls.ROLES)))
        for rid, role in m.roles.items():
            src = urls.role_page(rid)
            out.append(RenderedPage(src, f"Hvad gør jeg som {role.title}?", PageKind.ROLE, self._render(
                "role.md.j2", src, role_id=rid, role=role, by_plan=self.steps_by_plan(rid)), ref_id=rid))
        out.append(RenderedPage(urls.LOG, "Krisestyringslog", PageKind.LOG, self._render(
            "log.md.j2", urls.LOG, log_rows=LOG_ROWS, situation_questions=SITUATION_QUESTIONS)))
        out.append(RenderedPage(urls.ACCESSIBILITY, "Tilgængelighedserklæring", PageKind.OTHER, self._render(
            "accessibility.md.j2", urls.ACCESSIBILITY), in_nav=False))
        out.append(RenderedPage(urls.NOT_STORED, "Ikke gemt til brug uden net", PageKind.OTHER, self._render(
            "not-stored.md.j2", urls.NOT_STORED), in_nav=False))
        return out

    def plan_page(self, pid: str, plan: Plan) -> RenderedPage:
        """The page of one plan with every section of the municipal template."""
        src = urls.plan_page(plan.area, pid)
        return RenderedPage(src, plan.title, PageKind.PLAN, self._render(
            "plan.md.j2", src, pid=pid, plan=plan, area=self.model.handbook.areas[plan.area],
            review_due=self.model.review_due(plan), s=SECTIONS),
            ref_id=pid, area=plan.area)

    def staff_page(self, area_id: str) -> RenderedPage:
        """The role cards of an area's crisis staff: first tasks, holder, stand-in, meeting place, convening."""
        src = urls.staff_page(area_id)
        area = self.model.handbook.areas[area_id]
        return RenderedPage(src, f"Krisestabens rollekort: {area.title}", PageKind.STAFF, self._render(
            "staff.md.j2", src, area_id=area_id, area=area, cards=staff_cards(self.model, area_id)),
            ref_id=area_id, area=area_id)

    def card_page(self, pid: str, plan: Plan) -> RenderedPage:
        """The plan's one-page action card: Hvem / Hvornår / Handling, then the numbers (kept out of the navigation)."""
        src = urls.card_page(plan.area, pid)
        zoom = print_zoom(card_height_mm(plan, self.model))  # printed smaller when it would not fit one page
        return RenderedPage(src, f"Handlingskort: {plan.title}", PageKind.CARD, self._render(
            "card.md.j2", src, pid=pid, plan=plan, area=self.model.handbook.areas[plan.area],
            review_due=self.model.review_due(plan), rows=card_rows(plan), contacts=card_contacts(plan, self.model),
            zoom=zoom), ref_id=pid, area=plan.area, in_nav=False)

    def first_steps(self):
        """For the front page: each area's plans with the steps of their first phase ("Straks")."""
        out = []
        for area_id, area in self.model.handbook.areas.items():
            plans = [(pid, p, p.actions[0] if p.actions else None) for pid, p in self.model.plans_in(area_id)]
            if plans:
                out.append((area_id, area, plans))
        return out

    def steps_by_plan(self, role_id: str):
        """A role's steps grouped by plan, then by the heading (phase) they stand under."""
        grouped: dict[str, tuple[Plan, dict[str, list]]] = {}
        for pid, plan, heading, step in self.model.steps_for_role(role_id):
            grouped.setdefault(pid, (plan, {}))[1].setdefault(heading, []).append(step)
        return [(pid, plan, list(headings.items())) for pid, (plan, headings) in grouped.items()]


def front_lists_first_steps(model: Model) -> bool:
    """Whether the front page lists every plan's first steps (else each area page lists its own)."""
    return len(model.plans) <= FRONT_FIRST_STEPS_MAX


def render_pages(model: Model, build: BuildInfo, printed: bool = True) -> list[RenderedPage]:
    """Every generated page of the handbook, in navigation order (``printed``: link to the PDFs)."""
    return Renderer(model, build, printed).pages()


def site_pages(ctx: BuildContext) -> list[RenderedPage]:
    """Every page of the build, the change log last; sets ``ctx.changes`` (what changed since the last edition)."""
    pages = render_pages(ctx.model, ctx.build, ctx.printed)
    changes_page, ctx.changes = changelog.page_for(ctx)
    return pages + [changes_page]


def nav(pages: list[RenderedPage], extra: list | None = None) -> list:
    """MkDocs navigation from the generated pages, grouped by area (titles HTML-escaped).

    MkDocs' templates do not escape, so every title handed to MkDocs is escaped here.
    """
    def esc(text: str) -> str:
        return html.escape(text)

    out: list = []
    areas: dict[str | None, list] = {}
    roles: list = []
    for page in pages:
        if not page.in_nav:
            continue
        if page.kind == PageKind.AREA:
            areas[page.area] = [page.src]
            out.append({esc(page.title): areas[page.area]})
        elif page.kind == PageKind.PLAN:
            areas[page.area].append({esc(page.title): page.src})
        elif page.kind == PageKind.STAFF:
            areas[page.area].append({"Krisestabens rollekort": page.src})
        elif page.kind == PageKind.ROLES:
            roles = [page.src]
            out.append({"Roller": roles})
        elif page.kind == PageKind.FRONT:
            out.append({"Forside": page.src})
        elif page.kind == PageKind.ROLE:
            roles.append({esc(page.title.replace("Hvad gør jeg som ", "").rstrip("?")): page.src})
        else:
            out.append({esc(page.title): page.src})
    return out + list(extra or [])
