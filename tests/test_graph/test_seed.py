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


def test_who_took_part_and_on_which_side(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT ?who ?name ?side ?described WHERE {{
          <{SOM}> cv:hasParticipation ?p . ?p euus:side ?side .
          OPTIONAL {{ ?p cv:hasParticipant ?who . ?who skos:prefLabel ?name FILTER(LANG(?name) = "en") }}
          OPTIONAL {{ ?p dct:description ?described }}
        }}""",
    )
    eu = {row["who"].removeprefix(ID) for row in rows if row["side"] == ID + "side/eu"}
    assert eu == {
        "presidency/2018-h1",
        "org/european-commission",
        "org/eeas",
        "org/general-secretariat-of-the-council",
        "org/europol",
        "org/eurojust",
    }
    us = [row for row in rows if row["side"] == ID + "side/us"]
    assert len(us) == 1 and "who" not in us[0]
    assert us[0]["described"] == "the relevant departments responsible for home affairs and justice issues"


def test_which_topics_were_discussed_in_which_session(exported: ox.Store) -> None:
    rows = select(
        exported,
        f"""
        SELECT ?session ?label WHERE {{
          <{SOM}> schema:subEvent ?s . ?s dct:title ?session ; dct:subject ?t .
          ?t skos:inScheme id:scheme\\/topics ; skos:prefLabel ?label FILTER(LANG(?label) = "en")
        }}""",
    )
    by_session: dict[str, set[str]] = {}
    for row in rows:
        by_session.setdefault(row["session"], set()).add(row["label"])
    assert set(by_session) == {
        "Counterterrorism",
        "Migration, borders and visas",
        "Justice sessions",
        "Cybercrime",
    }
    assert "passenger name records" in {lbl.lower() for lbl in by_session["Counterterrorism"]}
    assert len(by_session["Cybercrime"]) >= 5


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
          <{SOM}> euus:duringPresidency ?p . ?p org:member/dct:spatial ?state ;
             org:memberDuring [ dcat:startDate ?from ; dcat:endDate ?to ] ; euus:trio/org:hasMember/dct:spatial ?trioState }}""",
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
