"""Hostile files and pasted text (issue 14): hidden characters, odd file names and file kinds, deep nesting,
very long texts. Each is one located error, never a hang, a traceback or a raw escape sequence."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handbook.cli import main
from handbook.data.characters import escape, text_problem
from handbook.data.files import refused_files, tree_problems
from handbook.data.load import load_with_problems
from handbook.data.problems import Problem
from handbook.data.yamlsrc import MAX_DEPTH, YamlProblem, read_yaml, where
from tests.treepath import get_at, set_at

from .test_load_errors import edit, problems

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def _strings(node, path=()):
    """Every string value of a loaded YAML tree with its path (keys are left alone)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        if isinstance(value, str):
            yield path + (key,)
        else:
            yield from _strings(value, path + (key,))


# --- 1. direction and other invisible characters ----------------------------------------------


def test_a_right_to_left_override_in_a_name_is_an_error_at_its_line(seed_copy):
    contacts = seed_copy / "data/contacts.yaml"
    line = edit(contacts, "name: Claus Mercebach,", "name: Claus Mercebach\u202e,")
    assert problems(seed_copy) == [
        f"data/contacts.yaml:{line}: people.claus-mercebach.name: invisible direction character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE) in the text (it can show a number reversed or text in another order than it is "
        "read; delete it, or retype the text if you cannot see it)"
    ]


@pytest.mark.parametrize("char", list(BIDI) + ["\u200b", "\ufeff", "\u2060", "\u00ad"])
def test_every_direction_and_format_character_is_an_error(seed_copy, char):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    line = edit(plan, "title: IT-nedbrud", f"title: IT-{char}nedbrud")
    found = problems(seed_copy)
    assert len(found) == 1, found
    assert found[0].startswith(f"data/plans/it-nedbrud.yaml:{line}: title: invisible ")
    assert f"U+{ord(char):04X}" in found[0]


def test_an_escaped_direction_character_is_found_too(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    line = edit(plan, "title: IT-nedbrud", 'title: "IT-nedbrud \\u2067 1234"')
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: title: invisible direction character U+2067 (RIGHT-TO-LEFT ISOLATE) "
        "in the text (it can show a number reversed or text in another order than it is read; delete it, "
        "or retype the text if you cannot see it)"
    ]


def test_every_text_field_of_every_file_is_checked(seed_copy):
    """A U+202E appended to every string of every data file: each one is reported at its own path."""
    poisoned: set[tuple[str, str]] = set()
    for path in sorted((seed_copy / "data").rglob("*.yaml")):
        rel = path.relative_to(seed_copy).as_posix()
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        for p in list(_strings(tree)):
            set_at(tree, p, get_at(tree, p) + "\u202e")
            poisoned.add((rel, where(p)))
        path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    old = os.getcwd()
    os.chdir(seed_copy)
    try:
        _, found = load_with_problems(Path("."))
    finally:
        os.chdir(old)
    reported = {(p.file, p.where) for p in found if "U+202E" in p.what}
    assert len(poisoned) > 100
    assert reported == poisoned


def test_a_direction_character_in_a_comment_is_an_error(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text + "# ring 1234 5678\u202e\n", encoding="utf-8")
    line = text.count("\n") + 1
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: (file): invisible direction character U+202E (RIGHT-TO-LEFT OVERRIDE) "
        "in a comment (it can show a number reversed or text in another order than it is read; delete it, "
        "or retype the text if you cannot see it)"
    ]


def test_ordinary_danish_text_punctuation_and_spaces_are_fine():
    for text in ("Søren Ærø-Ålund", "72 36\u00a092 45", "“Tryk på knappen” – 2 × 3 … §4", "a\tb\nc", "Иван", "€"):
        assert text_problem(text) is None, text


# --- 2. control characters, and messages that escape what they echo ---------------------------


def test_control_characters_written_as_escapes_are_errors(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    line = edit(plan, "title: IT-nedbrud", 'title: "IT\\0-ned\\ebrud\\a"')
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: title: control character U+0000 (NUL) in the text (and 2 more) "
        "(delete it; a text holds letters, digits, spaces, tabs and line breaks)"
    ]


def test_a_raw_control_character_names_its_line_in_one_line(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    line = edit(plan, "title: IT-nedbrud", "title: IT-nedbrud\x1b[31m")
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: (file): control character U+001B (ESC) in the file "
        "(delete it; a text holds letters, digits, spaces, tabs and line breaks)"
    ]


def test_a_line_separator_is_an_error_not_a_yaml_puzzle(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    line = edit(plan, "title: IT-nedbrud", "title: IT-\u2028nedbrud")
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: (file): line separator U+2028 (LINE SEPARATOR) in the file "
        "(write an ordinary line break instead)"
    ]


