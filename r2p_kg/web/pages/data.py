"""What the linked-data pages read from the graph: descriptions, labels, mentions, the reader's text.

Everything here takes IRIs as :class:`pyoxigraph.NamedNode` values and reads the store through
``quads_for_pattern`` or SPARQL with bound variables (``substitutions``): no text from a request is
ever pasted into a query. Results are plain dataclasses; the views turn them into pages or RDF.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ...config import DEFAULT_BASE, DEFAULT_DIST
from ...dist import read_manifest
from ...iris import VOCAB
from ...namespaces import DCT, OA, RDF, RDFS, SKOS, XSD, prefixes
from .deadline import check

log = logging.getLogger(__name__)

# The pages' prefixes (queries' prologue, short names, RDF answers), from the namespace table.
PREFIXES = prefixes("r2p", "rdf", "rdfs", "owl", "skos", "dcterms", "oa", "xsd", "prov", "org", "sh", "cito",
                    "fabio", "doco", "wd", "qudt", "unit", "void")

TYPE = ox.NamedNode(RDF + "type")
LABEL_PROPS = (RDFS + "label", SKOS + "prefLabel", DCT + "title")
DEFINITION_PROPS = (SKOS + "definition", RDFS + "comment", DCT + "description")
HAS_BODY = ox.NamedNode(OA + "hasBody")
HAS_TARGET = ox.NamedNode(OA + "hasTarget")
LANGS = ("zh", "en")
DEF_KIND = "other"  # kind of an IRI outside {base}id/

# A SELECT answer's row: variable -> term, None where unbound. Which kind of term (NamedNode, Literal)
# each variable holds is the query's to say, so the values are not narrowed further.
Row = dict[str, Any]


# --- the dataset --------------------------------------------------------------------------------

@dataclass
class Dataset:
    """The built graph in an in-memory Oxigraph store, with its base IRI and version.

    The pages keep this read-only copy beside the endpoint's worker processes: a page makes dozens of
    small pattern lookups, which a round trip to a worker per lookup would make slow. Only the fixed
    queries of this package run on it; queries people write go to ``/sparql`` and its deadline.
    Updates made through ``/update`` (``--allow-update``, in memory) are not seen by the pages.
    """

    store: ox.Store
    base: str = DEFAULT_BASE
    version: str = ""
    dist: Path | None = None
    # What pages read again and again (the reports' slugs...), kept per version: {name: (version, value)}
    memo: dict[str, tuple[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, dist: Path = DEFAULT_DIST, *, disk: bool = False) -> Dataset:
        """Read ``dist/r2p.nq`` (or with ``disk``, open the build's store ``dist/store`` read-only)
        and ``dist/build.json``; a missing build gives an empty dataset."""
        manifest = read_manifest(dist)
        base, version = (manifest.base, manifest.version) if manifest else (DEFAULT_BASE, "")
        if disk:
            return cls(ox.Store.read_only(str((dist / "store").resolve())), base, version, dist)
        store = ox.Store()
        nq = dist / "r2p.nq"
        if nq.is_file():
            store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        else:
            log.warning("no built dataset in %s: pages will be empty", dist)
        return cls(store, base, version, dist)

    @classmethod
    def from_turtle(cls, turtle: str, base: str = DEFAULT_BASE, graph: str | None = None) -> Dataset:
        """A small dataset from Turtle text: for tests and examples."""
        store = ox.Store()
        g = ox.NamedNode(graph or base + "graph/test")
        for t in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE):
            store.add(ox.Quad(t.subject, t.predicate, t.object, g))
        return cls(store, base, "test")

    # -- reading --------------------------------------------------------------------------------

    def triples(self, s: ox.NamedNode | None = None, p: ox.NamedNode | None = None,
                o: ox.NamedNode | ox.Literal | None = None) -> list[ox.Triple]:
        """Matching triples from all graphs, without duplicates, in a stable order."""
        check()
        return _distinct(self.store.quads_for_pattern(s, p, o, None))

    def select(self, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[Row]:
        """A fixed SELECT query over the union graph; ``bindings`` fill variables safely."""
        check()
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in bindings.items()}
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        result = self.store.query(prologue + query, use_default_graph_as_union=True,
                                  substitutions=subs or None)
        assert isinstance(result, ox.QuerySolutions), "a SELECT query"
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names} for row in result]

    def exists(self, iri: ox.NamedNode) -> bool:
        """Whether the IRI appears as subject or object anywhere."""
        return (next(iter(self.store.quads_for_pattern(iri, None, None, None)), None) is not None
                or next(iter(self.store.quads_for_pattern(None, None, iri, None)), None) is not None)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def typed_subjects(self) -> list[str]:
        """Every IRI that has a type (the entities), once each."""
        return list(dict.fromkeys(q.subject.value for q in self.store.quads_for_pattern(None, TYPE, None, None)
                                  if isinstance(q.subject, ox.NamedNode)))

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return self.store.contains_named_graph(graph)

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        """Every triple of one named graph."""
        check()
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, graph)]


def _distinct(quads: Iterable[ox.Quad], limit: int | None = None) -> list[ox.Triple]:
    """The quads' triples without repeats (a triple may be in several graphs), sorted; with
    ``limit``, the first that many distinct ones in the store's order, then sorted."""
    seen: dict[tuple[str, str, str], ox.Triple] = {}
    for q in quads:
        key = (str(q.subject), str(q.predicate), str(q.object))
        if key not in seen:
            seen[key] = q.triple
            if limit is not None and len(seen) >= limit:
                break
    return [seen[k] for k in sorted(seen)]


class RemoteDataset(Dataset):
    """The same reads over a remote SPARQL 1.1 store (``serve --backend``), through the endpoint's
    :class:`~r2p_kg.store.Store`, so the remote store's deadline and limits apply to pages too.

    Bound values are written into the query as N-Triples terms made by pyoxigraph (which checks IRIs
    and escapes literals) in a ``VALUES`` block: request text never becomes query text.
    """

    def __init__(self, remote, base: str, version: str, dist: Path | None = None) -> None:
        super().__init__(ox.Store(), base, version, dist)
        self.remote = remote

    def _rows(self, query: str) -> tuple[list[str], list]:
        check()
        result = self.remote.query(query, result_format="json", max_rows=1_000_000, timeout=30.0)
        parsed = ox.parse_query_results(result.body, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return [], [bool(parsed)]
        names = [v.value for v in parsed.variables]
        return names, list(parsed)

    def triples(self, s: ox.NamedNode | None = None, p: ox.NamedNode | None = None,
                o: ox.NamedNode | ox.Literal | None = None) -> list[ox.Triple]:
        rows = self.select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }",
                           **{k: v for k, v in (("s", s), ("p", p), ("o", o)) if v is not None})
        found = {(str(r["s"]), str(r["p"]), str(r["o"])): ox.Triple(r["s"], r["p"], r["o"]) for r in rows}
        return [found[k] for k in sorted(found)]

    def select(self, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[Row]:
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        names, rows = self._rows(prologue + with_values(query, bindings))
        return [{n: (bindings[n] if n in bindings else row[n]) for n in names} for row in rows]

    def exists(self, iri: ox.NamedNode) -> bool:
        _, rows = self._rows(with_values("ASK { { ?x ?p ?o } UNION { ?s ?p ?x } }", {"x": iri}))
        return bool(rows and rows[0])

    def graphs(self) -> list[str]:
        return sorted(r["g"].value for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def typed_subjects(self) -> list[str]:
        return [r["s"].value for r in self.select("SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(isIRI(?s)) }")]

    def has_graph(self, graph: ox.NamedNode) -> bool:
        _, rows = self._rows(with_values("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": graph}))
        return bool(rows and rows[0])

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        rows = self.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", g=graph)
        return [ox.Triple(r["s"], r["p"], r["o"]) for r in rows]


def with_values(query: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """``query`` with a ``VALUES`` block binding each variable, as the first thing in its WHERE
    group (so that it binds before any GROUP BY). Values must be pyoxigraph terms."""
    if not bindings:
        return query
    for value in bindings.values():
        if not isinstance(value, (ox.NamedNode, ox.Literal)):
            raise TypeError(f"bound values must be IRIs or literals, not {type(value).__name__}")
    names = list(bindings)
    block = ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(str(bindings[n]) for n in names) + ") } ")
    at = query.find("{", query.upper().find("WHERE") if "WHERE" in query.upper() else 0)
    if at < 0:
        raise ValueError("a fixed query without a group pattern")
    return query[:at + 1] + " " + block + query[at + 1:]



# --- labels -------------------------------------------------------------------------------------

@dataclass
class Labels:
    """Labels by IRI and language, read lazily and cached for one request."""

    ds: Dataset
    cache: dict[str, dict[str, str]] = field(default_factory=dict)

    def of(self, iri: str) -> dict[str, str]:
        if iri not in self.cache:
            found: dict[str, str] = {}
            node = ox.NamedNode(iri)
            for prop in LABEL_PROPS:
                for t in self.ds.triples(node, ox.NamedNode(prop)):
                    if isinstance(t.object, ox.Literal):
                        lang = (t.object.language or "").split("-")[0]
                        found.setdefault(lang, t.object.value)
                if "zh" in found and "en" in found:
                    break
            self.cache[iri] = found
        return self.cache[iri]

    def get(self, iri: str, lang: str) -> str:
        """The label in ``lang``, else the other language, else a short form of the IRI."""
        found = self.of(iri)
        for candidate in (lang, *LANGS, ""):
            if found.get(candidate):
                return found[candidate]
        return short(iri)


def short(iri: str) -> str:
    """``r2p:text`` for a known namespace, else the last path segment."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    tail = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail or iri


# --- one resource -------------------------------------------------------------------------------

@dataclass
class Value:
    """One object of a property: an IRI (with its labels) or a literal."""

    iri: str | None = None
    text: str = ""
    lang: str | None = None
    datatype: str | None = None
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Mention:
    """A recorded mention: where (source, span) and what (body)."""

    iri: str
    body: str
    source: str
    start: int
    end: int
    exact: str = ""


@dataclass
class Inbound:
    """What links to a resource by one property: the first linking IRIs, and how many link in all."""

    prop: str
    subjects: list[str]  # at most INBOUND_SHOWN IRIs, sorted
    total: int  # distinct subjects linking by ``prop`` (IRIs and blank nodes)

    @property
    def more(self) -> int:
        """Links not listed: the total less those shown."""
        return self.total - len(self.subjects)


@dataclass
class Description:
    """Everything a page or an RDF twin shows about one IRI."""

    iri: str
    types: list[str]
    labels: dict[str, str]
    definitions: dict[str, str]
    properties: list[tuple[str, list[Value]]]
    inbound: list[Inbound]
    mentions: list[Mention]
    own: list[ox.Triple]

    def triples(self, ds: Dataset) -> list[ox.Triple]:
        """The RDF twin: the resource's own triples and the provenance of its mentions (read only
        when asked for: an entity named across a corpus has thousands of mentions)."""
        return self.own + list(_mention_triples(ds, self.mentions))


def value_of(term: object, labels: Labels) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(iri=term.value, text=term.value, labels=labels.of(term.value))
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else None
        return Value(text=term.value, lang=term.language,
                     datatype=None if dt in (XSD + "string", RDF + "langString") else dt)
    return Value(text=str(term))


# What links here: mentions (oa:hasBody) are shown as mentions, not as links.
_INBOUND_COUNTS = """
SELECT ?o ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(?p != oa:hasBody) } GROUP BY ?o ?p"""
_INBOUND_SUBJECTS = """
SELECT DISTINCT ?o ?p ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s LIMIT {limit}"""
INBOUND_SHOWN = 200  # links listed per property on a page; the rest are counted


def inbound_links(ds: Dataset, node: ox.NamedNode, shown: int = INBOUND_SHOWN) -> list[Inbound]:
    """Per property (sorted), the first ``shown`` IRIs that link to ``node`` and the true count of
    everything that does: an entity a corpus names thousands of times is counted, not read whole."""
    out = []
    for row in ds.select(_INBOUND_COUNTS, o=node):
        prop = row["p"]
        subjects = [r["s"].value for r in ds.select(_INBOUND_SUBJECTS.replace("{limit}", str(int(shown))),
                                                    o=node, p=prop)]
        out.append(Inbound(prop.value, subjects, int(row["n"].value)))
    return sorted(out, key=lambda i: i.prop)


def describe(ds: Dataset, iri: str, labels: Labels) -> Description | None:
    """The resource's own triples, what points at it, and the mentions that support it."""
    node = ox.NamedNode(iri)
    own = ds.triples(node)
    inbound = inbound_links(ds, node)
    if not own and not inbound:
        return None
    grouped: dict[str, list[Value]] = defaultdict(list)
    types: list[str] = []
    names: dict[str, str] = {}
    definitions: dict[str, str] = {}
    for t in own:
        p = t.predicate.value
        if p == TYPE.value and isinstance(t.object, ox.NamedNode):
            types.append(t.object.value)
        if isinstance(t.object, ox.Literal):
            lang = (t.object.language or "").split("-")[0]
            if p in LABEL_PROPS[:2]:
                names.setdefault(lang, t.object.value)
            if p in DEFINITION_PROPS:
                definitions.setdefault(lang, t.object.value)
        grouped[p].append(value_of(t.object, labels))
    mentions = mentions_of(ds, body=node)
    return Description(
        iri=iri, types=types, labels=names or labels.of(iri), definitions=definitions,
        properties=sorted(grouped.items(), key=lambda kv: _prop_order(kv[0])),
        inbound=inbound, mentions=mentions, own=own)



