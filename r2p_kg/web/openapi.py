"""The OpenAPI 3.1 description served at ``/openapi.json``: the HTTP API of the endpoint."""

from __future__ import annotations

from .. import __version__
from . import conneg


def _media(offers) -> list[str]:
    return list(dict.fromkeys(o.media_type for o in offers))


def _error(description: str) -> dict:
    return {"description": description, "content": {
        "text/plain": {"schema": {"type": "string"}},
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


ERRORS = {
    "400": _error("protocol error: syntax error (with line and column), two queries, non-UTF-8 body, "
                  "malformed parameter"),
    "401": _error("update without the right bearer token"),
    "403": _error("read-only endpoint, or SERVICE/LOAD to an endpoint not on the allow-list"),
    "405": _error("method not allowed (Allow header lists the allowed ones)"),
    "406": _error("no acceptable result format"),
    "413": _error("request body larger than the server's limit (R2P_MAX_BODY), also when sent chunked"),
    "415": _error("unsupported request media type"),
    "422": _error("result larger than the server's row limit: add LIMIT/OFFSET"),
    "503": _error("query stopped at its deadline (code 'timeout') or all workers busy ('busy')"),
}

_DATASET = [
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "explode": True, "description": "graph(s) forming the default graph (default: union of all)"},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "explode": True, "description": "graph(s) available to GRAPH (default: all)"},
    {"name": "timeout", "in": "query", "schema": {"type": "number"},
     "description": "seconds; can only lower the server's limit"},
    {"name": "format", "in": "query", "schema": {"type": "string"},
     "description": "overrides Accept: json, xml, csv, tsv, ttl, nt, nq, trig, jsonld, rdfxml"},
]


def document(server_url: str) -> dict:
    """The OpenAPI document with ``server_url`` as its server."""
    results: dict[str, dict] = {m: {} for m in _media(conneg.RESULTS) + _media(conneg.GRAPHS)}
    graph: dict[str, dict] = {m: {} for m in _media(conneg.GRAPHS)}
    graph_param = [{"name": "graph", "in": "query", "schema": {"type": "string"}},
                   {"name": "default", "in": "query", "allowEmptyValue": True, "schema": {"type": "string"}}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "r2p-kg SPARQL endpoint", "version": __version__,
                 "description": "SPARQL 1.1 Protocol, Graph Store HTTP Protocol and dataset "
                                "descriptions over the R2P knowledge graph. See docs/endpoint.md."},
        "servers": [{"url": server_url}],
        "paths": {
            "/sparql": {
                "get": {"summary": "query (or the service description without ?query)",
                        "parameters": [{"name": "query", "in": "query", "schema": {"type": "string"}}]
                        + _DATASET,
                        "responses": {"200": {"description": "results", "content": results},
                                      "304": {"description": "not modified (ETag)"}, **ERRORS}},
                "post": {"summary": "query via form or direct POST; update via form or direct POST",
                         "parameters": _DATASET,
                         "requestBody": {"content": {
                             "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                                 "query": {"type": "string"}, "update": {"type": "string"}}}},
                             "application/sparql-query": {"schema": {"type": "string"}},
                             "application/sparql-update": {"schema": {"type": "string"}}}},
                         "responses": {"200": {"description": "results", "content": results},
                                       "204": {"description": "update applied"}, **ERRORS}},
            },
            "/update": {"post": {
                "summary": "SPARQL 1.1 Update (with --allow-update)",
                "security": [{"bearer": []}],
                "parameters": [{"name": "using-graph-uri", "in": "query", "schema": {"type": "string"}},
                               {"name": "using-named-graph-uri", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {"content": {
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                        "update": {"type": "string"}}}},
                    "application/sparql-update": {"schema": {"type": "string"}}}},
                "responses": {"204": {"description": "applied (in memory)"}, **ERRORS}}},
            "/store": {
                "get": {"summary": "a graph", "parameters": graph_param,
                        "responses": {"200": {"description": "the graph", "content": graph},
                                      "404": _error("no such graph"), **ERRORS}},
                "put": {"summary": "replace a graph (with --allow-update)", "parameters": graph_param,
                        "security": [{"bearer": []}],
                        "responses": {"201": {"description": "created"}, "204": {"description": "replaced"},
                                      **ERRORS}},
                "post": {"summary": "add to a graph, or create one (Location)", "parameters": graph_param,
                         "security": [{"bearer": []}],
                         "responses": {"201": {"description": "created"}, "204": {"description": "added"},
                                       **ERRORS}},
                "delete": {"summary": "drop a graph", "parameters": graph_param,
                           "security": [{"bearer": []}],
                           "responses": {"204": {"description": "dropped"}, "404": _error("no such graph"),
                                         **ERRORS}},
            },
            "/.well-known/void": {"get": {"summary": "VoID description",
                                          "responses": {"200": {"description": "VoID", "content": graph}}}},
            "/health": {"get": {"summary": "liveness/readiness",
                                "parameters": [{"name": "probe", "in": "query", "schema": {"enum": ["live"]}}],
                                "responses": {"200": {"description": "ready"}, "503": {"description": "not ready"}}}},
            "/openapi.json": {"get": {"summary": "this document", "responses": {"200": {"description": "OpenAPI"}}}},
            "/-/settings": {"get": {"summary": "settings", "responses": {"200": {"description": "settings"}}}},
            "/dumps/": {"get": {"summary": "index of the dumps: name, format, media type, bytes, SHA-256, URL",
                                "parameters": [{"name": "format", "in": "query",
                                                "schema": {"enum": ["json", "html"]}}],
                                "responses": {"200": {"description": "the files", "content": {
                                    "application/json": {"schema": {"type": "object"}},
                                    "text/html": {"schema": {"type": "string"}}}}, **ERRORS}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"}}}}}},
        },
    }
