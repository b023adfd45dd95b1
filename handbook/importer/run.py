"""The whole ``handbook import``: read the pages, build their data, check it in a staging copy, write, report.

Nothing is written unless every page that could be read gives data the
loader accepts: the new files are first written into a temporary copy of
``data/`` and loaded there. Each file is then replaced in one step (write
beside it, rename over it), and a file whose content would not change is not
touched, so importing the same page twice changes no byte.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from handbook.checks.report import run as run_check
from handbook.data.load import load_with_problems
from handbook.data.model import Model
from handbook.data.paths import display_path
from handbook.data.schema import modeline
from handbook.importer import merge, yamlwrite
from handbook.importer.blocks import Page
from handbook.importer.book import CONTACT_TABLES, Book
from handbook.importer.delplan import DelplanReader
from handbook.importer.layout import page_kind
from handbook.importer.notes import Note, Notes, PageError
from handbook.importer.page import read_page
from handbook.importer.plan import Extracted, PlanReader
from handbook.importer.words import fold

HANDBOOK_KEYS = (
    "title",
    "organisation",
    "language",
    "editor",
    "review_interval_months",
    "key_contacts",
    "areas",
    "references",
    "accessibility",
)
NEW_TITLE = "Beredskabshåndbog"
NEW_ORGANISATION = "UDFYLD: kommunens navn"


@dataclass
class Change:
    """A data file the import writes: its path in the handbook, old and new text, and what changed."""

    rel: str
    old: str | None
    new: str
    what: str

    def diff(self) -> str:
        """The change as a unified diff (a new file: its whole text)."""
        if self.old is None:
            return self.new
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True), self.new.splitlines(keepends=True), self.rel, self.rel
            )
        )


@dataclass
class Result:
    """What an import did (or, with --dry-run, would do), and what the editor must look at."""

    changes: list[Change] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # "plan 'IT-nedbrud'" per page read
    failed: int = 0
    summary: str = ""  # the `handbook check` summary of the result
    errors: list[str] = field(default_factory=list)  # lines that stopped the import: nothing was written

    @property
    def exit_code(self) -> int:
        """1 when nothing usable was read or the import stopped, else 0."""
        return 1 if self.errors or not self.read else 0


def import_pages(
    root: Path,
    files: list[Path],
    area: str,
    area_title: str | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> Result:
    """Import ``files`` (plan and delplan pages) into the handbook in ``root`` for area ``area``."""
    root = Path(root)
    result = Result()
    notes = Notes()
    model, errors = _existing(root)
    if errors:
        n = len(errors)
        result.errors = errors + [
            f"{n} error{'s' if n != 1 else ''} in the handbook's data: fix {'them' if n != 1 else 'it'} first "
            "(handbook check), then import again; nothing was written."
        ]
        return result
    book = Book(model, notes)
    pages: list[tuple[Page, str]] = []
    for path in files:
        try:
            page = read_page(Path(path))
        except PageError as exc:
            notes.items.append(exc.note)
            result.failed += 1
            continue
        notes.items.extend(page.notes)
        kind = page_kind(page)
        if kind is None:
            notes.add(
                page.name,
                1,
                "no headings of a plan (Situation, Alarmering, Handling …) or a delplan "
                "(Kritiske funktioner, Krisestab, Mødested …) on the page; nothing imported",
                "copy the whole plan page, with its headings",
            )
            result.failed += 1
            continue
        pages.append((page, kind))
    extracted: list[Extracted] = []
    for page, kind in pages:
        reader = PlanReader(page, area, book, notes) if kind == "plan" else DelplanReader(page, area, book, notes)
        ex = reader.read()
        twin = next((e for e in extracted if e.kind == ex.kind and e.id == ex.id), None)
        if twin is not None:
            what = f"plan data/plans/{ex.id}.yaml" if ex.kind == "plan" else f"the delplan of area '{area}'"
            notes.add(
                page.name,
                1,
                f"{what} comes from {twin.page.name} too; this page is not imported",
                "import one page per plan",
            )
            continue
        extracted.append(ex)
        result.read.append(f"{ex.kind} '{ex.title}'")
    book.finish_roles()
    _groups(extracted, book, model, notes)
    if extracted:
        _area(extracted, area, area_title, book, notes)
        result.changes = _changes(root, extracted, book, model, notes)
    result.notes = notes.sorted()
    if not result.changes:
        result.summary = run_check(root, today).summary() if (root / "data" / "handbook.yaml").exists() else ""
        return result
    staged = _verify(root, result.changes, dry_run, today)
    if isinstance(staged, list):
        result.errors = staged
        return result
    if dry_run:
        result.summary = staged
    else:
        for change in result.changes:
            _write(root / change.rel, change.new)
        result.summary = run_check(root, today).summary()
    return result


def _existing(root: Path) -> tuple[Model | None, list[str]]:
    """The handbook's model, or None for an empty handbook; the data's errors, if it has any."""
    data = root / "data"
    empty = not (data / "handbook.yaml").exists() and not (data / "contacts.yaml").exists()
    if empty and not list((data / "plans").glob("*.y*ml")) and not list((data / "areas").glob("*.y*ml")):
        return None, []
    model, problems = load_with_problems(root)
    return model, [str(p) for p in problems if p.is_error]


def _groups(extracted: list[Extracted], book: Book, model: Model | None, notes: Notes) -> None:
    """A titled list written in more than one place is a group: reused when equal, added when repeated."""

    def signature(title: str, members: list[str], text: list[str]) -> tuple:
        """What makes two lists equal: title, members in any order, text."""
        return fold(title), tuple(sorted(members)), tuple(fold(t) for t in text)

    count: dict[tuple, int] = {}
    elsewhere: dict[tuple, tuple[str, int]] = {}
    for ex in extracted:
        for block, _ in ex.blocks:
            key = signature(block["title"], block["members"], block.get("text", []))
            count[key] = count.get(key, 0) + 1
    if model is not None:
        for pid, plan in model.plans.items():
            if any(ex.kind == "plan" and _same_plan(ex, pid, plan) for ex in extracted):
                continue  # this plan is being imported again: its lists are the page's
            src = model.sources.plans.get(pid)
            for path, blocks in plan.contact_blocks():
                for i, b in enumerate(blocks):
                    if b.title and b.members and not b.group and not b.reference:
                        key = signature(b.title, b.members, b.text)
                        count[key] = count.get(key, 0) + 1
                        line = src.line((*path, i)) if src else 1
                        elsewhere.setdefault(key, (src.file if src else f"data/plans/{pid}.yaml", line))
    made: dict[tuple, str] = {}
    for ex in extracted:
        for block, line in ex.blocks:
            title, members, text = block["title"], block["members"], block.get("text", [])
            key = signature(title, members, text)
            gid = book.equal_group(title, members, text) or made.get(key)
            if gid is None and count.get(key, 0) >= 2:
                gid = made[key] = book.add_group(title, members, text)
                where = elsewhere.get(key)
                if where:
                    notes.add(
                        ex.page.name,
                        line,
                        f"the list '{title}' is also written in {where[0]} (line {where[1]}): "
                        f"it is now the group '{gid}'",
                        f"replace that list with 'group: {gid}'",
                    )
                else:
                    notes.add(
                        ex.page.name,
                        line,
                        f"the list '{title}' is on the page more than once: written once, "
                        f"as the group '{gid}' in data/contacts.yaml",
                        "check the group's title",
                    )
            if gid is not None:
                block.clear()
                block["group"] = gid
                continue
            other = book.group_titled(title)
            if other is not None:
                notes.add(
                    ex.page.name,
                    line,
                    f"the list '{title}' differs from the group '{other.id}' in "
                    "data/contacts.yaml: written in the plan as the page has it",
                    "update the group if the page is newer, then import again",
                )


def _area(extracted: list[Extracted], area: str, area_title: str | None, book: Book, notes: Notes) -> None:
    """Add the area to handbook.yaml when it is new (title from --area-title, the delplan, else the id)."""
    delplan = next((e for e in extracted if e.kind == "delplan"), None)
    existing = book.area(area)
    if existing is None:
        title = area_title or (delplan.title if delplan else None)
        book.add_area(area, title or area)
        if not title:
            notes.add(
                extracted[0].page.name,
                1,
                f"new area '{area}' added to data/handbook.yaml with its id as title",
                "pass --area-title, or write the area's title in data/handbook.yaml",
            )
        return
    wanted = area_title or (delplan.title if delplan else None)
    if wanted and fold(wanted) != fold(str(existing.data.get("title", ""))):
        page = delplan.page.name if delplan and not area_title else extracted[0].page.name
        notes.add(
            page,
            1,
            f"the area is called '{wanted}' here and '{existing.data.get('title')}' in "
            f"data/handbook.yaml (area '{area}')",
            "not changed: edit data/handbook.yaml if the page is right",
        )


def _changes(root: Path, extracted: list[Extracted], book: Book, model: Model | None, notes: Notes) -> list[Change]:
    """Every data file the import writes, in the order the report lists them."""
    changes: list[Change] = []
    data = root / "data"
    hb = _handbook_change(data, book, extracted, notes)
    if hb:
        changes.append(hb)
    ct = _contacts_change(data, book)
    if ct:
        changes.append(ct)
    for ex in extracted:
        folder, kind = ("plans", "plan") if ex.kind == "plan" else ("areas", "area")
        rel = f"data/{folder}/{ex.id}.yaml"
        path = _existing_file(data / folder, ex.id)
        if path is None and ex.kind == "plan" and model is not None:
            # The editor may have renamed the plan's file: the same title in the same area is the same plan.
            same = [pid for pid, plan in model.plans.items() if _same_plan(ex, pid, plan)]
            path = _existing_file(data / folder, same[0]) if same else None
        if path is None:
            header = [
                modeline(kind, rel),
                f"# Importeret med `handbook import` fra {Path(ex.page.name).name}: teksten er sidens egen, ordret.",
            ]
            changes.append(Change(rel, None, yamlwrite.new_document(ex.data, header), f"new {ex.kind} '{ex.title}'"))
            continue
        rel = f"data/{folder}/{path.name}"
        loaded = _loaded(model, ex.kind, path.stem)
        if loaded is not None and merge.same(yamlwrite.plain(merge.merge(yamlwrite.node(loaded), ex.data)), loaded):
            continue  # nothing to change: decided on the data already loaded, without a round-trip parse
        old_text = path.read_text(encoding="utf-8")
        tree = yamlwrite.load(old_text)
        if not isinstance(tree, CommentedMap):
            notes.add(ex.page.name, 1, f"{rel} holds no keys and values; not changed", "fix or delete the file")
            continue
        if ex.kind == "plan" and tree.get("area") != ex.data["area"]:
            notes.add(
                ex.page.name,
                1,
                f"{rel} belongs to area '{tree.get('area')}', not '{ex.data['area']}'; not changed",
                f"import the page with --area {tree.get('area')}, or rename the plan",
            )
            continue
        before = yamlwrite.plain(tree)
        merged = merge.merge(tree, ex.data)
        if merge.same(yamlwrite.plain(merged), before):
            continue
        for kind_, where, text in merge.differences(before, merged):
            notes.add(
                ex.page.name,
                _line_of(ex, kind_, where, text),
                _difference(rel, kind_, where, text),
                "removed from the plan" if kind_ == "removed" else "the plan now says what the page says",
            )
        new_text = yamlwrite.keep_format(old_text, yamlwrite.dump(merged))
        changes.append(Change(rel, old_text, new_text, f"updated {ex.kind} '{ex.title}'"))
    return changes


def _loaded(model: Model | None, kind: str, fid: str):
    """The plain data of a plan or delplan file as the loader read it (None when it was not loaded)."""
    if model is None:
        return None
    source = (model.sources.plans if kind == "plan" else model.sources.areas).get(fid)
    return source.data if source is not None and isinstance(source.data, dict) else None


def _same_plan(ex: Extracted, pid: str, plan) -> bool:
    """True when an existing plan is the page's: the same id, or the same title in the same area."""
    return ex.id == pid or (fold(plan.title) == fold(ex.title) and plan.area == ex.data["area"])


