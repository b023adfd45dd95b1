"""YAML files → validated model. Every problem in every file is collected and reported once."""

from __future__ import annotations

import os
import re
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from handbook.data import files, refs
from handbook.data.model import ID_PATTERN, MAX_ID, Contacts, Delplan, Handbook, Model, Plan, Sources
from handbook.data.paths import display_path
from handbook.data.problems import HandbookError, Problem, did_you_mean, sorted_problems
from handbook.data.yamlsrc import Source, YamlProblem, read_yaml, where

DATA_DIR = "data"
HANDBOOK_FILE = "handbook.yaml"
CONTACTS_FILE = "contacts.yaml"
PLANS_DIR = "plans"
AREAS_DIR = "areas"  # one delplan per area: data/areas/<area-id>.yaml


def data_files(root: Path) -> tuple[Path, Path, list[Path]]:
    """The handbook file, the contacts file and every plan file under ``root/data``."""
    data = root / DATA_DIR
    plans = sorted((data / PLANS_DIR).glob("*.yaml")) + sorted((data / PLANS_DIR).glob("*.yml"))
    return data / HANDBOOK_FILE, data / CONTACTS_FILE, sorted(plans)


def area_files(root: Path) -> list[Path]:
    """Every delplan file under ``root/data/areas`` (the folder is optional)."""
    folder = root / DATA_DIR / AREAS_DIR
    return sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml")))


def load(root: Path) -> Model:
    """Load and validate the handbook in ``root``; raise HandbookError listing every error."""
    model, problems = load_with_problems(root)
    errors = [p for p in problems if p.is_error]
    if errors or model is None:
        raise HandbookError(errors)
    return model


def load_with_problems(root: Path) -> tuple[Model | None, list[Problem]]:
    """Load what can be loaded; return the model (None if any file failed) and all problems."""
    root = Path(root)
    handbook_path, contacts_path, plan_paths = data_files(root)
    # Links out of the folder, named pipes, devices: reported, and never read.
    refused = files.refused_files(root, root / DATA_DIR)
    problems: list[Problem] = list(refused.values())

    def parse(path: Path, cls: type[BaseModel]):
        display = display_path(path)
        if _refused(path, refused):
            return None, None
        try:
            source = read_yaml(path, display)
        except YamlProblem as exc:
            problems.append(exc.problem)
            return None, None
        problems.extend(source.problems)
        if not isinstance(source.data, dict):
            problems.append(
                Problem(
                    display,
                    source.line(()),
                    "",
                    "expected keys and values at the top of the file",
                    "write 'key: value' lines, as in the shipped data/ files",
                )
            )
            return None, source
        try:
            return cls.model_validate(source.data), source
        except ValidationError as exc:
            problems.extend(translate(exc, source, cls))
            return None, source

    handbook, hb_src = parse(handbook_path, Handbook)
    contacts, ct_src = parse(contacts_path, Contacts)
    plans: dict[str, Plan] = {}
    plan_sources: dict[str, Source] = {}
    if not (root / DATA_DIR / PLANS_DIR).is_dir():
        problems.append(
            Problem(
                display_path(root / DATA_DIR / PLANS_DIR),
                1,
                "",
                "folder not found",
                "create data/plans/ and put one YAML file per plan in it",
            )
        )
    seen_ids: dict[str, Path] = {}
    for path in plan_paths:
        pid = path.stem
        if pid in seen_ids:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    "",
                    f"plan '{pid}' is also defined in {display_path(seen_ids[pid])}",
                    "keep one of the two files",
                )
            )
            continue
        seen_ids[pid] = path
        if not re.fullmatch(ID_PATTERN, pid):
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    "",
                    f"file name '{path.name}' is not a valid plan id",
                    "use lowercase letters, digits and '-', e.g. it-nedbrud.yaml",
                )
            )
            continue
        plan, src = parse(path, Plan)
        if plan is not None:
            plans[pid] = plan
            plan_sources[pid] = src
    delplans, area_sources, area_ok = _load_delplans(root, handbook, parse, problems)
    sources = Sources(hb_src, ct_src, plan_sources, area_sources)
    if handbook is None or contacts is None or len(plans) != len(plan_paths) or not area_ok:
        # References can still be checked within the files that did load, so that
        # one run shows as many mistakes as possible.
        if handbook is not None and contacts is not None:
            problems.extend(refs.check(Model(handbook, contacts, plans, root, delplans, sources)))
        return None, _unique(problems)
    model = Model(handbook, contacts, plans, root, delplans, sources)
    problems.extend(refs.check(model))
    return model, _unique(problems)


