"""The handbook's typed data model: handbook, areas, people, services, roles, groups, plans.

Every model forbids unknown keys, so a misspelt key is an error instead of a
silently missing fact. Ids are the YAML keys (people, roles …) or file names
(plans). References between ids are checked by ``handbook.data.refs``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from handbook.data.phones import Phone, PhoneError, parse_phone
from handbook.data.sections import TEXT_PARTS
from handbook.data.yamlsrc import Source

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_SCHEMES = re.compile(r"^(https?:|mailto:|tel:)", re.I)


class DataModel(BaseModel):
    """Base for every data model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


# Length limits: the longest text of the seed plan is about 230 characters. A pasted megabyte
# would build a site in seconds but keep Chromium busy for many minutes in the PDF step.
MAX_TEXT = 4000  # characters in one text or paragraph
MAX_STEP = 1000  # characters in one step: a sentence or two, read in a crisis
MAX_ID = 80

Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT, strip_whitespace=True)]
StepText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_STEP, strip_whitespace=True)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID)]


def _as_paragraphs(value):
    """Accept one text or a list of texts; always hold a list of paragraphs."""
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
    return value


Paragraphs = Annotated[list[Text], BeforeValidator(_as_paragraphs)]


def _as_list(value):
    """Accept a single id where a list of ids is expected."""
    return [value] if isinstance(value, str) else value


IdList = Annotated[list[Id], BeforeValidator(_as_list)]


def _phone(value):
    if isinstance(value, Phone):
        return value
    label = ""
    if isinstance(value, dict):
        unknown = set(value) - {"number", "label"}
        if unknown:
            raise PydanticCustomError(
                "phone",
                "unknown key '{key}' in a phone entry",
                {"key": sorted(unknown)[0], "hint": "a phone entry has 'number' and 'label'"},
            )
        if "number" not in value:
            raise PydanticCustomError("phone", "phone entry without 'number'", {"hint": "write number: 72 36 63 63"})
        label = str(value.get("label") or "")
        if len(label) > MAX_TEXT:
            raise PydanticCustomError(
                "phone",
                "label is too long ({n} characters; the limit is {limit})",
                {"n": f"{len(label):,}", "limit": f"{MAX_TEXT:,}", "hint": "a label names the number, e.g. Vagt"},
            )
        value = value["number"]
    try:
        return parse_phone(value, label)
    except PhoneError as exc:
        raise PydanticCustomError("phone", exc.what.replace("{", "{{").replace("}", "}}"), {"hint": exc.hint}) from None


PhoneField = Annotated[Phone, BeforeValidator(_phone)]


def _url(value: str) -> str:
    if not _SCHEMES.match(value):
        raise PydanticCustomError(
            "url",
            "link '{url}' is not allowed",
            {"url": value[:60], "hint": "links start with https://, http://, mailto: or tel:"},
        )
    return value


Url = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_url)]


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", value):
        raise PydanticCustomError(
            "email", "'{v}' is not an e-mail address", {"v": value[:60], "hint": "write it as name@holbaek.dk"}
        )
    return value


Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_email)]


def _language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", value):
        raise PydanticCustomError(
            "language", "'{v}' is not a language code", {"v": value[:20], "hint": "write language: da"}
        )
    return value


Language = Annotated[str, AfterValidator(_language)]


class Reachable(DataModel):
    """Something with numbers: a person or a service."""

    phone: PhoneField | None = None
    phones: list[PhoneField] = Field(default_factory=list)
    email: Email | None = None

    @property
    def numbers(self) -> list[Phone]:
        """All numbers, the single ``phone`` first."""
        return ([self.phone] if self.phone else []) + list(self.phones)


class Person(Reachable):
    """A named person, or a vacant position."""

    name: Text | None = None
    title: Text | None = None
    vacant: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _named_or_vacant(self):
        if not self.vacant and not self.name:
            raise PydanticCustomError(
                "person", "a person needs a name", {"hint": "write name: …, or mark the position 'vacant: true'"}
            )
        return self

    @property
    def label(self) -> str:
        """Name and title as one line, e.g. "Områdeleder Claus Mercebach"."""
        return " ".join(x for x in (self.title, self.name) if x) or "vakant"


class Service(Reachable):
    """A number that is not one person: IT support, the police, a press line, a mailing list."""

    name: Text
    staffed_by: list[Text] = Field(default_factory=list)
    channel: Text | None = None
    note: Text | None = None
    url: Url | None = None

    @property
    def label(self) -> str:
        """The service's name."""
        return self.name


