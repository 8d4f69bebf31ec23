"""Dereferencing: content negotiation, suffixes, ?format=, and the status of unknown or malformed IRIs.

Each request is what curl would send (``curl -H 'Accept: …' http://host/id/…``)."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

PARA = "/id/report/sg-2025/paragraph/13"
IRI = "https://w3id.org/r2p/id/report/sg-2025/paragraph/13"

ACCEPT = [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # a browser
    ("*/*", "text/html"),  # curl's default
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.2, text/html;q=0.1", "application/rdf+xml"),
    ("application/json", "application/ld+json"),
]
PARSE = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
         "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}


def triples_of(resp) -> list[ox.Triple]:
    return list(ox.parse(resp.data, format=PARSE[resp.mimetype]))


@pytest.mark.parametrize(("accept", "expected"), ACCEPT)
def test_accept_header_picks_the_format(real, accept, expected):
    resp = real.get(PARA, headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.mimetype == expected
    assert "Accept" in resp.headers["Vary"]
    if expected != "text/html":
        assert any(t.subject == ox.NamedNode(IRI) for t in triples_of(resp))


@pytest.mark.parametrize(("suffix", "expected"), [
    (".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples"),
    (".rdf", "application/rdf+xml"), (".html", "text/html")])
def test_suffix_overrides_accept(real, suffix, expected):
    resp = real.get(PARA + suffix, headers={"Accept": "text/html"} if suffix != ".html" else {"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == expected


@pytest.mark.parametrize(("fmt", "expected"), [
    ("turtle", "text/turtle"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
    ("nt", "application/n-triples"), ("rdfxml", "application/rdf+xml"), ("html", "text/html"),
    ("text/turtle", "text/turtle")])
def test_format_parameter_overrides_everything(real, fmt, expected):
    resp = real.get(PARA + ".html?format=" + fmt, headers={"Accept": "application/rdf+xml"})
    assert resp.status_code == 200 and resp.mimetype == expected


def test_rdf_twin_holds_the_resources_triples(real):
    triples = triples_of(real.get(PARA + ".nt"))
    props = {t.predicate.value for t in triples if t.subject == ox.NamedNode(IRI)}
    assert "https://w3id.org/r2p/ontology#text" in props
    assert "http://www.w3.org/2000/01/rdf-schema#label" in props


def test_link_headers_and_link_elements_point_at_every_twin(real):
    resp = real.get(PARA)
    link = resp.headers["Link"]
    html = resp.get_data(as_text=True)
    for suffix, media_type in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                               (".nt", "application/n-triples"), (".rdf", "application/rdf+xml")):
        assert f'<{PARA}{suffix}>; rel="alternate"; type="{media_type}"' in link
        assert f'<link rel="alternate" type="{media_type}" href="{PARA}{suffix}">' in html
        assert real.get(PARA + suffix).status_code == 200


@pytest.mark.parametrize("path", ["/id/report/sg-2025", "/id/report/sg-2025/section/3",
                                  "/id/report/sg-2025/section/3/B", "/id/report/sg-2025/footnote/21",
                                  "/id/report/sg-2025/agenda-item/132", "/id/report/sg-2025/page/10/link/1"])
def test_every_kind_of_document_resource_resolves(real, path):
    assert real.get(path).status_code == 200
    assert real.get(path, headers={"Accept": "text/turtle"}).mimetype == "text/turtle"


@pytest.mark.parametrize("path", ["/id/country/SD", "/id/organization/security-council",
                                  "/id/document/S-RES-1674-2006", "/id/crime/genocide", "/id/pillar/1",
                                  "/id/report/t-1/statistic/1", "/id/report/t-1/paragraph/1/mention/1"])
def test_every_kind_of_entity_resolves(fx, path):
    assert fx.get(path).status_code == 200
    assert fx.get(path + ".jsonld").mimetype == "application/ld+json"


def test_named_graph_resolves(real):
    assert real.get("/graph/sg-2025").status_code == 200
    resp = real.get("/graph/sg-2025", headers={"Accept": "application/n-triples"})
    assert resp.status_code == 200 and len(triples_of(resp)) > 3000


def test_unknown_iri_is_a_helpful_404(real):
    resp = real.get("/id/country/ZZ")
    assert resp.status_code == 404
    page = resp.get_data(as_text=True)
    assert "https://w3id.org/r2p/id/country/ZZ" in page and 'href="/report/sg-2025"' in page
    assert real.get("/id/country/ZZ", headers={"Accept": "text/turtle"}).status_code == 404
    assert real.get("/graph/nope").status_code == 404


def test_404_for_programs_is_json_or_text(real):
    resp = real.get("/id/nothing", headers={"Accept": "application/json"})
    assert resp.status_code == 404 and resp.json["error"]["status"] == 404  # the endpoint's error shape
    assert resp.json["error"]["code"] == "not-found" and "nothing" in resp.json["error"]["message"]
    resp = real.get("/id/nothing", headers={"Accept": "text/plain"})
    assert resp.status_code == 404 and resp.mimetype == "text/plain"


@pytest.mark.parametrize("path", ["/id/a%20b", "/id/a%3Cb%3E", "/id/x//y", "/id/x/../y", "/id/%22quote%22",
                                  "/id/tab%09x", "/id/brace%7Bx%7D", "/graph/a%20b", "/report/..%2Fx"])
def test_malformed_paths_are_400(real, path):
    assert real.get(path).status_code in (400, 404)
    if path.startswith(("/id/", "/graph/")):
        assert real.get(path).status_code == 400


def test_unknown_format_or_suffix_and_unacceptable_accept(real):
    assert real.get(PARA + "?format=png").status_code == 406  # as at /sparql
    assert real.get("/ontology.png").status_code == 404  # no such document
    assert real.get(PARA, headers={"Accept": "image/png"}).status_code == 406


def test_injection_attempt_is_just_an_unknown_iri(real):
    # A path that would break a query if pasted into one: bound as an IRI value it matches nothing.
    resp = real.get("/id/x%3E%20%3Fp%20%3Fo%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo")
    assert resp.status_code == 400
    resp = real.get("/id/x%3E.%3Fs")
    assert resp.status_code == 400


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_no_path_gives_a_500(real_app, tail):
    client = real_app.test_client()
    for prefix in ("/id/", "/graph/", "/report/", "/pictures/", "/ontology."):
        resp = client.get(prefix + tail.replace("?", "%3F").replace("#", "%23"))
        assert resp.status_code < 500, (prefix, tail)


def test_head_has_the_same_headers_as_get(real):
    get, head = real.get(PARA + ".ttl"), real.head(PARA + ".ttl")
    assert head.status_code == 200 and head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.data == b""


def test_every_iri_in_the_data_dereferences(real_app):
    """Any IRI the graph mints, pasted into this server's host, gives its RDF (all) and its page (a sample)."""
    ds = real_app.extensions["r2p_pages"]["dataset"]
    subjects = sorted({q.subject.value for q in ds.store.quads_for_pattern(None, None, None, None)
                       if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ds.base + "id/")})
    assert len(subjects) > 1000
    client = real_app.test_client()
    failed = [s for s in subjects
              if client.get("/" + s[len(ds.base):], headers={"Accept": "application/n-triples"}).status_code != 200]
    assert not failed
    failed = [s for s in subjects[::15] if client.get("/" + s[len(ds.base):]).status_code != 200]
    assert not failed


