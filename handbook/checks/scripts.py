"""Names that mix alphabets: a Cyrillic 'а' in "Bаris" looks Latin, but search and sorting miss the person.

Ids are ASCII already (the model refuses anything else); names, titles and the
names of services are free text, so a look-alike letter pasted from elsewhere is
a warning naming the word and the letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from handbook.data.model import Model
from handbook.data.problems import WARNING, Problem
from handbook.data.yamlsrc import Source, where

_WORD = re.compile(r"\w+")


def script(char: str) -> str | None:
    """The alphabet of a letter, from its Unicode name ('LATIN', 'CYRILLIC', 'GREEK' …); None for a non-letter."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def mixed_word(text: str) -> tuple[str, str, str, str] | None:
    """The first word of ``text`` written in two alphabets: (word, its main alphabet, the odd letter, its alphabet)."""
    for word in _WORD.findall(text):
        scripts = [s for s in map(script, word) if s]
        counts = Counter(scripts)
        if len(counts) < 2:
            continue
        # The alphabet most of the word is in; on a tie, the one of its first letter.
        main = max(counts, key=lambda s: (counts[s], s == scripts[0]))
        odd = next(c for c in word if script(c) not in (None, main))
        return word, main, odd, script(odd) or ""
    return None


def _names(model: Model):
    """(path in contacts.yaml, text) for every name and title a reader looks people and services up by."""
    for pid, person in model.people.items():
        for key in ("name", "title"):
            if getattr(person, key):
                yield ("people", pid, key), getattr(person, key)
    for sid, service in model.services.items():
        yield ("services", sid, "name"), service.name
    for rid, role in model.roles.items():
        for key in ("title", "plural"):
            if getattr(role, key):
                yield ("roles", rid, key), getattr(role, key)
    for gid, group in model.groups.items():
        yield ("groups", gid, "title"), group.title


def warnings(model: Model) -> list[Problem]:
    """A warning for every name or title with a word in two alphabets."""
    source: Source | None = model.sources.contacts
    if source is None:
        return []
    out = []
    for path, text in _names(model):
        found = mixed_word(text)
        if found is None:
            continue
        word, main, odd, other = found
        out.append(
            Problem(
                source.file,
                source.line(path),
                where(path),
                f"'{text}' mixes {main.title()} and {other.title()} letters: "
                f"'{odd}' (U+{ord(odd):04X}) in '{word}' is {other.title()}",
                "retype the word: a look-alike letter from another alphabet hides the name from search and sorting",
                severity=WARNING,
            )
        )
    return out
