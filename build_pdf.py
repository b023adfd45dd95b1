#!/usr/bin/env python3
"""Print the handbook: ``python build_pdf.py -f mkdocs.yml`` writes the PDFs, the wallet card and contacts.vcf.

It does what ``handbook build`` does after the site: the pages are rendered into a
temporary folder to learn what the site holds, and the printed files go into the
site folder (``site/`` beside mkdocs.yml unless ``--site-dir`` says otherwise).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def _default_factory(config_file: Path, site_dir: Path):
    from handbook.pipeline import context_for

    return context_for(config_file, site_dir)


def main(argv: list[str] | None = None, context_factory: Callable | None = None) -> int:
    """Run the PDF step; ``context_factory(config_file, temp_site_dir)`` returns the BuildContext."""
    parser = argparse.ArgumentParser(prog="build_pdf.py", description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    parser.add_argument("--site-dir", type=Path, default=None, help="where the built site is (default: site/)")
    args = parser.parse_args(argv)
    from handbook.browser import ChromiumNotFound
    from handbook.data.problems import HandbookError
    from handbook.pdf import build_all

    config = args.config_file.resolve()
    if not config.is_file():
        print(f"{args.config_file}:1: (file): config file not found (pass -f path/to/mkdocs.yml)", file=sys.stderr)
        return 1
    site_dir = (args.site_dir or config.parent / "site").resolve()
    factory = context_factory or _default_factory
    try:
        with tempfile.TemporaryDirectory(prefix="handbook-pdf-site-") as tmp:
            ctx = factory(config, Path(tmp))
            ctx.site_dir = site_dir
            site_dir.mkdir(parents=True, exist_ok=True)
            written = build_all(ctx)
    except HandbookError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except ChromiumNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in ctx.warnings:
        print(warning, file=sys.stderr)
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
