"""What the pages for people show: the index summary, typed sections of resource pages, the graph list.

Plain functions over a :class:`Store` returning labelled data; the HTTP layer only renders them.
Labels are English, as the pages are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, SKOS, URIRef

from graph.namespaces import PREFIXES
from graph.sparql.text import iri, string
from graph.store import SelectResult, Store
from graph.views.describe import ResourceView, resource_view

_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
#: The English label of ?x as ?xLabel, whichever labelling property the resource uses.
_LABEL = """OPTIONAL {{ VALUES ?{0}Lp {{ skos:prefLabel dct:title rdfs:label }} ?{0} ?{0}Lp ?{0}Label
  FILTER(LANGMATCHES(LANG(?{0}Label), "en")) }}"""
#: What the index counts, in this order: (plural name, SPARQL pattern binding ?s).
INDEX_COUNTS: tuple[tuple[str, str], ...] = (
    ("Meetings", "?s a euus:Meeting"),
    ("Sessions", "?s a euus:Session"),
    ("Site visits", "?s a euus:SiteVisit"),
    ("Organisations", "VALUES ?c { cv:PublicOrganisation org:FormalOrganization } ?s a ?c"),
    ("Council presidencies", "?s a euus:CouncilPresidency"),
    ("Topics", f"?s skos:inScheme <{PREFIXES['id']}scheme/topics>"),
    ("Places", "?s a schema:City"),
    ("Sources", "?s a euus:SourceDocument"),
)
#: Names for properties of other vocabularies that our ontology does not label.
PROPERTY_NAMES = {
    str(SKOS.prefLabel): "name",
    str(SKOS.altLabel): "also called",
    str(SKOS.broader): "broader topic",
    str(SKOS.narrower): "narrower topic",
    PREFIXES["schema"] + "eventAttendanceMode": "attendance mode",
    PREFIXES["schema"] + "mentions": "mentions",
}
#: How many meetings the index lists as latest and as next.
LISTED = 5


@dataclass(frozen=True)
class Item:
    """One line of a list on a page: a link (``iri``) with its label, and a note after it."""

    iri: str | None
    label: str
    note: str = ""


@dataclass
class Section:
    """A typed part of a resource page, e.g. its participants or the meetings about a topic."""

    title: str
    items: list[Item] = field(default_factory=list)
    #: properties whose statements the section shows (with better labels than the statement table)
    covers: tuple[str, ...] = ()


@dataclass
class ResourcePage:
    """A resource as its page shows it: the generic description, its types, and typed sections."""

    view: ResourceView
    types: list[Item]
    sections: list[Section]

    @property
    def hidden_properties(self) -> set[str]:
        """Properties the sections show in full, so that the statement table leaves them out."""
        return {p for section in self.sections for p in section.covers}


@dataclass
class IndexSummary:
    """What the index page shows."""

    counts: list[tuple[str, int]]
    latest: list[Item]
    upcoming: list[Item]
    presidency_today: Item | None
    per_half_year: list[tuple[str, int]]
    today: str
    attending: list[Item] = field(default_factory=list)


def _rows(store: Store, query: str) -> list[dict[str, Any]]:
    result = store.query(_PREFIXES + "\n" + query)
    assert isinstance(result, SelectResult)  # noqa: S101 - our own SELECT queries
    return [{k: str(v) for k, v in row.items() if v is not None} for row in result]


def _labelled(var: str) -> str:
    return _LABEL.format(var)


def index_summary(store: Store, today: dt.date) -> IndexSummary:
    """Counts per kind, the latest and next meetings, the presidency in office ``today``, a timeline."""
    counts = [
        (name, int(_rows(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} }}")[0]["n"]))
        for name, pattern in INDEX_COUNTS
    ]
    meetings = _rows(
        store,
        f"""SELECT ?m ?start ?mLabel ?status WHERE {{ ?m a euus:Meeting ; schema:startDate ?start .
  OPTIONAL {{ ?m euus:meetingStatus/skos:prefLabel ?status FILTER(LANG(?status) = "en") }}
  {_labelled("m")} }} ORDER BY STR(?start) ?m""",
    )
    day = today.isoformat()
    # a start known only to the month or year counts as past once that month or year has begun
    past = [m for m in meetings if m["start"] <= day[: len(m["start"])]]
    future = [m for m in meetings if m["start"] > day[: len(m["start"])]]
    return IndexSummary(
        counts=counts,
        latest=[_meeting_item(m) for m in reversed(past[-LISTED:])],
        upcoming=[_meeting_item(m) for m in future[:LISTED]],
        presidency_today=presidency_on(store, today),
        per_half_year=meetings_per_half_year(m["start"] for m in meetings),
        today=day,
        attending=most_present(store),
    )


def most_present(store: Store, limit: int = 10) -> list[Item]:
    """The participants (organisations, presidencies) in the most meetings, most first."""
    rows = _rows(
        store,
        f"""SELECT ?who ?whoLabel ?n WHERE {{
  {{ SELECT ?who (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a euus:Meeting ; cv:hasParticipation/cv:hasParticipant ?who }}
    GROUP BY ?who }}
  {_labelled("who")} }} ORDER BY DESC(?n) ?whoLabel LIMIT {int(limit)}""",
    )
    return [
        Item(r["who"], r.get("whoLabel", r["who"]), f"{r['n']} meeting{'' if r['n'] == '1' else 's'}")
        for r in rows
    ]


def _meeting_item(row: dict[str, str]) -> Item:
    note = row["start"] + (f" · {row['status']}" if "status" in row else "")
    return Item(row["m"], row.get("mLabel", row["m"]), note)


def presidency_on(store: Store, day: dt.date) -> Item | None:
    """The Council presidency in office on ``day`` (by the rota's terms), or ``None`` outside the rota."""
    found = _rows(
        store,
        f"""SELECT ?p ?pLabel ?from ?to WHERE {{ ?p a euus:CouncilPresidency ;
    euus:membership/org:memberDuring [ dcat:startDate ?from ; dcat:endDate ?to ] .
  FILTER(STR(?from) <= {string(day.isoformat())} && STR(?to) >= {string(day.isoformat())})
  {_labelled("p")} }} LIMIT 1""",
    )
    if not found:
        return None
    row = found[0]
    return Item(row["p"], row.get("pLabel", row["p"]), f"{row['from']} to {row['to']}")


def meetings_per_half_year(starts: Iterable[str]) -> list[tuple[str, int]]:
    """Meetings per half-year ("2018-H1"), every half-year from the first to the last, empty ones as 0.

    A start known only to the year has no half-year and is left out.

    >>> meetings_per_half_year(["2017-11-02", "2018-05", "2018-06-30", "2019"])
    [('2017-H2', 1), ('2018-H1', 2)]
    """
    halves = Counter(
        (int(start[:4]), 1 if int(start[5:7]) <= 6 else 2) for start in starts if len(start) >= 7
    )
    if not halves:
        return []
    (year, half), last = min(halves), max(halves)
    timeline = []
    while (year, half) <= last:
        timeline.append((f"{year}-H{half}", halves[(year, half)]))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return timeline


def participation_labels(store: Store, participations: Iterable[str]) -> dict[str, str]:
    """Labels of participations (who, side, role, basis); others left out.

    Example: "Europol — EU side — member of the delegation — customary composition".
    """
    wanted = sorted({p for p in participations if p.startswith(("http://", "https://"))})
    if not wanted:
        return {}
    rows = _rows(
        store,
        f"""SELECT ?p ?whoLabel ?description ?sideLabel ?roleLabel
  (GROUP_CONCAT(DISTINCT ?basisLabel; separator=", ") AS ?bases) WHERE {{
  VALUES ?p {{ {" ".join(iri(p) for p in wanted)} }} ?p a cv:Participation .
  OPTIONAL {{ ?p cv:hasParticipant ?who {_labelled("who")} }}
  OPTIONAL {{ ?p dct:description ?description FILTER(LANGMATCHES(LANG(?description), "en")) }}
  OPTIONAL {{ ?p euus:side/skos:prefLabel ?sideLabel FILTER(LANG(?sideLabel) = "en") }}
  OPTIONAL {{ ?p euus:participationRole/skos:prefLabel ?roleLabel FILTER(LANG(?roleLabel) = "en") }}
  OPTIONAL {{ ?p euus:participationBasis/skos:prefLabel ?basisLabel FILTER(LANG(?basisLabel) = "en") }}
}} GROUP BY ?p ?whoLabel ?description ?sideLabel ?roleLabel""",
    )
    return {
        row["p"]: " — ".join(
            filter(
                None,
                [
                    row.get("whoLabel") or row.get("description"),
                    row.get("sideLabel"),
                    row.get("roleLabel"),
                    row.get("bases"),
                ],
            )
        )
        for row in rows
    }


def resource_page(store: Store, resource: str) -> ResourcePage:
    """Everything a resource page shows; participations get labels made of who, side and role."""
    view = resource_view(store, resource)
    unlabelled = [str(v) for _, _, v, label in view.statements if label is None and isinstance(v, URIRef)]
    unlabelled += [s for s, label, _ in view.incoming if label is None] + [resource]
    labels = participation_labels(store, unlabelled) | period_labels(store, unlabelled)
    view.label = view.label or labels.get(resource)
    types = [
        Item(str(v), label or humanise(str(v))) for p, _, v, label in view.statements if p == str(RDF.type)
    ]
    view.statements = sorted(
        (
            (p, PROPERTY_NAMES.get(p) or (humanise(p) if ":" in pl else pl), v, label or labels.get(str(v)))
            for p, pl, v, label in view.statements
            if p != str(RDF.type)
        ),
        key=lambda s: (s[1], str(s[3] or s[2])),
    )
    view.incoming = [(s, label or labels.get(s), humanise(p)) for s, label, p in view.incoming]
    return ResourcePage(view, types, sections_for(store, resource, [t.iri or "" for t in types]))


def humanise(term: str) -> str:
    """A readable name for a term that has no label: its local name in words ("startDate": "start date").

    >>> humanise("https://schema.org/startDate"), humanise("dct:title"), humanise("http://data.europa.eu/m8g/PublicEvent")
    ('start date', 'title', 'public event')
    """
    local = re.split(r"[#/:]", term.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").lower()


def period_labels(store: Store, periods: Iterable[str]) -> dict[str, str]:
    """Labels of periods of time such as a presidency's term: "2018-01-01 to 2018-06-30"; others left out."""
    wanted = sorted({p for p in periods if p.startswith(("http://", "https://"))})
    if not wanted:
        return {}
    rows = _rows(
        store,
        f"""SELECT ?p ?from ?to WHERE {{ VALUES ?p {{ {" ".join(iri(p) for p in wanted)} }}
  ?p dcat:startDate ?from . OPTIONAL {{ ?p dcat:endDate ?to }} }}""",
    )
    return {row["p"]: f"{row['from']} to {row.get('to', 'today')}" for row in rows}


def sections_for(store: Store, resource: str, types: Iterable[str]) -> list[Section]:
    """The typed sections of a resource's page, chosen by its types (a meeting, a topic, an organisation...)."""
    kinds = {t.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in types}
    target = iri(resource)
    sections: list[Section] = []
    if kinds & {"Meeting", "Session", "SiteVisit"}:
        sections += _meeting_sections(store, target)
    if "CouncilPresidency" in kinds:
        sections.append(
            _meetings(store, "Meetings during this presidency", f"?m euus:duringPresidency {target} .")
        )
    if "Concept" in kinds and resource.startswith(PREFIXES["id"] + "topic/"):
        # the same rule as the API's topic filter: narrower topics and the topics of sessions count
        sections.append(_meetings(store, "Meetings on this topic",
                                  f"?m (dct:subject|schema:subEvent/dct:subject)/skos:broader* {target} ."))  # fmt: skip
        sections.append(_list(store, "Narrower topics", f"?x skos:broader {target} .", "x"))
    if kinds & {"City", "BorderCrossingPoint"}:
        sections.append(_meetings(store, "Meetings here", f"?m schema:location {target} ."))
    attended = _attended(store, target)
    if attended.items:
        sections.append(attended)
    return [s for s in sections if s.items]


def _meeting_sections(store: Store, target: str) -> list[Section]:
    cv, schema, dct, euus = (PREFIXES[p] for p in ("cv", "schema", "dct", "euus"))
    participants = Section("Participants", covers=(cv + "hasParticipation",))
    rows = _rows(
        store,
        f"SELECT ?p ?who WHERE {{ {target} cv:hasParticipation ?p OPTIONAL {{ ?p cv:hasParticipant ?who }} }}",
    )
    labels = participation_labels(store, (r["p"] for r in rows))
    participants.items = sorted(
        (Item(r.get("who"), labels.get(r["p"], r["p"])) for r in rows), key=lambda i: (i.iri is None, i.label)
    )
    sessions = _list(store, "Sessions",
                     f"{target} schema:subEvent ?x . OPTIONAL {{ ?x euus:sessionOrder ?order }}", "x", "order")  # fmt: skip
    sessions.covers = (schema + "subEvent",)
    topics = _list(
        store,
        "Topics",
        f"{{ {target} dct:subject ?x }} UNION {{ {target} schema:subEvent/dct:subject ?x }}",
        "x",
    )
    topics.covers = (dct + "subject",)
    related = Section("Related meetings", covers=(euus + "prepares", euus + "follows"))
    for r in _rows(
        store,
        f"""SELECT DISTINCT ?x ?xLabel ?relation ?start WHERE {{
  {{ {target} euus:prepares ?x BIND("prepares" AS ?relation) }}
  UNION {{ ?x euus:prepares {target} BIND("prepared by" AS ?relation) }}
  UNION {{ {target} euus:follows ?x BIND("follows" AS ?relation) }}
  UNION {{ ?x euus:follows {target} BIND("followed by" AS ?relation) }}
  UNION {{ ?x schema:subEvent {target} BIND("part of" AS ?relation) }}
  OPTIONAL {{ ?x schema:startDate ?start }} {_labelled("x")} }} ORDER BY ?relation ?x""",
    ):
        note = r["relation"] + (f" · {r['start']}" if "start" in r else "")
        related.items.append(Item(r["x"], r.get("xLabel", r["x"]), note))
    return [participants, sessions, topics, related]


def _list(store: Store, title: str, pattern: str, var: str, order: str | None = None) -> Section:
    """Resources bound to ``var`` by ``pattern``, by the number in ``order`` if given, then by label."""
    extra = f"?{order}" if order else ""
    rows = _rows(store, f"SELECT DISTINCT ?{var} ?{var}Label {extra} WHERE {{ {pattern} {_labelled(var)} }}")
    rows.sort(key=lambda r: (float(r.get(order, 0)) if order else 0, r.get(f"{var}Label", r[var]).lower()))
    return Section(title, [Item(r[var], r.get(f"{var}Label", r[var])) for r in rows])


def _meetings(store: Store, title: str, pattern: str) -> Section:
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?m ?mLabel ?start ?status WHERE {{ ?m a euus:Meeting . {pattern}
  OPTIONAL {{ ?m schema:startDate ?start }}
  OPTIONAL {{ ?m euus:meetingStatus/skos:prefLabel ?status FILTER(LANG(?status) = "en") }}
  {_labelled("m")} }} ORDER BY DESC(STR(?start)) ?m""",
    )
    return Section(title, [_meeting_item({"start": "", **r}) for r in rows])


def _attended(store: Store, target: str) -> Section:
    """The meetings an organisation (or a presidency) took part in, with its side and role."""
    section = Section("Meetings attended")
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?m ?mLabel ?start ?sideLabel ?roleLabel WHERE {{
  ?m cv:hasParticipation ?p . ?p cv:hasParticipant {target} .
  OPTIONAL {{ ?m schema:startDate ?start }}
  OPTIONAL {{ ?p euus:side/skos:prefLabel ?sideLabel FILTER(LANG(?sideLabel) = "en") }}
  OPTIONAL {{ ?p euus:participationRole/skos:prefLabel ?roleLabel FILTER(LANG(?roleLabel) = "en") }}
  {_labelled("m")} }} ORDER BY DESC(STR(?start)) ?m""",
    )
    for r in rows:
        note = " — ".join(filter(None, [r.get("start"), r.get("sideLabel"), r.get("roleLabel")]))
        section.items.append(Item(r["m"], r.get("mLabel", r["m"]), note))
    return section


def graph_listing(store: Store) -> list[dict[str, Any]]:
    """Every named graph with its size, its title and the source its facts come from."""
    rows = _rows(
        store,
        """SELECT ?g ?n ?gLabel ?source ?sourceLabel WHERE {
  { SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g }
  OPTIONAL { ?g dct:title ?gLabel FILTER(LANGMATCHES(LANG(?gLabel), "en")) }
  OPTIONAL { ?g prov:wasDerivedFrom ?source
    OPTIONAL { ?source dct:title ?sourceLabel FILTER(LANGMATCHES(LANG(?sourceLabel), "en")) } }
} ORDER BY ?g""",
    )
    listing: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = listing.setdefault(
            r["g"], {"iri": r["g"], "triples": int(r["n"]), "title": r.get("gLabel"), "sources": []}
        )
        if "source" in r:
            entry["sources"].append(Item(r["source"], r.get("sourceLabel", r["source"])))
    return list(listing.values())
