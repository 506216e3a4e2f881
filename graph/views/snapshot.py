"""What the dashboard lookups read: the meetings, labels, topic tree and rota, read once per data version.

A handful of SELECT queries over the union of the graphs fill plain dictionaries; every lookup of
``graph.views`` then answers from them in Python, without a query per request. The caller keeps one
:class:`Snapshot` per data version (the API keys it by ``DataVersion``), so a write is seen by the next
request. What a meeting's topics are is :data:`MEETING_TOPICS`: the one rule the API, ``euus stats``
and the README's SPARQL documentation share.
"""

from __future__ import annotations

import csv
import io
import sys
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.formats import CSV
from graph.namespaces import ID, PREFIXES, SDO
from graph.store import Store
from graph.store.checkpoint import read_copy
from graph.store.streams import ChunkReader

#: The topics of a meeting, as a SPARQL property path: its own ``dct:subject`` and those of its sessions
#: (``schema:subEvent``). A site visit is an event of its own (``euus:follows`` the meeting) and keeps
#: its topics; they are not the meeting's. Add ``/skos:broader*`` to reach the broader topics too.
MEETING_TOPICS = "(dct:subject|schema:subEvent/dct:subject)"

#: class IRI (prefixed) -> the ``type`` the API reports. First match wins for resources of several types.
TYPES: dict[str, str] = {
    "euus:Meeting": "meeting",
    "euus:SiteVisit": "site-visit",
    "euus:Session": "session",
    "euus:CouncilPresidency": "presidency",
    "euus:PresidencyTrio": "trio",
    "euus:MemberState": "member-state",
    "cv:PublicOrganisation": "organisation",
    "org:FormalOrganization": "organisation",
    "euus:MeetingSeries": "series",
    "schema:City": "place",
    "euus:BorderCrossingPoint": "place",
    "schema:Country": "place",
}
TOPIC_SCHEME = str(ID) + "scheme/topics"

_PREFIX_LINES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
_TYPE_VALUES = " ".join(TYPES)


def fold(text: str) -> str:
    """``text`` lower-cased with accents removed, for matching what people type (``Évidence`` = ``evidence``).

    >>> fold("Évidence Électronique")
    'evidence electronique'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(slots=True)
class Labels:
    """The labels of one resource, ``(language, text)`` pairs: preferred (title, prefLabel) and alternative.

    One preferred label per language. Tuples, not a dict and a list: a snapshot holds tens of thousands.
    """

    preferred: tuple[tuple[str, str], ...] = ()
    alternative: tuple[tuple[str, str], ...] = ()

    def pick(self, lang: str = "en") -> str | None:
        """The preferred label in ``lang``, else English, else any."""
        for choice in (lang, "en", ""):
            for language, text in self.preferred:
                if language == choice:
                    return text
        return self.preferred[0][1] if self.preferred else None


#: Participation bases, strongest first: a participation one source states and another gives as customary
#: is stated.
BASES = ("stated", "customary", "inferred")


@dataclass(slots=True)
class Participation:
    """Who took part in a meeting: side, role and basis as local names (``eu``, ``delegation``...)."""

    participant: str | None
    side: str | None
    role: str | None
    description: str | None
    basis: str | None = None


@dataclass(slots=True)
class Meeting:
    """One meeting as the lookups need it; dates are the lexical forms (``2018-05`` stays a month)."""

    id: str
    start: str | None = None
    end: str | None = None
    kind: str | None = None
    status: str | None = None
    place: str | None = None
    presidency: str | None = None
    series: str | None = None
    mode: str | None = None
    # tuples (the empty one shared), not sets and lists: a snapshot holds tens of thousands of meetings
    own_topics: tuple[str, ...] = ()
    session_topics: tuple[str, ...] = ()
    participations: tuple[Participation, ...] = ()

    @property
    def topics(self) -> set[str]:
        """The meeting's topics by :data:`MEETING_TOPICS`."""
        return {*self.own_topics, *self.session_topics}

    @property
    def participants(self) -> set[str]:
        """The organisations (and presidencies) that took part."""
        return {p.participant for p in self.participations if p.participant}

    def starts_within(self, start_from: str | None, start_to: str | None) -> bool:
        """Whether the meeting starts in the period (charts and counts; a bound may be missing).

        ``start_to`` is compared at its own precision (``2018`` takes in all of 2018); a meeting
        without a start date counts as starting before every date.
        """
        start = self.start or ""
        return (not start_from or start >= start_from) and (
            not start_to or start[: len(start_to)] <= start_to
        )

    @property
    def sides(self) -> set[str]:
        """The sides represented."""
        return {p.side for p in self.participations if p.side}

    def on_basis(self, basis: str | None) -> list[Participation]:
        """The participations of ``basis`` (``stated``...), or all of them when ``basis`` is ``None``."""
        return [p for p in self.participations if basis is None or p.basis == basis]


