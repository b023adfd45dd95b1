"""The adapter is an ordinary MkDocs hook: plain `mkdocs build` builds the same site (without PDFs)."""

from __future__ import annotations

import subprocess
import sys


def test_plain_mkdocs_build_uses_the_hooks(seed_copy):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=seed_copy,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    site = seed_copy / "site"
    assert (site / "planer/aubo/it-nedbrud.html").is_file()
    assert (site / "search/handbook-index.js").is_file()
    assert "Claus Mercebach" in (site / "kontakter.html").read_text(encoding="utf-8")
