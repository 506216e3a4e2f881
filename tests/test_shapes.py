"""The SHACL shapes, driven by fixture files.

``tests/data/shapes/valid/*.ttl`` must conform (warnings allowed); ``tests/data/shapes/invalid/*.ttl``
must produce exactly the Violation results they declare. Each fixture adds new focus nodes to the
shipped dataset, which is the context the shapes need (presidencies, topics, organisations...).

An invalid fixture declares its expected results with the DASH test vocabulary, as SEMIC's DCAT-AP
tests do::

    <urn:euus-test:meeting-held-without-place> a dash:GraphValidationTestCase ;
        rdfs:comment "A held meeting without a place" ;
        dash:expectedResult [ a sh:ValidationReport ; sh:conforms false ;
            sh:result [ sh:focusNode <meeting/2019-03-05-test-no-place> ;
                        sh:resultPath schema:location ;
                        sh:sourceConstraintComponent sh:MinCountConstraintComponent ;
                        sh:resultSeverity sh:Violation ] ] .

The set of (focus node, path, constraint component) of the Violation results must equal the expected
set exactly; a node-level result has no ``sh:resultPath``, an inverse path is ``[ sh:inversePath p ]``
and a blank focus node is ``[]`` (any blank node). Where two results share that key, an expected
result may also name ``sh:value`` and/or ``sh:sourceShape``: a Violation with that key and that value /
source shape must then be among the results too. Warnings are not compared.

Everything a fixture says under an ``urn:euus-test:`` subject (and the blank nodes reachable from it)
is test description and is removed before validation. ``<urn:euus-test:...> euus-test:inNamedGraph
<graph/...>`` loads the fixture's data into that named graph instead of the default graph, marked
``sd:NamedGraph`` as :func:`graph.validation.full.merged_graph` marks every named graph of a dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node
from shape_fixtures import FIXTURES, INVALID, VALID, read_fixture

from graph.resources import SHAPES_DIR
from graph.validation.full import ValidationReport, load_shapes, merged_graph, validate_graph

DASH = Namespace("http://datashapes.org/dash#")
VIOLATIONS_FILE = "euus-shapes.ttl"

#: (focus node, path, constraint component) as graph.validation.full.ValidationResult gives them.
Key = tuple[str, str | None, str]


@dataclass(frozen=True)
class Expected:
    """One expected Violation: its key, and optionally its value and source shape."""

    key: Key
    value: str | None
    shape: str | None


@dataclass(frozen=True)
class Outcome:
    """A validated fixture: the report, and each Violation's source shape and SPARQL constraint."""

    report: ValidationReport
    shapes: Graph
    sources: frozenset[tuple[Node, Node | None]]


# ---- loading and validating fixture files ----------------------------------------------------------


def validate_fixture(base: Graph, path: Path) -> Outcome:
    """Validate the shipped data (``base``, left untouched) plus one fixture file's data."""
    data, _, named = read_fixture(path)
    graph = Graph()
    graph += base
    if named is None:
        graph += data
    else:
        dataset = Dataset()
        named_graph = dataset.graph(named)
        named_graph += data
        graph += merged_graph(dataset)  # with the sd:NamedGraph marker of the named graph
    shapes = load_shapes()
    report = validate_graph(graph, shapes=shapes)
    sources = set()
    for result in report.graph.subjects(RDF.type, SH.ValidationResult):  # sh:detail ones too
        if report.graph.value(result, SH.resultSeverity) == SH.Violation:
            shape = report.graph.value(result, SH.sourceShape)
            constraint = report.graph.value(result, SH.sourceConstraint)
            sources.add((shape, constraint))
    return Outcome(report=report, shapes=shapes, sources=frozenset(sources))


@pytest.fixture(scope="module")
def base(shipped_dataset: Dataset) -> Graph:
    """The shipped dataset as one graph, as graph.validation.full sees it."""
    return merged_graph(shipped_dataset)


