#!/usr/bin/env python3
"""Deterministic synthetic euus-kg data for the benchmarks, shaped like the curated data.

    python benchmarks/generate.py --triples 100000 --seed 1 --output /tmp/euus-100k.nq

Writes N-Quads. The same arguments (and the same checkout of the reference data) give a byte-identical
file. The file holds:

* the shipped dataset (ontology, vocabularies, reference data, curated sources), one named graph per
  shipped file as ``euus build`` names them, so that every system under test sees the labels of topics,
  presidencies, places and organisations (``--no-base`` leaves it out);
* synthetic meetings, each in the named graph ``id/graph/synthetic-{n}`` of its own synthetic press
  release ``id/source/synthetic-{n}``, like the seed source: a ``euus:FactGraph``
  ``prov:wasDerivedFrom`` a ``euus:SourceDocument`` with title, publisher and issue date.

A synthetic meeting ``id/meeting/{start date}-synthetic-{n}`` has a kind, a status (held before the
cut-off date, planned after it; a planned one may only know its month), start and end dates inside the
term of the real presidency it is linked to (``euus:duringPresidency``), a real place (mostly a city of
the presidency's country, else Brussels or Washington), a host, participations of real organisations
(``cv:Participation`` with ``cv:hasParticipant``, ``euus:side``, ``euus:participationRole``,
``euus:participationBasis`` stated), topics
(``dct:subject``, real topic IRIs, skewed so that some topics are far more common than others),
sometimes sessions with their own topics and sometimes a site visit. Everything follows
``docs/iri-policy.md`` and the shapes (``euus validate FILE`` exits 0).

``--triples`` is the size of the whole file, base included: meetings are added until it is reached (the
last meeting may overshoot by a few dozen quads). The actual count is printed on stderr.

Generation uses plain string formatting (no RDF library on the hot path); pyoxigraph only reads the
reference data once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/euus-kg/id/"

EUUS = "https://w3id.org/euus-kg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
CV = "http://data.europa.eu/m8g/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
DCAT = "http://www.w3.org/ns/dcat#"
PRESS_RELEASE = "<http://publications.europa.eu/resource/authority/resource-type/PRESS_REL>"

# Predicates, written once as N-Quads terms.
P_TITLE = f"<{DCT}title>"
P_DESCRIPTION = f"<{DCT}description>"
P_SUBJECT = f"<{DCT}subject>"
P_PUBLISHER = f"<{DCT}publisher>"
P_ISSUED = f"<{DCT}issued>"
P_DCT_TYPE = f"<{DCT}type>"
P_IDENTIFIER = f"<{DCT}identifier>"
P_CREATED = f"<{DCT}created>"
P_DERIVED = f"<{PROV}wasDerivedFrom>"
P_KIND = f"<{EUUS}meetingKind>"
P_STATUS = f"<{EUUS}meetingStatus>"
P_SERIES = f"<{EUUS}partOfSeries>"
P_HOST = f"<{EUUS}host>"
P_PRESIDENCY = f"<{EUUS}duringPresidency>"
P_SIDE = f"<{EUUS}side>"
P_ROLE = f"<{EUUS}participationRole>"
P_BASIS = f"<{EUUS}participationBasis>"
P_ORDER = f"<{EUUS}sessionOrder>"
P_FOLLOWS = f"<{EUUS}follows>"
P_START = f"<{SCHEMA}startDate>"
P_END = f"<{SCHEMA}endDate>"
P_LOCATION = f"<{SCHEMA}location>"
P_SUBEVENT = f"<{SCHEMA}subEvent>"
P_LANGUAGE = f"<{SCHEMA}inLanguage>"
P_HAS_PARTICIPATION = f"<{CV}hasParticipation>"
P_HAS_PARTICIPANT = f"<{CV}hasParticipant>"

C_MEETING = f"<{EUUS}Meeting>"
C_SESSION = f"<{EUUS}Session>"
C_SITE_VISIT = f"<{EUUS}SiteVisit>"
C_PUBLIC_EVENT = f"<{CV}PublicEvent>"
C_EVENT = f"<{SCHEMA}Event>"
C_PARTICIPATION = f"<{CV}Participation>"
C_FACT_GRAPH = f"<{EUUS}FactGraph>"
C_SOURCE = f"<{EUUS}SourceDocument>"
C_NEWS = f"<{SCHEMA}NewsArticle>"

HELD = f"<{ID}meeting-status/held>"
PLANNED = f"<{ID}meeting-status/planned>"
SIDE_EU = f"<{ID}side/eu>"
SIDE_US = f"<{ID}side/us>"
ROLE_DELEGATION = f"<{ID}participation-role/delegation>"
BASIS_STATED = f"<{ID}participation-basis/stated>"
ROLE_PRESIDENCY = f"<{ID}participation-role/presidency>"
ROLE_HOST = f"<{ID}participation-role/host>"
ROLE_OBSERVER = f"<{ID}participation-role/observer>"
KIND_SITE_VISIT = f"<{ID}meeting-kind/site-visit>"

#: Meeting kinds, their weight, the series a meeting of that kind belongs to, and a title stem.
KINDS: list[tuple[str, int, str | None, str]] = [
    ("ministerial", 10, "eu-us-jha-ministerial", "EU-US Justice and Home Affairs Ministerial Meeting"),
    ("senior-officials", 20, "eu-us-jha-senior-officials", "EU-US JHA Senior Officials Meeting"),
    ("summit", 2, None, "EU-US Summit"),
    ("dialogue", 25, None, "EU-US Dialogue"),
    ("expert", 43, None, "EU-US Expert Meeting"),
]

#: Meetings that start on or after this day are planned (the seed was curated in November 2026).
PLANNED_FROM = dt.date(2026, 12, 1)

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def lit(text: str, lang: str = "en") -> str:
    """An N-Quads language-tagged literal (escapes the few characters N-Quads needs escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"@{lang}'


def typed(value: str, datatype: str) -> str:
    """An N-Quads typed literal with an xsd datatype."""
    return f'"{value}"^^<{XSD}{datatype}>'


def long_date(day: dt.date) -> str:
    """26 February 2018."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Presidency:
    """A real Council presidency: IRI, term and the city (if any) of its Member State."""

    iri: str
    start: dt.date
    end: dt.date
    city: str | None  # place IRI
    label: str  # adjective, e.g. "Bulgarian Presidency"


@dataclass(frozen=True)
class Reference:
    """What the generator takes from the shipped reference data and vocabularies."""

    presidencies: list[Presidency]
    cities: list[str]
    place_labels: dict[str, str]
    eu_orgs: list[str]
    us_orgs: list[str]
    topics: list[str]
    topic_labels: dict[str, str]
    topic_weights: list[float]
    border_points: list[str]


def _store() -> ox.Store:
    store = ox.Store()
    data = REPO / "graph" / "data" / "reference"
    for path in [
        *sorted(data.glob("*.ttl")),
        REPO / "ontology" / "vocab" / "topics.ttl",
        REPO / "ontology" / "vocab" / "meeting-vocabularies.ttl",
    ]:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    return store


def _select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    prefixes = (
        f"PREFIX euus: <{EUUS}> PREFIX schema: <{SCHEMA}> PREFIX skos: <{SKOS}> PREFIX dct: <{DCT}> "
        f"PREFIX org: <{ORG}> PREFIX dcat: <{DCAT}> PREFIX cv: <{CV}> "
    )
    solutions = store.query(prefixes + query)
    assert isinstance(solutions, ox.QuerySolutions)
    return sorted(tuple("" if v is None else v.value for v in solution) for solution in solutions)


def load_reference() -> Reference:
    """Read presidencies, places, organisations and topics from the shipped files (sorted, stable)."""
    store = _store()
    cities_by_country: dict[str, list[str]] = {}
    place_labels: dict[str, str] = {}
    cities = []
    for place, country, label in _select(
        store,
        "SELECT ?p ?c ?l WHERE { ?p a schema:City ; schema:containedInPlace ?c ; skos:prefLabel ?l "
        'FILTER(LANG(?l) = "en") }',
    ):
        cities_by_country.setdefault(country, []).append(place)
        place_labels[place] = label
        cities.append(place)
    border_points = []
    for place, label in _select(
        store,
        'SELECT ?p ?l WHERE { ?p a euus:BorderCrossingPoint ; skos:prefLabel ?l FILTER(LANG(?l) = "en") }',
    ):
        place_labels[place] = label
        border_points.append(place)

    presidencies: list[Presidency] = []
    for iri, start, end, country, alt in _select(
        store,
        """SELECT ?p ?s ?e ?c ?alt WHERE {
             ?p a euus:CouncilPresidency ; euus:membership ?m ; skos:altLabel ?alt .
             ?m org:memberDuring ?t ; org:member ?ms .
             ?t dcat:startDate ?s ; dcat:endDate ?e . ?ms dct:spatial ?c .
             FILTER(LANG(?alt) = "en") }""",
    ):
        if any(p.iri == iri for p in presidencies):
            continue
        in_country = sorted(cities_by_country.get(country, []))
        presidencies.append(
            Presidency(
                iri=iri,
                start=dt.date.fromisoformat(start),
                end=dt.date.fromisoformat(end),
                city=in_country[0] if in_country else None,
                label=alt,
            )
        )

    eu_orgs = [
        row[0]
        for row in _select(store, "SELECT ?o WHERE { ?o a cv:PublicOrganisation }")
        if not row[0].endswith("/european-union")
    ]
    us_orgs = [
        row[0]
        for row in _select(
            store,
            "SELECT ?o WHERE { ?o a org:FormalOrganization ; dct:spatial "
            "<http://publications.europa.eu/resource/authority/country/USA> }",
        )
    ]
    topic_rows = _select(
        store,
        f"SELECT ?t ?l WHERE {{ ?t a skos:Concept ; skos:inScheme <{ID}scheme/topics> ; "
        'skos:prefLabel ?l FILTER(LANG(?l) = "en") }',
    )
    topics = [t for t, _ in topic_rows]
    # A Zipf-like skew: a few topics (the first in a fixed shuffle) are on most agendas.
    order = list(range(len(topics)))
    random.Random(20070101).shuffle(order)
    weights = [0.0] * len(topics)
    for rank, index in enumerate(order):
        weights[index] = 1.0 / (rank + 1) ** 0.9
    return Reference(
        presidencies=sorted(presidencies, key=lambda p: p.start),
        cities=cities,
        place_labels=place_labels,
        eu_orgs=eu_orgs,
        us_orgs=us_orgs,
        topics=topics,
        topic_labels={t: label for t, label in topic_rows},
        topic_weights=weights,
        border_points=border_points,
    )


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _pick_topics(ref: Reference, rng: random.Random, k: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < k:
        topic = rng.choices(ref.topics, weights=ref.topic_weights)[0]
        if topic not in chosen:
            chosen.append(topic)
    return chosen


def meeting_quads(ref: Reference, seed: int, n: int) -> list[str]:
    """The N-Quads lines of synthetic meeting ``n``: its fact graph, source document and facts.

    Each meeting draws from its own random stream (seeded by ``seed`` and ``n``), so meeting ``n`` is the
    same whatever the file size; the harness uses this to make meetings to insert.
    """
    rng = random.Random(seed * 1_000_003 + n)
    presidency = rng.choice(ref.presidencies)
    start = presidency.start + dt.timedelta(days=rng.randrange((presidency.end - presidency.start).days + 1))
    held = start < PLANNED_FROM
    month_only = not held and rng.random() < 0.4
    date_key = start.strftime("%Y-%m") if month_only else start.isoformat()
    kind, _, series, stem = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]

    roll = rng.random()
    if roll < 0.6 and presidency.city is not None:
        place = presidency.city
    elif roll < 0.8:
        place = f"{ID}place/washington-dc"
    elif roll < 0.9:
        place = f"{ID}place/brussels"
    else:
        place = rng.choice(ref.cities)
    in_us = place.endswith("/washington-dc")
    days = rng.choice((0, 0, 1, 1, 2))
    end = start + dt.timedelta(days=days)
    topics = _pick_topics(ref, rng, rng.randint(1, 5))

    slug = f"synthetic-{n}"
    meeting = f"{ID}meeting/{date_key}-{slug}"
    m = f"<{meeting}>"
    g = f"<{ID}graph/{slug}>"
    source = f"<{ID}source/{slug}>"
    city_label = ref.place_labels[place]
    when = f"{start.strftime('%B')} {start.year}" if month_only else long_date(start)
    title = f"{stem} on {ref.topic_labels[topics[0]]}, {city_label}, {when} (synthetic {n})"

    out: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} {g} .\n")

    # The fact graph and its source document, as in the seed source.
    # A report a few days after a held meeting; an announcement some months before a planned one.
    if held:
        issued = end + dt.timedelta(days=rng.randrange(0, 4))
    else:
        issued = start.replace(day=1) - dt.timedelta(days=rng.randrange(30, 120))
    add(g, RDF_TYPE, C_FACT_GRAPH)
    add(g, P_TITLE, lit(f"Facts from synthetic press release {n}"))
    add(g, P_DERIVED, source)
    add(source, RDF_TYPE, C_SOURCE)
    add(source, RDF_TYPE, C_NEWS)
    add(source, P_DCT_TYPE, PRESS_RELEASE)
    add(source, P_IDENTIFIER, f'"{slug}"')
    add(source, P_TITLE, lit(f"Press release: {title}"))
    add(source, P_PUBLISHER, f"<{presidency.iri}>" if not in_us else f"<{ref.us_orgs[n % len(ref.us_orgs)]}>")
    add(source, P_ISSUED, typed(issued.isoformat(), "date"))
    add(source, P_LANGUAGE, '"en"')

    # The meeting.
    add(m, RDF_TYPE, C_MEETING)
    add(m, RDF_TYPE, C_PUBLIC_EVENT)
    add(m, RDF_TYPE, C_EVENT)
    add(m, P_TITLE, lit(title))
    topic_text = ", ".join(ref.topic_labels[t] for t in topics)
    verb = "held" if held else "to be held"
    add(
        m,
        P_DESCRIPTION,
        lit(f"A synthetic {stem} {verb} in {city_label} during the {presidency.label}, on {topic_text}."),
    )
    add(m, P_KIND, f"<{ID}meeting-kind/{kind}>")
    add(m, P_STATUS, HELD if held else PLANNED)
    if series is not None:
        add(m, P_SERIES, f"<{ID}series/{series}>")
    if month_only:
        add(m, P_START, typed(date_key, "gYearMonth"))
    else:
        add(m, P_START, typed(date_key, "date"))
        if held or rng.random() < 0.5:
            add(m, P_END, typed(end.isoformat(), "date"))
    add(m, P_LOCATION, f"<{place}>")
    add(m, P_PRESIDENCY, f"<{presidency.iri}>")
    departments = [o for o in ref.us_orgs if "/us-department-of-" in o]
    host = f"<{departments[n % len(departments)]}>" if in_us else f"<{presidency.iri}>"
    add(m, P_HOST, host)
    for topic in topics:
        add(m, P_SUBJECT, f"<{topic}>")

    # Participations: the presidency, EU bodies, US departments (fewer for a planned meeting).
    participants: list[tuple[str, str, str, str]] = [
        (f"{presidency.iri}", "presidency", SIDE_EU, ROLE_PRESIDENCY)
    ]
    eu_count = rng.randint(1, 4) if held else rng.randint(0, 1)
    us_count = rng.randint(1, 3) if held else rng.randint(0, 1)
    for org in rng.sample(ref.eu_orgs, eu_count):
        participants.append(
            (org, _slug(org), SIDE_EU, ROLE_OBSERVER if rng.random() < 0.05 else ROLE_DELEGATION)
        )
    for i, org in enumerate(rng.sample(ref.us_orgs, us_count)):
        participants.append((org, _slug(org), SIDE_US, ROLE_HOST if in_us and i == 0 else ROLE_DELEGATION))
    for participant, pslug, side, role in participants:
        p = f"<{meeting}/participation/{pslug}>"
        add(m, P_HAS_PARTICIPATION, p)
        add(p, RDF_TYPE, C_PARTICIPATION)
        add(p, P_HAS_PARTICIPANT, f"<{participant}>")
        add(p, P_SIDE, side)
        add(p, P_ROLE, role)
        add(p, P_BASIS, BASIS_STATED)

    # Sessions for about a quarter of the meetings, each with its own topics.
    if rng.random() < 0.25:
        for order in range(1, rng.randint(2, 4) + 1):
            session_topics = _pick_topics(ref, rng, rng.randint(1, 3))
            s = f"<{meeting}/session/{_slug(session_topics[0])}-{order}>"
            add(m, P_SUBEVENT, s)
            add(s, RDF_TYPE, C_SESSION)
            add(s, RDF_TYPE, C_PUBLIC_EVENT)
            add(s, RDF_TYPE, C_EVENT)
            add(s, P_TITLE, lit(f"Session {order}: {ref.topic_labels[session_topics[0]]}"))
            add(s, P_ORDER, typed(str(order), "integer"))
            for topic in session_topics:
                add(s, P_SUBJECT, f"<{topic}>")

    # A site visit after one in twenty held meetings.
    if held and rng.random() < 0.05:
        where = rng.choice(ref.border_points) if rng.random() < 0.3 else place
        v = f"<{meeting}/visit/site-{n}>"
        add(v, RDF_TYPE, C_SITE_VISIT)
        add(v, RDF_TYPE, C_PUBLIC_EVENT)
        add(v, RDF_TYPE, C_EVENT)
        add(v, P_TITLE, lit(f"Site visit near {ref.place_labels[where]} after synthetic meeting {n}"))
        add(v, P_KIND, KIND_SITE_VISIT)
        add(v, P_FOLLOWS, m)
        add(v, P_LOCATION, f"<{where}>")
        add(v, P_START, typed(end.isoformat(), "date"))
        add(v, P_SUBJECT, f"<{topics[-1]}>")
    return out


def meeting_iri(ref: Reference, seed: int, n: int) -> str:
    """The IRI of synthetic meeting ``n`` (without generating its other quads' text twice)."""
    marker = f" {RDF_TYPE} {C_MEETING} "
    line = next(q for q in meeting_quads(ref, seed, n) if marker in q)
    return line.split(" ", 1)[0][1:-1]


def base_quads() -> Iterator[str]:
    """The shipped dataset as N-Quads lines: one named graph per shipped file, as ``euus build`` does.

    Blank nodes get stable labels (file number and order of appearance) so the output is reproducible.
    """
    sys.path.insert(0, str(REPO))
    from graph.resources import shipped_files  # the project's own list of files and graph names

    for number, data_file in enumerate(shipped_files()):
        blank: dict[str, str] = {}

        def term(t: object, number: int = number, blank: dict[str, str] = blank) -> str:
            if isinstance(t, ox.BlankNode):
                return blank.setdefault(t.value, f"_:f{number}b{len(blank)}")
            return str(t)

        graph = f"<{data_file.graph}>"
        path = data_file.path
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
            yield f"{term(triple.subject)} {term(triple.predicate)} {term(triple.object)} {graph} .\n"


def generate(triples: int, seed: int, output: Path, *, base: bool = True) -> tuple[int, int]:
    """Write the file; return (quads written, meetings generated)."""
    ref = load_reference()
    count = 0
    meetings = 0
    with output.open("w", encoding="utf-8", newline="\n") as out:
        if base:
            lines = list(dict.fromkeys(base_quads()))  # the same triple twice in one graph is one quad
            out.writelines(lines)
            count += len(lines)
        buffer: list[str] = []
        while count < triples:
            meetings += 1
            lines = meeting_quads(ref, seed, meetings)
            buffer.extend(lines)
            count += len(lines)
            if len(buffer) > 50_000:
                out.writelines(buffer)
                buffer.clear()
        out.writelines(buffer)
    return count, meetings


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="total quads in the file (e.g. 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, required=True, help="N-Quads file to write (.nq)")
    parser.add_argument("--no-base", action="store_true", help="leave the shipped dataset out")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count, meetings = generate(args.triples, args.seed, args.output, base=not args.no_base)
    elapsed = time.perf_counter() - started
    print(
        f"wrote {count} quads ({meetings} synthetic meetings) to {args.output} in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
