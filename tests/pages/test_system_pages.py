"""No dead ends (issue 14): the dumps' index, VoID and the service description as pages for people
(RDF or JSON for programs), and error pages in the site's layout with a way on."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
           "Accept-Language": "en"}
STYLED = ('<link rel="stylesheet" href="/-/static/pages/site.css">', '<nav aria-label="site">')


def styled(body: str) -> bool:
    return all(mark in body for mark in STYLED)


def test_dumps_index_for_programs_lists_every_file_with_its_checksum(real, built):
    listing = real.get("/dumps/").get_json()  # no Accept: a program
    names = [f["name"] for f in listing["files"]]
    for name in ("r2p.nq", "r2p.nt", "r2p.nt.gz", "r2p.ttl", "r2p.trig", "r2p.jsonld", "r2p.rdf",
                 "build.json", "SHA256SUMS"):
        assert name in names
    for f in listing["files"]:
        data = (built.out / f["name"]).read_bytes()
        assert f["bytes"] == len(data)
        if f["name"] != "SHA256SUMS":  # the checksum file does not list itself
            assert f["sha256"] == hashlib.sha256(data).hexdigest()
        assert f["url"].endswith("/dumps/" + f["name"])
        assert real.get(f["url"].replace("http://localhost", "")).status_code == 200
    by_name = {f["name"]: f for f in listing["files"]}
    assert by_name["r2p.nq"]["media_type"] == "application/n-quads"
    assert by_name["r2p.ttl"]["media_type"] == "text/turtle"
    assert listing["license"] == "https://creativecommons.org/licenses/by/4.0/"
    quads = sum(1 for line in (built.out / "r2p.nq").read_text(encoding="utf-8").splitlines() if line.strip())
    assert listing["quads"] == quads


def test_dumps_index_for_people_is_a_styled_table(real, built):
    page = real.get("/dumps/", headers=BROWSER)
    assert page.status_code == 200 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert styled(body)
    nq = hashlib.sha256((built.out / "r2p.nq").read_bytes()).hexdigest()
    assert nq in body and 'href="/dumps/r2p.nq"' in body
    assert f"{(built.out / 'r2p.nq').stat().st_size:,}" in body
    assert "creativecommons.org/licenses/by/4.0/" in body
    assert real.get("/dumps/?format=json", headers=BROWSER).mimetype == "application/json"
    moved = real.get("/dumps", headers=BROWSER)
    assert moved.status_code in (301, 308) and moved.headers["Location"].endswith("/dumps/")
    zh = real.get("/dumps/?lang=zh", headers=BROWSER).get_data(as_text=True)
    assert "下载" in zh and nq in zh


def test_void_for_people_is_tables_with_rdf_one_click_away(real, built):
    page = real.get("/.well-known/void", headers=BROWSER)
    assert page.status_code == 200 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert styled(body)
    stats = json.loads((built.out / "build.json").read_text(encoding="utf-8"))["statistics"]
    assert f"{stats['triples']:,}" in body
    assert 'href="/graph/sg-2025"' in body  # the report's named graph, linked to its page
    assert 'href="/.well-known/void?format=turtle"' in body and 'href="/dumps/"' in body
    turtle = real.get("/.well-known/void?format=turtle", headers=BROWSER)
    assert turtle.mimetype == "text/turtle" and b"void:Dataset" in turtle.data
    assert real.get("/.well-known/void", headers={"Accept": "text/turtle"}).mimetype == "text/turtle"


def test_sparql_for_a_browser_explains_the_endpoint(real):
    page = real.get("/sparql", headers=BROWSER)
    assert page.status_code == 200 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert styled(body)
    assert "curl -s http://localhost/sparql" in body and "SPARQLWrapper(&#39;http://localhost/sparql&#39;)" in body
    assert "10,000" in body  # the default row cap (R2P_MAX_ROWS)
    assert "text/csv" in body and 'href="/query"' in body
    assert real.get("/sparql", headers={"Accept": "text/turtle"}).mimetype == "text/turtle"
    # the nav's SPARQL link leads to this page, never to raw RDF
    home = real.get("/", headers=BROWSER).get_data(as_text=True)
    assert re.search(r'<nav aria-label="site">.*?<a href="/sparql">', home, re.S)


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/no/such/page", 404), ("GET", "/dumps/no-such-file.nq", 404),
    ("POST", "/.well-known/void", 405), ("GET", "/.well-known/void?format=nonsense", 406),
    ("GET", "/sparql?query=SELECT%20*%20WHERE%20%7B", 400)])
def test_errors_for_people_have_the_layout_and_a_way_on(real, method, path, status):
    resp = real.open(path, method=method, headers=BROWSER)
    assert resp.status_code == status and resp.mimetype == "text/html"
    body = resp.get_data(as_text=True)
    assert styled(body)
    assert 'href="/"' in body and 'href="/-/search"' in body
    assert resp.headers["Cache-Control"] == "no-store"


def test_errors_for_programs_keep_their_shape(real):
    resp = real.get("/no/such/page", headers={"Accept": "application/json"})
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not-found"
    plain = real.get("/no/such/page")
    assert plain.status_code == 404 and plain.mimetype == "text/plain"
    refused = real.post("/.well-known/void", headers={"Accept": "application/json"})
    assert refused.status_code == 405 and "GET" in refused.headers["Allow"]


def test_a_syntax_error_page_keeps_the_caret_under_the_column(real):
    resp = real.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p '<b>' "}, headers=BROWSER)
    body = resp.get_data(as_text=True)
    assert resp.status_code == 400 and '<pre class="why">' in body
    assert "<b>" not in body and "&lt;b&gt;" in body


def test_html_dumps_are_files_to_save(real):
    # the ontology's documentation is a file of the build; its page with the site's bar is /ontology
    resp = real.get("/dumps/ontology.html", headers=BROWSER)
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == "attachment; filename=ontology.html"


def test_a_language_chosen_on_a_system_page_is_kept(real):
    resp = real.get("/dumps/?lang=zh", headers=BROWSER)
    assert "lang=zh" in resp.headers["Set-Cookie"]
    # the next page, asked without ?lang= (and with Accept-Language: en), is in Chinese
    assert "<h1>数据集的 VoID 描述</h1>" in real.get("/.well-known/void", headers=BROWSER).get_data(as_text=True)


def test_a_page_in_another_language_is_not_a_304_of_the_first(real):
    en = real.get("/.well-known/void", headers=BROWSER)
    zh = real.get("/.well-known/void", headers={**BROWSER, "Accept-Language": "zh",
                                                "If-None-Match": en.headers["ETag"]})
    assert zh.status_code == 200 and "数据集的 VoID 描述" in zh.get_data(as_text=True)
    assert "Accept-Language" in zh.headers["Vary"]


def test_system_pages_carry_the_pages_content_security_policy(real):
    for path in ("/dumps/", "/.well-known/void", "/sparql", "/no/such/page"):
        csp = real.get(path, headers=BROWSER).headers.get("Content-Security-Policy", "")
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp, path
