"""The VoID + DCAT description of the dumps (``void.ttl``): dataset, distributions, licence, source.

IRIs minted here (the dataset and its distributions are not part of the graph itself):
``{base}dataset`` the dataset, ``{base}dataset/distribution/{file}`` each file, ``...#sha256`` its
checksum; the files themselves are downloaded from ``{download base}{file}`` (``{base}dumps/`` unless
told otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ..config import GRAPH_LICENSE, SOURCE_AUTHOR, SOURCE_AUTHOR_IRI, SOURCE_LICENSE, SOURCE_RIGHTS
from ..graph import DCT, PREFIXES, RDF, RDFS, XSD
from ..iris import ONTOLOGY, Iris
from .dataset import BuiltDataset

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"
VOID_PREFIXES = {**PREFIXES, "void": VOID, "dcat": DCAT, "spdx": SPDX}

TITLE = "r2p-kg: United Nations reports on the Responsibility to Protect as a knowledge graph"


@dataclass(frozen=True)
class Dump:
    file: str
    media_type: str
    title: str
    compression: str | None = None  # media type of the compression, for dcat:compressFormat


DUMPS: tuple[Dump, ...] = (
    Dump("r2p.nt", "application/n-triples", "N-Triples, all graphs merged"),
    Dump("r2p.nt.gz", "application/n-triples", "N-Triples, all graphs merged, gzip", "application/gzip"),
    Dump("r2p.nq", "application/n-quads", "N-Quads, one named graph per report"),
    Dump("r2p.trig", "application/trig", "TriG, one named graph per report"),
    Dump("r2p.ttl", "text/turtle", "Turtle, all graphs merged"),
    Dump("r2p.jsonld", "application/ld+json", "JSON-LD, one named graph per report"),
    Dump("r2p.rdf", "application/rdf+xml", "RDF/XML, all graphs merged"),
)


def dataset_iri(base: str) -> str:
    return f"{base}dataset"


def distribution_iri(base: str, file: str) -> str:
    return f"{base}dataset/distribution/{file}"


def _stats(triples: list[ox.Triple]) -> dict[str, int]:
    rdf_type = ox.NamedNode(RDF + "type")
    return {
        "triples": len(triples),
        "distinctSubjects": len({t.subject for t in triples}),
        "properties": len({t.predicate for t in triples}),
        "distinctObjects": len({t.object for t in triples}),
        "classes": len({t.object for t in triples if t.predicate == rdf_type}),
    }


def void_quads(dataset: BuiltDataset, sums: Mapping[str, str], sizes: Mapping[str, int],
               download_base: str) -> list[ox.Triple]:
    """The description as triples, in a fixed order so that void.ttl is byte-identical per build."""
    base = dataset.base
    iris = Iris(base)
    out: list[ox.Triple] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o))

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def typed(value: object, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))

    ds = dataset_iri(base)
    add(ds, RDF + "type", iri(VOID + "Dataset"))
    add(ds, RDF + "type", iri(DCAT + "Dataset"))
    add(ds, DCT + "title", ox.Literal(TITLE, language="en"))
    add(ds, DCT + "license", iri(GRAPH_LICENSE))
    add(ds, DCT + "rights", ox.Literal(SOURCE_RIGHTS, language="en"))
    add(ds, DCT + "creator", iri(SOURCE_AUTHOR_IRI))
    add(ds, DCAT + "version", ox.Literal(dataset.version))
    reports = [iris.report(r["slug"]) for r in dataset.manifest.get("reports", [])]
    for report in reports:
        add(ds, DCT + "source", iri(report))
    add(ds, VOID + "vocabulary", iri(ONTOLOGY))
    add(ds, VOID + "uriSpace", ox.Literal(base + "id/"))
    for key, value in _stats(dataset.triples()).items():
        add(ds, VOID + key, typed(value, XSD + "integer"))
    for dump in DUMPS:
        add(ds, VOID + "dataDump", iri(download_base + dump.file))
    for dump in DUMPS:
        add(ds, DCAT + "distribution", iri(distribution_iri(base, dump.file)))
    for graph in dataset.graph_names():
        add(ds, VOID + "subset", iri(graph))

    for dump in DUMPS:
        d = distribution_iri(base, dump.file)
        add(d, RDF + "type", iri(DCAT + "Distribution"))
        add(d, DCT + "title", ox.Literal(dump.title, language="en"))
        add(d, DCAT + "downloadURL", iri(download_base + dump.file))
        add(d, DCAT + "mediaType", iri(IANA + dump.media_type))
        if dump.compression:
            add(d, DCAT + "compressFormat", iri(IANA + dump.compression))
        add(d, DCAT + "byteSize", typed(sizes[dump.file], XSD + "nonNegativeInteger"))
        add(d, DCT + "license", iri(GRAPH_LICENSE))
        add(d, SPDX + "checksum", iri(d + "#sha256"))
        add(d + "#sha256", RDF + "type", iri(SPDX + "Checksum"))
        add(d + "#sha256", SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        add(d + "#sha256", SPDX + "checksumValue", typed(sums[dump.file], XSD + "hexBinary"))

    for graph in dataset.graph_names():
        add(graph, RDF + "type", iri(VOID + "Dataset"))
        add(graph, VOID + "triples", typed(len(dataset.triples(graph)), XSD + "integer"))

    for report in reports:
        add(report, DCT + "creator", iri(SOURCE_AUTHOR_IRI))
        add(report, DCT + "license", iri(SOURCE_LICENSE))
    add(SOURCE_AUTHOR_IRI, RDFS + "label", ox.Literal(SOURCE_AUTHOR, language="en"))
    return out
