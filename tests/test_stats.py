"""The build counts the dataset's statistics (VoID) itself; the counts agree with rdflib's own reading
of the dumps, and the endpoint's VoID says them without querying the store."""

from __future__ import annotations

import json
from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF

from r2p_kg.stats import dataset_statistics


@pytest.fixture(scope="module")
def union(built) -> set[tuple]:
    """The union of the named graphs, read by rdflib (an implementation of its own)."""
    ds = rdflib.Dataset()
    ds.parse(built.out / "r2p.nq", format="nquads")
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


def test_build_json_carries_the_statistics(built, union):
    stats = json.loads((built.out / "build.json").read_text(encoding="utf-8"))["statistics"]
    assert stats["triples"] == len(union)
    assert stats["subjects"] == len({s for s, _, _ in union})
    assert stats["entities"] == len({s for s, _, _ in union if isinstance(s, rdflib.URIRef)})
    assert stats["objects"] == len({o for _, _, o in union})
    assert dict(stats["properties"]) == {str(p): n for p, n in Counter(p for _, p, _ in union).items()}
    classes = Counter(o for _, p, o in union if p == RDF.type and isinstance(o, rdflib.URIRef))
    assert dict(stats["classes"]) == {str(c): n for c, n in classes.items()}
    assert stats["classes"] == sorted(stats["classes"])
    # by hand, from the report: 80 paragraphs and 140 footnotes
    assert dict(stats["classes"])["https://w3id.org/r2p/ontology#Paragraph"] == 80
    assert dict(stats["classes"])["https://w3id.org/r2p/ontology#Footnote"] == 140
    graphs = dict(stats["graphs"])
    assert set(graphs) == {"https://w3id.org/r2p/graph/sg-2025", "https://w3id.org/r2p/graph/entities",
                           "https://w3id.org/r2p/graph/ontology"}
    assert sum(graphs.values()) == built.quads
    assert [e for e, _ in stats["examples"]] == sorted(e for e, _ in stats["examples"])
    assert all(e.startswith("https://w3id.org/r2p/id/") for e, _ in stats["examples"])


def test_statistics_of_a_hand_made_dataset(tmp_path):
    base = "http://example.org/"
    nq = (f'<{base}id/b> <{base}p> "x" <{base}g1> .\n'
          f'<{base}id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{base}C> <{base}g1> .\n'
          f'<{base}id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{base}C> <{base}g2> .\n'
          f'_:n <{base}p> "x" <{base}g2> .\n')
    (tmp_path / "r2p.nq").write_text(nq)
    triples = sorted({q.triple for q in ox.parse(nq.encode(), format=ox.RdfFormat.N_QUADS)}, key=str)
    (tmp_path / "r2p.nt").write_bytes(b"".join(sorted(
        ox.serialize([t], format=ox.RdfFormat.N_TRIPLES) for t in triples)))
    stats = dataset_statistics(tmp_path / "r2p.nt", tmp_path / "r2p.nq", base)
    assert stats == {
        "triples": 3, "entities": 2, "subjects": 3, "objects": 2,
        "classes": [[f"{base}C", 1]],
        "properties": [[f"{base}p", 2], ["http://www.w3.org/1999/02/22-rdf-syntax-ns#type", 1]],
        "graphs": [[f"{base}g1", 2], [f"{base}g2", 2]],
        "examples": [[f"{base}id/a", 1]],
    }


def test_void_states_the_build_statistics(built):
    from r2p_kg.web import create_app
    app = create_app({"R2P_DIST": str(built.out), "TESTING": True})
    stats = json.loads((built.out / "build.json").read_text(encoding="utf-8"))["statistics"]
    resp = app.test_client().get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert resp.status_code == 200
    void = list(ox.parse(resp.get_data(), format=ox.RdfFormat.N_TRIPLES))
    dataset = next(t.subject for t in void if t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint"
                   and t.subject.value.endswith("#dataset"))
    void_ns = "http://rdfs.org/ns/void#"
    said = {t.predicate.value[len(void_ns):]: int(t.object.value) for t in void
            if t.subject == dataset and t.predicate.value in
            {void_ns + k for k in ("triples", "distinctSubjects", "distinctObjects", "entities")}}
    assert said == {"triples": stats["triples"], "distinctSubjects": stats["subjects"],
                    "distinctObjects": stats["objects"], "entities": stats["entities"]}
