"""The writes of the ``remote`` backend: updates, quads, graphs and bulk loads (SPARQL or Graph Store).

Engines differ here too (:mod:`graph.store.engines`): Virtuoso's Graph Store takes no writes without
digest authentication and no whole datasets, so its graphs are written with SPARQL Update, in chunks
its compiler can take. A versioned write (``expected_version``) swaps the shared data version in the
same update (:mod:`graph.store.shared_version`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox

from graph.errors import InvalidInput, NotFound
from graph.formats import N_QUADS
from graph.sparql.scan import invalid_input
from graph.store.engines import Engine
from graph.store.formats import load_format, load_source, rdf_format
from graph.store.http import data_errors, file_chunks
from graph.store.remote_data import insert_in_chunks
from graph.store.results import Progress, Quad, Triple
from graph.store.shared_version import commit_versioned
from graph.store.terms import ToRdflib, changes_update, graph_node, to_ox_quad

__all__ = ["RemoteWrites"]

_N_QUADS = N_QUADS.media_type


class RemoteWrites:
    """The writing half of :class:`graph.store.remote.RemoteStore`."""

    engine: Engine
    known_version: str | None

    if TYPE_CHECKING:

        def _send(self, method: str, url: str, **options: Any) -> httpx.Response: ...

        def _prepare(self, text: str) -> tuple[str, int]: ...

        def _post_update(self, text: str, line_offset: int) -> None: ...

        def _graph_params(self, graph: str | None) -> dict[str, str]: ...

        def _graph_store(self) -> str: ...

        def data_version(self) -> str: ...  # noqa: D102

        def graph_exists(self, graph: str | None) -> bool: ...  # noqa: D102

        def quad_count(self) -> int: ...  # noqa: D102

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL update on the server (one transaction there)."""
        text, line_offset = self._prepare(sparql_update)
        self._post_update(text, line_offset)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Insert quads: one Graph Store ``POST`` of N-Quads, or one update where the engine has none."""
        if not self.engine.graph_store_datasets:
            self.apply_changes(added=quads)
            return
        body = ox.serialize([to_ox_quad(quad) for quad in quads], format=ox.RdfFormat.N_QUADS)
        if body:
            self._send(
                "POST",
                self._graph_store(),
                content=body,
                headers={"content-type": _N_QUADS},
                on_error=data_errors(ox.RdfFormat.N_QUADS),
            )

    def apply_changes(
        self,
        *,
        removed: Iterable[Quad] = (),
        added: Iterable[Quad] = (),
        before: Sequence[str] = (),
        after: Sequence[str] = (),
        expected_version: str | None = None,
    ) -> None:
        """Run ``before``, delete, insert, run ``after``: one SPARQL update (see ``EmbeddedStore``).

        With ``expected_version`` (a :meth:`data_version`), the update first swaps that version
        for the next: if another process committed since, nothing is written and
        :class:`WriteConflict` is raised (:mod:`graph.store.shared_version`).
        """
        engine = self.engine
        changes = changes_update(
            removed, added, chunk=engine.insert_chunk, blank_nodes_in_data=engine.has_default_graph
        )
        parts = [*before, *([changes] if changes else []), *after]
        if expected_version is not None:
            self.known_version = commit_versioned(
                parts, expected_version, lambda text: self._post_update(text, 0), self.data_version
            )
        elif parts:
            self._post_update(" ;\n".join(parts), 0)

    def replace_graph(
        self,
        graph: str | None,
        *,
        triples: Iterable[Triple] | None = None,
        data: bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
    ) -> None:
        """Replace a graph: one Graph Store ``PUT``, or one update (see ``EmbeddedStore``)."""
        graph_node(graph)  # refuses a bad graph IRI before anything is sent
        fmt = rdf_format(format or "turtle") if data is not None else ox.RdfFormat.N_TRIPLES
        if data is not None and (base_iri is not None or not self.engine.graph_store_writes):
            try:
                parsed = [q.triple for q in ox.parse(data, fmt, base_iri=base_iri, without_named_graphs=True)]
            except SyntaxError as error:
                raise invalid_input(error, fmt) from None
            data, fmt = ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.N_TRIPLES
        if not self.engine.graph_store_writes:
            convert = ToRdflib()
            quads = [
                (convert(t.subject), convert(t.predicate), convert(t.object), graph)
                for t in (ox.parse(data, fmt) if data is not None else ())
            ] or [(*t, graph) for t in triples or ()]
            self.apply_changes(
                added=quads,
                before=[f"DROP SILENT GRAPH {graph_node(graph)}" if graph else "CLEAR SILENT DEFAULT"],
            )
            return
        if data is None:
            quads_ox = [to_ox_quad(triple) for triple in triples or ()]
            data = ox.serialize([q.triple for q in quads_ox], format=ox.RdfFormat.N_TRIPLES)
        self._send(
            "PUT",
            self._graph_store(),
            params=self._graph_params(graph),
            content=data or b"",
            headers={"content-type": fmt.media_type},
            on_error=data_errors(fmt),
        )

    def delete_graph(self, graph: str | None) -> bool:
        """Delete a graph (Graph Store ``DELETE``, or ``DROP``); tell whether it existed."""
        if not self.engine.graph_store_writes:
            existed = self.graph_exists(graph) if graph is not None else True
            drop = f"DROP SILENT GRAPH {graph_node(graph)}" if graph else "CLEAR SILENT DEFAULT"
            self._post_update(drop, 0)
            return existed
        try:
            self._send("DELETE", self._graph_store(), params=self._graph_params(graph))
        except NotFound:
            return False
        return True

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
        """Stream a file to the server with one Graph Store ``POST``, or chunked ``INSERT DATA``.

        ``atomic`` is accepted for symmetry; the server decides (oxigraph: one transaction).
        """
        fmt = load_format(path, format)
        if base_iri is not None:
            raise ValueError("the remote store cannot load with base_iri=; resolve IRIs first")
        if graph is not None and fmt.supports_datasets:
            raise InvalidInput(f"graph= cannot be used with {fmt.name}: its graphs are in the data")
        before = self.quad_count()
        engine = self.engine
        if not engine.graph_store_writes or (fmt.supports_datasets and not engine.graph_store_datasets):
            with load_source(path, data) as source:
                insert_in_chunks(self, source, fmt, graph, progress)
            return self.quad_count() - before
        params = {} if fmt.supports_datasets else self._graph_params(graph)
        with load_source(path, data) as source:
            self._send(
                "POST",
                self._graph_store(),
                params=params,
                content=file_chunks(source, progress),
                headers={"content-type": fmt.media_type},
                on_error=data_errors(fmt),
            )
        return self.quad_count() - before
