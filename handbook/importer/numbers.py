"""Contact lines of a CMS page → title, name, numbers and e-mail; numbers parsed with ``phonenumbers``.

The styles municipalities write (all read the same way)::

    Områdeleder Claus Mercebach tlf. 72 36 92 45
    Chef for X - Navn Navnesen: 72 36 18 14 navn@kommune.dk
    Direktør – Navn: 30 21 20 20, navn@kommune.dk
    Tlf.: 2917 3432                      (the number of the line above)
    Politi 114 eller tlf. 46 35 14 48
    Alarmcentralen tlf. 1 1 2
    Stabsleder vakant, tlf. 72 36 XX XX  (a vacant post: no number is written)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handbook.data.phones import Phone, PhoneError, parse_phone

_MARKER = r"(?:tlf|telefon|tel|mobil|mob|direkte|nr)\.?\s*:?"
_NUMBER = re.compile(r"(?<![\w/.,-])(?:\+\s?\d{2}[\s.-]?)?\d(?:[ .\-]?\d)*(?![\w/-])")
_PLACEHOLDER = re.compile(r"(?<![\w])\d[\dXx]*(?:\s[\dXx]+)*(?=\s|$|[,.;)])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE = re.compile(r"^\d{1,2}[.-]\d{1,2}[.-]\d{2,4}$")
_GLUE = re.compile(rf"^(?:\s|,|;|/|og|eller|{_MARKER}|[-–—])*$", re.I)
_LABEL_TAIL = re.compile(rf"(?:[\s,;:–—-]|\b{_MARKER}|\beller\b)*$", re.I)
_VACANT = re.compile(r"\b(?:vakant|ubesat)\b", re.I)
_NAME_WORD = re.compile(r"^[A-ZÆØÅÉÜÖÄ][a-zæøåéüöäëï]+(?:-[A-ZÆØÅ][a-zæøåéüöäëï]+)*$")
_CONNECTIVE = {"for", "af", "i", "ved", "på", "til", "og", "&", "-", "–"}
# Words that make a line a shared number (a service) rather than a person.
_SERVICE = re.compile(
    r"politi\b|support\b|telefon|vagt|beredskab|alarm|\bbrand\b|brandv|hotline|helpdesk|servicedesk|central|"
    r"redning|falck|sygehus|hospital|akut|forsyning|kommune",
    re.I,
)
# A first word that is a job title ("Direktør Erik Kjærgaard Andersen": all four words are capitalised).
_TITLE_WORD = re.compile(
    r"(leder|chef|direktør|konsulent|sekretær|koordinator|administrator|assistent|medarbejder|borgmester|formand|"
    r"rådgiver|specialist|ansvarlig|sygeplejerske|pedel|vicevært|inspektør|forstander|mester|superbruger|"
    r"stedfortræder|kriseleder|service|support|vagt|tekniker|montør|chauffør|kok|læge|psykolog)$",
    re.I,
)


@dataclass
class ContactLine:
    """A line that gives a contact: who (title and name, or a service's name) and how to reach them."""

    text: str
    label: str = ""
    title: str | None = None
    name: str | None = None
    kind: str = "person"  # person | service | number (a number alone: belongs to the line above)
    phones: list[Phone] = field(default_factory=list)
    email: str | None = None
    vacant: bool = False
    staffed_by: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # numbers that could not be parsed


def _parse_number(token: str) -> Phone | None:
    try:
        return parse_phone(token)
    except PhoneError:
        return None


def _after_marker(text: str, start: int) -> bool:
    return bool(re.search(rf"\b{_MARKER}\s*$", text[:start], re.I))


def parse_line(text: str) -> ContactLine | None:
    """The contact a line gives, or None when the line is prose (a number inside a sentence is prose)."""
    emails = _EMAIL.findall(text)
    work = _EMAIL.sub(lambda m: " " * len(m.group(0)), text)
    staffed: list[str] = []
    label_word = ""
    paren = re.search(r"\(([^()]*)\)\s*[.]?\s*$", work)
    if paren:
        inner = [p.strip() for p in paren.group(1).split(",") if p.strip()]
        if inner and all(_looks_like_name(p) for p in inner):
            staffed = inner
        elif len(inner) == 1 and inner[0].islower() and len(inner[0]) <= 20:
            label_word = inner[0]
        else:
            return None
        work = work[: paren.start()] + " " * (len(work) - paren.start())
    vacant_number = None
    for m in _PLACEHOLDER.finditer(work):
        token = m.group(0).strip()
        if re.search(r"[Xx]", token) and len(re.findall(r"\d", token)) >= 2:
            vacant_number = (m.start(), m.end())
            break
    tokens: list[tuple[int, int, Phone | None, str]] = []
    for m in _NUMBER.finditer(work):
        token = m.group(0).strip()
        digits = re.sub(r"\D", "", token)
        if _DATE.match(token) or len(digits) < 3:
            continue
        if vacant_number and vacant_number[0] <= m.start() < vacant_number[1]:
            continue  # the digits of "72 36 XX XX"
        phone = _parse_number(token)
        if phone is None and not _after_marker(work, m.start()):
            continue
        tokens.append((m.start(), m.end(), phone, token))
    if not tokens and vacant_number is None:
        return None
    spans = sorted([(s, e) for s, e, _, _ in tokens] + ([vacant_number] if vacant_number else []))
    # Between and after the numbers only glue may stand: "eller tlf.", commas, an e-mail. Else it is a sentence.
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if not _GLUE.match(work[end:start]):
            return None
    if work[spans[-1][1] :].strip(" .,;:"):
        return None
    label = _LABEL_TAIL.sub("", work[: spans[0][0]]).strip()
    if label.endswith(".") or len(label.split()) > 12:
        return None
    line = ContactLine(text=text, label=label, email=emails[0] if emails else None, staffed_by=staffed)
    for _, _, phone, token in tokens:
        if phone is None:
            line.bad.append(token)
        elif label_word:
            line.phones.append(Phone(phone.display, phone.dial, label_word, phone.short))
        else:
            line.phones.append(phone)
    line.vacant = vacant_number is not None or bool(_VACANT.search(label))
    _who(line)
    return line


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)


