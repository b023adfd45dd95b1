"""The change log: what changed since the previous published edition, for the page "Ændringer" and the PDF cover.

Each build stores ``snapshot(model)`` as ``site/handbook-data.json``. The next
build reads the snapshot of the edition still published (``load_previous``),
compares it with its own model (``diff``) and renders the page
(``render_page``) and a one-line summary for the cover (``Changes.summary``),
so a leader can tell whether printed copies must be replaced.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from handbook.data.dates import danish_date
from handbook.data.model import Model
from handbook.data.sections import PLAN_SECTIONS, SECTIONS
from handbook.site import urls
from handbook.site.context import BuildContext, PageKind, RenderedPage

SNAPSHOT_FILE = "handbook-data.json"
FORMAT = 1
MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024

# Section key → heading, in page order; "revision" is the plan's date, editor and references.
SECTION_TITLES = {key: s.heading for key, s in SECTIONS.items()}


def _hash(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def snapshot(model: Model, build=None, previous: dict | None = None) -> dict:
    """The facts a reprint depends on, as JSON-able data: contacts, lists and a hash per plan section.

    With ``build`` and the ``previous`` published snapshot, it also keeps the edition
    this one is compared with (``base``), so that rebuilding unchanged data does not
    turn the change log into "no changes".
    """
    contacts = {}
    for kind, table in (("person", model.people), ("service", model.services)):
        for cid, c in table.items():
            contacts[cid] = {
                "kind": kind,
                "name": c.name,
                "title": getattr(c, "title", None),
                "vacant": bool(getattr(c, "vacant", False)),
                "numbers": [n.display for n in c.numbers],
                "email": c.email,
            }
    lists = {}
    for rid, role in model.roles.items():
        lists[rid] = {"kind": "role", "title": role.title,
                      "members": list(role.held_by) + list(role.reach) + ([role.list_at] if role.list_at else [])}
    for gid, group in model.groups.items():
        lists[gid] = {"kind": "group", "title": group.title, "members": list(group.members)}
    plans = {}
    for pid, plan in model.plans.items():
        data = plan.model_dump(mode="json")
        sections = {s.key: _hash(data.get(s.key)) for s in PLAN_SECTIONS}
        sections["revision"] = _hash({k: data.get(k) for k in ("updated", "editor", "references")})
        plans[pid] = {"title": plan.title, "area": plan.area, "updated": plan.updated.isoformat(),
                      "sections": sections}
    out = {"format": FORMAT, "contacts": contacts, "lists": lists, "plans": plans}
    if build is not None:
        out["version"] = build.version
        out["built"] = build.built_at.date().isoformat()
        out["data_hash"] = build.data_hash
        base = _base(previous, build)
        if base is not None:
            out["base"] = {k: v for k, v in base.items() if k != "base"}
    return out


def _base(previous: dict | None, build) -> dict | None:
    """The edition to compare with: the previous one, or its own base when the data is unchanged."""
    if previous is None or not _well_formed(previous):
        return None
    if build is not None and previous.get("data_hash") == build.data_hash:
        base = previous.get("base")
        return base if _well_formed(base) else None
    return previous


def write_snapshot(ctx: BuildContext) -> Path:
    """Store the build's snapshot in its site as ``handbook-data.json`` (compared with ``ctx.previous``)."""
    path = Path(ctx.site_dir) / SNAPSHOT_FILE
    data = snapshot(ctx.model, ctx.build, ctx.previous)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
    return path


def load_previous(site_dir: Path) -> dict | None:
    """The snapshot of the published edition in ``site_dir``, or None when there is none usable."""
    path = Path(site_dir) / SNAPSHOT_FILE
    try:
        if path.stat().st_size > MAX_SNAPSHOT_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if _well_formed(data) else None


def page_for(ctx: BuildContext) -> tuple[RenderedPage, Changes]:
    """The page "Ændringer" for this build and its Changes against ``ctx.previous`` (for the PDF cover)."""
    changes = diff(ctx.previous, ctx.model, ctx.build)
    page = RenderedPage(src=urls.CHANGES, title="Ændringer", kind=PageKind.OTHER,
                        content=render_page(changes, ctx.build))
    return page, changes


