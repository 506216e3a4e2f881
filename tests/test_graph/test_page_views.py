"""What the pages show, computed by graph/views: on made-up data with known dates, and on the shipped data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from graph.store import SelectResult, Store, open_store
from graph.views.example_queries import EXAMPLE_QUERIES
from graph.views.pages import (
    index_summary,
    meetings_per_half_year,
    participation_labels,
    presidency_on,
    resource_page,
)
from graph.write.loading import load_shipped_data

EX = "http://example.org/"
#: Three meetings (one known only to the month) and two presidency terms, in a graph of their own.
CALENDAR = f"""
@prefix euus: <https://w3id.org/euus-kg/ontology#> . @prefix schema: <https://schema.org/> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{EX}spring> a euus:Meeting ; dct:title "Spring meeting"@en ; schema:startDate "2019-03-10"^^xsd:date .
<{EX}autumn> a euus:Meeting ; dct:title "Autumn meeting"@en ; schema:startDate "2019-11"^^xsd:gYearMonth .
<{EX}next> a euus:Meeting ; dct:title "Next meeting"@en ; schema:startDate "2020-05-01"^^xsd:date .
<{EX}p1> a euus:CouncilPresidency ; skos:prefLabel "First presidency"@en ;
    euus:membership [ org:memberDuring [ dcat:startDate "2019-07-01"^^xsd:date ; dcat:endDate "2019-12-31"^^xsd:date ] ] .
<{EX}p2> a euus:CouncilPresidency ; skos:prefLabel "Second presidency"@en ;
    euus:membership [ org:memberDuring [ dcat:startDate "2020-01-01"^^xsd:date ; dcat:endDate "2020-06-30"^^xsd:date ] ] .
"""


@pytest.fixture(scope="module")
def calendar() -> Iterator[Store]:
    store = open_store()
    store.load(data=CALENDAR.encode(), format="turtle", graph=EX + "graph")
    yield store
    store.close()


@pytest.fixture(scope="module")
def shipped() -> Iterator[Store]:
    store = open_store()  # no predeclared prefixes: example queries must declare their own
    load_shipped_data(store)
    yield store
    store.close()


def test_latest_next_and_presidency_follow_the_day(calendar: Store) -> None:
    summary = index_summary(calendar, dt.date(2019, 12, 1))
    assert [m.label for m in summary.latest] == ["Autumn meeting", "Spring meeting"]
    assert [m.label for m in summary.upcoming] == ["Next meeting"]
    assert summary.presidency_today is not None and summary.presidency_today.label == "First presidency"
    assert summary.per_half_year == [("2019-H1", 1), ("2019-H2", 1), ("2020-H1", 1)]
    assert dict(summary.counts)["Meetings"] == 3
    later = index_summary(calendar, dt.date(2020, 5, 1))
    assert later.latest[0].label == "Next meeting" and later.upcoming == []
    assert later.presidency_today is not None and later.presidency_today.label == "Second presidency"


def test_a_month_only_start_is_past_once_the_month_begins(calendar: Store) -> None:
    assert "Autumn meeting" in [m.label for m in index_summary(calendar, dt.date(2019, 11, 1)).latest]
    assert "Autumn meeting" in [m.label for m in index_summary(calendar, dt.date(2019, 10, 31)).upcoming]


def test_no_presidency_outside_the_rota(calendar: Store) -> None:
    assert presidency_on(calendar, dt.date(2019, 6, 30)) is None


def test_timeline_keeps_empty_half_years() -> None:
    assert meetings_per_half_year(["2018-01-05", "2019-08", "2019-12-24"]) == [
        ("2018-H1", 1),
        ("2018-H2", 0),
        ("2019-H1", 0),
        ("2019-H2", 2),
    ]
    assert meetings_per_half_year(["2019"]) == []


def test_participations_read_as_who_side_role_basis(shipped: Store) -> None:
    meeting = "https://w3id.org/euus-kg/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
    europol = meeting + "/participation/europol"
    assert participation_labels(shipped, [europol, meeting]) == {
        europol: "Europol — EU side — member of the delegation — customary composition"
    }
    page = resource_page(shipped, meeting)
    participants = next(s for s in page.sections if s.title == "Participants")
    result = shipped.query(
        f"SELECT ?p WHERE {{ <{meeting}> <http://data.europa.eu/m8g/hasParticipation> ?p }}"
    )
    assert isinstance(result, SelectResult)
    assert len(participants.items) == len(list(result))
    # every participation the statement table would show has a label; the page shows them as a section
    shown = [label for p, _, _, label in page.view.statements if p.endswith("hasParticipation")]
    assert shown and all(label and " — " in label for label in shown)
    assert "http://data.europa.eu/m8g/hasParticipation" in page.hidden_properties


@pytest.mark.parametrize("example", EXAMPLE_QUERIES, ids=[e.title for e in EXAMPLE_QUERIES])
def test_each_example_query_answers_on_the_shipped_data(shipped: Store, example: object) -> None:
    result = shipped.query(example.text)  # type: ignore[attr-defined]
    assert isinstance(result, SelectResult)
    assert list(result), f"{example.title!r} finds nothing"  # type: ignore[attr-defined]


def test_pages_are_titled_in_english(shipped: Store) -> None:
    presidency = "https://w3id.org/euus-kg/id/presidency/2018-h1"
    result = shipped.query(
        f'SELECT ?l WHERE {{ <{presidency}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(LANG(?l) = "en") }}'
    )
    assert isinstance(result, SelectResult)
    [english] = [str(row["l"]) for row in result]
    page = resource_page(shipped, presidency)
    assert page.view.label == english
    memberships = [str(v) for p, _, v, _ in page.view.statements if p.endswith("membership")]
    assert memberships == [presidency + "/membership"]
    membership = resource_page(shipped, memberships[0])
    terms = [label for p, _, _, label in membership.view.statements if p.endswith("memberDuring")]
    assert terms and all(label and " to " in label for label in terms)


def test_a_meeting_page_shows_its_attendance_mode_and_what_it_mentions(shipped: Store) -> None:
    meeting = "https://w3id.org/euus-kg/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
    shown = {(name, str(value)) for _, name, value, _ in resource_page(shipped, meeting).view.statements}
    assert ("attendance mode", "https://schema.org/OfflineEventAttendanceMode") in shown
    assert ("mentions", "https://w3id.org/euus-kg/id/org/icann") in shown
