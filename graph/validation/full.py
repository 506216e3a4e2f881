"""Validate data against the euus-kg shapes and turn pySHACL's report into plain results."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, RDFS, SH, SKOS
from rdflib.term import Node

from graph.namespaces import PREFIXES, SD
from graph.resources import shapes_files
from graph.validation.engine import Data, EngineName, ShapesEngine, make_engine, resolve


@dataclass(frozen=True)
class ValidationResult:
    """One finding: what is wrong (message) with which node, on which path and value."""

    severity: str
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    component: str
    shape: str


@dataclass
class ValidationReport:
    """The outcome of a validation: conforms unless a result has severity Violation."""

    results: list[ValidationResult]
    graph: Graph = field(repr=False)

    @property
    def conforms(self) -> bool:
        """True when no result is a Violation (warnings do not count)."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        """The results of severity Violation."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """The results of severity Warning or Info."""
        return [r for r in self.results if r.severity != "Violation"]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready summary: conforms, counts and every result."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "results": [asdict(r) for r in self.results],
        }


def load_shapes() -> Graph:
    """A fresh shapes graph (pySHACL writes into the graph it is given, so never share one)."""
    shapes = Graph()
    for path in shapes_files():
        shapes.parse(path, format="turtle")
    return shapes


def merged_graph(dataset: Dataset) -> Graph:
    """All quads of ``dataset`` as one graph, with each named graph marked ``sd:NamedGraph``.

    The shapes see the union of the graphs, as queries do, and ``shapes:NamedGraphShape`` can require
    that each named graph describes where its facts come from.
    """
    merged = Graph()
    for prefix, namespace in PREFIXES.items():
        merged.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    for graph in dataset.graphs():
        name = graph.identifier
        if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID and len(graph) > 0:
            merged.add((name, RDF.type, SD.NamedGraph))
    return merged


@cache
def shipped_shapes_engine(name: EngineName) -> ShapesEngine:
    """The engine of the shipped shapes, made once per engine name (compiling them takes time)."""
    return make_engine(load_shapes(), name)


def validate_graph(
    data: Data,
    *,
    shapes: Graph | None = None,
    engine: str | None = None,
    focus_nodes: list[Any] | None = None,
    label: Callable[[Node], str | None] | None = None,
    runner: ShapesEngine | None = None,
) -> ValidationReport:
    """Validate one graph (already merged with whatever context its shapes need).

    Args:
        data: an rdflib graph, or a pyoxigraph store whose default graph is the data.
        shapes: the shapes (default: the shipped shapes, compiled once).
        engine: ``turbo``, ``pyshacl`` or ``auto``/``None`` (:func:`graph.validation.default_engine`).
        focus_nodes: validate only these nodes (among the shapes' targets).
        label: how to name a focus node in the results (default: its label in ``data``).
        runner: an engine already made for the shapes (``shapes`` and ``engine`` are then unused).
    """
    if runner is None:
        name = resolve(engine)
        runner = shipped_shapes_engine(name) if shapes is None else make_engine(shapes, name)
    report_graph = runner.run(data, focus_nodes=focus_nodes)
    if label is None:
        label = (lambda node: label_of(data, node)) if isinstance(data, Graph) else (lambda node: None)
    results = sorted(
        _results(report_graph, label),
        key=lambda r: (r.severity != "Violation", r.focus, r.path or ""),
    )
    return ValidationReport(results=results, graph=report_graph)


def validate_dataset(dataset: Dataset, *, engine: str | None = None) -> ValidationReport:
    """Validate every graph of ``dataset`` together."""
    return validate_graph(merged_graph(dataset), engine=engine)


def _results(report: Graph, label: Callable[[Node], str | None]) -> Iterable[ValidationResult]:
    # Only the report's own results: pySHACL also types the sh:detail results nested in a failed
    # sh:node as sh:ValidationResult; they explain a result, they are not results of their own.
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(report_node, SH.result):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            severity = report.value(result, SH.resultSeverity)
            yield ValidationResult(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(focus),
                focus_label=label(focus) if focus is not None else None,
                path=_path_text(report, path),
                value=None if value is None else str(value),
                message=str(report.value(result, SH.resultMessage) or ""),
                component=str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
                shape=_path_text(report, report.value(result, SH.sourceShape)) or "",
            )


def label_of(graph: Graph, node: Node) -> str | None:
    """The English (or any) label a person would recognise ``node`` by."""
    for predicate in (SKOS.prefLabel, DCTERMS.title, RDFS.label):
        labels = list(graph.objects(node, predicate))
        english = [lbl for lbl in labels if getattr(lbl, "language", None) == "en"]
        if english or labels:
            return str((english or labels)[0])
    return None


def _path_text(report: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    return str(path)
