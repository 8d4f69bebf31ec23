"""``r2p-kg serve``: the production server (gunicorn), its options, and ``--get`` for one request."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from r2p_kg.cli import main

from .servers import GunicornProcess, alive


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return {int(p) for p in out.stdout.split()}


def test_serve_runs_gunicorn_and_stops_cleanly(built):
    with GunicornProcess(built.out, "--workers", "2", "--max-rows", "5", "--timeout", "3") as srv:
        resp = httpx.get(srv.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert resp.headers["server"].startswith("gunicorn")
        assert resp.status_code == 422  # --max-rows reached the app
        settings = {s["name"]: s["value"] for s in httpx.get(srv.url + "/-/settings").json()["settings"]}
        assert settings["R2P_TIMEOUT"] == 3.0 and settings["R2P_WORKERS"] == 2
        gunicorn_workers = _children(srv.proc.pid)
        assert gunicorn_workers
        query_workers = set().union(*(_children(p) for p in gunicorn_workers))
        assert len(query_workers) >= 2
    time.sleep(0.2)
    assert not [p for p in query_workers if alive(p)], "query workers outlived the server"


def test_allow_update_needs_a_token(built, capsys, monkeypatch):
    monkeypatch.delenv("R2P_UPDATE_TOKEN", raising=False)
    assert main(["serve", "--dist", str(built.out), "--allow-update"]) == 2
    assert "R2P_UPDATE_TOKEN" in capsys.readouterr().err


def test_get_runs_one_request_in_process(built):
    out = subprocess.run([sys.executable, "-m", "r2p_kg.cli", "serve", "--dist", str(built.out),
                          "--get", "/sparql?query=ASK%7B%7D"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("200 OK") and '"boolean":true' in out.stdout


def test_missing_dataset_is_a_clear_error(tmp_path, capsys):
    assert main(["serve", "--dist", str(tmp_path)]) == 2
    assert "r2p-kg build" in capsys.readouterr().err
