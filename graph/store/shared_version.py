"""The data version of a remote store, kept in the store so that every API process on it sees one.

The version is the name of one small graph, ``urn:x-euus-kg:data-version:<counter>:<random>``,
holding one triple. A guarded write reads it when it starts and commits with an update that begins
by dropping exactly that graph and creating the next one: if another process committed in between,
the graph is gone, ``DROP GRAPH`` (not ``SILENT``) fails, and the engine runs nothing of the update
(oxigraph runs an update in one transaction; Virtuoso checks graph existence when it compiles the
update, before running any of it). The loser gets :class:`~graph.errors.WriteConflict` (409): no
update is lost, and the client may retry on the new data.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from rdflib.namespace import OWL

from graph.errors import EuusError, WriteConflict

__all__ = [
    "VERSION_PREFIX",
    "VERSION_SUBJECT",
    "StoreVersion",
    "commit_versioned",
    "read_version_query",
    "swap_operations",
]

#: The subject of the version triple and the prefix of the version graph's name.
VERSION_SUBJECT = "urn:x-euus-kg:data-version"
VERSION_PREFIX = VERSION_SUBJECT + ":"


@dataclass(frozen=True, order=True)
class StoreVersion:
    """One data version: a counter (for ETags and caches) and the version graph's name."""

    counter: int
    graph: str

    @classmethod
    def parse(cls, graph: str) -> StoreVersion | None:
        """The version a graph name stands for, or ``None`` if it is not a version graph."""
        if not graph.startswith(VERSION_PREFIX):
            return None
        counter, _, _ = graph.removeprefix(VERSION_PREFIX).partition(":")
        return cls(int(counter), graph) if counter.isdigit() else None

    def next(self) -> StoreVersion:
        """The version a write after this one commits (a random part: two writers never pick the same)."""
        return StoreVersion(self.counter + 1, f"{VERSION_PREFIX}{self.counter + 1}:{secrets.token_hex(6)}")


INITIAL = StoreVersion(0, f"{VERSION_PREFIX}0:initial")


def read_version_query() -> str:
    """A query for the version graph(s): an index lookup on the version triple's subject."""
    return f"SELECT ?g WHERE {{ GRAPH ?g {{ <{VERSION_SUBJECT}> <{OWL.versionInfo}> ?v }} }}"


def create_operations(version: StoreVersion) -> list[str]:
    """Update operations that create the graph of ``version`` with its one triple."""
    triple = f'<{VERSION_SUBJECT}> <{OWL.versionInfo}> "{version.counter}"'
    graph = f"<{version.graph}>"
    return [f"CREATE SILENT GRAPH {graph}", f"INSERT DATA {{ GRAPH {graph} {{ {triple} }} }}"]


def swap_operations(expected: StoreVersion) -> tuple[list[str], StoreVersion]:
    """The operations that open a versioned write, and the version it commits."""
    new = expected.next()
    return [f"DROP GRAPH <{expected.graph}>", *create_operations(new)], new


def commit_versioned(
    parts: list[str], expected_version: str, post: Callable[[str], None], current: Callable[[], str]
) -> str:
    """Send ``parts`` as one update opened by the swap of ``expected_version`` for the next; return the next.

    Raises:
        WriteConflict: another process committed since ``expected_version`` was read; nothing was written.
    """
    expected = StoreVersion.parse(expected_version) or INITIAL
    swap, new = swap_operations(expected)
    try:
        post(" ;\n".join([*swap, *parts]))
    except EuusError:
        if current() != expected.graph:
            raise WriteConflict(
                "another process wrote to the store while this write was checked; nothing was written: "
                "send it again"
            ) from None
        raise
    return new.graph
