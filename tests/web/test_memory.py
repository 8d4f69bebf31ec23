"""A query that needs too much memory is stopped with 422 ``out-of-memory`` and its worker replaced,
so it cannot exhaust the machine."""

from __future__ import annotations

import json

import httpx
import pytest

from r2p_kg.errors import QueryOutOfMemory
from r2p_kg.workers import Query, WorkerPool

from .servers import ThreadedServer

# Every pair of triples, sorted: ~15,000² rows to hold before the first answer (tens of GB).
SORTED_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
COUNT = ("PREFIX r2p: <https://w3id.org/r2p/ontology#> "
         "SELECT (COUNT(*) AS ?n) WHERE { ?p a r2p:Paragraph }")


def test_a_query_over_its_memory_is_stopped_and_the_worker_replaced(built):
    pool = WorkerPool(built.out / "r2p.nq", 1, memory_mb=256)
    try:
        pool.start(wait=60)
        (before,) = pool.pids()
        with pytest.raises(QueryOutOfMemory, match="more than the 256 MB"):
            pool.run(Query(SORTED_PRODUCT, "json", "turtle"), timeout=60)
        (after,) = pool.pids()
        assert after != before
        answer = pool.run(Query(COUNT, "json", "turtle"), timeout=60)
        assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "80"
    finally:
        pool.close()


def test_the_endpoint_answers_422_out_of_memory(built):
    with ThreadedServer({"R2P_DIST": str(built.out), "R2P_QUERY_MEMORY_MB": 256, "R2P_WORKERS": 1,
                         "R2P_TIMEOUT": 60}) as srv:
        resp = httpx.post(srv.url + "/sparql", data={"query": SORTED_PRODUCT}, timeout=90,
                          headers={"Accept": "application/json"})
        assert resp.status_code == 422
        assert resp.json()["error"]["code"] == "out-of-memory"
        assert "256 MB" in resp.json()["error"]["message"]
        ok = httpx.get(srv.url + "/sparql", params={"query": COUNT}, timeout=60,
                       headers={"Accept": "application/sparql-results+json"})
        assert ok.status_code == 200 and ok.json()["results"]["bindings"][0]["n"]["value"] == "80"
