"""who: tags from the roles in contacts.yaml: the roles doing the work in a sentence are tagged."""

from __future__ import annotations

import pytest

from handbook.importer.roles import RoleMatcher, singular_and_plural

ROLES = RoleMatcher(
    {
        "centerleder": ("Centerleder", "Centerlederne"),
        "vagthavende": ("Vagthavende sygeplejerske", None),
        "pedel": ("Pedel", None),
        "chef": ("Chef for Sundhed og Ældre", None),
        "ikt": ("IKT’er", None),
        "superbruger": ("Superbruger", "Superbrugere"),
    }
)


@pytest.mark.parametrize(
    "text, who",
    [
        ("Centerlederen sørger for, at beboerne får ekstra væske.", ["centerleder"]),
        ("Vagthavende sygeplejerske kontakter straks Centerlederen og Vagtcentralen.", ["vagthavende"]),
        ("Pedellen starter nødstrømsanlægget.", ["pedel"]),
        ("Superbruger/IKT'er og/eller Centerlederen informeres straks.", ["superbruger", "ikt", "centerleder"]),
        ("Ved længere nedbrud sikrer centerlederen, at pedellen straks kontaktes.", ["centerleder"]),
        ("Ved nedbrud er det Superbrugere der hjælper.", ["superbruger"]),
        ("Beskeden sendes til alle centerledere og superbrugere.", []),
        ("I forhold til nedbrud har en superbruger ansvaret for, at centerlederen orienteres.", ["superbruger"]),
        ("Personalet holder gardiner lukket. Pedellen tjekker ventilationen.", ["pedel"]),
        ("Centerlederen og Superbrugerne beslutter. Pedellen hjælper.", ["centerleder", "superbruger", "pedel"]),
    ],
)
def test_the_roles_doing_the_work_are_tagged(text, who):
    assert ROLES.tag(text).who == who


def test_a_first_word_of_a_long_title_is_a_guess_to_report():
    tags = ROLES.tag("Chefen informerer straks direktøren.")
    assert tags.who == ["chef"] and tags.guesses == [("Chefen", "chef")]


def test_role_words_not_in_contacts_are_reported_not_tagged():
    tags = ROLES.tag("Medarbejderne giver besked til afdelingslederen, som leder indsatsen.")
    assert tags.who == []
    assert tags.unknown == ["Medarbejderne", "afdelingslederen"]


def test_a_list_title_made_of_roles_names_them():
    assert ROLES.only_roles("Centerlederne, Superbrugere og IKT’er:") == ["centerleder", "superbruger", "ikt"]
    assert ROLES.only_roles("Medarbejdere i området") == []


@pytest.mark.parametrize(
    "item, title_plural",
    [("Afdelingslederne", ("Afdelingsleder", "Afdelingslederne")), ("Superbrugere", ("Superbruger", "Superbrugere")),
     ("Pedel", ("Pedel", None)), ("Chef for Sundhed og Ældre", ("Chef for Sundhed og Ældre", None))],
)  # fmt: skip
def test_a_staffing_item_gives_the_roles_title_and_plural(item, title_plural):
    assert singular_and_plural(item) == title_plural
