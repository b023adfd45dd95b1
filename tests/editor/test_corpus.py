"""The corpus of broken inputs: each gives exit 1, FILE:LINE, no traceback, quickly, and site/ untouched.

Each folder in ``tests/editor/corpus/`` is one mistake applied to the clean mini
handbook (``case.yaml``: the edits, the expected ``FILE:LINE:`` and message).
Very large or non-UTF-8 inputs are generated at test time. A case marked
``known_gap`` documents a message the loader gets wrong; it is an expected
failure (strict: it turns red once the loader is fixed, so the mark is removed).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from handbook.checks import report as check

from .helpers import corpus_cases, make_corpus_case, run_cli, tree_digest

CASES = corpus_cases()
HANG_SECONDS = 120  # a guard against hangs (the subprocess is killed), not a speed target
LOCATED = re.compile(r"^(data[^:\n]*):(\d+): ", re.M)


def _case_param(path):
    import yaml

    case = yaml.safe_load((path / "case.yaml").read_text("utf-8"))
    marks = [pytest.mark.xfail(strict=True, reason=case["known_gap"])] if case.get("known_gap") else []
    return pytest.param(path, id=path.name, marks=marks)


PARAMS = [_case_param(p) for p in CASES]


def test_the_corpus_covers_every_kind_of_mistake():
    names = " ".join(p.name for p in CASES)
    assert len(CASES) >= 30
    for kind in ("yaml", "tab", "expected", "unknown-key", "unknown-role", "duplicate-key", "duplicate-id",
                 "impossible-date", "invalid-phone", "placeholder", "empty-file", "missing-file", "not-utf8",
                 "billion-laughs", "ten-megabytes"):
        assert kind in names, kind


@pytest.mark.parametrize("case_dir", PARAMS)
def test_message_names_file_line_and_mistake(case_dir, tmp_path, monkeypatch):
    root, case = make_corpus_case(case_dir, tmp_path / "hb")
    monkeypatch.chdir(root)
    report = check.run(root, dt.date(2026, 11, 29))
    assert report.exit_code == 1
    lines = [str(p) for p in report.errors]
    assert any(ln.startswith(case["expect"] + " ") and case["says"] in ln for ln in lines), \
        f"expected {case['expect']} … {case['says']!r}, got:\n" + "\n".join(lines)



@pytest.mark.slow
@pytest.mark.parametrize("case_dir", PARAMS)
def test_check_and_build_fail_cleanly_and_leave_site_alone(case_dir, tmp_path):
    root, case = make_corpus_case(case_dir, tmp_path / "hb")
    # A previously published edition: it must survive the failed build byte for byte.
    for name in ("site", "dist"):
        (root / name / "planer").mkdir(parents=True)
        (root / name / "index.html").write_text(f"<p>forrige udgave af {name}</p>\n")
        (root / name / "planer" / "nedbrud.html").write_bytes(b"\x00\x01 binary \xff")
    before = {name: tree_digest(root / name) for name in ("site", "dist")}
    for command in ("check", "build"):
        result, _ = run_cli([command], root, timeout=HANG_SECONDS)
        output = result.stdout + result.stderr
        assert result.returncode == 1, f"{command}: exit {result.returncode}\n{output}"
        assert "Traceback" not in output, output
        assert LOCATED.search(output), f"{command}: no FILE:LINE in\n{output}"
        assert any(ln.startswith(case["expect"] + " ") and case["says"] in ln for ln in output.splitlines()), \
            f"{command}: {case['expect']} … {case['says']!r} missing in\n{output}"
    assert {name: tree_digest(root / name) for name in ("site", "dist")} == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".handbook-")]
    assert leftovers == [], "a failed build left staging folders behind"
