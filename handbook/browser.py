"""Finding (and, during set-up, installing) a Chromium for printing and browser tests.

Order, as users expect it: the ``HANDBOOK_CHROMIUM`` override, Playwright's own
browser (the normal case on an editor's machine), then the system's Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

INSTALL_HINT = (
    "install one with '.venv/bin/playwright install chromium', "
    "or 'sudo apt-get install chromium', "
    "or point HANDBOOK_CHROMIUM at a Chromium or Chrome executable"
)


class ChromiumNotFound(RuntimeError):
    """No usable Chromium; the message lists what was tried and how to install one."""


@dataclass
class Discovery:
    """The executable found (or None) and every place that was looked at."""

    path: str | None
    source: str = ""
    tried: list[str] = field(default_factory=list)


def playwright_chromium() -> str | None:
    """Return the path of Playwright's own Chromium when it is downloaded, else None."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a hard dependency
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # Playwright raises plain Errors when its driver is unusable
        return None
    return path if path and Path(path).is_file() else None


def discover() -> Discovery:
    """Look for Chromium in the documented order without installing anything."""
    found = Discovery(path=None)
    override = os.environ.get("HANDBOOK_CHROMIUM")
    if override:
        found.tried.append(f"HANDBOOK_CHROMIUM={override}")
        if Path(override).is_file() and os.access(override, os.X_OK):
            found.path, found.source = override, "HANDBOOK_CHROMIUM"
            return found
    found.tried.append("Playwright's own Chromium")
    own = playwright_chromium()
    if own:
        found.path, found.source = own, "playwright"
        return found
    for name in SYSTEM_NAMES:
        found.tried.append(name)
        path = shutil.which(name)
        if path:
            found.path, found.source = path, "system"
            return found
    return found


def find_chromium() -> str:
    """Return a Chromium executable or raise ChromiumNotFound saying what was tried."""
    found = discover()
    if found.path:
        return found.path
    raise ChromiumNotFound("no Chromium found (tried: " + ", ".join(found.tried) + "); " + INSTALL_HINT)


def launch_args() -> list[str]:
    """Chromium flags for headless use here: no sandbox as root, no background traffic."""
    args = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-gpu",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def launch(playwright, **kwargs):
    """Launch the discovered Chromium headless through a Playwright instance."""
    return playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=launch_args(), **kwargs)


def _try(cmd: list[str], timeout: int) -> bool:
    try:
        return subprocess.run(cmd, timeout=timeout).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def ensure() -> str:
    """Find a Chromium; failing that download Playwright's, then apt-install Debian's."""
    found = discover()
    if found.path:
        return found.path
    print("No Chromium found; trying Playwright's download …", file=sys.stderr)
    if _try([sys.executable, "-m", "playwright", "install", "chromium"], timeout=300):
        found = discover()
        if found.path:
            return found.path
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if is_root and shutil.which("apt-get"):
        print("Installing Debian's chromium package …", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, check=False)
    return find_chromium()


def main(argv: list[str] | None = None) -> int:
    """``python -m handbook.browser [ensure|which]``: print the Chromium that will be used."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        path = ensure() if argv[:1] == ["ensure"] else find_chromium()
    except ChromiumNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Chromium: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