def _prop_order(p: str) -> tuple[int, str]:
    first = (TYPE.value, RDFS + "label", SKOS + "prefLabel", DCT + "title", SKOS + "definition")
    return (first.index(p), p) if p in first else (len(first), p)


def _mention_triples(ds: Dataset, mentions: list[Mention]) -> Iterator[ox.Triple]:
    """Each mention, its target and the target's selectors: the provenance of the entity."""
    for m in mentions:
        node = ox.NamedNode(m.iri)
        yield from ds.triples(node)
        for t in ds.triples(node, HAS_TARGET):
            if isinstance(t.object, ox.NamedNode):
                yield from ds.triples(t.object)
                for sel in ds.triples(t.object, ox.NamedNode(OA + "hasSelector")):
                    if isinstance(sel.object, ox.NamedNode):
                        yield from ds.triples(sel.object)


# Oxigraph joins in the order written and binds substituted variables only as it evaluates, and it
# evaluates a group inside OPTIONAL on its own: so the quote is joined, not optional (the shapes
# require exactly one oa:exact per target), and the query for one passage starts from its source.
_MENTION_TAIL = """
  ?sel oa:start ?start ; oa:end ?end .
  ?t oa:hasSelector ?q . ?q oa:exact ?exact .
}"""
_MENTIONS = """
SELECT ?m ?body ?src ?start ?end ?exact WHERE {
  ?m oa:hasBody ?body ; oa:hasTarget ?t .
  ?t oa:hasSource ?src ; oa:hasSelector ?sel .""" + _MENTION_TAIL
