"""Who may write, and how much: the write token, read-only services, body limits and shape checks.

Every way of writing (SPARQL Update, Graph Store PUT/POST/DELETE) is tried without a token, with a
wrong one, on a read-only or tokenless service and with a body over the limit: each is refused with a
problem JSON and the store is left as it was. Over HTTP, one scratch service per setting.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import (
    AUTH,
    TOKEN,
    ClientFactory,
    ask,
    assert_same_dataset,
    media_type,
    problem,
    put_turtle,
    rdf_dataset,
)

SQ = "application/sparql-query"
SU = "application/sparql-update"


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    """The scratch service of this module."""
    return make_client()


# ------------------------------------------------------------------------------------ writes: who may


WRITES = [
    pytest.param("POST", "/sparql", {}, SU, "INSERT DATA { <http://example.org/w> <http://example.org/p> 1 }",
                 id="sparql-update"),
    pytest.param("PUT", "/store", {"graph": "http://example.org/w"}, "text/turtle",
                 "<http://example.org/w> <http://example.org/p> 1 .", id="gsp-put"),
    pytest.param("POST", "/store", {"graph": "http://example.org/w"}, "text/turtle",
                 "<http://example.org/w> <http://example.org/p> 1 .", id="gsp-post"),
    pytest.param("DELETE", "/store", {"graph": "http://example.org/union-test"}, None, None, id="gsp-delete"),
    pytest.param("POST", "/api/ingest", {}, "text/plain", "EU-US meeting\nThe ministers met in Sofia.",
                 id="ingest"),
]  # fmt: skip


def write(client: TestClient, method: str, path: str, params: dict[str, str], content_type: str | None,
          body: str | None, headers: dict[str, str]) -> Any:  # fmt: skip
    all_headers = {**headers, **({"Content-Type": content_type} if content_type else {})}
    return client.request(method, path, params=params, content=body, headers=all_headers)


def store_state(client: TestClient) -> Any:
    return rdf_dataset(client.get("/store", headers={"Accept": "application/n-quads"}))


@pytest.mark.parametrize(("method", "path", "params", "content_type", "body"), WRITES)
def test_write_without_token_is_401(
    client: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str | None,
    body: str | None,
) -> None:
    put_turtle(client, "http://example.org/union-test", "<http://example.org/u> <http://example.org/p> 1 .\n")
    before = store_state(client)
    response = write(client, method, path, params, content_type, body, {})
    problem(response, 401, "bearer")
    assert response.headers["www-authenticate"].lower().startswith("bearer")
    assert_same_dataset(before, store_state(client))


@pytest.mark.parametrize(("method", "path", "params", "content_type", "body"), WRITES)
@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token-0123456789", f"Basic {TOKEN}", f"Bearer {TOKEN}x"]
)
def test_write_with_wrong_token_is_403(
    client: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str | None,
    body: str | None,
    authorization: str,
) -> None:
    put_turtle(client, "http://example.org/union-test", "<http://example.org/u> <http://example.org/p> 1 .\n")
    before = store_state(client)
    response = write(client, method, path, params, content_type, body, {"Authorization": authorization})
    if authorization.startswith("Basic"):
        problem(response, 401, "bearer")  # not a bearer token at all: asked for one
    else:
        problem(response, 403, "token")
    assert_same_dataset(before, store_state(client))


@pytest.mark.parametrize(("method", "path", "params", "content_type", "body"), WRITES)
def test_refusals_never_echo_a_token_nor_show_internals(
    client: TestClient, method: str, path: str, params: dict[str, str], content_type: str | None,
    body: str | None,
) -> None:  # fmt: skip
    sent = "Bearer guess-0123456789-abcdef"
    response = write(client, method, path, params, content_type, body, {"Authorization": sent})
    problem(response, 403, "token")
    for secret in (TOKEN, "guess-0123456789-abcdef", "Traceback", "site-packages", "api/"):
        assert secret not in response.text, f"{secret!r} in {response.text}"


@pytest.mark.parametrize(
    ("method", "headers"),
    [("PUT", "content-type"), ("DELETE", ""), ("POST", "authorization,content-type")],
)
def test_browser_writes_fail_their_preflight(client: TestClient, method: str, headers: str) -> None:
    """A page of another origin cannot send a write: the methods and the Authorization header are not
    allowed cross-origin (EUUS_CORS_ORIGINS opens reads only)."""
    preflight = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": method}
    if headers:
        preflight["Access-Control-Request-Headers"] = headers
    response = client.options("/store" if method != "POST" else "/sparql", headers=preflight)
    assert response.status_code == 400, response.text
    allowed = response.headers.get("access-control-allow-methods", "") + response.headers.get(
        "access-control-allow-headers", ""
    )
    assert method not in allowed.split(", ") or "authorization" not in allowed.lower()


@pytest.fixture(scope="module")
def read_only(make_client: ClientFactory) -> TestClient:
    return make_client(read_only=True)


@pytest.fixture(scope="module")
def tokenless(make_client: ClientFactory) -> TestClient:
    return make_client(write_token=None)


@pytest.mark.parametrize(("method", "path", "params", "content_type", "body"), WRITES)
@pytest.mark.parametrize(("service", "word"), [("read_only", "read-only"), ("tokenless", "token")])
def test_writes_off_is_403(
    request: pytest.FixtureRequest,
    service: str,
    word: str,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str | None,
    body: str | None,
) -> None:
    off: TestClient = request.getfixturevalue(service)
    before = store_state(off)
    response = write(off, method, path, params, content_type, body, AUTH)
    problem(response, 403, word)
    assert_same_dataset(before, store_state(off))
    assert off.get("/sparql", params={"query": "ASK {}"}).status_code == 200, "reads still work"


@pytest.fixture(scope="module")
def small_bodies(make_client: ClientFactory) -> TestClient:
    return make_client(max_body_bytes=1000)


def big_turtle(size: int) -> str:
    lines: list[str] = []
    n = 0
    while sum(map(len, lines)) < size:
        lines.append(f'<http://example.org/too-big> <http://example.org/p> "{n:06d}" .\n')
        n += 1
    return "".join(lines)


BIG_UPDATE = "INSERT DATA { " + big_turtle(2000).replace(" .\n", " . ") + "}"
TOO_BIG = "http://example.org/too-big"
BIG_QUERY = "ASK { " + " ".join(["?s ?p ?o ."] * 200) + " }"


@pytest.mark.parametrize(
    ("method", "path", "params", "content_type", "body"),
    [
        pytest.param("POST", "/sparql", {}, SU, BIG_UPDATE, id="sparql-update"),
        pytest.param("POST", "/sparql", {}, SQ, BIG_QUERY, id="sparql-query"),
        pytest.param("PUT", "/store", {"graph": TOO_BIG}, "text/turtle", big_turtle(2000), id="gsp-put"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_over_the_limit_is_413(
    small_bodies: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str,
    body: str,
    chunked: bool,
) -> None:
    assert len(body.encode()) > 1000
    before = store_state(small_bodies)
    content: Any = body.encode()
    if chunked:  # no Content-Length: the limit must count the bytes as they arrive
        data_bytes = content
        content = (data_bytes[i : i + 300] for i in range(0, len(data_bytes), 300))
    response = small_bodies.request(method, path, params=params, content=content,
                                    headers={**AUTH, "Content-Type": content_type})  # fmt: skip
    problem(response, 413, "1000")
    assert_same_dataset(before, store_state(small_bodies))
    assert small_bodies.get("/health").status_code == 200


# ------------------------------------------------------------------------------------ writes: the shapes


@pytest.fixture(scope="module")
def guarded(make_client: ClientFactory) -> TestClient:
    """A service over the shipped data with every write checked against the shapes."""
    return make_client(validate_writes=True, load_shipped_data=True)


def test_write_of_an_undescribed_named_graph_is_422_and_changes_nothing(guarded: TestClient) -> None:
    before = store_state(guarded)
    assert len(before) > 1000, "the shipped data is loaded"
    response = write(guarded, "POST", "/sparql", {}, SU,
                     'INSERT DATA { GRAPH <https://example.org/undescribed> { <https://example.org/s> '
                     '<https://example.org/p> "o" } }', AUTH)  # fmt: skip
    assert response.status_code == 422, response.text
    assert media_type(response) == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 422 and "shacl" in body["type"]
    assert "https://example.org/undescribed" in json.dumps(body)
    assert_same_dataset(before, store_state(guarded))
    assert ask(guarded, "ASK { GRAPH <https://example.org/undescribed> { ?s ?p ?o } }") is False
