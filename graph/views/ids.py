"""Ids in requests: the local part of our IRIs (``europol``), a ``kind/local`` path, or a full IRI."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from graph.errors import InvalidInput, InvalidParameter
from graph.namespaces import ID
from graph.sparql.text import iri as iri_text

LOCAL_PATTERN = "^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*$"
#: An IRI as an id: http(s), a host name, a port, a path of plain characters (no escapes, query or
#: fragment). Every IRI the dashboards list is one (ours, EU authority tables, Wikidata); the pattern is
#: flat because clients and fuzzers generate from it, and a subset of :data:`IRI_PATTERN` on purpose.
_WEB_IRI = "https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~!$&'()*+,;=:@-]*)*"
#: What :func:`candidates` takes: a local part (no colon) or such an IRI; the OpenAPI pattern of ids.
ID_PATTERN = f"^(?:{LOCAL_PATTERN[1:-1]}|{_WEB_IRI})$"
_LOCAL = re.compile(LOCAL_PATTERN)
_ID = re.compile(ID_PATTERN)


def candidates(value: str, kinds: Sequence[str], *, parameter: str) -> list[str]:
    """The IRIs ``value`` may mean, one per kind (``europol`` -> ``id/org/europol``), in order.

    Raises:
        InvalidParameter: ``value`` is neither an absolute IRI nor a path of safe characters.
    """
    if ":" in value:
        try:
            iri_text(value)
        except InvalidInput:
            raise InvalidParameter(parameter, f"{value!r} is not an absolute IRI") from None
        if not _ID.fullmatch(value):
            raise InvalidParameter(parameter, f"{value!r} is not an id: an IRI id is http(s)://host/path")
        return [value]
    if not _LOCAL.fullmatch(value):
        raise InvalidParameter(
            parameter,
            f"{value!r} is not an id: use the last part of an IRI (letters, digits, -._~) or a full IRI",
        )
    for kind in kinds:
        if value.startswith(kind + "/"):
            return [str(ID) + value]
    return [f"{ID}{kind}/{value}" for kind in kinds]


def resolve(value: str, kinds: Sequence[str], known: Container[str], *, parameter: str) -> str:
    """The IRI ``value`` names: the first candidate in ``known``, else the first candidate.

    >>> resolve("europol", ["org", "presidency"], set(), parameter="participant")
    'https://w3id.org/euus-kg/id/org/europol'
    """
    found = candidates(value, kinds, parameter=parameter)
    return next((iri for iri in found if iri in known), found[0])


def local(iri: str) -> str:
    """The part of one of our IRIs after its kind (``id/meeting/x`` -> ``x``); other IRIs unchanged.

    >>> local("https://w3id.org/euus-kg/id/presidency/2018-h1")
    '2018-h1'
    """
    if iri.startswith(str(ID)):
        return iri[len(str(ID)) :].split("/", 1)[-1]
    return iri
