"""Nested-query storm (issue 13): deeply nested queries, the kind that used to crash a query worker
(a 500, a full data reload, and 503s or failures for everyone else meanwhile), sent all through
normal traffic. Each is refused with 400 ``too-complex`` before a worker sees it, no worker dies,
and normal traffic keeps at least 99 % success. ``make test`` runs a short storm on the built report;
``make soak`` a long one on a 100-report synthetic corpus (``R2P_STORM_REPORTS``)."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter

import httpx
import pytest

from .conftest import DEADLINE, _env, count, record
from .mix import catalogue
from .servers import LoggedServer

SHAPES = {
    "parentheses": lambda i: "SELECT * WHERE { FILTER(" + "(" * 5000 + str(i) + ")" * 5000 + ") }",
    "groups": lambda i: f"SELECT * WHERE {{ BIND({i} AS ?i) " + "{" * 3000 + "}" * 3000 + " }",
    "unions": lambda i: (f"SELECT * WHERE {{ BIND({i} AS ?i) "
                         + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }"),
    "calls": lambda i: "SELECT * WHERE { BIND(" + "CONCAT(" * 1000 + f"'{i}'" + ")" * 1000 + " AS ?x) }",
}
FRESH = "ASK {{ ?s ?p \"storm-{i}\" }}"  # cheap but never cached: it needs a query worker


@pytest.fixture(scope="module")
def storm_server(server, tmp_path_factory):
    """The session's server over the built report, or (R2P_STORM_REPORTS > 1) a server over a
    synthetic corpus of that many reports."""
    reports = count("R2P_STORM_REPORTS", 1, 100)
    if reports <= 1:
        yield server, 1
        return
    from r2p_kg.build import build
    from r2p_kg.report import read_report
    from r2p_kg.synthetic import write_corpus

    from ..conftest import REPORT_FILE
    work = tmp_path_factory.mktemp("storm")
    paths = write_corpus(read_report(REPORT_FILE), reports, work / "corpus")
    dist = build(paths, work / "dist").out
    with LoggedServer(dist, work / "server.log", "--timeout", str(DEADLINE), "--workers", "2",
                      env=_env()) as srv:
        yield srv, reports


def _traffic(url: str, stop: threading.Event, out: Counter) -> None:
    """Normal traffic until ``stop``: the catalogue's queries (cached after their first answer)
    and uncached ASKs that each need a query worker."""
    client = httpx.Client(timeout=30)
    reqs = catalogue()
    for i in itertools.count():
        if stop.is_set():
            break
        try:
            if i % 2:
                path, accept = reqs[i % len(reqs)]
                resp = client.get(url + path, headers={"Accept": accept})
            else:
                resp = client.get(url + "/sparql", params={"query": FRESH.format(i=i)},
                                  headers={"Accept": "application/json"})
            out[str(resp.status_code)] += 1
        except httpx.HTTPError as exc:
            out[type(exc).__name__] += 1
    client.close()


@pytest.mark.timeout(1800)
def test_a_nested_query_storm_crashes_nothing_and_normal_traffic_succeeds(storm_server):
    srv, reports = storm_server
    storm = count("R2P_STORM_QUERIES", 24, 600)
    crashes_before = srv.log().count("crashed while running")
    stop, normal = threading.Event(), Counter()
    clients = [threading.Thread(target=_traffic, args=(srv.url, stop, normal)) for _ in range(3)]
    for t in clients:
        t.start()
    refused: Counter = Counter()
    shapes = list(SHAPES.values())
    t0 = time.monotonic()
    with httpx.Client(timeout=30) as client:
        for i in range(storm):
            text = shapes[i % len(shapes)](i)
            try:
                resp = client.post(srv.url + "/sparql", data={"query": text},
                                   headers={"Accept": "application/json"})
                code = resp.json()["error"]["code"] if resp.status_code >= 400 else ""
                refused[f"{resp.status_code} {code}".strip()] += 1
            except httpx.HTTPError as exc:
                refused[type(exc).__name__] += 1
            time.sleep(0.1)
    seconds = time.monotonic() - t0
    stop.set()
    for t in clients:
        t.join()
    total = sum(normal.values())
    ok = normal["200"]
    crashes = srv.log().count("crashed while running") - crashes_before
    record("nested-storm", reports=reports, nested_queries=storm, seconds=round(seconds, 1),
           nested_outcomes=dict(refused), normal_requests=total, normal_outcomes=dict(normal),
           normal_success=round(ok / total, 4) if total else None, worker_crashes=crashes)
    assert refused == Counter({"400 too-complex": storm}), refused
    assert total > 0 and ok / total >= 0.99, normal
    assert crashes == 0
    assert srv.up()