class Role(DataModel):
    """A function that plans give work to ("Administrator"), held by people or reached via services."""

    title: Text
    plural: Text | None = None
    held_by: IdList = Field(default_factory=list)
    reach: IdList = Field(default_factory=list)
    list_at: Id | None = None
    note: Text | None = None

    @property
    def label(self) -> str:
        """The role's title."""
        return self.title


class Group(DataModel):
    """A list of contacts printed together ("Ledelsen")."""

    title: Text
    text: Paragraphs = Field(default_factory=list)
    members: IdList = Field(default_factory=list)
    reference: Id | None = None


class Reference(DataModel):
    """A document outside the handbook (often only online): title, where it is, how to find it."""

    title: Text
    text: Text | None = None
    location: Text | None = None
    url: Url | None = None


class Accessibility(DataModel):
    """Facts for the accessibility statement (Tilgængelighedserklæring)."""

    owner: Text | None = None
    contact: Text | None = None
    date: dt.date | None = None


class Area(DataModel):
    """A department (kerneområde); plans belong to one area. Its delplan lives in ``data/areas/<id>.yaml``."""

    title: Text
    short: Text | None = None
    text: Paragraphs = Field(default_factory=list)


class CrisisLeader(DataModel):
    """The area's crisis leader (Kriseleder): who holds the post, who stands in, and (optionally) its first tasks."""

    holder: IdList = Field(default_factory=list)
    stand_in: IdList = Field(default_factory=list)
    note: Text | None = None
    # The post's first tasks in this area; empty: the tasks of its post in handbook.yaml, or the defaults.
    tasks: list[Text] = Field(default_factory=list)


class CrisisRole(CrisisLeader):
    """A post in the area's crisis staff: held by named contacts, or appointed ad hoc by the crisis leader."""

    role: Text
    # Which post of the crisis staff this is (kriseleder, situationsbillede, involverede, teknik,
    # kommunikation, or one from handbook.yaml's crisis_posts); found from ``role`` when left out.
    post: Id | None = None
    ad_hoc: bool = False

    @model_validator(mode="after")
    def _named_or_ad_hoc(self):
        if self.ad_hoc and (self.holder or self.stand_in):
            raise PydanticCustomError(
                "crisis_role",
                "a post appointed ad hoc has no holder or stand-in",
                {"hint": "remove 'ad_hoc: true', or remove 'holder' and 'stand_in'"},
            )
        return self


class ConveningStep(DataModel):
    """One way of convening the crisis staff, tried in order (SMS, telephone, e-mail …)."""

    text: Text
    contact: Id | None = None


def _as_convening(value):
    """A plain sentence is a channel without a contact."""
    return {"text": value} if isinstance(value, str) else value


class CrisisLevel(DataModel):
    """A crisis level (1 local, 2 area, 3 municipal …) and what triggers it."""

    level: Annotated[int, Field(ge=1, le=9)]
    title: Text
    trigger: Paragraphs = Field(default_factory=list)
    led_by: Text | None = None


class Delplan(DataModel):
    """``data/areas/<id>.yaml``: the area's crisis organisation (delplan); the title stays in handbook.yaml."""

    text: Paragraphs = Field(default_factory=list)
    critical_functions: list[Text] = Field(default_factory=list)
    crisis_leader: CrisisLeader | None = None
    crisis_staff: list[CrisisRole] = Field(default_factory=list)
    meeting_place: Text | None = None
    alternative_meeting_place: Text | None = None
    convening: list[Annotated[ConveningStep, BeforeValidator(_as_convening)]] = Field(default_factory=list)
    crisis_levels: list[CrisisLevel] = Field(default_factory=list)

    @field_validator("crisis_levels")
    @classmethod
    def _levels_ascend(cls, value):
        levels = [lvl.level for lvl in value]
        if levels != sorted(set(levels)):
            raise PydanticCustomError(
                "crisis_levels",
                "crisis levels must ascend without repeats, got {levels}",
                {"levels": ", ".join(map(str, levels)), "hint": "number the levels 1, 2, 3 … from local to municipal"},
            )
        return value


class CrisisPost(DataModel):
    """A post of the crisis staff in ``handbook.yaml``: its title and first tasks, replacing the defaults."""

    title: Text | None = None
    tasks: list[Text] = Field(default_factory=list)


