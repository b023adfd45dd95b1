"""The package as users install it: a wheel, in a fresh virtual environment, builds a whole handbook with PDFs.

An editable install reads templates straight from the repository, so a file the
wheel forgets (a PDF template, a theme partial) would only show up on a user's
machine. The wheel is built from a copy of the sources (setuptools writes build/
into the folder it builds) and installed without dependencies into a new venv
that borrows the test environment's installed dependencies through a .pth line
(no download); the repository itself is not on that venv's path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO, SHIPPED, copy_handbook


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_builds_the_handbook_with_pdfs(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "handbook", source / "handbook", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("handbook-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                                str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        capture_output=True, text=True, check=True).stdout.strip())
    (site_packages / "zz-test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    handbook_dir = copy_handbook(SHIPPED, tmp_path / "handbook")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import handbook; print(handbook.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert Path(where).is_relative_to(env_dir), f"handbook was imported from {where}, not from the wheel"

    result = subprocess.run([str(env_dir / "bin" / "handbook"), "build", "-f", str(handbook_dir / "mkdocs.yml")],
                            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stderr
    site = handbook_dir / "site"
    for name in ("index.html", "planer/aubo/it-nedbrud.html", "search/handbook-index.js", "handbook.pdf",
                 "pdf/aubo.pdf", "wallet-card.pdf", "contacts.vcf", "sw.js"):
        assert (site / name).is_file(), name
    assert (site / "handbook.pdf").read_bytes().startswith(b"%PDF")
    assert "Claus Mercebach" in (site / "kontakter.html").read_text(encoding="utf-8")
