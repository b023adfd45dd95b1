"""One font program per face after merging: the pages look and read exactly as printed, in fewer bytes."""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from handbook.pdf import assemble
from handbook.pdf.assemble import Meta, merge, read_part
from handbook.pdf.build import run_async
from handbook.pdf.fonts import share_fonts
from handbook.pdf.printer import Printer

PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><style>
body {{ font-family: "DejaVu Sans", sans-serif; }} em {{ font-style: italic; }}</style></head>
<body><h1>{title}</h1><p>{text}</p><p><strong>{bold}</strong> <em>{italic}</em></p></body></html>"""
# Each print uses other letters, so each embeds its own subset of each face.
TEXTS = [
    ("Første del", "abc æøå 0123 – fisk", "Vigtigt", "kursiv"),
    ("Anden del", "xyz ÆØÅ 4567 ☐ flag", "Ring straks", "bemærk"),
    ("Tredje del", "Kvæg på bøgetræer", "Åbent", "lukket"),
]


def _meta() -> Meta:
    import datetime as dt

    return Meta("Test", "Test", "Test", "1", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fonts")
    files = []
    for i, (title, text, bold, italic) in enumerate(TEXTS):
        path = tmp / f"part-{i}.html"
        path.write_text(PAGE.format(title=title, text=text, bold=bold, italic=italic), encoding="utf-8")
        files.append(path)

    async def go():
        async with Printer(tmp=tmp) as printer:
            return await printer.print(files)

    return run_async(go())


def _programs(pdf: pikepdf.Pdf) -> Counter:
    """How many distinct embedded font programs each face has."""
    seen: dict[str, set] = {}
    for page in pdf.pages:
        for font in page.obj.Resources.Font.values():
            if font.get("/Subtype") != "/Type0":
                continue
            cid = font.DescendantFonts[0]
            face = str(cid.BaseFont).split("+", 1)[-1]
            seen.setdefault(face, set()).add(cid.FontDescriptor.FontFile2.objgen)
    return Counter({face: len(programs) for face, programs in seen.items()})


def _merged(parts) -> bytes:
    return merge([read_part(p) for p in parts], [], _meta(), "Hoved", "Fod")


def test_each_face_is_embedded_once_and_pages_render_as_printed(parts, tmp_path, monkeypatch):
    shared = _merged(parts)
    monkeypatch.setattr(assemble, "share_fonts", lambda pdf, pages: 0)
    separate = _merged(parts)
    with pikepdf.Pdf.open(io.BytesIO(separate)) as pdf:
        before = _programs(pdf)
    with pikepdf.Pdf.open(io.BytesIO(shared)) as pdf:
        after = _programs(pdf)
        assert pdf.check_pdf_syntax() == []
    # Three prints, three subsets of each face before; one program per face after.
    assert before and all(n == 3 for n in before.values()), before
    assert set(after) == set(before) and all(n == 1 for n in after.values()), after
    assert len(shared) < len(separate) * 0.8
    # The pages look the same, pixel for pixel, and give the same text.
    images = {}
    for name, data in (("shared", shared), ("separate", separate)):
        pdf_path = tmp_path / f"{name}.pdf"
        pdf_path.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_path), str(tmp_path / name)], check=True)
        images[name] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))]
        text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True, capture_output=True).stdout
        images[name + "-text"] = [text]
    assert len(images["shared"]) == len(TEXTS)
    assert images["shared"] == images["separate"]
    assert images["shared-text"] == images["separate-text"]
    for title, text, bold, italic in TEXTS:
        for words in (title, text, bold, italic):
            assert words.encode() in images["shared-text"][0]


def test_a_face_with_one_program_is_left_alone(parts):
    with pikepdf.Pdf.open(io.BytesIO(parts[0])) as pdf:
        assert share_fonts(pdf, list(pdf.pages)) == 0


def test_the_seed_handbook_carries_each_face_once(pdf_build):
    ctx, _ = pdf_build
    for path in [Path(ctx.site_dir) / "handbook.pdf", *sorted((Path(ctx.site_dir) / "pdf").glob("*.pdf"))]:
        with pikepdf.Pdf.open(path) as pdf:
            programs = _programs(pdf)
        assert programs and all(n == 1 for n in programs.values()), (path.name, programs)
