"""MkDocs hooks for the handbook: a thin adapter; the work is done in the `handbook` package."""

from handbook.engine.hooks import *  # noqa: F401,F403  (MkDocs looks the hooks up by name)
