"""Answers to slow readers are finished by one drain thread, not by a server thread each.

A server thread writes an answer into the client's socket without waiting: what the socket does not
take at once waits in the connection's :class:`Outbox`, and the drain thread sends it as the client
reads. The server thread is free for the next request meanwhile, so clients that read slowly (or not
at all) cannot hold the server's threads, however many they are.

Bounds: an outbox holds at most ``PER_CONNECTION`` bytes in memory beyond the answer part being
written, and all outboxes together ``TOTAL`` bytes, parts being written included (one part larger than
``TOTAL`` is taken only when nothing else waits); files (the dumps) wait as a file and an offset,
never copied, at most ``FILES_PER_CONNECTION`` of them. An answer part that does not fit in memory
is written to a temporary file (unlinked at once) and waits as one, up to ``SPILL_TOTAL`` bytes of
such files in all; only past that does a thread wait for room, at most until the connection's
deadline. So the memory of answers waiting for readers is bounded, and slow readers cannot hold
the threads. A client that has not read what waits for it within ``timeout`` seconds of its falling
behind is disconnected, and a connection is closed only once its outbox is empty (or abandoned).
"""

from __future__ import annotations

import errno
import logging
import os
import selectors
import socket
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass

log = logging.getLogger(__name__)

PER_CONNECTION = 1 << 20  # bytes waiting in memory for one connection (beyond one write)
TOTAL = 64 << 20  # bytes waiting in memory for all connections of the process
FILE_STEP = 1 << 20  # bytes of a file handed to the kernel per sendfile call
SPILL_TOTAL = 1 << 30  # bytes waiting in temporary files for all connections of the process
FILES_PER_CONNECTION = 4  # open files waiting for one connection (a pipelined burst of dumps waits)


@dataclass
class FileSlice:
    """``left`` bytes of an open file (a duplicate descriptor) from ``offset``."""

    fd: int
    offset: int
    left: int
    spilled: int = 0  # bytes of the process's spill files this slice holds (its own temporary file)


