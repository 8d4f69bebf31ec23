"""The lexical scan that decides query form, outbound calls and where USING clauses go."""

from __future__ import annotations

import pytest

from r2p_kg.sparqlscan import scan

EP = "http://127.0.0.1:9/sparql"


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("PREFIX select: <http://x/> ask { ?s select:p ?o }", "ASK"),
    ("# SELECT\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("BASE <http://x/select> DESCRIBE <a>", "DESCRIBE"),
    ("\\u0053ELECT * {}", "SELECT"),
    ("INSERT DATA { <a:b> <a:c> 'SELECT' }", None),
])
def test_form(text, form):
    assert scan(text).form() == form


@pytest.mark.parametrize(("text", "update"), [
    ("SELECT * { ?s ?p ?o }", False),
    ("# a copy of the graph; add what it describes\nSELECT * { ?s ?p ?o }", False),
    ("PREFIX insert: <http://x/> SELECT * { ?s insert:p ?o }", False),
    ("INSERT { GRAPH <g:x> { ?s ?p ?o } } WHERE { { SELECT ?s ?p ?o { ?s ?p ?o } LIMIT 1 } }", True),
    ("PREFIX ex: <http://x/> WITH <g:x> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("DROP SILENT GRAPH <g:x> ; INSERT DATA { <a:b> <a:c> 'SELECT' }", True),
    ("COPY <g:a> TO <g:b>", True),
])
def test_is_update_goes_by_the_first_operation(text, update):
    assert scan(text).is_update() is update


@pytest.mark.parametrize(("text", "endpoints"), [
    (f"SELECT * {{ SERVICE <{EP}> {{}} }}", [EP]),
    (f"SELECT * {{ SERVICE SILENT <{EP}> {{}} }}", [EP]),
    ("PREFIX e: <http://h/> SELECT * { SERVICE e:sp\\-arql {} }", ["http://h/sp-arql"]),
    ("BASE <http://h/a/> SELECT * { SERVICE <../b> {} }", ["http://h/b"]),
    ("SELECT * { SERVICE ?x {} }", [None]),
    ("SELECT * { SERVICE undeclared:x {} }", [None]),
    ("SELECT * { ?service <http://x/service> 'SERVICE <http://e/>' } # SERVICE <http://e/>", []),
    ("SELECT * { ?s ex:service ?o . ?s ex:a\\#SERVICE ?o }", []),
    ("LOAD SILENT <http://h/data> INTO GRAPH <http://g/>", ["http://h/data"]),
    ("SELECT * { ?s ?p \"\"\"a \" SERVICE <http://e/> \"\"\" }", []),
    ("SELECT * { ?s ?p '''it''s''' . SERVICE <http://e/> {} }", ["http://e/"]),
])
def test_outbound(text, endpoints):
    assert [o.endpoint for o in scan(text).outbound()] == endpoints


def test_outbound_relative_to_request_base():
    assert scan("SELECT * { SERVICE <x> {} }").outbound("http://me/sparql")[0].endpoint == "http://me/x"


def test_using_goes_before_each_modify_where():
    text = ("DROP ALL ; INSERT DATA { GRAPH <g:1> { <a:a> a <a:D> } } ; "
            "INSERT { GRAPH <g:o> { ?s a <a:B> } } WHERE { { SELECT ?s WHERE { ?s a <a:D> } } } ; "
            "DELETE WHERE { ?s <a:z> ?o }")
    out = scan(text).with_using(["g:1"], ["g:2"])
    assert out.count("USING <g:1> USING NAMED <g:2> WHERE") == 1
    assert "DELETE WHERE" in out and out.count("USING") == 2


def test_dataset_clause_detection():
    assert scan("WITH <g:1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").has_dataset_clause()
    assert not scan("INSERT { ?s <a:with> 'USING' } WHERE { ?s ?p ?o }").has_dataset_clause()


# --- complexity: what could crash the query engine is refused before a worker sees it (issue 13) ---

ISSUE_SHAPES = {
    "5,000 nested parentheses": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "3,000 nested groups": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "20,000 UNIONs": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }",
    "7,000 additions": "SELECT * WHERE { BIND(" + " + ".join(["1"] * 7000) + " AS ?x) }",
    "3,000 BINDs": "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?x{i})" for i in range(3000)) + " }",
    "1,000 nested calls": "SELECT * WHERE { BIND(" + "CONCAT(" * 1000 + "'a'" + ")" * 1000 + " AS ?x) }",
}


