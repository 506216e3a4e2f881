"""Extract the facts of one press release: :func:`extract` is the entry point of the ingest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rdflib import Dataset, Graph, URIRef

from graph.ingest.digests import digest_item
from graph.ingest.emit import Emitter
from graph.ingest.lexicon import Lexicon
from graph.ingest.meetings import ONLINE, read_meetings
from graph.ingest.model import DocumentReading, MeetingReading
from graph.ingest.owners import through_participating_units
from graph.ingest.participants import holders_take_part, read_participants
from graph.ingest.reading import analyse, read_source
from graph.ingest.schedule import HELD
from graph.ingest.statements import read_statements
from graph.ingest.summary import summarise
from graph.ingest.titles import recurring_titles
from graph.namespaces import PREFIXES


@dataclass
class Extraction:
    """The facts of one document, ready to validate and store.

    Attributes:
        graph_iri: the document's named graph, derived from its publication date and title.
        graph: the document graph: source document, fact-graph description, PROV activity and every fact
            the document supports, each with the span of text it was read from.
        shared: key graphs of the meetings the document names (``id/graph/meeting-...``); each holds the
            facts the meeting's IRI encodes and is identical whichever document writes it.
        summary: JSON-ready summary (see :func:`graph.ingest.summary.summarise`).
        warnings: what was seen but not asserted, and why.
        reading: the intermediate reading, for debugging and tests.
    """

    graph_iri: URIRef
    graph: Graph
    summary: dict[str, Any]
    warnings: list[str]
    reading: DocumentReading
    shared: dict[URIRef, Graph] = field(default_factory=dict)

    def graphs(self) -> dict[URIRef, Graph]:
        """Every graph of the extraction by name, the document graph first."""
        return {self.graph_iri: self.graph, **self.shared}

    def dataset(self) -> Dataset:
        """The extraction as a dataset, one named graph each."""
        dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)
        for name, graph in self.graphs().items():
            target = dataset.graph(name)
            for triple in graph:
                target.add(triple)
        return dataset


def extract(
    text: str, *, lexicon: Lexicon, file_name: str | None = None, now: dt.datetime | None = None
) -> Extraction:
    """Read a press release and return its facts as RDF with provenance, a summary and warnings.

    Args:
        text: the document: title on the first line, an attribution line among the next lines, then the body.
        lexicon: built once by :func:`graph.ingest.lexicon.load_lexicon`.
        file_name: the document's file name; its stem becomes the source's ``dct:identifier``.
        now: the time of the extraction (``prov:startedAtTime``); the current time by default.

    Raises:
        InvalidInput: the text is empty.
    """
    now = now or dt.datetime.now(dt.UTC)
    source, warnings = read_source(text, lexicon, file_name)
    sentences = digest_item(text, analyse(text, lexicon, source), source)
    recurring_titles(sentences, lexicon)
    not_asserted: list[dict[str, object]] = []
    meetings = []
    for meeting, about in read_meetings(text, sentences, lexicon, source.published, warnings, not_asserted):
        read_participants(text, about, meeting, lexicon, warnings)
        read_statements(text, about, meeting, lexicon)
        holders_take_part(meeting, lexicon)
        through_participating_units(meeting, about, lexicon)
        if _assertable(meeting, lexicon, warnings, not_asserted):
            meetings.append(meeting)
    reading = DocumentReading(text, source, meetings, warnings, not_asserted=not_asserted)
    emitter = Emitter(reading, lexicon, now)
    graph_iri, graph, shared = emitter.emit()
    summary = summarise(
        reading, lexicon, file_name=file_name, graph_iri=graph_iri, source_iri=emitter.source_iri
    )
    return Extraction(graph_iri, graph, summary, warnings, reading, shared)


#: What a meeting needs (shapes:HeldMeetingShape): the code the summary gives, and the words of the warning.
REQUIRED = {
    "presidency": "a Council presidency for its date",
    "day": "the day it was held",
    "place": "its place (or that it was held online)",
    "participant": "a participant",
}


def _assertable(
    meeting: MeetingReading, lexicon: Lexicon, warnings: list[str], not_asserted: list[dict[str, object]]
) -> bool:
    """What the shapes require of a meeting, checked before asserting it (shapes:HeldMeetingShape)."""
    label = lexicon.names.get(meeting.kind.value, "meeting")
    missing = []
    if meeting.presidency is None:
        missing.append("presidency")
    if meeting.status == HELD:
        if meeting.begin.day is None:
            missing.append("day")
        online = meeting.attendance is not None and meeting.attendance.value == ONLINE
        if meeting.place is None and not online:
            missing.append("place")
        if not meeting.participants:
            missing.append("participant")
    if missing:
        warnings.append(
            f"the {label} of {meeting.begin.iso} is not asserted: the text does not give "
            + ", ".join(REQUIRED[m] for m in missing)
        )
        kind = str(meeting.kind.value).rsplit("/", 1)[-1]
        not_asserted.append({"kind": kind, "start": meeting.begin.iso, "lacks": missing})
        return False
    return True
