"""The same API, embedded and over two real SPARQL engines as the remote backend.

Every test here runs three times through the ``service`` fixture: on the embedded store, with
``EUUS_ENDPOINT`` pointing at an ``oxigraph serve`` started for this module, and at the session's
Virtuoso 7 (``EUUS_ENGINE=virtuoso``, its data dropped first). All load the shipped data and
check every write against the shapes. For the remote backends, "unchanged" is checked on the
engine's own dump, read from the engine (oxigraph's N-Quads; Virtuoso graph by graph).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from graph.query.remote import FORWARD_LIMIT
from graph.store import open_store
from tests.test_api.conftest import (
    AUTH,
    ClientFactory,
    Oxigraph,
    RecordingServer,
    assert_isomorphic,
    assert_same_dataset,
    boolean,
    media_type,
    problem,
    rdf,
    rdf_dataset,
    rows,
    turtle,
)
from tests.virtuoso import Virtuoso

EUUS = Namespace("https://w3id.org/euus-kg/ontology#")
ID = "https://w3id.org/euus-kg/id/"
SOFIA_MEETING = URIRef(ID + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia")
SOFIA_GRAPH = ID + "graph/2018-03-01-eu-us-jha-senior-officials-sofia"
ORGANISATIONS = ID + "graph/organisations"
EUROPOL = URIRef(ID + "org/europol")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
UPLOAD = ID + "graph/test-upload"
UPLOAD_TURTLE = f"""
@prefix euus: <https://w3id.org/euus-kg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{UPLOAD}> a euus:FactGraph ;
    dct:title "A graph uploaded by the tests"@en ;
    prov:wasDerivedFrom <{ID}source/2018-03-01-eu-us-jha-senior-officials-sofia> ;
    dct:created "2026-11-28"^^xsd:date .
"""


class VirtuosoDump:
    """Every quad of a Virtuoso but its own system graphs, read from it by the library (not our service)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def nquads(self) -> Dataset:
        store = open_store(endpoint=self.url, engine="virtuoso")
        try:
            dataset = Dataset()
            dataset.parse(data=store.dump("nquads").read(), format="nquads")
            return dataset
        finally:
            store.close()


@dataclass
class Service:
    """One started service and, for the remote backends, the engine behind it."""

    backend: str
    client: TestClient
    server: Oxigraph | VirtuosoDump | None

    def dump(self) -> Dataset:
        """Every quad, from the backend itself when it is remote, else through our /store."""
        if self.server is not None:
            return self.server.nquads()
        return rdf_dataset(self.client.get("/store", headers={"Accept": "application/n-quads"}))


@pytest.fixture(scope="module", params=["embedded", "remote", "virtuoso"])
def service(request: pytest.FixtureRequest, make_client: ClientFactory) -> Service:
    settings: dict[str, Any] = {"load_shipped_data": True, "validate_writes": True, "query_timeout": 3}
    if request.param == "remote":
        server: Oxigraph = request.getfixturevalue("oxigraph_server")
        return Service("remote", make_client(endpoint=server.query_url, **settings), server)
    if request.param == "virtuoso":
        virtuoso: Virtuoso = request.getfixturevalue("virtuoso_server")
        virtuoso.drop_data()
        client = make_client(endpoint=virtuoso.url, engine="virtuoso", **settings)
        return Service("remote", client, VirtuosoDump(virtuoso.url))
    return Service("embedded", make_client(**settings), None)


def ask(client: TestClient, query: str, **params: str) -> bool:
    return boolean(client.get("/sparql", params={"query": query, **params}))


def test_health_names_the_backend(service: Service) -> None:
    body = service.client.get("/health").json()
    assert body["backend"] == service.backend
    assert body["triples"] > 1000, "the shipped data is loaded"


#: The dashboard API and the pages, each compared with the embedded store's answer.
DASHBOARD = ["/api/meetings", "/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia", "/api/organisations",
             "/api/organisations/europol", "/api/presidencies", "/api/presidencies/2018-h1",
             "/api/presidencies/at?date=2018-03-01", "/api/topics", "/api/topics/consumer-protection", "/api/places",
             "/api/search?q=terrorisme", "/api/stats/timeline", "/api/stats/topics", "/api/stats/network"]  # fmt: skip
