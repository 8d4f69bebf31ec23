"""SHACL validation of R2P data with pySHACL: ``validate()`` returns (conforms, report graph, text).

The data is always copied into a plain in-memory rdflib ``Graph`` (the union of all named graphs)
together with the ontology, then validated in place: pySHACL with inference crashes on
Oxigraph-backed graphs, and the ontology's rdfs:subClassOf axioms in the data graph are what make
``sh:targetClass`` reach subclasses (SHACL's own class semantics), so no reasoner is needed. Shapes
use SHACL-SPARQL, so pySHACL runs in advanced mode; their queries run in an Oxigraph copy of the
data (see ``_PreparedQueryGraph``), faster than in rdflib's engine. Warnings (sh:Warning) and infos
never make the data non-conforming.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result as SparqlResult
from rdflib.term import Identifier, Node

from ..config import ONTOLOGY_FILE, SHAPES_DIR
from ..errors import BuildError, ConfigError
from ..formats import BY_SUFFIX
from ..namespaces import DATA_PREFIXES

log = logging.getLogger(__name__)

VIOLATION_SHAPES = SHAPES_DIR / "r2p.shapes.ttl"
WARNING_SHAPES = SHAPES_DIR / "r2p.warnings.ttl"
SHAPES_FILES: tuple[Path, ...] = (VIOLATION_SHAPES, WARNING_SHAPES)

# File suffix -> RDF syntax. Files are parsed with Oxigraph (fast, and exact about syntax errors) and
# copied into rdflib; the triples of every named graph go into one union graph.
FORMATS = BY_SUFFIX  # the syntax registry's (r2p_kg/formats.py)
_SEVERITY_ORDER: dict[Node | None, int] = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
DataInput = Graph | Iterable[ox.Quad] | Iterable[ox.Triple] | str | Path | Sequence[str | Path]


@dataclass(frozen=True)
class Result:
    """One validation result, as plain strings (for text and JSON output)."""

    severity: str
    focus: str
    path: str
    value: str
    message: str
    shape: str


class _PreparedQueryGraph(Graph):
    """The data graph pySHACL validates, with a faster path for its SPARQL queries.

    pySHACL sends a SHACL-SPARQL query for every focus node, the focus node given as an initial
    binding. Once :meth:`mirror` has copied the graph into an Oxigraph store, SELECT and ASK queries
    run there natively, the bindings substituted into the query (SPARQL's SEP-0007 substitution,
    which is SHACL's pre-binding). A query text Oxigraph refuses, and any other query, runs in
    rdflib's engine, parsed once per text: parsing (pyparsing) costs more than evaluating."""

    _native: ox.Store | None = None

    def mirror(self) -> None:
        """Copy the graph into an in-memory Oxigraph store for the native query path (left off,
        rdflib answering every query, for a term Oxigraph cannot hold)."""
        store = ox.Store()
        try:
            store.extend(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in self)
        except (ValueError, TypeError, ConfigError) as exc:
            log.debug("rdflib answers every query: %s", exc)
            return
        self._native = store

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if (self._native is not None and isinstance(query_object, str) and processor == "sparql"
                and result == "sparql" and not initNs and not kwargs):
            answer = _native_query(self._native, query_object, initBindings)
            if answer is not None:
                return answer
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided,
                             **kwargs)


@lru_cache(maxsize=512)
def _prepared(text: str):
    return prepareQuery(text)


_NOT_NATIVE: set[str] = set()  # query texts Oxigraph refused or that are not SELECT or ASK


def _native_query(store: ox.Store, text: str, bindings) -> SparqlResult | None:
    """``text`` run by Oxigraph as an rdflib Result, or None when rdflib must run it."""
    if text in _NOT_NATIVE:
        return None
    try:
        subs = {ox.Variable(str(k)): _ox_term(v) for k, v in (bindings or {}).items()}
        found = store.query(text, substitutions=subs or None)
    except (SyntaxError, ValueError, TypeError, OSError, RuntimeError, ConfigError) as exc:
        log.debug("rdflib runs a query Oxigraph refused (%s)", exc)
        _NOT_NATIVE.add(text)
        return None
    if isinstance(found, ox.QueryBoolean):
        answer = SparqlResult("ASK")
        answer.askAnswer = bool(found)
        return answer
    if not isinstance(found, ox.QuerySolutions):
        _NOT_NATIVE.add(text)
        return None
    names = [Variable(v.value) for v in found.variables]
    answer = SparqlResult("SELECT")
    answer.vars = names
    answer.bindings = [{name: cast(Identifier, _rdflib_term(term))
                        for name, term in zip(names, row, strict=True) if term is not None}
                       for row in found]
    return answer


# --- loading -----------------------------------------------------------------------------------