class Outbox:
    """What waits to be sent on one connection, in order: byte strings and file slices."""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        self.sock = sock  # the connection (owned by the server thread handling it)
        self.timeout = timeout
        self.out: socket.socket | None = None  # a non-blocking duplicate for the drain thread
        self.items: deque = deque()
        self.bytes = 0  # waiting in memory
        self.spilled = 0  # waiting in spill files
        self.deadline = 0.0
        self.close_requested = False
        self.broken = False
        self.on_drained = None  # called once, by the drain thread, when nothing waits any more


    @property
    def pending(self) -> bool:
        return bool(self.items)

    def sendall(self, data: bytes) -> None:
        """Send ``data`` now as far as the socket takes it; queue the rest for the drain thread."""
        drain = Drain.get()
        view = memoryview(data).cast("B")
        with drain.cond:
            self._check()
            if not self.items:
                view = view[self._send_now(view):]
                if not view:
                    return
                self.deadline = time.monotonic() + self.timeout
            # Spill only for the process's bound: a connection past its own waits, as one that
            # asks for answer after answer without reading must not fill the disk either.
            spill = (not self._connection_full(len(view)) and self._no_room(drain, len(view))
                     and drain.spilled + len(view) <= SPILL_TOTAL)
            if spill:
                drain.spilled += len(view)
        if spill:
            self._spill(drain, view)
            return
        with drain.cond:
            self._check()
            while self._no_room(drain, len(view)):
                self._wait(drain)
                if not self.items:  # nothing of ours waits: the socket may take some now
                    sent = self._send_now(view)
                    if sent:
                        view = view[sent:]
                        self.deadline = time.monotonic() + self.timeout
                    if not view:
                        return
            if not self.items and not self.broken:  # drained while we waited: try the socket again
                view = view[self._send_now(view):]
                if not view:
                    return
                self.deadline = time.monotonic() + self.timeout
            self.items.append(memoryview(bytes(view)))
            self.bytes += len(view)
            drain.total += len(view)
            drain.submit(self)

    def _spill(self, drain: Drain, data: memoryview) -> None:
        """Queue ``data`` as a temporary file (its bytes already counted in ``drain.spilled``): the
        memory bound is full, and waiting for room would hold this thread for a slow reader."""
        size = len(data)
        try:
            with tempfile.TemporaryFile(prefix="r2p-outbox-") as fh:
                fh.write(data)
                fh.flush()
                fd = os.dup(fh.fileno())
        except OSError:
            with drain.cond:
                drain.spilled -= size
            raise
        with drain.cond:
            if self.broken:
                os.close(fd)
                drain.spilled -= size
                self._check()
            self.items.append(FileSlice(fd, 0, size, spilled=size))
            self.spilled += size
            drain.submit(self)

    def sendfile(self, file, offset: int = 0, count: int | None = None) -> int:
        """Send ``count`` bytes of ``file`` from ``offset``; what the socket does not take at once is
        sent by the drain thread from a duplicate of the file's descriptor (nothing is copied)."""
        fd = file.fileno()
        size = os.fstat(fd).st_size - offset if count is None else count
        drain = Drain.get()
        with drain.cond:
            self._check()
            sent = 0
            if not self.items:
                sent = self._sendfile_now(fd, offset, size)
                if sent == size:
                    return size
                self.deadline = time.monotonic() + self.timeout
            while sum(isinstance(i, FileSlice) for i in self.items) >= FILES_PER_CONNECTION:
                self._wait(drain)
            self.items.append(FileSlice(os.dup(fd), offset + sent, size - sent))
            drain.submit(self)
        return size

    def when_drained(self, callback) -> None:
        """Call ``callback`` once nothing waits to be sent (or the client is gone): at once if so
        now, else from the drain thread. The server reads a connection's next request only then, so
        a client that asks again and again without reading holds no thread meanwhile."""
        with Drain.get().cond:
            if self.items and not self.broken:
                self.on_drained = callback
                return
        callback()

    def close(self) -> bool:
        """Whether the connection may be closed now; else the drain thread closes it once empty."""
        with Drain.get().cond:
            if self.items and not self.broken:
                self.close_requested = True
                return False
            return True

    # -- inside the lock -------------------------------------------------------------------------

    def _no_room(self, drain: Drain, size: int) -> bool:
        """Whether ``size`` more bytes would pass this connection's bound or, unless nothing else
        waits (so that one part larger than the whole bound still goes), the process's."""
        return self._connection_full(size) or bool(drain.total and drain.total + size > TOTAL)

    def _connection_full(self, size: int) -> bool:
        return bool(self.items) and self.bytes + self.spilled + size > PER_CONNECTION

    def _check(self) -> None:
        if self.broken:
            raise BrokenPipeError(errno.EPIPE, "the client did not read its answer in time")

    def _wait(self, drain: Drain) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            drain.abort(self)
        self._check()
        drain.cond.wait(remaining)
        self._check()

    def _send_now(self, data: memoryview) -> int:
        """Bytes of ``data`` the socket takes without waiting (the server thread owns it)."""
        prior, sent = self.sock.gettimeout(), 0
        self.sock.settimeout(0)
        try:
            while sent < len(data):
                sent += self.sock.send(data[sent:])
        except BlockingIOError:
            pass
        finally:
            self.sock.settimeout(prior)
        return sent

    def _sendfile_now(self, fd: int, offset: int, size: int) -> int:
        prior, sent = self.sock.gettimeout(), 0
        self.sock.settimeout(0)  # O_NONBLOCK on the socket: sendfile takes what fits and returns
        try:
            while sent < size:
                n = os.sendfile(self.sock.fileno(), fd, offset + sent, min(FILE_STEP, size - sent))
                if n == 0:
                    break
                sent += n
        except BlockingIOError:
            pass
        finally:
            self.sock.settimeout(prior)
        return sent

    def flush(self, drain: Drain) -> bool:
        """Send what the socket takes now (drain thread); whether the outbox is empty."""
        assert self.out is not None
        while self.items:
            item = self.items[0]
            try:
                if isinstance(item, FileSlice):
                    n = os.sendfile(self.out.fileno(), item.fd, item.offset, min(FILE_STEP, item.left))
                    if n == 0:  # the file is shorter than announced: nothing more to send
                        n = item.left
                    item.offset += n
                    item.left -= n
                    if item.left == 0:
                        os.close(item.fd)
                        drain.spilled -= item.spilled
                        self.spilled -= item.spilled
                        self.items.popleft()
                else:
                    n = self.out.send(item)
                    self.bytes -= n
                    drain.total -= n
                    if n == len(item):
                        self.items.popleft()
                    else:
                        self.items[0] = item[n:]
            except BlockingIOError:
                return False
        return True

    def discard(self, drain: Drain) -> None:
        for item in self.items:
            if isinstance(item, FileSlice):
                os.close(item.fd)
                drain.spilled -= item.spilled
        self.spilled = 0
        drain.total -= self.bytes
        self.items.clear()
        self.bytes = 0


