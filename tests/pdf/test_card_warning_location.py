"""The PDF step's "card fills N pages" warning points at the plan's line like `handbook check` does."""

from __future__ import annotations

from types import SimpleNamespace

from handbook.checks.areas import card_warning
from handbook.data.load import load
from handbook.pdf import _card_warnings
from handbook.site.context import PageKind
from tests.conftest import SHIPPED


def test_a_card_printed_on_two_sheets_is_reported_at_the_actions_line(monkeypatch):
    monkeypatch.chdir(SHIPPED)
    model = load(SHIPPED)
    entry = SimpleNamespace(record=SimpleNamespace(kind=PageKind.CARD, ref_id="it-nedbrud", url="x.html"),
                            chapter=SimpleNamespace(headings=[SimpleNamespace(gid="card")]))
    printed = SimpleNamespace(dests={"card": (0, 0.0, 0.0)}, pages=2)
    (warning,) = _card_warnings(SimpleNamespace(model=model), [[entry]], [printed])
    actions_line = model.sources.plans["it-nedbrud"].line(("actions",))
    assert str(warning) == (f"data/plans/it-nedbrud.yaml:{actions_line}: actions: warning: the action card fills "
                            "2 pages in the PDF (shorten the steps, or move background text to the plan's other "
                            "sections)")
    assert (warning.file, warning.line) == (card_warning(model, "it-nedbrud", "x").file, actions_line)
