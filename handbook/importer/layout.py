"""A page's layout: its title, its revision facts ("Sidst opdateret", "Ansvarlig redaktør") and its sections.

Copied text does not mark headings, so a template heading is a line that is
exactly the heading ("Situation", "Bemanding og udstyr"), as on the page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from handbook.data.dates import MONTHS
from handbook.data.sections import PLAN_SECTIONS, REVISION
from handbook.importer.blocks import Block, Page
from handbook.importer.notes import Notes
from handbook.importer.numbers import ContactLine, parse_line
from handbook.importer.words import ends_sentence, fold, is_chrome, is_subheading

PLAN_HEADINGS: dict[str, str] = {
    **{fold(s.heading): s.key for s in PLAN_SECTIONS},
    fold(REVISION.heading): REVISION.key,
    "oprettelse / revision": REVISION.key,
    "oprettelse og revision": REVISION.key,
}
DELPLAN_HEADINGS: dict[str, str] = {
    "kritiske funktioner": "critical_functions",
    "kriseledelse": "staff",
    "krisestab": "staff",
    "krisestaben": "staff",
    "kriseorganisation": "staff",
    "kriseorganisationen": "staff",
    "mødested": "meeting",
    "mødesteder": "meeting",
    "indkaldelse": "convening",
    "indkaldelse af krisestaben": "convening",
    "kriseniveauer": "levels",
    "kriseniveau": "levels",
}
# Posts of the crisis staff, as lines ("Kriseleder: …") or headings ("Ansvarlig for kommunikation").
POST = re.compile(
    r"^(?P<label>kriseleder|stedfortræder(?: for kriselederen)?|ansvarlig for [^:]{3,80})\s*(?::\s*(?P<value>.*))?$",
    re.I,
)

_MONTHS = {m: i + 1 for i, m in enumerate(MONTHS)}
_UPDATED = re.compile(r"^(?:sidst |senest )?(?:opdateret|revideret|ændret)\b\s*(?:den\s*)?:?\s*(?P<value>.*)$", re.I)
_CREATED = re.compile(r"^oprettet\b\s*(?:den\s*)?:?\s*(?P<value>.*)$", re.I)
_BREADCRUMB = re.compile(r"\S\s+[›»>]\s+\S")
_EDITOR = re.compile(r"^(?:ansvarlig )?redaktør\b\s*:?\s*(?P<value>.*)$", re.I)


@dataclass
class Section:
    """A section of the page: its key (from the template), the heading's line, and the blocks under it."""

    key: str
    line: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Layout:
    """What the page is made of, before its sections are read."""

    title: str
    title_line: int
    updated: dt.date | None = None
    updated_line: int = 0
    editor: str | None = None
    before: list[Block] = field(default_factory=list)  # blocks between the title and the first section
    sections: list[Section] = field(default_factory=list)


def page_kind(page: Page) -> str | None:
    """'plan' or 'delplan' by the template headings the page has, or None when it has none."""
    texts = [fold(b.text) for b in page.blocks if not b.chrome and b.kind != "item"]
    plan = {PLAN_HEADINGS[t] for t in texts if t in PLAN_HEADINGS}
    delplan = {DELPLAN_HEADINGS[t] for t in texts if t in DELPLAN_HEADINGS}
    if not plan and not delplan:
        return None
    return "plan" if len(plan) >= len(delplan) else "delplan"


