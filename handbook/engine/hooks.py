"""The adapter's hook functions under absolute imports, loadable by MkDocs as a hook file."""

from handbook.engine.plugin import (  # noqa: F401  (MkDocs looks the hooks up by name)
    on_config,
    on_files,
    on_page_content,
    on_page_markdown,
    on_post_page,
    on_post_build,
    on_serve,
)

__all__ = [name for name in dir() if name.startswith("on_")]