@pytest.fixture(scope="module")
def outcome(base: Graph) -> Callable[[Path], Outcome]:
    """Validate a fixture file once; the coverage test reuses the outcomes of the fixture tests."""
    cache: dict[Path, Outcome] = {}

    def get(path: Path) -> Outcome:
        if path not in cache:
            cache[path] = validate_fixture(base, path)
        return cache[path]

    return get


def _path_text(graph: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    inverse = graph.value(path, SH.inversePath)
    return f"^{inverse}" if inverse is not None else str(path)


def _focus(node: Node | str | None) -> str:
    """A focus node as compared: a blank node (which no fixture can name) is just ``_:``."""
    if isinstance(node, BNode) or (isinstance(node, str) and ":" not in node):
        return "_:"  # graph.validation.full gives a blank node as its bare id, an IRI always has a scheme
    return str(node)


def _local(iri: Node | None) -> str:
    return str(iri).rsplit("#", 1)[-1]


def expected_results(description: Graph) -> list[Expected]:
    """The Violations a fixture's dash:GraphValidationTestCase declares."""
    expected = []
    for case in description.subjects(RDF.type, DASH.GraphValidationTestCase):
        for report in description.objects(case, DASH.expectedResult):
            assert description.value(report, SH.conforms) == Literal(False)
            for result in description.objects(report, SH.result):
                assert description.value(result, SH.resultSeverity) == SH.Violation, (
                    "only Violations are compared; warnings are allowed anywhere"
                )
                key = (
                    _focus(description.value(result, SH.focusNode)),
                    _path_text(description, description.value(result, SH.resultPath)),
                    _local(description.value(result, SH.sourceConstraintComponent)),
                )
                value = description.value(result, SH.value)
                shape = description.value(result, SH.sourceShape)
                expected.append(
                    Expected(
                        key=key,
                        value=None if value is None else str(value),
                        shape=None if shape is None else str(shape),
                    )
                )
    return expected


def _show(keys: set[Key]) -> str:
    return "\n".join(
        f"  {focus} {path or '(node)'} {component}" for focus, path, component in sorted(keys, key=str)
    )


# ---- the shipped data and the shapes themselves --------------------------------------------------


def test_shipped_dataset_conforms(base: Graph) -> None:
    report = validate_graph(base)
    assert report.conforms, "\n".join(f"{v.focus} {v.path} {v.message}" for v in report.violations)


def test_shapes_conform_to_shacl_shacl() -> None:
    """The shapes graph is valid SHACL (pySHACL's bundled SHACL-for-SHACL shapes)."""
    conforms, _, text = meta_validate(load_shapes(), inference="none")
    assert conforms, text


def test_fixture_files_exist() -> None:
    assert VALID, f"no fixtures in {FIXTURES / 'valid'}"
    assert INVALID, f"no fixtures in {FIXTURES / 'invalid'}"


# ---- fixtures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_conforms(path: Path, outcome: Callable[[Path], Outcome]) -> None:
    _, description, _ = read_fixture(path)
    assert not list(description.subjects(RDF.type, DASH.GraphValidationTestCase)), (
        "a valid fixture declares no expected results"
    )
    report = outcome(path).report
    assert report.conforms, "\n".join(
        f"{v.focus} {v.path} {v.component}: {v.message}" for v in report.violations
    )


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_reports_expected_violations(path: Path, outcome: Callable[[Path], Outcome]) -> None:
    _, description, _ = read_fixture(path)
    expected = expected_results(description)
    assert expected, f"{path.name} declares no dash:expectedResult"
    violations = outcome(path).report.violations
    actual = {(_focus(v.focus), v.path, v.component) for v in violations}
    wanted = {e.key for e in expected}
    assert actual == wanted, f"missing:\n{_show(wanted - actual)}\nunexpected:\n{_show(actual - wanted)}"
    for e in expected:
        matches = [v for v in violations if (_focus(v.focus), v.path, v.component) == e.key]
        if e.value is not None:
            assert any(v.value == e.value for v in matches), f"no result {e.key} with value {e.value}"
        if e.shape is not None:
            assert any(v.shape == e.shape for v in matches), f"no result {e.key} from {e.shape}"


def test_nested_results_are_not_listed_as_results(outcome: Callable[[Path], Outcome]) -> None:
    """graph.validation.full lists the report's own sh:result nodes, not the sh:detail results inside them.

    pySHACL explains a failed sh:node with nested results about the value node (here: the unknown
    topic lacks skos:inScheme); listed as results of their own, they would double-count the Violation
    and name a focus node that may be perfectly valid (a shipped topic used as a meeting kind).
    """
    report = outcome(FIXTURES / "invalid" / "meeting-unknown-topic.ttl").report
    own = {
        result
        for node in report.graph.subjects(RDF.type, SH.ValidationReport)
        for result in report.graph.objects(node, SH.result)
    }
    assert len(report.results) == len(own)


# ---- coverage: every constraint of euus-shapes.ttl is broken by some invalid fixture ---------------

#: Constraint parameters that make a node shape check the focus node itself (not a property of it).
NODE_LEVEL = frozenset(
    {SH.pattern, SH.nodeKind, SH["or"], SH["and"], SH["not"], SH.xone, SH["class"], SH.datatype}
    | {SH["in"], SH.hasValue, SH.closed, SH.node, SH.languageIn, SH.minLength, SH.maxLength}
)


def shape_name(shapes: Graph, node: Node) -> str:
    """A name for a shape or SPARQL constraint that is the same in every copy of the shapes graph.

    A named shape is its IRI's local name; a blank property shape is named by the shape that has it,
    its path and its sh:name; a blank SPARQL constraint by its owner and its sh:message.
    """
    if isinstance(node, URIRef):
        return _local(node)
    owner = shapes.value(predicate=SH.property, object=node)
    if owner is not None:
        path = _path_text(shapes, shapes.value(node, SH.path))
        return f"{shape_name(shapes, owner)} {path} ({shapes.value(node, SH.name)})"
    owner = shapes.value(predicate=SH.sparql, object=node)
    if owner is not None:
        return f"{shape_name(shapes, owner)} sh:sparql ({shapes.value(node, SH.message)})"
    return str(node)  # a nested shape (inside sh:or, sh:qualifiedValueShape): never a result's source


def required_coverage() -> dict[str, str]:
    """What some invalid fixture must break, by name: every shape with constraints and every sh:sparql.

    A node shape with node-level constraints must itself be a result's sh:sourceShape; a node shape
    with property shapes only (HeldMeetingShape, PresidencyTermShape, the value-set shapes) is covered
    through them.
    """
    shapes = Graph()
    shapes.parse(SHAPES_DIR / VIOLATIONS_FILE, format="turtle")
    required: dict[str, str] = {}
    for node_shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if any(p in NODE_LEVEL for p in shapes.predicates(node_shape, None)):
            required[shape_name(shapes, node_shape)] = "node-level constraints"
        for property_shape in shapes.objects(node_shape, SH.property):
            required[shape_name(shapes, property_shape)] = "property shape"
    for constraint in shapes.objects(None, SH.sparql):
        required[shape_name(shapes, constraint)] = "SPARQL constraint"
    return required


def covered_by(result: Outcome) -> set[str]:
    """Names of the shapes and SPARQL constraints a fixture's Violations (nested ones too) come from."""
    return {shape_name(result.shapes, node) for pair in result.sources for node in pair if node}


def test_every_constraint_is_broken_by_an_invalid_fixture(
    outcome: Callable[[Path], Outcome],
) -> None:
    required = required_coverage()
    covered: set[str] = set()
    for path in INVALID:
        covered |= covered_by(outcome(path))
    missing = sorted(f"{name} [{kind}]" for name, kind in required.items() if name not in covered)
    assert not missing, "no invalid fixture breaks:\n  " + "\n  ".join(missing)
