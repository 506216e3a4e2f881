"""Reading a store, on every backend: loading and counting, the query dataset, results in rdflib terms."""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.query import Result
from store_backends import (
    EX,
    G1,
    G2,
    QUADS_IN_TRIG,
    TRIG,
    XSD_INTEGER,
    euus_threads,
    select,
    subjects,
)

from graph.errors import (
    InvalidInput,
    NotAcceptable,
    NotFound,
)
from graph.store import (
    AskResult,
    GraphResult,
    SelectResult,
    Store,
)

# ---------------------------------------------------------------------------- loading, counting


def test_load_trig_with_two_named_graphs(loaded: Store) -> None:
    assert loaded.quad_count() == QUADS_IN_TRIG
    assert loaded.named_graphs() == [G1, G2]
    assert loaded.graph_size(G1) == 5
    assert loaded.graph_size(G2) == 4
    assert loaded.graph_size(None) == 1
    assert loaded.graph_size(EX + "graph/none") == 0


def test_backend_and_location(store: Store) -> None:
    assert store.backend in {"embedded", "remote"}
    assert store.location
    assert isinstance(store, Store)


def test_bulk_load_from_path_reports_progress(store: Store, tmp_path: Path) -> None:
    triples = 40_000  # about 2.7 MB: several progress reports
    path = tmp_path / "big.nt"
    path.write_text(
        "".join(f'<{EX}s{i}> <{EX}p> "value number {i}" .\n' for i in range(triples)),
        encoding="utf-8",
    )
    seen: list[int] = []
    added = store.load(path=str(path), graph=G1, progress=seen.append)
    assert added == triples
    assert store.graph_size(G1) == triples
    assert seen == sorted(seen)
    assert seen[-1] == path.stat().st_size
    assert len(seen) >= 2


def test_load_rejects_bad_rdf_with_position(store: Store) -> None:
    with pytest.raises(InvalidInput) as caught:
        store.load(data=b'@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n', format="ttl")
    assert caught.value.format == "Turtle"
    assert caught.value.line is not None and caught.value.line >= 2
    assert caught.value.column is not None


def test_atomic_load_of_bad_data_changes_nothing(loaded: Store) -> None:
    lines = "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(5000))
    with pytest.raises(InvalidInput) as caught:
        loaded.load(data=f"{lines}<{EX}x> <{EX}p> .\n".encode(), format="nt", atomic=True)
    assert caught.value.line == 5001
    assert "line" not in caught.value.message, "the position is said once"
    assert loaded.quad_count() == QUADS_IN_TRIG


def test_load_refuses_graph_for_dataset_formats(store: Store) -> None:
    with pytest.raises(InvalidInput, match="TriG"):
        store.load(data=TRIG, format="trig", graph=G1)


# ---------------------------------------------------------------------------- query dataset


def test_union_default_graph_sees_every_graph(loaded: Store) -> None:
    found = subjects(loaded, "SELECT ?s WHERE { ?s rdfs:label ?label FILTER(isIRI(?s)) }")
    assert found == {EX + "root", EX + "a", EX + "c"}


def test_without_union_the_default_graph_is_its_own(loaded: Store) -> None:
    found = subjects(loaded, "SELECT ?s WHERE { ?s ?p ?o }", union_default_graph=False)
    assert found == {EX + "root"}


def test_default_graph_selection_merges_the_chosen_graphs(loaded: Store) -> None:
    found = subjects(loaded, "SELECT ?s WHERE { ?s a ex:Thing }", default_graph=[G1])
    assert found == {EX + "a", EX + "b"}
    both = loaded.query(
        "ASK { ex:a a ?type . ex:c a ?type }", default_graph=[G1, G2]
    )  # SPARQL Protocol test query_dataset_default_graphs
    assert both == AskResult(True)


def test_named_graph_selection(loaded: Store) -> None:
    rows = select(loaded, "SELECT ?g ?s WHERE { GRAPH ?g { ?s a ex:Thing } }", named_graphs=[G2])
    assert {(str(r["g"]), str(r["s"])) for r in rows} == {(G2, EX + "c")}
    # with only named graphs given, the default graph is empty (SPARQL 1.1 Query, 13.2)
    assert subjects(loaded, "SELECT ?s WHERE { ?s ?p ?o }", named_graphs=[G2]) == set()
    # with only a default graph given, there are no named graphs
    assert select(loaded, "SELECT ?g WHERE { GRAPH ?g { } }", default_graph=[G1]) == []


def test_unknown_graph_is_empty_not_an_error(loaded: Store) -> None:
    unknown = EX + "graph/data0"
    assert loaded.query("ASK {}", default_graph=[unknown]) == AskResult(True)
    assert select(loaded, "SELECT * WHERE { ?s ?p ?o }", default_graph=[unknown]) == []
    assert select(loaded, "SELECT * WHERE { ?s ?p ?o }", default_graph=[], named_graphs=[]) == []


# ---------------------------------------------------------------------------- results as rdflib


