"""Importing into a handbook that has data: reuse by number, no duplicates, no-op twice, comments kept, updates."""

from __future__ import annotations

import re

import yaml

from tests.conftest import SEED_TEXT
from tests.importer.conftest import FIXTURES, page, run_import, snapshot


def test_the_seed_page_into_the_shipped_handbook_changes_no_byte(shipped_copy):
    before = snapshot(shipped_copy)
    result = run_import(shipped_copy, str(SEED_TEXT), "--area", "aubo")
    assert result.returncode == 0, result.stderr
    assert snapshot(shipped_copy) == before
    lines = result.stderr.splitlines()
    assert lines[0] == "handbook import: 1 page read (plan 'IT-nedbrud')"
    assert lines[1] == "Nothing to change: the data already says what the pages say."
    assert re.fullmatch(r"handbook check: 0 errors, \d+ warnings in \d files; the handbook can be built", lines[-1])


def test_a_new_page_reuses_the_shipped_people_and_services_by_number(shipped_copy, tmp_path):
    # A new plan for the area, naming people and services the shipped handbook has (by number, and with
    # the number written another way), and one new person.
    text = (
        "Printerstop\n\nSituation\n\nPrinterne i AUBO virker ikke.\n\nHandling\n\n"
        " • Administrator kontakter IT-afdelingen.\n\nKontaktoplysninger\n\nAndre:\n\n"
        "Holbæk kommunes IT-support tlf. 7236 1448\n\nPolitiet tlf. 114\n\n"
        "Områdeleder Claus Mercebach tlf. +45 72 36 92 45\n\nPrinterservice Gert Lau tlf. 58 11 22 70\n\n"
        "Sidst opdateret 01.03.2025\n"
    )
    contacts = shipped_copy / "data/contacts.yaml"
    original = contacts.read_text(encoding="utf-8")
    result = run_import(shipped_copy, str(page(tmp_path, "printer.txt", text)), "--area", "aubo")
    assert result.returncode == 0, result.stderr
    plan = yaml.safe_load((shipped_copy / "data/plans/printerstop.yaml").read_text(encoding="utf-8"))
    assert plan["contacts"] == [{"title": "Andre", "members": ["it-support", "politi", "claus-mercebach", "gert-lau"]}]
    assert plan["actions"][0]["steps"] == [{"text": "Administrator kontakter IT-afdelingen.", "who": ["administrator"]}]
    after = contacts.read_text(encoding="utf-8")
    added = "  gert-lau: {name: Gert Lau, title: Printerservice, phone: 58 11 22 70}\n"
    assert after == original.replace("\n\nservices:", "\n" + added.rstrip("\n") + "\n\nservices:", 1)
    assert "Wrote data/contacts.yaml (1 person added)" in result.stderr


def test_comments_and_formatting_of_contacts_yaml_survive_an_import(shipped_copy):
    contacts = shipped_copy / "data/contacts.yaml"
    original = contacts.read_text(encoding="utf-8")
    result = run_import(shipped_copy, str(FIXTURES / "stroemsvigt.txt"), "--area", "sundhed", "--area-title",
                        "Sundhed og Ældre")  # fmt: skip
    assert result.returncode == 0, result.stderr
    after = contacts.read_text(encoding="utf-8")
    # Every original line is still there, in order, unchanged: the import only added lines.
    rest = iter(after.splitlines())
    assert all(any(line == other for other in rest) for line in original.splitlines())
    for comment in ("# Alle personer, tjenester, roller og grupper", "vacant: true            # stillingen er ikke",
                    "list_at: styringsark    # listen findes kun på intranettet"):  # fmt: skip
        assert comment in after
    # The shipped handbook.yaml keeps its comments too; the new area goes at the end of the areas.
    handbook = (shipped_copy / "data/handbook.yaml").read_text(encoding="utf-8")
    assert "    short: AUBO\n  sundhed: {title: Sundhed og Ældre}\n\n# Dokumenter uden for håndbogen." in handbook


def test_a_second_import_is_a_no_op(empty_handbook):
    args = [str(FIXTURES / "stroemsvigt.html"), str(FIXTURES / "hedeboelge.txt"), str(FIXTURES / "delplan-sundhed.txt"),
            "--area", "sundhed"]  # fmt: skip
    first = run_import(empty_handbook, *args)
    assert first.returncode == 0, first.stderr
    before = snapshot(empty_handbook)
    assert len(before) == 5
    second = run_import(empty_handbook, *args)
    assert second.returncode == 0, second.stderr
    assert snapshot(empty_handbook) == before
    assert "Nothing to change: the data already says what the pages say." in second.stderr


