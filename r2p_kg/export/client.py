"""What every client of a remote store shares: credentials, retries with backoff, redacted URLs.

Used by the Graph Store and SPARQL Update clients and by the push that drives them. The secret is
never logged nor put into messages.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ..errors import ConfigError, StoreUnreachable

log = logging.getLogger(__name__)

T = TypeVar("T")
AuthScheme = Literal["basic", "digest", "bearer"]

PASSWORD_ENV = "R2P_PUSH_PASSWORD"


@dataclass(frozen=True)
class Auth:
    """Credentials for the store. ``secret`` is the password (basic, digest) or the token (bearer)."""

    scheme: AuthScheme
    user: str | None
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if self.scheme not in ("basic", "digest", "bearer"):
            raise ConfigError(f"unknown auth scheme {self.scheme!r}: basic, digest or bearer", where="--auth")
        if self.scheme != "bearer" and not self.user:
            raise ConfigError(f"{self.scheme} auth needs --user", where="--user")
        if not self.secret:
            raise ConfigError(f"{self.scheme} auth needs the secret in ${PASSWORD_ENV}", where=PASSWORD_ENV)


@dataclass(frozen=True)
class Retry:
    """Retries with exponential backoff, for connection errors only (never for refusals)."""

    attempts: int = 5
    backoff: float = 0.5  # seconds before the 2nd attempt, doubled after each failure
    max_wait: float = 8.0

    def call(self, fn: Callable[[], T], *, what: str, url: str,
             transient: tuple[type[BaseException], ...]) -> T:
        wait = self.backoff
        for attempt in range(1, self.attempts + 1):
            try:
                return fn()
            except transient as exc:
                reason = _reason(exc)
                if attempt == self.attempts:
                    raise StoreUnreachable(
                        f"the store is unreachable: {what} failed after {self.attempts} attempts: {reason}",
                        where=redact(url)) from exc
                log.warning("%s at %s: %s; retrying in %.1fs (attempt %d of %d)",
                            what, redact(url), reason, wait, attempt + 1, self.attempts)
                time.sleep(wait)
                wait = min(wait * 2, self.max_wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "reason", None)  # urllib's URLError wraps the socket error
    return str(inner or exc) or type(exc).__name__


def redact(url: str) -> str:
    """The URL without any user:password part, for logs and messages."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit(parts._replace(netloc=netloc))
    return url
