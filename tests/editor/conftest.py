"""Fixtures for the editors' workflow tests: a small clean handbook copied into a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
REPO = HERE.parent.parent


def make_handbook(dest: Path, edits=(), base: Path = MINI) -> Path:
    """Copy ``base`` to ``dest`` and apply ``edits``: (file, old, new) text replacements."""
    shutil.copytree(base, dest, dirs_exist_ok=True)
    for rel, old, new in edits:
        path = dest / rel
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if old:
            assert old in text, f"fixture edit: {old!r} not in {rel}"
            text = text.replace(old, new, 1)
        else:
            text += new
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture
def handbook_dir(tmp_path, monkeypatch):
    """A fresh copy of the clean mini handbook; the working folder is the copy (short paths)."""
    root = make_handbook(tmp_path / "hb")
    monkeypatch.chdir(root)
    return root
