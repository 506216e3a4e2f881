"""Recognise what the store already knows of an extraction: its source, meetings, visits, participations.

Every look-up is a SPARQL ``SELECT`` over the union of the store's graphs, so it works the same on the
embedded store and on a remote SPARQL server. The rules (also in ``README.md``):

* **source**: the same IRI, or a source document with the same title (case aside) and issue date;
* **meeting**: the same IRI, or a meeting of the same kind whose dates overlap the text's and whose
  place is the same (or unknown on one side), unless it was announced for a month and the text gives
  the day (then a warning); failing that, one of the same kind whose dates overlap
  but whose place differs (a place conflict), or one of the same kind, place and Council presidency
  whose dates do not overlap (a date conflict). Meetings of a kind meet once per presidency, which is
  what makes the last rule safe;
* **site visit** of a known meeting: one that ``euus:follows`` it at the same place;
* **statement** of a known meeting: one that quotes the same words (the one quote within the other);
* **participation** in a known meeting: one with the same participant, or, for a participant the text
  describes without naming, the unnamed one of the same side.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.ingest.emit import participation_iri, statement_iri, visit_iri
from graph.ingest.model import DocumentReading, MeetingReading
from graph.namespaces import CV, EUUS, SDO
from graph.store import Row, SelectResult, Store
from graph.store.reader import sparql_term


@dataclass
class Recognition:
    """What the store knows of an extraction.

    Attributes:
        known: IRI the extraction minted -> IRI of the same resource in the store (equal when the
            extraction minted the stored IRI itself).
        moved: a meeting the extraction names under another IRI than the store's: its old IRI -> the
            stored one; IRIs under the old one (participations, visits) move under the stored one.
        notes: for the summary's warnings: stored meetings announced for a month, not matched.
    """

    known: dict[URIRef, URIRef] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def rename(self, iri: URIRef) -> URIRef:
        """The IRI to write for ``iri``: the stored resource's, or ``iri`` moved under a known meeting."""
        found = self.known.get(iri)
        if found is not None:
            return found
        text = str(iri)
        for old, new in self.moved.items():
            if text.startswith(old + "/"):
                return URIRef(new + text[len(old) :])
        return iri


def recognise(store: Store, reading: DocumentReading, source_iri: URIRef) -> Recognition:
    """Find the resources of ``reading`` that the store already describes."""
    found = Recognition()
    source = known_source(store, reading, source_iri)
    if source is not None:
        found.known[source_iri] = source
    for meeting in _all_meetings(reading.meetings):
        stored = known_meeting(store, meeting, found.notes)
        if stored is None:
            continue
        found.known[meeting.iri] = stored
        if stored != meeting.iri:
            found.moved[str(meeting.iri)] = str(stored)
        _children(store, meeting, stored, found)
        _statements(store, reading.text, meeting, stored, found)
    return found


def known_source(store: Store, reading: DocumentReading, iri: URIRef) -> URIRef | None:
    """The stored source document that is this one: same IRI, or same title and issue date."""
    title = sparql_term(Literal(" ".join(reading.source.title.split()).lower()))
    published = reading.source.published
    dated = (
        f'?s <{DCTERMS.issued}> ?issued . FILTER(STR(?issued) = "{published.isoformat()}")'
        if published
        else f"FILTER NOT EXISTS {{ ?s <{DCTERMS.issued}> ?issued }}"
    )
    rows = _select(
        store,
        f"SELECT DISTINCT ?s WHERE {{ ?s a <{EUUS.SourceDocument}> . "
        f"{{ FILTER(?s = {sparql_term(iri)}) }} UNION "
        f"{{ ?s <{DCTERMS.title}> ?title . FILTER(LCASE(STR(?title)) = {title}) {dated} }} }}",
    )
    found = sorted(row["s"] for row in rows if isinstance(row["s"], URIRef))
    return iri if iri in found else (found[0] if found else None)


