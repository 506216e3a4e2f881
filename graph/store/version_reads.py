"""Reads of a remote store's shared data version on the event loop, one for all the requests waiting at once.

Every ``GET`` of the JSON API, the IRIs, the dataset description and the dumps needs the data
version (its ``ETag``, the caches keyed by it), and in remote mode the version lives in the store
(:mod:`graph.store.shared_version`) so that every API process agrees: one round trip per request.
Read with httpx from a thread, it cost more than the lookup it guarded. Here it is read with the lean
client (:mod:`graph.store.lean_http`) on the event loop, and shared: a request is given the outcome of
a read that *started after it arrived* (so it sees every write committed before it arrived, in any
process), and all requests arriving while a read is under way share the next one. Under load that
is about one read per round trip of the engine, however many requests arrive meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib

import pyoxigraph as ox

from graph.formats import SPARQL_JSON
from graph.store.lean_http import LeanClient
from graph.store.remote import RemoteStore
from graph.store.shared_version import StoreVersion, read_version_query

__all__ = ["VersionReads"]

#: A version answer holds one row (a few while two writes race): far below this.
_LIMIT = 64 * 1024


class VersionReads:
    """The data version counter of a remote store, read on the event loop and shared between requests."""

    def __init__(self, store: RemoteStore, *, timeout: float) -> None:
        """Raises ``ValueError`` where the lean client cannot reach the store (``https``)."""
        self._store = store
        self._lean = LeanClient(store.location, keep=4)
        self._timeout = timeout
        self._task: asyncio.Task[int] | None = None
        self._task_number = 0
        self._started = 0
        #: The counter of the read that completed last (None before the first): a query sent after now
        #: sees at least that version.
        self.latest: int | None = None

    @property
    def reads_started(self) -> int:
        """How many reads were sent so far (fewer than the calls of :meth:`counter` under load)."""
        return self._started

    async def counter(self) -> int:
        """The version counter, from a read that started after this call."""
        need = self._started + 1  # reads numbered from here on started after this call
        while True:
            task = self._task
            if task is not None and task.get_loop() is asyncio.get_running_loop():
                if self._task_number >= need:
                    return await asyncio.shield(task)
                if not task.done():  # a read that started earlier: wait for it, then share the next
                    with contextlib.suppress(Exception):
                        await asyncio.shield(task)
                    continue
            self._started += 1
            self._task_number = self._started
            self._task = asyncio.ensure_future(self._read())

    async def _read(self) -> int:
        counter = await self._read_counter()
        self.latest = counter
        return counter

    async def _read_counter(self) -> int:
        store = self._store
        request = store.query_request(read_version_query(), SPARQL_JSON.media_type, union_default_graph=False)
        try:
            answer = await self._lean.send_query(request, limit=_LIMIT, timeout=self._timeout)
            if answer.status == 200:
                rows = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
                found = [StoreVersion.parse(str(row["g"].value)) for row in rows]  # type: ignore[union-attr]
                versions = [version for version in found if version is not None]
                if versions:
                    return max(versions).counter
        except (OSError, TimeoutError, SyntaxError, ValueError):
            pass  # the httpx path below says what is wrong, with its usual errors
        # no version yet (it is created then), or an answer to report: the library's own way, in a thread
        version = StoreVersion.parse(await asyncio.to_thread(store.data_version))
        return version.counter if version is not None else 0

    def close(self) -> None:
        """Close the kept-alive connections."""
        self._lean.close()
