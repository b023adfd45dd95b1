"""Search figures of a built site in Chromium from file://: index bytes, what a first search loads, latency.

``benchmarks/run.py`` calls :func:`figures` on the synthetic 600-plan municipality it
builds (``--only search`` redoes just these rows). Run alone, this prints the figures of
any built site:

    .venv/bin/python -m benchmarks.search_latency .bench/work/ours-600/site
    .venv/bin/python -m benchmarks.search_latency path/to/site Mercebach "72 36 14 48"

Per-keystroke latency is the time from the keydown of a character to the first frame
painted after the results are in the DOM, for every character of every query, typed as
a reader types (a fresh page, so the first keystrokes also load the parts they need);
the median and the 95th percentile are over all keystrokes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

# Resolves with the ms from the keydown of the next character to the first frame painted
# after the results were put in the DOM.
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
_READY = "() => window.__HANDBOOK_SEARCH && window.HandbookSearch.open('').store.headState === 'ready'"
_SNIPPETS = """(q) => new Promise(resolve => {
  const root = document.querySelector('[data-hb-search]');
  if (root.dataset.hbSnippets === q) return resolve(true);
  root.addEventListener('hb-search:snippets', function on(e) {
    if (e.detail.query === q) { root.removeEventListener('hb-search:snippets', on); resolve(true); }
  });
})"""
_TRACK = ("document.addEventListener('hb-search:snippets', e => {"
          " e.target.dataset.hbSnippets = e.detail.query; }, true);")


def part_sizes(site: Path) -> dict:
    """Bytes of the index's files by kind: head, letter, number, stopword and text parts, change log, stemmer."""
    folder = Path(site) / "search"
    groups = {"head": "handbook-index.js", "stemmer": "snowball-danish.js", "changes": "changes.js"}
    out: dict = {"total": 0, "files": 0, "largest": ["", 0]}
    for path in sorted(folder.iterdir()):
        size = path.stat().st_size
        kind = next((k for k, name in groups.items() if path.name == name), None)
        kind = kind or {"t": "letter parts", "d": "number parts", "s": "stopword parts",
                        "x": "text parts"}.get(path.name[0], "other")
        out[kind] = out.get(kind, 0) + size
        out["total"] += size
        out["files"] += 1
        if size > out["largest"][1]:
            out["largest"] = [path.name, size]
    return out


def _open(browser, site_dir: Path, loaded: list | None = None):
    context = browser.new_context()
    folder = (Path(site_dir) / "search").resolve().as_uri() + "/"

    def route(r):
        url = r.request.url
        if not url.startswith("file://"):
            return r.abort()
        if loaded is not None and url.startswith(folder):
            loaded.append((url[len(folder):], Path(url[len("file://"):]).stat().st_size))
        return r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.add_init_script(_TRACK)
    page.goto((Path(site_dir) / "index.html").resolve().as_uri())
    return context, page


