"""The editor's commands as typed: check (--strict), schema, new plan — exit codes and exact lines."""

from __future__ import annotations

from handbook.data import schema

from .helpers import REPO, make_handbook, run_cli

P = "data/plans/nedbrud.yaml"


def test_check_clean_handbook(tmp_path):
    root = make_handbook(tmp_path / "hb")
    result, _ = run_cli(["check", "--strict"], root)
    assert result.returncode == 0
    assert result.stderr.strip() == "handbook check: no problems found"


def test_check_warning_exits_0_and_1_with_strict(tmp_path):
    root = make_handbook(tmp_path / "hb", [(P, "updated: 2026-06-01", "updated: 2020-01-01")])
    for args, code in ((["check", "--today", "2026-11-29"], 0), (["check", "--strict", "--today", "2026-11-29"], 1)):
        result, _ = run_cli(args, root)
        assert result.returncode == code, result.stderr
        lines = result.stderr.splitlines()
        assert lines[0] == (f"{P}:3: updated: warning: plan is past its review date: last updated 2020-01-01, "
                            "review was due 2021-01-01 (review the plan with its owner and set 'updated' "
                            "to the date of the review)")
        assert "Traceback" not in result.stderr


def test_check_error_and_warning_together_exit_1(tmp_path):
    root = make_handbook(tmp_path / "hb", [(P, "who: [chef]", "who: [chfe]"),
                                           (P, "updated: 2026-06-01", "updated: 2020-01-01")])
    result, _ = run_cli(["check", "--today", "2026-11-29"], root)
    assert result.returncode == 1
    assert f"{P}:15: actions[0].steps[0].who: unknown role 'chfe' (did you mean 'chef'?)" in result.stderr
    assert f"{P}:3: updated: warning:" in result.stderr
    assert result.stderr.strip().endswith("1 error, 1 warning in 1 file; fix the errors before building")


def test_schema_command_writes_the_committed_schemas(tmp_path):
    root = make_handbook(tmp_path / "hb")
    result, _ = run_cli(["schema"], root)
    assert result.returncode == 0, result.stderr
    for kind in schema.KINDS:
        name = f"{kind}.schema.json"
        assert f"Wrote schemas/{name}" in result.stderr
        assert (root / "schemas" / name).read_bytes() == (REPO / "schemas" / name).read_bytes()


def test_new_plan_then_check(tmp_path):
    root = make_handbook(tmp_path / "hb")
    result, _ = run_cli(["new", "plan", "stroemsvigt", "--area", "aubo"], root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ("Wrote data/plans/stroemsvigt.yaml: replace every UDFYLD, "
                                     "then run 'handbook check'.")
    ok, _ = run_cli(["check"], root)
    assert ok.returncode == 0 and "placeholder 'UDFYLD' is not filled in" in ok.stderr
    strict, _ = run_cli(["check", "--strict"], root)
    assert strict.returncode == 1
    again, _ = run_cli(["new", "plan", "stroemsvigt", "--area", "aubo"], root)
    assert again.returncode == 1
    assert again.stderr.strip() == ("data/plans/stroemsvigt.yaml:1: (file): plan file already exists, "
                                    "not overwritten (choose another id, or edit the existing file)")


def test_new_plan_unknown_area_and_missing_option(tmp_path):
    root = make_handbook(tmp_path / "hb")
    result, _ = run_cli(["new", "plan", "x", "--area", "abuo"], root)
    assert result.returncode == 1
    assert result.stderr.strip() == "data/handbook.yaml:7: areas: unknown area 'abuo' (did you mean 'aubo'?)"
    usage, _ = run_cli(["new", "plan", "x"], root)
    assert usage.returncode == 2 and "Missing option '--area'" in usage.stderr
    assert not (root / "data/plans/x.yaml").exists()
