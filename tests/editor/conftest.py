"""Fixtures for the editors' workflow tests."""

from __future__ import annotations

import pytest

from .helpers import make_handbook


@pytest.fixture
def handbook_dir(tmp_path, monkeypatch):
    """A fresh copy of the clean mini handbook; the working folder is the copy (short paths)."""
    root = make_handbook(tmp_path / "hb")
    monkeypatch.chdir(root)
    return root