def _load_delplans(root: Path, handbook: Handbook | None, parse, problems: list[Problem]):
    """Parse ``data/areas/*.yaml``; return delplans and sources by area id, and whether all loaded."""
    delplans: dict[str, Delplan] = {}
    sources: dict[str, Source] = {}
    ok = True
    for path in area_files(root):
        aid, display = path.stem, display_path(path)
        if not re.fullmatch(ID_PATTERN, aid):
            problems.append(
                Problem(
                    display,
                    1,
                    "",
                    f"file name '{path.name}' is not a valid area id",
                    "name the file after the area's id in data/handbook.yaml, e.g. aubo.yaml",
                )
            )
            ok = False
            continue
        if handbook is not None and aid not in handbook.areas:
            # The title and order of areas live in handbook.yaml; a delplan without
            # an area there would be a page nobody can reach.
            problems.append(
                Problem(display, 1, "", f"no area '{aid}' in data/handbook.yaml", _area_hint(aid, handbook.areas))
            )
            ok = False
        before = len(problems)
        delplan, src = parse(path, Delplan)
        for i in range(before, len(problems)):
            problems[i] = _explain_area_key(problems[i])
        if delplan is None:
            ok = False
            continue
        delplans[aid], sources[aid] = delplan, src
    return delplans, sources, ok


def _refused(path: Path, refused: dict[str, Problem]) -> bool:
    """True when ``path`` (or a folder above it inside data/) was refused by ``files.refused_files``."""
    full = os.path.abspath(path)
    return any(full == bad or full.startswith(bad + os.sep) for bad in refused)


def _area_hint(aid: str, areas) -> str:
    hint = did_you_mean(aid, areas)
    if hint.startswith("did you mean"):
        return f"rename the file: {hint}"
    return f"add '{aid}:' with its title under 'areas:' in data/handbook.yaml, or rename the file"


_AREA_KEYS_ELSEWHERE = {"title", "short", "id", "areas"}


def _explain_area_key(problem: Problem) -> Problem:
    """An area's title belongs in handbook.yaml, not in its delplan: say so instead of guessing a key."""
    key = problem.where
    if problem.what == f"unknown key '{key}'" and key in _AREA_KEYS_ELSEWHERE:
        return Problem(
            problem.file,
            problem.line,
            problem.where,
            problem.what,
            "the area's id, title and short name are written under 'areas:' in data/handbook.yaml",
            problem.severity,
        )
    return problem


def _unique(problems: list[Problem]) -> list[Problem]:
    """Drop repeats and sort by file and line, so output reads top to bottom."""
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return sorted_problems(out)


# --- pydantic errors → editor messages -------------------------------------------------

_TYPE_NAMES = {
    str: "text",
    int: "a number",
    bool: "true/false",
    list: "a list",
    dict: "keys and values",
    float: "a number",
    type(None): "nothing",
}


def _kind(value) -> str:
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _data_path(loc, data):
    """Keep the parts of a pydantic location that exist in the data (drops union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part != "[key]":
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if part < len(node) else None
        elif part == "[key]":
            continue
        elif node is None and isinstance(part, str):
            path.append(part)
            break
    return tuple(path), node


def _unwrap(tp):
    """Strip Annotated/Optional/list/dict wrappers down to a model class, if any."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            models = [a for a in typing.get_args(tp) if isinstance(a, type) and issubclass(a, BaseModel)]
            return models[0] if models else None
        elif origin in (list, dict):
            tp = typing.get_args(tp)[-1]
        else:
            return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _model_at(cls, path) -> type[BaseModel] | None:
    """The model class that holds the keys at ``path`` (for 'did you mean' on unknown keys)."""
    current, pending = cls, None
    for part in path:
        if isinstance(part, int):
            continue
        if pending is not None:  # a dict of models: this part is an id
            current, pending = pending, None
            continue
        field = current.model_fields.get(part) if current else None
        if field is None:
            return current
        ann = field.annotation
        inner = typing.get_origin(ann)
        if inner is dict or (inner is typing.Annotated and typing.get_origin(typing.get_args(ann)[0]) is dict):
            pending = _unwrap(ann)
            current = None
        else:
            current = _unwrap(ann)
    return current


