"""Rebuilds while serving: the build a server serves is pinned, and pruning keeps it until the
server lets go (issue 13, item 6). Real builds, a real ``r2p-kg serve`` over loopback."""

from __future__ import annotations

import hashlib
import json
import time

import httpx
import pyoxigraph as ox
import pytest

from r2p_kg.build import KEEP_BUILDS, build, pin_build, write_part
from r2p_kg.errors import BuildError

from .conftest import REPORT_FILE
from .reliability.servers import LoggedServer

OTHER_BASE = "https://example.org/r2p/"  # a rebuild that differs from the served one
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def builds_of(out):
    return sorted(p for p in (out.parent / f".{out.name}-builds").iterdir() if p.name.startswith("build-"))


def test_a_pinned_build_is_kept_until_its_pin_is_closed(tmp_path):
    out = tmp_path / "dist"
    first = build([REPORT_FILE], out, validate=False)
    served = out.resolve()
    with pin_build(out) as pin:
        assert pin.folder == served
        for _ in range(KEEP_BUILDS + 1):
            build([REPORT_FILE], out, base=OTHER_BASE, validate=False)
        assert served.is_dir() and (served / "r2p.nq").is_file()
        assert json.loads((served / "build.json").read_text())["version"] == first.version
        assert len(builds_of(out)) == KEEP_BUILDS + 1  # the newest two and the pinned one
    build([REPORT_FILE], out, base=OTHER_BASE, validate=False)
    assert not served.exists()  # let go: the next build prunes it
    assert len(builds_of(out)) == KEEP_BUILDS


def test_an_unpinned_old_build_is_still_pruned(tmp_path):
    out = tmp_path / "dist"
    build([REPORT_FILE], out, validate=False)
    oldest = out.resolve()
    for _ in range(KEEP_BUILDS):
        build([REPORT_FILE], out, validate=False)
    assert not oldest.exists() and len(builds_of(out)) == KEEP_BUILDS


def test_pinning_a_folder_without_a_build_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildError, match="no built dataset"):
        pin_build(tmp_path / "empty")
    with pytest.raises(BuildError, match="no built dataset"):
        pin_build(tmp_path / "missing")


def _until(check, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def test_two_rebuilds_while_serving_keep_dumps_and_queries_answering(tmp_path):
    out = tmp_path / "dist"
    first = build([REPORT_FILE], out, validate=False)
    nq = (out / "r2p.nq").read_bytes()
    with LoggedServer(out, tmp_path / "server.log", "--workers", "1", "--timeout", "2") as srv:
        for _ in range(2):
            build([REPORT_FILE], out, base=OTHER_BASE, validate=False)
        dump = httpx.get(srv.url + "/dumps/r2p.nq", timeout=30)
        assert dump.status_code == 200
        assert hashlib.sha256(dump.content).hexdigest() == hashlib.sha256(nq).hexdigest() == first.version
        # A query past its deadline replaces the worker, which loads the served build again.
        runaway = httpx.post(srv.url + "/sparql", data={"query": RUNAWAY, "timeout": "1"},
                             headers={"Accept": "application/json"}, timeout=60)
        assert runaway.status_code == 503 and runaway.json()["error"]["code"] == "timeout"
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

        def counted():
            resp = httpx.get(srv.url + "/sparql", params={"query": count + f" # {time.monotonic()}"},
                             headers={"Accept": "application/json"}, timeout=30)
            if resp.status_code == 503 and resp.json()["error"]["code"] == "busy":
                return None  # the new worker is still loading
            return resp

        resp = _until(counted)
        assert resp is not None and resp.status_code == 200, resp.text if resp else "never ready"
        assert int(resp.json()["results"]["bindings"][0]["n"]["value"]) == first.quads
        assert "store-failure" not in srv.log()


# --- what the store would rewrite is refused at build time (issue 13, item 16) --------------------

XSD = "http://www.w3.org/2001/XMLSchema#"


def _quad(obj: ox.Literal) -> ox.Quad:
    return ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), obj,
                   ox.NamedNode("https://example.org/g"))


@pytest.mark.parametrize("literal, stored", [
    (ox.Literal("5", datatype=ox.NamedNode(XSD + "nonNegativeInteger")), '"5"^^<' + XSD + 'integer>'),
    (ox.Literal("007", datatype=ox.NamedNode(XSD + "integer")), '"7"^^<' + XSD + 'integer>'),
    (ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")), '"1.5"^^<' + XSD + 'decimal>'),
    (ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")), '"true"^^<' + XSD + 'boolean>'),
])
def test_a_literal_the_store_would_rewrite_fails_the_build(tmp_path, literal, stored):
    with pytest.raises(BuildError, match="the store would serve") as info:
        write_part([_quad(literal)], tmp_path / "part")
    assert f"as {stored}" in str(info.value) and "<https://example.org/s> <https://example.org/p>" in str(info.value)
    assert not (tmp_path / "part.nq").exists()


def test_literals_the_store_keeps_pass(tmp_path):
    kept = [ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")),
            ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
            ox.Literal("2025", datatype=ox.NamedNode(XSD + "gYear")), ox.Literal("文本", language="zh"),
            ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), ox.Literal("plain")]
    write_part([_quad(lit) for lit in kept], tmp_path / "part")
    assert len((tmp_path / "part.nq").read_bytes().splitlines()) == len(kept)
