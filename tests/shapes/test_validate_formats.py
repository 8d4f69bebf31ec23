"""``r2p-kg validate`` for other people's CI: file and line of each result, the four report formats
(SARIF checked against the SARIF 2.1.0 schema, JUnit parsed by junitparser), --strict, --qc, and the
library call ``r2p_kg.validate``. Expected lines are the ones written in the fixtures' headers,
counted by hand."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml
from rdflib import Graph

import r2p_kg
from r2p_kg.cli import main
from r2p_kg.validation.locate import index_text

from .conftest import DATA

DOWN = DATA / "downstream"
BAD, WARN, GOOD = DOWN / "bad.ttl", DOWN / "warn.ttl", DOWN / "good.ttl"
SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
REP = "https://w3id.org/r2p/id/report/t/"
# (focus, path) -> line, from the header of bad.ttl
BAD_LINES = {(REP + "agenda-item/1", "r2p:number"): 26, (REP + "footnote/1", "r2p:citedBy"): 69}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_header_lines_say_what_the_fixture_holds():
    lines = BAD.read_text(encoding="utf-8").splitlines()
    assert lines[25] == '    r2p:number "one" ;'
    assert lines[68] == r"rep:footnote\/1 a r2p:Footnote ;"
    assert "r2p:citedBy" not in "\n".join(lines[68:80])
    assert WARN.read_text(encoding="utf-8").splitlines()[126] == r"rep:statistic\/1 a r2p:Statistic ;"


def test_each_violation_names_file_and_line():
    report = r2p_kg.validate(BAD)
    assert not report.conforms
    found = {(f.focus_iri, f.path): (f.file, f.line) for f in report.findings}
    assert set(found) == set(BAD_LINES)
    for key, line in BAD_LINES.items():
        assert found[key] == (str(BAD), line), key


def test_text_report_starts_lines_with_file_and_line(capsys):
    code, out, _ = run(capsys, str(BAD))
    assert code == 1
    assert f"{BAD}:26: Violation: <{REP}agenda-item/1>  path r2p:number  value \"one\"" in out
    assert f"{BAD}:69: Violation: <{REP}footnote/1>  path r2p:citedBy" in out
    assert "a footnote needs exactly one r2p:citedBy" in out


def test_warnings_pass_unless_strict(capsys):
    code, out, _ = run(capsys, str(WARN))
    assert code == 0
    assert out.startswith("conforms: 0 violation(s), 1 warning(s)")
    assert f"{WARN}:127: Warning: <{REP}statistic/1>  path r2p:source" in out
    code, out, _ = run(capsys, str(WARN), "--strict")
    assert code == 1
    assert out.startswith("DOES NOT CONFORM: 0 violation(s), 1 warning(s)")


def test_json_has_location_and_both_message_fields(capsys):
    code, out, _ = run(capsys, str(BAD), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["conforms"] is False and data["counts"]["Violation"] == 3
    assert data["shapes"]["version"] == "0.2.0-dev" and data["shapes"]["iri"] == "https://w3id.org/r2p/shapes"
    row = next(r for r in data["results"] if r["path"] == "r2p:citedBy")
    assert (row["file"], row["line"], row["severity"]) == (str(BAD), 69, "Violation")
    assert row["message_en"] == "a footnote needs exactly one r2p:citedBy, a r2p:Paragraph"
    assert row["message_zh"] == ""


def sarif(capsys, *argv: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, *argv, "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return code, log


def test_sarif_validates_and_points_at_the_lines(capsys, monkeypatch):
    monkeypatch.chdir(DOWN)
    code, log = sarif(capsys, "bad.ttl")
    assert code == 1
    (run_,) = log["runs"]
    assert log["version"] == "2.1.0" and run_["tool"]["driver"]["name"] == "r2p-kg"
    places = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               r["locations"][0]["physicalLocation"]["region"]["startLine"], r["level"])
              for r in run_["results"]}
    assert places == {("Number_Shape", "bad.ttl", 26, "error"),
                      ("Footnote_Shape/r2p:citedBy", "bad.ttl", 69, "error")}
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run_["results"])
    focus = {r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in run_["results"]}
    assert focus == {REP + "agenda-item/1", REP + "footnote/1"}


def test_sarif_of_warnings_and_of_a_conforming_file(capsys, monkeypatch):
    monkeypatch.chdir(DOWN)
    code, log = sarif(capsys, "warn.ttl")
    assert code == 0 and [r["level"] for r in log["runs"][0]["results"]] == ["warning"]
    code, log = sarif(capsys, "warn.ttl", "--strict")
    assert code == 1 and [r["level"] for r in log["runs"][0]["results"]] == ["error"]
    code, log = sarif(capsys, "good.ttl")
    assert code == 0 and log["runs"][0]["results"] == []


def test_sarif_is_checked_by_the_schema():
    """The schema rejects what SARIF forbids, so the checks above can fail."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate({"version": "2.1.0", "runs": [{"tool": {}}]})


