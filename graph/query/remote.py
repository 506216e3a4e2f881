"""Queries against a remote SPARQL server, behind the same interface as the embedded executor.

The remote server does the work, so a timeout here stops our waiting and frees our resources: we drop
the connection. Whether the server then stops too depends on the server (Oxigraph, Fuseki and Virtuoso
all have a timeout of their own: configure it as well).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from graph.errors import QueryTimeout
from graph.store import SerializedResult, Store


@dataclass
class RemoteOutcome:
    """A query result streamed from the remote server (the row cap is the server's business)."""

    kind: str
    media_type: str
    chunks: AsyncIterator[bytes]
    truncated: bool | None = None
    rows: int | None = None
    body: bytes | None = None  # always streamed: the server's answer is passed on as it comes


class RemoteQueries:
    """Run queries on a remote :class:`Store` with a deadline on the answer's first bytes."""

    def __init__(self, store: Store, *, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    async def run(
        self,
        query: str,
        *,
        result_format: str,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
    ) -> RemoteOutcome:
        """Send ``query``; raise :class:`QueryTimeout` when no answer starts within the deadline."""
        limit = min(timeout or self.timeout, self.timeout)

        def start() -> tuple[SerializedResult, bytes | None]:
            result = self.store.query_serialized(
                query,
                result_format=result_format,
                default_graph=default_graph or None,
                named_graphs=named_graphs or None,
            )
            return result, next(result.chunks, None)

        task = asyncio.get_running_loop().run_in_executor(None, start)
        try:
            result, first = await asyncio.wait_for(task, limit)
        except TimeoutError:
            raise QueryTimeout(
                f"the remote server did not answer within {limit:g} s (EUUS_QUERY_TIMEOUT); "
                "the request was dropped"
            ) from None
        return RemoteOutcome(result.kind, result.media_type, _stream(first, result.chunks))

    def answer_inline(self, query: str, media_type: str) -> None:
        """Never: every query costs a round trip to the remote server, answered by :meth:`run`."""
        return None

    def invalidate(self) -> None:
        """Nothing to do: the remote server always answers from its current data."""

    def close(self) -> None:
        """Nothing to release."""


async def _stream(first: bytes | None, rest: Iterator[bytes]) -> AsyncIterator[bytes]:
    if first is not None:
        yield first
    loop = asyncio.get_running_loop()
    while True:
        chunk = await loop.run_in_executor(None, next, rest, None)
        if chunk is None:
            return
        yield chunk
