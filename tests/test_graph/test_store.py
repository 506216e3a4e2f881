"""The store layer, run against every backend: embedded in memory, embedded on disk, and a real
``oxigraph serve`` process over HTTP (remote)."""

from __future__ import annotations

import gc
import io
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.query import Result

from graph.errors import (
    Forbidden,
    InvalidInput,
    InvalidQuery,
    NotAcceptable,
    NotFound,
    StoreUnavailable,
)
from graph.namespaces import PREFIXES
from graph.sparql.scan import missing_prefix_declarations, query_form, refuse_outbound
from graph.store import (
    AskResult,
    GraphResult,
    Row,
    SelectResult,
    Store,
    negotiate_format,
    open_store,
)

EX = "http://example.org/"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
G1 = EX + "graph/one"
G2 = EX + "graph/two"
TRIG = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <{RDFS}> .
@prefix skos: <{SKOS}> .
ex:root rdfs:label "default graph" .
<{G1}> {{
    ex:a a ex:Thing ; rdfs:label "A"@en ; ex:size "01"^^<{XSD_INTEGER}> .
    ex:b a ex:Thing ; skos:prefLabel "B" .
}}
<{G2}> {{
    ex:c a ex:Thing ; rdfs:label "C"@fr ; ex:knows [ rdfs:label "anonymous" ] .
}}
""".encode()
QUADS_IN_TRIG = 10
#: Prefixes every query may use undeclared: the project's, plus ``ex:`` for these tests.
TEST_PREFIXES = {**PREFIXES, "ex": EX}


# ---------------------------------------------------------------------------- oxigraph server


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI installed next to this Python, else the one on ``PATH``."""
    return shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OxigraphServer:
    """One ``oxigraph serve`` process on a free loopback port."""

    def __init__(self, binary: str, location: Path, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready(log)

    def _wait_ready(self, log: Path, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {log.read_text(errors='replace')}")
            try:
                reply = httpx.get(f"{self.base}/query", params={"query": "ASK {}"}, timeout=1.0)
                if reply.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve not ready after {timeout} s on {self.base}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    directory = tmp_path_factory.mktemp("oxigraph")
    server = OxigraphServer(binary, directory / "db", directory / "server.log")
    yield server
    server.stop()


@pytest.fixture(params=["memory", "disk", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        opened = open_store(prefixes=TEST_PREFIXES)
    elif request.param == "disk":
        opened = open_store(path=str(tmp_path / "db"), prefixes=TEST_PREFIXES)
    else:
        server = request.getfixturevalue("oxigraph_server")
        opened = open_store(endpoint=f"{server.base}/query", prefixes=TEST_PREFIXES)
        opened.update("DROP ALL")  # the server is shared by the module's tests
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: Store) -> Store:
    assert store.load(data=TRIG, format="trig") == QUADS_IN_TRIG
    return store


def select(store: Store, sparql: str, **dataset: object) -> list[Row]:
    result = store.query(sparql, **dataset)  # type: ignore[arg-type]
    assert isinstance(result, SelectResult)
    return list(result.rows)


def subjects(store: Store, sparql: str, **dataset: object) -> set[str]:
    return {str(row["s"]) for row in select(store, sparql, **dataset)}


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


def euus_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("euus") and t.is_alive())


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


# ---------------------------------------------------------------------------- writes


def test_update_with_syntax_error_changes_nothing(loaded: Store) -> None:
    with pytest.raises(InvalidQuery):
        loaded.update(f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }} ; FOO")
    with pytest.raises(InvalidQuery, match="update failed"):  # fails while running: rolled back
        loaded.update(f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }} ; DROP GRAPH <{EX}graph/none>")
    assert loaded.quad_count() == QUADS_IN_TRIG
    assert loaded.query(f"ASK {{ <{EX}x> ?p ?o }}") == AskResult(False)


def test_update_uses_predeclared_prefixes(loaded: Store) -> None:
    loaded.update("INSERT DATA { GRAPH ex:graph-three { ex:d skos:prefLabel 'D' } }")
    assert loaded.query("ASK { GRAPH ?g { ex:d skos:prefLabel 'D' } }") == AskResult(True)
    assert EX + "graph-three" in loaded.named_graphs()


