"""Pages that are no plan page: one clear line each, exit code 1, nothing written."""

from __future__ import annotations

from tests.importer.conftest import FIXTURES, page, run_import, snapshot


def _refused(root, path, expected: str) -> None:
    before = snapshot(root)
    result = run_import(root, str(path), "--area", "aubo")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in lines, result.stderr
    assert lines[0] == "handbook import: 0 pages read, 1 not read"
    assert snapshot(root) == before


def test_an_empty_file(shipped_copy):
    path = page(shipped_copy, "tom.txt", "  \n\n")
    _refused(shipped_copy, path, "tom.txt:1: the page is empty (copy the whole page from the browser into the file, "
                                 "or save it as .html)")


def test_a_binary_file(shipped_copy):
    path = shipped_copy / "billede.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _refused(shipped_copy, path, "billede.html:1: not a text or HTML page (the file holds binary data) (copy the "
                                 "page's text from the browser into a .txt file, or save it as .html)")


def test_a_page_with_no_template_headings(shipped_copy):
    path = page(shipped_copy, "nyhed.txt", "Spring til indhold\n\nNyt fra kantinen\n\nI dag er der fiskefrikadeller."
                                          "\n\nKantinen tlf. 58 11 22 90\n")
    _refused(shipped_copy, path, "nyhed.txt:1: no headings of a plan (Situation, Alarmering, Handling …) or a "
                                 "delplan (Kritiske funktioner, Krisestab, Mødested …) on the page; nothing imported "
                                 "(copy the whole plan page, with its headings)")


def test_a_five_megabyte_page(shipped_copy):
    head = (FIXTURES / "stroemsvigt.txt").read_bytes()
    path = shipped_copy / "stor.txt"
    path.write_bytes(head + b"Uden lys virker intet. " * ((5 * 2**20 - len(head)) // 23 + 1))
    assert path.stat().st_size >= 5 * 2**20
    _refused(shipped_copy, path, "stor.txt:1: the page is too large (5.2 MB; the limit is 4 MB) (save only the plan "
                                 "page itself, as text or as HTML without images)")


def test_an_empty_file_into_an_empty_handbook_writes_no_data_folder(empty_handbook):
    path = page(empty_handbook, "tom.html", "")
    result = run_import(empty_handbook, str(path), "--area", "aubo")
    assert result.returncode == 1
    assert not (empty_handbook / "data").exists()


def test_a_missing_file_and_a_good_page_import_the_good_one(empty_handbook):
    result = run_import(empty_handbook, "findes-ikke.txt", str(FIXTURES / "hedeboelge.txt"), "--area", "sundhed")
    assert result.returncode == 0, result.stderr
    assert "findes-ikke.txt:1: file not found (check the file name)" in result.stderr.splitlines()
    assert (empty_handbook / "data/plans/hedeboelge.yaml").is_file()


def test_a_bad_area_id_is_one_line_and_exit_code_2(shipped_copy):
    result = run_import(shipped_copy, str(FIXTURES / "hedeboelge.txt"), "--area", "Sundhed og Ældre")
    assert result.returncode == 2
    assert result.stderr.strip() == ("--area: 'Sundhed og Ældre' is not an area id (use lowercase letters, digits "
                                     "and '-', e.g. aubo)")


def test_broken_data_is_reported_and_nothing_is_written(shipped_copy):
    contacts = shipped_copy / "data/contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("phone: 72 36 92 45", "phone: 72 36 9"),
                        encoding="utf-8")
    before = snapshot(shipped_copy)
    result = run_import(shipped_copy, str(FIXTURES / "hedeboelge.txt"), "--area", "sundhed")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[1].startswith("data/contacts.yaml:9: people.claus-mercebach.phone: '72 36 9' is not a valid phone")
    assert lines[-1] == ("1 error in the handbook's data: fix it first (handbook check), then import again; "
                         "nothing was written.")
    assert snapshot(shipped_copy) == before
