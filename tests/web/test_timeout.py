"""Timeouts that hold: a cartesian product is stopped at its deadline with 503 ``timeout``, its
worker process is killed (CPU released) and replaced, and other clients are answered meanwhile."""

from __future__ import annotations

import threading
import time

import httpx

from .servers import alive

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "ASK { ?s ?p ?o }"


def test_cartesian_product_stops_at_deadline_while_others_are_served(strict):
    before = set(strict.store.pool.pids())
    outcome: dict = {}

    def heavy() -> None:
        t0 = time.monotonic()
        outcome["resp"] = httpx.post(strict.url + "/sparql", data={"query": CARTESIAN}, timeout=30,
                                     headers={"Accept": "application/json"})
        outcome["seconds"] = time.monotonic() - t0

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.3)
    quick = []
    while thread.is_alive():
        t0 = time.monotonic()
        r = httpx.get(strict.url + "/sparql", params={"query": SIMPLE, "format": "json"}, timeout=10)
        quick.append((r.status_code, time.monotonic() - t0))
        time.sleep(0.05)
    thread.join()

    resp = outcome["resp"]
    assert resp.status_code == 503
    assert resp.json()["error"]["code"] == "timeout"
    assert "1.5 s" in resp.json()["error"]["message"]
    assert outcome["seconds"] >= 1.4  # stopped by its deadline, not before
    # Never stuck behind the heavy query: several quick ones were answered while it ran.
    assert len(quick) >= 2 and all(status == 200 for status, _ in quick), quick

    after = set(strict.store.pool.pids())
    killed = before - after
    assert len(killed) == 1 and not any(alive(pid) for pid in killed)
    assert len(after) == strict.store.pool.size  # replaced
    # the replacement answers
    assert httpx.get(strict.url + "/sparql", params={"query": SIMPLE}).status_code == 200


def test_client_may_ask_for_a_shorter_deadline_never_longer(strict):
    t0 = time.monotonic()
    resp = httpx.get(strict.url + "/sparql", params={"query": CARTESIAN, "timeout": "0.5"}, timeout=30)
    assert resp.status_code == 503 and "0.5 s" in resp.text
    assert time.monotonic() - t0 < 1.4
    resp = httpx.get(strict.url + "/sparql", params={"query": CARTESIAN, "timeout": "100"}, timeout=30)
    assert resp.status_code == 503 and "1.5 s" in resp.text


def test_timeout_is_never_a_200_with_a_cut_body(strict):
    resp = httpx.get(strict.url + "/sparql", params={"query": CARTESIAN},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert resp.status_code == 503
    assert resp.headers["content-type"].startswith("text/plain")
    assert resp.text.startswith("503 timeout:") and "results" not in resp.text