def test_a_tab_inside_a_text_is_allowed(seed_copy):
    edit(seed_copy / "data/plans/it-nedbrud.yaml", "title: IT-nedbrud", 'title: "IT-nedbrud\\tigen"')
    assert problems(seed_copy) == []


def test_every_problem_escapes_what_it_echoes():
    problem = Problem("data/plans/evil\n.yaml", 3, "people.a\x1b[31m", "unknown role 'x\u202e'", "hint\x07")
    assert str(problem) == "data/plans/evil\\n.yaml:3: people.a\\x1b[31m: unknown role 'x\\u202e' (hint\\x07)"
    assert escape("Søren\u00a0Ærø “citat”") == "Søren\u00a0Ærø “citat”"
    assert escape("x" * 10_000) == "x" * 500 + "…"


def test_an_escape_sequence_in_an_id_never_reaches_the_terminal(seed_copy, monkeypatch):
    edit(seed_copy / "data/contacts.yaml", "  claus-mercebach:", '  "claus\\e]0;pwned\\a-mercebach":')
    monkeypatch.chdir(seed_copy)
    result = CliRunner().invoke(main, ["check", "-f", "mkdocs.yml"])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "people.claus\\x1b]0;pwned\\x07-mercebach: control character U+001B (ESC)" in result.output


# --- 3. ids are matched whole ----------------------------------------------------------------


