"""Forwarded headers only from trusted proxies (issue 13, item 2): ``X-Forwarded-Prefix:
//evil.example`` was rendered into a cached page every later visitor got, and ``X-Forwarded-Host``
named the attacker's host in the service description, VoID, OpenAPI and ``/-/``."""

from __future__ import annotations

import httpx
import pytest
import rdflib
from rdflib import Namespace, URIRef

from r2p_kg.errors import ConfigError
from r2p_kg.web import create_app

from .servers import GunicornProcess, ThreadedServer

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PAGES = ("r2p_kg.web.pages",)
EVIL = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-Port": "444",
        "X-Forwarded-Prefix": "/evil"}
DESCRIPTIONS = [("/sparql", "text/turtle"), ("/.well-known/void", "text/turtle"),
                ("/openapi.json", "application/json"), ("/-/", "application/json")]
PAGE = "/id/report/sg-2025"
CSS = 'href="{prefix}/-/static/pages/site.css"'


def serve(built, **config):
    return ThreadedServer({"R2P_DIST": str(built.out), "R2P_EXTENSIONS": PAGES, **config})


@pytest.fixture(scope="module")
def untrusting(built):
    with serve(built) as srv:
        yield srv


@pytest.fixture(scope="module")
def behind_proxy(built):
    with serve(built, R2P_TRUSTED_PROXIES=("127.0.0.1",)) as srv:
        yield srv


@pytest.mark.parametrize(("path", "accept"), DESCRIPTIONS)
def test_forwarded_headers_from_anyone_are_ignored(untrusting, path, accept):
    resp = httpx.get(untrusting.url + path, headers={"Accept": accept, **EVIL})
    assert resp.status_code == 200
    for planted in ("evil.example", "/evil/", ":444", "https://127.0.0.1"):
        assert planted not in resp.text
    assert untrusting.url in resp.text


def test_a_page_cannot_be_poisoned_through_the_prefix(untrusting):
    for prefix in ("//evil.example", "/evil"):
        first = httpx.get(untrusting.url + PAGE, headers={"Accept": "text/html", "X-Forwarded-Prefix": prefix})
        assert first.status_code == 200 and "evil.example" not in first.text and "/evil/" not in first.text
        assert CSS.format(prefix="") in first.text
    later = httpx.get(untrusting.url + PAGE, headers={"Accept": "text/html"})
    assert "evil.example" not in later.text and "/evil/" not in later.text and CSS.format(prefix="") in later.text


def test_a_trusted_proxy_names_the_public_url_and_says_so_in_vary(behind_proxy):
    resp = httpx.get(behind_proxy.url + "/sparql", headers={
        "Accept": "text/turtle", "X-Forwarded-Host": "r2p.example.org", "X-Forwarded-Proto": "https"})
    g = rdflib.Graph().parse(data=resp.text, format="turtle")
    assert set(g.objects(None, SD.endpoint)) == {URIRef("https://r2p.example.org/sparql")}
    vary = {v.strip().lower() for v in resp.headers["vary"].split(",")}
    assert {"x-forwarded-host", "x-forwarded-proto", "x-forwarded-prefix", "accept"} <= vary
    plain = httpx.get(behind_proxy.url + "/sparql", headers={"Accept": "text/turtle"})
    assert URIRef(behind_proxy.url + "/sparql") in set(
        rdflib.Graph().parse(data=plain.text, format="turtle").objects(None, SD.endpoint))
    assert "x-forwarded-host" not in plain.headers.get("vary", "").lower()


def test_a_trusted_prefix_is_kept_apart_in_the_page_cache(behind_proxy):
    proxied = httpx.get(behind_proxy.url + PAGE, headers={"Accept": "text/html", "X-Forwarded-Prefix": "/r2p"})
    assert proxied.status_code == 200 and CSS.format(prefix="/r2p") in proxied.text
    assert "x-forwarded-prefix" in proxied.headers["vary"].lower()
    direct = httpx.get(behind_proxy.url + PAGE, headers={"Accept": "text/html"})
    assert CSS.format(prefix="") in direct.text and "/r2p/-/static" not in direct.text
    again = httpx.get(behind_proxy.url + PAGE, headers={"Accept": "text/html", "X-Forwarded-Prefix": "/r2p"})
    assert CSS.format(prefix="/r2p") in again.text
    assert again.headers["etag"] != direct.headers["etag"]


def test_a_trusted_prefix_with_a_trailing_slash_makes_no_double_slash(behind_proxy):
    resp = httpx.get(behind_proxy.url + PAGE, headers={"Accept": "text/html", "X-Forwarded-Prefix": "/r2p/"})
    assert resp.status_code == 200 and CSS.format(prefix="/r2p") in resp.text
    assert "/r2p//" not in resp.text


@pytest.mark.parametrize("prefix", ["//evil.example", "/a//b", "//"])
def test_a_prefix_that_is_not_a_path_is_ignored_even_from_a_trusted_proxy(behind_proxy, prefix):
    resp = httpx.get(behind_proxy.url + PAGE, headers={"Accept": "text/html", "X-Forwarded-Prefix": prefix})
    assert resp.status_code == 200 and CSS.format(prefix="") in resp.text
    assert "evil.example" not in resp.text


def test_a_proxy_elsewhere_is_not_this_peer(built):
    with serve(built, R2P_TRUSTED_PROXIES=("10.0.0.0/8", "::1")) as srv:
        resp = httpx.get(srv.url + "/openapi.json", headers=EVIL)
        assert resp.json()["servers"][0]["url"] == srv.url


def test_a_malformed_proxy_setting_is_a_clear_error():
    with pytest.raises(ConfigError) as err:
        create_app({"R2P_TRUSTED_PROXIES": ("127.0.0.1", "proxy.local")})
    assert err.value.where == "R2P_TRUSTED_PROXIES" and "proxy.local" in str(err.value)


def test_gunicorn_trusts_no_forwarded_scheme_either(built):
    """gunicorn's own default believed X-Forwarded-Proto and SCRIPT_NAME from loopback peers."""
    with GunicornProcess(built.out, "--workers", "1") as srv:
        resp = httpx.get(srv.url + "/sparql", headers={"Accept": "text/turtle", **EVIL,
                                                       "SCRIPT_NAME": "/evil"})
        g = rdflib.Graph().parse(data=resp.text, format="turtle")
        assert set(g.objects(None, SD.endpoint)) == {URIRef(srv.url + "/sparql")}
