"""Merge an extraction with what the store already knows, instead of duplicating it.

:func:`merge` rewrites the extraction onto the IRIs the store already uses for its source, meetings,
site visits and participations (:mod:`graph.ingest.recognise`), then sorts each fact:

* **known**: the store states it already (in a graph other than the document's own): not written
  again. Its ``rdf:Statement`` (where the text says it) stays in the document graph, which is
  ``prov:wasDerivedFrom`` the source: that is the record that this source also attests the fact;
* **known label**: a title, description, attribution line or identifier of a resource that already has
  one in that language: the stored one is kept (the ingest's titles are made, not read);
* **conflict**: another value of a property that has one value (a date, a place, a status, a role...):
  reported, not stored, and neither is its statement;
* **new**: written.

A meeting the store knows keeps its key graph: the document graph states ``<key graph>
prov:wasDerivedFrom <source>`` when the store has one (another ingested document wrote it), and
otherwise (a curated meeting) the text's key facts are sorted like any other fact. When the graphs to
write are those already stored (apart from the time of the extraction), the document is "already
present" and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from graph.ingest.extract import Extraction
from graph.ingest.recognise import Recognition, recognise
from graph.namespaces import CV, EUUS, ID, PREFIXES, SDO
from graph.store import GraphResult, SelectResult, Store
from graph.store.reader import sparql_term

#: Properties of which a resource keeps the one it has in a language (or at all, for plain literals). A
#: known statement keeps its quote: a curated one may quote the clause of the sentence the ingest quotes.
LABELS = frozenset({DCTERMS.title, DCTERMS.description, EUUS.attributionLine, DCTERMS.identifier, EUUS.quote})
#: Properties with one value (``sh:maxCount 1`` in the shapes): another value is a conflict.
SINGLE = frozenset(
    {
        SDO.startDate,
        SDO.endDate,
        SDO.location,
        EUUS.meetingKind,
        EUUS.meetingStatus,
        EUUS.duringPresidency,
        EUUS.partOfSeries,
        EUUS.side,
        EUUS.participationRole,
        CV.hasParticipant,
        DCTERMS.issued,
        DCTERMS.publisher,
        SDO.inLanguage,
    }
)
#: What changes each time a document is read again: the time of the extraction.
VOLATILE = frozenset({PROV.startedAtTime, DCTERMS.created})
_KEY_GRAPH = f"{ID}graph/meeting-"
_MEETING = f"{ID}meeting/"


@dataclass(frozen=True)
class Conflict:
    """A fact of the text that contradicts the store: reported, not stored."""

    resource: URIRef
    property: URIRef
    stored: tuple[Node, ...]
    text: Node

    def to_json(self) -> dict[str, str]:
        """``resource``, ``fact`` (the property), ``stored`` and ``text`` values, and a ``message``."""
        fact, stored = _short(self.property), ", ".join(sorted(str(v) for v in self.stored))
        return {
            "resource": str(self.resource),
            "fact": fact,
            "stored": stored,
            "text": str(self.text),
            "message": f"the store gives {fact} {stored} for <{self.resource}>, the text {self.text}: "
            "the text's value is not stored",
        }


@dataclass
class Merge:
    """How an extraction relates to the store.

    Attributes:
        status: "added" (nothing of it was known), "merged" (it names known resources or facts), or
            "already present" (the store holds what it would write: nothing to write).
        known: IRI the extraction minted -> the stored resource it names.
        new_facts: facts to write.
        known_facts: facts of the text the store states already (known labels included).
        conflicts: facts of the text that contradict the store.
    """

    status: str
    known: dict[URIRef, URIRef] = field(default_factory=dict)
    new_facts: int = 0
    known_facts: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The JSON-ready part of the ingest summary."""
        return {
            "status": self.status,
            "new_facts": self.new_facts,
            "known_facts": self.known_facts,
            "known": {str(k): str(v) for k, v in sorted(self.known.items())},
            "conflicts": [c.to_json() for c in self.conflicts],
        }


