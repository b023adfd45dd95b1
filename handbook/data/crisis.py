"""The crisis staff's posts ("rollebaseret krisestyring"): titles, first tasks and the role cards of a delplan.

A delplan names the posts of its area's crisis staff in its own words ("Ansvarlig
for kommunikation"). Each post is one of the five usual posts below, or one that
``data/handbook.yaml`` adds under ``crisis_posts:``; a post's first tasks come from
the delplan (``tasks:`` on the post), else from ``handbook.yaml``, else from the
defaults here. The defaults are the handbook's own plain Danish, written for these
posts; an editor replaces them where the municipality's practice differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.data.model import CrisisLeader, CrisisRole, Model

LEADER = "kriseleder"


@dataclass(frozen=True)
class Post:
    """A post of the crisis staff: its id, title, first tasks, and the words that name it in a delplan."""

    id: str
    title: str
    tasks: tuple[str, ...]
    words: tuple[str, ...] = ()  # whole-word patterns (casefolded) that identify the post in a role's text


DEFAULT_POSTS: tuple[Post, ...] = (
    Post(
        LEADER,
        "Kriseleder",
        (
            "Vurdér hændelsen ud fra de første meldinger, og beslut, om krisestaben skal samles.",
            "Indkald krisestaben, og fordel rollerne. Udpeg selv en person til de roller, der ikke er besat.",
            "Sæt mål og prioriteter: Hvad skal beskyttes først – borgere, medarbejdere eller kritiske funktioner?",
            "Træf beslutningerne, og sørg for, at hver beslutning kommer i loggen med tidspunkt og begrundelse.",
            "Fastlæg tidspunkter for statusmøder, og led møderne ud fra situationsbilledet.",
            "Orientér din egen chef eller direktionen, og vurdér, om hændelsen skal op på et højere kriseniveau.",
            "Beslut, hvornår krisestaben går tilbage til normal drift, og sørg for, at hændelsen bliver evalueret.",
        ),
        (r"kriseleder\w*", r"krisestyrer\w*"),
    ),
    Post(
        "situationsbillede",
        "Ansvarlig for situationsbillede, log og dokumentation",
        (
            "Start krisestyringsloggen med det samme – på papir eller i browseren – med hændelsens navn og "
            "starttidspunkt.",
            "Skriv al information, alle beslutninger, handlinger og undladelser i loggen med dato, klokkeslæt og "
            "kilde.",
            "Saml situationsbilledet: Hvad er sket, hvor og hvornår, hvor mange er berørt, hvilke skader er der, "
            "og hvad gøres?",
            "Opdatér situationsbilledet før hvert statusmøde, og fremlæg det for krisestaben.",
            "Skriv ned, hvad krisestaben endnu ikke ved, og hvem der skaffer svaret.",
            "Gem loggen uden for browseren – som fil eller på papir – mindst hver halve time.",
            "Opbevar loggen, når hændelsen er slut: Den bruges i evalueringen, og der kan blive søgt aktindsigt i den.",
        ),
        (r"situationsbillede\w*", r"log", r"logbog\w*", r"logfører\w*", r"dokumentation\w*"),
    ),
    Post(
        "involverede",
        "Ansvarlig for involverede personer",
        (
            "Få overblik over, hvilke borgere, medarbejdere og pårørende der er berørt, og hvor de er.",
            "Sørg for, at tilskadekomne får hjælp, og at ingen berørt står alene.",
            "Hold en liste over de berørte, og over hvem der har kontakt med dem.",
            "Vurdér, om der er brug for krisehjælp eller psykologisk førstehjælp, og sæt det i gang.",
            "Aftal med den, der har ansvaret for kommunikation, hvad berørte og pårørende får at vide, og hvornår.",
        ),
        (r"involverede", r"berørte", r"pårørende\w*"),
    ),
    Post(
        "teknik",
        "Ansvarlig for proces/teknik/bygning/systemer",
        (
            "Find ud af, hvilke bygninger, systemer og tekniske anlæg der er ramt, og hvad det betyder for driften.",
            "Kontakt it-support, driften eller leverandøren, og få et bud på, hvornår det virker igen.",
            "Sæt nødprocedurerne i gang, så de kritiske funktioner kan fortsætte uden det, der er ramt.",
            "Meld status og forventet tid for genopretning til krisestaben ved hvert statusmøde.",
            "Sørg for, at det genoprettede er afprøvet, før der meldes normal drift.",
        ),
        (r"proces\w*", r"teknik\w*", r"tekniske", r"bygning\w*", r"systemer"),
    ),
    Post(
        "kommunikation",
        "Ansvarlig for kommunikation",
        (
            "Aftal med kriselederen, hvem der udtaler sig, og hvad der må siges.",
            "Fortæl hurtigt medarbejderne, hvad der er sket, og hvad de skal gøre – også når der endnu ikke er "
            "meget at sige.",
            "Informér borgere, pårørende og samarbejdspartnere ad de kanaler, der virker. Hjemmeside og e-mail kan "
            "være nede.",
            "Tag imod henvendelser fra pressen, og send dem videre til den, der udtaler sig.",
            "Hold øje med, hvad der bliver skrevet og sagt om hændelsen, og ret misforståelser.",
            "Skriv i loggen, hvad der er sendt ud, til hvem og hvornår.",
        ),
        (r"kommunikation\w*", r"presse\w*"),
    ),
)


def posts(model: Model) -> dict[str, Post]:
    """Every post: the defaults with ``handbook.yaml``'s titles and tasks, then the posts it adds."""
    overrides = model.handbook.crisis_posts
    out = {}
    for post in DEFAULT_POSTS:
        own = overrides.get(post.id)
        if own is None:
            out[post.id] = post
        else:
            out[post.id] = Post(post.id, own.title or post.title, tuple(own.tasks) or post.tasks, post.words)
    for pid, own in overrides.items():
        if pid not in out:
            out[pid] = Post(pid, own.title or pid.replace("-", " ").capitalize(), tuple(own.tasks))
    return out


