"""A name that mixes alphabets (a Cyrillic 'а' in "Bаris") is a warning naming the word and the letter."""

from __future__ import annotations

import datetime as dt

from handbook.checks import report as check
from handbook.checks.scripts import mixed_word

from .helpers import make_handbook

TODAY = dt.date(2026, 11, 29)
HINT = "(retype the word: a look-alike letter from another alphabet hides the name from search and sorting)"


def _warnings(root, monkeypatch) -> list[str]:
    monkeypatch.chdir(root)
    report = check.run(root, TODAY)
    assert report.errors == []
    return [str(p) for p in report.warnings]


def test_a_cyrillic_letter_in_a_latin_name_is_a_warning(tmp_path, monkeypatch):
    root = make_handbook(tmp_path / "hb", [("data/contacts.yaml", "name: Anne Chef,", "name: \u0410nne Chef,"),
                                           ("data/contacts.yaml", "{title: Chef,", "{title: Ch\u0435f,")])
    assert _warnings(root, monkeypatch) == [
        "data/contacts.yaml:2: people.anne-chef.name: warning: '\u0410nne Chef' mixes Latin and Cyrillic letters: "
        f"'\u0410' (U+0410) in '\u0410nne' is Cyrillic {HINT}",
        "data/contacts.yaml:13: roles.chef.title: warning: 'Ch\u0435f' mixes Latin and Cyrillic letters: "
        f"'\u0435' (U+0435) in 'Ch\u0435f' is Cyrillic {HINT}",
    ]


def test_names_in_one_alphabet_each_are_fine():
    for name in ("Søren Ærø-Ålund", "Иван Петров", "Nikos Παπαδόπουλος", "IT-support 24/7", "Baris Atak"):
        assert mixed_word(name) is None, name
    assert mixed_word("B\u0430ris Atak") == ("B\u0430ris", "LATIN", "\u0430", "CYRILLIC")
    assert mixed_word("Ni\u03bfs") == ("Ni\u03bfs", "LATIN", "\u03bf", "GREEK")
