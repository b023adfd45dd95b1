"""Warnings about the areas' crisis organisation (delplan) and about action cards that outgrow one page.

Plain Python over the model: ``check`` and the build call these and print the
problems; nothing here stops a build. Every warning points at the line the
editor has to change.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from handbook.data.crisis import posts, staff_cards
from handbook.data.model import Model, Plan, Step
from handbook.data.phones import Phone
from handbook.data.problems import WARNING, Problem
from handbook.data.yamlsrc import Source, where

AREA_FILE = "data/areas/{}.yaml"

# Parts of a delplan the area page shows; an empty one is a gap the editor should fill.
_SECTIONS = [
    ("critical_functions", "no critical functions listed", "list them under 'critical_functions:'"),
    (
        "convening",
        "no way of convening the crisis staff",
        "list the channels in order under 'convening:', e.g. - SMS til krisestaben",
    ),
    ("crisis_levels", "no crisis levels", "list them under 'crisis_levels:' with level, title and trigger"),
]


def warnings(model: Model) -> list[Problem]:
    """Every area warning: gaps in each delplan, plans of areas without one, and cards over one page."""
    out: list[Problem] = []
    areas = model.sources.areas
    for aid in model.delplans:
        out.extend(delplan_warnings(model, aid, areas.get(aid)))
    out.extend(missing_delplan_warnings(model))
    out.extend(card_warnings(model))
    out.extend(post_warnings(model))
    return out


def _warn(src: Source | None, fallback: str, path: tuple, what: str, hint: str) -> Problem:
    file = src.file if src else fallback
    line = src.line(path) if src else 1
    return Problem(file, line, where(path), what, hint, WARNING)


def delplan_warnings(model: Model, area_id: str, src: Source | None = None) -> list[Problem]:
    """Gaps and contradictions in one area's delplan, each at its line in ``data/areas/<id>.yaml``."""
    delplan = model.delplan(area_id)
    if delplan is None:
        return []
    fallback = AREA_FILE.format(area_id)
    out = []
    leader = delplan.crisis_leader
    if leader is None:
        out.append(
            _warn(
                src,
                fallback,
                ("crisis_leader",),
                "no crisis leader",
                "write crisis_leader: with holder: and stand_in: (ids from data/contacts.yaml)",
            )
        )
    else:
        if not leader.holder:
            out.append(
                _warn(
                    src,
                    fallback,
                    ("crisis_leader",),
                    "the crisis leader has no holder",
                    "write holder: with the id of a person or role from data/contacts.yaml",
                )
            )
        if not leader.stand_in:
            out.append(
                _warn(
                    src,
                    fallback,
                    ("crisis_leader",),
                    "the crisis leader has no stand-in",
                    "write stand_in: with the id of the person who takes over",
                )
            )
        out.extend(_same_person(model, src, fallback, ("crisis_leader",), leader, "the crisis leader"))
    for i, post in enumerate(delplan.crisis_staff):
        path = ("crisis_staff", i)
        if not post.holder and not post.ad_hoc:
            out.append(
                _warn(
                    src,
                    fallback,
                    path,
                    f"'{post.role}' has neither a holder nor 'ad_hoc: true'",
                    "write holder: <id>, or ad_hoc: true if the crisis leader appoints someone",
                )
            )
        out.extend(_same_person(model, src, fallback, path, post, f"the holder of '{post.role}'"))
    if not delplan.meeting_place:
        hint = (
            "the alternative is written; name the usual place under 'meeting_place:'"
            if delplan.alternative_meeting_place
            else "write meeting_place: with the address, and alternative_meeting_place:"
        )
        out.append(_warn(src, fallback, ("meeting_place",), "no meeting place for the crisis staff", hint))
    for key, what, hint in _SECTIONS:
        if not getattr(delplan, key):
            out.append(_warn(src, fallback, (key,), what, hint))
    return out


