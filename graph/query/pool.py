"""The elastic pool of query workers behind :class:`graph.query.executor.QueryExecutor`.

Each worker holding a 1M-quad snapshot open costs 80-90 MB (the interpreter and RocksDB's caches
of the store it reads), and most of the time one worker is enough: small lookups are answered
without one (:mod:`graph.query.inline`). So the pool keeps ``minimum`` workers, starts another
when a query finds every worker busy, up to ``maximum``, and retires a worker beyond the minimum
once it has been idle ``idle_seconds``. Starting one takes about 0.1 s (a new interpreter), which
only a query that would otherwise have waited for a busy worker pays. With ``rest_seconds``, the kept
ones retire too once no query came for that long: a service at rest then holds no worker (issue 10:
90 MB at 1M quads), and the first query after the rest pays for starting one.

What the workers are for is unchanged: a query whose deadline passes has its worker killed
(:class:`graph.query.process.ResultStream`); the pool then starts a replacement if it fell below
the minimum or a query is waiting, so small queries keep being answered while others run away.

The most recently freed worker serves the next query, so that under light load the extra ones
stay idle and retire; but an idle worker that may hold an old snapshot goes first, so that after a
write each lets go of the old snapshot at its next query (the executor deletes a snapshot once no
worker holds it).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable

from graph.errors import QueryTimeout, StoreUnavailable
from graph.query.process import WorkerProcess

__all__ = ["WorkerPool"]


class WorkerPool:
    """Between ``minimum`` and ``maximum`` workers, made by ``spawn``; see the module docstring.

    Args:
        spawn: starts one worker (on the current snapshot).
        maximum: most workers, i.e. most queries running at once.
        minimum: workers kept even when idle (started at once).
        idle_seconds: how long a worker beyond the minimum may stay idle before it is retired.
        removed: called after workers were removed (the executor then deletes unheld snapshots).
        rest_seconds: how long the kept workers may stay idle before they retire too (``None``: never).
    """

    def __init__(
        self,
        spawn: Callable[[], WorkerProcess],
        *,
        maximum: int,
        minimum: int,
        idle_seconds: float,
        removed: Callable[[], None],
        rest_seconds: float | None = None,
    ) -> None:
        if (
            not 0 <= minimum <= maximum
            or maximum < 1
            or idle_seconds <= 0
            or (rest_seconds is not None and rest_seconds <= 0)
        ):
            raise ValueError(
                "a worker pool needs 0 <= minimum <= maximum, maximum >= 1, idle and rest times > 0"
            )
        self.maximum, self.minimum, self.idle_seconds = maximum, minimum, idle_seconds
        self.rest_seconds = rest_seconds
        self._spawn = spawn
        self._removed = removed
        self._closed = False
        self.workers: list[WorkerProcess] = []
        self._idle: deque[WorkerProcess] = deque()
        self._freed: dict[int, int] = {}  # pid -> how many times it was freed: a retirement timer's ticket
        self._waiters: deque[asyncio.Future[WorkerProcess]] = deque()
        for _ in range(minimum):
            self._start()

    async def acquire(
        self, loop: asyncio.AbstractEventLoop, deadline: float, limit: float, version: int
    ) -> WorkerProcess:
        """A free worker, started now if all are busy and the pool may grow; else wait until ``deadline``.

        An idle worker that may still hold a snapshot older than ``version`` is preferred (so that it
        lets the old one go), else the one freed last.
        """
        if self._closed:
            raise StoreUnavailable("the query executor is closed")
        stale = next((worker for worker in self._idle if worker.holds != {version}), None)
        if stale is not None:
            self._idle.remove(stale)
            return stale
        if self._idle:
            return self._idle.pop()
        if len(self.workers) < self.maximum:
            return self._start(idle=False)
        waiter: asyncio.Future[WorkerProcess] = loop.create_future()
        self._waiters.append(waiter)

        def give_up() -> None:
            if not waiter.done():
                waiter.set_exception(
                    QueryTimeout(
                        f"no query worker became free within {limit:g} s: all {len(self.workers)} are busy "
                        "(EUUS_QUERY_WORKERS, EUUS_QUERY_TIMEOUT; https://www.w3.org/TR/sparql11-protocol/#policy-security)"
                    )
                )

        timer = loop.call_at(deadline, give_up)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self.release(waiter.result())  # handed over just as the caller went away
            raise
        finally:
            timer.cancel()
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    def release(self, worker: WorkerProcess) -> None:
        """``worker`` is free: hand it to a waiting query, or keep it idle (and maybe retire it later)."""
        if self._closed or worker not in self.workers:
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)
        ticket = self._freed[worker.pid] = self._freed.get(worker.pid, 0) + 1
        extra = len(self.workers) > self.minimum
        if extra or self.rest_seconds is not None:
            delay = self.idle_seconds if extra or self.rest_seconds is None else self.rest_seconds
            with contextlib.suppress(RuntimeError):  # no running loop (at start): nothing to retire yet
                asyncio.get_running_loop().call_later(delay, self._retire, worker, ticket, not extra)

    def done(self, worker: WorkerProcess, healthy: bool) -> None:
        """A query ended: free its worker, or (already killed) remove it and replace it if needed."""
        if healthy:
            self.release(worker)
            return
        worker.reap(wait=False)
        if worker in self.workers:
            self._remove(worker)
            if not self._closed and (len(self.workers) < self.minimum or self._waiters):
                self._start()

    def close(self) -> None:
        """Kill every worker and fail the waiting queries."""
        self._closed = True
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_exception(StoreUnavailable("the query executor is closed"))
        self._idle.clear()
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.kill()
        for worker in workers:
            worker.reap(wait=True)

    def _start(self, *, idle: bool = True) -> WorkerProcess:
        worker = self._spawn()
        self.workers.append(worker)
        if idle:
            self.release(worker)
        return worker

    def _retire(self, worker: WorkerProcess, ticket: int, at_rest: bool = False) -> None:
        """Stop ``worker`` if it has stayed idle since it was freed with ``ticket`` and is not needed.

        ``at_rest``: idle ``rest_seconds``, it retires even if it is one of the kept workers.
        """
        if self._freed.get(worker.pid) != ticket or worker not in self._idle:
            return
        if len(self.workers) <= self.minimum and not at_rest:
            if self.rest_seconds is not None:  # now one of the kept workers: it may retire at rest
                later = max(self.rest_seconds - self.idle_seconds, 0)
                asyncio.get_running_loop().call_later(later, self._retire, worker, ticket, True)
            return
        worker.kill()
        worker.reap(wait=False)
        self._remove(worker)

    def _remove(self, worker: WorkerProcess) -> None:
        self.workers.remove(worker)
        self._freed.pop(worker.pid, None)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        self._removed()
