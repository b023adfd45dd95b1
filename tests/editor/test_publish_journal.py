"""A crafted .publish-journal.json (issue 14): recovery acts only on names a publish creates, inside the folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from handbook import publish as pub

from .helpers import make_handbook, run_cli, tree_digest

HINT = ("publishing writes only names it creates inside the handbook folder; if no build is running, "
        "check site/ and dist/ and delete the journal")


def _published(root: Path) -> None:
    for name in ("site", "dist"):
        (root / name).mkdir()
        (root / name / "VERSION").write_text(f"v1 {name}\n")


def _identity(path: Path) -> list[int]:
    st = os.lstat(path)
    return [st.st_dev, st.st_ino]


def _journal(root: Path, *pairs: dict) -> None:
    (root / pub.JOURNAL).write_text(json.dumps({"pairs": list(pairs)}), encoding="utf-8")


def _pair(name: str, **changes) -> dict:
    pair = {"name": name, "staging": f"{pub.STAGING_PREFIX}20261129-101010-0a1b2c3d/{name}",
            "new": [0, 0], "had_live": True, "aside": f"{pub.ASIDE_PREFIX}0a1b2c3d-{name}"}
    pair.update(changes)
    return pair


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != pub.PUBLISH_LOCK)


def _state(root: Path, outside: Path) -> dict:
    return {"root": _names(root), "outside": _names(outside),
            "site": tree_digest(root / "site"), "dist": tree_digest(root / "dist")}


@pytest.fixture
def folders(tmp_path, monkeypatch):
    root, outside = tmp_path / "hb", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the website\n")
    _published(root)
    monkeypatch.chdir(root)
    return root, outside


def test_a_journal_that_would_move_dist_out_of_the_folder_is_refused(folders):
    root, outside = folders
    # Before the fix: site/ is "not committed", so recovery "swaps back" dist/ by renaming it
    # to the staging path the journal names, here a folder outside the handbook.
    _journal(root, _pair("dist", staging=str(outside / "dist"), new=_identity(root / "dist"), had_live=False),
             _pair("site"))
    before = _state(root, outside)
    with pytest.raises(pub.PublishError) as caught:
        pub.recover(root)
    assert str(caught.value) == (
        f".publish-journal.json:1: (file): refused to recover an interrupted publish: 'staging' is "
        f"'{outside / 'dist'}', not a build's {pub.STAGING_PREFIX}…/dist in the folder ({HINT})")
    assert _state(root, outside) == before


def test_a_journal_that_would_move_an_outside_folder_in_is_refused(folders):
    root, outside = folders
    os.rename(root / "site", root / "site-kept")
    # Before the fix: site/ is missing and the "aside" exists, so recovery renames it to site/.
    _journal(root, _pair("site", aside=str(outside)))
    before = {"root": _names(root), "outside": _names(outside)}
    with pytest.raises(pub.PublishError, match="'aside' is "):
        pub.recover(root)
    assert {"root": _names(root), "outside": _names(outside)} == before
    assert not (root / "site").exists()


@pytest.mark.parametrize("pair,says", [
    (_pair("site", staging="../outside/site"), "'staging' is '../outside/site'"),
    (_pair("site", staging=f"{pub.STAGING_PREFIX}x/../../outside/site"), "'staging' is "),
    (_pair("site", staging="site"), "'staging' is 'site'"),
    (_pair("site", aside="../outside"), "'aside' is '../outside'"),
    (_pair("site", aside=f"{pub.ASIDE_PREFIX}0a1b2c3d-dist"), "'aside' is "),
    (_pair("../outside"), "'name' is '../outside'"),
    (_pair("data"), "'name' is 'data'"),
    (_pair("site", new="x"), "'new' is 'x'"),
    (_pair("site", had_live="yes"), "'had_live' is not true or false"),
    (dict(_pair("site"), extra=1), "an entry does not have the keys publishing writes"),
], ids=["dotdot-staging", "dotdot-inside-staging", "staging-is-live", "dotdot-aside", "aside-of-other",
        "dotdot-name", "unknown-name", "bad-identity", "bad-flag", "extra-key"])
def test_every_name_publishing_never_writes_is_refused(folders, pair, says):
    root, outside = folders
    _journal(root, pair)
    before = _state(root, outside)
    with pytest.raises(pub.PublishError) as caught:
        pub.recover(root)
    assert says in str(caught.value)
    assert _state(root, outside) == before


def test_a_staging_or_aside_link_is_refused(folders):
    root, outside = folders
    staging = root / f"{pub.STAGING_PREFIX}20261129-101010-0a1b2c3d"
    staging.symlink_to(outside)
    _journal(root, _pair("site", new=[1, 2]))
    with pytest.raises(pub.PublishError, match="is a link; publishing never makes one"):
        pub.recover(root)
    staging.unlink()
    (root / f"{pub.ASIDE_PREFIX}0a1b2c3d-site").symlink_to(outside)
    with pytest.raises(pub.PublishError, match="is a link; publishing never makes one"):
        pub.recover(root)
    assert (outside / "secret.txt").is_file()


def test_a_journal_that_is_a_link_to_a_device_is_refused_unread(folders):
    root, _ = folders
    (root / pub.JOURNAL).symlink_to("/dev/zero")
    with pytest.raises(pub.PublishError, match="the journal is not an ordinary file"):
        pub.recover(root)


def test_a_journal_publishing_wrote_is_still_recovered(folders):
    """The checks take nothing from a real journal: a publish killed after the dist swap is undone."""
    root, _ = folders
    with pub.staging(root) as st:
        (st.site / "VERSION").write_text("v2 site\n")
        (st.dist / "VERSION").write_text("v2 dist\n")
        real_swap = pub._swap_in

        class Died(Exception):
            pass

        def swap_dist_then_die(r, pair):
            real_swap(r, pair)
            raise Died()

        pub._swap_in = swap_dist_then_die
        try:
            with pytest.raises(Died):
                pub.publish(st.site, st.dist, root)
        finally:
            pub._swap_in = real_swap
        assert (root / pub.JOURNAL).exists()
        pub.recover(root)
    assert (root / "site" / "VERSION").read_text() == "v1 site\n"
    assert (root / "dist" / "VERSION").read_text() == "v1 dist\n"
    assert not (root / pub.JOURNAL).exists()


def test_handbook_build_stops_at_a_crafted_journal(tmp_path):
    root = make_handbook(tmp_path / "hb")
    _published(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    _journal(root, _pair("dist", staging=str(outside / "dist"), new=_identity(root / "dist"), had_live=False),
             _pair("site"))
    before = {name: tree_digest(root / name) for name in ("site", "dist")}
    result, _ = run_cli(["build", "--no-pdf"], root, timeout=300)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: .publish-journal.json:1: (file): refused to recover an interrupted publish: 'staging' is "
        f"'{outside / 'dist'}', not a build's {pub.STAGING_PREFIX}…/dist in the folder ({HINT})")
    assert {name: tree_digest(root / name) for name in ("site", "dist")} == before
    assert list(outside.iterdir()) == []
