"""Where each generated page lives in the site; one place, so every link agrees."""

from __future__ import annotations

from handbook.data.sections import SECTIONS

FRONT = "index.md"
CONTACTS = "kontakter.md"
ROLES = "roller/index.md"
CHANGES = "aendringer.md"
ACCESSIBILITY = "tilgaengelighed.md"
# Where the service worker sends a reader who opens a PDF that is not stored, without network.
NOT_STORED = "ikke-gemt.md"
# The printed files (written by the PDF step, linked from the pages only when the build prints them).
HANDBOOK_PDF = "handbook.pdf"
WALLET_PDF = "wallet-card.pdf"
LOG = "krisestyringslog.md"
# The log sheet and the situationsbillede sheet to print (written by the PDF step).
LOG_PDF = "pdf/log.pdf"

# Fixed anchors of a plan page, in the order of the municipal template (from the one table of sections).
SECTION_ANCHORS = {s.key: s.anchor for s in SECTIONS.values()}


def area_page(area_id: str) -> str:
    """The area's overview page (first in its navigation)."""
    return f"planer/{area_id}/index.md"


def staff_page(area_id: str) -> str:
    """The role cards of an area's crisis staff ('_' keeps the name apart from every plan id)."""
    return f"planer/{area_id}/krisestab_rollekort.md"


def plan_page(area_id: str, plan_id: str) -> str:
    """A plan's page."""
    return f"planer/{area_id}/{plan_id}.md"


def card_page(area_id: str, plan_id: str) -> str:
    """A plan's one-page action card."""
    return f"planer/{area_id}/{plan_id}-handlingskort.md"


def role_page(role_id: str) -> str:
    """A role's action card ("Hvad gør jeg som …?")."""
    return f"roller/{role_id}.md"


def area_pdf(area_id: str) -> str:
    """An area's PDF."""
    return f"pdf/{area_id}.pdf"


def contact_anchor(contact_id: str) -> str:
    """The anchor of a person, service, role or group on the contacts page."""
    return f"{CONTACTS}#{contact_id}"


def html(src: str) -> str:
    """The built file for a page source (``use_directory_urls`` is off, so links work from file://)."""
    return src[:-3] + ".html" if src.endswith(".md") else src


def relative(from_src: str, to: str) -> str:
    """A relative link from one page to another site path (which may carry '#anchor')."""
    import posixpath

    target, _, anchor = to.partition("#")
    target = html(target)
    base = posixpath.dirname(html(from_src))
    rel = posixpath.relpath(target, base or ".")
    return rel + (f"#{anchor}" if anchor else "")
