"""The printed handbook: ``handbook.pdf``, one PDF per area, the wallet card and ``contacts.vcf``.

How the numbers get right without printing everything twice: every page of the
handbook starts on a new sheet, so the pages are printed in parts (in parallel,
one Chromium renderer per core), each part's named destinations say on which of
its pages every heading landed, and only the table of contents is printed once
more with the real numbers before the parts are merged, linked, bookmarked and
stamped with "Side X af Y". A part whose HTML did not change since it was last
printed comes from the print cache (``.cache/pdf``), and a document whose inputs
did not change is published as it was assembled.

The rooms inside: ``document`` (which pages, which parts), ``pages`` (what only
the print has), ``front`` (cover, contents, bookmarks), ``printer`` (Chromium),
``cache``, ``build`` (the step), ``assemble`` + ``fonts`` + ``stamp`` (merging),
``rewrite`` (a page's HTML for print), ``bench``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from handbook import templating
from handbook.outputs import vcard, wallet
from handbook.pdf import sheets
from handbook.pdf.bench import bench
from handbook.pdf.build import Result, build_handbook_pdfs, card_warnings, scratch
from handbook.pdf.front import TEMPLATES, changes_text
from handbook.site.context import BuildContext

__all__ = ["build_all", "build_handbook_pdfs", "bench", "Result", "changes_text"]
# The names the tests on main know the card warning by.
_card_warnings = card_warnings


def _env() -> jinja2.Environment:
    """The environment of the PDF's own templates (cover, contents, part)."""
    return templating.environment(TEMPLATES)


def build_all(ctx: BuildContext) -> list[Path]:
    """Write handbook.pdf, pdf/<area>.pdf, pdf/log.pdf, wallet-card.pdf and contacts.vcf into ``ctx.site_dir``."""
    site = Path(ctx.site_dir)
    site.mkdir(parents=True, exist_ok=True)
    with scratch(ctx, "handbook-wallet-") as tmp:
        wallet_html = tmp / "wallet.html"
        card_edition = wallet.edition(ctx)
        wallet_html.write_text(wallet.render(ctx, card_edition), encoding="utf-8")
        log_html = sheets.write_html(ctx, tmp)
        result = build_handbook_pdfs(ctx, extra=[wallet_html] + ([log_html] if log_html else []))
        log_pdf = [sheets.write_pdf(ctx, result.extra[1], log_html)] if log_html else []
    wallet_pdf = site / "wallet-card.pdf"
    wallet_pdf.write_bytes(wallet.finish(ctx, result.extra[0], card_edition))
    return result.files + log_pdf + [wallet_pdf, vcard.write(ctx)]
