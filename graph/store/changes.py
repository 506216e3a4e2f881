"""The net change a write makes to a store: a :class:`Delta`.

``graph.write`` computes it, ``graph.validation`` checks it, ``graph.write`` commits it.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.store.reader import GraphName, Quad4

__all__ = ["Delta"]


@dataclass(frozen=True)
class Delta:
    """The net effect of a write on the store.

    Attributes:
        removed: quads in the store now that will not be after the write.
        added: quads not in the store now that will be after the write.
        reset_graphs: graphs emptied as a whole by the write (``CLEAR``, ``DROP``, ``COPY`` or
            ``MOVE`` target, Graph Store ``PUT``/``DELETE``), maybe refilled after.
        kept: quads of reset graphs that were there before and stay (see ``graph.write.guard.CommitPlan``).
        created_graphs: named graphs that do not exist now and will exist after the write.
        dropped_graphs: named graphs that exist now and will not exist after the write.
    """

    removed: frozenset[Quad4] = frozenset()
    added: frozenset[Quad4] = frozenset()
    reset_graphs: frozenset[GraphName] = frozenset()
    kept: frozenset[Quad4] = frozenset()
    created_graphs: frozenset[GraphName] = frozenset()
    dropped_graphs: frozenset[GraphName] = frozenset()

    @property
    def is_empty(self) -> bool:
        """True when the write changes nothing at all."""
        return not (self.removed or self.added or self.created_graphs or self.dropped_graphs)

    def graphs(self) -> set[GraphName]:
        """Every graph the write touches."""
        touched = {quad[3] for quad in self.removed | self.added}
        return touched | set(self.reset_graphs) | set(self.created_graphs) | set(self.dropped_graphs)
