"""Contact lines in every style municipalities write, parsed with phonenumbers (invented names and numbers)."""

from __future__ import annotations

import pytest

from handbook.importer.blocks import Block
from handbook.importer.layout import contact_lines
from handbook.importer.numbers import parse_line


def _shown(line):
    return (line.kind, line.title, line.name, [p.display for p in line.phones], line.email, line.vacant)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Områdeleder Hanne Vestergaard tlf. 58 11 22 60",
         ("person", "Områdeleder", "Hanne Vestergaard", ["58 11 22 60"], None, False)),
        ("Chef for Teknik og Miljø - Ulla Brandt: 58 11 22 61 ubra@testrup.dk",
         ("person", "Chef for Teknik og Miljø", "Ulla Brandt", ["58 11 22 61"], "ubra@testrup.dk", False)),
        ("Direktør – Palle Søndergaard: 58 11 22 30, pasa@testrup.dk",
         ("person", "Direktør", "Palle Søndergaard", ["58 11 22 30"], "pasa@testrup.dk", False)),
        ("Direktør Erik Bøgh Kjærsgaard tlf. 58 11 22 62",
         ("person", "Direktør", "Erik Bøgh Kjærsgaard", ["58 11 22 62"], None, False)),
        ("Chef for Kerneområdet SÆ Niels Lund tlf. 58 11 22 63",
         ("person", "Chef for Kerneområdet SÆ", "Niels Lund", ["58 11 22 63"], None, False)),
        ("Chef for Borgerservice Ole Krog, tlf. 58 11 22 64",
         ("person", "Chef for Borgerservice", "Ole Krog", ["58 11 22 64"], None, False)),
        ("Politi 114 eller tlf. 58 11 22 41", ("service", None, "Politi", ["114", "58 11 22 41"], None, False)),
        ("Alarmcentralen tlf. 1 1 2", ("service", None, "Alarmcentralen", ["112"], None, False)),
        ("Testrup kommunes IT-support tlf. 58 11 22 65",
         ("service", None, "Testrup kommunes IT-support", ["58 11 22 65"], None, False)),
        ("Tlf.: 2917 3432", ("number", None, None, ["29 17 34 32"], None, False)),
        ("96117350", ("number", None, None, ["96 11 73 50"], None, False)),
        ("Kvalitetskonsulent vakant, tlf. 58 11 XX XX", ("person", "Kvalitetskonsulent", None, [], None, True)),
    ],
)  # fmt: skip
def test_every_style_of_contact_line(text, expected):
    assert _shown(parse_line(text)) == expected


def test_a_service_line_with_its_staff_in_brackets():
    line = parse_line("Presselinjen tlf. 58 11 22 42 (Lone Brix, Emil Thygesen)")
    assert (line.kind, line.name, line.staffed_by) == ("service", "Presselinjen", ["Lone Brix", "Emil Thygesen"])


def test_a_label_in_brackets_labels_the_number():
    line = parse_line("Centerleder Jonas Friis tlf. 20 11 22 35 (mobil)")
    assert [(p.display, p.label) for p in line.phones] == [("20 11 22 35", "mobil")]


@pytest.mark.parametrize(
    "text",
    [
        "Administrator kontakter Chefen, hvis nedbruddet forventes at vare mere end 1 uge.",
        "Ring 58 11 22 40, hvis elevatoren står stille.",
        "Sidst opdateret 14.03.2025",
        "Niveau 2 – Områdets krisestab: Flere plejecentre er ramt.",
    ],
)
def test_sentences_with_numbers_are_not_contact_lines(text):
    assert parse_line(text) is None


def test_a_number_that_cannot_be_dialled_is_kept_for_the_report():
    line = parse_line("Vagtmester Per Holt tlf. 58 11 22")
    assert (line.name, line.phones, line.bad) == ("Per Holt", [], ["58 11 22"])


def test_a_name_on_one_line_and_its_number_on_the_next_are_one_contact():
    blocks = [Block("Leder af Hjemmeplejen Ida Holm", 3), Block("Tlf.: 5811 2234", 4), Block("Vagtcentralen", 5),
              Block("58112240", 6), Block("vagt@testrup.dk", 7)]  # fmt: skip
    found = [(b.line, line and (line.title, line.name, [p.display for p in line.phones], line.email))
             for b, line in contact_lines(blocks)]  # fmt: skip
    assert found == [
        (3, ("Leder af Hjemmeplejen", "Ida Holm", ["58 11 22 34"], None)),
        (5, (None, "Vagtcentralen", ["58 11 22 40"], "vagt@testrup.dk")),
    ]
