"""The elastic worker pool: it grows when every worker is busy, shrinks when idle, and still stops runaways."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from executor_helpers import ENDLESS, EX, count, fetch, gone, run

from graph.errors import QueryTimeout
from graph.query.executor import QueryExecutor
from graph.query.pool import WorkerPool
from graph.query.process import WorkerProcess


def wait_for_workers(executor: QueryExecutor, wanted: int, within: float = 10.0) -> list[int]:
    """The worker pids once there are ``wanted`` of them (a generous bound: retirement is a timer)."""
    stop = time.monotonic() + within
    while len(executor.worker_pids) != wanted and time.monotonic() < stop:
        time.sleep(0.05)
    return executor.worker_pids


def test_pool_grows_for_a_busy_worker_and_shrinks_back(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=2, min_workers=1, idle_seconds=0.3, timeout=30)
    (first,) = executor.worker_pids

    async def scenario() -> list[int]:
        endless = asyncio.ensure_future(executor.run(ENDLESS, result_format="application/json", timeout=1))
        await asyncio.sleep(0.2)
        outcome, body = await fetch(executor, f"ASK {{ <{EX}r0-1> ?p ?o }}", "application/json")
        assert outcome.kind == "ask"
        assert b"true" in body
        during = executor.worker_pids  # the runaway's worker and the one started for the ASK
        with pytest.raises(QueryTimeout, match="longer than 1 s"):
            await endless
        return during

    during = run(scenario())
    assert len(during) == 2
    assert first in during
    assert gone(first)  # the runaway's worker was killed at its deadline
    (kept,) = executor.worker_pids  # no replacement: one worker is the minimum
    assert kept != first
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0


def test_idle_extra_workers_stop(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=3, min_workers=1, idle_seconds=0.2)

    async def three_at_once() -> list[int]:
        queries = [fetch(executor, f"SELECT ?o {{ <{EX}r1-{i}> ?p ?o }}", "text/csv") for i in range(3)]
        answers = await asyncio.gather(*queries)
        assert [body for _, body in answers] == [f"o\r\nvalue 1-{i}\r\n".encode() for i in range(3)]
        started = executor.worker_pids
        await asyncio.sleep(0.2)
        # run the loop past the retirement timers; the sleep is the pool's idle time, not a check of speed
        stop = time.monotonic() + 10
        while len(executor.worker_pids) > 1 and time.monotonic() < stop:
            await asyncio.sleep(0.05)
        return started

    started = run(three_at_once())
    assert len(started) == 3
    (kept,) = executor.worker_pids
    assert all(gone(pid) for pid in set(started) - {kept})


def test_no_worker_until_the_first_query(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=2, min_workers=0, idle_seconds=5)
    assert executor.worker_pids == []
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0
    assert len(executor.worker_pids) == 1


def test_pool_bounds_are_checked() -> None:
    with pytest.raises(ValueError, match="minimum <= maximum"):
        WorkerPool(lambda: None, maximum=1, minimum=2, idle_seconds=1, removed=lambda: None)  # type: ignore[arg-type,return-value]


def test_workers_started_early_are_used_and_still_stop_runaways(fresh: Callable[..., QueryExecutor]) -> None:
    """``euus serve`` starts a worker before the web stack is imported (issue 10); the executor takes it."""
    early, spare = WorkerProcess(), WorkerProcess()
    executor = fresh(workers=1, timeout=30, started=[spare, early])
    assert executor.worker_pids == [early.pid]  # no new interpreter was started

    async def runaway() -> None:
        with pytest.raises(QueryTimeout, match="longer than 1 s"):
            await executor.run(ENDLESS, result_format="application/json", timeout=1)

    run(runaway())
    assert gone(early.pid)  # the early worker got the limits with its options: it was killed at its deadline
    (replacement,) = executor.worker_pids
    assert replacement == spare.pid  # the next early one replaced it
    assert count(executor, f"SELECT (COUNT(*) AS ?n) {{ <{EX}r0-1> ?p ?o }}") > 0


def test_an_early_worker_that_died_is_replaced_and_unused_ones_stop(
    fresh: Callable[..., QueryExecutor],
) -> None:
    dead, unused = WorkerProcess(), WorkerProcess()
    dead.kill()
    dead.reap(wait=True)
    executor = fresh(workers=1, min_workers=0, started=[unused, dead])
    assert count(executor, f"SELECT (COUNT(*) AS ?n) {{ <{EX}r0-1> ?p ?o }}") > 0
    (used,) = executor.worker_pids
    assert used == unused.pid
    executor.close()
    assert gone(used)


def test_kept_workers_retire_at_rest_and_the_next_query_starts_one(
    fresh: Callable[..., QueryExecutor],
) -> None:
    """With a rest time the last worker stops too (a service at rest holds none); queries still answer."""
    executor = fresh(workers=2, min_workers=1, idle_seconds=0.1, rest_seconds=0.3, timeout=30)

    async def scenario() -> tuple[list[int], list[int]]:
        _, body = await fetch(executor, f"ASK {{ <{EX}r0-1> ?p ?o }}", "application/json")
        assert b"true" in body
        used = executor.worker_pids
        stop = time.monotonic() + 10  # a generous bound: the rest time is a timer of the loop
        while executor.worker_pids and time.monotonic() < stop:
            await asyncio.sleep(0.05)
        at_rest = executor.worker_pids
        with pytest.raises(QueryTimeout, match="longer than 1 s"):  # a runaway is still stopped
            await executor.run(ENDLESS, result_format="application/json", timeout=1)
        return used, at_rest

    used, at_rest = run(scenario())
    assert len(used) == 1
    assert at_rest == []
    assert gone(used[0])
    assert count(executor, f"SELECT (COUNT(*) AS ?n) {{ <{EX}r0-1> ?p ?o }}") > 0  # a new worker answers
    assert len(executor.worker_pids) == 1


def test_rest_time_is_checked() -> None:
    with pytest.raises(ValueError, match="rest times > 0"):
        WorkerPool(lambda: None, maximum=1, minimum=1, idle_seconds=1, removed=lambda: None, rest_seconds=0)  # type: ignore[arg-type,return-value]
