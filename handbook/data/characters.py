"""Which characters a text may hold, and how a message shows text it echoes.

A contingency handbook must never show a number other than the one it dials:
bidirectional controls (U+202E turns "1234 5678" into "8765 4321" on screen)
and other invisible format characters (category Cf: zero-width spaces, a BOM
inside a text) are errors in every text, and so are control characters (NUL,
ESC, BEL …) and the Unicode line and paragraph separators. Tab and line breaks
are allowed. Every string read from a data file passes ``text_problem``
(``handbook.data.yamlsrc``), and every message passes ``escape``
(``handbook.data.problems``), so nothing an editor pasted reaches a terminal raw.
"""

from __future__ import annotations

import unicodedata

# Characters that change the order in which text is displayed.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Short names of the control characters, which have no Unicode name of their own.
CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESC",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
ALLOWED_CONTROLS = frozenset("\t\n")
ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def is_forbidden(char: str) -> bool:
    """True for a character no text may hold: controls (but tab and newline), format characters, separators."""
    if char in ALLOWED_CONTROLS:
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def first_forbidden(text: str) -> int | None:
    """The index of the first forbidden character in ``text``, or None (the usual case, checked in C)."""
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return None
    for i, char in enumerate(text):
        if not char.isprintable() and is_forbidden(char):
            return i
    return None


def describe(char: str) -> str:
    """A character as an editor can look it up: ``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    code = ord(char)
    name = unicodedata.name(char, "") or CONTROL_NAMES.get(code, "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def text_problem(text: str) -> tuple[int, str, str] | None:
    """(index, what, hint) for the first forbidden character in ``text``, or None when the text is clean."""
    index = first_forbidden(text)
    if index is None:
        return None
    char = text[index]
    more = sum(1 for c in text[index + 1 :] if is_forbidden(c))
    also = f" (and {more} more)" if more else ""
    category = unicodedata.category(char)
    if char in BIDI_CONTROLS:
        return (
            index,
            f"invisible direction character {describe(char)} in the text{also}",
            "it can show a number reversed or text in another order than it is read; "
            "delete it, or retype the text if you cannot see it",
        )
    if category == "Cf":
        return (
            index,
            f"invisible character {describe(char)} in the text{also}",
            "it often comes with text pasted from a web page or Word; "
            "delete it, or retype the text if you cannot see it",
        )
    if category in ("Zl", "Zp"):
        return index, f"line separator {describe(char)} in the text{also}", "write an ordinary line break instead"
    return (
        index,
        f"control character {describe(char)} in the text{also}",
        "delete it; a text holds letters, digits, spaces, tabs and line breaks",
    )


MAX_ECHO = 500  # characters of one message part: a pasted megabyte is no message


def escape(text: str) -> str:
    """``text`` safe to print on one terminal line: controls, format characters and line breaks as escapes."""
    if len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + "…"
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable() or unicodedata.category(char) == "Zs":
            out.append(char)
        elif char in ESCAPES:
            out.append(ESCAPES[char])
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)
