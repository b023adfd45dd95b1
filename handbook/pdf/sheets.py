"""``pdf/log.pdf``: the blank crisis-log sheet and situationsbillede sheet on their own, for printing copies.

The sheets are the site's log page as the handbook PDF prints it (same template,
same print style), printed once more alone: no cover, no contents, and no page
numbers, since each sheet has its own field for the log's page number.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pikepdf

from handbook import templating
from handbook.pdf.document import Entry
from handbook.pdf.rewrite import rewrite
from handbook.site import urls
from handbook.site.context import BuildContext

TEMPLATES = Path(__file__).parent / "templates"


def write_html(ctx: BuildContext, folder: Path) -> Path | None:
    """Write the sheets as an HTML file for Chromium to print; None when the build has no log page."""
    record = ctx.page(urls.html(urls.LOG))
    if record is None:
        return None
    chapter = rewrite(record.url, record.html, record.title, {record.url}, set())
    hb = ctx.model.handbook
    text = (
        templating.environment(TEMPLATES)
        .get_template("part.html.j2")
        .render(
            lang=hb.language or "da",
            title=f"Krisestyringslog – {hb.title}",
            css=(TEMPLATES / "print.css").read_text(encoding="utf-8"),
            entries=[Entry(record, chapter, "log")],
            base=Path(ctx.site_dir).resolve().as_uri() + "/",
        )
    )
    path = Path(folder) / "log-sheets.html"
    path.write_text(text, encoding="utf-8")
    return path


def finish(ctx: BuildContext, data: bytes, sheets_edition: str) -> bytes:
    """The printed sheets with the handbook's metadata and language; equal input gives equal bytes.

    ``sheets_edition`` names what the sheets show (``edition``), not the handbook's edition: blank
    sheets stay the same file while the handbook changes.
    """
    hb = ctx.model.handbook
    stamp = ctx.build.day.strftime("D:%Y%m%d%H%M%S+00'00'")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.Lang = pikepdf.String(hb.language or "da")
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        pdf.docinfo = pdf.make_indirect(
            pikepdf.Dictionary(
                Title=pikepdf.String(f"Krisestyringslog og situationsbillede – {hb.title}"),
                Author=pikepdf.String(hb.editor or hb.organisation),
                Subject=pikepdf.String(f"Logark til krisestaben, {hb.organisation}, udgave {sheets_edition}"),
                Creator=pikepdf.String("handbook"),
                Producer=pikepdf.String("handbook (Chromium + pikepdf)"),
                CreationDate=pikepdf.String(stamp),
                ModDate=pikepdf.String(stamp),
                Version=pikepdf.String(sheets_edition),
            )
        )
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def edition(ctx: BuildContext, html: Path) -> str:
    """The sheets' own edition: the build's day and a hash of the page they are printed from.

    The page's base address (the build's staging folder, new in every build) is no content.
    """
    text = html.read_text(encoding="utf-8").replace(Path(ctx.site_dir).resolve().as_uri() + "/", "")
    return ctx.build.edition_of(hashlib.sha256(text.encode("utf-8")).hexdigest())


def write_pdf(ctx: BuildContext, data: bytes, html: Path) -> Path:
    """Write ``site/pdf/log.pdf`` from the printed sheets (``html``: the page they were printed from)."""
    path = Path(ctx.site_dir) / urls.LOG_PDF
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(finish(ctx, data, edition(ctx, html)))
    return path
