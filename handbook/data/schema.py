"""JSON Schemas for the data files, generated from the pydantic models, for editors' YAML support.

VS Code (with the YAML extension) reads the ``# yaml-language-server: $schema=…``
first line of each data file and then completes keys and flags mistakes while
the editor types. The schemas describe what the loader *accepts*, which is
more than the models hold: a single text where a list is allowed, a plain
sentence as a step, a number as text or digits.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from handbook.data.model import ID_PATTERN, Contacts, Delplan, Handbook, Plan

SCHEMA_DIR = "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"

# The data file kinds: schema name, model, the files it describes.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "handbook": (Handbook, "data/handbook.yaml"),
    "contacts": (Contacts, "data/contacts.yaml"),
    "plan": (Plan, "data/plans/*.yaml"),
    "area": (Delplan, "data/areas/*.yaml"),
}

TITLES = {
    "handbook": "Håndbogen som helhed (data/handbook.yaml)",
    "contacts": "Personer, tjenester, roller og grupper (data/contacts.yaml)",
    "plan": "En beredskabsplan (data/plans/<id>.yaml)",
    "area": "Et områdes delplan (data/areas/<id>.yaml)",
}

_ID = {"type": "string", "pattern": ID_PATTERN}
_TEXT = {"type": "string", "minLength": 1}
_NUMBER = {
    "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}],
    "description": "Et telefonnummer, fx 72 36 63 63 eller 114",
}
_PHONE = {
    "anyOf": [
        _NUMBER,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["number"],
            "properties": {"number": _NUMBER, "label": {"type": "string"}},
        },
    ]
}


def _one_or_many(inner: dict, item: dict) -> dict:
    return {"anyOf": [item, inner]}


class LoaderSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema, widened where a before-validator accepts more than the model holds."""

    unknown: list[str] = []  # names of before-validators this class does not know yet

    def function_before_schema(self, schema):
        """Describe the input a before-validator accepts, by the validator's name."""
        inner = self.generate_inner(schema["schema"])
        name = getattr(schema["function"]["function"], "__name__", "")
        if name == "_as_paragraphs":  # one text, or a list of paragraphs
            return _one_or_many(inner, _TEXT)
        if name == "_as_list":  # one id, or a list of ids
            return _one_or_many(inner, _ID)
        if name == "_phone":
            return dict(_PHONE)
        if name == "_as_step":  # a plain sentence is a step
            return _one_or_many(inner, _TEXT)
        if name == "_as_staffing_item":  # a role id, or {role, text}
            return _one_or_many(inner, _ID)
        if name == "_as_convening":  # a plain sentence is a channel without a contact
            return _one_or_many(inner, _TEXT)
        # A new before-validator in the model: keep pydantic's view and let the test say so.
        type(self).unknown.append(name)
        return inner


def generate(kind: str) -> dict:
    """The JSON Schema for one data file kind (handbook, contacts, plan)."""
    model, files = KINDS[kind]
    schema = _close_id_maps(model.model_json_schema(schema_generator=LoaderSchema))
    out = {"$schema": DRAFT, "$id": f"{kind}.schema.json", "title": TITLES[kind]}
    out.update({k: v for k, v in schema.items() if k != "title"})
    out["description"] = f"{schema.get('description', '').strip()} Files: {files}".strip()
    return out


def _close_id_maps(node):
    """Make a map of ids reject keys that are not ids (pydantic leaves them open)."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_id_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_id_maps(value)
    return node


def unknown_validators() -> list[str]:
    """Before-validators met while generating that the schema does not describe yet."""
    LoaderSchema.unknown = []
    for kind in KINDS:
        generate(kind)
    return sorted(set(LoaderSchema.unknown))


def render(kind: str) -> str:
    """The schema as committed: sorted keys, two-space indent, non-ASCII kept, final newline."""
    return json.dumps(generate(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_all(root: Path) -> list[Path]:
    """Write ``schemas/<kind>.schema.json`` for every kind; return the files written."""
    folder = Path(root) / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        text = render(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def modeline(kind: str, data_file: str) -> str:
    """The first line that points VS Code at the schema, relative to the data file."""
    depth = data_file.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json"
