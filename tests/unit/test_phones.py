"""Phone numbers: Danish grouping, tel: links, short numbers, placeholders."""

import pytest

from handbook.data.phones import PhoneError, parse_phone


@pytest.mark.parametrize("raw, display, dial", [
    ("72 36 63 63", "72 36 63 63", "+4572366363"),
    ("72366363", "72 36 63 63", "+4572366363"),
    ("+45 72 36 63 63", "72 36 63 63", "+4572366363"),
    (72366363, "72 36 63 63", "+4572366363"),
    ("114", "114", "114"),
    ("112", "112", "112"),
    ("+46 8 123 456 78", "+46 8 123 456 78", "+46812345678"),
])
def test_valid_numbers(raw, display, dial):
    phone = parse_phone(raw)
    assert (phone.display, phone.dial, phone.href) == (display, dial, f"tel:{dial}")


def test_short_numbers_are_marked_short():
    assert parse_phone("114").short and not parse_phone("72 36 14 48").short


def test_digits_for_search():
    assert parse_phone("72 36 14 48").digits == "72361448"


@pytest.mark.parametrize("raw, what, hint", [
    ("72 36 XX XX", "placeholder or letters in phone number '72 36 XX XX'",
     "write the real number, or mark the position vacant with 'vacant: true' and no number"),
    ("1234", "'1234' is not a valid phone number (4 digits)", "Danish numbers have 8 digits, e.g. 72 36 63 63"),
    ("72-36-63-63;", "'72-36-63-63;' is not a phone number", "write digits and spaces, e.g. 72 36 63 63"),
    ("", "empty phone number", "write the number, or remove the key"),
    (True, 'a phone number must be text such as "72 36 63 63"', "write the number in quotes"),
])
def test_rejected_numbers(raw, what, hint):
    with pytest.raises(PhoneError) as exc:
        parse_phone(raw)
    assert (exc.value.what, exc.value.hint) == (what, hint)
