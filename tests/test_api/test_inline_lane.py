"""The inline lane: ``DESCRIBE`` of given IRIs answered in the service process, the same as by a worker.

Each lane answer is compared with the answer of the route and a worker to the same question asked
in a form the lane does not take (``DESCRIBE <iri> WHERE {}``), as parsed graphs, per format.
"""

from __future__ import annotations

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
    update = f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}b> <{EX}age> 7 }} }}"
    assert (
        client.post(
            "/sparql", content=update, headers={**AUTH, "Content-Type": "application/sparql-update"}
        ).status_code
        == 204
    )
    graph = rdf(describe(client, f"DESCRIBE <{EX}b>", "application/n-triples"))
    assert any(str(p) == f"{EX}age" for p in graph.predicates())


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
