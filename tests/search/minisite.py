"""A tiny Material site with the handbook's theme and search, built in a temp folder.

Used until (and besides) the real seed build: it lets the search tests run on
small, hand-written pages whose HTML is known exactly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from handbook.site.context import BuildContext, PageRecord
from handbook.site.search import SCRIPTS, write_search_index

PACKAGE = Path(__file__).resolve().parents[2] / "handbook" / "site"


def build_minisite(folder: Path, pages: list[tuple[str, str, str, str]]) -> BuildContext:
    """Build ``pages`` ([(src .md, title, kind, article html)]) into ``folder/site`` with the search index."""
    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    (docs / "assets" / "handbook").mkdir(parents=True)
    for name in ("search.css", *SCRIPTS):
        shutil.copy(PACKAGE / "assets" / name, docs / "assets" / "handbook" / name)
    nav = []
    for src, title, _kind, html in pages:
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {title}\n---\n\n{html}\n", encoding="utf-8")
        nav.append({title: src})
    config = {
        "site_name": "Beredskabshåndbog",
        "use_directory_urls": False,
        "theme": {"name": "material", "language": "da", "custom_dir": str(PACKAGE / "theme"),
                  "font": False},
        "plugins": [],
        "nav": nav,
        "extra_css": ["assets/handbook/search.css"],
        "extra_javascript": [{"path": f"assets/handbook/{name}", "defer": True} for name in SCRIPTS],
        # The handbook theme's main.html shows the build's version and date.
        "extra": {"handbook": {"version": "test", "built": "2026-01-01"}},
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(load_config(str(config_file)))
    records = [PageRecord(url=src[:-3] + ".html", title=title, kind=kind, html=html)
               for src, title, kind, html in pages]
    ctx = BuildContext(root=folder, model=None, build=None, site_dir=folder / "site",
                       dist_dir=folder / "dist", pages=records)
    write_search_index(ctx)
    return ctx


def index_site(folder: Path, pages: list[PageRecord]) -> Path:
    """A bare page that loads the search's scripts, beside the index of ``pages``: the engine without a theme."""
    from handbook.site.search import STEMMER, VENDOR, build_files

    folder.mkdir(parents=True, exist_ok=True)
    build_files(pages).write(folder / "search")
    shutil.copy(VENDOR / STEMMER, folder / "search" / STEMMER)
    for name in SCRIPTS:
        shutil.copy(PACKAGE / "assets" / name, folder / name)
    page = folder / "index.html"
    page.write_text("<!doctype html><html lang='da'><head><meta charset='utf-8'><title>t</title>"
                    + "".join(f"<script src='{name}'></script>" for name in SCRIPTS)
                    + "</head><body></body></html>", encoding="utf-8")
    return page
