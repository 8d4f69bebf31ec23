"""SPARQL 1.1 Query and Update against a remote store, through SPARQLWrapper.

SPARQLWrapper builds the requests; they are sent through a private urllib opener
(:func:`r2p_kg.remote_store.authenticated_opener`, shared with the endpoint's remote backend), so
digest auth works whatever realm the store announces and no process-wide opener is installed.
"""

from __future__ import annotations

import http.client
import logging
import urllib.error
from collections.abc import Callable, Sequence
from typing import TypeVar

from SPARQLWrapper import JSON, POST
from SPARQLWrapper.Wrapper import URLENCODED

from ..errors import CredentialsRefused, PushError
from ..remote_store import OpenerWrapper, authenticated_opener
from .client import Auth, Retry, redact

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Busy(Exception):
    """The store answered 502, 503 or 504: worth retrying like a connection error."""


TRANSIENT = (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException, _Busy)


class SparqlClient:
    """Queries and updates for one store, with auth, a timeout, retries and clear errors."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, *, auth: Auth | None = None,
                 timeout: float = 120.0, retry: Retry | None = None) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.retry = retry or Retry()
        self._opener, self._headers = authenticated_opener(
            [self.endpoint, self.update_endpoint], auth.scheme if auth else None,
            auth.user if auth else None, auth.secret if auth else None)
        self._timeout = timeout

    def _wrapper(self, text: str) -> OpenerWrapper:
        sw = OpenerWrapper(self.endpoint, self.update_endpoint, self._opener)
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED)
        sw.setTimeout(int(self._timeout))
        for name, value in self._headers.items():
            sw.addCustomHttpHeader(name, value)
        sw.setQuery(text)
        return sw

    def _call(self, fn: Callable[[], T], what: str, url: str, retry: bool = True) -> T:
        def once() -> T:
            try:
                return fn()
            except urllib.error.HTTPError as exc:
                if exc.code in (502, 503, 504):
                    raise _Busy(f"HTTP {exc.code} {exc.reason}") from exc
                raise _refusal(exc, what, url) from None

        policy = self.retry if retry else type(self.retry)(attempts=1)
        return policy.call(once, what=what, url=url, transient=TRANSIENT)

    def select(self, query: str) -> list[dict[str, str]]:
        """The rows of a SELECT as {variable: value} (the lexical form of each term)."""
        def run() -> list[dict[str, str]]:
            sw = self._wrapper(query)
            sw.setReturnFormat(JSON)
            result = sw.query().convert()
            assert isinstance(result, dict), "JSON results are a dict"
            return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]
        return self._call(run, "SPARQL query", self.endpoint)

    def update(self, update: str, retry: bool = True) -> None:
        """Run one update request (which may hold several operations separated by ``;``)."""
        def run() -> None:
            response = self._wrapper(update).query().response
            response.read()
            response.close()
        log.debug("update: %s", update[:200])
        self._call(run, f"SPARQL update ({update.split(None, 1)[0]})", self.update_endpoint, retry)

    def insert_data(self, graph: str, lines: Sequence[bytes]) -> None:
        """One ``INSERT DATA`` of N-Triples lines into ``graph``."""
        body = b"\n".join(lines).decode("utf-8")
        self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")


def _refusal(exc: urllib.error.HTTPError, what: str, url: str) -> PushError:
    if exc.code in (401, 403):
        return CredentialsRefused(f"the store refused the credentials for {what} (HTTP {exc.code})",
                                  where=redact(url), status=exc.code)
    try:
        body = exc.read().decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):  # the body is only a hint for the message
        body = ""
    hint = f": {' '.join(body.split())[:300]}" if body else ""
    return PushError(f"{what} failed with HTTP {exc.code}{hint}", where=redact(url), status=exc.code)
