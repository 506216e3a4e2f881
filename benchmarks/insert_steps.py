#!/usr/bin/env python3
"""Where the time of one guarded insert goes in remote mode: each round trip, each Python step (issue 13).

    python benchmarks/insert_steps.py --data /tmp/euus-100k.nq [--engines oxigraph,virtuoso] [--inserts 30]

For each engine: load the file into a new database and start the engine (as ``remote_mode.py`` does),
open the remote store and a write guard in this process (what ``euus serve`` does, without HTTP), put
the shipped data in, warm the guard with a few inserts, then time ``--inserts`` single-meeting inserts
(``harness.insert_updates``, the ones ``remote_mode.py`` sends). Every request to the engine is timed
from its start until its answer is read whole (the label is the first words of the query or update);
the Python steps are timed around them with the engine's time taken out. Prints the median of each.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402
import remote_mode  # noqa: E402

from graph.namespaces import PREFIXES  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.store.remote import RemoteStore  # noqa: E402
from graph.store.results import GraphResult, SelectResult  # noqa: E402
from graph.write.guard import WriteGuard  # noqa: E402
from graph.write.loading import ensure_shipped  # noqa: E402


class Timings:
    """Durations of one insert: round trips by label, Python steps with the round trips inside left out."""

    def __init__(self) -> None:
        self.trips: list[tuple[str, float]] = []
        self.steps: dict[str, float] = defaultdict(float)
        self._inside = 0.0  # round-trip time spent inside the step being timed

    def trip(self, label: str, seconds: float) -> None:
        self.trips.append((label, seconds))
        self._inside += seconds

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        outer, self._inside = self._inside, 0.0
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.steps[name] += elapsed - self._inside
            self._inside = outer + elapsed  # a step inside another is not counted twice


CURRENT = Timings()


def _label(text: str) -> str:
    words = [w for w in text.replace("{", " { ").split() if not w.upper().startswith(("PREFIX", "BASE"))]
    words = [w for w in words if not w.startswith("<")]
    head = " ".join(words[:6])
    return head[:60]


def instrument() -> None:
    """Wrap the store's requests and the guard's steps to record into ``CURRENT``."""
    import importlib

    incremental = importlib.import_module("graph.validation.incremental")
    commit = importlib.import_module("graph.write.commit")  # graph.write's commit() hides the module
    delta = importlib.import_module("graph.write.delta")

    query, post_update = RemoteStore.query, RemoteStore._post_update

    def timed_query(self: RemoteStore, sparql: str, **options: Any) -> Any:
        started = time.perf_counter()
        result = query(self, sparql, **options)
        if isinstance(result, SelectResult):  # read whole: the round trip ends here
            result = SelectResult(result.variables, iter(list(result.rows)))
        elif isinstance(result, GraphResult):
            result = GraphResult(iter(list(result.triples)))
        CURRENT.trip("query " + _label(sparql), time.perf_counter() - started)
        return result

    def timed_update(self: RemoteStore, text: str, line_offset: int) -> None:
        started = time.perf_counter()
        try:
            post_update(self, text, line_offset)
        finally:
            CURRENT.trip("update " + _label(text), time.perf_counter() - started)

    RemoteStore.query = timed_query  # type: ignore[method-assign]
    RemoteStore._post_update = timed_update  # type: ignore[method-assign]

    def wrap(module: Any, name: str, step: str) -> None:
        original: Callable[..., Any] = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with CURRENT.step(step):
                return original(*args, **kwargs)

        setattr(module, name, timed)

    wrap(delta, "update_delta", "parse + change set")
    wrap(incremental, "validate_delta", "validation (SHACL, context)")
    wrap(incremental, "write_scope", "validation scope")
    wrap(commit.CommitPlan, "commit", "commit (build the update)")


def run(name: str, args: argparse.Namespace, workdir: Path) -> list[str]:
    base, _, processes, loaded = remote_mode.start_engine(name, args.data, workdir)
    lines = [f"\n### {name}: {args.data.name}, loaded in {loaded:.1f} s\n"]
    try:
        store = open_store(endpoint=base, engine=name, prefixes=PREFIXES, timeout=60, query_timeout=60)
        guard = WriteGuard(store)
        ensure_shipped(store, guard)
        guard.context.graph(store)
        updates = harness.insert_updates(args.inserts + args.warmup, seed=7)
        global CURRENT
        results: list[Timings] = []
        totals: list[float] = []
        profile = cProfile.Profile() if args.profile else None
        for i, (_, text) in enumerate(updates):
            if profile is not None and i == args.warmup:
                profile.enable()
            CURRENT = Timings()
            started = time.perf_counter()
            guard.update(text, prefixes=PREFIXES)
            elapsed = time.perf_counter() - started
            if i >= args.warmup:
                results.append(CURRENT)
                totals.append(elapsed)
        if profile is not None:
            profile.disable()
            profile.dump_stats(f"{args.profile}.{name}")
        p50, top = statistics.median(totals) * 1000, max(totals) * 1000
        lines.append(f"- whole insert (guard.update, no HTTP): p50 {p50:.1f} ms, max {top:.1f} ms; "
                     f"other load {harness.busy_cores():.2f} cores")  # fmt: skip
        lines += ["", "| step | median ms | calls per insert |", "|---|---|---|"]
        trips: dict[str, list[float]] = defaultdict(list)
        for timings in results:
            per: dict[str, float] = defaultdict(float)
            for label, seconds in timings.trips:
                per[label] += seconds
            for label, seconds in per.items():
                trips[label].append(seconds)
        for label, values in trips.items():
            count = sum(1 for t in results for lab, _ in t.trips if lab == label) / len(results)
            lines.append(f"| round trip: `{label}` | {statistics.median(values) * 1000:.2f} | {count:g} |")
        for step in results[0].steps:
            values = [t.steps.get(step, 0.0) for t in results]
            lines.append(f"| Python: {step} | {statistics.median(values) * 1000:.2f} | |")
        python_total = [sum(t.steps.values()) for t in results]
        engine_total = [sum(s for _, s in t.trips) for t in results]
        lines.append(f"| all round trips | {statistics.median(engine_total) * 1000:.2f} | "
                     f"{statistics.median(len(t.trips) for t in results):g} |")  # fmt: skip
        lines.append(f"| all timed Python steps | {statistics.median(python_total) * 1000:.2f} | |")
        rest = [total - p - e for total, p, e in zip(totals, python_total, engine_total, strict=True)]
        lines.append(f"| Python: the rest of the guard | {statistics.median(rest) * 1000:.2f} | |")
        store.close()
    finally:
        for process in reversed(processes):
            remote_mode._kill(process)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--engines", default="oxigraph,virtuoso")
    parser.add_argument("--inserts", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", help="write cProfile statistics of the inserts to PROFILE.<engine>")
    args = parser.parse_args()
    instrument()
    with tempfile.TemporaryDirectory(prefix="euus-insert-steps-") as directory:
        for name in args.engines.split(","):
            print("\n".join(run(name, args, Path(directory))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
