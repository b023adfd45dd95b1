"""The package's shape: data flows one way, and no build keeps state in module globals.

Read from the source with the ast module, so an import hidden inside a function
counts like any other, and a new module is checked without being listed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "handbook"

# Rooms from the bottom up: a module may import its own room and the rooms below it, never above.
LAYERS = [
    ("handbook.data",),
    ("handbook.templating",),
    ("handbook.checks",),
    ("handbook.importer",),
    ("handbook.site",),
    ("handbook.outputs", "handbook.browser"),
    ("handbook.pdf",),
    ("handbook.offline",),
    ("handbook.steps",),
    ("handbook.engine",),
    ("handbook.publish",),
    ("handbook.pipeline",),
    ("handbook.cli",),
]
# The only room that may import MkDocs: a port to another site engine rewrites it alone.
ENGINE = "handbook.engine"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    lines.add(inner.lineno)
    return lines


def imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The package modules ``name`` imports anywhere in its file (functions included)."""
    skip = _type_checking_only(tree)
    out = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{name}:{node.lineno}: use absolute imports (from handbook.… import …)"
            base = node.module or ""
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in known else base)
    return {m for m in out if m in known and m != name}


def graph() -> dict[str, set[str]]:
    trees = modules()
    known = set(trees)
    return {name: imports(name, tree, known) for name, tree in trees.items()}


def layer(module: str) -> int:
    for i, rooms in enumerate(LAYERS):
        if any(module == r or module.startswith(r + ".") for r in rooms):
            return i
    raise AssertionError(f"{module} belongs to no room: add it to LAYERS in {__file__}")


def test_every_module_belongs_to_a_room():
    for name in graph():
        if name != "handbook":
            layer(name)


def test_nothing_imports_a_room_above_its_own():
    upward = [f"{a} → {b}" for a, deps in graph().items() if a != "handbook"
              for b in deps if b != "handbook" and layer(b) > layer(a)]
    assert upward == []


def test_the_import_graph_has_no_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(edges[node]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_only_the_engine_imports_mkdocs():
    outside = []
    for name, tree in modules().items():
        if name == ENGINE or name.startswith(ENGINE + "."):
            continue
        for node in ast.walk(tree):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            outside += [f"{name}:{node.lineno}: {m}" for m in mods if m == "mkdocs" or m.startswith("mkdocs.")]
    assert outside == []


_MUTATORS = {"append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear", "add", "remove",
             "discard"}


def test_no_module_level_mutable_build_state():
    """Module globals are constants: no ``global`` statements, and no function mutates a module-level container."""
    problems = []
    for name, tree in modules().items():
        containers = set()
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else [])
            value = getattr(node, "value", None)
            mutable = isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict"))
            for target in targets:
                if isinstance(target, ast.Name) and mutable:
                    containers.add(target.id)
                    if not target.id.isupper() and not target.id.startswith("__"):
                        problems.append(f"{name}:{node.lineno}: module-level container '{target.id}' "
                                        "(name constants in UPPER_CASE; keep a build's state on its context)")
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                problems.append(f"{name}:{node.lineno}: global {', '.join(node.names)}")
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                        and isinstance(inner.func.value, ast.Name) and inner.func.value.id in containers
                        and inner.func.attr in _MUTATORS):
                    problems.append(f"{name}:{inner.lineno}: {inner.func.value.id}.{inner.func.attr}(…) "
                                    "changes a module-level container")
                if isinstance(inner, (ast.Assign, ast.AugAssign, ast.Delete)):
                    for target in getattr(inner, "targets", None) or [getattr(inner, "target", None)]:
                        if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                                and target.value.id in containers):
                            problems.append(f"{name}:{inner.lineno}: {target.value.id}[…] changes a "
                                            "module-level container")
    assert problems == []
