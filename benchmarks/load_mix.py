"""Readers and writers at once (issue 12, section 3): a bounded load test on loopback that stops by itself.

Run: ``python benchmarks/load_mix.py --backend embedded --duration 60 --json /tmp/load.json``
(``--backend remote`` puts ``oxigraph serve`` behind the service; ``--backend both`` runs one after the
other). ``tests/reliability/test_load.py`` runs it for a few seconds per backend in CI.

It starts ``euus serve`` on a free loopback port over a new store (embedded, or remote: an ``oxigraph
serve`` it starts too), then runs two phases of ``--duration / 2`` seconds each:

1. readers only: ``--readers`` threads cycle through the benchmark mix (the five SPARQL queries of
   ``harness.py``) and the dashboard mix (the six ``/api`` lookups of ``dashboard_mix.py``);
2. the same readers, plus ``--writers`` threads sending guarded SPARQL inserts (a meeting of 38 triples),
   Graph Store ``PUT``s (a fact graph) and press-release ingests, one write in ``--invalid-every``
   deliberately invalid, plus one checker thread that reads the size of every named graph the writers
   made: a size other than the write's own is a half-applied write.

Afterwards (writers stopped) every acknowledged write must be in the store with its size, and no
rejected write may be. The report gives requests, errors by class, p50/p99 read latency per phase,
write outcomes and the checks. Exit 0 when the checks hold, 1 when not.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import dashboard_mix  # noqa: E402
import harness  # noqa: E402
from guarded_write import ID, meeting_insert  # noqa: E402
from services import Service, start_service  # noqa: E402

TOKEN = "load-test-token-0123456789"  # noqa: S105 - the token of a throwaway service
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SOFIA = ID + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
CORPUS = HERE.parent / "tests" / "data" / "ingest" / "corpus"
FACT_GRAPH = """@prefix euus: <https://w3id.org/euus-kg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{g}> a euus:FactGraph ; dct:title "Graph {n} of the load test"@en ;
    prov:wasDerivedFrom <{id}source/2018-03-01-eu-us-jha-senior-officials-sofia> ;
    dct:created "2026-12-07"^^xsd:date .
