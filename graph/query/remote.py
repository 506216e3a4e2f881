"""Queries against a remote SPARQL server, behind the same interface as the embedded executor.

The remote server does the work, so a timeout here stops our waiting and frees our resources: we drop
the connection. Whether the server then stops too depends on the server (Oxigraph, Fuseki and Virtuoso
all have a timeout of their own: configure it as well).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import EuusError, QueryTimeout
from graph.store import RemoteStore, SerializedResult, Store
from graph.store.http import sparql_errors
from graph.store.lean_http import AnswerTooLarge, LeanClient

#: Largest answer passed through whole by :meth:`RemoteQueries.forward`; a larger one goes the streamed way.
FORWARD_LIMIT = 1024 * 1024
#: Answers up to this size are checked on the event loop (64 KiB of N-Triples parse in about 0.5 ms),
#: larger ones in a thread, so that other requests are not held.
_CHECK_ON_LOOP = 64 * 1024
#: How many queries known to have too large an answer for :meth:`RemoteQueries.forward` are remembered.
_REMEMBERED = 256


@dataclass
class RemoteOutcome:
    """A query result streamed from the remote server; ``truncated`` when the server said it cut it."""

    kind: str
    media_type: str
    chunks: AsyncIterator[bytes]
    truncated: bool | None = None
    rows: int | None = None
    body: bytes | None = None  # the whole answer when forward() had it at once; else only chunks


class RemoteQueries:
    """Run queries on a remote :class:`Store` with a deadline on the answer's first bytes."""

    def __init__(self, store: Store, *, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self._lean: LeanClient | None = None
        self._too_large: OrderedDict[tuple[str, str], None] = OrderedDict()
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
        dataset = {"default_graph": default_graph or None, "named_graphs": named_graphs or None}
        forwarded = await self.forward(query, result_format, **dataset, timeout=limit)
        if forwarded is not None:
            return forwarded

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
        """Never: every query costs a round trip to the remote server (:meth:`forward`)."""
        return None

    async def forward(
        self,
        query: str,
        media_type: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
    ) -> RemoteOutcome | None:
        """The engine's whole answer, its bytes passed on as they came, or ``None``: then ask :meth:`run`.

        The lean path of a query with a small answer: the request is the one :meth:`run` sends
        (:meth:`RemoteStore.query_request`), sent on the event loop over a kept-alive connection
        (:class:`~graph.store.lean_http.LeanClient`), no thread involved. The answer is checked by
        parsing it (a server that sends garbage must not have it relayed), which counts its rows
        or triples. ``None`` whenever the answer is anything but a whole, parsable 200 in
        ``media_type`` under :data:`FORWARD_LIMIT` bytes, or the query cannot be sent (a refused
        ``SERVICE``): the thread path sends it again and reports errors with their usual messages
        (an error costs little to repeat). A query whose answer was too large once is not tried here
        again (the engine would do its work twice). A row cap the engine reached is in the outcome.

        Raises:
            QueryTimeout: no answer within the timeout, or the engine stopped the query for its time.
            InvalidQuery: the engine refused the query (400), with the line in the caller's text.
        """
        store, lean = self.store, self._lean
        key = (query, media_type)
        if lean is None or key in self._too_large:
            return None
        assert isinstance(store, RemoteStore)  # noqa: S101 - the lean client exists for remote stores only
        if media_type in store.engine.results_to_convert:  # the engine writes it wrong: converted there
            return None
        try:
            request = store.query_request(query, media_type, default_graph, named_graphs)
        except EuusError:
            return None
        limit = min(timeout or self.timeout, self.timeout)
        try:
            answer = await lean.send_query(request, limit=FORWARD_LIMIT, timeout=limit)
        except TimeoutError:
            raise QueryTimeout(
                f"the remote server did not answer within {limit:g} s (EUUS_QUERY_TIMEOUT); "
                "the request was dropped"
            ) from None
        except AnswerTooLarge:
            self._too_large[key] = None
            if len(self._too_large) > _REMEMBERED:
                self._too_large.popitem(last=False)
            return None
        except OSError:
            return None
        engine = store.engine
        if engine.incomplete_header is not None:
            name, value = engine.incomplete_header
            if answer.headers.get(name, "") == value:
                raise QueryTimeout(f"the SPARQL server stopped the query for its time: {value}")
        if answer.status >= 400:
            # the engine's refusal of the query itself (a syntax error, its time limit) is reported at
            # once, as the thread path words it; any other error status is left to the thread path
            message = answer.body.decode("utf-8", "replace").strip()
            timeouts = engine.timeout_messages
            refusal = sparql_errors(request.line_offset, update=False, timeout_messages=timeouts)
            error = refusal(answer.status, message)
            if error is not None:
                raise error
            return None
        answered = answer.headers.get("content-type", "").split(";")[0].strip().lower()
        if answer.status != 200 or answered != media_type:
            return None
        counted = await _count(answer.body, media_type)
        if counted is None:
            return None
        kind, rows = counted
        cap = answer.headers.get(engine.row_cap_header or "")
        if cap is not None:
            store.row_cap = int(cap)
        return RemoteOutcome(
            kind, media_type, _once(answer.body), truncated=cap is not None or None,
            rows=int(cap) if cap is not None else rows, body=answer.body,
        )  # fmt: skip

    def invalidate(self) -> None:
        """Nothing to do: the remote server always answers from its current data."""

    def close(self) -> None:
        """Close the kept-alive connections of :meth:`forward`."""
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


def _once(body: bytes) -> AsyncIterator[bytes]:
    async def chunks() -> AsyncIterator[bytes]:
        yield body

    return chunks()


async def _count(body: bytes, media_type: str) -> tuple[str, int | None] | None:
    """The kind of an answer (``select``, ``ask``, ``graph``) and its rows or triples; ``None``: garbled.

    SPARQL CSV cannot be read back by pyoxigraph: it passes unchecked (as on the streamed path), uncounted.
    """
    if len(body) > _CHECK_ON_LOOP:
        return await asyncio.to_thread(_count_now, body, media_type)
    return _count_now(body, media_type)


def _count_now(body: bytes, media_type: str) -> tuple[str, int | None] | None:
    results = ox.QueryResultsFormat.from_media_type(media_type)
    graph = ox.RdfFormat.from_media_type(media_type) if results is None else None
    try:
        if results == ox.QueryResultsFormat.CSV:
            return "select", None
        if results is not None:
            parsed = ox.parse_query_results(body, results)
            if isinstance(parsed, ox.QueryBoolean):
                return "ask", 1
            return "select", sum(1 for _ in parsed)
        if graph is not None:
            return "graph", sum(1 for _ in ox.parse(body, graph))
    except SyntaxError:
        return None
    return None
