"""Hostile data: payloads in every text field of the seed never become markup or script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handbook.cli import main
from handbook.site import csp
from tests.treepath import get_at, set_at

from .conftest import CSP_LISTENER, html_pages, local_only

# One payload per trick; each one, if it ran, would open a dialog naming itself.
PAYLOAD = (
    '<script>alert("p1")</script> <img src=x onerror=alert("p2")> '
    "<a href=\"javascript:alert('p3')\">a</a> [md](javascript:alert(\"p4\")) "
    '![im](javascript:alert("p5")) <javascript:alert("p6")> '
    '{{ "JI" ~ "NJA" }} {% if true %}{{ 1234 * 1000 }}{% endif %} {# jinja comment #} '
    "{: onclick=\"alert('p7')\" } </title><script>alert(\"p8\")</script> "
    '<svg onload=alert("p9")> <iframe src="javascript:alert(\'p10\')"></iframe> '
    '&lt;b&gt; *em* `code` [ref][r] '
    "\n\n[after a blank line](javascript:alert(\"p11\"))\n{: onmouseover=\"alert('p12')\" }\n\n"
    '# heading {#x onclick="alert(\'p13\')"}\n\n[r]: javascript:alert("p14")\n'
    '<form action="javascript:alert(\'p15\')"><button>b</button></form> "quoted" \'single\''
)
# What a template engine or Markdown would make of the payload if it interpreted it.
EVALUATED = ["JINJA", "1234000"]


# Not text, though the model accepts any text there: `language` picks Material's translation file,
# so a wrong value stops the build (reported to the lead: the model should allow language codes only).
NOT_TEXT = {("language",)}


def poison(node, path=()) -> list[tuple]:
    """Append PAYLOAD to every string value in a loaded YAML tree; return the paths changed."""
    changed = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        if isinstance(value, str) and path + (key,) not in NOT_TEXT:
            node[key] = f"{value} {PAYLOAD}"
            changed.append(path + (key,))
        else:
            changed += poison(value, path + (key,))
    return changed


def _parse_where(where: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", where))


# Richer crisis organisation for the seed's area, so every delplan text field is poisoned too.
DELPLAN = {
    "crisis_leader": {"holder": ["chef"], "stand_in": ["baris-atak"], "note": "Kriselederen"},
    "critical_functions": ["Udbetaling af ydelser"],
    "crisis_staff": [{"role": "Log og dokumentation", "holder": ["mona-gregersen"], "note": "Logfører"},
                     {"role": "Kommunikation", "ad_hoc": True}],
    "meeting_place": "Kanalstræde 2", "alternative_meeting_place": "Rådhuset",
    "convening": ["SMS til krisestaben", {"text": "Ring til IT-support", "contact": "it-support"}],
    "crisis_levels": [{"level": 1, "title": "Lokal", "trigger": "Et system er nede", "led_by": "Chefen"}],
}


def poison_handbook(root: Path) -> int:
    """Poison every text in ``root/data``; keep ids, numbers, dates and links valid; return the count.

    Which strings are text is learnt from the loader itself: a poisoned value it rejects (an id,
    a phone number, a date, a link) is put back, until the data loads without errors.
    """
    from handbook.data.load import load_with_problems

    trees, originals, changed = {}, {}, {}
    area = root / "data" / "areas" / "aubo.yaml"
    if area.parent.is_dir():
        area.write_text(yaml.safe_dump(DELPLAN, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((root / "data").rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        trees[rel] = yaml.safe_load(path.read_text(encoding="utf-8"))
        originals[rel] = yaml.safe_load(path.read_text(encoding="utf-8"))
        changed[rel] = poison(trees[rel])
    for _ in range(8):
        for rel, tree in trees.items():
            (root / rel).write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10_000),
                                    encoding="utf-8")
        _, problems = load_with_problems(root)
        errors = [p for p in problems if p.is_error]
        if not errors:
            return sum(len(paths) for paths in changed.values())
        for problem in errors:
            rel = next(r for r in trees if str(problem.file).endswith(r))
            where = _parse_where(problem.where)
            hit = [p for p in changed[rel] if p[:len(where)] == where or where[:len(p)] == p]
            assert hit, f"cannot tell which value caused: {problem}"
            for p in hit:
                set_at(trees[rel], p, get_at(originals[rel], p))
                changed[rel].remove(p)
    raise AssertionError(f"poisoned data does not load: {errors[:3]}")


def test_poison_reaches_every_string():
    tree = {"title": "T", "who": ["chef"], "steps": ["plain step", {"text": "x", "who": "chef"}]}
    assert poison(tree) == [("title",), ("who", 0), ("steps", 0), ("steps", 1, "text"), ("steps", 1, "who")]
    assert tree["steps"][1]["text"] == f"x {PAYLOAD}"


def test_poison_handbook_keeps_ids_and_numbers_and_poisons_text(seed_copy):
    from handbook.data.load import load

    count = poison_handbook(seed_copy)
    model = load(seed_copy)
    plan = model.plans["it-nedbrud"]
    assert plan.title.endswith(PAYLOAD.strip()) and plan.actions[0].steps[0].text.endswith(PAYLOAD.strip())
    assert plan.area == "aubo" and plan.actions[0].steps[0].who == ["superbruger", "ikt", "administrator"]
    assert model.people["claus-mercebach"].phone.display == "72 36 92 45"
    assert model.people["claus-mercebach"].name.endswith(PAYLOAD.strip())
    assert count > 100


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """The seed with PAYLOAD appended to every text field, built once."""
    from handbook.pipeline import build

    from ..conftest import SHIPPED, copy_handbook

    root = copy_handbook(SHIPPED, tmp_path_factory.mktemp("hostile") / "handbook")
    poison_handbook(root)
    return build(root / "mkdocs.yml", pdf=False)


@pytest.mark.slow
def test_no_payload_becomes_markup_in_any_page(hostile_build):
    pages = html_pages(hostile_build.site_dir)
    assert len(pages) >= 15
    for path in pages:
        text = path.read_text(encoding="utf-8")
        found = csp.scan(text)
        rel = path.relative_to(hostile_build.site_dir)
        assert found.handlers == [], f"{rel}: event-handler attribute reached the HTML"
        assert found.js_urls == [], f"{rel}: javascript:/data: URL reached the HTML"
        assert found.inline_scripts == [], f"{rel}: inline script reached the HTML"
        assert not re.search(r"<(iframe|svg onload|img src=x|form action=|script>alert)", text, re.I), rel
        for marker in EVALUATED:
            assert marker not in text, f"{rel}: template syntax was evaluated ({marker})"


@pytest.mark.slow
def test_payload_is_shown_as_text(hostile_build):
    plan = hostile_build.site_dir / "planer" / "aubo" / "it-nedbrud.html"
    text = plan.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;p1&quot;)&lt;/script&gt;" in text or "&lt;script&gt;alert(\"p1\")" in text
    assert "{{ &quot;JI&quot; ~ &quot;NJA&quot; }}" in text or '{{ "JI" ~ "NJA" }}' in text
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert "&lt;/title&gt;&lt;script&gt;" in title


@pytest.mark.browser
@pytest.mark.slow
def test_nothing_runs_in_chromium_even_without_the_csp(hostile_build, chromium, site_server):
    # bypass_csp: the escaping alone must hold; the CSP is a second wall, tested below.
    site = hostile_build.site_dir
    for bypass in (True, False):
        context = chromium.new_context(bypass_csp=bypass)
        context.add_init_script(CSP_LISTENER)
        blocked = local_only(context)
        dialogs: list[str] = []
        context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page = context.new_page()
        try:
            for path in html_pages(site):
                rel = path.relative_to(site).as_posix()
                page.goto(site_server.url(site, rel) if rel == "404.html" else path.as_uri())
                page.mouse.move(200, 300)  # would fire an injected onmouseover
                assert not page.evaluate(HOSTILE_DOM), rel
                for link in page.locator("article a").all()[:30]:
                    href = link.get_attribute("href") or ""
                    assert not href.strip().lower().startswith(("javascript:", "data:")), (rel, href)
                if not bypass:
                    assert page.evaluate("window.__cspViolations") == [], rel
            # The search box shows data too: its results must stay text.
            page.goto((site / "index.html").as_uri())
            page.fill("#hb-search-input", "alert onerror script")
            page.wait_for_selector("#hb-search-list [role=row]", timeout=5000)
            assert page.locator("#hb-search-list [role=row]").count() > 0
            assert not page.evaluate(HOSTILE_DOM), "search results carry a handler or a javascript: URL"
        finally:
            context.close()
        assert dialogs == [], dialogs
        assert blocked == []


# True when any element of the page carries an on… attribute or a javascript:/data: URL.
HOSTILE_DOM = """[...document.querySelectorAll('*')].some(e => [...e.attributes].some(a =>
  a.name.toLowerCase().startsWith('on') || /^\\s*(javascript|data):/i.test(a.value)))"""


def _check(root: Path, monkeypatch):
    monkeypatch.chdir(root)  # problems name files relative to where the editor runs the command
    return CliRunner().invoke(main, ["check", "-f", "mkdocs.yml"])


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)", "  javascript:alert(1)"])
def test_check_rejects_script_and_data_links(seed_copy, url, monkeypatch):
    handbook_yaml = seed_copy / "data" / "handbook.yaml"
    text = handbook_yaml.read_text(encoding="utf-8")
    marker = "    location: Holbækken (intranettet)\n"
    assert marker in text
    handbook_yaml.write_text(text.replace(marker, marker + f"    url: {yaml.safe_dump(url).strip().removesuffix('...').strip()}\n"),
                             encoding="utf-8")
    line = text[: text.index(marker)].count("\n") + 2
    result = _check(seed_copy, monkeypatch)
    assert result.exit_code == 1
    shown = url.strip()[:60]
    assert result.stderr.splitlines()[0] == (
        f"data/handbook.yaml:{line}: references.kriseplan.url: link '{shown}' is not allowed "
        "(links start with https://, http://, mailto: or tel:)")
    assert "Traceback" not in result.stderr


def test_check_accepts_an_https_link(seed_copy, monkeypatch):
    handbook_yaml = seed_copy / "data" / "handbook.yaml"
    text = handbook_yaml.read_text(encoding="utf-8")
    marker = "    location: Holbækken (intranettet)\n"
    handbook_yaml.write_text(text.replace(marker, marker + "    url: https://intra.holbaek.dk/kriseplan\n"),
                             encoding="utf-8")
    result = _check(seed_copy, monkeypatch)
    assert result.exit_code == 0, result.stderr