@pytest.mark.parametrize("name", ISSUE_SHAPES)
def test_text_that_crashes_the_engine_is_refused_with_where(name):
    from r2p_kg.errors import QueryTooComplex
    with pytest.raises(QueryTooComplex, match=r"at line 1, column \d+") as caught:
        scan(ISSUE_SHAPES[name])
    assert caught.value.http_status == 400 and caught.value.code == "too-complex"


def test_where_names_the_line():
    from r2p_kg.errors import QueryTooComplex
    with pytest.raises(QueryTooComplex, match="line 3, column 130"):
        scan("SELECT *\nWHERE\n{ " + "{" * 200 + "}" * 200 + " }")


@pytest.mark.parametrize("text", [
    # long flat data is not nesting: signs of numbers, dashes in names, datatypes
    "SELECT * WHERE { VALUES ?x { " + " ".join(["-1"] * 5000) + " } }",
    "PREFIX ex: <http://x/> SELECT * WHERE { FILTER(?x IN (" + ", ".join(["ex:a-b"] * 5000) + ")) }",
    "SELECT * WHERE { VALUES ?x { " + " ".join(['"1"^^<http://x/t>'] * 5000) + " } }",
    "INSERT DATA { " + " ".join(f"<http://x/s> <http://x/p> {-i} ." for i in range(5000)) + " }",
    # brackets and operators inside strings, IRIs and comments do not count
    "ASK { ?s ?p '" + "(" * 5000 + "' } # " + "{ UNION " * 5000,
    "SELECT * WHERE { ?s <http://x/" + "a/" * 5000 + "> ?o }",
    # names that contain the keywords
    "PREFIX ex: <http://x/> SELECT * WHERE { " + " ".join(["?s ex:hasUnion ?as ."] * 3000) + " }",
])
def test_long_flat_text_is_accepted(text):
    scan(text)


AT_LIMITS = [
    # the deepest nesting accepted, in the constructs that crash Oxigraph first
    "SELECT * WHERE { BIND(" + "CONCAT(" * 126 + "'a'" + ")" * 126 + " AS ?x) }",
    "SELECT * WHERE { FILTER(" + "EXISTS { FILTER(" * 63 + "true" + ") }" * 63 + ") }",
    "SELECT * WHERE " + "{" * 128 + "}" * 128,
    # the longest chains accepted
    "SELECT ?x0 WHERE { " + " ".join(f"BIND({i} AS ?x{i})" for i in range(128)) + " }",
    "SELECT ?s WHERE { ?s ?p ?o " + " ".join(["MINUS { ?s ?p ?o }"] * 256) + " }",
    "SELECT " + " ".join(f"(1 AS ?x{i})" for i in range(256)) + " WHERE {}",
    # both at once: 100 nested groups, each with a chain
    "SELECT * WHERE " + "{ ?s ?p ?o MINUS { ?s ?p ?o } " * 100 + "}" * 100,
]

ENGINE = """
import sys, pyoxigraph as ox
store = ox.Store()
for q in sys.stdin.read().split("\\x00"):
    list(store.query(q))
print("ok")
"""


def test_what_the_scan_accepts_runs_in_the_engine_and_the_margin_is_real():
    """The limits hold with room to spare on pyoxigraph itself (in a child process, since a stack
    overflow kills the process), and the issue's text really crashes it."""
    import subprocess
    import sys
    for q in AT_LIMITS:
        scan(q)
    ok = subprocess.run([sys.executable, "-c", ENGINE], input="\x00".join(AT_LIMITS), text=True,
                        capture_output=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout.strip() == "ok", ok.stderr[-500:]
    crash = subprocess.run([sys.executable, "-c", ENGINE], input=ISSUE_SHAPES["5,000 nested parentheses"],
                           text=True, capture_output=True, timeout=120)
    assert crash.returncode < 0  # killed by a signal (SIGSEGV): what the limits prevent
