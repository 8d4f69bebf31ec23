"""Fuzzing the HTTP API of a real ``r2p-kg serve`` (gunicorn on loopback): schemathesis from
``/openapi.json``, and hypothesis generating SPARQL queries (well-formed and broken), odd headers and
Accept values, huge and non-UTF-8 bodies, and odd paths for the linked-data routes.

Invariants (``invariants.check``): no 5xx but the documented 503s, every error with its documented
status and code in the documented shape, an answer within a bounded time (the client's timeout), and
the server still up afterwards."""

from __future__ import annotations

import json
import logging
from collections import Counter
from urllib.parse import quote

import httpx
import pytest
import schemathesis
import schemathesis.openapi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from .conftest import MAX_BODY, count, record
from .invariants import Broken, check

log = logging.getLogger(__name__)

EXAMPLES = count("R2P_HTTP_FUZZ_EXAMPLES", 120, 1500)
API_EXAMPLES = count("R2P_API_FUZZ_EXAMPLES", 25, 300)
TIMEOUT = 20.0  # no answer within this is a hang (the server's deadline is 2 s)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=False, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TALLY: Counter = Counter()  # inputs sent per kind, for RELIABILITY.md
OUTCOMES: Counter = Counter()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=TIMEOUT) as c:
        yield c
    assert server.up(), "the server went down during the fuzzing"
    record("http-fuzz", inputs=dict(TALLY), total=sum(TALLY.values()), outcomes=dict(OUTCOMES),
           server_errors=sum(n for k, n in OUTCOMES.items() if k.startswith("5") and "busy" not in k
                             and "timeout" not in k))


def send(client: httpx.Client, kind: str, method: str, url: str, *, pages: bool = False,
         **kw) -> httpx.Response:
    """One fuzzed request; its answer must keep the invariants."""
    TALLY[kind] += 1
    try:
        resp = client.request(method, url, **kw)
    except httpx.TimeoutException:
        raise Broken(f"no answer within {TIMEOUT} s: {method} {url[:200]}") from None
    outcome = check(resp, pages=pages)
    OUTCOMES[outcome] += 1
    return resp


# --- schemathesis: the OpenAPI description ---------------------------------------------------------

def test_openapi_operations_keep_their_contract(server, client):
    """Every operation of /openapi.json with schemathesis' generated inputs: no server error, only
    documented statuses and media types, errors in the documented shape.

    (The operations are driven here rather than by ``schemathesis.pytest``, whose lazy fixture
    loading does not work with pytest 9.)"""
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=API_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            TALLY["openapi"] += 1
            resp = case.call(base_url=server.url, timeout=TIMEOUT)
            case.validate_response(resp, checks=[not_a_server_error, status_code_conformance,
                                                 content_type_conformance])
            headers = [(k, v) for k, values in resp.headers.items() for v in values
                       if k.lower() not in ("content-encoding", "content-length")]  # already decoded
            OUTCOMES[check(httpx.Response(resp.status_code, headers=headers, content=resp.content))] += 1

        run()


# --- SPARQL: generated queries, well-formed and broken ---------------------------------------------

IRIS = ["https://w3id.org/r2p/id/report/sg-2025", "https://w3id.org/r2p/ontology#Paragraph",
        "http://www.w3.org/2000/01/rdf-schema#label", "http://example.org/x", "urn:x:1"]
variable = st.sampled_from(["?s", "?p", "?o", "?x", "$y", "?label"])
iri = st.one_of(st.sampled_from(IRIS),
                st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), max_size=12)
                .map(lambda t: "http://example.org/" + quote(t, safe="")))
literal = st.one_of(st.text(max_size=16).map(lambda t: json.dumps(t)),
                    st.integers(-10**6, 10**6).map(str),
                    st.tuples(st.text(max_size=8).map(json.dumps), st.sampled_from(["en", "zh", "x-y"]))
                    .map(lambda t: f"{t[0]}@{t[1]}"))
term = st.one_of(variable, iri.map(lambda i: f"<{i}>"), literal)
triple = st.tuples(st.one_of(variable, iri.map(lambda i: f"<{i}>")),
                   st.one_of(variable, iri.map(lambda i: f"<{i}>"), st.just("a")), term).map(" ".join)
condition = st.one_of(
    st.tuples(variable, st.sampled_from(["=", "!=", "<", ">"]), term).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(variable, st.text(max_size=6).map(json.dumps)).map(lambda t: f"CONTAINS(STR({t[0]}), {t[1]})"),
    st.tuples(variable, st.sampled_from(["en", "zh", "*"]))
    .map(lambda t: f'LANGMATCHES(LANG({t[0]}), "{t[1]}")'),
)
group = st.tuples(st.lists(triple, min_size=1, max_size=3),
                  st.lists(condition, max_size=2)).map(
    lambda t: " . ".join(t[0]) + "".join(f" FILTER({c})" for c in t[1]))
