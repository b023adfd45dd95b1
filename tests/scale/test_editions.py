"""Editions at scale: a page changes only when what it shows changes, so an update costs readers little.

(a) One person's number changed: exactly the pages that show that person differ, plus the
edition's own files, the exports and the search index; the expected pages are derived from
the model. (b) Unchanged data rebuilt on another day: only the edition's files and the pages
that print the edition (front page, "Ændringer") differ.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pydantic import BaseModel

from handbook.checks.areas import card_rows
from handbook.data.load import load
from handbook.data.model import ContactBlock, Model
from handbook.pipeline import build
from handbook.site import urls
from tests.conftest import MULTI, copy_handbook

pytestmark = pytest.mark.slow

DAY = 1_764_417_600  # 29.11.2025 12:00 UTC
# Files about the edition itself: they change with every build that changes anything.
EDITION_FILES = {"edition.js", "offline-manifest.json", "sw.js", "handbook-data.json"}
# Pages that print the edition: the front page names it, "Ændringer" compares with the last one.
EDITION_PAGES = {urls.html(urls.FRONT), urls.html(urls.CHANGES)}
EXPORTS = {"contacts.csv", "contacts.vcf"}


def fingerprint(site: Path) -> dict[str, str]:
    """Every file of a built site with the SHA-256 of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def differing(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Files added, removed or changed between two fingerprints."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def build_at(root: Path, epoch: int, monkeypatch) -> dict[str, str]:
    """``handbook build --no-pdf`` of ``root`` as if run at ``epoch``; the fingerprint of its site."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    monkeypatch.delenv("HANDBOOK_BUILD_ID", raising=False)
    build(root / "mkdocs.yml", pdf=False)
    return fingerprint(root / "site")


# What the pages show of a contact, derived from the model the way a reader sees it: a person
# line shows the person's numbers, a role line the numbers of those who hold it.
def people_on_line(model: Model, cid: str) -> set[str]:
    """The people whose numbers a contact line for ``cid`` shows."""
    kind = model.kind(cid)
    if kind == "person":
        return {cid}
    if kind == "role":
        return {p for p in model.contact(cid).held_by if model.kind(p) == "person"}
    return set()


def blocks(value) -> list[ContactBlock]:
    """Every contact block anywhere in a plan (any section, any depth)."""
    if isinstance(value, ContactBlock):
        return [value]
    if isinstance(value, BaseModel):
        return [b for name in type(value).model_fields for b in blocks(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [b for item in value for b in blocks(item)]
    return []


def people_in_block(model: Model, block: ContactBlock) -> set[str]:
    """The people whose numbers a plan's contact block shows."""
    members = model.contact(block.group).members if block.group else block.members
    return {p for cid in members for p in people_on_line(model, cid)}


def pages_showing(model: Model, person: str) -> set[str]:
    """The built pages that show ``person``'s number, from the model alone."""
    pages = {urls.html(urls.CONTACTS)}
    if any(person in people_on_line(model, cid) for cid in model.handbook.key_contacts):
        pages.add(urls.html(urls.FRONT))
    for pid, plan in model.plans.items():
        if any(person in people_in_block(model, b) for b in blocks(plan)):
            pages.add(urls.html(urls.plan_page(plan.area, pid)))
        # The action card's "Kontakter" strip: the numbers of everyone its steps name.
        if any(person in people_on_line(model, cid) for row in card_rows(plan) for cid in row.who):
            pages.add(urls.html(urls.card_page(plan.area, pid)))
    for area_id in model.handbook.areas:
        dp = model.delplan(area_id)
        if dp is None:
            continue
        posts = [dp.crisis_leader] if dp.crisis_leader else []
        named = [c for post in posts + list(dp.crisis_staff) for c in post.holder + post.stand_in]
        named += [step.contact for step in dp.convening if step.contact]
        if any(person in people_on_line(model, cid) for cid in named):
            # The delplan, and the crisis staff's role cards (holder, stand-in, convening, with numbers).
            pages.add(urls.html(urls.area_page(area_id)))
            pages.add(urls.html(urls.staff_page(area_id)))
    for rid in model.roles:
        if person in people_on_line(model, rid):
            pages.add(urls.html(urls.role_page(rid)))
    return pages


def renumber(root: Path, old: str, new: str) -> None:
    """Change one phone number in contacts.yaml, as an editor would."""
    path = root / "data" / "contacts.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(("person", "old", "new"), [
    ("erik-eriksen", "40 10 20 34", "40 10 29 34"),  # holds a role, sits in a crisis staff
    ("anna-andersen", "40 10 20 30", "40 10 29 30"),  # in a shared group (Direktionen)
])
def test_one_changed_number_changes_only_the_pages_that_show_it(tmp_path, monkeypatch, person, old, new):
    root = copy_handbook(MULTI, tmp_path / "multi")
    before = build_at(root, DAY, monkeypatch)
    renumber(root, old, new)
    after = build_at(root, DAY, monkeypatch)

    model = load(root)
    shown = pages_showing(model, person)
    # The test is about something: the person is on several pages, and most pages do not show them.
    pages = {p for p in after if p.endswith(".html")}
    assert len(shown) >= 3 and len(pages - shown) > 20
    changed = differing(before, after)
    search = {p for p in changed if p.startswith("search/")}
    assert changed - search == shown | EDITION_FILES | EDITION_PAGES | EXPORTS
    # Every page that shows the number shows the new one.
    for page in shown:
        assert new in (root / "site" / page).read_text(encoding="utf-8"), page


def test_unchanged_data_on_another_day_changes_only_the_edition(tmp_path, monkeypatch):
    root = copy_handbook(MULTI, tmp_path / "multi")
    before = build_at(root, DAY, monkeypatch)
    after = build_at(root, DAY + 3 * 86_400, monkeypatch)
    changed = differing(before, after)
    # The search index holds the front page's text, which names the edition.
    assert changed - {p for p in changed if p.startswith("search/")} == EDITION_FILES | EDITION_PAGES
    edition = (root / "site" / "edition.js").read_text(encoding="utf-8")
    assert '"built":"2025-12-02"' in edition and '"date":"02.12.2025"' in edition
    # No other page names the edition.
    version = edition.split('"version":"', 1)[1].split('"', 1)[0]
    naming = {p for p in after if p.endswith(".html") and version in (root / "site" / p).read_text(encoding="utf-8")}
    assert naming == EDITION_PAGES


def test_same_data_same_day_gives_the_same_bytes(tmp_path, monkeypatch):
    root = copy_handbook(MULTI, tmp_path / "multi")
    before = build_at(root, DAY, monkeypatch)
    after = build_at(root, DAY, monkeypatch)
    assert differing(before, after) == set()