def test_an_updated_page_updates_its_plan_reports_the_differences_and_keeps_the_editors_work(empty_handbook,
                                                                                               tmp_path):  # fmt: skip
    source = (FIXTURES / "stroemsvigt.txt").read_text(encoding="utf-8")
    assert run_import(empty_handbook, str(page(tmp_path, "side.txt", source)), "--area", "sundhed").returncode == 0
    plan_file = empty_handbook / "data/plans/stroemsvigt-paa-plejecentre.yaml"
    # The editor corrects a tag and adds a threshold and a comment.
    edited = plan_file.read_text(encoding="utf-8").replace(
        "    - text: Pedellen starter nødstrømsanlægget.\n      who: [pedel]\n",
        "    - text: Pedellen starter nødstrømsanlægget.\n      who: [pedel, centerleder]  # tjekket\n"
        "      escalate_after: strømsvigt over 1 time\n")  # fmt: skip
    assert edited != plan_file.read_text(encoding="utf-8")
    plan_file.write_text(edited, encoding="utf-8")
    updated = (source.replace("lommelygterne frem.", "lommelygterne og radioen frem.")
               .replace(" • Pedellen kontrollerer nødstrømsanlægget hver anden time.\n", "")
               .replace("14.03.2025", "01.09.2025"))  # fmt: skip
    result = run_import(empty_handbook, str(page(tmp_path, "side.txt", updated)), "--area", "sundhed")
    assert result.returncode == 0, result.stderr
    text = plan_file.read_text(encoding="utf-8")
    assert "who: [pedel, centerleder]  # tjekket\n      escalate_after: strømsvigt over 1 time\n" in text
    assert "Personalet tænder nødlys og finder lommelygterne og radioen frem." in text
    assert "hver anden time" not in text and "updated: 2025-09-01" in text
    lines = result.stderr.splitlines()
    assert "Wrote data/plans/stroemsvigt-paa-plejecentre.yaml (updated plan 'Strømsvigt på plejecentre')" in lines
    side = str(tmp_path / "side.txt")
    at = updated.splitlines().index
    rel = "data/plans/stroemsvigt-paa-plejecentre.yaml"
    assert (f"{side}:{at(' • Personalet tænder nødlys og finder lommelygterne og radioen frem.') + 1}: {rel}: changed "
            "in Handling › Straks: 'Personalet tænder nødlys og finder lommelygterne frem.' → 'Personalet tænder "
            "nødlys og finder lommelygterne og radioen frem.' (the plan now says what the page says)") in lines
    assert (f"{side}:{at('Umiddelbart efter') + 1}: {rel}: removed in Handling › Umiddelbart efter: Pedellen "
            "kontrollerer nødstrømsanlægget hver anden time. (removed from the plan)") in lines
    assert (f"{side}:{at('01.09.2025') + 1}: {rel}: updated changed: 2025-03-14 → 2025-09-01 (the plan now says "
            "what the page says)") in lines
    # The edit touched the changed lines only.
    assert text.count("\n") == edited.count("\n") - 2


def test_dry_run_prints_what_it_would_write_and_writes_nothing(empty_handbook):
    result = run_import(empty_handbook, str(FIXTURES / "hedeboelge.txt"), "--area", "sundhed", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert not (empty_handbook / "data").exists()
    assert "Would write data/plans/hedeboelge.yaml (new plan 'Hedebølge'):\n" in result.stdout
    assert "# yaml-language-server: $schema=../../schemas/plan.schema.json\n" in result.stdout
    assert "  karin-lindholm: {name: Karin Lindholm, title: Souschef, phone: 58 11 22 32}" in result.stdout
    assert result.stderr.splitlines()[-1].startswith("handbook check: 0 errors, ")


def test_dry_run_on_existing_data_prints_a_diff(shipped_copy):
    before = snapshot(shipped_copy)
    result = run_import(shipped_copy, str(FIXTURES / "hedeboelge.txt"), "--area", "aubo", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert snapshot(shipped_copy) == before
    assert "--- data/contacts.yaml\n+++ data/contacts.yaml\n" in result.stdout
    assert "+  karin-lindholm: {name: Karin Lindholm, title: Souschef, phone: 58 11 22 32}\n" in result.stdout


def test_a_plan_whose_file_the_editor_renamed_is_found_by_its_title(shipped_copy):
    plans = shipped_copy / "data/plans"
    (plans / "it-nedbrud.yaml").rename(plans / "it.yaml")
    before = snapshot(shipped_copy)
    result = run_import(shipped_copy, str(SEED_TEXT), "--area", "aubo")
    assert result.returncode == 0, result.stderr
    assert snapshot(shipped_copy) == before
