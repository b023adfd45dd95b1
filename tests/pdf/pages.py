"""Small hand-made pages for a BuildContext, standing in for the real render in unit tests."""

from __future__ import annotations

from html import escape as e

from handbook import urls
from handbook.context import AREA, CARD, CONTACTS, FRONT, PLAN, ROLE, PageRecord
from handbook.model import PLAN_SECTIONS, iter_steps


def _rel(src: str, target: str) -> str:
    return urls.relative(src, target)


def _phones(c) -> str:
    return " eller ".join(f'tlf. <a class="hb-tel" href="{p.href}">{e(p.display)}</a>' for p in c.numbers)


def _contact(model, src, cid) -> str:
    c = model.contact(cid)
    kind = model.kind(cid)
    if kind == "role":
        return f'<a href="{_rel(src, urls.role_page(cid))}">{e(c.title)}</a>'
    if kind == "group":
        return e(c.title)
    name = e(getattr(c, "name", None) or c.title or "")
    extra = f" ({e(', '.join(c.staffed_by))})" if getattr(c, "staffed_by", None) else ""
    return f'<a href="{_rel(src, urls.contact_anchor(cid))}">{name}</a> {_phones(c)}{extra}'


def pages(model) -> list[PageRecord]:
    """Front, area, plan, card, contacts and role pages with the facts the PDF must carry."""
    out = []
    hb = model.handbook
    src = urls.FRONT
    body = [f"<h1 id=\"forside\">{e(hb.title)}</h1>", '<h2 id="straks">Straks – de første skridt</h2>']
    for pid, plan in model.plans.items():
        body.append(f'<p><a href="{_rel(src, urls.plan_page(plan.area, pid))}">{e(plan.title)}</a></p>')
        if plan.actions:
            body.append("<ul class=\"hb-steps hb-checklist\">" + "".join(
                f"<li class=\"hb-step\">{e(s.text)}</li>" for s in plan.actions[0].steps) + "</ul>")
    body.append('<h2 id="noeglenumre">Nøglenumre</h2><ul class="hb-contact-list">'
                + "".join(f"<li>{_contact(model, src, c)}</li>" for c in hb.key_contacts) + "</ul>")
    out.append(PageRecord(urls.html(src), hb.title, FRONT, "\n".join(body)))
    for aid, area in hb.areas.items():
        src = urls.area_page(aid)
        links = "".join(f'<li><a href="{_rel(src, urls.plan_page(aid, pid))}">{e(p.title)}</a></li>'
                        for pid, p in model.plans_in(aid))
        out.append(PageRecord(urls.html(src), area.title, AREA,
                              f'<h1 id="omraade">{e(area.title)}</h1><h2 id="planer">Planer</h2><ul>{links}</ul>',
                              aid, aid))
        for pid, plan in model.plans_in(aid):
            src = urls.plan_page(aid, pid)
            body = [f'<h1 id="{pid}">{e(plan.title)}</h1>']
            steps = {}
            for heading, step in iter_steps(plan):
                steps.setdefault(heading, []).append(step)
            for key, heading in PLAN_SECTIONS:
                body.append(f'<h2 id="{urls.SECTION_ANCHORS[key]}">{e(heading)}</h2>')
                if key == "situation":
                    body += [f"<p>{e(t)}</p>" for t in plan.situation.text]
                if key == "actions":
                    for i, phase in enumerate(plan.actions, 1):
                        body.append(f'<h3 id="handling-{i}">{e(phase.phase)}</h3><ul class="hb-steps hb-checklist">'
                                    + "".join(f"<li class=\"hb-step\">{e(s.text)}</li>" for s in phase.steps) + "</ul>")
                if key == "alerting":
                    body.append("<ul class=\"hb-steps\">" + "".join(
                        f"<li class=\"hb-step\">{e(s.text)}</li>" for s in plan.alerting.steps) + "</ul>")
                if key == "contacts":
                    for block in plan.contacts:
                        members = model.groups[block.group].members if block.group else block.members
                        body.append('<div class="hb-contact-block"><ul class="hb-contact-list">' + "".join(
                            f"<li>{_contact(model, src, m)}</li>" for m in members) + "</ul></div>")
            body.append(f'<p><a href="{_rel(src, urls.card_page(aid, pid))}">Handlingskort</a> '
                        f'<a href="{_rel(src, urls.CONTACTS)}">Kontakter</a> <a href="../../aendringer.html">x</a></p>')
            out.append(PageRecord(urls.html(src), plan.title, PLAN, "\n".join(body), pid, aid))
            src = urls.card_page(aid, pid)
            rows = "".join(f"<tr><td>{e(', '.join(s.who))}</td><td>{e(h)}</td><td>{e(s.text)}</td></tr>"
                           for h, s in iter_steps(plan))
            out.append(PageRecord(urls.html(src), f"Handlingskort: {plan.title}", CARD,
                                  f'<h1 id="handlingskort">Handlingskort: {e(plan.title)}</h1>'
                                  f'<table class="hb-card-table"><thead><tr><th>Hvem udfører opgaven?</th>'
                                  f'<th>Hvornår?</th><th>Handling</th></tr></thead><tbody>{rows}</tbody></table>',
                                  pid, aid))
    src = urls.CONTACTS
    rows = []
    for table in (model.people, model.services):
        for cid, c in table.items():
            rows.append(f'<tr class="hb-contact" id="{cid}"><td>{e(getattr(c, "name", None) or c.title or "")}</td>'
                        f'<td>{_phones(c)}</td><td>{e(", ".join(getattr(c, "staffed_by", []) or []))}</td></tr>')
    out.append(PageRecord(urls.html(src), "Kontakter", CONTACTS,
                          '<h1 id="kontakter">Kontakter</h1><h2 id="personer">Personer</h2>'
                          f'<table class="hb-directory"><thead><tr><th>Navn</th><th>Telefon</th><th>Bemandes af</th>'
                          f'</tr></thead><tbody>{"".join(rows)}</tbody></table>'))
    for rid, role in model.roles.items():
        src = urls.role_page(rid)
        items = "".join(
            f'<li class="hb-step"><a href="{_rel(src, urls.plan_page(p.area, pid))}">{e(p.title)}</a>: {e(s.text)}</li>'
            for pid, p, h, s in model.steps_for_role(rid))
        out.append(PageRecord(urls.html(src), f"Hvad gør jeg som {role.title}?", ROLE,
                              f'<h1 id="rolle">Hvad gør jeg som {e(role.title)}?</h1><ul>{items}</ul>', rid))
    return out