def test_every_ontology_term_resolves_to_the_ontology(real_app):
    from r2p_kg.iris import VOCAB
    from r2p_kg.web.pages.views import Page
    ds = real_app.extensions["r2p_pages"]["dataset"]
    terms = {q.subject.value for q in ds.store.quads_for_pattern(None, None, None, None)
             if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(VOCAB)}
    assert terms, "the ontology is not in the built graph"
    with real_app.test_request_context("/"):
        page = Page(ds, "en")
        paths = {page.href(t).split("#")[0] for t in terms}
    assert paths == {"/ontology"}
    assert real_app.test_client().get("/ontology", headers={"Accept": "text/turtle"}).status_code == 200


def test_etag_and_conditional_requests(real):
    first = real.get(PARA + ".ttl")
    assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
    again = real.get(PARA + ".ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert real.get(PARA + ".nt").headers["ETag"] != first.headers["ETag"]
    en = real.get(PARA + "?lang=en").headers["ETag"]
    assert real.get(PARA + "?lang=zh").headers["ETag"] != en


def test_etag_of_the_gzipped_page_also_gives_304(real):
    zipped = real.get(PARA, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers.get("Content-Encoding") == "gzip" and zipped.headers["ETag"].endswith('-gz"')
    again = real.get(PARA, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == zipped.headers["ETag"]


def test_404_suggests_iris_with_near_names(fx):
    deadline = time.monotonic() + 30  # the names are indexed in the background once
    while 'href="/id/country/SD"' not in (page := fx.get("/id/country/SDN").get_data(as_text=True)):
        assert time.monotonic() < deadline, "no suggestions within 30 s"
        time.sleep(0.05)
    page = page.split('<section class="error">')[1]
    assert page.index('href="/id/country/SD"') < page.index('href="/-/browse"')
    assert 'href="/id/crime/genocide"' in fx.get("/id/crime/genocid").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/id/x%0Ay", "/id/country/S%0AD", "/graph/a%0Db"])
def test_control_characters_in_a_path_are_400_not_404(real, path):
    resp = real.get(path, headers={"Accept": "application/json"})
    assert resp.status_code == 400
    assert "bad-path" in resp.get_data(as_text=True)


def test_simultaneous_first_requests_load_the_data_once(built):
    """Thirty-two first requests at once must share one load of the dataset, not load it each."""
    import threading

    from r2p_kg.web import create_app
    from r2p_kg.web.pages import data as data_mod
    loads = []
    real_load = data_mod.Dataset.load.__func__

    def counting(cls, dist, **kwargs):
        loads.append(dist)
        return real_load(cls, dist, **kwargs)

    app = create_app({"R2P_DIST": str(built.out), "TESTING": True})
    data_mod.Dataset.load = classmethod(counting)
    try:
        client_results = []
        threads = [threading.Thread(target=lambda: client_results.append(
            app.test_client().get("/id/report/sg-2025").status_code)) for _ in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        data_mod.Dataset.load = classmethod(real_load)
    assert client_results == [200] * 32
    assert len(loads) == 1
