"""Fill a store: the shipped graphs, kept current in every store; a user's files in bulk (``euus load``).

Every store a command opens (``serve``, ``ingest``, ``load``) first gets the shipped ontology,
vocabularies, reference data and curated sources: :func:`ensure_shipped` adds each shipped graph the
store lacks and replaces each whose version (``owl:versionInfo`` on the graph, the digest of its
files: :func:`graph.resources.shipped_versions`) differs from this package's. The shipped graphs are
ours to replace; every other graph is kept as it is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from rdflib import OWL, URIRef

from graph.dataset.build import build_dataset
from graph.resources import shipped_version, shipped_versions
from graph.store import Store
from graph.store.reader import select, sparql_term
from graph.write.guard import WriteGuard

__all__ = ["ShippedStatus", "ensure_shipped", "load_shipped_data", "stored_versions"]

log = logging.getLogger("euus.store")


@dataclass
class ShippedStatus:
    """What :func:`ensure_shipped` found and did.

    Attributes:
        version: the digest of the shipped data of this package (:func:`graph.resources.shipped_version`).
        added: shipped graphs the store did not have.
        updated: shipped graphs the store had in another version, replaced.
        current: shipped graphs already at this version.
        quads: quads written.
    """

    version: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    current: int = 0
    quads: int = 0

    def describe(self) -> str:
        """One line for the log."""
        if not (self.added or self.updated):
            return f"the store holds shipped data version {self.version} ({self.current} graphs current)"
        return (
            f"shipped data version {self.version}: {len(self.added)} graph(s) added, "
            f"{len(self.updated)} updated, {self.current} already current ({self.quads} quads written)"
        )


def stored_versions(store: Store) -> dict[URIRef, str]:
    """The version of each shipped graph the store holds (graphs it lacks are absent)."""
    values = " ".join(sparql_term(g) for g in sorted(shipped_versions()))
    text = (
        f"SELECT ?g ?v WHERE {{ VALUES ?g {{ {values} }} "
        f"GRAPH ?g {{ ?g {sparql_term(OWL.versionInfo)} ?v }} }}"
    )
    return {row["g"]: str(row["v"]) for row in select(store, text)}


def ensure_shipped(store: Store, guard: WriteGuard, *, attempts: int = 5) -> ShippedStatus:
    """Give ``store`` every shipped graph at this package's version, through the write guard.

    Into a store that holds nothing else the shipped data goes unvalidated (the build checks that it
    conforms: ``tests/test_shapes.py``); into a store with other graphs the replacement is validated
    with them, and a refusal keeps the old shipped graphs (logged, with the report's first finding).
    Processes starting together on one remote store race to fill it: a write refused because another
    one committed first (``WriteConflict``) makes this look again at what the store now holds.
    """
    wanted = shipped_versions()
    status = ShippedStatus(version=shipped_version())
    have = stored_versions(store)
    outdated = [g for g in sorted(wanted) if have.get(g) != wanted[g]]
    status.current = len(wanted) - len(outdated)
    if not outdated:
        return status
    dataset = build_dataset()
    graphs = {str(g): list(dataset.graph(g)) for g in outdated}
    others = set(store.named_graphs()) - {str(g) for g in wanted}
    from graph.errors import ValidationFailed, WriteConflict

    try:
        written = guard.replace_graphs(graphs, validate=bool(others))  # type: ignore[arg-type]
    except ValidationFailed as error:
        log.error("kept the stored shipped graphs: the new version conflicts with other data: %s", error)
        return status
    except WriteConflict:  # another process sharing the store wrote first (it may be filling them too)
        if attempts <= 1:
            raise
        return ensure_shipped(store, guard, attempts=attempts - 1)
    status.added = [str(g) for g in outdated if g not in have]
    status.updated = [str(g) for g in outdated if g in have]
    status.quads = written.added
    return status


def load_shipped_data(store: Store, guard: WriteGuard | None = None) -> int:
    """Give ``store`` the shipped graphs (:func:`ensure_shipped`); return the number of quads written.

    They go through ``guard``, or a new guard of ``store`` when none is given.
    """
    return ensure_shipped(store, guard or WriteGuard(store)).quads
