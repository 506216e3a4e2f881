"""What SHACL shapes read beyond a focus node: the dependencies that make validation incremental.

A change of ``(s p o)`` changes what ``s`` is. It changes ``o`` only when some shape looks at the
triples that point *to* a node through ``p`` (an inverse path such as a session's
``^schema:subEvent``, a SPARQL constraint with ``$this`` as object, ``sh:targetObjectsOf``). It
can also change nodes that reach ``s`` through a path whose constraints read what changed: a
meeting reads its presidency's term dates (a SPARQL constraint), so editing a term re-checks the
presidency and its meetings. :class:`ShapeReach` works these dependencies out of a shapes graph
once: property paths, ``sh:class``, ``sh:node`` and the other shape-expecting parameters, and the
triple patterns of SPARQL constraints followed out from ``$this``.

Some SPARQL constraints compare a node with unrelated nodes of its class: two organisations may not
share an English name, presidency terms may not overlap or leave a gap. Their patterns are not
connected to ``$this`` (or only through a shared literal value), so no path leads from a changed node
to the nodes they re-judge. Each becomes a :class:`CrossRule`: a write that touches one of the
predicates it reads re-checks every instance of the classes its shape targets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, XSD
from rdflib.paths import InvPath, NegatedPath, Path
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["ANY", "CrossRule", "Reads", "ShapeReach"]

#: Read marker meaning "anything" (a complex path, or a SPARQL query with a variable predicate).
ANY = "*"
_THIS = Variable("this")
# pyparsing, under rdflib's SPARQL parser, is not thread-safe (BlueBrain/nexus-forge#418).
_PARSE_LOCK = threading.Lock()
_CLASS_READS = frozenset({RDF.type, RDFS.subClassOf})


Reads = frozenset[Any] | str  # predicates (URIRef) and ("^", predicate) pairs, or ANY


def _union(a: Reads, b: Reads) -> Reads:
    return ANY if ANY in (a, b) else frozenset(a) | frozenset(b)


@dataclass(frozen=True)
class CrossRule:
    """A constraint that compares nodes of some classes with each other.

    Attributes:
        predicates: what the constraint reads; a change of one re-checks every instance of ``classes``.
        classes: the classes its shape targets (their instances, subclasses included, are re-checked).
    """

    predicates: frozenset[Any]
    classes: frozenset[URIRef]

    def triggered_by(self, predicate: Any, obj: Any) -> bool:
        """Whether a changed triple with this predicate and object can change the rule's verdicts."""
        if predicate == RDF.type:
            return obj in self.classes
        return predicate in self.predicates


@dataclass
class ShapeReach:
    """What the shapes read beyond a focus node's own triples, per predicate.

    Attributes:
        forward: for a path predicate ``p``, what constraints on ``x -p-> v`` read about ``v``.
        inverse: for an inverse path ``^q``, what constraints on ``x`` read about ``v -q-> x``.
        incoming: predicates ``q`` whose triples ``(v q x)`` matter to ``x`` itself (or ANY).
    """

    forward: dict[URIRef, Reads] = field(default_factory=dict)
    inverse: dict[URIRef, Reads] = field(default_factory=dict)
    incoming: Reads = frozenset()
    cross: list[CrossRule] = field(default_factory=list)
    #: Every predicate a shape can read anywhere (``None``: any, as with ``sh:closed``); see
    #: :meth:`_ReachBuilder.readable`.
    readable: frozenset[URIRef] | None = None

    @property
    def value_predicates(self) -> frozenset[URIRef] | None:
        """Predicates read on value nodes; ``None`` when it could be any."""
        found: set[URIRef] = set()
        for reads in (*self.forward.values(), *self.inverse.values()):
            if reads == ANY:
                return None
            found.update(r for r in reads if isinstance(r, URIRef))
        return frozenset(found)

    def readers(self, changed: set[Any], *, inverse: bool = False) -> set[URIRef]:
        """Path predicates (forward, or inverse) whose constraints read something in ``changed``."""
        table = self.inverse if inverse else self.forward
        return {p for p, reads in table.items() if reads == ANY or not changed.isdisjoint(reads)}

    @classmethod
    def from_shapes(cls, shapes: Graph) -> ShapeReach:
        """Work the dependencies out of a SHACL shapes graph."""
        return _ReachBuilder(shapes).build()


