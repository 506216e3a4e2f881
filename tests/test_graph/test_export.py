"""Dumps: every format reloads into a fresh store to the same dataset; ``euus export`` takes the same names."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph.dataset.export import dataset_store, dump_bytes, graph_id, graph_iri, write_dump
from graph.formats import DUMP_FORMATS, Format, accepted_names, find_format
from graph.namespaces import PREFIXES
from graph.store import Store
from graph.store.terms import ToRdflib

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(shipped_dataset: Dataset) -> Iterator[Store]:
    opened = dataset_store(shipped_dataset.quads((None, None, None, None)))
    yield opened
    opened.close()


def graphs_of(data: bytes, fmt: Format) -> dict[str, Graph]:
    """The dump loaded into a fresh pyoxigraph store, read back graph by graph (``""``: default graph)."""
    fresh = ox.Store()
    assert isinstance(fmt.oxigraph, ox.RdfFormat)
    fresh.load(data, format=fmt.oxigraph)
    to_rdflib, graphs = ToRdflib(), dict[str, Graph]()
    for q in fresh:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name.value)
        graphs.setdefault(name, Graph()).add(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
        )
    return graphs


def same(actual: dict[str, Graph], expected: dict[str, Graph]) -> bool:
    return sorted(actual) == sorted(expected) and all(isomorphic(actual[g], expected[g]) for g in expected)


def expected_graphs(dataset: Dataset, keep_graphs: bool) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graphs.setdefault(str(g) if keep_graphs and g is not None else "", Graph()).add((s, p, o))
    return graphs


@pytest.mark.parametrize("fmt", DUMP_FORMATS, ids=lambda f: f.extension)
def test_dump_reloads_to_the_same_dataset(store: Store, shipped_dataset: Dataset, fmt: Format) -> None:
    data = dump_bytes(store, fmt)
    assert same(graphs_of(data, fmt), expected_graphs(shipped_dataset, fmt.keeps_graphs))


def test_turtle_dumps_use_our_prefixes(store: Store) -> None:
    text = dump_bytes(store, find_format("ttl")).decode()
    assert f"@prefix euus: <{PREFIXES['euus']}> ." in text and "euus:Meeting" in text


@pytest.mark.parametrize("fmt", DUMP_FORMATS, ids=lambda f: f.extension)
def test_counts_are_what_was_written(store: Store, fmt: Format) -> None:
    sink = io.BytesIO()
    counts = write_dump(store, fmt, sink)
    loaded = graphs_of(sink.getvalue(), fmt)
    assert counts.triples == sum(len(g) for g in loaded.values())
    assert counts.per_graph == {name: len(graph) for name, graph in loaded.items()}


def test_graph_ids_round_trip() -> None:
    for iri in ("https://w3id.org/euus-kg/id/graph/topics", "http://example.org/g/x.ttl"):
        assert graph_iri(graph_id(iri)) == iri
    assert graph_id("https://w3id.org/euus-kg/id/graph/topics") == "topics"


def test_format_names_are_the_services(store: Store) -> None:
    for fmt in DUMP_FORMATS:
        assert find_format(fmt.extension, DUMP_FORMATS) is fmt  # the file ending the service uses
        assert find_format(fmt.media_type, DUMP_FORMATS) is fmt
    for old, new in (("nquads", "nq"), ("turtle", "ttl"), ("ntriples", "nt"), ("json-ld", "jsonld")):
        assert find_format(old, DUMP_FORMATS) is find_format(new, DUMP_FORMATS)
    assert {"nq", "trig", "ttl", "nt", "jsonld", "nquads", "turtle", "ntriples"} <= set(
        accepted_names(DUMP_FORMATS)
    )


def euus(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = "import sys; from graph.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, timeout=300, check=False,
                          env=env)  # fmt: skip


@pytest.mark.parametrize(("name", "ending"), [("nq", "nq"), ("nquads", "nq"), ("ttl", "ttl"), ("turtle", "ttl"),
                                              ("jsonld", "jsonld"), ("trig", "trig"), ("ntriples", "nt")])  # fmt: skip
def test_cli_export_takes_the_service_names_and_the_old_ones(tmp_path: Path, store: Store, name: str,
                                                             ending: str) -> None:  # fmt: skip
    output = tmp_path / f"out.{ending}"
    result = euus("export", "--format", name, "--output", str(output))
    assert result.returncode == 0, result.stderr.decode()
    fmt = find_format(ending, DUMP_FORMATS)
    assert same(graphs_of(output.read_bytes(), fmt), graphs_of(dump_bytes(store, fmt), fmt))


def test_cli_export_writes_the_dump_layout(tmp_path: Path, store: Store) -> None:
    result = euus("export", "--directory", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    for fmt in DUMP_FORMATS:
        written = (tmp_path / f"dataset.{fmt.extension}").read_bytes()
        assert same(graphs_of(written, fmt), graphs_of(dump_bytes(store, fmt), fmt))
    for graph in store.named_graphs():
        nt = find_format("nt")
        written_graph = (tmp_path / "graphs" / f"{graph_id(graph)}.nt").read_bytes()
        assert same(graphs_of(written_graph, nt), graphs_of(dump_bytes(store, nt, graph=graph), nt))
    one = euus("export", "--format", "ttl", "--graph", "topics")
    assert one.returncode == 0 and "skos:Concept" in one.stdout.decode()


def test_cli_export_refuses_unknown_names_and_graphs() -> None:
    bad = euus("export", "--format", "yaml")
    assert bad.returncode == 2 and "yaml" in bad.stderr.decode()
    missing = euus("export", "--format", "nq", "--graph", "nothing-here")
    assert missing.returncode == 2 and "nothing-here" in missing.stderr.decode()
