"""`handbook check` warnings: one fixture per warning, each located by file and line."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.checks import report as check

from .helpers import make_handbook

TODAY = dt.date(2026, 11, 29)
C, H, P = "data/contacts.yaml", "data/handbook.yaml", "data/plans/nedbrud.yaml"

REFS = ("references:\n  styringsark:\n    title: Styringsark\n    location: Intranettet\n")

# name → (edits on the mini handbook, expected file, expected line, text in the message)
CASES = {
    "stale-plan": ([(P, "updated: 2026-06-01", "updated: 2025-05-31")],
                   P, 3, "past its review date: last updated 2025-05-31, review was due 2026-05-31"),
    "vacant": ([(C, "services:", "  stab:\n    title: Stabsleder\n    vacant: true\nservices:"),
                (C, "members: [anne-chef, bo-admin]", "members: [anne-chef, bo-admin, stab]")],
               C, 9, "position 'Stabsleder' is vacant"),
    "unreachable-role": ([(C, "groups:", "  medarbejder: {title: Medarbejder}\ngroups:"),
                          (P, "who: [chef]", "who: [chef, medarbejder]")],
                         C, 16, "nobody named can be reached for role 'Medarbejder'"),
    "role-list-online": ([(H, "", REFS),
                          (C, "{title: Administrator, held_by: [bo-admin]}",
                           "{title: Administrator, list_at: styringsark}"),
                          (C, "members: [anne-chef, bo-admin]", "members: [anne-chef, bo-admin, administrator]")],
                         C, 14, "who holds role 'Administrator' is only listed online ('Styringsark')"),
    "link-needs-network": ([(P, "summary: Systemet er nede.",
                             "summary: Se [vejledningen](https://intra.example.dk/vejledning).")],
                           P, 5, "link needs the network: https://intra.example.dk/vejledning"),
    "unused-contact": ([(C, "services:", "  ole: {name: Ole Ubrugt, title: Chef, phone: 72 36 63 56}\nservices:")],
                       C, 7, "person 'ole' is defined but never used"),
    "empty-group": ([(C, "", "  tom:\n    title: Tom gruppe\n    members: []\n"),
                     (P, "  - group: ledelsen", "  - group: ledelsen\n  - group: tom")],
                    C, 20, "group 'Tom gruppe' has no members"),
    "number-on-two-people": ([(C, "phone: 72 36 92 45", "phone: 72 36 94 91")],
                             C, 3, "number 72 36 94 91 is also the number of people.anne-chef (line 2)"),
    "person-under-two-titles": ([(C, "services:",
                                  "  anne-direktoer: {name: Anne  Chef, title: Direktør, phone: 72 36 63 63}\nservices:"),
                                 (C, "members: [anne-chef, bo-admin]", "members: [anne-chef, bo-admin, anne-direktoer]")],
                                C, 7, "'Anne  Chef' is written twice, under two titles: 'Direktør' here and 'Chef'"),
    "placeholder": ([(P, "summary: Systemet er nede.", "summary: \"UDFYLD: én sætning\"")],
                    P, 5, "placeholder 'UDFYLD' is not filled in"),
    "placeholder-number-in-text": ([(P, "text: Chefen informeres.", "text: Chefen informeres på 72 36 XX XX.")],
                                   P, 14, "placeholder 'XX' is not filled in"),
}


def test_clean_fixture_has_no_problems(handbook_dir):
    report = check.run(handbook_dir, TODAY, strict=True)
    assert report.problems == []
    assert report.exit_code == 0
    assert report.text() == "handbook check: no problems found"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_warning_has_its_fixture(name, tmp_path, monkeypatch):
    edits, file, line, text = CASES[name]
    root = make_handbook(tmp_path / name, edits)
    monkeypatch.chdir(root)
    report = check.run(root, TODAY)
    assert report.errors == [], report.text()
    # The fixture triggers exactly the warning it was made for, at its line.
    assert len(report.warnings) == 1, report.text()
    (w,) = report.warnings
    assert str(w).startswith(f"{file}:{line}: "), str(w)
    assert ": warning: " in str(w)
    assert text in w.what, str(w)
    assert w.hint, "every warning says how to fix it"
    assert report.exit_code == 0
    assert check.run(root, TODAY, strict=True).exit_code == 1


def test_review_date_is_last_update_plus_interval(handbook_dir):
    # Due 2026-06-01 + 12 months = 2027-06-01: on the day itself the plan is still fresh.
    assert check.run(handbook_dir, dt.date(2027, 6, 1)).warnings == []
    (w,) = check.run(handbook_dir, dt.date(2027, 6, 2)).warnings
    assert "review was due 2027-06-01" in w.what


def test_errors_and_warnings_are_reported_together(tmp_path, monkeypatch):
    root = make_handbook(tmp_path / "hb", [
        (P, "who: [chef]", "who: [chef, direktor]"),              # error: unknown role
        (P, "updated: 2026-06-01", "updated: 2020-01-01"),        # warning: stale
        (C, "title: Administrator\n", "title: Administrator\n    vacant: true\n"),  # warning: vacant
    ])
    monkeypatch.chdir(root)
    report = check.run(root, TODAY)
    lines = report.text().splitlines()
    assert report.exit_code == 1
    assert any(ln.startswith(f"{P}:15: actions[0].steps[0].who: unknown role 'direktor'") for ln in lines)
    assert any(ln.startswith(f"{P}:3: updated: warning:") for ln in lines)
    assert any(ln.startswith(f"{C}:6: people.bo-admin.vacant: warning:") for ln in lines)
    # Errors first, then warnings grouped by file (contacts before plans), a blank line between groups.
    assert lines[0].startswith(f"{P}:15: ") and lines[1] == ""
    assert lines[2].startswith(f"{C}:6: ") and lines[3].startswith(f"{C}:15: ") and lines[4] == ""
    assert lines[5].startswith(f"{P}:3: ") and lines[6] == ""
    assert lines[-1] == "handbook check: 1 error, 3 warnings in 2 files; fix the errors before building"


def test_seed_warnings_are_the_expected_ones():
    from .helpers import SHIPPED

    report = check.run(SHIPPED, TODAY)
    assert report.errors == [], report.text()
    whats = [w.what for w in report.warnings]
    assert "position 'Stabsleder' is vacant" in whats
    assert any("who holds role 'Administrator' is only listed online" in w for w in whats)
    assert any("past its review date" in w for w in whats)
    assert report.exit_code == 0
    assert check.run(SHIPPED, TODAY, strict=True).exit_code == 1


A = "data/areas/aubo.yaml"
ONLY_IN_DELPLAN = {
    # where in the delplan → edits that add a contact used nowhere else
    "stand-in": [(A, "stand_in: bo-admin", "stand_in: [bo-admin, kim]")],
    "crisis-leader": [(A, "holder: anne-chef", "holder: [anne-chef, kim]")],
    "crisis-staff-holder": [(A, "  - role: Ansvarlig for kommunikation\n    ad_hoc: true",
                             "  - role: Ansvarlig for kommunikation\n    ad_hoc: true\n"
                             "  - role: Logfører\n    holder: kim")],
    "crisis-staff-stand-in": [(A, "  - role: Ansvarlig for kommunikation\n    ad_hoc: true",
                               "  - role: Ansvarlig for kommunikation\n    ad_hoc: true\n"
                               "  - role: Logfører\n    holder: bo-admin\n    stand_in: kim")],
    "convening-contact": [(A, "  - Opkald fra kriselederen",
                           "  - Opkald fra kriselederen\n  - {text: SMS til krisestaben, contact: kim}")],
}


@pytest.mark.parametrize("place", sorted(ONLY_IN_DELPLAN))
def test_a_contact_named_only_in_a_delplan_is_used(place, tmp_path, monkeypatch):
    """Every reference a delplan makes counts as a use: no "defined but never used" for it."""
    root = make_handbook(tmp_path / place, [
        (C, "services:", "  kim: {name: Kim Stedfortræder, title: Teamleder, phone: 72 36 63 56}\nservices:"),
        *ONLY_IN_DELPLAN[place],
    ])
    monkeypatch.chdir(root)
    report = check.run(root, TODAY, strict=True)
    assert report.problems == [], report.text()
    # The same contact, named nowhere, is still reported.
    bare = make_handbook(tmp_path / (place + "-bare"), [
        (C, "services:", "  kim: {name: Kim Stedfortræder, title: Teamleder, phone: 72 36 63 56}\nservices:")])
    monkeypatch.chdir(bare)
    assert [str(w) for w in check.run(bare, TODAY).warnings] == [
        f"{C}:7: people.kim: warning: person 'kim' is defined but never used "
        "(add it to a group, a plan's contacts or a role, or delete it)"]
