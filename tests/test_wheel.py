"""The installable package: a wheel built from the checkout serves the report with no checkout at all.

The wheel is installed into a fresh virtual environment whose only other packages are this venv's
dependencies (a path entry, so the checkout's editable install is not seen); ``r2p-kg serve`` then
runs from an empty folder with an empty home, builds the bundled report into the user data folder,
and serves pages, static files and SPARQL answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from .packaging import build_wheel, fresh_environment
from .web.servers import free_port


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheels"))


def test_the_wheel_carries_what_the_package_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("r2p_kg/_resources/ontology/r2p.ttl", "r2p_kg/_resources/shapes/r2p.shapes.ttl",
                   "r2p_kg/_resources/queries/paragraph-text.rq",
                   "r2p_kg/_resources/data/source/sg-r2p-report-2025.zh.txt",
                   "r2p_kg/_resources/data/gazetteer/organizations.csv",
                   "r2p_kg/web/pages/templates/pages/base.html", "r2p_kg/web/static/pages/site.css"):
        assert needed in names, needed
    assert any(n.startswith("r2p_kg/web/static/vendor/") and n.endswith(".js") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert "License-Expression: Apache-2.0" in metadata


def test_an_installed_wheel_builds_and_serves_without_a_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    site = fresh_environment(env_dir)
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True)
    home, work = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("R2P_", "XDG_", "PYTHON"))}
    env["HOME"] = str(home)
    where = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import r2p_kg; print(r2p_kg.__file__)"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(site)), where

    port = free_port()
    proc = subprocess.Popen([str(env_dir / "bin" / "r2p-kg"), "serve", "--port", str(port), "--workers", "1"],
                            cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            try:
                if httpx.get(url + "/health", timeout=2).json().get("ready"):
                    break
            except (httpx.HTTPError, ValueError):
                pass
            assert time.monotonic() < deadline, "the installed server did not become ready"
            time.sleep(0.2)
        assert (home / ".local" / "share" / "r2p-kg" / "dist" / "build.json").is_file()
        page = httpx.get(url + "/report/sg-2025", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "保护责任" in page.text
        css = httpx.get(url + "/-/static/pages/site.css", timeout=30)
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        ask = httpx.get(url + "/sparql", timeout=30, headers={"Accept": "application/sparql-results+json"},
                        params={"query": "ASK { ?p <https://w3id.org/r2p/ontology#number> 80 }"})
        assert ask.json()["boolean"] is True
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
