"""The code a query worker runs: answer requests on a read-only snapshot, within its limits.

The worker is a plain ``python -m graph.query.worker FD`` process started by
:class:`graph.query.process.WorkerProcess`, whose module docstring describes the protocol; ``FD`` is
its end of a socket pair. It imports only pyoxigraph and the result writers (about 25 MB resident),
reads its options as the first message, and sets its own limits: address space (``RLIMIT_AS``) so
that one query cannot take the machine, no core files, and death with the main process.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import IO, Any, cast

import pyoxigraph as ox

from graph.query.results import (
    CHUNK_CHARS,
    FORMATS,
    ResultFormat,
    write_select,
)
from graph.sparql.scan import has_dataset_clause

_BOOLEAN_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
_READ_SIZE = 256 * 1024


def main(argv: list[str]) -> None:
    """``python -m graph.query.worker FD``: read the options, then answer requests until the socket closes."""
    conn = Connection(int(argv[1]))
    try:
        options = conn.recv()
    except (EOFError, OSError):
        return
    serve(conn, **options)


def serve(
    conn: Connection,
    *,
    prefixes: dict[str, str],
    memory_limit_bytes: int | None,
    base_iri: str | None = None,
    snapshot: tuple[int, str] | None = None,
) -> None:
    """Answer requests from ``conn`` until it closes (the worker's main loop).

    ``snapshot`` (version, path) is opened at once, so that the first query does not wait for it.
    """
    _set_limits(memory_limit_bytes)
    store: Any = None
    held: int | None = None
    if snapshot is not None:
        with contextlib.suppress(OSError):  # gone already: the first request names a newer one
            store, held = ox.Store.read_only(snapshot[1]), snapshot[0]
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        version, path, query, media_type, default_graph, named_graphs, max_rows = request
        try:
            if version != held:
                store = held = None  # close the old snapshot before opening the new one
                store, held = ox.Store.read_only(path), version
            _answer(
                conn,
                store,
                query,
                FORMATS[media_type],
                default_graph,
                named_graphs,
                max_rows,
                prefixes,
                base_iri,
            )
        except OSError as error:
            conn.send(("error", "store", str(error)))
        except MemoryError:
            conn.send(("error", "memory", "out of memory"))


def _set_limits(memory_limit_bytes: int | None) -> None:
    if memory_limit_bytes is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit_bytes, memory_limit_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash must not write gigabytes of core
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process, which kills us
    with contextlib.suppress(OSError, AttributeError):  # glibc/Linux only
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mallopt(-8, 2)  # M_ARENA_MAX: each malloc arena reserves 64 MiB of address space
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the main process
    if os.getppid() == 1:  # the main process died before prctl took effect
        raise SystemExit(0)


class _Sender:
    """Collects the bytes of an answer and sends them to the executor in chunks."""

    def __init__(self, conn: Connection, kind: str, content_type: str) -> None:
        self._conn = conn
        self._head: tuple[Any, ...] | None = ("head", kind, content_type)
        self._parts: list[bytes] = []
        self._size = 0
        self.rows = 0

    def write(self, data: bytes) -> int:
        """Buffer bytes (pyoxigraph's serializers call this); send a chunk once there is one."""
        self._parts.append(bytes(data))
        self._size += len(data)
        if self._size >= CHUNK_CHARS:
            self.send(b"", final=False, rows=self.rows, truncated=None)
        return len(data)

    def flush(self) -> None:
        """Do nothing: chunks leave when they are full."""

    def send(self, data: bytes, *, final: bool, rows: int, truncated: bool | None) -> None:
        """Send what is buffered plus ``data``, with the counts known so far."""
        payload = b"".join([*self._parts, data])
        self._parts, self._size = [], 0
        head, self._head = self._head or ("data",), None
        self._conn.send((*head, payload, final, rows, truncated))


def _graph_node(name: str) -> Any:
    return ox.BlankNode(name[2:]) if name.startswith("_:") else ox.NamedNode(name)


def _answer(
    conn: Connection,
    store: Any,
    query: str,
    fmt: ResultFormat,
    default_graph: list[str] | None,
    named_graphs: list[str] | None,
    max_rows: int,
    prefixes: dict[str, str],
    base_iri: str | None = None,
) -> None:
    options: dict[str, Any] = {"prefixes": prefixes, "base_iri": base_iri}
    if default_graph is None and named_graphs is None:
        # FROM / FROM NAMED set the query's own dataset; the union would override them
        options["use_default_graph_as_union"] = not has_dataset_clause(query)
    else:
        options["default_graph"] = [_graph_node(name) for name in default_graph or ()]
        options["named_graphs"] = [_graph_node(name) for name in named_graphs or ()]
    try:
        result = store.query(query, **options)
        if isinstance(result, ox.QuerySolutions):
            kind = "select"
        else:
            kind = "graph" if isinstance(result, ox.QueryTriples) else "ask"
        if kind not in fmt.kinds:
            conn.send(("error", "format", kind))
            return
        sender = _Sender(conn, kind, fmt.content_type)
        if kind == "select":
            write_select(sender, result, fmt.name, max_rows)
        elif kind == "ask":
            sender.send(
                result.serialize(format=_BOOLEAN_FORMATS[fmt.name]), final=True, rows=0, truncated=False
            )
        else:
            _write_graph(sender, result, fmt.name, max_rows, prefixes)
    except SyntaxError as error:
        conn.send(("error", "syntax", str(error)))
    except (ValueError, RuntimeError, TypeError) as error:
        conn.send(("error", "evaluation", str(error)))


def _write_graph(
    sender: _Sender, triples: Any, media_type: str, max_rows: int, prefixes: dict[str, str]
) -> None:
    cut = False

    def capped() -> Iterator[Any]:
        nonlocal cut
        for triple in triples:
            if sender.rows == max_rows:
                cut = True
                return
            sender.rows += 1
            yield triple

    fmt = ox.RdfFormat.from_media_type(media_type)
    ox.serialize(capped(), cast(IO[bytes], sender), fmt, prefixes=prefixes or None)
    sender.send(b"", final=True, rows=sender.rows, truncated=cut)


if __name__ == "__main__":
    main(sys.argv)
