"""Guarded writes: every write is validated against the shapes before it is committed.

A write (a SPARQL Update, or a Graph Store Protocol ``PUT``/``POST``/``DELETE``) goes through
three steps, one writer at a time (readers are not blocked):

1. its :class:`~graph.write.delta.Delta` is computed against the store, which is not changed;
2. the nodes it can make valid or invalid are validated, on the store as it would be after the
   write (:func:`~graph.validation.incremental.validate_delta`); if one does not conform,
   :class:`~graph.errors.ValidationFailed` is raised with the report and nothing is written;
3. the delta is committed in one transaction (``Store.apply_changes``, or one update when graphs
   are dropped, cleared or created as a whole: :class:`CommitPlan`).

Limits. Blank nodes already in the store cannot be named by a write (SPARQL cannot address them:
https://www.w3.org/TR/sparql11-update/#deleteData), so a write that deletes some of their
triples while keeping others of the same graph, or adds triples about them, is refused; dropping,
clearing or replacing a whole graph works. The guard assumes it sees every write: other writers
are not serialized with it, and after writes that bypass it call :meth:`WriteGuard.invalidate`.

Several processes on one remote store each have a guard; the store keeps the data version
(:meth:`Store.data_version`). A write reads it when it starts and commits only if it is unchanged,
else :class:`~graph.errors.WriteConflict` (409) and nothing is written: no update is lost.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, URIRef

from graph.errors import ValidationFailed, WriteConflict
from graph.store import Store
from graph.store.changes import Delta
from graph.store.reader import StoreReader, Triple3, graph_arg, norm_graph
from graph.store.streams import ChunkReader
from graph.write.bulk import load_all_or_nothing
from graph.write.commit import CommitPlan
from graph.write.overlay import PendingChanges

if TYPE_CHECKING:
    from graph.validation.full import ValidationReport
    from graph.validation.incremental import ValidationContext

# The validation, the update evaluation and the parsers (rdflib's SPARQL grammar, the SHACL engine) are
# imported by the first write that needs them, not with this module: a service that starts answers its
# first query without them (issue 10), and its warmer imports them right after start.

__all__ = ["WriteGuard", "WriteResult"]

_SHAPES_RULE = "the euus-kg SHACL shapes (shapes/euus-shapes.ttl)"


@dataclass(frozen=True)
class WriteResult:
    """What a guarded write did.

    Attributes:
        added: quads added.
        removed: quads removed.
        report: the validation report (``None`` when validation was skipped); it may hold warnings.
        created: the target graph of a Graph Store write did not exist before (HTTP 201).
    """

    added: int
    removed: int
    report: ValidationReport | None
    created: bool = False


class WriteGuard:
    """Validates and commits the writes to one store, one writer at a time.

    Keep one per store: the service makes it in its lifespan and keeps it on ``app.state.guard``;
    a command makes its own.
    """

    def __init__(
        self, store: Store, *, context: ValidationContext | None = None, engine: str | None = None
    ) -> None:
        self.store = store
        self.lock = threading.Lock()
        #: The store's data version when the write under way started (remote stores only).
        self._expected: str | None = None
        self._context = context
        self._engine = engine
        #: Called after each committed write (the service bumps its data version and drops its caches).
        self.on_commit: list[Callable[[], None]] = []

    @property
    def context(self) -> ValidationContext:
        """The validation caches (shapes, context graph), made when first needed."""
        if self._context is None:
            from graph.validation.incremental import ValidationContext

            self._context = ValidationContext(engine=self._engine)
        return self._context

    @property
    def engine(self) -> str:
        """The name of the SHACL engine this guard validates with (without building the caches)."""
        from graph.validation.engine import resolve as resolve_engine

        return self._context.engine_name if self._context is not None else resolve_engine(self._engine)

    def load_files(
        self,
        paths: Iterable[Path],
        *,
        graph: str | None = None,
        validate: bool = True,
        progress: Callable[[int], None] | None = None,
    ) -> WriteResult:
        """Bulk-load RDF files if the store with them added conforms (``euus load``).

        A bulk load is too big for the incremental check: the whole dataset after the load (the
        store's quads and the files', merged) is validated at once, and the same
        :class:`~graph.errors.ValidationFailed` is raised with the same kind of report. Then the files
        are loaded in one transaction, all of them or none (:mod:`graph.write.bulk`), so that a crash or
        ``kill -9`` leaves the store as it was or with the whole load. ``validate=False`` trusts the files.

        Raises:
            ValidationFailed: the store with the files would not conform; nothing was loaded.
            InvalidInput: a file is missing, has an unknown ending, or does not parse.
        """
        from graph.validation.whole import MergedData, validate_merged

        files = list(paths)
        with self._writing():
            report = None
            if validate:
                merged = MergedData()
                stored = io.BufferedReader(ChunkReader(self.store.dump("nquads")), buffer_size=1 << 20)
                merged.add_quads(ox.parse(stored, ox.RdfFormat.N_QUADS))
                for path in files:
                    merged.add_file(path, graph=None if graph is None else URIRef(graph))
                report = validate_merged(merged.finish(), engine=self.engine)
                if not report.conforms:
                    raise ValidationFailed(_failure_message(report), report)
            added = load_all_or_nothing(self.store, files, graph=graph, progress=progress)
            if self._expected is not None:  # tell the other processes that the data changed
                self.store.apply_changes(expected_version=self.store.data_version())
            self.invalidate()
            self._committed()
        return WriteResult(added=added, removed=0, report=report)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time in this process; note the store's version for the commit's check."""
        with self.lock:
            self._expected = self.store.data_version()
            try:
                yield
            finally:
                self._expected = None

    def _guarded(self, write: Callable[[], WriteResult]) -> WriteResult:
        """Run ``write`` as :meth:`_writing` does, trying first the version this process knows.

        On a remote store that saves a round trip a write: the version this process last read or
        committed is usually still the store's. If another process wrote since, the commit is refused
        whole (``WriteConflict``, nothing written) and the write is done again from a version read
        now, on what that process left; only a conflict then reaches the client (409).
        """
        with self.lock:
            guess = getattr(self.store, "known_version", None)
            try:
                if guess is not None:
                    self._expected = guess
                    try:
                        return write()
                    except WriteConflict:
                        pass  # another process wrote since this one last looked: again, on its data
                self._expected = self.store.data_version()
                return write()
            finally:
                self._expected = None

    def invalidate(self) -> None:
        """Forget cached store content (after writes that bypassed the guard)."""
        if self._context is not None:
            self._context.invalidate()

    def update(
        self,
        text: str,
        *,
        using_graphs: list[str] | None = None,
        using_named_graphs: list[str] | None = None,
        base_iri: str | None = None,
        prefixes: Mapping[str, str] | None = None,
        validate: bool = True,
    ) -> WriteResult:
        """Run the SPARQL Update ``text`` if what it leaves conforms to the shapes.

        Args:
        text: the update request.
        using_graphs: the protocol's ``using-graph-uri`` values.
        using_named_graphs: the protocol's ``using-named-graph-uri`` values.
        base_iri: base for relative IRIs.
        prefixes: prefixes the text may use undeclared (pass the store's, as the HTTP layer knows).
        validate: ``False`` commits without validating (administration, tests).

        Raises:
        ValidationFailed: the result would not conform; ``report`` says why; nothing was written.
        InvalidQuery: syntax error, failed operation, or dataset given twice.
        Forbidden: ``LOAD`` or ``SERVICE``.
        InvalidInput: the update would have to name blank nodes of the store.
        """
        from graph.write.delta import update_delta

        def write() -> WriteResult:
            pending = PendingChanges(StoreReader(self.store))
            delta = update_delta(
                self.store,
                text,
                using_graphs=using_graphs,
                using_named_graphs=using_named_graphs,
                base_iri=base_iri,
                prefixes=prefixes,
                changes=pending,
            )
            return self._apply(delta, validate, pending.store_bnodes)

        return self._guarded(write)

    def put_graph(
        self,
        graph: str | None,
        triples: Iterable[Triple3] | None = None,
        *,
        data: bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
        validate: bool = True,
    ) -> WriteResult:
        """Replace a graph's content (Graph Store ``PUT``); ``created`` tells if it is new.

        The content is ``triples``, or ``data`` in ``format`` (parsed by :func:`parse_graph_data`).
        ``graph`` ``None`` is the default graph.
        """
        from graph.write.delta import replace_graph_delta

        return self._write_graph(
            replace_graph_delta, graph, _triples(triples, data, format, base_iri), validate
        )

    def post_graph(
        self,
        graph: str | None,
        triples: Iterable[Triple3] | None = None,
        *,
        data: bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
        validate: bool = True,
    ) -> WriteResult:
        """Merge triples into a graph (Graph Store ``POST``); ``created`` tells if it is new.

        The content is ``triples``, or ``data`` in ``format`` (parsed by :func:`parse_graph_data`).
        """
        from graph.write.delta import add_to_graph_delta

        return self._write_graph(
            add_to_graph_delta, graph, _triples(triples, data, format, base_iri), validate
        )

    def _write_graph(
        self,
        evaluate: Callable[[Store, str | None, list[Triple3]], Delta],
        graph: str | None,
        triples: list[Triple3],
        validate: bool,
    ) -> WriteResult:
        graph = graph_arg(norm_graph(graph))

        def write() -> WriteResult:
            existed = self.store.graph_exists(graph)
            return self._apply(evaluate(self.store, graph, triples), validate, created=not existed)

        return self._guarded(write)

    def replace_graphs(
        self, graphs: Mapping[str | None, Iterable[Triple3]], *, validate: bool = True
    ) -> WriteResult:
        """Replace several graphs' content in one validated, atomic write (an ingested document)."""
        from graph.write.delta import replace_graphs_delta

        graphs = {graph: list(triples) for graph, triples in graphs.items()}  # read again if done again
        return self._guarded(lambda: self._apply(replace_graphs_delta(self.store, graphs), validate))

    def delete_graphs(self, graphs: Iterable[str], *, validate: bool = True) -> WriteResult:
        """Remove several named graphs in one validated, atomic write (a document and what only it needed)."""
        from graph.write.delta import delete_graphs_delta

        graphs = list(graphs)  # read again if the write is done again
        return self._guarded(lambda: self._apply(delete_graphs_delta(self.store, graphs), validate))

    def delete_graph(self, graph: str | None, *, validate: bool = True) -> WriteResult:
        """Remove a named graph or empty the default graph (Graph Store ``DELETE``).

        Raises:
            NotFound: there is no such named graph.
        """
        from graph.write.delta import delete_graph_delta

        return self._guarded(lambda: self._apply(delete_graph_delta(self.store, graph), validate))

    def _apply(
        self, delta: Delta, validate: bool, store_bnodes: Iterable[BNode] = (), *, created: bool = False
    ) -> WriteResult:
        if delta.is_empty:  # e.g. a PUT of the same content: nothing to check or write
            return WriteResult(added=0, removed=0, report=None, created=False)
        plan = CommitPlan.of(delta, set(store_bnodes))
        report = None
        if validate:
            from graph.validation.incremental import validate_delta

            report = validate_delta(self.store, delta, context=self.context)
            if not report.conforms:
                raise ValidationFailed(_failure_message(report), report)
        plan.commit(self.store, expected_version=self._expected)
        if self._context is not None:
            self._context.note_commit(delta)
        self._committed()
        return WriteResult(added=len(delta.added), removed=len(delta.removed), report=report, created=created)

    def _committed(self) -> None:
        for callback in self.on_commit:
            callback()


def _failure_message(report: ValidationReport) -> str:
    first = report.violations[0]
    where = f"{first.focus}" + (f" ({first.path})" if first.path else "")
    count = len(report.violations)
    return (
        f"the write was refused: {count} violation{'s' if count != 1 else ''} of {_SHAPES_RULE}; "
        f"first: {where}: {first.message}"
    )


def _triples(
    triples: Iterable[Triple3] | None, data: bytes | None, format: str | None, base_iri: str | None
) -> list[Triple3]:
    if (triples is None) == (data is None):
        raise ValueError("give triples= or data= (with format=), not both")
    if data is not None:
        from graph.write.parse import parse_graph_data

        return parse_graph_data(data, format or "turtle", base_iri=base_iri)
    return list(triples or ())