PAGES = [
    "/",
    "/sparql",
    "/store",
    "/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia",
    "/id/org/europol",
]


def test_dashboard_api_and_pages_answer_as_embedded(service: Service, shipped_client: TestClient) -> None:
    for path in DASHBOARD:
        answer = service.client.get(path)
        assert answer.status_code == 200, f"{path}: {answer.text[:300]}"
        assert answer.json() == shipped_client.get(path).json(), path
    for path in PAGES:
        page = service.client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200 and media_type(page) == "text/html", f"{path}: {page.text[:300]}"
        assert "Europol" in page.text or "euus" in page.text.lower(), path


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_select_formats(service: Service, accept: str) -> None:
    """GET with only ``query=`` takes the remote lane (the engine's bytes, rows counted where they can be
    read back); another parameter takes the route: both give the same rows."""
    query = f"SELECT ?label WHERE {{ <{EUROPOL}> skos:prefLabel ?label FILTER(LANG(?label) = 'en') }}"
    response = service.client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert media_type(response) == accept
    assert [str(row["label"]) for row in rows(response)] == ["Europol"]
    routed = service.client.get(
        "/sparql", params={"query": query, "timeout": "30"}, headers={"Accept": accept}
    )
    assert rows(routed) == rows(response)
    if service.backend != "embedded" and accept.endswith(("json", "xml")):
        assert response.headers["x-euus-rows"] == "1", "the remote lane counts the rows it passes on"
        assert "x-euus-rows" not in routed.headers, "the route answered"


@pytest.mark.parametrize(
    "accept", ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
)
def test_construct_formats(service: Service, accept: str) -> None:
    query = f"CONSTRUCT {{ <{EUROPOL}> skos:prefLabel ?l }} WHERE {{ <{EUROPOL}> skos:prefLabel ?l }}"
    response = service.client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert media_type(response) == accept
    expected = Graph()
    for lang in ("en", "nl", "fr", "de"):
        expected.add((EUROPOL, SKOS.prefLabel, Literal("Europol", lang=lang)))
    assert_isomorphic(rdf(response), expected)


@pytest.mark.parametrize("accept", ["application/n-triples", "text/turtle", "application/rdf+xml"])
def test_describe_through_a_lane_answers_as_the_route(service: Service, accept: str) -> None:
    """GET with only ``query=`` takes a lane (inline when embedded, the engine's bytes when remote);
    another parameter takes the route. What DESCRIBE returns is the engine's choice (Virtuoso's
    differs from oxigraph's), so both ways must give the same graph, not a fixed one."""
    query, headers = f"DESCRIBE <{EUROPOL}>", {"Accept": accept}
    response = service.client.get("/sparql", params={"query": query}, headers=headers)
    assert response.status_code == 200 and media_type(response) == accept, response.text[:300]
    described = rdf(response)
    assert len(described) > 0
    assert int(response.headers["x-euus-rows"]) == len(described), "a lane counts the triples it answers"
    routed = service.client.get("/sparql", params={"query": query, "timeout": "30"}, headers=headers)
    assert "x-euus-rows" not in routed.headers or service.backend == "embedded", "the route answered"
    assert_isomorphic(described, rdf(routed))


def test_an_answer_larger_than_the_lane_takes_comes_whole(service: Service) -> None:
    """Over 1 MiB (``FORWARD_LIMIT``) the remote lane gives up and the streamed path answers, the
    second time at once (the query is remembered as large): every row, both times."""
    data = 'GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/euus-kg/")) VALUES ?n { 1 2 }'
    json = {"Accept": "application/sparql-results+json"}
    counted = rows(service.client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?c) {{ {data} }}"}))
    for _ in range(2):
        response = service.client.get("/sparql", params={"query": f"SELECT * {{ {data} }}"}, headers=json)
        assert len(response.content) > FORWARD_LIMIT and "x-euus-truncated" not in response.headers
        assert len(rows(response)) == int(counted[0]["c"]) > 5000


