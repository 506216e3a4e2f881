"""The query executor's limits: row caps, errors and policy, timeouts that stop the work, dead workers."""

from __future__ import annotations

import asyncio
import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from executor_helpers import (
    ENDLESS,
    EX,
    LONG,
    count,
    fetch,
    gone,
    run,
)
from rdflib import Graph
from rdflib.query import Result

from graph.errors import Forbidden, InvalidQuery, QueryTimeout, StoreUnavailable
from graph.query.executor import (
    QueryAborted,
    QueryExecutor,
    QueryOutcome,
)

#: rdflib's own parsers use its deprecated APIs (ConjunctiveGraph, default_context).
pytestmark = pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|default_context).*:DeprecationWarning")


# ------------------------------------------------------------------------------------ row cap

PERSONS = f"SELECT ?person WHERE {{ ?person <{EX}type> <{EX}Person> }} ORDER BY ?person"


def test_max_rows_cuts_and_says_so(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(max_rows=10)
    outcome, body = run(fetch(executor, PERSONS, "application/sparql-results+json"))
    assert (outcome.rows, outcome.truncated, outcome.max_rows) == (10, True, 10)
    document = json.loads(body)
    assert len(document["results"]["bindings"]) == 10
    assert document["head"]["link"] == ["urn:euus:truncated:max-rows=10"]
    assert document["truncated"] is True
    assert len(Result.parse(io.BytesIO(body), format="json")) == 10

    _, xml = run(fetch(executor, PERSONS, "application/sparql-results+xml"))
    assert b'<link href="urn:euus:truncated:max-rows=10"/></head>' in xml
    assert len(Result.parse(io.BytesIO(xml), format="xml")) == 10

    outcome, csv = run(fetch(executor, PERSONS, "text/csv"))
    assert outcome.truncated is True
    assert len(csv.splitlines()) == 11

    construct = f"CONSTRUCT WHERE {{ ?s <{EX}type> <{EX}Person> }}"
    outcome, turtle = run(fetch(executor, construct, "text/turtle"))
    assert (outcome.rows, outcome.truncated) == (10, True)
    assert len(Graph().parse(data=turtle, format="turtle")) == 10


def test_no_marker_below_max_rows(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(max_rows=100)
    outcome, body = run(fetch(executor, PERSONS, "application/sparql-results+json"))
    assert (outcome.rows, outcome.truncated) == (50, False)
    document = json.loads(body)
    assert len(document["results"]["bindings"]) == 50
    assert "link" not in document["head"]
    assert "truncated" not in document
    _, xml = run(fetch(executor, PERSONS, "application/sparql-results+xml"))
    assert b"truncated" not in xml


def test_cut_found_after_the_head_left_is_marked_at_the_end(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(max_rows=5000)

    async def go(media_type: str) -> tuple[bool | None, QueryOutcome, bytes]:
        outcome = await executor.run(LONG, result_format=media_type)
        known_at_start = outcome.truncated
        return known_at_start, outcome, await outcome.chunks.read()

    known_at_start, outcome, body = run(go("application/sparql-results+json"))
    assert known_at_start is None
    assert (outcome.rows, outcome.truncated, outcome.chunks.complete) == (5000, True, True)
    document = json.loads(body)
    assert len(document["results"]["bindings"]) == 5000
    assert "link" not in document["head"]
    assert document["truncated"] is True
    _, _, xml = run(go("application/sparql-results+xml"))
    assert xml.endswith(b"</results><!-- truncated: urn:euus:truncated:max-rows=5000 --></sparql>")
    assert len(Result.parse(io.BytesIO(xml), format="xml")) == 5000


# ------------------------------------------------------------------------------ errors, policy


def test_syntax_error_has_line_and_column_and_the_worker_survives(executor: QueryExecutor) -> None:
    pids = executor.worker_pids
    with pytest.raises(InvalidQuery) as caught:
        run(executor.run("SELECT *\nWHERE { ?s ?p }", result_format="application/json"))
    assert caught.value.line == 2
    assert caught.value.column is not None
    assert executor.worker_pids == pids
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0


def test_service_is_refused_before_any_worker_is_used(executor: QueryExecutor) -> None:
    with pytest.raises(Forbidden, match="SERVICE"):
        run(
            executor.run(
                "SELECT * { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }", result_format="text/csv"
            )
        )


def test_concurrent_queries(executor: QueryExecutor) -> None:
    async def many() -> list[tuple[QueryOutcome, bytes]]:
        return await asyncio.gather(
            *(fetch(executor, f"SELECT ?o {{ <{EX}r1-{i}> ?p ?o }}", "text/csv") for i in range(20))
        )

    for i, (outcome, body) in enumerate(run(many())):
        assert body == f"o\r\nvalue 1-{i}\r\n".encode()
        assert outcome.rows == 1


# ---------------------------------------------------------------------- timeouts, dead workers


def descendants() -> set[int]:
    """Process ids of every process below this one (query workers, servers of other tests)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def cpu_seconds(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def test_timeout_stops_the_work(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=2, timeout=30)
    before = set(executor.worker_pids)

    async def scenario() -> tuple[float, float]:
        started = time.monotonic()
        endless = asyncio.ensure_future(executor.run(ENDLESS, result_format="application/json", timeout=1))
        await asyncio.sleep(0.2)
        outcome, _ = await fetch(executor, f"ASK {{ <{EX}r0-1> ?p ?o }}", "application/json")
        answered_meanwhile = time.monotonic() - started
        assert outcome.kind == "ask"
        with pytest.raises(QueryTimeout, match="longer than 1 s"):
            await endless
        return answered_meanwhile, time.monotonic() - started

    answered_meanwhile, stopped_after = run(scenario())
    assert answered_meanwhile < 0.8
    assert 0.95 < stopped_after < 1.5
    (killed,) = before - set(executor.worker_pids)
    assert gone(killed)
    assert len(executor.worker_pids) == 2

    started = time.monotonic()
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0
    assert time.monotonic() - started < 1.0

    time.sleep(0.2)  # let the replacement settle, then check that nothing below us is busy
    pids = descendants()
    used = cpu_seconds(pids)
    time.sleep(0.5)
    assert cpu_seconds(pids) - used < 0.1


def test_timeout_while_streaming_cuts_the_stream(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=1, timeout=1, max_rows=10**9)
    (pid,) = executor.worker_pids

    async def scenario() -> tuple[QueryOutcome, int]:
        outcome = await executor.run(LONG, result_format="text/tab-separated-values")
        received = 0
        with pytest.raises(QueryTimeout):
            async for chunk in outcome.chunks:
                received += len(chunk)
        return outcome, received

    outcome, received = run(scenario())
    assert received > 0
    assert outcome.truncated is None
    assert not outcome.chunks.complete
    assert gone(pid)
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0


def test_waiting_for_a_busy_worker_counts_against_the_timeout(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=1, timeout=30)

    async def scenario() -> None:
        endless = asyncio.ensure_future(executor.run(ENDLESS, result_format="application/json", timeout=2))
        await asyncio.sleep(0.1)
        with pytest.raises(QueryTimeout, match=r"no query worker became free within 0\.5 s"):
            await executor.run("ASK {}", result_format="application/json", timeout=0.5)
        with pytest.raises(QueryTimeout):
            await endless

    run(scenario())


def test_abandoned_stream_kills_its_worker(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=1, max_rows=10**9)
    (pid,) = executor.worker_pids

    async def scenario() -> None:
        outcome = await executor.run(LONG, result_format="text/csv")
        assert await outcome.chunks.__anext__()
        await outcome.chunks.aclose()

    run(scenario())
    assert gone(pid)
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0


def test_memory_limit_kills_the_worker_not_the_machine(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(workers=1, memory_limit_bytes=1024**3, timeout=20)
    (pid,) = executor.worker_pids
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    with pytest.raises(QueryAborted, match="1 GiB"):
        run(executor.run(hungry, result_format="application/json"))
    assert gone(pid)
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0


def test_close_removes_snapshots_and_processes(fresh: Callable[..., QueryExecutor], tmp_path: Path) -> None:
    before = descendants()  # the workers of other tests' executors
    executor = fresh(workers=3)
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0
    pids = executor.worker_pids
    assert set(pids) <= descendants()
    executor.close()
    assert list((tmp_path / "snapshots").iterdir()) == []
    assert all(gone(pid) for pid in pids)
    assert descendants() <= before  # nothing of this executor stays behind
    with pytest.raises(StoreUnavailable):
        run(executor.run("ASK {}", result_format="application/json"))


def test_blank_node_graph_names(executor: QueryExecutor) -> None:
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graph=["_:nothing"]) == 0