def _well_formed(data) -> bool:
    """True when ``data`` has the shape ``snapshot`` writes (it is read back from a public folder)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    for key in ("contacts", "lists", "plans"):
        table = data.get(key)
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            return False
    return all(isinstance(p.get("sections", {}), dict) for p in data["plans"].values())


@dataclass
class ContactChange:
    """One contact that differs between the editions; ``old``/``new`` are snapshot entries."""

    cid: str
    old: dict | None
    new: dict | None

    @property
    def label(self) -> str:
        """Title and name as the reader knows the contact (the new ones when there are)."""
        entry = self.new or self.old or {}
        return _label(entry) or self.cid

    @property
    def details(self) -> list[tuple[str, str, str]]:
        """What changed: (what, before, after) for name, title and numbers."""
        if not self.old or not self.new:
            return []
        out = []
        old_name = self.old.get("name") or ("vakant" if self.old.get("vacant") else "")
        new_name = self.new.get("name") or ("vakant" if self.new.get("vacant") else "")
        if old_name != new_name:
            out.append(("Navn", old_name or "–", new_name or "–"))
        if (self.old.get("title") or "") != (self.new.get("title") or ""):
            out.append(("Titel", self.old.get("title") or "–", self.new.get("title") or "–"))
        if list(self.old.get("numbers") or []) != list(self.new.get("numbers") or []):
            out.append(("Telefon", ", ".join(self.old.get("numbers") or []) or "–",
                        ", ".join(self.new.get("numbers") or []) or "–"))
        if (self.old.get("email") or "") != (self.new.get("email") or ""):
            out.append(("E-mail", self.old.get("email") or "–", self.new.get("email") or "–"))
        return out

    @property
    def renumbered(self) -> bool:
        """True when the contact's numbers changed."""
        return any(what == "Telefon" for what, _, _ in self.details)


def _label(entry: dict) -> str:
    name = entry.get("name") or ("vakant" if entry.get("vacant") else "")
    return " ".join(str(x) for x in (entry.get("title"), name) if x)


@dataclass
class PlanChange:
    """One plan that differs: added, removed, or changed in some sections."""

    pid: str
    title: str
    area: str
    status: str  # "added", "removed", "changed"
    sections: list[str] = field(default_factory=list)  # section keys, in page order


