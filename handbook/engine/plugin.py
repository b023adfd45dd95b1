"""The MkDocs plugin: hands MkDocs the pages the core renders, and records what MkDocs made of them.

Load + validate on ``on_config``, add the generated pages on ``on_files``,
record each page's HTML on ``on_page_content``, and run the site steps (search
index, snapshot, CSV) on ``on_post_build``. Everything after the site (PDFs,
offline files, publishing) happens in ``handbook.pipeline``. Every piece of a
build's state lives on the plugin instance, as in Material's own plugins, so
two builds in one process never share anything.

Registered as the ``handbook`` plugin (``plugins: [handbook]`` in mkdocs.yml);
``bind_hooks`` offers the same instance's methods to a ``hooks:`` file.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from handbook import steps
from handbook.checks.areas import card_warnings
from handbook.data.files import tree_problems
from handbook.data.load import load
from handbook.data.model import Model
from handbook.data.problems import HandbookError
from handbook.engine import livereload
from handbook.site import changelog, urls
from handbook.site.compact import compact_html
from handbook.site.context import BuildContext, PageKind, PageRecord, RenderedPage, build_info, data_hash
from handbook.site.edition import EDITION_FILE
from handbook.site.render import nav, site_pages
from handbook.site.search import SCRIPTS as SEARCH_SCRIPTS

log = logging.getLogger("mkdocs.plugins.handbook")

SITE_PACKAGE = Path(__file__).resolve().parent.parent / "site"
THEME_DIR = SITE_PACKAGE / "theme"
ASSETS_DIR = SITE_PACKAGE / "assets"
ASSETS_URL = "assets/handbook"


class HandbookConfig(base.Config):
    """The plugin's options in mkdocs.yml."""

    enabled = c.Type(bool, default=True)


def asset_files() -> list[Path]:
    """The package's static assets, copied to ``assets/handbook/`` in every site.

    In name order, but the search's scripts last and in ``SCRIPTS`` order: the order
    ``on_config`` lists them in, which is the order a page runs them (deferred).
    """

    def order(path: Path) -> tuple[int, Path]:
        return (SEARCH_SCRIPTS.index(path.name) if path.name in SEARCH_SCRIPTS else -1, path)

    return sorted((p for p in ASSETS_DIR.rglob("*") if p.is_file()), key=order)


# Material's files no handbook page uses, never published (so never precached): its search
# (lunr and the language files, the search worker; the handbook ships its own search), source
# maps, and the sitemap template (on_config stops MkDocs from rendering it). The palette style
# sheet and two inline-script replacements are used only with the settings in unused_theme_file.
_UNUSED_THEME_FILES = re.compile(r"^assets/javascripts/(lunr|workers)/|\.map$|^sitemap\.xml$")


def unused_theme_file(rel: str, config) -> bool:
    """Whether a theme file at site path ``rel`` is used by no page of this configuration."""
    if _UNUSED_THEME_FILES.search(rel):
        return True
    if rel.startswith("assets/stylesheets/palette."):
        return not config.theme.get("palette")
    if rel == "assets/handbook-theme/md-announce.js":
        return "announce.dismiss" not in config.theme.get("features", [])
    if rel == "assets/handbook-theme/md-outdated.js":
        return not config.extra.get("version")
    return False


def _asset_url(path: Path) -> str:
    return f"{ASSETS_URL}/{path.relative_to(ASSETS_DIR).as_posix()}"


# A generated page is Markdown headings around finished HTML. Python-Markdown would run each
# HTML block through its pure-Python HTML parser only to pass it through unchanged (half of a
# large build); the blocks are set aside here and put back in on_page_content. Safe because
# data text never starts a line of the page source (render.one_line).
_HEADING = re.compile(r"^#{1,6} .*$", re.M)
_PLACEHOLDER = re.compile(r"<p>hbblock(\d+)z</p>")