def post_of(model: Model, role: CrisisRole) -> str | None:
    """The post a delplan's crisis-staff entry stands for: ``post:``, else its title, else the first word naming one."""
    known = posts(model)
    if role.post:
        return role.post if role.post in known else None
    text = role.role.casefold()
    for post in known.values():
        if post.title.casefold() == text:
            return post.id
    for word in re.findall(r"\w+", text):
        for post in known.values():
            if any(re.fullmatch(pattern, word) for pattern in post.words):
                return post.id
    return None


@dataclass(frozen=True)
class StaffCard:
    """One role card of an area's crisis staff: the post, who holds it, who stands in, and its first tasks."""

    key: str  # the card's anchor on the page: the post id, or "post-<n>" for a post the handbook does not know
    title: str
    post: str | None
    holder: tuple[str, ...]
    stand_in: tuple[str, ...]
    ad_hoc: bool
    note: str | None
    tasks: tuple[str, ...]
    path: tuple  # where the post is written in data/areas/<id>.yaml


def _card(model: Model, entry: CrisisLeader, post: str | None, title: str, path: tuple, key: str) -> StaffCard:
    known = posts(model)
    tasks = tuple(entry.tasks) or (known[post].tasks if post in known else ())
    ad_hoc = isinstance(entry, CrisisRole) and entry.ad_hoc
    return StaffCard(key, title, post, tuple(entry.holder), tuple(entry.stand_in), ad_hoc, entry.note, tasks, path)


def staff_cards(model: Model, area_id: str) -> list[StaffCard]:
    """The role cards of an area's crisis staff, the crisis leader first, in the delplan's order."""
    delplan = model.delplan(area_id)
    if delplan is None:
        return []
    known = posts(model)
    cards = []
    if delplan.crisis_leader is not None:
        cards.append(_card(model, delplan.crisis_leader, LEADER, known[LEADER].title, ("crisis_leader",), LEADER))
    used = {LEADER}
    for i, role in enumerate(delplan.crisis_staff):
        post = post_of(model, role)
        # Two entries of one post (two communication officers) each get their own anchor.
        key = post if post and post not in used else f"post-{i + 1}"
        used.add(key)
        cards.append(_card(model, role, post, role.role, ("crisis_staff", i), key))
    return cards
