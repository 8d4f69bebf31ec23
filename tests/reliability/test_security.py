"""Security checks against a real ``r2p-kg serve``, extending tests/web (test_ssrf.py, test_errors.py)
rather than repeating them: generated SERVICE/LOAD spellings (SSRF), injection through IRIs and
parameters, path traversal, bodies over the limit, slow clients, the update token, secrets in logs.

XSS in a real browser is tests/browser (a crafted label renders as text, no script runs); here the
same payloads are checked in what the server sends back for any route."""

from __future__ import annotations

import ast
import inspect
import socket
import textwrap
import threading
import time
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from r2p_kg.config import ROOT
from r2p_kg.web import context
from r2p_kg.web.server import gunicorn_options

from ..web.test_ssrf import TOKENS, Listener
from .conftest import BACKEND_SECRET, CLIENT_TIMEOUT, MAX_BODY, PUSH_SECRET, TOKEN, count, record
from .invariants import check
from .servers import LoggedServer, free_port, raw_request

EXAMPLES = count("R2P_SECURITY_EXAMPLES", 80, 1000)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
JSON = {"Accept": "application/json"}
NT, NT_TYPE = b"<http://e.org/a> <http://e.org/b> 1 .", {"Content-Type": "application/n-triples"}
UPDATE_TYPE = {"Content-Type": "application/sparql-update"}
ANY = "SELECT * { ?s ?p ?o } LIMIT 1"


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.close()


# --- SSRF: no connection to a host that is not on the allow-list, however the call is spelled -----

def _spell(keyword: str, cases: list[bool], escapes: list[bool]) -> str:
    out = []
    for ch, upper, escape in zip(keyword, cases, escapes, strict=True):
        ch = ch.upper() if upper else ch.lower()
        out.append(f"\\u{ord(ch):04X}" if escape else ch)
    return "".join(out)


@st.composite
def outbound(draw, host_port: tuple[str, int], keyword: str) -> tuple[str, str]:
    """A SERVICE query or LOAD update aimed at the listener, spelled in one of many ways."""
    host, port = host_port
    n = len(keyword)
    word = _spell(keyword, draw(st.lists(st.booleans(), min_size=n, max_size=n)),
                  draw(st.lists(st.sampled_from([False, False, False, True]), min_size=n, max_size=n)))
    silent = draw(st.sampled_from(["", " SILENT", " silent", " \\u0053ILENT"]))
    gap = draw(st.sampled_from([" ", "\n", "\t", " # a comment\n ", "  \r\n  "]))
    spelled_host = draw(st.sampled_from([host, "localhost", "127.1", "2130706433", "0x7f000001",
                                         "127.000.000.001", "[::ffff:127.0.0.1]"]))
    url = f"http://{spelled_host}:{port}/sparql"
    how = draw(st.sampled_from(["iri", "prefixed", "base", "relative-base", "escaped-iri"]))
    prologue = ""
    if how == "iri":
        target = f"<{url}>"
    elif how == "escaped-iri":
        target = "<" + url.replace("h", "\\u0068", 1) + ">"
    elif how == "prefixed":
        name = f"ep{draw(st.integers(0, 9))}"
        prologue, target = f"PREFIX {name}: <http://{spelled_host}:{port}/>\n", f"{name}:sparql"
    elif how == "base":
        prologue, target = f"BASE <http://{spelled_host}:{port}/>\n", "<sparql>"
    else:  # resolved by RFC 3986 to http://host:port//sparql, which the listener also answers
        prologue, target = f"BASE <http://{spelled_host}:{port}/a/b>\n", "<..//..//sparql>"
    if keyword == "LOAD":
        before = draw(st.sampled_from(["", "CLEAR SILENT GRAPH <http://example.org/g> ;\n"]))
        into = draw(st.sampled_from(["", " INTO GRAPH <http://example.org/loaded>"]))
        return "update", f"{prologue}{before}{word}{silent}{gap}{target}{into}"
    where = draw(st.sampled_from(["{0}", "OPTIONAL {{ {0} }}", "{{ ?a ?b ?c }} UNION {{ {0} }}",
                                  "MINUS {{ {0} }}", "FILTER EXISTS {{ {0} }}", "GRAPH ?g {{ {0} }}",
                                  "{{ SELECT * WHERE {{ {0} }} }}"]))
    # the token before the keyword, glued or not (``?x ?y 1SERVICE`` is the triple ``?x ?y 1``, then SERVICE)
    before = draw(st.sampled_from(["", *[f"?x ?y {t}{glue}" for t in TOKENS[:20] for glue in ("", " ")]]))
    call = f"{before}{word}{silent}{gap}{target} {{ ?s ?p ?o }}"
    return "query", f"{prologue}SELECT * WHERE {{ {where.format(call)} }}"


