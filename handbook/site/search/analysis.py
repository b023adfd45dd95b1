"""Text → index terms: Danish letters folded both ways, Snowball stems, stopwords, phone numbers joined.

The browser does exactly the same to what a reader types (``analyze`` in
``handbook/site/assets/search-analysis.js``); ``tests/search/vectors.json`` holds test
vectors that both sides must turn into the same terms. The steps, per word (a
run of letters, digits and combining marks):

1. lower-case; accents dropped (é → e, ü → u), except that å stays å and ä, ö
   become æ, ø; ß → ss; the digraphs aa, ae, oe become å, æ, ø, so a word typed
   without Danish letters is spelt like the real one;
2. stemmed with the Snowball Danish stemmer (words without digits), so
   ``politiet`` and ``politi``, ``medarbejderen`` and ``medarbejdere`` meet;
3. reduced to a skeleton, æ → a, ø → o, å → a, so ``hojvang``, ``hoejvang``
   and ``Højvang`` are one term, and so are ``Næsborg`` and ``nasborg``.

Digit groups that make a Danish phone number (``72 36 14 48``, ``7236 1448``)
become one term, after any country code (``+45``, ``0045``). Two words joined by
a hyphen (``IT-nedbrud``) also give their joined form (``itnedbrud``). Danish
stopwords (``til``, ``jeg``, ``hvem`` …) are marked: the search ignores them
unless a query has nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import snowballstemmer

# Snowball's Danish stopword list, and the question words a frightened reader types
# ("hvem ringer jeg til"). Written as Danish spells them; compared as skeletons.
STOPWORD_TEXT = """
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min
havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil
blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under
have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad
bliver hendes været thi jer sådan hvem hvordan hvornår hvorfor hvilken hvilke hvilket
"""

WORD_FLAG, STOP_FLAG, JOINED_FLAG = "", "s", "j"


class Token(NamedTuple):
    """One index term of a text: its key, a flag ("" word, "s" stopword, "j" joined form) and where it stands."""

    key: str
    flag: str
    start: int
    end: int


def _mark_class() -> str:
    # Every combining mark (category M) of the Basic Multilingual Plane as one
    # character class: as exact as the browser's \p{M} for any Danish text.
    marks = [c for c in range(0x300, 0x10000) if unicodedata.category(chr(c)).startswith("M")]
    ranges, start = [], marks[0]
    for prev, cur in zip(marks, [*marks[1:], -1], strict=True):
        if cur != prev + 1:
            ranges.append(f"\\u{start:04x}-\\u{prev:04x}" if prev > start else f"\\u{start:04x}")
            start = cur
    return "".join(ranges)


_MARK_CHARS = _mark_class()
_MARKS = re.compile(f"[{_MARK_CHARS}]")
_WORD_CHAR = f"(?:[^\\W_]|[{_MARK_CHARS}])"
# A word as the browser's /[\p{L}\p{N}\p{M}]+/u sees it.
WORD = re.compile(f"{_WORD_CHAR}+")
# Text without combining marks (nearly all) is read with simpler, much faster patterns.
_PLAIN_WORD = re.compile(r"[^\W_]+")
# Two words joined by a hyphen (the second looked at, not taken, so "a-b-c" gives two pairs).
_HYPHEN_PAIR = re.compile("([^\\W_]+)[-\u2010\u2011](?=([^\\W_]+))")
_HYPHEN_PAIR_MARKED = re.compile(f"({_WORD_CHAR}+)[-\u2010\u2011](?=({_WORD_CHAR}+))")
_DIGIT_WORD = re.compile(r"\d+")
_ALNUM = re.compile(r"[^\W_]+")
_DIGRAPH = re.compile("aa|ae|oe")
_DIGRAPHS = {"aa": "å", "ae": "æ", "oe": "ø"}
_RECOMPOSE = {"a\u030a": "å", "a\u0308": "æ", "o\u0308": "ø"}
_RECOMPOSED = re.compile("a\u030a|a\u0308|o\u0308")
_SKELETON = str.maketrans({"æ": "a", "ø": "o", "å": "a"})
_SPECIAL = str.maketrans({"ß": "ss", "œ": "oe"})
# Between the groups of a phone number: spaces only (also the no-break ones).
_GROUP_GAP = re.compile("[ \u00a0\u202f]+")
_HYPHENS = frozenset("-\u2010\u2011")
_DIGITS = re.compile(r"\d")


def is_number(spelt: str) -> bool:
    """Whether a spelt word is all ASCII digits (a number: not stemmed, may be part of a phone number)."""
    return spelt.isascii() and spelt.isdigit()


def spell(word: str) -> list[str]:
    """A word lower-cased and spelt the Danish way (step 1); NFKD may split it into several."""
    word = word.lower()
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word.translate(_SPECIAL))
        word = _MARKS.sub("", _RECOMPOSED.sub(lambda m: _RECOMPOSE[m.group(0)], word))
    word = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group(0)], word)
    if _ALNUM.fullmatch(word):
        return [word]
    return _ALNUM.findall(word)


def skeleton(word: str) -> str:
    """The spelt word with æ, ø, å as a, o, a (step 3)."""
    return word.translate(_SKELETON)


STOPWORDS_SPELT = frozenset(spell(w)[0] for w in STOPWORD_TEXT.split())
STOPWORDS = frozenset(skeleton(w) for w in STOPWORDS_SPELT)


class Analyzer:
    """Turns text into index terms; one per build (it caches every word it has seen)."""

    def __init__(self) -> None:
        self._stemmer = snowballstemmer.stemmer("danish")
        self._words: dict[str, list[str]] = {}
        self._keys: dict[str, tuple[str, bool]] = {}
        self.surfaces: dict[str, str] = {}  # a term → the longest word it stands for, where they differ
        self._word_key: dict[str, str] = {}  # a word → its term
        self._word_keys: dict[str, tuple[str, ...]] = {}  # a word that NFKD splits → its terms

    def _spelt(self, word: str) -> list[str]:
        spelt = self._words.get(word)
        if spelt is None:
            spelt = self._words[word] = spell(word)
        return spelt

    def key(self, spelt: str) -> tuple[str, bool]:
        """A spelt word's term and whether it is a stopword."""
        found = self._keys.get(spelt)
        if found is None:
            surface = skeleton(spelt)
            stop = surface in STOPWORDS
            stem = spelt if any("0" <= c <= "9" for c in spelt) else self._stemmer.stemWord(spelt)
            found = self._keys[spelt] = (skeleton(stem), stop)
            # The browser finds a term inside compounds by its longest word ("strømsvigt" is
            # stemmed to "stromsv", in which "svigt" no longer stands).
            known = self.surfaces.get(found[0])
            if surface != found[0] and (known is None or (len(surface), known) > (len(known), surface)):
                self.surfaces[found[0]] = surface
        return found

    def tokens(self, text: str) -> list[Token]:
        """Every term of ``text`` in order, with its flag and its place in the text."""
        parts: list[tuple[str, int, int, str]] = []  # (spelt, start, end, separator before it)
        last = 0
        for match in WORD.finditer(text):
            gap = text[last : match.start()]
            for i, spelt in enumerate(self._spelt(match.group(0))):
                parts.append((spelt, match.start(), match.end(), gap if i == 0 else ""))
            last = match.end()
        return self._terms(_numbers(parts))

    def _terms(self, parts: list[tuple[str, int, int, str]]) -> list[Token]:
        out = []
        previous = None
        for spelt, start, end, gap in parts:
            key, stop = self.key(spelt)
            out.append(Token(key, STOP_FLAG if stop else WORD_FLAG, start, end))
            # "IT-nedbrud" is also found as "itnedbrud".
            if previous is not None and gap in _HYPHENS and not is_number(spelt) and not is_number(previous[0]):
                joined, _ = self.key(previous[0] + spelt)
                out.append(Token(joined, JOINED_FLAG, previous[1], end))
            previous = (spelt, start)
        return out

    def keys(self, text: str) -> set[str]:
        """The distinct terms of ``text``: the same as ``tokens`` gives, several times faster."""
        out: set[str] = set()
        marked = not text.isascii() and _MARKS.search(text) is not None
        if _DIGITS.search(text):
            # Only where digits stand does the order of words matter (phone numbers).
            kept, last = [], 0
            for start, end in _number_runs(text, marked):
                out.update(t.key for t in self.tokens(text[start:end]))
                kept.append(text[last:start])
                last = end
            if kept:
                kept.append(text[last:])
                text = " ".join(kept)
        single, several = self._word_key, self._word_keys
        words = set((WORD if marked else _PLAIN_WORD).findall(text))
        for word in words.difference(single).difference(several):
            keys = [self.key(spelt)[0] for spelt in self._spelt(word)]
            if len(keys) == 1:
                single[word] = keys[0]
            else:
                several[word] = tuple(keys)
        if several:
            for word in words.intersection(several):
                out.update(several[word])
                words.discard(word)
        out.update(map(single.__getitem__, words))
        if any(h in text for h in _HYPHENS):
            for m in (_HYPHEN_PAIR_MARKED if marked else _HYPHEN_PAIR).finditer(text):
                before, after = self._spelt(m.group(1))[-1], self._spelt(m.group(2))[0]
                if not is_number(before) and not is_number(after):
                    out.add(self.key(before + after)[0])
        return out


