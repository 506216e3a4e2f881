"""Safe pieces of SPARQL text for our own templated queries: checked IRIs and escaped literals.

User input never enters a query verbatim: an IRI must match a strict pattern and is written in angle
brackets; a string becomes a quoted literal with every special character escaped.
"""

from __future__ import annotations

import re

from graph.errors import InvalidInput

_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def iri(value: str) -> str:
    """``<value>`` if ``value`` is an absolute IRI with no character that could end the IRI.

    >>> iri("https://w3id.org/euus-kg/id/org/europol")
    '<https://w3id.org/euus-kg/id/org/europol>'
    """
    if not _IRI.match(value):
        raise InvalidInput(f"{value!r} is not an absolute IRI")
    return f"<{value}>"


def string(value: str) -> str:
    r"""A SPARQL string literal for ``value``, every special character escaped.

    >>> string('say "hi"\n')
    '"say \\"hi\\"\\n"'
    """
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in value) + '"'


def date_prefix(value: str) -> str:
    """A year, year-month or full date as a string literal to compare lexical forms with."""
    if not _DATE.match(value):
        raise InvalidInput(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return string(value)
