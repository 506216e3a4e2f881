"""The query executor's answers: formats, the query dataset, snapshots."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pyoxigraph as ox
import pytest
from executor_helpers import (
    EX,
    GRAPHS,
    OX_RESULTS,
    PEOPLE,
    PER_GRAPH,
    RDF_TYPES,
    RESULT_TYPES,
    count,
    fetch,
    fill,
    run,
)
from rdflib import Dataset, Graph
from rdflib.compare import to_isomorphic
from rdflib.query import Result

from graph.errors import InvalidQuery
from graph.query.executor import (
    QueryExecutor,
    WrongFormatForQuery,
    media_types_for,
)

#: rdflib's own parsers use its deprecated APIs (ConjunctiveGraph, default_context).
pytestmark = pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|default_context).*:DeprecationWarning")


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
