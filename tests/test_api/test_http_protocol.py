"""One socket write per loop turn: the head and body of an answer leave together, streams still stream.

The served tests (test_clients.py and the others that start ``euus serve``) run every answer through
this protocol; these check the joining itself on a real socket pair."""

from __future__ import annotations

import asyncio
import socket

from api.http_protocol import _JoinedWrites


class Recorder(asyncio.Protocol):
    pass


class CountedTransport:
    """The socket's transport, noting the size of each write it is given."""

    def __init__(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.sizes: list[int] = []

    def write(self, data: bytes) -> None:
        self.sizes.append(len(data))
        self.transport.write(data)  # type: ignore[attr-defined]

    def is_closing(self) -> bool:
        return self.transport.is_closing()

    def close(self) -> None:
        self.transport.close()


def test_writes_of_one_turn_leave_together_and_close_sends_what_is_pending() -> None:
    async def scenario() -> tuple[list[int], bytes]:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair()
        transport, _ = await loop.create_connection(Recorder, sock=ours)
        counted = CountedTransport(transport)
        sizes = counted.sizes
        joined = _JoinedWrites(counted, loop)  # type: ignore[arg-type]
        joined.write(b"HTTP/1.1 200 OK\r\n\r\n")
        joined.write(b"body")
        assert sizes == []  # held until the end of this turn
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        joined.write(b"-more")  # a later turn: a write of its own
        await asyncio.sleep(0)
        joined.write(b"-last")
        joined.close()  # sends the pending bytes before closing
        theirs.setblocking(False)
        received = b""
        while chunk := await loop.sock_recv(theirs, 1024):
            received += chunk
        theirs.close()
        return sizes, received

    sizes, received = asyncio.run(scenario())
    assert received == b"HTTP/1.1 200 OK\r\n\r\nbody-more-last"
    assert sizes == [len(b"HTTP/1.1 200 OK\r\n\r\nbody"), len(b"-more"), len(b"-last")]
