"""Ids in requests: the local part of our IRIs (``europol``), a ``kind/local`` path, or a full IRI."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from graph.errors import InvalidInput, InvalidParameter
from graph.namespaces import ID
from graph.sparql.text import iri as iri_text

_LOCAL = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")


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
        return [value]
    if not _LOCAL.match(value):
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
