"""Words and text of Danish CMS pages: slugs for ids, sentences, page chrome, headings."""

from __future__ import annotations

import re

# Page chrome of the municipal CMS: buttons and links around the plan, never its content.
CHROME = frozenset(
    {
        "spring til indhold",
        "gå til indhold",
        "luk alle",
        "åben alle",
        "åbn alle",
        "feedback",
        "til toppen",
        "udskriv",
        "print",
        "del",
        "del siden",
    }
)
_CHROME_RUN = re.compile(
    r"^(?:"
    + "|".join(re.escape(c) for c in sorted(CHROME, key=len, reverse=True))
    + r")(?:\s+(?:"
    + "|".join(re.escape(c) for c in sorted(CHROME, key=len, reverse=True))
    + r"))*$"
)


def is_chrome(text: str) -> bool:
    """A line made only of the CMS's buttons and links ("Luk alle", "Luk alle Åben alle", "Feedback")."""
    return bool(_CHROME_RUN.match(" ".join(text.casefold().split())))


# "Klik her: Se …" – the label of a link; the linked title is kept as a reference (only online).
CLICK_HERE = re.compile(r"^\s*klik\s+her\b\s*[:.–-]?\s*|\s*[:–-]?\s*\bklik\s+her\.?\s*$", re.I)
# A phrase inside a sentence that points at a link the reader cannot follow offline.
LINK_PHRASE = re.compile(r"\b(?:klikke|klik)\s+her\b|\blinket\s+her\b|\bpå\s+linket\b", re.I)

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ü": "ue", "ö": "oe", "ä": "ae", "é": "e", "è": "e"})
_APOSTROPHES = str.maketrans({"'": "’", "`": "’", "´": "’", "‘": "’"})


def normalise(text: str) -> str:
    """One line of page text: white space (also no-break spaces) folded to single spaces, zero-width marks gone."""
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Text for comparing: case folded, apostrophes alike, trailing colon and white space dropped."""
    return " ".join(text.translate(_APOSTROPHES).casefold().rstrip(":").split())


def slug(text: str, limit: int = 48) -> str:
    """An id from a title or a name: ``Erik Kjærgaard Andersen`` → ``erik-kjaergaard-andersen``."""
    text = text.casefold().translate(_FOLD)
    text = re.sub(r"['’`´]", "", text)
    out = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(out) > limit:  # cut at a word boundary, so a long title still gives a readable id
        cut = out[:limit]
        out = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return out or "x"


def unique_id(base: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is not taken yet."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


_ABBREVIATIONS = ("evt.", "fx.", "f.eks.", "bl.a.", "ca.", "jf.", "kl.", "nr.", "tlf.", "mv.", "osv.", "dvs.", "inkl.")


def sentences(text: str) -> list[str]:
    """A paragraph split into sentences (at '. ', '! ', '? ' before a capital letter, not after "evt.")."""
    out: list[str] = []
    for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text):
        if out and out[-1].casefold().endswith(_ABBREVIATIONS):
            out[-1] += " " + part
        elif part:
            out.append(part)
    return out


def is_subheading(text: str) -> bool:
    """A short line ending in a colon: the heading of a list or a paragraph ("Ledelsen:", "Straks:")."""
    return text.endswith(":") and len(text) <= 90 and text.count(". ") == 0


def ends_sentence(text: str) -> bool:
    """True when the text ends like a sentence (., !, ?, or a closing bracket/quote after one)."""
    return bool(re.search(r"[.!?][)”\"']?$", text))


def strip_colon(text: str) -> str:
    """A heading without its trailing colon."""
    return text.rstrip().rstrip(":").rstrip()