def post_warnings(model: Model) -> list[Problem]:
    """A role card without first tasks: a crisis-staff post the handbook cannot place, or a new post without tasks."""
    out = []
    for aid in model.delplans:
        src = model.sources.areas.get(aid)
        staff = model.delplans[aid].crisis_staff
        for card in staff_cards(model, aid):
            # An unknown 'post:' is already an error from the loader.
            named = staff[card.path[1]].post if card.path[0] == "crisis_staff" else None
            if card.tasks or (named and named not in posts(model)):
                continue
            if card.post is None:
                known = ", ".join(p for p in posts(model) if p != "kriseleder")
                hint = f"write post: with one of {known}, or list the post's first tasks under tasks:"
            else:
                hint = f"list the first tasks under tasks:, here or at crisis_posts.{card.post} in data/handbook.yaml"
            out.append(_warn(src, AREA_FILE.format(aid), card.path, f"'{card.title}' has no first tasks", hint))
    return out


def _same_person(model: Model, src, fallback, path, post, whom: str) -> list[Problem]:
    """A stand-in who is the holder cannot stand in: warn at the stand-in's line."""
    holders = {p for cid in post.holder for p in _people(model, cid)}
    out = []
    for j, cid in enumerate(post.stand_in):
        same = sorted(holders & set(_people(model, cid)))
        if same:
            name = model.people[same[0]].name or same[0]
            out.append(
                _warn(
                    src,
                    fallback,
                    path + ("stand_in", j),
                    f"stand-in '{cid}' is the same person as {whom} ({name})",
                    "name someone else as stand-in",
                )
            )
    return out


def _people(model: Model, cid: str) -> list[str]:
    try:
        return model.people_of(cid)
    except KeyError:  # an unknown id is already an error from the loader
        return []


def missing_delplan_warnings(model: Model) -> list[Problem]:
    """A warning at the ``area:`` line of every plan whose area has no delplan yet."""
    sources = model.sources.plans
    out = []
    for pid, plan in model.plans.items():
        if model.delplan(plan.area) is None:
            src = sources.get(pid)
            out.append(
                _warn(
                    src,
                    f"data/plans/{pid}.yaml",
                    ("area",),
                    f"area '{plan.area}' has no delplan (crisis organisation)",
                    f"write the area's crisis staff, meeting place and crisis levels in {AREA_FILE.format(plan.area)}",
                )
            )
    return out


# --- the one-page action card ---------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    """One row of an action card: who (role ids), when (phase), an optional threshold, and the action."""

    who: tuple[str, ...]
    when: str
    threshold: str | None
    text: str


ALERTING = "Ved alarmering"


def card_rows(plan: Plan) -> list[CardRow]:
    """The card's rows: the alerting steps, then every step of every phase of "Handling"."""

    def row(when: str, step: Step) -> CardRow:
        return CardRow(tuple(step.who), when, step.escalate_after, step.text)

    rows = [row(ALERTING, s) for s in plan.alerting.steps]
    for phase in plan.actions:
        rows.extend(row(phase.phase, s) for s in phase.steps)
    return rows


# --- the card's contact strip ("Kontakter") -------------------------------------------


ONLINE_LIST = "liste på intranettet: "
NO_CONTACT = "ingen kontakt angivet"
VACANT = "vakant"


@dataclass(frozen=True)
class CardReach:
    """Someone to call from a card: a person (or vacant post) or a service, with its numbers."""

    cid: str
    name: str  # empty when the entry's title already names it
    numbers: tuple[Phone, ...] = ()
    vacant: bool = False
    email: str | None = None  # shown only when there is no number
    channel: str | None = None  # a service without a number: how to reach it

    def text(self) -> str:
        """The plain text the card shows for this contact (the site links the numbers)."""
        if self.vacant:
            return f"{self.name} ({VACANT})" if self.name else VACANT
        parts = [self.name] if self.name else []
        if self.numbers:
            parts.append(" eller ".join(f"{n.display} ({n.label})" if n.label else n.display for n in self.numbers))
        elif self.channel:
            parts.append(f"({self.channel})" if parts else self.channel)
        elif self.email:
            parts.append(self.email)
        return " ".join(parts)


