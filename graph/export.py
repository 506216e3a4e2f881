"""Serialise a dataset in the RDF formats we offer, from one table."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from graph.namespaces import PREFIXES


@dataclass(frozen=True)
class ExportFormat:
    """An output format: its rdflib serializer, media type, file ending and whether graphs survive."""

    name: str
    rdflib_format: str
    media_type: str
    extension: str
    keeps_graphs: bool


#: Formats that cannot hold named graphs get the union of all graphs (the default graph of queries).
EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("trig", "trig", "application/trig", ".trig", True),
        ExportFormat("nquads", "nquads", "application/n-quads", ".nq", True),
        ExportFormat("jsonld", "json-ld", "application/ld+json", ".jsonld", True),
        ExportFormat("turtle", "turtle", "text/turtle", ".ttl", False),
        ExportFormat("ntriples", "nt", "application/n-triples", ".nt", False),
    )
}


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all graphs of ``dataset`` in one graph."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def serialize(dataset: Dataset, export_format: str) -> bytes:
    """Serialise ``dataset`` as ``export_format`` (a key of :data:`EXPORT_FORMATS`)."""
    fmt = EXPORT_FORMATS[export_format]
    target: Graph = dataset if fmt.keeps_graphs else union_graph(dataset)
    for prefix, namespace in PREFIXES.items():
        target.bind(prefix, namespace, replace=True)
    return target.serialize(format=fmt.rdflib_format, encoding="utf-8")
