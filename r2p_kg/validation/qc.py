"""The quality-check queries (queries/qc/*.rq) on RDF files, as a :class:`~.report.Report`.

Each query states its question in English and Chinese in its first lines and returns no rows on
good data; every row is a violation. The data is loaded with the ontology (the checks compare the
data with its declarations) into an in-memory Oxigraph store and queried over the union graph.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..config import QUERIES_DIR
from ..errors import ConfigError
from .locate import Locator
from .releases import Release, resolve
from .report import Finding, Report
from .shacl import read_quads

QC_DIR = QUERIES_DIR / "qc"


def question(path: Path) -> tuple[str, str]:
    """(en, zh) question of a QC query, from its ``# Question (en):`` and ``# 问题 (zh):`` lines."""
    en = zh = ""
    for line in path.read_text(encoding="utf-8").splitlines()[:6]:
        if line.startswith("# Question (en): "):
            en = line.split(": ", 1)[1].strip()
        elif line.startswith("# 问题 (zh): "):
            zh = line.split(": ", 1)[1].strip()
    return en, zh


def _show(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return str(term)
    return str(term) if term is not None else ""


def run_qc(files: list[Path], *, ontology: str | Path | None = None) -> Report:
    """Run every QC query on ``files`` plus the ontology; one violation per row."""
    if not files:
        raise ConfigError("no data to check: name at least one file")
    ont = resolve("ontology", ontology)
    quads = {f: read_quads(f) for f in files}
    store = ox.Store()
    for f in files:
        store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads[f])
    for f in ont.files:
        store.load(path=str(f), format=ox.RdfFormat.TURTLE)
    locator = Locator.of(files, quads)
    queries = sorted(QC_DIR.glob("*.rq"))
    findings: list[Finding] = []
    rules: dict[str, tuple[str, str]] = {}
    for q in queries:
        en, zh = question(q)
        rule = f"qc/{q.stem}"
        rules[rule] = (en or q.stem, "")
        solutions = store.query(q.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise ConfigError("a quality check must be a SELECT query", where=str(q))
        names = [v.value for v in solutions.variables]
        for row in solutions:
            values = [row[n] for n in names]
            focus = next((v for v in values if isinstance(v, ox.NamedNode)), None)
            others = [f"{n}={_show(v)}" for n, v in zip(names, values, strict=True) if v is not None and v != focus]
            file = line = None
            if focus is not None:
                found, line = locator.find(focus.value, None, None)
                file = str(found) if found is not None else None
            findings.append(Finding(
                severity="Violation", focus=_show(focus) if focus is not None else "", path="",
                value=", ".join(others), message=en, message_en=en, message_zh=zh, shape=q.name,
                rule=rule, rule_label=en or q.stem, file=file, line=line,
                focus_iri=focus.value if focus is not None else ""))
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.rule, f.focus, f.value))
    checks = Release("qc", "current", QC_DIR.resolve().as_uri(), tuple(queries), current=True)
    return Report(findings, checks, ont, tuple(str(f) for f in files), kind="qc", rules=rules)