@dataclass(frozen=True)
class CardContact:
    """One entry of a card's contact strip: the roles, people or services it names, and how to reach them.

    Roles reached the same way (three roles listed on one intranet page) share one entry.
    """

    ids: tuple[str, ...]
    titles: tuple[str, ...]
    reach: tuple[CardReach, ...] = ()
    online: str | None = None  # title of the document that lists the holders, only online
    gap: str | None = None  # what stands when there is nothing to call: "vakant", "ingen kontakt angivet"

    @property
    def title(self) -> str:
        """The entry's titles as one text."""
        return ", ".join(self.titles)

    def text(self) -> str:
        """The plain text after the title: holders with numbers, the online list, or the gap."""
        parts = [r.text() for r in self.reach]
        if self.online:
            parts.append(ONLINE_LIST + self.online)
        return ", ".join(parts) or self.gap or NO_CONTACT

    def line(self) -> str:
        """The whole entry as plain text, as printed: "Afdelingsleder: Mona Gregersen 72 36 25 58, …"."""
        return f"{self.title}: {self.text()}"


def _reach(model: Model, cid: str) -> CardReach:
    if model.kind(cid) == "person":
        person = model.people[cid]
        return CardReach(cid, person.name or person.title or cid, tuple(person.numbers), person.vacant, person.email)
    service = model.services[cid]
    return CardReach(cid, service.name, tuple(service.numbers), email=service.email, channel=service.channel)


def _entry(model: Model, cid: str) -> CardContact | None:
    try:
        kind = model.kind(cid)
    except KeyError:  # an unknown id is already an error from the loader
        return None
    if kind == "role":
        role = model.roles[cid]
        refs = model.handbook.references
        online = (refs[role.list_at].title if role.list_at in refs else role.list_at) if role.list_at else None
        return CardContact((cid,), (role.title,), tuple(_reach(model, h) for h in [*role.held_by, *role.reach]), online)
    if kind == "person":
        # The title heads the entry; after it the name (a vacant post: "vakant") and numbers.
        person = model.people[cid]
        title = person.title or person.name or cid
        name = person.name if person.name and person.name != title else ""
        reach = CardReach(cid, name, tuple(person.numbers), person.vacant, person.email)
        gap = VACANT if person.vacant else NO_CONTACT
        return CardContact((cid,), (title,), (reach,) if name or person.numbers or person.email else (), gap=gap)
    if kind == "service":
        service = model.services[cid]
        reach = CardReach(cid, "", tuple(service.numbers), email=service.email, channel=service.channel)
        return CardContact((cid,), (service.name,), (reach,))
    return None  # a group holds no post


def card_contacts(plan: Plan, model: Model) -> list[CardContact]:
    """Everyone the plan's action card names, in order of first mention, with their names and numbers."""
    order: dict[str, None] = {}
    for row in card_rows(plan):
        order.update(dict.fromkeys(row.who))
    out: list[CardContact] = []
    by_text: dict[str, int] = {}
    for cid in order:
        entry = _entry(model, cid)
        if entry is None:
            continue
        if not entry.reach and entry.text() in by_text:
            # Roles with the same online list (or none) share one entry: "Superbruger, IKT’er: liste på …".
            i = by_text[entry.text()]
            out[i] = CardContact(out[i].ids + entry.ids, out[i].titles + entry.titles, (), out[i].online, out[i].gap)
            continue
        if not entry.reach:
            by_text[entry.text()] = len(out)
        out.append(entry)
    return out


