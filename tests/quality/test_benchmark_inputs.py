"""The benchmark's inputs stay valid: the synthetic municipality loads, the anchor mirrors our pages."""

from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks.anchor import write_anchor
from benchmarks.run import site_figures
from benchmarks.synth import generate
from handbook.data.load import load
from handbook.site.context import build_info
from handbook.site.render import nav

REPO = Path(__file__).resolve().parents[2]


def test_synthetic_municipality_loads_with_the_asked_size(tmp_path):
    root = generate(tmp_path / "muni", areas=2, plans_per_area=3, people=20, template=REPO)
    model = load(root)
    assert (len(model.handbook.areas), len(model.plans), len(model.people)) == (2, 6, 20)
    assert all(p.actions and p.alerting.chain and p.contacts for p in model.plans.values())
    assert (root / "mkdocs.yml").is_file()


def test_anchor_has_our_pages_navigation_and_plain_material_settings(tmp_path):
    root = generate(tmp_path / "muni", areas=2, plans_per_area=3, people=20, template=REPO)
    model = load(root)
    pages = write_anchor(model, build_info(root), tmp_path / "anchor")
    docs = tmp_path / "anchor" / "docs"
    assert sorted(p.src for p in pages) == sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    config = yaml.safe_load((tmp_path / "anchor" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"] == nav(pages)
    assert config["plugins"] == ["search"]
    assert "navigation.prune" in config["theme"]["features"]
    assert "navigation.sections" not in config["theme"]["features"]
    plan = (docs / "planer" / "omr01" / "omr01-01.md").read_text(encoding="utf-8")
    for heading in ("## Situation", "## Alarmering", "## Handling", "## Kontaktoplysninger"):
        assert heading in plan
    assert "<div" not in plan  # ordinary Markdown, not our HTML blocks


def test_site_figures_counts_pages_and_search_index(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "a.html").write_bytes(b"x" * 1000)
    (site / "b.html").write_bytes(b"x" * 3000)
    (site / "search" / "search_index.json").write_bytes(b"x" * 2000)
    figures = site_figures(site)
    assert figures["pages"] == 2 and figures["html_kb_per_page"] == 2.0
    assert figures["search_index_kb"] == 2.0 and figures["site_mb"] == 0.01
