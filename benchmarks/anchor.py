"""The anchor: the same handbook as ordinary Markdown pages for plain Material for MkDocs.

Same pages at the same paths, same navigation, same text, numbers and links, written the
way an editor would write them by hand (headings, paragraphs, lists, pipe tables), built
by plain Material with its best setting for many pages (``navigation.prune``, no
``navigation.sections``) and its default search plugin.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from handbook.data.model import Model, iter_steps
from handbook.site import urls
from handbook.site.context import BuildInfo
from handbook.site.render import RenderedPage, front_lists_first_steps, nav, render_pages

MKDOCS_YML = {
    "site_name": "Beredskabshåndbog",
    "docs_dir": "docs",
    "site_dir": "site",
    "use_directory_urls": False,
    "theme": {"name": "material", "language": "da", "font": False,
              "features": ["navigation.indexes", "navigation.prune", "navigation.top", "toc.follow"]},
    "plugins": ["search"],
}


class _Writer:
    def __init__(self, model: Model, src: str):
        self.m, self.src, self.lines = model, src, []

    def link(self, target: str) -> str:
        return urls.relative(self.src, target)

    def add(self, *lines: str):
        self.lines.extend(lines)

    def numbers(self, c) -> str:
        return " eller ".join(f"tlf. [{p.display}]({p.href})" for p in getattr(c, "numbers", []))

    def contact(self, cid: str) -> str:
        kind, c = self.m.kind(cid), self.m.contact(cid)
        if kind == "person":
            return f"{c.title or ''} [{c.name or c.title}]({self.link(urls.contact_anchor(cid))}) {self.numbers(c)}"
        if kind == "service":
            return f"[{c.name}]({self.link(urls.contact_anchor(cid))}) {self.numbers(c)}"
        if kind == "role":
            held = ", ".join(f"{self.m.contact(h).name or self.m.contact(h).title} {self.numbers(self.m.contact(h))}"
                             for h in c.held_by)
            return f"[{c.plural or c.title}]({self.link(urls.role_page(cid))}){': ' + held if held else ''}"
        return c.title

    def block(self, block):
        if block.group:
            g = self.m.groups[block.group]
            title, texts, members = g.title, g.text, g.members
        else:
            title, texts, members = block.title, block.text, block.members
        if title:
            self.add(f"**{title}:**", "")
        for t in texts:
            self.add(t, "")
        self.add(*[f"- {self.contact(cid)}" for cid in members], "")

    def steps(self, steps):
        for s in steps:
            who = " ".join(f"[{self.m.roles[r].title}]({self.link(urls.role_page(r))})" for r in s.who)
            self.add(f"- {s.text} {who}")
        self.add("")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def plan_md(m: Model, pid: str, src: str) -> str:
    """A plan as ordinary Markdown, every section of the municipal template."""
    p, w = m.plans[pid], _Writer(m, src)
    w.add(f"# {p.title}", "", f"{m.handbook.areas[p.area].title} · Sidst opdateret {p.updated:%d.%m.%Y} · "
          f"[Handlingskort]({w.link(urls.card_page(p.area, pid))})", "", "## Situation", "")
    w.add(*([p.situation.summary, ""] if p.situation.summary else []), *[x for t in p.situation.text for x in (t, "")])
    w.add("## Alarmering", "", *[x for t in p.alerting.text for x in (t, "")])
    if p.alerting.chain:
        w.add(" → ".join(f"[{m.roles[r].title}]({w.link(urls.role_page(r))})" for r in p.alerting.chain), "")
    w.steps(p.alerting.steps)
    for b in p.alerting.contacts:
        w.block(b)
    w.add("## Opgaver", "", *([p.tasks.intro, ""] if p.tasks.intro else []))
    w.steps(p.tasks.steps)
    w.add("## Handling", "")
    for phase in p.actions:
        w.add(f"### {phase.phase}", "")
        w.steps(phase.steps)
    w.add("## Ledelse og organisation", "")
    w.steps(p.organisation.steps)
    w.add("## Bemanding og udstyr", "", *([p.staffing.intro, ""] if p.staffing.intro else []))
    w.add(*[f"- [{i.text or m.roles[i.role].title}]({w.link(urls.role_page(i.role))})" for i in p.staffing.roles], "")
    w.add("## Kommunikation", "")
    for label, part in (("Internt", p.communication.internal), ("Eksternt", p.communication.external)):
        w.add(f"### {label}", "")
        w.steps(part.steps)
        for b in part.contacts:
            w.block(b)
    w.add("## Kontaktoplysninger", "")
    for b in p.contacts:
        w.block(b)
    w.add("## Oprettelse/revision", "", "| | |", "|---|---|", f"| Sidst opdateret | {p.updated:%d.%m.%Y} |",
          f"| Ansvarlig redaktør | {p.editor or m.handbook.editor or ''} |", "")
    return w.text()


def card_md(m: Model, pid: str, src: str) -> str:
    """A plan's action card as a pipe table."""
    p, w = m.plans[pid], _Writer(m, src)
    w.add(f"# Handlingskort: {p.title}", "", "| Hvem | Hvornår | Handling |", "|---|---|---|")
    w.add(*[f"| {', '.join(m.roles[r].title for r in s.who)} | {h} | {s.text} |" for h, s in iter_steps(p)], "")
    return w.text()


