"""What a store answers: rows, a boolean, triples, or bytes already serialized; in rdflib terms."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

from rdflib import BNode, Graph, Literal, URIRef

__all__ = [
    "AskResult",
    "GraphResult",
    "Progress",
    "Quad",
    "QueryResult",
    "Row",
    "SelectResult",
    "SerializedResult",
    "Term",
    "Triple",
]

Term: TypeAlias = URIRef | BNode | Literal
Triple: TypeAlias = tuple[Term, Term, Term]
#: ``(subject, predicate, object, graph)``; graph is an IRI (``str``/``URIRef``), a ``BNode`` or
#: ``None`` for the default graph (rdflib's ``urn:x-rdflib:default`` also means the default graph).
Quad: TypeAlias = tuple[Term, Term, Term, "str | BNode | None"]
Row: TypeAlias = dict[str, Term | None]
Progress: TypeAlias = Callable[[int], None]


@dataclass(frozen=True)
class SelectResult:
    """Rows of a ``SELECT`` query: each maps every variable to a term, or ``None`` when unbound."""

    variables: list[str]
    rows: Iterator[Row]
    kind: ClassVar[str] = "select"

    def __iter__(self) -> Iterator[Row]:
        return self.rows

    def close(self) -> None:
        """Stop producing rows (needed only when the rows are not read to the end)."""
        _close(self.rows)


@dataclass(frozen=True)
class AskResult:
    """Answer of an ``ASK`` query."""

    boolean: bool
    kind: ClassVar[str] = "ask"

    def close(self) -> None:
        """Do nothing; here so that every result can be closed the same way."""


@dataclass(frozen=True)
class GraphResult:
    """Triples of a ``CONSTRUCT`` or ``DESCRIBE`` query."""

    triples: Iterator[Triple]
    kind: ClassVar[str] = "graph"

    def __iter__(self) -> Iterator[Triple]:
        return self.triples

    def graph(self) -> Graph:
        """Read the remaining triples into a new rdflib ``Graph``."""
        result = Graph()
        for triple in self.triples:
            result.add(triple)
        return result

    def close(self) -> None:
        """Stop producing triples (needed only when they are not read to the end)."""
        _close(self.triples)


QueryResult: TypeAlias = SelectResult | AskResult | GraphResult


@dataclass(frozen=True)
class SerializedResult:
    """A result already serialized by the store: iterate it for the bytes.

    Attributes:
        media_type: the ``Content-Type`` of the bytes.
        kind: ``"select"``, ``"ask"``, ``"graph"`` or ``"dataset"`` (dumps).
        chunks: the bytes, in pieces of up to about 64 KiB.
        row_cap: set when a remote engine said it cut the answer at this many rows.
    """

    media_type: str
    kind: str
    chunks: Iterator[bytes]
    #: The engine says it cut the answer at this many rows (Virtuoso's ``ResultSetMaxRows``).
    row_cap: int | None = None

    def __iter__(self) -> Iterator[bytes]:
        return self.chunks

    def read(self) -> bytes:
        """Join all the remaining chunks (for small results and tests)."""
        return b"".join(self.chunks)

    def close(self) -> None:
        """Stop producing bytes (needed only when they are not read to the end)."""
        _close(self.chunks)


def _close(iterator: Iterator[Any]) -> None:
    close = getattr(iterator, "close", None)
    if close is not None:
        close()
