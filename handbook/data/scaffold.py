"""``handbook new plan``: a new plan file with every section, ready to fill in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from handbook.data.model import ID_PATTERN
from handbook.data.paths import display_path
from handbook.data.problems import Problem, did_you_mean
from handbook.data.yamlsrc import Source, YamlProblem, read_yaml

TEMPLATE = "plan-template.yaml"


class ScaffoldError(Exception):
    """The plan cannot be created; carries one located problem."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def template_text() -> str:
    """The plan template shipped with the package."""
    return (Path(__file__).parent / TEMPLATE).read_text(encoding="utf-8")


def known_areas(root: Path) -> tuple[dict, Source]:
    """The area ids in ``data/handbook.yaml`` and its parsed source (for line numbers)."""
    path = Path(root) / "data" / "handbook.yaml"
    try:
        source = read_yaml(path, display_path(path))
    except YamlProblem as exc:
        raise ScaffoldError(exc.problem) from None
    data = source.data if isinstance(source.data, dict) else {}
    areas = data.get("areas")
    return (areas if isinstance(areas, dict) else {}), source


def new_plan(root: Path, plan_id: str, area: str, today: dt.date | None = None) -> Path:
    """Write ``data/plans/<plan_id>.yaml`` from the template; refuse to overwrite anything."""
    root = Path(root)
    plans = root / "data" / "plans"
    target = plans / f"{plan_id}.yaml"
    shown = display_path(target)
    if not re.fullmatch(ID_PATTERN, plan_id):
        raise ScaffoldError(
            Problem(
                shown,
                1,
                "",
                f"'{plan_id}' is not a valid plan id",
                "use lowercase letters, digits and '-', e.g. stroemsvigt",
            )
        )
    for existing in (target, plans / f"{plan_id}.yml"):
        if existing.exists():
            raise ScaffoldError(
                Problem(
                    display_path(existing),
                    1,
                    "",
                    "plan file already exists, not overwritten",
                    "choose another id, or edit the existing file",
                )
            )
    areas, source = known_areas(root)
    if area not in areas:
        raise ScaffoldError(
            Problem(source.file, source.line(("areas",)), "areas", f"unknown area '{area}'", did_you_mean(area, areas))
        )
    text = (
        template_text()
        .replace("{plan_id}", plan_id)
        .replace("{area}", area)
        .replace("{today}", (today or dt.date.today()).isoformat())
    )
    plans.mkdir(parents=True, exist_ok=True)
    # 'x' mode: a file appearing between the check above and now is still not overwritten.
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(
            Problem(
                shown,
                1,
                "",
                "plan file already exists, not overwritten",
                "choose another id, or edit the existing file",
            )
        ) from None
    return target
