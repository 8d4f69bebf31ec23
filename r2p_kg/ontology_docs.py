"""Human-readable ontology documentation (HTML), generated from ontology/r2p.ttl with pyLODE.

Four pyLODE 3.4 quirks are handled here rather than bent into the ontology:

- ``pylode.version`` reads a ``pyproject.toml`` that the wheel does not ship, so importing pyLODE
  fails; a stand-in module with the installed version is registered first.
- importing pyLODE calls ``logging.basicConfig(level=DEBUG)`` (in its supermodel loader), which
  would turn on debug logging for the whole process; the root logger is restored after the import.
- pyLODE takes every ``skos:ConceptScheme`` for the ontology itself (title, metadata, schema.org
  block), which mixes the pillar and crime schemes into the header and makes the output differ from
  run to run. The documentation graph drops those type triples; the schemes stay documented as
  named individuals.
- pyLODE prints all labels of a term run together ("actor行为体"); the documentation graph joins
  each term's en and zh ``rdfs:label`` (and the ontology's ``dcterms:title``) as "English / 中文".
"""

from __future__ import annotations

import fcntl
import importlib.metadata
import logging
import os
import sys
import tempfile
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .config import ONTOLOGY_FILE
from .errors import BuildError

log = logging.getLogger(__name__)

DOCS_FILE = "ontology.html"


def _import_ontpub():
    if "pylode.version" not in sys.modules:
        stub = types.ModuleType("pylode.version")
        stub.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = stub
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from pylode import OntPub
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return OntPub


def docs_graph(ontology: Path = ONTOLOGY_FILE) -> Graph:
    """The ontology as pyLODE should see it (see the module docstring)."""
    g = Graph().parse(ontology, format="turtle")
    g.remove((None, RDF.type, SKOS.ConceptScheme))
    for ont in list(g.subjects(RDF.type, OWL.Ontology)):
        _join(g, ont, DCTERMS.title)
    for term in set(g.subjects(RDFS.label, None)):
        _join(g, term, RDFS.label)
    return g


def _join(g: Graph, s: Node, p: URIRef) -> None:
    values = sorted(g.objects(s, p), key=lambda t: (getattr(t, "language", None) != "en", str(t)))
    if len(values) > 1:
        g.remove((s, p, None))
        g.add((s, p, Literal(" / ".join(str(v) for v in values))))


@contextmanager
def _machine_lock(name: str) -> Iterator[None]:
    """An exclusive lock shared by every process of this user on this machine."""
    path = Path(tempfile.gettempdir()) / f"r2p-kg-{name}-{os.getuid()}.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_ontology_docs(folder: Path, ontology: Path = ONTOLOGY_FILE) -> Path:
    """Write ``ontology.html`` into ``folder``; a pyLODE failure is a BuildError naming the file."""
    dest = Path(folder) / DOCS_FILE
    try:
        OntPub = _import_ontpub()
        graph = docs_graph(ontology)
        # pyLODE caches its background ontologies as a pickle inside its own package folder, written
        # on first use: two processes at once (parallel builds, parallel tests on a fresh install)
        # read each other's half-written file. One pyLODE run at a time on this machine.
        with _machine_lock("pylode"):
            OntPub(ontology=graph, sort_subjects=True).make_html(destination=dest)
    except Exception as exc:  # pyLODE raises many kinds; report them as one build error
        raise BuildError(f"pyLODE could not document the ontology: {exc}", where=str(ontology)) from exc
    log.info("ontology documentation: %s (%d bytes)", dest, dest.stat().st_size)
    return dest
