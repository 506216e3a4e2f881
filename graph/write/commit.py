"""Commit a :class:`~graph.store.changes.Delta` to the store in one transaction: the last step of a write.

Graphs removed whole are dropped, graphs emptied whole are cleared, other changes are written quad by
quad (``Store.apply_changes``), all in one transaction. Blank nodes already in the store cannot be
named by a write (https://www.w3.org/TR/sparql11-update/#deleteData).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import BNode

from graph.errors import InvalidInput
from graph.store.changes import Delta
from graph.store.protocol import Store
from graph.store.reader import sparql_term

__all__ = ["CommitPlan", "commit"]


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

    def commit(self, store: Store, *, expected_version: str | None = None) -> None:
        """Apply the plan to ``store`` in one transaction (only if still at ``expected_version``)."""
        before = [f"DROP SILENT GRAPH {sparql_term(g)}" for g in self.dropped]
        before += [
            "CLEAR SILENT DEFAULT" if g is None else f"CLEAR SILENT GRAPH {sparql_term(g)}"
            for g in self.cleared
        ]
        after = [f"CREATE SILENT GRAPH {sparql_term(g)}" for g in self.created]
        store.apply_changes(
            removed=self.removed,
            added=self.inserted,
            before=before,
            after=after,
            expected_version=expected_version,
        )


def commit(store: Store, delta: Delta) -> None:
    """Apply ``delta`` to ``store`` in one transaction (no validation)."""
    if not delta.is_empty:
        CommitPlan.of(delta, set()).commit(store)
