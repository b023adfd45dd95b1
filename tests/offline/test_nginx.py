"""The site through a real nginx with the shipped configuration: headers, types, and the worker."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from handbook.offline import nginx, policy

from .conftest import V1, free_port
from .helpers import manifest, open_all, visit_and_store, wait_state

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.browser


class Nginx:
    """nginx in the foreground on a free loopback port, serving one folder with the shipped config."""

    def __init__(self, site: Path, work: Path):
        self.port = free_port()
        self.work = work
        (work / "tmp").mkdir(parents=True, exist_ok=True)
        conf = nginx.render(nginx.Site(server_name="localhost", root=str(site), tls=False,
                                       listen=f"127.0.0.1:{self.port}"))
        (work / "site.conf").write_text(conf)
        (work / "nginx.conf").write_text(nginx.standalone(work / "site.conf", work))
        self.process = None

    @property
    def origin(self) -> str:
        """The server's origin."""
        return f"http://127.0.0.1:{self.port}"

    def command(self, *extra: str) -> list[str]:
        """The nginx command line for this instance."""
        return [NGINX, "-p", str(self.work), "-c", str(self.work / "nginx.conf"),
                "-e", str(self.work / "error.log"), *extra]

    def start(self) -> Nginx:
        """Start nginx and wait until it answers."""
        self.process = subprocess.Popen(self.command("-g", "daemon off;"),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.origin + "/", timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode())
                time.sleep(0.05)
        raise RuntimeError("nginx did not answer: " + (self.work / "error.log").read_text())

    def stop(self) -> None:
        """Stop nginx (fast shutdown) and wait for it."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def nginx_site(site_v1, tmp_path):
    """nginx serving a copy of the first build, plus one file of each type the site may hold."""
    site = tmp_path / "site"
    shutil.copytree(site_v1.site_dir, site)
    (site / "kort.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:IT-support\r\nEND:VCARD\r\n")
    (site / "app.webmanifest").write_text('{"name": "Beredskabshåndbog"}')
    server = Nginx(site, tmp_path / "nginx").start()
    server.site = site
    yield server
    server.stop()


def head(url: str):
    """Status and headers of a GET (nginx answers HEAD the same way)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers


def test_committed_config_is_the_generated_one():
    assert (REPO / "deploy" / "nginx.conf").read_text() == nginx.render()


def test_shipped_tls_config_is_valid_nginx(tmp_path):
    if not shutil.which("openssl"):
        pytest.fail("openssl is needed to make a throwaway certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    conf = nginx.render(nginx.Site(server_name="localhost", root=str(tmp_path),
                                   certificate=str(cert), certificate_key=str(key)))
    (tmp_path / "tmp").mkdir()
    (tmp_path / "site.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(nginx.standalone(tmp_path / "site.conf", tmp_path))
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "listen 443 ssl;" in conf and "return 301 https://$host$request_uri;" in conf


def test_unsafe_values_are_refused():
    with pytest.raises(ValueError):
        nginx.render(nginx.Site(root="/srv/site; include /etc/passwd"))


def test_headers_and_types(nginx_site):
    origin = nginx_site.origin
    pdf = manifest(nginx_site.site)["pdfs"][0]
    expect = {
        "/sw.js": ("text/javascript", "no-cache"),
        "/offline-manifest.json": ("application/json", "no-cache"),
        "/index.html": ("text/html", "no-cache"),
        "/" + pdf: ("application/pdf", "no-cache"),
        "/kort.vcf": ("text/vcard", "no-cache"),
        "/app.webmanifest": ("application/manifest+json", "no-cache"),
        "/assets/handbook/offline.js": ("text/javascript", "no-cache"),
    }
    for path, (kind, cache) in expect.items():
        status, headers = head(origin + path)
        assert status == 200, path
        assert headers["Content-Type"].split(";")[0] == kind, path
        assert headers["Cache-Control"] == cache, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
    status, headers = head(origin + "/index.html")
    assert headers["Content-Security-Policy"] == policy.content_security_policy()
    status, headers = head(origin + "/" + pdf)
    assert "Content-Security-Policy" not in headers


def test_no_version_exact_text_types_and_a_permissions_policy(nginx_site):
    """Issue 14: no nginx version, the contacts as UTF-8 CSV and vCard, browser features switched off."""
    origin = nginx_site.origin
    for path, kind in {"/contacts.csv": "text/csv; charset=utf-8", "/kort.vcf": "text/vcard; charset=utf-8",
                       "/index.html": "text/html; charset=utf-8"}.items():
        status, headers = head(origin + path)
        assert status == 200, path
        assert headers["Content-Type"] == kind, path
        assert headers["Server"] == "nginx", path
        assert headers["Permissions-Policy"] == policy.PERMISSIONS_POLICY, path
    assert "camera=()" in policy.PERMISSIONS_POLICY and "geolocation=()" in policy.PERMISSIONS_POLICY
    try:
        urllib.request.urlopen(origin + "/findes-ikke.html", timeout=5)
    except urllib.error.HTTPError as error:  # the 404 page, too, names no version
        assert error.code == 404
        assert error.headers["Server"] == "nginx"
        assert error.headers["Permissions-Policy"] == policy.PERMISSIONS_POLICY
    else:
        pytest.fail("a missing page was served")


def test_the_permissions_policy_names_only_features_chromium_knows(nginx_site, new_context):
    context = new_context(nginx_site.origin)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(nginx_site.origin + "/index.html")
    page.wait_for_load_state("load")
    # Chromium reports a feature it does not know on the console ("Unrecognized feature: …").
    allows = "['camera', 'geolocation', 'fullscreen'].map(f => document.featurePolicy.allowsFeature(f))"
    assert page.evaluate(allows) == [False, False, True]
    assert [m for m in messages if "Permissions-Policy" in m or "feature" in m.lower()] == []


def test_hashed_assets_are_cacheable(nginx_site, site_v1):
    bundle = next(site_v1.site_dir.glob("assets/javascripts/bundle.*.min.js"))
    status, headers = head(nginx_site.origin + "/" + bundle.relative_to(site_v1.site_dir).as_posix())
    assert status == 200
    assert headers["Cache-Control"] == policy.IMMUTABLE
    assert headers["Content-Type"].split(";")[0] == "text/javascript"


def test_service_worker_through_nginx(nginx_site, site_v1, new_context):
    context = new_context(nginx_site.origin)
    page = context.new_page()
    assert visit_and_store(page, nginx_site.origin).startswith("Håndbogen er gemt til brug uden net")
    nginx_site.stop()
    assert open_all(page, nginx_site.origin, nginx_site.site, V1) == []
    wait_state(page, "offline")
    assert context.guard.blocked == []
