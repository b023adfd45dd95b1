"""Loading delplaner from data/areas/: the model, line numbers, and each editor mistake as one exact line."""

from __future__ import annotations

from handbook.data.load import load
from tests.conftest import MULTI

from .conftest import in_root, problems

AREA = "data/areas/sundhed.yaml"


def test_multi_fixture_has_a_delplan_per_area():
    model = load(MULTI)
    assert sorted(model.delplans) == ["boern", "sundhed", "teknik"]
    so = model.delplan("sundhed")
    assert so.crisis_leader.holder == ["bo-berg"] and so.crisis_leader.stand_in == ["anna-andersen"]
    assert [p.role for p in so.crisis_staff][:2] == [
        "Ansvarlig for situationsbillede, log og dokumentation", "Ansvarlig for involverede personer"]
    assert so.crisis_staff[1].ad_hoc and not so.crisis_staff[1].holder
    assert [c.text for c in so.convening][1] == "Opkald via kommunens vagtcentral"
    assert so.convening[1].contact == "vagtcentral" and so.convening[0].contact is None
    assert [lvl.level for lvl in so.crisis_levels] == [1, 2, 3]
    assert model.people_of("driftsleder") == ["erik-eriksen"]


def test_sources_give_lines_in_area_files(multi_copy):
    model = in_root(multi_copy, load)
    src = model.sources.areas["sundhed"]
    assert src.file == AREA
    assert src.line(("crisis_leader",)) == 6
    assert src.line(("crisis_staff", 1)) == 13
    assert src.line(("meeting_place",)) == 20


def test_seed_has_only_what_the_seed_says(seed_copy):
    model = load(seed_copy)
    aubo = model.delplan("aubo")
    assert aubo.crisis_leader.holder == ["chef"] and aubo.crisis_leader.stand_in == []
    assert model.people_of("chef") == ["baris-atak"]
    assert not (aubo.crisis_staff or aubo.meeting_place or aubo.convening or aubo.crisis_levels
                or aubo.critical_functions)


def test_areas_folder_is_optional(swap):
    root = swap({f"data/areas/{a}.yaml": None for a in ("sundhed", "boern", "teknik")})
    assert problems(root) == []
    assert load(root).delplan("sundhed") is None


def test_misspelt_key_suggests_the_right_one(swap):
    root = swap({AREA: "crisis_leader:\n  holder: bo-berg\nmeeting_plac: Rådhuset\n"})
    assert problems(root) == [
        f"{AREA}:3: meeting_plac: unknown key 'meeting_plac' (did you mean 'meeting_place'?)"]


def test_title_belongs_in_handbook_yaml(swap):
    root = swap({AREA: "title: Sundhed\nmeeting_place: Rådhuset\n"})
    assert problems(root) == [
        f"{AREA}:1: title: unknown key 'title' "
        "(the area's id, title and short name are written under 'areas:' in data/handbook.yaml)"]


def test_file_for_an_unknown_area(swap):
    root = swap({"data/areas/sundhd.yaml": "meeting_place: X\n", "data/areas/kultur.yaml": "meeting_place: X\n"})
    assert problems(root) == [
        "data/areas/kultur.yaml:1: (file): no area 'kultur' in data/handbook.yaml "
        "(add 'kultur:' with its title under 'areas:' in data/handbook.yaml, or rename the file)",
        "data/areas/sundhd.yaml:1: (file): no area 'sundhd' in data/handbook.yaml "
        "(rename the file: did you mean 'sundhed'?)",
    ]


def test_file_name_that_is_no_id(swap):
    root = swap({"data/areas/Sundhed Omsorg.yaml": "meeting_place: X\n"})
    assert problems(root) == [
        "data/areas/Sundhed Omsorg.yaml:1: (file): file name 'Sundhed Omsorg.yaml' is not a valid area id "
        "(name the file after the area's id in data/handbook.yaml, e.g. aubo.yaml)"]


def test_unknown_holder_and_group_as_stand_in(swap):
    root = swap({AREA: "crisis_leader:\n  holder: bo-bjerg\n  stand_in: [anna-andersen, direktion]\n"})
    assert problems(root) == [
        f"{AREA}:2: crisis_leader.holder: unknown person or service or role 'bo-bjerg' (did you mean 'bo-berg'?)",
        f"{AREA}:3: crisis_leader.stand_in: 'direktion' is a group; a stand-in is one person, service or role "
        "(name a member of the group instead)",
    ]


def test_unknown_staff_holder_names_its_line(swap):
    root = swap({AREA: "crisis_staff:\n  - role: Log\n    holder: [erik-eriksen, lederen]\n"})
    assert problems(root) == [
        f"{AREA}:3: crisis_staff[0].holder: unknown person or service or role 'lederen' (did you mean 'leder'?)"]


def test_ad_hoc_post_with_a_holder(swap):
    root = swap({AREA: "crisis_staff:\n  - role: Log\n    holder: bo-berg\n    ad_hoc: true\n"})
    assert problems(root) == [
        f"{AREA}:2: crisis_staff[0]: a post appointed ad hoc has no holder or stand-in "
        "(remove 'ad_hoc: true', or remove 'holder' and 'stand_in')"]


def test_post_without_role(swap):
    root = swap({AREA: "crisis_staff:\n  - holder: bo-berg\n"})
    assert problems(root) == [f"{AREA}:2: crisis_staff[0].role: missing key 'role' (add 'role: …')"]


def test_crisis_levels_must_ascend(swap):
    root = swap({AREA: "crisis_levels:\n  - {level: 2, title: A}\n  - {level: 1, title: B}\n"})
    assert problems(root) == [
        f"{AREA}:1: crisis_levels: crisis levels must ascend without repeats, got 2, 1 "
        "(number the levels 1, 2, 3 … from local to municipal)"]


def test_crisis_level_must_be_a_number(swap):
    root = swap({AREA: "crisis_levels:\n  - {level: to, title: A}\n"})
    assert problems(root) == [
        f"{AREA}:2: crisis_levels[0].level: expected a whole number, got text 'to' (write digits only, e.g. 12)"]


def test_unknown_convening_contact(swap):
    root = swap({AREA: "convening:\n  - SMS\n  - text: Ring\n    contact: vagtcentralen\n"})
    assert problems(root) == [
        f"{AREA}:4: convening[1].contact: unknown person or service or role or group 'vagtcentralen' "
        "(did you mean 'vagtcentral'?)"]


def test_errors_in_area_and_plan_files_are_reported_together(swap):
    root = swap({AREA: "meeting_plac: X\n"})
    plan = root / "data/plans/brand.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("area: sundhed", "area: sundhd"), encoding="utf-8")
    found = problems(root)
    assert found == [
        f"{AREA}:1: meeting_plac: unknown key 'meeting_plac' (did you mean 'meeting_place'?)",
        "data/plans/brand.yaml:2: area: unknown area 'sundhd' (did you mean 'sundhed'?)",
    ]