@dataclass
class Changes:
    """Everything that differs between the previous published edition and this build."""

    first: bool = False
    previous_version: str | None = None
    previous_built: str | None = None
    contacts: list[ContactChange] = field(default_factory=list)
    lists: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, added/removed/changed)
    plans: list[PlanChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing a reader sees has changed."""
        return not (self.contacts or self.lists or self.plans)

    def summary(self) -> str:
        """A short Danish line for the PDF cover, e.g. "2 kontakter ændret, 1 plan ændret (Handling)"."""
        if self.first:
            return "Første udgave"
        if self.empty:
            return "Ingen ændringer siden forrige udgave"
        parts = []
        added = sum(1 for c in self.contacts if c.old is None)
        removed = sum(1 for c in self.contacts if c.new is None)
        changed = len(self.contacts) - added - removed
        if changed:
            parts.append(_n(changed, "kontakt ændret", "kontakter ændret"))
        if added:
            parts.append(_n(added, "ny kontakt", "nye kontakter"))
        if removed:
            parts.append(_n(removed, "kontakt fjernet", "kontakter fjernet"))
        if self.lists:
            parts.append(_n(len(self.lists), "liste ændret", "lister ændret"))
        changed_plans = [p for p in self.plans if p.status == "changed"]
        if changed_plans:
            keys = [k for k in SECTION_TITLES if any(k in p.sections for p in changed_plans)]
            text = _n(len(changed_plans), "plan ændret", "planer ændret")
            parts.append(f"{text} ({', '.join(SECTION_TITLES[k] for k in keys)})" if keys else text)
        new_plans = sum(1 for p in self.plans if p.status == "added")
        if new_plans:
            parts.append(_n(new_plans, "ny plan", "nye planer"))
        gone = sum(1 for p in self.plans if p.status == "removed")
        if gone:
            parts.append(_n(gone, "plan fjernet", "planer fjernet"))
        return ", ".join(parts)


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def diff(previous: dict | None, model: Model, build=None) -> Changes:
    """Compare the previous edition's snapshot (None: there is none) with this build's model.

    Given ``build``, a rebuild of unchanged data is compared with the edition the
    previous build was compared with, so its change log stays meaningful.
    """
    previous = _base(previous, build)
    if previous is None:
        return Changes(first=True)
    now = snapshot(model)
    changes = Changes(previous_version=_text(previous.get("version")),
                      previous_built=_text(previous.get("built")))
    old_c, new_c = previous["contacts"], now["contacts"]
    for cid in sorted(set(old_c) | set(new_c), key=lambda c: _order(c, new_c, old_c)):
        old, new = old_c.get(cid), new_c.get(cid)
        if old is None or new is None or ContactChange(cid, old, new).details:
            changes.contacts.append(ContactChange(cid, old, new))
    old_l, new_l = previous["lists"], now["lists"]
    for lid in sorted(set(old_l) | set(new_l)):
        old, new = old_l.get(lid), new_l.get(lid)
        title = _text((new or old).get("title")) or lid
        if old is None:
            changes.lists.append((lid, title, "added"))
        elif new is None:
            changes.lists.append((lid, title, "removed"))
        elif (old.get("title"), old.get("members")) != (new.get("title"), new.get("members")):
            changes.lists.append((lid, title, "changed"))
    old_p, new_p = previous["plans"], now["plans"]
    for pid in sorted(set(old_p) | set(new_p)):
        old, new = old_p.get(pid), new_p.get(pid)
        entry = new or old
        title, area = _text(entry.get("title")) or pid, _text(entry.get("area")) or ""
        if old is None:
            changes.plans.append(PlanChange(pid, title, area, "added"))
        elif new is None:
            changes.plans.append(PlanChange(pid, title, area, "removed"))
        else:
            before, after = old.get("sections") or {}, new["sections"]
            keys = [k for k in SECTION_TITLES if before.get(k) != after.get(k)]
            if old.get("title") != new.get("title") and "revision" not in keys:
                keys.append("revision")
            if keys:
                changes.plans.append(PlanChange(pid, title, area, "changed", keys))
    return changes


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _order(cid, new, old):
    entry = new.get(cid) or old.get(cid) or {}
    return (str(entry.get("name") or entry.get("title") or cid).casefold(), cid)


# --- the page "Ændringer" ---------------------------------------------------------------------

def render_page(changes: Changes, build) -> str:
    """The Markdown (with escaped HTML lists) of the page "Ændringer"."""
    out = ["# Ændringer", ""]
    this = f"Udgave {escape(build.version)} ({escape(build.date_text)})"
    if changes.first:
        out += [f'<p class="handbook-changes-intro">{this} er den første udgave, '
                "der er gemt til sammenligning.</p>", ""]
        return "\n".join(out) + "\n"
    since = "forrige udgave"
    if changes.previous_version:
        since = f"udgave {escape(changes.previous_version)}"
        if changes.previous_built:
            since += f" ({escape(danish_date(changes.previous_built))})"
    out += [f'<p class="handbook-changes-intro">{this} sammenlignet med {since}:</p>', "",
            f'<p class="handbook-changes-summary"><strong>{escape(changes.summary())}</strong></p>', ""]
    if changes.empty:
        out += ["<p>Udskrevne eksemplarer af forrige udgave er stadig gældende.</p>", ""]
        return "\n".join(out) + "\n"
    if changes.contacts:
        out += ["## Kontakter", "", '<ul class="handbook-changes">']
        out += [f"<li>{_contact_item(c)}</li>" for c in changes.contacts]
        out += ["</ul>", ""]
    if changes.lists:
        out += ["## Roller og grupper", "", '<ul class="handbook-changes">']
        word = {"added": "Ny", "removed": "Fjernet", "changed": "Ændret"}
        for lid, title, status in changes.lists:
            name = escape(title) if status == "removed" else _link(urls.contact_anchor(lid), title)
            out.append(f"<li>{word[status]}: {name}</li>")
        out += ["</ul>", ""]
    if changes.plans:
        out += ["## Planer", "", '<ul class="handbook-changes">']
        out += [f"<li>{_plan_item(p)}</li>" for p in changes.plans]
        out += ["</ul>", ""]
    return "\n".join(out) + "\n"


def _link(target: str, text: str) -> str:
    return f'<a href="{escape(urls.relative(urls.CHANGES, target))}">{escape(text)}</a>'


def _contact_item(c: ContactChange) -> str:
    if c.old is None:
        return f"Ny: {_link(urls.contact_anchor(c.cid), c.label)}{_numbers(c.new or {})}"
    if c.new is None:
        return f"Fjernet: {escape(c.label)}{_numbers(c.old)}"
    parts = [f"{escape(what)}: {escape(before)} → {escape(after)}" for what, before, after in c.details]
    return f"{_link(urls.contact_anchor(c.cid), c.label)} – " + "; ".join(parts)


def _numbers(entry: dict) -> str:
    numbers = [n for n in entry.get("numbers") or [] if isinstance(n, str)]
    return f", tlf. {escape(', '.join(numbers))}" if numbers else ""


def _plan_item(p: PlanChange) -> str:
    valid = isinstance(p.area, str) and p.area and all(ch.isalnum() or ch == "-" for ch in p.area + p.pid)
    page = urls.plan_page(p.area, p.pid) if valid else None
    if p.status == "added":
        return f"Ny plan: {_link(page, p.title) if page else escape(p.title)}"
    if p.status == "removed":
        return f"Fjernet plan: {escape(p.title)}"
    sections = ", ".join(
        _link(f"{page}#{urls.SECTION_ANCHORS[k]}", SECTION_TITLES[k]) if page and k in urls.SECTION_ANCHORS
        else escape(SECTION_TITLES[k]) for k in p.sections)
    return f"{_link(page, p.title) if page else escape(p.title)} – ændret i {sections}"

