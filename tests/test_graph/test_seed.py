"""A newcomer's questions about the Sofia meeting, answered with SPARQL over ``euus export``."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph.dataset.export import dataset_store, dump_bytes
from graph.formats import TRIG
from graph.namespaces import PREFIXES

SOM = "https://w3id.org/euus-kg/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
ID = "https://w3id.org/euus-kg/id/"


@pytest.fixture(scope="module")
def exported(shipped_dataset: Dataset) -> ox.Store:
    store = ox.Store()
    store.load(
        dump_bytes(dataset_store(shipped_dataset.quads((None, None, None, None))), TRIG),
        format=ox.RdfFormat.TRIG,
    )
    return store


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_who_took_part_on_which_side_and_on_what_basis(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT ?p ?who ?side ?basis ?described WHERE {{
          <{SOM}> cv:hasParticipation ?p . ?p euus:side ?side ; euus:participationBasis ?basis .
          OPTIONAL {{ ?p cv:hasParticipant ?who }} OPTIONAL {{ ?p dct:description ?described }}
        }}""",
    )
    customary = [row for row in rows if row["basis"] == ID + "participation-basis/customary"]
    stated = [row for row in rows if row["basis"] == ID + "participation-basis/stated"]
    assert len(customary) + len(stated) == len(rows), "every participation is stated or customary"
    # "Traditionally, at the EU-US meetings the European Union is represented by ...": the usual
    # composition, not a report of who came to this meeting
    eu = {row["who"].removeprefix(ID) for row in customary if row["side"] == ID + "side/eu"}
    assert eu == {
        "presidency/2018-h1",
        "org/european-commission",
        "org/eeas",
        "org/general-secretariat-of-the-council",
        "org/europol",
        "org/eurojust",
    }
    us = [row for row in customary if row["side"] == ID + "side/us"]
    assert len(us) == 1 and "who" not in us[0]
    assert us[0]["described"] == "the relevant departments responsible for home affairs and justice issues"
    # "Senior officials of the EU and the US" met, but the text names no body as present
    assert stated == []


def test_only_the_session_the_text_names(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT ?s ?session ?order ?topic WHERE {{
          <{SOM}> schema:subEvent ?s . ?s dct:title ?session ; dct:subject ?t . ?t skos:prefLabel ?topic
          FILTER(LANG(?topic) = "en") OPTIONAL {{ ?s euus:sessionOrder ?order }}
        }}""",
    )
    assert {row["session"] for row in rows} == {"Justice sessions"}
    assert all("order" not in row for row in rows), "the text numbers no session"
    # "...during the justice sessions where the focus was put on measures against money laundering and
    # terrorism financing": drug trafficking and judicial cooperation are not placed in them
    assert {row["topic"] for row in rows} == {
        "counter-terrorism",
        "anti-money laundering",
        "terrorism financing",
    }
    topics = {
        row["t"].removeprefix(ID) for row in select(exported, f"SELECT ?t WHERE {{ <{SOM}> dct:subject ?t }}")
    }
    assert {"topic/drug-trafficking", "topic/judicial-cooperation-in-criminal-matters"} <= topics
    assert "topic/passenger-name-records" in topics


def test_which_meeting_it_prepared(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT ?m ?start ?kind ?status WHERE {{
          <{SOM}> euus:prepares ?m . ?m schema:startDate ?start ; euus:meetingKind ?kind ; euus:meetingStatus ?status }}""",
    )
    assert rows == [
        {
            "m": ID + "meeting/2018-05-eu-us-jha-ministerial-sofia",
            "start": "2018-05",
            "kind": ID + "meeting-kind/ministerial",
            "status": ID + "meeting-status/planned",
        }
    ]


def test_which_presidency_and_trio(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT ?state ?trioState ?from ?to WHERE {{
          <{SOM}> euus:duringPresidency ?p . ?p euus:membership ?ms ; euus:trio/org:hasMember/dct:spatial ?trioState .
          ?ms org:member/dct:spatial ?state ; org:memberDuring [ a time:Interval ; dcat:startDate ?from ; dcat:endDate ?to ] }}""",
    )
    assert {r["state"] for r in rows} == {"http://publications.europa.eu/resource/authority/country/BGR"}
    assert {r["trioState"].rsplit("/", 1)[-1] for r in rows} == {"EST", "BGR", "AUT"}
    assert {(r["from"], r["to"]) for r in rows} == {("2018-01-01", "2018-06-30")}


def test_where_each_fact_came_from(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT DISTINCT ?g ?doc ?title ?publisher WHERE {{
          GRAPH ?g {{ <{SOM}> ?p ?o }}
          ?g prov:wasDerivedFrom ?doc . ?doc dct:title ?title ; dct:publisher ?publisher }}""",
    )
    assert len(rows) == 1
    assert rows[0]["title"].startswith("Senior officials of the EU and the US discussed")
    assert rows[0]["publisher"] == ID + "presidency/2018-h1"


def test_what_the_text_leaves_open_stays_open(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT ?visitDate ?ministerialDay WHERE {{
          OPTIONAL {{ <{SOM}/visit/kapitan-andreevo> schema:startDate ?visitDate }}
          OPTIONAL {{ id:meeting\\/2018-05-eu-us-jha-ministerial-sofia schema:startDate ?ministerialDay
                     FILTER(DATATYPE(?ministerialDay) = xsd:date) }} }}""",
    )
    assert rows == [{}]
