"""Streaming results out of pyoxigraph safely, from any thread.

pyoxigraph result iterators (``QuerySolutions``, ``QueryTriples``, parsers) are bound to the thread
that created them: touching one from another thread aborts the whole process. Web servers read
streamed responses from whatever worker thread is free, so each result is produced on a worker
thread of its own (run query, convert or serialize, put batches in a bounded queue) and consumed
through a plain iterator that any thread may read. Worker threads are reused: starting a thread
costs about as much as a small query.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

import pyoxigraph as ox

from graph.errors import StoreUnavailable
from graph.store.results import (
    AskResult,
    GraphResult,
    Progress,
    QueryResult,
    SelectResult,
    SerializedResult,
)
from graph.store.terms import ToRdflib

_BATCH = 256
_CHUNK = 64 * 1024
_QUEUE_SLOTS = 16
_MAX_IDLE = 8


class Workers:
    """Daemon threads that run producers, reusing idle ones; there is no cap on busy threads.

    No cap, because a producer holds its thread until its consumer has read everything: a cap
    would let a few slow readers block every new query.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._tasks: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self._closed = False

    def submit(self, task: Callable[[], None]) -> None:
        """Run ``task`` on an idle worker, or on a new one."""
        with self._lock:
            if self._closed:
                raise StoreUnavailable("the store is closed")
            if self._idle:
                self._idle -= 1
            else:
                threading.Thread(target=self._work, name=self._name, daemon=True).start()
        self._tasks.put(task)

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            task()
            with self._lock:
                if self._closed or self._idle >= _MAX_IDLE:
                    return
                self._idle += 1

    def close(self) -> None:
        """Stop idle workers; busy ones stop when their task ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, 0
        for _ in range(idle):
            self._tasks.put(None)


class _Cancelled(Exception):
    """The consumer went away; the producer stops."""


@dataclass(frozen=True)
class _Head:
    value: Any
    items: list[Any]


_END = object()


class Channel:
    """A bounded queue between one producer (on a worker) and one consuming iterator."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(_QUEUE_SLOTS)
        self.cancelled = threading.Event()
        self.error: BaseException | None = None

    def put(self, batch: Any) -> None:
        """Hand one batch (a list) over, waiting while the queue is full; stop if cancelled."""
        while True:
            if self.cancelled.is_set():
                raise _Cancelled
            try:
                self._queue.put(batch, timeout=0.1)
                return
            except queue.Full:
                continue

    def head(self, value: Any, items: list[Any]) -> None:
        """Announce the result's shape, with its first items.

        :func:`stream_in_thread` returns when this arrives. Sending the first items along saves
        a thread switch (about 0.1 ms) for the many results that fit in one batch.
        """
        self.put(_Head(value, items))

    def get(self) -> Any:
        """Wait for the next batch (or the end marker)."""
        return self._queue.get()

    def run(self, produce: Callable[[Channel], None]) -> None:
        """Run ``produce`` (on the worker), keep its error for the consumer, mark the end."""
        try:
            produce(self)
        except BaseException as error:  # handed to the consuming thread, which re-raises it
            if not self.cancelled.is_set():
                self.error = _without_locals(error)
        finally:
            with contextlib.suppress(_Cancelled):
                self.put(_END)