def test_generated_service_and_load_spellings_make_no_connection(writable, listener, auth):
    host, port = listener.server.server_address[:2]
    outcomes: dict[str, int] = {}

    @SETTINGS
    @given(call=st.one_of(outbound((host, port), "SERVICE"), outbound((host, port), "LOAD")))
    def attempt(call: tuple[str, str]) -> None:
        kind, text = call
        if kind == "query":
            resp = httpx.post(writable.url + "/sparql", data={"query": text}, headers=JSON, timeout=20)
        else:
            resp = httpx.post(writable.url + "/update", content=text.encode(), timeout=20,
                              headers={**JSON, **auth, "Content-Type": "application/sparql-update"})
        label = check(resp)
        outcomes[label] = outcomes.get(label, 0) + 1
        assert listener.connections == 0, text
        assert label in ("403 outbound-refused", "400 syntax-error"), (label, text)

    attempt()
    record("ssrf", attempts=sum(outcomes.values()), outcomes=outcomes, connections=listener.connections)
    assert outcomes.get("403 outbound-refused", 0) > sum(outcomes.values()) // 2


# --- XSS: what the server sends back never carries a script from the request -----------------------

SCRIPTS = ["<script>alert(1)</script>", "\"><script>alert(1)</script>", "'><img src=x onerror=alert(1)>",
           "</title><script>alert(1)</script>", "javascript:alert(1)"]


@pytest.mark.parametrize("payload", SCRIPTS)
def test_reflected_scripts_are_escaped(server, payload):
    """Paths, parameters and query text come back (in error messages, pages) escaped."""
    enc = quote(payload, safe="")
    html = {"Accept": "text/html"}
    targets = [f"/id/{enc}", f"/id/x?lang={enc}", f"/query?example={enc}", f"/-/browse?class={enc}",
               f"/pictures/{enc}", f"/ontology.{enc}", f"/sparql?query={enc}",
               f"/sparql?query=ASK%7B%7D&format={enc}", f"/store?graph={enc}", f"/-/dumps/{enc}"]
    for target in targets:
        resp = httpx.get(server.url + target, headers=html, timeout=20)
        check(resp, pages=True)
        if resp.headers.get("content-type", "").startswith("text/html"):
            for danger in ("<script>alert", "<img src=x", '="javascript:', "='javascript:"):
                assert danger not in resp.text, (target, danger)


# --- injection: IRIs and parameters cannot change a query ----------------------------------------

PAYLOADS = ["> ?p ?o } UNION { ?s ?p ?o", "\"} ; DROP ALL ; #", "'} UNION { ?s ?p ?o } #", "\n} SELECT * {",
            "> . ?s ?p ?o . <x:y", "}}} LIMIT 1000", " ", "%3E", "\\u003E",
            "> } ; CLEAR ALL ; INSERT DATA { <a:b> <a:c> <a:d",
            "\"\"\" ) } #", "?o", "$x", "#", "\u0000"]


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
        return True
    except ValueError:
        return False


