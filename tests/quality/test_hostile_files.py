"""Hostile files in a whole build (issue 14): links out of docs/ and a print that never ends publish nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.editor.helpers import run_cli, tree_digest

SECRET = "secret-outside-the-handbook-3141"


def _previous_edition(root: Path) -> dict:
    """A published edition that every failed build must leave byte for byte; returns its digest."""
    for name in ("site", "dist"):
        (root / name).mkdir()
        (root / name / "index.html").write_text(f"<p>forrige udgave af {name}</p>\n", encoding="utf-8")
    return {name: tree_digest(root / name) for name in ("site", "dist")}


def _links_out(root: Path, outside: Path) -> None:
    outside.mkdir()
    (outside / "secret.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    docs = root / "docs"
    (docs / "passwd.md").symlink_to("/etc/passwd")
    (docs / "udenfor").symlink_to(outside)
    (docs / "zero.md").symlink_to("/dev/zero")


@pytest.mark.slow
def test_links_out_of_docs_fail_the_build_and_publish_nothing(seed_copy, tmp_path):
    before = _previous_edition(seed_copy)
    _links_out(seed_copy, tmp_path / "outside")
    result, _ = run_cli(["build", "--no-pdf"], seed_copy, timeout=300)
    assert result.returncode == 1, result.stderr
    hint = "(copy the file into the handbook folder instead of linking to it)"
    assert result.stderr.splitlines() == [
        f"docs/passwd.md:1: (file): is a link to /etc/passwd, outside the handbook folder {hint}",
        "",
        f"docs/udenfor:1: (file): is a link to {tmp_path / 'outside'}, outside the handbook folder {hint}",
        "",
        f"docs/zero.md:1: (file): is a link to /dev/zero, outside the handbook folder {hint}",
        "3 errors; nothing was built or changed.",
    ]
    assert {name: tree_digest(seed_copy / name) for name in ("site", "dist")} == before
    assert [p.name for p in seed_copy.iterdir() if p.name.startswith(".handbook-")] == []


@pytest.mark.slow
def test_plain_mkdocs_build_refuses_links_out_of_docs(seed_copy, tmp_path):
    _links_out(seed_copy, tmp_path / "outside")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=seed_copy,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "docs/passwd.md:1: (file): is a link to /etc/passwd, outside the handbook folder" in output
    assert "3 error(s); nothing was built." in output
    published = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    leaked = [p for p in published if SECRET in p.read_text(errors="replace") or "root:" in p.read_text(errors="replace")]
    assert leaked == []


@pytest.mark.slow
@pytest.mark.browser
def test_a_print_over_the_time_limit_fails_the_build_naming_its_pages(seed_copy):
    """HANDBOOK_PRINT_TIMEOUT set far below any real print: the build must stop, not wait."""
    before = _previous_edition(seed_copy)
    result, _ = run_cli(["build"], seed_copy, timeout=600, env={"HANDBOOK_PRINT_TIMEOUT": "0.001"})
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"Error: PDF: printing '.+' took longer than 0\.001 s \(look for a very long text on these "
                        r"pages; HANDBOOK_PRINT_TIMEOUT sets the limit\); nothing was published", last), last
    assert "Traceback" not in result.stderr
    assert {name: tree_digest(seed_copy / name) for name in ("site", "dist")} == before
    assert [p.name for p in seed_copy.iterdir() if p.name.startswith(".handbook-")] == []
