"""Read the machine-readable W3C SPARQL 1.1 protocol and graph-store manifests, replay their HTTP
requests against a live server, and check the responses (see ../shared/w3c/README.md).

A test is a list of ``ht:Request`` with expected status (codes or classes), result format
(``boolean``, ``tabular``, ``RDF``), ASK boolean, response headers and an expected RDF body (compared
by graph isomorphism). Request paths ``/sparql/...`` and ``/gsp...`` are rewritten to the endpoint's
``/sparql`` and ``/store``.
"""

from __future__ import annotations

import http.client
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
RDFS_LABEL = rdflib.RDFS.label

RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml", "text/xml"}
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml",
                 "application/json", "application/xml", "text/xml"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "201" or "2xx"
    result_format: str | None = None
    boolean: bool | None = None
    content_type: str | None = None
    rdf_body: str | None = None
    location_var: str | None = None


@dataclass
class W3CTest:
    name: str
    title: str
    graph_data: list[tuple[Path, str]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)


def _status(term: rdflib.term.Node) -> str:
    name = str(term).removeprefix(HTS)
    m = re.fullmatch(r"StatusCode(\dxx)", name)
    if m:
        return m.group(1)
    snake = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).upper()
    return str(HTTPStatus[snake].value)


def _body(g: rdflib.Graph, node) -> bytes | None:
    body = g.value(node, HT.body)
    if body is None:
        return None
    encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
    text = str(g.value(body, CNT.chars))
    return text.encode("utf-16" if encoding.upper() == "UTF-16" else encoding)


def _headers(g: rdflib.Graph, node) -> dict[str, str]:
    lst = g.value(node, HT.headers)
    if lst is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
            for h in Collection(g, lst)}


def rewrite(path: str) -> str:
    """``/sparql/?x`` -> ``/sparql?x``; ``/gsp...`` -> ``/store...``."""
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/"):]
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp"):]
    return path


def load(manifest: Path) -> list[W3CTest]:
    """The tests of ``manifest`` (following mf:include), in manifest order."""
    g = rdflib.Graph()
    g.parse(manifest, format="turtle", publicID=manifest.as_uri())
    root = next(g.subjects(RDF.type, MF.Manifest))
    included = g.value(root, MF.include)
    if included is not None:
        return [t for inc in Collection(g, included) for t in load(Path(str(inc).removeprefix("file://")))]
    tests = []
    for entry in Collection(g, g.value(root, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        test = W3CTest(name, str(g.value(entry, MF.name) or name))
        for gd in g.objects(entry, UT.graphData):
            test.graph_data.append((Path(str(g.value(gd, UT.graph)).removeprefix("file://")),
                                    str(g.value(gd, RDFS_LABEL))))
        action = g.value(entry, MF.action)
        reqs = g.value(action, HT.requests) if action is not None else None
        for node in (Collection(g, reqs) if reqs is not None else []):
            resp = g.value(node, HT.resp)
            expected_format = g.value(resp, MF.expectedFormat)
            expected_bool = g.value(resp, MF.expectedBoolean)
            location = g.value(resp, MF.expectedLocation)
            resp_headers = _headers(g, resp)
            resp_body = _body(g, resp)
            test.requests.append(Request(
                method=str(g.value(node, HT.methodName)),
                path=rewrite(str(g.value(node, HT.absolutePath))),
                headers=_headers(g, node),
                body=_body(g, node),
                statuses={_status(s) for s in g.objects(resp, MF.expectedStatus)},
                result_format=str(expected_format) if expected_format is not None else None,
                boolean=expected_bool.toPython() if expected_bool is not None else None,
                content_type=resp_headers.get("content-type"),
                rdf_body=resp_body.decode("utf-8") if resp_body is not None else None,
                location_var=str(location) if location is not None else None,
            ))
        tests.append(test)
    return tests


def _boolean(media: str, body: bytes) -> bool:
    if "json" in media:
        return bool(json.loads(body)["boolean"])
    root = ET.fromstring(body)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None, "no <boolean> element in the XML results"
    return node.text.strip() == "true"


class Replayer:
    """Sends a test's requests over a real socket and checks each response; raises AssertionError."""

    def __init__(self, host: str, port: int, token: str | None) -> None:
        self.host, self.port, self.token = host, port, token

    def send(self, method: str, path: str, headers: dict[str, str], body: bytes | None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            headers = dict(headers)
            if self.token:
                headers.setdefault("authorization", f"Bearer {self.token}")
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def reset(self, graph_data: list[tuple[Path, str]]) -> None:
        """Empty the store, then load the test's ut:graphData into their named graphs."""
        status, _, body = self.send("POST", "/update", {"content-type": "application/sparql-update"},
                                    b"DROP ALL")
        assert status == 204, f"reset failed: {status} {body[:200]!r}"
        for path, label in graph_data:
            from urllib.parse import quote
            status, _, body = self.send("PUT", f"/store?graph={quote(label, safe='')}",
                                        {"content-type": "application/n-triples"}, path.read_bytes())
            assert status in (201, 204), f"loading {path.name} failed: {status} {body[:200]!r}"

    def run(self, test: W3CTest) -> None:
        self.reset(test.graph_data)
        variables: dict[str, str] = {}
        for i, req in enumerate(test.requests, 1):
            path, body = req.path, req.body
            for var, value in variables.items():
                path = path.replace(var, value)
                body = body.replace(var.encode(), value.encode()) if body else body
            status, headers, data = self.send(req.method, path, req.headers, body)
            where = f"request {i} ({req.method} {path})"
            ok = str(status) in req.statuses or f"{str(status)[0]}xx" in req.statuses
            assert ok, f"{where}: status {status}, expected {sorted(req.statuses)}: {data[:300]!r}"
            media = headers.get("content-type", "").split(";")[0].strip().lower()
            if req.result_format == "boolean":
                assert media in BOOLEAN_TYPES, f"{where}: {media!r} is not a boolean result format"
            elif req.result_format == "tabular":
                assert media in RESULT_TYPES, f"{where}: {media!r} is not a tabular result format"
            elif req.result_format == "RDF":
                assert media in RDF_TYPES, f"{where}: {media!r} is not an RDF format"
                rdflib.Graph().parse(data=data, format=RDF_TYPES[media])
            if req.boolean is not None:
                assert _boolean(media, data) is req.boolean, f"{where}: expected ASK {req.boolean}"
            if req.content_type:
                got = headers.get("content-type", "").replace(" ", "").lower()
                assert got == req.content_type.replace(" ", "").lower(), \
                    f"{where}: Content-Type {got!r}, expected {req.content_type!r}"
            if req.rdf_body is not None and req.method != "HEAD":
                expected = rdflib.Graph().parse(data=req.rdf_body, format="turtle")
                got_graph = rdflib.Graph().parse(data=data, format=RDF_TYPES[media])
                assert isomorphic(expected, got_graph), \
                    f"{where}: the graph differs from the expected one:\n{data.decode()[:500]}"
            if req.location_var:
                assert "location" in headers, f"{where}: no Location header"
                variables[req.location_var] = headers["location"]