class Handbook(DataModel):
    """``data/handbook.yaml``: the handbook as a whole."""

    title: Text
    organisation: Text
    language: Language = "da"
    editor: Text | None = None
    review_interval_months: Annotated[int, Field(ge=1, le=60)] = 12
    key_contacts: IdList = Field(default_factory=list)
    areas: dict[Id, Area] = Field(default_factory=dict)
    references: dict[Id, Reference] = Field(default_factory=dict)
    accessibility: Accessibility = Field(default_factory=Accessibility)
    # What a reader's browser stores for use without network: every page, the search and the
    # wallet card always; the other PDFs while the whole stays within this many MB.
    offline_budget_mb: Annotated[float, Field(gt=0, le=10_000)] = 25
    # The crisis staff's posts for every delplan: override a default post's title or tasks, or add a post.
    crisis_posts: dict[Id, CrisisPost] = Field(default_factory=dict)


class Contacts(DataModel):
    """``data/contacts.yaml``: every person, service, role and group, once."""

    people: dict[Id, Person] = Field(default_factory=dict)
    services: dict[Id, Service] = Field(default_factory=dict)
    roles: dict[Id, Role] = Field(default_factory=dict)
    groups: dict[Id, Group] = Field(default_factory=dict)


class Step(DataModel):
    """One sentence of the plan, tagged with who does it and optionally a threshold."""

    text: StepText
    who: IdList = Field(default_factory=list)
    escalate_after: Text | None = None


class ContactBlock(DataModel):
    """A contact list in a plan: a shared group by id, or a list written in place."""

    group: Id | None = None
    title: Text | None = None
    text: Paragraphs = Field(default_factory=list)
    members: IdList = Field(default_factory=list)
    reference: Id | None = None

    @model_validator(mode="after")
    def _group_or_list(self):
        if self.group and (self.title or self.members or self.text):
            raise PydanticCustomError(
                "block",
                "a contact block is either 'group: id' or a list in place",
                {"hint": "remove 'group', or move title/members into the group"},
            )
        if not self.group and not (self.title or self.members or self.text or self.reference):
            raise PydanticCustomError(
                "block", "empty contact block", {"hint": "write 'group: id' or 'title' and 'members'"}
            )
        return self


def _as_step(value):
    """A plain sentence is a step nobody in particular does."""
    return {"text": value} if isinstance(value, str) else value


StepItem = Annotated[Step, BeforeValidator(_as_step)]


class Section(DataModel):
    """A section of text: paragraphs, then tagged steps, then contact lists."""

    intro: Text | None = None
    text: Paragraphs = Field(default_factory=list)
    steps: list[StepItem] = Field(default_factory=list)
    contacts: list[ContactBlock] = Field(default_factory=list)


class Situation(DataModel):
    """What the plan is about: a one-line summary and the full description."""

    summary: Text | None = None
    text: Paragraphs = Field(default_factory=list)


class Alerting(Section):
    """How the alarm is raised; ``chain`` is drawn as the alert chain."""

    chain: IdList = Field(default_factory=list)


class Phase(DataModel):
    """One phase of "Handling" (Straks, Umiddelbart efter, Opfølgning)."""

    phase: Text
    steps: list[StepItem] = Field(default_factory=list)


class StaffingItem(DataModel):
    """A role that can take part, with the plan's own wording for it."""

    role: Id
    text: Text | None = None


def _as_staffing_item(value):
    return {"role": value} if isinstance(value, str) else value


class Staffing(DataModel):
    """ "Bemanding og udstyr": which roles can take part, and equipment."""

    intro: Text | None = None
    roles: list[Annotated[StaffingItem, BeforeValidator(_as_staffing_item)]] = Field(default_factory=list)
    equipment: list[Text] = Field(default_factory=list)


class Communication(DataModel):
    """Internal and external communication."""

    internal: Section = Field(default_factory=Section)
    external: Section = Field(default_factory=Section)


class Plan(DataModel):
    """``data/plans/<id>.yaml``: one scenario, in the sections of the municipal template."""

    title: Text
    area: Id
    updated: dt.date
    editor: Text | None = None
    references: IdList = Field(default_factory=list)
    situation: Situation = Field(default_factory=Situation)
    alerting: Alerting = Field(default_factory=Alerting)
    tasks: Section = Field(default_factory=Section)
    actions: list[Phase] = Field(default_factory=list)
    organisation: Section = Field(default_factory=Section)
    staffing: Staffing = Field(default_factory=Staffing)
    communication: Communication = Field(default_factory=Communication)
    contacts: list[ContactBlock] = Field(default_factory=list)

    def text_parts(self) -> list[tuple[tuple[str, ...], str, Section]]:
        """The sections that hold tagged steps and contact lists: (path in the YAML, heading, section)."""
        out = []
        for path, heading in TEXT_PARTS:
            part: BaseModel = self
            for key in path:
                part = getattr(part, key)
            assert isinstance(part, Section)
            out.append((path, heading, part))
        return out

    def contact_blocks(self) -> list[tuple[tuple[str, ...], list[ContactBlock]]]:
        """Every contact list of the plan with its path in the YAML, the plan's own lists last."""
        return [(path + ("contacts",), part.contacts) for path, _, part in self.text_parts()] + [
            (("contacts",), self.contacts)
        ]


