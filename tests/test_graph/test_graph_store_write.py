"""What a Graph Store PUT, POST or DELETE does to the store, without HTTP (``graph.write.graph_store``)."""

from __future__ import annotations

import pytest
from guard_helpers import PREFIXES, meeting_turtle
from rdflib import Graph

from graph.errors import MissingGraphName, NotFound, ValidationFailed
from graph.formats import N_TRIPLES_AS_TEXT, TURTLE
from graph.namespaces import BASE_IRI, ID
from graph.write.graph_store import graph_store_write
from graph.write.guard import WriteGuard

NAMED = "https://example.org/graphs/notes"
NOTE = b'<https://example.org/notes/1> <http://www.w3.org/2000/01/rdf-schema#label> "a note" .\n'


def stored(guard: WriteGuard, graph: str) -> Graph:
    """The triples of ``graph`` as the store holds them."""
    return Graph().parse(data=b"".join(guard.store.get_graph_serialized(graph, format="nt")), format="nt")


def test_a_post_without_a_name_makes_a_new_graph_and_says_where(guard: WriteGuard) -> None:
    body = (PREFIXES + meeting_turtle("graph-store-post")).encode()
    outcome = graph_store_write(guard, "POST", (False, None), [(body, TURTLE.name)], BASE_IRI, validate=False)
    assert outcome.created and outcome.location is not None
    assert outcome.location.startswith(str(ID) + "graph/upload-")
    assert stored(guard, outcome.location).isomorphic(Graph().parse(data=body, format="turtle"))


def test_a_write_that_breaks_the_shapes_leaves_the_store_as_it_was(guard: WriteGuard) -> None:
    before = set(guard.store.named_graphs())
    body = (PREFIXES + meeting_turtle("graph-store-refused")).encode()
    with pytest.raises(ValidationFailed, match="FactGraph"):  # an upload names no source document
        graph_store_write(guard, "POST", (False, None), [(body, TURTLE.name)], BASE_IRI)
    assert set(guard.store.named_graphs()) == before


def test_put_creates_then_replaces_and_delete_removes(guard: WriteGuard) -> None:
    first = graph_store_write(guard, "PUT", (True, NAMED), [(NOTE, N_TRIPLES_AS_TEXT.media_type)], BASE_IRI,
                              validate=False)  # fmt: skip
    again = graph_store_write(guard, "PUT", (True, NAMED), [(NOTE, TURTLE.name)], BASE_IRI, validate=False)
    assert (first.created, first.location, again.created) == (True, None, False)
    assert len(stored(guard, NAMED)) == 1
    gone = graph_store_write(guard, "DELETE", (True, NAMED), [], BASE_IRI, validate=False)
    assert not gone.created and not guard.store.graph_exists(NAMED)


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_put_and_delete_must_name_their_graph(guard: WriteGuard, method: str) -> None:
    with pytest.raises(MissingGraphName, match=f"{method} needs"):
        graph_store_write(guard, method, (False, None), [(NOTE, TURTLE.name)], BASE_IRI)  # type: ignore[arg-type]


def test_deleting_a_graph_that_does_not_exist_is_not_found(guard: WriteGuard) -> None:
    with pytest.raises(NotFound, match=NAMED):
        graph_store_write(guard, "DELETE", (True, NAMED), [], BASE_IRI)
