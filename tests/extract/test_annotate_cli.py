"""``r2p-kg annotate`` as a user runs it: offsets into the file's UTF-8 text, JSON and Turtle, errors."""

from __future__ import annotations

import json
import subprocess
import sys

from rdflib import Graph, Literal, Namespace, URIRef

OA = Namespace("http://www.w3.org/ns/oa#")
R2P = Namespace("https://w3id.org/r2p/ontology#")

# A Security Council press-statement style text written for this test, with Windows line ends and
# a byte-order mark: both count as characters of the text.
TEXT = "\ufeff安理会成员强烈谴责在苏丹发生的袭击。\r\n他们呼吁人权高专办调查可能的危害人类罪。\r\n"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "r2p_kg.cli", *args], capture_output=True, text=True)


def test_json_offsets_index_the_files_text(tmp_path) -> None:
    path = tmp_path / "statement.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    proc = run("annotate", str(path))
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    got = [(r["start"], r["end"], r["exact"], r["kind"], r["label_en"], r["label_zh"]) for r in rows
           if r["kind"] not in ("claim", "situation")]       # the claim model's, checked below
    # offsets counted by hand: BOM = 0, 安理会 = 1..4, 苏丹 = 11..13; \r\n is two characters
    assert got == [
        (1, 4, "安理会", "organization", "Security Council", "安全理事会"),
        (11, 13, "苏丹", "country", "Sudan", "苏丹"),
        (25, 30, "人权高专办", "organization", "Office of the United Nations High Commissioner for Human Rights",
         "联合国人权事务高级专员办事处"),
        (35, 40, "危害人类罪", "crime", "crimes against humanity", "危害人类罪"),
    ]
    text = path.read_bytes().decode("utf-8")
    assert all(text[r["start"]:r["end"]] == r["exact"] and r["file"] == str(path) for r in rows)
    assert rows[0]["iri"] == "https://w3id.org/r2p/id/organization/security-council"
    # the call (他们呼吁 ...) comes out as a recommendation, after the mentions
    assert rows[-1]["kind"] == "claim" and rows[-1]["claim"] == "recommendation"
    assert rows[-1]["exact"].endswith("他们呼吁人权高专办调查可能的危害人类罪。")


def test_several_files_in_one_array(tmp_path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("大会通过了第 60/1 号决议。", encoding="utf-8")
    b.write_text("", encoding="utf-8")
    rows = json.loads(run("annotate", str(a), str(b)).stdout)
    assert {(r["file"], r["kind"], r["exact"]) for r in rows} == {
        (str(a), "organization", "大会"), (str(a), "document", "第 60/1 号决议")}


def test_turtle_is_web_annotations(tmp_path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("近 3 700 万人被迫流离失所，种族灭绝的风险上升。", encoding="utf-8")
    proc = run("annotate", "--format", "ttl", str(path))
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(data=proc.stdout, format="turtle")
    annotations = set(g.subjects(OA.motivatedBy, OA.identifying))
    assert len(annotations) == 2
    exact = {str(o) for o in g.objects(None, OA.exact)}
    assert exact == {"3 700 万人", "种族灭绝"}
    genocide = URIRef("https://w3id.org/r2p/id/crime/genocide")
    assert any((a, OA.hasBody, genocide) in g for a in annotations)
    [stat] = g.subjects(R2P.value, None)
    assert g.value(stat, R2P.value).toPython() == 37000000
    assert g.value(stat, R2P.qualifier) == Literal("nearly")
    [quote] = g.subjects(OA.exact, Literal("种族灭绝"))
    [target] = g.subjects(OA.hasSelector, quote)
    [position] = (s for s in g.objects(target, OA.hasSelector) if s != quote)
    assert (g.value(position, OA.start).toPython(), g.value(position, OA.end).toPython()) == (17, 21)


def test_errors_name_the_file_and_reason(tmp_path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("苏丹".encode() + b"\nna\xefve\n")
    good = tmp_path / "good.txt"
    good.write_text("苏丹", encoding="utf-8")
    proc = run("annotate", str(good), str(bad))
    assert proc.returncode == 2 and proc.stdout == ""          # nothing half-printed
    assert proc.stderr.strip() == f"r2p-kg: error: {bad}: not UTF-8: byte 9 (line 2) is 0xef"
    proc = run("annotate", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2 and "missing.txt: no such file" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("annotate", str(tmp_path))
    assert proc.returncode == 2 and "is a directory" in proc.stderr
