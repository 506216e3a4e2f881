"""The SPARQL endpoint's promises of our own, over HTTP (the W3C's are in test_w3c_protocol.py).

Datasets (the union default graph, protocol and FROM datasets, nothing fetched from elsewhere), refused
SERVICE and LOAD, error positions, content negotiation in every result format, the service description,
CORS, compression, health and the OpenAPI document. One scratch service per module (own store, write
token, no shape checks); tests that need a known state put it there themselves.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF

from tests.test_api.conftest import (
    AUTH,
    ClientFactory,
    RecordingServer,
    ask,
    assert_isomorphic,
    boolean,
    media_type,
    problem,
    put_turtle,
    rdf,
    rdf_dataset,
    rows,
)

K = "http://kasei.us/2009/09/sparql/data/"
SQ = "application/sparql-query"
SU = "application/sparql-update"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")


def data(n: int) -> str:
    """The IRI of the W3C test graph ``dataN.rdf``."""
    return f"{K}data{n}.rdf"


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    """The scratch service of this module."""
    return make_client()


@pytest.fixture
def kasei(client: TestClient) -> None:
    """Three graphs like the W3C suite's ``data1.nt``..``data3.nt``: ``<dataN.rdf> a foaf:Document``."""
    for n in (1, 2, 3):
        put_turtle(client, data(n), f"<{data(n)}> <{RDF.type}> <{FOAF.Document}> .\n")


def send(
    client: TestClient,
    method: str,
    params: list[tuple[str, str]],
    content_type: str | None = None,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """One request to /sparql, with no Content-Type unless one is given."""
    all_headers = dict(headers or {})
    if content_type is not None:
        all_headers["Content-Type"] = content_type
    content = body.encode() if isinstance(body, str) else body
    return client.request(method, "/sparql", params=params, content=content, headers=all_headers)


# ------------------------------------------------------------------------------------ datasets


def test_default_graph_is_the_union_of_all_graphs(client: TestClient) -> None:
    put_turtle(client, "http://example.org/union-test", "<http://example.org/u> <http://example.org/p> 1 .\n")
    assert ask(client, "ASK { <http://example.org/u> <http://example.org/p> 1 }") is True
    # a protocol dataset replaces the union: the triple is not in data0 (which does not even exist)
    assert (
        ask(
            client,
            "ASK { <http://example.org/u> <http://example.org/p> 1 }",
            **{"default-graph-uri": data(0)},
        )
        is False
    )


def test_dataset_parameters_pick_stored_graphs_and_fetch_nothing(
    client: TestClient, recorder: RecordingServer
) -> None:
    stored, absent = f"{recorder.url}/stored", f"{recorder.url}/absent"
    put_turtle(client, stored, "<http://example.org/local> <http://example.org/p> 2 .\n")
    query = "ASK { <http://example.org/local> <http://example.org/p> 2 }"
    assert boolean(send(client, "GET", [("query", query), ("default-graph-uri", stored)])) is True
    assert boolean(send(client, "GET", [("query", query), ("default-graph-uri", absent)])) is False
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    found = rows(
        send(client, "GET", [("query", named), ("named-graph-uri", stored), ("named-graph-uri", absent)])
    )
    assert found == [{"g": URIRef(stored)}]
    assert recorder.requests == []


def test_from_and_from_named_fetch_nothing(client: TestClient, recorder: RecordingServer) -> None:
    query = (
        f"SELECT * FROM <{recorder.url}/x> FROM NAMED <{recorder.url}/y> "  # noqa: S608 - SPARQL, not SQL
        "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert send(client, "POST", [], SQ, query).status_code == 200
    assert recorder.requests == []


def test_from_clause_sets_the_default_graph(client: TestClient, kasei: None) -> None:
    """FROM replaces the union default graph (SPARQL 1.1 Query §13.2); an unknown graph is empty."""
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    found = rows(send(client, "POST", [], SQ, query.replace("WHERE", f"FROM <{data(2)}> WHERE")))
    assert found == [{"s": URIRef(data(2))}]
    assert rows(send(client, "POST", [], SQ, query.replace("WHERE", f"FROM <{data(0)}> WHERE"))) == []
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    found = rows(send(client, "POST", [], SQ, named.replace("WHERE", f"FROM NAMED <{data(3)}> WHERE")))
    assert found == [{"g": URIRef(data(3))}]


def test_protocol_dataset_overrides_from(client: TestClient, kasei: None) -> None:
    """W3C query_multiple_dataset, the other half: FROM alone gives no named graphs, so the ASK is false."""
    query = (
        f"ASK FROM <{data(3)}> {{ GRAPH ?g1 {{ <{data(1)}> a ?type }} GRAPH ?g2 {{ <{data(2)}> a ?type }} }}"
    )
    assert boolean(send(client, "POST", [], SQ, query)) is False
    both = send(client, "POST", [("named-graph-uri", data(1)), ("named-graph-uri", data(2))], SQ, query)
    assert boolean(both) is True


# ------------------------------------------------------------------------------------ refused, malformed, negotiated


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/sparql> {{ ?s ?q ?r }} }} }}",
        "ASK {{ sErViCe <{url}/sparql> {{ ?s ?p ?o }} }}",
    ],
    ids=["plain", "silent", "in-optional", "mixed-case"],
)
def test_service_is_refused(client: TestClient, recorder: RecordingServer, template: str) -> None:
    response = send(client, "GET", [("query", template.format(url=recorder.url))])
    problem(response, 403, "SERVICE")
    assert recorder.requests == []


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{url}/data.ttl>",
        "LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://example.org/loaded>",
        "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/loaded>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    ],
    ids=["http", "silent-into-graph", "file", "service-in-update"],
)
def test_load_and_service_in_updates_are_refused(
    client: TestClient, recorder: RecordingServer, template: str
) -> None:
    response = send(client, "POST", [], SU, template.format(url=recorder.url), AUTH)
    problem(response, 403)
    assert recorder.requests == []
    assert ask(client, "ASK { GRAPH <http://example.org/loaded> { ?s ?p ?o } }") is False


