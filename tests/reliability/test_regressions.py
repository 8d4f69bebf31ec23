"""Regression tests, one per defect the reliability tests found, each named after the problem."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from r2p_kg.errors import Overloaded, QueryTimeout
from r2p_kg.workers import Query, WorkerPool

from .servers import raw_request

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("header,value", [("X-Forwarded-Proto", "*/*"), ("X-Forwarded-Proto", "ht tp"),
                                          ("X-Forwarded-Host", "a b"), ("X-Forwarded-Host", "x/y?z"),
                                          ("X-Forwarded-Port", "http"), ("X-Forwarded-Prefix", "a b"),
                                          ("X-Forwarded-Prefix", "/%zz"), ("X-Forwarded-Host", "%zz")])
def test_malformed_forwarded_header_is_ignored_not_a_500(server, header, value):
    """X-Forwarded-Proto: */* made the base IRI '*/*://host/sparql': pyoxigraph refused it, 500."""
    resp = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { BIND(<x> AS ?x) }"},
                     headers={header: value, "Accept": "application/json"}, timeout=20)
    assert resp.status_code == 200, resp.text
    assert resp.json()["results"]["bindings"][0]["x"]["value"].startswith(server.url)
    description = httpx.get(server.url + "/sparql", headers={header: value, "Accept": "text/turtle"})
    assert description.status_code == 200


def test_malformed_host_is_400_not_a_500(server):
    status, _, body = raw_request(server.url, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": "a b/c"})
    assert status == 400 and b"Host" in body


def test_chunked_body_over_the_limit_is_413_not_run_cut(server):
    """werkzeug cut a chunked body at MAX_CONTENT_LENGTH without error, and the cut query ran."""
    from .conftest import MAX_BODY
    body = b"ASK {} #" + b"a" * MAX_BODY
    resp = httpx.post(server.url + "/sparql", content=iter([body[:MAX_BODY // 2], body[MAX_BODY // 2:]]),
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/json"})
    assert resp.status_code == 413


def test_small_chunked_body_is_read(server):
    resp = httpx.post(server.url + "/sparql", content=iter([b"ASK ", b"{}"]),
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/json"})
    assert resp.status_code == 200 and resp.json()["boolean"] is True


def test_413_reaches_a_client_that_sends_its_whole_body_first(server):
    """The server answered 413 and closed while the client still sent: the client saw a reset."""
    from .conftest import MAX_BODY
    for _ in range(5):
        resp = httpx.post(server.url + "/update", content=b"x" * (3 * MAX_BODY),
                          headers={"Content-Type": "application/sparql-update"}, timeout=30)
        assert resp.status_code == 413


def test_get_query_of_several_kilobytes_is_not_414(server):
    """gunicorn's request line limit (4094 bytes) refused GET queries of a few KB with 414."""
    query = "ASK { FILTER(true) } #" + "x" * 6000
    assert httpx.get(server.url + "/sparql", params={"query": query}, timeout=20).status_code == 200


@pytest.mark.parametrize("timeout", ["1e-9", "1.29e-253", "0.001"])
def test_tiny_client_timeout_cannot_make_the_server_restart_workers(server, timeout):
    """timeout=1e-253 was accepted: even ASK {} missed that deadline, so its worker was killed and
    replaced (the data loaded again) on every such request. Found by schemathesis."""
    before = _worker_pids(server)
    assert len(before) >= 2
    resp = httpx.get(server.url + "/sparql", params={"query": "ASK {}", "timeout": timeout},
                     headers={"Accept": "application/json"}, timeout=20)
    assert resp.status_code == 400 and "at least" in resp.json()["error"]["message"]
    assert _worker_pids(server) == before


def _worker_pids(server) -> set[int]:
    """The query workers of a LoggedServer: its group, less gunicorn's master and worker."""
    return {p for p in server.group_pids()
            if "r2p_kg.cli" not in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")}


def test_a_worker_still_loading_is_not_killed_by_a_job_that_waited_too_long(built):
    """A job whose deadline passed while it waited killed the fresh (still loading) worker it got,
    which started another load: 20 runaways made a cascade of loads and answered 1.5 s late."""
    pool = WorkerPool(built.out / "r2p.nq", 1)
    try:
        pool.start(wait=60)
        with pytest.raises(QueryTimeout):
            pool.run(Query(SLOW, "json", "turtle"), timeout=0.5)  # killed; a replacement loads
        (loading,) = pool.pids()
        with pytest.raises(Overloaded):
            pool.run(Query("ASK {}", "json", "turtle"), timeout=0.05)
        assert pool.pids() == [loading]  # kept: no second load was started
        assert pool.run(Query("ASK {}", "json", "turtle"), timeout=60).flag is True
    finally:
        pool.close()


def test_waiting_queries_are_bounded_so_they_cannot_hold_every_thread(built):
    """With 8 gunicorn threads, 20 runaway queries waiting for 2 query workers held every thread:
    the pages and cached answers waited seconds. Past max_waiting a query is 'busy' at once."""
    pool = WorkerPool(built.out / "r2p.nq", 1, max_waiting=1)
    outcomes: list = []
    try:
        pool.start(wait=60)

        def run(timeout: float) -> None:
            try:
                pool.run(Query(SLOW, "json", "turtle"), timeout=timeout)
            except Exception as exc:  # any error: the outcome is what is tested
                outcomes.append(type(exc).__name__)

        first = threading.Thread(target=run, args=(2.0,))
        second = threading.Thread(target=run, args=(2.0,))
        first.start()
        time.sleep(0.3)
        second.start()  # waits for the worker
        time.sleep(0.3)
        t0 = time.monotonic()
        with pytest.raises(Overloaded, match="already wait"):
            pool.run(Query("ASK {}", "json", "turtle"), timeout=60.0)
        # At once, not after waiting: far less than its 60 s deadline, however loaded the machine.
        assert time.monotonic() - t0 < 30
        first.join()
        second.join()
        assert outcomes[0] == "QueryTimeout"
    finally:
        pool.close()
