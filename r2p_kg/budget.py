"""A byte budget for the answers a process holds at once.

The web process receives each answer whole from a query worker before it sends it. Each answer is
capped (``R2P_MAX_RESULT_BYTES``), but without a budget a few hundred threads could each hold one.
A thread reserves an answer's size before it receives it, waiting for room until its request's
deadline, and gives back everything it holds when its request ends (:meth:`end_request`, called
by the web layer once the answer has been handed to the connection's outbox, which has a bound of
its own). Only threads serving a request (between :meth:`begin_request` and :meth:`end_request`)
count: a background thread's answers are not held for a client.
"""

from __future__ import annotations

import threading
import time


class AnswerBudget:
    """At most ``max_bytes`` bytes reserved at once, over all threads."""

    def __init__(self, max_bytes: int) -> None:
        if max_bytes <= 0:
            raise ValueError("an answer budget needs a positive number of bytes")
        self.max_bytes = max_bytes
        self.used = 0
        self._cond = threading.Condition()
        self._held = threading.local()

    def reserve(self, size: int, deadline: float) -> bool:
        """Reserve ``size`` bytes for this thread's request, waiting until ``deadline``
        (``time.monotonic``) for room; whether they were reserved (always, outside a request). A
        size over the whole budget is never reserved."""
        if not getattr(self._held, "active", False):
            return True
        if size > self.max_bytes:
            return False
        with self._cond:
            while self.used + size > self.max_bytes:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            self.used += size
        self._held.bytes = getattr(self._held, "bytes", 0) + size
        return True

    def held(self) -> int:
        """Bytes this thread holds."""
        return getattr(self._held, "bytes", 0)

    def begin_request(self) -> None:
        """This thread serves a request from now on: its answers count."""
        self.end_request()  # nothing is left over from the thread's previous request
        self._held.active = True

    def end_request(self) -> None:
        """Give back everything this thread holds: its request is over."""
        self._held.active = False
        size = self.held()
        if not size:
            return
        self._held.bytes = 0
        with self._cond:
            self.used -= size
            self._cond.notify_all()
