"""Safe pieces of SPARQL text for our own templated queries: checked IRIs and escaped literals.

User input never enters a query verbatim: an IRI must match a strict pattern and is written in angle
brackets; a string becomes a quoted literal with every special character escaped.
"""

from __future__ import annotations

import re
from functools import cache

from graph.errors import InvalidInput

# RFC 3987 absolute IRIs, as the store's parser reads them (a differential test holds the two together):
# percent escapes must be complete, a port is digits, no space, control or C1 character anywhere.
# Written in the syntax Python, JSON Schema (ECMA 262) and pydantic's Rust regex share, so that the
# OpenAPI document can state it as it is (no \\s or \\d: their meaning differs between the three). Two
# deliberate narrowings: IP-literal hosts (``[::1]``) and characters beyond the BMP (write them as
# percent escapes) are refused.
_UCS = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
_PCT = "%[0-9A-Fa-f]{2}"
_IPCHAR = f"(?:[A-Za-z0-9._~!$&'()*+,;=:@{_UCS}-]|{_PCT})"
_AUTHORITY = (
    f"(?:(?:[A-Za-z0-9._~!$&'()*+,;=:{_UCS}-]|{_PCT})*@)?(?:[A-Za-z0-9._~!$&'()*+,;={_UCS}-]|{_PCT})*"
    "(?::[0-9]*)?"
)
#: An absolute IRI (scheme, hierarchical part, query, fragment), anchored.
IRI_PATTERN = (
    "^[A-Za-z][A-Za-z0-9+.-]*:"
    f"(?://{_AUTHORITY}(?:/{_IPCHAR}*)*|/(?:{_IPCHAR}+(?:/{_IPCHAR}*)*)?|{_IPCHAR}+(?:/{_IPCHAR}*)*|)"
    f"(?:[?](?:{_IPCHAR}|[/?\ue000-\uf8ff])*)?(?:#(?:{_IPCHAR}|[/?])*)?$"
)
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@cache
def iri_regex() -> re.Pattern[str]:
    """:data:`IRI_PATTERN`, compiled on first use.

    Compiling its Unicode ranges takes ~20 ms, which every start would pay at import (issue 10): the
    service's warmer compiles it after the start instead.
    """
    return re.compile(IRI_PATTERN)


def iri(value: str) -> str:
    """``<value>`` if ``value`` is an absolute IRI (:data:`IRI_PATTERN`): nothing in it can end the IRI.

    >>> iri("https://w3id.org/euus-kg/id/org/europol")
    '<https://w3id.org/euus-kg/id/org/europol>'
    """
    if not iri_regex().fullmatch(value):
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
    if not _DATE.fullmatch(value):
        raise InvalidInput(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return string(value)
