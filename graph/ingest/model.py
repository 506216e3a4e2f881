"""What the ingest reads from a document, before it becomes RDF: plain dataclasses with text spans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import URIRef

from graph.ingest.dates import Day
from graph.namespaces import mint

#: What a participation rests on when the text says the participant took part (the default); a text that
#: gives only the usual composition ("Traditionally ...") makes it ``participation-basis/customary``.
STATED = mint("participation-basis/stated")

#: A span of the text: character offsets ``(start, end)``, end exclusive.
Span = tuple[int, int]


@dataclass(frozen=True)
class Read:
    """A value and the span of text it was read from (None: derived, not read)."""

    value: URIRef
    span: Span | None = None


@dataclass
class SourceReading:
    """The source document: title, attribution line and what it says."""

    title: str
    title_span: Span
    language: str
    identifier: str | None = None
    attribution: str | None = None
    attribution_span: Span | None = None
    attribution_language: str | None = None
    publisher: Read | None = None
    publisher_text: str | None = None
    republisher: Read | None = None
    republisher_text: str | None = None
    published: dt.date | None = None
    published_span: Span | None = None
    #: a line under the title with only a place and a date ("Washington, 9 December 2022"): the text's, not
    #: the meeting's date and place
    dateline_span: Span | None = None


@dataclass
class ParticipantReading:
    """A participation: a recognised agent (``participant``) or the text's description of an unnamed one."""

    side: URIRef
    role: URIRef
    span: Span
    participant: URIRef | None = None
    description: str | None = None
    basis: URIRef = STATED

    @property
    def slug(self) -> str:
        """The participation's slug, from the participant's IRI: "europol", "presidency-2018-h1"."""
        if self.participant is None:
            return f"{str(self.side).rsplit('/', 1)[-1]}-delegation"
        path = str(self.participant).split("/id/", 1)[-1]
        kind, _, rest = path.partition("/")
        return rest.replace("/", "-") if kind == "org" else path.replace("/", "-")


@dataclass
class VisitReading:
    """A site visit that followed the meeting."""

    place: Read
    span: Span
    sentence: Span
    day: Day | None = None
    topics: list[Read] = field(default_factory=list)


@dataclass
class StatementReading:
    """What participants agreed, stressed or undertook: a kind, the sentence saying it, holders, topics."""

    kind: URIRef
    span: Span
    cue: Span
    holders: list[Read] = field(default_factory=list)
    topics: list[Read] = field(default_factory=list)
    #: the slug of the statement under its meeting: ``{kind}-{words after the cue}``
    slug: str = ""


@dataclass
class MeetingReading:
    """A meeting the document reports or mentions."""

    kind: Read
    status: URIRef
    begin: Day
    begin_span: Span | None
    span: Span
    description_span: Span
    finish: Day | None = None
    place: Read | None = None
    presidency: Read | None = None
    host: Read | None = None
    series: URIRef | None = None
    incoming_presidency: Read | None = None
    participants: list[ParticipantReading] = field(default_factory=list)
    topics: list[Read] = field(default_factory=list)
    visits: list[VisitReading] = field(default_factory=list)
    related: list[RelatedReading] = field(default_factory=list)
    #: ``schema:OfflineEventAttendanceMode`` / ``Online...`` / ``Mixed...``, with the cue's span if any
    attendance: Read | None = None
    statements: list[StatementReading] = field(default_factory=list)
    #: organisations the text names that take part in no meeting it reports (``schema:mentions``)
    mentioned: list[Read] = field(default_factory=list)

    @property
    def path(self) -> str:
        """``meeting/{start}-eu-us-jha-{kind}[-{place}]``: the same for every document about this meeting."""
        kind = str(self.kind.value).rsplit("/", 1)[-1]
        place = f"-{str(self.place.value).rsplit('/', 1)[-1]}" if self.place is not None else ""
        return f"meeting/{self.begin.iso}-eu-us-jha-{kind}{place}"

    @property
    def iri(self) -> URIRef:
        """The meeting's IRI (docs/iri-policy.md)."""
        return mint(self.path)


@dataclass
class RelatedReading:
    """Another meeting the text mentions: one this meeting prepares, the next one, or a previous one.

    ``meeting`` is None when the text does not say enough to assert it (it stays in the summary).
    ``reported``: the text reports that meeting in its own right ("The ministerial was prepared by senior
    officials, who met in Copenhagen ..."): only the link is this meeting's.
    """

    relation: str
    label: str
    span: Span
    kind: URIRef
    meeting: MeetingReading | None = None
    reported: bool = False


@dataclass
class DocumentReading:
    """Everything read from one document."""

    text: str
    source: SourceReading
    meetings: list[MeetingReading] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: meetings the text describes but does not give enough to assert: kind, start, the facts it lacks
    not_asserted: list[dict[str, object]] = field(default_factory=list)
