"""Writing YAML without destroying it, with ``ruamel.yaml``'s round-trip mode.

Three ways a file changes: a new file (a plan, a delplan, or contacts.yaml in
an empty handbook) is written whole, starting with its ``$schema`` line; new
entries (people, roles, areas …) are added at the end of their table, and
every other byte of the file stays as the editor left it; an existing plan is
edited in ruamel's round-trip tree (comments and key order kept) and only the
lines the edit touched are taken from the new dump — every other line keeps
its original text, so formatting ruamel would change (a flow list broken over
two lines) survives too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

# Lists of ids and short texts read best on one line: who: [administrator, chef].
FLOW_LISTS = {"who", "members", "held_by", "reach", "references", "phones", "staffed_by", "chain", "holder", "stand_in"}
LINE_WIDTH = 110  # a flow list or entry longer than this is written as a block


def yaml() -> YAML:
    """A round-trip YAML reader/writer set up like the data files: 2-space maps, '  - ' lists, long lines."""
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load(text: str) -> Any:
    """A file's round-trip tree (comments and order kept)."""
    return yaml().load(text)


def dump(tree: Any) -> str:
    """The text of a round-trip tree."""
    out = io.StringIO()
    yaml().dump(tree, out)
    return out.getvalue()


def plain(node: Any) -> Any:
    """A round-trip tree as plain dicts, lists and scalars (for comparing)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


# -- plain data → round-trip nodes ----------------------------------------------------------------
def _length(value: Any) -> int:
    if isinstance(value, dict):
        return 2 + sum(len(str(k)) + 2 + _length(v) + 2 for k, v in value.items())
    if isinstance(value, list):
        return 2 + sum(_length(v) + 2 for v in value)
    return len(str(value)) + 2


def _flat(value: Any) -> bool:
    """Only scalars and lists of scalars inside: can be written on one line."""
    if isinstance(value, dict):
        return all(not isinstance(v, dict) and _flat(v) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return True


def node(value: Any, key: str = "", indent: int = 0, flow_maps: bool = False) -> Any:
    """Plain data → ruamel nodes: short id lists and (with ``flow_maps``) short flat entries on one line."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = node(v, k, indent + 2)
        if flow_maps and _flat(value) and indent + len(key) + _length(value) <= LINE_WIDTH:
            out.fa.set_flow_style()
        elif key == "" and "role" in value and set(value) <= {"role", "text"} and _length(value) + indent <= LINE_WIDTH:
            out.fa.set_flow_style()  # a staffing item: {role: afdelingsleder, text: Afdelingslederne}
        return out
    if isinstance(value, list):
        seq = CommentedSeq(node(v, "", indent + 2) for v in value)
        if key in FLOW_LISTS and _flat(value) and indent + len(key) + _length(value) <= LINE_WIDTH:
            seq.fa.set_flow_style()
        return seq
    return value


# -- new files ------------------------------------------------------------------------------------
def new_document(data: dict, header: list[str]) -> str:
    """A new data file: the header comment lines, then the data, a blank line before each top-level block."""
    body = dump(node(data))
    lines = body.splitlines(keepends=True)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and re.match(r"^[a-z_]+:\s*$", line) and out and out[-1].strip():
            out.append("\n")
        out.append(line)
    return "".join(f"{h}\n" for h in header) + "".join(out)


def entry_text(key: str, value: Any, indent: int, flow: bool = True) -> str:
    """One table entry (``id: {…}``) as lines indented for its table; short flat entries on one line."""
    tree = CommentedMap()
    tree[key] = node(value, key, indent, flow_maps=flow)
    return "".join(" " * indent + line if line.strip() else line for line in dump(tree).splitlines(keepends=True))