"""
#: Refused by the shapes: a meeting with no title, date, kind or status.
BAD_GRAPH = (
    "<{g}> a <https://w3id.org/euus-kg/ontology#FactGraph> .\n"
    "<{id}meeting/load-bad-{n}> a <https://w3id.org/euus-kg/ontology#Meeting> .\n"
)
BAD_PRESS_RELEASE = "Nothing happened.\n\nNo meeting, no date, no place.\n"


@dataclass
class Write:
    """One write: what it was, the graph it makes (and that graph's size), and how it was answered."""

    kind: str
    graph: str
    size: int
    valid: bool
    status: int | str = ""
    seconds: float = 0.0


@dataclass
class Tally:
    """What the threads counted; one lock guards it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(
        default_factory=lambda: {"readers only": [], "with writers": []}
    )
    requests: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    writes: list[Write] = field(default_factory=list)
    checks: int = 0
    graphs_checked: int = 0  # graph sizes compared, over all rounds
    half_applied: list[str] = field(default_factory=list)

    def read(self, phase: str, seconds: float, outcome: str) -> None:
        with self.lock:
            self.requests[phase] += 1
            if outcome == "ok":
                self.latencies[phase].append(seconds)
            else:
                self.errors[outcome] += 1


def read_paths() -> list[tuple[str, dict[str, str]]]:
    """The benchmark mix (SPARQL) and the dashboard mix (``/api``), over the shipped data."""
    paths = []
    for query in harness.query_mix(SOFIA, "2015-01-01", "2019-01-01", "sofia"):
        paths.append(("/sparql?" + str(httpx.QueryParams({"query": query.text})), {"Accept": query.accept}))
    for lookup in dashboard_mix.dashboard_mix(SOFIA):
        if not lookup.conditional:
            paths.append((lookup.api_path, {"Accept": "application/json"}))
    return paths


def outcome_of(response: httpx.Response | None, error: Exception | None) -> str:
    """The class of an answer: "ok", "HTTP 503", or the transport error's name."""
    if error is not None:
        return type(error).__name__
    assert response is not None
    return "ok" if response.status_code < 400 else f"HTTP {response.status_code}"


def reader(base: str, phase: list[str], stop: threading.Event, tally: Tally, offset: int) -> None:
    paths = read_paths()
    with httpx.Client(base_url=base, timeout=60) as client:
        for path, headers in itertools.islice(itertools.cycle(paths), offset, None):
            if stop.is_set():
                return
            started, response, error = time.perf_counter(), None, None
            try:
                response = client.get(path, headers=headers)
            except httpx.HTTPError as failure:
                error = failure
            tally.read(phase[0], time.perf_counter() - started, outcome_of(response, error))


def graph_size_of_update(text: str, graph: str) -> int:
    """How many triples ``graph`` holds after ``text`` runs on an empty store (computed here, not asked)."""
    scratch = ox.Store()
    scratch.update(text)
    return sum(1 for _ in scratch.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def make_write(run: str, n: int, invalid_every: int, documents: list[Path]) -> tuple[Write, dict[str, Any]]:
    """The ``n``-th write of a writer: its kind cycles insert, put, insert, put, ingest."""
    valid = n % invalid_every != 1  # the second write is the first invalid one: short runs have some
    kind = ("insert", "put", "insert", "put", "ingest")[n % 5]
    slug = f"load-{run}-{n}"
    if kind == "insert":
        text = meeting_insert(slug, topic="migration" if valid else "not-a-topic")
        graph = f"{ID}graph/2018-03-12-{slug}"
        request = {"method": "POST", "url": "/sparql", "content": text,
                   "headers": {**AUTH, "Content-Type": "application/sparql-update"}}  # fmt: skip
        return Write(kind, graph, graph_size_of_update(text, graph), valid), request
    if kind == "put":
        graph = f"{ID}graph/{slug}"
        body = (FACT_GRAPH if valid else BAD_GRAPH).format(g=graph, n=n, id=ID)
        size = sum(1 for _ in ox.parse(body, ox.RdfFormat.TURTLE))
        request = {"method": "PUT", "url": "/store", "params": {"graph": graph}, "content": body,
                   "headers": {**AUTH, "Content-Type": "text/turtle"}}  # fmt: skip
        return Write(kind, graph, size, valid), request
    text = documents[n % len(documents)].read_text(encoding="utf-8") if valid else BAD_PRESS_RELEASE
    request = {"method": "POST", "url": "/api/ingest", "content": text.encode(),
               "headers": {**AUTH, "Content-Type": "text/plain; charset=utf-8"}}  # fmt: skip
    return Write(kind, "", 0, valid), request


def writer(base: str, run: str, stop: threading.Event, tally: Tally, invalid_every: int) -> None:
    documents = sorted(CORPUS.glob("*.txt"))
    with httpx.Client(base_url=base, timeout=120) as client:
        for n in itertools.count():
            if stop.is_set():
                return
            write, request = make_write(run, n, invalid_every, documents)
            started = time.perf_counter()
            try:
                response = client.request(**request)
                write.status = response.status_code
                if write.kind == "ingest" and response.status_code in (200, 422):
                    write.graph = response.json()[0]["source"]["id"]  # the document's source
            except httpx.HTTPError as failure:
                write.status = type(failure).__name__
            write.seconds = time.perf_counter() - started
            with tally.lock:
                tally.writes.append(write)


def warm_up(base: str, run: str, tally: Tally) -> None:
    """One valid write before the timed phases: the first write builds the validator (seconds)."""
    write, request = make_write(f"{run}warm", 0, 1000, [])  # an insert, valid
    with httpx.Client(base_url=base, timeout=300) as client:
        write.status = client.request(**request).status_code
    tally.writes.append(write)


def checker(base: str, run: str, stop: threading.Event, tally: Tally) -> None:
    """Read the size of every graph the writers made; each must be the size of its write."""
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             f'FILTER(CONTAINS(STR(?g), "load-{run}")) }} GROUP BY ?g')  # fmt: skip
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            with tally.lock:
                expected = {w.graph: w.size for w in tally.writes if w.kind != "ingest"}
            try:
                response = client.get("/sparql", params={"query": query},
                                      headers={"Accept": "application/sparql-results+json"})  # fmt: skip
            except httpx.HTTPError as error:
                tally.read("checks", 0, type(error).__name__)
                continue
            if response.status_code != 200:
                tally.read("checks", 0, f"HTTP {response.status_code}")
                continue
            rows = response.json()["results"]["bindings"]
            for row in rows:
                graph, size = row["g"]["value"], int(row["n"]["value"])
                # a graph not yet in `expected` is a write still waiting for its answer: its size is
                # that of the same kind of write (inserts and puts differ), checked on the next round
                if graph in expected and size != expected[graph]:
                    with tally.lock:
                        tally.half_applied.append(f"{graph}: {size} triples, the write has {expected[graph]}")
            with tally.lock:
                tally.checks += 1
                tally.graphs_checked += sum(1 for row in rows if row["g"]["value"] in expected)


def verify(base: str, tally: Tally) -> dict[str, int]:
    """After the writers stopped: acknowledged writes present with their size, rejected ones absent."""
    figures = Counter[str]()
    with httpx.Client(base_url=base, timeout=120) as client:
        for write in tally.writes:
            acknowledged = isinstance(write.status, int) and write.status < 300
            if not write.graph or not (acknowledged or write.status in (400, 422)):
                figures["uncertain" if not isinstance(write.status, int) else "not checked"] += 1
                continue
            if write.kind == "ingest":
                query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ <{write.graph}> ?p ?o }} }}"
            else:
                query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{write.graph}> {{ ?s ?p ?o }} }}"
            answer = client.get("/sparql", params={"query": query},
                                headers={"Accept": "application/sparql-results+json"})  # fmt: skip
            size = int(answer.json()["results"]["bindings"][0]["n"]["value"])
            present = size > 0 if write.kind == "ingest" else size == write.size
            if acknowledged:
                figures["acknowledged"] += 1
                figures["found" if present else "lost"] += 1
            else:
                figures["rejected"] += 1
                figures["rejected but stored" if size else "rejected and absent"] += 1
            if acknowledged != write.valid:
                figures["answered against expectation"] += 1
    return dict(figures)


def percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(pct / 100 * len(ordered)))], 1)


def run_backend(args: argparse.Namespace, backend: str, workdir: Path) -> dict[str, Any]:
    """Start the service over ``backend``, run both phases, verify, stop; return the figures."""
    run = time.strftime("%H%M%S")
    tally, phase = Tally(), ["readers only"]
    with start_service(backend, workdir, token=TOKEN, query_timeout=args.query_timeout) as service:
        service.wait_warm()
        warm_up(service.base, run, tally)
        stop_readers, stop_writers = threading.Event(), threading.Event()
        readers = [threading.Thread(target=reader, args=(service.base, phase, stop_readers, tally, i * 3))
                   for i in range(args.readers)]  # fmt: skip
        for thread in readers:
            thread.start()
        time.sleep(args.duration / 2)
        phase[0] = "with writers"
        workers = [
            threading.Thread(
                target=writer, args=(service.base, f"{run}w{i}", stop_writers, tally, args.invalid_every)
            )
            for i in range(args.writers)
        ]
        workers.append(threading.Thread(target=checker, args=(service.base, run, stop_writers, tally)))
        for thread in workers:
            thread.start()
        time.sleep(args.duration / 2)
        stop_readers.set()
        stop_writers.set()
        for thread in readers + workers:
            thread.join(180)
        checked = verify(service.base, tally)
        figures = report(args, backend, service, tally, checked)
    return figures


def report(args: argparse.Namespace, backend: str, service: Service, tally: Tally,
           checked: dict[str, int]) -> dict[str, Any]:  # fmt: skip
    writes = Counter(f"{w.kind} {'valid' if w.valid else 'invalid'}: {w.status}" for w in tally.writes)
    write_seconds = [w.seconds for w in tally.writes if isinstance(w.status, int)]
    return {
        "backend": backend,
        "duration_s": args.duration,
        "readers": args.readers,
        "writers": args.writers,
        "invalid_every": args.invalid_every,
        "requests": dict(tally.requests) | {"writes": len(tally.writes)},
        "errors": dict(tally.errors),
        "read_ms": {
            p: {"n": len(v), "p50": percentile(v, 50), "p99": percentile(v, 99)}
            for p, v in tally.latencies.items()
        },
        "write_ms": {"p50": percentile(write_seconds, 50), "p99": percentile(write_seconds, 99)},
        "writes": dict(sorted(writes.items())),
        "checks": {
            "rounds": tally.checks,
            "graph_sizes_compared": tally.graphs_checked,
            "half_applied_seen": len(tally.half_applied),
        }
        | checked,
        "half_applied": tally.half_applied[:20],
        "acknowledged_graphs": {
            w.graph: w.size
            for w in tally.writes
            if w.kind != "ingest" and isinstance(w.status, int) and w.status < 300
        },
        "rejected_graphs": [w.graph for w in tally.writes if w.kind != "ingest" and w.status in (400, 422)],
        "acknowledged_sources": [w.graph for w in tally.writes if w.kind == "ingest" and w.status == 200],
        "rejected_sources": [w.graph for w in tally.writes if w.kind == "ingest" and w.status == 422],
        "store": str(service.store_dir),
    }


def holds(figures: dict[str, Any]) -> bool:
    """The checks of the issue: nothing lost, nothing rejected stored, nothing half-applied, no 5xx."""
    checks = figures["checks"]
    server_errors = sum(n for k, n in figures["errors"].items() if k.startswith("HTTP 5"))
    return (checks.get("lost", 0) == 0 and checks.get("rejected but stored", 0) == 0
            and checks["half_applied_seen"] == 0 and server_errors == 0
            and checks.get("answered against expectation", 0) == 0)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["embedded", "remote", "both"], default="both")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds, both phases together")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--invalid-every", type=int, default=4, help="every n-th write is invalid")
    parser.add_argument("--query-timeout", type=float, default=30.0)
    parser.add_argument("--workdir", type=Path, default=None, help="keep stores and logs here")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    args = parser.parse_args(argv)
    backends = ["embedded", "remote"] if args.backend == "both" else [args.backend]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="euus-load-"))
    results = [run_backend(args, backend, workdir / backend) for backend in backends]
    text = json.dumps(results, indent=2)
    if args.json is not None:
        args.json.write_text(text + "\n", encoding="utf-8")
    for figures in results:
        short = {k: v for k, v in figures.items() if not k.endswith(("_graphs", "_sources"))}
        print(json.dumps(short, indent=2))
    ok = all(holds(f) for f in results)
    print("checks hold" if ok else "CHECKS FAILED", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
