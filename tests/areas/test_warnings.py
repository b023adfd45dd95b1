"""Each area warning from a fixture made for it, with file and line; complete delplaner give none."""

from __future__ import annotations

from handbook.checks import areas as area_checks
from handbook.data.load import load
from handbook.data.problems import WARNING
from tests.conftest import MULTI

from .conftest import FIXTURES, in_root, warnings

AREA = "data/areas/sundhed.yaml"


def test_complete_fixture_has_no_area_warnings():
    assert area_checks.warnings(load(MULTI)) == []


def test_warnings_are_warnings_not_errors(swap):
    root = swap({AREA: FIXTURES / "no_stand_in.yaml"})
    found = in_root(root, lambda r: area_checks.warnings(load(r)))
    assert found and all(p.severity == WARNING and not p.is_error for p in found)


def test_post_with_neither_holder_nor_ad_hoc(swap):
    root = swap({AREA: FIXTURES / "no_holder.yaml"})
    assert warnings(root) == [
        f"{AREA}:6: crisis_staff[0]: warning: 'Ansvarlig for kommunikation' has neither a holder nor "
        "'ad_hoc: true' (write holder: <id>, or ad_hoc: true if the crisis leader appoints someone)"]


def test_no_crisis_leader(swap):
    root = swap({AREA: FIXTURES / "no_leader.yaml"})
    assert warnings(root) == [
        f"{AREA}:2: crisis_leader: warning: no crisis leader "
        "(write crisis_leader: with holder: and stand_in: (ids from data/contacts.yaml))"]


def test_crisis_leader_without_holder(swap):
    root = swap({AREA: FIXTURES / "leader_without_holder.yaml"})
    assert warnings(root) == [
        f"{AREA}:2: crisis_leader: warning: the crisis leader has no holder "
        "(write holder: with the id of a person or role from data/contacts.yaml)"]


def test_crisis_leader_without_stand_in(swap):
    root = swap({AREA: FIXTURES / "no_stand_in.yaml"})
    assert warnings(root) == [
        f"{AREA}:2: crisis_leader: warning: the crisis leader has no stand-in "
        "(write stand_in: with the id of the person who takes over)"]


def test_stand_in_is_the_leader_through_a_role(swap):
    root = swap({AREA: FIXTURES / "same_person.yaml"})
    assert warnings(root) == [
        f"{AREA}:7: crisis_leader.stand_in[1]: warning: stand-in 'erik-eriksen' is the same person as "
        "the crisis leader (Erik Eriksen) (name someone else as stand-in)"]


def test_no_meeting_place(swap):
    root = swap({AREA: FIXTURES / "no_meeting_place.yaml"})
    assert warnings(root) == [
        f"{AREA}:2: meeting_place: warning: no meeting place for the crisis staff "
        "(the alternative is written; name the usual place under 'meeting_place:')"]


def test_incomplete_delplan_lists_every_gap(swap):
    root = swap({AREA: FIXTURES / "incomplete.yaml"})
    assert warnings(root) == [
        f"{AREA}:2: meeting_place: warning: no meeting place for the crisis staff "
        "(write meeting_place: with the address, and alternative_meeting_place:)",
        f"{AREA}:2: critical_functions: warning: no critical functions listed "
        "(list them under 'critical_functions:')",
        f"{AREA}:2: convening: warning: no way of convening the crisis staff "
        "(list the channels in order under 'convening:', e.g. - SMS til krisestaben)",
        f"{AREA}:2: crisis_levels: warning: no crisis levels "
        "(list them under 'crisis_levels:' with level, title and trigger)",
    ]


def test_plans_of_an_area_without_delplan(swap):
    root = swap({"data/areas/teknik.yaml": None})
    hint = ("write the area's crisis staff, meeting place and crisis levels in data/areas/teknik.yaml")
    assert warnings(root) == [
        f"data/plans/{pid}.yaml:2: area: warning: area 'teknik' has no delplan (crisis organisation) ({hint})"
        for pid in ("oversvoemmelse", "stroemsvigt", "vandforsyning")]


def test_action_card_over_one_page(swap):
    root = swap({"data/plans/lang-plan.yaml": FIXTURES / "lang-plan.yaml"})
    found = warnings(root)
    assert len(found) == 1
    assert found[0].startswith("data/plans/lang-plan.yaml:8: actions: warning: the action card does not fit "
                               "one A4 page (about ")
    assert found[0].endswith(" pages) (shorten the steps, or move background text to the plan's other sections)")


def test_seed_reports_what_the_editor_must_fill_in(seed_copy):
    assert warnings(seed_copy) == [
        "data/areas/aubo.yaml:8: crisis_leader: warning: the crisis leader has no stand-in "
        "(write stand_in: with the id of the person who takes over)",
        "data/areas/aubo.yaml:8: meeting_place: warning: no meeting place for the crisis staff "
        "(write meeting_place: with the address, and alternative_meeting_place:)",
        "data/areas/aubo.yaml:8: critical_functions: warning: no critical functions listed "
        "(list them under 'critical_functions:')",
        "data/areas/aubo.yaml:8: convening: warning: no way of convening the crisis staff "
        "(list the channels in order under 'convening:', e.g. - SMS til krisestaben)",
        "data/areas/aubo.yaml:8: crisis_levels: warning: no crisis levels "
        "(list them under 'crisis_levels:' with level, title and trigger)",
    ]