def _set_aside(markdown: str, blocks: list[str]) -> str:
    out, last = [], 0
    for match in [*_HEADING.finditer(markdown), None]:
        chunk = markdown[last : match.start() if match else len(markdown)]
        if chunk.strip().startswith("<"):
            blocks.append(chunk.strip())
            chunk = f"\n\nhbblock{len(blocks) - 1}z\n\n"
        out.append(chunk)
        if match:
            out.append(match.group(0))
            last = match.end()
    return "".join(out)


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Turns the data in ``data/`` into the site's pages; one instance per MkDocs configuration."""

    def __init__(self) -> None:
        self.preloaded: tuple[Path, str, Model] | None = None  # a model the pipeline already validated
        self.report_warnings = True  # False when the caller (handbook build) reports ctx.warnings itself
        self.printing = False  # True when the caller prints the PDFs after the site (pages then link to them)
        self.ctx: BuildContext | None = None
        self._reset()

    def _reset(self) -> None:
        self.rendered: dict[str, RenderedPage] = {}
        self.records: dict[str, PageRecord] = {}
        self.one_line: set[str] = set()
        self.blocks: dict[str, list[str]] = {}

    def preload(self, root: Path, model: Model) -> None:
        """Use ``model`` (already loaded from ``root``) in the next build instead of parsing the YAML again."""
        root = Path(root).resolve()
        self.preloaded = (root, data_hash(root), model)

    def _model(self, root: Path) -> Model:
        if self.preloaded is not None:
            pre_root, digest, model = self.preloaded
            self.preloaded = None
            if pre_root == root and digest == data_hash(root):
                return model
        try:
            return load(root)
        except HandbookError as exc:
            raise Abort("\n" + str(exc) + f"\n{len(exc.problems)} error(s); nothing was built.") from None

    def on_config(self, config):
        """Load and validate the data; configure theme, navigation and assets from it."""
        if not self.config.enabled:
            return config
        self._reset()
        root = Path(config.config_file_path).resolve().parent
        refused = tree_problems(root, Path(config.docs_dir))
        if refused:  # before MkDocs reads docs/: a link out of the folder would be published
            raise Abort("\n" + "\n".join(map(str, refused)) + f"\n{len(refused)} error(s); nothing was built.")
        model = self._model(root)
        build = build_info(root)
        ctx = BuildContext(
            root=root,
            model=model,
            build=build,
            site_dir=Path(config.site_dir),
            dist_dir=root / "dist",
            previous=changelog.load_previous(root / "site"),
            printed=self.printing,
        )
        # A card that spills over one page is no card: say so on every build (also mkdocs build/serve).
        ctx.warnings.extend(card_warnings(model))
        pages = site_pages(ctx)
        self.rendered = {p.src: p for p in pages}
        # The change log writes its own HTML lines; every other page keeps data text off line starts.
        self.one_line = {p.src for p in pages if p.src != urls.CHANGES}
        self.ctx = ctx

        # Settings the handbook relies on, whatever mkdocs.yml says: links that work
        # from file://, no Google Fonts, Danish.
        config.use_directory_urls = False
        # A sitemap serves search engines, not readers (and its dates would change every build).
        config.theme.static_templates.discard("sitemap.xml")
        config.theme["font"] = False
        config.theme["language"] = model.handbook.language
        custom = 1 if config.theme.custom_dir else 0
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(custom, str(THEME_DIR))
        for ext in ("attr_list", "toc"):
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if "search" in config.plugins or "material/search" in config.plugins:
            log.warning(
                "Material's search plugin cannot work offline; the handbook ships its own search. "
                "Remove 'search' from plugins in mkdocs.yml."
            )

        # MkDocs' templates do not escape: titles are escaped here, once.
        config.site_name = html.escape(model.handbook.title)
        config.site_author = html.escape(model.handbook.editor or model.handbook.organisation)
        config.nav = nav(pages, extra=_nav_extra(config))
        # The edition file first: the status line (offline.js, deferred like it) reads what it sets.
        if EDITION_FILE not in [str(s) for s in config.extra_javascript]:
            edition = ExtraScriptValue(EDITION_FILE)
            edition.defer = True
            config.extra_javascript.insert(0, edition)
        for path in asset_files():
            rel = _asset_url(path)
            if path.suffix == ".css" and rel not in config.extra_css:
                config.extra_css.append(rel)
            elif path.suffix == ".js" and rel not in [str(s) for s in config.extra_javascript]:
                script = ExtraScriptValue(rel)
                script.defer = True
                config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, config, **kwargs):
        """Add the generated pages and the package's assets to MkDocs' files."""
        if not self.config.enabled:
            return files
        for src, page in self.rendered.items():
            existing = files.get_file_from_path(src)
            if existing is not None:
                log.warning(f"docs/{src} is replaced by the page generated from data/")
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=page.content, inclusion=inclusion))
        for path in asset_files():
            rel = _asset_url(path)
            if files.get_file_from_path(rel) is None:
                files.append(File.generated(config, rel, abs_src_path=str(path)))
        for file in [f for f in files if not f.is_documentation_page() and unused_theme_file(f.src_uri, config)]:
            files.remove(file)
        return files

    def on_page_markdown(self, markdown, page, config, files, **kwargs):
        """Give generated pages their escaped title; set their HTML blocks aside until on_page_content."""
        src = page.file.src_uri
        rendered = self.rendered.get(src)
        if rendered is not None and not rendered.in_nav:
            page.title = html.escape(rendered.title)
        if src in self.one_line:
            blocks: list[str] = []
            markdown = _set_aside(markdown, blocks)
            self.blocks[src] = blocks
        return markdown

    def on_page_content(self, content, page, config, files, **kwargs):
        """Record each page's article HTML for the search index, the PDF and the exports."""
        src = page.file.src_uri
        rendered = self.rendered.get(src)
        blocks = self.blocks.pop(src, None)
        if blocks:
            content = _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], content)
        self.records[src] = PageRecord(
            url=page.file.dest_uri,
            title=rendered.title if rendered else html.unescape(page.title or ""),
            kind=rendered.kind if rendered else PageKind.OTHER,
            html=content,
            ref_id=rendered.ref_id if rendered else None,
            area=rendered.area if rendered else None,
        )
        return content

    def on_post_page(self, output, page, config, **kwargs):
        """Drop the indentation Material's templates leave (about 40% of every page)."""
        return compact_html(output)

    def on_post_build(self, config, **kwargs):
        """Put the recorded pages in navigation order and run the site steps."""
        if not self.config.enabled or self.ctx is None:
            return
        ctx = self.ctx
        ctx.site_dir = Path(config.site_dir)
        ctx.pages = [self.records[s] for s in self.rendered if s in self.records] + [
            r for s, r in self.records.items() if s not in self.rendered
        ]
        steps.run_site_steps(ctx)
        if self.report_warnings:
            for problem in ctx.warnings:
                log.warning(str(problem))

    def on_serve(self, server, config, builder, **kwargs):
        """Rebuild the preview whenever anything under data/ changes; reload pages without an inline script."""
        server.watch(str(Path(config.config_file_path).resolve().parent / "data"))
        livereload.attach(server)
        return server


