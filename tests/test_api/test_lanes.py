"""The lanes: ``GET /sparql?query=...`` answered before the middleware and routing, as the route would.

A ``DESCRIBE`` of given IRIs is answered in the service process: each answer is compared with the
answer of a worker to the same question asked in a form the inline path does not take
(``DESCRIBE <iri> WHERE {}``), as parsed graphs, per format. Every other query of the lane's form
goes to a worker and is compared with the route's answer to the same query sent as a form POST.
"""

from __future__ import annotations

import time

import httpx
import pytest
from fastapi.testclient import TestClient

from api.lanes import GZIP_MINIMUM
from graph.query.executor import INLINE_LIMIT
from tests.test_api.conftest import AUTH, ClientFactory, assert_isomorphic, rdf

EX = "http://example.org/"


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    client = make_client()
    many = " ".join(f"<{EX}p{i}> {i} ;" for i in range(INLINE_LIMIT + 5))
    update = f"""INSERT DATA {{ GRAPH <{EX}g> {{
        <{EX}a> <{EX}name> "A"@en ; <{EX}knows> <{EX}b> , [ <{EX}name> "nameless" ] .
        <{EX}b> <{EX}name> "B" .
        <{EX}big> {many} <{EX}name> "big" . }} }}"""
    answer = client.post(
        "/sparql", content=update, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    assert answer.status_code == 204, answer.text
    return client


def describe(client: TestClient, query: str, accept: str, **params: str) -> httpx.Response:
    return client.get("/sparql", params={"query": query, **params}, headers={"Accept": accept})


@pytest.mark.parametrize("accept", ["application/n-triples", "text/turtle", "application/ld+json", "*/*"])
@pytest.mark.parametrize("iris", [[f"{EX}a"], [f"{EX}a", f"{EX}b"], [f"{EX}missing"]])
def test_lane_answers_as_the_worker_does(client: TestClient, accept: str, iris: list[str]) -> None:
    named = " ".join(f"<{iri}>" for iri in iris)
    inline = describe(client, f"DESCRIBE {named}", accept)
    worker = describe(client, f"DESCRIBE {named} WHERE {{}}", accept)
    assert inline.status_code == worker.status_code == 200
    assert inline.headers["content-type"] == worker.headers["content-type"]
    assert "Accept" in inline.headers["vary"]
    assert_isomorphic(rdf(inline), rdf(worker))
    assert int(inline.headers["x-euus-rows"]) == len(rdf(worker))
    assert int(inline.headers["content-length"]) == len(inline.content)


def test_lane_reads_each_write_at_once(client: TestClient) -> None:
    first = describe(client, f"DESCRIBE <{EX}b>", "application/n-triples")
    again = describe(client, f"DESCRIBE <{EX}b>", "application/n-triples")
    assert "x-euus-cache" not in first.headers
    assert again.headers["x-euus-cache"] == "hit" and again.content == first.content  # kept, not read again
    assert again.headers["x-euus-rows"] == first.headers["x-euus-rows"]
    update = f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}b> <{EX}age> 7 }} }}"
    assert (
        client.post(
            "/sparql", content=update, headers={**AUTH, "Content-Type": "application/sparql-update"}
        ).status_code
        == 204
    )
    after = describe(client, f"DESCRIBE <{EX}b>", "application/n-triples")
    assert "x-euus-cache" not in after.headers  # the write made the kept answer one of an older version
    assert any(str(p) == f"{EX}age" for p in rdf(after).predicates())


def test_no_answer_is_kept_with_the_cache_turned_off(make_client: ClientFactory) -> None:
    client = make_client(answer_cache_mb=0)
    answers = [describe(client, f"DESCRIBE <{EX}a>", "text/turtle") for _ in "ab"]
    assert [a.status_code for a in answers] == [200, 200]
    assert not any("x-euus-cache" in a.headers for a in answers)
    assert_isomorphic(rdf(answers[0]), rdf(answers[1]))


def test_larger_descriptions_go_to_a_worker(client: TestClient) -> None:
    answer = describe(client, f"DESCRIBE <{EX}big>", "application/n-triples")
    assert answer.status_code == 200
    assert len(rdf(answer)) == INLINE_LIMIT + 6


@pytest.mark.parametrize(
    ("params", "accept", "status", "kind"),
    [
        ({"format": "turtle"}, "application/n-triples", 200, "text/turtle"),  # format= is the route's
        ({}, "text/html", 200, "text/html"),  # a browser gets the query page
        ({}, "image/png", 406, "application/problem+json"),
        ({"timeout": "5"}, "application/n-triples", 200, "application/n-triples"),
    ],
)
def test_other_requests_reach_the_route(
    client: TestClient, params: dict[str, str], accept: str, status: int, kind: str
) -> None:
    answer = describe(client, f"DESCRIBE <{EX}a>", accept, **params)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith(kind)


def test_invalid_iris_get_the_routes_error(client: TestClient) -> None:
    answer = describe(client, "DESCRIBE <http://example.org/a b>", "application/n-triples")
    assert answer.status_code == 400
    assert "line 1" in answer.json()["detail"]


