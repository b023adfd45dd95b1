"""Helpers for the import tests: empty handbooks and copies of the shipped one, the CLI as a subprocess."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, copy_handbook

FIXTURES = Path(__file__).parent / "fixtures"
HANDBOOK = [sys.executable, "-m", "handbook.cli"]


def run_import(root: Path, *args: str):
    """Run ``handbook import ARGS`` in the handbook folder ``root``."""
    return subprocess.run(HANDBOOK + ["import", *args], cwd=root, capture_output=True, text=True, timeout=300)


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root/data with the hash of its bytes."""
    data = root / "data"
    if not data.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def empty_handbook(tmp_path) -> Path:
    """A handbook folder with the site's mkdocs.yml and an empty docs/, and no data yet."""
    root = tmp_path / "empty"
    root.mkdir()
    shutil.copy2(SHIPPED / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    return root


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    """A fresh copy of the shipped seed handbook (the frozen fixture)."""
    return copy_handbook(SHIPPED, tmp_path / "shipped")


def page(tmp_path: Path, name: str, text: str) -> Path:
    """A page file written for one test."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
