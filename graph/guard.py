"""Guarded writes: every write is validated against the shapes before it is committed.

A write (a SPARQL Update, or a Graph Store Protocol ``PUT``/``POST``/``DELETE``) goes through
three steps, one writer at a time (readers are not blocked):

1. its :class:`~graph.update_delta.Delta` is computed against the store, which is not changed;
2. the nodes it can make valid or invalid are validated, on the store as it would be after the
   write (:func:`~graph.guard_validate.validate_delta`); if one does not conform,
   :class:`~graph.errors.ValidationFailed` is raised with the report and nothing is written;
3. the delta is committed in one transaction (``Store.apply_changes``, or one update when graphs
   are dropped, cleared or created as a whole: :class:`CommitPlan`).

Limits. Blank nodes already in the store cannot be named by a write (SPARQL cannot address them:
https://www.w3.org/TR/sparql11-update/#deleteData), so a write that deletes some of their
triples while keeping others of the same graph, or adds triples about them, is refused; dropping,
clearing or replacing a whole graph works. The guard assumes it sees every write: other writers
are not serialized with it, and after writes that bypass it call :meth:`WriteGuard.invalidate`.
"""

from __future__ import annotations

import io
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, URIRef

from graph.errors import InvalidInput, ValidationFailed
from graph.guard_validate import ValidationContext, validate_delta
from graph.store import Store, rdf_format
from graph.store_reader import StoreReader, Triple3, graph_arg, norm_graph, sparql_term
from graph.store_terms import ToRdflib, changes_update
from graph.store_text import invalid_input
from graph.update_delta import (
    add_to_graph_delta,
    delete_graph_delta,
    replace_graph_delta,
    replace_graphs_delta,
    update_delta,
)
from graph.update_overlay import Delta, PendingChanges
from graph.validate import ValidationReport

__all__ = [
    "WriteGuard",
    "WriteResult",
    "guard_for",
    "guarded_delete_graph",
    "guarded_post_graph",
    "guarded_put_graph",
    "guarded_update",
    "parse_graph_data",
]

_SHAPES_RULE = "the euus-kg SHACL shapes (shapes/euus-shapes.ttl)"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


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

    Keep one per store (the app keeps it on ``app.state``; :func:`guard_for` keeps one per store
    object for callers that only have the store).
    """

    def __init__(
        self, store: Store, *, context: ValidationContext | None = None, engine: str | None = None
    ) -> None:
        self.store = store
        self.lock = threading.Lock()
        self._context = context
        self._engine = engine
        #: Called after each committed write (the service bumps its data version and drops its caches).
        self.on_commit: list[Callable[[], None]] = []

    @property
    def context(self) -> ValidationContext:
        """The validation caches (shapes, context graph), made when first needed."""
        if self._context is None:
            self._context = ValidationContext(engine=self._engine)
        return self._context

    @property
    def engine(self) -> str:
        """The name of the SHACL engine this guard validates with."""
        return self.context.engine_name

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
        :class:`~graph.errors.ValidationFailed` is raised with the same kind of report. Then each file
        is loaded in one transaction. ``validate=False`` trusts the files (the caller says so).

        Raises:
            ValidationFailed: the store with the files would not conform; nothing was loaded.
            InvalidInput: a file is missing, has an unknown ending, or does not parse.
        """
        from graph.build import rdf_format_of
        from graph.validation.whole import MergedData, validate_merged

        files = list(paths)
        with self.lock:
            report = None
            if validate:
                merged = MergedData()
                stored = io.BufferedReader(_ChunkReader(self.store.dump("nquads")), buffer_size=1 << 20)
                merged.add_quads(ox.parse(stored, ox.RdfFormat.N_QUADS))
                for path in files:
                    merged.add_file(path, graph=None if graph is None else URIRef(graph))
                report = validate_merged(merged.finish(), engine=self.engine)
                if not report.conforms:
                    raise ValidationFailed(_failure_message(report), report)
            added = 0
            for path in files:
                fmt = rdf_format_of(path)
                added += self.store.load(
                    path=str(path), format=fmt.media_type, graph=graph, progress=progress, atomic=True
                )
            self.invalidate()
            self._committed()
        return WriteResult(added=added, removed=0, report=report)

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
        """Run a SPARQL Update if what it leaves conforms (see :func:`guarded_update`)."""
        with self.lock:
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

    def put_graph(
        self, graph: str | None, triples: Iterable[Triple3], *, validate: bool = True
    ) -> WriteResult:
        """Replace a graph's content (Graph Store ``PUT``); ``created`` tells if it is new."""
        with self.lock:
            existed = self.store.graph_exists(graph)
            delta = replace_graph_delta(self.store, graph, triples)
            return self._apply(delta, validate, created=not existed)

    def post_graph(
        self, graph: str | None, triples: Iterable[Triple3], *, validate: bool = True
    ) -> WriteResult:
        """Merge triples into a graph (Graph Store ``POST``); ``created`` tells if it is new."""
        with self.lock:
            existed = self.store.graph_exists(graph)
            delta = add_to_graph_delta(self.store, graph, triples)
            return self._apply(delta, validate, created=not existed)

    def replace_graphs(
        self, graphs: Mapping[str | None, Iterable[Triple3]], *, validate: bool = True
    ) -> WriteResult:
        """Replace several graphs' content in one validated, atomic write (an ingested document)."""
        with self.lock:
            delta = replace_graphs_delta(self.store, graphs)
            return self._apply(delta, validate)

    def delete_graph(self, graph: str | None, *, validate: bool = True) -> WriteResult:
        """Remove a named graph or empty the default graph (Graph Store ``DELETE``).

        Raises:
            NotFound: there is no such named graph.
        """
        with self.lock:
            return self._apply(delete_graph_delta(self.store, graph), validate)

    def _apply(
        self, delta: Delta, validate: bool, store_bnodes: Iterable[BNode] = (), *, created: bool = False
    ) -> WriteResult:
        if delta.is_empty:  # e.g. a PUT of the same content: nothing to check or write
            return WriteResult(added=0, removed=0, report=None, created=False)
        plan = CommitPlan.of(delta, set(store_bnodes))
        report = None
        if validate:
            report = validate_delta(self.store, delta, context=self.context)
            if not report.conforms:
                raise ValidationFailed(_failure_message(report), report)
        plan.commit(self.store)
        if self._context is not None:
            self._context.note_commit(delta)
        self._committed()
        return WriteResult(added=len(delta.added), removed=len(delta.removed), report=report, created=created)

    def _committed(self) -> None:
        for callback in self.on_commit:
            callback()