_MENTIONS_IN_REPORT = """
SELECT ?m ?body ?src ?start ?end ?exact ?report WHERE {
  ?src r2p:inReport ?report .
  ?t oa:hasSource ?src ; oa:hasSelector ?sel .
  ?m oa:hasTarget ?t ; oa:hasBody ?body .""" + _MENTION_TAIL
_MENTIONS_IN = """
SELECT ?m ?body ?src ?start ?end ?exact WHERE {
  ?t oa:hasSource ?src ; oa:hasSelector ?sel .
  ?m oa:hasTarget ?t ; oa:hasBody ?body .""" + _MENTION_TAIL


def mentions_of(ds: Dataset, *, body: ox.NamedNode | None = None, source: ox.NamedNode | None = None,
                report: ox.NamedNode | None = None) -> list[Mention]:
    """Mentions of an entity (``body``), in a passage (``source``), in a report, or all of them."""
    bindings: dict[str, ox.NamedNode] = {}
    query = _MENTIONS
    if body is not None:
        bindings["body"] = body
    if source is not None:
        bindings["src"] = source
        query = _MENTIONS if body is not None else _MENTIONS_IN
    if report is not None:
        bindings["report"] = report
        query = _MENTIONS_IN_REPORT
    out: dict[str, Mention] = {}
    for row in ds.select(query, **bindings):
        try:
            start, end = int(row["start"].value), int(row["end"].value)
        except (TypeError, ValueError, AttributeError):
            continue
        m = row["m"].value
        out.setdefault(m, Mention(m, row["body"].value, row["src"].value, start, end,
                                  row["exact"].value if row.get("exact") else ""))
    return sorted(out.values(), key=lambda x: (_passage_key(x.source), x.start, x.iri))