def known_meeting(store: Store, meeting: MeetingReading, notes: list[str] | None = None) -> URIRef | None:
    """The stored meeting the text reports (see the module's rules), or None.

    A stored meeting announced for a month is not the one a text reports on a day of that month: the
    day could not replace the month (it is in another source's graph), and the text's meeting would be
    left with the announcement's date and status. It is named in ``notes`` instead.
    """
    year = meeting.begin.year
    rows = _select(
        store,
        f"""SELECT ?m ?start ?end ?place ?presidency WHERE {{
          ?m a <{EUUS.Meeting}> ; <{EUUS.meetingKind}> {sparql_term(meeting.kind.value)} ;
             <{SDO.startDate}> ?start .
          OPTIONAL {{ ?m <{SDO.endDate}> ?end }} OPTIONAL {{ ?m <{SDO.location}> ?place }}
          OPTIONAL {{ ?m <{EUUS.duringPresidency}> ?presidency }}
          FILTER(?m = {sparql_term(meeting.iri)}
                 || (STR(?start) >= "{year - 1}" && STR(?start) < "{year + 2}"))
        }}""",
    )
    begin, end = meeting.begin, meeting.finish or meeting.begin
    text_days = (begin.first_day(), _last_day(end.iso))
    place = meeting.place.value if meeting.place else None
    presidency = meeting.presidency.value if meeting.presidency else None
    best: tuple[int, str] | None = None
    for row in rows:
        candidate = row["m"]
        if candidate == meeting.iri:
            return meeting.iri
        try:
            stored_days = (_first_day(str(row["start"])), _last_day(str(row["end"] or row["start"])))
        except ValueError:  # a stored date of another form (a year): not comparable day by day
            continue
        overlap = text_days[0] <= stored_days[1] and stored_days[0] <= text_days[1]
        same_place = place is None or row["place"] is None or row["place"] == place
        if overlap and same_place and len(str(row["start"])) == len("YYYY-MM") and begin.day is not None:
            if notes is not None:
                notes.append(
                    f"the store has <{candidate}>, announced for {row['start']}; the text reports a meeting "
                    f"on {begin.iso}: it is stored as a meeting of its own"
                )
            continue
        score = 0
        if overlap:
            score = 3 if same_place else 2
        elif same_place and place is not None and presidency is not None and row["presidency"] == presidency:
            score = 1
        if score and (best is None or (score, str(candidate)) > best):
            best = (score, str(candidate))
    return URIRef(best[1]) if best else None


def _children(store: Store, meeting: MeetingReading, stored: URIRef, found: Recognition) -> None:
    """Map the text's participations and site visits of ``meeting`` onto the stored meeting's."""
    rows = _select(
        store,
        f"""SELECT ?p ?who ?side WHERE {{
          {sparql_term(stored)} <{CV.hasParticipation}> ?p .
          OPTIONAL {{ ?p <{CV.hasParticipant}> ?who }} OPTIONAL {{ ?p <{EUUS.side}> ?side }}
        }} ORDER BY ?p""",
    )
    named = {row["who"]: row["p"] for row in rows if row["who"] is not None}
    unnamed = {row["side"]: row["p"] for row in rows if row["who"] is None and row["side"] is not None}
    for participant in meeting.participants:
        known = (
            named.get(participant.participant)
            if participant.participant is not None
            else unnamed.get(participant.side)
        )
        if isinstance(known, URIRef):
            found.known[participation_iri(meeting, participant)] = known
    rows = _select(
        store,
        f"""SELECT ?v ?place WHERE {{
          ?v <{EUUS.follows}> {sparql_term(stored)} ; a <{EUUS.SiteVisit}> ; <{SDO.location}> ?place .
        }} ORDER BY ?v""",
    )
    visits = {row["place"]: row["v"] for row in rows}
    for visit in meeting.visits:
        known = visits.get(visit.place.value)
        if isinstance(known, URIRef):
            found.known[visit_iri(meeting, visit)] = known


def _statements(store: Store, text: str, meeting: MeetingReading, stored: URIRef, found: Recognition) -> None:
    """Map the text's statements onto the stored meeting's that quote the same words (one within the other).

    A curated statement may quote only the clause that matters ("preserve the functionality of WHOIS ...");
    the ingest quotes the whole sentence.
    """
    rows = _select(
        store,
        f"""SELECT ?s ?quote WHERE {{ ?s <{EUUS.madeAt}> {sparql_term(stored)} ;
                                      <{EUUS.quote}> ?quote }} ORDER BY ?s""",
    )
    quotes = [(" ".join(str(row["quote"]).split()), row["s"]) for row in rows]
    for statement in meeting.statements:
        said = " ".join(text[statement.span[0] : statement.span[1]].split())
        known = next((s for quote, s in quotes if quote and (quote in said or said in quote)), None)
        if isinstance(known, URIRef):
            found.known[statement_iri(meeting, statement)] = known


def _all_meetings(meetings: list[MeetingReading]) -> Iterator[MeetingReading]:
    for meeting in meetings:
        yield meeting
        yield from _all_meetings(
            [r.meeting for r in meeting.related if r.meeting is not None and not r.reported]
        )


def _first_day(iso: str) -> dt.date:
    year, month, *day = (int(part) for part in iso[:10].split("-"))
    return dt.date(year, month, day[0] if day else 1)


def _last_day(iso: str) -> dt.date:
    year, month, *day = (int(part) for part in iso[:10].split("-"))
    return dt.date(year, month, day[0] if day else calendar.monthrange(year, month)[1])


def _select(store: Store, sparql: str) -> list[Row]:
    result = store.query(sparql)
    if not isinstance(result, SelectResult):
        raise TypeError("a SELECT query gave no rows")
    return list(result)
