"""The precache manifest and the worker script, written from the folder contents alone."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import shutil

from handbook.offline import MANIFEST_NAME, SW_NAME, build_manifest, write_offline_files
from handbook.offline.manifest import apply_budget, built_date, known_sizes
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


def _entry(path, size, gz=None):
    entry = {"path": path, "sha256": "0" * 64, "bytes": size}
    if gz is not None:
        entry["gz"] = gz
    return entry


def test_budget_precaches_pages_always_and_pdfs_while_they_fit():
    files = [_entry("index.html", 400, gz=100), _entry("search/handbook-index.js", 900, gz=300),
             _entry("wallet-card.pdf", 200), _entry("handbook.pdf", 700), _entry("pdf/a.pdf", 300),
             _entry("pdf/b.pdf", 500), _entry("pdf/c.pdf", 100)]
    # Pages count compressed (400), the wallet card always (200): 600 before any other PDF.
    stored = apply_budget(files, 1_000)
    lazy = [f["path"] for f in files if f.get("lazy")]
    # The whole handbook first (does not fit), then the others in path order, each if it still fits.
    assert lazy == ["handbook.pdf", "pdf/b.pdf"]
    assert stored == 400 + 200 + 300 + 100
    # Over budget with pages alone: every optional PDF is lazy, the pages and the wallet card never are.
    files = [_entry("index.html", 5_000, gz=2_000), _entry("wallet-card.pdf", 200), _entry("handbook.pdf", 10)]
    assert apply_budget(files, 1_000) == 2_200
    assert [f["path"] for f in files if f.get("lazy")] == ["handbook.pdf"]


def test_text_files_count_compressed_and_the_snapshot_is_never_stored(tmp_path):
    site = small_site(tmp_path)
    page = site / "planer" / "sundhed" / "brand.html"
    page.write_text("<p>Brand på plejecenter</p>\n" * 2_000, encoding="utf-8")
    (site / "handbook-data.json").write_text("{}", encoding="utf-8")
    manifest = build_manifest(site, "v1", "2026-11-29")
    entries = {f["path"]: f for f in manifest["files"]}
    assert "handbook-data.json" not in entries
    assert entries["planer/sundhed/brand.html"]["gz"] == len(gzip.compress(page.read_bytes(), 6, mtime=0))
    assert entries["planer/sundhed/brand.html"]["gz"] < entries["planer/sundhed/brand.html"]["bytes"] / 20
    assert "gz" not in entries["handbook.pdf"]
    assert manifest["budget"] == 25_000_000 and not any(f.get("lazy") for f in manifest["files"])
    assert manifest["stored"] == sum(f.get("gz", f["bytes"]) for f in manifest["files"])
    assert manifest["notStored"] == "ikke-gemt.html"


def test_the_budget_comes_from_handbook_yaml_and_known_sizes_are_reused(tmp_path):
    from handbook.data.load import load
    from tests.conftest import MULTI, copy_handbook

    root = copy_handbook(MULTI, tmp_path / "multi")
    path = root / "data" / "handbook.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "offline_budget_mb: 0.0001\n", encoding="utf-8")
    site = small_site(tmp_path)
    ctx = make_ctx(site)
    ctx.model = load(root)
    assert write_offline_files(ctx)["budget"] == 100  # less than the pages: no PDF fits
    written = json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert [f["path"] for f in written["files"] if f.get("lazy")] == ["handbook.pdf", "pdf/sundhed.pdf"]
    # A published manifest's compressed sizes are taken for files with the same hash.
    index = next(f for f in written["files"] if f["path"] == "index.html")
    assert known_sizes(site / MANIFEST_NAME)[index["sha256"]] == index["gz"]
    fake = {"files": [{**index, "gz": 7}]}
    (tmp_path / "published.json").write_text(json.dumps(fake), encoding="utf-8")
    again = build_manifest(site, "v1", "", 25, known_sizes(tmp_path / "published.json"))
    assert next(f for f in again["files"] if f["path"] == "index.html")["gz"] == 7
    assert known_sizes(tmp_path / "missing.json") == {}
