"""The `handbook` command as an editor uses it: exit codes, one line per problem, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HANDBOOK = [sys.executable, "-m", "handbook.cli"]


def run(args, cwd: Path):
    return subprocess.run(HANDBOOK + args, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_check_passes_on_the_seed(seed_copy):
    result = run(["check"], seed_copy)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_misspelt_role_unknown_key_and_placeholder_at_once(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("who: [medarbejder]\n    - text: Superbruger", "who: [medarbejdr]\n    - text: Superbruger")
    text = text.replace("editor: Marianne", "redaktoer: Marianne")
    plan.write_text(text, encoding="utf-8")
    contacts = seed_copy / "data/contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("    vacant: true", "    phone: 72 36 XX XX"),
                        encoding="utf-8")
    result = run(["check"], seed_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == ("data/contacts.yaml:8: people.stabsleder.phone: placeholder or letters in phone number "
                        "'72 36 XX XX' (write the real number, or mark the position vacant with 'vacant: true' "
                        "and no number)")
    assert "data/plans/it-nedbrud.yaml:7: redaktoer: unknown key 'redaktoer' (did you mean 'editor'?)" in lines
    assert lines[-1] == "handbook check: 2 errors, 0 warnings in 2 files; fix the errors before building"


def test_check_reports_misspelt_role_with_suggestion(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("who: [medarbejder]\n    - text: Superbruger", "who: [medarbejdr]\n    - text: Superbruger")
    plan.write_text(text, encoding="utf-8")
    result = run(["check"], seed_copy)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "data/plans/it-nedbrud.yaml:21: alerting.steps[0].who: unknown role 'medarbejdr' "
        "(did you mean 'medarbejder'?)")


def test_build_from_another_folder_writes_next_to_the_config(multi_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(["build", "--no-pdf", "-f", str(multi_copy / "mkdocs.yml")], elsewhere)
    assert result.returncode == 0, result.stderr
    assert (multi_copy / "site/index.html").is_file()
    assert not (elsewhere / "site").exists()


def test_failed_build_leaves_the_site_untouched(seed_copy):
    assert run(["build", "--no-pdf"], seed_copy).returncode == 0
    before = {p: p.read_bytes() for p in (seed_copy / "site").rglob("*") if p.is_file()}
    contacts = seed_copy / "data/contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("72 36 92 45", "72 36 92"), encoding="utf-8")
    result = run(["build", "--no-pdf"], seed_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("data/contacts.yaml:")
    after = {p: p.read_bytes() for p in (seed_copy / "site").rglob("*") if p.is_file()}
    assert after == before


def test_missing_config_is_one_line(tmp_path):
    result = run(["check", "-f", str(tmp_path / "nope.yml")], tmp_path)
    assert result.returncode == 1
    assert "file not found" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_broken_mkdocs_yml_is_one_line_with_its_line(seed_copy):
    config = seed_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material", "  name: [material"),
                      encoding="utf-8")
    result = run(["build", "--no-pdf"], seed_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: mkdocs.yml:") and ": (file): YAML syntax: " in lines[0]