def _who(line: ContactLine) -> None:
    """Split the label into title and name, and decide person or service."""
    label = line.label
    if not label:
        line.kind = "number"
        return
    if line.vacant:
        line.title = _VACANT.sub("", label).strip(" ,;:–-") or None
        line.name = None
        return
    dash = re.split(r"\s+[-–—]\s+|\s*:\s+", label, maxsplit=1)
    if len(dash) == 2 and _looks_like_name(dash[1].strip(" ,:")):
        line.title, line.name = dash[0].strip(" ,:") or None, dash[1].strip(" ,:")
    else:
        line.title, line.name = split_title_name(label)
    if line.name is None or _SERVICE.search(line.name):
        line.kind, line.title, line.name = "service", None, label.strip(" ,:")


def split_title_name(label: str) -> tuple[str | None, str | None]:
    """``Chef for Organisationsservice Ole Lollike`` → (``Chef for Organisationsservice``, ``Ole Lollike``)."""
    words = [w.strip(",") for w in label.split()]
    start = len(words)
    while start > 0 and _NAME_WORD.match(words[start - 1]) and len(words) - start < 5:
        start -= 1
    title, name = words[:start], words[start:]
    if (
        not title
        and len(name) >= 3
        and len(name[0]) >= 12
        or not title
        and len(name) >= 2
        and _TITLE_WORD.search(name[0])
    ):
        title, name = name[:1], name[1:]  # "Direktør Erik Kjærgaard Andersen"
    if title and title[-1].casefold() in _CONNECTIVE and len(name) >= 2:
        title, name = title + name[:1], name[1:]  # "Chef for" + "Organisationsservice"
    if len(name) < 2:
        return (" ".join(words) or None), None
    return (" ".join(title) or None), " ".join(name)
