"""The YAML writer: new entries are added, and every other byte of the file stays as the editor left it."""

from __future__ import annotations

from handbook.importer import merge, yamlwrite
from tests.conftest import SHIPPED

ORDER = ("people", "services", "roles", "groups")


def test_entries_go_at_the_end_of_their_table_and_nothing_else_changes():
    original = (SHIPPED / "data/contacts.yaml").read_text(encoding="utf-8")
    text = yamlwrite.add_entries(original, "people", [("ny", {"name": "Ny Person", "phone": "58 11 22 80"})], ORDER)
    text = yamlwrite.add_entries(text, "groups", [("vagt", {"title": "Vagten", "members": ["ny"]})], ORDER, flow=False)
    assert text == original.replace(
        "phone: 72 36 63 56}\n", "phone: 72 36 63 56}\n  ny: {name: Ny Person, phone: 58 11 22 80}\n"
    ) + "  vagt:\n    title: Vagten\n    members: [ny]\n"


def test_a_missing_table_goes_before_the_tables_that_follow_it_with_their_comments():
    original = "# hoved\npeople:\n  a: {name: A B}\n\n# Roller:\nroles:\n  r: {title: R}\n"
    text = yamlwrite.add_entries(original, "services", [("s", {"name": "Vagt", "phone": "112"})], ORDER)
    assert text == "# hoved\npeople:\n  a: {name: A B}\n\nservices:\n  s: {name: Vagt, phone: '112'}\n\n# Roller:\n" \
                   "roles:\n  r: {title: R}\n"  # fmt: skip


def test_an_empty_or_one_line_table_is_written_out():
    assert yamlwrite.add_entries("people: {}  # ingen endnu\nroles:\n  r: {title: R}\n", "people",
                                 [("a", {"name": "A B"})], ORDER) == (
        "people:  # ingen endnu\n  a: {name: A B}\nroles:\n  r: {title: R}\n")  # fmt: skip


def test_windows_line_ends_are_kept():
    text = yamlwrite.add_entries("people:\r\n  a: {name: A B}\r\n", "people", [("b", {"name": "C D"})], ORDER)
    assert text == "people:\r\n  a: {name: A B}\r\n  b: {name: C D}\r\n"


def test_an_edit_keeps_lines_ruamel_would_reformat():
    original = (
        "# En plan\ntitle: Plan\nrefs: [a, b,\n       c]   # brudt over to linjer\ntasks:\n  steps:\n"
        "    - text: Gammel sætning.\n      who: [x]  # tjekket\n"
    )
    tree = yamlwrite.load(original)
    merge.merge(tree, {"title": "Plan", "refs": ["a", "b", "c"], "tasks": {"steps": [{"text": "Ny sætning."}]}})
    edited = yamlwrite.keep_format(original, yamlwrite.dump(tree))
    assert edited == "# En plan\ntitle: Plan\nrefs: [a, b,\n       c]   # brudt over to linjer\ntasks:\n  steps:\n" \
                     "    - text: Ny sætning.\n"  # fmt: skip


def test_the_same_sentence_keeps_the_files_tags_and_thresholds():
    original = "steps:\n  - text: A gør det.\n    who: [a, b]  # rettet\n    escalate_after: 1 time\n  - B gør det.\n"
    tree = yamlwrite.load(original)
    merge.merge(tree, {"steps": [{"text": "A gør det.", "who": ["a"]}, {"text": "B gør det.", "who": ["b"]},
                                 {"text": "C gør det.", "who": ["c"]}]})  # fmt: skip
    assert yamlwrite.keep_format(original, yamlwrite.dump(tree)) == original + "  - text: C gør det.\n    who: [c]\n"