def test_union_default_graph_and_protocol_dataset(service: Service) -> None:
    triple = f"<{SOFIA_MEETING}> a euus:Meeting"
    assert ask(service.client, f"ASK {{ {triple} }}") is True  # no GRAPH: the union
    assert ask(service.client, f"ASK {{ {triple} }}", **{"default-graph-uri": SOFIA_GRAPH}) is True
    assert ask(service.client, f"ASK {{ {triple} }}", **{"default-graph-uri": ORGANISATIONS}) is False
    found = rows(
        service.client.get("/sparql", params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ {triple} }} }}"})
    )
    assert found == [{"g": URIRef(SOFIA_GRAPH)}]


def test_from_clause_sets_the_default_graph(service: Service) -> None:
    """FROM replaces the union default graph (SPARQL 1.1 Query §13.2), on both backends."""
    query = f"SELECT ?m WHERE {{ ?m a euus:Meeting FILTER(?m = <{SOFIA_MEETING}>) }}"
    in_sofia = query.replace("WHERE", f"FROM <{SOFIA_GRAPH}> WHERE")
    assert rows(service.client.get("/sparql", params={"query": in_sofia})) == [{"m": SOFIA_MEETING}]
    elsewhere = query.replace("WHERE", f"FROM <{ORGANISATIONS}> WHERE")
    assert rows(service.client.get("/sparql", params={"query": elsewhere})) == []


def test_relative_iris_in_queries_resolve_against_the_base_iri(service: Service) -> None:
    """Like updates, queries resolve relative IRIs against EUUS_BASE_IRI, not the backend's own URL."""
    base = str(service.client.app.state.settings.base_iri)  # type: ignore[attr-defined]
    response = service.client.get("/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                                  headers={"Accept": "application/n-triples"})  # fmt: skip
    expected = Graph()
    expected.add((URIRef(base + "s"), URIRef(base + "p"), Literal(1)))
    assert_isomorphic(rdf(response), expected)


def test_service_is_refused(service: Service, recorder: RecordingServer) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{recorder.url}/sparql> {{ ?s ?p ?o }} }}"
    problem(service.client.get("/sparql", params={"query": query}), 403, "SERVICE")
    assert recorder.requests == []


def test_malformed_query(service: Service) -> None:
    text = "SELECT *\nWHERE { ?s ?p }"
    # the lane (GET with only query=) and the route (a form POST) report the engine's refusal alike
    assert problem(service.client.get("/sparql", params={"query": text}), 400)["line"] == 2
    assert problem(service.client.post("/sparql", data={"query": text}), 400)["line"] == 2