def _nav_extra(config) -> list:
    """Hand-written pages in docs/ keep their place after the generated navigation."""
    extra = []
    docs = Path(config.docs_dir)
    generated = {urls.FRONT, urls.CONTACTS}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if rel in generated or rel.startswith(("planer/", "roller/")):
            continue
        title = path.stem.replace("-", " ").capitalize()
        extra.append({html.escape(title): rel})
    return extra


EVENTS = ("on_config", "on_files", "on_page_markdown", "on_page_content", "on_post_page", "on_post_build", "on_serve")


def bind_hooks(namespace: dict) -> HandbookPlugin:
    """Fill a hook module's namespace with a fresh plugin's event methods (MkDocs loads a hook file anew
    for every configuration, so each configuration gets its own instance)."""
    plugin = HandbookPlugin()
    plugin.load_config({})
    namespace["plugin"] = plugin
    namespace.update({name: getattr(plugin, name) for name in EVENTS})
    return plugin


def find_plugin(config) -> HandbookPlugin | None:
    """The handbook plugin of a loaded MkDocs configuration: listed under plugins, or bound by a hook file."""
    for candidate in config.plugins.values():
        plugin = getattr(candidate, "plugin", candidate)
        if isinstance(plugin, HandbookPlugin):
            return plugin
    return None
