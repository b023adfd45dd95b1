"""MkDocs hooks for the handbook: a thin adapter; the work is done in the `handbook` package."""

from handbook.mkdocs_hooks import (  # noqa: F401  (MkDocs looks the hooks up by name)
    on_config,
    on_files,
    on_page_content,
    on_page_markdown,
    on_post_page,
    on_post_build,
    on_serve,
)