def _wait(page, expression: str, arg=None, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not (page.evaluate(expression, arg) if arg is not None else page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        time.sleep(0.02)


def _focus(page) -> None:
    page.focus("#hb-search-input")
    _wait(page, _READY)


def _type(page, query: str) -> list[float]:
    """Type ``query`` character by character; the latency of each keystroke in ms."""
    page.fill("#hb-search-input", "")
    times = []
    for char in query:
        page.evaluate(_ARM)
        page.keyboard.type(char)
        times.append(float(page.evaluate("window.__hbLatency")))
    return times


def keystrokes(site_dir: Path, queries: list[str], browser) -> dict:
    """Median and 95th percentile ms per keystroke, typing every query on a fresh page (cold parts)."""
    times: list[float] = []
    for query in queries:
        context, page = _open(browser, site_dir)
        try:
            _focus(page)
            times += _type(page, query)
        finally:
            context.close()
    times.sort()
    return {"keystrokes": len(times), "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1), "max_ms": round(times[-1], 1)}


_ENGINE = """async (queries) => {
  const s = window.HandbookSearch.open('search/handbook-index.js'), times = [];
  for (const q of queries) {
    for (let n = 1; n <= q.length; n++) {
      const typed = q.slice(0, n);
      await s.search(typed, 12);  // loads the parts it needs
      const runs = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await s.search(typed, 12);
        runs.push(performance.now() - t0);
      }
      runs.sort((a, b) => a - b);
      times.push(runs[2]);
    }
  }
  return times;
}"""


def engine_ms(site_dir: Path, queries: list[str], browser) -> dict:
    """The engine alone (no DOM, no frame): median ms of a search for every beginning of every query, parts loaded."""
    context, page = _open(browser, site_dir)
    try:
        _focus(page)
        times = sorted(page.evaluate(_ENGINE, queries))
    finally:
        context.close()
    return {"searches": len(times), "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2), "max_ms": round(times[-1], 2)}


def measure(site_dir: Path, queries: list[str], repeats: int = 5, browser=None) -> dict[str, float]:
    """Median ms, per query, of its last keystroke (the other characters typed first, parts loaded)."""
    if browser is None:
        return _with_browser(lambda b: measure(site_dir, queries, repeats, b))
    context, page = _open(browser, site_dir)
    try:
        _focus(page)
        out = {}
        for query in queries:
            runs = []
            for _ in range(repeats):
                page.fill("#hb-search-input", query[:-1])
                page.evaluate(_ARM)
                page.keyboard.type(query[-1])
                runs.append(float(page.evaluate("window.__hbLatency")))
            out[query] = statistics.median(runs)
        return out
    finally:
        context.close()


def first_search(site_dir: Path, query: str, browser) -> dict:
    """What a reader's first search loads: from the page to results with their snippets; bytes and files."""
    loaded: list = []
    context, page = _open(browser, site_dir, loaded)
    try:
        _focus(page)
        for char in query:
            page.keyboard.type(char)
        page.evaluate(_SNIPPETS, query)
        first = page.text_content("#hb-search-list [role=row] .hb-search__title")
    finally:
        context.close()
    return {"query": query, "bytes": sum(size for _name, size in loaded), "files": sorted(n for n, _ in loaded),
            "first_result": first}


def first_results(site_dir: Path, queries: list[str], browser) -> dict[str, str]:
    """The first result's title for each query, as a reader sees it (to check what was timed)."""
    context, page = _open(browser, site_dir)
    try:
        _focus(page)
        out = {}
        for query in queries:
            page.fill("#hb-search-input", "")
            page.keyboard.type(query)
            page.evaluate(_SNIPPETS, query)
            out[query] = page.text_content("#hb-search-list [role=row] .hb-search__title")
        return out
    finally:
        context.close()


def _with_browser(action):
    from playwright.sync_api import sync_playwright

    from handbook.browser import launch

    with sync_playwright() as p:
        browser = launch(p)
        try:
            return action(browser)
        finally:
            browser.close()


def figures(site_dir: Path, queries: list[str], browser=None) -> dict:
    """Every search figure of a built site: bytes by kind, first-search bytes per query, keystroke latency."""
    if browser is None:
        return _with_browser(lambda b: figures(site_dir, queries, b))
    firsts = [first_search(site_dir, q, browser) for q in queries]
    return {"index": part_sizes(site_dir), "first_search": firsts,
            "first_search_max_bytes": max(f["bytes"] for f in firsts),
            "latency": keystrokes(site_dir, queries, browser), "engine": engine_ms(site_dir, queries, browser)}


def main(argv: list[str] | None = None) -> int:
    """Print the search figures of a built site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*")
    args = parser.parse_args(argv)
    queries = args.queries or ["Mercebach", "strømsvigt", "72 36 14 48", "ring til politiet", "Mercebak"]
    result = figures(args.site, queries)
    index = result["index"]
    print(f"index: {index['total'] / 1e3:.0f} KB in {index['files']} files; "
          + ", ".join(f"{k} {v / 1e3:.0f} KB" for k, v in index.items() if isinstance(v, int) and k not in
                      ("total", "files")) + f"; largest {index['largest'][0]} {index['largest'][1] / 1e3:.0f} KB")
    for first in result["first_search"]:
        print(f"first search {first['query']!r}: {first['bytes'] / 1e3:.0f} KB in {len(first['files'])} files "
              f"(first result: {first['first_result']})")
    lat = result["latency"]
    print(f"per keystroke: median {lat['median_ms']} ms, p95 {lat['p95_ms']} ms, max {lat['max_ms']} ms "
          f"({lat['keystrokes']} keystrokes, fresh page per query)")
    eng = result["engine"]
    print(f"the engine alone: median {eng['median_ms']} ms, p95 {eng['p95_ms']} ms, max {eng['max_ms']} ms "
          f"({eng['searches']} searches: every beginning of every query, parts loaded)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
