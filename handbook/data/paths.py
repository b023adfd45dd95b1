"""Paths as the editor sees them in messages."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """A path as the editor can click it: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()
