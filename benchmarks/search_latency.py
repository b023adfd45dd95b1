"""Search latency in Chromium from file://: keystroke → rendered results, median over repeats.

The benchmark owner calls :func:`measure` on a built site (e.g. the synthetic
600-plan municipality). Run alone, this script builds a small site carrying the
index of a synthetic municipality (``--plans``, ``--people``) and prints figures:

    .venv/bin/python benchmarks/search_latency.py                 # 600 plans, 1,000 people
    .venv/bin/python benchmarks/search_latency.py path/to/site Mercebach "72 36 14 48"
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from handbook.site.context import PageRecord  # noqa: E402

# Resolves with the time from the keydown of the last character to the first
# frame painted after the results were put in the DOM.
_ARM = """() => {
  const root = document.querySelector('[data-hb-search]');
  const input = root.querySelector('[data-hb-search-input]');
  window.__hbLatency = new Promise(resolve => {
    let t0 = null;
    input.addEventListener('keydown', e => { t0 = e.timeStamp; }, {once: true, capture: true});
    root.addEventListener('hb-search:rendered', () => {
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    }, {once: true});
  });
}"""


def _open(browser, site_dir: Path):
    # The site's CSP forbids eval, which Playwright's wait_for_function needs; the page itself never evals.
    context = browser.new_context(bypass_csp=True)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page = context.new_page()
    page.goto((Path(site_dir) / "index.html").resolve().as_uri())
    return context, page


def _load_index(page) -> float:
    """Focus the box and wait for the index; return the load time in ms."""
    start = time.perf_counter()
    page.focus("#hb-search-input")
    page.wait_for_function("typeof window.__HANDBOOK_SEARCH === 'object'", timeout=60_000)
    return (time.perf_counter() - start) * 1000


def _one(page, query: str) -> float:
    page.fill("#hb-search-input", "")
    page.focus("#hb-search-input")
    if len(query) > 1:
        page.keyboard.type(query[:-1])
    page.evaluate(_ARM)
    page.keyboard.type(query[-1])
    return float(page.evaluate("window.__hbLatency"))


def measure(site_dir: Path, queries: list[str], repeats: int = 5, browser=None) -> dict[str, float]:
    """Median ms, per query, from the last keystroke to painted results; Chromium, file://, offline.

    ``browser``: a Playwright Chromium to use (e.g. a test session's); else one is launched.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        from handbook.browser import launch

        with sync_playwright() as p:
            own = launch(p)
            try:
                return measure(site_dir, queries, repeats, own)
            finally:
                own.close()
    context, page = _open(browser, site_dir)
    try:
        _load_index(page)
        return {query: statistics.median(_one(page, query) for _ in range(repeats))
                for query in queries}
    finally:
        context.close()


def first_results(site_dir: Path, queries: list[str], browser) -> dict[str, str]:
    """The first result's title for each query, as a reader sees it (to check what was timed)."""
    context, page = _open(browser, site_dir)
    try:
        _load_index(page)
        out = {}
        for query in queries:
            _one(page, query)
            out[query] = page.text_content(".hb-search__option .hb-search__title")
        return out
    finally:
        context.close()


def index_load_ms(site_dir: Path, repeats: int = 3) -> float:
    """Median ms from focusing the box to a parsed index (the first search's one-time cost)."""
    from playwright.sync_api import sync_playwright

    from handbook.browser import launch

    times = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for _ in range(repeats):
                context, page = _open(browser, site_dir)
                times.append(_load_index(page))
                context.close()
        finally:
            browser.close()
    return statistics.median(times)


# -- a synthetic municipality -------------------------------------------------

_SYLLABLES = ["an", "ber", "dal", "sen", "holm", "lund", "gaard", "bæk", "mark", "skov", "toft",
              "rup", "vig", "høj", "strand", "kær", "by", "ager", "lev", "sø", "borg", "hus", "ved"]
_FIRST = ["Anne", "Bo", "Claus", "Dorte", "Erik", "Gitte", "Hanne", "Jes", "Lise", "Mona", "Ole",
          "Pia", "Rasmus", "Søren", "Tine", "Ulf", "Vibeke", "Åse", "Ærtebjerg", "Øjvind"]
_TITLES = ["Områdeleder", "Afdelingsleder", "Direktør", "Konsulent", "Sagsbehandler", "Koordinator"]
_WORDS = ["hvis", "der", "sker", "et", "nedbrud", "eller", "et", "system", "går", "ned", "i", "kortere", "længere", "tid", "så", "vil", "denne", "periode", "ikke", "kunne", "ske", "ajourføring", "af", "borgersager", "administrator", "kontakter", "chefen", "superbruger", "medarbejdere", "informeres", "straks", "om", "strømsvigt", "vandforsyning", "brand", "evakuering", "oversvømmelse", "pandemi", "cyberangreb", "forsyning", "beredskab", "kommunikation", "pressetelefonen", "borgerservice", "jobcenter", "skole", "dagtilbud", "ældrepleje", "hjemmepleje", "vagt", "bemanding", "udstyr", "generator", "nødstrøm", "telefon", "radio", "kørsel", "logbog", "opfølgning", "ledelsen", "krisestab"]
SECTIONS = ["Situation", "Alarmering", "Opgaver", "Handling", "Ledelse og organisation",
            "Bemanding og udstyr", "Kommunikation", "Kontaktoplysninger"]


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def _phone(n: int) -> tuple[str, str]:
    digits = f"72{n:06d}"
    return " ".join(digits[i:i + 2] for i in range(0, 8, 2)), "tel:+45" + digits


def synthetic_pages(plans: int = 600, people: int = 1000, areas: int = 30,
                    seed: int = 7) -> tuple[list[PageRecord], list[tuple[str, str]]]:
    """Pages shaped like the handbook's (plans with 8 sections, a contacts table); and (id, name) of everyone."""
    rng = random.Random(seed)
    persons = []
    for n in range(people):
        name = f"{rng.choice(_FIRST)} {_surname(rng)}"
        persons.append((f"p{n}", name, rng.choice(_TITLES), _phone(n)))
    rows = "".join(
        f'<tr class="hb-contact" id="{pid}"><td>{name}</td><td>{title}</td>'
        f'<td><a class="hb-tel" href="{href}">{shown}</a></td><td></td></tr>\n'
        for pid, name, title, (shown, href) in persons)
    pages = [PageRecord("index.html", "Forside", "front", "<h2 id='straks'>Straks</h2><p>Velkommen.</p>"),
             PageRecord("kontakter.html", "Kontakter", "contacts",
                        f'<h2 id="personer">Personer</h2><table><tbody>{rows}</tbody></table>')]
    for p in range(plans):
        area = p % areas
        body = []
        for heading in SECTIONS:
            words = " ".join(rng.choice(_WORDS) for _ in range(120))
            body.append(f'<h2 id="{heading.lower().replace(" ", "-")}">{heading}</h2><p>{words}.</p>')
        leaders = rng.sample(persons, 16)
        body.append('<ul class="hb-contact-list">' + "".join(
            f'<li><span class="hb-name">{t} <a href="../../kontakter.html#{pid}">{name}</a></span> '
            f'tlf. <a class="hb-tel" href="{href}">{shown}</a></li>'
            for pid, name, t, (shown, href) in leaders) + "</ul>")
        pages.append(PageRecord(f"planer/omr{area}/plan{p}.html", f"Plan {p}: {rng.choice(_WORDS)}",
                                "plan", "\n".join(body)))
    return pages, [(pid, name) for pid, name, _t, _p in persons]


def synthetic_site(folder: Path, plans: int = 600, people: int = 1000):
    """A two-page site whose search index covers a synthetic municipality; returns (site, people, seconds to index)."""
    from handbook.site.search import INDEX_PATH, build_index, index_script
    from tests.search.minisite import build_minisite

    pages, persons = synthetic_pages(plans, people)
    site = build_minisite(folder, [("index.md", "Forside", "front", "<p>Forside</p>")]).site_dir
    start = time.perf_counter()
    script = index_script(build_index(pages))
    seconds = time.perf_counter() - start
    (site / INDEX_PATH).write_text(script, encoding="utf-8")
    return site, persons, seconds


def main(argv: list[str] | None = None) -> int:
    """Print search latency figures for a given site, or for a synthetic municipality."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("queries", nargs="*")
    parser.add_argument("--plans", type=int, default=600)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site, queries = args.site, args.queries
        if site is None:
            site, persons, seconds = synthetic_site(Path(tmp) / "bench", args.plans, args.people)
            surname = persons[len(persons) // 2][1].split()[-1]
            queries = queries or [surname, surname[:4], "72 00 05 00", "nedbrud chefen", "s"]
            print(f"synthetic: {args.plans} plans, {args.people} people; index built in {seconds:.2f} s")
        size = (site / "search" / "handbook-index.js").stat().st_size
        print(f"index: {size / 1e6:.2f} MB; load {index_load_ms(site):.0f} ms (median, first focus)")
        for query, ms in measure(site, queries or ["Mercebach"], args.repeats).items():
            print(f"{query!r:>24}: {ms:6.1f} ms (median keystroke → painted results)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
