"""Whole-dataset validation on a pyoxigraph store: for big inputs (``euus validate FILE``, bulk loads).

The shapes see the union of the graphs, as queries do: every quad goes into the default graph of an
in-memory store, and each non-empty named graph is marked ``sd:NamedGraph`` (what
:func:`graph.validation.full.merged_graph` does for an rdflib dataset). The engines read such a store
without copying it into rdflib, which is what keeps a million quads within a minute.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from graph.dataset.build import parse_ox_file
from graph.namespaces import EUUS, SD
from graph.resources import DataFile, shipped_versions
from graph.store.terms import ToRdflib, to_ox_term
from graph.validation.full import ValidationReport, validate_graph

__all__ = ["MergedData", "validate_merged"]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_NAMED_GRAPH = ox.NamedNode(str(SD.NamedGraph))
_FACT_GRAPH = ox.NamedNode(str(EUUS.FactGraph))
_VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
_LABELS = [
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    ox.NamedNode("http://purl.org/dc/terms/title"),
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
]


class MergedData:
    """An in-memory store that merges quads into its default graph and remembers their graphs."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self._graphs: set[ox.NamedNode] = set()

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (their graph names are kept as ``sd:NamedGraph`` markers only)."""
        graphs = self._graphs
        default = ox.DefaultGraph()

        def merged() -> Iterable[ox.Quad]:
            for quad in quads:
                if isinstance(quad.graph_name, ox.NamedNode):
                    graphs.add(quad.graph_name)
                yield ox.Quad(quad.subject, quad.predicate, quad.object, default)

        self.store.bulk_extend(merged())

    def add_file(self, path: Path, *, graph: Any = None) -> None:
        """Add an RDF file; triples of a triple format go into ``graph`` (``None``: the default graph).

        Raises:
            InvalidInput: the file is missing or does not parse (file, line and column).
        """
        self.add_quads(parse_ox_file(path, graph=graph))

    def add_data_files(self, files: Iterable[DataFile]) -> None:
        """Add shipped files, each into its named graph, with its version (as the build adds it)."""
        versions = shipped_versions()
        for data_file in files:
            self.add_file(data_file.path, graph=data_file.graph)
            if data_file.graph in versions:
                name = ox.NamedNode(data_file.graph)
                version = ox.Literal(versions[data_file.graph])
                self.add_quads([ox.Quad(name, _VERSION_INFO, version, name)])

    def described_fact_graphs(self) -> set[str]:
        """The IRIs typed ``euus:FactGraph`` so far (a user's file describing a shipped graph replaces it)."""
        found = self.store.quads_for_pattern(None, _RDF_TYPE, _FACT_GRAPH)
        return {q.subject.value for q in found if isinstance(q.subject, ox.NamedNode)}

    def finish(self) -> ox.Store:
        """Mark every named graph that holds triples; return the store to validate."""
        self.store.bulk_extend(ox.Quad(g, _RDF_TYPE, _NAMED_GRAPH, ox.DefaultGraph()) for g in self._graphs)
        return self.store


def validate_merged(data: ox.Store, *, engine: str | None = None) -> ValidationReport:
    """Validate a store made by :class:`MergedData` with the shipped shapes."""
    convert = ToRdflib()

    def label(node: Node) -> str | None:
        subject = to_ox_term(node)
        for predicate in _LABELS:
            found = [q.object for q in data.quads_for_pattern(subject, predicate, None)]
            english = [o for o in found if getattr(o, "language", None) == "en"]
            if english or found:
                return str(convert((english or found)[0]))
        return None

    return validate_graph(data, engine=engine, label=label)