def read_quads(path: Path) -> list[ox.Quad]:
    """Every quad of an RDF file, its syntax chosen by suffix; ConfigError names the file."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ConfigError(f"unknown RDF file type {path.suffix or '(none)'!r}; use one of "
                          f"{', '.join(sorted(FORMATS))}", where=str(path))
    if not path.is_file():
        raise ConfigError("no such file", where=str(path))
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise ConfigError(f"cannot read {fmt.name}: {exc}", where=str(path)) from exc


def _parse_into(graph: Graph, path: Path) -> None:
    _copy_into(graph, read_quads(path))


def load_rdf(paths: Iterable[str | Path]) -> Graph:
    """The union of the triples in ``paths`` (any syntax in FORMATS) as one in-memory rdflib Graph."""
    graph = Graph()
    for p in paths:
        _parse_into(graph, Path(p))
    return graph


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise ConfigError(f"a triple term (RDF 1.2) cannot be validated: {term}")
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


def _ox_term(term: Node) -> Any:
    """The pyoxigraph term for an rdflib one (the inverse of :func:`_rdflib_term`): a NamedNode,
    BlankNode or Literal, each valid where the rdflib term was."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ConfigError(f"cannot validate the term {term!r}")


def _copy_into(graph: Graph, data: DataInput) -> None:
    if isinstance(data, Graph):
        triples = data.quads((None, None, None, None)) if isinstance(data, Dataset) else data
        for t in triples:
            graph.add(t[:3])
    elif isinstance(data, (str, Path)):
        _parse_into(graph, Path(data))
    else:
        for item in data:
            if isinstance(item, (str, Path)):
                _parse_into(graph, Path(item))
            else:  # a pyoxigraph Quad or Triple
                graph.add((_rdflib_term(item.subject), _rdflib_term(item.predicate),
                           _rdflib_term(item.object)))


@lru_cache(maxsize=8)
def _cached_graph(paths: tuple[Path, ...], mtimes: tuple[float, ...]) -> Graph:
    return load_rdf(paths)


def _files_graph(paths: Sequence[str | Path]) -> Graph:
    """Shapes and ontology change rarely: parse each set once per process (and again if edited)."""
    resolved = tuple(Path(p).resolve() for p in paths)
    for p in resolved:
        if not p.is_file():
            raise ConfigError("no such file", where=str(p))
    return _cached_graph(resolved, tuple(p.stat().st_mtime for p in resolved))


# --- validating --------------------------------------------------------------------------------

def validate(data_graph: DataInput, shapes: Sequence[str | Path] | Graph | None = None,
             ontology: str | Path | Graph | None = ONTOLOGY_FILE, *,
             inference: str = "none", only: Sequence[str] | None = None) -> tuple[bool, Graph, str]:
    """Validate ``data_graph`` (rdflib graph, pyoxigraph quads, or RDF files) against the shapes.

    ``shapes`` defaults to shapes/r2p.shapes.ttl plus r2p.warnings.ttl; ``ontology`` (default
    ontology/r2p.ttl, None for none) is added to the data so subclass targets work. ``only`` names
    the shapes (IRIs) to run, with the shapes that use them (see :func:`shapes_using`); all by default.
    """
    import pyshacl

    start = time.perf_counter()
    data = _PreparedQueryGraph()
    _copy_into(data, data_graph)
    if ontology is not None:
        ont = ontology if isinstance(ontology, Graph) else _files_graph([ontology])
        for t in ont:
            data.add(t)
    data.mirror()
    shapes_graph = shapes if isinstance(shapes, Graph) else _files_graph(shapes or SHAPES_FILES)
    loaded = time.perf_counter()
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError
    # pySHACL prints its errors to stderr before raising them; they are raised here as one line.
    quiet = logging.getLogger("pyshacl-validate")
    if _drop_errors not in quiet.filters:
        quiet.addFilter(_drop_errors)
    # (a list of IRIs; pySHACL's hint asks for a list that may also hold strings)
    use: list[str | URIRef] | None = [*shapes_using(shapes_graph, only)] if only is not None else None
    try:
        conforms, report, text = pyshacl.validate(
            data, shacl_graph=shapes_graph, inference=inference, advanced=True, inplace=True,
            allow_warnings=True, allow_infos=True, meta_shacl=False, use_shapes=use)
    except (ConstraintLoadError, ShapeLoadError, ReportableRuntimeError) as exc:
        # A malformed shapes graph, not a problem of the data: say so in one line, naming the files.
        where = ("shapes graph" if isinstance(shapes, Graph)
                 else ", ".join(str(f) for f in (shapes or SHAPES_FILES)))
        first = str(getattr(exc, "message", None) or exc).strip().splitlines()[0]
        raise ConfigError(f"the shapes are not well-formed SHACL: {first}", where=where) from None
    log.info("validated %d triples: conforms=%s (load %.2fs, pyshacl %.2fs)", len(data), conforms,
             loaded - start, time.perf_counter() - loaded)
    return bool(conforms), report, text


