"""``make bench``: our build against plain Material for MkDocs on a synthetic municipality and the seed.

Side by side, in one run: site build time (median of N, wall clock and CPU seconds of the
build process, runs interleaved so machine load hits both alike), site size, HTML bytes per
page, search index size, growth from 60 to 600 plans, the PDF step (``handbook.pdf``), the
seed's whole ``handbook build`` against plain MkDocs plus one Chromium print, the search
(``benchmarks/search_latency``: index bytes, what a first search loads, latency per keystroke,
and which index parts one changed phone number changes), and editions at 600 plans: what a
reader's browser stores on the first visit, what one changed phone number makes it download
again (by the manifests' hashes), and warm edit→published ``handbook build`` against
``--no-pdf``. Prints a table; writes ``.bench/results.json`` and
``.bench/results.md``; the profile of our 600-plan build goes to ``.bench/profile-600.txt``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .anchor import write_anchor
from .synth import generate

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / ".bench"
BIN = Path(sys.executable).parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
TARGETS = {"site_ratio": 1.0, "site_mb_600": 25.0, "pdf_600_s": 60.0, "seed_ratio": 1.5, "search_first_mb": 1.0,
           "search_keystroke_ms": 50.0, "precache_mb": 25.0, "update_mb": 1.0, "warm_ratio": 1.3, "pdf_bytes_ratio": 1.2}


def _timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command; return (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark: {' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ours_cmd(root: Path, pdf: bool = False) -> list[str]:
    """The editor's command: ``handbook build`` (without the PDF step unless asked)."""
    return [str(BIN / "handbook"), "build", "-f", str(root / "mkdocs.yml")] + ([] if pdf else ["--no-pdf"])