def _existing_file(folder: Path, fid: str) -> Path | None:
    """The data file of a plan or delplan id, written .yaml or .yml, if there is one."""
    return next((p for p in (folder / f"{fid}.yaml", folder / f"{fid}.yml") if p.exists()), None)


def _line_of(ex: Extracted, kind: str, where: str, text: str) -> int:
    """The line on the page a difference is about: the new sentence, else its heading."""
    if kind == "new" and text in ex.lines:
        return ex.lines[text]
    if kind == "changed" and " → " in text:
        new = text.split(" → ", 1)[1].strip("'")
        if new in ex.lines:
            return ex.lines[new]
    for part in (where.split(" › ")[-1], where.split(" › ")[0], where):
        if part in ex.lines:
            return ex.lines[part]
    return 1


def _difference(rel: str, kind: str, where: str, text: str) -> str:
    """One difference an updated page makes, for the report."""
    if where in ("updated", "editor", "title"):
        return f"{rel}: {where} {kind}: {text}"
    if kind == "changed":
        old, _, new = text.partition(" → ")
        return f"{rel}: changed in {where}: {_short(old, 80)} → {_short(new, 80)}"
    return f"{rel}: {kind} in {where or 'the title'}: {_short(text)}"


def _contacts_change(data: Path, book: Book) -> Change | None:
    added = {t: [(e.id, e.data) for e in book.new_entries(t)] for t in CONTACT_TABLES}
    if not any(added.values()):
        return None
    path = data / "contacts.yaml"
    old = path.read_text(encoding="utf-8") if path.exists() else None
    text = (
        old
        if old is not None
        else (
            modeline("contacts", "data/contacts.yaml") + "\n"
            "# Alle personer, tjenester, roller og grupper – hver skrevet én gang og brugt via id.\n"
        )
    )
    for table in CONTACT_TABLES:
        text = yamlwrite.add_entries(text, table, added[table], CONTACT_TABLES, flow=table != "groups")
    counts = ", ".join(f"{len(v)} {_noun(t, len(v))}" for t, v in added.items() if v)
    return Change("data/contacts.yaml", old, text, f"{counts} added")


