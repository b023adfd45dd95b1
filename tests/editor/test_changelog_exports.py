"""The change log (snapshot, diff, page, cover line) and the contacts CSV for Danish Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from handbook.data.load import load
from handbook.outputs import exports
from handbook.site import changelog
from handbook.site.context import BuildContext, BuildInfo

from .helpers import make_handbook

BUILD = BuildInfo("2026.11.29-abc1234", dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc), "abc1234")
C, P = "data/contacts.yaml", "data/plans/nedbrud.yaml"


def model_with(tmp_path, name, edits=()):
    return load(make_handbook(tmp_path / name, edits))


def test_snapshot_is_json_and_stable(handbook_dir):
    model = load(handbook_dir)
    snap = changelog.snapshot(model, BUILD)
    assert json.loads(json.dumps(snap)) == snap
    assert snap["contacts"]["bo-admin"] == {"kind": "person", "name": "Bo Admin", "title": "Administrator",
                                            "vacant": False, "numbers": ["72 36 92 45"], "email": None}
    assert set(snap["plans"]["nedbrud"]["sections"]) == set(changelog.SECTION_TITLES)
    assert changelog.snapshot(load(handbook_dir), BUILD) == snap


def test_first_edition_and_no_changes(handbook_dir):
    model = load(handbook_dir)
    assert changelog.diff(None, model).summary() == "Første udgave"
    same = changelog.diff(changelog.snapshot(model, BUILD), model)
    assert same.empty and same.summary() == "Ingen ændringer siden forrige udgave"
    assert "stadig gældende" in changelog.render_page(same, BUILD)


def test_renumbered_renamed_added_removed_and_plan_sections(tmp_path):
    old = model_with(tmp_path, "old")
    new = model_with(tmp_path, "new", [
        (C, "phone: 72 36 92 45", "phone: 72 36 92 46"),                   # Bo renumbered
        (C, "{name: Anne Chef, title: Chef", "{name: Anne Chef-Hansen, title: Chef"),  # Anne renamed
        (C, "  politi:\n    name: Politi\n    phones: [\"114\", 46 35 14 48]\n", ""),  # removed
        (P, "members: [it-support, politi]", "members: [it-support, lager]"),
        (C, "roles:", "  lager: {name: Lageret, phone: 72 36 11 11}\nroles:"),  # added
        (P, "text: Chefen informeres.", "text: Chefen informeres straks."),  # Handling changed
    ])
    changes = changelog.diff(changelog.snapshot(old, BUILD), new)
    assert changes.summary() == ("2 kontakter ændret, 1 ny kontakt, 1 kontakt fjernet, "
                                 "1 plan ændret (Handling, Kontaktoplysninger)")
    bo = next(c for c in changes.contacts if c.cid == "bo-admin")
    assert bo.renumbered and bo.details == [("Telefon", "72 36 92 45", "72 36 92 46")]
    page = changelog.render_page(changes, BUILD)
    assert page.startswith("# Ændringer\n")
    assert ('<a href="kontakter.html#bo-admin">Administrator Bo Admin</a> – Telefon: 72 36 92 45 → 72 36 92 46'
            in page)
    assert "Navn: Anne Chef → Anne Chef-Hansen" in page
    assert "Fjernet: Politi, tlf. 114, 46 35 14 48" in page
    assert '<a href="planer/aubo/nedbrud.html#handling">Handling</a>' in page
    assert "sammenlignet med udgave 2026.11.29-abc1234 (29.11.2026)" in page


def test_everything_on_the_page_is_escaped(tmp_path):
    old = model_with(tmp_path, "old")
    new = model_with(tmp_path, "new", [(C, "name: Bo Admin", "name: Bo <img src=x onerror=alert(1)> & Co")])
    prev = changelog.snapshot(old, BUILD)
    prev["version"] = '"><script>alert(1)</script>'
    page = changelog.render_page(changelog.diff(prev, new), BUILD)
    assert "<script" not in page and "<img" not in page
    assert "Bo &lt;img src=x onerror=alert(1)&gt; &amp; Co" in page


def test_a_broken_or_foreign_snapshot_counts_as_none(tmp_path, handbook_dir):
    model = load(handbook_dir)
    site = tmp_path / "site"
    site.mkdir()
    assert changelog.load_previous(site) is None
    for text in ("{not json", "[]", '{"format": 99}', '{"format": 1, "contacts": [], "lists": {}, "plans": {}}'):
        (site / changelog.SNAPSHOT_FILE).write_text(text)
        assert changelog.load_previous(site) is None
        assert changelog.diff(json.loads(text) if text.startswith(("[", "{\"")) else None, model).first
    (site / changelog.SNAPSHOT_FILE).write_text(json.dumps(changelog.snapshot(model, BUILD)))
    assert changelog.load_previous(site)["version"] == BUILD.version


def test_contacts_csv_for_danish_excel(tmp_path):
    model = model_with(tmp_path, "hb", [
        (C, "phone: 72 36 92 45", "phones: [{number: 72 36 92 45}, {number: 20 30 40 50, label: Mobil}]"),
        (C, "{name: Anne Chef, title: Chef", "{name: \"=HYPERLINK(\\\"x\\\")\", title: \"Chef; drift\""),
        (C, "phones: [\"114\", 46 35 14 48]", "phones: [\"114\", +46 8 123 456 78]"),
    ])
    data = exports.contacts_csv(model)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["Navn", "Titel", "Telefon", "Mobil", "E-mail", "Type"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Bo Admin"] == ["Bo Admin", "Administrator", "72 36 92 45", "20 30 40 50", "", "Person"]
    # Untrusted text never becomes a formula; a ';' in a cell is quoted, not a new column.
    assert "'=HYPERLINK(\"x\")" in by_name and by_name["'=HYPERLINK(\"x\")"][1] == "Chef; drift"
    assert by_name["Politi"][2:4] == ["114, 0046 8 123 456 78", ""] and by_name["Politi"][5] == "Tjeneste"
    assert len(rows) == 1 + len(model.people) + len(model.services)


def test_write_contacts_csv_into_the_site(tmp_path):
    model = model_with(tmp_path, "hb")

    class Ctx:
        site_dir = tmp_path / "site"

    Ctx.model = model
    Ctx.site_dir.mkdir()
    path = exports.write_contacts_csv(Ctx)
    assert path == tmp_path / "site" / "contacts.csv" and path.read_bytes() == exports.contacts_csv(model)


def test_rebuilding_unchanged_data_keeps_the_change_log(tmp_path):
    old, new = model_with(tmp_path, "old"), model_with(tmp_path, "new", [(C, "phone: 72 36 92 45", "phone: 72 36 92 46")])
    a = BuildInfo("a", BUILD.built_at, "hash-a")
    b = BuildInfo("b", BUILD.built_at, "hash-b")
    snap_a = changelog.snapshot(old, a)
    snap_b = changelog.snapshot(new, b, snap_a)
    assert changelog.diff(snap_a, new, b).summary() == "1 kontakt ændret"
    # The same data built again: still compared with edition a, not with itself.
    again = changelog.diff(snap_b, new, b)
    assert again.summary() == "1 kontakt ændret" and again.previous_version == "a"
    snap_b2 = changelog.snapshot(new, b, snap_b)
    assert snap_b2["base"]["version"] == "a" and "base" not in snap_b2["base"]
    assert changelog.diff(snap_b2, new, b).summary() == "1 kontakt ændret"


def test_page_for_reads_the_published_snapshot(tmp_path):
    old = model_with(tmp_path, "old")
    root = tmp_path / "new"
    new = model_with(tmp_path, "new", [(C, "phone: 72 36 92 45", "phone: 72 36 92 46")])
    (root / "site").mkdir()
    (root / "site" / changelog.SNAPSHOT_FILE).write_text(json.dumps(changelog.snapshot(old, BUILD)))
    ctx = BuildContext(root=root, model=new, build=BuildInfo("n", BUILD.built_at, "other"), site_dir=root / "site",
                       dist_dir=root / "dist", previous=changelog.load_previous(root / "site"))
    page, changes = changelog.page_for(ctx)
    assert page.src == "aendringer.md" and page.title == "Ændringer"
    assert "Telefon: 72 36 92 45 → 72 36 92 46" in page.content
    assert changes.summary() == "1 kontakt ændret"