def first_steps(w: _Writer, plans) -> None:
    """Each plan's title and the steps of its first phase."""
    for pid, p in plans:
        w.add(f"**[{p.title}]({w.link(urls.plan_page(p.area, pid))})**", "")
        if p.actions:
            w.steps(p.actions[0].steps)


def page_md(m: Model, page: RenderedPage) -> str:
    """Ordinary Markdown for one of our pages (same path, same title, same facts)."""
    w = _Writer(m, page.src)
    if page.kind == "plan":
        return plan_md(m, page.ref_id, page.src)
    if page.kind == "card":
        return card_md(m, page.ref_id, page.src)
    if page.kind == "front":
        w.add(f"# {m.handbook.title}", "", "## Straks – de første skridt", "")
        if front_lists_first_steps(m):
            first_steps(w, m.plans.items())
        else:  # the same rule as ours: many plans, so the areas (each area page has its first steps)
            w.add(*[f"- [**{a.title}**]({w.link(urls.area_page(aid))}) ({len(m.plans_in(aid))} planer)"
                    for aid, a in m.handbook.areas.items()], "")
        w.add("## Nøglenumre", "", *[f"- {w.contact(c)}" for c in m.handbook.key_contacts], "")
    elif page.kind == "contacts":
        w.add("# Kontakter", "")
        for gid, g in m.groups.items():
            w.add(f"## {g.title}", "", *[f"- {w.contact(c)}" for c in g.members], "")
        w.add("## Personer", "", "| Navn | Titel | Telefon |", "|---|---|---|")
        w.add(*[f"| <span id=\"{pid}\"></span>{p.name or 'vakant'} | {p.title or ''} | {w.numbers(p)} |"
                for pid, p in m.people_by_name()], "")
        w.add("## Tjenester", "", "| Navn | Telefon |", "|---|---|")
        w.add(*[f"| <span id=\"{sid}\"></span>{s.name} | {w.numbers(s)} |" for sid, s in m.services.items()], "")
        w.add("## Roller", "", *[f"- <span id=\"{rid}\"></span>{w.contact(rid)}" for rid in m.roles], "")
    elif page.kind == "area":
        w.add(f"# {page.title}", "")
        if not front_lists_first_steps(m):
            w.add("## Straks – de første skridt", "")
            first_steps(w, m.plans_in(page.area))
        w.add("## Planer", "")
        w.add(*[f"- [**{p.title}**]({w.link(urls.plan_page(page.area, pid))}) – {p.situation.summary or ''}"
                for pid, p in m.plans_in(page.area)], "")
    elif page.kind == "roles":
        w.add("# Roller", "", *[f"- [{r.title}]({w.link(urls.role_page(rid))})" for rid, r in m.roles.items()], "")
    elif page.kind == "role":
        w.add(f"# {page.title}", "", f"- {w.contact(page.ref_id)}", "")
        last = None
        for pid, p, heading, step in m.steps_for_role(page.ref_id):
            if pid != last:
                w.add(f"## {p.title}", "", f"[Hele planen: {p.title}]({w.link(urls.plan_page(p.area, pid))})", "")
                last = pid
            w.add(f"**{heading}**", "")
            w.steps([step])
    else:
        w.add(f"# {page.title}", "", f"{m.handbook.organisation} ønsker, at alle kan bruge håndbogen.", "")
    return w.text()


def write_anchor(model: Model, build: BuildInfo, root: Path, *, print_page: bool = False) -> list[RenderedPage]:
    """Write ``root/mkdocs.yml`` and ``root/docs`` for plain Material; return our page list it mirrors."""
    pages = render_pages(model, build)
    docs = Path(root) / "docs"
    texts = {}
    for page in pages:
        target = docs / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        texts[page.src] = page_md(model, page)
        target.write_text(texts[page.src], encoding="utf-8")
    config = dict(MKDOCS_YML, site_name=model.handbook.title, nav=nav(pages))
    if print_page:
        # One page holding every page's content, as a print-site plugin would make it, for one Chromium print.
        body = "\n\n".join(t.replace("](", "](#").replace("\n# ", "\n## ") for t in texts.values())
        (docs / "print.md").write_text(body, encoding="utf-8")
        config["not_in_nav"] = "print.md"
    (Path(root) / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    return pages
