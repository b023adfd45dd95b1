"""One PDF build of the shipped seed per test session, shared by every PDF test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed_model():
    """The shipped seed data, loaded."""
    from handbook.load import load

    return load(ROOT)


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory, seed_model):
    """A BuildContext of the seed (hand-made pages) after ``handbook.pdf.build_all`` ran once."""
    from pages import pages

    from handbook.context import BuildContext, build_info
    from handbook.pdf import build_all

    site = tmp_path_factory.mktemp("site")
    ctx = BuildContext(ROOT, seed_model, build_info(ROOT), site, site.parent / "dist", pages(seed_model))
    ctx.changes_summary = "Første udgave af den trykte håndbog."
    written = build_all(ctx)
    return ctx, written