class _ChunkReader(io.RawIOBase):
    """A readable file over the chunks of a serialized result (for the parsers)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks: Iterator[bytes] = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _failure_message(report: ValidationReport) -> str:
    first = report.violations[0]
    where = f"{first.focus}" + (f" ({first.path})" if first.path else "")
    count = len(report.violations)
    return (
        f"the write was refused: {count} violation{'s' if count != 1 else ''} of {_SHAPES_RULE}; "
        f"first: {where}: {first.message}"
    )


@dataclass(frozen=True)
class CommitPlan:
    """How a delta is written in one transaction.

    Graphs removed whole are dropped, graphs emptied whole are cleared; other changes are written
    quad by quad. A graph whose removed triples hold blank nodes (which no SPARQL update can name)
    is cleared and what stays in it is written again.
    """

    dropped: tuple[Any, ...]
    cleared: tuple[Any, ...]
    removed: tuple[Any, ...]
    inserted: tuple[Any, ...]
    created: tuple[Any, ...]

    @classmethod
    def of(cls, delta: Delta, store_bnodes: set[BNode]) -> CommitPlan:
        """Plan ``delta``; ``store_bnodes`` are blank nodes the write read from the store.

        Raises:
            InvalidInput: the write would have to name blank nodes of the store.
        """
        rule = "https://www.w3.org/TR/sparql11-update/#deleteData"
        kept: dict[Any, list[Any]] = {}
        for quad in delta.kept:
            kept.setdefault(quad[3], []).append(quad)
        with_blank = {q[3] for q in delta.removed if any(isinstance(t, BNode) for t in q[:3])}
        dropped = [g for g in delta.reset_graphs if g in delta.dropped_graphs]
        cleared = [
            g
            for g in delta.reset_graphs
            if g not in delta.dropped_graphs and (not kept.get(g) or g in with_blank)
        ]
        whole = set(dropped) | set(cleared)
        removed = [q for q in delta.removed if q[3] not in whole]
        inserted = list(delta.added) + [q for g in cleared for q in kept.get(g, ())]
        for quad in removed:
            if any(isinstance(t, BNode) for t in quad[:3]):
                raise InvalidInput(
                    f"cannot delete {quad[:3]!r}: blank nodes of the store cannot be named ({rule})"
                )
        for quad in inserted:
            blank = any(isinstance(t, BNode) for t in quad[:3])
            if blank and (quad in delta.kept or any(t in store_bnodes for t in quad[:3])):
                raise InvalidInput(
                    f"cannot write {quad[:3]!r}: blank nodes of the store cannot be named ({rule})"
                )
        filled = {q[3] for q in inserted}
        created = [g for g in delta.created_graphs if g is not None and g not in filled]
        return cls(tuple(dropped), tuple(cleared), tuple(removed), tuple(inserted), tuple(created))

    def commit(self, store: Store) -> None:
        """Apply the plan to ``store`` in one transaction."""
        if not (self.dropped or self.cleared or self.created):
            store.apply_changes(removed=self.removed, added=self.inserted)
            return
        parts = [f"DROP SILENT GRAPH {sparql_term(g)}" for g in self.dropped]
        parts += [
            "CLEAR SILENT DEFAULT" if g is None else f"CLEAR SILENT GRAPH {sparql_term(g)}"
            for g in self.cleared
        ]
        if data := changes_update(self.removed, self.inserted):
            parts.append(data)
        parts += [f"CREATE SILENT GRAPH {sparql_term(g)}" for g in self.created]
        store.update(" ;\n".join(parts))


def commit(store: Store, delta: Delta) -> None:
    """Apply ``delta`` to ``store`` in one transaction (no validation)."""
    if not delta.is_empty:
        CommitPlan.of(delta, set()).commit(store)


def parse_graph_data(data: bytes, format: str, *, base_iri: str | None = None) -> list[Triple3]:
    """Parse the body of a Graph Store write into rdflib triples, with pyoxigraph.

    pyoxigraph fetches no JSON-LD remote context and expands no XML entity; an RDF/XML document
    with a ``DOCTYPE`` is refused anyway (reliability guide §2.3, entity expansion).

    Raises:
        InvalidInput: unknown format, a syntax error (line, column), named graphs, or a DOCTYPE.
    """
    fmt = rdf_format(format)
    if fmt == ox.RdfFormat.RDF_XML and _DOCTYPE.search(data):
        raise InvalidInput(
            "RDF/XML with a DOCTYPE is refused: XML entities are not expanded (reliability guide §2.3)",
            format=fmt.name,
        )
    try:
        parsed = list(ox.parse(data, fmt, base_iri=base_iri, without_named_graphs=True))
    except SyntaxError as error:
        raise invalid_input(error, fmt) from None
    convert = ToRdflib()
    return [(convert(q.subject), convert(q.predicate), convert(q.object)) for q in parsed]


# ------------------------------------------------------------------------------- module API

_GUARDS: weakref.WeakKeyDictionary[Any, WriteGuard] = weakref.WeakKeyDictionary()
_GUARDS_LOCK = threading.Lock()


def guard_for(store: Store, *, engine: str | None = None) -> WriteGuard:
    """The :class:`WriteGuard` of ``store`` (one per store object, held as long as the store).

    ``engine`` chooses the SHACL engine of a guard made now; a guard that exists keeps its own.
    """
    with _GUARDS_LOCK:
        guard = _GUARDS.get(store)
        if guard is None:
            guard = _GUARDS[store] = WriteGuard(store, engine=engine)
        return guard


def guarded_update(
    store: Store,
    text: str,
    *,
    using_graphs: list[str] | None = None,
    using_named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    prefixes: Mapping[str, str] | None = None,
    validate: bool = True,
) -> WriteResult:
    """Run the SPARQL Update ``text`` on ``store`` if what it leaves conforms to the shapes.

    Args:
        store: the store.
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
    return guard_for(store).update(
        text,
        using_graphs=using_graphs,
        using_named_graphs=using_named_graphs,
        base_iri=base_iri,
        prefixes=prefixes,
        validate=validate,
    )


