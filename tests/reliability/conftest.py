"""Fixtures of the reliability tests: real ``r2p-kg serve`` processes (gunicorn) on loopback over the
built dataset, the counts that ``R2P_SOAK=1`` scales up, and the figures each test records for
RELIABILITY.md (``tests/reliability/report.py``)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from pathlib import Path

import httpx
import pytest

from r2p_kg.config import ROOT

from ..conftest import need
from .servers import LoggedServer

SOAK = os.environ.get("R2P_SOAK", "").lower() not in ("", "0", "false", "no")
OUT = Path(os.environ.get("R2P_RELIABILITY_OUT", ROOT / "test-artifacts" / "reliability"))
FIGURES = OUT / "figures.jsonl"

# The servers' limits, short so that the bounded suite stays fast.
DEADLINE = 2.0  # R2P_TIMEOUT: a runaway query is stopped after this many seconds
CLIENT_TIMEOUT = 2.0  # R2P_CLIENT_TIMEOUT: a request must arrive whole within this
MAX_BODY = 1_000_000  # R2P_MAX_BODY
TOKEN = secrets.token_urlsafe(24)
PUSH_SECRET = "push-" + secrets.token_urlsafe(18)
BACKEND_SECRET = "backend-" + secrets.token_urlsafe(18)


def count(name: str, quick: int, soak: int) -> int:
    """A count from ``name`` in the environment, else ``soak`` under R2P_SOAK=1, else ``quick``."""
    return int(os.environ.get(name, soak if SOAK else quick))


def record(scenario: str, **figures: object) -> None:
    """Append one scenario's figures for the report (one JSON object per line)."""
    OUT.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"scenario": scenario, "soak": SOAK, "at": time.time(), **figures}) + "\n")


@pytest.fixture(scope="session", autouse=True)
def _fresh_figures() -> None:
    """Each session writes its own figures (the report reads one run, never a mix)."""
    OUT.mkdir(parents=True, exist_ok=True)
    FIGURES.unlink(missing_ok=True)


def _env(**extra: str) -> dict[str, str]:
    return {"R2P_CLIENT_TIMEOUT": str(CLIENT_TIMEOUT), "R2P_MAX_BODY": str(MAX_BODY),
            **extra}


@pytest.fixture(scope="session")
def server(built, tmp_path_factory):
    """Read-only ``r2p-kg serve`` (gunicorn, 2 query workers) with a 2 s deadline, 1 MB bodies and
    2 s for a client to send a request."""
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with LoggedServer(built.out, log, "--timeout", str(DEADLINE), "--workers", "2", env=_env()) as srv:
        yield srv


@pytest.fixture(scope="session")
def writable(built, tmp_path_factory):
    """``r2p-kg serve --allow-update`` over the built dataset; the update token, a push password
    and a backend password are in its environment (none may ever reach its log)."""
    log = tmp_path_factory.mktemp("serve-writable") / "server.log"
    env = _env(R2P_UPDATE_TOKEN=TOKEN, R2P_PUSH_PASSWORD=PUSH_SECRET, R2P_BACKEND_PASSWORD=BACKEND_SECRET)
    with LoggedServer(built.out, log, "--allow-update", "--timeout", str(DEADLINE), "--workers", "2",
                      env=env) as srv:
        yield srv


@pytest.fixture()
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def wrk() -> str:
    path = shutil.which("wrk")
    need(path is not None, "wrk is not installed (apt-get install wrk)")
    return path


@pytest.fixture(scope="session")
def entity_paths(server, built) -> list[str]:
    """Paths of a spread of entities of the built graph, as the server serves them (``/id/...``)."""
    base = json.loads((built.out / "build.json").read_text(encoding="utf-8")).get("base",
                                                                                  "https://w3id.org/r2p/")
    query = (f"SELECT DISTINCT ?s WHERE {{ ?s a ?t FILTER(STRSTARTS(STR(?s), \"{base}id/\")) }} "
             "ORDER BY ?s LIMIT 2000")
    rows = httpx.get(server.url + "/sparql", params={"query": query, "format": "json"},
                     timeout=30).json()["results"]["bindings"]
    iris = [r["s"]["value"] for r in rows]
    step = max(1, len(iris) // 16)
    return ["/" + iri.removeprefix(base) for iri in iris[::step]][:16]


