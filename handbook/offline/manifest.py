"""The precache manifest (every file of the site with its SHA-256) and the service worker."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from handbook.site.context import BuildContext

SW_NAME = "sw.js"
MANIFEST_NAME = "offline-manifest.json"
SW_SOURCE = Path(__file__).with_name("sw.js")
PLACEHOLDER = "/*HANDBOOK_BUILD*/ {}"

# Never precached: the worker and manifest announce builds themselves; source maps
# only serve developer tools; a bundle copied beside the site would double the download.
EXCLUDED_NAMES = {SW_NAME, MANIFEST_NAME, "handbook-offline.zip"}
EXCLUDED_SUFFIXES = (".map",)
DATE = re.compile(r"^(\d{4})[.-](\d{2})[.-](\d{2})")


def _excluded(rel: str) -> bool:
    parts = rel.split("/")
    return rel in EXCLUDED_NAMES or any(part.startswith(".") for part in parts) or rel.endswith(EXCLUDED_SUFFIXES)


def site_files(site_dir: Path) -> list[str]:
    """Every file of the site that a reader may need offline, as sorted POSIX paths."""
    site_dir = Path(site_dir)
    found = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(site_dir).as_posix()
            if not _excluded(rel):
                found.append(rel)
    return sorted(found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def built_date(version: str) -> str:
    """The build date (YYYY-MM-DD) a version like ``2026.11.29-abc1234`` starts with, else ''."""
    match = DATE.match(version)
    return "-".join(match.groups()) if match else ""


def build_manifest(site_dir: Path, version: str, built: str = "") -> dict:
    """The manifest of ``site_dir``: files with hashes and sizes, the pages and the PDFs."""
    files = []
    for rel in site_files(site_dir):
        path = Path(site_dir) / rel
        files.append({"path": rel, "sha256": _sha256(path), "bytes": path.stat().st_size})
    paths = [str(f["path"]) for f in files]
    return {
        "version": version,
        "built": built or built_date(version),
        "files": files,
        "pages": [p for p in paths if p.endswith(".html") and p != "404.html"],
        "pdfs": [p for p in paths if p.lower().endswith(".pdf")],
        "bundle": "handbook-offline.zip",
    }


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest as written: stable JSON, so equal sites give equal bytes."""
    return (json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()


def render_service_worker(version: str, built: str, manifest_raw: bytes) -> str:
    """The worker script for one build, bound to its manifest by the manifest's hash."""
    source = SW_SOURCE.read_text(encoding="utf-8")
    if PLACEHOLDER not in source:  # pragma: no cover - guards edits of sw.js
        raise RuntimeError(f"{SW_SOURCE} lost its {PLACEHOLDER} placeholder")
    digest = hashlib.sha256(manifest_raw).hexdigest()
    build = {
        "version": version,
        "built": built,
        # The cache name: equal version strings with different files still get separate caches.
        "key": f"{version}-{digest[:12]}",
        "manifest": MANIFEST_NAME,
        "manifestSha256": digest,
    }
    return source.replace(PLACEHOLDER, json.dumps(build, ensure_ascii=False, sort_keys=True))


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_offline_files(ctx: BuildContext) -> dict:
    """Write the precache manifest, then ``sw.js`` bound to it, at the site root; return the manifest."""
    site_dir = Path(ctx.site_dir)
    version = ctx.build.version
    built = ctx.build.built_at.strftime("%Y-%m-%d") if ctx.build.built_at else ""
    manifest = build_manifest(site_dir, version, built)
    raw = manifest_bytes(manifest)
    _write_atomic(site_dir / MANIFEST_NAME, raw)
    worker = render_service_worker(version, manifest["built"], raw)
    _write_atomic(site_dir / SW_NAME, worker.encode("utf-8"))
    return manifest
