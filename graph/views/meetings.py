"""Meetings for dashboards: a filtered, sorted, paged list and one meeting in full.

The list answers from a :class:`~graph.views.snapshot.Snapshot`; the detail adds what only one meeting
needs (sessions, related meetings and visits, sources with their graphs) from three small queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template
from typing import Any

from graph.sparql.text import iri
from graph.store import Store
from graph.views.ids import local, resolve
from graph.views.snapshot import Labels, Meeting, Snapshot, fold, select

#: Sort keys of the list; a leading ``-`` reverses.
SORTS = ("start", "-start", "label", "-label")


@dataclass(frozen=True)
class MeetingFilter:
    """What to select meetings by; every field is optional. Ids may be local parts or full IRIs."""

    start_from: str | None = None
    start_to: str | None = None
    topic: str | None = None
    presidency: str | None = None
    participant: str | None = None
    kind: str | None = None
    text: str | None = None
    place: str | None = None
    series: str | None = None
    status: str | None = None
    side: str | None = None
    sort: str = "start"
    limit: int = 100
    offset: int = 0
    lang: str = "en"
    #: Count only participations of this basis (``stated``: what a source says happened) in the
    #: participant and side filters; alone, meetings with at least one such participation.
    basis: str | None = None


@dataclass(frozen=True)
class Page:
    """One page of a list: the items and how many there are in all."""

    items: list[dict[str, Any]]
    total: int


def ref(snapshot: Snapshot, value: str | None, lang: str) -> dict[str, str] | None:
    """``{"id", "key", "label"}`` of an IRI, or ``None``."""
    if value is None:
        return None
    return {"id": value, "key": local(value), "label": snapshot.label(value, lang) or local(value)}


def _matcher(snapshot: Snapshot, selection: MeetingFilter) -> list[Any]:
    """One test per given filter, each a function of a meeting."""
    known = snapshot.types
    tests: list[Any] = []
    if selection.start_from:
        low = selection.start_from
        tests.append(lambda m: m.start is not None and m.start >= low)
    if selection.start_to:
        high = selection.start_to
        tests.append(lambda m: m.start is not None and m.start[: len(high)] <= high)
    if selection.topic:
        topic = resolve(selection.topic, ["topic"], known, parameter="topic")
        tests.append(lambda m: topic in snapshot.topic_closure(m))
    if selection.presidency:
        presidency = resolve(selection.presidency, ["presidency"], known, parameter="presidency")
        tests.append(lambda m: m.presidency == presidency)
    basis = selection.basis
    if selection.participant:
        who = resolve(
            selection.participant, ["org", "presidency", "member-state"], known, parameter="participant"
        )
        tests.append(lambda m: any(p.participant == who for p in m.on_basis(basis)))
    elif basis and not selection.side:
        tests.append(lambda m: bool(m.on_basis(basis)))
    if selection.kind:
        kind = resolve(selection.kind, ["meeting-kind"], known, parameter="kind")
        tests.append(lambda m: m.kind == kind)
    if selection.place:
        place = resolve(selection.place, ["place"], known, parameter="place")
        tests.append(lambda m: m.place == place or snapshot.places.get(m.place or "") == place)
    if selection.series:
        series = resolve(selection.series, ["series"], known, parameter="series")
        tests.append(lambda m: m.series == series)
    if selection.status:
        status = resolve(selection.status, ["meeting-status"], known, parameter="status")
        tests.append(lambda m: m.status == status)
    if selection.side:
        side = selection.side
        tests.append(lambda m: any(p.side == side for p in m.on_basis(basis)))
    if selection.text:
        words = fold(selection.text)
        empty = Labels()
        tests.append(lambda m: any(words in fold(t) for _, t in snapshot.labels.get(m.id, empty).preferred))
    return tests


def select_meetings(snapshot: Snapshot, selection: MeetingFilter) -> list[Meeting]:
    """Every meeting matching ``selection`` (paging aside), in its sort order."""
    tests = _matcher(snapshot, selection)
    found = [m for m in snapshot.meetings.values() if all(test(m) for test in tests)]
    key = selection.sort.lstrip("-")
    if key == "label":
        found.sort(key=lambda m: (fold(snapshot.label(m.id, selection.lang) or ""), m.id))
    else:
        found.sort(key=lambda m: (m.start or "", m.id))
    if selection.sort.startswith("-"):
        found.reverse()
    return found


def list_meetings(snapshot: Snapshot, selection: MeetingFilter) -> Page:
    """The page of meetings ``selection`` asks for, each as :func:`meeting_summary`."""

    def build() -> Page:
        found = select_meetings(snapshot, selection)
        page = found[selection.offset : selection.offset + selection.limit]
        return Page([meeting_summary(snapshot, m, selection.lang) for m in page], len(found))

    page: Page = snapshot.memo(("meetings", selection), build)
    return page


def meeting_summary(snapshot: Snapshot, meeting: Meeting, lang: str = "en") -> dict[str, Any]:
    """A meeting with kind, status, dates, place, presidency, series, topics and participants."""
    topics = [ref(snapshot, t, lang) for t in meeting.topics]
    return {
        "id": meeting.id,
        "key": local(meeting.id),
        "label": snapshot.label(meeting.id, lang),
        "kind": ref(snapshot, meeting.kind, lang),
        "status": local(meeting.status) if meeting.status else None,
        "start": meeting.start,
        "end": meeting.end,
        "place": ref(snapshot, meeting.place, lang),
        "presidency": ref(snapshot, meeting.presidency, lang),
        "series": ref(snapshot, meeting.series, lang),
        "attendance_mode": meeting.mode,
        "topics": sorted(topics, key=lambda t: fold(t["label"]) if t else ""),
        "participants": [
            {
                "id": p.participant,
                "key": local(p.participant) if p.participant else None,
                "label": snapshot.label(p.participant, lang) if p.participant else p.description,
                "side": p.side,
                "role": p.role,
                "basis": p.basis,
            }
            for p in meeting.participations
        ],
    }


def get_meeting(store: Store, snapshot: Snapshot, value: str, lang: str = "en") -> dict[str, Any] | None:
    """One meeting in full, or ``None``: the summary, its sessions, related meetings and sources."""
    found = resolve(value, ["meeting"], snapshot.meetings, parameter="id")
    meeting = snapshot.meetings.get(found)
    if meeting is None:
        return None
    detail = meeting_summary(snapshot, meeting, lang)
    detail["own_topics"] = sorted(meeting.own_topics)
    detail.update(_meeting_extras(store, snapshot, found, lang))
    return detail


#: What only the detail of one meeting needs, in one query (one round trip to the store): its sessions
#: with their topics, the meetings and visits linked to it, the statements made at it with their topics
#: and holders, what it mentions, and the graphs its facts (and those of its sessions and participations)
#: sit in with their sources. ``?part`` tells them apart. The meeting's
#: IRI (checked by ``iri``) is written into each pattern: a VALUES outside the UNION is not pushed into it.
DETAIL_QUERY = Template("""
SELECT DISTINCT ?part ?s ?order ?t ?other ?relation ?graph ?source ?title ?kind ?quote WHERE {
  { BIND("session" AS ?part) $m schema:subEvent ?s .
    OPTIONAL { ?s euus:sessionOrder ?order } OPTIONAL { ?s dct:subject ?t } }
  UNION { BIND("related" AS ?part)
    { $m euus:prepares ?other BIND("prepares" AS ?relation) }
    UNION { ?other euus:prepares $m BIND("prepared-by" AS ?relation) }
    UNION { $m euus:follows ?other BIND("follows" AS ?relation) }
    UNION { ?other euus:follows $m BIND("followed-by" AS ?relation) } }
  UNION { BIND("statement" AS ?part) ?s euus:madeAt $m ; euus:statementKind ?kind ; euus:quote ?quote .
    OPTIONAL { ?s dct:subject ?t } OPTIONAL { ?s euus:heldBy ?other } }
  UNION { BIND("mentions" AS ?part) $m schema:mentions ?other }
  UNION { BIND("source" AS ?part)
    { GRAPH ?graph { $m ?p ?o } }
    UNION { $m schema:subEvent|cv:hasParticipation ?piece GRAPH ?graph { ?piece ?p ?o } }
    OPTIONAL { ?graph prov:wasDerivedFrom ?source OPTIONAL { ?source dct:title ?title } } }
} ORDER BY ?part ?relation ?other ?graph ?source""")


def _meeting_extras(store: Store, snapshot: Snapshot, meeting: str, lang: str) -> dict[str, Any]:
    sessions: dict[str, dict[str, Any]] = {}
    statements: dict[str, dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    related: list[dict[str, Any]] = []
    sources: dict[tuple[str, str], dict[str, Any]] = {}
    for row in select(store, DETAIL_QUERY.substitute(m=iri(meeting))):
        if row["part"] == "session":
            order = int(row["order"]) if "order" in row else None
            session = sessions.setdefault(
                row["s"],
                {"id": row["s"], "label": snapshot.label(row["s"], lang), "order": order, "topics": []},
            )
            if "t" in row:
                session["topics"].append(ref(snapshot, row["t"], lang))
        elif row["part"] == "statement":
            _add_statement(statements, row, snapshot, lang)
        elif row["part"] == "mentions":
            mentions.append(ref(snapshot, row["other"], lang) or {})
        elif row["part"] == "related":
            other = row["other"]
            related.append({**(ref(snapshot, other, lang) or {}), "relation": row["relation"],
                            "type": snapshot.types.get(other)})  # fmt: skip
        else:
            key = (row["graph"], row.get("source") or "")
            sources[key] = {"id": row.get("source"), "title": row.get("title"), "graph": row["graph"]}
    for session in sessions.values():
        session["topics"].sort(key=lambda t: fold(t["label"]))
    ordered = sorted(sessions.values(), key=lambda s: (s["order"] is None, s["order"] or 0, s["id"]))
    for statement in statements.values():
        statement["topics"].sort(key=lambda t: fold(t["label"]))
        statement["holders"].sort(key=lambda h: fold(h["label"]))
    return {
        "sessions": ordered,
        "statements": sorted(statements.values(), key=lambda s: s["id"]),
        "mentions": mentions,
        "related": related,
        "sources": list(sources.values()),
    }


def _add_statement(
    found: dict[str, dict[str, Any]], row: dict[str, str], snapshot: Snapshot, lang: str
) -> None:
    """One row of a statement (a topic and a holder of it) into ``found``, keyed by the statement's IRI."""
    statement = found.setdefault(
        row["s"],
        {"id": row["s"], "key": local(row["s"]), "kind": local(row["kind"]), "quote": row["quote"],
         "topics": [], "holders": []},
    )  # fmt: skip
    for key, value in (("topics", row.get("t")), ("holders", row.get("other"))):
        item = ref(snapshot, value, lang)
        if item is not None and item not in statement[key]:
            statement[key].append(item)