def _handbook_change(data: Path, book: Book, extracted: list[Extracted], notes: Notes) -> Change | None:
    areas = [(e.id, e.data) for e in book.new_entries("areas")]
    refs = [(e.id, e.data) for e in book.new_entries("references")]
    path = data / "handbook.yaml"
    if path.exists():
        if not areas and not refs:
            return None
        old = path.read_text(encoding="utf-8")
        text = yamlwrite.add_entries(old, "areas", areas, HANDBOOK_KEYS)
        text = yamlwrite.add_entries(text, "references", refs, HANDBOOK_KEYS)
        counts = ", ".join(f"{len(v)} {_noun(t, len(v))}" for t, v in (("areas", areas), ("references", refs)) if v)
        return Change("data/handbook.yaml", old, text, f"{counts} added")
    editor = next((e.data.get("editor") for e in extracted if e.data.get("editor")), None)
    hb: dict = {"title": NEW_TITLE, "organisation": NEW_ORGANISATION}
    if editor:
        hb["editor"] = editor
    hb["areas"] = {aid: d for aid, d in areas}
    if refs:
        hb["references"] = {rid: d for rid, d in refs}
    header = [
        modeline("handbook", "data/handbook.yaml"),
        "# Håndbogen som helhed: titel, organisation, ansvarlig redaktør, områder og henvisninger.",
    ]
    notes.add(
        extracted[0].page.name,
        1,
        "new data/handbook.yaml: its title and organisation are placeholders",
        "write the handbook's title and the municipality's name in data/handbook.yaml",
    )
    return Change("data/handbook.yaml", None, yamlwrite.new_document(hb, header), "new handbook file")


