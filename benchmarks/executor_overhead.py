"""Per-query overhead of graph.query.executor versus calling pyoxigraph directly, and snapshot costs.

Run: ``python benchmarks/executor_overhead.py [--triples 1000000] [--queries 2000]``

Prints, for a single-resource SELECT (SPARQL JSON), the time per query when pyoxigraph is called
in-process and when the query goes through the executor (worker process, snapshot, streaming),
then what a snapshot costs on a store of ``--triples`` triples (RocksDB checkpoint just after
opening and just after a write, and opening it read-only as a worker does).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from graph.query.executor import QueryExecutor

EX = "http://example.org/"


def build(path: Path, triples: int) -> ox.Store:
    store = ox.Store(str(path))
    store.bulk_extend(
        ox.Quad(
            ox.NamedNode(f"{EX}r{i // 10}"),
            ox.NamedNode(f"{EX}p{i % 10}"),
            ox.Literal(f"value {i}"),
            ox.NamedNode(f"{EX}graph/{i % 7}"),
        )
        for i in range(triples)
    )
    store.flush()
    return store


def report(label: str, seconds: list[float]) -> float:
    median = statistics.median(seconds) * 1e6
    p95 = statistics.quantiles(seconds, n=20)[-1] * 1e6
    print(f"{label:<44} median {median:8.1f} µs   p95 {p95:8.1f} µs")
    return median


def query_for(i: int, resources: int) -> str:
    return f"SELECT ?p ?o WHERE {{ <{EX}r{(i * 7919) % resources}> ?p ?o }}"


def direct(store: ox.Store, queries: int, resources: int) -> list[float]:
    seconds = []
    for i in range(queries):
        started = time.perf_counter()
        result = store.query(query_for(i, resources), use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        result.serialize(format=ox.QueryResultsFormat.JSON)
        seconds.append(time.perf_counter() - started)
    return seconds


async def through_executor(executor: QueryExecutor, queries: int, resources: int) -> list[float]:
    seconds = []
    for i in range(queries):
        started = time.perf_counter()
        outcome = await executor.run(query_for(i, resources), result_format="application/sparql-results+json")
        await outcome.chunks.read()
        seconds.append(time.perf_counter() - started)
    return seconds


def snapshot_costs(store: ox.Store, root: Path, rounds: int = 5) -> None:
    clean, after_write, opening = [], [], []
    for i in range(rounds):
        target = root / f"clean{i}"
        started = time.perf_counter()
        store.backup(str(target))
        clean.append(time.perf_counter() - started)
        store.add(ox.Quad(ox.NamedNode(f"{EX}new"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i))))
        target = root / f"written{i}"
        started = time.perf_counter()
        store.backup(str(target))
        after_write.append(time.perf_counter() - started)
        started = time.perf_counter()
        opened = ox.Store.read_only(str(target))
        opening.append(time.perf_counter() - started)
        del opened
    for label, values in [
        ("snapshot (backup), no write since the last", clean),
        ("snapshot (backup) just after a write", after_write),
        ("worker opens a snapshot (read_only)", opening),
    ]:
        print(
            f"{label:<44} median {statistics.median(values) * 1e3:8.1f} ms   max {max(values) * 1e3:8.1f} ms"
        )


async def main(triples: int, queries: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        store = build(root / "store", triples)
        print(f"store of {len(store)} quads built in {time.perf_counter() - started:.1f} s")
        resources = triples // 10
        started = time.perf_counter()
        with QueryExecutor(store, snapshot_root=root / "snapshots", workers=workers) as executor:
            print(f"executor started ({workers} workers) in {(time.perf_counter() - started) * 1e3:.0f} ms")
            await through_executor(executor, 200, resources)  # warm up every worker
            direct(store, 200, resources)
            alone = report("pyoxigraph in-process (query + serialize)", direct(store, queries, resources))
            pooled = report(
                "through the executor (run + read)", await through_executor(executor, queries, resources)
            )
            print(f"{'executor overhead per query':<44} median {pooled - alone:8.1f} µs")
        snapshots = root / "bench"
        snapshots.mkdir()
        snapshot_costs(store, snapshots)
        shutil.rmtree(snapshots)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.triples, arguments.queries, arguments.workers))
