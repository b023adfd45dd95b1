"""Reading one YAML file safely, keeping the line of every key and item.

Built on PyYAML's safe composer: no Python tags, duplicate keys are errors, an
alias bomb ("billion laughs") is stopped by counting constructed nodes and deep
nesting by a depth limit. Only a regular file is read, and never more than
``MAX_BYTES`` of it. Every string passes ``characters.text_problem``: a control,
direction or other invisible character is an error at its line.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handbook.data.characters import is_forbidden, text_problem
from handbook.data.problems import Problem

MAX_BYTES = 2 * 1024 * 1024  # a plan is a few KB; anything this large is a mistake
MAX_NODES = 200_000  # far above any real handbook, far below an alias bomb
MAX_DEPTH = 20  # levels of nesting: a plan needs about 7; deep nesting overflows the YAML composer

# Characters the YAML reader refuses (controls) or reads as line breaks (NEL, U+2028/9): found before
# parsing, so the editor gets their line instead of a parser's message.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Everything outside plain Latin, Greek and Cyrillic text: each hit is checked by its Unicode category.
_SUSPECT = re.compile("[^\t\n\r\x20-\x7e\xa0-\xac\xae-\u05ff]")

_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)

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
    # Errors that do not stop reading the file (a hidden character in a text): reported with the others.
    problems: list[Problem] = field(default_factory=list)

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
    """Parse ``path`` into a Source, raising YamlProblem with file and line on failure.

    A forbidden character in a text does not stop the reading: each one is an error in
    ``source.problems``, so the editor sees all of them at once.
    """

    def fail(line, what, hint=""):
        raise YamlProblem(Problem(display, line, "", what, hint))

    raw = _read_capped(path, display)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail(1, "file is saved as UTF-16", "save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        fail(line, f"byte 0x{raw[exc.start]:02x} is not UTF-8", "save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    unreadable = _UNREADABLE.search(text)
    if unreadable:
        _, what, hint = text_problem(unreadable.group()) or (0, "", "")
        fail(_line_at(text, unreadable.start()), what.replace("in the text", "in the file"), hint)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        fail(1, "file is empty", "write the file's keys, or delete the file")
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        line, what, hint = syntax_problem(exc)
        fail(line, f"YAML syntax: {what}", hint)
    except yaml.YAMLError as exc:
        fail(1, f"YAML syntax: {exc}")
    except RecursionError:  # the composer recurses once per level: name the line that goes too deep
        fail(_too_deep_line(text), *_DEPTH_PROBLEM)
    source = Source(display)
    if node is None:
        fail(1, "file is empty", "write the file's keys, or delete the file")
    builder = _Builder(source, text)
    source.data = builder.build(node, ())
    source.lines.setdefault((), node.start_mark.line + 1)
    builder.report_hidden_outside_texts()
    return source


def _read_capped(path: Path, display: str) -> bytes:
    """The bytes of a regular file, never more than ``MAX_BYTES`` read (a FIFO or a device is refused)."""

    def fail(what, hint=""):
        raise YamlProblem(Problem(display, 1, "", what, hint))

    def too_large(size: int):
        fail(
            f"file is too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 1e6:.0f} MB)",
            "a handbook file holds one plan or the contacts; split it or remove pasted data",
        )

    # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused right after).
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        fail("file not found", f"create {display} or fix the path")
    except IsADirectoryError:
        fail("is a folder, not a file", "point to a .yaml file")
    except OSError as exc:
        fail(f"cannot read the file: {exc.strerror}")
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            fail("is a folder, not a file", "point to a .yaml file")
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
            fail(f"is {kind}, not a file", "a data file is an ordinary file; replace it with one")
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            too_large(size)
        # Never more than MAX_BYTES + 1, also from a file that grew since fstat (asked for in
        # steps: one read of the whole limit would allocate 2 MB for every small file).
        chunks, total, step = [], 0, size + 1
        while total <= MAX_BYTES:
            chunk = fh.read(min(step, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            step = 64 * 1024
    if total > MAX_BYTES:
        too_large(total)
    return b"".join(chunks)


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


_DEPTH_PROBLEM = (
    f"nested more than {MAX_DEPTH} levels deep",
    "a handbook file needs a few levels of keys and lists; look for a '[' or '{' that is never closed",
)


def _too_deep_line(text: str) -> int:
    """The line where nesting first goes deeper than ``MAX_DEPTH`` (the parser itself does not recurse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:  # libyaml stops at its own limit (1,000 levels) first
        mark = exc.problem_mark or exc.context_mark
        return mark.line + 1 if mark else 1
    return 1


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

    def __init__(self, source: Source, text: str = ""):
        self.source = source
        self.text = text
        self.constructor = yaml.SafeLoader("")
        self.count = 0
        # Where the file holds a forbidden character as written (not as an escape), for exact lines.
        self.hidden = [m.start() for m in _SUSPECT.finditer(text) if is_forbidden(m.group())]
        self.reported: list[tuple[int, int]] = []

    def fail(self, node, path, what, hint=""):
        raise YamlProblem(Problem(self.source.file, node.start_mark.line + 1, where(path), what, hint))

    def check_text(self, node, path, value: str) -> None:
        """Record an error for a control, direction or other invisible character in a string."""
        found = text_problem(value)
        if found is None:
            return
        _, what, hint = found
        start, end = node.start_mark.index, node.end_mark.index
        i = bisect.bisect_left(self.hidden, start)
        # Written as such, the character's own line; written as an escape ("\u202e"), the text's.
        line = _line_at(self.text, self.hidden[i]) if i < len(self.hidden) and self.hidden[i] < end else None
        self.reported.append((start, end))
        self.source.problems.append(
            Problem(self.source.file, line or node.start_mark.line + 1, where(path), what, hint)
        )

    def report_hidden_outside_texts(self) -> None:
        """A hidden character in a comment misleads whoever reads the file: an error at its line, too."""
        lines = set()
        for index in self.hidden:
            if not any(start <= index < end for start, end in self.reported):
                lines.add(_line_at(self.text, index))
        for line in sorted(lines):
            _, what, hint = text_problem(self.text.splitlines()[line - 1]) or (0, "", "")
            self.source.problems.append(
                Problem(self.source.file, line, "", what.replace("the text", "a comment"), hint)
            )

    def build(self, node, path):
        self.count += 1
        if len(path) > MAX_DEPTH:
            self.fail(node, (), *_DEPTH_PROBLEM)
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
            key = self.scalar(key_node, path, is_key=True)
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

    def scalar(self, node, path, is_key=False):
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.fail(node, path, f"cannot read value: {exc.problem}", "quote the value")
        except ValueError as exc:  # e.g. 2024-02-30 matches the date pattern but is no date
            self.fail(
                node, path, f"impossible value '{node.value}': {exc}", "dates are written YYYY-MM-DD, e.g. 2024-02-23"
            )
        if isinstance(value, str) and not value.isprintable():  # the usual case ends here, checked in C
            self.check_text(node, path + (value,) if is_key else path, value)
        return value
