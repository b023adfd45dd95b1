"""JSON Schemas (committed = generated, the seed validates) and `new plan`."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from handbook.checks import report as check
from handbook.data import scaffold, schema

from .helpers import REPO, SHIPPED


def _as_json(path):
    # YAML dates become strings, as the YAML extension in VS Code sees them.
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _validator(kind):
    return jsonschema.Draft7Validator(json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text("utf-8")))


@pytest.mark.parametrize("kind", sorted(schema.KINDS))
def test_committed_schema_equals_generated(kind):
    committed = (REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema.render(kind), "run 'handbook schema' and commit schemas/"


def test_every_loader_shortcut_is_described():
    assert schema.unknown_validators() == []


def _seed_files():
    data = SHIPPED / "data"
    return ([("handbook", data / "handbook.yaml"), ("contacts", data / "contacts.yaml")]
            + [("plan", p) for p in sorted((data / "plans").glob("*.yaml"))]
            + [("area", p) for p in sorted((data / "areas").glob("*.yaml"))])


@pytest.mark.parametrize("kind,path", _seed_files(), ids=lambda v: getattr(v, "name", v))
def test_seed_validates_and_points_at_its_schema(kind, path):
    _validator(kind).validate(_as_json(path))
    first = path.read_text(encoding="utf-8").splitlines()[0]
    rel = path.relative_to(SHIPPED).as_posix()
    assert first == schema.modeline(kind, rel)
    # In a handbook folder the modeline resolves to its schemas/ folder, as in this repository.
    assert (REPO / rel).parent.joinpath(first.split("$schema=")[1]).resolve() == REPO / "schemas" / f"{kind}.schema.json"


@pytest.mark.parametrize("kind,doc,bad", [
    ("contacts", {"people": {"x": {"name": "A", "titel": "B"}}}, "unknown key"),
    ("contacts", {"people": {"Claus": {"name": "A"}}}, "id that is not an id"),
    ("plan", {"title": "T", "area": "aubo"}, "missing 'updated'"),
    ("plan", {"title": "T", "area": "aubo", "updated": "2024-01-01", "actions": "Straks"}, "text for a list"),
])
def test_schema_rejects_what_the_loader_rejects(kind, doc, bad):
    assert list(_validator(kind).iter_errors(doc)), bad


def test_schema_accepts_the_loader_shortcuts():
    doc = {"title": "T", "area": "aubo", "updated": "2024-01-01",
           "situation": {"text": "one paragraph"},
           "tasks": {"steps": ["a plain sentence", {"text": "tagged", "who": "chef"}]},
           "staffing": {"roles": ["chef", {"role": "administrator", "text": "Administratorer"}]}}
    _validator("plan").validate(doc)
    _validator("contacts").validate({"people": {"a": {"name": "A", "phone": 72366363,
                                                      "phones": [{"number": "114", "label": "Politi"}]}}})


def test_write_all_writes_one_schema_per_file_kind(tmp_path):
    written = schema.write_all(tmp_path)
    assert sorted(p.name for p in written) == ["area.schema.json", "contacts.schema.json", "handbook.schema.json",
                                               "plan.schema.json"]
    assert (tmp_path / "schemas" / "plan.schema.json").read_text("utf-8") == schema.render("plan")


# --- new plan ---------------------------------------------------------------------------------

def test_new_plan_passes_check_with_placeholders_as_warnings(handbook_dir):
    path = scaffold.new_plan(handbook_dir, "stroemsvigt", "aubo", dt.date(2026, 11, 29))
    assert path == handbook_dir / "data" / "plans" / "stroemsvigt.yaml"
    text = path.read_text(encoding="utf-8")
    for key in ("situation:", "alerting:", "tasks:", "actions:", "organisation:", "staffing:",
                "communication:", "contacts:", "updated: 2026-11-29", "area: aubo"):
        assert key in text
    assert text.splitlines()[0] == schema.modeline("plan", "data/plans/stroemsvigt.yaml")
    _validator("plan").validate(_as_json(path))
    report = check.run(handbook_dir, dt.date(2026, 11, 29))
    assert report.errors == [] and report.exit_code == 0, report.text()
    placeholders = [w for w in report.warnings if "placeholder" in w.what]
    assert placeholders and all(w.file == "data/plans/stroemsvigt.yaml" for w in placeholders)
    assert len(placeholders) == len(report.warnings)
    assert check.run(handbook_dir, dt.date(2026, 11, 29), strict=True).exit_code == 1


def test_new_plan_refuses_to_overwrite(handbook_dir):
    before = (handbook_dir / "data/plans/nedbrud.yaml").read_bytes()
    with pytest.raises(scaffold.ScaffoldError) as exc:
        scaffold.new_plan(handbook_dir, "nedbrud", "aubo")
    assert str(exc.value).startswith("data/plans/nedbrud.yaml:1: (file): plan file already exists")
    assert (handbook_dir / "data/plans/nedbrud.yaml").read_bytes() == before


def test_new_plan_unknown_area_suggests_the_right_one(handbook_dir):
    with pytest.raises(scaffold.ScaffoldError) as exc:
        scaffold.new_plan(handbook_dir, "stroemsvigt", "abuo")
    assert str(exc.value) == "data/handbook.yaml:7: areas: unknown area 'abuo' (did you mean 'aubo'?)"
    assert not (handbook_dir / "data/plans/stroemsvigt.yaml").exists()


def test_new_plan_rejects_an_invalid_id(handbook_dir):
    with pytest.raises(scaffold.ScaffoldError) as exc:
        scaffold.new_plan(handbook_dir, "Strøm svigt", "aubo")
    assert "is not a valid plan id" in str(exc.value)
