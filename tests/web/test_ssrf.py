"""No outbound requests by default: SERVICE and LOAD to endpoints not on the allow-list are refused
before the query runs, and a query worker cannot open a socket anyway (the network sandbox), so a
local listener sees zero connections, whatever the spelling."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from .servers import ThreadedServer


class Listener:
    """A local SPARQL-ish endpoint that counts connections and answers one empty solution."""

    def __init__(self) -> None:
        self.connections = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
                    {"x": {"type": "literal", "value": "from-remote"}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, *args) -> None:
                pass

        class Counting(ThreadingHTTPServer):
            def get_request(self) -> tuple[socket.socket, object]:
                outer.connections += 1
                return super().get_request()

        self.server = Counting(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def listener():
    lst = Listener()
    yield lst
    lst.close()


def attacks(url: str) -> list[str]:
    host = url.rsplit("/", 1)[0]
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ep: <{host}/> SELECT * WHERE {{ SERVICE ep:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{host}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z .SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # a comment \n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND('x' AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?ep {{ <{url}> }} SERVICE ?ep {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\' ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.parametrize("index", range(11))
def test_service_not_allowed_makes_no_connection(live, listener, index):
    query = attacks(listener.url)[index]
    resp = httpx.post(live.url + "/sparql", data={"query": query}, headers={"Accept": "application/json"})
    assert resp.status_code == 403, resp.text
    assert resp.json()["error"]["code"] == "outbound-refused"
    assert listener.connections == 0


# --- the generator: SERVICE and LOAD after every kind of token, glued and spaced -------------------

TOKENS = ["1", "1.5", ".5", "1e3", "+1", "-2", "true", "false", "TRUE", '"x"', "'x'", '"""x"""', '"x"@en',
          '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "<http://example.org/i>", "?v", "$v",
          "ex:a", "ex:", "_:b", "[]", "a", ".", ";", ",", ")", "}", "{"]


def service_after(token: str, glue: str, url: str) -> str:
    """A query where SERVICE follows ``token``; syntactically odd ones are fine: Oxigraph decides."""
    return (f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ?p {token}{glue}"
            f"SERVICE <{url}> {{ ?a ?b ?c }} }}")


def generated(url: str) -> list[str]:
    host, rel = url.rsplit("/", 1)
    queries = [service_after(t, glue, url) for t in TOKENS for glue in ("", " ", "\n")]
    queries += [f"SELECT * WHERE {{ BIND({t} AS ?x) {t}SERVICE <{url}> {{ ?a ?b ?c }} }}"
                for t in ("1", "true", "0.0", "1E0")]
    queries += [
        f"SELECT * WHERE {{ 1SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ 1 }} ?x ?y trueSERVICE <{url}> {{ }} }}",
        f"BASE <{host}/a/b> SELECT * WHERE {{ SERVICE <..//..//{rel}> {{ ?s ?p ?o }} }}",
        f"BASE <{host}/a/> SELECT * WHERE {{ SERVICE <../{rel}> {{ ?s ?p ?o }} }}",
        f"BASE <{host}/> BASE <x/> SELECT * WHERE {{ SERVICE <../{rel}> {{ ?s ?p ?o }} }}",
        f"PREFIX p: <{host}/> SELECT * WHERE {{ SERVICE p:{rel} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . SERVICE<{url}>{{?s ?p ?o}} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ 1SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ FILTER NOT EXISTS {{ 2SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ 0SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]
    return queries


def generated_updates(url: str) -> list[str]:
    g = "http://example.org/g"
    return [
        f"LOAD <{url}>",
        f"LOAD SILENT <{url}> INTO GRAPH <{g}>",
        f"INSERT DATA {{ GRAPH <{g}> {{ <http://example.org/s> <http://example.org/p> 1 }} }} ; LOAD <{url}>",
        f"INSERT {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"INSERT {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p 1SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"INSERT {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE {{ BIND(1 AS ?o) trueSERVICE <{url}> {{ }} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ BIND(1 AS ?x) 1SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"INSERT DATA {{ GRAPH <{g}> {{ <http://example.org/s> <http://example.org/p> 1 }} }} ;"
        f" DELETE WHERE {{ 1SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_generated_queries_never_connect(live, listener):
    """Whatever token SERVICE follows, the answer is a refusal or an error, never a connection."""
    answers = {}
    with httpx.Client(timeout=30) as client:
        for query in generated(listener.url):
            resp = client.post(live.url + "/sparql", data={"query": query},
                               headers={"Accept": "application/json"})
            answers[query] = resp.status_code
            assert "from-remote" not in resp.text
    assert listener.connections == 0
    assert all(code in (400, 403) for code in answers.values()), answers
    # the scan itself finds the glued ones, before any worker is asked
    assert answers[f"SELECT * WHERE {{ 1SERVICE <{listener.url}> {{ }} }}"] == 403


def test_generated_updates_never_connect(writable, listener, auth):
    with httpx.Client(timeout=30) as client:
        for update in generated_updates(listener.url):
            resp = client.post(writable.url + "/update", content=update,
                               headers={"Content-Type": "application/sparql-update", **auth})
            assert resp.status_code in (400, 403), (update, resp.status_code, resp.text)
    assert listener.connections == 0


def test_a_worker_has_no_network(built, listener):
    """The sandbox, not the scan, is the boundary: a worker asked directly cannot connect."""
    from r2p_kg.errors import OutboundRefused
    from r2p_kg.workers import Query, WorkerPool
    pool = WorkerPool(built.out / "r2p.nq", size=1)
    try:
        with pytest.raises(OutboundRefused):
            pool.run(Query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", "json",
                           "turtle"), timeout=30)
        assert pool.run(Query("ASK { ?s ?p ?o }", "json", "turtle"), timeout=30).flag is True
    finally:
        pool.close()
    assert listener.connections == 0


def test_service_keyword_inside_strings_comments_and_iris_is_not_a_call(live):
    query = ('SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/>" AS ?x) '
             'FILTER(?x != <http://example.org/service>) } # SERVICE <http://127.0.0.1:1/>')
    assert httpx.get(live.url + "/sparql", params={"query": query}).status_code == 200


def test_allow_listed_service_is_reached(built, listener):
    """The web process asks the allow-listed endpoint itself; the worker joins its answer."""
    with ThreadedServer({"R2P_DIST": str(built.out), "R2P_SERVICE_ALLOW": (listener.url,),
                         "R2P_WORKERS": 1}) as srv:
        ok = httpx.post(srv.url + "/sparql", data={"query": attacks(listener.url)[0]},
                        headers={"Accept": "application/json"}, timeout=30)
        assert ok.status_code == 200, ok.text
        assert listener.connections == 1
        assert [b["x"]["value"] for b in ok.json()["results"]["bindings"]] == ["from-remote"]
        joined = httpx.post(srv.url + "/sparql", headers={"Accept": "application/json"}, timeout=30,
                            data={"query": f'SELECT ?x WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} '
                                           f'FILTER(?x = "from-remote") }}'})
        assert joined.status_code == 200 and len(joined.json()["results"]["bindings"]) == 1
        assert listener.connections == 2
        other = f"SELECT * WHERE {{ SERVICE <{listener.url}/other> {{ ?s ?p ?o }} }}"
        refused = httpx.post(srv.url + "/sparql", data={"query": other})
        assert refused.status_code == 403 and listener.connections == 2


def test_load_is_refused_without_any_connection(writable, listener, auth):
    resp = httpx.post(writable.url + "/update", content=f"LOAD <{listener.url}>",
                      headers={"Content-Type": "application/sparql-update", **auth})
    assert resp.status_code == 403 and "LOAD" in resp.text
    assert listener.connections == 0


def test_json_ld_upload_never_fetches_a_remote_context(writable, listener, auth):
    doc = json.dumps({"@context": listener.url, "@id": "http://example.org/a", "name": "x"})
    resp = httpx.put(writable.url + "/store", params={"graph": "http://example.org/ctx"}, content=doc,
                     headers={"Content-Type": "application/ld+json", **auth})
    assert resp.status_code == 400 and "remote context" in resp.text
    assert listener.connections == 0
