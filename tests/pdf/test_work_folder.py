"""A build killed while it prints leaves its temporary files in its staging folder; the next build removes them.

The build's temporary files (the parts' HTML, the wallet card's page, Playwright's
Chromium profile) live in a work folder inside its staging folder (issue 13, item 5).
Chromium's own socket folder must stay short, so it lives in the system's temp
folder, named and locked as the build's, and the next print removes it. The build
runs with its own ``TMPDIR``, so whatever it puts in the system's temp folder is
seen, and a Chromium wrapper marks the moment the PDF step starts Chromium: the
build is killed then (SIGKILL, as an out-of-memory kill does).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handbook import publish
from handbook.browser import find_chromium
from handbook.pdf import tempfiles
from tests.conftest import SHIPPED, copy_handbook

HANDBOOK = [sys.executable, "-m", "handbook.cli"]
DEADLINE = 600  # seconds; only a hung build or Chromium takes this long


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_build_killed_while_printing_leaves_its_temp_files_only_in_its_staging_folder(tmp_path, request):
    root = copy_handbook(SHIPPED, tmp_path / "handbook")
    # Short, like /tmp: Chromium's singleton socket lives there, and a socket's path has at most 107 bytes.
    system_tmp = Path(tempfile.mkdtemp(prefix="hbk", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(system_tmp, ignore_errors=True))
    marker = tmp_path / "chromium-started"
    wrapper = tmp_path / "chromium"
    wrapper.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "{find_chromium()}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = dict(os.environ, TMPDIR=str(system_tmp), HANDBOOK_CHROMIUM=str(wrapper))
    child = subprocess.Popen(HANDBOOK + ["build"], cwd=root, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait(lambda: marker.exists() or child.poll() is not None, "the PDF step to start Chromium")
        assert child.poll() is None, "the build ended before it printed: " + child.stderr.read().decode()[-2000:]
        child.send_signal(signal.SIGKILL)
        child.wait()
        # Playwright's driver and Chromium notice and end on their own; wait for the last of them.
        _wait(lambda: _group_gone(child.pid), "the build's helper processes to end")
    finally:
        if not _group_gone(child.pid):
            os.killpg(child.pid, signal.SIGKILL)
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    # At most Chromium's own folder, under the handbook's name; nothing of the build itself.
    left = sorted(p.name for p in system_tmp.iterdir())
    assert all(name.startswith(tempfiles.CHROMIUM_PREFIX) for name in left), left
    staged = [p for p in root.iterdir() if p.name.startswith(publish.STAGING_PREFIX)]
    # The dead build's staging folder, and beside it the lock file it held (released by its death).
    folders = [p for p in staged if p.is_dir()]
    assert len(folders) == 1 and (folders[0] / "work").is_dir()
    assert sorted(p.name for p in staged) == sorted([folders[0].name, folders[0].name + publish.LOCK_SUFFIX])
    assert not (root / "site").exists()  # nothing was published
    # The next build recovers: the dead build's staging folder and Chromium folder go.
    done = subprocess.run(HANDBOOK + ["build"], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (root / "site" / "handbook.pdf").is_file()
    assert [p.name for p in root.iterdir() if p.name.startswith(publish.STAGING_PREFIX)] == []
    assert sorted(p.name for p in system_tmp.iterdir()) == []


def test_a_dead_builds_chromium_folder_goes_and_a_live_ones_stays(tmp_path):
    dead = tmp_path / (tempfiles.CHROMIUM_PREFIX + "dead")
    (dead / "org.chromium.Chromium.x").mkdir(parents=True)
    (dead / tempfiles.LOCK).touch()
    with tempfiles.chromium_tmpdir() as live:
        tempfiles.remove_dead(live.parent)
        assert live.is_dir()
    assert not live.exists()
    tempfiles.remove_dead(tmp_path)
    assert not dead.exists()
