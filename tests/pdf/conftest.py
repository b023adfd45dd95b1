"""PDF builds shared by the PDF tests: the real seed build, printed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHIPPED

ROOT = Path(__file__).resolve().parents[2]


def printed(ctx):
    """Run the PDF step on a finished build unless the pipeline already did; return what it wrote."""
    from handbook.pdf import build_all

    site = Path(ctx.site_dir)
    names = ["handbook.pdf", "wallet-card.pdf", "contacts.vcf"]
    if all((site / n).exists() for n in names):
        return [site / n for n in names] + sorted((site / "pdf").glob("*.pdf"))
    return build_all(ctx)


@pytest.fixture(scope="session")
def seed_model():
    """The shipped seed data, loaded."""
    from handbook.data.load import load

    return load(SHIPPED)


@pytest.fixture(scope="session")
def pdf_build(seed_build):
    """The shipped seed, built by the pipeline, with its PDFs, wallet card and vCards."""
    return seed_build, printed(seed_build)


@pytest.fixture(scope="session")
def multi_pdf_build(multi_build):
    """The 3-area fixture handbook with its PDFs."""
    return multi_build, printed(multi_build)
