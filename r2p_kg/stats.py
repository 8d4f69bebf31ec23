"""Statistics of a built dataset (VoID's counts and partitions), computed once at build time.

Counting over the store at request time takes seconds per figure on a corpus (distinct objects over
millions of triples), so the build counts them in one streaming pass over the files it has just
written, and ``build.json`` carries them; the endpoint's service description, VoID and the home page
read them from there. The files are Oxigraph's canonical output, one statement per line: in
N-Triples (``r2p.nt``, sorted and de-duplicated: the union of the graphs) the subject and the
predicate are the first two space-separated terms, and in N-Quads (``r2p.nq``) every quad is in a
named graph (the build puts every statement in one), the last term before the final `` .``.
"""

from __future__ import annotations

import bisect
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .namespaces import RDF

log = logging.getLogger(__name__)

RDF_TYPE = f"<{RDF}type>".encode()
EXAMPLES = 3


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        for line in f:
            if line.strip():
                yield line.rstrip(b"\n")


def _iri(term: bytes) -> str:
    return term[1:-1].decode("utf-8")


def dataset_statistics(nt: Path, nq: Path, base: str) -> dict:
    """Counts of the union graph (``nt``) and of each named graph (``nq``), in the shape of
    :func:`r2p_kg.web.describe.statistics`: ``triples``, ``entities`` (IRI subjects), ``subjects``,
    ``objects``, and ``classes``/``properties``/``graphs`` as sorted ``[iri, count]`` pairs, and
    ``examples``: the first typed IRIs under ``{base}id/``."""
    triples = subjects = entities = 0
    objects: set[int] = set()  # hashes of the object terms: a count, not the terms themselves
    classes: Counter[bytes] = Counter()
    properties: Counter[bytes] = Counter()
    examples: list[str] = []
    prefix = b"<" + (base + "id/").encode("utf-8")
    last_subject = b""
    for line in _lines(nt):
        s, p, rest = line.split(b" ", 2)
        o = rest[:-2]  # without the final " ."
        triples += 1
        if s != last_subject:
            subjects += 1
            entities += s.startswith(b"<")
            last_subject = s
        objects.add(hash(o))
        properties[p] += 1
        if p == RDF_TYPE and o.startswith(b"<"):
            classes[o] += 1
            if s.startswith(prefix):  # keep the first few in IRI order (lines sort by "<iri> ")
                iri = _iri(s)
                if iri not in examples and (len(examples) < EXAMPLES or iri < examples[-1]):
                    bisect.insort(examples, iri)
                    del examples[EXAMPLES:]
    graphs: Counter[bytes] = Counter()
    for line in _lines(nq):
        graphs[line[:-2].rsplit(b" ", 1)[1]] += 1
    return {
        "triples": triples,
        "entities": entities,
        "subjects": subjects,
        "objects": len(objects),
        "classes": sorted([_iri(k), n] for k, n in classes.items()),
        "properties": sorted([_iri(k), n] for k, n in properties.items()),
        "graphs": sorted([_iri(k), n] for k, n in graphs.items()),
        "examples": [[e, 1] for e in examples],
    }
