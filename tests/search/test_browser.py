"""The search box in the built seed site, opened from file:// with every other request aborted."""

from __future__ import annotations

import pytest

from tests.conftest import wait_until

from . import seedlike

pytestmark = pytest.mark.browser

INPUT = "#hb-search-input"
OPTIONS = ".hb-search__option"

# query → the result that must be first (the full table is queries.yaml; these are typed key by key)
SEED_QUERIES = {**seedlike.SEED_QUERIES, "næsborg": "kontakter.html#janne-naesborg",
                "NAESBORG": "kontakter.html#janne-naesborg"}


def search(page, query: str, snippets: bool = False) -> list[str]:
    """Type a query like a reader and return the result links, site-relative, best first."""
    page.fill(INPUT, "")
    page.focus(INPUT)
    page.keyboard.type(query)
    wait_until(page,
        "q => document.querySelector('[data-hb-search]').dataset.hbLast === q",
        arg=query)
    if snippets:  # the text of the results (and a contact's numbers) arrive with their part
        wait_until(page, "q => document.querySelector('[data-hb-search]').dataset.hbSnippets === q", arg=query)
    return page.eval_on_selector_all(
        OPTIONS, "els => els.map(a => a.href.replace(/^file:\\/\\/.*?\\/site\\//, ''))")


def open_site(offline_page, site, path="index.html"):
    page = offline_page.page
    page.add_init_script(
        "document.addEventListener('hb-search:rendered', e => {"
        " e.target.dataset.hbLast = e.detail.query; }, true);"
        "document.addEventListener('hb-search:snippets', e => {"
        " e.target.dataset.hbSnippets = e.detail.query; }, true);")
    page.goto((site / path).as_uri())
    return page


@pytest.mark.parametrize("query", list(SEED_QUERIES))
def test_seed_queries_find_the_right_result_offline(search_site, offline_page, query):
    page = open_site(offline_page, search_site, "planer/aubo/it-nedbrud.html")
    urls = search(page, query)
    assert urls[:1] == [SEED_QUERIES[query]], urls[:5]
    assert offline_page.blocked == []
    assert offline_page.errors == []


def test_index_loads_only_when_the_reader_starts_searching(search_site, offline_page):
    page = open_site(offline_page, search_site)
    assert page.locator("script[src*='handbook-index.js']").count() == 0
    assert page.evaluate("typeof window.__HANDBOOK_SEARCH") == "undefined"
    page.focus(INPUT)
    wait_until(page, "typeof window.__HANDBOOK_SEARCH === 'object'")
    src = page.get_attribute("script[src*='handbook-index.js']", "src")
    assert src == "./search/handbook-index.js"


def test_results_link_relative_to_the_page_from_any_depth(search_site, offline_page):
    page = open_site(offline_page, search_site, "roller/superbruger.html")
    search(page, "Mercebach")
    assert page.get_attribute(OPTIONS, "href") == "../kontakter.html#claus-mercebach"
    page.click(OPTIONS)
    page.wait_for_url("**/kontakter.html#claus-mercebach")
    assert offline_page.blocked == []


def test_keyboard_only(search_site, offline_page):
    page = open_site(offline_page, search_site, "planer/aubo/it-nedbrud.html")
    page.keyboard.press("Tab")  # the skip link comes first …
    for _ in range(10):  # … then the search box, before the navigation
        if page.evaluate("document.activeElement.id") == "hb-search-input":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "hb-search-input"
    box = page.locator(INPUT)
    page.keyboard.type("politi")
    wait_until(page, "document.querySelectorAll('.hb-search__option').length > 1")
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") is None
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "hb-search-option-0"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "hb-search-option-1"
    rows = page.locator("#hb-search-list [role=row]")
    assert rows.nth(1).get_attribute("aria-selected") == "true"
    assert rows.nth(0).get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # wraps to the last result
    last = page.locator(OPTIONS).count() - 1
    assert box.get_attribute("aria-activedescendant") == f"hb-search-option-{last}"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator(".hb-search__panel").is_hidden()
    assert box.input_value() == "politi"
    page.keyboard.press("Escape")
    assert box.input_value() == ""
    page.keyboard.type("politi")
    wait_until(page, "document.querySelectorAll('.hb-search__option').length > 0")
    page.keyboard.press("Enter")  # opens the first result
    page.wait_for_url("**/kontakter.html#politi")
    assert offline_page.blocked == []
    assert offline_page.errors == []


def test_live_region_announces_the_count(search_site, offline_page):
    page = open_site(offline_page, search_site)
    search(page, "Mercebach")
    status = page.locator("[data-hb-search-status]")
    assert status.get_attribute("role") == "status"
    count = page.locator(OPTIONS).count()
    assert status.text_content() == (f"{count} resultater" if count > 1 else "1 resultat")
    search(page, "xyzzyq")
    assert status.text_content() == "Ingen resultater"
    assert page.locator(OPTIONS).count() == 0
    assert page.get_attribute(INPUT, "aria-expanded") == "false"