Contact = Person | Service | Role | Group


@dataclass
class Sources:
    """The parsed files a model came from, so that checks can point at the line of every fact."""

    handbook: Source | None = None
    contacts: Source | None = None
    plans: dict[str, Source] = field(default_factory=dict)
    areas: dict[str, Source] = field(default_factory=dict)


class Model:
    """The validated handbook: every file's data, with ids resolved and plans in order."""

    def __init__(
        self,
        handbook: Handbook,
        contacts: Contacts,
        plans: dict[str, Plan],
        root: Path | None = None,
        delplans: dict[str, Delplan] | None = None,
        sources: Sources | None = None,
    ):
        self.handbook = handbook
        self.contacts = contacts
        self.plans = plans
        self.root = root
        self.delplans = delplans or {}
        # Empty for a model built in code (tests, the benchmark): its checks then point at no line.
        self.sources = sources or Sources()

    def delplan(self, area_id: str) -> Delplan | None:
        """The area's crisis organisation, or None when the area has no delplan yet."""
        return self.delplans.get(area_id)

    def people_of(self, cid: str) -> list[str]:
        """The people an id stands for: a person itself, a role's holders, a group's people (services: none)."""
        kind = self.kind(cid)
        if kind == "person":
            return [cid]
        if kind == "role":
            return list(self.roles[cid].held_by)
        if kind == "group":
            return [
                p for member in self.groups[cid].members if self.kind(member) != "group" for p in self.people_of(member)
            ]
        return []

    @property
    def people(self) -> dict[str, Person]:
        """People by id."""
        return self.contacts.people

    @property
    def services(self) -> dict[str, Service]:
        """Services by id."""
        return self.contacts.services

    @property
    def roles(self) -> dict[str, Role]:
        """Roles by id."""
        return self.contacts.roles

    @property
    def groups(self) -> dict[str, Group]:
        """Groups by id."""
        return self.contacts.groups

    def contact(self, cid: str):
        """The person, service, role or group with this id."""
        for table in (self.people, self.services, self.roles, self.groups):
            if cid in table:
                return table[cid]
        raise KeyError(cid)

    def kind(self, cid: str) -> str:
        """Which table an id lives in: person, service, role or group."""
        for name, table in (
            ("person", self.people),
            ("service", self.services),
            ("role", self.roles),
            ("group", self.groups),
        ):
            if cid in table:
                return name
        raise KeyError(cid)

    def people_by_name(self) -> list[tuple[str, Person]]:
        """Named people sorted by name (Danish letters after z), then vacant positions by title."""
        order = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
        named = sorted(
            ((i, p) for i, p in self.people.items() if not p.vacant),
            key=lambda item: (item[1].name or "").lower().translate(order),
        )
        vacant = [(i, p) for i, p in self.people.items() if p.vacant]
        return named + vacant

    def plans_in(self, area_id: str) -> list[tuple[str, Plan]]:
        """The plans of one area, by title."""
        return sorted(
            ((pid, p) for pid, p in self.plans.items() if p.area == area_id), key=lambda item: item[1].title.lower()
        )

    def review_due(self, plan: Plan) -> dt.date:
        """The date a plan must be reviewed by: last update plus the review interval."""
        months = plan.updated.month - 1 + self.handbook.review_interval_months
        year, month = plan.updated.year + months // 12, months % 12 + 1
        return dt.date(year, month, min(plan.updated.day, calendar.monthrange(year, month)[1]))

    def last_updated(self) -> dt.date | None:
        """The newest ``updated`` date of any plan."""
        return max((p.updated for p in self.plans.values()), default=None)

    def steps_for_role(self, role_id: str):
        """Every step naming the role, as (plan id, plan, section heading, step)."""
        out = []
        for pid, plan in self.plans.items():
            for heading, step in iter_steps(plan):
                if role_id in step.who:
                    out.append((pid, plan, heading, step))
        return out


def iter_steps(plan: Plan):
    """Every tagged step of a plan with the heading it stands under, in page order (Handling after Opgaver)."""
    parts = plan.text_parts()
    for _, heading, part in parts[:2]:
        for step in part.steps:
            yield heading, step
    for phase in plan.actions:
        for step in phase.steps:
            yield phase.phase, step
    for _, heading, part in parts[2:]:
        for step in part.steps:
            yield heading, step