def _count(srv) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    body = httpx.get(srv.url + "/sparql", params={"query": query, "format": "json"}, timeout=30).json()
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_iris_with_query_syntax_do_not_change_linked_data_queries(server, entity_paths):
    """A real entity's path with query syntax inserted names no resource: 400 or 404, never a
    page built from a changed query."""
    tried = 0
    for path in entity_paths[:6]:
        real = httpx.get(server.url + path, headers={"Accept": "text/turtle"}, timeout=20)
        if real.status_code != 200:
            pytest.skip("the linked-data pages are not installed")
        for payload in PAYLOADS:
            for where in (len(path), len(path) // 2 + 4):
                target = path[:where] + quote(payload, safe="") + path[where:]
                resp = httpx.get(server.url + target, headers={"Accept": "text/turtle"}, timeout=20)
                tried += 1
                check(resp, pages=True)
                assert resp.status_code in (400, 404), (target, resp.status_code, resp.text[:200])
    def links(cls: str) -> int:  # entities listed by /-/browse?class=cls
        resp = httpx.get(server.url + "/-/browse", params={"class": cls}, timeout=20)
        check(resp, pages=True)
        return resp.text.count('href="/id/') if resp.status_code == 200 else 0

    country = "https://w3id.org/r2p/ontology#Paragraph"
    empty = links(country + "NoSuchClass")
    assert links(country) > empty
    for payload in PAYLOADS:
        tried += 1
        assert links(country + payload) == empty, payload
    record("injection-linked-data", requests=tried)


def test_graph_parameters_with_query_syntax_change_nothing(writable, auth):
    """?graph=, default-graph-uri, named-graph-uri and using-graph-uri with query syntax are refused
    before any query runs, and the data stays as it was."""
    before, tried = _count(writable), 0
    g = "http://example.org/g"
    for payload in PAYLOADS:
        evil = g + payload
        calls = [("PUT", "/store", {"params": {"graph": evil}, "content": NT, "headers": NT_TYPE}),
                 ("POST", "/store", {"params": {"graph": evil}, "content": NT, "headers": NT_TYPE}),
                 ("DELETE", "/store", {"params": {"graph": evil}}),
                 ("GET", "/store", {"params": {"graph": evil}}),
                 ("GET", "/sparql", {"params": {"query": ANY, "default-graph-uri": evil}}),
                 ("GET", "/sparql", {"params": {"query": ANY, "named-graph-uri": evil}}),
                 ("POST", "/update", {"params": {"using-graph-uri": evil}, "headers": UPDATE_TYPE,
                                      "content": b"DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"})]
        for method, path, kw in calls:
            headers = {**JSON, **auth, **kw.pop("headers", {})}
            resp = httpx.request(method, writable.url + path, headers=headers, timeout=20, **kw)
            tried += 1
            label = check(resp)
            if _is_iri(evil):
                continue  # e.g. "http://example.org/g?o": a graph of that very name, nothing else
            assert resp.status_code == 400, (method, path, payload, label)
            assert "IRI" in resp.json()["error"]["message"]
    graphs = {"query": "SELECT ?g { GRAPH ?g {} }", "format": "json"}
    leftovers = httpx.get(writable.url + "/sparql", params=graphs, timeout=20).json()["results"]["bindings"]
    for row in leftovers:  # only graphs named by a valid IRI may have been written, under that name
        name = row["g"]["value"]
        if name.startswith(g):
            assert name in {g + p for p in PAYLOADS if _is_iri(g + p)}, name
            httpx.delete(writable.url + "/store", params={"graph": name}, headers=auth, timeout=20)
    assert _count(writable) == before
    record("injection-graph-parameters", requests=tried, triples_before=before,
           triples_after=_count(writable))


# --- traversal: nothing outside the static and dump folders ---------------------------------------

UP = ["..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%c0%ae%c0%ae", "..%00", "...", "..;"]
SEP = ["/", "%2f", "%2F", "%5c", "\\", "%252f", "//", "/./", "%c0%af"]
SECRETS = {"etc/passwd": "root:x:0:0", "r2p_kg/web/__init__.py": "def create_app",
           "pyproject.toml": "[project]", "r2p_kg/web/pages/__init__.py": "def blueprint"}


@st.composite
def traversal(draw) -> str:
    depth = draw(st.integers(1, 9))
    ups = "".join(draw(st.sampled_from(UP)) + draw(st.sampled_from(SEP)) for _ in range(depth))
    target = draw(st.sampled_from([*SECRETS, "../__init__.py", "__init__.py", "vendor/../../__init__.py"]))
    prefix = draw(st.sampled_from(["/-/static/", "/-/static/pages/", "/-/static/vendor/", "/dumps/", "/dumps/x/",
                                   "/-/dumps/", "/store/", "/id/", "/report/"]))
    return prefix + ups + target


def test_traversal_cannot_leave_the_static_and_dump_folders(server):
    static_root = ROOT / "r2p_kg" / "web" / "static"
    assert static_root.is_dir()
    tried: list[int] = []

    @SETTINGS
    @given(target=traversal())
    def attempt(target: str) -> None:
        status, headers, body = raw_request(server.url, "GET", target)
        tried.append(status)
        text = body.decode("utf-8", "replace")
        for marker in SECRETS.values():
            assert marker not in text, (target, status)
        assert status < 500, (target, status, text[:300])
        if status in (301, 302, 307, 308):  # werkzeug merges slashes: the new location must be as safe
            location = headers["location"].split("127.0.0.1", 1)[-1].split(":", 1)[-1]
            location = location[location.index("/"):] if "/" in location else "/"
            status2, _, body2 = raw_request(server.url, "GET", location)
            assert not any(m in body2.decode("utf-8", "replace") for m in SECRETS.values()), location

    attempt()
    ok = raw_request(server.url, "GET", "/-/dumps/build.json")
    assert ok[0] == 200 and b'"version"' in ok[2]
    record("traversal", attempts=len(tried), statuses={str(s): tried.count(s) for s in sorted(set(tried))})


# --- bodies over the limit (the fuzzing covers /sparql and /update; here the Graph Store) ----------

@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_graph_store_upload_over_the_limit_is_413(writable, auth, chunked):
    line = b"<http://example.org/s> <http://example.org/p> \"" + b"x" * 200 + b"\" .\n"
    body = line * (MAX_BODY // len(line) + 2)
    content = iter([body[i:i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    resp = httpx.put(writable.url + "/store", params={"graph": "http://example.org/big"}, content=content,
                     headers={**JSON, **auth, "Content-Type": "application/n-triples"}, timeout=30)
    assert resp.status_code == 413 and resp.json()["error"]["code"] == "request-entity-too-large"
    assert httpx.get(writable.url + "/store", params={"graph": "http://example.org/big"}).status_code == 404


# --- slow clients (slowloris) --------------------------------------------------------------------

def _slow(url: str, kind: str, closed_after: list, stop: threading.Event) -> None:
    host, port = url.removeprefix("http://").split(":")
    s = socket.create_connection((host, int(port)))
    t0 = time.monotonic()
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK")
    try:
        if kind == "body":
            s.sendall(head)
        s.settimeout(0.25)
        trickle = head if kind == "headers" else b" {} #........................................"
        i = 0
        while not stop.is_set() and time.monotonic() - t0 < 30:
            if kind != "silent" and i < len(trickle):
                s.sendall(trickle[i:i + 1])
                i += 1
            try:
                data = s.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                data = b""
            if not data or data.startswith(b"HTTP/1.1 4"):
                closed_after.append((kind, time.monotonic() - t0))
                return
        closed_after.append((kind, None))
    except OSError:
        closed_after.append((kind, time.monotonic() - t0))
    finally:
        s.close()


THREADS = gunicorn_options("127.0.0.1", 0, query_workers=2, timeout=2)["threads"]


@pytest.mark.timeout(120)
def test_slow_clients_time_out_without_tying_up_the_server(server):
    n = count("R2P_SLOW_CLIENTS", 100, 300)
    kinds = ["headers", "body", "silent"]
    closed: list = []
    stop = threading.Event()
    threads = [threading.Thread(target=_slow, args=(server.url, kinds[i % 3], closed, stop), daemon=True)
               for i in range(n)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    latencies, failures = [], 0
    with httpx.Client(timeout=15) as client:
        t_end = time.monotonic() + CLIENT_TIMEOUT + 4
        while time.monotonic() < t_end:
            t0 = time.monotonic()
            try:
                ok = client.get(server.url + "/sparql", params={"query": ANY}).status_code == 200
            except httpx.HTTPError:
                ok = False
            failures += not ok
            latencies.append(time.monotonic() - t0)
            time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(35)
    cut = [s for kind, s in closed if kind != "silent" and s is not None]
    record("slowloris", slow_connections=n, cut=len(cut), cut_after_max_s=round(max(cut, default=0), 2),
           client_timeout_s=CLIENT_TIMEOUT, probes=len(latencies), probe_failures=failures,
           probe_max_ms=round(1000 * max(latencies), 1))
    # Every client that trickles its request is cut at its deadline; the server kept answering.
    # A thread takes a request when one is free: with more slow clients than threads, the later
    # ones (and the probes) wait for the earlier ones' deadlines, so the bound is in rounds.
    trickling = len([1 for kind, _ in closed if kind != "silent"])
    rounds = -(-trickling // THREADS)
    assert len(cut) == trickling, closed
    assert max(cut) < rounds * CLIENT_TIMEOUT + 1.5, sorted(cut)[-5:]
    assert failures == 0
    assert max(latencies) < rounds * CLIENT_TIMEOUT + 1.0, max(latencies)
    assert server.up()


# --- the update token ----------------------------------------------------------------------------

WRITES = [("POST", "/update", {"content": b"CLEAR ALL", "headers": UPDATE_TYPE}),
          ("POST", "/sparql", {"data": {"update": "CLEAR ALL"}}),
          ("PUT", "/store?graph=http://example.org/t", {"content": NT, "headers": NT_TYPE}),
          ("POST", "/store", {"content": NT, "headers": NT_TYPE}),
          ("DELETE", "/store?default", {}),
          ("PUT", "/store/direct/graph", {"content": NT, "headers": NT_TYPE})]
BAD_AUTH = [{}, {"Authorization": "Bearer"}, {"Authorization": "Bearer wrong"},
            {"Authorization": "Basic " + TOKEN}, {"Authorization": "Bearer " + TOKEN[:-1]},
            {"Authorization": "Bearer " + TOKEN + "x"}, {"Authorization": "Bearer " + TOKEN.upper()},
            {"Authorization": TOKEN}, {"Authorization": "Bearer \u00e9" + TOKEN[1:]}]


def test_writes_without_the_token_are_401_and_change_nothing(writable):
    version, tried = httpx.get(writable.url + "/health").json()["version"], 0
    for method, path, kw in WRITES:
        for bad in BAD_AUTH:
            headers = {**JSON, **kw.get("headers", {}), **{k: v.encode("utf-8") for k, v in bad.items()}}
            args = {k: v for k, v in kw.items() if k != "headers"}
            resp = httpx.request(method, writable.url + path, headers=headers, timeout=20, **args)
            tried += 1
            assert resp.status_code == 401, (method, path, bad, resp.text)
            assert resp.json()["error"]["code"] == "unauthorized"
            assert resp.headers["www-authenticate"].startswith("Bearer")
            assert TOKEN not in resp.text
    assert httpx.get(writable.url + "/health").json()["version"] == version
    record("token", refused=tried, changed=0)


def test_writes_on_a_read_only_server_are_refused(server):
    for method, path, kw in WRITES:
        resp = httpx.request(method, server.url + path, headers={**JSON, **kw.get("headers", {}),
                                                                  "Authorization": "Bearer " + TOKEN},
                             timeout=20, **{k: v for k, v in kw.items() if k != "headers"})
        error = (resp.status_code, resp.json()["error"]["code"])
        assert error in ((403, "read-only"), (405, "method-not-allowed"))


def test_the_token_is_compared_in_constant_time():
    """The token check goes through hmac.compare_digest, and nothing else compares the token."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(context.require_update_rights)))
    calls = [ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert "hmac.compare_digest" in calls
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            assert not names & {"token", "given"}, ast.unparse(node)


# --- no secret in the logs -----------------------------------------------------------------------

def test_no_secret_reaches_the_log_or_an_answer(writable, auth):
    """The writable server has the update token, a push password and a backend password in its
    environment; after right and wrong tokens, errors and the settings page, none is in its log."""
    secrets = (TOKEN, PUSH_SECRET, BACKEND_SECRET)
    bodies = [httpx.get(writable.url + "/-/settings", timeout=20).text,
              httpx.get(writable.url + "/-/settings", headers={"Accept": "text/html"}, timeout=20).text]
    update = b"INSERT DATA { <x:a> <x:b> <x:c> } ; CLEAR GRAPH <x:none>"
    wrong = ({"Authorization": "Bearer " + PUSH_SECRET}, {"Authorization": "Bearer " + TOKEN + "!"})
    for headers in (auth, *wrong):
        bodies.append(httpx.post(writable.url + "/update", content=update, headers={**headers, **UPDATE_TYPE},
                                 timeout=20).text)
        bodies.append(httpx.get(writable.url + "/sparql", params={"query": "SELECT * {", "token": TOKEN},
                                headers=headers, timeout=20).text)
    httpx.post(writable.url + "/update", content=b"CLEAR GRAPH <x:none>", headers={
        **auth, "Content-Type": "application/sparql-update"}, timeout=20)
    log_text = writable.log()
    assert "POST /update" in log_text  # the access log is on: it was written and read
    for secret in secrets:
        assert secret not in log_text
        assert not any(secret in body for body in bodies)
    record("secrets", secrets=len(secrets), log_bytes=len(log_text), leaked=0)


def test_backend_password_is_never_logged_when_the_backend_fails(built, tmp_path):
    """``serve --backend`` with a store that is not there: errors name the store, never the password."""
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with LoggedServer(built.out, tmp_path / "backend.log", "--backend", url, "--backend-user", "reader",
                      "--backend-auth", "basic", "--timeout", "2",
                      env={"R2P_BACKEND_PASSWORD": BACKEND_SECRET}, ready=(200, 503)) as srv:
        calls = (("/sparql", {"query": "ASK {}"}), ("/health", {}), ("/-/settings", {}))
        answers = [httpx.get(srv.url + path, params=params, headers=JSON, timeout=30) for path, params in calls]
        assert answers[0].status_code >= 500 and answers[0].json()["error"]["code"]
        assert srv.up()
    text = srv.log()
    assert BACKEND_SECRET not in text and not any(BACKEND_SECRET in a.text for a in answers)