def test_box_is_labelled_and_results_are_a_grid(search_site, offline_page):
    page = open_site(offline_page, search_site)
    search(page, "Fasit", snippets=True)
    assert page.locator("label[for='hb-search-input']").text_content() == "Søg i håndbogen"
    assert page.get_attribute(INPUT, "role") == "combobox"
    assert page.get_attribute(INPUT, "aria-haspopup") == "grid"
    assert page.get_attribute("#hb-search-list", "role") == "grid"
    row = page.locator("#hb-search-list > [role=row]").first
    assert row.locator("> [role=gridcell]").count() == 1
    option = row.locator(OPTIONS)
    assert option.locator(".hb-search__title").text_content() == "Situation"
    assert option.locator(".hb-search__meta").text_content() == "IT-nedbrud · Plan"
    assert option.locator("mark").first.text_content() == "Fasit"


def test_a_contacts_numbers_are_tel_links_in_its_result(search_site, offline_page):
    page = open_site(offline_page, search_site, "planer/aubo/it-nedbrud.html")
    search(page, "politi", snippets=True)
    row = page.locator("#hb-search-list > [role=row]").first
    assert row.locator(".hb-search__title").text_content() == "Midt- og Vestsjællands Politi"
    calls = row.locator("[role=gridcell] a.hb-search__call")
    assert [calls.nth(i).get_attribute("href") for i in range(calls.count())] == ["tel:114", "tel:+4546351448"]
    assert calls.first.text_content() == "114"
    box = page.locator(INPUT)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")  # from the result to its first number
    assert box.get_attribute("aria-activedescendant") == "hb-search-option-0-1"
    page.keyboard.press("ArrowRight")
    assert box.get_attribute("aria-activedescendant") == "hb-search-option-0-2"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert box.get_attribute("aria-activedescendant") == "hb-search-option-0"
    assert offline_page.errors == []


def test_some_words_are_shown_under_a_line_that_says_so(search_site, offline_page):
    page = open_site(offline_page, search_site)
    urls = search(page, "Mercebach brandbil")
    assert urls[0] == "kontakter.html#claus-mercebach"
    note = page.locator("[data-hb-search-note]")
    assert note.is_visible() and note.text_content() == "Ingen sider med alle ordene – sider med nogle af dem"
    assert page.text_content("[data-hb-search-status]").startswith(
        "Ingen sider med alle ordene – sider med nogle af dem: ")
    search(page, "Mercebach")
    assert note.is_hidden()


WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe(page) -> tuple[list, list]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, context={"include": [[".hb-search"]]},
                       options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations", "passes"]})
    return ([(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]],
            [p["id"] for p in result.response["passes"]])


def test_search_box_passes_axe_in_every_state(search_site, offline_page):
    page = open_site(offline_page, search_site, "planer/aubo/it-nedbrud.html")
    found = {}
    page.focus(INPUT)
    found["focused, empty"] = axe(page)[0]
    search(page, "politi", snippets=True)
    found["results"] = axe(page)[0]
    page.keyboard.press("ArrowDown")
    found["a result active"] = axe(page)[0]
    page.keyboard.press("ArrowRight")
    violations, passes = axe(page)
    found["a number active"] = violations
    assert "color-contrast" in passes
    search(page, "politi brandbil")
    found["some words"] = axe(page)[0]
    search(page, "xyzzyq")
    found["no results"] = axe(page)[0]
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    found["closed"] = axe(page)[0]
    assert found == {state: [] for state in found}


def test_focus_is_visible(search_site, offline_page):
    page = open_site(offline_page, search_site)
    page.focus(INPUT)
    outline = page.eval_on_selector(
        INPUT, "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px")


def test_results_are_reachable_with_tab_and_arrows(search_site, offline_page):
    page = open_site(offline_page, search_site)
    search(page, "Mercebach")
    cell = "document.activeElement.closest('[role=gridcell]').id"
    page.keyboard.press("Tab")
    assert page.evaluate(cell) == "hb-search-option-0"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(cell) == "hb-search-option-1"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "hb-search-input"
    assert page.locator(".hb-search__panel").is_hidden()
    page.keyboard.press("ArrowDown")  # opens the list again
    assert page.locator(".hb-search__panel").is_visible()


def test_enter_typed_before_the_index_arrives_opens_the_best_result(search_site, offline_page):
    page = offline_page.page
    index_url = (search_site / "search" / "handbook-index.js").as_uri()
    held = []
    # Hold the index back until the reader has typed and pressed Enter.
    page.route(index_url, lambda route: held.append(route))
    page.goto((search_site / "index.html").as_uri())
    page.focus(INPUT)
    page.keyboard.type("Mercebach")
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('[data-hb-search-status]').textContent !== ''")
    assert page.text_content("[data-hb-search-status]") == "Søgningen indlæses …"
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_url("**/kontakter.html#claus-mercebach")
    assert offline_page.blocked == [] and offline_page.errors == []


def test_a_missing_index_is_reported_not_thrown(search_site, offline_page):
    page = offline_page.page
    page.route((search_site / "search" / "handbook-index.js").as_uri(), lambda route: route.abort())
    page.goto((search_site / "index.html").as_uri())
    page.focus(INPUT)
    page.keyboard.type("politi")
    wait_until(page,
        "document.querySelector('[data-hb-search-status]').textContent === 'Søgningen kunne ikke indlæses'")
    assert offline_page.errors == []


def test_enter_on_no_results_does_not_open_a_later_query(search_site, offline_page):
    page = open_site(offline_page, search_site)
    search(page, "xyzzyq")
    page.keyboard.press("Enter")
    search(page, "politi")
    assert page.url.endswith("/index.html")  # nothing opened until Enter is pressed again
    page.keyboard.press("Enter")
    page.wait_for_url("**/kontakter.html#politi")