def test_malformed_query_gives_line_and_column(client: TestClient) -> None:
    query = "SELECT ?s\nWHERE { ?s ?p ?o .\n  FILTER( }"
    body = problem(send(client, "GET", [("query", query)]), 400, "invalid")
    assert body["line"] == 3
    assert isinstance(body["column"], int) and body["column"] >= 1


def test_malformed_query_position_ignores_predeclared_prefixes(client: TestClient) -> None:
    """Our known prefixes are added in front of the text; the position must still point into the caller's."""
    query = "SELECT ?m\nWHERE { ?m a euus:Meeting ;\n  dct:title }"
    body = problem(send(client, "GET", [("query", query)]), 400)
    assert body["line"] == 3


@pytest.mark.parametrize(
    ("query", "accept", "offered"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "image/png", "application/sparql-results+json"),
        ("ASK {}", "text/csv", "application/sparql-results+xml"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json", "text/turtle"),
    ],
    ids=["select", "ask", "construct"],
)
def test_406_lists_the_offered_formats(client: TestClient, query: str, accept: str, offered: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    body = problem(response, 406, offered)
    assert offered in body["offered"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
     ("csv", "text/csv"), ("tsv", "text/tab-separated-values")],
)  # fmt: skip
def test_format_parameter_overrides_accept(client: TestClient, name: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": "SELECT (1 AS ?one) {}", "format": name},
                          headers={"Accept": "text/html"})  # fmt: skip
    assert media_type(response) == expected
    assert [str(row["one"]) for row in rows(response)] == ["1"]


SELECT_KASEI = f"""SELECT ?doc ?label WHERE {{
  VALUES ?doc {{ <{data(1)}> <{data(2)}> }}
  ?doc a <{FOAF.Document}> .
  BIND(CONCAT("doc ", STRAFTER(STR(?doc), "data/")) AS ?label)
}}"""


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_every_select_format_parses(client: TestClient, kasei: None, accept: str) -> None:
    response = client.get("/sparql", params={"query": SELECT_KASEI}, headers={"Accept": accept})
    assert media_type(response) == accept
    found = {(row["doc"], str(row["label"])) for row in rows(response)}
    assert found == {(URIRef(data(1)), "doc data1.rdf"), (URIRef(data(2)), "doc data2.rdf")}


