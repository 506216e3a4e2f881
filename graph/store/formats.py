"""Which RDF or results format a name, a media type, a file ending or an ``Accept`` header means.

``Accept`` headers are read by ``python-mimeparse`` (q-values, wildcards, specificity).
"""

from __future__ import annotations

import io
from typing import IO, Any

import mimeparse
import pyoxigraph as ox

from graph.errors import InvalidInput, NotAcceptable
from graph.formats import (
    CSV,
    JSON_LD,
    N3,
    N_QUADS,
    N_TRIPLES,
    RDF_FORMATS,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_XML,
    TRIG,
    TSV,
    TURTLE,
    Format,
    accepted_names,
    find_in,
)

__all__ = ["load_format", "load_source", "negotiate_format", "rdf_format"]


#: What each kind of result can be serialized to; the first entry is the default for ``*/*``.
_FORMATS_BY_KIND: dict[str, tuple[Format, ...]] = {
    "select": (SPARQL_JSON, SPARQL_XML, CSV, TSV),
    "graph": (TURTLE, N_TRIPLES, RDF_XML, JSON_LD, N_QUADS, TRIG, N3),
    "dataset": (N_QUADS, TRIG),
}
_FORMATS_BY_KIND["ask"] = _FORMATS_BY_KIND["select"]


def rdf_format(name: str) -> ox.RdfFormat:
    """Return the RDF format for a short name, media type or file ending.

    >>> rdf_format("ttl").name, rdf_format("application/n-quads").name
    ('Turtle', 'N-Quads')

    Raises:
        InvalidInput: the name is not a known RDF format.
    """
    key = name.strip().lower().lstrip(".")
    found = _lookup_format(key, "graph")
    if found is None:
        known = ", ".join(sorted(accepted_names(RDF_FORMATS)))
        raise InvalidInput(f"unknown RDF format {name!r} (known: {known}, or a media type)")
    return found


def negotiate_format(accept: str | None, kind: str) -> Any:
    """Pick how to serialize a result of ``kind`` for an ``Accept`` header or a format name.

    ``accept`` may be a full header (``"text/turtle;q=0.9, */*;q=0.1"``), one media type or a
    short name (``"json"``, ``"ttl"``). ``None`` or ``*/*`` gives the default of the kind (SPARQL
    JSON results; Turtle; N-Quads for dumps). Between ranges of equal quality and specificity, the
    one listed first in the header wins, then the first format of the kind.

    >>> negotiate_format("text/csv;q=0.5, application/sparql-results+xml", "select").name
    'SPARQL Results in XML'

    Returns:
        a pyoxigraph ``QueryResultsFormat`` (``select``/``ask``) or ``RdfFormat``.

    Raises:
        NotAcceptable: none of the accepted formats can carry this kind of result.
    """
    candidates: list[Any] = [fmt.oxigraph for fmt in _FORMATS_BY_KIND[kind]]
    header = (accept or "*/*").strip().lower()
    if "/" not in header or not any(mark in header for mark in ",;*"):
        # a short name or one media type (the usual ``format=``): no ranking to do
        named = _lookup_format(header, kind)
        if named is not None and named in candidates:
            return named
    else:
        # mimeparse prefers the last of equally good offers: least wanted first. Media types the
        # header names that pyoxigraph knows as aliases (``application/json``) are offered too.
        ranges = [item.split(";")[0].strip() for item in header.split(",")]
        aliases = [r for r in ranges if "*" not in r and _lookup_format(r, kind) in candidates]
        offers = [fmt.media_type for fmt in reversed(candidates)] + list(reversed(aliases))
        try:
            best = mimeparse.best_match(offers, header)
        except ValueError:
            best = ""
        if best:
            return _lookup_format(best.split(";")[0].strip(), kind)
    offered = ", ".join(fmt.media_type.split(";")[0] for fmt in candidates)
    raise NotAcceptable(f"cannot serialize a {kind} result as {accept!r}; available: {offered}")


def _lookup_format(name: str, kind: str) -> Any:
    """The pyoxigraph format ``name`` means for ``kind``: our table first, then pyoxigraph's aliases."""
    if kind in ("select", "ask"):
        named = find_in(_FORMATS_BY_KIND["select"], name)
        return (
            (named.oxigraph if named else None)
            or ox.QueryResultsFormat.from_media_type(name)
            or ox.QueryResultsFormat.from_extension(name)
        )
    found = find_in(RDF_FORMATS, name)
    return (
        (found.oxigraph if found else None)
        or ox.RdfFormat.from_media_type(name)
        or ox.RdfFormat.from_extension(name)
    )


def load_source(path: str | None, data: bytes | None) -> IO[bytes]:
    """Open the input of ``load``: exactly one of ``path`` and ``data``."""
    if (path is None) == (data is None):
        raise ValueError("load() needs exactly one of path= and data=")
    if path is not None:
        try:
            return open(path, "rb")
        except OSError as error:
            raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None
    return io.BytesIO(data or b"")


def load_format(path: str | None, format: str | None) -> ox.RdfFormat:
    """The format of ``load``: the one given, else guessed from the file ending."""
    if format is not None:
        return rdf_format(format)
    if path is not None and "." in path:
        return rdf_format(path.rsplit(".", 1)[1])
    raise InvalidInput("load() needs format= when the file ending does not tell it")
