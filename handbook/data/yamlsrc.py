"""Reading one YAML file safely, keeping the line of every key and item.

Built on PyYAML's safe composer: no Python tags, duplicate keys are errors, and
an alias bomb ("billion laughs") is stopped by counting constructed nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handbook.data.problems import Problem

MAX_BYTES = 2 * 1024 * 1024  # a plan is a few KB; anything this large is a mistake
MAX_NODES = 200_000  # far above any real handbook, far below an alias bomb

PathKey = tuple

# The tags PyYAML's safe resolver gives plain YAML; anything else was written as '!tag'.
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp", "merge")
}


@dataclass
class Source:
    """A parsed YAML file: its data and the line of every path in it."""

    file: str
    data: object = None
    lines: dict = field(default_factory=dict)

    def line(self, path: PathKey) -> int:
        """The line of the deepest known prefix of ``path`` (1 when nothing matches)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlProblem(Exception):
    """The file cannot be read as YAML; carries the located problem."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def where(path: PathKey) -> str:
    """Render a data path as ``actions[0].steps[2].who``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_yaml(path: Path, display: str) -> Source:
    """Parse ``path`` into a Source, raising YamlProblem with file and line on failure."""

    def fail(line, what, hint=""):
        raise YamlProblem(Problem(display, line, "", what, hint))

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        fail(1, "file not found", f"create {display} or fix the path")
    except IsADirectoryError:
        fail(1, "is a folder, not a file", "point to a .yaml file")
    except OSError as exc:
        fail(1, f"cannot read the file: {exc.strerror}")
    if len(raw) > MAX_BYTES:
        fail(
            1,
            f"file is too large ({len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES // 1e6:.0f} MB)",
            "a handbook file holds one plan or the contacts; split it or remove pasted data",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail(1, "file is saved as UTF-16", "save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        fail(line, f"byte 0x{raw[exc.start]:02x} is not UTF-8", "save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        fail(1, "file is empty", "write the file's keys, or delete the file")
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        line, what, hint = syntax_problem(exc)
        fail(line, f"YAML syntax: {what}", hint)
    except yaml.YAMLError as exc:
        fail(1, f"YAML syntax: {exc}")
    source = Source(display)
    if node is None:
        fail(1, "file is empty", "write the file's keys, or delete the file")
    builder = _Builder(source)
    source.data = builder.build(node, ())
    source.lines.setdefault((), node.start_mark.line + 1)
    return source


def syntax_problem(exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """Line, message and hint for a YAML syntax error, worded for an editor (data files and mkdocs.yml)."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    what = (exc.problem or exc.context or "invalid YAML").strip()
    context = exc.context or ""
    if "quoted scalar" in context and exc.context_mark is not None:
        # PyYAML notices at the end of the file; the editor needs the line the quote opened on.
        return (
            exc.context_mark.line + 1,
            "a quote opened here is never closed",
            "close the quote at the end of the text",
        )
    if "another document" in what:
        return (
            line,
            "a second YAML document ('---') starts here",
            "a data file holds one document; remove the '---' line",
        )
    if "\\t" in what or "\t" in what:
        return line, what, "indent with spaces, not tabs"
    return line, what, yaml_hint(what)


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


def _compose(text: str):
    """The node tree, composed by libyaml (about 4x faster); a file libyaml rejects is read
    again by the pure-Python parser, so every error message stays exactly as before."""
    if _FAST_LOADER is not None:
        loader = _FAST_LOADER(text)
        try:
            return loader.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def yaml_hint(what: str) -> str:
    """A fix for the YAML syntax errors editors make most."""
    if "mapping values are not allowed" in what:
        return "a text containing ': ' must be quoted, e.g. text: \"Klik her: …\""
    if "expected <block end>" in what or "did not find expected" in what:
        return "check the indentation of this line against the line above"
    if "found undefined alias" in what:
        return "an '*' starts an alias; quote the text"
    return "check quotes and indentation near this line"


class _Builder:
    """Turns composed nodes into plain Python data while recording lines."""

    def __init__(self, source: Source):
        self.source = source
        self.constructor = yaml.SafeLoader("")
        self.count = 0

    def fail(self, node, path, what, hint=""):
        raise YamlProblem(Problem(self.source.file, node.start_mark.line + 1, where(path), what, hint))

    def build(self, node, path):
        self.count += 1
        if self.count > MAX_NODES:
            # The path inside an alias bomb means nothing to an editor: name the file only.
            self.fail(
                node,
                (),
                "too many nodes (aliases expand beyond any real handbook)",
                "remove the '&' anchors and '*' aliases",
            )
        if node.tag not in PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, path, f"YAML tag '{shown}' is not allowed", "remove the tag; write plain text")
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node, path):
        out = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, path, "merge keys ('<<') are not supported", "write the keys out")
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "a key must be plain text")
            key = self.scalar(key_node, path)
            key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in out:
                first = self.source.lines.get(path + (key,), "?")
                self.fail(
                    key_node,
                    path + (key,),
                    f"duplicate key '{key}' (first on line {first})",
                    "remove one of them or merge them",
                )
            self.source.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, path + (key,))
        return out

    def scalar(self, node, path):
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.fail(node, path, f"cannot read value: {exc.problem}", "quote the value")
        except ValueError as exc:  # e.g. 2024-02-30 matches the date pattern but is no date
            self.fail(
                node, path, f"impossible value '{node.value}': {exc}", "dates are written YYYY-MM-DD, e.g. 2024-02-23"
            )
        return value
