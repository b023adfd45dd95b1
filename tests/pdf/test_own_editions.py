"""Printed files that hold part of the handbook change only when what they show changes.

The wallet card (first steps, key numbers) and the blank log sheets name their own
edition (the day and a hash of their content), so one changed number elsewhere leaves
them byte for byte as they were and a reader's browser does not download them again;
handbook.pdf, which shows the number, changes (issue 11).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handbook.pipeline import build
from tests.conftest import MULTI, copy_handbook

pytestmark = pytest.mark.slow

MORNING, EVENING = 1_795_000_000, 1_795_000_000 + 6 * 3600  # the same day (2026-11-18), hours apart
OWN = ("wallet-card.pdf", "pdf/log.pdf")


def _build(root: Path, epoch: int, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    monkeypatch.delenv("HANDBOOK_BUILD_ID", raising=False)
    build(root / "mkdocs.yml", pdf=True)
    site = root / "site"
    return {name: (site / name).read_bytes() for name in ("handbook.pdf", *OWN)}


def _renumber(root: Path, old: str, new: str) -> None:
    path = root / "data" / "contacts.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _edition(data: bytes) -> str:
    import io

    return str(PdfReader(io.BytesIO(data)).metadata["/Version"])


def test_wallet_card_and_log_sheets_change_only_with_what_they_show(tmp_path, monkeypatch):
    root = copy_handbook(MULTI, tmp_path / "multi")
    first = _build(root, MORNING, monkeypatch)
    _renumber(root, "40 10 20 34", "40 10 29 34")  # Erik Eriksen: on plans and lists, not on the wallet card
    second = _build(root, EVENING, monkeypatch)
    assert second["handbook.pdf"] != first["handbook.pdf"]
    for name in OWN:
        assert second[name] == first[name], f"{name} changed, though it does not show the number"
    _renumber(root, "40 10 20 00", "40 10 29 00")  # the duty centre: a key number on the wallet card
    third = _build(root, EVENING, monkeypatch)
    assert third["wallet-card.pdf"] != second["wallet-card.pdf"]
    assert _edition(third["wallet-card.pdf"]) != _edition(second["wallet-card.pdf"])
    assert _edition(third["wallet-card.pdf"]).startswith("2026.11.18-")
    assert third["pdf/log.pdf"] == second["pdf/log.pdf"]
