"""Helpers for the area tests: fixture handbooks with one file swapped, and problems as the editor sees them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from handbook.checks import areas as area_checks
from handbook.data.load import load, load_with_problems

FIXTURES = Path(__file__).parent / "fixtures"


def in_root(root: Path, fn):
    """Run ``fn(Path("."))`` inside ``root`` so problems name files as the editor types them."""
    old = os.getcwd()
    os.chdir(root)
    try:
        return fn(Path("."))
    finally:
        os.chdir(old)


def problems(root: Path) -> list[str]:
    """The loader's problems for a handbook folder, as printed lines."""
    return [str(p) for p in in_root(root, load_with_problems)[1]]


def warnings(root: Path) -> list[str]:
    """The area warnings for a handbook folder, as printed lines."""
    return [str(p) for p in in_root(root, lambda r: area_checks.warnings(load(r)))]


@pytest.fixture
def swap(multi_copy):
    """Replace (or, with None, delete) files of the multi fixture: ``swap({"data/areas/x.yaml": text})``."""
    def apply(files: dict[str, str | Path | None]) -> Path:
        for rel, content in files.items():
            target = multi_copy / rel
            if content is None:
                target.unlink()
            elif isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
        return multi_copy
    return apply
