"""Safe publishing: a new site/ and dist/ replace the old ones only when the whole build succeeded.

A build writes into a staging folder next to ``site/`` (``.handbook-build-<token>/site``
and ``…/dist``). ``publish`` then swaps each staged folder with the live one in one
atomic step (Linux ``renameat2(RENAME_EXCHANGE)``, macOS ``renamex_np(RENAME_SWAP)``),
``dist/`` first and ``site/`` last, so that the swap of ``site/`` is the moment the
new edition is published. ``site/`` and ``dist/`` stay real folders (a web server,
``cp -r`` and a USB stick all see plain files), and ``site/`` is a complete edition
at every instant.

A journal written before the first swap lets the next run finish or undo a
publish that was killed half-way: if ``site/`` was not swapped yet, a swapped
``dist/`` is swapped back, so that after recovery site and dist belong to the
same build. Between such a kill and the next run, ``dist/`` may already hold the
new files while ``site/`` holds the old. Where no atomic swap exists (Windows, or
a file system without it), two plain renames are used, guarded by the same
journal; there ``site/`` is missing for the instant between them.

Staging folders left by killed builds are removed on the next run; a folder
still being built is recognised by the lock its build holds. That lock is a file
beside the folder (``.handbook-build-<token>.lock``), created and locked before
the folder exists and removed only after it is gone, so a build killed at any
moment leaves either nothing or a folder whose lock nobody holds.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import secrets
import shutil
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from handbook.data.paths import display_path
from handbook.data.problems import Problem

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; stale folders are then tidied by age only
    fcntl = None  # type: ignore[assignment]

LIVE = ("dist", "site")  # swap order: site last, its swap is the commit
STAGING_PREFIX = ".handbook-build-"
ASIDE_PREFIX = ".handbook-old-"
JOURNAL = ".publish-journal.json"
PUBLISH_LOCK = ".publish.lock"
LOCK_SUFFIX = ".lock"  # .handbook-build-<token>.lock beside the folder, held by the build writing into it
STALE_AFTER = 3600  # seconds: a staging folder without a lock file this old is left over

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux renameat2
_RENAME_SWAP = 2  # macOS renamex_np


class PublishError(Exception):
    """Publishing cannot start (the previous site is untouched)."""


# --- atomic exchange ------------------------------------------------------------------------


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to call (not a POSIX system)
        return None


_LIBC = _libc()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the system cannot (the caller then falls back)."""
    linux = getattr(_LIBC, "renameat2", None) if _LIBC is not None else None
    mac = getattr(_LIBC, "renamex_np", None) if _LIBC is not None else None
    if linux is not None:
        linux.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        rc = linux(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    elif mac is not None:  # pragma: no cover - macOS
        mac.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        rc = mac(os.fsencode(a), os.fsencode(b), _RENAME_SWAP)
    else:
        return False
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, f"cannot swap {a} and {b}: {os.strerror(err)}")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _identity(path: Path):
    """(device, inode) of a path without following a symlink, or None when it is missing."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return [st.st_dev, st.st_ino]


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


# --- locks ----------------------------------------------------------------------------------


@contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path`` (released by the kernel even on SIGKILL)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove_if_dead(lock: Path, folder: Path) -> None:
    """Remove a staging folder and then its lock file, unless a live build holds the lock."""
    if fcntl is None:  # pragma: no cover - Windows: a lock file counts as running unless old
        try:
            if time.time() - lock.stat().st_mtime < STALE_AFTER:
                return
        except FileNotFoundError:
            return
        _remove_tree(folder)
        lock.unlink(missing_ok=True)
        return
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a build is writing into it right now
        # Holding the lock: its build is dead, or has made the lock file but not
        # taken it yet; such a build sees its lock file gone and starts afresh.
        _remove_tree(folder)
        lock.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (own.st_dev, own.st_ino) == (st.st_dev, st.st_ino)


@dataclass
class Staging:
    """One build's staging folder (``site/`` and ``dist/`` inside), locked while the build runs."""

    root: Path
    folder: Path
    _fd: int | None = None

    @property
    def lock(self) -> Path:
        """The lock file beside the folder, held while the build runs."""
        return self.folder.with_name(self.folder.name + LOCK_SUFFIX)

    @property
    def site(self) -> Path:
        """Where the build writes its site."""
        return self.folder / "site"

    @property
    def dist(self) -> Path:
        """Where the build writes its PDFs and bundle."""
        return self.folder / "dist"

    def close(self) -> None:
        """Remove the staging folder (after publish it holds the old version), then its lock."""
        _remove_tree(self.folder)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.lock.unlink(missing_ok=True)  # killed before this, recovery removes the lock file

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def staging(root: Path) -> Staging:
    """Create a fresh, locked staging folder next to ``root/site`` (use it as a context manager)."""
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    while True:
        folder = root / f"{STAGING_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
        st = Staging(root, folder)
        # The lock first, the folder after: no instant has a folder without a lock file.
        fd = os.open(st.lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        if _same_file(fd, st.lock):
            break
        os.close(fd)  # a recovery took the lock file before we locked it: start again
    st._fd = fd
    folder.mkdir()
    st.site.mkdir()
    st.dist.mkdir()
    return st


# --- publish and recover --------------------------------------------------------------------


def publish(staging_site: Path, staging_dist: Path | None, root: Path) -> None:
    """Make the staging folders the live ``root/site`` (and ``root/dist``).

    Call only after every build step succeeded. The old versions end up at the
    staging paths (and are deleted). If this process is killed at any moment,
    the next ``publish`` or ``recover`` leaves either the whole old or the whole
    new version in place; ``site/`` itself is a complete version at every instant.
    """
    root = Path(root).resolve()
    moves = {"site": Path(staging_site).resolve()}
    if staging_dist is not None:
        moves["dist"] = Path(staging_dist).resolve()
    device = os.stat(root).st_dev
    for name, path in moves.items():
        if not path.is_dir():
            raise PublishError(f"{path}: the staged {name}/ does not exist")
        if os.stat(path).st_dev != device:
            raise PublishError(f"{path}: the staged {name}/ must be on the same disk as {root}")
    with _locked(root / PUBLISH_LOCK):
        _recover_locked(root)
        token = secrets.token_hex(4)
        journal = {
            "pairs": [
                {
                    "name": name,
                    "staging": os.path.relpath(moves[name], root),
                    "new": _identity(moves[name]),
                    "had_live": os.path.lexists(root / name),
                    "aside": f"{ASIDE_PREFIX}{token}-{name}",
                }
                for name in LIVE
                if name in moves
            ]
        }
        _write_json_atomic(root / JOURNAL, journal)
        for pair in journal["pairs"]:
            _swap_in(root, pair)
        _fsync_dir(root)
        # From here on the new version is published; what follows is tidying up.
        (root / JOURNAL).unlink()
        _fsync_dir(root)
        for pair in journal["pairs"]:
            _remove_tree(root / pair["staging"])
            _remove_tree(root / pair["aside"])


def _swap_in(root: Path, pair: dict) -> None:
    live, stage = root / pair["name"], root / pair["staging"]
    if not pair["had_live"]:
        os.rename(stage, live)
        return
    if exchange(stage, live):
        return
    # No atomic exchange: move the old version aside, then the new one in. The
    # journal lets recover() put the old one back if we die between the two.
    os.rename(live, root / pair["aside"])
    os.rename(stage, live)


def _swap_back(root: Path, pair: dict) -> None:
    """Undo ``_swap_in`` for one pair, whatever step it had reached."""
    live, stage, aside = root / pair["name"], root / pair["staging"], root / pair["aside"]
    if _identity(live) == pair["new"]:
        if not pair["had_live"]:
            os.rename(live, stage)
        elif os.path.lexists(aside):
            os.rename(live, stage)
            os.rename(aside, live)
        elif not exchange(live, stage):  # pragma: no cover - the exchange worked a moment ago
            raise PublishError(f"cannot restore {live}")
    elif not os.path.lexists(live) and os.path.lexists(aside):
        os.rename(aside, live)


def recover(root: Path) -> None:
    """Finish or undo an interrupted publish, and remove staging folders of dead builds."""
    root = Path(root).resolve()
    if not root.is_dir():
        return
    with _locked(root / PUBLISH_LOCK):
        _recover_locked(root)


def _recover_locked(root: Path) -> None:
    jpath = root / JOURNAL
    # A journal being written when the process died never took effect.
    (root / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    if os.path.lexists(jpath):
        try:
            pairs = json.loads(_read_journal(jpath))["pairs"]
        except (ValueError, KeyError, TypeError):
            pairs = None  # written atomically, so unreadable means not ours: leave the folders alone
        if pairs:
            _check_journal(root, jpath, pairs)
            site = next((p for p in pairs if p["name"] == "site"), None)
            committed = site is not None and _identity(root / "site") == site["new"]
            if not committed:
                for pair in reversed(pairs):
                    _swap_back(root, pair)
                _fsync_dir(root)
        jpath.unlink()
        _fsync_dir(root)
    _remove_stale(root)


MAX_JOURNAL_BYTES = 64 * 1024  # a journal names two pairs of folders: a few hundred bytes


def _read_journal(jpath: Path) -> str:
    """The journal's text; a link, a pipe or an oversized file is refused before it is read."""
    st = os.lstat(jpath)
    if not stat.S_ISREG(st.st_mode):
        _refuse(jpath, "the journal is not an ordinary file (a link, a pipe or a device)")
    if st.st_size > MAX_JOURNAL_BYTES:
        _refuse(jpath, f"the journal is {st.st_size:,} bytes; a real one is a few hundred")
    with open(jpath, encoding="utf-8") as fh:
        return fh.read(MAX_JOURNAL_BYTES)


def _refuse(jpath: Path, what: str) -> NoReturn:
    problem = Problem(
        display_path(jpath),
        1,
        "",
        f"refused to recover an interrupted publish: {what}",
        "publishing writes only names it creates inside the handbook folder; if no build is running, "
        "check site/ and dist/ and delete the journal",
    )
    raise PublishError(str(problem))


def _check_journal(root: Path, jpath: Path, pairs) -> None:
    """Raise PublishError unless every entry names only what ``publish`` creates inside ``root``.

    A journal naming an absolute path, '..', a link, or a folder publishing never makes
    would have recovery move files out of the handbook folder or outside files into it.
    """
    if not isinstance(pairs, list) or len(pairs) > len(LIVE):
        _refuse(jpath, "the journal does not hold a list of at most two entries")
    seen = set()
    for pair in pairs:
        if not isinstance(pair, dict) or set(pair) != {"name", "staging", "new", "had_live", "aside"}:
            _refuse(jpath, "an entry does not have the keys publishing writes")
        name, staging_rel, aside = pair["name"], pair["staging"], pair["aside"]
        if name not in LIVE or name in seen:
            _refuse(jpath, f"'name' is {name!r}; publishing swaps only site and dist, once each")
        seen.add(name)
        parts = Path(staging_rel).parts if isinstance(staging_rel, str) else ()
        if len(parts) != 2 or not parts[0].startswith(STAGING_PREFIX) or parts[1] != name:
            _refuse(jpath, f"'staging' is {staging_rel!r}, not a build's {STAGING_PREFIX}…/{name} in the folder")
        if (
            not isinstance(aside, str)
            or Path(aside).name != aside
            or not aside.startswith(ASIDE_PREFIX)
            or not aside.endswith(f"-{name}")
        ):
            _refuse(jpath, f"'aside' is {aside!r}, not a name {ASIDE_PREFIX}…-{name} in the folder")
        for path in (root / parts[0], root / staging_rel, root / aside, root / name):
            if os.path.islink(path):
                _refuse(jpath, f"{path.name} is a link; publishing never makes one")
        new = pair["new"]
        if not (isinstance(new, list) and len(new) == 2 and all(type(x) is int for x in new)):
            _refuse(jpath, f"'new' is {new!r}, not a (device, inode) pair")
        if not isinstance(pair["had_live"], bool):
            _refuse(jpath, "'had_live' is not true or false")


def _remove_stale(root: Path) -> None:
    now = time.time()
    for path in root.iterdir():
        name = path.name
        if name.startswith(ASIDE_PREFIX):
            _remove_tree(path)  # set aside by a publish that is resolved by now
        elif not name.startswith(STAGING_PREFIX) or path.is_symlink():
            continue
        elif name.endswith(LOCK_SUFFIX) and path.is_file():
            _remove_if_dead(path, path.with_name(name[: -len(LOCK_SUFFIX)]))
        elif path.is_dir() and not path.with_name(name + LOCK_SUFFIX).exists():
            try:
                if now - path.stat().st_mtime < STALE_AFTER:
                    continue  # made without a lock (by hand?): only tidied when clearly abandoned
            except FileNotFoundError:
                continue
            _remove_tree(path)
