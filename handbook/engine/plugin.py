"""The MkDocs adapter: a few hooks that hand MkDocs what the core renders.

Load + validate on ``on_config``, add the generated pages on ``on_files``,
record each page's HTML on ``on_page_content``, and run the site's own
post-build steps (the search index) on ``on_post_build``. Everything else
(PDF, exports, offline files, publishing) happens in ``handbook.pipeline``.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from handbook.checks import areas as area_checks

from handbook.site import changelog

from handbook.site import urls
from handbook.site.context import OTHER, BuildContext, PageRecord, build_info, data_hash
from handbook.site.compact import compact_html
from handbook.data.load import load
from handbook.data.problems import HandbookError
from handbook.site.render import nav, render_pages

log = logging.getLogger("mkdocs.plugins.handbook")

PACKAGE = Path(__file__).resolve().parent.parent / "site"
THEME_DIR = PACKAGE / "theme"
ASSETS_DIR = PACKAGE / "assets"
ASSETS_URL = "assets/handbook"

# The build in progress (MkDocs calls hooks as plain functions, one build at a time).
_state: dict = {}
# A model the caller (handbook.pipeline.validate) already loaded and validated, by data folder.
_preloaded: dict = {}


def preload(root: Path, model) -> None:
    """Hand the next on_config a model already loaded from ``root`` (the YAML is parsed once per build)."""
    _preloaded[Path(root).resolve()] = (data_hash(root), model)


def current() -> BuildContext | None:
    """The BuildContext of the build in progress or last finished in this process."""
    return _state.get("ctx")


def asset_files() -> list[Path]:
    """The package's static assets, copied to ``assets/handbook/`` in every site."""
    return sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file())


def on_config(config, **kwargs):
    """Load and validate the data; configure theme, navigation and assets from it."""
    root = Path(config.config_file_path).resolve().parent
    cached = _preloaded.pop(root, None)
    if cached and cached[0] == data_hash(root):
        model = cached[1]
    else:
        try:
            model = load(root)
        except HandbookError as exc:
            raise Abort("\n" + str(exc) + f"\n{len(exc.problems)} error(s); nothing was built.")
    # A card that spills over one page is no card: say so on every build (also mkdocs build/serve).
    for problem in area_checks.card_warnings(model):
        log.warning(str(problem))
    build = build_info(root)
    pages = render_pages(model, build)
    one_line = {p.src for p in pages}  # pages whose data text never starts a line (render.one_line)
    changes_page, changes = changelog.page_for(root, model, build)
    pages.append(changes_page)

    # Settings the handbook relies on, whatever mkdocs.yml says: links that work
    # from file://, no Google Fonts, Danish.
    config.use_directory_urls = False
    config.theme["font"] = False
    config.theme["language"] = model.handbook.language
    custom = 1 if config.theme.custom_dir else 0
    if str(THEME_DIR) not in config.theme.dirs:
        config.theme.dirs.insert(custom, str(THEME_DIR))
    for ext in ("attr_list", "toc"):
        if ext not in config.markdown_extensions:
            config.markdown_extensions.append(ext)
    if "search" in config.plugins or "material/search" in config.plugins:
        log.warning("Material's search plugin cannot work offline; the handbook ships its own search. "
                    "Remove 'search' from plugins in mkdocs.yml.")

    # MkDocs' templates do not escape: titles are escaped here, once.
    config.site_name = html.escape(model.handbook.title)
    config.site_author = html.escape(model.handbook.editor or model.handbook.organisation)
    config.nav = nav(pages, extra=_nav_extra(config))
    config.extra["handbook"] = {"version": build.version, "built": build.built_at.date().isoformat()}
    for path in asset_files():
        rel = f"{ASSETS_URL}/{path.relative_to(ASSETS_DIR).as_posix()}"
        if path.suffix == ".css" and rel not in config.extra_css:
            config.extra_css.append(rel)
        elif path.suffix == ".js" and rel not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(_deferred(rel))

    ctx = BuildContext(root=root, model=model, build=build, site_dir=Path(config.site_dir),
                       dist_dir=root / "dist", changes=changes)
    _state.clear()
    _state.update(ctx=ctx, rendered={p.src: p for p in pages}, records={}, one_line=one_line)
    return config


