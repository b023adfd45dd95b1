"""The precache manifest (every file of the site with its SHA-256, and what a reader stores) and the service worker.

The worker always stores every page, asset, search index part, the wallet card
and the contact exports; the other PDFs only while the whole stays within the
handbook's offline budget (``offline_budget_mb`` in data/handbook.yaml). A PDF
past the budget is marked ``lazy``: the worker stores it the first time a
reader opens it. Text files are stored gzip-compressed where the browser can
(``CompressionStream``), so the budget counts their compressed size (``gz``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from pathlib import Path

from handbook.site import urls
from handbook.site.changelog import SNAPSHOT_FILE
from handbook.site.context import BuildContext

SW_NAME = "sw.js"
MANIFEST_NAME = "offline-manifest.json"
SW_SOURCE = Path(__file__).with_name("sw.js")
PLACEHOLDER = "/*HANDBOOK_BUILD*/ {}"
DEFAULT_BUDGET_MB = 25

# Never precached: the worker and manifest announce builds themselves; source maps
# only serve developer tools; a bundle copied beside the site would double the download;
# the data snapshot is read by the next build, never by a page.
EXCLUDED_NAMES = {SW_NAME, MANIFEST_NAME, "handbook-offline.zip", SNAPSHOT_FILE}
EXCLUDED_SUFFIXES = (".map",)
DATE = re.compile(r"^(\d{4})[.-](\d{2})[.-](\d{2})")
# Stored gzip-compressed by the worker (CompressionStream); other files (PDFs, images) are compressed already.
COMPRESSED_SUFFIXES = (".html", ".js", ".css", ".json", ".csv", ".vcf", ".txt", ".svg", ".xml")
# The browser's CompressionStream("gzip") is zlib at its default level; the same here gives the stored size.
GZIP_LEVEL = 6
# PDFs stored always, whatever the budget: the wallet card is small and made for the worst moment.
ALWAYS_PDFS = (urls.WALLET_PDF,)


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


def gzip_size(data: bytes) -> int:
    """The size of ``data`` stored gzip-compressed as the browser's CompressionStream does it."""
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # 31: gzip header and trailer
    return len(packer.compress(data)) + len(packer.flush())


def stored_bytes(entry: dict) -> int:
    """What one manifest entry costs a reader's storage: its compressed size if it is compressed."""
    return int(entry.get("gz", entry["bytes"]))


def _pdf_order(path: str) -> tuple[int, str]:
    # The whole handbook first, then the others (area PDFs) in path order.
    return (0 if path == urls.HANDBOOK_PDF else 1, path)


def apply_budget(files: list[dict], budget: int) -> int:
    """Mark the PDFs that do not fit ``budget`` bytes as ``lazy``; return the bytes precached."""
    total = 0
    optional = []
    for entry in files:
        path = entry["path"]
        if path.lower().endswith(".pdf") and path not in ALWAYS_PDFS:
            optional.append(entry)
        else:
            total += stored_bytes(entry)
    # Each PDF is stored whole or not at all: one that does not fit is skipped, a smaller one may still fit.
    for entry in sorted(optional, key=lambda e: _pdf_order(e["path"])):
        if total + stored_bytes(entry) <= budget:
            total += stored_bytes(entry)
        else:
            entry["lazy"] = True
    return total


def built_date(version: str) -> str:
    """The build date (YYYY-MM-DD) a version like ``2026.11.29-abc1234`` starts with, else ''."""
    match = DATE.match(version)
    return "-".join(match.groups()) if match else ""


def build_manifest(
    site_dir: Path, version: str, built: str = "", budget_mb: float = DEFAULT_BUDGET_MB, known: dict | None = None
) -> dict:
    """The manifest of ``site_dir``: files with hashes, sizes and stored sizes, the pages, the PDFs and the budget.

    ``known`` maps a SHA-256 to the compressed size an earlier manifest found for it, so an
    unchanged file is not compressed again.
    """
    known = known or {}
    files = []
    for rel in site_files(site_dir):
        path = Path(site_dir) / rel
        entry: dict = {"path": rel, "bytes": path.stat().st_size}
        if rel.endswith(COMPRESSED_SUFFIXES):
            data = path.read_bytes()
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["gz"] = known.get(entry["sha256"]) or gzip_size(data)
        else:
            entry["sha256"] = _sha256(path)
        files.append(entry)
    budget = int(budget_mb * 1_000_000)
    stored = apply_budget(files, budget)
    paths = [str(f["path"]) for f in files]
    return {
        "version": version,
        "built": built or built_date(version),
        "files": files,
        "pages": [p for p in paths if p.endswith(".html") and p != "404.html"],
        "pdfs": [p for p in paths if p.lower().endswith(".pdf")],
        "budget": budget,
        "stored": stored,
        "notStored": urls.html(urls.NOT_STORED),
        "bundle": "handbook-offline.zip",
    }


def known_sizes(manifest_file: Path) -> dict[str, int]:
    """SHA-256 → compressed size from a published manifest (empty if there is none or it is unreadable)."""
    try:
        data = json.loads(Path(manifest_file).read_text(encoding="utf-8"))
        return {f["sha256"]: int(f["gz"]) for f in data["files"] if isinstance(f, dict) and "gz" in f}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def budget_mb(ctx: BuildContext) -> float:
    """The handbook's offline budget in MB (data/handbook.yaml ``offline_budget_mb``)."""
    model = ctx.model
    return model.handbook.offline_budget_mb if model is not None else DEFAULT_BUDGET_MB


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
    # The published edition's manifest knows the compressed size of every file that did not change.
    known = known_sizes(Path(ctx.root) / "site" / MANIFEST_NAME)
    manifest = build_manifest(site_dir, version, built, budget_mb(ctx), known)
    raw = manifest_bytes(manifest)
    _write_atomic(site_dir / MANIFEST_NAME, raw)
    worker = render_service_worker(version, manifest["built"], raw)
    _write_atomic(site_dir / SW_NAME, worker.encode("utf-8"))
    return manifest
