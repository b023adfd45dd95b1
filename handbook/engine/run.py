"""Running MkDocs for the handbook: build the site into a folder, serve a preview.

Everything MkDocs-specific that the pipeline and the CLI need is here, so they
never import MkDocs: a failure MkDocs reports comes back as one ``EngineError``
line (a YAML mistake in mkdocs.yml with its file and line).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from handbook.data.characters import escape
from handbook.data.files import tree_problems
from handbook.data.model import Model
from handbook.data.paths import display_path
from handbook.data.problems import HandbookError, Problem
from handbook.data.yamlsrc import syntax_problem
from handbook.engine.plugin import HandbookPlugin, find_plugin
from handbook.site.context import BuildContext

HOOK_FILE = Path(__file__).with_name("hooks.py")


class EngineError(Exception):
    """MkDocs could not build or serve; the message is one line for the editor."""


def _failure(exc: MkDocsException, config_file: Path) -> EngineError:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError):
        line, what, hint = syntax_problem(cause)
        return EngineError(str(Problem(display_path(config_file), line, "", f"YAML syntax: {what}", hint)))
    return EngineError(escape(" ".join(str(exc).split())))


def _config(config_file: Path, **options):
    try:
        return load_config(config_file=str(config_file), **options)
    except MkDocsException as exc:
        raise _failure(exc, config_file) from None


def build_site(config_file: Path, site_dir: Path, model: Model | None = None, pdf: bool = False) -> BuildContext:
    """Run MkDocs with the handbook plugin into ``site_dir``; return the build's context.

    ``model`` is the data already loaded and validated by the caller (parsed once per build);
    ``pdf`` says the caller prints the PDFs afterwards (pages link to them only then);
    the build's warnings are left in ``ctx.warnings`` for the caller to report. A file in docs/
    that is a link out of the handbook folder (or a pipe, a device) raises HandbookError first.
    """
    config_file = Path(config_file).resolve()
    config = _config(config_file, site_dir=str(site_dir))
    refused = tree_problems(config_file.parent, Path(config.docs_dir))
    if refused:  # a link in docs/ to a file or folder outside would be published
        raise HandbookError(refused)
    plugin = find_plugin(config)
    if plugin is None:  # a mkdocs.yml that lists neither the plugin nor the hook file
        plugin = HandbookPlugin()
        plugin.load_config({})
        config.plugins["handbook"] = plugin
    plugin.report_warnings = False
    plugin.printing = pdf
    if model is not None:
        plugin.preload(config_file.parent, model)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except MkDocsException as exc:
        raise _failure(exc, config_file) from None
    finally:
        config.plugins.on_shutdown()
    if plugin.ctx is None:  # pragma: no cover - the plugin is disabled in mkdocs.yml
        raise EngineError(
            f"{display_path(config_file)}:1: plugins: the handbook plugin is disabled (remove 'enabled: false')"
        )
    return plugin.ctx


def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site on ``dev_addr``, rebuilt whenever data/ or docs/ changes."""
    config_file = Path(config_file).resolve()
    config = _config(config_file)
    hooks = None if find_plugin(config) is not None else [*map(str, config.hooks), str(HOOK_FILE)]
    try:
        # hooks=None keeps mkdocs.yml's own; a list adds the handbook's hook file when nothing else adds it.
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, hooks=hooks)
    except MkDocsException as exc:
        raise _failure(exc, config_file) from None
