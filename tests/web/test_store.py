"""The store interface on its own (no HTTP): formats, dataset parameters, errors, graph listing."""

from __future__ import annotations

import json

import pytest

from r2p_kg.errors import ConfigError, QuerySyntaxError, ResultTooLarge
from r2p_kg.store import GRAPH_FORMATS, RESULT_FORMATS, OxigraphStore

REPORT_GRAPH = "https://w3id.org/r2p/graph/sg-2025"


@pytest.fixture(scope="module")
def store(built):
    s = OxigraphStore(built.out, workers=1)
    s.start()
    yield s
    s.close()


def test_version_is_the_build_hash(store, built):
    assert store.version == built.version


def test_named_graphs(store):
    assert REPORT_GRAPH in store.named_graphs()


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_select_in_every_result_format(store, fmt):
    result = store.query("SELECT ?g WHERE { GRAPH ?g {} }", result_format=fmt)
    assert result.kind == "bindings" and result.fmt == fmt and REPORT_GRAPH.encode() in result.body


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_construct_in_every_graph_format(store, fmt):
    result = store.query("CONSTRUCT WHERE { ?s a ?c } LIMIT 2", graph_format=fmt)
    assert result.kind == "graph" and result.rows == 2 and result.body


def test_protocol_dataset_replaces_the_union(store):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = json.loads(store.query(q).body)["results"]["bindings"][0]["n"]["value"]
    one = json.loads(store.query(q, default_graph_uris=[REPORT_GRAPH]).body)
    none = json.loads(store.query(q, default_graph_uris=["http://example.org/none"]).body)
    assert int(one["results"]["bindings"][0]["n"]["value"]) < int(union)
    assert none["results"]["bindings"][0]["n"]["value"] == "0"
    only_default = store.query("ASK { GRAPH ?g { ?s ?p ?o } }", default_graph_uris=[REPORT_GRAPH])
    assert only_default.boolean is False  # named graphs: only those named (none)


def test_errors_are_the_projects(store, tmp_path):
    with pytest.raises(QuerySyntaxError, match="1:"):
        store.query("SELECT WHERE")
    with pytest.raises(ResultTooLarge):
        store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    with pytest.raises(ConfigError):
        OxigraphStore(tmp_path)