def test_select_rows_hold_rdflib_terms(loaded: Store) -> None:
    result = loaded.query(
        "SELECT ?s ?label ?size ?missing WHERE { GRAPH ?g { ?s rdfs:label ?label } "
        "OPTIONAL { ?s ex:size ?size } }"
    )
    assert isinstance(result, SelectResult)
    assert result.variables == ["s", "label", "size", "missing"]
    rows = list(result.rows)
    assert len(rows) == 3
    by_subject = {row["s"]: row for row in rows}
    assert by_subject[URIRef(EX + "a")] == {
        "s": URIRef(EX + "a"),
        "label": Literal("A", lang="en"),
        "size": Literal("1", datatype=XSD_INTEGER),  # oxigraph keeps values: "01" is "1"
        "missing": None,
    }
    anonymous = [row for row in rows if row["label"] == Literal("anonymous")]
    assert len(anonymous) == 1 and isinstance(anonymous[0]["s"], BNode)


def test_ask(loaded: Store) -> None:
    assert loaded.query("ASK { ex:a a ex:Thing }") == AskResult(True)
    assert loaded.query("ASK { ex:a a ex:Nothing }") == AskResult(False)


def test_construct_gives_rdflib_triples(loaded: Store) -> None:
    result = loaded.query("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s skos:prefLabel ?l }")
    assert isinstance(result, GraphResult)
    expected = Graph()
    expected.add((URIRef(EX + "b"), RDFS.label, Literal("B")))
    assert isomorphic(result.graph(), expected)


def test_describe_gives_triples_about_the_resource(loaded: Store) -> None:
    result = loaded.query("DESCRIBE ex:b")
    assert isinstance(result, GraphResult)
    described = result.graph()
    assert (URIRef(EX + "b"), RDF.type, URIRef(EX + "Thing")) in described
    assert set(described.subjects()) == {URIRef(EX + "b")}


def test_results_can_be_read_from_other_threads(loaded: Store) -> None:
    """pyoxigraph iterators abort the process if touched off their thread; ours must not."""
    result = loaded.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")  # 1000 rows
    assert isinstance(result, SelectResult)
    with ThreadPoolExecutor(max_workers=3) as pool:
        rows = [pool.submit(next, result.rows, None).result() for _ in range(1001)]
    assert rows[-1] is None and all(rows[:-1])
    serialized = loaded.query_serialized("SELECT * WHERE { ?s ?p ?o }", result_format="json")
    with ThreadPoolExecutor(max_workers=2) as pool:
        body = pool.submit(serialized.read).result()
    assert len(Result.parse(io.BytesIO(body), format="json")) == QUADS_IN_TRIG


def test_closing_a_result_early_stops_its_producer(loaded: Store) -> None:
    # other tests' stores may still hold idle threads: count what this test adds
    before = euus_threads()
    for _ in range(20):
        result = loaded.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
        assert isinstance(result, SelectResult)
        next(result.rows)
        result.close()
    assert loaded.query("ASK { ex:a ?p ?o }") == AskResult(True)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        added = euus_threads() - before
        if added <= 8:  # idle workers kept for reuse
            break
        time.sleep(0.05)
    assert added <= 8, f"{added} producer threads still alive after their results were closed"


# ---------------------------------------------------------------------------- serialized results


def test_query_serialized_json_parses_with_rdflib(loaded: Store) -> None:
    sparql = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label"
    serialized = loaded.query_serialized(sparql, result_format="application/sparql-results+json")
    assert serialized.media_type.startswith("application/sparql-results+json")
    assert serialized.kind == "select"
    parsed = Result.parse(io.BytesIO(serialized.read()), format="json")
    assert [v.toPython() for v in parsed.vars or []] == ["?s", "?label"]
    expected = [(row["s"], row["label"]) for row in select(loaded, sparql)]
    assert [(b[Variable("s")], b[Variable("label")]) for b in parsed.bindings] == expected


def test_query_serialized_negotiates_from_an_accept_header(loaded: Store) -> None:
    ask = loaded.query_serialized("ASK { ex:a ?p ?o }", result_format="text/csv;q=0.5, */*;q=0.1")
    assert ask.kind == "ask" and ask.media_type.startswith("text/csv")
    assert ask.read().strip() == b"true"
    graph = loaded.query_serialized(
        "CONSTRUCT WHERE { ?s skos:prefLabel ?l }",
        result_format="application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1",
    )
    assert graph.kind == "graph" and graph.media_type.startswith("text/turtle")
    parsed = Graph().parse(data=graph.read(), format="turtle")
    assert (URIRef(EX + "b"), SKOS.prefLabel, Literal("B")) in parsed
    with pytest.raises(NotAcceptable):
        loaded.query_serialized("SELECT * WHERE { ?s ?p ?o }", result_format="text/turtle")


@pytest.mark.filterwarnings("ignore:Dataset.default_context:DeprecationWarning")  # rdflib's own
def test_dump_and_get_graph(loaded: Store) -> None:
    dataset = Dataset()
    dataset.parse(data=loaded.dump("nquads").read(), format="nquads")
    assert len(list(dataset.quads((None, None, None, None)))) == QUADS_IN_TRIG
    assert (URIRef(EX + "b"), SKOS.prefLabel, Literal("B"), URIRef(G1)) in dataset
    one = loaded.get_graph(G1)
    assert len(one) == 5 and (URIRef(EX + "b"), SKOS.prefLabel, Literal("B")) in one
    turtle = loaded.get_graph_serialized(G1, format="ttl")
    assert isomorphic(Graph().parse(data=turtle.read(), format="turtle"), one)
    with pytest.raises(NotFound):
        loaded.get_graph(EX + "graph/none")
    with pytest.raises(NotFound):
        loaded.get_graph_serialized(EX + "graph/none", format="nt")
    with pytest.raises(NotAcceptable):
        loaded.dump("turtle")
