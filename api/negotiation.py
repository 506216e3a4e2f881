"""Content negotiation from one table per kind of response (RFC 9110 Accept, plus ``format=``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

import mimeparse
import pyoxigraph as ox

from graph.errors import NotAcceptable


def _not_acceptable(asked: str, offered: list[str]) -> NotAcceptable:
    return NotAcceptable(f"cannot answer with {asked!r}; offered: {', '.join(offered)}", offered)


@dataclass(frozen=True)
class MediaFormat:
    """A response format: its media type, the short names ``format=`` accepts, and its serializer."""

    media_type: str
    names: tuple[str, ...]
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text formats are UTF-8)."""
        return f"{self.media_type}; charset=utf-8"


# Each table lists the formats in order of preference: the first one answers */* and a missing Accept.
RESULT_FORMATS: tuple[MediaFormat, ...] = (
    MediaFormat("application/sparql-results+json", ("json", "srj"), ox.QueryResultsFormat.JSON),
    MediaFormat("application/sparql-results+xml", ("xml", "srx"), ox.QueryResultsFormat.XML),
    MediaFormat("text/csv", ("csv",), ox.QueryResultsFormat.CSV),
    MediaFormat("text/tab-separated-values", ("tsv",), ox.QueryResultsFormat.TSV),
    MediaFormat("application/json", (), ox.QueryResultsFormat.JSON),
    MediaFormat("application/xml", (), ox.QueryResultsFormat.XML),
)

GRAPH_FORMATS: tuple[MediaFormat, ...] = (
    MediaFormat("text/turtle", ("turtle", "ttl"), ox.RdfFormat.TURTLE),
    MediaFormat("application/n-triples", ("ntriples", "nt", "n-triples"), ox.RdfFormat.N_TRIPLES),
    MediaFormat("application/ld+json", ("json-ld", "jsonld"), ox.RdfFormat.JSON_LD),
    MediaFormat("application/rdf+xml", ("rdfxml", "rdf+xml", "rdf", "xml"), ox.RdfFormat.RDF_XML),
    MediaFormat("application/n-quads", ("nquads", "nq", "n-quads"), ox.RdfFormat.N_QUADS),
    MediaFormat("application/trig", ("trig",), ox.RdfFormat.TRIG),
    MediaFormat("text/plain", (), ox.RdfFormat.N_TRIPLES),
    MediaFormat("application/json", ("json",), ox.RdfFormat.JSON_LD),
)

DESCRIPTION_FORMATS: tuple[MediaFormat, ...] = (
    MediaFormat("text/turtle", ("turtle", "ttl"), ox.RdfFormat.TURTLE),
    MediaFormat("application/ld+json", ("json-ld", "jsonld", "json"), ox.RdfFormat.JSON_LD),
    MediaFormat("application/rdf+xml", ("rdfxml", "xml"), ox.RdfFormat.RDF_XML),
    MediaFormat("application/n-triples", ("ntriples", "nt"), ox.RdfFormat.N_TRIPLES),
)


class Negotiable(Protocol):
    """What negotiation needs of a format: its media type and short names (``graph.formats.Format`` too)."""

    @property
    def media_type(self) -> str: ...  # noqa: D102

    @property
    def names(self) -> tuple[str, ...]: ...  # noqa: D102


F = TypeVar("F", bound=Negotiable)


def negotiate(formats: tuple[F, ...], accept: str | None, format_name: str | None = None) -> F:
    """Pick the response format: ``format_name`` (a short name or a media type) wins over ``accept``.

    >>> negotiate(RESULT_FORMATS, "text/csv;q=0.5, application/sparql-results+xml").media_type
    'application/sparql-results+xml'
    >>> negotiate(GRAPH_FORMATS, None, "json-ld").media_type
    'application/ld+json'

    Raises:
        NotAcceptable: nothing offered matches; the message lists the offered media types.
    """
    offered = [f.media_type for f in formats]
    if format_name:
        wanted = format_name.strip().lower()
        for fmt in formats:
            if wanted in fmt.names or wanted == fmt.media_type:
                return fmt
        names = [name for f in formats for name in f.names]
        raise _not_acceptable(f"format={format_name}", names + offered)
    if not accept or not accept.strip():
        return formats[0]
    try:
        # mimeparse breaks ties in favour of the last entry, so the preferred formats go last
        best = mimeparse.best_match(list(reversed(offered)), accept)
    except mimeparse.MimeTypeParseException:
        raise _not_acceptable(accept, offered) from None
    if not best:
        raise _not_acceptable(accept, offered)
    return next(f for f in formats if f.media_type == best)