limit = st.integers(0, 40).map(lambda n: f" LIMIT {n}")
well_formed = st.one_of(
    st.tuples(st.sampled_from(["*", "?s", "DISTINCT ?s ?o", "(COUNT(*) AS ?n)"]), group, limit)
    .map(lambda t: f"SELECT {t[0]} WHERE {{ {t[1]} }}{t[2]}"),
    group.map(lambda g: f"ASK {{ {g} }}"),
    st.tuples(group, limit).map(lambda t: f"CONSTRUCT WHERE {{ {t[0]} }}{t[1]}"),
    st.tuples(iri, limit).map(lambda t: f"DESCRIBE <{t[0]}>"),
    st.tuples(st.sampled_from(["GRAPH ?g", "OPTIONAL", "MINUS", "FILTER NOT EXISTS"]), group, limit)
    .map(lambda t: f"SELECT * WHERE {{ ?s ?p ?o {t[0]} {{ {t[1]} }} }}{t[2]}"),
)
JUNK = list("{}<>\"'\\#.;,()[]?$@^|`\x00\n\t ") + ["SELECT", "WHERE", "}}", "<<", "\\u0053"]


@st.composite
def broken(draw) -> str:
    """A well-formed query damaged: cut, spliced with junk, or with a piece repeated."""
    text = draw(well_formed)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 12)))
        how = draw(st.sampled_from(["cut", "junk", "repeat", "unicode"]))
        if how == "cut":
            text = text[:i] + text[j:]
        elif how == "junk":
            text = text[:i] + draw(st.sampled_from(JUNK)) + text[i:]
        elif how == "repeat":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + draw(st.text(max_size=4)) + text[i:]
    return text


ACCEPTS = ["*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values", "text/turtle", "application/ld+json", "application/rdf+xml",
           "application/n-triples", "text/html", "image/png", "application/json;q=0.1, text/csv",
           "text/*;q=0.3, */*;q=0", "", "*/*;q=abc", "text/turtle;q=2", ",,,", "a/b/c", "*/json"]


def sparql_request(query: str, how: str, accept: str, fmt: str | None, extra: dict[str, str]):
    params = dict(extra)
    if fmt is not None:
        params["format"] = fmt
    headers = {"Accept": accept}
    if how == "get":
        return "GET", "/sparql", {"params": {"query": query, **params}, "headers": headers}
    if how == "form":
        return "POST", "/sparql", {"params": params, "data": {"query": query}, "headers": headers}
    return "POST", "/sparql", {"params": params, "content": query.encode("utf-8", "surrogatepass"),
                               "headers": {**headers, "Content-Type": "application/sparql-query"}}


