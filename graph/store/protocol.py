"""The :class:`Store` protocol: what the rest of euus-kg needs from a quad store.

Semantics (query dataset, isolation, threads, outbound requests) are described in :mod:`graph.store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from rdflib import Graph

from graph.store.results import Progress, Quad, QueryResult, SerializedResult, Triple

__all__ = ["Store"]


@runtime_checkable
class Store(Protocol):
    """What the rest of euus-kg needs from a quad store. See the module docstring for semantics."""

    backend: str
    location: str

    @property
    def hidden_graph_prefixes(self) -> tuple[str, ...]:
        """Prefixes of graph names that hold no data (an engine's system graphs, the shared data version)."""
        ...

    @property
    def has_default_graph(self) -> bool:
        """Whether triples can live outside named graphs (Virtuoso's store has no default graph)."""
        ...

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        """Run a SPARQL query; terms are rdflib terms."""
        ...

    def query_serialized(
        self,
        sparql: str,
        *,
        result_format: str | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> SerializedResult:
        """Run a SPARQL query and stream its serialization (``result_format``: Accept syntax)."""
        ...

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL update in one transaction."""
        ...

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Insert quads in one transaction."""
        ...

    def apply_changes(
        self,
        *,
        removed: Iterable[Quad] = (),
        added: Iterable[Quad] = (),
        before: Sequence[str] = (),
        after: Sequence[str] = (),
        expected_version: str | None = None,
    ) -> None:
        """Run the update operations ``before``, delete, insert, run ``after``: one transaction.

        No blank nodes in ``removed``. ``expected_version`` (a :meth:`data_version`): commit only
        if no other process wrote since, else raise ``WriteConflict`` and change nothing.
        """
        ...

    def data_version(self) -> str | None:
        """The data version kept in the store, shared by every process on it (``None``: not kept)."""
        ...

    def replace_graph(
        self,
        graph: str | None,
        *,
        triples: Iterable[Triple] | None = None,
        data: bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
    ) -> None:
        """Replace a graph's content in one transaction, from triples or from RDF ``data``."""
        ...

    def delete_graph(self, graph: str | None) -> bool:
        """Remove a named graph (or empty the default graph); tell whether it existed."""
        ...

    def graph_exists(self, graph: str | None) -> bool:
        """Tell whether a named graph exists (the default graph always does)."""
        ...

    def get_graph(self, graph: str | None) -> Graph:
        """Return a graph's triples as an rdflib ``Graph``; raise ``NotFound`` if absent."""
        ...

    def get_graph_serialized(self, graph: str | None, *, format: str) -> SerializedResult:
        """Stream a graph's triples in an RDF format; raise ``NotFound`` if absent."""
        ...

    def named_graphs(self) -> list[str]:
        """Names of all named graphs, sorted."""
        ...

    def quad_count(self) -> int:
        """Number of quads in the whole store."""
        ...

    def graph_size(self, graph: str | None) -> int:
        """Number of triples in one graph."""
        ...

    def dump(self, format: str = "nquads") -> SerializedResult:
        """Stream every quad in a dataset format (N-Quads or TriG)."""
        ...

    def load(
        self,
        *,
        path: str | None = None,
        data: bytes | None = None,
        format: str | None = None,
        graph: str | None = None,
        base_iri: str | None = None,
        progress: Progress | None = None,
        atomic: bool = False,
    ) -> int:
        """Stream RDF into the store; return the number of quads added."""
        ...

    def flush(self) -> None:
        """Make written data durable."""
        ...

    def close(self) -> None:
        """Release the store; later calls raise ``StoreUnavailable``."""
        ...
