"""A :class:`~.report.Report` as text, JSON, JUnit XML or SARIF 2.1.0.

Text lines start with ``FILE:LINE:`` where known, which editors and CI logs link. JUnit XML has one
test case per finding (a failure for a violation, or for a warning with ``strict``) and one passing
case per input file without failures. SARIF has one run whose rules are the shapes (or QC queries)
and whose results point at the file and line; the focus node is also a logical location.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from .report import Finding, Report

FORMATS = ("text", "json", "junit", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://w3id.org/r2p/shapes"
_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "note"}


def render(report: Report, fmt: str, *, strict: bool = False) -> str:
    if fmt == "json":
        return to_json(report, strict=strict)
    if fmt == "junit":
        return to_junit(report, strict=strict)
    if fmt == "sarif":
        return to_sarif(report, strict=strict)
    return to_text(report, strict=strict)


def _where(f: Finding) -> str:
    if f.file and f.line:
        return f"{f.file}:{f.line}: "
    return f"{f.file}: " if f.file else ""


def _against(report: Report) -> str:
    if report.kind == "qc":
        return "the quality-check queries"
    parts = [report.shapes.label] + ([report.ontology.label] if report.ontology else [])
    return ", ".join(parts)


def to_text(report: Report, *, strict: bool = False) -> str:
    """One block per finding: ``FILE:LINE: Severity: focus  path P  value V`` then the messages."""
    counts = {s: report.count(s) for s in ("Violation", "Warning", "Info")}
    verdict = "DOES NOT CONFORM" if report.failed(strict) else "conforms"
    lines = [f"{verdict}: {counts['Violation']} violation(s), {counts['Warning']} warning(s), "
             f"{counts['Info']} info(s)" + (" [--strict: warnings fail]" if strict else "")]
    for f in report.findings:
        where = f"  path {f.path}" if f.path else ""
        value = f"  value {f.value}" if f.value and f.value != f.focus else ""
        lines.append(f"{_where(f)}{f.severity}: {f.focus}{where}{value}")
        shape = f"  [{' '.join(x for x in (f.shape, f.constraint) if x)}]" if f.shape or f.constraint else ""
        if f.message_en and f.message_zh:
            lines.append(f"    {f.message_en}{shape}")
            lines.append(f"    {f.message_zh}")
        else:
            lines.append(f"    {f.message}{shape}")
    lines.append(f"checked against {_against(report)}")
    return "\n".join(lines) + "\n"


def _release(rel) -> dict | None:
    if rel is None:
        return None
    return {"version": rel.version, "iri": rel.iri, "files": [str(p) for p in rel.files]}


def to_json(report: Report, *, strict: bool = False) -> str:
    return json.dumps({
        "conforms": report.conforms, "failed": report.failed(strict), "strict": strict,
        "counts": {s: report.count(s) for s in ("Violation", "Warning", "Info")},
        "shapes": _release(report.shapes) if report.kind == "shacl" else None,
        "ontology": _release(report.ontology),
        "results": [asdict(f) for f in report.findings]}, ensure_ascii=False, indent=2) + "\n"


def _details(f: Finding) -> str:
    rows = [("severity", f.severity), ("focus node", f.focus), ("path", f.path), ("value", f.value),
            ("message (en)", f.message_en), ("message (zh)", f.message_zh), ("shape", f.shape),
            ("constraint", f.constraint),
            ("location", f"{f.file}:{f.line}" if f.file and f.line else (f.file or ""))]
    return "\n".join(f"{k}: {v}" for k, v in rows if v)


def to_junit(report: Report, *, strict: bool = False) -> str:
    """JUnit XML (the common Ant/Jenkins form): one ``testsuite``, cases as described above."""
    name = "r2p-kg qc" if report.kind == "qc" else "r2p-kg validate"
    suites = ET.Element("testsuites", name=name)
    suite = ET.SubElement(suites, "testsuite", name=f"{name}: {_against(report)}")
    props = ET.SubElement(suite, "properties")
    if report.kind == "shacl":
        ET.SubElement(props, "property", name="shapes", value=report.shapes.iri)
        if report.ontology is not None:
            ET.SubElement(props, "property", name="ontology", value=report.ontology.iri)
    failures = 0
    failing_files = set()
    for f in report.findings:
        case = ET.SubElement(suite, "testcase", classname=f.file or "graph",
                             name=f"{f.rule}: {f.focus}" + (f" {f.path}" if f.path else ""))
        if f.file:
            case.set("file", f.file)
        if f.line:
            case.set("line", str(f.line))
        message = f.message_en or f.message
        if report.fails(f, strict):
            failures += 1
            failing_files.add(f.file or "graph")
            failure = ET.SubElement(case, "failure", message=message, type=f.severity)
            failure.text = _details(f)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = _details(f)
    for file in report.files:
        if file not in failing_files:
            ET.SubElement(suite, "testcase", classname=file, name="conforms", file=file)
    tests = len(suite.findall("testcase"))
    for el in (suites, suite):
        el.set("tests", str(tests))
        el.set("failures", str(failures))
        el.set("errors", "0")
    suite.set("skipped", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _artifact_uri(file: str) -> str:
    """A relative URI for a file under the working folder (how code scanning matches files), an
    absolute ``file:`` URI otherwise."""
    path = Path(file)
    try:
        rel = path.resolve().relative_to(Path(os.getcwd()).resolve())
        return quote(rel.as_posix())
    except ValueError:
        return path.resolve().as_uri()


def to_sarif(report: Report, *, strict: bool = False) -> str:
    """A SARIF 2.1.0 log with one run."""
    rule_ids = sorted({f.rule for f in report.findings})
    rules = []
    for rid in rule_ids:
        label, shape = report.rules.get(rid, (rid, ""))
        sample = next(f for f in report.findings if f.rule == rid)
        rule = {"id": rid, "name": rid.replace("/", "_").replace(":", "_"),
                "shortDescription": {"text": label or rid},
                "fullDescription": {"text": sample.message_en or sample.message or label or rid},
                "defaultConfiguration": {"level": _LEVEL.get(sample.severity, "note")}}
        if shape.startswith("http"):
            rule["helpUri"] = shape
        if sample.message_zh:
            rule["properties"] = {"message_zh": sample.message_zh}
        rules.append(rule)
    results = []
    for f in report.findings:
        level = "error" if report.fails(f, strict) else _LEVEL.get(f.severity, "note")
        text = f.message_en or f.message
        if f.message_zh:
            text += f" / {f.message_zh}"
        text += f" (focus node {f.focus}" + (f", path {f.path}" if f.path else "") + \
                (f", value {f.value}" if f.value and f.value != f.focus else "") + ")"
        location: dict = {}
        if f.file:
            physical: dict = {"artifactLocation": {"uri": _artifact_uri(f.file)}}
            if f.line:
                physical["region"] = {"startLine": f.line}
            location["physicalLocation"] = physical
        if f.focus_iri:
            location["logicalLocations"] = [{"fullyQualifiedName": f.focus_iri, "kind": "resource"}]
        result = {"ruleId": f.rule, "ruleIndex": rule_ids.index(f.rule), "level": level,
                  "message": {"text": text},
                  "properties": {k: v for k, v in (("severity", f.severity), ("focusNode", f.focus),
                                                  ("resultPath", f.path), ("value", f.value),
                                                  ("constraint", f.constraint)) if v}}
        if location:
            result["locations"] = [location]
        results.append(result)
    run: dict = {
        "tool": {"driver": {"name": "r2p-kg", "version": __version__, "informationUri": INFORMATION_URI,
                            "rules": rules}},
        "results": results,
        "invocations": [{"executionSuccessful": True, "exitCode": report.exit_code(strict)}],
        "properties": {"strict": strict, "checks": report.kind}}
    if report.kind == "shacl":
        run["properties"]["shapes"] = report.shapes.iri
        run["properties"]["shapesVersion"] = report.shapes.version
        if report.ontology is not None:
            run["properties"]["ontology"] = report.ontology.iri
            run["properties"]["ontologyVersion"] = report.ontology.version
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]},
                      ensure_ascii=False, indent=2) + "\n"
