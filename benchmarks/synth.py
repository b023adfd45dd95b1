"""A synthetic municipality: N areas × M plans and P people, written as handbook data (YAML).

Plans follow the seed's shape (every section of the municipal template, role-tagged
steps in three phases, contact blocks), with per-area leadership, per-area roles
and a few municipality-wide roles, so every page kind grows as it would in reality.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

FIRST = ["Anne", "Bente", "Carsten", "Dorte", "Erik", "Frida", "Gitte", "Hans", "Ida", "Jens", "Karen", "Lars",
         "Mette", "Niels", "Ole", "Pia", "Rasmus", "Susanne", "Torben", "Ulla", "Vibeke", "Søren", "Åse", "Jørgen"]
LAST = ["Andersen", "Bak", "Christensen", "Dahl", "Eriksen", "Frost", "Gregersen", "Hansen", "Iversen", "Jensen",
        "Kyed", "Larsen", "Madsen", "Nielsen", "Olsen", "Pedersen", "Rasmussen", "Sørensen", "Thomsen", "Ægidius",
        "Østergaard", "Åberg", "Lollike", "Mercebach"]
SCENARIOS = ["IT-nedbrud", "Strømsvigt", "Brand", "Oversvømmelse", "Hedebølge", "Cyberangreb", "Evakuering",
             "Vandforsyning svigter", "Pandemi", "Forsvundet borger", "Trusler mod ansatte", "Skybrud",
             "Telefoni nede", "Fødevareforgiftning", "Storm", "Kemikalieudslip", "Bombetrussel", "Mangel på personale",
             "Varmeforsyning svigter", "Transportnedbrud"]
WORDS = ["borgere", "medarbejdere", "systemet", "opgaverne", "ledelsen", "afdelingen", "området", "kontakten", "situationen", "tiltag", "information", "nedbruddet", "hændelsen", "beredskabet", "leverandøren", "tidsperspektiv", "afklaring", "indsatsen"]
GLOBAL_ROLES = {"medarbejder": "Medarbejder", "direktoer": "Direktør", "it-afdelingen": "IT-afdelingen",
                "kommunikation": "Kommunikationsafdelingen"}
AREA_ROLES = {"chef": "Chef", "administrator": "Administrator", "superbruger": "Superbruger",
              "afdelingsleder": "Afdelingsleder"}


def _sentence(rng: random.Random, lead: str, n: int = 14) -> str:
    return lead + " " + " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def generate(root: Path, areas: int = 30, plans_per_area: int = 20, people: int = 1000, seed: int = 42,
             template: Path | None = None) -> Path:
    """Write mkdocs.yml, hooks/, docs/ and data/ for a synthetic municipality under ``root``."""
    rng = random.Random(seed)
    root = Path(root)
    (root / "data" / "plans").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    if template is not None:
        shutil.copy2(template / "mkdocs.yml", root / "mkdocs.yml")
        if (template / "hooks").is_dir():
            shutil.copytree(template / "hooks", root / "hooks", dirs_exist_ok=True)

    area_ids = [f"omr{a + 1:02d}" for a in range(areas)]
    person_ids = [f"p{i:04d}" for i in range(people)]
    contacts: dict = {"people": {}, "services": {}, "roles": {}, "groups": {}}
    for i, pid in enumerate(person_ids):
        contacts["people"][pid] = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}",
                                   "title": rng.choice(["Afdelingsleder", "Områdeleder", "Konsulent", "Chef"]),
                                   "phone": f"72 {30 + i // 10000:02d} {i // 100 % 100:02d} {i % 100:02d}"}
    contacts["services"] = {
        "it-support": {"name": "IT-support", "phone": "72 36 14 48"},
        "politi": {"name": "Politi", "phones": ["114", "46 35 14 48"]},
        "pressetelefon": {"name": "Pressetelefonen", "phone": "72 36 34 48", "staffed_by": ["A", "B"]},
    }
    contacts["roles"] = {rid: {"title": title} for rid, title in GLOBAL_ROLES.items()}
    contacts["roles"]["direktoer"]["held_by"] = [person_ids[0]]
    contacts["roles"]["it-afdelingen"]["reach"] = ["it-support"]
    per_area = max(1, people // max(areas, 1))
    for a, aid in enumerate(area_ids):
        staff = person_ids[a * per_area:(a + 1) * per_area] or person_ids[:per_area]
        for rid, title in AREA_ROLES.items():
            contacts["roles"][f"{rid}-{aid}"] = {"title": f"{title} ({aid.upper()})",
                                                 "held_by": staff[:2] if rid in ("chef", "administrator") else []}
        contacts["groups"][f"ledelsen-{aid}"] = {"title": f"Ledelsen i {aid.upper()}", "members": staff[:12]}
    contacts["groups"]["andre"] = {"title": "Andre", "members": ["it-support", "politi", "pressetelefon"]}

    handbook = {
        "title": "Beredskabshåndbog – syntetisk kommune", "organisation": "Syntetisk Kommune",
        "language": "da", "editor": "Redaktør Test", "review_interval_months": 12,
        "key_contacts": ["it-support", "politi", "pressetelefon"],
        "areas": {aid: {"title": f"Område {a + 1}: {rng.choice(WORDS).capitalize()} og {rng.choice(WORDS)}",
                        "short": aid.upper()} for a, aid in enumerate(area_ids)},
        "accessibility": {"owner": "Syntetisk Kommune", "contact": "Redaktør Test", "date": "2026-01-01"},
    }
    for aid in area_ids:
        for n in range(plans_per_area):
            roles = {k: f"{k}-{aid}" for k in AREA_ROLES}
            scenario = SCENARIOS[n % len(SCENARIOS)] + ("" if n < len(SCENARIOS) else f" {n}")

            def steps(k: int, who: list[str]):
                return [{"text": _sentence(rng, rng.choice(["Administrator", "Chefen", "Superbrugeren"])),
                         "who": [rng.choice(who)]} for _ in range(k)]

            local = [roles["administrator"], roles["superbruger"], roles["chef"], roles["afdelingsleder"]]
            plan = {
                "title": scenario, "area": aid, "updated": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "situation": {"summary": _sentence(rng, "Hvis", 10),
                              "text": [_sentence(rng, "Hvis", 30), _sentence(rng, "Når", 30)]},
                "alerting": {"text": _sentence(rng, "Alarmeringen", 20),
                             "chain": ["medarbejder", roles["superbruger"], roles["administrator"], roles["chef"],
                                       "direktoer"],
                             "steps": steps(4, ["medarbejder"] + local),
                             "contacts": [{"group": f"ledelsen-{aid}"}, {"group": "andre"}]},
                "tasks": {"intro": "Ved hændelsen:", "steps": steps(4, local)},
                "actions": [{"phase": "Straks", "steps": steps(3, local)},
                            {"phase": "Umiddelbart efter - resten af dagen", "steps": steps(2, local)},
                            {"phase": "Opfølgning", "steps": steps(5, local)}],
                "organisation": {"steps": steps(2, ["medarbejder", roles["afdelingsleder"]])},
                "staffing": {"intro": "Følgende kan indgå i indsatsen:",
                             "roles": ["direktoer", roles["chef"], roles["afdelingsleder"], roles["administrator"],
                                       "it-afdelingen"]},
                "communication": {"internal": {"steps": steps(2, local)},
                                  "external": {"steps": steps(1, [roles["chef"], "kommunikation"]),
                                               "contacts": [{"members": ["pressetelefon"]}]}},
                "contacts": [{"group": f"ledelsen-{aid}"}, {"group": "andre"}],
            }
            path = root / "data" / "plans" / f"{aid}-{n + 1:02d}.yaml"
            path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "data" / "handbook.yaml").write_text(yaml.safe_dump(handbook, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    (root / "data" / "contacts.yaml").write_text(yaml.safe_dump(contacts, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    return root
