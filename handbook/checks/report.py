"""The editor's warnings: what is valid YAML but goes wrong in a crisis.

Errors stop a build (``handbook.data.load``); warnings do not, unless ``--strict``.
Each warning points at the file and line an editor has to change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from handbook.checks import areas as area_checks
from handbook.checks import scripts as script_checks
from handbook.data.load import load_with_problems
from handbook.data.model import Model
from handbook.data.names import delplan_ids, plan_ids
from handbook.data.problems import WARNING, Problem
from handbook.data.yamlsrc import Source, where

# Marks a text the editor still has to write. "UDFYLD" is what `handbook new plan`
# writes; the others are what people type by hand ("72 36 XX XX", "TODO", "[…]").
PLACEHOLDER = re.compile(r"\b(UDFYLD|TODO|FIXME|X{2,})\b|\[\s*(\.\.\.|…)\s*\]")
ONLINE_URL = re.compile(r"https?://[^\s)\]>\"']+", re.I)


class _Warnings:
    """Collects warnings with file and line from the model's sources."""

    def __init__(self, model: Model):
        self.model = model
        self.hb: Source | None = model.sources.handbook
        self.ct: Source | None = model.sources.contacts
        self.plans: dict[str, Source] = model.sources.plans
        self.out: list[Problem] = []

    def add(self, source: Source | None, path: tuple, what: str, hint: str = "") -> None:
        """Record a warning at ``path`` of ``source`` (skipped when the file is unknown)."""
        if source is None:
            return
        self.out.append(Problem(source.file, source.line(path), where(path), what, hint, severity=WARNING))

    def line(self, source: Source | None, path: tuple) -> int | str:
        """The line of ``path``, for messages that point at a second place."""
        return source.line(path) if source is not None else "?"


def warnings(model: Model, today: dt.date) -> list[Problem]:
    """Every warning for a loaded model, as problems with severity WARNING."""
    w = _Warnings(model)
    _stale_plans(w, today)
    _vacant(w)
    _unreachable_roles(w)
    _online_only(w)
    _unused(w)
    _empty_groups(w)
    _shared_numbers(w)
    _same_person_twice(w)
    _placeholders(w)
    return w.out + area_checks.warnings(model) + script_checks.warnings(model)


def _stale_plans(w: _Warnings, today: dt.date) -> None:
    for pid, plan in w.model.plans.items():
        due = w.model.review_due(plan)
        if today > due:
            w.add(
                w.plans.get(pid),
                ("updated",),
                f"plan is past its review date: last updated {plan.updated.isoformat()}, "
                f"review was due {due.isoformat()}",
                "review the plan with its owner and set 'updated' to the date of the review",
            )


def _vacant(w: _Warnings) -> None:
    for pid, person in w.model.people.items():
        if person.vacant:
            w.add(
                w.ct,
                ("people", pid, "vacant"),
                f"position '{person.title or pid}' is vacant",
                "write the name and number of whoever covers it meanwhile, so a reader can reach someone",
            )


def _reachable_people(model: Model, ids) -> list[str]:
    return [i for i in ids if i in model.people and not model.people[i].vacant and model.people[i].numbers]


def _reachable_services(model: Model, ids) -> list[str]:
    services = model.services
    return [i for i in ids if i in services and (services[i].numbers or services[i].email or services[i].channel)]


def _unreachable_roles(w: _Warnings) -> None:
    refs = w.model.handbook.references
    for rid, role in w.model.roles.items():
        offline = _reachable_people(w.model, role.held_by) + _reachable_services(w.model, role.reach)
        if role.list_at:
            ref = refs.get(role.list_at)
            name = ref.title if ref else role.list_at
            if offline:
                w.add(
                    w.ct,
                    ("roles", rid, "list_at"),
                    f"part of the list for role '{role.title}' is only online ('{name}')",
                    "copy the remaining holders into held_by, so the list works when the intranet is down",
                )
            else:
                w.add(
                    w.ct,
                    ("roles", rid, "list_at"),
                    f"who holds role '{role.title}' is only listed online ('{name}')",
                    "write the holders with their numbers into held_by, "
                    "so the handbook works when the intranet is down",
                )
        elif not offline:
            w.add(
                w.ct,
                ("roles", rid),
                f"nobody named can be reached for role '{role.title}'",
                "add held_by: [person-id] with a number, or reach: [service-id]",
            )


