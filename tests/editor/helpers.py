"""Helpers for the editors' workflow tests: small handbooks in temp folders, the CLI as a subprocess."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
CORPUS = HERE / "corpus"
REPO = HERE.parent.parent
HANDBOOK = [sys.executable, "-m", "handbook.cli"]


def make_handbook(dest: Path, edits=(), base: Path = MINI) -> Path:
    """Copy ``base`` (with the repo's mkdocs.yml and hooks) to ``dest``; apply (file, old, new) edits."""
    shutil.copytree(base, dest, dirs_exist_ok=True)
    for name in ("mkdocs.yml", "hooks"):
        if not (dest / name).exists():
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, dest / name)
    (dest / "docs").mkdir(exist_ok=True)
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


def run_cli(args, cwd: Path, timeout: float = 300, env=None):
    """Run ``handbook ARGS`` in ``cwd``; return (CompletedProcess, seconds)."""
    started = time.perf_counter()
    full_env = dict(os.environ, **(env or {}))
    result = subprocess.run(HANDBOOK + list(args), cwd=cwd, capture_output=True, text=True,
                            timeout=timeout, env=full_env)
    return result, time.perf_counter() - started


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path → sha256), for byte-for-byte comparisons."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