def _deferred(path: str):
    from mkdocs.config.config_options import ExtraScriptValue

    script = ExtraScriptValue(path)
    script.defer = True
    return script


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


def on_files(files: Files, config, **kwargs):
    """Add the generated pages and the package's assets to MkDocs' files."""
    rendered = _state["rendered"]
    for src, page in rendered.items():
        existing = files.get_file_from_path(src)
        if existing is not None:
            log.warning(f"docs/{src} is replaced by the page generated from data/")
            files.remove(existing)
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src, content=page.content, inclusion=inclusion))
    for path in asset_files():
        rel = f"{ASSETS_URL}/{path.relative_to(ASSETS_DIR).as_posix()}"
        if files.get_file_from_path(rel) is None:
            files.append(File.generated(config, rel, abs_src_path=str(path)))
    return files


# A generated page is Markdown headings around finished HTML. Python-Markdown would run each
# HTML block through its pure-Python HTML parser only to pass it through unchanged (half of a
# large build); the blocks are set aside here and put back in on_page_content. Safe because
# data text never starts a line of the page source (render.one_line).
_HEADING = re.compile(r"^#{1,6} .*$", re.M)
_PLACEHOLDER = re.compile(r"<p>hbblock(\d+)z</p>")


def _set_aside(markdown: str, blocks: list[str]) -> str:
    out, last = [], 0
    for match in list(_HEADING.finditer(markdown)) + [None]:
        chunk = markdown[last:match.start() if match else len(markdown)]
        if chunk.strip().startswith("<"):
            blocks.append(chunk.strip())
            chunk = f"\n\nhbblock{len(blocks) - 1}z\n\n"
        out.append(chunk)
        if match:
            out.append(match.group(0))
            last = match.end()
    return "".join(out)


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Give generated pages their escaped title; set their HTML blocks aside until on_page_content."""
    rendered = _state["rendered"].get(page.file.src_uri)
    if rendered is not None and not rendered.in_nav:
        page.title = html.escape(rendered.title)
    if page.file.src_uri in _state.get("one_line", ()):
        blocks: list[str] = []
        markdown = _set_aside(markdown, blocks)
        _state.setdefault("blocks", {})[page.file.src_uri] = blocks
    return markdown


def on_page_content(content, page, config, files, **kwargs):
    """Record each page's article HTML for the search index, the PDF and the exports."""
    src = page.file.src_uri
    rendered = _state["rendered"].get(src)
    blocks = _state.get("blocks", {}).pop(src, None)
    if blocks:
        content = _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], content)
    _state["records"][src] = PageRecord(
        url=page.file.dest_uri,
        title=rendered.title if rendered else html.unescape(page.title or ""),
        kind=rendered.kind if rendered else OTHER,
        html=content,
        ref_id=rendered.ref_id if rendered else None,
        area=rendered.area if rendered else None,
    )
    return content


def on_post_page(output, page, config, **kwargs):
    """Drop the indentation Material's templates leave (about 40% of every page)."""
    return compact_html(output)


def on_post_build(config, **kwargs):
    """Put the recorded pages in navigation order and run the site's own post-build steps."""
    ctx: BuildContext = _state["ctx"]
    ctx.site_dir = Path(config.site_dir)
    order = list(_state["rendered"])
    records = _state["records"]
    ctx.pages = [records[s] for s in order if s in records] + [
        r for s, r in records.items() if s not in _state["rendered"]]
    from handbook.pipeline import site_steps

    site_steps(ctx)


def on_serve(server, config, builder, **kwargs):
    """Rebuild the preview whenever anything under data/ changes."""
    server.watch(str(Path(config.config_file_path).resolve().parent / "data"))
    return server
