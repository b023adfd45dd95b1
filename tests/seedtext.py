"""The seed plan text, split into what the handbook must carry: sentences, names, numbers."""

from __future__ import annotations

import re
from pathlib import Path

# Web-page chrome of the CMS page the seed was copied from: not plan content.
CHROME = {"Spring til indhold", "Feedback"}
LINK_PREFIX = "Klik her: "  # the link's label; the linked title is kept as a reference
PHONE = re.compile(r"\b(?:\d\d \d\d \d\d \d\d|11[24])\b")
CONTACT_LINE = re.compile(r"^(?P<label>.+?),? (?:tlf\. )?(?P<rest>(?:\d|tlf).*)$")


def seed_lines(path: Path) -> list[str]:
    """Non-empty, whitespace-normalised lines of the seed, bullets removed, chrome dropped."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = " ".join(raw.replace("•", " ").split())
        if not line or line in CHROME:
            continue
        if line.startswith(LINK_PREFIX):
            line = line[len(LINK_PREFIX):]
        out.append(line)
    return out


def phone_numbers(path: Path) -> set[str]:
    """Every real phone number printed in the seed (the 'XX' placeholder is not one)."""
    return set(PHONE.findall(path.read_text(encoding="utf-8")))


def people(path: Path) -> dict[str, str]:
    """Name → title for every person line "Title Name[,] tlf. NN NN NN NN" in the seed."""
    titles = ("Direktør", "Chef for Kerneområdet AUBO", "Chef for Organisationsservice", "Områdeleder",
              "Afdelingsleder")
    found = {}
    for line in seed_lines(path):
        for title in titles:
            if line.startswith(title + " ") and "tlf." in line and "vakant" not in line:
                name = line[len(title) + 1:].split(" tlf.")[0].rstrip(",").strip()
                found[name] = title
    return found


def staffed_names(path: Path) -> list[str]:
    """The press line's staff, printed in brackets."""
    text = path.read_text(encoding="utf-8")
    inner = re.search(r"Pressetelefonen tlf\. [\d ]+\((.+?)\)", text).group(1)
    return [n.strip() for n in inner.split(",")]


def prose(path: Path) -> list[str]:
    """Lines that are sentences or headings of the plan (contact lines are checked by parts)."""
    out = []
    for line in seed_lines(path):
        if "tlf." in line or PHONE.search(line):
            continue
        out.append(line.rstrip(":"))
    return out