_USES = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_USES_LIST = (SH["and"], SH["or"], SH.xone)


def shapes_using(shapes_graph: Graph, names: Sequence[str]) -> list[URIRef]:
    """The named shapes ``names`` and every named shape that uses one of them, directly or through
    other shapes and lists (``sh:property``, ``sh:node``, ``sh:and``…): a property shape alone has no
    targets, so it runs through the node shapes that hold it."""
    found: set[Node] = {URIRef(n) for n in names}
    todo = list(found)
    while todo:
        shape = todo.pop()
        users = [s for p in _USES for s in shapes_graph.subjects(p, shape)]
        for cell in shapes_graph.subjects(RDF.first, shape):  # a member of an sh:and/or/xone list
            while (prev := next(shapes_graph.subjects(RDF.rest, cell), None)) is not None:
                cell = prev
            users += [s for p in _USES_LIST for s in shapes_graph.subjects(p, cell)]
        for user in users:
            if user not in found:
                found.add(user)
                todo.append(user)
    return sorted(s for s in found if isinstance(s, URIRef))


def _drop_errors(record: logging.LogRecord) -> bool:
    return record.levelno < logging.ERROR


def results(report: Graph) -> list[Result]:
    """The results of a pySHACL report graph, most severe first, in a stable order."""
    ns = Graph()
    for prefix, iri in DATA_PREFIXES.items():
        ns.bind(prefix, iri)
    ns.bind("sh", str(SH))

    def show(node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            try:
                return ns.namespace_manager.normalizeUri(node)
            except Exception:
                return f"<{node}>"
        if isinstance(node, BNode):
            return _path_text(report, node, show)
        return node.n3(ns.namespace_manager) if isinstance(node, Literal) else str(node)

    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(r, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        out.append((_SEVERITY_ORDER.get(severity, 3), Result(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "",
            focus=show(report.value(r, SH.focusNode)),
            path=show(report.value(r, SH.resultPath)),
            value=show(report.value(r, SH.value)),
            message="; ".join(messages),
            shape=show(report.value(r, SH.sourceShape)) if isinstance(
                report.value(r, SH.sourceShape), URIRef) else "")))
    out.sort(key=lambda x: (x[0], x[1].focus, x[1].path, x[1].message, x[1].value))
    return [r for _, r in out]


def _path_text(g: Graph, node: BNode, show) -> str:
    """A SHACL property path in SPARQL syntax (``^r2p:hasFootnote``, ``a|b``); else a blank."""
    inverse = g.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + show(inverse)
    alternatives = g.value(node, SH.alternativePath)
    if alternatives is not None:
        return "|".join(show(x) for x in Collection(g, alternatives))
    if g.value(node, RDF.first) is not None:
        return "/".join(show(x) for x in Collection(g, node))
    return "[]"


def format_text(conforms: bool, found: Sequence[Result]) -> str:
    """A readable report: one block per result (severity, focus node, path, value, message)."""
    counts = {s: sum(1 for r in found if r.severity == s) for s in ("Violation", "Warning", "Info")}
    lines = [f"{'conforms' if conforms else 'DOES NOT CONFORM'}: {counts['Violation']} violation(s), "
             f"{counts['Warning']} warning(s), {counts['Info']} info(s)"]
    for r in found:
        where = f"  path {r.path}" if r.path else ""
        value = f"  value {r.value}" if r.value and r.value != r.focus else ""
        lines.append(f"{r.severity}: {r.focus}{where}{value}")
        lines.append(f"    {r.message}" + (f"  [{r.shape}]" if r.shape else ""))
    return "\n".join(lines) + "\n"


def format_json(conforms: bool, found: Sequence[Result]) -> str:
    return json.dumps({"conforms": conforms, "results": [asdict(r) for r in found]},
                      ensure_ascii=False, indent=2) + "\n"


def check_quads(quads: Iterable[ox.Quad], *, limit: int = 20) -> None:
    """For the build: raise a BuildError naming focus nodes and messages when the data violates.

    Only the violation shapes run here (recommendations cannot fail a build, and skipping them saves
    a fifth of the time); ``r2p-kg validate`` lists the warnings too.
    """
    conforms, report, _ = validate(quads, shapes=(VIOLATION_SHAPES,))
    if conforms:
        return
    violations = [r for r in results(report) if r.severity == "Violation"]
    shown = "\n".join(f"  {r.focus}{' ' + r.path if r.path else ''}: {r.message}"
                      for r in violations[:limit])
    more = f"\n  … and {len(violations) - limit} more" if len(violations) > limit else ""
    raise BuildError(f"the graph does not conform to the SHACL shapes ({len(violations)} "
                     f"violation(s)); nothing was written:\n{shown}{more}", where="validate")

