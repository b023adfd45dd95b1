"""Phone numbers: parsed with ``phonenumbers``, shown in Danish grouping, linked as ``tel:``."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import shortnumberinfo

REGION = "DK"
# phonenumbers reads letters as a keypad word ("72 36 XX XX" -> 72 36 99 99); a
# crisis plan never means that, so any letter is a placeholder or a typo.
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_ALLOWED = re.compile(r"^[+\d][\d \-./()]*$")


class PhoneError(ValueError):
    """A number that cannot be dialled; ``hint`` says how to fix it."""

    def __init__(self, what: str, hint: str):
        super().__init__(what)
        self.what = what
        self.hint = hint


@dataclass(frozen=True)
class Phone:
    """A dialable number: as shown ("72 36 63 63"), as linked ("+4572366363"), and its label."""

    display: str
    dial: str
    label: str = ""
    short: bool = False

    @property
    def href(self) -> str:
        """The ``tel:`` link for the number."""
        return f"tel:{self.dial}"

    @property
    def digits(self) -> str:
        """The national digits without spaces, as a reader might type them into search."""
        return re.sub(r"\D", "", self.display)


def parse_phone(raw, label: str = "") -> Phone:
    """Parse a Danish or international number, including short numbers such as 112 and 114."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise PhoneError('a phone number must be text such as "72 36 63 63"', "write the number in quotes")
    text = str(raw).strip()
    if not text:
        raise PhoneError("empty phone number", "write the number, or remove the key")
    if _LETTERS.search(text):
        raise PhoneError(
            f"placeholder or letters in phone number '{text}'",
            "write the real number, or mark the position vacant with 'vacant: true' and no number",
        )
    if not _ALLOWED.match(text):
        raise PhoneError(f"'{text}' is not a phone number", "write digits and spaces, e.g. 72 36 63 63")
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        raise PhoneError(f"'{text}' is not a phone number", "write digits and spaces, e.g. 72 36 63 63") from None
    national = str(number.national_number)
    if number.country_code == 45 and shortnumberinfo.is_valid_short_number_for_region(number, REGION):
        return Phone(display=national, dial=national, label=label, short=True)
    if not phonenumbers.is_valid_number(number):
        digits = re.sub(r"\D", "", text)
        hint = (
            "Danish numbers have 8 digits, e.g. 72 36 63 63"
            if number.country_code == 45
            else "check the country code and the digits"
        )
        raise PhoneError(f"'{text}' is not a valid phone number ({len(digits)} digits)", hint)
    if number.country_code == 45:
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    else:
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    dial = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(display=display, dial=dial, label=label)
