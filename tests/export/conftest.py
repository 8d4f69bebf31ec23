"""Fixtures for the export tests: the built dataset's triples and real stores started for the session.

Each store is started once (its own data folder, free loopback ports) and stopped by PID at the end;
tests use distinct graph IRIs. Where a store is not installed the tests skip, except in CI (``need``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from bench.stores import Oxigraph, Server, Virtuoso, oxigraph_binary
from r2p_kg.export.dataset import BuiltDataset, read_built
from r2p_kg.export.push import Auth, Retry

from ..conftest import need

FAST_RETRY = Retry(attempts=3, backoff=0.05, max_wait=0.2)


@pytest.fixture(scope="session")
def dataset(built) -> BuiltDataset:
    return read_built(built.out)


@pytest.fixture(scope="session")
def triples(dataset) -> list[ox.Triple]:
    return dataset.triples()


@pytest.fixture(scope="session")
def sample(triples) -> list[ox.Triple]:
    """Every fourth triple of the report (about 4,900, every kind of term and datatype): for the tests
    of push's mechanics (replace, swap, crash, credentials), which need several chunks, not the whole
    report; the whole report is pushed and verified in test_push_verifies_and_is_idempotent."""
    return triples[::4]


def _virtuoso(tmp_path_factory, **options) -> Iterator[Virtuoso]:
    need(shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None,
         "Virtuoso not installed (apt-get install virtuoso-opensource)")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), **options)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[Virtuoso]:
    yield from _virtuoso(tmp_path_factory)


@pytest.fixture(scope="session")
def capped_virtuoso(tmp_path_factory) -> Iterator[Virtuoso]:
    """A Virtuoso left with a small ResultSetMaxRows (7), as deployments often cut results."""
    yield from _virtuoso(tmp_path_factory, max_rows=7)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory) -> Iterator[Oxigraph]:
    binary = oxigraph_binary()
    need(binary is not None, "the oxigraph server is not installed (pip install oxigraph)")
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph"), binary)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["virtuoso", "oxigraph"])
def store(request) -> Server:
    """Each real store in turn, running (a test before may have killed it)."""
    server: Server = request.getfixturevalue(request.param)
    if not server.running():
        server.start()
    return server


def auth_of(server: Server, password: str | None = None) -> Auth | None:
    if server.auth is None:
        return None
    return Auth(server.auth, server.user, password or server.password or "")  # type: ignore[arg-type]


def push_options(server: Server, protocol: str = "update", **extra) -> dict:
    """Keyword arguments of ``push`` for this store and protocol."""
    return dict(endpoint=server.query, update_endpoint=server.update,
                store=server.gsp if protocol == "gsp" else None, auth=auth_of(server),
                retry=FAST_RETRY, timeout=30, **extra)


def graph_triples(server: Server, graph: str) -> set[ox.Triple]:
    """Every triple of ``graph`` in the store, by CONSTRUCT (for exact comparisons)."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    url = getattr(server, "public_query", server.query)
    response = httpx.post(url, data={"query": query}, headers={"Accept": "application/n-triples"},
                          timeout=60)
    response.raise_for_status()
    return {q.triple for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)}


def graph_size(server: Server, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    url = getattr(server, "public_query", server.query)
    response = httpx.post(url, data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


XSD = "http://www.w3.org/2001/XMLSchema#"
# Oxigraph stores every integer-derived datatype as xsd:integer (measured with oxigraph 0.5.13):
# "5"^^xsd:nonNegativeInteger comes back as "5"^^xsd:integer. Virtuoso 7.2 keeps the datatype.
INTEGER_DERIVED = {XSD + t for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                     "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                     "unsignedInt", "unsignedShort", "unsignedByte")}


def as_stored(server: Server, triples) -> set[ox.Triple]:
    """The triples as ``server`` gives them back (see INTEGER_DERIVED)."""
    if server.name != "oxigraph":
        return set(triples)
    out = set()
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and o.datatype.value in INTEGER_DERIVED:
            o = ox.Literal(o.value, datatype=ox.NamedNode(XSD + "integer"))
        out.add(ox.Triple(t.subject, t.predicate, o))
    return out