def test_junit_parses_with_a_failure_per_violation(capsys, tmp_path):
    out = tmp_path / "report.xml"
    other = tmp_path / "other.ttl"  # nothing in it for the shapes to check: it conforms
    other.write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    code, stdout, _ = run(capsys, str(BAD), str(other), "--format", "junit", "--output", str(out))
    assert code == 1
    assert stdout.startswith("DOES NOT CONFORM")  # the log still shows the problems
    xml = JUnitXml.fromfile(str(out))
    suites = list(xml)
    assert len(suites) == 1
    cases = list(suites[0])
    failed = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    assert len(failed) == 3
    assert {(c.classname, c._elem.get("line")) for c in failed} == {(str(BAD), "26"), (str(BAD), "69")}
    passed = [c for c in cases if not c.result]
    assert [(c.classname, c.name) for c in passed] == [(str(other), "conforms")]
    assert suites[0].failures == 3 and suites[0].tests == 4


def test_junit_of_warnings_fails_only_with_strict(capsys):
    # the warning is a case of its own; the file gets a passing "conforms" case only if nothing failed
    for strict, failures, tests in ((False, 0, 2), (True, 1, 1)):
        code, out, _ = run(capsys, str(WARN), "--format", "junit", *(["--strict"] if strict else []))
        assert code == failures
        suite = next(iter(JUnitXml.fromstring(out.encode())))
        assert (suite.failures, suite.tests) == (failures, tests)


def test_output_file_is_written_whole(capsys, tmp_path):
    target = tmp_path / "out" / "r.sarif"
    code, _, _ = run(capsys, str(GOOD), "--format", "sarif", "--output", str(target))
    assert code == 0
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert [p.name for p in target.parent.iterdir()] == ["r.sarif"]


def test_zh_and_en_messages_of_a_shape_with_both(capsys, tmp_path):
    shapes = tmp_path / "both.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix r2p: <https://w3id.org/r2p/ontology#> .
<https://example.org/shapes#Footnote> a sh:NodeShape ; sh:targetClass r2p:Footnote ;
  sh:property [ sh:path r2p:citedBy ; sh:minCount 1 ;
    sh:message "a footnote needs r2p:citedBy"@en , "脚注需要 r2p:citedBy"@zh ] .
