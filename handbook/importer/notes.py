"""The import report: one line per thing the editor must look at, ``PAGE:LINE: what (hint)``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """One thing to look at, located on the imported page (or in a data file)."""

    page: str
    line: int
    what: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.page}:{self.line}: {self.what}"
        return f"{text} ({self.hint})" if self.hint else text


class PageError(Exception):
    """A page that cannot be imported at all; carries its one-line note."""

    def __init__(self, note: Note):
        self.note = note
        super().__init__(str(note))


class Notes:
    """The notes of one import run, in the order they were found, each once."""

    def __init__(self) -> None:
        self.items: list[Note] = []
        self._seen: set[Note] = set()

    def add(self, page: str, line: int, what: str, hint: str = "") -> None:
        """Record a note unless the same one was recorded already."""
        note = Note(page, line, what, hint)
        if note not in self._seen:
            self._seen.add(note)
            self.items.append(note)

    def sorted(self) -> list[Note]:
        """The notes by page, then line, keeping the order of notes on one line."""
        return sorted(self.items, key=lambda n: (n.page, n.line))
