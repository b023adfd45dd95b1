"""Safe publishing: site/ and dist/ change only as a whole, whatever moment a build dies."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from handbook import publish as pub

N_SITE = 200  # files per staged site in the kill test: enough that a publish takes a while


def stage(root: Path, version: str, n: int = 3) -> pub.Staging:
    """A staging folder whose every file says which version it belongs to."""
    st = pub.staging(root)
    for i in range(n):
        (st.site / f"page{i}.html").write_text(f"{version} {i}\n")
    (st.site / "VERSION").write_text(version)
    (st.dist / "handbook.pdf").write_text(f"{version} pdf\n")
    (st.dist / "VERSION").write_text(version)
    return st


def version_of(root: Path, n: int = 3) -> str:
    """The one version that site/ and dist/ both hold completely (fails on any mix)."""
    site, dist = root / "site", root / "dist"
    v = (site / "VERSION").read_text()
    files = sorted(p.name for p in site.iterdir())
    assert files == sorted([f"page{i}.html" for i in range(n)] + ["VERSION"]), files
    for i in range(n):
        assert (site / f"page{i}.html").read_text() == f"{v} {i}\n"
    assert (dist / "VERSION").read_text() == v, "site/ and dist/ are from different builds"
    assert (dist / "handbook.pdf").read_text() == f"{v} pdf\n"
    return v


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name not in ("site", "dist", pub.PUBLISH_LOCK, "VERSION-OK"))


def test_first_and_second_publish(tmp_path):
    with stage(tmp_path, "v1") as st:
        pub.publish(st.site, st.dist, tmp_path)
    assert version_of(tmp_path) == "v1"
    with stage(tmp_path, "v2") as st:
        pub.publish(st.site, st.dist, tmp_path)
    assert version_of(tmp_path) == "v2"
    assert leftovers(tmp_path) == []


def test_a_failed_build_changes_nothing(tmp_path):
    with stage(tmp_path, "v1") as st:
        pub.publish(st.site, st.dist, tmp_path)
    with pytest.raises(RuntimeError), stage(tmp_path, "v2"):
        raise RuntimeError("the PDF step failed")
    assert version_of(tmp_path) == "v1"
    assert leftovers(tmp_path) == []


def test_publish_without_dist_keeps_dist(tmp_path):
    with stage(tmp_path, "v1") as st:
        pub.publish(st.site, st.dist, tmp_path)
    with stage(tmp_path, "v1") as st:  # same version: only site/ is replaced
        pub.publish(st.site, None, tmp_path)
    assert version_of(tmp_path) == "v1"


def test_staging_must_exist_and_share_the_disk(tmp_path):
    with pytest.raises(pub.PublishError):
        pub.publish(tmp_path / "nowhere", None, tmp_path)


def test_stale_staging_is_removed_but_a_running_build_is_not(tmp_path):
    dead = pub.staging(tmp_path)
    os.close(dead._fd)  # the build was killed: its lock is gone
    dead._fd = None
    running = pub.staging(tmp_path)
    foreign = tmp_path / (pub.STAGING_PREFIX + "by-hand")
    foreign.mkdir()
    old_foreign = tmp_path / (pub.STAGING_PREFIX + "by-hand-old")
    old_foreign.mkdir()
    os.utime(old_foreign, (time.time() - 2 * pub.STALE_AFTER,) * 2)
    pub.recover(tmp_path)
    assert not dead.folder.exists()
    assert running.folder.exists() and foreign.exists()
    assert not old_foreign.exists()
    running.close()


DIE_AT_STEP = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from handbook import publish as pub
    root, die_at = Path(sys.argv[1]), int(sys.argv[2])
    calls = 0

    def dying(real):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == die_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return call

    for name in ("mkdir", "open", "unlink", "rmdir", "rename"):
        setattr(os, name, dying(getattr(os, name)))
    st = pub.staging(root)
    for i in range(3):
        with open(st.site / f"page{i}.html", "w") as fh:
            fh.write("v1")
    st.close()
    print("finished", flush=True)
""")


def test_a_build_killed_at_any_step_of_making_or_removing_its_staging_leaves_nothing(tmp_path):
    """SIGKILL before each file-system call of staging() and close(): recover() leaves no folder behind."""
    for die_at in range(1, 100):
        root = tmp_path / f"k{die_at}"
        root.mkdir()
        child = subprocess.run([sys.executable, "-c", DIE_AT_STEP, str(root), str(die_at)],
                               capture_output=True, text=True, timeout=120)
        if child.returncode == 0:
            assert child.stdout == "finished\n"
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        pub.recover(root)
        assert leftovers(root) == [], f"killed before file-system call {die_at}"
    else:
        pytest.fail("the child never finished")
    assert die_at > 8, "the child made too few file-system calls to have been killed inside them"


def test_recovery_between_creating_and_taking_a_builds_lock_leaves_the_build_protected(tmp_path, monkeypatch):
    """Another process's recover() runs in the instant a new build has made its lock but not taken it."""
    real_flock, raced = pub.fcntl.flock, []

    def flock(fd, op):
        if not raced and op == pub.fcntl.LOCK_EX:  # the build's own, blocking lock
            raced.append(True)
            pub.recover(tmp_path)
        return real_flock(fd, op)

    monkeypatch.setattr(pub.fcntl, "flock", flock)
    st = pub.staging(tmp_path)
    monkeypatch.undo()
    assert raced
    pub.recover(tmp_path)  # the build is alive: its folder must stay
    assert st.site.is_dir() and st.dist.is_dir()
    st.close()
    assert leftovers(tmp_path) == []


