"""The offline search index: rendered pages → a head and parts the browser loads with script tags.

Material's own search needs a web worker (or a CDN shim), and neither starts
from file://. So the build writes the index as plain scripts under
``search/``; the browser's side of the search (``SCRIPTS``, in
``handbook/site/assets/``: ``search-index.js`` loads the index) loads the head
on the first focus of the search box and then only the parts a query needs.

``analysis`` turns text into terms (the same as the browser does),
``documents`` splits a page into its documents, ``index`` collects postings,
``parts`` writes the files (their format is described there).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from handbook.site.context import BuildContext, PageRecord
from handbook.site.search.analysis import Analyzer
from handbook.site.search.index import index_segment, read_pages, split
from handbook.site.search.parts import HEAD, Files, segment_files

FOLDER = "search"
INDEX_PATH = f"{FOLDER}/{HEAD}"
VENDOR = Path(__file__).resolve().parent / "vendor"
STEMMER = "snowball-danish.js"
# The browser's side of the search (handbook/site/assets/), in the order a page loads them (deferred):
# each script uses what the ones before it put in the namespace window.HandbookSearch.
SCRIPTS = ("search-analysis.js", "search-index.js", "search-query.js", "search-ui.js")

__all__ = ["FOLDER", "INDEX_PATH", "SCRIPTS", "build_files", "write_search_index"]


def build_files(pages: list[PageRecord], version: str | None = None) -> Files:
    """The index files for a site's pages (``version``: the edition's id, which is no content)."""
    main, changes = split(read_pages(pages, drop=(version,) if version else ()))
    # The change log has an analyzer of its own, so its words never change the stable segment's.
    analyzer = Analyzer()
    return segment_files(index_segment(main, analyzer), index_segment(changes, Analyzer()), analyzer)


def write_search_index(ctx: BuildContext) -> Path:
    """Write ``site/search/``: the head, its parts and the stemmer; return the head's path."""
    folder = Path(ctx.site_dir) / FOLDER
    version = ctx.build.version if ctx.build is not None else None
    build_files(ctx.pages, version).write(folder)
    shutil.copyfile(VENDOR / STEMMER, folder / STEMMER)
    return folder / HEAD
