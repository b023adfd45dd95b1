"""Hostile data: payloads in every text field of the seed never become markup or script."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handbook import csp
from handbook.cli import main

from .conftest import CSP_LISTENER, html_pages, local_only

# Keys whose values are ids, numbers, dates, links or flags: they stay valid so the build succeeds.
NOT_TEXT = {"language", "review_interval_months", "key_contacts", "url", "date", "phone", "phones", "number",
            "email", "held_by", "reach", "list_at", "members", "reference", "references", "area", "updated",
            "who", "chain", "group", "role", "roles", "vacant"}

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


def poison(node, key=None, counter=None):
    """Append PAYLOAD to every text value in a loaded YAML tree; return how many were changed."""
    counter = counter if counter is not None else [0]
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str) and k not in NOT_TEXT:
                node[k] = f"{v} {PAYLOAD}"
                counter[0] += 1
            else:
                poison(v, k, counter)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str) and key not in NOT_TEXT:
                node[i] = f"{v} {PAYLOAD}"
                counter[0] += 1
            else:
                poison(v, key, counter)
    return counter[0]


def test_poison_reaches_text_and_leaves_ids_alone():
    tree = {"title": "T", "who": ["chef"], "steps": ["plain step", {"text": "x", "who": "chef"}],
            "staffing": {"roles": ["chef", {"role": "chef", "text": "Chefen"}], "equipment": ["radio"]},
            "people": {"a": {"name": "N", "phone": "72 36 63 63", "phones": [{"number": "1", "label": "L"}]}}}
    assert poison(tree) == 7
    assert tree["who"] == ["chef"] and tree["staffing"]["roles"][0] == "chef"
    assert tree["staffing"]["roles"][1]["role"] == "chef" and tree["staffing"]["roles"][1]["text"].endswith(PAYLOAD)
    assert tree["people"]["a"]["phone"] == "72 36 63 63"
    assert tree["people"]["a"]["phones"][0] == {"number": "1", "label": f"L {PAYLOAD}"}


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """The seed with PAYLOAD appended to every text field, built once."""
    from handbook.pipeline import build

    from ..conftest import REPO, copy_handbook

    root = copy_handbook(REPO, tmp_path_factory.mktemp("hostile") / "handbook")
    changed = 0
    for path in sorted((root / "data").rglob("*.yaml")):
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        changed += poison(tree)
        path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    assert changed > 100  # every title, name, step, paragraph …
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
        assert not re.search(r"<(iframe|form|svg onload|img src=x)", text, re.I), rel
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
                for link in page.locator("article a").all()[:30]:
                    href = link.get_attribute("href") or ""
                    assert not href.strip().lower().startswith(("javascript:", "data:")), (rel, href)
                if not bypass:
                    assert page.evaluate("window.__cspViolations") == [], rel
        finally:
            context.close()
        assert dialogs == [], dialogs
        assert blocked == []


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
