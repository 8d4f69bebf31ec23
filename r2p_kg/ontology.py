"""The facts the code needs from the ontology, read from ``ontology/r2p.ttl`` and never retyped in
Python: the preferred labels of its individuals (crimes, pillars), which individuals a class has, and
the class hierarchy (``rdfs:subClassOf``).

The file is parsed once per path (pyoxigraph) and kept. The answers are plain strings (IRIs and
labels) in the file's order, so callers need no RDF library and a build stays deterministic.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .config import ONTOLOGY_FILE
from .errors import ConfigError
from .namespaces import RDF, RDFS, SKOS

log = logging.getLogger(__name__)

_TYPE, _SUBCLASS, _PREF_LABEL = RDF + "type", RDFS + "subClassOf", SKOS + "prefLabel"


@dataclass(frozen=True, eq=False)
class Ontology:
    """The ontology's preferred labels, typed individuals and class hierarchy, as IRIs and strings."""

    path: Path
    pref_labels: dict[str, dict[str, str]]   # IRI -> {language tag: skos:prefLabel}
    types: dict[str, tuple[str, ...]]        # IRI -> its rdf:type classes
    children: dict[str, tuple[str, ...]]     # class -> the classes directly rdfs:subClassOf it

    def pref_label(self, iri: str, lang: str) -> str | None:
        """The skos:prefLabel of ``iri`` in ``lang``, None if the ontology gives none."""
        return self.pref_labels.get(iri, {}).get(lang)

    def subclasses(self, cls: str, *, strict: bool = False) -> frozenset[str]:
        """``cls`` and every class under it, at any depth; without ``cls`` itself when ``strict``."""
        found: set[str] = set()
        pending = [cls]
        while pending:
            for child in self.children.get(pending.pop(), ()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return frozenset(found - {cls} if strict else found | {cls})

    def instances(self, cls: str) -> tuple[str, ...]:
        """The individuals typed ``cls`` or a class under it, in the order the file declares them."""
        under = self.subclasses(cls)
        return tuple(iri for iri, types in self.types.items() if under.intersection(types))


@functools.lru_cache(maxsize=4)
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """Parse the ontology at ``path`` once (cached per path); ConfigError if it is missing or not
    Turtle, or gives one term two preferred labels in one language."""
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as exc:
        raise ConfigError(f"cannot read the ontology: {exc}", where=str(path)) from None
    labels: dict[str, dict[str, str]] = {}
    types: dict[str, list[str]] = {}
    children: dict[str, list[str]] = {}
    for s, p, o in ((t.subject, t.predicate.value, t.object) for t in triples):
        if not isinstance(s, ox.NamedNode):
            continue
        if p == _PREF_LABEL and isinstance(o, ox.Literal) and o.language:
            mine = labels.setdefault(s.value, {})
            if mine.get(o.language, o.value) != o.value:
                raise ConfigError(f"<{s.value}> has two skos:prefLabel in {o.language!r}: "
                                  f"{mine[o.language]!r} and {o.value!r}", where=str(path))
            mine[o.language] = o.value
        elif p == _TYPE and isinstance(o, ox.NamedNode):
            types.setdefault(s.value, []).append(o.value)
        elif p == _SUBCLASS and isinstance(o, ox.NamedNode):
            children.setdefault(o.value, []).append(s.value)
    log.debug("ontology %s: %d triples", path.name, len(triples))
    return Ontology(path, labels, {k: tuple(v) for k, v in types.items()},
                    {k: tuple(v) for k, v in children.items()})
