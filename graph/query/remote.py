"""Queries against a remote SPARQL server, behind the same interface as the embedded executor.

The remote server does the work, so a timeout here stops our waiting and frees our resources: we drop
the connection. Whether the server then stops too depends on the server (Oxigraph, Fuseki and Virtuoso
all have a timeout of their own: configure it as well).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import QueryTimeout
from graph.query.inline import InlineAnswer, is_inline_query
from graph.store import RemoteStore, SerializedResult, Store
from graph.store.lean_http import AnswerTooLarge, LeanClient

#: Largest answer passed through at once by :meth:`RemoteQueries.forward_inline` (it is parsed on the
#: event loop to check it: 256 KiB of N-Triples take about 2 ms); a larger one goes the streamed way.
FORWARD_LIMIT = 256 * 1024


@dataclass
class RemoteOutcome:
    """A query result streamed from the remote server; ``truncated`` when the server said it cut it."""

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
        self._lean: LeanClient | None = None
        if isinstance(store, RemoteStore):
            try:
                self._lean = LeanClient(store.location)
            except ValueError:  # https: the httpx path only
                self._lean = None

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
            result, first = await asyncio.wait_for(asyncio.shield(task), limit)
        except asyncio.CancelledError:  # the client went away: close the answer when it comes
            task.add_done_callback(_close_late_answer)
            raise
        except TimeoutError:
            # the answer may still come: close it then, or its connection stays taken from the pool
            task.add_done_callback(_close_late_answer)
            raise QueryTimeout(
                f"the remote server did not answer within {limit:g} s (EUUS_QUERY_TIMEOUT); "
                "the request was dropped"
            ) from None
        cut = result.row_cap is not None or None  # the engine said it cut the answer (Virtuoso's row cap)
        chunks = _stream(first, result.chunks)
        return RemoteOutcome(result.kind, result.media_type, chunks, truncated=cut, rows=result.row_cap)

    def answer_inline(self, query: str, media_type: str) -> None:
        """Never: every query costs a round trip to the remote server (:meth:`forward_inline`)."""
        return None

    async def forward_inline(self, query: str, media_type: str) -> InlineAnswer | None:
        """The engine's answer to a ``DESCRIBE`` of IRIs, its bytes passed on as they came, or ``None``.

        The lean path of a single-resource lookup: the request is the one :meth:`run` sends
        (:meth:`RemoteStore.query_request`), sent on the event loop over a kept-alive connection
        (:class:`~graph.store.lean_http.LeanClient`), no thread involved. The answer is checked by
        parsing it (a server that sends garbage must not have it relayed). ``None`` whenever the
        answer is anything but a whole, parsable, uncut 200 in ``media_type`` under
        :data:`FORWARD_LIMIT` bytes: the caller then sends the query the usual way, which reports
        errors with their usual messages (a query costs nothing to repeat).

        Raises:
            QueryTimeout: no answer within the query timeout.
        """
        fmt = ox.RdfFormat.from_media_type(media_type)
        store = self.store
        if self._lean is None or fmt is None or not is_inline_query(query):
            return None
        assert isinstance(store, RemoteStore)  # noqa: S101 - the lean client exists for remote stores only
        request = store.query_request(query, media_type)
        try:
            answer = await self._lean.send_query(request, limit=FORWARD_LIMIT, timeout=self.timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"the remote server did not answer within {self.timeout:g} s (EUUS_QUERY_TIMEOUT); "
                "the request was dropped"
            ) from None
        except (OSError, AnswerTooLarge):
            return None
        engine = store.engine
        answered = answer.headers.get("content-type", "").split(";")[0].strip().lower()
        cut = engine.row_cap_header is not None and engine.row_cap_header in answer.headers
        incomplete = engine.incomplete_header is not None and engine.incomplete_header[0] in answer.headers
        if answer.status != 200 or answered != media_type or cut or incomplete:
            return None
        try:
            rows = sum(1 for _ in ox.parse(answer.body, fmt))
        except SyntaxError:
            return None
        return InlineAnswer(answer.body, rows)

    def invalidate(self) -> None:
        """Nothing to do: the remote server always answers from its current data."""

    def close(self) -> None:
        """Close the kept-alive connections of :meth:`forward_inline`."""
        if self._lean is not None:
            self._lean.close()


async def _stream(first: bytes | None, rest: Iterator[bytes]) -> AsyncIterator[bytes]:
    """The answer's chunks; a client that goes away closes the answer (its connection goes back)."""
    try:
        if first is not None:
            yield first
        loop = asyncio.get_running_loop()
        while True:
            chunk = await loop.run_in_executor(None, next, rest, None)
            if chunk is None:
                return
            yield chunk
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()


def _close_late_answer(task: asyncio.Future[tuple[SerializedResult, bytes | None]]) -> None:
    if not task.cancelled() and task.exception() is None:
        task.result()[0].close()