# Layout of the printed card, kept in step with handbook/site/assets/card.css: A4 with
# 12 mm margins, 9 pt type at line-height 1.3, columns of 22/18/60 %, a 14 pt
# title. Character widths are DejaVu Sans' (the widest of the usual system
# fonts, and what Chromium prints with on Debian), measured in Chromium and
# rounded up, so the estimate errs towards "does not fit";
# tests/areas/test_card_print.py checks it against real print.
MM_PER_PT = 25.4 / 72
PAGE_HEIGHT_MM = 297 - 2 * 12
# Material indents the article by .8rem each side (20 px root size in print): 8.5 mm in all.
PAGE_WIDTH_MM = 210 - 2 * 12 - 8.5
FONT_PT = 9
TITLE_PT = 14
LINE_MM = FONT_PT * 1.3 * MM_PER_PT
TITLE_LINE_MM = TITLE_PT * 1.25 * MM_PER_PT
CELL_PADDING_MM = 2 * 1.2 + 0.3
COLUMNS = (0.22, 0.18, 0.60)
# The contact strip: its title line and the gaps above and below it; between the columns; below each entry.
CONTACTS_FIXED_MM = LINE_MM + 2.0 + 3.0
CONTACTS_GAP_MM = 6.0
CONTACT_ITEM_MM = 0.8
BOLD = 1.12  # DejaVu Sans Bold is at most this much wider than the regular face: counted for the whole entry
# Space above the title, the caption, header row, revision table and the gaps between them.
FIXED_MM = 63.0
# Advance widths in em, by character; anything else counts as OTHER_EM.
_WIDTHS = {
    0.28: "ijl'",
    0.30: "IJ",
    0.32: " \u00a0.,’",
    0.34: "/:;",
    0.36: "f",
    0.37: "-",
    0.40: "t()",
    0.41: "!",
    0.42: "r",
    0.46: '"',
    0.51: "–",
    0.53: "sz",
    0.54: "?",
    0.55: "c",
    0.56: "L",
    0.58: "kF",
    0.60: "vxy",
    0.61: "P",
    0.62: "aeoøåTYé",
    0.64: "bdghnpquES0123456789ü",
    0.66: "K",
    0.69: "ABVXZÅ",
    0.70: "CR",
    0.74: "U",
    0.75: "N",
    0.76: "H",
    0.78: "DG&",
    0.79: "OQØ",
    0.82: "w",
    0.84: "+",
    0.87: "M",
    0.96: "%",
    0.99: "mÆæW",
}
CHAR_EM = {ch: em for em, chars in _WIDTHS.items() for ch in chars}
OTHER_EM = 0.8


def _width_em(text: str) -> float:
    return sum(CHAR_EM.get(ch, OTHER_EM) for ch in text)


_BREAKS = re.compile(r"[ \t\n\r\f\v]+")  # where a line may wrap: not at a no-break space


def _lines(text: str, width_mm: float, size_pt: float = FONT_PT) -> int:
    """Lines a text takes in a width, wrapping at spaces (a word wider than a line is broken, as CSS does)."""
    line_em = width_mm / (size_pt * MM_PER_PT)
    space = CHAR_EM[" "]
    lines, used = 1, 0.0
    for word in filter(None, _BREAKS.split(text)):
        w = _width_em(word)
        if used and used + space + w > line_em:
            lines, used = lines + 1, 0.0
        if w > line_em:
            lines += math.ceil(w / line_em) - 1
            w = w % line_em or line_em
        used += w + (space if used else 0)
    return lines


def card_height_mm(plan: Plan, model: Model | None = None) -> float:
    """Estimated printed height of the plan's action card in millimetres (role titles from ``model``)."""

    def title(rid: str) -> str:
        if model is not None and rid in model.roles:
            return model.roles[rid].title
        return rid

    area = model.handbook.areas.get(plan.area) if model is not None else None
    area_title = f"{area.title} ({area.short})" if area and area.short else (area.title if area else plan.area)
    height = FIXED_MM + _lines(plan.title, PAGE_WIDTH_MM, TITLE_PT) * TITLE_LINE_MM
    meta = " · ".join(x for x in (area_title, "Hele planen", plan.situation.summary) if x)
    height += _lines(meta, PAGE_WIDTH_MM) * LINE_MM
    height += sum(row_height_mm(r, title) for r in card_rows(plan))
    return height + (contacts_height_mm(card_contacts(plan, model)) if model is not None else 0.0)


