"""Which queries are answered inline, and that an inline answer stops at its limit instead of growing."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.query.inline import answer_inline, is_inline_query

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("query", "inline"),
    [
        (f"DESCRIBE <{EX}a>", True),
        (f"  describe <{EX}a><{EX}b>\n", True),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", False),
        (f"DESCRIBE <{EX}a> WHERE {{ }}", False),
        (f"PREFIX ex: <{EX}> DESCRIBE ex:a", False),
        (f"DESCRIBE <{EX}a> LIMIT 1", False),
        ("DESCRIBE *", False),
        (f"SELECT * WHERE {{ <{EX}a> ?p ?o }}", False),
        (f"DESCRIBE <{EX}a> # comment", False),
        ("DESCRIBE " + " ".join(f"<{EX}r{n}>" for n in range(64)), True),
        ("DESCRIBE " + " ".join(f"<{EX}r{n}>" for n in range(65)), False),  # many: a worker's job
    ],
)
def test_only_describe_of_given_iris_is_inline(query: str, inline: bool) -> None:
    assert is_inline_query(query) is inline


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode(f"{EX}g")
    subject = ox.NamedNode(f"{EX}a")
    store.extend(ox.Quad(subject, ox.NamedNode(f"{EX}p{i}"), ox.Literal(str(i)), graph) for i in range(50))
    return store


def test_an_answer_holds_the_description_of_every_graph(store: ox.Store) -> None:
    answer = answer_inline(store, f"DESCRIBE <{EX}a>", "application/n-triples", limit=50)
    assert answer is not None and answer.rows == 50
    parsed = list(ox.parse(answer.body, ox.RdfFormat.N_TRIPLES))
    assert {str(t.object.value) for t in parsed} == {str(i) for i in range(50)}


def test_a_larger_description_is_left_to_a_worker(store: ox.Store) -> None:
    assert answer_inline(store, f"DESCRIBE <{EX}a>", "application/n-triples", limit=49) is None


def test_other_queries_and_broken_ones_are_left_to_a_worker(store: ox.Store) -> None:
    assert (
        answer_inline(store, f"SELECT * WHERE {{ <{EX}a> ?p ?o }}", "application/n-triples", limit=9) is None
    )
    assert answer_inline(store, "DESCRIBE <not an iri>", "application/n-triples", limit=9) is None
