"""One Jinja2 environment factory for every template: the site's pages, the PDFs and the wallet card.

Autoescape is always on and an undefined name is an error, so a typo in a
template fails the build instead of printing a blank where a number should be.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from handbook.data.dates import danish_date, long_date


def environment(folder: Path, **options) -> jinja2.Environment:
    """A Jinja2 environment loading templates from ``folder``: autoescape, StrictUndefined, Danish dates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        **options,
    )
    env.filters.update(ddate=danish_date, longdate=long_date)
    return env
