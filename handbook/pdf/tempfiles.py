"""Where the PDF step's temporary files go, so that a killed build leaves nothing in the system's temp folder.

Three kinds: the step's own (the parts' HTML, the wallet card's page) and
Playwright's (Chromium's profile) go into the build's work folder, inside its
staging folder, which the next build's recovery removes with it. Chromium's own
(its singleton socket) cannot: a socket's path may not exceed 107 bytes, which a
handbook folder's path easily would. It gets a short folder of its own in the
system's temp folder, locked while its build runs; the next print removes the
folders whose builds are gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; such folders are then tidied by age only
    fcntl = None  # type: ignore[assignment]

CHROMIUM_PREFIX = "handbook-chromium-"
LOCK = ".lock"
STALE_AFTER = 24 * 3600  # seconds: without flock, a folder this old belongs to a dead build


@contextlib.contextmanager
def scratch(work_dir: Path | None, prefix: str):
    """A temporary folder in ``work_dir`` (the build's work folder), or in the system's when there is none."""
    if work_dir is not None:
        Path(work_dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=work_dir) as tmp:
        yield Path(tmp)


@contextlib.contextmanager
def children_tmpdir(folder: Path | None):
    """Start child processes with ``TMPDIR=folder`` (Playwright's driver copies the environment when it starts)."""
    if folder is None:
        yield
        return
    before = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = before


@contextlib.contextmanager
def chromium_tmpdir():
    """A locked folder in the system's temp folder for Chromium's own files, removed afterwards.

    First removes such folders of builds that are gone (their lock is free).
    """
    base = Path(tempfile.gettempdir())
    remove_dead(base)
    # Made under a hidden name and locked, then renamed: no one ever sees it unlocked.
    making = Path(tempfile.mkdtemp(prefix="." + CHROMIUM_PREFIX, dir=base))
    fd = os.open(making / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    folder = base / making.name[1:]
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.rename(making, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(making, ignore_errors=True)
        os.close(fd)


def remove_dead(base: Path) -> None:
    """Remove Chromium folders in ``base`` whose build no longer holds their lock."""
    for path in [*base.glob(CHROMIUM_PREFIX + "*"), *base.glob("." + CHROMIUM_PREFIX + "*")]:
        if path.is_symlink() or not path.is_dir():
            continue
        if path.name.startswith(".") and _young(path):
            continue  # being made this instant (or killed while being made: tidied when old)
        if not path.name.startswith(".") and _alive(path / LOCK):
            continue
        shutil.rmtree(path, ignore_errors=True)


def _young(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < STALE_AFTER
    except OSError:
        return False


def _alive(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False  # a visible folder always has its lock: this one's build is gone
    try:
        if fcntl is None:  # pragma: no cover - Windows
            return time.time() - lock.stat().st_mtime < STALE_AFTER
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False
    finally:
        os.close(fd)
