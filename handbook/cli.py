"""The ``handbook`` command: a thin click layer over the package.

Every mistake an editor can make ends here as one line per problem and exit
code 1 — never a traceback. Exit codes: 0 success, 1 errors in the data (and
warnings with ``check --strict``), 2 a mistake in the command line itself.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import click

from handbook.browser import ChromiumNotFound
from handbook.data.characters import escape
from handbook.data.problems import HandbookError, Problem

CONFIG_HELP = "the handbook's mkdocs.yml; data/, docs/ and site/ are found next to it"
config_option = click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)


def _config_path(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        path = path / "mkdocs.yml"
    if not path.is_file():
        raise click.ClickException(
            f"{value}:1: (file): file not found (run in the handbook folder, or pass -f path/to/mkdocs.yml)"
        )
    return path.resolve()


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    for name in ("mkdocs", "handbook"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        logger.propagate = False


def print_problems(problems: list[Problem]) -> None:
    """Print problems grouped by file, errors and warnings together, in line order."""
    last_file = None
    for problem in problems:
        if last_file is not None and problem.file != last_file:
            click.echo("", err=True)
        last_file = problem.file
        click.echo(str(problem), err=True)


def _fail_on_problems(exc: HandbookError) -> None:
    print_problems(exc.problems)
    n = len(exc.problems)
    click.echo(f"{n} error{'s' if n != 1 else ''}; nothing was built or changed.", err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="handbook")
def main() -> None:
    """Offline-first contingency handbook: check the data, build the site and PDFs, preview."""


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="treat warnings as errors (for the handbook data's own CI)")
@click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True, help="check review dates as of this day (for tests)"
)
def check(config_file: str, strict: bool, today) -> None:
    """Report every error and warning at once, grouped by file, each as FILE:LINE: where: what (hint).

    Exit code 1 on errors (and on warnings with --strict), else 0.
    """
    from handbook.checks.report import run as run_check

    config = _config_path(config_file)
    report = run_check(config.parent, today.date() if today else None, strict=strict)
    click.echo(report.text(), err=True)
    sys.exit(report.exit_code)


@main.command()
@config_option
def schema(config_file: str) -> None:
    """Write a JSON Schema per data file kind into schemas/, for completion and checks in VS Code."""
    from handbook.data.paths import display_path
    from handbook.data.schema import write_all

    config = _config_path(config_file)
    for path in write_all(config.parent):
        click.echo(f"Wrote {display_path(path)}", err=True)


@main.group()
def new() -> None:
    """Create a data file from a template."""


@new.command("plan")
@click.argument("plan_id", metavar="ID")
@click.option("--area", required=True, help="the area (id from data/handbook.yaml) the plan belongs to")
@config_option
def new_plan(plan_id: str, area: str, config_file: str) -> None:
    """Write data/plans/ID.yaml with every section; never overwrites a file."""
    from handbook.data.paths import display_path
    from handbook.data.scaffold import ScaffoldError
    from handbook.data.scaffold import new_plan as scaffold_plan

    config = _config_path(config_file)
    try:
        path = scaffold_plan(config.parent, plan_id, area)
    except ScaffoldError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Wrote {display_path(path)}: replace every UDFYLD, then run 'handbook check'.", err=True)


@main.command("import")
@click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--area", required=True, help="the area (id) the pages belong to; added to data/handbook.yaml if new")
@click.option("--area-title", help="the title of a new area (a delplan page gives its own)")
@config_option
@click.option("--dry-run", is_flag=True, help="print what would be written, and write nothing")
@click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True, help="check review dates as of this day (for tests)"
)
def import_(files, area: str, area_title, config_file: str, dry_run: bool, today) -> None:
    """Bring CMS plan pages and delplan pages (copied text, or saved .html) into data/.

    Plans go to data/plans/, a delplan to data/areas/AREA.yaml, contacts to
    data/contacts.yaml (each once, reused by number). Prints one line per thing
    to look at (PAGE:LINE: what (hint)), then the 'handbook check' summary.
    Exit code 1 only when nothing usable was read.
    """
    import re

    from handbook.data.model import ID_PATTERN
    from handbook.data.paths import display_path
    from handbook.importer.run import describe, import_pages

    if not re.match(ID_PATTERN, area):
        click.echo(f"--area: '{area}' is not an area id (use lowercase letters, digits and '-', e.g. aubo)", err=True)
        sys.exit(2)
    config = _config_path(config_file)
    result = import_pages(config.parent, list(files), area, area_title, dry_run, today.date() if today else None)
    click.echo(describe(result), err=True)
    for line in result.errors:
        click.echo(line, err=True)
    if result.errors:
        sys.exit(1)
    for change in result.changes:
        shown = display_path(config.parent / change.rel)
        if dry_run:
            click.echo(f"Would write {shown} ({change.what}):")
            click.echo(change.diff())
        else:
            click.echo(f"Wrote {shown} ({change.what})", err=True)
    if result.read and not result.changes:
        click.echo("Nothing to change: the data already says what the pages say.", err=True)
    if result.notes:
        click.echo("", err=True)
        for note in result.notes:
            click.echo(str(note), err=True)
    if result.summary:
        click.echo("", err=True)
        click.echo(result.summary, err=True)
    sys.exit(result.exit_code)


@main.command()
@config_option
@click.option("--no-pdf", is_flag=True, help="skip the PDFs (faster while editing)")
@click.option("-v", "--verbose", is_flag=True, help="show MkDocs' progress")
def build(config_file: str, no_pdf: bool, verbose: bool) -> None:
    """Build site/ (and the PDFs and offline bundle) from data/; publish only if everything succeeds."""
    from handbook.engine.run import EngineError
    from handbook.pdf.printer import PrintTimeout
    from handbook.pipeline import build as run_build
    from handbook.publish import PublishError

    config = _config_path(config_file)
    _setup_logging(verbose)
    started = time.perf_counter()
    try:
        ctx = run_build(config, pdf=not no_pdf)
    except HandbookError as exc:
        _fail_on_problems(exc)
    except (EngineError, ChromiumNotFound, PublishError) as exc:
        raise click.ClickException(str(exc)) from None
    except PrintTimeout as exc:
        raise click.ClickException(f"{exc}; nothing was published") from None
    print_problems(ctx.warnings)
    click.echo(f"Built {ctx.site_dir} (udgave {ctx.build.version}) in {time.perf_counter() - started:.1f} s.", err=True)


@main.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="address to serve on")
def serve(config_file: str, dev_addr: str) -> None:
    """Preview the site; rebuilds whenever anything under data/ (or docs/) changes."""
    from handbook.engine.run import EngineError
    from handbook.engine.run import serve as serve_site
    from handbook.pipeline import validate

    config = _config_path(config_file)
    _setup_logging(True)
    try:
        validate(config.parent)
        serve_site(config, dev_addr)
    except HandbookError as exc:
        _fail_on_problems(exc)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from None


def run() -> None:
    """Entry point that turns unexpected failures into one line (set HANDBOOK_DEBUG=1 for the traceback)."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: editors never see a traceback
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        message = escape(" ".join(str(exc).split()))
        click.echo(f"error: {type(exc).__name__}: {message} (run with HANDBOOK_DEBUG=1 for details)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    run()
