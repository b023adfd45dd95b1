"""Driving the crisis log in a page as a user does, and reading its exports back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

ZONE = "Europe/Copenhagen"
KINDS = {"information": "Information", "beslutning": "Beslutning", "handling": "Handling", "undladelse": "Undladelse"}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CSV_COLUMNS = ["Nr.", "Dato", "Tid", "Hvem", "Art", "Tekst", "Kilde", "Ført ind", "Rettet", "Tidspunkt (ISO 8601)"]

# Reports every CSP violation into window.__cspViolations before any page script runs.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
});
"""


# Everything the log keeps, read from IndexedDB the way the page's script opens it.
READ_STORE = """async () => {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('handbook-log', 1);
    req.onupgradeneeded = () => { req.result.createObjectStore('logs', {keyPath: 'id'});
                                  req.result.createObjectStore('settings', {keyPath: 'key'}); };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const t = db.transaction(['logs', 'settings']);
  const all = (store) => new Promise((resolve) => { const r = t.objectStore(store).getAll();
                                                    r.onsuccess = () => resolve(r.result); });
  const logs = await all('logs');
  const settings = Object.fromEntries((await all('settings')).map((s) => [s.key, s.value]));
  db.close();
  return {logs, settings};
}"""


class LogPage:
    """A page with a log control, driven through its labels and buttons."""

    def __init__(self, page):
        self.page = page
        self.root = page.locator(".hb-log-control")

    def ready(self) -> LogPage:
        """Wait until the log has opened its storage (or said it cannot)."""
        self.page.locator("[data-hb-log-ready]").wait_for(state="attached")
        return self

    def button(self, name: str):
        """The log's button with exactly this accessible name."""
        return self.root.get_by_role("button", name=name, exact=True)

    def field(self, label: str):
        """The log's field with exactly this label."""
        return self.root.get_by_label(label, exact=True)

    def start(self, event: str | None = None) -> None:
        """Press "Start log" and name the event."""
        self.ready()
        self.button("Start log").click()
        self.page.locator(".hb-log-panel").wait_for()
        self.wait(lambda store: store["settings"].get("current") in {log["id"] for log in store["logs"]})
        if event is not None:
            self.field("Hændelse").fill(event)
            self.field("Hændelse").press("Enter")  # a text field's change: the name is saved
            self.wait(lambda store: self._current(store)["event"] == event)

    def add(self, text: str, kind: str = "information", who: str | None = None, time: str | None = None,
            source: str | None = None) -> None:
        """Write one entry; ``time`` as the time field takes it (2026-11-29T08:05), else now."""
        before = len(self.stored()["entries"])
        if time is not None:
            self.field("Tidspunkt").fill(time)
        if who is not None:
            self.field("Hvem").fill(who)
        self.root.get_by_role("radio", name=KINDS[kind], exact=True).check()
        self.field("Tekst").fill(text)
        if source is not None:
            self.field("Kilde (valgfri)").fill(source)
        self.button("Før i loggen").click()
        # Shown only once it is on disk.
        self.page.locator("ol.hb-log-entries > li").nth(before).wait_for()
        assert len(self.stored()["entries"]) == before + 1

    def tick(self, index: int, checked: bool = True) -> None:
        """Tick (or untick) the page's step number ``index`` (0-based, in page order); wait until it is logged."""
        before = len(self.stored()["entries"])
        self.page.locator("input.hb-log-tick").nth(index).set_checked(checked)
        self.wait(lambda store: len(self._current(store)["entries"]) == before + 1)

    def wait(self, condition, timeout: float = 30.0) -> dict:
        """Poll the stored logs until ``condition(store)`` holds; return the store."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            store = self.page.evaluate(READ_STORE)
            try:
                if condition(store):
                    return store
            except (KeyError, TypeError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the log's storage never got there: {store}")
            time.sleep(0.05)

    @staticmethod
    def _current(store: dict) -> dict:
        return next(log for log in store["logs"] if log["id"] == store["settings"]["current"])

    def current_id(self) -> str | None:
        """The id of the log open on this device."""
        return self.page.evaluate(READ_STORE)["settings"].get("current")

    def stored(self, log_id: str | None = None) -> dict:
        """The open (or given) log as kept in IndexedDB."""
        store = self.page.evaluate(READ_STORE)
        log_id = log_id or store["settings"].get("current")
        return next(log for log in store["logs"] if log["id"] == log_id)

    def all_stored(self) -> list[dict]:
        """Every log in this browser's storage."""
        return self.page.evaluate(READ_STORE)["logs"]

    def shown(self) -> list[str]:
        """The entries as the page shows them, newest first."""
        return self.page.locator("ol.hb-log-entries > li").all_inner_texts()

    def download(self, name: str, folder: Path) -> Path:
        """Press a save button and keep the downloaded file in ``folder``."""
        with self.page.expect_download() as info:
            self.button(name).click()
        target = Path(folder) / info.value.suggested_filename
        info.value.save_as(target)
        return target

    def save_csv(self, folder: Path) -> Path:
        """Download the log as CSV."""
        return self.download("Gem som regneark (CSV)", folder)

    def save_html(self, folder: Path) -> Path:
        """Download the log as a web page."""
        return self.download("Gem som webside (HTML)", folder)