class Drain:
    """The process's drain thread: a selector over the sockets whose outbox is not empty."""

    _instance: Drain | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.total = 0  # bytes waiting in memory
        self.spilled = 0  # bytes waiting in spill files
        self.selector = selectors.DefaultSelector()
        self.waker, self._wake_out = socket.socketpair()
        self.waker.setblocking(False)
        self._wake_out.setblocking(False)
        self.selector.register(self.waker, selectors.EVENT_READ, None)
        self.new: list[Outbox] = []
        self.boxes: set[Outbox] = set()
        self.pid = os.getpid()
        threading.Thread(target=self._run, name="r2p-drain", daemon=True).start()

    @classmethod
    def get(cls) -> Drain:
        """This process's drain (a forked child starts its own)."""
        with cls._instance_lock:
            if cls._instance is None or cls._instance.pid != os.getpid():
                cls._instance = Drain()
            return cls._instance

    def submit(self, box: Outbox) -> None:
        """Hand ``box`` to the drain thread (the lock is held)."""
        if box not in self.boxes:
            if box.out is None:
                box.out = socket.socket(fileno=os.dup(box.sock.fileno()))
                box.out.setblocking(False)
            self.boxes.add(box)
            self.new.append(box)
            try:
                self._wake_out.send(b"\0")
            except BlockingIOError:
                pass  # already awake

    def abort(self, box: Outbox) -> None:
        """Give up on a client that does not read (the lock is held)."""
        log.warning("disconnected a client that did not read its answer within %g s", box.timeout)
        box.broken = True
        box.discard(self)
        try:
            (box.out or box.sock).shutdown(socket.SHUT_RDWR)  # the server's own poller sees the end
        except OSError:
            pass
        self._release(box)

    def _release(self, box: Outbox) -> None:
        if box in self.boxes:
            self.boxes.discard(box)
            try:
                if box.out is not None:
                    self.selector.unregister(box.out)
            except (KeyError, ValueError):
                pass
        if box.out is not None:
            box.out.close()
            box.out = None
        if box.close_requested:
            try:
                box.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            box.sock.close()
        self.cond.notify_all()
        callback, box.on_drained = box.on_drained, None
        if callback is not None:
            callback()

    def _run(self) -> None:
        while True:
            with self.cond:
                deadlines = [b.deadline for b in self.boxes]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            events = self.selector.select(timeout)
            with self.cond:
                try:
                    while self.waker.recv(4096):
                        pass
                except BlockingIOError:
                    pass
                for box in self.new:
                    if box in self.boxes and box.out is not None:
                        self.selector.register(box.out, selectors.EVENT_WRITE, box)
                self.new.clear()
                for key, _ in events:
                    box = key.data
                    if box is None or box not in self.boxes:
                        continue
                    try:
                        if box.flush(self):
                            self._release(box)
                    except OSError:  # the client went away
                        box.broken = True
                        box.discard(self)
                        self._release(box)
                now = time.monotonic()
                for box in [b for b in self.boxes if b.deadline <= now]:
                    self.abort(box)
                self.cond.notify_all()