@dataclass(slots=True)
class Presidency:
    """A Council presidency of the rota: term, trio and Member State."""

    id: str
    start: str
    end: str
    trio: str | None
    member_state: str | None


@dataclass
class Snapshot:
    """Everything the dashboard lookups read, built by :func:`read_snapshot`."""

    meetings: dict[str, Meeting]
    labels: dict[str, Labels]
    types: dict[str, str]
    broader: dict[str, set[str]]
    topics: list[str]
    presidencies: dict[str, Presidency]
    places: dict[str, str | None]
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def label(self, iri: str | None, lang: str = "en") -> str | None:
        """The label of ``iri`` in ``lang`` (English fallback), or ``None``."""
        if iri is None:
            return None
        found = self.labels.get(iri)
        return found.pick(lang) if found else None

    def ancestors(self, topic: str) -> frozenset[str]:
        """``topic`` and every broader topic (``skos:broader*``)."""
        found = self._ancestors.get(topic)
        if found is None:
            seen = {topic}
            todo = [topic]
            while todo:
                for up in self.broader.get(todo.pop(), ()):
                    if up not in seen:
                        seen.add(up)
                        todo.append(up)
            found = self._ancestors[topic] = frozenset(seen)
        return found

    def topic_closure(self, meeting: Meeting) -> set[str]:
        """The meeting's topics and all their broader topics (what a topic filter matches)."""
        closed: set[str] = set()
        for topic in meeting.topics:
            closed |= self.ancestors(topic)
        return closed

    def memo(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """``build()`` once per ``key`` for this snapshot (the data cannot change under it)."""
        if key in self._memo:
            return self._memo[key]
        value = build()
        with self._lock:
            if len(self._memo) > 512:  # parameters are open-ended: keep the memory bounded
                self._memo.clear()
            self._memo[key] = value
        return value

    def side_of(self) -> dict[str, str]:
        """The side of each participant: the side it took part on most often."""

        def build() -> dict[str, str]:
            counts: dict[str, Counter[str]] = defaultdict(Counter)
            for meeting in self.meetings.values():
                for p in meeting.participations:
                    if p.participant and p.side:
                        counts[p.participant][p.side] += 1
            return {who: c.most_common(1)[0][0] for who, c in counts.items()}

        found: dict[str, str] = self.memo(("side-of",), build)
        return found


def select(store: Store, query: str) -> Iterable[dict[str, str]]:
    """Rows of ``query`` (our prefixes added) with every bound value as a string, unbound ones left out.

    The store serializes the rows as SPARQL CSV (plain lexical forms) and they are read with ``csv``:
    several times faster than building a term object per value, which a snapshot of 1M quads feels.
    The text is decoded as it streams, never held whole: at 1M quads a whole result is tens of MB,
    and memory once taken by the process is rarely given back. An empty value is taken as unbound
    (``LANG`` of a literal without language is left out, as wanted).
    """
    result = store.query_serialized(_PREFIX_LINES + "\n" + query, result_format=CSV.media_type)
    text = io.TextIOWrapper(io.BufferedReader(ChunkReader(result.chunks)), encoding="utf-8", newline="")
    rows = csv.reader(text)
    names = next(rows, [])
    for row in rows:
        # interned: an IRI met on thousands of rows (a topic, a side) is kept once, not once per row
        yield {name: sys.intern(value) for name, value in zip(names, row, strict=True) if value}


#: schema.org's attendance modes by the short name the API reports.
MODES = {
    str(SDO.OfflineEventAttendanceMode): "offline",
    str(SDO.OnlineEventAttendanceMode): "online",
    str(SDO.MixedEventAttendanceMode): "mixed",
}


def _local(iri: str | None) -> str | None:
    # interned: a side, role or basis comes on every participation (12 MB of copies at 1M quads)
    return None if iri is None else sys.intern(iri.rstrip("/").rsplit("/", 1)[-1])


MEETINGS_QUERY = """
SELECT ?m ?start ?end ?kind ?status ?place ?presidency ?series ?mode WHERE { ?m a euus:Meeting .
  OPTIONAL { ?m schema:startDate ?start } OPTIONAL { ?m schema:endDate ?end }
  OPTIONAL { ?m euus:meetingKind ?kind } OPTIONAL { ?m euus:meetingStatus ?status }
  OPTIONAL { ?m schema:location ?place } OPTIONAL { ?m euus:duringPresidency ?presidency }
  OPTIONAL { ?m euus:partOfSeries ?series } OPTIONAL { ?m schema:eventAttendanceMode ?mode } }"""
TOPICS_QUERY = """
SELECT ?m ?t ?session WHERE { ?m a euus:Meeting .
  { ?m dct:subject ?t } UNION { ?m schema:subEvent ?session . ?session dct:subject ?t } }"""
PARTICIPATIONS_QUERY = """
SELECT ?m ?p ?who ?side ?role ?basis WHERE { ?m a euus:Meeting ; cv:hasParticipation ?p .
  OPTIONAL { ?p cv:hasParticipant ?who } OPTIONAL { ?p euus:side ?side }
  OPTIONAL { ?p euus:participationRole ?role } OPTIONAL { ?p euus:participationBasis ?basis } }"""
#: Participations that name nobody have a description instead (rare: read apart, the big query stays lean).
DESCRIPTIONS_QUERY = """
SELECT ?p ?description WHERE { ?m a euus:Meeting ; cv:hasParticipation ?p .
  ?p dct:description ?description FILTER(LANGMATCHES(LANG(?description), "en")) }"""
LABELS_QUERY = """
SELECT ?s ?p ?l (LANG(?l) AS ?lang) WHERE { VALUES ?p { skos:prefLabel dct:title skos:altLabel } ?s ?p ?l
  FILTER(isIRI(?s) && isLITERAL(?l)) }"""
TYPES_QUERY = f"SELECT ?s ?type WHERE {{ VALUES ?type {{ {_TYPE_VALUES} }} ?s a ?type }}"
TOPIC_TREE_QUERY = f"""
SELECT ?t ?b WHERE {{ ?t skos:inScheme <{TOPIC_SCHEME}> OPTIONAL {{ ?t skos:broader ?b }} }}"""
ROTA_QUERY = """
SELECT ?p ?start ?end ?trio ?state WHERE { ?p a euus:CouncilPresidency ; euus:membership ?membership .
  ?membership org:memberDuring ?term . ?term dcat:startDate ?start ; dcat:endDate ?end .
  OPTIONAL { ?p euus:trio ?trio } OPTIONAL { ?membership org:member ?state } } ORDER BY ?start"""
CONTAINED_QUERY = "SELECT ?p ?in WHERE { ?p schema:containedInPlace ?in }"


def read_snapshot(store: Store) -> Snapshot:
    """Read what the lookups need from ``store`` (nine queries over the union of the graphs).

    They read a checkpoint of an embedded store (:func:`graph.store.checkpoint.read_copy`): one
    moment of the store, and none of the memory RocksDB takes for the scans stays with ``store``.
    """
    with read_copy(store) as source:
        return _read(source)


def _read(store: Store) -> Snapshot:
    meetings: dict[str, Meeting] = {}
    for row in select(store, MEETINGS_QUERY):
        if row["m"] not in meetings:
            get = row.get
            meetings[row["m"]] = Meeting(row["m"], get("start"), get("end"), get("kind"), get("status"),
                                         get("place"), get("presidency"), get("series"),
                                         MODES.get(get("mode") or ""))  # fmt: skip
    # Each query of a remote store sees it at its own moment: a meeting written between two of them is
    # left out here (the service builds again when a write came in between: api.deps.DataVersion).
    own: dict[str, set[str]] = defaultdict(set)
    of_sessions: dict[str, set[str]] = defaultdict(set)
    for row in select(store, TOPICS_QUERY):
        if row["m"] in meetings:
            (of_sessions if "session" in row else own)[row["m"]].add(row["t"])
    for iri, subjects in own.items():
        meetings[iri].own_topics = tuple(subjects)
    for iri, subjects in of_sessions.items():
        meetings[iri].session_topics = tuple(subjects)
    del own, of_sessions
    descriptions = {row["p"]: row["description"] for row in select(store, DESCRIPTIONS_QUERY)}
    # a participation with several bases (one per source) comes on several rows and keeps the strongest
    known: dict[str, dict[str, Participation]] = defaultdict(dict)  # meeting -> participation IRI -> it
    for row in select(store, PARTICIPATIONS_QUERY):
        basis = _local(row.get("basis"))
        taking_part = known[row["m"]].get(row["p"])
        if taking_part is None:
            known[row["m"]][row["p"]] = Participation(
                row.get("who"),
                _local(row.get("side")),
                _local(row.get("role")),
                descriptions.get(row["p"]),
                basis,
            )
        elif basis in BASES and (
            taking_part.basis not in BASES or BASES.index(basis) < BASES.index(taking_part.basis)
        ):
            taking_part.basis = basis
    for iri, found in known.items():  # in the order of the participation IRIs: every snapshot alike
        if iri in meetings:
            meetings[iri].participations = tuple(found[p] for p in sorted(found))
    labels = _read_labels(store)
    types: dict[str, str] = {}
    order = {name: i for i, name in enumerate(TYPES)}
    typed = sorted(select(store, TYPES_QUERY), key=lambda r: order.get(_prefixed(r["type"]), len(order)))
    for row in typed:
        types.setdefault(row["s"], TYPES[_prefixed(row["type"])])
    broader: dict[str, set[str]] = defaultdict(set)
    topics: list[str] = []
    for row in select(store, TOPIC_TREE_QUERY):
        if row["t"] not in types:
            types[row["t"]] = "topic"
            topics.append(row["t"])
        if "b" in row:
            broader[row["t"]].add(row["b"])
    presidencies = {
        row["p"]: Presidency(row["p"], row["start"], row["end"], row.get("trio"), row.get("state"))
        for row in select(store, ROTA_QUERY)
    }
    places: dict[str, str | None] = {s: None for s, kind in types.items() if kind == "place"}
    for row in select(store, CONTAINED_QUERY):
        if row["p"] in places:
            places[row["p"]] = row["in"]
    return Snapshot(meetings, labels, types, dict(broader), topics, presidencies, places)


def _read_labels(store: Store) -> dict[str, Labels]:
    """Titles, preferred and alternative labels of every IRI, keyed by language."""
    labels: dict[str, Labels] = {}
    for row in select(store, LABELS_QUERY):
        entry = labels.get(row["s"])
        if entry is None:
            entry = labels[row["s"]] = Labels()
        label = (row.get("lang", ""), row["l"])
        if row["p"].endswith("altLabel"):
            entry.alternative += (label,)
        elif all(lang != label[0] for lang, _ in entry.preferred):  # the first one of each language
            entry.preferred += (label,)
    return labels


def _prefixed(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