# -- adding entries to an existing file ------------------------------------------------------------
def add_entries(
    text: str, table: str, entries: list[tuple[str, Any]], order: tuple[str, ...], flow: bool = True
) -> str:
    """``text`` with ``entries`` added at the end of the top-level mapping ``table``; nothing else changes."""
    if not entries:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    doc = load(text) if text.strip() else None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    if not isinstance(doc, CommentedMap):
        return "".join(lines) + _section_text(table, entries, newline, flow)
    # A new table at the end of a file with tables: a blank line before it, as between the others.
    gap = newline if lines and lines[-1].strip() else ""
    if table in doc:
        value = doc[table]
        start = doc.lc.key(table)[0]
        end = _end_of(doc, table, lines)
        if isinstance(value, CommentedMap) and len(value) and not value.fa.flow_style():
            col = value.lc.key(next(iter(value)))[1]
            added = "".join(entry_text(k, v, col, flow) for k, v in entries).replace("\n", newline)
            return "".join(lines[:end]) + added + "".join(lines[end:])
        # An empty table ('people:' or 'people: {}') or one written on one line: write the table out as a block.
        merged = [(str(k), plain(v)) for k, v in (value or {}).items()] + list(entries)
        comment = re.search(r"\s+#.*$", lines[start].rstrip("\r\n"))
        head = f"{table}:{comment.group(0) if comment else ''}{newline}"
        body = "".join(entry_text(k, v, 2, flow) for k, v in merged).replace("\n", newline)
        return "".join(lines[:start]) + head + body + "".join(lines[end:])
    later = [k for k in doc if k in order and order.index(k) > order.index(table)] if table in order else []
    if later:
        at = _start_of(doc, later[0], lines)
        return "".join(lines[:at]) + _section_text(table, entries, newline, flow) + newline + "".join(lines[at:])
    return "".join(lines) + gap + _section_text(table, entries, newline, flow)


def _section_text(table: str, entries: list[tuple[str, Any]], newline: str, flow: bool) -> str:
    return (f"{table}:\n" + "".join(entry_text(k, v, 2, flow) for k, v in entries)).replace("\n", newline)


def _start_of(doc: CommentedMap, key: str, lines: list[str]) -> int:
    """The first line of a top-level key, with the comment lines right above it (they describe it)."""
    at = doc.lc.key(key)[0]
    while at > 0 and lines[at - 1].startswith("#"):
        at -= 1
    return at


def _end_of(doc: CommentedMap, key: str, lines: list[str]) -> int:
    """The line after the last line of a top-level key's value (trailing blank and comment lines excluded)."""
    keys = list(doc)
    after = keys[keys.index(key) + 1] if keys.index(key) + 1 < len(keys) else None
    end = doc.lc.key(after)[0] if after is not None else len(lines)
    start = doc.lc.key(key)[0]
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


# -- editing an existing file ------------------------------------------------------------------------
def keep_format(original: str, edited: str) -> str:
    """``edited`` (ruamel's dump of an edited tree), with every line the edit did not touch as in ``original``."""
    roundtrip = dump(load(original))
    if roundtrip == original:
        return edited
    a, b, c = (s.splitlines(keepends=True) for s in (original, roundtrip, edited))
    segments = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    owner = [0] * len(b)
    dropped: dict[int, list[str]] = {}  # original lines ruamel dropped, kept before the next line
    for n, (_, i1, i2, j1, j2) in enumerate(segments):
        for j in range(j1, j2):
            owner[j] = n
        if j1 == j2:
            dropped.setdefault(j1, []).extend(a[i1:i2])
    out: list[str] = []
    for tag, j1, j2, k1, k2 in difflib.SequenceMatcher(None, b, c, autojunk=False).get_opcodes():
        if tag != "equal":
            out.extend(c[k1:k2])
            continue
        j = j1
        while j < j2:
            out.extend(dropped.get(j, []))
            stag, i1, i2, sj1, sj2 = segments[owner[j]]
            if stag == "equal":
                out.append(a[i1 + j - sj1])
                j += 1
            elif j == sj1 and sj2 <= j2:
                out.extend(a[i1:i2])  # ruamel reformatted these lines, and the edit left them alone
                j = sj2
            else:
                out.append(c[k1 + j - j1])
                j += 1
    out.extend(dropped.get(len(b), []))
    return "".join(out)


def to_date(value: Any) -> dt.date | None:
    """A date read by ruamel (a date, or text that is one)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
