"""The worker processes of :mod:`graph.query.executor`, seen from the main process.

A worker is a new interpreter (``python -m graph.query.worker FD``, not a fork: it never inherits
the primary store, nor the service's memory) that imports only what answering needs. It reads
requests from its end of a socket pair, one at a time, answers each with one or more messages, and
keeps no state between queries but the open snapshot. It sets its own limits first: address space
(``RLIMIT_AS``) so that one query cannot take the machine, no core files, and death with the main
process.

Protocol (``multiprocessing.connection`` framing: a 4-byte big-endian length, then a pickle):

* first message, once: the worker's options (``prefixes``, ``memory_limit_bytes``, ``base_iri``, and
  the ``snapshot`` to open at once as ``(version, path)``).
* request: ``(version, snapshot_path, query, media_type, default_graph, named_graphs, max_rows)``.
  The snapshot is (re)opened when ``version`` differs from the one held. ``default_graph`` and
  ``named_graphs`` are ``None`` (the default graph is then the union of all graphs) or lists of
  graph names (IRIs, ``"_:label"`` for blank nodes).
* answer: ``("head", kind, content_type, data, final, rows, truncated)``, then
  ``("data", data, final, rows, truncated)`` until ``final``; ``truncated`` is ``None`` until
  known. Or, at any point, ``("error", code, message)``, ``code`` being one of ``syntax``,
  ``evaluation``, ``store``, ``format`` (``message`` is then the kind of result) and ``memory``.

This module is the main-process side: :class:`WorkerProcess` is the handle on a worker (it never
blocks on the socket) and :class:`ResultStream` reads one answer under the query's deadline. The
worker's own code is :mod:`graph.query.worker`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import pickle
import socket
import struct
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from graph.errors import EuusError, InvalidQuery, QueryAborted, QueryTimeout, StoreUnavailable
from graph.query.results import (
    WrongFormatForQuery,
    media_types_for,
)
from graph.sparql.scan import invalid_query

logger = logging.getLogger(__name__)

_READ_SIZE = 256 * 1024
_RULE = "https://www.w3.org/TR/sparql11-protocol/#policy-security"
#: The directory holding the ``graph`` package: the worker imports it from there, installed or not.
_SOURCE_ROOT = str(Path(__file__).resolve().parents[2])


# ---------------------------------------------------------------------------- main-process side


class WorkerProcess:
    """The executor's handle on one worker: the process, its socket and what was read from it.

    Attributes:
        pid: the worker's process id.
        holds: snapshot versions the worker may have open (the executor keeps them on disk).
        eof: the worker's end of the socket is closed (it died or was killed).
    """

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        """Start the worker; without ``options`` it imports what it needs and waits for :meth:`send` of them.

        Started early (``euus serve`` does so before importing the web stack), a worker is ready by
        the time the service has a store to hand it, instead of starting after it (issue 10).
        """
        ours, theirs = socket.socketpair()
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([_SOURCE_ROOT, *([path] if path else [])])}
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "graph.query.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
        theirs.close()
        self._sock = ours
        self._buffer = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.pid: int = self._process.pid
        self.holds: set[int] = set()
        self.eof = False
        if options is not None:
            self.send(options)

    def send(self, message: tuple[Any, ...] | dict[str, Any]) -> None:
        """Send one request (or, first, the options)."""
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        size = len(data)
        header = struct.pack("!i", size) if size <= 0x7FFFFFFF else struct.pack("!iQ", -1, size)
        self._sock.sendall(header + data)

    def take(self) -> tuple[Any, ...] | None:
        """The next complete message read so far, or ``None``."""
        buffer = self._buffer
        if len(buffer) < 4:
            return None
        (size,) = struct.unpack_from("!i", buffer)
        start = 4
        if size == -1:
            if len(buffer) < 12:
                return None
            (size,) = struct.unpack_from("!Q", buffer, 4)
            start = 12
        end = start + size
        if len(buffer) < end:
            return None
        message: tuple[Any, ...] = pickle.loads(buffer[start:end])  # noqa: S301 (from our own worker)
        del buffer[:end]
        return message

    def fill(self) -> None:
        """Read the bytes that have arrived, without waiting; set ``eof`` if the worker is gone."""
        try:
            while data := self._sock.recv(_READ_SIZE, socket.MSG_DONTWAIT):
                self._buffer += data
                if len(data) < _READ_SIZE:
                    return
            self.eof = True
        except BlockingIOError:
            return
        except OSError:
            self.eof = True

    def watch(self, loop: asyncio.AbstractEventLoop, waiter: asyncio.Future[None]) -> None:
        """Complete ``waiter`` when bytes arrive (or the socket closes)."""
        self._loop = loop
        loop.add_reader(self._sock.fileno(), _wake, waiter)

    def unwatch(self) -> None:
        """Stop watching (idempotent)."""
        if self._loop is not None:
            self._loop.remove_reader(self._sock.fileno())
            self._loop = None

    def kill(self) -> None:
        """``SIGKILL`` the worker and close the socket (idempotent)."""
        if self._sock.fileno() == -1:
            return
        self.unwatch()
        with contextlib.suppress(OSError):
            self._process.kill()
        self._sock.close()
        self.eof = True

    def exitcode(self) -> int | None:
        """The exit code (negative: the signal that killed it), waiting a little for it."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self._process.wait(0.2)
        return None

    def reap(self, *, wait: bool) -> None:
        """Collect the status of the killed worker, now or soon (polled by the loop): no zombie is left."""
        if not wait and self._process.poll() is None:
            with contextlib.suppress(RuntimeError):  # without a running loop, wait now
                asyncio.get_running_loop().call_later(0.05, functools.partial(self.reap, wait=False))
                return
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(1.0)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class ResultStream(AsyncIterator[bytes]):
    """The chunks of one result, read from its worker under the query's deadline.

    The deadline is a timer of the event loop; when it fires, the worker is killed. ``done`` is
    called once with the worker and whether it may serve again (if not, it has been killed or
    must be: the executor replaces it).

    Attributes:
        kind: ``select``, ``ask`` or ``graph`` (known after :meth:`start`).
        media_type: the ``Content-Type`` of the chunks (known after :meth:`start`).
        rows: rows (SELECT) or triples (CONSTRUCT/DESCRIBE) sent so far; the total once complete.
        truncated: whether ``max_rows`` cut the result; ``None`` while not yet known.
        complete: the worker sent the last chunk.
    """

    def __init__(
        self,
        worker: WorkerProcess,
        *,
        limit: float,
        memory_limit_bytes: int | None,
        done: Callable[[WorkerProcess, bool], None],
    ) -> None:
        self._worker = worker
        self._limit = limit
        self._memory_limit = memory_limit_bytes
        self._done = done
        self._timer: asyncio.TimerHandle | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._expired = self._ended = False
        self._pending: bytes | None = None
        self._iterated = False
        self._asked = ""
        self.kind = self.media_type = ""
        self.rows = 0
        self.truncated: bool | None = None
        self.complete = False

    async def start(self, request: tuple[Any, ...], *, deadline: float, asked: str) -> None:
        """Send the request and wait for the first chunk; raise the worker's error, if any."""
        self._asked = asked
        self._timer = asyncio.get_running_loop().call_at(deadline, self._expire)
        try:
            try:
                self._worker.send(request)
            except OSError:  # it died while idle
                raise QueryAborted("the query process was gone; it has been replaced, please retry") from None
            message = await self._receive()
        except BaseException:
            self.close()
            raise
        _, self.kind, self.media_type = message[:3]
        self._accept(message)

    def __aiter__(self) -> ResultStream:
        return self

    async def __anext__(self) -> bytes:
        self._iterated = True
        while self._pending is None:
            if self.complete or self._ended:
                raise StopAsyncIteration
            self._accept(await self._receive())
        chunk, self._pending = self._pending, None
        return chunk

    @property
    def whole(self) -> bytes | None:
        """The whole result if it came in one message (most do) and was not read yet, else ``None``."""
        if self.complete and not self._iterated:
            return self._pending or b""
        return None

    async def read(self) -> bytes:
        """Join all the remaining chunks (small results, tests)."""
        return b"".join([chunk async for chunk in self])

    async def aclose(self) -> None:
        """Stop reading; a worker still sending is killed (and replaced)."""
        self.close()

    def close(self) -> None:
        """Stop reading; a worker still sending is killed (and replaced)."""
        self._end(healthy=False)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # best effort, at garbage collection
            self.close()

    def _accept(self, message: tuple[Any, ...]) -> None:
        data, final, self.rows, self.truncated = message[-4:]
        self._pending = data or None
        if final:
            self.complete = True
            self._end(healthy=True)

    async def _receive(self) -> tuple[Any, ...]:
        while True:
            if self._expired:
                raise QueryTimeout(
                    f"the query ran longer than {self._limit:g} s and was stopped "
                    f"(EUUS_QUERY_TIMEOUT, {_RULE})"
                )
            message = self._worker.take()
            if message is not None:
                if message[0] == "error":
                    self._end(healthy=message[1] != "memory")
                    raise self._error(message[1], message[2])
                return message
            if self._worker.eof:
                exitcode = self._worker.exitcode()
                self._end(healthy=False)
                raise QueryAborted(
                    f"the query process stopped unexpectedly (exit code {exitcode}); it probably needed "
                    f"more than {_size(self._memory_limit)} of memory ({_RULE})"
                )
            loop = asyncio.get_running_loop()
            self._waiter = loop.create_future()
            self._worker.watch(loop, self._waiter)
            try:
                await self._waiter
            finally:
                self._waiter = None
                self._worker.unwatch()
            self._worker.fill()

    def _expire(self) -> None:
        if not self._ended:
            cut = f"; its response was cut after {self.rows} rows" if self.kind else ""
            logger.warning(
                "query still running after %g s: worker %d killed%s", self._limit, self._worker.pid, cut
            )
            self._expired = True
            self._end(healthy=False)
            if self._waiter is not None:
                _wake(self._waiter)

    def _end(self, *, healthy: bool) -> None:
        if not self._ended:
            self._ended = True
            if self._timer is not None:
                self._timer.cancel()
            if not healthy:
                self._worker.kill()
            self._done(self._worker, healthy)

    def _error(self, code: str, text: str) -> EuusError:
        if code == "syntax":
            return invalid_query(text)
        if code == "format":
            return WrongFormatForQuery(text, self._asked, media_types_for(text))
        if code == "store":
            return StoreUnavailable(f"the query could not read the store snapshot: {text}")
        if code == "memory":
            return QueryAborted(f"the query needed more than {_size(self._memory_limit)} of memory ({_RULE})")
        return InvalidQuery(f"the query failed during evaluation: {text}")


def _size(value: int | None) -> str:
    if value is None:
        return "the available amount"
    return f"{value / 1024**3:g} GiB" if value >= 1024**3 else f"{value / 1024**2:g} MiB"
