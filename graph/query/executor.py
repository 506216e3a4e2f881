"""Run SPARQL queries in worker processes that can be killed: real timeouts and row caps.

pyoxigraph cannot cancel a running query and Python threads cannot be killed (neither
offers a way), so every query runs in a worker process (:mod:`graph.query.worker`), which is killed
with ``SIGKILL`` when the query's deadline passes. Other requests are served meanwhile (by another
worker, or a replacement), and the abandoned query uses no more CPU. The workers are an elastic pool
(:mod:`graph.query.pool`): a few are kept, more start when all are busy, and idle extra ones stop.
Only a query that cannot run away is answered in this process (:mod:`graph.query.inline`).

Snapshots. Workers cannot open the live store (pyoxigraph: opening read-only while another process
writes is undefined behaviour). The main process owns the primary store and publishes snapshots:
``primary.backup(dir)`` is a RocksDB checkpoint (hard links; ~3-15 ms on a 1M-triple store, ~40-100
ms just after a write, whose buffer is flushed first), opened by workers with ``Store.read_only``
(~15-50 ms). :meth:`QueryExecutor.invalidate`, called by the write path after each commit, only
marks the snapshot stale; the next query makes a new one first, so many writes share one backup
and a client reads its own writes. A worker reopens when a request carries a newer version. An
old snapshot is deleted once no worker holds it (a worker lets go at its next query or when it
stops); :meth:`QueryExecutor.close` deletes them all. An in-memory primary cannot be
backed up: it is copied into a new on-disk store instead (fine for tests, slow for big stores).

Limits (a service may refuse long or large queries:
https://www.w3.org/TR/sparql11-protocol/#policy-security). The ``timeout`` (default 30 s; a request
may ask for less) covers the whole request: snapshot, waiting for a free worker, running, streaming.
Before the first chunk it raises :class:`~graph.errors.QueryTimeout`. Once streaming has begun (the
HTTP status is sent) the worker is killed, the cut is logged and the stream raises ``QueryTimeout``,
so that the server aborts the response and the client sees an incomplete body rather than a short
one that looks whole. Each worker has an address-space limit (``memory_limit_bytes``); a worker that
dies (out of memory, crash) is replaced and the query fails with :class:`QueryAborted`. Deadlines
are timers of the event loop: no thread per query.

Row cap (never silent: a short result must not look whole). A SELECT result stops after ``max_rows``
solutions, a CONSTRUCT/DESCRIBE result after ``max_rows`` triples. :attr:`QueryOutcome.truncated`
tells (``None`` while not yet known), and so does the body where the format allows it:

* the worker holds the head back until its first 64 KiB chunk is full. When the result ends or is
  cut before that, ``truncated`` is known when :meth:`QueryExecutor.run` returns (the HTTP layer
  can send a header), and the head of SPARQL JSON and XML carries the link
  ``urn:euus:truncated:max-rows=N`` (``head.link``, defined by both formats);
* a cut SPARQL JSON result always ends with a top-level member ``"truncated": true`` after
  ``"results"`` (clients that do not know it ignore it); a cut XML result whose head left before
  the cut was known ends with ``<!-- truncated: urn:euus:truncated:max-rows=N -->``;
* CSV, TSV and the RDF formats have no place for a marker: only ``truncated`` tells.

Workers are new interpreters that import only pyoxigraph and the result writers (see
:mod:`graph.query.process`): no forkserver or resource tracker stays behind, and a worker holds
none of the service's memory.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import InvalidQuery, QueryAborted, StoreUnavailable
from graph.query.inline import InlineAnswer, answer_inline
from graph.query.pool import WorkerPool
from graph.query.process import ResultStream, WorkerProcess
from graph.query.results import FORMATS, WrongFormatForQuery, media_types_for
from graph.query.snapshots import copy_store, remove_orphans
from graph.sparql.scan import query_form, refuse_outbound

__all__ = [
    "QueryAborted",
    "QueryExecutor",
    "QueryOutcome",
    "ResultStream",
    "WrongFormatForQuery",
    "media_types_for",
]

_KINDS = {"select": "select", "ask": "ask", "construct": "graph", "describe": "graph"}
#: Most triples an inline answer may hold: serialising this many takes about a millisecond.
INLINE_LIMIT = 1_000
_PREFIX = "euus-query-"


@dataclass(frozen=True)
class QueryOutcome:
    """The answer of :meth:`QueryExecutor.run`; its first chunk has already arrived.

    Attributes:
        kind: ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE).
        media_type: the ``Content-Type`` of the chunks.
        chunks: the bytes, streamed from the worker (iterate them, or ``close()`` them).
        max_rows: the row cap that applied.
    """

    kind: str
    media_type: str
    chunks: ResultStream
    max_rows: int

    @property
    def truncated(self) -> bool | None:
        """Whether ``max_rows`` cut the result: ``True``/``False``, or ``None`` until known."""
        return self.chunks.truncated

    @property
    def rows(self) -> int:
        """Rows (or triples) sent so far; the total once the stream is complete."""
        return self.chunks.rows

    @property
    def body(self) -> bytes | None:
        """The whole result when its first chunk was also its last (no streaming needed), else ``None``."""
        return self.chunks.whole


@dataclass(frozen=True)
class _Snapshot:
    version: int
    path: Path
    generation: int


class QueryExecutor:
    """A pool of query worker processes over snapshots of ``primary``; see the module docstring.

    Args:
        primary: the store the main process writes (a ``pyoxigraph.Store``, on disk or not).
        snapshot_root: directory for snapshots (created if missing); this executor uses a
            subdirectory of its own and removes it on :meth:`close`.
        workers: most worker processes, i.e. most queries running at once.
        timeout: default and largest deadline of a query, in seconds.
        max_rows: most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in a result.
        prefixes: prefixes every query may use without declaring them.
        allow_service: let queries use ``SERVICE`` (outbound requests; refused by default).
        memory_limit_bytes: address-space limit of each worker (``None``: no limit).
        base_iri: the base that relative IRIs in queries resolve against.
        min_workers: workers kept even when idle (default: ``workers``, a fixed pool); the others
            start when a query finds every worker busy (:mod:`graph.query.pool`).
        idle_seconds: how long a worker beyond ``min_workers`` may stay idle before it stops.
        rest_seconds: how long the kept workers may stay idle before they stop too (``None``: never);
            the next query starts one.
        started: workers started without options (``WorkerProcess()``), used before any new one is
            started; the executor owns them (it kills those it never used at :meth:`close`).
    """

    def __init__(
        self,
        primary: ox.Store,
        *,
        snapshot_root: Path,
        workers: int = 2,
        timeout: float = 30.0,
        max_rows: int = 100_000,
        prefixes: dict[str, str] | None = None,
        allow_service: bool = False,
        memory_limit_bytes: int | None = 4 * 1024**3,
        base_iri: str | None = None,
        min_workers: int | None = None,
        idle_seconds: float = 10.0,
        rest_seconds: float | None = None,
        started: Iterable[WorkerProcess] = (),
    ) -> None:
        self._started = list(started)
        if workers < 1 or timeout <= 0 or max_rows < 1:
            raise ValueError("QueryExecutor needs workers >= 1, timeout > 0 and max_rows >= 1")
        self.timeout = timeout
        self.max_rows = max_rows
        self.memory_limit_bytes = memory_limit_bytes
        self._primary = primary
        self._allow_service = allow_service
        self._prefixes = dict(prefixes or {})
        self._base_iri = base_iri
        self._lock = threading.Lock()
        self._generation = 0
        self._refresh: asyncio.Future[None] | None = None
        self._closed = False
        Path(snapshot_root).mkdir(parents=True, exist_ok=True)
        remove_orphans(Path(snapshot_root), _PREFIX)
        self._root = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=snapshot_root))
        self._current = self._make_snapshot(1, 0)
        self._snapshots = {1: self._current}
        self._pool = WorkerPool(
            self._spawn,
            maximum=workers,
            minimum=workers if min_workers is None else min_workers,
            idle_seconds=idle_seconds,
            rest_seconds=rest_seconds,
            removed=self._collect,
        )

    async def run(
        self,
        query: str,
        *,
        result_format: str,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
    ) -> QueryOutcome:
        """Run a SPARQL query in a worker; return once the first chunk of its result has arrived.

        Args:
            query: the SPARQL query.
            result_format: a media type from :func:`media_types_for` (parameters are ignored).
            default_graph: graphs merged into the default graph (SPARQL Protocol
                ``default-graph-uri``). Without it and ``named_graphs``, the default graph is the
                union of all graphs.
            named_graphs: the graphs ``GRAPH`` may use (``named-graph-uri``).
            timeout: seconds for this query, at most the executor's ``timeout``.

        Raises:
            InvalidQuery: the query does not parse (with line and column), fails, or names a
                graph with an invalid IRI.
            Forbidden: the query uses ``SERVICE`` and that is not allowed.
            WrongFormatForQuery: ``result_format`` cannot carry this kind of result.
            QueryTimeout: the deadline passed before the first chunk.
            QueryAborted: the worker died (e.g. out of memory).
            StoreUnavailable: the executor is closed, or no snapshot could be made.
        """
        if self._closed:
            raise StoreUnavailable("the query executor is closed")
        loop = asyncio.get_running_loop()
        limit = self.timeout if timeout is None else min(timeout, self.timeout)
        deadline = loop.time() + limit
        refuse_outbound(query, allow_service=self._allow_service)
        media_type = _check_format(query, result_format)
        for name in (*(default_graph or ()), *(named_graphs or ())):
            _check_graph(name)
        snapshot = await self._fresh_snapshot()
        worker = await self._pool.acquire(loop, deadline, limit, snapshot.version)
        stream = ResultStream(
            worker, limit=limit, memory_limit_bytes=self.memory_limit_bytes, done=self._pool.done
        )
        request = (snapshot.version, str(snapshot.path), query, media_type, default_graph, named_graphs)
        worker.holds.add(snapshot.version)
        try:
            await stream.start((*request, self.max_rows), deadline=deadline, asked=result_format)
        finally:
            worker.holds.intersection_update({snapshot.version})
            self._collect()
        return QueryOutcome(stream.kind, stream.media_type, stream, self.max_rows)

    def answer_inline(self, query: str, media_type: str) -> InlineAnswer | None:
        """Answer a ``DESCRIBE`` of given IRIs from the primary store at once (:mod:`graph.query.inline`).

        ``None`` for any other query, or a description of more than ``INLINE_LIMIT`` triples (or
        ``max_rows``): :meth:`run` answers those in a worker.
        """
        if self._closed:
            return None
        return answer_inline(
            self._primary,
            query,
            media_type,
            limit=min(INLINE_LIMIT, self.max_rows),
            prefixes=self._prefixes,
            base_iri=self._base_iri,
        )

    def invalidate(self) -> None:
        """Mark the snapshot stale after a write; the next query makes a new one (thread-safe)."""
        with self._lock:
            self._generation += 1

    def close(self) -> None:
        """Kill the workers and delete every snapshot; later queries raise ``StoreUnavailable``."""
        if self._closed:
            return
        self._closed = True
        self._pool.close()
        for worker in self._started:  # never needed
            worker.kill()
            worker.reap(wait=True)
        self._started.clear()
        shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> QueryExecutor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the current workers."""
        return [worker.pid for worker in self._pool.workers]

    @property
    def snapshot_version(self) -> int:
        """Version of the newest snapshot; it grows by one per snapshot made."""
        return self._current.version

    # snapshots ----------------------------------------------------------------------------

    def _make_snapshot(self, version: int, generation: int) -> _Snapshot:
        path = self._root / f"v{version}"
        try:
            copy_store(self._primary, path)
        except OSError as error:
            shutil.rmtree(path, ignore_errors=True)
            raise StoreUnavailable(f"cannot make a snapshot of the store in {path}: {error}") from None
        return _Snapshot(version, path, generation)

    async def _fresh_snapshot(self) -> _Snapshot:
        """A snapshot holding every write made before this call; concurrent calls share one."""
        wanted = self._generation
        while self._current.generation < wanted:
            if self._refresh is None or self._refresh.done():
                self._refresh = asyncio.ensure_future(self._make_fresh())
            await asyncio.shield(self._refresh)
        return self._current

    async def _make_fresh(self) -> None:
        generation, version = self._generation, self._current.version + 1
        loop = asyncio.get_running_loop()
        snapshot = await loop.run_in_executor(None, self._make_snapshot, version, generation)
        if self._closed:
            shutil.rmtree(snapshot.path, ignore_errors=True)
            raise StoreUnavailable("the query executor is closed")
        self._snapshots[version] = self._current = snapshot
        self._collect()

    def _collect(self) -> None:
        """Delete the snapshots that are neither current nor held by a worker."""
        held = {version for worker in self._pool.workers for version in worker.holds}
        for version in [v for v in self._snapshots if v != self._current.version and v not in held]:
            shutil.rmtree(self._snapshots.pop(version).path, ignore_errors=True)

    # workers ------------------------------------------------------------------------------

    def _spawn(self) -> WorkerProcess:
        # the worker opens the current snapshot as it starts, not when its first query comes
        version, path = self._current.version, str(self._current.path)
        options = {"prefixes": self._prefixes, "memory_limit_bytes": self.memory_limit_bytes,
                   "base_iri": self._base_iri, "snapshot": (version, path)}  # fmt: skip
        worker = None
        while self._started and worker is None:
            worker = self._started.pop()
            try:
                worker.send(options)
            except OSError:  # it died while waiting: start another
                worker.kill()
                worker.reap(wait=True)
                worker = None
        if worker is None:
            worker = WorkerProcess(options)
        worker.holds.add(version)
        return worker


def _check_format(query: str, result_format: str) -> str:
    """The media type without parameters; the worker checks it against the kind of result."""
    media_type = result_format.split(";", 1)[0].strip().lower()
    if media_type not in FORMATS:
        kind = _KINDS.get(query_form(query) or "")
        raise WrongFormatForQuery(kind, result_format, media_types_for(kind) if kind else list(FORMATS))
    return media_type


def _check_graph(name: str) -> None:
    if not name.startswith("_:"):
        try:
            ox.NamedNode(name)
        except ValueError as error:
            raise InvalidQuery(f"graph name <{name}> is not a valid IRI: {error}") from None