""", encoding="utf-8")
    code, out, _ = run(capsys, str(BAD), "--shapes", str(shapes), "--format", "json")
    assert code == 1
    (row,) = json.loads(out)["results"]
    assert (row["message_en"], row["message_zh"]) == ("a footnote needs r2p:citedBy", "脚注需要 r2p:citedBy")
    assert (row["line"], row["rule"]) == (69, "Footnote/r2p:citedBy")
    code, out, _ = run(capsys, str(BAD), "--shapes", str(shapes))
    assert "    a footnote needs r2p:citedBy  [" in out and "\n    脚注需要 r2p:citedBy\n" in out


def test_library_call_gives_the_command_results(capsys):
    code, out, _ = run(capsys, str(BAD), str(WARN), "--format", "json")
    report = r2p_kg.validate([BAD, WARN])
    assert [dict(r) for r in json.loads(out)["results"]] == [
        json.loads(json.dumps(f.__dict__)) for f in report.findings]
    assert report.exit_code() == code == 1


def test_library_call_takes_a_graph_and_old_imports_still_work():
    from r2p_kg.validate import check_quads, results, validate  # noqa: F401  (the module as before)
    assert callable(check_quads) and validate.__name__ == "validate"
    report = r2p_kg.validate(Graph().parse(BAD))
    assert {(f.focus_iri, f.path) for f in report.findings} == set(BAD_LINES)
    assert all(f.file is None and f.line is None for f in report.findings)  # a graph has no lines


def test_unreadable_input_exits_2_naming_the_file(capsys, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    code, _, err = run(capsys, str(bad), "--format", "sarif")
    assert code == 2 and str(bad) in err


# --- the scanner, on hand-written snippets of each syntax ----------------------------------------

E = "https://e.org/"


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("turtle", '@prefix e: <https://e.org/> .\n# "a comment with a quote\ne:s a e:T ;\n'
               '  e:p """two\nlines""" ;\n  e:q [ e:r e:x ] , e:y ;\n  e:l ( e:a ) .\n'
               "<https://e.org/t> e:p 'x' .\n",
     {("s", "p"): 4, ("s", "q", "y"): 6, ("s", "l"): 7, ("t", "p"): 8, ("s",): 3}),
    ("trig", "PREFIX e: <https://e.org/>\ne:g {\n  e:s e:p 1 .\n}\nGRAPH e:h { e:t\n  e:p e:s }\n",
     {("s", "p"): 3, ("t", "p"): 6, ("t",): 5}),
    ("ntriples", "<https://e.org/s> <https://e.org/p> \"x\" .\n\n"
                 "<https://e.org/t> <https://e.org/p> <https://e.org/s> .\n",
     {("s", "p"): 1, ("t", "p", "s"): 3}),
    ("nquads", "<https://e.org/s> <https://e.org/p> \"x\" <https://e.org/g> .\n"
               "<https://e.org/t> <https://e.org/p> _:b <https://e.org/g> .\n",
     {("s", "p"): 1, ("t", "p"): 2}),
])
def test_scanner_finds_the_line(name, text, expected):
    ix = index_text(text, Path(f"x.{name}"))
    for key, line in expected.items():
        focus = E + key[0]
        path = E + key[1] if len(key) > 1 else "https://e.org/none"
        value = E + key[2] if len(key) > 2 else None
        assert ix.line(focus, path, value) == line, (name, key)


def test_scanner_finds_inverse_triples():
    ix = index_text("@prefix e: <https://e.org/> .\ne:a e:p e:b .\ne:c e:p e:b .\n", Path("x.ttl"))
    assert ix.line(E + "b", E + "p", E + "c", inverse=True) == 3


# --- the quality-check queries --------------------------------------------------------------------

def test_qc_names_the_line_of_an_undeclared_class(capsys, tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <https://example.org/> .\n\nex:x a ex:Undeclared .\n", encoding="utf-8")
    code, out, _ = run(capsys, str(data), "--qc")
    assert code == 1
    assert f"{data}:3: Violation: <https://example.org/Undeclared>" in out
    assert "Which classes does the data use (rdf:type) that the ontology does not declare?" in out
    assert "数据中使用（rdf:type）了哪些本体未声明的类？" in out
    code, log = sarif(capsys, str(data), "--qc")
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["qc/undeclared-classes"]


def test_qc_passes_good_data(capsys):
    code, out, _ = run(capsys, str(GOOD), "--qc")
    assert (code, out.splitlines()[0]) == (0, "conforms: 0 violation(s), 0 warning(s), 0 info(s)")


@pytest.mark.parametrize(("suffix", "fmt"), [(".jsonld", "json-ld"), (".rdf", "xml")])
def test_syntaxes_without_lines_name_the_file(tmp_path, suffix, fmt):
    path = tmp_path / f"bad{suffix}"
    Graph().parse(BAD).serialize(path, format=fmt)
    report = r2p_kg.validate(path)
    assert {(f.focus_iri, f.path) for f in report.findings} == set(BAD_LINES)
    assert {(f.file, f.line) for f in report.findings} == {(str(path), None)}


def test_the_file_that_holds_the_focus_node_is_named(tmp_path):
    """Two files as one graph: each result points into the file that states the focus node."""
    other = tmp_path / "other.nt"
    other.write_text('<https://example.org/a> <https://example.org/b> "1" .\n', encoding="utf-8")
    report = r2p_kg.validate([other, BAD])
    assert {f.file for f in report.findings} == {str(BAD)}


def test_turtle_report_honours_strict(capsys):
    code, out, _ = run(capsys, str(WARN), "--format", "turtle")
    assert code == 0 and "sh:Warning" in out
    code, _, _ = run(capsys, str(WARN), "--format", "turtle", "--strict")
    assert code == 1


def test_qc_with_shapes_is_refused_not_ignored(capsys):
    code, out, err = run(capsys, str(GOOD), "--qc", "--shapes", "0.1.0")
    assert (code, out) == (2, "")
    assert "--shapes: the QC queries use no shapes" in err
