"""ETag, Cache-Control and 304 on every GET under /api, /id, /void and /export; the OpenAPI document."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from api.deps import DataVersion
from api.middleware import ConditionalGet
from tests.test_api.conftest import AUTH, ClientFactory, Oxigraph
from tests.test_api.dashboard import ID

CACHED = ["/api/meetings?topic=cybercrime", "/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia",
          "/api/organisations", "/api/presidencies/at?date=2018-03-01", "/api/topics", "/api/places",
          "/api/search?q=euro", "/api/stats/timeline?by=half-year", "/api/stats/network", "/id/org/europol"]  # fmt: skip


@pytest.mark.parametrize("path", CACHED)
def test_a_current_tag_gets_304(shipped_client: TestClient, path: str) -> None:
    first = shipped_client.get(path)
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and "no-cache" in first.headers["cache-control"]
    again = shipped_client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag and again.headers["cache-control"] == first.headers["cache-control"]
    stale = shipped_client.get(path, headers={"If-None-Match": 'W/"0-0-0"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_the_tag_depends_on_the_representation(shipped_client: TestClient) -> None:
    turtle = shipped_client.get("/id/org/europol", headers={"Accept": "text/turtle"})
    html = shipped_client.get("/id/org/europol", headers={"Accept": "text/html"})
    assert turtle.headers["etag"] != html.headers["etag"]
    other = shipped_client.get(
        "/id/org/europol", headers={"Accept": "text/html", "If-None-Match": turtle.headers["etag"]}
    )
    assert other.status_code == 200
    paged = [shipped_client.get("/api/topics", params={"offset": n}).headers["etag"] for n in (0, 1)]
    assert paged[0] != paged[1]


@pytest.mark.parametrize(
    "path", ["/health", "/sparql?query=ASK%7B%7D", "/api/meetings/nothing", "/api/meetings?lang=xx"]
)
def test_no_tag_outside_the_cached_reads(shipped_client: TestClient, path: str) -> None:
    assert "etag" not in shipped_client.get(path).headers


def test_a_write_changes_the_tag_and_the_answer(make_client: ClientFactory) -> None:
    client = make_client(load_shipped_data=True, validate_writes=False)
    before = client.get("/api/meetings")
    meeting = ID + "meeting/2019-06-19-eu-us-jha-ministerial-bucharest"
    insert = f"""INSERT DATA {{ GRAPH <{ID}graph/test-write> {{
        <{meeting}> a <https://w3id.org/euus-kg/ontology#Meeting> ;
          <https://schema.org/startDate> "2019-06-19"^^<http://www.w3.org/2001/XMLSchema#date> }} }}"""
    written = client.post(
        "/sparql", content=insert, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    assert written.status_code == 204, written.text
    after = client.get("/api/meetings", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert after.json()["total"] == before.json()["total"] + 1
    assert meeting in {m["id"] for m in after.json()["items"]}


async def _ok(request: object) -> PlainTextResponse:
    return PlainTextResponse("dump")


@pytest.mark.parametrize(("path", "tagged"), [("/void", True), ("/.well-known/void", True),
                         ("/export/dataset.nq", True), ("/exports", False), ("/sparql", False)])  # fmt: skip
def test_the_middleware_covers_void_and_export_by_prefix(path: str, tagged: bool) -> None:
    app = Starlette(routes=[Route(path, _ok)])
    app.add_middleware(ConditionalGet)  # as api.main adds it: the app's state holds the data version
    app.state.version = DataVersion()
    with TestClient(app) as client:
        response = client.get(path)
        assert ("etag" in response.headers) is tagged
        if tagged:
            assert client.get(path, headers={"If-None-Match": response.headers["etag"]}).status_code == 304
            app.state.version.bump()
            assert client.get(path, headers={"If-None-Match": response.headers["etag"]}).status_code == 200


def test_openapi_lists_every_status_and_media_type(shipped_client: TestClient) -> None:
    document = shipped_client.get("/openapi.json").json()
    routes = {
        path: spec["get"]
        for path, spec in document["paths"].items()
        if path.startswith("/api/") and "get" in spec
    }
    assert {"/api/meetings", "/api/meetings/{id}", "/api/organisations", "/api/organisations/{id}", "/api/presidencies",
            "/api/presidencies/at", "/api/presidencies/{id}", "/api/topics", "/api/topics/{id}", "/api/places",
            "/api/search", "/api/stats/timeline", "/api/stats/topics", "/api/stats/network"} <= set(routes)  # fmt: skip
    for path, spec in routes.items():
        answers = spec["responses"]
        assert "application/json" in answers["200"]["content"], path
        assert "304" in answers, path
        assert "application/problem+json" in answers["422"]["content"], path
        if "{id}" in path or path.endswith("/at"):
            assert "application/problem+json" in answers["404"]["content"], path
    schemas = document["components"]["schemas"]
    assert schemas["MeetingSummary"]["properties"]["start"]["examples"]
    assert "items" in schemas["Page_MeetingSummary_"]["properties"]


def test_the_same_answers_over_a_remote_sparql_backend(
    shipped_client: TestClient, make_client: ClientFactory, oxigraph_server: Oxigraph
) -> None:
    remote = make_client(endpoint=oxigraph_server.query_url, load_shipped_data=True, validate_writes=False)
    for path in ["/api/meetings", "/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia",
                 "/api/topics", "/api/stats/network", "/api/search?q=terrorisme"]:  # fmt: skip
        answer = remote.get(path)
        assert answer.status_code == 200, answer.text
        assert answer.json() == shipped_client.get(path).json(), path


def test_a_dashboard_in_another_origin_can_revalidate(shipped_client: TestClient) -> None:
    origin = "https://dashboards.example.org"
    preflight = shipped_client.options("/api/meetings", headers={
        "Origin": origin, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})  # fmt: skip
    assert preflight.status_code == 200
    assert "if-none-match" in preflight.headers["access-control-allow-headers"].lower()
    first = shipped_client.get("/api/meetings", params={"limit": 1}, headers={"Origin": origin})
    exposed = first.headers["access-control-expose-headers"].lower()
    assert "etag" in exposed and "link" in exposed
    again = shipped_client.get("/api/meetings", params={"limit": 1},
                               headers={"Origin": origin, "If-None-Match": first.headers["etag"]})  # fmt: skip
    assert again.status_code == 304 and again.headers["access-control-allow-origin"]
