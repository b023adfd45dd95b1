"""A synthetic municipality for measuring the PDF step: areas × plans copied from the seed plan, many people.

Run ``python tests/pdf/synthetic.py [areas] [plans-per-area] [people] [--no-plain]`` to print
``handbook.pdf.bench`` figures (the PDF step against one plain Chromium print).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[2]
FIRST = ["Anne", "Bo", "Camilla", "Dorte", "Erik", "Frida", "Gustav", "Hanne", "Ida", "Jens", "Karen", "Lars"]
LAST = ["Andersen", "Bach", "Christensen", "Dahl", "Eriksen", "Friis", "Holm", "Jensen", "Kjær", "Lund",
        "Madsen", "Nielsen", "Olsen", "Poulsen", "Qvist", "Rasmussen", "Sørensen", "Thomsen", "Vestergaard"]


def synthetic_model(areas: int = 30, per_area: int = 20, people: int = 1000):
    """The seed model grown to ``areas`` × ``per_area`` plans and ``people`` extra people."""
    from handbook.load import load
    from handbook.model import Area, Person
    from handbook.phones import parse_phone

    model = load(ROOT)
    seed = model.plans["it-nedbrud"]
    model.handbook.areas = {f"omraade-{a:02d}": Area(title=f"Område {a:02d}", short=f"O{a:02d}")
                            for a in range(areas)}
    model.plans = {}
    for a in range(areas):
        for p in range(per_area):
            model.plans[f"plan-{a:02d}-{p:02d}"] = seed.model_copy(
                update={"title": f"Scenarie {a:02d}-{p:02d}", "area": f"omraade-{a:02d}"})
    for i in range(people):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i:04d}"
        model.contacts.people[f"person-{i:04d}"] = Person(
            name=name, title="Medarbejder", phone=parse_phone(f"72 4{i // 1000} {i // 100 % 10}{i // 10 % 10} {i % 10}5"))
    return model


def synthetic_context(site_dir: Path, **kw):
    """A BuildContext of the synthetic municipality with hand-made pages."""
    from pages import pages

    from handbook.context import BuildContext, build_info

    model = synthetic_model(**kw)
    return BuildContext(ROOT, model, build_info(ROOT), site_dir, site_dir.parent / "dist", pages(model))


def main(argv: list[str]) -> None:
    """Print the PDF benchmark figures as JSON."""
    from handbook.pdf import bench

    plain = "--no-plain" not in argv
    argv = [a for a in argv if not a.startswith("--")]
    args = [int(a) for a in argv] + [30, 20, 1000][len(argv):]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        ctx = synthetic_context(site, areas=args[0], per_area=args[1], people=args[2])
        print(json.dumps(bench(ctx, plain=plain), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
