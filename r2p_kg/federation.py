"""Allow-listed federation, done by the caller of the store, never by a query worker.

Query workers cannot open a network socket (:mod:`r2p_kg.sandbox`). When the operator allow-lists
an endpoint, each ``SERVICE <endpoint> { P }`` of a query or update is run here instead: the exact
IRI that was checked against the allow-list is sent ``SELECT * WHERE { P }`` (with the prologue in
force), and the clause is replaced by a ``VALUES`` block of the answer before the text reaches a
worker. That is SPARQL's own meaning of ``SERVICE`` (the remote pattern is evaluated on its own and
joined), so answers are the same; what the worker runs, and what a replacement worker replays,
contacts nobody. ``SERVICE SILENT`` whose endpoint fails becomes ``{}`` (one empty solution), as the
standard says.

Limits: the request follows no redirect, has the query's remaining deadline, and reads at most
``max_bytes`` and ``max_rows``; a remote blank node becomes a Skolem IRI
(``urn:r2p:federation:bnode:…``), since ``VALUES`` cannot hold blank nodes.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterable

import httpx
import pyoxigraph as ox

from .errors import OutboundRefused, ServiceFailed
from .sparqlscan import Outbound, Scan

log = logging.getLogger(__name__)

RESULTS_JSON = "application/sparql-results+json"


def check_outbound(sc: Scan, base_iri: str | None, allowed: Iterable[str]) -> list[Outbound]:
    """Every SERVICE/LOAD the scan finds, each checked: refuses any endpoint not on ``allowed``.

    LOAD is refused even when allow-listed: the Graph Store protocol loads data without the server
    fetching anything.
    """
    allowed = set(allowed)
    calls = sc.outbound(base_iri)
    for call in calls:
        if call.keyword == "LOAD":
            raise OutboundRefused(f"LOAD{' <' + call.endpoint + '>' if call.endpoint else ''} is "
                                  "refused: this server fetches nothing; upload the data with the "
                                  "Graph Store protocol (PUT or POST /store) instead")
        if call.endpoint is None:
            raise OutboundRefused("SERVICE with a variable or unresolvable endpoint is refused: this "
                                  "server only contacts endpoints on its allow-list")
        if call.endpoint not in allowed:
            raise OutboundRefused(f"SERVICE <{call.endpoint}> is refused: the endpoint is not on this "
                                  "server's allow-list (--service-allow), and the server makes no other "
                                  "outbound requests")
    return calls


def federate(sc: Scan, calls: list[Outbound], base_iri: str | None, *, timeout: float,
             max_rows: int, max_bytes: int = 16 << 20) -> str:
    """``sc``'s text with each outermost allow-listed SERVICE replaced by its answer as VALUES.

    ``calls`` are the checked calls of :func:`check_outbound`. Raises :class:`ServiceFailed` when an
    endpoint fails and the clause is not SILENT.
    """
    deadline = time.monotonic() + timeout
    out, last = [], 0
    for call in sorted(calls, key=lambda c: c.start):
        if call.start < last:
            continue  # inside a SERVICE already sent: the remote runs it
        if call.group is None:
            raise ServiceFailed(f"could not read the group pattern after SERVICE <{call.endpoint}>; "
                                "write it as SERVICE <endpoint> { ... }")
        start, end = call.group
        assert call.endpoint is not None, "check_calls refuses a SERVICE without an endpoint"
        remote = sc.prologue(base_iri, upto=call.start).text() + "SELECT * WHERE " + sc.text[start:end]
        try:
            block = _values(_ask(call.endpoint, remote, deadline, max_bytes), max_rows, call.endpoint)
        except ServiceFailed as exc:
            if not call.silent:
                raise
            log.info("SERVICE SILENT <%s> failed, as an empty solution: %s", call.endpoint, exc.message)
            block = "{ }"
        out.append(sc.text[last:call.start])
        out.append(block)
        last = end
    out.append(sc.text[last:])
    return "".join(out)


def _ask(endpoint: str, query: str, deadline: float, max_bytes: int) -> dict:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ServiceFailed(f"no time was left to ask SERVICE <{endpoint}> within the query's deadline")
    try:
        with httpx.stream("POST", endpoint, data={"query": query}, headers={"Accept": RESULTS_JSON},
                          timeout=remaining, follow_redirects=False) as resp:
            if resp.status_code != 200:
                raise ServiceFailed(f"SERVICE <{endpoint}> answered HTTP {resp.status_code}")
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise ServiceFailed(f"SERVICE <{endpoint}> answered more than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise ServiceFailed(f"SERVICE <{endpoint}> did not answer within the query's "
                                        "deadline")
    except httpx.HTTPError as exc:
        raise ServiceFailed(f"SERVICE <{endpoint}> could not be reached ({type(exc).__name__})") \
            from None
    try:
        return json.loads(body)
    except ValueError:
        raise ServiceFailed(f"SERVICE <{endpoint}> did not answer SPARQL JSON results") from None


def _values(results: dict, max_rows: int, endpoint: str) -> str:
    try:
        names = list(results["head"].get("vars", []))
        rows = results["results"]["bindings"]
    except (KeyError, TypeError, AttributeError):
        raise ServiceFailed(f"SERVICE <{endpoint}> did not answer SPARQL JSON results") from None
    if len(rows) > max_rows:
        raise ServiceFailed(f"SERVICE <{endpoint}> answered more than {max_rows} rows")
    bnodes: dict[str, str] = {}
    lines = []
    for row in rows:
        cells = [_term(row[name], bnodes, endpoint) if name in row else "UNDEF" for name in names]
        lines.append("(" + " ".join(cells) + ")")
    head = "(" + " ".join("?" + _var(name, endpoint) for name in names) + ")"
    return "{ VALUES " + head + " {\n" + "\n".join(lines) + "\n} }"


def _var(name: str, endpoint: str) -> str:
    if not name or not all(ch.isalnum() or ch == "_" for ch in name):
        raise ServiceFailed(f"SERVICE <{endpoint}> answered an invalid variable name {name[:40]!r}")
    return name


def _term(cell: dict, bnodes: dict[str, str], endpoint: str) -> str:
    try:
        kind, value = cell["type"], cell["value"]
        if kind == "uri":
            return str(ox.NamedNode(value))
        if kind in ("literal", "typed-literal"):
            if "xml:lang" in cell:
                return str(ox.Literal(value, language=cell["xml:lang"]))
            if "datatype" in cell:
                return str(ox.Literal(value, datatype=ox.NamedNode(cell["datatype"])))
            return str(ox.Literal(value))
        if kind == "bnode":
            label = bnodes.setdefault(value, uuid.uuid4().hex)
            return f"<urn:r2p:federation:bnode:{label}>"
    except (KeyError, TypeError, ValueError):
        pass
    raise ServiceFailed(f"SERVICE <{endpoint}> answered a value this server cannot read: "
                        f"{json.dumps(cell)[:120]}")
