"""Queries answered at once in the calling thread, without a worker: only those that cannot run away.

A worker process exists to stop a query that runs too long (:mod:`graph.query.executor`); its round
trip costs more than the whole answer of a small query. ``DESCRIBE`` of IRIs given in the query,
with no ``WHERE``, reads the triples of those resources and nothing else: its cost grows with what
it returns, which is read here lazily and cut at ``limit`` triples. A description larger than that
is not answered here (``None``), and goes to a worker, whose row cap and truncation signals apply.
Anything else, however small it looks, goes to a worker too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

__all__ = ["InlineAnswer", "answer_inline", "is_inline_query"]

#: ``DESCRIBE`` followed only by absolute IRIs (no prefixes, variables or WHERE), at most 64 of them:
#: looking up thousands of IRIs that have no triples would also hold the event loop.
_DESCRIBE_IRIS = re.compile(r"\s*DESCRIBE(?:\s*<[^<>\"{}|^`\\\s]{1,2048}>){1,64}\s*", re.IGNORECASE)


@dataclass(frozen=True)
class InlineAnswer:
    """A complete result: its bytes and the number of triples in it."""

    body: bytes
    rows: int


def is_inline_query(query: str) -> bool:
    """Whether ``query`` may be answered in the calling thread (see the module docstring).

    >>> is_inline_query("DESCRIBE <http://example.org/a> <http://example.org/b>")
    True
    >>> is_inline_query("DESCRIBE ?s WHERE { ?s ?p ?o }"), is_inline_query("DESCRIBE <a> WHERE {}")
    (False, False)
    """
    return _DESCRIBE_IRIS.fullmatch(query) is not None


def answer_inline(
    store: ox.Store,
    query: str,
    media_type: str,
    *,
    limit: int,
    prefixes: dict[str, str] | None = None,
    base_iri: str | None = None,
) -> InlineAnswer | None:
    """Answer an inline query over the union of the graphs, or ``None`` if it is not one or is larger.

    Args:
        store: the store to read (the primary: a reader sees every committed write).
        query: the query; :func:`is_inline_query` decides whether it is answered here.
        media_type: an RDF media type pyoxigraph writes.
        limit: most triples answered here; a larger result returns ``None``.
        prefixes: prefixes the serialiser may use (Turtle, TriG).
        base_iri: the base relative IRIs resolve against.
    """
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None or not is_inline_query(query):
        return None
    try:
        triples: Iterator[ox.Triple] = iter(
            store.query(query, use_default_graph_as_union=True, base_iri=base_iri)  # type: ignore[arg-type]
        )
    except (SyntaxError, ValueError):
        return None  # the worker path reports the error with its usual message
    first = list(islice(triples, limit + 1))
    if len(first) > limit:
        return None
    output = io.BytesIO()
    ox.serialize(first, output, fmt, prefixes=prefixes or None)
    return InlineAnswer(output.getvalue(), len(first))
