"""JSON-ready lookups for dashboards.

Meetings with their kind, dates, place, presidency, topics, participants and sources. Plain functions
over a :class:`Store`; the HTTP layer only renders them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from graph.namespaces import ID, PREFIXES
from graph.sparql.text import date_prefix, iri, string
from graph.store import SelectResult, Store

_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class MeetingFilter:
    """What to select meetings by; every field is optional. IRIs may be given as ``id/`` paths."""

    start_from: str | None = None
    start_to: str | None = None
    topic: str | None = None
    presidency: str | None = None
    participant: str | None = None
    kind: str | None = None
    text: str | None = None
    limit: int = 100
    offset: int = 0


def expand(value: str, kind: str) -> str:
    """An IRI from a full IRI or a short ``kind/slug`` form (``topic/cybercrime`` or ``cybercrime``)."""
    if ":" in value:
        return value
    return str(ID) + (value if value.startswith(kind + "/") else f"{kind}/{value}")


def _select(store: Store, query: str) -> list[dict[str, Any]]:
    result = store.query(_PREFIXES + "\n" + query)
    assert isinstance(result, SelectResult)  # noqa: S101 - our own SELECT queries
    return [{k: v for k, v in row.items() if v is not None} for row in result]


def _label(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def list_meetings(store: Store, selection: MeetingFilter) -> list[dict[str, Any]]:
    """Meetings matching ``selection``, ordered by start date, each with its details."""
    conditions: list[str] = []
    if selection.start_from:
        conditions.append(f"FILTER(STR(?start) >= {date_prefix(selection.start_from)})")
    if selection.start_to:
        upper = date_prefix(selection.start_to)
        conditions.append(f"FILTER(SUBSTR(STR(?start), 1, STRLEN({upper})) <= {upper})")
    if selection.topic:
        topic = iri(expand(selection.topic, "topic"))
        conditions.append(f"?m (dct:subject|schema:subEvent/dct:subject)/skos:broader* {topic} .")
    if selection.presidency:
        conditions.append(f"?m euus:duringPresidency {iri(expand(selection.presidency, 'presidency'))} .")
    if selection.participant:
        conditions.append(
            f"?m cv:hasParticipation/cv:hasParticipant {iri(expand(selection.participant, 'org'))} ."
        )
    if selection.kind:
        conditions.append(f"?m euus:meetingKind {iri(expand(selection.kind, 'meeting-kind'))} .")
    if selection.text:
        conditions.append(f"FILTER(CONTAINS(LCASE(STR(?label)), LCASE({string(selection.text)})))")
    rows = _select(
        store,
        f"""
