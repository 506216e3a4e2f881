"""pyshacl-turbo against pySHACL, the reference: the same results on every fixture and on generated data.

Each case is validated by both engines with the same shapes graph (so blank-node shapes keep their
identifiers) and every result is compared: severity, focus node, path, value, constraint component,
source shape and message. A result only one engine gives fails the test with the difference.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import SH
from shape_fixtures import INVALID, VALID, read_fixture

from graph.dataset.build import dataset_from_files
from graph.resources import shipped_files
from graph.validation.engine import NQuadsData, PyshaclEngine, TurboEngine, turbo_available
from graph.validation.full import load_shapes, merged_graph

pytestmark = pytest.mark.skipif(not turbo_available(), reason="pyshacl-turbo has no wheel for this platform")

Row = tuple[str, str, str, str, str, str, str]
ROOT = Path(__file__).resolve().parent.parent


def declares_message(shapes: Graph, shape: object) -> bool:
    """Whether a shape (or a SPARQL constraint of it) has its own sh:message.

    Where none does, each engine writes a default message of its own wording, which is not compared.
    """
    if (shape, SH.message, None) in shapes:  # type: ignore[operator]
        return True
    return any((c, SH.message, None) in shapes for c in shapes.objects(shape, SH.sparql))  # type: ignore[arg-type]


def result_rows(report: Graph, shapes: Graph) -> set[Row]:
    """Every top-level result of a report, as comparable text."""
    rows = set()
    for node in report.subjects(SH.result, None):
        for result in report.objects(node, SH.result):

            def text(predicate: object, result: object = result) -> str:
                value = report.value(result, predicate)  # type: ignore[arg-type]
                if value is None:
                    return ""
                inverse = report.value(value, SH.inversePath)
                return f"^{inverse}" if inverse is not None else str(value)

            rows.add(
                (
                    text(SH.resultSeverity),
                    text(SH.focusNode),
                    text(SH.resultPath),
                    text(SH.value),
                    text(SH.sourceConstraintComponent),
                    text(SH.sourceShape),
                    text(SH.resultMessage)
                    if declares_message(shapes, report.value(result, SH.sourceShape))
                    else "(the engine's default message)",
                )
            )
    return rows


SHAPES = load_shapes()


@pytest.fixture(scope="module")
def engines() -> tuple[TurboEngine, PyshaclEngine]:
    return TurboEngine(Graph() + SHAPES), PyshaclEngine(Graph() + SHAPES)


@pytest.fixture(scope="module")
def base(shipped_dataset: Dataset) -> Graph:
    return merged_graph(shipped_dataset)


def assert_same(data: Graph, engines: tuple[TurboEngine, PyshaclEngine]) -> set[Row]:
    turbo, reference = engines
    fast, slow = result_rows(turbo.run(data), SHAPES), result_rows(reference.run(data), SHAPES)
    assert fast == slow, f"only turbo: {sorted(fast - slow)}\nonly pySHACL: {sorted(slow - fast)}"
    return fast


def test_engines_agree_on_every_fixture(base: Graph, engines: tuple[TurboEngine, PyshaclEngine]) -> None:
    """All valid and invalid fixtures over the shipped data, in one data graph (pySHACL takes seconds a run).

    Fixtures that reuse an IRI merge into one node; both engines see the same merged data, so the
    comparison holds all the same, and each fixture's own verdict is checked in test_shapes.py.
    """
    rows = assert_same(with_fixtures(base, VALID + INVALID), engines)
    assert any(row[0] == str(SH.Violation) for row in rows), "no violation: the comparison proves nothing"


def with_fixtures(base: Graph, paths: list[Path]) -> Graph:
    graph = Graph() + base
    for path in paths:
        data, _, named = read_fixture(path)
        if named is None:
            graph += data
        else:
            dataset = Dataset()
            dataset.graph(named).__iadd__(data)
            graph += merged_graph(dataset)
    return graph


def test_turbo_reads_nquads_text_as_it_reads_the_store(
    base: Graph, engines: tuple[TurboEngine, PyshaclEngine]
) -> None:
    """The guard hands pyshacl-turbo its context as N-Quads text (not dumped each time): same results."""
    turbo, _ = engines
    store = ox.Store()
    data = with_fixtures(base, INVALID[:8])  # the whole set takes turbo a minute on the store path alone
    store.load(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    text = (store.dump(format=ox.RdfFormat.N_QUADS) or b"").decode()
    from_store = result_rows(turbo.run(store), SHAPES)
    assert any(row[0] == str(SH.Violation) for row in from_store), (
        "no violation: the comparison proves nothing"
    )
    assert result_rows(turbo.run(NQuadsData(text)), SHAPES) == from_store


def test_pyshacl_reads_nquads_text_as_it_reads_the_store(engines: tuple[TurboEngine, PyshaclEngine]) -> None:
    """The same for pySHACL (the fallback engine), on one invalid fixture alone (it takes seconds on more)."""
    _, reference = engines
    store = ox.Store()
    store.load(read_fixture(INVALID[0])[0].serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    from_store = result_rows(reference.run(store), SHAPES)
    assert from_store, "no result: the comparison proves nothing"
    text = (store.dump(format=ox.RdfFormat.N_QUADS) or b"").decode()
    assert result_rows(reference.run(NQuadsData(text)), SHAPES) == from_store


def test_engines_agree_on_generated_data(tmp_path: Path, engines: tuple[TurboEngine, PyshaclEngine]) -> None:
    """A generated dataset (benchmarks/generate.py) with the shipped model: many nodes of every class."""
    out = tmp_path / "generated.nq"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--triples", "4000", "--seed", "3",
         "--output", str(out)],
        check=True,
    )  # fmt: skip
    dataset = dataset_from_files(shipped_files())
    dataset.parse(out, format="nquads")
    rows = assert_same(merged_graph(dataset), engines)
    assert rows, "the generated data gave no result at all: the comparison would prove nothing"