def _walk(data, path=()):
    """Every (path, text) of the strings in parsed YAML data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _all_sources(w: _Warnings):
    for src in [w.hb, w.ct, *w.plans.values()]:
        if src is not None:
            yield src


def _online_only(w: _Warnings) -> None:
    # A role's list_at is reported at the role (with what it means for reaching it).
    used = _used_references(w.model, roles=False)
    for ref_id, ref in w.model.handbook.references.items():
        if ref_id not in used:
            continue
        place = ref.url or ref.location
        if not place:
            continue
        w.add(
            w.hb,
            ("references", ref_id),
            f"document '{ref.title}' is only outside the handbook, at: {place}",
            "a reader without network cannot open it; copy what the plans need into the handbook",
        )
    for src in _all_sources(w):
        for path, text in _walk(src.data):
            if src is w.hb and path[:1] == ("references",) and path[-1:] == ("url",):
                continue  # reported once per document above
            for url in ONLINE_URL.findall(text):
                w.add(
                    src,
                    path,
                    f"link needs the network: {url}",
                    "the handbook is read offline in a crisis; write what the reader needs in the text",
                )


def _used_references(model: Model, roles: bool = True) -> set[str]:
    used = set()
    for role in model.roles.values():
        if role.list_at and roles:
            used.add(role.list_at)
    for group in model.groups.values():
        if group.reference:
            used.add(group.reference)
    for plan in model.plans.values():
        used.update(plan.references)
        for _, blocks in plan.contact_blocks():
            used.update(b.reference for b in blocks if b.reference)
    return used


def used_ids(model: Model) -> set[str]:
    """Every person, service, role and group id that something refers to."""
    used = set(model.handbook.key_contacts)
    for role in model.roles.values():
        used.update(role.held_by)
        used.update(role.reach)
    for group in model.groups.values():
        used.update(group.members)
    for plan in model.plans.values():
        used.update(plan_ids(plan))
    for delplan in model.delplans.values():
        used.update(delplan_ids(delplan))
    return used


def _unused(w: _Warnings) -> None:
    used = used_ids(w.model)
    tables = (
        ("people", "person", w.model.people),
        ("services", "service", w.model.services),
        ("roles", "role", w.model.roles),
        ("groups", "group", w.model.groups),
    )
    for table, noun, items in tables:
        for cid in items:
            if cid not in used:
                w.add(
                    w.ct,
                    (table, cid),
                    f"{noun} '{cid}' is defined but never used",
                    "add it to a group, a plan's contacts or a role, or delete it",
                )
    for ref_id in w.model.handbook.references:
        if ref_id not in _used_references(w.model):
            w.add(
                w.hb,
                ("references", ref_id),
                f"reference '{ref_id}' is defined but never used",
                "name it in a plan's references, or delete it",
            )


def _empty_groups(w: _Warnings) -> None:
    for gid, group in w.model.groups.items():
        if group.members:
            continue
        if group.reference:
            w.add(
                w.ct,
                ("groups", gid),
                f"group '{group.title}' has no members: its list is only online",
                "write the members here, so the list works without network",
            )
        else:
            w.add(
                w.ct,
                ("groups", gid),
                f"group '{group.title}' has no members",
                "add members: [id, …], or delete the group",
            )


def _shared_numbers(w: _Warnings) -> None:
    first: dict[str, str] = {}
    for pid, person in w.model.people.items():
        for number in person.numbers:
            if number.short:
                continue
            other = first.setdefault(number.dial, pid)
            if other != pid:
                w.add(
                    w.ct,
                    ("people", pid),
                    f"number {number.display} is also the number of people.{other} "
                    f"(line {w.line(w.ct, ('people', other))})",
                    "one number belongs to one person; a shared line is a service",
                )


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def _same_person_twice(w: _Warnings) -> None:
    first: dict[str, str] = {}
    for pid, person in w.model.people.items():
        if not person.name:
            continue
        other = first.setdefault(_norm(person.name), pid)
        if other == pid:
            continue
        title, other_title = person.title or "", w.model.people[other].title or ""
        line = w.line(w.ct, ("people", other))
        if title != other_title:
            what = (
                f"'{person.name}' is written twice, under two titles: '{title}' here and "
                f"'{other_title}' as people.{other} (line {line})"
            )
        else:
            what = f"'{person.name}' is written twice: also as people.{other} (line {line})"
        w.add(w.ct, ("people", pid, "name"), what, "write each person once and refer to the id everywhere")


def _placeholders(w: _Warnings) -> None:
    for src in _all_sources(w):
        for path, text in _walk(src.data):
            match = PLACEHOLDER.search(text)
            if match:
                w.add(
                    src,
                    path,
                    f"placeholder '{match.group(0)}' is not filled in",
                    "write the real text, or delete the line",
                )


# --- the `handbook check` report ------------------------------------------------------------


@dataclass
class Report:
    """The outcome of ``handbook check``: every problem, and the exit code."""

    problems: list[Problem] = field(default_factory=list)
    strict: bool = False

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop a build."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that only warn."""
        return [p for p in self.problems if not p.is_error]

    @property
    def exit_code(self) -> int:
        """1 on errors (and on warnings when strict), else 0."""
        return 1 if self.errors or (self.strict and self.warnings) else 0

    def text(self) -> str:
        """Errors, then warnings, each grouped by file (a blank line between groups), then a summary line."""
        blocks: list[list[str]] = []
        for problems in (self.errors, self.warnings):
            current = None
            for p in sorted(problems, key=_order):
                if p.file != current:
                    blocks.append([])
                    current = p.file
                blocks[-1].append(str(p))
        body = "\n\n".join("\n".join(b) for b in blocks)
        return (body + "\n\n" if body else "") + self.summary()

    def summary(self) -> str:
        """One line: how many errors and warnings, and what happens now."""
        n_err, n_warn = len(self.errors), len(self.warnings)
        files = len({p.file for p in self.problems})
        counts = f"{_plural(n_err, 'error')}, {_plural(n_warn, 'warning')}"
        if not self.problems:
            return "handbook check: no problems found"
        where_ = f" in {_plural(files, 'file')}"
        if n_err:
            return f"handbook check: {counts}{where_}; fix the errors before building"
        if self.strict:
            return f"handbook check: {counts}{where_}; --strict treats warnings as errors"
        return f"handbook check: {counts}{where_}; the handbook can be built"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _order(p: Problem):
    name = p.file.replace("\\", "/")
    rank = 0 if name.endswith("handbook.yaml") else 1 if name.endswith("contacts.yaml") else 2
    return (rank, name, p.line)


def run(root: Path, today: dt.date | None = None, strict: bool = False) -> Report:
    """Load the handbook in ``root`` and collect every error and warning."""
    model, problems = load_with_problems(Path(root))
    problems = list(problems)
    if model is not None:
        problems += warnings(model, today or dt.date.today())
    if model is None and not any(p.is_error for p in problems):
        # The loader gave up without saying why: never let that pass as "no problems".
        problems.append(
            Problem(
                "data",
                1,
                "",
                "the data could not be loaded, and no reason was reported",
                "this is a bug in handbook; run 'handbook check' and report its output",
            )
        )
    return Report(problems, strict)
