"""``/api/search`` and ``/api/stats`` over the shipped data, checked against SPARQL over the same store."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import combinations

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import problem
from tests.test_api.dashboard import ID, TOPICS_PATH, everything, sparql

SEARCHABLE_CLASSES = (
    "euus:Meeting euus:SiteVisit euus:CouncilPresidency euus:PresidencyTrio euus:MemberState "
    "cv:PublicOrganisation org:FormalOrganization euus:MeetingSeries schema:City euus:BorderCrossingPoint"
)


def plain(text: str) -> str:
    """Lower case without accents (the test's own folding, to check the service's)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def labelled(client: TestClient) -> list[dict[str, str]]:
    """Every label of every searchable resource: classes above and topics."""
    return sparql(client, f"""SELECT DISTINCT ?s ?l WHERE {{
        {{ VALUES ?c {{ {SEARCHABLE_CLASSES} }} ?s a ?c }} UNION {{ ?s skos:inScheme <{ID}scheme/topics> }}
        VALUES ?p {{ skos:prefLabel skos:altLabel dct:title }} ?s ?p ?l }}""")  # fmt: skip


@pytest.mark.parametrize("query", ["eurojus", "terrorisme", "Évidence", "bestrijding", "EU-US JHA", "sofia"])
def test_search_finds_every_resource_with_a_word_beginning_so(shipped_client: TestClient, query: str) -> None:
    wanted = [plain(w) for w in re.findall(r"\w+", query)]
    expected = {
        row["s"] for row in labelled(shipped_client)
        if all(any(word.startswith(w) for word in re.findall(r"\w+", plain(row["l"]))) for w in wanted)
    }  # fmt: skip
    hits = everything(shipped_client, "/api/search", q=query)
    assert {h["id"] for h in hits} == expected and expected
    for hit in hits:  # the label that matched is one of the resource's labels, and it matches
        assert any(row["s"] == hit["id"] and row["l"] == hit["matched"] for row in labelled(shipped_client))


def test_search_meets_what_a_person_means(shipped_client: TestClient) -> None:
    def first(q: str) -> str:
        return str(shipped_client.get("/api/search", params={"q": q}).json()["items"][0]["id"])

    def named(label: str) -> str:
        return sparql(shipped_client, f'SELECT ?s WHERE {{ ?s skos:prefLabel "{label}"@en }}')[0]["s"]

    assert first("eurojus") == named("Eurojust")
    assert first("terrorisme") == named("counter-terrorism")  # the nl and fr altLabel "terrorisme" itself
    assert first("Évidence") == named("electronic evidence")


def test_search_by_type_and_ranking(shipped_client: TestClient) -> None:
    hits = everything(shipped_client, "/api/search", q="sofia", type="place")
    assert hits and all(h["type"] == "place" for h in hits)
    ranked = everything(shipped_client, "/api/search", q="europol")
    assert plain(ranked[0]["matched"]) == "europol"  # the whole label first
    problem(shipped_client.get("/api/search", params={"q": "x", "type": "planet"}), 422, "type")
    problem(shipped_client.get("/api/search"), 422, "q")


def meetings_with_dates(client: TestClient) -> list[dict[str, str]]:
    return sparql(client, """SELECT ?m ?d ?status ?p WHERE { ?m a euus:Meeting ; schema:startDate ?d ;
        euus:meetingStatus ?status OPTIONAL { ?m euus:duringPresidency ?p } }""")  # fmt: skip


def test_timeline_by_year_half_year_and_presidency(shipped_client: TestClient) -> None:
    found = meetings_with_dates(shipped_client)
    by_year = Counter(r["d"][:4] for r in found)
    timeline = everything(shipped_client, "/api/stats/timeline", by="year")
    assert {p["period"]: p["meetings"] for p in timeline} == dict(by_year)
    assert [p["period"] for p in timeline] == sorted(by_year)
    halves = Counter(f"{r['d'][:4]}-H{1 if r['d'][5:7] <= '06' else 2}" for r in found if len(r["d"]) >= 7)
    half = everything(shipped_client, "/api/stats/timeline", by="half-year")
    assert {p["period"]: p["meetings"] for p in half} == dict(halves)
    held = Counter(f"{r['d'][:4]}-H{1 if r['d'][5:7] <= '06' else 2}" for r in found
                   if len(r["d"]) >= 7 and r["status"].endswith("/held"))  # fmt: skip
    assert {p["period"]: p["held"] for p in half if p["held"]} == dict(held)
    presidencies = Counter(r["p"].rsplit("/", 1)[-1] for r in found if "p" in r)
    rota = everything(shipped_client, "/api/stats/timeline", by="presidency")
    assert {p["period"]: p["meetings"] for p in rota} == dict(presidencies)


