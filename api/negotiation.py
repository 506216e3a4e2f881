"""Content negotiation from one table per kind of response (RFC 9110 Accept, plus ``format=``)."""

from __future__ import annotations

import functools
from typing import Protocol, TypeVar

import mimeparse

from graph import formats
from graph.errors import NotAcceptable


def _not_acceptable(asked: str, offered: list[str]) -> NotAcceptable:
    return NotAcceptable(f"cannot answer with {asked!r}; offered: {', '.join(offered)}", offered)


#: The response tables live in the one format table; each lists its formats in order of preference.
RESULT_FORMATS = formats.RESULT_FORMATS
GRAPH_FORMATS = formats.GRAPH_FORMATS
DESCRIPTION_FORMATS = formats.SERVICE_DESCRIPTION_FORMATS


def query_formats(form: str | None) -> tuple[formats.Format, ...]:
    """The formats a query of ``form`` (:func:`graph.sparql.scan.query_form`) is answered in."""
    if form in ("construct", "describe"):
        return GRAPH_FORMATS
    return formats.ASK_FORMATS if form == "ask" else RESULT_FORMATS


class Negotiable(Protocol):
    """What negotiation needs of a format: its media type and short names (``graph.formats.Format`` too)."""

    @property
    def media_type(self) -> str: ...  # noqa: D102

    @property
    def names(self) -> tuple[str, ...]: ...  # noqa: D102


F = TypeVar("F", bound=Negotiable)


def negotiate(formats: tuple[F, ...], accept: str | None, format_name: str | None = None) -> F:
    """Pick the response format (see :func:`_negotiate`).

    Clients send the same few headers, so the answers are kept: parsing an ``Accept`` header costs
    more than answering a small query.
    """
    return _negotiate(formats, accept, format_name)


@functools.lru_cache(maxsize=512)
def _negotiate(formats: tuple[F, ...], accept: str | None, format_name: str | None = None) -> F:
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
