"""The JSON-ready summary of one ingested document (for the CLI, the HTTP API and the quality script)."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from graph.ingest.emit import meeting_title, statement_iri, visit_iri
from graph.ingest.lexicon import Lexicon
from graph.ingest.model import DocumentReading, MeetingReading, Read


def summarise(
    reading: DocumentReading,
    lexicon: Lexicon,
    *,
    file_name: str | None,
    graph_iri: URIRef,
    source_iri: URIRef,
) -> dict[str, Any]:
    """``file``, ``graph``, ``source``, ``meetings`` (reported one first), ``not_asserted`` and ``warnings``.

    ``not_asserted`` lists the meetings the text describes without what a meeting needs: ``kind``,
    ``start`` and ``lacks`` (codes: "date", "month", "day", "place", "participant", "presidency").

    Resources are full IRIs; values of the closed vocabularies (kind, status, side, role, relation) are
    the local names of their concepts ("senior-officials", "held", "eu", "presidency").
    """
    source = reading.source
    meetings: list[dict[str, Any]] = []
    for meeting in reading.meetings:
        meetings.append(_meeting(meeting, lexicon, reading))
        meetings.extend(
            _meeting(r.meeting, lexicon, reading)
            for r in meeting.related
            if r.meeting is not None and not r.reported
        )
    return {
        "file": file_name,
        "graph": str(graph_iri),
        "source": {
            "id": str(source_iri),
            "title": source.title,
            "publisher": _iri(source.publisher),
            "publisher_text": source.publisher_text,
            "republisher": _iri(source.republisher),
            "republisher_text": source.republisher_text,
            "published": source.published.isoformat() if source.published else None,
            "language": source.language,
            "attribution_language": source.attribution_language,
        },
        "meetings": meetings,
        "not_asserted": [dict(n) for n in reading.not_asserted],
        "warnings": list(reading.warnings),
    }


def _meeting(meeting: MeetingReading, lexicon: Lexicon, reading: DocumentReading) -> dict[str, Any]:
    related: list[dict[str, Any]] = [
        {
            "id": str(r.meeting.iri) if r.meeting is not None else None,
            "label": r.label,
            "relation": r.relation,
        }
        for r in meeting.related
    ]
    related += [
        {
            "id": str(visit_iri(meeting, v)),
            "label": lexicon.names.get(v.place.value),
            "relation": "site-visit",
            "place": str(v.place.value),
            "topics": [str(t.value) for t in v.topics],
        }
        for v in meeting.visits
    ]
    return {
        "id": str(meeting.iri),
        "kind": _local(meeting.kind.value),
        "label": meeting_title(meeting, lexicon),
        "status": _local(meeting.status),
        "start": meeting.begin.iso,
        "end": meeting.finish.iso if meeting.finish else None,
        "place": _iri(meeting.place),
        "presidency": _iri(meeting.presidency),
        "presidency_from": "text" if meeting.presidency and meeting.presidency.span else "rota",
        "incoming_presidency": _iri(meeting.incoming_presidency),
        "host": _iri(meeting.host),
        "series": str(meeting.series) if meeting.series else None,
        "attendance": _attendance(meeting),
        "participants": [
            {
                "id": str(p.participant) if p.participant else None,
                "label": lexicon.names.get(p.participant) if p.participant else p.description,
                "side": _local(p.side),
                "role": _local(p.role),
                "basis": _local(p.basis) if p.basis else None,
            }
            for p in meeting.participants
        ],
        "statements": [
            {
                "id": str(statement_iri(meeting, s)),
                "kind": _local(s.kind),
                "quote": reading.text[s.span[0] : s.span[1]],
                "holders": [str(h.value) for h in s.holders],
                "topics": [str(t.value) for t in s.topics],
            }
            for s in meeting.statements
        ],
        "mentions": [str(m.value) for m in meeting.mentioned],
        "topics": [{"id": str(t.value), "label": lexicon.names.get(t.value)} for t in meeting.topics],
        "related": related,
    }


def _attendance(meeting: MeetingReading) -> str | None:
    """The attendance mode as "offline", "online" or "mixed" (schema.org's, without its suffix)."""
    if meeting.attendance is None:
        return None
    return _local(meeting.attendance.value).removesuffix("EventAttendanceMode").lower()


def _iri(read: Read | None) -> str | None:
    return None if read is None else str(read.value)


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]
