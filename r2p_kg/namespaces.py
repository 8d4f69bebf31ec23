"""Every namespace the project writes or reads, in one table: prefix -> IRI.

The graph, the dumps, the VoID description, the pages, the validation reports and the competency
questions (``queries/*.rq``, checked by tests/test_registry.py) all take their prefixes from here. A
serialization binds a chosen subset (:func:`prefixes`), so adding a namespace to the table changes no
existing output.
"""

from __future__ import annotations

from .iris import VOCAB

R2P = VOCAB
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
FRBR = "http://purl.org/vocab/frbr/core#"
SH = "http://www.w3.org/ns/shacl#"
CITO = "http://purl.org/spar/cito/"
FABIO = "http://purl.org/spar/fabio/"
DOCO = "http://purl.org/spar/doco/"
WD = "http://www.wikidata.org/entity/"
QUDT = "http://qudt.org/schema/qudt/"
UNIT = "http://qudt.org/vocab/unit/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"

NAMESPACES: dict[str, str] = {
    "r2p": R2P, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "dcterms": DCT, "skos": SKOS,
    "prov": PROV, "oa": OA, "org": ORG, "frbr": FRBR, "sh": SH, "cito": CITO, "fabio": FABIO,
    "doco": DOCO, "wd": WD, "qudt": QUDT, "unit": UNIT, "void": VOID, "dcat": DCAT, "spdx": SPDX,
    "sd": SD, "formats": FORMATS,
}


def prefixes(*names: str) -> dict[str, str]:
    """The namespaces ``names`` of the table, in that order (a serialization's prefix bindings)."""
    unknown = [n for n in names if n not in NAMESPACES]
    if unknown:
        raise KeyError(f"not in the namespace table: {', '.join(unknown)}")
    return {n: NAMESPACES[n] for n in names}


# What the built graph binds in its dumps (Turtle, TriG, JSON-LD); changing it changes every dump.
DATA_PREFIXES = prefixes("r2p", "rdf", "rdfs", "xsd", "dcterms", "owl", "skos", "prov", "oa", "org", "frbr")
