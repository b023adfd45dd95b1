"""The build's steps after the pages are rendered, in order; each takes the BuildContext and nothing else.

The site steps belong to every site build (``handbook build``, and plain
``mkdocs build`` or ``serve`` through the plugin); the later steps only to
``handbook build``, which publishes their output with the site.
"""

from __future__ import annotations

from collections.abc import Callable

from handbook.offline import write_bundle, write_offline_files
from handbook.outputs import vcard
from handbook.outputs.exports import write_contacts_csv
from handbook.pdf import build_all
from handbook.site.changelog import write_snapshot
from handbook.site.context import BuildContext
from handbook.site.edition import write_edition
from handbook.site.search import write_search_index

Step = Callable[[BuildContext], object]

SITE_STEPS: tuple[Step, ...] = (write_edition, write_search_index, write_snapshot, write_contacts_csv)


def run_site_steps(ctx: BuildContext) -> None:
    """Write what every site build adds to the pages: the edition file, the search index, the snapshot, the CSV."""
    for step in SITE_STEPS:
        step(ctx)


def after_site_steps(pdf: bool) -> list[Step]:
    """Steps after the site, in order; the offline files come last so the manifest sees every file."""
    # Without the PDF step the phone contacts are still written (the PDF step writes them otherwise).
    printed: list[Step] = [build_all] if pdf else [vcard.write]
    return printed + [write_offline_files, write_bundle]
