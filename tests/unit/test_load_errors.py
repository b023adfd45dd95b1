"""The loader's messages, exactly as an editor sees them: FILE:LINE: where: what (hint)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handbook.data.load import load, load_with_problems
from handbook.data.problems import HandbookError


def problems(root: Path) -> list[str]:
    old = os.getcwd()
    os.chdir(root)
    try:
        _, found = load_with_problems(Path("."))
    finally:
        os.chdir(old)
    return [str(p) for p in found]


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in a file; return the 1-based line of the first replacement."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def test_seed_loads_without_errors(seed_copy):
    assert problems(seed_copy) == []
    model = load(seed_copy)
    assert list(model.plans) == ["it-nedbrud"]
    assert model.people["stabsleder"].vacant


def test_misspelt_role_names_file_line_and_suggestion(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    text = plan.read_text(encoding="utf-8")
    marker = "Administrator undersøger evt. tidsperspektiv"
    start = text.index(marker)
    who = text.index("who: [administrator]", start)
    line = text[:who].count("\n") + 1
    plan.write_text(text[:who] + "who: [adminstrator]" + text[who + len("who: [administrator]"):], encoding="utf-8")
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: actions[0].steps[1].who: unknown role 'adminstrator' "
        "(did you mean 'administrator'?)"
    ]


def test_unknown_key_is_an_error_with_suggestion(seed_copy):
    line = edit(seed_copy / "data/plans/it-nedbrud.yaml", "  summary:", "  sumary:")
    assert problems(seed_copy) == [
        f"data/plans/it-nedbrud.yaml:{line}: situation.sumary: unknown key 'sumary' (did you mean 'summary'?)"
    ]


def test_placeholder_number_hints_at_vacant(seed_copy):
    line = edit(seed_copy / "data/contacts.yaml", "    vacant: true", "    phone: 72 36 XX XX")
    assert problems(seed_copy) == [
        f"data/contacts.yaml:{line}: people.stabsleder.phone: placeholder or letters in phone number "
        "'72 36 XX XX' (write the real number, or mark the position vacant with 'vacant: true' and no number)"
    ]


def test_invalid_number_and_short_numbers(seed_copy):
    line = edit(seed_copy / "data/contacts.yaml", 'phones: ["114", 46 35 14 48]', 'phones: ["114", "112", 46 35 14]')
    assert problems(seed_copy) == [
        f"data/contacts.yaml:{line}: services.politi.phones[2]: '46 35 14' is not a valid phone number "
        "(6 digits) (Danish numbers have 8 digits, e.g. 72 36 63 63)"
    ]


def test_errors_in_several_files_are_reported_together(seed_copy):
    edit(seed_copy / "data/handbook.yaml", "review_interval_months: 12", "review_interval_months: tolv")
    edit(seed_copy / "data/contacts.yaml", "claus-mercebach: {name", "claus-mercebach: {nam")
    (seed_copy / "data/plans/broken.yaml").write_text("title: X\narea: aubo\nupdated: 2024-02-30\n", encoding="utf-8")
    found = problems(seed_copy)
    assert found == [
        "data/contacts.yaml:9: people.claus-mercebach.nam: unknown key 'nam' (did you mean 'name'?)",
        "data/handbook.yaml:7: review_interval_months: expected a whole number, got text 'tolv' "
        "(write digits only, e.g. 12)",
        "data/plans/broken.yaml:3: updated: impossible value '2024-02-30': day is out of range for month "
        "(dates are written YYYY-MM-DD, e.g. 2024-02-23)",
    ]
    with pytest.raises(HandbookError) as exc:
        load(seed_copy)
    assert len(exc.value.problems) == 3


def test_unknown_references_of_every_kind(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    l_area = edit(plan, "area: aubo", "area: abuo")
    l_group = edit(plan, "    - group: ledelsen", "    - group: ledelse")
    l_member = edit(plan, "members: [it-support, politi]", "members: [it-suport, politi]")
    l_ref = edit(plan, "references: [kriseplan]", "references: [kriseplanen]")
    found = problems(seed_copy)
    assert found == [
        f"data/plans/it-nedbrud.yaml:{l_area}: area: unknown area 'abuo' (did you mean 'aubo'?)",
        f"data/plans/it-nedbrud.yaml:{l_ref}: references: unknown reference 'kriseplanen' (did you mean 'kriseplan'?)",
        f"data/plans/it-nedbrud.yaml:{l_group}: alerting.contacts[0].group: unknown group 'ledelse' "
        "(did you mean 'ledelsen'?)",
        f"data/plans/it-nedbrud.yaml:{l_member}: alerting.contacts[1].members: unknown person or service or role "
        "'it-suport' (did you mean 'it-support'?)",
    ]


def test_yaml_syntax_errors_tabs_and_duplicate_keys(seed_copy):
    contacts = seed_copy / "data/contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(text.replace("  it-support:", "\tit-support:"), encoding="utf-8")
    line = text[: text.index("  it-support:")].count("\n") + 1
    found = problems(seed_copy)
    assert found == [f"data/contacts.yaml:{line}: (file): YAML syntax: found character '\\t' that cannot "
                     "start any token (indent with spaces, not tabs)"]
    contacts.write_text(text.replace("  it-support: {name: Holbæk kommunes IT-support, phone: 72 36 14 48}",
                                     "  it-support: {name: A, name: B}"), encoding="utf-8")
    assert problems(seed_copy) == [f"data/contacts.yaml:{line}: services.it-support.name: duplicate key 'name' "
                                   f"(first on line {line}) (remove one of them or merge them)"]


def test_missing_empty_and_non_utf8_files(seed_copy):
    (seed_copy / "data/contacts.yaml").unlink()
    (seed_copy / "data/handbook.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (seed_copy / "data/plans/latin1.yaml").write_bytes("title: Strømsvigt\n".encode("latin-1"))
    assert problems(seed_copy) == [
        "data/contacts.yaml:1: (file): file not found (create data/contacts.yaml or fix the path)",
        "data/handbook.yaml:1: (file): file is empty (write the file's keys, or delete the file)",
        "data/plans/latin1.yaml:1: (file): byte 0xf8 is not UTF-8 (save the file as UTF-8)",
    ]


def test_alias_bomb_is_stopped(seed_copy):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    (seed_copy / "data/plans/bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(seed_copy)
    assert len(found) == 1
    assert found[0].startswith("data/plans/bomb.yaml:")
    assert "too many nodes" in found[0] and "remove the '&' anchors" in found[0]


def test_wrong_types_and_missing_keys(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    l_title = edit(plan, "title: IT-nedbrud", "title: [IT, nedbrud]")
    l_actions = edit(plan, "actions:\n  - phase: Straks", "actions:\n  - fase: Straks")
    found = problems(seed_copy)
    assert found == [
        f"data/plans/it-nedbrud.yaml:{l_title}: title: expected text, got a list "
        "(write the text after the colon, quoted if it has ':' or '#')",
        f"data/plans/it-nedbrud.yaml:{l_actions + 1}: actions[0].fase: unknown key 'fase' (did you mean 'phase'?)",
    ]


def test_duplicate_ids_across_tables(seed_copy):
    contacts = seed_copy / "data/contacts.yaml"
    line = edit(contacts, "  it-afdelingen: {title: IT-afdelingen, reach: [it-support]}",
                "  it-afdelingen: {title: IT-afdelingen, reach: [it-support]}\n  politi: {title: Politiet}") + 1
    assert problems(seed_copy) == [
        f"data/contacts.yaml:{line}: roles.politi: id 'politi' is already used in services "
        "(give each person, service, role and group its own id)"
    ]


def test_unclosed_quote_points_at_the_opening_line(seed_copy):
    (seed_copy / "data/plans/quote.yaml").write_text('title: "IT-nedbrud\narea: aubo\nupdated: 2024-02-23\n',
                                                    encoding="utf-8")
    assert problems(seed_copy) == [
        "data/plans/quote.yaml:1: (file): YAML syntax: a quote opened here is never closed "
        "(close the quote at the end of the text)"]


def test_yaml_tags_are_refused_everywhere(seed_copy):
    (seed_copy / "data/plans/tag.yaml").write_text(
        "title: T\narea: aubo\nupdated: 2024-02-23\nsituation:\n  text: !!python/object/apply:os.system [ls]\n",
        encoding="utf-8")
    assert problems(seed_copy) == [
        "data/plans/tag.yaml:5: situation.text: YAML tag '!!python/object/apply:os.system' is not allowed "
        "(remove the tag; write plain text)"]


def test_the_same_plan_in_two_files(seed_copy):
    plan = seed_copy / "data/plans/it-nedbrud.yaml"
    (seed_copy / "data/plans/it-nedbrud.yml").write_bytes(plan.read_bytes())
    assert problems(seed_copy) == [
        "data/plans/it-nedbrud.yml:1: (file): plan 'it-nedbrud' is also defined in data/plans/it-nedbrud.yaml "
        "(keep one of the two files)"]


# A comma inside { } ends a plain text; the rest becomes a key of its own. Three places an editor types it.
FLOW_COMMA = [
    ("data/handbook.yaml", "boern: {title: Børn og Unge, short: BU}",
     "boern: {title: Børn, Unge og Familie, short: BU}",
     "areas.boern.Unge og Familie: unknown key 'Unge og Familie' "
     "(a comma inside { } ends the text; put it in quotes: title: \"Børn, Unge og Familie\")"),
    ("data/contacts.yaml", "title: Chef for Sundhed og Omsorg,",
     "title: Chef for Sundhed, Omsorg og Ældre,",
     "people.bo-berg.Omsorg og Ældre: unknown key 'Omsorg og Ældre' "
     "(a comma inside { } ends the text; put it in quotes: title: \"Chef for Sundhed, Omsorg og Ældre\")"),
    ("data/areas/boern.yaml", "trigger: Flere institutioner er ramt.}",
     "trigger: Flere institutioner, skoler, eller dagtilbud er ramt.}",
     "crisis_levels[1].skoler: unknown key 'skoler' (a comma inside { } ends the text; put it in quotes: "
     "trigger: \"Flere institutioner, skoler, eller dagtilbud er ramt.\")"),
]


@pytest.mark.parametrize("file,old,new,message", FLOW_COMMA, ids=["area-title", "person-title", "crisis-level"])
def test_a_comma_inside_braces_hints_at_quotes(multi_copy, file, old, new, message):
    line = edit(multi_copy / file, old, new)
    found = problems(multi_copy)
    assert found[0] == f"{file}:{line}: {message}", found
    assert all("a comma inside { }" in p for p in found), found


def test_a_comma_inside_braces_with_a_colon_after_it(multi_copy):
    """``{name: Vagtcentral, Testby: døgnåben}``: the text after the comma held a colon; the hint keeps it."""
    line = edit(multi_copy / "data/contacts.yaml", "vagtcentral: {name: Kommunens vagtcentral,",
                "vagtcentral: {name: Kommunens vagtcentral, Testby: døgnåben,")
    assert problems(multi_copy) == [
        f"data/contacts.yaml:{line}: services.vagtcentral.Testby: unknown key 'Testby' "
        "(a comma inside { } ends the text; put it in quotes: name: \"Kommunens vagtcentral, Testby: døgnåben\")"]


def test_an_unknown_key_on_its_own_line_keeps_its_suggestion(multi_copy):
    line = edit(multi_copy / "data/areas/sundhed.yaml", "    title: Lokal hændelse", "    titel: Lokal hændelse")
    assert problems(multi_copy)[0] == (
        f"data/areas/sundhed.yaml:{line}: crisis_levels[0].titel: unknown key 'titel' (did you mean 'title'?)")