SELECT DISTINCT ?m ?label ?start WHERE {{
  ?m a euus:Meeting ; schema:startDate ?start .
  OPTIONAL {{ ?m dct:title ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
  {" ".join(conditions)}
}} ORDER BY STR(?start) ?m LIMIT {int(selection.limit)} OFFSET {int(selection.offset)}""",
    )
    return meeting_details(store, [str(row["m"]) for row in rows])


def get_meeting(store: Store, meeting: str) -> dict[str, Any] | None:
    """One meeting with its details, or ``None`` when there is no such meeting."""
    found = meeting_details(store, [meeting])
    return found[0] if found else None


def meeting_details(store: Store, meetings: list[str]) -> list[dict[str, Any]]:
    """The details of each meeting IRI in ``meetings``, in that order (unknown IRIs are left out)."""
    if not meetings:
        return []
    values = "VALUES ?m { " + " ".join(iri(m) for m in meetings) + " }"
    main = {str(r["m"]): r for r in _select(store, f"""
SELECT ?m ?label ?kind ?kindLabel ?status ?start ?end ?place ?placeLabel ?presidency ?presidencyLabel WHERE {{
  {values} ?m a euus:Meeting .
  OPTIONAL {{ ?m dct:title ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
  OPTIONAL {{ ?m euus:meetingKind ?kind . OPTIONAL {{ ?kind skos:prefLabel ?kindLabel FILTER(LANG(?kindLabel) = "en") }} }}
  OPTIONAL {{ ?m euus:meetingStatus/skos:prefLabel ?status FILTER(LANG(?status) = "en") }}
  OPTIONAL {{ ?m schema:startDate ?start }} OPTIONAL {{ ?m schema:endDate ?end }}
  OPTIONAL {{ ?m schema:location ?place . OPTIONAL {{ ?place skos:prefLabel ?placeLabel FILTER(LANG(?placeLabel) = "en") }} }}
  OPTIONAL {{ ?m euus:duringPresidency ?presidency .
             OPTIONAL {{ ?presidency skos:prefLabel ?presidencyLabel FILTER(LANG(?presidencyLabel) = "en") }} }}
}}""")}  # fmt: skip
    topics: dict[str, dict[str, str]] = defaultdict(dict)
    for r in _select(
        store,
        f"""
SELECT DISTINCT ?m ?t ?tl WHERE {{ {values} {{ ?m dct:subject ?t }} UNION {{ ?m schema:subEvent/dct:subject ?t }}
  OPTIONAL {{ ?t skos:prefLabel ?tl FILTER(LANG(?tl) = "en") }} }}""",
    ):
        topics[str(r["m"])][str(r["t"])] = _label(r, "tl") or str(r["t"])
    participants: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _select(store, f"""
SELECT DISTINCT ?m ?p ?who ?whoLabel ?side ?role ?description WHERE {{ {values} ?m cv:hasParticipation ?p .
  OPTIONAL {{ ?p euus:side ?side }} OPTIONAL {{ ?p euus:participationRole ?role }}
  OPTIONAL {{ ?p dct:description ?description }}
  OPTIONAL {{ ?p cv:hasParticipant ?who . OPTIONAL {{ ?who skos:prefLabel ?whoLabel FILTER(LANG(?whoLabel) = "en") }} }}
}} ORDER BY ?p"""):  # fmt: skip
        participants[str(r["m"])].append({
            "id": _label(r, "who"),
            "label": _label(r, "whoLabel") or _label(r, "description"),
            "side": str(r["side"]).rsplit("/", 1)[-1] if "side" in r else None,
            "role": str(r["role"]).rsplit("/", 1)[-1] if "role" in r else None,
        })  # fmt: skip
    related: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in _select(
        store,
        f"""
SELECT DISTINCT ?m ?other ?relation ?otherLabel WHERE {{ {values}
  {{ ?m euus:prepares ?other BIND("prepares" AS ?relation) }}
  UNION {{ ?other euus:prepares ?m BIND("prepared by" AS ?relation) }}
  UNION {{ ?other euus:follows ?m BIND("followed by" AS ?relation) }}
  OPTIONAL {{ ?other dct:title ?otherLabel FILTER(LANGMATCHES(LANG(?otherLabel), "en")) }} }}""",
    ):
        related[str(r["m"])].append(
            {
                "id": str(r["other"]),
                "label": _label(r, "otherLabel") or str(r["other"]),
                "relation": str(r["relation"]),
            }
        )
    sources: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in _select(
        store,
        f"""
SELECT DISTINCT ?m ?source ?title ?graph WHERE {{ {values} GRAPH ?graph {{ ?m ?p ?o }}
  ?graph prov:wasDerivedFrom ?source . OPTIONAL {{ ?source dct:title ?title }} }}""",
    ):
        sources[str(r["m"])].append(
            {"id": str(r["source"]), "title": _label(r, "title") or "", "graph": str(r["graph"])}
        )
    return [
        _meeting_json(m, main[m], topics[m], participants[m], related[m], sources[m])
        for m in meetings
        if m in main
    ]


def _meeting_json(
    meeting: str,
    row: dict[str, Any],
    topics: dict[str, str],
    participants: list[dict[str, Any]],
    related: list[dict[str, str]],
    sources: list[dict[str, str]],
) -> dict[str, Any]:
    def ref(key: str, label_key: str) -> dict[str, str] | None:
        return {"id": str(row[key]), "label": _label(row, label_key) or str(row[key])} if key in row else None

    return {
        "id": meeting,
        "label": _label(row, "label"),
        "kind": ref("kind", "kindLabel"),
        "status": _label(row, "status"),
        "start": _label(row, "start"),
        "end": _label(row, "end"),
        "place": ref("place", "placeLabel"),
        "presidency": ref("presidency", "presidencyLabel"),
        "topics": [
            {"id": t, "label": label} for t, label in sorted(topics.items(), key=lambda x: x[1].lower())
        ],
        "participants": participants,
        "related": related,
        "sources": sources,
    }
