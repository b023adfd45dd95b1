"""``who:`` tags from the roles in contacts.yaml: which roles a sentence gives work to.

A role is found by its title and plural and their Danish inflections
("Administrator", "Afdelingslederen", "Superbrugere"). Of the roles a sentence
names, the ones doing the work are tagged: the roles the sentence starts with
("Administrator, Superbrugere og IKT’er understøtter …"), else the first
named after the verb that is not the object of a preposition ("… sender mail
ud til alle medarbejdere") or of a passive verb ("… at chefen kontaktes").
A multi-word title found only by its first word ("Chefen" for "Chef for
Kerneområdet") is a guess, reported for the editor to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handbook.importer.words import fold, sentences

_ENDINGS = ("", "en", "n", "e", "ne", "er", "erne")
_DETERMINERS = {"alle", "de", "den", "det", "en", "et", "sin", "sine", "sit", "evt.", "hver", "enhver", "øvrige"}
_PREPOSITIONS = {
    "til", "fra", "med", "for", "af", "om", "hos", "ved", "på", "i", "mod", "efter", "under", "over", "end",
    "blandt", "uden", "mellem", "gennem", "via", "overfor",
}  # fmt: skip
_ADVERBS = {"straks", "ikke", "også", "altid", "evt.", "løbende", "hurtigst", "muligt", "derefter"}
_COORDINATION = re.compile(r"^\s*(?:,|/|og/eller|og|eller|samt|,\s*og|,\s*eller)\s*$", re.I)
# Words that name people by their job but are no role in contacts.yaml yet: reported, never tagged.
_ROLE_LIKE = re.compile(
    r"(?<![\w’-])([\w’-]*(?:leder|chef|direktør|bruger|medarbejder|koordinator|administrator|konsulent|sekretær|"
    r"assistent)(?:en|e|ne|er|erne|n)?)(?![\w’-])",
    re.I,
)
_WORD = r"[\w’.-]+"
# Role-like words that are mostly verbs: "Sygeplejersken leder indsatsen", "bruger systemet".
_VERBS = {"leder", "bruger"}


@dataclass(frozen=True)
class Mention:
    """A role named in a sentence: where, which role, and whether by its full title/plural or a guess."""

    start: int
    end: int
    role: str
    sure: bool
    word: str


@dataclass
class Tags:
    """The outcome of tagging one text: the roles doing the work, guesses and unknown role words."""

    who: list[str] = field(default_factory=list)
    guesses: list[tuple[str, str]] = field(default_factory=list)  # (word, role id) tagged from a first word
    unknown: list[str] = field(default_factory=list)  # words that look like a role not in contacts.yaml


def _apos(text: str) -> str:
    return text.replace("'", "’")


class RoleMatcher:
    """Finds the roles of contacts.yaml in text."""

    def __init__(self, roles: dict[str, tuple[str, str | None]]):
        """``roles``: id → (title, plural)."""
        sure: dict[str, str] = {}
        guess: dict[str, str] = {}
        for rid, (title, plural) in roles.items():
            for word in filter(None, (title, plural)):
                word = _apos(word)
                if " " in word:
                    sure.setdefault(word.casefold(), rid)
                    for stem in _stems(word.split()[0]):
                        for ending in _ENDINGS:
                            guess.setdefault((stem + ending).casefold(), rid)
                else:
                    for stem in _stems(word):
                        for ending in _ENDINGS:
                            sure.setdefault((stem + ending).casefold(), rid)
        # An exact title or plural wins over another role's inflection.
        for rid, (title, plural) in roles.items():
            for word in filter(None, (title, plural)):
                sure[_apos(word).casefold()] = rid
        self.sure = sure
        self.guess = {k: v for k, v in guess.items() if k not in sure}
        forms = sorted(set(self.sure) | set(self.guess), key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w’-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w’-])", re.I)
            if forms
            else None
        )

    def mentions(self, text: str) -> list[Mention]:
        """Every role named in ``text``, left to right, longest form first."""
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(_apos(text)):
            key = m.group(1).casefold()
            if key in self.sure:
                out.append(Mention(m.start(), m.end(), self.sure[key], True, text[m.start() : m.end()]))
            else:
                out.append(Mention(m.start(), m.end(), self.guess[key], False, text[m.start() : m.end()]))
        return out

    def whole(self, text: str) -> str | None:
        """The role whose title or plural (or an inflection) is the whole text, e.g. a staffing item."""
        key = _apos(text).casefold().rstrip(":").strip()
        return self.sure.get(key)

    def only_roles(self, text: str) -> list[str]:
        """The roles of a text made of role names alone ("Administrator, Superbrugere og IKT’er"), else []."""
        text = text.rstrip(":").strip()
        found = self.mentions(text)
        if not found or not all(m.sure for m in found):
            return []
        cuts = [0] + [x for m in found for x in (m.start, m.end)] + [len(text)]
        gaps = [text[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
        if gaps[0].strip() or gaps[-1].strip() or not all(_COORDINATION.match(g) for g in gaps[1:-1]):
            return []
        return _unique(m.role for m in found)

    def tag(self, text: str) -> Tags:
        """The roles doing the work in ``text`` (a step of one or more sentences)."""
        tags = Tags()
        offset = 0
        for sentence in sentences(text):
            chosen = self._actors(sentence, self.mentions(sentence))
            tags.who.extend(m.role for m in chosen)
            tags.guesses.extend((m.word, m.role) for m in chosen if not m.sure)
            offset += len(sentence)
        tags.who = _unique(tags.who)
        covered = [(m.start, m.end) for m in self.mentions(text)]
        for m in _ROLE_LIKE.finditer(_apos(text)):
            if m.group(1).casefold() in _VERBS:
                continue
            if not any(s <= m.start() < e for s, e in covered):
                tags.unknown.append(text[m.start(1) : m.end(1)])
        return tags

    def _actors(self, sentence: str, found: list[Mention]) -> list[Mention]:
        if not found:
            return []
        lead = sentence[: found[0].start].strip()
        if not lead or fold(lead) in _DETERMINERS:
            return _chain(sentence, found, 0)
        i = 0
        while i < len(found):
            chain = _chain(sentence, found, i)
            if not _after_preposition(sentence, found[i].start) and not _passive_after(sentence, chain[-1].end):
                return chain
            i += len(chain)  # "til alle centerledere og superbrugere": the whole list is the object
        return []


def _stems(word: str) -> list[str]:
    """A word and, when Danish doubles its last consonant before an ending (Pedel → Pedellen), that stem too."""
    if len(word) > 3 and word[-1] in "bdfgklmnprst" and word[-2] in "aeiouyæøå" and word[-3] not in "aeiouyæøå":
        return [word, word + word[-1]]
    return [word]


def _chain(sentence: str, found: list[Mention], i: int) -> list[Mention]:
    """The mention at ``i`` and the ones coordinated with it ("A, B og C")."""
    out = [found[i]]
    while i + 1 < len(found) and _COORDINATION.match(sentence[found[i].end : found[i + 1].start]):
        i += 1
        out.append(found[i])
    return out


def _after_preposition(sentence: str, start: int) -> bool:
    words = re.findall(_WORD, sentence[:start])
    while words and (words[-1].casefold() in _DETERMINERS or words[-1].endswith(("’s", "s’"))):
        words.pop()
    return bool(words) and words[-1].casefold() in _PREPOSITIONS


def _passive_after(sentence: str, end: int) -> bool:
    words = re.findall(_WORD, sentence[end:])
    while words and words[0].casefold() in _ADVERBS:
        words.pop(0)
    return bool(words) and len(words[0]) >= 5 and words[0].casefold().endswith("es")


def _unique(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def singular_and_plural(text: str) -> tuple[str, str | None]:
    """A role's title and plural from a list item: "Superbrugere" → ("Superbruger", "Superbrugere")."""
    if " " not in text and len(text) > 6:
        if text.endswith("erne"):
            return text[:-2], text
        if text.endswith("ere"):
            return text[:-1], text
    return text, None