def anchor_cmd(root: Path) -> list[str]:
    """Plain ``mkdocs build`` of the anchor."""
    return [str(BIN / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml")]


def site_figures(site: Path) -> dict:
    """Size of a built site: total MB, HTML pages, average HTML bytes, search index bytes."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    index = [p for p in files if p.parent.name == "search" and p.suffix in (".json", ".js")
             and "worker" not in p.name]
    return {
        "site_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
        "pages": len(pages),
        "html_kb_per_page": round(sum(p.stat().st_size for p in pages) / max(len(pages), 1) / 1e3, 1),
        "search_index_kb": round(sum(p.stat().st_size for p in index) / 1e3, 1) if index else None,
        "search_index_files": [p.relative_to(site).as_posix() for p in index],
    }


def read_manifest(site: Path) -> dict:
    """The precache manifest of a built site."""
    return json.loads((site / "offline-manifest.json").read_text(encoding="utf-8"))


def _gz(path: Path) -> int:
    import zlib

    return len(zlib.compress(path.read_bytes(), 6)) if path.is_file() else 0


def first_visit(site: Path) -> dict:
    """What a reader's browser downloads and stores on the first visit, from the manifest (+ worker, manifest)."""
    manifest = read_manifest(site)
    files = [f for f in manifest["files"] if not f.get("lazy")]
    extra = [site / "offline-manifest.json", site / "sw.js"]
    pdfs = [f for f in manifest["files"] if f["path"].endswith(".pdf")]
    return {
        "stored_mb": round(manifest["stored"] / 1e6, 2),
        "download_mb": round((sum(f["bytes"] for f in files) + sum(p.stat().st_size for p in extra)) / 1e6, 2),
        "wire_gzip_mb": round((sum(f.get("gz", f["bytes"]) for f in files) + sum(_gz(p) for p in extra)) / 1e6, 2),
        "files": len(files),
        "pdfs_precached": len([f for f in pdfs if not f.get("lazy")]),
        "pdfs": len(pdfs),
        "budget_mb": manifest["budget"] / 1e6,
    }


def refetched(old: dict, new: dict, site: Path) -> dict:
    """What a stored copy downloads to become the new edition: changed files by the manifests' hashes."""
    before = {f["path"]: f["sha256"] for f in old["files"]}
    changed = [f for f in new["files"] if before.get(f["path"]) != f["sha256"]]
    stored = [f for f in changed if not f.get("lazy")]
    lazy = [f for f in changed if f.get("lazy")]
    extra = [site / "offline-manifest.json", site / "sw.js"]
    pdfs = [f for f in stored if f["path"].endswith(".pdf")]
    return {
        "files": len(stored),
        "mb": round((sum(f["bytes"] for f in stored) + sum(p.stat().st_size for p in extra)) / 1e6, 3),
        "wire_gzip_mb": round((sum(f.get("gz", f["bytes"]) for f in stored) + sum(_gz(p) for p in extra)) / 1e6, 3),
        # Of that, the PDFs within the budget that hold the change (every reader stores those).
        "stored_pdfs_mb": round(sum(f["bytes"] for f in pdfs) / 1e6, 3),
        "stored_pdfs": sorted(f["path"] for f in pdfs),
        "paths": sorted(f["path"] for f in stored),
        # PDFs past the budget cost only the readers who opened (stored) them.
        "lazy_pdfs_changed": sorted(f["path"] for f in lazy),
        "lazy_pdfs_mb": round(sum(f["bytes"] for f in lazy) / 1e6, 2),
    }


def edition_figures(root: Path) -> dict:
    """First visit, and what one changed number makes a stored copy download again (by the manifests' hashes).

    A whole ``handbook build`` first (the site with its PDFs, from the print cache when warm), then one
    person's number changed (``edited_person``) and the whole build run again.
    """
    site = root / "site"
    _timed(ours_cmd(root, pdf=True), root)
    visit = first_visit(site)
    before = read_manifest(site)
    person = edited_person(root)
    people = yaml.safe_load((root / "data" / "contacts.yaml").read_text(encoding="utf-8"))["people"]
    # A number the person does not have yet (a repeated run must change something too).
    set_number(root, person, "72 99 01 02" if str(people[person].get("phone")) == "72 99 01 01" else "72 99 01 01")
    _timed(ours_cmd(root, pdf=True), root)
    return {"first_visit": visit, "update": refetched(before, read_manifest(site), site), "person": person}


def compare_builds(ours: Path, anchor: Path, runs: int) -> dict:
    """Median wall and CPU seconds of N interleaved builds of ours and the anchor."""
    times = {"ours": [], "anchor": []}
    for _ in range(runs):
        times["ours"].append(_timed(ours_cmd(ours), ours))
        times["anchor"].append(_timed(anchor_cmd(anchor), anchor))
    out = {}
    for name, values in times.items():
        out[f"{name}_wall_s"] = round(statistics.median(v[0] for v in values), 2)
        out[f"{name}_cpu_s"] = round(statistics.median(v[1] for v in values), 2)
    out["ratio_wall"] = round(out["ours_wall_s"] / out["anchor_wall_s"], 2)
    out["ratio_cpu"] = round(out["ours_cpu_s"] / out["anchor_cpu_s"], 2)
    out["runs"] = runs
    return out


def make_municipality(work: Path, areas: int, plans_per_area: int, people: int) -> tuple[Path, Path]:
    """Generate the synthetic handbook and its anchor; return both folders."""
    from handbook.data.load import load
    from handbook.site.context import build_info

    ours = work / f"ours-{areas * plans_per_area}"
    anchor = work / f"anchor-{areas * plans_per_area}"
    for path in (ours, anchor):
        shutil.rmtree(path, ignore_errors=True)
    generate(ours, areas=areas, plans_per_area=plans_per_area, people=people, template=REPO)
    write_anchor(load(ours), build_info(ours), anchor)
    return ours, anchor


def pdf_figures(root: Path, work: Path) -> dict:
    """The PDF step from a cold print cache (every PDF), its bytes per page, against plain Chromium prints."""
    try:
        from handbook import pdf
    except ImportError as exc:
        return {"available": False, "reason": f"handbook.pdf is not on this branch yet ({exc})"}
    if not hasattr(pdf, "bench"):
        return {"available": False, "reason": "handbook.pdf has no bench(ctx)"}
    from handbook.pipeline import context_for

    site = work / f"pdf-site-{root.name}"
    shutil.rmtree(site, ignore_errors=True)
    ctx = context_for(root / "mkdocs.yml", site)
    figures = pdf.bench(ctx, areas=True, untagged=True)
    figures["available"] = True
    return figures


def edited_person(root: Path) -> str:
    """The person whose number the warm-edit rows change: one in the leadership group of the middle area
    (synth.py), so the edit reaches that area's plans, its PDF, the contact list and handbook.pdf."""
    groups = yaml.safe_load((root / "data" / "contacts.yaml").read_text(encoding="utf-8"))["groups"]
    leaders = sorted(g for g in groups if g.startswith("ledelsen-"))
    members = groups[leaders[len(leaders) // 2]]["members"]
    return members[min(5, len(members) - 1)]


def set_number(root: Path, person: str, number: str) -> None:
    """Give one person of the synthetic contacts.yaml a new phone number (the editor's one-number edit)."""
    import re

    path = root / "data" / "contacts.yaml"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(^  {re.escape(person)}:\n(?:    .*\n)*?    phone: ).*$", re.MULTILINE)
    new, count = pattern.subn(lambda m: m.group(1) + number, text)
    if count != 1:
        raise ValueError(f"cannot find {person}'s phone in {path}")
    path.write_text(new, encoding="utf-8")


def warm_figures(root: Path, runs: int) -> dict:
    """One changed number → published: the whole ``handbook build`` (warm print cache) against ``--no-pdf``.

    First one whole build from a cold cache (timed: the cold whole build), then, interleaved,
    a number changed and the whole build timed, a number changed and the site-only build timed.
    """
    person = edited_person(root)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    cold = _timed(ours_cmd(root, pdf=True), root)
    times: dict[str, list] = {"whole": [], "site_only": []}
    serial = 0
    for _ in range(runs):
        for side, with_pdf in (("whole", True), ("site_only", False)):
            serial += 1
            set_number(root, person, f"72 {90 - serial:02d} 03 35")
            times[side].append(_timed(ours_cmd(root, pdf=with_pdf), root))
    out = {"cold_whole_s": round(cold[0], 2), "cold_whole_cpu_s": round(cold[1], 2), "runs": runs,
           "person": person}
    for side, values in times.items():
        out[f"{side}_wall_s"] = round(statistics.median(v[0] for v in values), 2)
        out[f"{side}_cpu_s"] = round(statistics.median(v[1] for v in values), 2)
    out["ratio_wall"] = round(out["whole_wall_s"] / out["site_only_wall_s"], 2)
    out["ratio_cpu"] = round(out["whole_cpu_s"] / out["site_only_cpu_s"], 2)
    # Leave the published site whole (with its PDFs) for whatever is measured next.
    _timed(ours_cmd(root, pdf=True), root)
    return out


def search_figures(root: Path, work: Path) -> dict:
    """Search at 600 plans (``benchmarks.search_latency``): index bytes, a first search's bytes, keystroke
    latency, and which index parts one changed phone number changes (a rebuild of a copy)."""
    from handbook.data.load import load

    from . import search_latency

    site = root / "site"
    model = load(root)

    def words(name):  # search matches words in any order
        return frozenset(name.lower().split()[1:])

    # A surname only one person has, so "the right person" is well defined.
    surnames = [words(p.name) for p in model.people.values() if p.name]
    ids = sorted(model.people)
    pid = next((i for i in ids[len(ids) // 2:] + ids if model.people[i].name
                and surnames.count(words(model.people[i].name)) == 1), ids[len(ids) // 2])
    person = model.people[pid]
    surname = " ".join(person.name.split()[1:])
    typo = surname[:2] + surname[3] + surname[2] + surname[4:]  # two letters swapped
    scenario = next(iter(model.plans.values())).title
    queries = [surname, scenario, person.numbers[0].display, "ring til politiet", typo]
    out = search_latency.figures(site, queries)
    out["query"] = surname
    out["expected"] = person.name
    firsts = {f["query"]: f["first_result"] for f in out["first_search"]}
    out["right_person_first"] = firsts.get(surname) == person.name and firsts.get(typo) == person.name
    out["changed_after_one_number"] = changed_parts(root, work, pid)
    out["available"] = True
    return out


def changed_parts(root: Path, work: Path, pid: str) -> dict:
    """Rebuild a copy of ``root`` with one person's number changed; which search files differ, and their bytes."""
    copy = work / "search-edit"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("dist", ".handbook-*"))
    # The baseline is built as the edit will be (without PDFs): pages that link to PDFs only when
    # they are printed would otherwise count as changed by the edit.
    _timed(ours_cmd(copy), copy)
    contacts = copy / "data" / "contacts.yaml"
    data = yaml.safe_load(contacts.read_text(encoding="utf-8"))
    before = data["people"][pid]["phone"]
    data["people"][pid]["phone"] = "79 99 99 99"
    contacts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    old = {p.name: p.read_bytes() for p in (copy / "site" / "search").iterdir()}
    _timed(ours_cmd(copy), copy)
    new = {p.name: p.read_bytes() for p in (copy / "site" / "search").iterdir()}
    changed = sorted(n for n in old.keys() | new.keys() if old.get(n) != new.get(n))
    shutil.rmtree(copy, ignore_errors=True)
    return {"person": pid, "from": before, "to": "79 99 99 99", "files": changed,
            "bytes": sum(len(new.get(n, b"")) for n in changed), "of_files": len(new),
            "of_bytes": sum(len(v) for v in new.values())}


def _quiet() -> None:
    """In-process builds log every editor warning (e.g. long synthetic cards); the table is what counts."""
    import logging

    for name in ("mkdocs", "handbook"):
        logging.getLogger(name).setLevel(logging.ERROR)


def profile_build(root: Path, work: Path, top: int = 30) -> dict:
    """cProfile one in-process build; write the top functions and return time per concern."""
    from handbook.pipeline import context_for

    site = work / "profile-site"
    shutil.rmtree(site, ignore_errors=True)
    profiler = cProfile.Profile()
    profiler.enable()
    context_for(root / "mkdocs.yml", site)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
    stats.print_stats(top)
    (OUT / "profile-600.txt").write_text(text.getvalue(), encoding="utf-8")
    # Cumulative seconds of the functions that stand for each concern.
    concerns = {
        "handbook render (Jinja2 page sources)": ("render.py", "render_pages"),
        "data load + validation": ("load.py", "load"),
        "Markdown → HTML (all pages)": ("mkdocs/structure/pages.py", "render"),
        "theme templates (Material, per page)": ("mkdocs/commands/build.py", "_build_theme_template"),
        "page templates (Material, per page)": ("mkdocs/commands/build.py", "_build_page"),
        "navigation (MkDocs get_navigation)": ("mkdocs/structure/nav.py", "get_navigation"),
        "site steps after MkDocs (search index …)": ("handbook/steps.py", "run_site_steps"),
        "whole build": ("handbook/pipeline.py", "context_for"),
    }
    raw = stats.stats
    out = {}
    for label, (file_end, name) in concerns.items():
        out[label] = round(sum(v[3] for (f, _, fn), v in raw.items() if f.endswith(file_end) and fn == name), 2)
    return out


def seed_figures(work: Path, runs: int) -> dict:
    """The seed: whole ``handbook build`` (with PDFs) against plain MkDocs plus one Chromium print."""
    from pypdf import PdfReader

    from handbook.data.load import load
    from handbook.site.context import build_info
    from tests.conftest import copy_handbook

    ours = work / "seed-ours"
    anchor = work / "seed-anchor"
    for path in (ours, anchor):
        shutil.rmtree(path, ignore_errors=True)
    copy_handbook(REPO, ours)
    write_anchor(load(ours), build_info(ours), anchor, print_page=True)
    # Until the pipeline runs the PDF step itself, it is added here, timed in-process.
    wired = _timed(ours_cmd(ours, pdf=True), ours) and (ours / "site" / "handbook.pdf").is_file()
    has_pdf = wired or _has_pdf()
    ours_times, anchor_times = [], []
    for _ in range(runs):
        seconds = _timed(ours_cmd(ours, pdf=True), ours)[0]
        if has_pdf and not wired:
            seconds += _pdf_step_seconds(ours, work)
        ours_times.append(seconds)
        started = time.perf_counter()
        _timed(anchor_cmd(anchor), anchor)
        pages = _print(anchor / "site" / "print.html", work / "seed-anchor.pdf")
        anchor_times.append(time.perf_counter() - started)
    out = {
        "ours_whole_build_s": round(statistics.median(ours_times), 2),
        "anchor_build_plus_print_s": round(statistics.median(anchor_times), 2),
        "anchor_print_pages": pages,
        "ours_includes_pdf": has_pdf,
        "pdf_step_in_pipeline": wired,
        "runs": runs,
    }
    out["ratio"] = round(out["ours_whole_build_s"] / out["anchor_build_plus_print_s"], 2)
    pdf_file = ours / "site" / "handbook.pdf"
    if pdf_file.is_file():
        out["ours_pdf_pages"] = len(PdfReader(str(pdf_file)).pages)
    return out


def _guarded(step, *args) -> dict:
    """Run an optional measurement; a failure becomes a "not available" row with its reason."""
    try:
        return step(*args)
    except Exception as exc:  # a helper's step failing must not lose the other figures
        return {"available": False, "reason": f"{step.__name__} failed: {type(exc).__name__}: {str(exc)[:200]}"}


def _pdf_step_seconds(root: Path, work: Path) -> float:
    """Seconds of handbook.pdf.build_all on the built handbook (the step the pipeline will run)."""
    from handbook import pdf
    from handbook.pipeline import context_for

    site = work / "seed-pdf-site"
    shutil.rmtree(site, ignore_errors=True)
    ctx = context_for(root / "mkdocs.yml", site)
    started = time.perf_counter()
    pdf.build_all(ctx)
    return time.perf_counter() - started


def _has_pdf() -> bool:
    try:
        from handbook import pdf  # noqa: F401
    except ImportError:
        return False
    return True


def _print(html_file: Path, pdf_file: Path) -> int:
    """One plain Chromium print (launch included, as a script would do it); return the page count."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    from handbook.browser import launch

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(html_file.as_uri())
        page.pdf(path=str(pdf_file), format="A4", print_background=True)
        browser.close()
    return len(PdfReader(str(pdf_file)).pages)


def _fmt(value, unit="") -> str:
    if value is None:
        return "–"
    return f"{value}{unit}"


def _search_rows(search: dict, add) -> None:
    """The search's rows of the table (``add(label, at 60, at 600, target, met)``)."""
    if search.get("available"):
        index, lat, edit = search["index"], search["latency"], search["changed_after_one_number"]
        add("Search index KB: total (head, largest part), files", "",
            f"{index['total'] / 1e3:.0f} ({index['head'] / 1e3:.0f}, {index['largest'][1] / 1e3:.0f}), "
            f"{index['files']}")
        firsts = ", ".join(f"'{f['query']}' {f['bytes'] / 1e3:.0f}" for f in search["first_search"])
        add("Search: KB a first search loads (per query)", "", firsts, "≤ 1 MB",
            "yes" if search["first_search_max_bytes"] <= TARGETS["search_first_mb"] * 1e6 else "no")
        add("Search: ms per keystroke, median / p95 (all keystrokes, fresh page)", "",
            f"{lat['median_ms']} / {lat['p95_ms']} ({lat['keystrokes']} keystrokes)", "≤ 50 ms",
            "yes" if lat["p95_ms"] <= TARGETS["search_keystroke_ms"] else "no")
        eng = search.get("engine")
        if eng:
            add("Search: the engine alone, ms per search, median / p95 (every beginning of every query)", "",
                f"{eng['median_ms']} / {eng['p95_ms']} ({eng['searches']} searches)")
        add("Search: surname and its typo → the right person first", "",
            f"'{search['query']}': {'yes' if search['right_person_first'] else 'no'}")
        add("Search: index files changed by one phone number", "",
            f"{len(edit['files'])} of {edit['of_files']} "
            f"({edit['bytes'] / 1e3:.0f} of {edit['of_bytes'] / 1e3:.0f} KB): {' '.join(edit['files'])}")
    else:
        add("Search", "", f"not available: {search['reason']}", "", "–")


def table(r: dict) -> str:
    """The results as a Markdown table (also printed)."""
    s60, s600 = r["scale"]["60"], r["scale"]["600"]
    rows = [("Figure", "60 plans", "600 plans", "Target", "Met?")]

    def add(label, a, b, target="", met=""):
        rows.append((label, a, b, target, met))

    b60, b600 = s60["build"], s600["build"]
    add("Our site build, median wall s (CPU s)", f"{b60['ours_wall_s']} ({b60['ours_cpu_s']})",
        f"{b600['ours_wall_s']} ({b600['ours_cpu_s']})")
    add("Anchor: plain Material, median wall s (CPU s)", f"{b60['anchor_wall_s']} ({b60['anchor_cpu_s']})",
        f"{b600['anchor_wall_s']} ({b600['anchor_cpu_s']})")
    add("Ratio ours/anchor, wall (CPU)", f"{b60['ratio_wall']}× ({b60['ratio_cpu']}×)",
        f"{b600['ratio_wall']}× ({b600['ratio_cpu']}×)", "≤ 1.0×",
        "yes" if b600["ratio_cpu"] <= TARGETS["site_ratio"] else "no")
    o60, o600, a60, a600 = s60["ours_site"], s600["ours_site"], s60["anchor_site"], s600["anchor_site"]

    def per_page(build, ours_site, anchor_site):
        ours_ms = build["ours_cpu_s"] * 1000 / ours_site["pages"]
        anchor_ms = build["anchor_cpu_s"] * 1000 / anchor_site["pages"]
        return ours_ms, anchor_ms, f"{ours_ms:.1f} vs {anchor_ms:.1f} = {ours_ms / anchor_ms:.2f}×"

    pp60, pp600 = per_page(b60, o60, a60), per_page(b600, o600, a600)
    add("Per-page build ms (CPU), ours vs plain Material", pp60[2], pp600[2], "≤ 1.0×",
        "yes" if pp600[0] <= pp600[1] * TARGETS["site_ratio"] else "no")
    add("Site size MB, ours (anchor)", f"{o60['site_mb']} ({a60['site_mb']})", f"{o600['site_mb']} ({a600['site_mb']})",
        "≤ 25 MB", "yes" if o600["site_mb"] <= TARGETS["site_mb_600"] else "no")
    add("HTML pages, ours (anchor)", f"{o60['pages']} ({a60['pages']})", f"{o600['pages']} ({a600['pages']})")
    add("Average HTML KB/page, ours (anchor)", f"{o60['html_kb_per_page']} ({a60['html_kb_per_page']})",
        f"{o600['html_kb_per_page']} ({a600['html_kb_per_page']})")
    add("Search index KB, ours (anchor)", f"{_fmt(o60['search_index_kb'])} ({_fmt(a60['search_index_kb'])})",
        f"{_fmt(o600['search_index_kb'])} ({_fmt(a600['search_index_kb'])})")
    edition = s600.get("edition")
    if edition and edition.get("first_visit"):
        v, u = edition["first_visit"], edition["update"]
        add("First visit: MB stored (downloaded uncompressed; gzip on the wire), PDFs stored", "",
            f"{v['stored_mb']} MB ({v['download_mb']}; {v['wire_gzip_mb']}), {v['pdfs_precached']} of {v['pdfs']} PDFs "
            f"within {v['budget_mb']:g} MB", "≤ 25 MB", "yes" if v["stored_mb"] <= TARGETS["precache_mb"] else "no")
        add("One changed number: MB a stored copy downloads again (gzip on the wire), files", "",
            f"{u['mb']} MB ({u['wire_gzip_mb']}), {u['files']} files, of which PDFs {u['stored_pdfs_mb']} MB; "
            f"+ {u['lazy_pdfs_mb']} MB of PDFs for readers who opened them", "≤ 1 MB",
            "yes" if u["mb"] <= TARGETS["update_mb"] else "no")
    elif edition:
        add("Editions (first visit, one changed number)", "", f"not available: {edition['reason']}", "", "–")
    g = r["growth_60_to_600"]
    add("Growth 60→600: build s, site MB, KB/page, index", "", f"{g['build_cpu']}×, {g['site_mb']}×, "
        f"{g['html_kb_per_page']}×, {_fmt(g['search_index_kb'], '×')}")
    pdf = s600["pdf"]
    if pdf.get("available"):
        ratio = pdf.get("bytes_per_page_ratio")
        add("PDF KB/page: ours vs one plain Chromium print, tagged (untagged)", "",
            f"{pdf['pdf_kb_per_page']} vs {_fmt(pdf.get('plain_kb_per_page'))} = {_fmt(ratio, '×')} "
            f"({_fmt(pdf.get('untagged_kb_per_page'))} = {_fmt(pdf.get('untagged_bytes_ratio'), '×')})",
            "≤ 1.2×", "yes" if ratio is not None and ratio <= TARGETS["pdf_bytes_ratio"] else "no")
        add("PDF step, cold cache, every PDF: s, pages (plain print of handbook.pdf's pages: s)", "",
            f"{pdf['pdf_seconds']} s, {pdf['pdf_pages']} + {sum(pdf.get('area_pages', {}).values())} pages "
            f"({pdf.get('plain_print_seconds')} s)", "< 60 s",
            "yes" if pdf["pdf_seconds"] < TARGETS["pdf_600_s"] else "no")
        areas = sorted(pdf.get("area_pages", {}).values())
        if areas:
            add("One area's PDF: pages (of handbook.pdf's)", "", f"{areas[len(areas) // 2]} ({pdf['pdf_pages']})")
    else:
        add("PDF step", "", f"not available: {pdf['reason']}", "< 60 s", "–")
    warm = s600.get("warm")
    if warm and "whole_wall_s" in warm:
        add("One number changed → published: whole build vs `--no-pdf`, median wall s (CPU s)", "",
            f"{warm['whole_wall_s']} ({warm['whole_cpu_s']}) vs {warm['site_only_wall_s']} "
            f"({warm['site_only_cpu_s']}) = {warm['ratio_wall']}× ({warm['ratio_cpu']}×)", "≤ 1.3×",
            "yes" if warm["ratio_wall"] <= TARGETS["warm_ratio"] else "no")
        add("Whole `handbook build`, cold print cache: wall s (CPU s)", "",
            f"{warm['cold_whole_s']} ({warm['cold_whole_cpu_s']})")
    elif warm:
        add("One number changed → published", "", f"not available: {warm.get('reason')}", "≤ 1.3×", "–")
    _search_rows(s600["search"], add)
    seed = r["seed"]
    add("Seed: whole `handbook build` s vs MkDocs + 1 print s", "",
        f"{seed['ours_whole_build_s']} vs {seed['anchor_build_plus_print_s']} = {seed['ratio']}×"
        + ("" if seed["ours_includes_pdf"] else " (ours without PDF: not on branch)")
        + (" (PDF step added: not in the pipeline yet)" if seed["ours_includes_pdf"]
           and not seed.get("pdf_step_in_pipeline") else ""), "≤ 1.5×",
        "yes" if seed["ratio"] <= TARGETS["seed_ratio"] else "no")
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)


def _redo(parts: set[str], args) -> int:
    """Re-measure some rows on the synthetic sites of the last full run; print the whole table."""
    work = OUT / "work"
    large = work / "ours-600"
    if not (OUT / "results.json").is_file():
        return _alone(parts, work, large)
    results = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
    if "pdf" in parts:
        results["scale"]["600"]["pdf"] = _guarded(pdf_figures, large, work)
    if "warm" in parts:
        results["scale"]["600"]["warm"] = _guarded(warm_figures, large, args.runs)
    if "search" in parts:
        results["scale"]["600"]["search"] = _guarded(search_figures, large, work)
    if "seed" in parts:
        results["seed"] = seed_figures(work, args.runs_small)
    if "profile" in parts:
        results["profile_600_s"] = profile_build(large, work)
    if "edition" in parts:
        results["scale"]["600"]["edition"] = _guarded(edition_figures, large)
    results["redone"] = sorted(parts)
    return _report(results)


def _alone(parts: set[str], work: Path, large: Path) -> int:
    """Without a full run to complete: build the 600-plan municipality once and print the rows asked for."""
    if parts - {"search"}:
        raise SystemExit("benchmark: --only without a previous full run supports 'search' only; run make bench")
    work.mkdir(parents=True, exist_ok=True)
    if not (large / "site" / "search").is_dir():
        print("… 600 plans: generating and building once", file=sys.stderr, flush=True)
        ours, _anchor = make_municipality(work, 30, 20, 1000)
        _timed(ours_cmd(ours), ours)
    search = search_figures(large, work)
    rows: list[tuple[str, str, str, str, str]] = []
    _search_rows(search, lambda *row: rows.append(tuple(row) + ("",) * (5 - len(row))))
    lines = ["| Figure | 600 plans | Target | Met? |", "|---|---|---|---|"]
    lines += [f"| {r[0]} | {r[2]} | {r[3]} | {r[4]} |" for r in rows]
    print("\n".join(lines))
    OUT.mkdir(exist_ok=True)
    (OUT / "search.json").write_text(json.dumps(search, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nLoad average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. Figures: {OUT / 'search.json'}")
    return 0


def _report(results: dict) -> int:
    """Print the table and write the figures."""
    text = table(results)
    print(text)
    if results.get("profile_600_s"):
        print("\nProfile of our 600-plan build (cumulative s, one in-process build under cProfile):")
        for label, seconds in results["profile_600_s"].items():
            print(f"  {label:48s} {seconds:8.2f}")
    print(f"\nLoad average before/after: {results['load_before']:.1f}/{results.get('load_after', 0):.1f} "
          f"on {results['cores']} cores. Figures: {OUT / 'results.json'}")
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    (OUT / "results.md").write_text(text + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table, write the figures under .bench/."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per side for the medians (600 plans)")
    parser.add_argument("--runs-small", type=int, default=5, help="builds per side for 60 plans and the seed")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of our 600-plan build")
    parser.add_argument("--quick", action="store_true", help="smoke run: 6 and 60 plans, one build per side")
    parser.add_argument("--only", default="", help="comma list of pdf,warm,search,seed,profile,edition: redo just those, "
                        "keeping the other figures of the last run in .bench/results.json")
    args = parser.parse_args(argv)
    _quiet()
    OUT.mkdir(exist_ok=True)
    if args.only:
        return _redo(set(args.only.split(",")), args)
    work = OUT / "work"
    work.mkdir(exist_ok=True)
    results: dict = {"when": dt.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(),
                     "load_before": os.getloadavg()[0], "scale": {}}
    scales = ((3, 20, 100, args.runs_small), (30, 20, 1000, args.runs))
    if args.quick:
        scales, args.runs_small, args.runs = ((1, 6, 10, 1), (3, 20, 100, 1)), 1, 1
    for areas, plans, people, runs in scales:
        n = areas * plans
        print(f"… {n} plans: generating, then {runs} interleaved builds per side", file=sys.stderr, flush=True)
        ours, anchor = make_municipality(work, areas, plans, people)
        scale = {"build": compare_builds(ours, anchor, runs)}
        scale["ours_site"] = site_figures(ours / "site")
        scale["anchor_site"] = site_figures(anchor / "site")
        results["scale"][str(n)] = scale
    small, large = list(results["scale"])
    results["scale"] = {"60": results["scale"][small], "600": results["scale"][large]}
    s60, s600 = results["scale"]["60"], results["scale"]["600"]

    def grow(a, b):
        return round(b / a, 1) if a and b else None

    results["growth_60_to_600"] = {
        "build_cpu": grow(s60["build"]["ours_cpu_s"], s600["build"]["ours_cpu_s"]),
        "site_mb": grow(s60["ours_site"]["site_mb"], s600["ours_site"]["site_mb"]),
        "html_kb_per_page": grow(s60["ours_site"]["html_kb_per_page"], s600["ours_site"]["html_kb_per_page"]),
        "search_index_kb": grow(s60["ours_site"]["search_index_kb"], s600["ours_site"]["search_index_kb"]),
    }
    ours600 = work / f"ours-{large}"
    print("… PDF step (600 plans)", file=sys.stderr, flush=True)
    s600["pdf"] = _guarded(pdf_figures, ours600, work)
    print("… one changed number → published (600 plans)", file=sys.stderr, flush=True)
    s600["warm"] = _guarded(warm_figures, ours600, args.runs)
    print("… editions: first visit, what one changed number re-fetches (600 plans)", file=sys.stderr, flush=True)
    s600["edition"] = _guarded(edition_figures, ours600)
    print("… search (600 plans)", file=sys.stderr, flush=True)
    s600["search"] = _guarded(search_figures, ours600, work)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print("… seed handbook", file=sys.stderr, flush=True)
    results["seed"] = seed_figures(work, args.runs_small)
    if not args.no_profile:
        print("… profiling our 600-plan build", file=sys.stderr, flush=True)
        results["profile_600_s"] = profile_build(ours600, work)
    results["load_after"] = os.getloadavg()[0]
    return _report(results)


if __name__ == "__main__":
    sys.exit(main())
