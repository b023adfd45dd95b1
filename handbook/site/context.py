"""What one build knows: the model, its version, where it writes, and the pages it rendered.

The steps after the site (search index, PDFs, exports, offline files, bundle)
take a BuildContext and nothing else, so none of them depends on MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.data.dates import danish_date
from handbook.data.model import Model
from handbook.data.problems import Problem

if TYPE_CHECKING:  # only for annotations: the change log imports this module
    from handbook.site.changelog import Changes


class PageKind(str, Enum):
    """What a generated page is; the search index and the PDF order pages by it."""

    FRONT = "front"
    AREA = "area"
    PLAN = "plan"
    CARD = "card"
    CONTACTS = "contacts"
    ROLE = "role"
    ROLES = "roles"
    STAFF = "staff"  # an area's crisis-staff role cards
    LOG = "log"  # the crisis log: paper sheets to print, and the log in the browser
    OTHER = "other"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class BuildInfo:
    """The build's version: a date plus a hash of the data, so equal data gives an equal id."""

    version: str
    built_at: dt.datetime
    data_hash: str

    @property
    def date_text(self) -> str:
        """The build date as Danish readers write it (29.11.2026)."""
        return danish_date(self.built_at)

    @property
    def day(self) -> dt.datetime:
        """The build's day (midnight): a printed file's date, so a rebuild the same day gives the same bytes."""
        return self.built_at.replace(hour=0, minute=0, second=0, microsecond=0)

    def edition_of(self, digest: str) -> str:
        """The edition of a printed file that holds only part of the handbook: the day and a hash of its content.

        Such a file (an area's PDF, the wallet card, the log sheets) keeps its edition, and its
        bytes, while edits elsewhere change the handbook: the paper says whether to print it again.
        """
        return f"{self.built_at:%Y.%m.%d}-{digest[:7]}"


def data_hash(root: Path) -> str:
    """A short hash over every data file's name and bytes."""
    digest = hashlib.sha256()
    data = Path(root) / "data"
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def build_info(root: Path, now: dt.datetime | None = None) -> BuildInfo:
    """Version for a build of ``root``; ``SOURCE_DATE_EPOCH`` fixes the time for reproducible builds."""
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    digest = data_hash(root)
    override = os.environ.get("HANDBOOK_BUILD_ID")
    version = override or f"{now:%Y.%m.%d}-{digest[:7]}"
    return BuildInfo(version=version, built_at=now, data_hash=digest)


@dataclass
class RenderedPage:
    """A generated page: where it lives, its title, its kind and its Markdown source."""

    src: str
    title: str
    kind: PageKind
    content: str
    ref_id: str | None = None
    area: str | None = None
    in_nav: bool = True


@dataclass
class PageRecord:
    """One built page: its site-relative URL, title, kind and the HTML of its article."""

    url: str
    title: str
    kind: PageKind
    html: str = ""
    ref_id: str | None = None
    area: str | None = None


@dataclass
class BuildContext:
    """Everything a step after the site build needs; one per build, handed down, never global."""

    root: Path
    model: Model
    build: BuildInfo
    site_dir: Path
    dist_dir: Path
    pages: list[PageRecord] = field(default_factory=list)
    # Every warning of the build (card fit, PDF layout …): whoever runs the build reports them once.
    warnings: list[Problem] = field(default_factory=list)
    # The published edition's snapshot (read once) and what changed since it.
    previous: dict | None = None
    changes: Changes | None = None
    # Whether this build prints its PDFs (handbook build without --no-pdf): pages link only to what is built.
    printed: bool = False
    # Where the build's temporary files go (inside its staging folder, so the recovery after a
    # killed build removes them with it); None: the system's temp folder.
    work_dir: Path | None = None

    def page(self, url: str) -> PageRecord | None:
        """The recorded page with this URL, if any."""
        return next((p for p in self.pages if p.url == url), None)
