"""Which files a handbook may read: regular files inside the handbook folder, and nothing a link leads out to.

Everything under ``data/`` and ``docs/`` ends up in the site, the PDFs, the
offline bundle or the data snapshot. A symbolic link to ``/etc/passwd`` or to a
folder outside would publish what lies there; a link to ``/dev/zero`` or a named
pipe would be read forever. Each is an error naming the link, found before
anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handbook.data.paths import display_path
from handbook.data.problems import Problem

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
LINK_HINT = "copy the file into the handbook folder instead of linking to it"


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def refused_files(root: Path, folder: Path) -> dict[str, Problem]:
    """Every entry under ``folder`` that a build must not read, by absolute path, with its problem.

    Refused: a link whose target lies outside ``root`` (resolved), a broken link, a link
    to a folder that contains it (a loop), and anything that is not a regular file or a
    folder (named pipe, device, socket). Links that stay inside ``root`` are followed.
    """
    root_real = os.path.realpath(root)
    out: dict[str, Problem] = {}

    def refuse(path: str, what: str, hint: str) -> None:
        out[os.path.abspath(path)] = Problem(display_path(Path(path)), 1, "", what, hint)

    folder_path = os.fspath(folder)
    if not os.path.lexists(folder_path):
        return out
    real = os.path.realpath(folder_path)
    if not _inside(real, root_real):
        refuse(folder_path, f"the folder is a link to {real}, outside the handbook folder", LINK_HINT)
        return out
    if not os.path.isdir(real):
        return out  # a file where a folder belongs is reported by whoever reads the folder
    # Each folder to walk with the real folders above it: MkDocs follows links to folders, so a
    # link back up the chain would make it walk forever.
    stack: list[tuple[str, frozenset[str]]] = [(folder_path, frozenset({real}))]
    while stack:
        current, chain = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            refuse(current, f"cannot read the folder: {exc.strerror}", "check its permissions")
            continue
        for entry in entries:
            path = entry.path
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    target = os.path.realpath(path)
                    if not os.path.exists(path):
                        refuse(path, "is a link to nothing (its target does not exist)", "remove the link")
                        continue
                    if not _inside(target, root_real):
                        refuse(path, f"is a link to {target}, outside the handbook folder", LINK_HINT)
                        continue
                    mode = os.stat(path).st_mode
                    if stat.S_ISDIR(mode):
                        if target in chain:
                            refuse(path, "is a link to a folder that contains it (a loop)", "remove the link")
                        else:
                            stack.append((path, chain | {target}))
                        continue
                elif stat.S_ISDIR(mode):
                    stack.append((path, chain | {os.path.realpath(path)}))
                    continue
            except OSError as exc:  # e.g. a link loop the kernel gives up on (ELOOP)
                refuse(path, f"cannot be read: {exc.strerror}", "remove it or replace it with an ordinary file")
                continue
            if not stat.S_ISREG(mode):
                refuse(path, f"is {_kind(mode)}, not a file", "remove it; the handbook reads ordinary files only")
    return out


def tree_problems(root: Path, folder: Path) -> list[Problem]:
    """The problems of ``refused_files``, in path order."""
    return [out for _, out in sorted(refused_files(root, folder).items())]
