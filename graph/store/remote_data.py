"""Bulk data to and from a remote store where one Graph Store request cannot carry it.

``insert_in_chunks`` sends a file as ``INSERT DATA`` updates of a few thousand quads each (Virtuoso's
compiler takes no more in one operation, and it has no Graph Store for datasets). ``INSERT DATA`` of
quads already stored changes nothing, so a load cut short is resumed by running it again (blank
nodes excepted: each run mints new ones). ``without_hidden`` drops the engine's system graphs and
our version graph from an N-Quads stream, line by line.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import IO, Any, Protocol

import pyoxigraph as ox

from graph.sparql.scan import invalid_input
from graph.store.results import Progress
from graph.store.terms import ToRdflib

__all__ = ["insert_in_chunks", "without_hidden"]

#: Quads per update when the engine sets no smaller chunk.
CHUNK = 10_000


class _Target(Protocol):
    engine: Any

    def apply_changes(self, *, added: Any = ...) -> None: ...


class _Counting(io.RawIOBase):
    """A binary file that tells ``progress`` how many bytes were read from it."""

    def __init__(self, source: IO[bytes], progress: Progress | None) -> None:
        self._source, self._progress, self.read_bytes = source, progress, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        if self._progress is not None and data:
            self._progress(self.read_bytes)
        return len(data)


def insert_in_chunks(
    store: _Target, source: IO[bytes], fmt: ox.RdfFormat, graph: str | None, progress: Progress | None
) -> None:
    """Parse ``source`` as it is read and insert its quads in updates of ``engine.insert_chunk`` quads."""
    convert = ToRdflib()
    size = store.engine.insert_chunk or CHUNK
    reader = io.BufferedReader(_Counting(source, progress), buffer_size=1 << 20)
    batch: list[tuple[Any, Any, Any, Any]] = []
    try:
        for quad in ox.parse(reader, fmt):
            name = graph if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name.value)
            batch.append((convert(quad.subject), convert(quad.predicate), convert(quad.object), name))
            if len(batch) >= size:
                store.apply_changes(added=batch)
                batch = []
    except SyntaxError as error:
        raise invalid_input(error, fmt) from None
    if batch:
        store.apply_changes(added=batch)


def without_hidden(chunks: Iterator[bytes], hidden: Callable[[str], bool]) -> Iterator[bytes]:
    """The N-Quads of ``chunks`` without the quads of hidden graphs (the graph is a line's last term)."""
    rest = b""
    for chunk in chunks:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        kept = [line for line in lines if not _hidden(line, hidden)]
        if kept:
            yield b"\n".join(kept) + b"\n"
    if rest and not _hidden(rest, hidden):
        yield rest


def _hidden(line: bytes, hidden: Callable[[str], bool]) -> bool:
    text = line.rstrip()
    if not text.endswith(b"> ."):
        return False
    start = text.rfind(b"<", 0, len(text) - 2)
    return start > 0 and hidden(text[start + 1 : len(text) - 3].decode("utf-8", "replace"))
