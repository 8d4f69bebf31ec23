"""A rebuild loop while serving (issue 13, item 6): ``r2p-kg serve`` keeps answering from the build
it started with — queries, dumps, VoID — while builds replace ``dist`` again and again and query
workers are replaced meanwhile. Zero 5xx in the traffic; the runaway that replaces a worker gets its
documented 503 and is not counted as traffic."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter

import httpx

from r2p_kg.build import build

from ..conftest import REPORT_FILE
from .conftest import DEADLINE, _env, count, record
from .servers import LoggedServer

REBUILDS = count("R2P_REBUILDS", 2, 12)
OTHER_BASE = "https://example.org/r2p/"  # every other rebuild differs from the served dataset
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(?n != {i}) }}"
TRAFFIC = [
    ("/sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),  # cached after the first
    ("/sparql", None),  # an uncached query: it needs a query worker
    ("/dumps/build.json", None),
    ("/dumps/SHA256SUMS", None),
    ("/dumps/r2p.nt.gz", None),
    ("/.well-known/void", None),
    ("/health", None),
]


def _traffic(url: str, stop: threading.Event, statuses: Counter, errors: list) -> None:
    client = httpx.Client(timeout=60, headers={"Accept": "application/json, */*;q=0.1"})
    i = 0
    while not stop.is_set():
        i += 1
        path, params = TRAFFIC[i % len(TRAFFIC)]
        if path == "/sparql" and params is None:
            params = {"query": f'ASK {{ ?s ?p "rebuild-{i}" }}'}
        try:
            resp = client.get(url + path, params=params)
            statuses[resp.status_code] += 1
            if resp.status_code >= 500:
                errors.append(f"{path} {resp.status_code} {resp.text[:200]}")
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] += 1
            errors.append(f"{path} {type(exc).__name__}")
    client.close()


def test_a_rebuild_loop_while_serving_answers_no_5xx(tmp_path):
    out = tmp_path / "dist"
    first = build([REPORT_FILE], out, validate=False)
    served = out.resolve()
    manifest = (out / "build.json").read_bytes()
    statuses: Counter = Counter()
    errors: list[str] = []
    runaways: Counter = Counter()
    t0 = time.monotonic()
    with LoggedServer(out, tmp_path / "server.log", "--workers", "2", "--timeout", str(DEADLINE),
                      env=_env()) as srv:
        stop = threading.Event()
        traffic = threading.Thread(target=_traffic, args=(srv.url, stop, statuses, errors))
        traffic.start()
        try:
            for i in range(REBUILDS):
                build([REPORT_FILE], out, base=OTHER_BASE if i % 2 == 0 else None, validate=False)
                # A query past its deadline: its worker is killed and a new one loads the served build.
                resp = httpx.post(srv.url + "/sparql", data={"query": RUNAWAY.format(i=i), "timeout": "1"},
                                  headers={"Accept": "application/json"}, timeout=60)
                runaways[f"{resp.status_code} {resp.json()['error']['code'] if resp.status_code >= 400 else ''}"] += 1
        finally:
            stop.set()
            traffic.join()
        # Still the dataset the server started with, whole.
        assert httpx.get(srv.url + "/dumps/build.json", timeout=30).content == manifest
        nq = httpx.get(srv.url + "/dumps/r2p.nq", timeout=60)
        assert nq.status_code == 200 and hashlib.sha256(nq.content).hexdigest() == first.version
    def builds() -> list:
        return [p for p in (tmp_path / ".dist-builds").iterdir() if p.name.startswith("build-")]

    kept = len(builds())  # the two newest and the one the server pinned
    build([REPORT_FILE], out, validate=False)  # the server has let go: this build prunes its folder
    record("rebuild", rebuilds=REBUILDS, requests=sum(statuses.values()),
           statuses={str(k): n for k, n in sorted(statuses.items(), key=str)}, server_errors=len(errors),
           runaways=dict(runaways), seconds=round(time.monotonic() - t0, 1), builds_kept_after=kept)
    assert not errors, errors[:10]
    assert sum(statuses.values()) >= REBUILDS and statuses[200] > 0
    assert runaways == {"503 timeout": REBUILDS}
    assert kept == min(REBUILDS, 2) + 1 and len(builds()) == 2 and not served.exists()
