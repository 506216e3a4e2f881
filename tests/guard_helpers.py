"""Data and helpers shared by the tests of guarded writes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from rdflib import Dataset, Graph

from graph.store import AskResult, Quad, Store

ID = "https://w3id.org/euus-kg/id/"
SEED_GRAPH = ID + "graph/2018-03-01-eu-us-jha-senior-officials-sofia"
SEED_MEETING = ID + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
SEED_SOURCE = ID + "source/2018-03-01-eu-us-jha-senior-officials-sofia"
PREFIXES = """PREFIX euus: <https://w3id.org/euus-kg/ontology#>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <https://w3id.org/euus-kg/id/>
"""


def meeting_turtle(
    slug: str,
    *,
    start: str = "2018-03-12",
    presidency: str = "2018-h1",
    topic: str = "migration",
    participants: bool = True,
) -> str:
    """Turtle for a new meeting in the shape of the seed source file: about 40 triples."""
    meeting = f"{ID}meeting/{start}-{slug}"
    participations = (
        f"""cv:hasParticipation <{meeting}/participation/eu> , <{meeting}/participation/us> ;"""
        if participants
        else ""
    )
    return f"""
<{ID}graph/{start}-{slug}> a euus:FactGraph ;
    dct:title "Facts about {slug}"@en ; prov:wasDerivedFrom <{ID}source/{start}-{slug}> .
<{ID}source/{start}-{slug}> a euus:SourceDocument ; dct:title "Press release on {slug}"@en ;
    dct:publisher <{ID}org/council-of-the-eu> ; dct:issued "{start}"^^xsd:date ;
    schema:url <https://example.org/{slug}> .
<{meeting}> a euus:Meeting , cv:PublicEvent , schema:Event ;
    dct:title "EU-US meeting {slug}"@en ; dct:description "A meeting about {topic}."@en ;
    euus:meetingKind <{ID}meeting-kind/senior-officials> ; euus:meetingStatus <{ID}meeting-status/held> ;
    euus:partOfSeries <{ID}series/eu-us-jha-senior-officials> ;
    schema:startDate "{start}"^^xsd:date ; schema:endDate "{start}"^^xsd:date ;
    schema:location <{ID}place/sofia> ; euus:host <{ID}presidency/{presidency}> ;
    euus:duringPresidency <{ID}presidency/{presidency}> ;
    dct:subject <{ID}topic/{topic}> , <{ID}topic/visas> ;
    {participations}
    schema:subEvent <{meeting}/session/one> .
<{meeting}/participation/eu> a cv:Participation ; cv:hasParticipant <{ID}org/european-commission> ;
    euus:side <{ID}side/eu> ; euus:participationRole <{ID}participation-role/delegation> ;
    euus:participationBasis <{ID}participation-basis/stated> .
<{meeting}/participation/us> a cv:Participation ; dct:description "the US delegation"@en ;
    euus:side <{ID}side/us> ; euus:participationRole <{ID}participation-role/delegation> ;
    euus:participationBasis <{ID}participation-basis/stated> .
<{meeting}/session/one> a euus:Session ; dct:title "Session one"@en ; euus:sessionOrder 1 ;
    dct:subject <{ID}topic/{topic}> .
"""


def meeting_triple_count(slug: str = "count") -> int:
    """How many triples :func:`meeting_turtle` writes (a write of it adds exactly these)."""
    return len(Graph().parse(data=PREFIXES + meeting_turtle(slug), format="turtle"))


def insert_meeting(slug: str, **options: object) -> str:
    start = str(options.get("start", "2018-03-12"))
    body = meeting_turtle(slug, **options)  # type: ignore[arg-type]
    return f"{PREFIXES}INSERT DATA {{ GRAPH <{ID}graph/{start}-{slug}> {{ {body} }} }}"


def load_shipped(store: Store, dataset: Dataset) -> None:
    store.add_quads(cast(Iterable[Quad], dataset.quads()))


def dump(store: Store) -> set[str]:
    return set(store.dump().read().decode().splitlines())


def ask(store: Store, sparql: str) -> bool:
    result = store.query(PREFIXES + sparql)
    assert isinstance(result, AskResult)
    return result.boolean
