"""Latency of guarded writes (graph.write.guard): one meeting of about 40 triples, validated and committed.

Run: ``python benchmarks/guarded_write.py [--triples 1000000] [--writes 60] [--nquads FILE] [--memory]``
or ``… --store DIR`` to write into an on-disk store built before (it is changed).

Builds a store (on disk in a temporary directory unless ``--memory``) holding the shipped dataset
plus synthetic meetings up to ``--triples`` quads (``benchmarks/generate.py``; or ``--nquads`` reuses
a file it wrote), then times, after a few warm-up writes:

* a valid meeting inserted with ``INSERT DATA`` (a new fact graph, source document, meeting, two
  participations with their basis and a session: 40 triples), validated and committed;
* the same kind of insert rejected by the shapes (a topic outside the scheme): validated, refused;
* a ``DELETE``/``INSERT … WHERE`` renaming a meeting's title (the rdflib path), validated and committed.

Prints p50 and p95 wall-clock latency and p50 CPU time of this process per kind of write.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graph.errors import ValidationFailed
from graph.store import Store, open_store
from graph.write.guard import WriteGuard

ID = "https://w3id.org/euus-kg/id/"
PREFIXES = """PREFIX euus: <https://w3id.org/euus-kg/ontology#>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def meeting_insert(slug: str, *, topic: str = "migration", start: str = "2018-03-12") -> str:
    """``INSERT DATA`` of one held meeting in its own fact graph (40 triples)."""
    meeting = f"{ID}meeting/{start}-{slug}"
    graph, source = f"{ID}graph/{start}-{slug}", f"{ID}source/{start}-{slug}"
    return f"""{PREFIXES}INSERT DATA {{ GRAPH <{graph}> {{
<{graph}> a euus:FactGraph ; dct:title "Facts about {slug}"@en ; prov:wasDerivedFrom <{source}> .
<{source}> a euus:SourceDocument ; dct:title "Press release on {slug}"@en ;
    dct:publisher <{ID}org/council-of-the-eu> ; dct:issued "{start}"^^xsd:date ;
    schema:url <https://example.org/{slug}> .
<{meeting}> a euus:Meeting , cv:PublicEvent , schema:Event ;
    dct:title "EU-US meeting {slug}"@en ; dct:description "A meeting about {topic}."@en ;
    euus:meetingKind <{ID}meeting-kind/senior-officials> ; euus:meetingStatus <{ID}meeting-status/held> ;
    euus:partOfSeries <{ID}series/eu-us-jha-senior-officials> ;
    schema:startDate "{start}"^^xsd:date ; schema:endDate "{start}"^^xsd:date ;
    schema:location <{ID}place/sofia> ;
    euus:host <{ID}presidency/2018-h1> ; euus:duringPresidency <{ID}presidency/2018-h1> ;
    dct:subject <{ID}topic/{topic}> , <{ID}topic/visas> ;
    cv:hasParticipation <{meeting}/participation/eu> , <{meeting}/participation/us> ;
    schema:subEvent <{meeting}/session/one> .
<{meeting}/participation/eu> a cv:Participation ; cv:hasParticipant <{ID}org/european-commission> ;
    euus:side <{ID}side/eu> ; euus:participationRole <{ID}participation-role/delegation> ;
    euus:participationBasis <{ID}participation-basis/stated> .
<{meeting}/participation/us> a cv:Participation ; dct:description "the US delegation"@en ;
    euus:side <{ID}side/us> ; euus:participationRole <{ID}participation-role/delegation> ;
    euus:participationBasis <{ID}participation-basis/stated> .
<{meeting}/session/one> a euus:Session ; dct:title "Session one"@en ; euus:sessionOrder 1 ;
    dct:subject <{ID}topic/{topic}> .
}} }}"""


def rename(slug: str, title: str, start: str = "2018-03-12") -> str:
    meeting = f"<{ID}meeting/{start}-{slug}>"
    return f"""{PREFIXES}DELETE {{ GRAPH ?g {{ {meeting} dct:title ?old }} }}
INSERT {{ GRAPH ?g {{ {meeting} dct:title "{title}"@en }} }}
WHERE {{ GRAPH ?g {{ {meeting} dct:title ?old }} }}"""


def build(args: argparse.Namespace, workdir: Path) -> Store:
    if args.store is not None:
        store = open_store(path=str(args.store))
        print(f"opened {store.location}: {store.quad_count()} quads")
        return store
    nquads = args.nquads
    if nquads is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from generate import generate  # benchmarks/generate.py

        nquads = workdir / "bulk.nq"
        started = time.perf_counter()
        count, meetings = generate(args.triples, args.seed, nquads)
        print(f"generated {count} quads ({meetings} meetings) in {time.perf_counter() - started:.1f} s")
    store = open_store() if args.memory else open_store(path=str(workdir / "store"))
    started = time.perf_counter()
    store.load(path=str(nquads), format="nquads")
    print(f"loaded {store.quad_count()} quads into {store.location} in {time.perf_counter() - started:.1f} s")
    return store


def measure(label: str, runs: int, write: Callable[[int], object]) -> None:
    walls, cpus = [], []
    for i in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        write(i)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    p50 = statistics.median(walls) * 1000
    p95 = statistics.quantiles(walls, n=20)[-1] * 1000
    cpu50 = statistics.median(cpus) * 1000
    print(f"{label:<44} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   cpu p50 {cpu50:7.1f} ms   ({runs} runs)")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="store size, shipped data included")
    parser.add_argument("--writes", type=int, default=60, help="timed writes per kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--nquads", type=Path, help="reuse an N-Quads file written by generate.py")
    parser.add_argument("--memory", action="store_true", help="in-memory store instead of on disk")
    parser.add_argument("--store", type=Path, help="an existing on-disk store to write into (changed!)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="euus-guard-bench-") as tmp:
        store = build(args, Path(tmp))
        guard = WriteGuard(store)
        started = time.perf_counter()
        guard.update(meeting_insert(f"warm-up-{time.strftime('%H%M%S')}"))
        first = time.perf_counter() - started
        print(f"first guarded write (parses the shapes, reads the context graphs): {first:.2f} s")
        for i in range(1, 5):
            guard.update(meeting_insert(f"warm-up-{time.strftime('%H%M%S')}-{i}"))

        run = time.strftime("%H%M%S")

        def insert(i: int) -> None:
            guard.update(meeting_insert(f"bench-{run}-{i}"))

        def rejected(i: int) -> None:
            try:
                guard.update(meeting_insert(f"refused-{run}-{i}", topic="not-a-topic"))
            except ValidationFailed:
                return
            raise AssertionError("an invalid meeting was committed")

        def renamed(i: int) -> None:
            guard.update(rename(f"bench-{run}-{i}", f"Renamed meeting {i}"))

        measure("valid meeting, INSERT DATA (40 triples)", args.writes, insert)
        measure("invalid meeting, rejected", args.writes, rejected)
        measure("rename a title, DELETE/INSERT WHERE", args.writes, renamed)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
