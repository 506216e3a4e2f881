"""The query executor: worker processes, snapshots, formats, row caps, timeouts that stop the work.

Every test runs real worker processes over a real on-disk store; async code runs in
``asyncio.run`` inside plain test functions.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import to_isomorphic
from rdflib.query import Result

from graph.errors import Forbidden, InvalidQuery, QueryTimeout, StoreUnavailable
from graph.query.executor import (
    QueryAborted,
    QueryExecutor,
    QueryOutcome,
    WrongFormatForQuery,
    media_types_for,
)

EX = "http://example.org/"
GRAPHS = [f"{EX}graph/{n}" for n in range(5)]
PEOPLE = f"{EX}graph/people"
PER_GRAPH = 600
#: Counts every solution of a 3-way cross join (about 2.7e10): runs for hours, in constant memory.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Streams a first chunk at once, then keeps going (millions of rows).
LONG = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f }"
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
ODD_LITERALS = [
    ox.Literal('comma, "quote"\nnew line\ttab'),
    ox.Literal(" padded "),
    ox.Literal("chat", language="fr"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("2.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ox.Literal("2020-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("<b>&amp;</b> 'x' é €"),
]

T = TypeVar("T")
#: rdflib's own parsers use its deprecated APIs (ConjunctiveGraph, default_context).
pytestmark = pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|default_context).*:DeprecationWarning")


def run(coroutine: Awaitable[T]) -> T:
    async def main() -> T:
        return await coroutine

    return asyncio.run(main())


def fill(store: ox.Store) -> None:
    p, name, typ = ox.NamedNode(f"{EX}p"), ox.NamedNode(f"{EX}name"), ox.NamedNode(f"{EX}type")
    quads = [
        ox.Quad(ox.NamedNode(f"{EX}r{g}-{i}"), p, ox.Literal(f"value {g}-{i}"), ox.NamedNode(graph))
        for g, graph in enumerate(GRAPHS)
        for i in range(PER_GRAPH)
    ]
    for i in range(50):
        person = ox.NamedNode(f"{EX}person/{i:02d}")
        quads.append(ox.Quad(person, typ, ox.NamedNode(f"{EX}Person"), ox.NamedNode(PEOPLE)))
        quads.append(ox.Quad(person, name, ODD_LITERALS[i % len(ODD_LITERALS)], ox.NamedNode(PEOPLE)))
    quads.append(ox.Quad(ox.BlankNode("b1"), name, ox.Literal("in the default graph"), ox.DefaultGraph()))
    store.extend(quads)


@pytest.fixture(scope="module")
def primary(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    store = ox.Store(str(tmp_path_factory.mktemp("primary") / "store"))
    fill(store)
    store.flush()
    return store


@pytest.fixture(scope="module")
def executor(primary: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[QueryExecutor]:
    with QueryExecutor(primary, snapshot_root=tmp_path_factory.mktemp("snapshots"), workers=2) as shared:
        yield shared


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Callable[..., QueryExecutor]]:
    """Executors over a store of their own (for tests that write, kill or close)."""
    made: list[QueryExecutor] = []
    store = ox.Store(str(tmp_path / "store"))
    fill(store)

    def make(**options: Any) -> QueryExecutor:
        options.setdefault("snapshot_root", tmp_path / "snapshots")
        made.append(QueryExecutor(store, **options))
        return made[-1]

    make.store = store  # type: ignore[attr-defined]
    yield make
    for executor in made:
        executor.close()


async def fetch(
    executor: QueryExecutor, query: str, result_format: str, **options: Any
) -> tuple[QueryOutcome, bytes]:
    outcome = await executor.run(query, result_format=result_format, **options)
    return outcome, await outcome.chunks.read()


def count(executor: QueryExecutor, query: str, **options: Any) -> int:
    _, body = run(fetch(executor, query, "application/sparql-results+json", **options))
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# ------------------------------------------------------------------------------------ formats

PEOPLE_QUERY = f"SELECT ?person ?name ?none WHERE {{ ?person <{EX}name> ?name }} ORDER BY ?person"


@pytest.mark.parametrize("media_type", list(RESULT_TYPES))
def test_select_output_is_what_pyoxigraph_writes(
    executor: QueryExecutor, primary: ox.Store, media_type: str
) -> None:
    outcome, body = run(fetch(executor, PEOPLE_QUERY, media_type))
    own = OX_RESULTS[RESULT_TYPES[media_type]]
    solutions = cast(ox.QuerySolutions, primary.query(PEOPLE_QUERY, use_default_graph_as_union=True))
    expected = solutions.serialize(format=own)
    assert body == expected
    assert (outcome.kind, outcome.rows, outcome.truncated) == ("select", 51, False)
    parsed = Result.parse(io.BytesIO(body), format=RESULT_TYPES[media_type])
    assert len(parsed) == 51
    assert [str(v) for v in parsed.vars or []] == ["person", "name", "none"]


@pytest.mark.parametrize("media_type", media_types_for("ask"))
def test_ask(executor: QueryExecutor, media_type: str) -> None:
    for query, expected in [(f"ASK {{ ?s a <{EX}Person> }}", False), (f"ASK {{ ?s <{EX}type> ?o }}", True)]:
        outcome, body = run(fetch(executor, query, media_type))
        assert outcome.kind == "ask"
        assert Result.parse(io.BytesIO(body), format=RESULT_TYPES[media_type]).askAnswer is expected


def test_ask_has_no_csv_or_tsv(executor: QueryExecutor) -> None:
    with pytest.raises(WrongFormatForQuery) as caught:
        run(executor.run("ASK { ?s ?p ?o }", result_format="text/csv"))
    assert caught.value.allowed == media_types_for("ask")


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_results_in_every_rdf_format(
    executor: QueryExecutor, primary: ox.Store, media_type: str, form: str
) -> None:
    where = f"WHERE {{ ?s <{EX}type> <{EX}Person> }}"
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s <{EX}type> <{EX}Person> ; ?p ?o }}"
    if form == "DESCRIBE":
        query = f"DESCRIBE ?s {where}"
    outcome, body = run(fetch(executor, query, media_type))
    assert (outcome.kind, outcome.rows, outcome.truncated) == ("graph", 100, False)
    expected = Graph().parse(
        data=ox.serialize(
            cast(ox.QueryTriples, primary.query(query, use_default_graph_as_union=True)),
            format=ox.RdfFormat.N_TRIPLES,
        ),
        format="nt",
    )
    if media_type in ("application/n-quads", "application/trig"):
        got = Graph()
        for s, p, o, _ in Dataset().parse(data=body, format=RDF_TYPES[media_type]).quads():
            got.add((s, p, o))
    else:
        got = Graph().parse(data=body, format=RDF_TYPES[media_type])
    assert to_isomorphic(got) == to_isomorphic(expected)


@pytest.mark.parametrize(
    ("query", "media_type"),
    [
        ("SELECT * { ?s ?p ?o }", "text/turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("SELECT * { ?s ?p ?o }", "text/html"),
    ],
)
def test_wrong_format_lists_the_allowed_ones(executor: QueryExecutor, query: str, media_type: str) -> None:
    with pytest.raises(WrongFormatForQuery) as caught:
        run(executor.run(query, result_format=media_type))
    kind = "select" if query.startswith("SELECT") else "graph"
    assert caught.value.allowed == media_types_for(kind)
    assert media_type in str(caught.value)


def test_media_type_parameters_are_ignored(executor: QueryExecutor) -> None:
    outcome, _ = run(fetch(executor, "ASK {}", "Application/SPARQL-Results+JSON; charset=utf-8"))
    assert outcome.media_type == "application/sparql-results+json"


def test_prefixes_need_no_declaration(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh(prefixes={"ex": EX})
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ex:type ex:Person }") == 50


# ------------------------------------------------------------------------------------ dataset


def test_default_graph_is_the_union_unless_graphs_are_given(executor: QueryExecutor) -> None:
    everything = 5 * PER_GRAPH + 100 + 1
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == everything
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graph=[GRAPHS[1]]) == PER_GRAPH
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graph=GRAPHS[:2]) == 2 * PER_GRAPH
    in_graphs = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    assert count(executor, in_graphs) == everything - 1
    assert count(executor, in_graphs, named_graphs=[PEOPLE]) == 100
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", named_graphs=[PEOPLE]) == 0


def test_invalid_graph_name(executor: QueryExecutor) -> None:
    with pytest.raises(InvalidQuery, match="not a valid IRI"):
        run(executor.run("ASK {}", result_format="application/json", default_graph=["not an iri"]))


# ----------------------------------------------------------------------------------- snapshots


def test_reads_its_own_writes_and_writes_share_one_snapshot(fresh: Callable[..., QueryExecutor]) -> None:
    executor = fresh()
    store: ox.Store = fresh.store  # type: ignore[attr-defined]
    query = f"SELECT (COUNT(*) AS ?n) {{ ?s <{EX}new> ?o }}"
    version = executor.snapshot_version
    assert count(executor, query) == 0
    store.add(ox.Quad(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}new"), ox.Literal("0")))
    executor.invalidate()
    assert count(executor, query) == 1
    assert executor.snapshot_version == version + 1
    for i in range(1, 21):
        store.add(ox.Quad(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}new"), ox.Literal(str(i))))
        executor.invalidate()

    async def many() -> list[bytes]:
        outcomes = await asyncio.gather(*(fetch(executor, query, "application/json") for _ in range(6)))
        return [body for _, body in outcomes]

    assert {json.loads(body)["results"]["bindings"][0]["n"]["value"] for body in run(many())} == {"21"}
    assert executor.snapshot_version == version + 2
    assert count(executor, query) == 21
    assert executor.snapshot_version == version + 2


def test_old_snapshots_are_deleted(fresh: Callable[..., QueryExecutor], tmp_path: Path) -> None:
    executor = fresh(workers=2)
    store: ox.Store = fresh.store  # type: ignore[attr-defined]
    for i in range(6):
        store.add(ox.Quad(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}new"), ox.Literal(str(i))))
        executor.invalidate()
        for _ in range(2):  # each worker takes a query in turn
            assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") > 0
    (own,) = (tmp_path / "snapshots").iterdir()
    assert [path.name for path in own.iterdir()] == [f"v{executor.snapshot_version}"]


def test_in_memory_primary_is_copied(tmp_path: Path) -> None:
    store = ox.Store()
    fill(store)
    with QueryExecutor(store, snapshot_root=tmp_path, workers=1) as executor:
        assert count(executor, f"SELECT (COUNT(*) AS ?n) {{ ?s <{EX}type> ?o }}") == 50
        store.add(ox.Quad(ox.NamedNode(f"{EX}x"), ox.NamedNode(f"{EX}type"), ox.NamedNode(f"{EX}Person")))
        executor.invalidate()
        assert count(executor, f"SELECT (COUNT(*) AS ?n) {{ ?s <{EX}type> ?o }}") == 51


def test_snapshots_left_by_dead_processes_are_removed(primary: ox.Store, tmp_path: Path) -> None:
    orphan = tmp_path / "euus-query-999999999-abc"  # above any pid_max: that process cannot run
    (orphan / "v1").mkdir(parents=True)
    unrelated = tmp_path / "2024-data"
    unrelated.mkdir()
    with QueryExecutor(primary, snapshot_root=tmp_path, workers=1):
        assert not orphan.exists()
        assert unrelated.exists()


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
    """Process ids of every process below this one (workers, forkserver, resource tracker)."""
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


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b"multiprocessing (gone)"


def gone(pid: int, within: float = 1.0) -> bool:
    """The process has exited and was reaped (or is a zombie about to be)."""
    stop = time.monotonic() + within
    while time.monotonic() < stop:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


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
    executor = fresh(workers=3)
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s a ?o }") == 0
    pids = executor.worker_pids
    executor.close()
    assert list((tmp_path / "snapshots").iterdir()) == []
    assert all(gone(pid) for pid in pids)
    # only the forkserver and the resource tracker stay: they belong to multiprocessing, not to us
    assert {pid for pid in descendants() if b"multiprocessing" not in cmdline(pid)} == set()
    with pytest.raises(StoreUnavailable):
        run(executor.run("ASK {}", result_format="application/json"))


def test_blank_node_graph_names(executor: QueryExecutor) -> None:
    assert count(executor, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graph=["_:nothing"]) == 0
