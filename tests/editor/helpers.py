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
SHIPPED = REPO / "tests" / "fixtures" / "shipped"
HANDBOOK = [sys.executable, "-m", "handbook.cli"]


def make_handbook(dest: Path, edits=(), base: Path = MINI) -> Path:
    """Copy ``base`` (with the repo's mkdocs.yml and hooks) to ``dest``; apply (file, old, new) edits."""
    shutil.copytree(base, dest, dirs_exist_ok=True)
    for name in ("mkdocs.yml", "hooks"):
        if not (dest / name).exists():
            src = (SHIPPED if name == "mkdocs.yml" else REPO) / name
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


def corpus_cases() -> list[Path]:
    """The folders of the corpus of broken inputs, in order."""
    return sorted(p for p in CORPUS.iterdir() if (p / "case.yaml").is_file())


def _generate(kind: str, root: Path) -> None:
    """Inputs too large or too odd to commit, made at test time."""
    plan = root / "data/plans/nedbrud.yaml"
    if kind == "latin1":
        text = plan.read_text("utf-8").replace("Systemet er nede.", "Systemet er nede på Ærø.")
        plan.write_bytes(text.encode("latin-1"))
    elif kind == "utf16":
        path = root / "data/handbook.yaml"
        path.write_bytes(path.read_text("utf-8").encode("utf-16"))
    elif kind == "big":
        line = "    - Indsat fra regnearket: 72 36 00 00; 72 36 00 01; 72 36 00 02; 72 36 00 03\n"
        text = plan.read_text("utf-8").replace("  summary: Systemet er nede.\n",
                                               "  summary: Systemet er nede.\n  text:\n")
        head, _, tail = text.partition("  text:\n")
        body = line * (10 * 1024 * 1024 // len(line) + 1)
        plan.write_text(head + "  text:\n" + body + tail, encoding="utf-8")
    elif kind == "newline-name":
        shutil.copy2(plan, plan.with_name("evil\n.yaml"))
    elif kind == "deep":
        text = plan.read_text("utf-8")
        plan.write_text(text.replace("  summary: Systemet er nede.\n",
                                     "  summary: " + "[" * 600 + "]" * 600 + "\n"), encoding="utf-8")
    elif kind == "long-step":
        text = plan.read_text("utf-8")
        plan.write_text(text.replace("Chefen informeres.", "x" * 1024 * 1024), encoding="utf-8")
    elif kind == "link-outside":
        outside = root.parent / "outside.yaml"  # next to the handbook folder, not inside it
        outside.write_text(plan.read_text("utf-8").replace("title: Nedbrud", "title: Udefra"), encoding="utf-8")
        (plan.parent / "passwd.yaml").symlink_to(outside)
    elif kind == "fifo":
        os.mkfifo(plan.parent / "pipe.yaml")
    elif kind == "dev-zero":
        (plan.parent / "zero.yaml").symlink_to("/dev/zero")
    else:
        raise ValueError(kind)


def make_corpus_case(case_dir: Path, dest: Path) -> tuple[Path, dict]:
    """The mini handbook with one corpus case applied; returns the folder and the case's description."""
    import yaml

    case = yaml.safe_load((case_dir / "case.yaml").read_text("utf-8"))
    root = make_handbook(dest, [tuple(e) for e in case.get("edit", [])])
    for src, target in case.get("copy", []):
        shutil.copy2(root / src, root / target)
    overlay = case_dir / "data"
    if overlay.is_dir():
        shutil.copytree(overlay, root / "data", dirs_exist_ok=True)
    for rel in case.get("delete", []):
        path = root / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    if case.get("generate"):
        _generate(case["generate"], root)
    return root, case
