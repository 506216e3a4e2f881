"""Writes: every change to the store goes through the guard, which validates it before committing.

A write goes down, never back up: :mod:`graph.write.guard` turns the request into a
:class:`~graph.store.changes.Delta` (:mod:`graph.write.parse` reads the update, :mod:`graph.write.delta`
evaluates it over :mod:`graph.write.overlay`, the store as the write would leave it), hands the delta
to :mod:`graph.validation` and commits it to :mod:`graph.store` (:mod:`graph.write.commit`).
:mod:`graph.write.graph_store` decides what a Graph Store ``PUT``, ``POST`` or ``DELETE`` writes.
:mod:`graph.write.loading` fills a store with the shipped data and bulk files through the same guard.
"""

from graph.write.commit import CommitPlan, commit
from graph.write.graph_store import GraphStoreWrite, graph_store_write
from graph.write.guard import WriteGuard, WriteResult
from graph.write.loading import ensure_shipped, load_shipped_data

__all__ = [
    "CommitPlan",
    "GraphStoreWrite",
    "WriteGuard",
    "WriteResult",
    "commit",
    "ensure_shipped",
    "graph_store_write",
    "load_shipped_data",
]
