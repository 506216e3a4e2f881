"""What a guarded write reads for its validation: one store query for a new node, only readable triples."""

from __future__ import annotations

from typing import Any

from guard_helpers import ID, PREFIXES, meeting_turtle
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from graph.store import Store
from graph.validation.full import load_shapes
from graph.validation.incremental import ValidationContext, validate_delta
from graph.validation.scope import write_scope
from graph.validation.shape_reach import ShapeReach
from graph.write.delta import update_delta

SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


class CountingStore:
    """A real store whose queries are counted (the scope reads the store through ``query``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.queries: list[str] = []

    def query(self, text: str, **options: Any) -> Any:
        self.queries.append(text)
        return self.store.query(text, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_the_shapes_read_a_known_set_of_predicates() -> None:
    readable = ShapeReach.from_shapes(load_shapes()).readable
    assert readable is not None
    assert SKOS.prefLabel in readable  # sh:path of the label shapes
    assert RDF.type in readable
    assert URIRef("https://w3id.org/euus-kg/ontology#membership") in readable  # read by a SPARQL constraint
    assert SKOS.altLabel not in readable and SKOS.editorialNote not in readable


def test_any_predicate_is_readable_with_a_closed_shape_or_a_variable_predicate() -> None:
    closed = Graph().parse(data=SHAPES_HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .")
    assert ShapeReach.from_shapes(closed).readable is None
    variable = Graph().parse(
        data=SHAPES_HEAD
        + 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p 1 }" ] .'
    )
    assert ShapeReach.from_shapes(variable).readable is None
    plain = Graph().parse(
        data=SHAPES_HEAD
        + 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { $this ex:q ?v }" ] .'
    )
    readable = ShapeReach.from_shapes(plain).readable
    assert readable is not None and URIRef("https://example.org/q") in readable


def test_a_new_meeting_is_scoped_with_one_query_values_included(store: Store) -> None:
    insert = f"{PREFIXES}INSERT DATA {{ GRAPH <{ID}graph/2018-03-12-reads> {{ {meeting_turtle('reads')} }} }}"
    delta = update_delta(store, insert)
    context = ValidationContext()
    counting = CountingStore(store)
    scope = write_scope(counting, delta, context.reach, skip=context.model_terms)  # type: ignore[arg-type]
    assert len(counting.queries) == 1
    # the values the meeting points to were read with it: the participant's type, the presidency's dates
    org = URIRef(f"{ID}org/european-commission")
    assert any(s == org and p == RDF.type for s, p, _ in scope.triples)
    assert validate_delta(store, delta, context=context).conforms


def test_the_engine_gets_only_readable_triples_and_the_same_verdict(store: Store) -> None:
    context = ValidationContext()
    data = context.data(store)
    graph = context.graph(store)
    assert 0 < len(data) < len(graph)
    assert all(URIRef(quad.predicate.value) in (context.reach.readable or ()) for quad in data)
    broken = meeting_turtle("unreadable").replace(f"<{ID}topic/visas>", f"<{ID}side/eu>")
    insert = f"{PREFIXES}INSERT DATA {{ GRAPH <{ID}graph/2018-03-12-unreadable> {{ {broken} }} }}"
    report = validate_delta(store, update_delta(store, insert), context=context)
    assert not report.conforms  # a side is no topic: the concept's scheme is read, whatever is left out
    assert len(data) == len(context.data(store))  # the check's triples were taken out again


def test_edges_into_new_nodes_are_read_whole_and_into_reference_nodes_by_predicate(store: Store) -> None:
    """A new meeting's nodes are asked for all their incoming edges (a short query); an organisation of the
    reference data, which thousands of edges may point to, only for the predicates the shapes read."""
    insert = f"{PREFIXES}INSERT DATA {{ GRAPH <{ID}graph/2018-03-12-hubs> {{ {meeting_turtle('hubs')} }} }}"
    delta = update_delta(store, insert)
    context = ValidationContext()
    graph = context.graph(store)
    counting = CountingStore(store)
    scope = write_scope(  # type: ignore[arg-type]
        counting, delta, context.reach, skip=context.model_terms, hub=lambda n: (n, None, None) in graph
    )
    whole = CountingStore(store)
    paired = write_scope(whole, delta, context.reach, skip=context.model_terms)  # type: ignore[arg-type]
    assert scope.triples == paired.triples and scope.nodes == paired.nodes  # the same neighbourhood
    meeting = f"<{ID}meeting/2018-03-12-hubs>"
    [text] = counting.queries
    assert f"({meeting})" in _values(text, "?o") and meeting not in _values(text, "?o ?p")
    assert f"({meeting} <" in _values(whole.queries[0], "?o ?p")  # without hubs, every node per predicate
    assert len(text) < len(whole.queries[0]) / 2
    presidency = f"<{ID}presidency/2018-h1>"  # a hub the meeting points to: never asked whole
    assert presidency not in _values(text, "?o")


def _values(text: str, variables: str) -> str:
    """The rows of the query's ``VALUES (variables)`` blocks."""
    blocks = text.split(f"VALUES ({variables}) {{")[1:]
    return " ".join(block.split("}", 1)[0] for block in blocks)