def translate(exc: ValidationError, source: Source, cls: type[BaseModel]) -> list[Problem]:
    """Turn pydantic's errors into ``FILE:LINE: where: what (hint)`` problems."""
    out = []
    for err in exc.errors():
        path, node = _data_path(err["loc"], source.data)
        kind = err["type"]
        ctx = err.get("ctx") or {}
        value = err.get("input")
        hint = ctx.get("hint", "")
        if kind == "extra_forbidden":
            key = path[-1]
            holder = _model_at(cls, path[:-1])
            allowed = list(holder.model_fields) if holder else []
            what = f"unknown key '{key}'"
            hint = _comma_in_flow_mapping(source, path, allowed) or did_you_mean(key, allowed)
            at = path
            path = path[:-1] + (key,)
        elif kind == "missing":
            key = path[-1] if path else "?"
            what, hint = f"missing key '{key}'", f"add '{key}: …'"
            at = path[:-1]
        else:
            at = path
            what, hint = _message(kind, err, value, ctx, hint)
        line = source.line(at)
        out.append(Problem(source.file, line, where(path), what, hint))
    # "missing key 'phase'" says nothing new next to "unknown key 'fase' (did you mean 'phase'?)".
    suggested = {(p.where.rsplit(".", 1)[0], p.hint) for p in out if p.what.startswith("unknown key")}
    return [
        p
        for p in out
        if not (
            p.what.startswith("missing key")
            and (p.where.rsplit(".", 1)[0], f"did you mean '{p.where.rsplit('.', 1)[-1]}'?") in suggested
        )
    ]


def _comma_in_flow_mapping(source: Source, path: tuple, allowed: list[str]) -> str | None:
    """The fix for ``{title: Kultur, Fritid og Ungeliv, short: KUFU}``: YAML ended the text at the comma.

    Two keys of one mapping on the same line can only be inside ``{ }``; when
    the unknown key follows a known key's text there, the comma was meant as
    part of that text. Unknown keys in a row (``{title: A, B, C}``) all are.
    """
    parent, mapping = path[:-1], source.data
    for part in parent:
        try:
            mapping = mapping[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(mapping, dict) or path[-1] not in mapping:
        return None
    keys = list(mapping)
    line = source.lines.get(path)

    def stray(k: str) -> bool:  # an unknown key on the same line, written as text or "text: text"
        return k not in allowed and source.lines.get(parent + (k,)) == line and not isinstance(mapping[k], (dict, list))

    start = end = keys.index(path[-1])
    while start > 0 and stray(keys[start - 1]):
        start -= 1
    while end + 1 < len(keys) and stray(keys[end + 1]):
        end += 1
    if start == 0:
        return None
    first = keys[start - 1]
    value = mapping[first]
    if first not in allowed or not isinstance(value, str) or source.lines.get(parent + (first,)) != line:
        return None
    parts = [value] + [k if mapping[k] is None else f"{k}: {mapping[k]}" for k in keys[start : end + 1]]
    text = ", ".join(parts).replace("\\", "\\\\").replace('"', '\\"')
    return f'a comma inside {{ }} ends the text; put it in quotes: {first}: "{text}"'


def _range_hint(ctx) -> str:
    low, high = ctx.get("ge", ctx.get("gt")), ctx.get("le", ctx.get("lt"))
    if low is not None and high is None:
        return f"write a number of at least {low}"
    return f"write a number up to {high}" if low is None else f"write a number from {low} to {high}"


def _message(kind, err, value, ctx, hint):
    if kind in ("string_type", "str_type"):
        return f"expected text, got {_kind(value)}", "write the text after the colon, quoted if it has ':' or '#'"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {_kind(value)}", "write each item on its own line starting with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected keys and values, got {_kind(value)}", "write 'key: value' lines indented below"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{value}' is not a date", "write dates as YYYY-MM-DD, e.g. 2024-02-23"
    if kind == "string_pattern_mismatch":
        return (f"'{value}' is not a valid id", "ids use lowercase letters, digits and '-', e.g. claus-mercebach")
    if kind == "string_too_short":
        return "empty text", "write the text, or remove the key"
    if kind == "string_too_long" and ctx.get("max_length") == MAX_ID:
        return f"id is too long ({len(value):,} characters; the limit is {MAX_ID})", "use a short id, e.g. it-nedbrud"
    if kind == "string_too_long":
        return (
            f"text is too long ({len(value):,} characters; the limit is {ctx.get('max_length', 0):,})",
            "shorten it, or split it into several steps or paragraphs",
        )
    if kind.startswith("int") or kind.startswith("float"):
        return f"expected a whole number, got {_kind(value)} '{value}'", "write digits only, e.g. 12"
    if kind.startswith("bool"):
        return f"expected true or false, got '{value}'", "write true or false"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{value} is out of range: {err['msg'].lower()}", hint or _range_hint(ctx)
    if kind in ("phone", "url", "email", "person", "block", "language"):
        return err["msg"], hint
    return err["msg"], hint
