"""Assemble the shipped files (or a user's) into one dataset, one named graph per file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, Dataset, Graph, Literal, URIRef
from rdflib.term import IdentifiedNode

from graph.errors import InvalidInput
from graph.formats import DATA_FILE_FORMATS
from graph.namespaces import EUUS, PREFIXES
from graph.resources import DataFile, shipped_files, shipped_versions
from graph.store.terms import ToRdflib

#: File endings we read, and the parser for each (those of the RDF formats of the format table).
RDF_FILE_FORMATS: dict[str, ox.RdfFormat] = {
    f".{ending}": fmt.oxigraph
    for fmt in DATA_FILE_FORMATS
    for ending in fmt.extensions
    if isinstance(fmt.oxigraph, ox.RdfFormat)
}


def rdf_format_of(path: Path) -> ox.RdfFormat:
    """Return the RDF format of ``path`` from its ending, or raise :class:`InvalidInput`."""
    try:
        return RDF_FILE_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FILE_FORMATS))
        raise InvalidInput(f"{path}: unknown RDF file ending {path.suffix!r} (known: {known})") from None


def parse_ox_file(path: Path, *, graph: Any = None) -> Iterator[ox.Quad]:
    """Parse one RDF file into pyoxigraph quads, streaming.

    Triples of a triple format go into ``graph`` (an IRI; ``None``: the default graph); quad formats keep
    their own graphs. Nothing is fetched: pyoxigraph resolves no JSON-LD remote context and no XML entity.

    Raises:
        InvalidInput: the file is missing or does not parse (raised as the quads are read); the message
            names file, line and column.
    """
    rdf_format = rdf_format_of(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    target = None if graph is None else ox.NamedNode(str(graph))
    try:
        for quad in ox.parse(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri()):
            if target is not None and isinstance(quad.graph_name, ox.DefaultGraph):
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            yield quad
    except SyntaxError as error:
        where = f"{path}:{error.lineno}:{error.offset}" if error.lineno else str(path)
        raise InvalidInput(f"{where}: {error.msg}") from error


def parse_rdf_file(path: Path, *, graph: URIRef | None = None) -> Iterator[tuple[Any, Any, Any, Any]]:
    """Parse one RDF file into rdflib quads (see :func:`parse_ox_file`).

    The whole file is parsed before the first quad is given, so a syntax error leaves nothing half read.

    Raises:
        InvalidInput: the file is missing or does not parse; the message names file, line and column.
    """
    quads = list(parse_ox_file(path, graph=graph))
    to_rdflib = ToRdflib()
    for q in quads:
        graph_name = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph_name


def dataset_from_files(files: Iterable[DataFile]) -> Dataset:
    """Load each file into its own named graph of a new dataset (the default graph stays empty).

    Each graph gets its version (:func:`graph.resources.shipped_versions`) as ``owl:versionInfo``.
    """
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    versions = shipped_versions()
    for data_file in files:
        target = dataset.graph(data_file.graph)
        target.addN((s, p, o, target) for s, p, o, _ in parse_rdf_file(data_file.path, graph=data_file.graph))
        if data_file.graph in versions:
            target.add((data_file.graph, OWL.versionInfo, Literal(versions[data_file.graph])))
    return dataset


def build_dataset() -> Dataset:
    """The shipped dataset: ontology, vocabularies, reference data and curated sources."""
    return dataset_from_files(shipped_files())


def context_dataset(replaced_graphs: Iterable[URIRef] = ()) -> Dataset:
    """The shipped dataset that a user's files are checked against, less the graphs they replace."""
    replaced = set(replaced_graphs)
    return dataset_from_files(f for f in shipped_files() if f.graph not in replaced)


def described_fact_graphs(paths: Iterable[Path]) -> set[URIRef]:
    """The fact graphs that ``paths`` describe: a user's file describing a shipped graph replaces it."""
    return {
        s
        for path in paths
        for s, p, o, _ in parse_rdf_file(path)
        if p == RDF.type and o == EUUS.FactGraph and isinstance(s, URIRef)
    }


def add_user_files(dataset: Dataset, paths: Iterable[Path]) -> None:
    """Add a user's files: triples into the default graph, quads into the graphs they name."""
    for path in paths:
        graphs: dict[IdentifiedNode | None, Graph] = {None: dataset.default_graph}
        for s, p, o, g in parse_rdf_file(path):
            if g not in graphs:
                graphs[g] = dataset.graph(g)
            graphs[g].add((s, p, o))