class _ReachBuilder:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.reach = ShapeReach()
        self.prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "sh": str(SH)}
        for declaration in shapes.objects(None, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                self.prefixes[str(prefix)] = str(namespace)
        for name, iri in shapes.namespaces():
            self.prefixes.setdefault(str(name), str(iri))

    def build(self) -> ShapeReach:
        for shape, path in self.g.subject_objects(SH.path):
            reads = self.value_reads(shape, set())
            for direction, predicate in self.steps(path):
                self.add(direction, predicate, reads)
        for shape in set(self.g.subjects(SH.sparql, None)):
            if self.g.value(shape, SH.path) is None:  # node-level SPARQL: $this's own edges
                for text in self.sparql_texts(shape):
                    self.sparql(text, None, shape)
        for predicate in self.g.objects(None, SH.targetObjectsOf):
            self.reach.incoming = _union(self.reach.incoming, frozenset({predicate}))
        self.reach.readable = self.readable()
        return self.reach

    def readable(self) -> frozenset[URIRef] | None:
        """Every predicate a shape can read: triples with another one cannot change any verdict.

        A superset: every IRI of the shapes graph (paths, ``sh:equals``...), the predicates of the
        triple patterns of its SPARQL queries (constraints and targets), ``rdf:type`` and
        ``rdfs:subClassOf`` (targets, ``sh:class``). ``None`` when a shape can read any predicate:
        a closed shape, a variable or negated predicate in a query, a query that does not parse.
        """
        if (None, SH.closed, None) in self.g:
            return None
        found = {term for triple in self.g for term in triple if isinstance(term, URIRef)} | _CLASS_READS
        for node in [*self.g.objects(None, SH.select), *self.g.objects(None, SH.ask)]:
            # $PATH's IRIs are in the shapes graph already: any IRI stands for it here
            text = str(node).replace("$PATH", f"<{SH.path}>").replace("$this", "?this")
            try:
                with _PARSE_LOCK:
                    query = prepareQuery(text, initNs=self.prefixes)
            except Exception:  # rdflib raises bare Exception for unknown prefixes
                return None
            for _, predicate, _ in _triple_patterns(query.algebra, []):
                if _has_negation(predicate):
                    return None
                steps = _path_steps(predicate)
                if any(iri == ANY for _, iri in steps):
                    return None
                found.update(iri for _, iri in steps)
        return frozenset(found)

    def add(self, direction: str, predicate: Any, reads: Reads) -> None:
        if predicate == ANY:
            self.reach.incoming = ANY
            return
        table = self.reach.forward if direction == "fwd" else self.reach.inverse
        table[predicate] = _union(table.get(predicate, frozenset()), reads)
        if direction == "inv":
            self.reach.incoming = _union(self.reach.incoming, frozenset({predicate}))

    def steps(self, path: Any) -> list[tuple[str, Any]]:
        """``[("fwd", p)]``, ``[("inv", q)]``, or every IRI of a complex path both ways, read whole."""
        if isinstance(path, URIRef):
            return [("fwd", path)]
        inverse = self.g.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return [("inv", inverse)]
        iris = {o for _, _, o in self.g.triples((path, None, None)) if isinstance(o, URIRef)}
        for item in Collection(self.g, path) if (path, RDF.first, None) in self.g else []:
            iris.update(self.steps_iris(item))
        for p in iris:
            self.reach.forward[p] = ANY
            self.reach.inverse[p] = ANY
        self.reach.incoming = _union(self.reach.incoming, frozenset(iris))
        return []

    def steps_iris(self, node: Any) -> set[URIRef]:
        if isinstance(node, URIRef):
            return {node}
        return {o for _, _, o in self.g.triples((node, None, None)) if isinstance(o, URIRef)}

    def value_reads(self, shape: Any, seen: set[Any]) -> Reads:
        """What checking the values of property shape ``shape`` reads about those values."""
        reads: Reads = _CLASS_READS if (shape, SH["class"], None) in self.g else frozenset()
        for key in (SH.node, SH.qualifiedValueShape, SH["not"], SH.property):
            for nested in self.g.objects(shape, key):
                reads = _union(reads, self.node_reads(nested, seen))
        for key in (SH["or"], SH["and"], SH.xone):
            for members in self.g.objects(shape, key):
                for nested in Collection(self.g, members):
                    reads = _union(reads, self.node_reads(nested, seen))
        for text in self.sparql_texts(shape):
            reads = _union(reads, self.sparql(text, self.g.value(shape, SH.path), shape))
        return reads

    def node_reads(self, shape: Any, seen: set[Any]) -> Reads:
        """What checking a node against ``shape`` reads about the node and beyond."""
        if shape in seen:
            return frozenset()
        seen.add(shape)
        reads: Reads = frozenset()
        path = self.g.value(shape, SH.path)
        if path is not None:
            steps = self.steps(path)
            if not steps:
                return ANY
            reads = frozenset(p if d == "fwd" else ("^", p) for d, p in steps)
        return _union(reads, self.value_reads(shape, seen))

    def sparql_texts(self, shape: Any) -> list[str]:
        return [str(text) for c in self.g.objects(shape, SH.sparql) for text in self.g.objects(c, SH.select)]

    def sparql(self, text: str, path: Any, shape: Any = None) -> Reads:
        """Follow a constraint query's triple patterns out from ``$this``; return what it reads beyond.

        Edges of ``$this`` itself are recorded as forward/inverse dependencies. Patterns not
        connected to ``$this`` (comparisons with unrelated nodes) are not followed.
        """
        path_text = "" if path is None else _path_sparql(self.g, path)
        text = text.replace("$PATH", path_text).replace("$this", "?this")
        try:
            with _PARSE_LOCK:
                query = prepareQuery(text, initNs=self.prefixes)
        except Exception:  # rdflib raises bare Exception for unknown prefixes: assume anything
            self.reach.incoming = ANY
            return ANY
        patterns = _triple_patterns(query.algebra, [])
        reached, beyond, own = {_THIS}, set(), []
        as_object: set[Any] = set()  # variables reached only as the object of a pattern: maybe literals
        crossing = False
        pending = list(patterns)
        while True:
            step_taken = False
            for pattern in list(pending):
                subject, predicate, obj = pattern
                if subject not in reached and obj not in reached:
                    continue
                if obj in as_object and subject not in reached:
                    crossing = True  # ?other p ?value where ?value is $this's value: a join on a value
                pending.remove(pattern)  # followed once, from the end reached first
                step_taken = True
                for direction, iri in _path_steps(predicate):
                    start, end = (subject, obj) if direction == "fwd" else (obj, subject)
                    node, other, step = (start, end, iri) if start in reached else (end, start, ("^", iri))
                    if node == _THIS:
                        own.append(step)
                    else:
                        beyond.add(ANY if iri == ANY else step)
                    if isinstance(other, Variable):
                        if other not in reached and other == obj and start in reached:
                            as_object.add(other)
                        reached.add(other)
            if not step_taken:
                break
        if (pending or crossing) and shape is not None:
            self.cross_rule(patterns, path, shape)
        reads: Reads = ANY if ANY in beyond else frozenset(beyond)
        for step in own:
            if step == ANY or (isinstance(step, tuple) and step[1] == ANY):
                self.add("inv", ANY, reads)
            elif isinstance(step, tuple):
                self.add("inv", step[1], reads)
            else:
                self.add("fwd", step, reads)
        return reads

    def cross_rule(self, patterns: list[tuple[Any, Any, Any]], path: Any, shape: Any) -> None:
        """Record a constraint that compares nodes of its shape's target classes with each other."""
        predicates: set[Any] = set()
        for _, predicate, _ in patterns:
            predicates.update(iri for _, iri in _path_steps(predicate))
        if path is not None:
            predicates.update(p for _, p in self.steps(path))
        owners = {shape} | set(self.g.subjects(SH.property, shape))
        classes = {
            c for owner in owners for c in self.g.objects(owner, SH.targetClass) if isinstance(c, URIRef)
        }
        if ANY in predicates or not classes:
            self.reach.incoming = ANY  # cannot say whom it re-judges: follow everything
            return
        self.reach.cross.append(CrossRule(frozenset(predicates), frozenset(classes)))


def _path_sparql(graph: Graph, path: Any) -> str:
    if isinstance(path, URIRef):
        return path.n3()
    inverse = graph.value(path, SH.inversePath)
    return f"^{inverse.n3()}" if isinstance(inverse, URIRef) else "?anyPredicate"


def _triple_patterns(node: Any, found: list[tuple[Any, Any, Any]]) -> list[tuple[Any, Any, Any]]:
    """Every triple pattern of an rdflib algebra tree (``EXISTS`` blocks included)."""
    if isinstance(node, CompValue):
        for triple in node.get("triples") or () if "triples" in node else ():
            found.append((triple[0], triple[1], triple[2]))
        for value in node.values():
            _triple_patterns(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _triple_patterns(value, found)
    return found


def _path_steps(predicate: Any) -> list[tuple[str, Any]]:
    """``[("fwd", p)]`` for an IRI, ``[("inv", p)]`` for ``^p``; both ways for other paths."""
    if isinstance(predicate, URIRef):
        return [("fwd", predicate)]
    if isinstance(predicate, InvPath) and isinstance(predicate.arg, URIRef):
        return [("inv", predicate.arg)]
    if isinstance(predicate, Path):
        iris = _path_iris(predicate)
        return [(d, iri) for iri in iris for d in ("fwd", "inv")]
    return [("fwd", ANY)]


def _has_negation(path: Any) -> bool:
    if isinstance(path, NegatedPath):
        return True
    parts = [getattr(path, "arg", None), getattr(path, "path", None), *getattr(path, "args", ())]
    return isinstance(path, Path) and any(_has_negation(part) for part in parts if part is not None)


def _path_iris(path: Any) -> set[Any]:
    if isinstance(path, URIRef):
        return {path}
    found: set[Any] = set()
    for part in [getattr(path, "arg", None), getattr(path, "path", None), *getattr(path, "args", ())]:
        if part is not None:
            found |= _path_iris(part)
    return found
