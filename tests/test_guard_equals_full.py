"""The write guard's incremental verdict equals a full validation of the dataset after the write.

Every shape fixture, valid and invalid, is applied as a write (a Graph Store POST of its data into the
graph it names, or the default graph) onto a store holding the shipped data. The guard validates only
what the write can change; the reference is the whole dataset after the write (the shipped quads and
the fixture's), validated at once. Both must agree on the verdict and on every Violation (focus node,
path, constraint component, source shape); a refused write must leave the store as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
import pytest
from rdflib import Dataset, URIRef
from shape_fixtures import INVALID, VALID, read_fixture

from graph.errors import ValidationFailed
from graph.store import Quad, Store, open_store
from graph.store.terms import to_ox_term
from graph.validation.full import ValidationReport
from graph.validation.incremental import ValidationContext
from graph.validation.whole import MergedData, validate_merged
from graph.write.guard import WriteGuard

Key = tuple[str, str | None, str, str, str]


@pytest.fixture(scope="module")
def context() -> ValidationContext:
    """The shapes, compiled once; the context graph is read again from each test's store."""
    return ValidationContext()


@pytest.fixture
def store(shipped_dataset: Dataset) -> Iterator[Store]:
    opened = open_store()
    opened.add_quads(cast(Iterable[Quad], shipped_dataset.quads()))
    yield opened
    opened.close()


def violations(report: ValidationReport) -> set[Key]:
    """The Violations of a report, with their messages.

    A blank source shape is named by nothing (each parse of the shapes names its blank nodes anew);
    the path, component and message tell those apart. A blank focus node keeps its label, which the
    write and the reference share.
    """
    return {
        (r.focus, r.path, r.component, r.shape if r.shape.startswith("http") else "", r.message)
        for r in report.violations
    }


def ox_quads(quads: Iterable[tuple[Any, Any, Any, Any]]) -> Iterator[ox.Quad]:
    for s, p, o, g in quads:
        graph = ox.DefaultGraph() if g is None or not isinstance(g, URIRef) else ox.NamedNode(g)
        yield ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), graph)


def full_validation(shipped: Dataset, triples: list[Any], graph: URIRef | None) -> ValidationReport:
    merged = MergedData()
    merged.add_quads(ox_quads(shipped.quads()))
    merged.add_quads(ox_quads((s, p, o, graph) for s, p, o in triples))
    return validate_merged(merged.finish())


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_guard_verdict_equals_full_validation(
    path: Path, store: Store, shipped_dataset: Dataset, context: ValidationContext
) -> None:
    context.invalidate()
    guard = WriteGuard(store, context=context)
    data, _, named = read_fixture(path)
    triples = list(data)
    expected = full_validation(shipped_dataset, triples, named)
    before = store.quad_count()
    try:
        report = guard.post_graph(None if named is None else str(named), triples).report
        committed = True
    except ValidationFailed as failure:
        report, committed = failure.report, False
    assert report is not None
    assert committed == expected.conforms, (
        f"guard committed={committed}, full validation: {expected.violations}"
    )
    assert violations(report) == violations(expected)
    if not committed:
        assert store.quad_count() == before, "a refused write changed the store"
    assert (path in INVALID) == (not committed)
