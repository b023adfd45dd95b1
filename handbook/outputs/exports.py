"""Exports for other programs: ``site/contacts.csv`` for Danish Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

CSV_FILE = "contacts.csv"
HEADER = ["Navn", "Titel", "Telefon", "Mobil", "E-mail", "Type"]

# Excel runs a cell that starts with one of these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text Excel shows as written: never a formula, even from untrusted data."""
    text = " ".join(str(value or "").split())
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number(phone) -> str:
    """A number as Excel keeps it: "+46 8 …" would be read as a formula, "0046 8 …" dials the same."""
    display = phone.display
    return "00" + display[1:] if display.startswith("+") else display


def _is_mobile(phone) -> bool:
    return "mobil" in (phone.label or "").casefold()


def rows(model) -> list[list[str]]:
    """One row per person and service, in the order of data/contacts.yaml."""
    out = []
    for kind, table in (("Person", model.people), ("Tjeneste", model.services)):
        for entry in table.values():
            numbers = entry.numbers
            phone = ", ".join(_number(n) for n in numbers if not _is_mobile(n))
            mobile = ", ".join(_number(n) for n in numbers if _is_mobile(n))
            if kind == "Person":
                name = entry.name or ("Vakant" if entry.vacant else "")
                title = entry.title
            else:
                name, title = entry.name, entry.channel
            out.append(
                [
                    _cell(name),
                    _cell(title),
                    _cell(phone),
                    _cell(mobile),
                    _cell(entry.email),
                    "Vakant stilling" if kind == "Person" and entry.vacant else kind,
                ]
            )
    return out


def contacts_csv(model) -> bytes:
    """The contacts as Danish Excel opens them: UTF-8 with BOM, ';' between cells, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(model))
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def write_contacts_csv(ctx) -> Path:
    """Write ``contacts.csv`` into the build's site folder."""
    path = Path(ctx.site_dir) / CSV_FILE
    path.write_bytes(contacts_csv(ctx.model))
    return path
