"""The split index: an edit changes only the parts that hold it; the same content gives the same bytes."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from handbook.site.search import FOLDER
from tests.conftest import copy_handbook

from .conftest import KOMMUNE

pytestmark = pytest.mark.slow

OLD, NEW = "40 10 20 31", "40 10 20 39"  # Bo Berg's number, and the edit
FIRST, LATER = 1_780_000_000, 1_782_600_000  # two build dates a month apart


def _build(root, epoch: int, monkeypatch) -> dict[str, bytes]:
    from handbook.pipeline import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    build(root / "mkdocs.yml", pdf=False)
    return {p.name: p.read_bytes() for p in sorted((root / "site" / FOLDER).iterdir())}


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The search folder of three builds: the fixture, the same data a month later, one number changed."""
    monkeypatch = pytest.MonkeyPatch()
    root = copy_handbook(KOMMUNE, tmp_path_factory.mktemp("parts") / "kommune")
    try:
        first = _build(root, FIRST, monkeypatch)
        later = _build(root, LATER, monkeypatch)
        contacts = root / "data" / "contacts.yaml"
        text = contacts.read_text(encoding="utf-8")
        assert text.count(OLD) == 1
        contacts.write_text(text.replace(OLD, NEW), encoding="utf-8")
        edited = _build(root, LATER, monkeypatch)
    finally:
        monkeypatch.undo()
        shutil.rmtree(root / "site", ignore_errors=True)
    return first, later, edited


def changed(a: dict[str, bytes], b: dict[str, bytes]) -> set[str]:
    return {name for name in a.keys() | b.keys() if a.get(name) != b.get(name)}


def _dates() -> list[str]:
    import datetime as dt

    from handbook.data.dates import danish_date

    return [danish_date(dt.datetime.fromtimestamp(e, dt.timezone.utc)) for e in (FIRST, LATER)]


def test_the_same_data_on_another_day_changes_only_the_change_log_and_what_prints_the_date(editions):
    first, later, _ = editions
    # The edition's id is no content; a page that prints the build's date (the accessibility
    # statement) changes its text part and the number parts of the date's numbers.
    dates = _dates()
    prints = {n for n, data in later.items() if n.startswith("x-") and any(d.encode() in data for d in dates)}
    numbers = {f"d-{part[0]}.js" for d in dates for part in d.split(".")}
    assert changed(first, later) <= {"changes.js"} | prints | numbers
    assert not any(n.startswith(("handbook-index", "t-", "s-")) for n in changed(first, later))


def test_one_changed_number_changes_its_number_part_and_the_texts_that_show_it(editions):
    _, later, edited = editions
    diff = changed(later, edited)
    shows = {name for name, data in edited.items()
             if name.startswith("x-") and NEW.encode() in data} | {
        name for name, data in later.items() if name.startswith("x-") and OLD.encode() in data}
    assert shows and "x-contacts-0.js" in shows
    assert diff == {"d-4.js", "changes.js"} | shows, sorted(diff)
    # The head, the letter parts and the stopword parts stay byte for byte the same.
    assert not any(re.match(r"(handbook-index|t-.*|s-.*)\.js$", name) for name in diff)
    assert len(diff) < len(edited) / 4


def test_the_changed_number_is_found_and_the_old_one_only_in_the_change_log(editions):
    _, _, edited = editions
    digits = json.loads(edited["d-4.js"].decode()[len('window.__HANDBOOK_SEARCH_PART("d-4",'):-3])
    assert "40102039" in digits["w"] and "40102031" not in digits["w"]
    assert b"40102031" in edited["changes.js"]