def _passage_key(iri: str) -> tuple[int, str, int]:
    """Paragraphs in order, then footnotes in order, then anything else."""
    head, _, tail = iri.rpartition("/")
    rank = 0 if head.endswith("/paragraph") else 1 if head.endswith("/footnote") else 2
    return (rank, head, int(tail)) if tail.isdigit() else (rank, iri, 0)


def texts(ds: Dataset, iris: Iterable[str]) -> dict[str, str]:
    """``r2p:text`` of each passage."""
    out: dict[str, str] = {}
    prop = ox.NamedNode(VOCAB + "text")
    for iri in set(iris):
        for t in ds.triples(ox.NamedNode(iri), prop):
            if isinstance(t.object, ox.Literal):
                out[iri] = t.object.value
    return out


def report_slugs(ds: Dataset) -> list[str]:
    """The reports' slugs, sorted; read once per dataset (every page's navigation names them)."""
    kept = ds.memo.get("report_slugs")
    if kept is not None and kept[0] == ds.version:
        return kept[1]
    rows = ds.select("SELECT DISTINCT ?r WHERE { ?r a r2p:Report }")
    prefix = ds.base + "id/report/"
    slugs = sorted(r["r"].value[len(prefix):] for r in rows if r["r"].value.startswith(prefix))
    ds.memo["report_slugs"] = (ds.version, slugs)
    return slugs
