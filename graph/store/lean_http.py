"""A lean HTTP/1.1 client on the event loop, for the hot paths of the ``remote`` backend.

httpx costs about 1.1 ms of CPU per request on this machine (its HTTP parser is Python, and a
synchronous client needs a thread per request in an async service); the engine answers a
``DESCRIBE`` of one IRI in 0.25 ms. This client writes the request bytes itself, parses the answer
with ``httptools`` (the C parser uvicorn uses) and keeps connections open between requests:
about 0.05 ms per request. It does one thing: send a request, read the whole answer (up to a size
limit) and hand back status, headers and body. Everything else (errors, streaming, redirects, TLS)
stays with the httpx path of :class:`~graph.store.remote.RemoteStore`; callers fall back to it.

Connections belong to the event loop that opened them; a client used from another loop (tests run
one loop per client) starts a new pool there.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import httptools

if TYPE_CHECKING:
    from graph.store.remote import QueryRequest

__all__ = ["AnswerTooLarge", "LeanAnswer", "LeanClient"]


#: Linux only; elsewhere ACKs are left to the system.
_QUICK_ACK: int | None = getattr(socket, "TCP_QUICKACK", None)


class AnswerTooLarge(Exception):
    """The answer is longer than the caller's limit (the connection was dropped)."""


@dataclass
class LeanAnswer:
    """A complete answer: status, headers (names in lower case) and body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class _Connection(asyncio.Protocol):
    """One keep-alive connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[LeanAnswer] | None = None
        self.limit = 0
        self.received = 0
        self.open = True
        self._answer = LeanAnswer(0)
        self._socket: socket.socket | None = None
        self._chunks: list[bytes] = []

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self._socket = transport.get_extra_info("socket")
        self._quick_ack()

    def data_received(self, data: bytes) -> None:
        self._quick_ack()
        self.received += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(ConnectionError(f"the answer is not HTTP: {error}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self._fail(ConnectionError("the server closed the connection"))

    def _quick_ack(self) -> None:
        """Acknowledge what arrives at once: Linux leaves quick-ack mode after a while, and then delays ACKs.

        Virtuoso's answers of tens of KB on a kept-alive connection otherwise stall 40 ms: its last
        segment waits (Nagle's algorithm) for the ACK this side delays (measured: a 38 KB answer took
        52 ms instead of 12). The flag is not permanent, so it is set again as data arrives.
        """
        if _QUICK_ACK is not None and self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.setsockopt(socket.IPPROTO_TCP, _QUICK_ACK, 1)

    # httptools callbacks
    def on_message_begin(self) -> None:
        self._answer, self._chunks = LeanAnswer(0), []

    def on_header(self, name: bytes, value: bytes) -> None:
        self._answer.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_body(self, body: bytes) -> None:
        self._chunks.append(body)
        if self.received > self.limit:
            self._fail(AnswerTooLarge(f"the answer is longer than {self.limit} bytes"))

    def on_message_complete(self) -> None:
        self._answer.status = self.parser.get_status_code()
        self._answer.body = b"".join(self._chunks)
        if not self.parser.should_keep_alive():
            self.open = False
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(self._answer)

    def _fail(self, error: Exception) -> None:
        self.open = False
        if self.transport is not None:
            self.transport.close()
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)


class LeanClient:
    """Keep-alive connections to one ``http://host:port`` server, used from one event loop at a time."""

    def __init__(self, base_url: str, *, keep: int = 16) -> None:
        """Raises ``ValueError`` for a URL this client cannot reach (anything but plain ``http``)."""
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the lean client speaks plain http only, not {base_url}")
        self.host, self.port = parts.hostname, parts.port or 80
        self._host_header = parts.netloc.rsplit("@", 1)[-1]
        self._keep = keep
        self._idle: list[_Connection] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    async def post(
        self,
        target: str,
        *,
        params: list[tuple[str, str]],
        body: bytes,
        headers: dict[str, str],
        limit: int,
        timeout: float,
    ) -> LeanAnswer:
        """POST ``body`` to ``target`` (a path) and read the whole answer.

        Raises:
            AnswerTooLarge: the answer is longer than ``limit`` bytes.
            TimeoutError: no whole answer within ``timeout`` seconds.
            OSError: the server cannot be reached or broke the connection (``ConnectionError``).
        """
        query = f"?{urlencode(params)}" if params else ""
        lines = [f"POST {target}{query} HTTP/1.1", f"Host: {self._host_header}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        async with asyncio.timeout(timeout):
            connection, reused = await self._connection()
            try:
                return await self._exchange(connection, request, limit)
            except ConnectionError:
                if not reused or connection.received:
                    raise
            # the server had closed the idle connection before this request reached it: once more
            connection, _ = await self._connection(fresh=True)
            return await self._exchange(connection, request, limit)

    async def send_query(self, request: QueryRequest, *, limit: int, timeout: float) -> LeanAnswer:
        """Send a query made by :meth:`RemoteStore.query_request` (form or direct body); see :meth:`post`."""
        headers = dict(request.headers)
        if "data" in request.body:
            body = urlencode(request.body["data"]).encode()
            headers["content-type"] = "application/x-www-form-urlencoded"
        else:
            body = request.body["content"]
        target = urlsplit(request.url).path
        return await self.post(
            target, params=request.params, body=body, headers=headers, limit=limit, timeout=timeout
        )

    async def _exchange(self, connection: _Connection, request: bytes, limit: int) -> LeanAnswer:
        loop = asyncio.get_running_loop()
        connection.waiter, connection.limit, connection.received = loop.create_future(), limit, 0
        assert connection.transport is not None  # noqa: S101 - set when the connection was made
        connection.transport.write(request)
        connection._quick_ack()
        try:
            answer = await connection.waiter
        except BaseException:  # timed out, cancelled (the client left) or failed: never reuse it
            connection.open = False
            connection.transport.close()
            raise
        if connection.open and len(self._idle) < self._keep:
            self._idle.append(connection)
        else:
            connection.transport.close()
        return answer

    async def _connection(self, *, fresh: bool = False) -> tuple[_Connection, bool]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # connections of another loop cannot be used (nor closed) here
            self._loop, self._idle = loop, []
        while self._idle and not fresh:
            connection = self._idle.pop()
            if connection.open and connection.transport is not None and not connection.transport.is_closing():
                return connection, True
        _, protocol = await loop.create_connection(_Connection, self.host, self.port)
        return protocol, False

    def close(self) -> None:
        """Close the idle connections (from any thread)."""
        idle, self._idle = self._idle, []
        loop = self._loop
        for connection in idle:
            if connection.transport is None or loop is None or loop.is_closed():
                continue
            with contextlib.suppress(RuntimeError):  # the loop stopped meanwhile
                loop.call_soon_threadsafe(connection.transport.close)
