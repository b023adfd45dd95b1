"""`handbook build` end to end with the editors' pieces wired in: safe publishing under SIGKILL,
the change log after a rebuild, the snapshot and the CSV in the site.

These need the pipeline to call handbook.publish and the change log/export steps
(see the integration snippets in the editor helper's report).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time

import pytest

from handbook import publish
from handbook.site import changelog

from .helpers import HANDBOOK, make_handbook, run_cli, tree_digest

C = "data/contacts.yaml"
ENV = {"SOURCE_DATE_EPOCH": "1764417600"}  # 29.11.2025 12:00 UTC: equal data builds equal bytes


def set_number(root, number: str) -> None:
    path = root / C
    text = path.read_text("utf-8")
    start = text.index("    phone: ", text.index("bo-admin:"))
    end = text.index("\n", start)
    path.write_text(text[:start] + f"    phone: {number}" + text[end:], encoding="utf-8")


def build(root):
    result, seconds = run_cli(["build"], root, env=ENV)
    assert result.returncode == 0, result.stderr
    return seconds


def test_the_pipeline_publishes_through_handbook_publish(tmp_path, monkeypatch):
    from handbook import pipeline

    root = make_handbook(tmp_path / "hb")
    calls = []
    real = publish.publish
    monkeypatch.setattr(publish, "publish", lambda s, d, r: calls.append((s, d, r)) or real(s, d, r))
    pipeline.build(root / "mkdocs.yml", pdf=False)
    assert len(calls) == 1 and calls[0][2].resolve() == root.resolve()
    assert (root / "site" / "index.html").is_file()
    assert not [p for p in root.iterdir() if p.name.startswith(".handbook-")]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The mini handbook built, a number changed, and built again."""
    root = make_handbook(tmp_path_factory.mktemp("rebuild") / "hb")
    build(root)
    snapshot = root / "site" / changelog.SNAPSHOT_FILE
    first = snapshot.read_text("utf-8") if snapshot.exists() else ""
    set_number(root, "72 36 92 46")
    build(root)
    return root, first


def test_change_log_names_the_renumbered_contact_after_a_rebuild(rebuilt):
    root, _ = rebuilt
    page = (root / "site" / "aendringer.html").read_text("utf-8")
    assert "Administrator Bo Admin" in page
    assert "Telefon: 72 36 92 45 → 72 36 92 46" in page
    assert "1 kontakt ændret" in page


def test_snapshot_and_csv_are_in_the_site(rebuilt):
    root, first = rebuilt
    assert '"72 36 92 45"' in first, "the first build stored no handbook-data.json"
    snap = changelog.load_previous(root / "site")
    assert snap["contacts"]["bo-admin"]["numbers"] == ["72 36 92 46"]
    csv = (root / "site" / "contacts.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbfNavn;Titel;Telefon;Mobil;E-mail;Type\r\n")
    assert b"Bo Admin;Administrator;72 36 92 46;;;Person" in csv


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_the_last_good_site(tmp_path):
    """Kill `handbook build` at random moments; site/ is always exactly the last successful build."""
    root = make_handbook(tmp_path / "hb")
    duration = build(root)
    good = {"site": tree_digest(root / "site"), "dist": tree_digest(root / "dist")}
    last_good = tmp_path / "last-good-site"
    shutil.copytree(root / "site", last_good)
    rng = random.Random(11)
    kills, completed, attempt, swapped, delays = 0, 0, 0, 0, []
    while (kills < 10 or completed < 1) and attempt < 40:
        attempt += 1
        set_number(root, f"72 36 92 {10 + attempt}")
        child = subprocess.Popen(HANDBOOK + ["build"], cwd=root, env=dict(os.environ, **ENV),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Mostly inside the build, sometimes after it: some builds complete and become the new edition.
        delay = rng.uniform(0.1, 1.3) * duration
        if kills >= 10 and not completed:
            delay = None  # enough kills: let one build finish (however loaded the machine), so the edition moves on
        delays.append(round(delay, 2) if delay is not None else "finish")
        if delay is not None:
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=300)
        now = tree_digest(root / "site")
        if child.returncode == 0:
            completed += 1  # finished before the kill: this is the new last good edition
        else:
            assert child.returncode == -signal.SIGKILL, err
            kills += 1
            if now != good["site"]:
                swapped += 1
                # Killed after site/ was swapped in: it must then be the complete new edition.
                # Built again from the same data and the same previous edition, it must be identical.
                check_root = make_handbook(tmp_path / f"again{attempt}")
                (check_root / C).write_text((root / C).read_text("utf-8"), encoding="utf-8")
                shutil.copytree(last_good, check_root / "site")
                build(check_root)
                assert now == tree_digest(check_root / "site"), f"attempt {attempt}: site/ is a mix"
        publish.recover(root)  # what the next build does first
        good = {"site": tree_digest(root / "site"), "dist": tree_digest(root / "dist")}
        shutil.rmtree(last_good)
        shutil.copytree(root / "site", last_good)
        assert good["site"] and (root / "site" / "index.html").is_file()
        assert not [p.name for p in root.iterdir() if p.name.startswith((".handbook-", ".publish-journal"))]
    # What happened, for whoever reads a failure (kept in the test's temp folder, never in the repository).
    (tmp_path / "kill-test.json").write_text(json.dumps({
        "build_seconds": round(duration, 2), "attempts": attempt, "killed": kills, "completed": completed,
        "killed_after_site_swap": swapped, "delays": delays}, indent=1))
    assert kills >= 10, f"only {kills} builds were interrupted ({completed} completed)"
    assert completed >= 1, "no build completed between the kills"
