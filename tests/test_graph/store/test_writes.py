"""Writing a store, on every backend: transactions, refusals and errors, persistence."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS
from store_backends import (
    EX,
    G1,
    G2,
    QUADS_IN_TRIG,
    TRIG,
    XSD_INTEGER,
    OxigraphServer,
    free_port,
    oxigraph_binary,
    select,
    subjects,
)

from graph.errors import (
    Forbidden,
    InvalidInput,
    InvalidQuery,
    StoreUnavailable,
)
from graph.store import (
    AskResult,
    Store,
    open_store,
)

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
    with pytest.raises(ValueError, match="unknown SPARQL engine 'nosuch': use one of oxigraph, virtuoso"):
        open_store(endpoint="http://127.0.0.1:9/sparql", engine="nosuch")
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