def test_apply_changes_commits_all_or_nothing(loaded: Store) -> None:
    a, size = URIRef(EX + "a"), URIRef(EX + "size")
    old = (a, size, Literal("01", datatype=XSD_INTEGER, normalize=False), URIRef(G1))
    new = (a, size, Literal(2), URIRef(G1))
    with pytest.raises(InvalidInput):  # the second part is invalid: nothing may change
        loaded.apply_changes(removed=[old], added=[new, (a, size, URIRef("not an iri"), G1)])
    assert loaded.query('ASK { ex:a ex:size "01"^^xsd:integer }') == AskResult(True)
    with pytest.raises(InvalidInput, match="blank nodes"):
        loaded.apply_changes(removed=[(BNode(), RDFS.label, Literal("x"), G1)])
    loaded.apply_changes(removed=[old], added=[new])
    assert loaded.query("ASK { GRAPH ?g { ex:a ex:size 2 } }") == AskResult(True)
    assert loaded.query('ASK { ex:a ex:size "01"^^xsd:integer }') == AskResult(False)
    assert loaded.quad_count() == QUADS_IN_TRIG


def test_add_quads(store: Store) -> None:
    label = Literal("added", lang="en")
    store.add_quads([(URIRef(EX + "x"), RDFS.label, label, G2), (URIRef(EX + "y"), RDFS.label, label, None)])
    assert store.named_graphs() == [G2]
    assert store.graph_size(None) == 1
    assert subjects(store, "SELECT ?s WHERE { ?s rdfs:label 'added'@en }") == {EX + "x", EX + "y"}
    with pytest.raises(InvalidInput):
        store.add_quads([(Literal("literal subject"), RDFS.label, label, None)])
    assert store.quad_count() == 2


def test_replace_delete_and_exists(loaded: Store) -> None:
    assert loaded.graph_exists(G1) and loaded.graph_exists(None)
    loaded.replace_graph(G1, data=b"@prefix ex: <http://example.org/> . ex:z ex:p 1 .")
    assert loaded.graph_size(G1) == 1
    assert loaded.query("ASK { ex:a ?p ?o }") == AskResult(False)
    loaded.replace_graph(G1, triples=[(URIRef(EX + "z"), RDFS.label, Literal("Z"))])
    assert loaded.get_graph(G1).value(URIRef(EX + "z"), RDFS.label) == Literal("Z")
    with pytest.raises(InvalidInput) as caught:
        loaded.replace_graph(G1, data=f"<{EX}z> <{EX}p> .".encode(), format="nt")
    assert caught.value.line == 1
    assert loaded.graph_size(G1) == 1, "bad data changes nothing"
    loaded.replace_graph(EX + "graph/empty", triples=[])
    assert loaded.graph_exists(EX + "graph/empty")
    assert loaded.delete_graph(G1) is True
    assert loaded.delete_graph(G1) is False
    assert not loaded.graph_exists(G1)
    assert loaded.named_graphs() == [EX + "graph/empty", G2]


def test_default_graph_operations(loaded: Store) -> None:
    added = loaded.load(data=f"<{EX}n> <{EX}p> <{EX}o> .\n".encode(), format="nt")
    assert added == 1
    assert loaded.graph_size(None) == 2
    loaded.replace_graph(None, triples=[(URIRef(EX + "only"), RDFS.label, Literal("only"))])
    default = loaded.get_graph(None)
    assert set(default) == {(URIRef(EX + "only"), RDFS.label, Literal("only"))}
    assert loaded.delete_graph(None) is True
    assert loaded.graph_size(None) == 0
    assert loaded.graph_exists(None)
    assert loaded.named_graphs() == [G1, G2], "named graphs are untouched"


# ---------------------------------------------------------------------------- refusals, errors


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_evaluation_errors_reach_the_caller_without_leaking() -> None:
    """An error raised while producing rows is re-raised to the caller, and its traceback must
    not carry pyoxigraph iterators over to the caller's thread (pyoxigraph refuses to free them
    there)."""
    federated = open_store(allow_service=True)
    federated.update(f"INSERT DATA {{ <{EX}s> <{EX}p> <{EX}o> }}")
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(OSError):
        federated.query(f"SELECT * {{ ?s ?p ?o SERVICE <{closed}> {{ ?s ?p ?o }} }}")
    with pytest.raises(OSError):
        federated.query_serialized(f"SELECT * {{ ?s ?p ?o SERVICE <{closed}> {{ ?s ?p ?o }} }}")
    federated.close()
    gc.collect()


