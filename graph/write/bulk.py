"""A bulk load of several files as one transaction: all of them are in the store, or none is.

``pyoxigraph.Store.load`` (and a Graph Store ``POST`` to Oxigraph) is one transaction per call, so
files loaded one call each could be cut between two files by a crash or a ``kill -9``: the first file
stored, the second not. Several files are therefore first written, parsed and checked, into one
temporary N-Quads file (in the system's temporary directory, ``TMPDIR``), which is then loaded in one
call. One file is loaded as it is.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from graph.dataset.build import parse_ox_file, rdf_format_of
from graph.store import Store

__all__ = ["load_all_or_nothing"]


def load_all_or_nothing(
    store: Store, files: Sequence[Path], *, graph: str | None, progress: Callable[[int], None] | None
) -> int:
    """Load ``files`` into ``store`` in one transaction; return the number of quads added.

    ``progress`` gets the bytes of the files read so far.

    Raises:
        InvalidInput: a file is missing, has an unknown ending or does not parse (nothing is loaded).
    """
    if len(files) == 1:
        fmt = rdf_format_of(files[0])
        return store.load(
            path=str(files[0]), format=fmt.media_type, graph=graph, progress=progress, atomic=True
        )
    with tempfile.TemporaryDirectory(prefix="euus-load-") as scratch:
        combined = Path(scratch) / "load.nq"
        done = 0
        with combined.open("wb") as out:
            for path in files:
                target = None if graph is None else URIRef(graph)
                ox.serialize(parse_ox_file(path, graph=target), out, ox.RdfFormat.N_QUADS)
                done += path.stat().st_size
                if progress is not None:
                    progress(done)
        return store.load(path=str(combined), format="nquads", atomic=True)