def test_timeline_for_a_topic_and_a_participant(shipped_client: TestClient) -> None:
    about = sparql(shipped_client, f"""SELECT DISTINCT ?m ?d WHERE {{ ?m a euus:Meeting ; schema:startDate ?d ;
        {TOPICS_PATH}/skos:broader* <{ID}topic/cybercrime> }}""")  # fmt: skip
    timeline = everything(shipped_client, "/api/stats/timeline", topic="cybercrime")
    assert {p["period"]: p["meetings"] for p in timeline} == dict(Counter(r["d"][:4] for r in about))
    attended = sparql(shipped_client, f"""SELECT DISTINCT ?m ?d WHERE {{ ?m a euus:Meeting ; schema:startDate ?d ;
        cv:hasParticipation/cv:hasParticipant <{ID}org/eeas> }}""")  # fmt: skip
    timeline = everything(shipped_client, "/api/stats/timeline", participant="eeas", by="half-year")
    assert sum(p["meetings"] for p in timeline) == len(attended)
    problem(shipped_client.get("/api/stats/timeline", params={"by": "decade"}), 422, "by")


@pytest.mark.parametrize("params", [{}, {"from": "2018-03"}, {"to": "2018-02"}])
def test_topic_stats_in_a_date_range(shipped_client: TestClient, params: dict[str, str]) -> None:
    range_filter = " ".join(
        [f'FILTER(STR(?d) >= "{params["from"]}")' if "from" in params else "",
         f'FILTER(SUBSTR(STR(?d), 1, 7) <= "{params["to"]}")' if "to" in params else ""]
    )  # fmt: skip
    counts = {row["t"]: int(row["n"]) for row in sparql(shipped_client, f"""
        SELECT ?t (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a euus:Meeting ; schema:startDate ?d ;
          {TOPICS_PATH}/skos:broader* ?t {range_filter} }} GROUP BY ?t""")}  # fmt: skip
    found = everything(shipped_client, "/api/stats/topics", **params)
    assert {t["id"]: t["meetings"] for t in found} == counts
    assert [t["meetings"] for t in found] == sorted((t["meetings"] for t in found), reverse=True)


def test_topic_stats_agree_with_euus_stats(shipped_client: TestClient) -> None:
    from graph.views.stats import STATS_QUERIES

    # what `euus stats` runs, run over the same store: the meetings naming each topic by the one rule
    stats = {row["key"]: int(row["count"]) for row in sparql(shipped_client, STATS_QUERIES["topics"])}
    found = everything(shipped_client, "/api/stats/topics")
    assert {t["id"]: t["meetings_naming_it"] for t in found if t["meetings_naming_it"]} == stats


@pytest.mark.parametrize("min_weight", [1, 2])
def test_network_of_co_participation(shipped_client: TestClient, min_weight: int) -> None:
    rows = sparql(shipped_client, """SELECT DISTINCT ?m ?who WHERE { ?m a euus:Meeting ;
        cv:hasParticipation/cv:hasParticipant ?who }""")  # fmt: skip
    present: dict[str, set[str]] = {}
    for row in rows:
        present.setdefault(row["m"], set()).add(row["who"])
    pairs = Counter(pair for who in present.values() for pair in combinations(sorted(who), 2))
    network = shipped_client.get("/api/stats/network", params={"min_weight": min_weight}).json()
    edges = {(e["source"], e["target"]): e["weight"] for e in network["edges"]}
    assert edges == {pair: n for pair, n in pairs.items() if n >= min_weight}
    sides = {row["who"]: row["side"].rsplit("/", 1)[-1] for row in sparql(shipped_client, """
        SELECT ?who ?side WHERE { ?p cv:hasParticipant ?who ; euus:side ?side }""")}  # fmt: skip
    assert all(node["side"] == sides[node["id"]] for node in network["nodes"])
    if min_weight == 1:
        assert {n["id"] for n in network["nodes"]} == {w for who in present.values() for w in who}
    problem(shipped_client.get("/api/stats/network", params={"from": "not-a-date"}), 422, "from")