def test_a_plan_file_name_ending_in_a_newline_is_refused(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    plan.rename(plan.with_name("it-nedbrud\n.yaml"))
    assert problems(seed_copy) == [
        "data/plans/it-nedbrud\\n.yaml:1: (file): file name 'it-nedbrud\\n.yaml' is not a valid plan id "
        "(use lowercase letters, digits and '-', e.g. it-nedbrud.yaml)"
    ]


def test_an_area_file_name_ending_in_a_newline_is_refused(multi_copy):
    area = next((multi_copy / "data/areas").glob("*.yaml"))
    area.rename(area.with_name(area.stem + "\n.yaml"))
    found = problems(multi_copy)
    assert found[0] == (
        f"data/areas/{area.stem}\\n.yaml:1: (file): file name '{area.stem}\\n.yaml' is not a valid area id "
        "(name the file after the area's id in data/handbook.yaml, e.g. aubo.yaml)"
    )


def test_new_plan_refuses_an_id_with_a_newline(seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy)
    result = CliRunner().invoke(main, ["new", "plan", "evil\n", "--area", "aubo", "-f", "mkdocs.yml"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "data/plans/evil\\n.yaml:1: (file): 'evil\\n' is not a valid plan id "
        "(use lowercase letters, digits and '-', e.g. stroemsvigt)"
    )
    assert sorted(p.name for p in (seed_copy / "data/plans").iterdir()) == ["it-nedbrud.yaml"]


# --- 4. files under data/ and docs/ stay inside the handbook folder --------------------------


def test_a_plan_linked_outside_the_folder_is_refused_and_not_read(seed_copy, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("title: [\n", encoding="utf-8")  # would be a YAML error if it were read
    (seed_copy / "data/plans/udefra.yaml").symlink_to(outside)
    assert problems(seed_copy) == [
        f"data/plans/udefra.yaml:1: (file): is a link to {outside}, outside the handbook folder "
        "(copy the file into the handbook folder instead of linking to it)"
    ]


def test_a_data_folder_linked_outside_is_refused(seed_copy, tmp_path):
    plans = seed_copy / "data/plans"
    plans.rename(tmp_path / "plans-elsewhere")
    plans.symlink_to(tmp_path / "plans-elsewhere")
    found = problems(seed_copy)
    assert found[0] == (
        f"data/plans:1: (file): is a link to {tmp_path / 'plans-elsewhere'}, outside the handbook folder "
        "(copy the file into the handbook folder instead of linking to it)"
    )
    assert not any("it-nedbrud" in p for p in found)


def test_links_that_stay_inside_the_folder_are_fine(seed_copy):
    (seed_copy / "shared").mkdir()
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    plan.rename(seed_copy / "shared/it-nedbrud.yaml")
    plan.symlink_to(Path("../../shared/it-nedbrud.yaml"))
    assert problems(seed_copy) == []


def test_docs_links_out_loops_and_devices_are_refused(tmp_path):
    root = tmp_path / "hb"
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "ok.md").write_text("# OK\n")
    (docs / "passwd.md").symlink_to("/etc/passwd")
    (docs / "zero.md").symlink_to("/dev/zero")
    (docs / "outside").symlink_to(tmp_path)
    (docs / "sub" / "loop").symlink_to(docs)
    (docs / "dangling.md").symlink_to(root / "nothing.md")
    os.mkfifo(docs / "pipe.md")
    (root / "inside.md").write_text("# Inside\n")
    (docs / "inside.md").symlink_to(root / "inside.md")
    found = {Path(k).name: p.what for k, p in refused_files(root, docs).items()}
    assert found == {
        "passwd.md": f"is a link to {os.path.realpath('/etc/passwd')}, outside the handbook folder",
        "zero.md": "is a link to /dev/zero, outside the handbook folder",
        "outside": f"is a link to {tmp_path}, outside the handbook folder",
        "loop": "is a link to a folder that contains it (a loop)",
        "dangling.md": "is a link to nothing (its target does not exist)",
        "pipe.md": "is a named pipe (FIFO), not a file",
    }
    assert [p.where for p in tree_problems(root, docs)] == [""] * 6


# --- 5. only regular files are read, never more than the limit --------------------------------


def _read_in_thread(path: Path) -> list:
    """read_yaml in a thread; a hang is a failure after a generous guard, not a frozen test run."""
    out: list = []

    def run():
        try:
            out.append(read_yaml(path, path.name))
        except YamlProblem as exc:
            out.append(str(exc.problem))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), f"reading {path} hangs"
    return out


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    assert _read_in_thread(tmp_path / "pipe.yaml") == [
        "pipe.yaml:1: (file): is a named pipe (FIFO), not a file (a data file is an ordinary file; replace it with one)"
    ]


def test_a_device_is_refused_without_reading_it():
    assert _read_in_thread(Path("/dev/zero")) == [
        "zero:1: (file): is a device, not a file (a data file is an ordinary file; replace it with one)"
    ]


def test_the_size_is_checked_before_reading(tmp_path):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as fh:
        fh.truncate(8 * 1024**3)  # sparse: 8 GB that take no disk, and would take 8 GB of memory to read
    assert _read_in_thread(huge) == [
        "huge.yaml:1: (file): file is too large (8589.9 MB; the limit is 2 MB) "
        "(a handbook file holds one plan or the contacts; split it or remove pasted data)"
    ]


# --- 6. nesting depth ------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 600, 50_000])
def test_deep_nesting_is_one_located_error_and_other_files_still_report(seed_copy, depth):
    (seed_copy / "data/plans/deep.yaml").write_text(
        "title: Dyb\narea: aubo\nsituation:\n  text: " + "[" * depth + "]" * depth + "\n", encoding="utf-8"
    )
    line = edit(seed_copy / "data/contacts.yaml", "reach: [it-support]", "reach: [it-suport]")
    assert problems(seed_copy) == [
        f"data/contacts.yaml:{line}: roles.it-afdelingen.reach: unknown person or service 'it-suport' "
        "(did you mean 'it-support'?)",
        "data/plans/deep.yaml:4: (file): nested more than 20 levels deep (a handbook file needs a few levels of "
        "keys and lists; look for a '[' or '{' that is never closed)",
    ]


def test_deep_block_nesting_is_caught_as_well(seed_copy):
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "x: 1\n"
    (seed_copy / "data/plans/deep.yaml").write_text(nested, encoding="utf-8")
    found = problems(seed_copy)
    assert found == [
        f"data/plans/deep.yaml:{MAX_DEPTH + 2}: (file): nested more than 20 levels deep (a handbook file needs a "
        "few levels of keys and lists; look for a '[' or '{' that is never closed)"
    ]


# --- 7. length limits ------------------------------------------------------------------------


def test_a_megabyte_token_in_a_step_is_too_long(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    text = plan.read_text(encoding="utf-8")
    marker = "Administrator undersøger evt. tidsperspektiv og sender mail ud til alle medarbejdere i AUBO om nedbruddet."
    line = text[: text.index(marker)].count("\n") + 1
    plan.write_text(text.replace(marker, "x" * 1024 * 1024, 1), encoding="utf-8")
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: actions[0].steps[1].text: text is too long (1,048,576 characters; "
        "the limit is 1,000) (shorten it, or split it into several steps or paragraphs)"
    ]


def test_every_text_has_a_limit(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    line = edit(plan, "title: IT-nedbrud", "title: " + "Nedbrud " * 600)
    contacts = seed_copy / "data/contacts.yaml"
    l_id = edit(contacts, "  claus-mercebach:", "  " + "c" * 100 + ":")
    found = problems(seed_copy)
    assert f"data/plans/it-nedbrud.yaml:{line}: title: text is too long (4,799 characters; the limit is 4,000) " \
        "(shorten it, or split it into several steps or paragraphs)" in found
    assert f"data/contacts.yaml:{l_id}: people.{'c' * 100}: id is too long (100 characters; the limit is 80) " \
        "(use a short id, e.g. it-nedbrud)" in found