def _verify(root: Path, changes: list[Change], dry_run: bool, today: dt.date | None) -> str | list[str]:
    """Load the result in a staging copy: its check summary, or the errors that stop the import."""
    with tempfile.TemporaryDirectory(prefix="handbook-import-") as tmp:
        stage = Path(tmp)
        if (root / "data").is_dir():
            shutil.copytree(root / "data", stage / "data")
        (stage / "data" / "plans").mkdir(parents=True, exist_ok=True)
        for change in changes:
            target = stage / change.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(change.new, encoding="utf-8", newline="")
        _, problems = load_with_problems(stage)
        errors = [p for p in problems if p.is_error]
        shown = display_path(stage) + "/"
        home = "" if display_path(root) == "." else display_path(root) + "/"
        if errors:
            return [str(p).replace(shown, home) for p in errors] + [
                "handbook import made data that does not load: nothing was written "
                "(this is a bug in handbook import; please report it with the page)"
            ]
        return run_check(stage, today).summary() if dry_run else ""


def _write(path: Path, text: str) -> None:
    """Replace ``path`` in one step: write beside it, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.import-tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _noun(table: str, n: int) -> str:
    singular = {
        "people": "person",
        "services": "service",
        "roles": "role",
        "groups": "group",
        "areas": "area",
        "references": "reference",
    }[table]
    if n == 1:
        return singular
    return "people" if table == "people" else table


def _short(text: str | None, limit: int = 90) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(result: Result) -> str:
    """One line: what was read."""
    n = len(result.read)
    line = f"handbook import: {n} page{'s' if n != 1 else ''} read"
    if result.read:
        line += " (" + ", ".join(result.read) + ")"
    if result.failed:
        line += f", {result.failed} not read"
    return line