def parse_date(text: str) -> dt.date | None:
    """A Danish date: 23.02.2024, 23-02-2024, 23/2 2024, 23. februar 2024; None when it is none."""
    text = text.strip().rstrip(".")
    m = re.match(r"^(\d{1,2})[./-](\d{1,2})[./ -](\d{4})$", text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.match(r"^(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})$", text, re.I)
        if not m or m.group(2).casefold() not in _MONTHS:
            return None
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).casefold()], int(m.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_layout(page: Page, headings: dict[str, str], notes: Notes) -> Layout:
    """Split a page into title, revision facts and sections (chrome dropped)."""
    blocks = [b for b in page.blocks if not is_chrome(b.text)]
    used = _revision(blocks, page, notes)
    content = [b for i, b in enumerate(blocks) if i not in used[0] and not b.chrome]
    # Copied text keeps the breadcrumb trail ("Forside › Beredskab › IT-nedbrud"); it is not the title.
    first_heading = next((i for i, b in enumerate(content) if headings.get(fold(b.text))), len(content))
    content = [b for i, b in enumerate(content) if i >= first_heading or not _BREADCRUMB.search(b.text)]
    title_block = next((b for b in content if b.kind == "heading" and b.level == 1), None) or content[0]
    layout = Layout(title_block.text, title_block.line, *used[1:])
    current: Section | None = None
    for block in content:
        key = headings.get(fold(block.text)) if block.kind != "item" else None
        if key is None and headings is DELPLAN_HEADINGS and block.kind != "item" and POST.match(block.text):
            key = "staff" if current is None or current.key != "staff" else None
            if key:
                layout.sections.append(current := Section(key, block.line))
                current.blocks.append(block)
                continue
        if key is not None:
            current = Section(key, block.line)
            layout.sections.append(current)
        elif current is not None:
            current.blocks.append(block)
        elif block is not title_block and fold(block.text) != fold(layout.title):
            layout.before.append(block)
    return layout


def _revision(blocks: list[Block], page: Page, notes: Notes):
    """Find "Sidst opdateret" and "Ansvarlig redaktør" (on one line, or the value on the next)."""
    used: set[int] = set()
    updated: dt.date | None = None
    updated_line = 0
    editor: str | None = None
    for i, block in enumerate(blocks):
        if block.kind == "item" or i in used:
            continue
        for pattern in (_UPDATED, _CREATED, _EDITOR):
            m = pattern.match(block.text)
            if not m or len(block.text) > 80:
                continue
            value, line = m.group("value").strip(), block.line
            taken = {i}
            if not value and i + 1 < len(blocks):
                value, line = blocks[i + 1].text, blocks[i + 1].line
                taken.add(i + 1)
            if pattern is _EDITOR:
                if value and len(value.split()) <= 6 and not ends_sentence(value):
                    editor = value
                    used |= taken
            else:
                date = parse_date(value)
                if date is None:
                    if value and re.search(r"\d", value):
                        notes.add(page.name, line, f"'{value}' is not a date", "write it as dd.mm.yyyy on the page")
                    continue
                used |= taken
                if pattern is _UPDATED and (updated is None or date > updated):
                    updated, updated_line = date, line
            break
    return used, updated, updated_line, editor


def contact_lines(blocks: list[Block]) -> list[tuple[Block, ContactLine | None]]:
    """Each block with the contact it gives; a name on one line and its number on the next are one contact."""
    out: list[tuple[Block, ContactLine | None]] = []
    for block in blocks:
        line = parse_line(block.text) if block.kind != "heading" and not is_subheading(block.text) else None
        prev_block, prev = out[-1] if out else (None, None)
        if line is not None and line.kind == "number" and prev_block is not None:
            if prev is None and _could_be_label(prev_block):
                merged = parse_line(f"{prev_block.text} {block.text}")
                if merged is not None and merged.kind != "number":
                    out[-1] = (prev_block, merged)
                    continue
            elif prev is not None and prev.kind != "number":
                prev.phones.extend(line.phones)
                prev.bad.extend(line.bad)
                continue
        email = re.fullmatch(r"(?:e-?mail:?\s*)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", block.text, re.I)
        if line is None and prev is not None and email and not prev.email:
            prev.email = email.group(1)  # an e-mail on the line below a contact is that contact's
            continue
        out.append((block, line))
    return out


def _could_be_label(block: Block) -> bool:
    return block.kind != "heading" and len(block.text.split()) <= 12 and not ends_sentence(block.text)
