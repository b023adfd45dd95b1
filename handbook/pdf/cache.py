"""The print cache: each printed part kept under the hash of what was printed, so a rebuild prints only what changed.

An entry is ``<key>-<sha256 of its bytes>.pdf`` in the handbook's ``.cache/pdf/``
(ignored by git, removed by ``make clean``). The key is the hash of the part's
HTML (the print CSS is inside it) and of the printer (``printer.identity``: this
Chromium and its settings). The second hash is checked on every read, so an entry
that was damaged or cut short on disk is printed again, never published. Entries
are written under a temporary name and renamed into place, so a killed build
leaves at most a stray temporary file, which a later prune removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from pathlib import Path

# Bump when what an entry holds changes meaning: every old entry is then a miss.
FORMAT = "handbook-print-cache-2"
FOLDER = Path(".cache") / "pdf"
# Entries not used by the latest build are kept, newest first, up to this many times the bytes it used.
KEEP_FACTOR = 2.0
# A temporary file older than this is a leftover of a killed build (a running build renames its own at once).
STALE_TMP_SECONDS = 3600


def key(html: str, printer: str) -> str:
    """The cache key of one print: its HTML and the printer's identity."""
    digest = hashlib.sha256()
    for piece in (FORMAT, printer, html):
        digest.update(piece.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:40]


class PrintCache:
    """Printed PDFs by key in ``folder`` (None: a cache that never hits and stores nothing)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _entries(self, k: str) -> list[Path]:
        assert self.folder is not None
        return sorted(self.folder.glob(f"{k}-*.pdf"))

    def get(self, k: str) -> bytes | None:
        """The stored print for key ``k`` when one is there and its bytes match their hash; else None."""
        self.used.add(k)
        if self.folder is None or not self.folder.is_dir():
            self.misses += 1
            return None
        for path in self._entries(k):
            try:
                data = path.read_bytes()
            except OSError:
                continue  # removed meanwhile (another build pruning): print it again
            if hashlib.sha256(data).hexdigest() == path.stem[len(k) + 1 :] and data.startswith(b"%PDF-"):
                self.hits += 1
                _touch(path)
                return data
            path.unlink(missing_ok=True)  # damaged: never use it, never keep it
        self.misses += 1
        return None

    def put(self, k: str, data: bytes) -> None:
        """Store a print under key ``k`` (atomically: whole or not at all)."""
        self.used.add(k)
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            final = self.folder / f"{k}-{hashlib.sha256(data).hexdigest()}.pdf"
            if final.exists():
                _touch(final)
                return
            tmp = self.folder / f".tmp-{secrets.token_hex(6)}"
            tmp.write_bytes(data)
            os.replace(tmp, final)
        except OSError:
            pass  # a full or read-only disk costs a reprint next time, never the build

    def prune(self) -> None:
        """Keep the entries this build used, and of the others the newest, up to ``KEEP_FACTOR`` times as many bytes."""
        if self.folder is None or not self.folder.is_dir():
            return
        now = time.time()
        used_bytes, others = 0, []
        for path in self.folder.iterdir():
            try:
                st = path.stat()
            except OSError:
                continue
            if path.name.startswith(".tmp-"):
                if now - st.st_mtime > STALE_TMP_SECONDS:
                    path.unlink(missing_ok=True)
                continue
            if path.name.split("-", 1)[0] in self.used:
                used_bytes += st.st_size
            else:
                others.append((st.st_mtime, path.name, st.st_size, path))
        budget = used_bytes * KEEP_FACTOR
        for _, _, size, path in sorted(others, reverse=True):
            budget -= size
            if budget < 0:
                path.unlink(missing_ok=True)


def _touch(path: Path) -> None:
    # Mark as recently used, for the prune; a read-only cache still serves.
    with contextlib.suppress(OSError):
        os.utime(path)
