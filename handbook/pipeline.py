"""The whole ``handbook build``: data → site → PDFs → exports → offline files → publish.

The data is loaded and validated once; the site engine builds the pages into a
staging folder; every later step takes the BuildContext and writes there too;
``site/`` and ``dist/`` are replaced only when every step succeeded.
"""

from __future__ import annotations

from pathlib import Path

from handbook import publish as publishing
from handbook.data.load import load_with_problems
from handbook.data.model import Model
from handbook.data.problems import HandbookError, Problem
from handbook.engine.run import build_site
from handbook.site.context import BuildContext
from handbook.steps import after_site_steps


def validate(root: Path) -> tuple[Model, list[Problem]]:
    """Load the data; raise HandbookError on errors, else return the model and the loader's warnings."""
    model, problems = load_with_problems(root)
    errors = [p for p in problems if p.is_error]
    if errors or model is None:
        raise HandbookError(errors)
    return model, [p for p in problems if not p.is_error]


def build(config_file: Path, *, pdf: bool = True) -> BuildContext:
    """Build the whole handbook into staging folders, then publish ``site/`` and ``dist/`` at once."""
    config_file = Path(config_file).resolve()
    root = config_file.parent
    model, warnings = validate(root)
    publishing.recover(root)  # finish or undo a publish killed half-way; drop dead builds' staging
    with publishing.staging(root) as staging:
        ctx = build_site(config_file, staging.site, model, pdf=pdf)
        ctx.warnings[:0] = warnings
        ctx.dist_dir = staging.dist
        ctx.work_dir = staging.folder / "work"
        for step in after_site_steps(pdf):
            step(ctx)
        publishing.publish(staging.site, staging.dist, root)
    ctx.site_dir, ctx.dist_dir = root / "site", root / "dist"
    return ctx


def context_for(config_file: Path, site_dir: Path, pdf: bool = True) -> BuildContext:
    """Build the site into ``site_dir`` (e.g. a temp folder) and return its context, for scripts that print."""
    config_file = Path(config_file).resolve()
    model, warnings = validate(config_file.parent)
    ctx = build_site(config_file, Path(site_dir), model, pdf=pdf)
    ctx.warnings[:0] = warnings
    return ctx
