"""SPARQL Update through the guard: the same effect as the store itself, the protocol's dataset, refusals."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from guard_helpers import (
    ID,
    PREFIXES,
    SEED_GRAPH,
    SEED_MEETING,
    ask,
    dump,
)
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SKOS

from graph.errors import Forbidden, InvalidInput, InvalidQuery
from graph.namespaces import EUUS
from graph.store import Quad, Store, open_store
from graph.store.embedded import EmbeddedStore
from graph.store.terms import ToRdflib, graph_node, to_ox_term
from graph.write import delta as update_delta_module
from graph.write.delta import update_delta
from graph.write.guard import WriteGuard

# ---------------------------------------------------------------------- update semantics


def test_rename_title_and_a_second_operation_sees_the_first(guard: WriteGuard) -> None:
    """The second operation reads the title the first one wrote (SPARQL 1.1 Update §3).

    The WHERE clauses name the graphs: in an update the default graph is the store's real
    default graph (empty here), not the union that queries see.
    """
    text = f"""{PREFIXES}
    DELETE {{ GRAPH ?g {{ <{SEED_MEETING}> dct:title ?old }} }}
    INSERT {{ GRAPH ?g {{ <{SEED_MEETING}> dct:title "Renamed meeting"@en }} }}
    WHERE {{ GRAPH ?g {{ <{SEED_MEETING}> dct:title ?old }} }} ;
    INSERT {{ GRAPH <{SEED_GRAPH}> {{ <{SEED_MEETING}> dct:alternative ?now }} }}
    WHERE {{ GRAPH ?any {{ <{SEED_MEETING}> dct:title ?now }} }}"""
    result = guard.update(text)
    assert (result.added, result.removed) == (2, 1)
    assert ask(guard.store, f'ASK {{ <{SEED_MEETING}> dct:alternative "Renamed meeting"@en }}')
    assert not ask(guard.store, f'ASK {{ <{SEED_MEETING}> dct:title ?t FILTER(?t != "Renamed meeting"@en) }}')


def test_net_delta_cancels_an_insert_then_delete_and_skips_existing_quads(store: Store) -> None:
    triple = f'<{ID}org/europol> <{SKOS.altLabel}> "x"'
    existing = f"<{SEED_MEETING}> a <{EUUS.Meeting}>"
    text = f"INSERT DATA {{ {triple} }} ; DELETE DATA {{ {triple} }} ;"
    text += f" INSERT DATA {{ GRAPH <{SEED_GRAPH}> {{ {existing} }} }}"
    delta = update_delta(store, text)
    assert delta.is_empty


# Update texts whose effect the guard must reproduce exactly as the store itself does.
SEMANTICS = [
    "INSERT DATA { ex:n ex:p 5 }",
    "INSERT DATA { GRAPH ex:g3 { ex:n ex:p 5 } } ; DELETE DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "DELETE DATA { GRAPH ex:g1 { ex:a ex:p 1 } } ; INSERT DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "DELETE WHERE { GRAPH ex:g1 { ?s ex:p ?o } }",
    "DELETE { GRAPH ?g { ?s ex:p ?o } } INSERT { GRAPH ?g { ?s ex:p2 ?o } }\n"
    "WHERE { GRAPH ?g { ?s ex:p ?o } }",
    "WITH ex:g1 DELETE { ?s ex:p ?o } INSERT { ?s ex:p3 ?o } WHERE { ?s ex:p ?o }",
    "INSERT { ?s ex:copy ?o } WHERE { ?s ex:p ?o }",
    "INSERT { ?s ex:copy ?o } USING ex:g1 WHERE { ?s ex:p ?o }",
    "INSERT { ?s ex:copy ?o } USING NAMED ex:g1 WHERE { GRAPH ?g { ?s ex:p ?o } }",
    "INSERT { ?s ex:copy ?o } USING NAMED ex:g1 WHERE { ?s ex:p ?o }",
    "INSERT { GRAPH ex:g5 { ?s ex:copy ?o } } USING ex:g1 USING ex:g2 WHERE { ?s ex:p ?o }",
    "INSERT { GRAPH ?g { ex:x ex:y 2 } } WHERE { OPTIONAL { ex:none ex:none ?g } }",
    "INSERT { ?s ex:n ?n } WHERE { GRAPH ex:g1 { ?s ex:p ?o } BIND(?o + 1 AS ?n) }",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o FILTER(?o = 1) } }",
    "DELETE { GRAPH ex:g2 { ?s ?p ?o } } WHERE { GRAPH ex:g1 { ?s ?p ?o } }",
    "INSERT { GRAPH ex:g4 { ?s ex:sub ?g } }\n"
    'WHERE { { GRAPH ?g { ?s ex:p ?o } } UNION { ?s ex:p ?o BIND("d" AS ?g) } }',
    "CLEAR ALL",
    "DROP ALL",
    "CLEAR NAMED",
    "DROP NAMED",
    "DROP DEFAULT",
    "CLEAR GRAPH ex:g1",
    "DROP GRAPH ex:g1",
    "DROP SILENT GRAPH ex:missing",
    "CREATE GRAPH ex:new",
    "CREATE SILENT GRAPH ex:g1",
    "ADD ex:g1 TO ex:g2",
    "COPY ex:g1 TO ex:g2",
    "MOVE ex:g1 TO ex:g2",
    "MOVE ex:g1 TO ex:new",
    "COPY ex:missing TO ex:g2",
    "ADD ex:missing TO ex:g2",
    "COPY DEFAULT TO ex:g1",
    "MOVE ex:g2 TO DEFAULT",
    "DROP GRAPH ex:g1 ; INSERT DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "CLEAR GRAPH ex:g1 ; INSERT DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "DROP GRAPH ex:g1 ; CREATE GRAPH ex:g1",
    "CREATE GRAPH ex:e ; DROP GRAPH ex:e",
    "INSERT DATA { GRAPH ex:e { } }",
    "CLEAR GRAPH ex:g1 ; DELETE DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    'INSERT DATA { GRAPH ex:g1 { ex:a ex:p "01"^^<http://www.w3.org/2001/XMLSchema#integer> } }',
    'INSERT DATA { ex:a ex:p "caf\\u00e9" } ; DELETE DATA { GRAPH ex:g1 { ex:b ex:p 2 } }',
]
SEMANTICS_SETUP = """PREFIX ex: <http://example.org/>
INSERT DATA { ex:d1 ex:p "default" .
  GRAPH ex:g1 { ex:a ex:p 1 . ex:a ex:q "x" . ex:b ex:p 2 . }
  GRAPH ex:g2 { ex:a ex:p 1 . ex:c ex:p 3 . } }"""


class PatternStore(EmbeddedStore):
    """The embedded store with the ``quads_for_pattern`` that graph.store.reader uses when present.

    A sketch of the method proposed for the Store protocol: rdflib terms in and out, ``graph``
    one graph (``None``: the default graph), blank node labels kept.
    """

    def quads_for_pattern(self, s: object, p: object, o: object, graph: str | None) -> Iterator[Quad]:
        convert = ToRdflib()
        subject, predicate, obj = (None if t is None else to_ox_term(t) for t in (s, p, o))
        for quad in self._db.quads_for_pattern(subject, predicate, obj, graph_node(graph)):
            yield convert(quad.subject), convert(quad.predicate), convert(quad.object), graph


def _scratch(kind: str = "sparql") -> Store:
    store: Store = PatternStore() if kind == "pattern" else open_store()
    store.update(SEMANTICS_SETUP)
    return store


@pytest.mark.parametrize("reads", ["sparql", "pattern"])
@pytest.mark.parametrize("operation", SEMANTICS)
def test_update_semantics_match_the_store(operation: str, reads: str) -> None:
    text = "PREFIX ex: <http://example.org/>\n" + operation
    guarded, direct = _scratch(reads), _scratch()
    WriteGuard(guarded).update(text, validate=False)
    direct.update(text)
    assert dump(guarded) == dump(direct)
    assert guarded.named_graphs() == direct.named_graphs()


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ("DROP GRAPH ex:missing", "does not exist"),
        ("CREATE GRAPH ex:g1", "already exists"),
        ("MOVE ex:missing TO ex:g2", "does not exist"),
    ],
)
def test_failing_operation_changes_nothing(operation: str, message: str) -> None:
    store = _scratch()
    before = dump(store)
    text = f"PREFIX ex: <http://example.org/>\nINSERT DATA {{ ex:new ex:p 1 }} ; {operation}"
    with pytest.raises(InvalidQuery, match=message):
        WriteGuard(store).update(text, validate=False)
    assert dump(store) == before


def test_clearing_a_missing_graph_succeeds() -> None:
    """Unlike oxigraph (W3C protocol test update_base_uri sends CLEAR GRAPH without SILENT)."""
    store = _scratch()
    before = dump(store)
    WriteGuard(store).update("CLEAR GRAPH <http://example.org/missing>", validate=False)
    assert dump(store) == before and not store.graph_exists("http://example.org/missing")


def test_undeclared_prefixes_do_not_unbind_declared_ones() -> None:
    """rdflib's initNs would rebind dct: over the text's dc: (same namespace) in later operations."""
    store = _scratch()
    text = """PREFIX dc: <http://purl.org/dc/terms/>
    CLEAR GRAPH <urn:x:none> ;
    INSERT { GRAPH <urn:x:out> { ?s a dc:BibliographicResource ; skos:note "x" } }
    WHERE { GRAPH ?g { ?s ?p 1 } }"""
    result = WriteGuard(store).update(
        text, prefixes={"dct": "http://purl.org/dc/terms/", "skos": str(SKOS)}, validate=False
    )
    assert result.added == 2  # ex:a a dc:BibliographicResource ; skos:note "x"


def test_blank_nodes_in_templates_are_fresh_per_solution() -> None:
    store = _scratch()
    text = "PREFIX ex: <http://example.org/> INSERT { GRAPH ex:h { _:n ex:of ?s . ?s ex:has _:n } }"
    text += " WHERE { GRAPH ex:g1 { ?s ex:p ?o } }"
    WriteGuard(store).update(text, validate=False)
    graph = store.get_graph("http://example.org/h")
    nodes = set(graph.subjects(URIRef("http://example.org/of"), None))
    assert len(nodes) == 2 and all(isinstance(n, BNode) for n in nodes)
    for node in nodes:
        (subject,) = graph.objects(node, URIRef("http://example.org/of"))
        assert (subject, URIRef("http://example.org/has"), node) in graph


def test_blank_nodes_of_the_store_cannot_be_deleted_one_by_one() -> None:
    store = _scratch()
    graph = "http://example.org/b"
    store.update(
        f"PREFIX ex: <http://example.org/> INSERT DATA {{ GRAPH <{graph}> {{ _:x ex:p 1 . ex:y ex:p 2 }} }}"
    )
    before = dump(store)
    with pytest.raises(InvalidInput, match="blank nodes"):
        WriteGuard(store).update(f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p 1 }} }}", validate=False)
    with pytest.raises(InvalidInput, match="blank nodes"):  # would copy _:x as a new blank node
        WriteGuard(store).update(
            f"INSERT {{ ?s <urn:x:q> 3 }} WHERE {{ GRAPH <{graph}> {{ ?s ?p 1 }} }}", validate=False
        )
    assert dump(store) == before
    extra = (URIRef("http://example.org/z"), URIRef("http://example.org/p"), Literal(3))
    assert WriteGuard(store).post_graph(graph, [extra], validate=False).added == 1  # quad by quad
    assert len(dump(store)) == len(before) + 1 and before <= dump(store)
    WriteGuard(store).update(f"CLEAR GRAPH <{graph}>", validate=False)  # a whole graph can be emptied
    assert store.graph_exists(graph) and store.graph_size(graph) == 0
    WriteGuard(store).update(f"DROP GRAPH <{graph}>", validate=False)  # or go
    assert not store.graph_exists(graph)


# -------------------------------------------------------------------- refusals and errors


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <urn:g>", "LOAD"),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        (
            "INSERT { ?s ?p ?o } WHERE { OPTIONAL { SERVICE SILENT <http://10.0.0.1/> { ?s ?p ?o } } }",
            "SERVICE",
        ),
    ],
)
def test_load_and_service_are_refused(store: Store, text: str, keyword: str) -> None:
    before = dump(store)
    with pytest.raises(Forbidden, match=f"{keyword}.*SSRF"):
        WriteGuard(store).update(text, validate=False)
    assert dump(store) == before


def test_service_is_refused_by_the_algebra_check_too(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(update_delta_module, "refuse_outbound", lambda text: None)
    with pytest.raises(Forbidden, match="SERVICE"):
        update_delta(store, "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(Forbidden, match="LOAD"):
        update_delta(store, "LOAD <http://127.0.0.1:9/x>")


def test_syntax_error_gives_line_and_column(store: Store) -> None:
    with pytest.raises(InvalidQuery) as error:
        WriteGuard(store).update("INSERT DATA {\n  <urn:a> <urn:b> \n}")
    assert (error.value.line, error.value.column) == (3, 1)


def test_relative_iris_resolve_against_base_iri() -> None:  # W3C protocol #19
    store = _scratch()
    base = "http://example.org/base/"
    WriteGuard(store).update("INSERT DATA { GRAPH <g> { <s> <p> <test> } }", base_iri=base, validate=False)
    WriteGuard(store).update(
        "INSERT { GRAPH <h> { <s> <p> ?o } } WHERE { BIND(<t> AS ?o) }", base_iri=base, validate=False
    )
    assert {base + "g", base + "h"} <= set(store.named_graphs())
    assert ask(store, f"ASK {{ GRAPH <{base}h> {{ <{base}s> <{base}p> <{base}t> }} }}")


def test_nothing_is_fetched_for_using_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib loads USING graphs over HTTP when SPARQL_LOAD_GRAPHS is on; the guard never asks it to."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a URL was opened")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    store = _scratch()
    text = (
        "INSERT { GRAPH <urn:x:out> { ?s ?p ?o } } USING <http://127.0.0.1:9/remote.ttl> WHERE { ?s ?p ?o }"
    )
    assert WriteGuard(store).update(text, validate=False).added == 0


# ----------------------------------------------------- protocol dataset (W3C protocol tests)

K = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOC = "<http://xmlns.com/foaf/0.1/Document>"
DC = "PREFIX dc: <http://purl.org/dc/terms/>\n"
TARGET = "<http://example.org/protocol-update-dataset-test/>"


def _load_kasei(store: Store, *names: str) -> None:
    for name in names:
        store.update(f"INSERT DATA {{ GRAPH <{K}{name}> {{ <{K}{name}> a {FOAF_DOC} }} }}")


def test_protocol_using_graph_uri_is_the_where_default_graph() -> None:  # W3C #13
    store = open_store()
    text = f"""{DC}CLEAR ALL ; INSERT DATA {{ GRAPH <{K}data1.rdf> {{ <{K}data1.rdf> a {FOAF_DOC} }} }} ;
    INSERT {{ GRAPH {TARGET} {{ ?s a dc:BibliographicResource }} }} WHERE {{ ?s a {FOAF_DOC} }}"""
    WriteGuard(store).update(text, using_graphs=[K + "data1.rdf"], validate=False)
    assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> a dct:BibliographicResource }} }}")


def test_protocol_two_using_graphs_are_merged() -> None:  # W3C #14
    store = open_store()
    _load_kasei(store, "data1.rdf", "data2.rdf")
    text = f"{DC}INSERT {{ GRAPH {TARGET} {{ ?s a dc:BibliographicResource }} }} WHERE {{ ?s a {FOAF_DOC} }}"
    WriteGuard(store).update(text, using_graphs=[K + "data1.rdf", K + "data2.rdf"], validate=False)
    for name in ("data1.rdf", "data2.rdf"):
        assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}{name}> a dct:BibliographicResource }} }}")


def test_protocol_using_named_graph_uri_gives_the_named_graphs() -> None:  # W3C #15
    store = open_store()
    _load_kasei(store, "data1.rdf", "data2.rdf", "data3.rdf")
    text = f"{DC}INSERT {{ GRAPH {TARGET} {{ ?s a dc:BibliographicResource }} }}"
    text += f" WHERE {{ GRAPH ?g {{ ?s a {FOAF_DOC} }} }}"
    WriteGuard(store).update(text, using_named_graphs=[K + "data1.rdf", K + "data2.rdf"], validate=False)
    assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> a dct:BibliographicResource }} }}")
    assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data2.rdf> a dct:BibliographicResource }} }}")
    assert not ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data3.rdf> ?p ?o }} }}")


def test_protocol_full_dataset() -> None:  # W3C #16
    store = open_store()
    _load_kasei(store, "data1.rdf", "data2.rdf")
    text = f"""{DC}INSERT {{ GRAPH {TARGET} {{ ?s dc:source ?from }} }} WHERE {{
        {{ GRAPH ?g {{ ?s a {FOAF_DOC} }} BIND("named" AS ?from) }}
        UNION {{ ?s a {FOAF_DOC} BIND("default" AS ?from) }} }}"""
    WriteGuard(store).update(
        text, using_graphs=[K + "data1.rdf"], using_named_graphs=[K + "data2.rdf"], validate=False
    )
    assert ask(
        store,
        f'ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> dct:source "default" .'
        f' <{K}data2.rdf> dct:source "named" }} }}',
    )
    assert not ask(store, f'ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> dct:source "named" }} }}')
    assert not ask(store, f'ASK {{ GRAPH {TARGET} {{ <{K}data2.rdf> dct:source "default" }} }}')


@pytest.mark.parametrize(
    "text",
    [
        "WITH <http://example/people> INSERT { ?s a <urn:x> } WHERE { ?s ?p ?o }",
        "INSERT { ?s a <urn:x> } USING <http://example/people> WHERE { ?s ?p ?o }",
        "INSERT { ?s a <urn:x> } USING NAMED <http://example/people> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_protocol_dataset_conflict(text: str) -> None:  # W3C #34 bad_update_dataset_conflict
    store = open_store()
    with pytest.raises(InvalidQuery, match="dataset conflict"):
        WriteGuard(store).update(text, using_named_graphs=["http://example/people"], validate=False)
