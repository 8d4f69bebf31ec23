"""``r2p-kg serve --backend URL``: the production server over a real remote store gives the same
answers as over the embedded store, with the store's password read from the environment only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bench.stores import free_port
from r2p_kg.export.push import push

from .conftest import push_options

QUESTIONS = [
    "PREFIX r2p: <https://w3id.org/r2p/ontology#> SELECT ?n ?text WHERE { ?p a r2p:Paragraph ; "
    "r2p:number ?n ; r2p:text ?text } ORDER BY ?n",
    "PREFIX r2p: <https://w3id.org/r2p/ontology#> SELECT ?f ?n WHERE { "
    "<https://w3id.org/r2p/id/report/sg-2025/paragraph/21> r2p:hasFootnote ?f . ?f r2p:number ?n } ORDER BY ?n",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
]


def serve(dist, *extra: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "r2p_kg.cli", "serve", "--dist", str(dist),
                             "--port", str(port), *extra], env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stdout.read().decode()) from None
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not start")


def triples(url: str) -> set[str]:
    with urllib.request.urlopen(url, timeout=30) as r:
        lines = r.read().decode("utf-8").splitlines()
    # Oxigraph folds integer-derived datatypes to xsd:integer (see conftest.INTEGER_DERIVED).
    return {line.replace("#nonNegativeInteger>", "#integer>") for line in lines if line.strip()}


def gsp(url: str) -> set[str]:
    """A Graph Store answer as a set of N-Triples lines."""
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return {line for line in r.read().decode("utf-8").splitlines() if line.strip()}


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode("utf-8")


def ask(base: str, query: str) -> list[dict]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return [{k: v["value"] for k, v in row.items()} for row in json.load(r)["results"]["bindings"]]


@pytest.mark.parametrize("store", ["oxigraph", "virtuoso"], indirect=True)
def test_serve_over_a_remote_store(store, dataset, built):
    for graph in dataset.graph_names():
        push(dataset.triples(graph), graph, **push_options(store))
    embedded, local = serve(built.out)
    extra = ["--backend", store.query]
    env = {}
    if store.auth:
        extra += ["--backend-user", store.user, "--backend-auth", store.auth]
        env["R2P_BACKEND_PASSWORD"] = store.password
    remote, over = serve(built.out, *extra, env=env)
    try:
        for q in QUESTIONS:
            assert ask(over, q) == ask(local, q)
        rows = ask(over, QUESTIONS[1])
        assert [r["n"] for r in rows] == ["24", "25"]
        # The linked-data pages read the remote store too: the same descriptions and the same pages.
        for path in ("/id/country/SD.nt", "/id/report/sg-2025/paragraph/21.nt", "/graph/sg-2025.nt"):
            assert triples(over + path) == triples(local + path), path
        for path in ("/id/country/SD?lang=en", "/report/sg-2025?lang=zh", "/id/crime/genocide?lang=zh"):
            assert page(over + path) == page(local + path), path
        reader = page(over + "/report/sg-2025?lang=zh")
        assert all(f'id="p{n}"' in reader for n in range(1, 81)) and 'id="p81"' not in reader
        # The Graph Store: the same graphs, whole, and the default graph is the same union.
        for graph in dataset.graph_names():
            path = "/store?" + urllib.parse.urlencode({"graph": graph})
            assert gsp(over + path) == gsp(local + path) == {
                str(t) + " ." for t in dataset.triples(graph)}, graph
        assert gsp(over + "/store?default") == gsp(local + "/store?default") == {
            str(t) + " ." for t in dataset.triples()}
        for graph in ("http://www.openlinksw.com/schemas/virtrdf#", "http://example.org/not-in-the-dataset"):
            path = "/store?" + urllib.parse.urlencode({"graph": graph})
            assert status(over + path) == status(local + path) == 404, graph
    finally:
        for proc in (embedded, remote):
            proc.terminate()
            output = proc.communicate(timeout=30)[0].decode()
            if store.password:
                assert store.password not in output


def test_backend_union_sends_no_graph_list(built):
    """--backend-union: the store's default graph is the dataset's union, so no list of graphs goes
    with each query; without it, the dataset's graphs do (a store's other graphs stay out)."""
    from r2p_kg.remote_store import dataset_graphs
    from r2p_kg.web import create_app
    from r2p_kg.web.context import get_store
    config = {"TESTING": True, "R2P_DIST": str(built.out), "R2P_EXTENSIONS": (),
              "R2P_BACKEND": "http://127.0.0.1:9/sparql"}
    assert get_store(create_app({**config, "R2P_BACKEND_UNION": True})).graphs == ()
    graphs = get_store(create_app(config)).graphs
    assert graphs == tuple(dataset_graphs(built.out)) and len(graphs) >= 2