class Died(BaseException):
    """Stands for SIGKILL at one exact point inside publish()."""


@pytest.mark.parametrize("fallback,die_after", [
    (False, 1), (False, 2), (True, 1), (True, 2), (True, 3)],
    ids=["exchange-after-dist-swap", "exchange-after-site-swap", "fallback-after-dist-swap",
         "fallback-after-site-swap", "fallback-between-the-two-renames-of-site"])
def test_death_between_the_steps_of_publish(tmp_path, monkeypatch, fallback, die_after):
    with stage(tmp_path, "v1") as st:
        pub.publish(st.site, st.dist, tmp_path)
    if fallback:
        monkeypatch.setattr(pub, "exchange", lambda a, b: False)
    real_rename, real_swap = os.rename, pub._swap_in
    calls = {"swap": 0, "rename": 0}

    def swap(root, pair):
        real_swap(root, pair)
        calls["swap"] += 1
        if die_after in (1, 2) and calls["swap"] == die_after:
            raise Died()

    def rename(a, b):
        calls["rename"] += 1
        if die_after == 3 and calls["rename"] == 2:  # the old site/ is aside, the new one not yet in
            raise Died()
        real_rename(a, b)

    monkeypatch.setattr(pub, "_swap_in", swap)
    monkeypatch.setattr(pub.os, "rename", rename)
    st = stage(tmp_path, "v2")
    with pytest.raises(Died):
        pub.publish(st.site, st.dist, tmp_path)
    monkeypatch.undo()
    os.close(st._fd)  # the dead build's lock is released by the kernel
    st._fd = None
    if die_after == 1 or die_after == 3:
        # site/ was not swapped yet: the next run puts everything back as it was.
        if not fallback:
            assert (tmp_path / "site" / "VERSION").read_text() == "v1"
        pub.recover(tmp_path)
        assert version_of(tmp_path) == "v1"
    else:
        # site/ was swapped: the new version is published, only tidying was left.
        pub.recover(tmp_path)
        assert version_of(tmp_path) == "v2"
    assert leftovers(tmp_path) == []


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from handbook import publish as pub
    root, n, fallback = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
    if fallback:
        pub.exchange = lambda a, b: False
    for v in range(int(sys.argv[4]), 10**9):
        st = pub.staging(root)
        for i in range(n):
            (st.site / f"page{i}.html").write_text(f"v{v} {i}\\n")
        (st.site / "VERSION").write_text(f"v{v}")
        (st.dist / "handbook.pdf").write_text(f"v{v} pdf\\n")
        (st.dist / "VERSION").write_text(f"v{v}")
        pub.publish(st.site, st.dist, root)
        st.close()
        print(v, flush=True)
""")


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "rename-fallback"])
def test_sigkill_at_random_moments_never_mixes_versions(tmp_path, fallback):
    """A process publishing version after version is killed 12 times at random moments.

    Every other kill waits until the child has published at least once (so the
    test cannot pass with every kill landing before the first publish, as it
    could on a slow machine); the test asserts that those kills came after a
    publish and that recovery found a dead build's work to undo or remove.
    """
    with stage(tmp_path, "v0", N_SITE) as st:
        pub.publish(st.site, st.dist, tmp_path)
    rng = random.Random(5)
    missing = []
    stop = threading.Event()

    def watch():  # a web server's view: site/ must always be there
        while not stop.is_set():
            if not (tmp_path / "site").is_dir():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch, daemon=True)
    if not fallback:
        watcher.start()
    start = 1
    after_publish = interrupted = 0
    try:
        for round_ in range(12):
            child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(N_SITE),
                                      "1" if fallback else "0", str(start)],
                                     stdout=subprocess.PIPE, text=True)
            first = ""
            if round_ % 2:
                first = child.stdout.readline()  # blocks until the child has published once
                assert first.strip().isdigit(), f"the child died before its first publish: {first!r}"
                time.sleep(rng.uniform(0.0, 0.3))
            else:
                time.sleep(rng.uniform(0.05, 0.6))
            child.send_signal(signal.SIGKILL)
            out, _ = child.communicate()
            done = [int(x) for x in (first + out).split()]
            after_publish += bool(done)
            interrupted += bool(leftovers(tmp_path))  # a staging folder, lock or journal of the dead build
            previous = int((tmp_path / "VERSION-OK").read_text()) if (tmp_path / "VERSION-OK").exists() else 0
            pub.recover(tmp_path)
            v = int(version_of(tmp_path, N_SITE)[1:])
            # The last version the child reported, or the one it committed just before the kill.
            last = done[-1] if done else previous
            assert v in (last, (done[-1] if done else start - 1) + 1) or (not done and v == previous), \
                (v, done, previous, start)
            assert leftovers(tmp_path) == []
            (tmp_path / "VERSION-OK").write_text(str(v))
            start = max(v, last) + 2
    finally:
        stop.set()
    assert missing == [], "site/ was missing while publishing"
    assert after_publish >= 6, f"only {after_publish} of 12 kills came after a publish"
    assert interrupted >= 1, "no kill interrupted a build: recovery was never put to work"
