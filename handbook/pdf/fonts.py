"""One font program per face in a merged PDF, however many parts it was printed in.

Chromium embeds in every print a subset of each font face holding only the glyphs
that print uses, at the glyph ids of the whole font (CID = GID, ``/Identity``).
Merged from 200 parts, a handbook would carry 200 copies of DejaVu Sans. Here the
subsets of one face are joined into one TrueType program with the union of their
glyphs at the same ids, and every part's font dictionary of that face points to it. The
parts' own widths (``/W``) and ``/ToUnicode`` maps stay as printed, so every page
shows, measures and copies its text exactly as before. A face that cannot be
joined (another kind of font program, an unexpected table) is left as printed.

The join works on the raw tables (glyf, loca, hmtx and the bounds in head, hhea
and maxp): a font library would parse and name all 5,000-odd glyph ids of every
subset, seconds per face per document, where this takes milliseconds.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from pikepdf import Array, Dictionary, Name, Pdf, Stream


@dataclass
class Subset:
    """One embedded TrueType subset: its tables, face identity and glyphs (gid → outline bytes, metrics)."""

    tables: dict[bytes, bytes]
    face: tuple
    num_glyphs: int
    glyphs: dict[int, bytes] = field(default_factory=dict)
    metrics: dict[int, tuple[int, int]] = field(default_factory=dict)


# Tables that hold one entry per glyph beyond glyf/loca/hmtx; optional, so a joined program leaves them out.
PER_GLYPH_EXTRAS = frozenset({b"hdmx", b"LTSH", b"VDMX", b"vhea", b"vmtx", b"DSIG"})


def _tables(data: bytes) -> dict[bytes, bytes]:
    count = struct.unpack_from(">H", data, 4)[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        out[tag] = data[offset : offset + length]
    return out


def read_subset(data: bytes, name: str) -> Subset:
    """Read a TrueType program's glyphs and metrics (raises on anything but plain ``glyf`` outlines)."""
    t = _tables(data)
    head, maxp, hhea, loca, glyf, hmtx = (t[k] for k in (b"head", b"maxp", b"hhea", b"loca", b"glyf", b"hmtx"))
    if len(maxp) < 32 or struct.unpack_from(">I", maxp)[0] != 0x00010000:
        raise ValueError("not a TrueType-outline maxp")
    upem = struct.unpack_from(">H", head, 18)[0]
    created, modified = struct.unpack_from(">qq", head, 20)
    revision = struct.unpack_from(">i", head, 4)[0]
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    n = struct.unpack_from(">H", maxp, 4)[0]
    if long_loca:
        offsets = struct.unpack_from(f">{n + 1}I", loca)
    else:
        offsets = tuple(2 * o for o in struct.unpack_from(f">{n + 1}H", loca))
    n_metrics = struct.unpack_from(">H", hhea, 34)[0]
    long_metrics = struct.unpack_from(f">{2 * n_metrics}h", hmtx)
    advances = [a & 0xFFFF for a in long_metrics[0::2]]
    lsbs = list(long_metrics[1::2])
    rest = n - n_metrics
    if rest > 0:
        lsbs += struct.unpack_from(f">{rest}h", hmtx, 4 * n_metrics)
        advances += [advances[-1]] * rest
    sub = Subset(t, (name, upem, created, modified, revision), n)
    for gid in [g for g in range(n) if offsets[g + 1] > offsets[g]]:
        sub.glyphs[gid] = glyf[offsets[gid] : offsets[gid + 1]]
        sub.metrics[gid] = (advances[gid], lsbs[gid])
    # Empty glyphs with an advance (the space): keep their metrics too.
    for gid in [g for g in range(min(n, n_metrics)) if advances[g] and g not in sub.glyphs]:
        sub.metrics[gid] = (advances[gid], lsbs[gid])
    return sub


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    """A TrueType file from its tables (sorted, aligned, with checksums and head's checkSumAdjustment)."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    offset = 12 + 16 * count
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag, _checksum(data), offset, len(data)))
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(data) + (-len(data) % 4)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head_at = 12 + 16 * count + sum(len(b) for b in body[: tags.index(b"head")])
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def join(subsets: list[Subset]) -> bytes:
    """One TrueType program holding every glyph of ``subsets`` (all of one face) at its own id.

    The subset with the most glyph ids lends the tables that do not depend on which
    glyphs are present (cvt, fpgm, prep, OS/2, name …); glyf, loca and hmtx are
    written anew, and the bounds in head, hhea and maxp are the widest of the subsets'.
    """
    ordered = sorted(subsets, key=lambda s: -s.num_glyphs)
    n = ordered[0].num_glyphs
    glyphs: dict[int, bytes] = {}
    metrics: dict[int, tuple[int, int]] = {}
    for sub in ordered:
        for gid, outline in sub.glyphs.items():
            if gid not in glyphs:
                glyphs[gid] = outline
                metrics[gid] = sub.metrics[gid]
        for gid, metric in sub.metrics.items():
            metrics.setdefault(gid, metric)
    glyf, loca, offset = [], [0], 0
    for gid in range(n):
        outline = glyphs.get(gid, b"")
        outline += b"\0" * (-len(outline) % 4)
        glyf.append(outline)
        offset += len(outline)
        loca.append(offset)
    hmtx = b"".join(struct.pack(">Hh", *metrics.get(gid, (0, 0))) for gid in range(n))
    tables = {tag: data for tag, data in ordered[0].tables.items() if tag not in PER_GLYPH_EXTRAS}
    heads = [s.tables[b"head"] for s in ordered]
    head = bytearray(heads[0])
    struct.pack_into(">I", head, 8, 0)
    struct.pack_into(
        ">hh",
        head,
        36,
        min(struct.unpack_from(">h", h, 36)[0] for h in heads),
        min(struct.unpack_from(">h", h, 38)[0] for h in heads),
    )
    struct.pack_into(
        ">hh",
        head,
        40,
        max(struct.unpack_from(">h", h, 40)[0] for h in heads),
        max(struct.unpack_from(">h", h, 42)[0] for h in heads),
    )
    struct.pack_into(">h", head, 50, 1)  # long loca offsets
    hheas = [s.tables[b"hhea"] for s in ordered]
    hhea = bytearray(hheas[0])
    struct.pack_into(
        ">H",
        hhea,
        10,
        max(max((m[0] for m in metrics.values()), default=0), max(struct.unpack_from(">H", h, 10)[0] for h in hheas)),
    )
    for at in (12, 14):
        struct.pack_into(">h", hhea, at, min(struct.unpack_from(">h", h, at)[0] for h in hheas))
    struct.pack_into(">h", hhea, 16, max(struct.unpack_from(">h", h, 16)[0] for h in hheas))
    struct.pack_into(">H", hhea, 34, n)
    maxps = [s.tables[b"maxp"] for s in ordered]
    maxp = bytearray(maxps[0][:32])
    for at in range(6, 32, 2):  # maxPoints … maxComponentDepth: the union's maxima are the subsets' maxima
        struct.pack_into(">H", maxp, at, max(struct.unpack_from(">H", m, at)[0] for m in maxps))
    struct.pack_into(">H", maxp, 4, n)
    tables.update(
        {
            b"head": bytes(head),
            b"hhea": bytes(hhea),
            b"maxp": bytes(maxp),
            b"hmtx": hmtx,
            b"glyf": b"".join(glyf),
            b"loca": struct.pack(f">{n + 1}I", *loca),
        }
    )
    return _sfnt(tables)


def _type0_fonts(pages: list) -> list[Dictionary]:
    """Every Type0 font the pages (and the forms they draw) use, each once."""
    seen: set = set()
    fonts: list[Dictionary] = []
    stack = [page.obj.get("/Resources") for page in pages]
    visited: set = set()
    while stack:
        res = stack.pop()
        if not isinstance(res, Dictionary):
            continue
        if res.is_indirect:
            if res.objgen in visited:
                continue
            visited.add(res.objgen)
        for font in (res.get("/Font") or Dictionary()).values():
            if isinstance(font, Dictionary) and font.get("/Subtype") == Name.Type0 and font.objgen not in seen:
                seen.add(font.objgen)
                fonts.append(font)
        for xobj in (res.get("/XObject") or Dictionary()).values():
            if isinstance(xobj, Stream) and xobj.get("/Subtype") == Name.Form and xobj.objgen not in visited:
                visited.add(xobj.objgen)
                stack.append(xobj.get("/Resources"))
    return fonts


def _base_name(name) -> str:
    text = str(name).lstrip("/")
    prefix, _, rest = text.partition("+")
    return rest if rest and len(prefix) == 6 and prefix.isupper() else text


def _tag(data: bytes) -> str:
    return "".join(chr(65 + b % 26) for b in hashlib.sha256(data).digest()[:6])


def share_fonts(pdf: Pdf, pages: list) -> int:
    """Give every face one font program in ``pdf``; returns how many programs were dropped."""
    faces: dict[tuple, list[tuple[Dictionary, Dictionary, Subset]]] = {}
    programs: dict[tuple, Subset | None] = {}
    for font in _type0_fonts(pages):
        kids = font.get("/DescendantFonts")
        cid = kids[0] if isinstance(kids, Array) and len(kids) == 1 else None
        if not isinstance(cid, Dictionary) or cid.get("/Subtype") != Name.CIDFontType2:
            continue
        if cid.get("/CIDToGIDMap", Name.Identity) != Name.Identity:
            continue
        desc = cid.get("/FontDescriptor")
        program = desc.get("/FontFile2") if isinstance(desc, Dictionary) else None
        if not isinstance(program, Stream):
            continue
        if program.objgen not in programs:
            try:
                programs[program.objgen] = read_subset(program.read_bytes(), _base_name(cid.get("/BaseFont", "")))
            except (KeyError, struct.error, ValueError, IndexError):
                programs[program.objgen] = None
        sub = programs[program.objgen]
        if sub is not None:
            faces.setdefault(sub.face, []).append((font, cid, sub))
    dropped = 0
    for face, members in sorted(faces.items(), key=lambda item: str(item[0])):
        unique = list({id(sub): sub for _, _, sub in members}.values())
        if len(unique) < 2:
            continue
        try:
            data = join(unique)
        except (KeyError, struct.error, ValueError, IndexError):  # keep the face as printed
            continue
        name = Name(f"/{_tag(data)}+{face[0]}")
        first = members[0][1].FontDescriptor
        program = pdf.make_stream(data)
        program.Length1 = len(data)
        boxes = [[float(v) for v in cid.FontDescriptor.FontBBox] for _, cid, _ in members]
        desc = Dictionary({k: v for k, v in first.items()})
        desc.FontName = name
        desc.FontFile2 = program
        desc.FontBBox = Array(
            [
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            ]
        )
        shared = pdf.make_indirect(desc)
        for font, cid, _ in members:
            font.BaseFont = name
            cid.BaseFont = name
            cid.FontDescriptor = shared
        dropped += len(unique) - 1
    return dropped
