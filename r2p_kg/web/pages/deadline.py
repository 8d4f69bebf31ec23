"""A deadline for the work of one page, and a bound on the pages rendered at once.

pyoxigraph cannot stop a running query, and the pages run their (small, fixed) queries in the web
process, so the deadline is checked between reads: :func:`check` is called by every read of
:class:`~r2p_kg.web.pages.data.Dataset`, and a page past its deadline ends there with
:class:`~r2p_kg.errors.PageTimeout` (503, ``Retry-After``). Pages rendered at once are bounded too
(``R2P_PAGE_RENDERS``): a burst of uncached pages waits its turn rather than slowing every one of them
down, and waiting counts against the same deadline.
"""

from __future__ import annotations

import threading
import time
from contextvars import ContextVar

from flask import Flask, current_app, g

from ...errors import PageTimeout

EXT = "r2p_page_turns"
_deadline: ContextVar[float | None] = ContextVar("r2p_page_deadline", default=None)


def init_app(app: Flask) -> None:
    app.extensions[EXT] = threading.BoundedSemaphore(max(1, int(app.config["R2P_PAGE_RENDERS"])))


def _seconds() -> float:
    config = current_app.config
    return float(config["R2P_BACKEND_PAGE_TIMEOUT"] if config.get("R2P_BACKEND") else config["R2P_PAGE_TIMEOUT"])


def start() -> None:
    """``before_request``: this request's page work ends by now + R2P_PAGE_TIMEOUT."""
    _deadline.set(time.monotonic() + _seconds())


def take_turn() -> None:
    """Wait for a turn to render (within the deadline); :func:`finish` gives it back."""
    left = (_deadline.get() or time.monotonic()) - time.monotonic()
    if left <= 0 or not current_app.extensions[EXT].acquire(timeout=left):
        _deadline.set(None)  # the error page itself must still render
        raise PageTimeout(f"too many pages are being rendered; none was free within {_seconds():g} s")
    g.page_turn = True


def finish(_exc: BaseException | None = None) -> None:
    """``teardown_request``: give the turn back and forget the deadline (threads are reused)."""
    if g.pop("page_turn", False):
        current_app.extensions[EXT].release()
    _deadline.set(None)


def check() -> None:
    """Raise :class:`PageTimeout` if this request's page work is past its deadline."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        _deadline.set(None)  # the error page itself must still render
        raise PageTimeout(f"the page took longer than {_seconds():g} s; try again in a moment")
