"""Validation as a library call: :func:`validate` returns a :class:`Report` whose findings carry the
focus node, path, value, messages (zh and en), severity, and the file and line of the triple.

``r2p-kg validate`` prints the same Report in one of the formats of :mod:`.formats`, so the
command and the library give the same results.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..errors import ConfigError
from ..namespaces import DATA_PREFIXES
from . import shacl
from .locate import Locator
from .releases import Release, resolve

log = logging.getLogger(__name__)

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    """One result: what is wrong (shape, messages), about what (focus, path, value), and where."""

    severity: str  # Violation, Warning or Info
    focus: str  # the focus node, abbreviated with the project's prefixes (<IRI> otherwise)
    path: str
    value: str
    message: str  # every message of the shape, "; "-joined (as the text and JSON reports always had)
    message_en: str
    message_zh: str
    shape: str  # the shape (for a shape without an IRI, the node shape that holds it)
    rule: str  # a stable rule id: the shape's local name, plus the path for nested property shapes
    rule_label: str
    file: str | None = None
    line: int | None = None
    focus_iri: str = ""  # the full IRI ("" for a blank node)
    constraint: str = ""  # the SHACL constraint component, e.g. MinCountConstraintComponent


@dataclass
class Report:
    """The outcome of one validation; ``conforms`` is False only for violations."""

    findings: list[Finding]
    shapes: Release
    ontology: Release | None
    files: tuple[str, ...] = ()
    kind: str = "shacl"  # "shacl", or "qc" for the quality-check queries
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # rule -> (label, shape IRI)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0

    def failed(self, strict: bool = False) -> bool:
        """Violations fail; warnings fail too with ``strict``."""
        return not self.conforms or (strict and self.count("Warning") > 0)

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.failed(strict) else 0

    def fails(self, finding: Finding, strict: bool = False) -> bool:
        return finding.severity == "Violation" or (strict and finding.severity == "Warning")


def validate(data: Graph | str | Path | Sequence[str | Path] | Iterable[ox.Quad], *,
             shapes: str | Path | Release | None = None, ontology: str | Path | Release | None = None,
             ) -> Report:
    """Validate ``data`` (an rdflib Graph, a path, paths, or pyoxigraph quads) against the shapes.

    ``shapes`` and ``ontology`` each take a version (``"0.1.0"``, ``"current"``), an IRI of a
    bundled release, or a file; by default the working copy, or for a pinned shapes version the
    ontology of the same version. Unreadable input raises :class:`r2p_kg.errors.ConfigError`.
    """
    shapes_rel = shapes if isinstance(shapes, Release) else resolve("shapes", shapes)
    ont_rel = ontology if isinstance(ontology, Release) else resolve("ontology", ontology,
                                                                       like=shapes_rel)
    files = _paths(data)
    quads_by_file: dict[Path, list[ox.Quad]] = {}
    if files is not None:
        for f in files:
            quads_by_file[f] = shacl.read_quads(f)
        source: shacl.DataInput = [q for f in files for q in quads_by_file[f]]
    else:
        source = data
    shapes_graph = shacl._files_graph(shapes_rel.files)
    ont_graph = shacl._files_graph(ont_rel.files) if ont_rel is not None else None
    try:
        _, report, _ = shacl.validate(source, shapes=shapes_graph, ontology=ont_graph)
    except ConfigError as exc:  # name the shapes files, not "shapes graph"
        raise ConfigError(exc.message, where=", ".join(str(f) for f in shapes_rel.files)) from None
    locator = Locator.of(files, quads_by_file) if files else None
    findings, rules = _findings(report, shapes_graph, locator)
    return Report(findings, shapes_rel, ont_rel, tuple(str(f) for f in files or ()), rules=rules)


def _paths(data: object) -> list[Path] | None:
    if isinstance(data, (str, Path)):
        return [Path(data)]
    if isinstance(data, (list, tuple)) and data and all(isinstance(d, (str, Path)) for d in data):
        return [Path(d) for d in data]
    if isinstance(data, (list, tuple)) and not data:
        raise ConfigError("no data to validate: name at least one file")
    return None


def _namespaces() -> Graph:
    ns = Graph()
    for prefix, iri in DATA_PREFIXES.items():
        ns.bind(prefix, iri)
    ns.bind("sh", str(SH))
    return ns


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def _findings(report: Graph, shapes: Graph, locator: Locator | None,
              ) -> tuple[list[Finding], dict[str, tuple[str, str]]]:
    nm = _namespaces().namespace_manager

    def show(node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            try:
                return nm.normalizeUri(node)
            except Exception:
                return f"<{node}>"
        if isinstance(node, BNode):
            return shacl._path_text(report, node, show)
        return node.n3(nm) if isinstance(node, Literal) else str(node)

    out: list[tuple[int, Finding]] = []
    rules: dict[str, tuple[str, str]] = {}
    for r in report.subjects(RDF.type, SH.ValidationResult):
        severity_node = report.value(r, SH.resultSeverity)
        severity = str(severity_node).rsplit("#", 1)[-1] if severity_node else ""
        messages = list(report.objects(r, SH.resultMessage))
        zh = sorted(str(m) for m in messages if isinstance(m, Literal) and (m.language or "").startswith("zh"))
        en = sorted(str(m) for m in messages if not (isinstance(m, Literal) and (m.language or "").startswith("zh")))
        source = report.value(r, SH.sourceShape)
        path_node = report.value(r, SH.resultPath)
        rule, label, shape_iri = _rule(shapes, source, show(path_node))
        rules.setdefault(rule, (label, shape_iri))
        focus = report.value(r, SH.focusNode)
        value = report.value(r, SH.value)
        file = line = None
        if locator is not None and isinstance(focus, URIRef):
            p, inverse = _simple_path(report, path_node)
            found_file, line = locator.find(str(focus), p, _key(value), inverse)
            file = str(found_file) if found_file is not None else None
        out.append((SEVERITIES.index(severity) if severity in SEVERITIES else 3, Finding(
            severity=severity, focus=show(focus), path=show(path_node), value=show(value),
            message="; ".join(sorted(str(m) for m in messages)), message_en="; ".join(en),
            message_zh="; ".join(zh),
            shape=show(source) if isinstance(source, URIRef) else (f"<{shape_iri}>" if shape_iri else ""),
            rule=rule, rule_label=label, file=file, line=line,
            focus_iri=str(focus) if isinstance(focus, URIRef) else "",
            constraint=_local(str(report.value(r, SH.sourceConstraintComponent) or "")))))
    out.sort(key=lambda x: (x[0], x[1].file or "", x[1].line or 0, x[1].focus, x[1].path,
                            x[1].message, x[1].value, x[1].constraint))
    return [f for _, f in out], rules


def _rule(shapes: Graph, source: Node | None, path: str) -> tuple[str, str, str]:
    """(rule id, label, shape IRI) of a result's source shape; a blank-node property shape is named
    after the node shape that holds it and its path."""
    if isinstance(source, URIRef):
        label = shapes.value(source, RDFS.label)
        return _local(str(source)), str(label or _local(str(source))), str(source)
    parent = next(iter(shapes.subjects(SH.property, source)), None) if source is not None else None
    if isinstance(parent, URIRef):
        label = shapes.value(parent, RDFS.label)
        return f"{_local(str(parent))}/{path}", f"{label or _local(str(parent))}: {path}", str(parent)
    return f"shape/{path or 'node'}", path or "shape", ""


def _simple_path(report: Graph, node: Node | None) -> tuple[str | None, bool]:
    if isinstance(node, URIRef):
        return str(node), False
    if isinstance(node, BNode):
        inverse = report.value(node, SH.inversePath)
        if isinstance(inverse, URIRef):
            return str(inverse), True
    return None, False


def _key(value: Node | None) -> str | None:
    if isinstance(value, (URIRef, Literal)):
        return str(value)
    return None
