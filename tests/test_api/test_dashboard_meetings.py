"""``/api/meetings`` over the shipped data, checked against SPARQL over the same store."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import problem
from tests.test_api.dashboard import ID, SOFIA_SOM, TOPICS_PATH, column, everything, sparql

COUNTRY_BGR = "http://publications.europa.eu/resource/authority/country/BGR"

#: (parameters, the SPARQL pattern on ?m that must select the same meetings)
FILTERS = [
    ({"topic": "cybercrime"}, f"?m {TOPICS_PATH}/skos:broader* <{ID}topic/cybercrime> ."),
    ({"topic": "police-cooperation"}, f"?m {TOPICS_PATH}/skos:broader* <{ID}topic/police-cooperation> ."),
    ({"topic": "whois"}, f"?m {TOPICS_PATH}/skos:broader* <{ID}topic/whois> ."),
    ({"topic": f"{ID}topic/border-management"}, f"?m {TOPICS_PATH}/skos:broader* <{ID}topic/border-management> ."),
    ({"topic": "ransomware"}, f"?m {TOPICS_PATH}/skos:broader* <{ID}topic/ransomware> ."),
    ({"participant": "europol"}, f"?m cv:hasParticipation/cv:hasParticipant <{ID}org/europol> ."),
    ({"participant": "2018-h1"}, f"?m cv:hasParticipation/cv:hasParticipant <{ID}presidency/2018-h1> ."),
    ({"kind": "ministerial"}, f"?m euus:meetingKind <{ID}meeting-kind/ministerial> ."),
    ({"presidency": "presidency/2018-h1"}, f"?m euus:duringPresidency <{ID}presidency/2018-h1> ."),
    ({"place": "sofia"}, f"?m schema:location <{ID}place/sofia> ."),
    ({"place": COUNTRY_BGR}, f"?m schema:location/schema:containedInPlace <{COUNTRY_BGR}> ."),
    ({"series": "eu-us-jha-ministerial"}, f"?m euus:partOfSeries <{ID}series/eu-us-jha-ministerial> ."),
    ({"status": "planned"}, f"?m euus:meetingStatus <{ID}meeting-status/planned> ."),
    ({"status": "held"}, f"?m euus:meetingStatus <{ID}meeting-status/held> ."),
    ({"side": "us"}, f"?m cv:hasParticipation/euus:side <{ID}side/us> ."),
    ({"from": "2018-03"}, 'FILTER(STR(?start) >= "2018-03")'),
    ({"to": "2018-02"}, 'FILTER(SUBSTR(STR(?start), 1, 7) <= "2018-02")'),
    ({"q": "Senior Officials"}, '?m dct:title ?title FILTER(CONTAINS(LCASE(?title), "senior officials"))'),
    ({"basis": "customary"}, f"?m cv:hasParticipation/euus:participationBasis <{ID}participation-basis/customary> ."),
    ({"basis": "stated"}, f"?m cv:hasParticipation/euus:participationBasis <{ID}participation-basis/stated> ."),
    ({"participant": "europol", "basis": "stated"},
     f"?m cv:hasParticipation ?p . ?p cv:hasParticipant <{ID}org/europol> ; euus:participationBasis <{ID}participation-basis/stated> ."),
    ({"side": "us", "basis": "customary"},
     f"?m cv:hasParticipation ?p . ?p euus:side <{ID}side/us> ; euus:participationBasis <{ID}participation-basis/customary> ."),
    ({"presidency": "2018-h1", "kind": "senior-officials"},
     f"?m euus:duringPresidency <{ID}presidency/2018-h1> ; euus:meetingKind <{ID}meeting-kind/senior-officials> ."),
]  # fmt: skip


def by_sparql(client: TestClient, pattern: str, order: str = "STR(?start) ?m") -> list[str]:
    """Meetings matching ``pattern``, in ``order``."""
    query = f"SELECT DISTINCT ?m ?start WHERE {{ ?m a euus:Meeting ; schema:startDate ?start . {pattern} }} ORDER BY {order}"
    return column(client, query, "m")


@pytest.mark.parametrize(("params", "pattern"), FILTERS, ids=lambda v: str(v)[:40])
def test_each_filter_selects_what_sparql_selects(
    shipped_client: TestClient, params: dict[str, str], pattern: str
) -> None:
    found = everything(shipped_client, "/api/meetings", **params)
    assert [m["id"] for m in found] == by_sparql(shipped_client, pattern)


def test_all_meetings_oldest_first_and_sorts(shipped_client: TestClient) -> None:
    ids = [m["id"] for m in everything(shipped_client, "/api/meetings")]
    assert ids == by_sparql(shipped_client, "") and len(ids) >= 2
    newest = [m["id"] for m in everything(shipped_client, "/api/meetings", sort="-start")]
    assert newest == by_sparql(shipped_client, "", "DESC(STR(?start)) DESC(?m)")
    by_title = [m["id"] for m in everything(shipped_client, "/api/meetings", sort="label")]
    assert by_title == by_sparql(shipped_client, '?m dct:title ?t FILTER(LANG(?t) = "en")', "LCASE(?t) ?m")


def test_the_envelope_pages_with_next_prev_and_link(shipped_client: TestClient) -> None:
    first = shipped_client.get("/api/meetings", params={"limit": 1})
    body = first.json()
    assert set(body) == {"items", "total", "limit", "offset", "next", "prev"}
    assert (len(body["items"]), body["limit"], body["offset"], body["prev"]) == (1, 1, 0, None)
    assert body["total"] == len(by_sparql(shipped_client, ""))
    assert f'<{body["next"]}>; rel="next"' in first.headers["link"]
    second = shipped_client.get(body["next"])
    assert second.json()["prev"] and 'rel="prev"' in second.headers["link"]
    assert second.json()["items"][0]["id"] != body["items"][0]["id"]


def test_summary_fields_match_the_graph(shipped_client: TestClient) -> None:
    meeting = next(m for m in everything(shipped_client, "/api/meetings") if m["id"] == SOFIA_SOM)
    [facts] = sparql(shipped_client, f"""SELECT ?start ?end ?place ?presidency ?series ?kind ?status WHERE {{
      <{SOFIA_SOM}> schema:startDate ?start ; schema:endDate ?end ; schema:location ?place ;
        euus:duringPresidency ?presidency ; euus:partOfSeries ?series ; euus:meetingKind ?kind ;
        euus:meetingStatus ?status }}""")  # fmt: skip
    assert (meeting["start"], meeting["end"]) == (facts["start"], facts["end"])
    for key in ("place", "presidency", "series", "kind"):
        assert meeting[key]["id"] == facts[key]
    assert facts["status"].endswith("/" + meeting["status"])
    assert meeting["key"] == "2018-02-26-eu-us-jha-senior-officials-sofia"
    participants = {(p["id"], p["side"], p["role"], p["basis"]) for p in meeting["participants"]}
    expected = {
        (row.get("who"), row["side"].rsplit("/", 1)[-1], row["role"].rsplit("/", 1)[-1], row["basis"].rsplit("/", 1)[-1])
        for row in sparql(shipped_client, f"""SELECT ?who ?side ?role ?basis WHERE {{ <{SOFIA_SOM}> cv:hasParticipation ?p .
          ?p euus:side ?side ; euus:participationRole ?role ; euus:participationBasis ?basis
          OPTIONAL {{ ?p cv:hasParticipant ?who }} }}""")
    }  # fmt: skip
    assert participants == expected
    [mode] = column(
        shipped_client, f"SELECT ?mode WHERE {{ <{SOFIA_SOM}> schema:eventAttendanceMode ?mode }}", "mode"
    )
    assert mode == "https://schema.org/OfflineEventAttendanceMode" and meeting["attendance_mode"] == "offline"


def test_detail_topics_follow_the_one_rule(shipped_client: TestClient) -> None:
    detail = shipped_client.get("/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia").json()
    own = set(column(shipped_client, f"SELECT ?t WHERE {{ <{SOFIA_SOM}> dct:subject ?t }}", "t"))
    by_rule = set(
        column(shipped_client, f"SELECT DISTINCT ?t WHERE {{ <{SOFIA_SOM}> {TOPICS_PATH} ?t }}", "t")
    )
    assert set(detail["own_topics"]) == own
    assert {t["id"] for t in detail["topics"]} == by_rule
    assert own <= by_rule  # a session may add topics: the README says why the two can differ


def test_detail_sessions_related_and_sources(shipped_client: TestClient) -> None:
    detail = shipped_client.get("/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia").json()
    sessions = sparql(shipped_client, f"""SELECT ?s ?t WHERE {{ <{SOFIA_SOM}> schema:subEvent ?s .
      ?s dct:subject ?t }}""")  # fmt: skip
    assert {s["id"] for s in detail["sessions"]} == {r["s"] for r in sessions} and sessions
    for session in detail["sessions"]:
        assert {t["id"] for t in session["topics"]} == {r["t"] for r in sessions if r["s"] == session["id"]}
    related = {(r["id"], r["relation"]) for r in detail["related"]}
    expected = {
        (row["o"], "prepares")
        for row in sparql(shipped_client, f"SELECT ?o WHERE {{ <{SOFIA_SOM}> euus:prepares ?o }}")
    }
    expected |= {
        (row["o"], "followed-by")
        for row in sparql(shipped_client, f"SELECT ?o WHERE {{ ?o euus:follows <{SOFIA_SOM}> }}")
    }
    assert related == expected and any(r["type"] == "site-visit" for r in detail["related"])
    graphs = sparql(shipped_client, f"""SELECT DISTINCT ?g ?source WHERE {{ GRAPH ?g {{ <{SOFIA_SOM}> ?p ?o }}
      ?g prov:wasDerivedFrom ?source }}""")  # fmt: skip
    assert {(g["graph"], g["id"]) for g in detail["sources"]} >= {(r["g"], r["source"]) for r in graphs}
    assert graphs


@pytest.mark.parametrize("path", ["2018-02-26-eu-us-jha-senior-officials-sofia",
                                  "meeting/2018-02-26-eu-us-jha-senior-officials-sofia", SOFIA_SOM])  # fmt: skip
def test_a_meeting_by_local_part_path_or_iri(shipped_client: TestClient, path: str) -> None:
    response = shipped_client.get(f"/api/meetings/{path}")
    assert response.status_code == 200 and response.json()["id"] == SOFIA_SOM


def test_lang_picks_the_label_language(shipped_client: TestClient) -> None:
    detail = shipped_client.get(f"/api/meetings/{SOFIA_SOM}", params={"lang": "nl"}).json()
    [nl] = column(
        shipped_client,
        f'SELECT ?l WHERE {{ <{ID}place/sofia> skos:prefLabel ?l FILTER(LANG(?l) = "nl") }}',
        "l",
    )
    assert detail["place"]["label"] == nl
    labels = dict(sparql_pairs(shipped_client, "fr"))
    fr = shipped_client.get(f"/api/meetings/{SOFIA_SOM}", params={"lang": "fr"}).json()
    assert {t["id"]: t["label"] for t in fr["topics"]} == {t["id"]: labels[t["id"]] for t in fr["topics"]}
    # the meeting's title exists in English only: English is the fallback
    assert fr["label"] == column(shipped_client, f"SELECT ?t WHERE {{ <{SOFIA_SOM}> dct:title ?t }}", "t")[0]


def sparql_pairs(client: TestClient, lang: str) -> list[tuple[str, str]]:
    """(topic, its preferred label in ``lang``) for every topic."""
    query = f'SELECT ?t ?l WHERE {{ ?t skos:inScheme <{ID}scheme/topics> ; skos:prefLabel ?l FILTER(LANG(?l) = "{lang}") }}'
    return [(row["t"], row["l"]) for row in sparql(client, query)]


def test_unknown_meeting_is_404_problem(shipped_client: TestClient) -> None:
    problem(shipped_client.get("/api/meetings/1999-01-01-nothing"), 404, "1999-01-01-nothing")


@pytest.mark.parametrize(
    ("params", "named"),
    [({"from": "not-a-date"}, "from"), ({"to": "May 2018"}, "to"), ({"lang": "xx"}, "lang"),
     ({"sort": "size"}, "sort"), ({"status": "cancelled"}, "status"), ({"limit": "0"}, "limit"),
     ({"topic": "a b>"}, "topic"), ({"side": "both"}, "side")],
)  # fmt: skip
def test_bad_parameters_are_422_naming_the_parameter(
    shipped_client: TestClient, params: dict[str, str], named: str
) -> None:
    body = problem(shipped_client.get("/api/meetings", params=params), 422)
    assert named in {p["name"] for p in body["invalid_params"]}
    assert all(p["reason"] for p in body["invalid_params"])


def test_detail_lists_statements_and_mentions_as_the_graph_has_them(shipped_client: TestClient) -> None:
    detail = shipped_client.get("/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia").json()
    rows = sparql(shipped_client, f"""SELECT ?s ?kind ?quote ?t ?holder WHERE {{ ?s euus:madeAt <{SOFIA_SOM}> ;
      euus:statementKind ?kind ; euus:quote ?quote OPTIONAL {{ ?s dct:subject ?t }} OPTIONAL {{ ?s euus:heldBy ?holder }} }}""")  # fmt: skip
    assert rows and {s["id"] for s in detail["statements"]} == {r["s"] for r in rows}
    for statement in detail["statements"]:
        mine = [r for r in rows if r["s"] == statement["id"]]
        assert {(statement["kind"], statement["quote"])} == {
            (r["kind"].rsplit("/", 1)[-1], r["quote"]) for r in mine
        }
        assert {t["id"] for t in statement["topics"]} == {r["t"] for r in mine if "t" in r}
        assert {h["id"] for h in statement["holders"]} == {r["holder"] for r in mine if "holder" in r}
    mentioned = column(shipped_client, f"SELECT ?o WHERE {{ <{SOFIA_SOM}> schema:mentions ?o }}", "o")
    assert [m["id"] for m in detail["mentions"]] == mentioned == [f"{ID}org/icann"]
    participants = {p["id"] for p in detail["participants"]}
    assert f"{ID}org/icann" not in participants