def merge(extraction: Extraction, store: Store) -> tuple[Extraction, Merge]:
    """Rewrite ``extraction`` onto what ``store`` knows; return what to write and how it relates.

    The returned extraction holds the graphs to write (the document graph first); with status
    "already present" they are those already stored.
    """
    document = extraction.graph_iri
    found = recognise(store, extraction.reading, URIRef(extraction.summary["source"]["id"]))
    keys = _key_graphs(store, extraction, found)
    graphs: dict[URIRef, Graph] = {document: _new_graph()}
    for name, graph in extraction.graphs().items():
        if name not in keys.renamed and name != document:
            graphs[name] = _new_graph()  # the key graph of a meeting the store does not know
        target = graphs.get(name, graphs[document])
        for s, p, o in graph:
            if s == name and name in keys.renamed:
                continue  # the key graph of a known meeting is not written, nor its description
            subject = keys.renamed.get(s, s)  # type: ignore[call-overload]
            if subject in keys.renamed.values() and subject not in keys.stored:
                continue  # no key graph to derive from the source: the store's meeting has none
            target.add((_rename(subject, found), p, _rename(o, found)))
    outcome = Merge(status="added", known=dict(found.known))
    _sort_facts(store, document, graphs, outcome)
    if outcome.known or outcome.known_facts:
        outcome.status = "merged"
    if _already_stored(store, graphs):  # by an earlier ingest of this document: its facts are known now
        outcome.status = "already present"
        outcome.known_facts, outcome.new_facts = outcome.known_facts + outcome.new_facts, 0
    summary = _renamed_summary(extraction.summary, found)
    summary["warnings"] = warnings = [*extraction.warnings, *found.notes]
    merged = replace(
        extraction, graph=graphs.pop(document), shared=graphs, summary=summary, warnings=warnings
    )
    return merged, outcome


@dataclass
class _KeyGraphs:
    """The key graphs of the known meetings.

    ``renamed`` maps the extraction's key graph to the stored meeting's; ``stored`` are those of them
    the store has (another ingested document wrote them).
    """

    renamed: dict[URIRef, URIRef] = field(default_factory=dict)
    stored: set[URIRef] = field(default_factory=set)


def _key_graphs(store: Store, extraction: Extraction, found: Recognition) -> _KeyGraphs:
    keys = _KeyGraphs()
    for name, graph in extraction.shared.items():
        for meeting in graph.subjects(RDF.type, EUUS.Meeting):
            stored = found.known.get(meeting) if isinstance(meeting, URIRef) else None
            if stored is None:
                continue
            key = URIRef(_KEY_GRAPH + str(stored).removeprefix(_MEETING))
            keys.renamed[name] = key
            if store.graph_exists(str(key)):
                keys.stored.add(key)
    return keys


def _rename(term: Node, found: Recognition) -> Node:
    if isinstance(term, URIRef):
        return found.rename(term)
    if isinstance(term, Literal) and term.datatype is None and term.language is not None:
        # the activity's label names the source it read
        text = str(term)
        for old, new in found.known.items():
            if old != new and str(old) in text:
                return Literal(text.replace(str(old), str(new)), lang=term.language)
    return term