def test_service_and_load_are_refused(loaded: Store) -> None:
    with pytest.raises(Forbidden, match="SERVICE at line 2"):
        loaded.query("SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(Forbidden, match="LOAD"):
        loaded.update(f"LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <{G1}>")
    with pytest.raises(Forbidden):
        loaded.query_serialized("SELECT * { service <http://127.0.0.1:9/> { ?s ?p ?o } }")
    innocent = 'SELECT ?service WHERE { ?service rdfs:label "SERVICE LOAD" } # SERVICE'
    assert select(loaded, innocent) == []


def test_invalid_query_carries_its_position(store: Store) -> None:
    with pytest.raises(InvalidQuery) as caught:
        store.query("SELECT * WHERE {")
    assert (caught.value.line, caught.value.column) == (1, 17)
    with pytest.raises(InvalidQuery) as caught:
        store.query("SELECT ?x WHERE {\n  ?x skos:prefLabel ?y\n  FILTER( }")
    assert caught.value.line == 3, "positions refer to the caller's text, not to added prefixes"


def test_open_store_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not both"):
        open_store(path=str(tmp_path), endpoint="http://127.0.0.1:9/query")
    with pytest.raises(ValueError, match="update_endpoint"):
        open_store(endpoint="http://127.0.0.1:9/sparql")
    with pytest.raises(ValueError, match="need endpoint"):
        open_store(update_endpoint="http://127.0.0.1:9/update")


def test_unreachable_endpoint_is_unavailable() -> None:
    remote = open_store(endpoint=f"http://127.0.0.1:{free_port()}/query", timeout=2)
    with pytest.raises(StoreUnavailable, match="cannot reach"):
        remote.query("ASK {}")
    remote.close()


def test_closed_store_is_unavailable(store: Store) -> None:
    store.close()
    with pytest.raises(StoreUnavailable):
        store.query("ASK {}")
    with pytest.raises(StoreUnavailable):
        store.query("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreUnavailable):
        store.dump()


# ---------------------------------------------------------------------------- persistence


def test_disk_store_keeps_data_when_reopened(tmp_path: Path) -> None:
    location = str(tmp_path / "db")
    first = open_store(path=location)
    first.load(data=TRIG, format="trig")
    with pytest.raises(StoreUnavailable):  # RocksDB allows one writer per directory
        open_store(path=location)
    first.close()
    again = open_store(path=location)
    assert again.quad_count() == QUADS_IN_TRIG
    assert again.named_graphs() == [G1, G2]
    again.close()


def test_remote_store_keeps_data_across_server_restarts(tmp_path: Path) -> None:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph CLI is not installed")
    server = OxigraphServer(binary, tmp_path / "db", tmp_path / "server.log")
    try:
        remote = open_store(endpoint=f"{server.base}/query")
        remote.load(data=TRIG, format="trig")
        remote.close()
    finally:
        server.stop()
    server = OxigraphServer(binary, tmp_path / "db", tmp_path / "server.log")
    try:
        remote = open_store(endpoint=f"{server.base}/query")
        assert remote.quad_count() == QUADS_IN_TRIG
        remote.close()
    finally:
        server.stop()


# ---------------------------------------------------------------------------- SPARQL text checks


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * where { ?s ?p ?o .SERVICE SILENT <http://x/> { } }",
        "SELECT * WHERE { ?s ?p 'a' service <http://x/> { } }",
        "LOAD <http://x/data.ttl>",
        "load silent <http://x/> into graph <http://y/>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        # an escaped quote or hash in a local name opens no string or comment
        "SELECT * WHERE { ?s ex:it\\'s ?o SERVICE <http://x/> { ?s ?p 'x' } }",
        "SELECT * WHERE { ?s ex:a\\#b ?o SERVICE <http://x/> { ?s ?p ?o } }",
        # a number or a dot ends the token before the keyword
        "SELECT * WHERE { ?s ?p 1SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p 1e5SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ex:.SERVICE <http://x/> { ?s ?p ?o } }",
        "INSERT DATA { <urn:a> <urn:b> 1 } ;LOAD <http://x/>",
        # codepoint escapes (SPARQL 1.1 Query, 19.2)
        "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { \\U00000073ervice <http://x/> { ?s ?p ?o } }",
    ],
)
def test_outbound_keywords_are_found(text: str) -> None:
    with pytest.raises(Forbidden):
        refuse_outbound(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service ?load WHERE { ?service ex:load $load }",
        'SELECT * WHERE { ?s rdfs:label "SERVICE <x> { }" , """LOAD\n<y>""" , \'load\' }',
        "SELECT * WHERE { ?s <http://x/SERVICE#load> ?o } # SERVICE <http://x/>",
        "SELECT * WHERE { ?s service:p load:o ; ex:a.service ex:load.x ; ex:a1load ?v1service }",
        "SELECT * WHERE { ?s ex:a:service _:b.load ; load.x:y ?o }",
        'SELECT * WHERE { ?s ?p "x"@load }',
    ],
)
def test_outbound_keywords_in_names_strings_and_comments_are_ignored(text: str) -> None:
    refuse_outbound(text)


