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
