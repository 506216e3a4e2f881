"""Turn what was read into RDF: the document's fact graph and the key-fact graph of each meeting.

* The **document graph** ``id/graph/{date}-{title slug}`` holds the source document, the ingest activity
  and every fact the document supports about its meetings: status, end date, host, topics, participations,
  related meetings, site visits. Re-ingesting the document replaces it.
* A **meeting key graph** ``id/graph/meeting-{meeting slug}`` holds the facts that the meeting's IRI
  already encodes: types, kind, start date, place, and what follows from them alone (presidency by the
  rota, series by the kind, title). Its content depends on the meeting's key only, so every document about
  the meeting writes the very same graph: these facts are stated once however many documents report the
  meeting. Each document graph says ``<meeting key graph> prov:wasDerivedFrom <its source>``.
* **Provenance per fact**: every fact read from the text has an ``rdf:Statement`` (standard RDF
  reification, in the document graph) with ``euus:textSpan "start-end"`` and the quoted text
  (``prov:value``); a fact resolved from the rota has ``prov:wasDerivedFrom`` the Council decision instead.
  Nodes the ingest creates (meeting mentions, participations, visits) also carry ``euus:textSpan``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from importlib import metadata

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SDO, XSD

from graph.ingest.lexicon import Lexicon
from graph.ingest.model import (
    DocumentReading,
    MeetingReading,
    ParticipantReading,
    Read,
    Span,
    StatementReading,
    VisitReading,
)
from graph.namespaces import CV, EUUS, RESOURCE_TYPE, mint, slugify

#: Slugs of document graphs are cut to this many characters (at a hyphen).
MAX_SLUG = 60
SITE_VISIT = mint("meeting-kind/site-visit")


@lru_cache(maxsize=1)
def software_version() -> str:
    """The installed version of euus-kg (the ingest's software version)."""
    try:
        return metadata.version("euus-kg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def agent_iri(version: str | None = None) -> URIRef:
    """The software agent of this version of the ingest: ``id/agent/euus-kg-ingest-{version slug}``."""
    return mint(f"agent/euus-kg-ingest-{slugify(version or software_version())}")


def document_slug(title: str, published: dt.date | None) -> str:
    """``{date}-{title slug}``, the title slug cut at a hyphen to keep IRIs short."""
    slug = slugify(title)
    if not slug:  # a title with no letter or digit a slug keeps ("{}", "§ ¶"): the title's digest names it
        slug = "document-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    if len(slug) > MAX_SLUG:
        # the cut may leave two titles with one slug: a digest of the whole title tells them apart
        digest = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:6]
        slug = f"{slug[: MAX_SLUG + 1].rsplit('-', 1)[0]}-{digest}"
    return f"{published.isoformat()}-{slug}" if published else slug


def meeting_title(meeting: MeetingReading, lexicon: Lexicon) -> str:
    """A title made of the meeting's key alone.

    For example "EU-US Justice and Home Affairs Ministerial Meeting, Sofia, May 2018".

    A meeting of two days has both in its title ("26-27 February 2018", "30 November-1 December 2022").
    """
    kind = lexicon.names.get(meeting.kind.value, "meeting")
    words = " ".join(w[:1].upper() + w[1:] for w in kind.split())
    parts = [f"{lexicon.tables.title_prefix} {words}"]
    if meeting.place is not None:
        parts.append(lexicon.names.get(meeting.place.value, ""))
    parts.append(_days(meeting))
    return ", ".join(p for p in parts if p)


def _days(meeting: MeetingReading) -> str:
    day = meeting.begin.first_day()
    if meeting.begin.day is None:
        return day.strftime("%B %Y")
    last = meeting.finish.first_day() if meeting.finish and meeting.finish.day else day
    if last == day:
        return f"{day.day} {day.strftime('%B %Y')}"
    if (last.year, last.month) == (day.year, day.month):
        return f"{day.day}-{last.day} {day.strftime('%B %Y')}"
    if last.year == day.year:
        return f"{day.day} {day.strftime('%B')}-{last.day} {last.strftime('%B %Y')}"
    return f"{day.day} {day.strftime('%B %Y')}-{last.day} {last.strftime('%B %Y')}"


def meeting_graph_iri(meeting: MeetingReading) -> URIRef:
    """The key graph of a meeting: ``id/graph/meeting-{meeting slug}``."""
    return mint(f"graph/meeting-{meeting.path.removeprefix('meeting/')}")


def participation_iri(meeting: MeetingReading, participant: ParticipantReading) -> URIRef:
    """A participation in a meeting: ``{meeting}/participation/{participant slug}``."""
    return mint(f"{meeting.path}/participation/{participant.slug}")


def statement_iri(meeting: MeetingReading, statement: StatementReading) -> URIRef:
    """A statement of a meeting: ``{meeting}/statement/{kind}-{first words after the verb}``."""
    return mint(f"{meeting.path}/statement/{statement.slug}")


def visit_iri(meeting: MeetingReading, visit: VisitReading) -> URIRef:
    """A site visit after a meeting: ``{meeting}/visit/{place slug}``."""
    return mint(f"{meeting.path}/visit/{str(visit.place.value).rsplit('/', 1)[-1]}")


class Emitter:
    """Builds the graphs of one document."""

    def __init__(self, reading: DocumentReading, lexicon: Lexicon, now: dt.datetime) -> None:
        self.reading = reading
        self.lexicon = lexicon
        self.now = now
        source = reading.source
        self.slug = document_slug(source.title, source.published)
        self.graph_iri = mint(f"graph/{self.slug}")
        self.source_iri = mint(f"source/{self.slug}")
        self.graph = _new_graph()
        self.shared: dict[URIRef, Graph] = {}

    def emit(self) -> tuple[URIRef, Graph, dict[URIRef, Graph]]:
        """The document graph's IRI, the document graph, and the key graphs of its meetings."""
        self._provenance()
        self._source()
        for meeting in self.reading.meetings:
            self._meeting(meeting)
        return self.graph_iri, self.graph, self.shared

    # ---- helpers ----------------------------------------------------------------------------------

    def _text(self, span: Span) -> str:
        return self.reading.text[span[0] : span[1]]

    def _lang(self, text: str, language: str | None = None) -> Literal:
        return Literal(text, lang=language or self.reading.source.language)

    def _fact(
        self, s: URIRef, p: URIRef, o: URIRef | Literal, span: Span | None, graph: Graph | None = None
    ) -> None:
        """State ``(s, p, o)`` (in the document graph unless another is given) and where it was read."""
        (self.graph if graph is None else graph).add((s, p, o))
        if span is not None:
            self._statement(s, p, o, span=span)

    def _statement(
        self,
        s: URIRef,
        p: URIRef,
        o: URIRef | Literal,
        *,
        span: Span | None = None,
        derived: URIRef | None = None,
    ) -> None:
        node = BNode()
        g = self.graph
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        if span is not None:
            g.add((node, EUUS.textSpan, _span(span)))
            g.add((node, PROV.value, Literal(self._text(span))))
        if derived is not None:
            g.add((node, PROV.wasDerivedFrom, derived))

    # ---- the document -----------------------------------------------------------------------------

    def _provenance(self) -> None:
        g, version = self.graph, software_version()
        activity = mint(f"activity/ingest-{self.slug}")
        agent = agent_iri(version)
        g.add((self.graph_iri, RDF.type, EUUS.FactGraph))
        g.add(
            (
                self.graph_iri,
                DCTERMS.title,
                Literal(f"Facts read from the press release “{self.reading.source.title}”", lang="en"),
            )
        )
        g.add((self.graph_iri, PROV.wasDerivedFrom, self.source_iri))
        g.add((self.graph_iri, PROV.wasGeneratedBy, activity))
        g.add((self.graph_iri, DCTERMS.created, Literal(self.now.date().isoformat(), datatype=XSD.date)))
        g.add((activity, RDF.type, PROV.Activity))
        g.add(
            (activity, RDFS.label, Literal(f"euus-kg ingest {version} reading {self.source_iri}", lang="en"))
        )
        g.add((activity, PROV.startedAtTime, Literal(self.now.isoformat(), datatype=XSD.dateTime)))
        g.add((activity, PROV.used, self.source_iri))
        g.add((activity, PROV.wasAssociatedWith, agent))
        if agent not in self.lexicon.described_agents:
            g.add((agent, RDF.type, PROV.SoftwareAgent))
            g.add((agent, RDFS.label, Literal(f"euus-kg ingest {version}", lang="en")))
            g.add((agent, OWL.versionInfo, Literal(version)))

    def _source(self) -> None:
        source, src = self.reading.source, self.source_iri
        g = self.graph
        g.add((src, RDF.type, EUUS.SourceDocument))
        g.add((src, RDF.type, SDO.NewsArticle))
        g.add((src, DCTERMS.type, RESOURCE_TYPE.PRESS_REL))
        g.add((src, DCTERMS.title, self._lang(source.title)))
        g.add((src, SDO.inLanguage, Literal(source.language)))
        if source.identifier:
            g.add((src, DCTERMS.identifier, Literal(source.identifier)))
        if source.attribution and source.attribution_span:
            g.add((src, EUUS.attributionLine, self._lang(source.attribution, source.attribution_language)))
            g.add((src, EUUS.textSpan, _span(source.attribution_span)))
        if source.publisher is not None:
            self._fact(src, DCTERMS.publisher, source.publisher.value, source.publisher.span)
        if source.republisher is not None:
            self._fact(src, EUUS.republisher, source.republisher.value, source.republisher.span)
        if source.published is not None:
            self._fact(
                src,
                DCTERMS.issued,
                Literal(source.published.isoformat(), datatype=XSD.date),
                source.published_span,
            )

    # ---- meetings ---------------------------------------------------------------------------------

    def _meeting(self, meeting: MeetingReading) -> None:
        m = meeting.iri
        self._key_graph(meeting)
        g = self.graph
        self._fact(m, EUUS.meetingStatus, meeting.status, meeting.begin_span)
        g.add((m, EUUS.textSpan, _span(meeting.span)))
        g.add((m, DCTERMS.description, self._lang(self._text(meeting.description_span))))
        if meeting.finish is not None and meeting.finish.day is not None:
            self._fact(m, SDO.endDate, meeting.finish.literal, meeting.begin_span)
        for mentioned in meeting.mentioned:
            self._fact(m, SDO.mentions, mentioned.value, mentioned.span)
        if meeting.attendance is not None:
            self._fact(m, SDO.eventAttendanceMode, meeting.attendance.value, meeting.attendance.span)
        if meeting.host is not None:
            self._fact(m, EUUS.host, meeting.host.value, meeting.host.span)
        for topic in meeting.topics:
            self._fact(m, DCTERMS.subject, topic.value, topic.span)
        for participant in meeting.participants:
            p = participation_iri(meeting, participant)
            self._fact(m, CV.hasParticipation, p, participant.span)
            g.add((p, RDF.type, CV.Participation))
            if participant.participant is not None:
                g.add((p, CV.hasParticipant, participant.participant))
            if participant.description is not None:
                g.add((p, DCTERMS.description, self._lang(participant.description)))
            g.add((p, EUUS.side, participant.side))
            g.add((p, EUUS.participationRole, participant.role))
            g.add((p, EUUS.participationBasis, participant.basis))
            g.add((p, EUUS.textSpan, _span(participant.span)))
        for statement in meeting.statements:
            self._statement_of(meeting, statement)
        for related in meeting.related:
            if related.meeting is None:
                continue
            if not related.reported:
                self._meeting(related.meeting)
            predicate = EUUS.prepares if related.relation == "prepares" else CV.hasNextEvent
            self._fact(m, predicate, related.meeting.iri, related.span)
        for visit in meeting.visits:
            self._visit(meeting, visit)

    def _statement_of(self, meeting: MeetingReading, statement: StatementReading) -> None:
        """A statement of the meeting: its kind, the sentence word for word, holders and topics."""
        s, g = statement_iri(meeting, statement), self.graph
        g.add((s, RDF.type, EUUS.Statement))
        g.add((s, EUUS.madeAt, meeting.iri))
        g.add((s, EUUS.statementKind, statement.kind))
        g.add((s, EUUS.quote, self._lang(self._text(statement.span))))
        g.add((s, EUUS.textSpan, _span(statement.span)))
        g.add((s, PROV.wasDerivedFrom, self.source_iri))
        for holder in statement.holders:
            g.add((s, EUUS.heldBy, holder.value))
        for topic in statement.topics:
            g.add((s, DCTERMS.subject, topic.value))

    def _key_graph(self, meeting: MeetingReading) -> None:
        """The facts the meeting's IRI encodes, and what follows from them, in the meeting's key graph."""
        m, iri = meeting.iri, meeting_graph_iri(meeting)
        key = self.shared.setdefault(iri, _new_graph())
        title = meeting_title(meeting, self.lexicon)
        key.add((iri, RDF.type, EUUS.FactGraph))
        key.add((iri, DCTERMS.title, Literal(f"Key facts of the meeting “{title}”", lang="en")))
        self.graph.add((iri, PROV.wasDerivedFrom, self.source_iri))
        for cls in (EUUS.Meeting, CV.PublicEvent, SDO.Event):
            key.add((m, RDF.type, cls))
        key.add((m, DCTERMS.title, Literal(title, lang="en")))
        self._fact(m, EUUS.meetingKind, meeting.kind.value, meeting.kind.span, key)
        self._fact(m, SDO.startDate, meeting.begin.literal, meeting.begin_span, key)
        if meeting.place is not None:
            self._fact(m, SDO.location, meeting.place.value, meeting.place.span, key)
        if meeting.series is not None:
            key.add((m, EUUS.partOfSeries, meeting.series))
        if meeting.presidency is not None:
            self._presidency(m, meeting.presidency, key)

    def _presidency(self, m: URIRef, presidency: Read, key: Graph) -> None:
        key.add((m, EUUS.duringPresidency, presidency.value))
        if presidency.span is not None:
            self._statement(m, EUUS.duringPresidency, presidency.value, span=presidency.span)
        else:
            rota = self.lexicon.presidency_sources.get(presidency.value)
            self._statement(m, EUUS.duringPresidency, presidency.value, derived=rota)

    def _visit(self, meeting: MeetingReading, visit: VisitReading) -> None:
        place_slug = str(visit.place.value).rsplit("/", 1)[-1]
        v = visit_iri(meeting, visit)
        g = self.graph
        for cls in (EUUS.SiteVisit, CV.PublicEvent, SDO.Event):
            g.add((v, RDF.type, cls))
        place_name = self.lexicon.names.get(visit.place.value, place_slug)
        g.add((v, DCTERMS.title, Literal(f"Visit to {place_name}", lang="en")))
        g.add((v, EUUS.meetingKind, SITE_VISIT))
        g.add((v, EUUS.textSpan, _span(visit.span)))
        self._fact(v, EUUS.follows, meeting.iri, visit.span)
        self._fact(v, SDO.location, visit.place.value, visit.place.span)
        g.add((v, DCTERMS.description, self._lang(self._text(visit.sentence))))
        if visit.day is not None and visit.day.day is not None:
            g.add((v, SDO.startDate, visit.day.literal))
        for topic in visit.topics:
            self._fact(v, DCTERMS.subject, topic.value, topic.span)


def _span(span: Span) -> Literal:
    return Literal(f"{span[0]}-{span[1]}")


def _new_graph() -> Graph:
    """A plain triple store without namespace bindings: three times faster to fill than the default one."""
    return Graph(store="SimpleMemory", bind_namespaces="none")