CONSTRUCT_KASEI = f"""CONSTRUCT {{ ?doc a <{FOAF.Document}> ; <{DCT.title}> ?title }} WHERE {{
  VALUES ?doc {{ <{data(1)}> <{data(3)}> }}
  ?doc a <{FOAF.Document}> .
  BIND(STRLANG(STRAFTER(STR(?doc), "data/"), "en") AS ?title)
}}"""


@pytest.mark.parametrize(
    ("format_name", "expected"),
    [("turtle", "text/turtle"), ("ntriples", "application/n-triples"), ("nquads", "application/n-quads"),
     ("trig", "application/trig"), ("json-ld", "application/ld+json"), ("rdfxml", "application/rdf+xml")],
)  # fmt: skip
@pytest.mark.parametrize("by", ["accept", "format"])
def test_every_construct_format_parses(
    client: TestClient, kasei: None, format_name: str, expected: str, by: str
) -> None:
    if by == "accept":
        response = client.get("/sparql", params={"query": CONSTRUCT_KASEI}, headers={"Accept": expected})
    else:
        response = client.get("/sparql", params={"query": CONSTRUCT_KASEI, "format": format_name})
    assert media_type(response) == expected
    if expected in ("application/n-quads", "application/trig"):
        graph = Graph()
        for s, p, o, _ in rdf_dataset(response).quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph = rdf(response)
    want = Graph()
    for n in (1, 3):
        want.add((URIRef(data(n)), RDF.type, FOAF.Document))
        want.add((URIRef(data(n)), DCT.title, Literal(f"data{n}.rdf", lang="en")))
    assert_isomorphic(graph, want)


def description(client: TestClient, accept: str) -> Graph:
    response = client.get("/sparql", headers={"Accept": accept})
    assert media_type(response) == accept
    return rdf(response)


def union_size(graph: Graph) -> int:
    service = graph.value(predicate=RDF.type, object=SD.Service)
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    return int(str(graph.value(default, VOID.triples)))


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json"])
def test_service_description(client: TestClient, accept: str) -> None:
    graph = description(client, accept)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert (service, SD.endpoint, URIRef("http://testserver/sparql")) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    client.delete("/store", params={"graph": "http://example.org/sd-count"}, headers=AUTH)
    before = union_size(description(client, accept))
    put_turtle(client, "http://example.org/sd-count", "<http://example.org/a> <http://example.org/p> 1, 2 .")
    assert union_size(description(client, accept)) == before + 2, "void:triples is not live"
    assert (
        client.delete("/store", params={"graph": "http://example.org/sd-count"}, headers=AUTH).status_code
        == 204
    )
    assert union_size(description(client, accept)) == before


def test_cors_preflight_and_simple_request(client: TestClient) -> None:
    origin = "https://elsewhere.example"
    asking = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    preflight = client.options("/sparql", headers=asking)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", origin)
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    simple = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": origin})
    assert simple.status_code == 200
    assert simple.headers["access-control-allow-origin"] in ("*", origin)
    assert "access-control-allow-credentials" not in simple.headers


def test_large_answers_are_gzipped(client: TestClient) -> None:
    lines = "".join(
        f'<http://example.org/big/{i}> <http://example.org/p> "value number {i}" .\n' for i in range(400)
    )
    put_turtle(client, "http://example.org/big", lines)
    query = "SELECT ?s ?o WHERE { GRAPH <http://example.org/big> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert len(rows(response)) == 400  # httpx decompressed it
    graph = client.get("/store", params={"graph": "http://example.org/big"},
                       headers={"Accept-Encoding": "gzip", "Accept": "application/n-triples"})  # fmt: skip
    assert graph.headers.get("content-encoding") == "gzip"
    assert len(rdf(graph)) == 400
    plain = client.get("/sparql", params={"query": query}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["backend"] == "embedded"
    assert isinstance(body["triples"], int)


def test_docs_and_openapi(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and media_type(docs) == "text/html"
    schema = client.get("/openapi.json")
    assert schema.status_code == 200
    assert {"/sparql", "/store", "/health"} <= set(schema.json()["paths"])


def test_openapi_operation_ids_are_unique(client: TestClient) -> None:
    """Client generators key operations by operationId; a duplicate makes them drop or rename one."""
    paths = client.get("/openapi.json").json()["paths"]
    ids = [op["operationId"] for methods in paths.values() for op in methods.values() if "operationId" in op]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
