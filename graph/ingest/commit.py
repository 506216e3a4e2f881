"""Validate extractions against the project's shapes and write them to the store.

Validation runs the shapes of ``shapes/`` (pySHACL, advanced mode, as :mod:`graph.validation.full` does) on
the extraction's graphs plus what the shapes read about the resources they point to: the class and
scheme of each (``sh:class``, ``sh:node``), a presidency's term (the meeting-in-term rule), and every
``rdfs:subClassOf`` axiom (:data:`CONTEXT_PREDICATES`), with :func:`graph.validation.full.validate_graph`.
Shapes that target only classes of the model and reference data are left out, and only results about
the extraction's own nodes are kept: the reference data is validated when it is built. (pySHACL's
``focus_nodes`` would do the same, but it filters targets through a list, which is quadratic.) Several
extractions are validated in one call, which is what makes bulk ingest fast; each gets the results about
its nodes. ``tests/test_graph/test_ingest.py`` checks that this gives the same results as validating
against the whole model and reference data.

Writing goes through the store's write guard (:func:`commit`): the document graph and the key graphs of
its meetings are replaced in one validated transaction; a key graph that no document graph derives from
any more is dropped. :class:`graph.ingest.service.StoreIngest` merges a document with what the store
knows before it commits it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import DCAT, ORG, PROV, SH, SKOS
from rdflib.term import Node

from graph.ingest.extract import Extraction
from graph.namespaces import EUUS, SD, mint
from graph.store import AskResult, SelectResult, Store
from graph.validation.full import ValidationReport, load_shapes, validate_graph
from graph.write.guard import WriteGuard, WriteResult

#: What the shapes read about a resource an extraction points to, followed this many links deep.
#: A meeting's presidency -> its membership -> the term -> the term's dates: three links.
CONTEXT_PREDICATES = frozenset(
    {RDF.type, SKOS.inScheme, EUUS.membership, ORG.memberDuring, DCAT.startDate, DCAT.endDate}
)
CONTEXT_HOPS = 3
#: Targets other than sh:targetClass: a shape that has one is always run.
_OTHER_TARGETS = (SH.target, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_KEY_GRAPHS = str(mint("graph/meeting-x"))[: -len("x")]


class IngestValidator:
    """The shapes and the model and reference data, read once, to validate many extractions."""

    def __init__(self, context: Graph | Dataset) -> None:
        self._about: dict[Node, list[tuple[Node, Node, Node]]] = {}
        self._axioms: list[tuple[Node, Node, Node]] = []
        quads = (
            context.quads((None, None, None, None))
            if isinstance(context, Dataset)
            else ((*t, None) for t in context)
        )
        for s, p, o, _ in quads:
            if p in CONTEXT_PREDICATES:
                self._about.setdefault(s, []).append((s, p, o))
            if p == RDFS.subClassOf:
                self._axioms.append((s, p, o))
        self._shapes = load_shapes()
        axioms = Graph()
        axioms.addN((*t, axioms) for t in self._axioms)
        self._superclasses: dict[Node, set[Node]] = {
            cls: {c for c in axioms.transitive_objects(cls, RDFS.subClassOf) if c is not None}
            for cls in set(axioms.subjects())
        }

    def validate(self, extractions: Sequence[Extraction]) -> list[ValidationReport]:
        """Validate the extractions together; return for each the results about its own nodes."""
        data = Graph(bind_namespaces="none")
        data.addN((*t, data) for t in self._axioms)
        focus: set[URIRef] = set()
        named: set[Node] = set()
        for extraction in extractions:
            focus |= _own_nodes(extraction)
            for name, graph in extraction.graphs().items():
                data.add((name, RDF.type, SD.NamedGraph))
                # no shape reads the rdf:Statement nodes that give where facts were read; leave them out
                statements = set(graph.subjects(RDF.type, RDF.Statement))
                triples = [t for t in graph if t[0] not in statements]
                data.addN((*t, data) for t in triples)
                named.update(t[2] for t in triples)
        data.addN((*t, data) for t in self._context_of(named))
        shapes = self._shapes_for({c for n in focus for c in data.objects(n, RDF.type)})
        report = validate_graph(data, shapes=shapes)
        reports = []
        for extraction in extractions:
            own = {str(node) for node in _own_nodes(extraction)}
            reports.append(
                ValidationReport(results=[r for r in report.results if r.focus in own], graph=report.graph)
            )
        return reports

    def _shapes_for(self, classes: set[Node]) -> Graph:
        """A copy of the shapes without the node shapes that target none of ``classes`` or their superclasses.

        The context part of the data has nodes of other classes (places, topics, presidencies); their
        shapes would check the reference data, which is checked when it is built, and cost time. Shapes
        with other targets (SPARQL targets) stay; their results on context nodes are dropped.
        """
        closure = set(classes)
        for cls in classes:
            closure |= set(self._superclasses.get(cls, ()))
        unused = {
            shape
            for shape in self._shapes.subjects(SH.targetClass, None)
            if not {c for c in self._shapes.objects(shape, SH.targetClass)} & closure
            and not any(True for p in _OTHER_TARGETS for _ in self._shapes.objects(shape, p))
        }
        shapes = Graph(store="SimpleMemory", bind_namespaces="none")
        shapes.addN((s, p, o, shapes) for s, p, o in self._shapes if s not in unused)
        return shapes

    def _context_of(self, nodes: Iterable[Node]) -> list[tuple[Node, Node, Node]]:
        found: list[tuple[Node, Node, Node]] = []
        frontier: set[Node] = {n for n in nodes if isinstance(n, URIRef)}
        for _ in range(CONTEXT_HOPS):
            following: set[Node] = set()
            for node in frontier:
                for triple in self._about.get(node, ()):
                    found.append(triple)
                    following.add(triple[2])
            frontier = following
        return found


def _own_nodes(extraction: Extraction) -> set[URIRef]:
    """The graphs of the extraction and the IRIs it describes (not the resources it only points to)."""
    nodes: set[URIRef] = set(extraction.graphs())
    for graph in extraction.graphs().values():
        nodes.update(s for s in graph.subjects() if isinstance(s, URIRef))
    return nodes


def commit(guard: WriteGuard, extraction: Extraction) -> WriteResult:
    """Write an extraction through the write guard: its document graph and meeting key graphs are replaced.

    The guard validates the write with what the store holds and commits it in one transaction, or
    raises :class:`~graph.errors.ValidationFailed` and writes nothing. Key graphs the previous version
    of the document graph derived from, and that no document graph derives from any more, are dropped
    (through the guard too).
    """
    previous = _key_graphs_of(guard.store, extraction.graph_iri)
    graphs = {str(name): list(graph) for name, graph in extraction.graphs().items()}
    written = guard.replace_graphs(graphs)  # type: ignore[arg-type]
    _drop_orphans(guard, previous - set(extraction.shared))
    return written


def delete_document(guard: WriteGuard, graph_iri: URIRef) -> bool:
    """Remove a document's graph, and the meeting key graphs only it derived, in one guarded write.

    Tell whether the document was there. A key graph's derivation is stated in the document graphs, so
    the two go together: removing the document alone would leave its key graphs underived.
    """
    if not guard.store.graph_exists(str(graph_iri)):
        return False
    orphans = [
        str(key)
        for key in _key_graphs_of(guard.store, graph_iri)
        if not _derived_elsewhere(guard, key, graph_iri)
    ]
    guard.delete_graphs([str(graph_iri), *orphans])
    return True


def _derived_elsewhere(guard: WriteGuard, key: URIRef, document: URIRef) -> bool:
    answer = guard.store.query(
        f"ASK {{ GRAPH ?g {{ <{key}> <{PROV.wasDerivedFrom}> ?source }} FILTER(?g != <{document}>) }}"
    )
    return isinstance(answer, AskResult) and answer.boolean


def _key_graphs_of(store: Store, graph_iri: URIRef) -> set[URIRef]:
    if not store.graph_exists(str(graph_iri)):
        return set()
    result = store.query(
        f"SELECT DISTINCT ?k WHERE {{ GRAPH <{graph_iri}> {{ ?k <{PROV.wasDerivedFrom}> ?source }} "
        f'FILTER(STRSTARTS(STR(?k), "{_KEY_GRAPHS}")) }}'
    )
    if not isinstance(result, SelectResult):
        return set()
    return {row["k"] for row in result if isinstance(row["k"], URIRef)}


def _drop_orphans(guard: WriteGuard, candidates: Iterable[URIRef]) -> None:
    for key in candidates:
        answer = guard.store.query(f"ASK {{ GRAPH ?g {{ <{key}> <{PROV.wasDerivedFrom}> ?source }} }}")
        if isinstance(answer, AskResult) and not answer.boolean and guard.store.graph_exists(str(key)):
            guard.delete_graph(str(key))
