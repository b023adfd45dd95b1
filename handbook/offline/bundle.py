"""The offline bundle: the whole site in one zip, to unpack on a file share or a USB stick."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from handbook.site.changelog import SNAPSHOT_FILE
from handbook.site.context import BuildContext

BUNDLE_NAME = "handbook-offline.zip"
# One folder inside the zip, so unpacking never scatters files over a share.
FOLDER = "beredskabshaandbog"
README_NAME = "LAES-MIG.txt"  # ASCII: older Windows unzippers garble other names

README = """Beredskabshåndbog – kopi til brug uden net
Udgave {version}

Åbn filen {folder}/index.html i en browser (dobbeltklik).
Alt virker uden netforbindelse: alle sider, søgning og PDF'erne.

Når der kommer en ny udgave, skal hele mappen {folder} erstattes
med indholdet af den nye zip-fil, så der aldrig ligger to udgaver blandet.
"""


def _zip_time(ctx: BuildContext) -> tuple[int, int, int, int, int, int]:
    # ZIP cannot store dates before 1980; the build time makes equal builds give equal bytes.
    when = ctx.build.built_at
    if when is None or when.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def _entry(name: str, when: tuple) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # unix, so the permission bits above are honoured when unpacked
    return info


def bundle_files(site_dir: Path) -> list[str]:
    """Every file of the site a reader can use, as sorted POSIX paths."""
    site_dir = Path(site_dir)
    found = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            # Source maps only serve developer tools and would double the download.
            if name.startswith(".") or name == BUNDLE_NAME or name.endswith(".map"):
                continue
            rel = (Path(dirpath) / name).relative_to(site_dir).as_posix()
            # The data snapshot is for the next build's change log; no page reads it.
            if rel != SNAPSHOT_FILE:
                found.append(rel)
    return sorted(found)


def write_bundle(ctx: BuildContext) -> Path:
    """Write ``ctx.dist_dir / handbook-offline.zip`` holding the whole site; return its path."""
    site_dir, dist_dir = Path(ctx.site_dir), Path(ctx.dist_dir)
    dist_dir.mkdir(parents=True, exist_ok=True)
    target = dist_dir / BUNDLE_NAME
    tmp = dist_dir / f".{BUNDLE_NAME}.tmp"
    when = _zip_time(ctx)
    with zipfile.ZipFile(tmp, "w", compresslevel=6) as archive:
        text = README.format(version=ctx.build.version, folder=FOLDER)
        archive.writestr(_entry(README_NAME, when), text.replace("\n", "\r\n").encode("utf-8-sig"))
        for rel in bundle_files(site_dir):
            with open(site_dir / rel, "rb") as handle:
                archive.writestr(_entry(f"{FOLDER}/{rel}", when), handle.read())
    os.replace(tmp, target)
    return target
