"""One configuration path: the settings registry, merged once (defaults, environment, the
``R2P_WEB_CONFIG`` file, options), read alike by the app, gunicorn and ``r2p-kg serve``; and every
setting documented in docs/endpoint.md."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from r2p_kg.web.server import gunicorn_options
from r2p_kg.web.settings import SETTINGS, load

from .servers import GunicornProcess

DOCS = Path(__file__).resolve().parents[2] / "docs" / "endpoint.md"


def test_load_merges_environment_then_file_then_options(tmp_path, monkeypatch):
    monkeypatch.setenv("R2P_TIMEOUT", "7")
    monkeypatch.delenv("R2P_WEB_CONFIG", raising=False)
    assert load()["R2P_TIMEOUT"] == 7.0
    cfg = tmp_path / "site.py"
    cfg.write_text("R2P_TIMEOUT = 8.0\nR2P_MAX_ROWS = 5\nR2P_CLIENT_TIMEOUT = 3.0\n", encoding="utf-8")
    monkeypatch.setenv("R2P_WEB_CONFIG", str(cfg))
    merged = load({"R2P_MAX_ROWS": 6})
    assert (merged["R2P_TIMEOUT"], merged["R2P_MAX_ROWS"]) == (8.0, 6)
    # gunicorn's options read the same merge: the file's client deadline, the file's query deadline
    options = gunicorn_options("127.0.0.1", 0)
    assert options["worker_class"].client_timeout == 3.0
    assert options["timeout"] == 8 + 60


def test_a_config_file_reaches_gunicorn(built, tmp_path):
    """R2P_WORKERS, R2P_TIMEOUT and R2P_CLIENT_TIMEOUT from an R2P_WEB_CONFIG file: the app shows
    them, and gunicorn disconnects a client that stalls mid-request after the file's 1 s, not the
    default 30 s."""
    cfg = tmp_path / "serve.py"
    cfg.write_text("R2P_WORKERS = 1\nR2P_TIMEOUT = 4.5\nR2P_CLIENT_TIMEOUT = 1.0\n", encoding="utf-8")
    with GunicornProcess(built.out, env={"R2P_WEB_CONFIG": str(cfg)}) as srv:
        shown = {s["name"]: s["value"] for s in httpx.get(srv.url + "/-/settings").json()["settings"]}
        assert (shown["R2P_WORKERS"], shown["R2P_TIMEOUT"], shown["R2P_CLIENT_TIMEOUT"]) == (1, 4.5, 1.0)
        with socket.create_connection(("127.0.0.1", srv.port)) as client:
            client.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the end
            assert _closed_by_server(client, within=15.0), "a stalled client was kept past 15 s"
    # the server says what it runs with when it starts
    assert "R2P_WORKERS=1 R2P_TIMEOUT=4.5 R2P_CLIENT_TIMEOUT=1;" in srv.output()


def test_serve_finds_the_dataset_named_in_the_config_file(built, tmp_path):
    """Without --dist, ``r2p-kg serve`` serves the R2P_DIST of the settings (here from the file)."""
    cfg = tmp_path / "serve.py"
    cfg.write_text(f"R2P_DIST = {str(built.out)!r}\nR2P_WORKERS = 1\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "R2P_DIST"}
    done = subprocess.run([sys.executable, "-m", "r2p_kg.cli", "serve", "--get", "/health"],
                          env={**env, "R2P_WEB_CONFIG": str(cfg)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("200 OK") and f'"version":"{built.version}"' in done.stdout.replace(" ", "")


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes ``sock`` before ``within`` seconds pass (polled, not slept)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, min(0.5, deadline - time.monotonic())))
        try:
            if sock.recv(4096) == b"":
                return True
        except TimeoutError:
            continue
        except ConnectionError:
            return True
    return False


def _documented_settings() -> list[str]:
    """The names in the first column of the settings table of docs/endpoint.md's "Configuration"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = []
    for line in section.splitlines():
        if line.startswith("| `R2P_"):
            names += re.findall(r"`(R2P_[A-Z_]+)`", line.split("|")[1])
    return names


def test_every_setting_is_documented():
    documented = _documented_settings()
    registry = [s.key for s in SETTINGS]
    assert "R2P_TIMEOUT" in documented  # the table was found
    assert sorted(set(registry) - set(documented)) == [], "settings missing from docs/endpoint.md"
    assert sorted(set(documented) - set(registry)) == [], "docs/endpoint.md names settings that do not exist"
    assert len(documented) == len(set(documented)), "a setting documented twice"


# --- r2p-kg serve's options, made from the registry -------------------------------------------------

NOT_SETTINGS = {"--help", "--host", "--port", "--dist", "--get"}  # where to listen, what to serve, one request


def _serve_help_flags() -> set[str]:
    done = subprocess.run([sys.executable, "-m", "r2p_kg.cli", "serve", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    options = done.stdout.split("\noptions:\n", 1)[1]  # each option starts a line, after two spaces
    return set(re.findall(r"^  (?:-\w, )?(--[a-z][a-z-]*)", options, flags=re.MULTILINE))


def test_every_serve_flag_is_a_setting_or_where_to_listen():
    flags = _serve_help_flags()
    by_flag = {s.flag: s for s in SETTINGS if s.flag}
    assert "--timeout" in flags and "--backend-row-cap" in flags  # the help was read
    assert sorted(flags - set(by_flag) - NOT_SETTINGS) == [], "options that no setting names"
    assert sorted(set(by_flag) - flags) == [], "settings whose option serve does not offer"
    assert len(by_flag) == len([s for s in SETTINGS if s.flag]), "two settings name the same option"
    # the options that existed before they were made from the registry keep their names
    assert {"--allow-update", "--timeout", "--max-rows", "--workers", "--store", "--service-allow",
            "--backend", "--backend-update", "--backend-user", "--backend-auth", "--backend-row-cap"} <= flags


def test_every_serve_flag_is_in_the_docs():
    section = DOCS.read_text(encoding="utf-8").split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    assert sorted(f for f in _serve_help_flags() - {"--help"} if f not in section) == []


def test_serve_options_become_settings_typed_by_their_default():
    from r2p_kg.cli import given_settings, parser

    args = parser().parse_args(["serve", "--timeout", "2.5", "--max-rows", "7", "--store", "disk",
                                "--allow-update", "--service-allow", "https://a.example/sparql",
                                "--service-allow", "https://b.example/sparql", "--backend-row-cap", "3"])
    assert given_settings(args) == {"R2P_TIMEOUT": 2.5, "R2P_MAX_ROWS": 7, "R2P_STORE_MODE": "disk",
                                    "R2P_ALLOW_UPDATE": True, "R2P_BACKEND_ROW_CAP": 3,
                                    "R2P_SERVICE_ALLOW": ("https://a.example/sparql",
                                                          "https://b.example/sparql")}
    assert given_settings(parser().parse_args(["serve"])) == {}  # the other sources stay in force


def test_a_serve_option_that_must_be_positive_names_itself(built, capsys):
    from r2p_kg.cli import main

    assert main(["serve", "--dist", str(built.out), "--workers", "0", "--get", "/health"]) == 2
    assert "--workers: --workers must be positive, not 0" in capsys.readouterr().err
