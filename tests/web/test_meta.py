"""Health, OpenAPI, VoID, the service description, settings, dumps (behind a proxy: test_proxies.py)."""

from __future__ import annotations

import hashlib
import threading
import time

import httpx
import pytest
import rdflib
from rdflib import RDF, Namespace, URIRef

from r2p_kg.web import create_app
from r2p_kg.web.context import EXT, on_warm_up, warm_up
from r2p_kg.web.urls import ROUTES

from .servers import ThreadedServer

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def test_health(live, built):
    body = httpx.get(live.url + "/health").json()
    assert body["live"] and body["ready"] and body["version"] == built.version
    assert httpx.get(live.url + "/health", params={"probe": "live"}).json() == {"live": True}


def test_not_ready_until_what_it_loads_at_start_is_loaded(built):
    """What the server loads as it starts (the pages' data) makes it not ready until loaded, so a
    load balancer sends it no request that would wait for the load."""
    release = threading.Event()
    with ThreadedServer({"R2P_DIST": str(built.out)}) as srv:
        on_warm_up(srv.app, "slow-data", lambda app: release.wait(30))
        warm_up(srv.app)
        resp = httpx.get(srv.url + "/health")
        assert resp.status_code == 503, resp.text
        assert resp.json()["ready"] is False and resp.json()["problem"] == "still loading: slow-data"
        assert httpx.get(srv.url + "/health", params={"probe": "live"}).json() == {"live": True}
        release.set()
        for _ in range(100):
            resp = httpx.get(srv.url + "/health")
            if resp.status_code == 200:
                break
            time.sleep(0.05)
        assert resp.status_code == 200 and resp.json()["ready"] is True and "problem" not in resp.json()


def test_the_pages_load_their_data_as_the_server_starts(built):
    app = create_app({"TESTING": True, "R2P_DIST": str(built.out)})  # the pages extension included
    assert [name for name, _ in app.extensions[EXT]["warm_up"]] == ["pages"]


def test_openapi_lists_the_url_table(live):
    doc = httpx.get(live.url + "/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    for route in ROUTES:
        if "<" not in route.rule and route.rule != "/-/":
            assert route.rule in doc["paths"], route.rule
    assert doc["servers"][0]["url"] == live.url


def test_void(live, built):
    resp = httpx.get(live.url + "/.well-known/void", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=resp.text, format="turtle")
    ds = URIRef(live.url + "/.well-known/void#dataset")
    assert (ds, RDF.type, VOID.Dataset) in g
    assert int(g.value(ds, VOID.triples)) > 1000
    assert int(g.value(ds, VOID.entities)) > 100
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef(live.url + "/sparql")
    assert len(list(g.objects(ds, VOID.classPartition))) > 3
    assert len(list(g.objects(ds, VOID.propertyPartition))) > 3
    assert len(list(g.objects(ds, VOID.vocabulary))) > 1
    assert list(g.objects(ds, VOID.exampleResource))
    assert g.value(ds, URIRef("http://purl.org/dc/terms/license")) is not None
    dump = g.value(ds, VOID.dataDump)
    data = httpx.get(str(dump)).content
    assert hashlib.sha256((built.out / str(dump).rsplit("/", 1)[-1]).read_bytes()).digest() \
        == hashlib.sha256(data).digest()


def test_service_description_for_a_browser_is_html(live):
    resp = httpx.get(live.url + "/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert resp.headers["content-type"].startswith("text/html") and "sd:endpoint" in resp.text


def test_settings_hide_the_token(writable):
    settings = {s["name"]: s for s in httpx.get(writable.url + "/-/settings").json()["settings"]}
    assert settings["R2P_UPDATE_TOKEN"]["value"] is True
    assert settings["R2P_TIMEOUT"]["value"] == 10.0
    assert all(s["help"] for s in settings.values())


def test_index(live):
    links = httpx.get(live.url + "/-/").json()["links"]
    assert any(link["url"].endswith("/sparql") for link in links)
    assert httpx.get(live.url + "/", headers={"Accept": "text/html"}).status_code == 200


def test_void_names_the_base_the_build_used(tmp_path):
    """Regression: after ``build --base``, VoID's uriSpace named the default base of the settings."""
    from r2p_kg.build import build
    from tests.conftest import REPORT_FILE

    from .servers import ThreadedServer
    out = tmp_path / "dist"
    build([REPORT_FILE], out, base="http://example.org/kg/", validate=False)
    with ThreadedServer({"R2P_DIST": str(out), "R2P_WORKERS": 1}) as srv:
        resp = httpx.get(srv.url + "/.well-known/void", headers={"Accept": "text/turtle"}, timeout=30)
    g = rdflib.Graph().parse(data=resp.text, format="turtle")
    assert [str(o) for o in g.objects(None, VOID.uriSpace)] == ["http://example.org/kg/id/"]


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
@pytest.mark.parametrize("accept", ["application/n-triples", "text/turtle"])
def test_descriptions_are_the_same_bytes_under_one_etag(live, path, accept):
    """Fresh blank-node labels per request made two different bodies under one strong ETag."""
    first, second = (httpx.get(live.url + path, headers={"Accept": accept}) for _ in range(2))
    assert first.status_code == second.status_code == 200
    assert first.headers["etag"] == second.headers["etag"]
    assert "_:" in first.text  # the partitions are blank nodes
    assert first.content == second.content