envelope = st.tuples(
    st.sampled_from(["get", "form", "direct"]), st.sampled_from(ACCEPTS),
    st.one_of(st.none(), st.sampled_from(["json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "html", "x"]),
              st.text(max_size=8)),
    st.dictionaries(st.sampled_from(["timeout", "default-graph-uri", "named-graph-uri", "update",
                                     "using-graph-uri", "x"]),
                    st.one_of(st.sampled_from(["0.5", "-1", "nan", "inf", "1e400", "", IRIS[0], "a b"]),
                              st.text(max_size=10)), max_size=2))


@SETTINGS
@given(query=st.one_of(well_formed, broken()), env=envelope)
def test_generated_and_broken_queries(client, query, env):
    how, accept, fmt, extra = env
    method, url, kw = sparql_request(query, how, accept, fmt, extra)
    send(client, "sparql", method, url, **kw)


# --- headers, bodies -----------------------------------------------------------------------------

header_value = st.one_of(st.sampled_from(ACCEPTS), st.text(st.characters(min_codepoint=32, max_codepoint=255,
                                                                         exclude_characters="\x7f"),
                                                          max_size=60))
ODD_HEADERS = ["Accept", "Accept-Encoding", "Accept-Language", "Content-Type", "If-None-Match",
               "Authorization", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix",
               "Range", "Origin", "Cookie", "Expect", "Content-Encoding", "X-Odd"]
TARGETS = ["/sparql?query=ASK%7B%7D", "/sparql", "/store?default", "/.well-known/void", "/health",
           "/dumps/build.json", "/dumps/r2p.nt.gz", "/openapi.json", "/-/settings", "/-/", "/update", "/"]


@SETTINGS
@given(target=st.sampled_from(TARGETS), method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS"]),
       headers=st.dictionaries(st.sampled_from(ODD_HEADERS), header_value, max_size=4))
def test_odd_headers(client, target, method, headers):
    # Leading and trailing blanks are not part of a header value (RFC 9110 §5.5); h11 refuses them.
    raw = [(k.encode(), v.strip(" \t").encode("latin-1")) for k, v in headers.items()]
    send(client, "headers", method, target, headers=raw, pages=target == "/")


BODY_TYPES = ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
              "application/sparql-query; charset=latin-1", "text/turtle", "application/ld+json",
              "multipart/form-data; boundary=x", "application/octet-stream", "", "text/plain; charset=utf-16"]


@SETTINGS
@given(body=st.one_of(st.binary(max_size=3000),
                      st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.sampled_from([b"\xff\xfe\x00A\x00S\x00K", b"query=%FF%FE", b"query=ASK+%7B%7D%C3",
                                       "ASK { ?s ?p '\u00e9' }".encode("latin-1")])),
       ctype=st.sampled_from(BODY_TYPES), target=st.sampled_from(["/sparql", "/update", "/store?default",
                                                                  "/store?graph=http://example.org/g"]),
       method=st.sampled_from(["POST", "PUT"]))
def test_odd_and_non_utf8_bodies(client, body, ctype, target, method):
    headers = {"Content-Type": ctype} if ctype else {}
    send(client, "bodies", method, target, content=body, headers=headers)


@pytest.mark.parametrize("size", [MAX_BODY + 1, 4 * MAX_BODY])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("target,ctype", [("/sparql", "application/sparql-query"),
                                          ("/sparql", "application/x-www-form-urlencoded"),
                                          ("/update", "application/sparql-update")])
def test_huge_bodies_are_413(client, size, chunked, target, ctype):
    """Over R2P_MAX_BODY: 413, sent with Content-Length or chunked (never run cut to the limit)."""
    body = b"ASK {} #" + b"a" * (size - 8) if "query" in ctype else b"query=ASK+%7B%7D+%23" + b"a" * size
    content = iter([body[i:i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    resp = send(client, "huge bodies", "POST", target, content=content,
                headers={"Content-Type": ctype, "Accept": "application/json"})
    assert resp.status_code == 413, resp.text[:300]
    assert resp.json()["error"]["code"] == "request-entity-too-large"


def test_body_at_the_limit_is_read_whole(client):
    """A chunked body just under the limit is read to its end, not cut."""
    query = b"ASK { FILTER(true) } #" + b"a" * (MAX_BODY - 40) + b"\n"
    resp = send(client, "huge bodies", "POST", "/sparql", content=iter([query[:500_000], query[500_000:]]),
                headers={"Content-Type": "application/sparql-query", "Accept": "application/json"})
    assert resp.status_code == 200 and resp.json()["boolean"] is True


# --- linked-data routes ----------------------------------------------------------------------------

PREFIXES = ["/id/", "/id/country/", "/id/report/sg-2025/paragraph/", "/ontology", "/ontology.", "/graph/",
            "/report/", "/pictures/", "/pictures/x", "/-/browse?class=", "/query?example=", "/-/static/",
            "/-/static/pages/", "/dumps/", "/-/dumps/", "/store/", "/"]
SUFFIXES = ["", ".ttl", ".jsonld", ".nt", ".rdf", ".html", ".json", ".xyz", "?format=ttl", "?format=zz",
            "?lang=zh", "?lang=<script>", "/", "#frag"]
PIECES = ["..", ".", "%2e%2e", "%2f", "%00", "%ff", "%3E", "%7D", "%22", "%0A", "'", "<script>", "}", ">",
          " UNION { ?s ?p ?o }", "SELECT", "\\", "%5c", "~", "%25", "?", "&", "=", "中文", "%E4%B8%AD"]


@st.composite
def odd_path(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=5))
    text = "".join(parts)
    encoded = quote(text, safe=draw(st.sampled_from(["", "/", "/%", "/%?=&", "/%<>'\"{}"])))
    return draw(st.sampled_from(PREFIXES)) + encoded + draw(st.sampled_from(SUFFIXES))


@SETTINGS
@given(path=odd_path(), accept=st.sampled_from(ACCEPTS + ["text/html,application/xhtml+xml"]),
       language=st.sampled_from(["", "zh-CN,zh;q=0.9", "en", "*", "xx;q=abc"]))
def test_odd_paths_of_the_linked_data_routes(server, client, path, accept, language):
    headers = {"Accept": accept}
    if language:
        headers["Accept-Language"] = language
    resp = send(client, "paths", "GET", path, headers=headers, pages=True)
    if resp.status_code == 200 and resp.headers.get("content-type", "").startswith("text/html"):
        assert "<script>alert" not in resp.text


def test_server_survived_and_pages_were_fuzzed(server):
    assert server.up()
    # The linked-data pages were among the fuzzed routes: they answer.
    assert httpx.get(server.url + "/ontology", headers={"Accept": "text/turtle"}, timeout=30).status_code == 200
