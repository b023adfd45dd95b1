"""The wallet card: one A4 sheet of credit-card sized cards (85.6 × 54 mm) with cut marks.

Page 1 holds the fronts (the first steps of every plan), page 2 the backs (key
numbers and a QR code that puts the key contacts on a phone). Print the two
pages on one sheet, double-sided; the grid is centred, so fronts and backs meet.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import segno

from handbook import templating
from handbook.data.model import Model
from handbook.outputs.vcard import key_contacts, key_payload
from handbook.site.context import BuildContext

TEMPLATES = Path(__file__).parent / "templates"
CARD_W, CARD_H = 85.6, 54.0  # ISO/IEC 7810 ID-1, mm
COLS, ROWS = 2, 5
PAGE_W, PAGE_H = 210.0, 297.0
# Characters of step text that fit on a card front at the type size used (measured on the seed).
FRONT_BUDGET = 620


@dataclass
class FirstSteps:
    """One plan's first phase, shortened for the card."""

    title: str
    phase: str
    steps: list[str]


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with "…" when cut."""
    # Not at the first full stop: plan text is full of "evt." and "fx.", which are not sentence ends.
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def first_steps(model: Model, budget: int = FRONT_BUDGET) -> tuple[list[FirstSteps], int]:
    """The first phase of each plan, shortened to fit ``budget`` characters; also how many plans were left out."""
    plans = []
    for aid in model.handbook.areas:
        plans += [p for _, p in model.plans_in(aid)]
    plans += [p for p in model.plans.values() if p.area not in model.handbook.areas]
    for limit, per_plan in ((200, 5), (140, 4), (110, 4), (90, 3), (70, 2), (60, 1), (45, 1)):
        items = []
        for plan in plans:
            phase = plan.actions[0] if plan.actions else None
            steps = [shorten(s.text, limit) for s in (phase.steps if phase else [])][:per_plan]
            items.append(FirstSteps(plan.title, phase.phase if phase else "", steps))
        size = sum(len(i.title) + len(i.phase) + sum(len(s) + 4 for s in i.steps) + 10 for i in items)
        if size <= budget:
            return items, 0
    # Too many plans for one card: as many as fit, and a pointer to the handbook for the rest.
    kept, size = [], 0
    for item in items:
        size += len(item.title) + len(item.phase) + sum(len(s) + 4 for s in item.steps) + 10
        if size > budget - 40:
            break
        kept.append(item)
    return kept, len(items) - len(kept)


def qr_svg(payload: str) -> str:
    """The QR code as inline SVG (UTF-8 bytes, sized by CSS)."""
    qr = segno.make(payload, error="l", encoding="utf-8", micro=False)
    return qr.svg_inline(scale=1, border=2, omitsize=True, dark="#000")


def cut_marks() -> list[tuple[float, float, float, float]]:
    """Cut-mark lines (x1, y1, x2, y2 in mm) in the margins, on every card edge."""
    x0 = (PAGE_W - COLS * CARD_W) / 2
    y0 = (PAGE_H - ROWS * CARD_H) / 2
    gap, length = 1.5, 5.0
    lines = []
    for c in range(COLS + 1):
        x = x0 + c * CARD_W
        lines.append((x, y0 - gap - length, x, y0 - gap))
        lines.append((x, y0 + ROWS * CARD_H + gap, x, y0 + ROWS * CARD_H + gap + length))
    for r in range(ROWS + 1):
        y = y0 + r * CARD_H
        lines.append((x0 - gap - length, y, x0 - gap, y))
        lines.append((x0 + COLS * CARD_W + gap, y, x0 + COLS * CARD_W + gap + length, y))
    return lines


# Stands for the edition while the card's content is hashed (the edition names that content).
_EDITION_MARK = "\u2063edition\u2063"


def edition(ctx: BuildContext) -> str:
    """The card's own edition: the build's day and a hash of what it shows (BuildInfo.edition_of).

    An edit the card does not show leaves the card, and the file, as it was.
    """
    content = _render(ctx, _EDITION_MARK)
    return ctx.build.edition_of(hashlib.sha256(content.encode("utf-8")).hexdigest())


def render(ctx: BuildContext, card_edition: str | None = None) -> str:
    """The wallet card sheet as HTML for Chromium to print (``card_edition``: from ``edition``)."""
    return _render(ctx, card_edition or edition(ctx))


def _render(ctx: BuildContext, card_edition: str) -> str:
    model = ctx.model
    steps, left_out = first_steps(model)
    keys = [(c.label if hasattr(c, "label") else cid, c.numbers) for cid, c in key_contacts(model)]
    env = templating.environment(TEMPLATES)
    x0 = (PAGE_W - COLS * CARD_W) / 2
    y0 = (PAGE_H - ROWS * CARD_H) / 2
    slots = [(x0 + c * CARD_W, y0 + r * CARD_H) for r in range(ROWS) for c in range(COLS)]
    return env.get_template("wallet.html.j2").render(
        hb=model.handbook,
        edition=card_edition,
        steps=steps,
        left_out=left_out,
        keys=keys,
        qr=qr_svg(key_payload(model)),
        slots=slots,
        marks=cut_marks(),
        card_w=CARD_W,
        card_h=CARD_H,
        page_w=PAGE_W,
        page_h=PAGE_H,
    )


def finish(ctx: BuildContext, data: bytes, card_edition: str) -> bytes:
    """Set the wallet card's metadata (its own edition, the build's day) and document language."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    hb = ctx.model.handbook
    writer._root_object[NameObject("/Lang")] = TextStringObject(hb.language or "da")
    stamp = ctx.build.day.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer.add_metadata(
        {
            "/Title": f"Lommekort – {hb.title}",
            "/Author": hb.editor or hb.organisation,
            "/Subject": f"Første skridt og nøglenumre, udgave {card_edition}",
            "/CreationDate": stamp,
            "/ModDate": stamp,
            "/Version": card_edition,
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
