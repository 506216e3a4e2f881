"""Dumps of a store: the whole dataset, or one named graph, in every dump format.

The dumps are streamed from the store (nothing is held in memory whole): the quad formats
(N-Quads, TriG, JSON-LD) keep the named graphs; Turtle and N-Triples hold the union of all graphs, each
triple once, as the default graph of a query sees it. Writing a dump counts what it wrote, so the
dataset description can state counts that equal the dumps. :class:`DumpCache` keeps each dump as a file
per data version, with its size and SHA-256 taken from those very bytes; it reads the store once for the
N-Quads and once for the N-Triples and writes the other formats from those files (reading an on-disk store
is the slow part: about 15 s per pass over 1M quads).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import shutil
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import quote, unquote

import pyoxigraph as ox

from graph.errors import InvalidInput, NotFound
from graph.formats import DUMP_FORMATS, N_QUADS, N_TRIPLES, Format
from graph.namespaces import ID, PREFIXES
from graph.store import Store
from graph.store.streams import ChunkReader

#: The default graph of a query: every triple of every graph, each once.
#: (The store scans subject first, so triples come grouped by subject; sorting them took 20 times longer.)
UNION_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
GRAPH_BASE = str(ID) + "graph/"
_COPY_CHUNK = 1024 * 1024
#: The dataset dumps read from the store; the others are written from these files.
_READ_FROM_STORE = (N_QUADS, N_TRIPLES)


def graph_id(graph: str) -> str:
    """The id of a graph in dump URLs and file names: the slug of our graphs, else the escaped IRI.

    >>> graph_id("https://w3id.org/euus-kg/id/graph/topics"), graph_id("http://example.org/g")
    ('topics', 'http%3A%2F%2Fexample.org%2Fg')
    """
    return graph[len(GRAPH_BASE) :] if graph.startswith(GRAPH_BASE) else quote(graph, safe="")


def graph_iri(identifier: str) -> str:
    """The graph an id (or a full IRI, escaped or not) names; the inverse of :func:`graph_id`."""
    text = unquote(identifier)
    return text if ":" in text else GRAPH_BASE + text


@dataclass(frozen=True)
class DumpCounts:
    """What a dump holds: triples per graph (``""`` for the default graph), and their sum."""

    per_graph: dict[str, int]

    @property
    def triples(self) -> int:
        """Triples (quads, in a quad format) written."""
        return sum(self.per_graph.values())


def _reader(source: Iterable[bytes]) -> IO[bytes]:
    return cast(IO[bytes], io.BufferedReader(ChunkReader(source), _COPY_CHUNK))


def _counted(items: Iterable[Any], counts: Counter[str]) -> Iterator[Any]:
    for item in items:
        graph = getattr(item, "graph_name", None)
        counts["" if graph is None or isinstance(graph, ox.DefaultGraph) else graph.value] += 1
        yield item


def _in_graph(triples: Iterable[ox.Quad], graph: str) -> Iterator[ox.Quad]:
    node = ox.NamedNode(graph)
    for quad in triples:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, node)


def _as_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    for quad in quads:
        yield quad.triple


def write_dump(
    store: Store, fmt: Format, output: IO[bytes], *, graph: str | None = None, source_file: Path | None = None
) -> DumpCounts:
    """Write the whole dataset (or the named ``graph``) to ``output`` as ``fmt``; count what was written.

    Args:
        store: the store to dump.
        fmt: a dump format.
        output: where the bytes go.
        graph: only this named graph.
        source_file: a dump of the same data already written, N-Quads for a quad format or N-Triples for
            a triple format, to read instead of the store (a store streams much slower than a file).

    Raises:
        NotFound: ``graph`` is not a graph of the store.
        InvalidInput: ``fmt`` is not a dump format.
    """
    if fmt not in DUMP_FORMATS:
        names = ", ".join(f.extension for f in DUMP_FORMATS)
        raise InvalidInput(f"{fmt.name} is not a dump format (dumps: {names})")
    source: Any = None
    if source_file is not None:
        rdf_format = ox.RdfFormat.N_QUADS if fmt.keeps_graphs else ox.RdfFormat.N_TRIPLES
        parsed: Iterable[Any] = ox.parse(path=str(source_file), format=rdf_format)
    elif graph is not None:
        if not store.graph_exists(graph):
            raise NotFound(f"there is no graph <{graph}>")
        source = store.get_graph_serialized(graph, format=N_TRIPLES.media_type)
        parsed = ox.parse(_reader(source), ox.RdfFormat.N_TRIPLES)
        if fmt.keeps_graphs:
            parsed = _in_graph(parsed, graph)
    elif fmt.keeps_graphs:
        source = store.dump(N_QUADS.media_type)
        parsed = ox.parse(_reader(source), ox.RdfFormat.N_QUADS)
    elif store.hidden_graph_prefixes:  # a remote engine's own graphs and our version graph are no data
        tests = " && ".join(f'!STRSTARTS(STR(?g), "{prefix}")' for prefix in store.hidden_graph_prefixes)
        named = f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER({tests}) }}"
        text = UNION_QUERY.replace("{ ?s ?p ?o } }", f"{{ {{ ?s ?p ?o }} UNION {named} }} }}")
        source = store.query_serialized(text, result_format=N_TRIPLES.media_type, union_default_graph=False)
        parsed = ox.parse(_reader(source), ox.RdfFormat.N_TRIPLES)
    else:
        source = store.query_serialized(UNION_QUERY, result_format=N_TRIPLES.media_type)
        parsed = ox.parse(_reader(source), ox.RdfFormat.N_TRIPLES)
    counts: Counter[str] = Counter()
    items = _counted(parsed, counts)
    if not fmt.keeps_graphs:
        items = _as_triples(items)
    assert isinstance(fmt.oxigraph, ox.RdfFormat)  # noqa: S101 - every dump format is an RDF format
    try:
        ox.serialize(items, output, fmt.oxigraph, prefixes=PREFIXES)
    finally:
        if source is not None:
            source.close()
    if graph is not None:
        counts = Counter({graph: sum(counts.values())}) if counts else Counter()
    return DumpCounts(dict(counts))


def dump_file_name(fmt: Format, graph: str | None = None) -> str:
    """The file name of a dump, the same on the service and in ``euus export --directory``.

    >>> from graph.formats import TURTLE
    >>> dump_file_name(TURTLE), dump_file_name(TURTLE, "https://w3id.org/euus-kg/id/graph/topics")
    ('dataset.ttl', 'graphs/topics.ttl')
    """
    return f"dataset.{fmt.extension}" if graph is None else f"graphs/{graph_id(graph)}.{fmt.extension}"


@dataclass(frozen=True)
class Dump:
    """A dump written to a file: its bytes' size and SHA-256, and what it holds."""

    path: Path
    fmt: Format
    graph: str | None
    version: int
    size: int
    sha256: str
    counts: DumpCounts

    @property
    def file_name(self) -> str:
        """Its name in the dump layout (``dataset.nq``, ``graphs/topics.ttl``)."""
        return dump_file_name(self.fmt, self.graph)


