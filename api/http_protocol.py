"""uvicorn's HTTP protocol with one socket write per answer instead of two.

uvicorn writes the status line and headers of an answer, then its body, as two ``send`` calls on the
socket. For a small answer (a description of a resource: a few KB, answered in about 0.5 ms of CPU)
the second system call is 5-10% of the service's CPU (py-spy on ``DESCRIBE`` at 1M quads). This
protocol gives uvicorn a transport that joins the writes made in one turn of the event loop and
sends them together at the end of that turn: the head and body of a complete answer leave in one
write; a streamed answer still leaves chunk by chunk, each turn's chunks at once. Nothing else
changes: closing sends what is pending first, and flow control still sees the socket's buffer.

``euus serve`` uses it; ``uvicorn api.main:create_app --factory`` runs uvicorn's own, which behaves
the same, one extra write an answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["JoinedWritesProtocol"]


class _JoinedWrites:
    """A transport whose ``write`` is held until the end of the event loop's turn, then sent as one."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def writelines(self, chunks: Any) -> None:
        for chunk in chunks:
            self.write(chunk)

    def flush(self) -> None:
        """Send what is pending (dropped if the connection is already closing)."""
        if not self._pending:
            return
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(len(chunk) for chunk in self._pending)

    def __getattr__(self, name: str) -> Any:  # everything else is the socket's transport
        return getattr(self._transport, name)


class JoinedWritesProtocol(HttpToolsProtocol):
    """:class:`HttpToolsProtocol` over a transport that joins the writes of one loop turn."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Wrap the connection's transport, then set up as uvicorn does."""
        joined: Any = _JoinedWrites(transport, asyncio.get_running_loop())
        super().connection_made(joined)
