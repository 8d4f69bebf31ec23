"""The SPARQL 1.1 Graph Store HTTP Protocol: uploads of N-Triples through httpx.

httpx rather than urllib: urllib's digest handler (which SPARQLWrapper uses) fails on large bodies,
while httpx answers the digest challenge and re-sends the body itself. The graph is named with the
``graph`` query parameter (Virtuoso's ``/sparql-graph-crud-auth`` and Oxigraph's ``/store`` both
accept it); a URL that already carries parameters keeps them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx

from ..errors import CredentialsRefused, PushError
from .client import Auth, Retry, redact

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/n-triples"


class _Busy(Exception):
    """The store answered 502, 503 or 504: worth retrying like a connection error."""


class GraphStore:
    """A Graph Store endpoint: PUT replaces a graph, POST adds to it."""

    def __init__(self, url: str, *, auth: Auth | None = None, timeout: float = 120.0,
                 retry: Retry | None = None) -> None:
        self.url = url
        self.retry = retry or Retry()
        self._auth: httpx.Auth | None = None
        self._headers = {"User-Agent": "r2p-kg", "Content-Type": f"{MEDIA_TYPE}; charset=utf-8"}
        if auth and auth.scheme == "digest":
            self._auth = httpx.DigestAuth(auth.user or "", auth.secret)
        elif auth and auth.scheme == "basic":
            self._auth = httpx.BasicAuth(auth.user or "", auth.secret)
        elif auth and auth.scheme == "bearer":
            self._headers["Authorization"] = f"Bearer {auth.secret}"
        self._timeout = timeout

    def send(self, graph: str, lines: Sequence[bytes], *, replace: bool) -> None:
        """PUT (``replace``) or POST N-Triples lines into ``graph``."""
        method = "PUT" if replace else "POST"
        body = b"\n".join(lines) + b"\n"

        def once() -> None:
            with httpx.Client(auth=self._auth, timeout=self._timeout, headers=self._headers) as client:
                response = client.request(method, self.url, params={"graph": graph}, content=body)
            if response.status_code in (502, 503, 504):
                raise _Busy(f"HTTP {response.status_code}")
            if response.status_code in (401, 403):
                raise CredentialsRefused(
                    f"the store refused the credentials for Graph Store {method} (HTTP {response.status_code})",
                    where=redact(self.url), status=response.status_code)
            if response.is_error:
                text = " ".join(response.text.split())[:300]
                raise PushError(f"Graph Store {method} failed with HTTP {response.status_code}: {text}",
                                where=redact(self.url), status=response.status_code)
            log.debug("%s %d triples into <%s>: HTTP %d", method, len(lines), graph, response.status_code)

        self.retry.call(once, what=f"Graph Store {method}", url=self.url,
                        transient=(httpx.TransportError, _Busy))
