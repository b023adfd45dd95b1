"""What the import adds to ``contacts.yaml`` and ``handbook.yaml``: each contact once, reused by number.

The book starts from the handbook's validated model (people, services, roles,
groups, areas, references) and collects additions in page order. A line whose
number is already in the data is that contact: its id is reused and nothing is
added; a different title or name for the same number is reported, not written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.data.model import Model
from handbook.data.yamlsrc import Source
from handbook.importer.notes import Notes
from handbook.importer.numbers import ContactLine
from handbook.importer.roles import RoleMatcher, singular_and_plural
from handbook.importer.words import fold, slug, unique_id

CONTACT_TABLES = ("people", "services", "roles", "groups")


@dataclass
class Entry:
    """A contact, role, group, area or reference: its data as written in YAML, and whether it is new."""

    table: str
    id: str
    data: dict
    new: bool = False
    dials: list[str] = field(default_factory=list)
    origin: tuple[str, int, str] | None = None  # (page, line, wording) of a role the import adds


class Book:
    """Contacts, roles, groups, areas and references: the existing ones and the import's additions."""

    def __init__(self, model: Model | None, notes: Notes):
        self.notes = notes
        self.entries: dict[str, dict[str, Entry]] = {t: {} for t in (*CONTACT_TABLES, "areas", "references")}
        self.by_dial: dict[str, Entry] = {}
        self.contacts_source: Source | None = model.sources.contacts if model else None
        if model is None:
            return
        for pid, person in model.people.items():
            data = person.model_dump(exclude_defaults=True, exclude={"phone", "phones"})
            self._add(Entry("people", pid, data, dials=[n.dial for n in person.numbers]))
        for sid, service in model.services.items():
            data = service.model_dump(exclude_defaults=True, exclude={"phone", "phones"})
            self._add(Entry("services", sid, data, dials=[n.dial for n in service.numbers]))
        for rid, role in model.roles.items():
            self._add(Entry("roles", rid, role.model_dump(exclude_defaults=True)))
        for gid, group in model.groups.items():
            self._add(Entry("groups", gid, group.model_dump(exclude_defaults=True)))
        for aid, area in model.handbook.areas.items():
            self._add(Entry("areas", aid, area.model_dump(exclude_defaults=True)))
        for ref_id, ref in model.handbook.references.items():
            self._add(Entry("references", ref_id, ref.model_dump(exclude_defaults=True)))

    # -- tables ----------------------------------------------------------------------------------
    def _add(self, entry: Entry) -> Entry:
        self.entries[entry.table][entry.id] = entry
        for dial in entry.dials:
            self.by_dial.setdefault(dial, entry)
        return entry

    def taken(self) -> set[str]:
        """Every contact id in use: people, services, roles and groups share one name space."""
        return {cid for table in CONTACT_TABLES for cid in self.entries[table]}

    def new_entries(self, table: str) -> list[Entry]:
        """The entries the import adds to a table, in the order they were found."""
        return [e for e in self.entries[table].values() if e.new]

    def where(self, entry: Entry) -> str:
        """Where an existing contact is written, for a note: ``people.x, line 5 of data/contacts.yaml``."""
        if entry.new or self.contacts_source is None:
            return f"{entry.table}.{entry.id}"
        src = self.contacts_source
        return f"{entry.table}.{entry.id}, {src.file}:{src.line((entry.table, entry.id))}"

    # -- contacts --------------------------------------------------------------------------------
    def contact(self, line: ContactLine, page: str, lineno: int, compare: bool = True) -> str | None:
        """The id of the person or service a contact line gives: reused by number, else added.

        ``compare=False`` for a line whose words name a way to reach the contact ("SMS fra
        vagtcentralen"), not the contact: its words are then no name to compare.
        """
        if line.vacant:
            return self._vacant(line, page, lineno)
        dials = [p.dial for p in line.phones]
        found = [self.by_dial[d] for d in dials if d in self.by_dial]
        if found:
            entry = found[0]
            others = sorted({e.id for e in found if e.id != entry.id})
            if others:
                self.notes.add(
                    page,
                    lineno,
                    f"the numbers of '{line.label}' belong to different contacts: {entry.id}, {', '.join(others)}",
                    f"used {entry.id}; check data/contacts.yaml",
                )
            if compare:
                self._compare(entry, line, page, lineno)
            return entry.id
        table = "people" if line.kind == "person" else "services"
        name = line.name or line.label
        same = [e for e in self.entries[table].values() if fold(str(e.data.get("name", ""))) == fold(name)]
        if same and dials:
            entry = same[0]
            shown = " or ".join(p.display for p in line.phones)
            self.notes.add(
                page,
                lineno,
                f"'{name}' is already {self.where(entry)} with another number; the page says {shown}",
                "not changed: correct the number in data/contacts.yaml if the page is right",
            )
            return entry.id
        if same:
            return same[0].id
        data: dict = {"name": name}
        if table == "people" and line.title:
            data["title"] = line.title
        if len(line.phones) == 1:
            data["phone"] = _phone_value(line.phones[0])
        elif line.phones:
            data["phones"] = [_phone_value(p) for p in line.phones]
        if line.email:
            data["email"] = line.email
        if line.staffed_by:
            data["staffed_by"] = list(line.staffed_by)
        cid = unique_id(slug(name), self.taken())
        self._add(Entry(table, cid, data, new=True, dials=dials))
        return cid

    def _vacant(self, line: ContactLine, page: str, lineno: int) -> str:
        title = line.title or "Stilling"
        for entry in self.entries["people"].values():
            if entry.data.get("vacant") and fold(str(entry.data.get("title", ""))) == fold(title):
                return entry.id
        cid = unique_id(slug(title), self.taken())
        self._add(Entry("people", cid, {"title": title, "vacant": True}, new=True))
        self.notes.add(
            page,
            lineno,
            f"'{line.text}' has a placeholder number: written as the vacant post people.{cid}, with no number",
            "write the name and number of whoever covers the post",
        )
        return cid

    def _compare(self, entry: Entry, line: ContactLine, page: str, lineno: int) -> None:
        data = entry.data
        shown = line.phones[0].display if line.phones else ""
        keep = "not changed: edit data/contacts.yaml if the page is newer"
        if entry.table == "people":
            if line.kind == "person" and line.title and data.get("title") and fold(line.title) != fold(data["title"]):
                self.notes.add(
                    page,
                    lineno,
                    f"title conflict for {shown}: the page says '{line.title}', "
                    f"{self.where(entry)} says '{data['title']}'",
                    keep,
                )
            if line.kind == "person" and line.name and data.get("name") and fold(line.name) != fold(data["name"]):
                self.notes.add(
                    page,
                    lineno,
                    f"name conflict for {shown}: the page says '{line.name}', "
                    f"{self.where(entry)} says '{data['name']}'",
                    keep,
                )
        elif line.label and data.get("name") and fold(line.label) != fold(data["name"]):
            self.notes.add(
                page,
                lineno,
                f"name conflict for {shown}: the page says '{line.label}', {self.where(entry)} says '{data['name']}'",
                keep,
            )
        missing = [p.display for p in line.phones if p.dial not in entry.dials]
        if missing:
            self.notes.add(
                page,
                lineno,
                f"number {', '.join(missing)} of '{line.label or line.text}' is not in {self.where(entry)}",
                "not changed: add it to data/contacts.yaml if it is right",
            )
        if line.email and data.get("email") and line.email.casefold() != str(data["email"]).casefold():
            self.notes.add(
                page,
                lineno,
                f"e-mail conflict: the page says {line.email}, {self.where(entry)} says {data['email']}",
                keep,
            )

    # -- roles -----------------------------------------------------------------------------------
    def matcher(self) -> RoleMatcher:
        """A matcher for every role, existing and new."""
        return RoleMatcher(
            {rid: (str(e.data["title"]), e.data.get("plural")) for rid, e in self.entries["roles"].items()}
        )

    def role_for_item(self, text: str, page: str, lineno: int) -> tuple[str, str | None]:
        """The role a staffing item names (added when new), and the item's own wording if it differs."""
        rid = self.matcher().whole(text)
        if rid is None:
            title, plural = singular_and_plural(text)
            taken = self.taken()
            head = slug(title.split()[0])
            rid = head if " " in title and head not in taken else unique_id(slug(title), taken)
            data: dict = {"title": title}
            if plural:
                data["plural"] = plural
            entry = self._add(Entry("roles", rid, data, new=True))
            entry.origin = (page, lineno, text)
        title = str(self.entries["roles"][rid].data["title"])
        return rid, (None if fold(text) == fold(title) else text)

    def finish_roles(self) -> None:
        """Give each new role the people whose title it is (held_by), and report every new role."""
        for entry in self.new_entries("roles"):
            if entry.origin is None:
                continue
            page, lineno, text = entry.origin
            title, plural = str(entry.data["title"]), entry.data.get("plural")
            holders = self._holders(title)
            if holders:
                entry.data["held_by"] = holders
            found = f"held by the people titled '{title}' ({', '.join(holders)})" if holders else "held by nobody yet"
            what = f"new role roles.{entry.id} from '{text}': title '{title}'"
            if plural:
                what += f", plural '{plural}'"
            self.notes.add(
                page,
                lineno,
                f"{what}, {found}",
                "check the role in data/contacts.yaml: its title, plural and who holds it",
            )
            entry.origin = None

    def _holders(self, title: str) -> list[str]:
        key = fold(title)
        return [
            e.id
            for e in self.entries["people"].values()
            if not e.data.get("vacant")
            and e.data.get("title")
            and (fold(e.data["title"]) == key or fold(e.data["title"]).startswith(key + " "))
        ]

    # -- groups ----------------------------------------------------------------------------------
    def equal_group(self, title: str, members: list[str], text: list[str]) -> str | None:
        """An existing group with this title and these members (in any order), if there is one."""
        for gid, entry in self.entries["groups"].items():
            data = entry.data
            if (
                fold(str(data.get("title", ""))) == fold(title)
                and set(data.get("members", [])) == set(members)
                and [fold(t) for t in data.get("text", [])] == [fold(t) for t in text]
            ):
                return gid
        return None

    def group_titled(self, title: str) -> Entry | None:
        """A group with this title, whatever its members."""
        for entry in self.entries["groups"].values():
            if fold(str(entry.data.get("title", ""))) == fold(title):
                return entry
        return None

    def add_group(self, title: str, members: list[str], text: list[str]) -> str:
        """Add a group for a list that is written in more than one place."""
        gid = unique_id(slug(title), self.taken())
        data: dict = {"title": title}
        if text:
            data["text"] = list(text)
        data["members"] = list(members)
        self._add(Entry("groups", gid, data, new=True))
        return gid

    # -- handbook.yaml: references and areas -----------------------------------------------------
    def reference(
        self, text: str, title: str, url: str | None, location: str | None, page: str = "", lineno: int = 1
    ) -> tuple[str, bool]:
        """The id of the document a link points at (reused by text, title or address); True when new."""
        for rid, entry in self.entries["references"].items():
            data = entry.data
            if (
                fold(str(data.get("text", ""))) == fold(text)
                or fold(str(data.get("title", ""))) == fold(title)
                or (url and data.get("url") == url)
            ):
                if url and not data.get("url") and not data.get("location"):
                    self.notes.add(
                        page,
                        lineno,
                        f"reference '{rid}' in data/handbook.yaml has no address; the page links to {url}",
                        f"not changed: add 'url: {url}' to the reference if it is right",
                    )
                return rid, False
        rid = unique_id(slug(title, limit=40), set(self.entries["references"]))
        data = {"title": title}
        if text != title:
            data["text"] = text
        if location:
            data["location"] = location
        if url:
            data["url"] = url
        self._add(Entry("references", rid, data, new=True))
        return rid, True

    def reference_with_text(self, text: str) -> str | None:
        """An existing reference whose text is this sentence (a sentence the editor turned into a link)."""
        for rid, entry in self.entries["references"].items():
            if entry.data.get("text") and fold(str(entry.data["text"])) == fold(text):
                return rid
        return None

    def area(self, aid: str) -> Entry | None:
        """The area with this id, existing or added."""
        return self.entries["areas"].get(aid)

    def add_area(self, aid: str, title: str) -> None:
        """Add an area to handbook.yaml."""
        self._add(Entry("areas", aid, {"title": title}, new=True))


def _phone_value(phone):
    """A number as the data files write it: grouped for reading ("72 36 92 45"), with its label if it has one."""
    return {"number": phone.display, "label": phone.label} if phone.label else phone.display