def test_lane_keeps_the_log_line_of_every_request(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="euus.access"):
        answer = describe(client, f"DESCRIBE <{EX}a>", "application/n-triples")
    lines = [r.getMessage() for r in caplog.records if r.name == "euus.access"]
    assert lines and lines[-1].startswith("GET /sparql 200 ")
    assert f"{len(answer.content)}B rows={answer.headers['x-euus-rows']}" in lines[-1]


def test_lane_gzips_a_large_answer_for_a_client_that_accepts_it(client: TestClient) -> None:
    """A description over the stack's gzip minimum (4 KiB) comes compressed, as any other answer would."""
    wordy = " ".join(f'<{EX}note{i}> "{"x" * 100}" ;' for i in range(60))
    update = f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}wordy> {wordy} <{EX}name> "wordy" . }} }}'
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    assert client.post("/sparql", content=update, headers=headers).status_code == 204
    query = f"DESCRIBE <{EX}wordy>"
    plain = client.get(
        "/sparql",
        params={"query": query},
        headers={"Accept": "application/n-triples", "Accept-Encoding": "identity"},
    )
    assert len(plain.content) > GZIP_MINIMUM and plain.headers.get("content-encoding") is None
    zipped = client.get(
        "/sparql",
        params={"query": query},
        headers={"Accept": "application/n-triples", "Accept-Encoding": "gzip"},
    )
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert_isomorphic(rdf(zipped), rdf(plain))


def test_a_cross_origin_request_gets_the_cors_headers(client: TestClient) -> None:
    answer = client.get(
        "/sparql",
        params={"query": f"DESCRIBE <{EX}a>"},
        headers={"Accept": "application/n-triples", "Origin": "https://dashboard.example"},
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "X-Euus-Rows" in answer.headers["access-control-expose-headers"]
    assert len(rdf(answer)) == int(answer.headers["x-euus-rows"])


# ------------------------------------------------------------- every other query of the lane's form

SELECT_NAMES = f"SELECT ?s ?name WHERE {{ ?s <{EX}name> ?name }} ORDER BY ?s ?name"


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"]
)
def test_a_select_in_the_lane_answers_as_the_route(client: TestClient, accept: str) -> None:
    """GET with only ``query=`` (the lane) and a form POST (the route) give the same answer and headers."""
    lane = client.get("/sparql", params={"query": SELECT_NAMES}, headers={"Accept": accept})
    route = client.post("/sparql", data={"query": SELECT_NAMES}, headers={"Accept": accept})
    assert lane.status_code == route.status_code == 200
    assert lane.content == route.content
    for header in ("content-type", "vary", "x-euus-rows"):
        assert lane.headers.get(header) == route.headers.get(header), header
    assert int(lane.headers["x-euus-rows"]) >= 3


def test_the_lane_signals_a_row_cap_as_the_route(make_client: ClientFactory) -> None:
    capped = make_client(max_rows=2)
    update = f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}name> "A" . <{EX}b> <{EX}name> "B" . <{EX}c> <{EX}name> "C" }} }}'
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    assert capped.post("/sparql", content=update, headers=headers).status_code == 204
    accept = {"Accept": "application/sparql-results+json"}
    lane = capped.get("/sparql", params={"query": SELECT_NAMES}, headers=accept)
    route = capped.post("/sparql", data={"query": SELECT_NAMES}, headers=accept)
    assert lane.headers["x-euus-truncated"] == route.headers["x-euus-truncated"] == "max-rows=2"
    assert len(lane.json()["results"]["bindings"]) == 2 == int(lane.headers["x-euus-rows"])


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("SELECT * WHERE { ?s ?p }", 400, "invalid-query"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, None),
    ],
)
def test_the_lane_answers_errors_from_the_error_table(
    client: TestClient, query: str, status: int, code: str | None
) -> None:
    lane = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    route = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert lane.status_code == route.status_code == status
    assert lane.json() == route.json()
    assert code is None or lane.json()["type"].endswith(code)


def test_a_runaway_query_in_the_lane_is_stopped_at_the_limit(make_client: ClientFactory) -> None:
    """The lane sends every query but an inline DESCRIBE to a worker, under the service's time limit."""
    limited = make_client(query_timeout=1)
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    update = (
        f"INSERT DATA {{ GRAPH <{EX}g> {{ {' '.join(f'<{EX}s{i}> <{EX}p> {i} .' for i in range(300))} }} }}"
    )
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    assert limited.post("/sparql", content=update, headers=headers).status_code == 204
    started = time.monotonic()
    answer = limited.get(
        "/sparql", params={"query": runaway}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 503 and answer.json()["type"].endswith("timeout")
    assert time.monotonic() - started < 5
    small = limited.get("/sparql", params={"query": f"ASK {{ <{EX}s1> ?p ?o }}"})
    assert small.status_code == 200 and small.json()["boolean"] is True