def _word_char(char: str, marked: bool) -> bool:
    return char.isalnum() or (marked and _MARKS.match(char) is not None)


def _number_runs(text: str, marked: bool) -> list[tuple[int, int]]:
    """Where whole words of digits stand in a row, separated by spaces only, with a "+" before them."""
    runs: list[list[int]] = []
    n = len(text)
    for m in _DIGIT_WORD.finditer(text):
        start, end = m.span()
        if (start and _word_char(text[start - 1], marked)) or (end < n and _word_char(text[end], marked)):
            continue  # digits inside a word ("2a", "b12")
        if runs and _GROUP_GAP.fullmatch(text, runs[-1][1], start):
            runs[-1][1] = end
            continue
        before = start - 1
        while before >= 0 and text[before] in " \u00a0\u202f":
            before -= 1
        runs.append([before if before >= 0 and text[before] == "+" else start, end])
    return [(a, b) for a, b in runs]


def _numbers(parts: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    """Drop country codes and join the digit groups of phone numbers (see module docstring)."""
    out: list[tuple[str, int, int, str]] = []
    i, n = 0, len(parts)
    while i < n:
        spelt, start, end, gap = parts[i]
        if is_number(spelt):
            spelt, dropped = _country_code(spelt, gap, parts[i + 1] if i + 1 < n else None)
            if dropped:
                # The next group keeps the gap before the code ("+" or nothing).
                nxt = parts[i + 1]
                parts[i + 1] = (nxt[0], start, nxt[2], gap)
                i += 1
                continue
            run = [(spelt, start, end, gap)]
            j = i + 1
            while (
                2 <= len(run[-1][0]) <= 4
                and j < n
                and is_number(parts[j][0])
                and 2 <= len(parts[j][0]) <= 4
                and _GROUP_GAP.fullmatch(parts[j][3])
            ):
                run.append(parts[j])
                j += 1
            out.extend(_join_groups(run))
            i = j
            continue
        out.append(parts[i])
        i += 1
    return out


def _country_code(spelt: str, gap: str, following) -> tuple[str, bool]:
    """(digits without a leading +45/0045, whether the word was the code alone and goes)."""
    plus = gap.rstrip(" \u00a0\u202f").endswith("+")
    code = "45" if plus and spelt.startswith("45") else "0045" if spelt.startswith("0045") else None
    if code is None:
        return spelt, False
    if spelt == code:
        alone = following is not None and is_number(following[0]) and _GROUP_GAP.fullmatch(following[3])
        return spelt, bool(alone)
    return spelt[len(code) :], False


def _join_groups(run: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    # Any consecutive groups that make exactly eight digits are one number
    # ("72 36 14 48 7236 1448" holds two).
    if len(run) == 1:
        return run
    out, i = [], 0
    while i < len(run):
        total, j = 0, i
        while j < len(run) and total < 8:
            total += len(run[j][0])
            j += 1
        if total == 8 and j - i > 1:
            out.append(("".join(p[0] for p in run[i:j]), run[i][1], run[j - 1][2], run[i][3]))
            i = j
        else:
            out.append(run[i])
            i += 1
    return out
