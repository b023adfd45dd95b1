"""The whole ``handbook build``: data → site → PDFs → exports → offline files → publish.

Every step after MkDocs takes the BuildContext and writes into the staging
folders; ``site/`` and ``dist/`` are replaced only when every step succeeded.
"""

from __future__ import annotations

import logging
from pathlib import Path

from handbook.site.context import BuildContext
from handbook.data.load import load_with_problems
from handbook.data.problems import HandbookError

log = logging.getLogger("handbook")

HOOKS_FILE = Path(__file__).parent / "engine" / "hooks.py"


def site_steps(ctx: BuildContext) -> None:
    """Steps that belong to every site build, also plain ``mkdocs build`` and ``serve``."""
    for step in _site_steps():
        step(ctx)


def _site_steps():
    from handbook.site import changelog
    from handbook.outputs import exports
    from handbook.site.search import write_search_index

    return [write_search_index, changelog.write_snapshot, exports.write_contacts_csv]


def _after_site_steps(pdf: bool):
    """Steps after MkDocs, in order: the offline files come last so the manifest sees every file."""
    from handbook.outputs import vcard
    from handbook.offline import write_bundle, write_offline_files

    if pdf:
        from handbook.pdf import build_all  # handbook.pdf, pdf/<area>.pdf, wallet-card.pdf, contacts.vcf

        steps = [build_all]
    else:
        steps = [vcard.write]  # the phone contacts even without the PDFs
    return steps + [write_offline_files, write_bundle]


def _mkdocs_config(config_file: Path, site_dir: Path):
    """MkDocs' config for a handbook folder; the adapter is added when mkdocs.yml does not list it."""
    from mkdocs.config import load_config

    from handbook.engine import plugin as mkdocs_adapter

    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    has_adapter = any(getattr(p, "on_config", None) is mkdocs_adapter.on_config
                      for p in config.plugins.values())
    if not has_adapter:
        hooks = [str(h) for h in config.hooks] + [str(HOOKS_FILE)]
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), hooks=hooks)
    return config


def validate(root: Path) -> list:
    """Load the data; raise HandbookError on errors, return the warnings."""
    model, problems = load_with_problems(root)
    errors = [p for p in problems if p.is_error]
    if errors or model is None:
        raise HandbookError(errors)
    from handbook.engine import plugin as mkdocs_adapter

    mkdocs_adapter.preload(root, model)  # the site build reuses it instead of parsing the YAML again
    return [p for p in problems if not p.is_error]


def build_site(config_file: Path, site_dir: Path) -> BuildContext:
    """Run MkDocs (with the handbook adapter) into ``site_dir`` and return the build's context."""
    from mkdocs.commands.build import build as mkdocs_build

    from handbook.engine import plugin as mkdocs_adapter

    config = _mkdocs_config(config_file, site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return mkdocs_adapter.current()


def build(config_file: Path, *, pdf: bool = True) -> BuildContext:
    """Build the whole handbook into staging folders, then publish ``site/`` and ``dist/`` at once."""
    config_file = Path(config_file).resolve()
    root = config_file.parent
    validate(root)
    from handbook import publish as publishing

    publishing.recover(root)  # finish or undo a publish killed half-way; drop dead builds' staging
    with publishing.staging(root) as staging:
        ctx = build_site(config_file, staging.site)
        ctx.dist_dir = staging.dist
        for step in _after_site_steps(pdf):
            step(ctx)
        publishing.publish(staging.site, staging.dist, root)
    ctx.site_dir, ctx.dist_dir = root / "site", root / "dist"
    return ctx


def context_for(config_file: Path, site_dir: Path) -> BuildContext:
    """Build the site into ``site_dir`` (e.g. a temp folder) and return its context, for scripts."""
    config_file = Path(config_file).resolve()
    validate(config_file.parent)
    return build_site(config_file, Path(site_dir))
