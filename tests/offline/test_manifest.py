"""The precache manifest and the worker script, written from the folder contents alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil

from handbook.offline import MANIFEST_NAME, SW_NAME, build_manifest, write_offline_files
from handbook.offline.manifest import built_date
from handbook.site.context import BuildContext, BuildInfo


def make_ctx(site, version="2026.11.29-abc1234"):
    """A context with nothing but what the offline steps read."""
    when = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.timezone.utc)
    return BuildContext(root=site.parent, model=None, build=BuildInfo(version, when, "x"),
                        site_dir=site, dist_dir=site.parent / "dist")


def small_site(tmp_path):
    """A folder shaped like a built site, with files the manifest must skip."""
    site = tmp_path / "site"
    for rel, data in {
        "index.html": b"<h1>Forside</h1>",
        "404.html": b"<h1>Ikke fundet</h1>",
        "planer/sundhed/brand.html": b"<h1>Brand</h1>",
        "search/handbook-index.js": b"window.__HANDBOOK_SEARCH={};",
        "handbook.pdf": b"%PDF-1.4 x",
        "pdf/sundhed.pdf": b"%PDF-1.4 y",
        "assets/javascripts/bundle.1234abcd.min.js": b"1",
        "assets/javascripts/bundle.1234abcd.min.js.map": b"{}",
        ".DS_Store": b"x",
        ".git/config": b"x",
        "handbook-offline.zip": b"PK",
    }.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return site


def test_manifest_lists_every_file_with_its_hash(tmp_path):
    site = small_site(tmp_path)
    manifest = build_manifest(site, "v1", "2026-11-29")
    paths = [f["path"] for f in manifest["files"]]
    assert paths == ["404.html", "assets/javascripts/bundle.1234abcd.min.js", "handbook.pdf", "index.html",
                     "pdf/sundhed.pdf", "planer/sundhed/brand.html", "search/handbook-index.js"]
    for entry in manifest["files"]:
        data = (site / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
    assert manifest["pages"] == ["index.html", "planer/sundhed/brand.html"]
    assert manifest["pdfs"] == ["handbook.pdf", "pdf/sundhed.pdf"]
    assert manifest["version"] == "v1" and manifest["built"] == "2026-11-29"


def test_worker_is_bound_to_its_manifest(tmp_path):
    site = small_site(tmp_path)
    write_offline_files(make_ctx(site))
    raw = (site / MANIFEST_NAME).read_bytes()
    worker = (site / SW_NAME).read_text(encoding="utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    build = json.loads(worker.split("const BUILD = ", 1)[1].split(";\n", 1)[0])
    assert build == {"version": "2026.11.29-abc1234", "built": "2026-11-29", "manifest": MANIFEST_NAME,
                     "manifestSha256": digest, "key": f"2026.11.29-abc1234-{digest[:12]}"}
    # Neither file lists itself or the other; writing again changes nothing.
    assert SW_NAME not in raw.decode() and MANIFEST_NAME not in [f["path"] for f in json.loads(raw)["files"]]
    write_offline_files(make_ctx(site))
    assert (site / MANIFEST_NAME).read_bytes() == raw and (site / SW_NAME).read_text(encoding="utf-8") == worker


def test_any_changed_file_changes_the_worker(tmp_path):
    site = small_site(tmp_path)
    write_offline_files(make_ctx(site))
    before = (site / SW_NAME).read_bytes()
    (site / "handbook.pdf").write_bytes(b"%PDF-1.4 changed")
    write_offline_files(make_ctx(site))
    assert (site / SW_NAME).read_bytes() != before  # so browsers install it, with a new cache name


def test_same_folder_same_bytes_wherever_it_lies(tmp_path):
    site = small_site(tmp_path)
    other = tmp_path / "elsewhere" / "site"
    shutil.copytree(site, other)
    write_offline_files(make_ctx(site))
    write_offline_files(make_ctx(other))
    for name in (MANIFEST_NAME, SW_NAME):
        assert (site / name).read_bytes() == (other / name).read_bytes()


def test_offline_scripts_have_no_absolute_urls():
    from handbook.offline.manifest import SW_SOURCE

    page_script = SW_SOURCE.parents[1] / "site" / "assets" / "offline.js"
    for path in (SW_SOURCE, page_script):
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path
        assert "importScripts" not in text and "eval(" not in text and "innerHTML" not in text, path


def test_built_date_from_version():
    assert built_date("2026.11.29-abc1234") == "2026-11-29"
    assert built_date("test-build") == ""
