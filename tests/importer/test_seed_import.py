"""The seed page, imported into an empty handbook, builds a site with every sentence, name and number of the seed.

The same seed-fact checks as tests/site_build/test_seed_site.py run on the imported handbook.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import SEED_TEXT, SHIPPED
from tests.importer.conftest import run_import
from tests.seedtext import people, phone_numbers, prose, staffed_names
from tests.site_build.test_seed_site import site_text


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """An empty handbook (mkdocs.yml and docs/ only), the seed page imported into it, and its build."""
    from handbook.pipeline import build

    root = tmp_path_factory.mktemp("seed-import") / "handbook"
    root.mkdir()
    shutil.copy2(SHIPPED / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    result = run_import(root, str(SEED_TEXT), "--area", "aubo", "--area-title",
                        "Arbejdsmarked, Uddannelse og Borgerservice")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return root, result, build(root / "mkdocs.yml", pdf=False)


def _data(root) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "data").rglob("*.yaml")))


def test_the_import_reports_what_to_look_at(imported):
    _, result, _ = imported
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        "handbook import: 1 page read (plan 'IT-nedbrud')",
        "Wrote data/handbook.yaml (new handbook file)",
        "Wrote data/contacts.yaml (17 people, 3 services, 7 roles, 1 group added)",
        "Wrote data/plans/it-nedbrud.yaml (new plan 'IT-nedbrud')",
    ]
    seed = str(SEED_TEXT)
    assert (f"{seed}:35: 'Stabsleder vakant, tlf. 72 36 XX XX' has a placeholder number: written as the vacant post "
            "people.stabsleder, with no number (write the name and number of whoever covers the post)") in lines
    assert (f"{seed}:27: 'Chefen' read as role 'chef' (Chef for Kerneområdet) in 4 sentences: suggested who: tag "
            "(check the who: tags; give the role this word as its plural or title to make it sure)") in lines
    assert re.fullmatch(r"handbook check: 0 errors, \d+ warnings in 3 files; the handbook can be built", lines[-1])


def test_every_sentence_and_heading_of_the_seed_is_in_the_site(imported):
    text = site_text(imported[2].site_dir)
    assert [line for line in prose(SEED_TEXT) if line not in text] == []


def test_every_name_and_number_of_the_seed_is_in_the_site(imported):
    text = site_text(imported[2].site_dir)
    numbers = phone_numbers(SEED_TEXT)
    assert len(numbers) == 20
    assert sorted(n for n in numbers if n not in text) == []
    names = list(people(SEED_TEXT)) + staffed_names(SEED_TEXT)
    assert len(names) == 19
    assert [n for n in names if n not in text] == []
    for name, title in people(SEED_TEXT).items():
        assert f"{title} {name}" in text, name


def test_each_name_and_number_is_written_once_and_the_leadership_list_once(imported):
    root = imported[0]
    data = _data(root)
    for number in phone_numbers(SEED_TEXT):
        assert len(re.findall(rf"(?<!\d)(?<!\d ){re.escape(number)}(?! ?\d)", data)) == 1, number
    for name in list(people(SEED_TEXT)) + staffed_names(SEED_TEXT):
        assert data.count(name) == 1, name
    assert data.count("title: Ledelsen") == 1
    plan = (root / "data/plans/it-nedbrud.yaml").read_text(encoding="utf-8")
    assert plan.count("group: ledelsen") == 2


def test_leadership_list_vacant_post_and_numbers_on_the_pages(imported):
    site = imported[2].site_dir
    page = (site / "planer/aubo/it-nedbrud.html").read_text(encoding="utf-8")
    alerting = page.split('id="alarmering"')[1].split('id="opgaver"')[0]
    contacts = page.split('id="kontaktoplysninger"')[1]
    for part in (alerting, contacts):
        assert "Claus Mercebach" in part and 'href="tel:+4572369245"' in part
    text = site_text(site)
    assert "XX" not in text and "Spring til indhold" not in text and "Klik her" not in text
    directory = (site / "kontakter.html").read_text(encoding="utf-8")
    row = re.search(r'<tr class="hb-contact" id="stabsleder">(.*?)</tr>', directory, re.S).group(1)
    assert "vakant" in row and "tel:" not in row
    assert '<a class="hb-tel" href="tel:114">114</a>' in directory
    assert '<a class="hb-tel" href="tel:+4546351448">46 35 14 48</a>' in directory


def test_the_roles_found_in_the_staffing_list_give_action_cards(imported):
    site = imported[2].site_dir
    card = (site / "roller/administrator.html").read_text(encoding="utf-8")
    assert "Administrator melder ud til alle medarbejdere i AUBO" in card
    afdelingsleder = (site / "roller/afdelingsleder.html").read_text(encoding="utf-8")
    assert "Mona Gregersen" in afdelingsleder