def local(ms: int, zone: str = ZONE) -> dt.datetime:
    """A stored time stamp (ms since the epoch) as local time."""
    return dt.datetime.fromtimestamp(ms / 1000, ZoneInfo(zone))


def expected_rows(log: dict, zone: str = ZONE) -> list[dict]:
    """What the export must say for each stored entry, in time order."""
    entries = sorted(log["entries"], key=lambda e: (e["time"], e["created"]))
    rows = []
    for i, e in enumerate(entries, 1):
        when = local(e["time"], zone)
        rows.append({"Nr.": str(i), "Dato": when.strftime("%d.%m.%Y"), "Tid": when.strftime("%H:%M"),
                     "Hvem": e["who"], "Art": KINDS[e["kind"]], "Tekst": e["text"], "Kilde": e["source"],
                     "Tidspunkt (ISO 8601)": when.isoformat(timespec="seconds")})
    return rows


def read_csv(path: Path) -> tuple[dict[str, str], list[dict[str, str]], bytes]:
    """A CSV export: its head (key → value), its entry rows (continuations joined), and its raw bytes."""
    raw = Path(path).read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    blank = rows.index([])
    head = {r[0]: r[1] for r in rows[:blank]}
    assert rows[blank + 1] == CSV_COLUMNS
    entries: list[dict[str, str]] = []
    for row in rows[blank + 2:]:
        if row[0].endswith(" (fortsat)"):
            assert row[0] == entries[-1]["Nr."] + " (fortsat)"
            entries[-1]["Tekst"] += row[5]
            continue
        entries.append(dict(zip(CSV_COLUMNS, row, strict=True)))
    return head, entries, raw


class _Export(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.metas: list[dict] = []
        self.rows: list[list[str]] = []
        self.head: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._table = ""
        self._thead = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "thead":
            self._thead = True
        self.handlers += [name for name, _ in attrs if name.lower().startswith("on")]
        if tag == "meta":
            self.metas.append(dict(attrs))
        if tag == "table":
            self._table = dict(attrs).get("class", "")
        if tag == "tr":
            self._row = []
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._thead = False
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        if tag == "tr" and self._row is not None:
            if self._table == "meta":
                self.head[self._row[0]] = self._row[1]
            elif not self._thead:
                self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_html(path: Path) -> _Export:
    """An HTML export parsed: its tags, event-handler attributes, metas, head table and entry rows."""
    parser = _Export()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    parser.close()
    return parser


# Wait for running CSS transitions and animations (at most 3 s): a button fading in (Material's
# "back to top") is half transparent for a moment, and axe would measure its contrast then.
SETTLE = """() => Promise.race([
  Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 3000)),
])"""


def axe_violations(page, context: str | None = None) -> list[str]:
    """WCAG 2.1 A/AA violations axe finds in the page (or in ``context``)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    page.evaluate(SETTLE)
    results = Axe().run(page, context=context, options=options).response
    return [f"{v['id']}: {v['nodes'][0]['html'][:160]} – {v['help']}" for v in results["violations"]]