class _HashingWriter(io.RawIOBase):
    """A file that hashes and counts what goes through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.hash = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.target.write(chunk)
        self.hash.update(chunk)
        self.size += len(chunk)
        return len(chunk)


@dataclass
class DumpCache:
    """Dumps of one store kept as files per data version: built once, served many times.

    A dump is built on first use for a version and kept until a newer version's dump of the same kind
    is built; the dump of the version before stays too, for a response that is still reading it. So the
    files take at most twice the size of every dump asked for; ``close`` removes them.
    """

    directory: Path
    store: Store
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _building: dict[tuple[str, str], threading.Lock] = field(default_factory=dict, repr=False)
    _dumps: dict[tuple[str, str], list[Dump]] = field(default_factory=dict, repr=False)
    _serial: int = 0

    def get(self, version: int, fmt: Format, graph: str | None = None) -> Dump:
        """The dump of ``graph`` (``None``: the dataset) as ``fmt`` for data ``version``.

        Raises:
            NotFound: there is no such graph.
        """
        key = (graph or "", fmt.name)
        if graph is not None and not self.store.graph_exists(graph):
            raise NotFound(f"there is no graph <{graph}>")  # before any state is kept for the name
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            kept = self._dumps.get(key, [])
            if kept and kept[-1].version == version:
                return kept[-1]
            dump = self._build(version, fmt, graph)
            for old in kept[:-1]:
                self._remove(old)
            self._dumps[key] = [*kept[-1:], dump]
            return dump

    def gzipped(self, dump: Dump) -> Path:
        """The gzip-compressed copy of ``dump``, made on first use."""
        target = dump.path.with_name(dump.path.name + ".gz")
        with self._lock:
            building = self._building.setdefault(("gzip", str(target)), threading.Lock())
        with building:
            if not target.exists():
                partial = target.with_name(target.name + ".part")
                with dump.path.open("rb") as source, gzip.open(partial, "wb", compresslevel=6) as packed:
                    shutil.copyfileobj(source, packed, _COPY_CHUNK)
                partial.replace(target)
        return target

    def close(self) -> None:
        """Remove every cached file."""
        shutil.rmtree(self.directory, ignore_errors=True)

    def _build(self, version: int, fmt: Format, graph: str | None) -> Dump:
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._serial += 1
            path = self.directory / f"v{version}-{self._serial}.{fmt.extension}"
        source_file = None
        if graph is None and fmt not in _READ_FROM_STORE:
            # the other dumps of the dataset are re-serialized from the N-Quads or N-Triples file
            source_file = self.get(version, N_QUADS if fmt.keeps_graphs else N_TRIPLES).path
        try:
            with path.open("wb") as file:
                writer = _HashingWriter(file)
                counts = write_dump(self.store, fmt, writer, graph=graph, source_file=source_file)  # type: ignore[arg-type]
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Dump(path, fmt, graph, version, writer.size, writer.hash.hexdigest(), counts)

    @staticmethod
    def _remove(dump: Dump) -> None:
        for path in (dump.path, dump.path.with_name(dump.path.name + ".gz")):
            with contextlib.suppress(OSError):
                path.unlink()


def dataset_store(quads: Iterable[Any]) -> Store:
    """An in-memory store holding ``quads`` (rdflib terms), for dumping a dataset that is in no store."""
    from graph.store import open_store

    store = open_store(prefixes=PREFIXES)
    store.add_quads(quads)
    return store


def dump_bytes(store: Store, fmt: Format, *, graph: str | None = None) -> bytes:
    """A dump as bytes (for small datasets and tests; the service and the CLI stream to files)."""
    output = io.BytesIO()
    write_dump(store, fmt, output, graph=graph)
    return output.getvalue()


def export_files(
    store: Store,
    directory: Path,
    formats: Iterable[Format] = DUMP_FORMATS,
    *,
    graphs: list[str] | None = None,
) -> Iterator[Path]:
    """Write the dump layout of the service under ``directory``; yield each file written.

    Without ``graphs``: ``dataset.<ext>`` and ``graphs/<id>.<ext>`` for every named graph; with them,
    only those graphs' files.
    """
    formats = list(formats)
    targets: list[str | None] = [None, *store.named_graphs()] if graphs is None else list(graphs)
    for graph in targets:
        for fmt in formats:
            path = directory / dump_file_name(fmt, graph)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as file:
                write_dump(store, fmt, file, graph=graph)
            yield path
