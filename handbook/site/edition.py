"""The edition file: the build's version, date and data hash in one small script beside the pages.

Pages never print the edition themselves (only the front page and "Ændringer",
which are about it): the status line and the footer read ``edition.js``, so a
page whose content did not change keeps its bytes from build to build and a
reader's browser never downloads it again. A script, not JSON, so it loads from
``file://`` too (a script tag needs no fetch).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from handbook.site.context import BuildContext, BuildInfo

EDITION_FILE = "edition.js"
# The global the script sets; offline.js reads it.
GLOBAL = "HANDBOOK_EDITION"


def edition_data(build: BuildInfo) -> dict[str, str]:
    """What a reader is told about the edition: version, build date (ISO and Danish) and data hash."""
    return {
        "version": build.version,
        "built": build.built_at.date().isoformat(),
        "date": build.date_text,
        "hash": build.data_hash,
    }


def edition_script(build: BuildInfo) -> str:
    """The text of ``edition.js`` for one build (stable JSON, so equal builds give equal bytes)."""
    data = json.dumps(edition_data(build), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        "/* The handbook's edition, written by `handbook build`: the status line and the footer read it. */\n"
        f"window.{GLOBAL} = {data};\n"
    )


def write_edition(ctx: BuildContext) -> Path:
    """Write ``edition.js`` at the root of the built site; return its path."""
    path = Path(ctx.site_dir) / EDITION_FILE
    tmp = path.with_name(f".{EDITION_FILE}.tmp")
    tmp.write_text(edition_script(ctx.build), encoding="utf-8")
    os.replace(tmp, path)
    return path