def _triples(
    triples: Iterable[Triple3] | None, data: bytes | None, format: str | None, base_iri: str | None
) -> list[Triple3]:
    if (triples is None) == (data is None):
        raise ValueError("give triples= or data= (with format=), not both")
    if data is not None:
        return parse_graph_data(data, format or "turtle", base_iri=base_iri)
    return list(triples or ())


def guarded_put_graph(
    store: Store,
    graph: str | None,
    *,
    triples: Iterable[Triple3] | None = None,
    data: bytes | None = None,
    format: str | None = None,
    base_iri: str | None = None,
    validate: bool = True,
) -> WriteResult:
    """Graph Store ``PUT``: replace ``graph`` (``None``: default graph) if the result conforms."""
    parsed = _triples(triples, data, format, base_iri)
    return guard_for(store).put_graph(graph_arg(norm_graph(graph)), parsed, validate=validate)


def guarded_post_graph(
    store: Store,
    graph: str | None,
    *,
    triples: Iterable[Triple3] | None = None,
    data: bytes | None = None,
    format: str | None = None,
    base_iri: str | None = None,
    validate: bool = True,
) -> WriteResult:
    """Graph Store ``POST``: merge into ``graph`` (``None``: default graph) if the result conforms."""
    parsed = _triples(triples, data, format, base_iri)
    return guard_for(store).post_graph(graph_arg(norm_graph(graph)), parsed, validate=validate)


def guarded_delete_graph(store: Store, graph: str | None, *, validate: bool = True) -> WriteResult:
    """Graph Store ``DELETE``: remove ``graph`` (empty the default graph) if what remains conforms."""
    return guard_for(store).delete_graph(graph, validate=validate)
