"""The JSON lookups and the dereferenceable IRIs, over the shipped data."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

ID = "https://w3id.org/euus-kg/id/"
SOM = ID + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia"


def test_meetings_list_has_the_sofia_meetings(shipped_client: TestClient) -> None:
    body = shipped_client.get("/api/meetings").json()
    ids = [m["id"] for m in body["items"]]
    assert ids == [SOM, ID + "meeting/2018-05-eu-us-jha-ministerial-sofia"]
    som = body["items"][0]
    assert (som["start"], som["end"], som["place"]["label"]) == ("2018-02-26", "2018-02-27", "Sofia")
    assert som["presidency"]["id"] == ID + "presidency/2018-h1"
    sides = {(p["id"], p["side"]) for p in som["participants"]}
    assert (ID + "org/europol", "eu") in sides and (None, "us") in sides
    som = shipped_client.get("/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia").json()  # in full
    assert any(
        r["id"] == ID + "meeting/2018-05-eu-us-jha-ministerial-sofia" and r["relation"] == "prepares"
        for r in som["related"]
    )
    assert som["sources"][0]["id"] == ID + "source/2018-03-01-eu-us-jha-senior-officials-sofia"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "whois"}, [SOM]),
        ({"topic": "cybercrime"}, [SOM]),  # WHOIS is narrower than cybercrime, and the session names it
        ({"topic": "police-cooperation"}, [SOM]),  # via its narrower topic information sharing
        (
            {"presidency": "2018-h1", "kind": "ministerial"},
            [ID + "meeting/2018-05-eu-us-jha-ministerial-sofia"],
        ),
        ({"participant": "europol"}, [SOM]),
        ({"from": "2018-03"}, [ID + "meeting/2018-05-eu-us-jha-ministerial-sofia"]),
        ({"to": "2018-02"}, [SOM]),
        ({"q": "senior officials"}, [SOM]),
        ({"topic": "ransomware"}, []),
    ],
)
def test_meeting_filters(shipped_client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    response = shipped_client.get("/api/meetings", params=params)
    assert response.status_code == 200, response.text
    assert [m["id"] for m in response.json()["items"]] == expected


def test_paging_links_the_next_page(shipped_client: TestClient) -> None:
    first = shipped_client.get("/api/meetings", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next"]
    second = shipped_client.get(first["next"]).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]


@pytest.mark.parametrize(
    "params", [{"from": "last year"}, {"topic": "a b>"}, {"limit": "0"}, {"offset": "-1"}]
)
def test_bad_lookup_parameters_are_422(shipped_client: TestClient, params: dict[str, str]) -> None:
    response = shipped_client.get("/api/meetings", params=params)
    assert response.status_code == 422  # issue 9: a bad parameter is 422 naming it, not 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_one_meeting_and_404(shipped_client: TestClient) -> None:
    assert (
        shipped_client.get("/api/meetings/meeting/2018-02-26-eu-us-jha-senior-officials-sofia").json()["id"]
        == SOM
    )
    missing = shipped_client.get("/api/meetings/meeting/1999-01-01-nothing")
    assert missing.status_code == 404 and json.loads(missing.text)["status"] == 404


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
     ("application/rdf+xml", "xml")],
)  # fmt: skip
def test_iri_dereferences_to_rdf(shipped_client: TestClient, accept: str, rdflib_format: str) -> None:
    response = shipped_client.get("/id/org/europol", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.content, format=rdflib_format)
    europol = URIRef(ID + "org/europol")
    assert (europol, SKOS.prefLabel, Literal("Europol", lang="en")) in graph
    assert (europol, RDF.type, None) in graph


def test_iri_page_for_people(shipped_client: TestClient) -> None:
    response = shipped_client.get("/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia",
                                  headers={"Accept": "text/html,application/xhtml+xml"})  # fmt: skip
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert (
        "<h1>EU-US Justice and Home Affairs Senior Officials Meeting, Sofia, 26-27 February 2018</h1>" in page
    )
    assert 'href="/id/place/sofia"' in page and "Senior officials of the EU and the US discussed" in page
    assert "<script" not in page


def test_unknown_iri_is_404(shipped_client: TestClient) -> None:
    assert shipped_client.get("/id/org/nobody", headers={"Accept": "text/turtle"}).status_code == 404
    assert shipped_client.get("/id/org/nobody").status_code == 404
