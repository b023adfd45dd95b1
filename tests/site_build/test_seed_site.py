"""The shipped seed handbook builds, and everything the seed says reaches the site, from one source."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

from tests.conftest import REPO, SEED_TEXT
from tests.seedtext import people, phone_numbers, prose, staffed_names


def site_text(site: Path) -> str:
    """All readable text of every HTML page, tags removed and white space folded."""
    chunks = []
    for page in sorted(site.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
        chunks.append(htmllib.unescape(re.sub(r"<[^>]+>", " ", raw)))
    return " ".join(" ".join(chunks).split())


def data_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "data").rglob("*.yaml")))


def test_shipped_build_writes_the_site(shipped_build):
    site = shipped_build.site_dir
    assert (site / "index.html").is_file()
    assert (site / "kontakter.html").is_file()
    assert (site / "planer/aubo/it-nedbrud.html").is_file()
    assert (site / "roller/administrator.html").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="da"' in index


def test_every_sentence_and_heading_of_the_seed_is_in_the_site(shipped_build):
    text = site_text(shipped_build.site_dir)
    missing = [line for line in prose(SEED_TEXT) if line not in text]
    assert missing == []


def test_every_name_and_number_of_the_seed_is_in_the_site(shipped_build):
    text = site_text(shipped_build.site_dir)
    numbers = phone_numbers(SEED_TEXT)
    assert len(numbers) == 20  # 15 leaders, Ole Lollike, IT-support, the police's two, the press line
    assert sorted(n for n in numbers if n not in text) == []
    names = list(people(SEED_TEXT)) + staffed_names(SEED_TEXT)
    assert len(names) == 19  # 15 leaders, Ole Lollike, the press line's three
    assert [n for n in names if n not in text] == []
    for name, title in people(SEED_TEXT).items():
        assert f"{title} {name}" in text, name


def test_each_name_and_number_is_written_once_in_the_data():
    data = data_text()
    for number in phone_numbers(SEED_TEXT):
        assert len(re.findall(rf"(?<!\d)(?<!\d ){re.escape(number)}(?! ?\d)", data)) == 1, number
    for name in list(people(SEED_TEXT)) + staffed_names(SEED_TEXT):
        assert data.count(name) == 1, name
    # The leadership list is one group, referenced from both places in the plan.
    assert data.count("title: Ledelsen") == 1
    plan = (REPO / "data/plans/it-nedbrud.yaml").read_text(encoding="utf-8")
    assert plan.count("group: ledelsen") == 2


def test_leadership_list_is_shown_in_both_places(shipped_build):
    page = (shipped_build.site_dir / "planer/aubo/it-nedbrud.html").read_text(encoding="utf-8")
    alerting = page.split('id="alarmering"')[1].split('id="opgaver"')[0]
    contacts = page.split('id="kontaktoplysninger"')[1]
    for part in (alerting, contacts):
        assert "Claus Mercebach" in part and 'href="tel:+4572369245"' in part


def test_vacant_position_is_marked_and_has_no_number(shipped_build):
    site = shipped_build.site_dir
    text = site_text(site)
    assert "XX" not in text
    contacts = (site / "kontakter.html").read_text(encoding="utf-8")
    row = re.search(r'<tr class="hb-contact" id="stabsleder">(.*?)</tr>', contacts, re.S).group(1)
    assert "vakant" in row and "tel:" not in row


def test_numbers_are_danish_grouped_and_linked(shipped_build):
    page = (shipped_build.site_dir / "kontakter.html").read_text(encoding="utf-8")
    assert '<a class="hb-tel" href="tel:+4572366363">72 36 63 63</a>' in page
    assert '<a class="hb-tel" href="tel:114">114</a>' in page
    assert '<a class="hb-tel" href="tel:+4546351448">46 35 14 48</a>' in page


def test_web_chrome_is_not_content(shipped_build):
    text = site_text(shipped_build.site_dir)
    assert "Spring til indhold" not in text
    assert "Klik her" not in text


def test_front_page_puts_first_steps_and_key_numbers_first(shipped_build):
    page = (shipped_build.site_dir / "index.html").read_text(encoding="utf-8")
    straks = page.index('id="straks"')
    numbers = page.index('id="noeglenumre"')
    plans = page.index('id="planer"')
    assert straks < numbers < plans
    assert "Superbruger/IKT’er og/eller Administrator informeres straks om nedbrud." in page[straks:numbers]
    assert "72 36 14 48" in page[numbers:plans]
    assert "23.02.2024" in page and shipped_build.build.version in page


def test_no_page_references_another_origin(shipped_build):
    for page in shipped_build.site_dir.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in raw and "unpkg.com" not in raw and "jsdelivr" not in raw
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', raw), page
