"""The search benchmark's measuring functions work (speed targets live in the benchmark, not here)."""

from __future__ import annotations

import math

import pytest

from benchmarks import search_latency

pytestmark = pytest.mark.browser


def test_part_sizes_add_up(kommune_site):
    sizes = search_latency.part_sizes(kommune_site)
    parts = sum(v for k, v in sizes.items() if isinstance(v, int) and k not in ("total", "files"))
    assert parts == sizes["total"] == sum(p.stat().st_size for p in (kommune_site / "search").iterdir())
    assert sizes["head"] > 0 and sizes["letter parts"] > 0 and sizes["text parts"] > 0


def test_figures_time_every_keystroke_and_count_what_a_first_search_loads(kommune_site, chromium):
    result = search_latency.figures(kommune_site, ["Søren Ågård", "40 10 20 37"], browser=chromium)
    first = {f["query"]: f for f in result["first_search"]}
    assert first["Søren Ågård"]["first_result"] == "Søren Ågård Kjærsgaard"
    assert first["40 10 20 37"]["first_result"] == "Hélène Østerby"
    files = first["Søren Ågård"]["files"]
    assert {"handbook-index.js", "snowball-danish.js", "changes.js", "t-s.js", "x-contacts-0.js"} <= set(files)
    letters = [p.name for p in (kommune_site / "search").glob("t-*.js")]
    assert len([f for f in files if f.startswith("t-")]) < len(letters) / 2  # only the parts the query needs
    assert first["Søren Ågård"]["bytes"] == sum((kommune_site / "search" / f).stat().st_size for f in files)
    latency = result["latency"]
    assert latency["keystrokes"] == len("Søren Ågård") + len("40 10 20 37")
    assert all(math.isfinite(latency[k]) and latency[k] > 0 for k in ("median_ms", "p95_ms", "max_ms"))


def test_measure_gives_a_median_per_query(kommune_site, chromium):
    figures = search_latency.measure(kommune_site, ["Bo Berg", "brand"], repeats=2, browser=chromium)
    assert set(figures) == {"Bo Berg", "brand"} and all(ms > 0 for ms in figures.values())
    assert search_latency.first_results(kommune_site, ["Bo Berg"], chromium) == {"Bo Berg": "Bo Berg"}
