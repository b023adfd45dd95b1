"""Contacts for phones: vCard 3.0 (which iOS and Android both import), built with vobject."""

from __future__ import annotations

from pathlib import Path

import vobject

from handbook.data.model import Model, Person, Service

_CELL_WORDS = ("mobil", "cell", "mobile")


def tel_type(label: str) -> str:
    """The vCard TEL type for a number's label: CELL for mobile numbers, else WORK."""
    low = (label or "").lower()
    return "CELL" if any(w in low for w in _CELL_WORDS) else "WORK"


def _split_name(name: str) -> tuple[str, str]:
    # Danish names: the last word is the surname ("Erik Kjærgaard Andersen" → Andersen; Erik Kjærgaard).
    words = name.split()
    if len(words) < 2:
        return name, ""
    return words[-1], " ".join(words[:-1])


def card(contact: Person | Service, organisation: str, minimal: bool = False) -> vobject.base.Component:
    """One vCard for a person or service; ``minimal`` leaves out what a QR code has no room for."""
    vc = vobject.vCard()
    name = contact.name or (contact.title if isinstance(contact, Person) else None) or ""
    if isinstance(contact, Person):
        family, given = _split_name(name)
    else:
        family, given = name, ""
    vc.add("n").value = vobject.vcard.Name(family=family, given=given)
    vc.add("fn").value = name
    for phone in contact.numbers:
        tel = vc.add("tel")
        tel.value = phone.dial
        tel.type_param = tel_type(phone.label)
    if not minimal:
        vc.add("org").value = [organisation]
        if isinstance(contact, Person) and contact.title:
            vc.add("title").value = contact.title
        if contact.email:
            email = vc.add("email")
            email.value = contact.email
            email.type_param = "INTERNET"
        if isinstance(contact, Service) and contact.staffed_by:
            vc.add("note").value = "Bemandes af " + ", ".join(contact.staffed_by)
    return vc


def reachable(model: Model):
    """Every person and service with at least one number, as (id, contact), people first."""
    for table in (model.people, model.services):
        for cid, contact in table.items():
            if contact.numbers and not getattr(contact, "vacant", False):
                yield cid, contact


def contacts_vcf(model: Model) -> str:
    """The text of ``contacts.vcf``: every person and service with a number."""
    org = model.handbook.organisation
    return "".join(card(c, org).serialize() for _, c in reachable(model))


def key_contacts(model: Model) -> list[tuple[str, Person | Service]]:
    """The handbook's key contacts resolved to people and services with numbers (roles and groups expanded)."""
    out: list[tuple[str, Person | Service]] = []
    seen: set[str] = set()

    def add(cid: str, depth: int = 0):
        if cid in seen or depth > 3:
            return
        seen.add(cid)
        try:
            kind = model.kind(cid)
        except KeyError:
            return
        contact = model.contact(cid)
        if kind in ("person", "service"):
            if contact.numbers:
                out.append((cid, contact))
        elif kind == "role":
            for other in [*contact.held_by, *contact.reach]:
                add(other, depth + 1)
        elif kind == "group":
            for other in contact.members:
                add(other, depth + 1)

    for cid in model.handbook.key_contacts:
        add(cid)
    return out


def key_payload(model: Model) -> str:
    """The wallet card's QR payload: the key contacts as concatenated minimal vCards 3.0."""
    org = model.handbook.organisation
    return "".join(card(c, org, minimal=True).serialize() for _, c in key_contacts(model))


def write(ctx) -> Path:
    """Write ``contacts.vcf`` into the build's site folder (CRLF line ends, as vCard wants)."""
    path = Path(ctx.site_dir) / "contacts.vcf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(contacts_vcf(ctx.model).encode("utf-8"))
    return path
