"""Problems an editor can cause, each reported as one line: ``FILE:LINE: where: what (hint)``."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.data.characters import escape

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One mistake or risk in the data, located by file and line."""

    file: str
    line: int
    where: str
    what: str
    hint: str = ""
    severity: str = ERROR

    def __post_init__(self) -> None:
        # A message echoes what the editor wrote (an id, a file name): never let it reach the terminal raw.
        for name in ("file", "where", "what", "hint"):
            object.__setattr__(self, name, escape(str(getattr(self, name))))

    def __str__(self) -> str:
        where = self.where or "(file)"
        text = f"{self.file}:{self.line}: {where}: "
        if self.severity == WARNING:
            text += "warning: "
        text += self.what
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        """True for errors (which stop a build), False for warnings."""
        return self.severity == ERROR


class HandbookError(Exception):
    """The data cannot be used: carries every problem found, errors first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file, then line, keeping the order of equal positions."""
    return sorted(problems, key=lambda p: (p.file, p.line))


def did_you_mean(word: str, choices) -> str:
    """A hint naming the closest known id, or listing a few known ids."""
    import difflib

    choices = sorted(str(c) for c in choices)
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return "none are defined yet"
    shown = ", ".join(choices[:8]) + (", …" if len(choices) > 8 else "")
    return f"known: {shown}"
