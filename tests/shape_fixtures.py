"""The shape fixture files: valid and invalid data, each with its DASH test description.

Shared by the shape tests, the engine comparison and the guard-versus-full-validation comparison.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.term import Node

FIXTURES = Path(__file__).resolve().parent / "data" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
TEST = Namespace("urn:euus-test:")


def _description_triples(fixture: Graph) -> set[tuple[Node, Node, Node]]:
    """The test description: triples of ``urn:euus-test:`` subjects and the blank nodes they reach."""
    todo: list[Node] = [
        s for s in set(fixture.subjects()) if isinstance(s, URIRef) and s.startswith(str(TEST))
    ]
    seen: set[Node] = set()
    triples: set[tuple[Node, Node, Node]] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in fixture.triples((node, None, None)):
            triples.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return triples


def read_fixture(path: Path) -> tuple[Graph, Graph, URIRef | None]:
    """A fixture file's data, its test description, and the named graph its data goes into."""
    fixture = Graph()
    fixture.parse(path, format="turtle")
    described = _description_triples(fixture)
    description = Graph()
    data = Graph()
    for triple in fixture:
        (description if triple in described else data).add(triple)
    named = next(description.objects(None, TEST.inNamedGraph), None)
    return data, description, None if named is None else URIRef(str(named))