def _sort_facts(store: Store, document: URIRef, graphs: dict[URIRef, Graph], outcome: Merge) -> None:
    """Drop known facts and conflicts (with their statements) from ``graphs``; count and report."""
    doc = graphs[document]
    # what is derived from the source is provenance (the graphs, the source), except a statement: its
    # kind, meeting, holders, topics and quote are facts like any other
    derived = set(doc.subjects(PROV.wasDerivedFrom, None)) - set(doc.subjects(RDF.type, EUUS.Statement))
    exempt: set[Node] = set(graphs) | derived
    exempt |= set(doc.objects(document, PROV.wasGeneratedBy))
    exempt |= {agent for activity in list(exempt) for agent in doc.objects(activity, PROV.wasAssociatedWith)}

    def is_fact(s: Node, p: Node) -> bool:
        return isinstance(s, URIRef) and s not in exempt and p != EUUS.textSpan

    subjects = {s for g in graphs.values() for s, p, _ in g if is_fact(s, p)}
    stored = _stored_facts(store, document, subjects)
    contradicted: set[tuple[Node, Node, Node]] = set()
    for graph in graphs.values():
        for s, p, o in list(graph):
            if not is_fact(s, p):
                continue
            values = stored.get((s, p), set())
            if o in values or (p in LABELS and any(_same_language(v, o) for v in values)):
                outcome.known_facts += 1
            elif p in SINGLE and values:
                outcome.conflicts.append(Conflict(s, p, tuple(sorted(values, key=str)), o))  # type: ignore[arg-type]
                contradicted.add((s, p, o))
            else:
                outcome.new_facts += 1
                continue
            graph.remove((s, p, o))
    for statement in list(doc.subjects(RDF.type, RDF.Statement)):
        about = (
            doc.value(statement, RDF.subject),
            doc.value(statement, RDF.predicate),
            doc.value(statement, RDF.object),
        )
        if about in contradicted:
            doc.remove((statement, None, None))
    outcome.conflicts.sort(key=lambda c: (str(c.resource), str(c.property), str(c.text)))


def _stored_facts(
    store: Store, document: URIRef, subjects: Iterable[Node]
) -> dict[tuple[Node, Node], set[Node]]:
    """What the store's named graphs other than ``document`` state about ``subjects``."""
    values = " ".join(sparql_term(s) for s in sorted(subjects, key=str))
    found: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
    if not values:
        return found
    result = store.query(
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g != {sparql_term(document)}) }}"
    )
    if isinstance(result, SelectResult):
        for row in result:
            found[(row["s"], row["p"])].add(row["o"])  # type: ignore[index,arg-type]
    return found


def _already_stored(store: Store, graphs: dict[URIRef, Graph]) -> bool:
    """Whether every graph to write is stored with this content (the extraction's time aside)."""
    for name, graph in graphs.items():
        if not store.graph_exists(str(name)):
            return False
        result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_term(name)} {{ ?s ?p ?o }} }}")
        if not isinstance(result, GraphResult) or _canonical(result) != _canonical(graph):
            return False
    return True


def _canonical(triples: Iterable[tuple[Node, Node, Node]]) -> set[tuple[Node, Node, Node]]:
    """The triples without the time of the extraction, each blank node named by what it states.

    The only blank nodes of a document graph are its ``rdf:Statement`` nodes, whose properties all
    have IRIs or literals as values: what they state identifies them.
    """
    kept = [t for t in triples if t[1] not in VOLATILE]
    about: dict[Node, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in kept:
        if isinstance(s, BNode):
            about[s].append((str(p), o.n3()))
    names = {node: Literal("\n".join(sorted(f"{p} {o}" for p, o in pairs))) for node, pairs in about.items()}
    return {(names.get(s, s), p, names.get(o, o)) for s, p, o in kept}


def _renamed_summary(value: Any, found: Recognition) -> Any:
    if isinstance(value, dict):
        return {k: _renamed_summary(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed_summary(v, found) for v in value]
    if isinstance(value, str) and value.startswith(str(ID)):
        return str(found.rename(URIRef(value)))
    return value


def _same_language(stored: Node, text: Node) -> bool:
    if not isinstance(stored, Literal) or not isinstance(text, Literal):
        return False
    return stored.language == text.language


def _short(iri: URIRef) -> str:
    prefix, namespace = max(
        ((p, n) for p, n in PREFIXES.items() if str(iri).startswith(str(n))),
        key=lambda pair: len(str(pair[1])),
        default=("", ""),
    )
    return f"{prefix}:{str(iri)[len(str(namespace)) :]}" if prefix else str(iri)


def _new_graph() -> Graph:
    return Graph(store="SimpleMemory", bind_namespaces="none")
