"""``build_pdf.py``: editor mistakes are one line and exit 1 (the full print is covered by pdf_build)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from handbook.data.problems import HandbookError, Problem

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("build_pdf", ROOT / "build_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_errors_are_one_line_each_and_exit_1(tmp_path, capsys):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n")

    def broken(config_file, site_dir):
        raise HandbookError([Problem("data/contacts.yaml", 3, "people.x.phone", "bad number", "write 8 digits")])

    assert _script().main(["-f", str(config)], context_factory=broken) == 1
    err = capsys.readouterr().err
    assert err.strip() == "data/contacts.yaml:3: people.x.phone: bad number (write 8 digits)"


def test_missing_config_is_one_line(tmp_path, capsys):
    assert _script().main(["-f", str(tmp_path / "nope.yml")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "config file not found" in err


def test_script_writes_the_printed_files_into_the_site_folder(seed_build, tmp_path, capsys):
    import copy

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n")
    seen = {}

    def factory(config_file, site_dir):
        seen["args"] = (config_file, site_dir)
        ctx = copy.copy(seed_build)
        ctx.warnings = []
        return ctx

    assert _script().main(["-f", str(config)], context_factory=factory) == 0
    assert seen["args"][0] == config.resolve()
    out = capsys.readouterr().out
    for name in ("handbook.pdf", "pdf/aubo.pdf", "wallet-card.pdf", "contacts.vcf"):
        assert (tmp_path / "site" / name).stat().st_size > 0
        assert f"wrote {tmp_path / 'site' / name}" in out