def contacts_height_mm(contacts: list[CardContact]) -> float:
    """Estimated height of the contact strip: its title, then the entries in two balanced columns."""
    if not contacts:
        return 0.0
    width = (PAGE_WIDTH_MM - CONTACTS_GAP_MM) / 2
    heights = [_lines(_unbroken_numbers(c), width / BOLD) * LINE_MM + CONTACT_ITEM_MM for c in contacts]
    # Entries flow down the first column, then the second; none is split. The browser picks the
    # lowest column height that holds them: the best split of the list into two runs.
    column = min(max(sum(heights[:k]), sum(heights[k:])) for k in range(len(heights) + 1))
    return CONTACTS_FIXED_MM + column


def _unbroken_numbers(c: CardContact) -> str:
    """The entry's text with each number's spaces as no-break spaces, as the page prints it (nowrap)."""
    text = c.line()
    for r in c.reach:
        for n in r.numbers:
            text = text.replace(n.display, n.display.replace(" ", "\u00a0"))
    return text


def row_height_mm(row: CardRow, title=lambda rid: rid) -> float:
    """Estimated height of one card row: its tallest cell."""
    widths = [PAGE_WIDTH_MM * c - CELL_PADDING_MM for c in COLUMNS]
    who = _lines(", ".join(title(rid) for rid in row.who) or "Ikke angivet", widths[0])
    when = _lines(row.when, widths[1]) + (_lines("Tærskel: " + row.threshold, widths[1]) if row.threshold else 0)
    return max(who, when, _lines(row.text, widths[2])) * LINE_MM + CELL_PADDING_MM


# A card taller than the page is printed smaller, in steps of 5 %, down to this (9 pt type
# becomes 7.2 pt; smaller is hard to read in a crisis): the site's print (card.css,
# .hb-print-zoom-*) zooms so. A card that needs more is one `check` warns about. (The PDF's
# FIT_SCRIPT in handbook/pdf/printer.py zooms further, down to 55 %, rather than split a card.)
MIN_ZOOM = 0.8


def print_zoom(height_mm: float) -> float:
    """The zoom (1.0, 0.95 … MIN_ZOOM) at which a card of this estimated height fits one page."""
    if height_mm <= PAGE_HEIGHT_MM:
        return 1.0
    return max(MIN_ZOOM, math.floor(PAGE_HEIGHT_MM / height_mm * 20) / 20)


def card_fits(plan: Plan, model: Model | None = None) -> bool:
    """True when the plan's action card is estimated to fit one A4 page, printed at ``MIN_ZOOM`` or larger."""
    return card_height_mm(plan, model) * MIN_ZOOM <= PAGE_HEIGHT_MM


def card_warning(model: Model, pid: str, what: str) -> Problem:
    """A warning about plan ``pid``'s action card at the line where its steps begin (``actions``)."""
    src = model.sources.plans.get(pid)
    key = ("actions",) if src is None or ("actions",) in src.lines else ("alerting", "steps")
    return _warn(
        src,
        f"data/plans/{pid}.yaml",
        key,
        what,
        "shorten the steps, or move background text to the plan's other sections",
    )


def card_warnings(model: Model) -> list[Problem]:
    """A warning at the ``actions`` line of every plan whose action card would spill over one page."""
    out = []
    for pid, plan in model.plans.items():
        height = card_height_mm(plan, model)
        if height * MIN_ZOOM > PAGE_HEIGHT_MM:
            out.append(
                card_warning(
                    model, pid, f"the action card does not fit one A4 page (about {height / PAGE_HEIGHT_MM:.1f} pages)"
                )
            )
    return out
