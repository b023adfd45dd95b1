"""An updated page into an existing plan or delplan file: the page's text wins, the editor's work stays.

Kept from the file: comments, key order, the ``who:`` tags of every sentence
whose text did not change (the editor may have corrected them), and what only
an editor writes (``chain``, ``escalate_after``, notes, a list's members or
reference the page cannot show, an ``updated`` date newer than the page's).
"""

from __future__ import annotations

import difflib
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from handbook.importer.yamlwrite import node, plain, to_date

# Keys an editor adds that a page never holds: kept when the page has none.
EDITOR_KEYS = {"chain", "escalate_after", "note", "reference", "references", "members", "who", "editor", "led_by"}
_LABELS = {
    "situation": "Situation",
    "alerting": "Alarmering",
    "tasks": "Opgaver",
    "actions": "Handling",
    "organisation": "Ledelse og organisation",
    "staffing": "Bemanding og udstyr",
    "communication": "Kommunikation",
    "contacts": "Kontaktoplysninger",
    "critical_functions": "Kritiske funktioner",
    "crisis_leader": "Kriseleder",
    "crisis_staff": "Krisestab",
    "convening": "Indkaldelse",
    "crisis_levels": "Kriseniveauer",
}


def merge(old: CommentedMap, new: dict) -> CommentedMap:
    """``old`` (a round-trip tree) updated in place to hold ``new``; returns it."""
    _merge_map(old, new, "")
    return old


def _merge_map(old: CommentedMap, new: dict, key: str) -> None:
    for k in list(old):
        if k not in new and k not in EDITOR_KEYS:
            del old[k]
    previous = None
    for k, value in new.items():
        if k in old:
            old[k] = _merge_value(old[k], value, k)
        else:
            position = list(old).index(previous) + 1 if previous in old else 0
            old.insert(position, k, node(value, k))
        previous = k


def same(old: Any, new: Any) -> bool:
    """Equal as the loader reads them: one text or id equals a list holding just it."""
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(same(old[k], new[k]) for k in old)
    if isinstance(old, str) and isinstance(new, list):
        return new == [old]
    if isinstance(new, str) and isinstance(old, list):
        return old == [new]
    return bool(old == new)


def _merge_value(old: Any, new: Any, key: str) -> Any:
    if same(plain(old), new):
        return old
    if key == "updated":
        old_date, new_date = to_date(old), to_date(new)
        return old if old_date and new_date and old_date > new_date else new
    if key == "references" and isinstance(old, list) and isinstance(new, list):
        for item in new:
            if item not in old:
                old.append(item)
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new, key)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        return _merge_list(old, new, key)
    return node(new, key)


def _identity(item: Any) -> Any:
    """What makes two list items the same item: a step's text, a phase's name, a list's title or group."""
    if isinstance(item, dict):
        for k in ("phase", "group", "title", "role", "level", "text"):
            if k in item:
                return (k, _frozen(item[k]))
        return None
    return ("text", item) if isinstance(item, str) else ("value", _frozen(item))


def _frozen(value: Any) -> Any:
    """A value usable as a dict key."""
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _merge_list(old: CommentedSeq, new: list, key: str) -> CommentedSeq:
    """Items matched by identity keep their node (comments, the editor's who:); the page's order wins."""
    pool: dict[Any, list[Any]] = {}
    for item in old:
        pool.setdefault(_identity(plain(item)), []).append(item)
    out = CommentedSeq()
    for item in new:
        matches = pool.get(_identity(item))
        if matches:
            previous = matches.pop(0)
            if isinstance(previous, str) and isinstance(item, dict) and set(item) <= {"text", "who"}:
                out.append(previous)  # the same sentence, written plain (untagged) in the file: it stays so
            elif isinstance(previous, CommentedMap) and isinstance(item, dict):
                # The same sentence keeps the file's who: tags, whatever the page suggests now.
                _merge_map(previous, {k: v for k, v in item.items() if k != "who" or "text" not in item}, key)
                out.append(previous)
            else:
                out.append(previous if same(plain(previous), item) else node(item, ""))
        else:
            out.append(node(item, ""))
    old.clear()
    old.extend(out)
    return old


# -- what changed, for the report ------------------------------------------------------------------
def texts(data: Any, where: str = "") -> list[tuple[str, str]]:
    """Every text of a plan or delplan with the section it stands in: [(section, text)]."""
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ("area", "who", "updated", "editor"):
                continue
            label = where or _LABELS.get(k, "")
            if k == "phase":
                continue
            if isinstance(data.get("phase"), str) and k == "steps":
                label = f"{where} › {data['phase']}"
            out.extend(texts(v, label))
    elif isinstance(data, list):
        for item in data:
            out.extend(texts(item, where))
    elif isinstance(data, str):
        out.append((where, data))
    return out


def differences(old: Any, new: Any) -> list[tuple[str, str, str]]:
    """What an update changes: [(kind, section, text)] with kind 'changed', 'new' or 'removed'."""
    a, b = texts(plain(old)), texts(plain(new))
    out: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = a[i1:i2], b[j1:j2]
        if tag == "replace" and len(removed) == len(added):
            out.extend(
                ("changed", new_where, f"'{old_text}' → '{new_text}'")
                for (_, old_text), (new_where, new_text) in zip(removed, added, strict=True)
            )
            continue
        out.extend(("removed", where, text) for where, text in removed)
        out.extend(("new", where, text) for where, text in added)
    for key in ("updated", "editor"):
        if plain(old).get(key) != plain(new).get(key):
            out.append(("changed", key, f"{plain(old).get(key)} → {plain(new).get(key)}"))
    return out