def _without_locals(error: BaseException) -> BaseException:
    """Clear the local variables kept by ``error``'s tracebacks, keeping the line numbers.

    The frames of the producer hold pyoxigraph iterators; freeing those on the consuming thread
    is refused by pyoxigraph (and leaks them).
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__
    return error


class Stream(Iterator[Any]):
    """The items of a :class:`Channel`, as an iterator that any thread may read."""

    def __init__(self, channel: Channel, items: list[Any]) -> None:
        self._channel = channel
        self._batch: Iterator[Any] = iter(items)
        self._done = False

    def __next__(self) -> Any:
        while True:
            for item in self._batch:
                return item
            if self._done:
                raise StopIteration
            batch = self._channel.get()
            if batch is _END:
                self._done = True
                if self._channel.error is not None:
                    raise self._channel.error
                raise StopIteration
            self._batch = iter(batch)

    def close(self) -> None:
        """Stop the producer and drop what it made."""
        self._done = True
        self._channel.cancelled.set()

    def __del__(self) -> None:
        self._channel.cancelled.set()


def stream_in_thread(workers: Workers, produce: Callable[[Channel], None]) -> tuple[Any, Stream]:
    """Run ``produce`` on a worker; return the value it announces and the stream of its items.

    ``produce`` calls ``channel.head(value, first_items)`` once, then ``channel.put(batch)`` per
    list of items. An error raised before the head is raised here, later ones by the stream.
    """
    channel = Channel()
    workers.submit(lambda: channel.run(produce))
    first = channel.get()
    if first is _END:
        raise channel.error or RuntimeError("the store's producer ended without a result")
    return first.value, Stream(channel, first.items)


class ChunkWriter(io.RawIOBase):
    """A binary file that passes what is written to a channel, in chunks of about 64 KiB.

    The first chunk goes with the channel's head, ``head``.
    """

    def __init__(self, channel: Channel, head: Any) -> None:
        super().__init__()
        self._channel = channel
        self._head: Any = head
        self._head_sent = False
        self._buffer = bytearray()

    def _send(self) -> None:
        chunk = [bytes(self._buffer)] if self._buffer else []
        self._buffer.clear()
        if not self._head_sent:
            self._head_sent = True
            self._channel.head(self._head, chunk)
        elif chunk:
            self._channel.put(chunk)

    def writable(self) -> bool:
        """Tell ``io`` that this file takes writes."""
        return True

    def write(self, data: Any) -> int:
        """Buffer ``data``; pass the buffer on once it holds a chunk."""
        self._buffer += data
        if len(self._buffer) >= _CHUNK:
            self._send()
        return len(data)

    def finish(self) -> None:
        """Pass on what is left (and the head, if nothing was passed yet)."""
        self._send()


def serialized_in_thread(
    workers: Workers, kind: str, fmt: Any, write: Callable[[IO[bytes], Any], object]
) -> SerializedResult:
    """Run ``write(file, fmt)`` on a worker and stream what it writes."""

    def produce(channel: Channel) -> None:
        writer = ChunkWriter(channel, None)
        write(writer, fmt)  # type: ignore[arg-type]
        writer.finish()

    _, chunks = stream_in_thread(workers, produce)
    return SerializedResult(fmt.media_type, kind, chunks)


def results_in_thread(
    workers: Workers,
    open_result: Callable[[], Any],
    *,
    cleanup: Callable[[], None] | None = None,
    bad_data: Callable[[SyntaxError], Exception] | None = None,
) -> QueryResult:
    """Run a pyoxigraph query (or results parser) on a worker, converting to rdflib there.

    ``open_result`` returns ``QuerySolutions``, ``QueryBoolean``, ``QueryTriples`` or a quad
    parser; ``cleanup`` runs on the worker once the results are used up, closed or failed.
    ``bad_data`` turns a parser's ``SyntaxError`` (results that are not what they claim) into the
    error the reader gets.
    """

    def produce(channel: Channel) -> None:
        try:
            _produce_results(open_result(), channel)
        except SyntaxError as error:
            if bad_data is None:
                raise
            raise bad_data(error) from None
        finally:
            if cleanup is not None:
                cleanup()

    (kind, value), items = stream_in_thread(workers, produce)
    if kind == "ask":
        items.close()
        return AskResult(value)
    if kind == "select":
        return SelectResult(value, items)
    return GraphResult(items)


def _produce_results(result: Any, channel: Channel) -> None:
    if isinstance(result, ox.QueryBoolean):
        channel.head(("ask", bool(result)), [])
        return
    convert = ToRdflib()
    solutions = iter(result)
    make: Callable[[Any], Any]
    if isinstance(result, ox.QuerySolutions):
        names = [variable.value for variable in result.variables]
        head: tuple[str, Any] = ("select", names)

        def make(row: Any) -> Any:
            return dict(zip(names, map(convert, row), strict=True))

    else:
        head = ("graph", None)

        def make(triple: Any) -> Any:
            return (convert(triple.subject), convert(triple.predicate), convert(triple.object))

    channel.head(head, [make(item) for item in islice(solutions, _BATCH)])
    while batch := list(islice(solutions, _BATCH)):
        channel.put([make(item) for item in batch])


def results_kind(result: Any) -> str:
    """``"select"``, ``"ask"`` or ``"graph"`` for a pyoxigraph query result."""
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


class _CountingReader(io.RawIOBase):
    """A binary file that reports how many bytes were read from ``source``."""

    def __init__(self, source: IO[bytes], progress: Progress | None) -> None:
        super().__init__()
        self._source = source
        self._progress = progress
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._source.readinto(buffer) or 0  # type: ignore[attr-defined]
        self._count += size
        if size and self._progress is not None:
            self._progress(self._count)
        return size


def counting_reader(source: IO[bytes], progress: Progress | None) -> IO[bytes]:
    """Wrap ``source`` so that ``progress`` gets the bytes read so far, about once per MiB."""
    return io.BufferedReader(_CountingReader(source, progress), buffer_size=1 << 20)


class ChunkReader(io.RawIOBase):
    """Chunks of bytes as a readable binary file (for pyoxigraph's parsers)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks: Iterator[bytes] = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        """Yes: this is a readable file."""
        return True

    def next_chunk(self) -> bytes:
        """The next chunk; ``StopIteration`` at the end."""
        return next(self._chunks)

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the chunks; 0 at their end."""
        while not self._pending:
            try:
                self._pending = self.next_chunk()
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