def test_valid_guarded_write_is_stored(service: Service) -> None:
    alias = Literal("Europol (alias written by the tests)", lang="en")
    text = f'INSERT DATA {{ GRAPH <{ORGANISATIONS}> {{ <{EUROPOL}> skos:altLabel "{alias}"@en }} }}'
    response = service.client.post(
        "/sparql", content=text, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    assert response.status_code == 204, response.text
    assert ask(
        service.client, f'ASK {{ GRAPH <{ORGANISATIONS}> {{ <{EUROPOL}> skos:altLabel "{alias}"@en }} }}'
    )
    if service.server is not None:  # really on the server
        assert (EUROPOL, SKOS.altLabel, alias, URIRef(ORGANISATIONS)) in service.dump()
    undo = text.replace("INSERT DATA", "DELETE DATA")
    undone = service.client.post(
        "/sparql", content=undo, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    assert undone.status_code == 204, undone.text


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { GRAPH <https://example.org/undescribed> { <https://example.org/s> a skos:Concept } }",
        f"DELETE WHERE {{ GRAPH <{SOFIA_GRAPH}> {{ <{SOFIA_MEETING}> a ?type }} }}",
        f"INSERT DATA {{ GRAPH <{SOFIA_GRAPH}> {{ <{SOFIA_MEETING}> schema:startDate 'not a date' }} }}",
    ],
    ids=["undescribed-graph", "untyped-meeting", "bad-date"],
)
def test_invalid_write_is_422_and_the_backend_is_unchanged(service: Service, text: str) -> None:
    before = service.dump()
    response = service.client.post(
        "/sparql", content=text, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    problem(response, 422, "shacl")
    assert_same_dataset(service.dump(), before)


def test_a_second_start_date_is_refused_from_what_the_store_holds(service: Service) -> None:
    """Only the meeting's stored triples (its type, its first date) make the new date a violation."""
    text = f"INSERT DATA {{ GRAPH <{SOFIA_GRAPH}> {{ <{SOFIA_MEETING}> schema:startDate '2018-02-27'^^xsd:date }} }}"
    response = service.client.post(
        "/sparql", content=text, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    problem(response, 422, "exactly one valid start date")


def test_graph_store_put_get_delete(service: Service) -> None:
    client = service.client
    client.delete("/store", params={"graph": UPLOAD}, headers=AUTH)
    created = client.put("/store", params={"graph": UPLOAD}, content=UPLOAD_TURTLE,
                         headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
    assert created.status_code == 201, created.text
    assert_isomorphic(rdf(client.get("/store", params={"graph": UPLOAD}, headers={"Accept": "text/turtle"})),
                      turtle(UPLOAD_TURTLE))  # fmt: skip
    head = client.head("/store", params={"graph": UPLOAD}, headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and media_type(head) == "text/turtle"
    if service.server is not None:
        stored = Graph()
        for s, p, o, _ in service.dump().quads((None, None, None, URIRef(UPLOAD))):
            stored.add((s, p, o))
        assert_isomorphic(stored, turtle(UPLOAD_TURTLE))
    replaced = client.put("/store", params={"graph": UPLOAD}, content=UPLOAD_TURTLE,
                          headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
    assert replaced.status_code == 204
    assert client.delete("/store", params={"graph": UPLOAD}, headers=AUTH).status_code == 204
    problem(client.get("/store", params={"graph": UPLOAD}), 404)
    assert client.head("/store", params={"graph": UPLOAD}).status_code == 404
    problem(client.delete("/store", params={"graph": UPLOAD}, headers=AUTH), 404)


def test_graph_store_put_of_invalid_data_is_422(service: Service) -> None:
    before = service.dump()
    bad = UPLOAD_TURTLE.replace("prov:wasDerivedFrom", "dct:source")  # a graph of facts without its source
    response = service.client.put("/store", params={"graph": UPLOAD}, content=bad,
                                  headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
    problem(response, 422)
    assert_same_dataset(service.dump(), before)


def test_writes_need_the_token(service: Service) -> None:
    before = service.dump()
    text = f'INSERT DATA {{ GRAPH <{ORGANISATIONS}> {{ <{EUROPOL}> skos:altLabel "no token"@en }} }}'
    response = service.client.post(
        "/sparql", content=text, headers={"Content-Type": "application/sparql-update"}
    )
    problem(response, 401)
    assert_same_dataset(service.dump(), before)


def test_runaway_query_times_out(service: Service) -> None:
    started = time.monotonic()
    response = service.client.get("/sparql", params={"query": RUNAWAY, "timeout": "1"})
    problem(response, 503, "timeout")
    assert time.monotonic() - started < 5
    started = time.monotonic()
    assert ask(service.client, f"ASK {{ <{SOFIA_MEETING}> a euus:Meeting }}") is True
    assert time.monotonic() - started < 1.0


def test_service_description_counts_the_backend(service: Service) -> None:
    graph = rdf(service.client.get("/sparql", headers={"Accept": "text/turtle"}))
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = Namespace("http://rdfs.org/ns/void#")
    counts = [int(o) for o in graph.objects(None, void.triples)]  # type: ignore[call-overload]
    assert max(counts) == service.client.get("/health").json()["triples"]
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert {SOFIA_GRAPH, ORGANISATIONS} <= names
    assert (None, RDF.type, sd.Service) in graph
