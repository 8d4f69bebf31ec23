"""``push --each-graph`` reads the build one named graph at a time (:func:`each_graph`): one pass
over r2p.nq, one graph in memory, whatever the number of reports."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from r2p_kg.dist import MANIFEST, NQUADS
from r2p_kg.errors import ConfigError
from r2p_kg.export.dataset import each_graph

E = "http://example.org/"
# Sorted by subject, as the build writes r2p.nq: the graphs interleave.
NQ = f"""<{E}s1> <{E}p> "a" <{E}g2> .
<{E}s1> <{E}p> "a" <{E}g1> .
<{E}s2> <{E}p> "\\u4E2D\\u6587 \\"quoted\\"\\nline"@zh <{E}g1> .
<{E}s2> <{E}q> _:b1 <{E}g2> .
<{E}s3> <{E}p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .
_:b1 <{E}p> <{E}o> <{E}g2> .
"""


def nt(s: str, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.Triple:
    return ox.Triple(ox.NamedNode(E + s), ox.NamedNode(E + p), o)


@pytest.fixture
def folder(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    (build / NQUADS).write_text(NQ, encoding="utf-8")
    (build / MANIFEST).write_text(json.dumps({"version": "v1"}), encoding="utf-8")
    return build


# Each graph by hand, from NQ above; the default graph's quad (s3) belongs to no named graph.
EXPECTED = {
    E + "g1": {nt("s1", "p", ox.Literal("a")),
               nt("s2", "p", ox.Literal('中文 "quoted"\nline', language="zh"))},
    E + "g2": {nt("s1", "p", ox.Literal("a")), nt("s2", "q", ox.BlankNode("b1")),
               ox.Triple(ox.BlankNode("b1"), ox.NamedNode(E + "p"), ox.NamedNode(E + "o"))},
}


@pytest.mark.parametrize("spill_bytes", [1, 1 << 20], ids=["spilled-each-line", "spilled-once"])
def test_each_graph_yields_every_named_graph_once_in_order(folder, tmp_path, spill_bytes):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    got = [(g, set(triples)) for g, triples in each_graph(folder, scratch=scratch, spill_bytes=spill_bytes)]
    assert got == sorted(EXPECTED.items())
    assert not list(scratch.iterdir())  # the temporary files are gone


def test_each_graph_abandoned_midway_removes_its_files(folder, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    graphs = each_graph(folder, scratch=scratch)
    assert next(graphs)[0] == E + "g1"
    assert list(scratch.iterdir())  # the other graph waits on disk, not in memory
    graphs.close()  # as a failed push abandons it
    assert not list(scratch.iterdir())


def test_each_graph_without_a_build_says_so(tmp_path):
    with pytest.raises(ConfigError, match="run 'r2p-kg build' first"):
        next(each_graph(tmp_path))


def test_each_graph_of_the_real_build_is_what_the_dataset_holds(built, dataset):
    graphs = dict(each_graph(built.out))
    assert sorted(graphs) == dataset.graph_names()
    assert any(g.endswith("/graph/ontology") for g in graphs)
    for graph, triples in graphs.items():
        assert set(triples) == set(dataset.triples(graph)), graph
        assert len(triples) == len(set(triples))
    union = set().union(*map(set, graphs.values()))
    assert union == set(dataset.triples())
