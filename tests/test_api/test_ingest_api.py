"""``POST /api/ingest``: documents in, validated facts stored and visible at once, or 422 and nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import AUTH, ClientFactory

CORPUS = Path(__file__).resolve().parents[1] / "data" / "ingest" / "corpus"
SEED = Path(__file__).resolve().parents[1] / "data" / "ingest" / "seed" / "000_0be234f73af0dcac.txt"
MADRID = CORPUS / "02-2010-madrid-ministerial.txt"


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    """A service over the shipped data that checks writes: ingest adds to it."""
    return make_client(load_shipped_data=True, validate_writes=True)


def dump(client: TestClient) -> set[str]:
    return set(client.get("/store", headers={"Accept": "application/n-quads"}).text.splitlines())


def without_blank_labels(quads: set[str]) -> set[str]:
    return {re.sub(r"_:\w+", "_:b", q) for q in quads}


def test_ingest_needs_the_write_token(client: TestClient) -> None:
    response = client.post("/api/ingest", content=MADRID.read_bytes(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 401


def test_ingested_facts_are_visible_at_once(client: TestClient) -> None:
    response = client.post("/api/ingest", content=MADRID.read_bytes(),
                           headers={"Content-Type": "text/plain", **AUTH}, params={"name": MADRID.name})  # fmt: skip
    assert response.status_code == 200, response.text
    [summary] = response.json()
    assert summary["committed"] is True and summary["file"] == MADRID.name
    meeting = summary["meetings"][0]["id"]
    listed = client.get("/api/meetings", params={"from": "2010", "to": "2010"}).json()["items"]
    assert meeting in [m["id"] for m in listed]
    asked = client.get("/sparql", params={"query": f"ASK {{ <{meeting}> a euus:Meeting ; cv:hasParticipation ?p }}"},
                       headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert asked.json()["boolean"] is True
    page = client.get("/id/" + meeting.split("/id/", 1)[1], headers={"Accept": "text/html"})
    assert page.status_code == 200


def test_reingesting_replaces_instead_of_duplicating(client: TestClient) -> None:
    before = dump(client)
    response = client.post("/api/ingest", content=MADRID.read_bytes(),
                           headers={"Content-Type": "text/plain", **AUTH}, params={"name": MADRID.name})  # fmt: skip
    assert response.status_code == 200
    after = dump(client)
    # the same number of quads, and apart from the extraction's own timestamp the same ones
    assert len(after) == len(before)
    changed = without_blank_labels(after) ^ without_blank_labels(before)
    assert {q for q in changed if "startedAtTime" not in q and "generatedAtTime" not in q} == set()


def test_several_files_in_one_multipart_request(client: TestClient) -> None:
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(CORPUS.glob("0[3-4]-*.txt"))]
    response = client.post("/api/ingest", files=files, headers=AUTH)
    assert response.status_code == 200, response.text
    assert [s["file"] for s in response.json()] == [name for name, *_ in (f[1] for f in files)]


def test_a_document_about_a_known_meeting_is_merged_then_already_present(client: TestClient) -> None:
    # The shipped curated graph already describes the Sofia meeting the seed reports: the seed is merged
    # onto it (no second title or participation), and sent again it changes nothing.
    def titles_and_participations() -> dict[str, int]:
        query = ("SELECT (COUNT(DISTINCT ?t) AS ?titles) (COUNT(DISTINCT ?p) AS ?participations) WHERE { "
                 "<https://w3id.org/euus-kg/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia> "
                 "dct:title ?t ; cv:hasParticipation ?p }")  # fmt: skip
        answer = client.get(
            "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
        )
        [row] = answer.json()["results"]["bindings"]
        return {name: int(value["value"]) for name, value in row.items()}

    known = titles_and_participations()
    response = client.post(
        "/api/ingest", content=SEED.read_bytes(), headers={"Content-Type": "text/plain", **AUTH}
    )
    assert response.status_code == 200, response.text
    [summary] = response.json()
    assert summary["status"] == "merged" and summary["committed"] is True and summary["conflicts"] == []
    assert titles_and_participations() == known
    before = dump(client)
    again = client.post(
        "/api/ingest", content=SEED.read_bytes(), headers={"Content-Type": "text/plain", **AUTH}
    )
    assert again.status_code == 200 and again.json()[0]["status"] == "already present"
    assert dump(client) == before


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [(b"", "text/plain", 400), (b"\xff\xfe", "text/plain", 400), (b"x", "application/json", 415)],
)
def test_bad_ingest_requests(client: TestClient, content: bytes, content_type: str, status: int) -> None:
    response = client.post("/api/ingest", content=content, headers={"Content-Type": content_type, **AUTH})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
