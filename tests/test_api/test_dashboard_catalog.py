"""Organisations, presidencies, topics and places over the shipped data, checked against SPARQL."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import problem
from tests.test_api.dashboard import ID, TOPICS_PATH, column, everything, sparql


def test_organisations_count_the_meetings_they_attended(shipped_client: TestClient) -> None:
    found = {o["id"]: o for o in everything(shipped_client, "/api/organisations")}
    attended = {row["who"]: int(row["n"]) for row in sparql(shipped_client, """
        SELECT ?who (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a euus:Meeting ; cv:hasParticipation/cv:hasParticipant ?who }
        GROUP BY ?who""")}  # fmt: skip
    organisations = column(shipped_client, "SELECT DISTINCT ?o WHERE { { ?o a cv:PublicOrganisation } UNION "
                                           "{ ?o a org:FormalOrganization } }", "o")  # fmt: skip
    assert set(found) == set(organisations) | set(attended)
    assert {k: v["meetings"] for k, v in found.items() if v["meetings"]} == attended
    counts = [o["meetings"] for o in everything(shipped_client, "/api/organisations")]
    assert counts == sorted(counts, reverse=True)
    us = everything(shipped_client, "/api/organisations", side="us")
    assert all(o["side"] == "us" for o in us)


def test_organisation_detail_partners_and_years(shipped_client: TestClient) -> None:
    detail = shipped_client.get("/api/organisations/europol").json()
    assert detail["id"] == ID + "org/europol" and detail["side"] == "eu"
    partners = {row["other"]: int(row["n"]) for row in sparql(shipped_client, f"""
        SELECT ?other (COUNT(DISTINCT ?m) AS ?n) WHERE {{
          ?m cv:hasParticipation/cv:hasParticipant <{ID}org/europol>, ?other FILTER(?other != <{ID}org/europol>) }}
        GROUP BY ?other""")}  # fmt: skip
    assert {p["id"]: p["meetings"] for p in detail["meets_most_often"]} == partners
    years = Counter(d[:4] for d in column(shipped_client, f"""SELECT ?m ?d WHERE {{
        ?m cv:hasParticipation/cv:hasParticipant <{ID}org/europol> ; schema:startDate ?d }}""", "d"))  # fmt: skip
    assert {y["period"]: y["meetings"] for y in detail["by_year"]} == dict(years)
    assert detail["meetings"] == sum(years.values()) == len(detail["latest_meetings"])


def test_presidencies_are_the_whole_rota_in_order(shipped_client: TestClient) -> None:
    rota = sparql(shipped_client, """SELECT ?p ?start ?end ?trio WHERE { ?p a euus:CouncilPresidency ;
        euus:membership/org:memberDuring [ dcat:startDate ?start ; dcat:endDate ?end ] ; euus:trio ?trio } ORDER BY ?start""")  # fmt: skip
    found = everything(shipped_client, "/api/presidencies")
    assert [(p["id"], p["start"], p["end"], p["trio"]["id"]) for p in found] == [
        (r["p"], r["start"], r["end"], r["trio"]) for r in rota
    ]
    assert found[0]["start"].startswith("2007") and found[-1]["end"].startswith("2030")
    counts = {row["p"]: int(row["n"]) for row in sparql(shipped_client, """SELECT ?p (COUNT(?m) AS ?n) WHERE {
        ?m a euus:Meeting ; euus:duringPresidency ?p } GROUP BY ?p""")}  # fmt: skip
    assert {p["id"]: p["meetings"] for p in found if p["meetings"]} == counts


@pytest.mark.parametrize("day", ["2007-01-01", "2018-03-01", "2018-06-30", "2018-07-01", "2030-12-31"])
def test_presidency_at_a_date(shipped_client: TestClient, day: str) -> None:
    [holder] = column(shipped_client, f"""SELECT ?p WHERE {{ ?p a euus:CouncilPresidency ;
        euus:membership/org:memberDuring [ dcat:startDate ?s ; dcat:endDate ?e ]
        FILTER(?s <= "{day}"^^xsd:date && ?e >= "{day}"^^xsd:date) }}""", "p")  # fmt: skip
    response = shipped_client.get("/api/presidencies/at", params={"date": day})
    assert response.status_code == 200 and response.json()["id"] == holder


@pytest.mark.parametrize("day", ["2006-12-31", "2031-01-01"])
def test_presidency_outside_the_rota_is_404(shipped_client: TestClient, day: str) -> None:
    problem(shipped_client.get("/api/presidencies/at", params={"date": day}), 404, day)


@pytest.mark.parametrize("day", ["2018", "01-03-2018", "tomorrow"])
def test_presidency_at_a_bad_date_is_422(shipped_client: TestClient, day: str) -> None:
    body = problem(shipped_client.get("/api/presidencies/at", params={"date": day}), 422)
    assert body["invalid_params"][0]["name"] == "date"


def test_one_presidency_lists_its_meetings(shipped_client: TestClient) -> None:
    detail = shipped_client.get("/api/presidencies/2018-h1").json()
    meetings = column(shipped_client, f"""SELECT ?m WHERE {{ ?m a euus:Meeting ;
        euus:duringPresidency <{ID}presidency/2018-h1> ; schema:startDate ?d }} ORDER BY STR(?d)""", "m")  # fmt: skip
    assert [m["id"] for m in detail["meeting_list"]] == meetings
    [state] = column(
        shipped_client, f"SELECT ?s WHERE {{ <{ID}presidency/2018-h1> euus:membership/org:member ?s }}", "s"
    )
    assert detail["member_state"]["id"] == state
    problem(shipped_client.get("/api/presidencies/1999-h1"), 404)


def test_topic_tree_counts_narrower_topics_and_sessions(shipped_client: TestClient) -> None:
    found = everything(shipped_client, "/api/topics")
    topics = column(shipped_client, f"SELECT ?t WHERE {{ ?t skos:inScheme <{ID}scheme/topics> }}", "t")
    assert sorted(t["id"] for t in found) == sorted(topics)
    under = {row["t"]: int(row["n"]) for row in sparql(shipped_client, f"""
        SELECT ?t (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a euus:Meeting ; {TOPICS_PATH}/skos:broader* ?t }}
        GROUP BY ?t""")}  # fmt: skip
    assert {t["id"]: t["meetings"] for t in found if t["meetings"]} == under
    broader = {
        (row["t"], row["b"]) for row in sparql(shipped_client, "SELECT ?t ?b WHERE { ?t skos:broader ?b }")
    }
    assert {(t["id"], b["id"]) for t in found for b in t["broader"]} == broader
    assert {(n["id"], t["id"]) for t in found for n in t["narrower"]} == broader
    # depth first: every topic comes after its broader topic, one level deeper
    position = {t["id"]: i for i, t in enumerate(found)}
    for topic in found:
        for up in topic["broader"]:
            assert position[up["id"]] < position[topic["id"]]
        assert topic["depth"] == (
            0
            if not topic["broader"]
            else 1 + min(found[position[b["id"]]]["depth"] for b in topic["broader"])
        )


def test_one_topic_with_labels_in_every_language(shipped_client: TestClient) -> None:
    detail = shipped_client.get("/api/topics/cybercrime").json()
    labels = {row["lang"]: row["l"] for row in sparql(shipped_client, f"""SELECT ?l (LANG(?l) AS ?lang) WHERE {{
        <{ID}topic/cybercrime> skos:prefLabel ?l }}""")}  # fmt: skip
    assert detail["labels"] == labels
    assert shipped_client.get("/api/topics/cybercrime", params={"lang": "de"}).json()["label"] == labels["de"]
    problem(shipped_client.get("/api/topics/no-such-topic"), 404)


def test_places_with_containing_place_and_meetings(shipped_client: TestClient) -> None:
    found = {p["id"]: p for p in everything(shipped_client, "/api/places")}
    held = {row["p"]: int(row["n"]) for row in sparql(shipped_client, """SELECT ?p (COUNT(?m) AS ?n) WHERE {
        ?m a euus:Meeting ; schema:location ?p } GROUP BY ?p""")}  # fmt: skip
    assert {k: v["meetings"] for k, v in found.items() if v["meetings"]} == held
    within = dict(
        (r["p"], r["c"])
        for r in sparql(shipped_client, "SELECT ?p ?c WHERE { ?p schema:containedInPlace ?c }")
    )
    assert all(p["contained_in"]["id"] == within[k] for k, p in found.items() if p["contained_in"])