def test_outbound_check_agrees_with_oxigraph() -> None:
    """Differential check: whenever pyoxigraph would send a SERVICE request, we refuse first.

    pyoxigraph refuses port 1 before connecting, so an attempted request shows as that error.
    """
    data = ox.Store()
    data.update("INSERT DATA { <urn:a> <urn:b> 1 . <urn:a> <urn:c> 'x' }")
    pieces = ["1", "1e5", "?v", "ex:", "ex:a", "ex:a.", "_:b", "_:b.", "'x'", '"x"', "'x'@en-",
              "\\'", "\\#", "#c\n", ".", ";", "%20", "ex:a%20", "true", "a", "<urn:x>", " ",
              "\n", "-", '"""x"""', "\\u0053", "SERVICE"]  # fmt: skip
    chooser = random.Random(7)  # noqa: S311 - seeded, so the cases are the same every run
    attempted = 0
    for _ in range(1500):
        before = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 3)))
        after = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 2)))
        keyword = chooser.choice(["SERVICE", "service", "ERVICE"])
        query = (
            f"PREFIX ex: <urn:x#>\nSELECT * WHERE {{ ?s ?p ?o {before}{keyword}{after} "
            "<http://127.0.0.1:1/> { ?s ?p ?o } }"
        )
        try:
            list(cast(ox.QuerySolutions, data.query(query)))
        except SyntaxError:
            continue
        except OSError as error:
            assert "port 1" in str(error)
            attempted += 1
            with pytest.raises(Forbidden):
                refuse_outbound(query)
    assert attempted > 100


def test_outbound_can_be_allowed() -> None:
    refuse_outbound("SELECT * { SERVICE <http://x/> {} }", allow_service=True)
    with pytest.raises(Forbidden):
        refuse_outbound("LOAD <http://x/>", allow_service=True)


def test_text_checks_are_fast() -> None:
    query = (
        "PREFIX ex: <http://example.org/>\n"
        "SELECT ?meeting ?label ?service WHERE {\n"
        "  ?meeting a euus:Meeting ; rdfs:label ?label ; ex:service ?service .\n"
        '  FILTER(lang(?label) = "en" && CONTAINS(?label, "SERVICE load")) # SERVICE\n'
        "  OPTIONAL { ?meeting euus:host ?h . ?h skos:prefLabel ?hl }\n"
        "} ORDER BY ?label LIMIT 100\n"
    )
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        refuse_outbound(query)
        missing_prefix_declarations(query, PREFIXES)
    mean = (time.perf_counter() - started) / runs
    assert mean < 0.5e-3, f"{mean * 1e6:.0f} µs per query"


def test_query_form_and_prefixes() -> None:
    assert query_form("PREFIX select: <http://x/>\n# ASK\nDESCRIBE <http://x/>") == "describe"
    assert query_form('SELECT ("ASK" AS ?x) {}') == "select"
    assert query_form("INSERT DATA {}") is None
    declared = missing_prefix_declarations(
        "PREFIX skos: <urn:other#> SELECT * { ?s skos:a ?o ; rdfs:label 'x:y' ; <urn:z> _:b }",
        PREFIXES,
    )
    assert declared == f"PREFIX rdfs: <{RDFS}> "


def test_negotiate_format() -> None:
    assert negotiate_format(None, "select").media_type == "application/sparql-results+json"
    assert negotiate_format("*/*", "graph").media_type == "text/turtle"
    assert negotiate_format("text/*", "select").media_type.startswith("text/csv")
    assert negotiate_format("application/rdf+xml;q=0.2, application/n-triples", "graph").name == ("N-Triples")
    assert negotiate_format("nt", "graph").name == "N-Triples"
    with pytest.raises(NotAcceptable):
        negotiate_format("text/turtle;q=0", "graph")
