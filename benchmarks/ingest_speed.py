#!/usr/bin/env python3
"""Throughput of the press-release ingest, end to end: extraction, SHACL validation, commit to the store.

    python benchmarks/ingest_speed.py [--documents 300] [--batch 25] [--workers 1] [--store DIR] [--min 50]

The documents are the test corpus (``tests/data/ingest/corpus/*.txt``) and the seed, repeated: each copy
has a numbered title (a new document, its own graph) and its meetings moved to another capital (new
meetings, so that validation does not get cheaper by seeing the same nodes again). Setting up (reading
the model and reference data, building the lexicon and the validator) is timed apart: it is done once
per process. Prints documents per second for extraction alone, extraction + validation, and extraction +
validation + commit, into an in-memory store or an on-disk one (``--store DIR``), by the wall clock and
by this process's CPU time (what the rate would be on an idle core; compare the two to see how busy the
machine is). The end-to-end run is repeated (``--repeat``, each into a new store) and the best and the
median rate are reported: on a shared machine the best run is the one least disturbed by other work.
``--workers N`` extracts and validates in N processes (the measure without a store). The end-to-end
runs go through :class:`graph.ingest.service.StoreIngest`, as ``euus ingest --store`` and
``POST /api/ingest`` do: extraction, the merge with what the store knows, and the write guard, into a
store that holds the shipped data. Exit status 1 when the best end-to-end rate by the wall clock is
below ``--min`` (50 documents/s, the target).
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import time
from pathlib import Path

from graph.ingest import extract, load_lexicon, model_and_reference
from graph.ingest.commit import IngestValidator
from graph.ingest.pipeline import iter_ingest
from graph.ingest.service import StoreIngest
from graph.namespaces import PREFIXES
from graph.store import open_store
from graph.write.guard import WriteGuard
from graph.write.loading import ensure_shipped

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "ingest" / "corpus"
SEED = ROOT.parent / "shared" / "seeds" / "000_0be234f73af0dcac.txt"


#: The meeting places of the corpus (as written in its texts), and the capitals copies move them to.
PLACES = re.compile(
    r"Washington, D\.C\.|Washington|Madrid|Warsaw|Nicosia|Riga|Tallinn|Brussels|Brussel|Berlin|Ljubljana"
    r"|Paris|Sofia|Rome|Prague|La Valette|Athens|Bucharest"
)
CAPITALS = (
    "Vienna",
    "Zagreb",
    "Copenhagen",
    "Helsinki",
    "Budapest",
    "Dublin",
    "Vilnius",
    "Luxembourg",
    "Valletta",
    "Amsterdam",
    "Lisbon",
    "Bratislava",
    "Stockholm",
    "London",
    "Athens",
    "Prague",
)


def documents(count: int) -> list[tuple[str, str]]:
    """``count`` documents: the corpus (and the seed, when present) over and over, titles numbered."""
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    if SEED.is_file():
        sources.append((SEED.name, SEED.read_text(encoding="utf-8")))
    found = []
    for n in range(count):
        name, text = sources[n % len(sources)]
        title, _, rest = text.partition("\n")
        copy = n // len(sources)
        if copy:
            text = PLACES.sub(CAPITALS[(copy - 1) % len(CAPITALS)], f"{title} (copy {copy})\n{rest}")
        found.append((f"{copy}-{name}", text))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--batch", type=int, default=25, help="documents validated together")
    parser.add_argument("--workers", type=int, default=1, help="processes that extract and validate")
    parser.add_argument(
        "--store", type=Path, help="on-disk store directories DIR-1, DIR-2... (default: in memory)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end runs, each into a new store")
    parser.add_argument("--min", type=float, default=50.0, help="lowest acceptable documents per second")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    context = model_and_reference()
    lexicon = load_lexicon(context)
    validator = IngestValidator(context)
    gc.freeze()  # the lexicon and validator live as long as the process: keep the collector off them
    print(f"set-up (model, reference data, lexicon, validator): {time.perf_counter() - started:.2f} s")
    docs = documents(args.documents)
    print(f"{len(docs)} documents; wall-clock rates, and in brackets the rate by this process's CPU time")

    clock = _Clock()
    for name, text in docs:
        extract(text, lexicon=lexicon, file_name=name)
    clock.report("extraction", len(docs))

    clock = _Clock()
    failed = [
        r.extraction.summary["file"]
        for r in iter_ingest(docs, lexicon=lexicon, validator=validator, batch=args.batch)
        if not r.report.conforms
    ]
    clock.report(f"extraction + validation (batches of {args.batch})", len(docs))

    rates = []
    for run in range(1, args.repeat + 1):
        path = f"{args.store}-{run}" if args.store else None
        store = open_store(path=path, prefixes=PREFIXES)
        try:
            guard = WriteGuard(store)
            ensure_shipped(store, guard)
            service = StoreIngest(guard)
            service.tools()  # the lexicon and validator of the store's model: set-up, not ingest
            clock = _Clock()
            for _ in service.ingest(docs, write=True):
                pass
            label = f"extract + merge + guarded commit (the euus ingest path), run {run}"
            rates.append(clock.report(label, len(docs)))
            print(f"  store {store.location}: {len(store.named_graphs())} graphs, {store.quad_count()} quads")
        finally:
            store.close()
    rate = max(rates)
    median = statistics.median(rates)
    print(f"end to end: best {rate:.1f}, median {median:.1f} documents/s over {len(rates)} runs")
    if failed:
        print(f"{len(failed)} documents did not conform, e.g. {failed[:3]}", file=sys.stderr)
    if rate < args.min:
        print(f"end-to-end rate {rate:.1f} documents/s is below {args.min}", file=sys.stderr)
        return 1
    return 0


class _Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def report(self, label: str, count: int, *, cpu: bool = True) -> float:
        wall = time.perf_counter() - self.wall
        used = time.process_time() - self.cpu
        rate = count / wall
        by_cpu = f" ({count / used:6.1f})" if cpu and used > 0 else ""
        print(f"{label:<58} {wall:6.2f} s = {rate:6.1f} documents/s{by_cpu}")
        return rate


if __name__ == "__main__":
    sys.exit(main())
