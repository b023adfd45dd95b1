"""Every visible word of every page is found by search, on that page: names, numbers, e-mails, meeting places."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUILDS = ["seed_build", "kommune_build"]

# Every term of a page's article as the reader sees it (innerText), with the text that makes it. The
# edition's id is no content (an edit would otherwise change the whole index): it is left out.
# Buttons and text boxes are controls, not content: the index leaves them out (documents._SKIP_TAGS),
# and scripts show some of them late (the crisis log's "Start log"), so they are hidden here first.
WORDS = """(version) => {
  const article = document.querySelector('article');
  article.querySelectorAll('button, textarea').forEach(el => { el.style.display = 'none'; });
  const text = article.innerText.split(version).join(' ');
  return window.HandbookSearch.analyze(text).filter(t => t.flag !== 'j').map(t => text.slice(t.start, t.end));
}"""
# query → the pages (site-relative URLs) among all its results.
PAGES_FOUND = """async (queries) => {
  const s = window.HandbookSearch.open('search/handbook-index.js'), out = {};
  for (const q of queries) {
    const r = await s.search(q, 0);
    out[q] = r ? [...new Set(r.hits.map(h => h.url.split('#')[0]))] : null;
  }
  return out;
}"""


def _shown_items(model) -> dict[str, str]:
    """Names, numbers, e-mail addresses and meeting places of the model → a page that shows each."""
    items = {}
    for person in model.people.values():
        if person.name:
            items[person.name] = "kontakter.html"
    for contact in list(model.people.values()) + list(model.services.values()):
        for number in contact.numbers:
            items[number.display] = "kontakter.html"
        if contact.email:
            items[contact.email] = "kontakter.html"
    for area_id in model.handbook.areas:
        plan = model.delplan(area_id)
        for place in (plan.meeting_place, plan.alternative_meeting_place) if plan else ():
            if place:
                items[place] = f"planer/{area_id}/index.html"
    return items


@pytest.mark.parametrize("build", BUILDS)
def test_every_word_of_every_page_finds_that_page(build, request, offline_page):
    ctx = request.getfixturevalue(build)
    site = ctx.site_dir
    page = offline_page.page
    words: dict[str, set[str]] = {}
    for record in ctx.pages:
        page.goto((site / record.url).as_uri())
        drop = ctx.build.version if record.url != "aendringer.html" else "\u0000"
        for word in page.evaluate(WORDS, drop):
            words.setdefault(word, set()).add(record.url)
    page.goto((site / "index.html").as_uri())
    found = page.evaluate(PAGES_FOUND, sorted(words))
    missing = {w: sorted(urls - set(found[w] or [])) for w, urls in words.items() if urls - set(found[w] or [])}
    assert {w: urls[:3] for w, urls in missing.items()} == {}
    assert len(words) > 200
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.parametrize("build", BUILDS)
def test_every_name_number_email_and_meeting_place_is_found(build, request, offline_page):
    ctx = request.getfixturevalue(build)
    items = _shown_items(ctx.model)
    assert items
    page = offline_page.page
    page.goto((ctx.site_dir / "index.html").as_uri())
    found = page.evaluate(PAGES_FOUND, sorted(items))
    assert {q: url for q, url in items.items() if url not in (found[q] or [])} == {}
