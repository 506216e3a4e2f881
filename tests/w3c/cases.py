"""Our answer to each entry of the W3C manifests: the one table the runner reads beside the manifests.

The manifests give the requests and what the W3C allows ("2xx or 3xx", "4xx", "200 or 204"); this table
gives, for every entry by name, the one status we answer to each of its requests in order, what an
error's problem JSON must name, and, where the manifest says less than we promise, a further check
(``then``) run after the entry's last request. Each row quotes the entry's ``mf:name``.

The runner fails an entry that has no row here, and a row whose name is in no manifest fails
``test_every_case_names_a_manifest_entry``: a new or renamed W3C test cannot slip by unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, URIRef

from tests.test_api.conftest import AUTH, assert_isomorphic, boolean, graphs_of, rdf, rdf_dataset, rows

#: The base IRI of the service the entries run against (relative IRIs in queries and updates resolve to it).
BASE = "http://base.test.example/"
#: The request URL of a direct graph identification is the graph's name (TestClient's host is testserver).
DIRECT = "http://testserver/store/"


@dataclass
class Run:
    """An entry that has run: the service, and its responses in request order."""

    client: TestClient
    responses: list[httpx.Response] = field(default_factory=list)


@dataclass(frozen=True)
class Answer:
    """Our answer to one request: its status and, for an error, the words its problem JSON names."""

    status: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """Our answers to the requests of one entry, in order, and a further check of ours."""

    answers: tuple[Answer, ...]
    then: Callable[[Run], None] | None = None


def answers(*items: int | Answer) -> tuple[Answer, ...]:
    """``answers(201, error(404, "person/2.ttl"))``: our answer to each request of an entry, in order."""
    return tuple(Answer(item) if isinstance(item, int) else item for item in items)


def error(status: int, *names: str) -> Answer:
    """An error answer whose problem JSON names each of ``names``."""
    return Answer(status, names)


def store_dump(client: TestClient) -> Dataset:
    """Every graph of the service, the default graph included, as one N-Quads dump."""
    return rdf_dataset(client.get("/store", headers={"Accept": "application/n-quads"}))


# ------------------------------------------------------------------------------------ further checks


def one_row_of_value_1(run: Run) -> None:
    found = rows(run.responses[0])
    assert found == [{"value": Literal(1)}], f"SELECT (1 AS ?value) gave {found}"


def answers_true(run: Run) -> None:
    assert boolean(run.responses[0]) is True, "ASK {} is true"


def empty_graph(run: Run) -> None:
    assert len(rdf(run.responses[0])) == 0, "DESCRIBE of an unknown resource is an empty graph"


def constructed_against_the_base(run: Run) -> None:
    """``CONSTRUCT { <s> <p> 1 }``: relative IRIs of a query resolve against the base IRI, as in updates."""
    expected = Graph()
    expected.add((URIRef(BASE + "s"), URIRef(BASE + "p"), Literal(1)))
    assert_isomorphic(rdf(run.responses[0]), expected)


def resolved_against_the_base(run: Run) -> None:
    """The manifest asks for an IRI other than "test"; we promise the configured base IRI."""
    query = "SELECT ?o { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> ?p ?o } }"
    response = run.client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    found = rows(response)
    assert found == [{"o": URIRef(BASE + "test")}], f"<test> resolved to {found}, not against {BASE}"


def store_is_empty(run: Run) -> None:
    """CLEAR ALL removed every triple (the entry ran over the suite's data)."""
    left = graphs_of(store_dump(run.client))
    assert left == {}, f"graphs left after CLEAR ALL: {sorted(left)}"


def also_named_by_its_url(run: Run) -> None:
    """A graph identified directly is named by its request URL: indirect identification reaches it too."""
    response = run.client.get(
        "/store", params={"graph": DIRECT + "person/1.ttl"}, headers={"Accept": "text/turtle"}
    )
    assert_isomorphic(rdf(response), rdf(run.responses[-1]))


def location_is_absolute_and_new(run: Run) -> None:
    """The Location of a created graph is an absolute IRI, and another POST mints another graph."""
    location = run.responses[0].headers["location"]
    assert location.startswith(("http://", "https://")), f"Location {location!r} is not an absolute IRI"
    again = run.client.post(
        "/store",
        content=run.responses[0].request.content,
        headers={**AUTH, "Content-Type": run.responses[0].request.headers["content-type"]},
    )
    assert again.status_code == 201, again.text
    assert again.headers["location"] != location, "a second POST named the same graph"
    assert_isomorphic(
        rdf(run.client.get("/store", params={"graph": again.headers["location"]})), rdf(run.responses[1])
    )


# ------------------------------------------------------------------------------------ SPARQL 1.1 Protocol

#: protocol/manifest.ttl. We answer 200 to a query, 204 to an update; 405 to a wrong method, 415 to a
#: wrong or missing media type or charset, 400 to anything else malformed.
PROTOCOL_CASES: dict[str, Case] = {
    # mf:name "query via URL-encoded POST"
    "query_post_form": Case(answers(200)),
    # mf:name "GET query with protocol-specified default graph"
    "query_dataset_default_graphs_get": Case(answers(200)),
    # mf:name "POST query with protocol-specified default graphs"
    "query_dataset_default_graphs_post": Case(answers(200)),
    # mf:name "POST query with protocol-specified named graphs"
    "query_dataset_named_graphs_post": Case(answers(200)),
    # mf:name "GET query with protocol-specified named graphs"
    "query_dataset_named_graphs_get": Case(answers(200)),
    # mf:name "query with protocol-specified dataset (both named and default graphs)"
    "query_dataset_full": Case(answers(200)),
    # mf:name "query specifying dataset in both query string and protocol; test for use of protocol-specified dataset"
    "query_multiple_dataset": Case(answers(200)),
    # mf:name "query via GET"
    "query_get": Case(answers(200)),
    # mf:name "query appropriate content type (expect one of: XML, JSON, CSV, TSV)"
    "query_content_type_select": Case(answers(200), one_row_of_value_1),
    # mf:name "query appropriate content type (expect one of: XML, JSON)"
    "query_content_type_ask": Case(answers(200), answers_true),
    # mf:name "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)"
    "query_content_type_describe": Case(answers(200), empty_graph),
    # mf:name "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)"
    "query_content_type_construct": Case(answers(200), constructed_against_the_base),
    # mf:name "update with protocol-specified default graph"
    "update_dataset_default_graph": Case(answers(204, 200)),
    # mf:name "update with protocol-specified default graphs"
    "update_dataset_default_graphs": Case(answers(204, 200)),
    # mf:name "update with protocol-specified named graphs"
    "update_dataset_named_graphs": Case(answers(204, 200)),
    # mf:name "update with protocol-specified dataset (both named and default graphs)"
    "update_dataset_full": Case(answers(204, 200)),
    # mf:name "update via URL-encoded POST"
    "update_post_form": Case(answers(204), store_is_empty),
    # mf:name "update via POST directly"
    "update_post_direct": Case(answers(204), store_is_empty),
    # mf:name "test for service-defined BASE URI ("which MAY be the service endpoint")"
    "update_base_uri": Case(answers(204, 200), resolved_against_the_base),
    # mf:name "query via POST directly"
    "query_post_direct": Case(answers(200)),
    # mf:name "invoke query operation with a method other than GET or POST"
    "bad_query_method": Case(answers(error(405, "method"))),
    # mf:name "invoke query operation with more than one query string"
    "bad_multiple_queries": Case(answers(error(400, "query"))),
    # mf:name "invoke query operation with a POST with media type that's not url-encoded or application/sparql-query"
    "bad_query_wrong_media_type": Case(answers(error(415, "text/plain"))),
    # mf:name "invoke query operation with url-encoded body, but without application/x-www-form-urlencoded media type"
    "bad_query_missing_form_type": Case(answers(error(415, "content-type"))),
    # mf:name "invoke query operation with SPARQL body, but without application/sparql-query media type"
    "bad_query_missing_direct_type": Case(answers(error(415, "content-type"))),
    # mf:name "invoke query operation with direct POST, but with a non-UTF8 encoding (UTF-16)"
    "bad_query_non_utf8": Case(answers(error(415, "utf-8"))),
    # mf:name "invoke query operation with invalid query syntax (4XX result)"
    "bad_query_syntax": Case(answers(error(400, "line", "column"))),
    # mf:name "invoke update operation with GET"
    "bad_update_get": Case(answers(error(400, "post"))),
    # mf:name "invoke update operation with more than one update string"
    "bad_multiple_updates": Case(answers(error(400, "update"))),
    # mf:name "invoke update operation with a POST with media type that's not url-encoded or application/sparql-update"
    "bad_update_wrong_media_type": Case(answers(error(415, "text/plain"))),
    # mf:name "invoke update operation with url-encoded body, but without application/x-www-form-urlencoded media type"
    "bad_update_missing_form_type": Case(answers(error(415, "content-type"))),
    # mf:name "invoke update operation with direct POST, but with a non-UTF8 encoding"
    "bad_update_non_utf8": Case(answers(error(415, "utf-8"))),
    # mf:name "invoke update operation with invalid update syntax"
    "bad_update_syntax": Case(answers(error(400, "line", "column"))),
    # mf:name "invoke update with both using-graph-uri/using-named-graph-uri parameter and USING/WITH clause"
    "bad_update_dataset_conflict": Case(answers(error(400, "with"))),
}

# ------------------------------------------------------------------------------------ Graph Store Protocol

#: graph-store-protocol/manifest-direct.ttl and manifest-indirect.ttl. We answer 201 when a PUT or POST
#: creates a graph, 204 when it replaces or adds to one, 204 to a DELETE, 404 for a missing graph.
GRAPH_STORE_CASES: dict[str, Case] = {
    # mf:name "PUT/GET repetition on same graph using varying graph identification  (direct graph identification)"
    "put_get_repeat_direct": Case(answers(201, 200, 204, 200), also_named_by_its_url),
    # mf:name "PUT initialization, then DELETE/GET/DELETE (direct graph identification)"
    "put_delete_get_delete_direct": Case(
        answers(201, 204, error(404, DIRECT + "person/2.ttl"), error(404, DIRECT + "person/2.ttl"))
    ),
    # mf:name "Two iterations os POST/GET, with the second using multipart/form-data (direct graph identification)"
    "post_get_post_get_direct": Case(answers(201, 200, 204, 200)),
    # mf:name "PUT initialization, then HEAD on existing graph (direct graph identification)"
    "head_existing_direct": Case(answers(201, 200)),
    # mf:name "PUT/GET repetition on same graph using varying graph identification (indirect graph identification)"
    "put_get_repeat_indirect": Case(answers(201, 200, 204, 200)),
    # mf:name "PUT/GET on the default graph"
    "put_get_default": Case(answers(204, 200)),
    # mf:name "PUT initialization, then DELETE/GET/DELETE (indirect graph identification)"
    "put_delete_get_delete_indirect": Case(
        answers(
            201,
            204,
            error(404, "http://www.example/gsp/person/2.ttl"),
            error(404, "http://www.example/gsp/person/2.ttl"),
        )
    ),
    # mf:name "Two iterations os POST/GET, with the second using multipart/form-data  (indirect graph identification)"
    "post_get_post_get_indirect": Case(answers(201, 200, 204, 200)),
    # mf:name "Graph creation via POST on the GSP endpoint, then GET of the resulting graph (direct graph
    # identification)" (the GET identifies the graph indirectly, by the Location the POST answers)
    "post_get_new_graph": Case(answers(201, 200), location_is_absolute_and_new),
    # mf:name "PUT initialization, then HEAD on existing graph (indirect graph identification)"
    "head_existing_indirect": Case(answers(201, 200)),
    # mf:name "HEAD on non-existing graph (indirect graph identification)"
    "head_non_existing_indirect": Case(answers(404)),
    # mf:name "PUT/GET (indirect graph identification; using varying percent-encoding for the same graph IRI)"
    "put_get_uri_pct_encoded_indirect": Case(answers(201, 200)),
    # mf:name "PUT/PUT/GET/GET (indirect graph identification; checking that we decode percent-encoding only
    # once  — for the request URL query — and not twice)"
    "put_get_uri_pct_encoded_twice": Case(answers(201, 201, 200, 200)),
}
