"""A corpus describes each shared entity once: the union default graph has no duplicate triples.

Three synthetic reports (``r2p-kg synth``) built with ``r2p-kg build`` and loaded into a real
Oxigraph store. Kenya is named in all three (the generator swaps the report's country names for
others, deterministically from the seed); its labels are the United Nations' names, 肯尼亚 and Kenya.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from r2p_kg.query import ask, load_store

CLI = [sys.executable, "-m", "r2p_kg.cli"]
BASE = "https://w3id.org/r2p/"
KENYA = BASE + "id/country/KE"
SECURITY_COUNCIL = BASE + "id/organization/security-council"
PREFIXES = ("PREFIX r2p: <https://w3id.org/r2p/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")


def _run(args: list[str]) -> subprocess.CompletedProcess:
    proc = subprocess.run(CLI + args, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The built dist/ folder of three synthetic reports (validated by the build)."""
    tmp = tmp_path_factory.mktemp("corpus")
    _run(["synth", "--count", "3", "--seed", "5", "--out", str(tmp / "texts")])
    sources = sorted((tmp / "texts").glob("*.zh.txt"))
    assert len(sources) == 3
    _run(["build", "--out", str(tmp / "dist"), *[a for f in sources for a in ("--source", str(f))]])
    return tmp / "dist"


@pytest.fixture(scope="module")
def store(corpus) -> ox.Store:
    return load_store(corpus / "r2p.nq")


def _one(store: ox.Store, query: str) -> int:
    return int(ask(store, PREFIXES + query).rows[0][0])


def test_kenya_is_named_by_every_report(store):
    """The premise of the label test: the three report graphs all name Kenya."""
    rows = ask(store, PREFIXES + f"SELECT DISTINCT ?r WHERE {{ ?p r2p:inReport ?r ; r2p:mentions <{KENYA}> }}").rows
    assert sorted(r[0] for r in rows) == [f"{BASE}id/report/synthetic-000{i}" for i in (1, 2, 3)]


def test_the_union_has_no_duplicate_triples(store, corpus):
    distinct = {q.triple for q in ox.parse(path=str(corpus / "r2p.nq"), format=ox.RdfFormat.N_QUADS)}
    union = _one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert union == len(distinct)
    # ... because no triple is stated in two named graphs: the graphs' sizes add up to the union.
    assert _one(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == union


def test_a_shared_country_has_each_label_once(store):
    rows = ask(store, PREFIXES + f"SELECT ?l WHERE {{ <{KENYA}> rdfs:label ?l }}").dicts()
    assert sorted(r["l"] for r in rows) == ["Kenya", "肯尼亚"]
    codes = ask(store, PREFIXES + f"SELECT ?c WHERE {{ <{KENYA}> r2p:iso3166Alpha2 ?c }}").rows
    assert codes == (("KE",),)


def test_a_shared_organization_is_described_in_the_entities_graph_only(store):
    rows = ask(store, PREFIXES + f"SELECT ?g ?l WHERE {{ GRAPH ?g {{ <{SECURITY_COUNCIL}> rdfs:label ?l }} }}").rows
    assert sorted(rows) == [(BASE + "graph/entities", "Security Council"), (BASE + "graph/entities", "安全理事会")]


def test_each_report_graph_holds_its_own_statements(store):
    """Paragraphs stay in their report's graph; no report graph restates an entity's label."""
    for i in (1, 2, 3):
        graph = f"{BASE}graph/synthetic-000{i}"
        assert _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?p a r2p:Paragraph }} }}") > 0
        assert _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ <{KENYA}> ?p ?o }} }}") == 0


def test_validate_sees_the_entities_with_the_reports(corpus, tmp_path):
    """The shapes hold on the union (the build validated it: it fails otherwise); a report's graph
    without the entities graph does not validate (its mentions' bodies are then undeclared), which
    is why the build validates them together."""
    alone = [q for q in ox.parse(path=str(corpus / "r2p.nq"), format=ox.RdfFormat.N_QUADS)
             if q.graph_name.value == f"{BASE}graph/synthetic-0001"]
    (tmp_path / "alone.nq").write_bytes(ox.serialize(alone, format=ox.RdfFormat.N_QUADS))
    proc = subprocess.run(CLI + ["validate", str(tmp_path / "alone.nq")], capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
