"""Parsing what a write sends: SPARQL Update (with a fast path for data-only requests), RDF documents.

* Requests made only of ``INSERT DATA``/``DELETE DATA`` (the usual writes) are parsed by
  pyoxigraph, the store's own parser, in a throw-away in-memory store: exactly the terms the store
  would write, in about a millisecond (rdflib's parser takes tens of milliseconds).
* Other requests are parsed by rdflib into its algebra, in which ``LOAD`` and ``SERVICE`` are
  refused (:class:`~graph.errors.Forbidden`: outbound requests are an SSRF risk,
  https://owasp.org/www-community/attacks/Server_Side_Request_Forgery);
  the store's parser then judges the syntax too, so that the guard accepts what the store
  accepts, with the store's messages (line, column).
"""

from __future__ import annotations

import re
import threading
from typing import Any
from xml.parsers import expat

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.errors import Forbidden, InvalidInput, InvalidQuery
from graph.sparql.scan import SSRF_RULE, _blank, invalid_input, invalid_query, missing_prefix_declarations
from graph.store.formats import rdf_format
from graph.store.reader import Triple3
from graph.store.terms import ToRdflib

__all__ = ["SSRF_RULE", "data_operations", "parse_graph_data", "parse_update"]

# pyparsing, under rdflib's SPARQL parser, is not thread-safe (BlueBrain/nexus-forge#418).
_PARSE_LOCK = threading.Lock()
_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[\w.\-]*:|BASE)\s*", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DATA_OPERATION = re.compile(r"(INSERT|DELETE)\s+DATA\s*\{", re.IGNORECASE)


def _check_syntax(text: str, base_iri: str | None, prefixes: dict[str, str]) -> None:
    """Let the store's parser judge the syntax (the update runs on an empty scratch store)."""
    try:
        ox.Store().update(text, base_iri=base_iri, prefixes=prefixes or None)
    except SyntaxError as error:
        raise invalid_query(str(error)) from None
    except (RuntimeError, OSError):  # evaluation on an empty store may fail; the syntax was fine
        pass


def data_operations(
    text: str, base_iri: str | None, prefixes: dict[str, str]
) -> list[tuple[bool, list[Any]]] | None:
    """``[(is_insert, quads)]`` when ``text`` is only ``INSERT DATA``/``DELETE DATA``, else ``None``.

    Each operation is run, as ``INSERT DATA`` and after the declarations before it, on an empty
    pyoxigraph store; the quads it holds afterwards are the operation's data.
    """
    if "\\u" in text or "\\U" in text:  # escapes may spell keywords: leave it to the full parser
        return None
    blanked = _blank(text)
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(blanked):
        if char in "{}":
            depth += 1 if char == "{" else -1
        elif char == ";" and depth == 0:
            pieces.append((start, index))
            start = index + 1
    pieces.append((start, len(text)))
    operations: list[tuple[bool, int, int, int]] = []  # (insert, start, end, end of prologue)
    for begin, end in pieces:
        position = begin
        while match := _PROLOGUE.match(blanked, position, end):
            if match.end() == position:
                break
            position = match.end()
        if not blanked[position:end].strip():
            continue
        match = _DATA_OPERATION.match(blanked, position, end)
        if match is None:
            return None
        operations.append((match.group(1).upper() == "INSERT", begin, end, position))
    if all(insert for insert, *_ in operations):  # one run: syntax check and data at once
        return [(True, _run_data(text, base_iri, prefixes))]
    _check_syntax(text, base_iri, prefixes)
    result, prologue = [], ""
    for insert, begin, end, keyword in operations:
        own = text[begin:keyword]
        body = text[keyword:end] if insert else "INSERT" + text[keyword + 6 : end]
        quads = _run_data(prologue + own + body, base_iri, prefixes)
        prologue += own + "\n"
        result.append((insert, quads))
    return result


def _run_data(text: str, base_iri: str | None, prefixes: dict[str, str]) -> list[Any]:
    scratch = ox.Store()
    try:
        scratch.update(text, base_iri=base_iri, prefixes=prefixes or None)
    except SyntaxError as error:
        raise invalid_query(str(error)) from None
    convert = ToRdflib()
    return [
        (
            convert(q.subject),
            convert(q.predicate),
            convert(q.object),
            None if isinstance(q.graph_name, ox.DefaultGraph) else convert(q.graph_name),
        )
        for q in scratch
    ]


def parse_update(text: str, base_iri: str | None, prefixes: dict[str, str]) -> list[CompValue]:
    """Parse with rdflib, refuse ``LOAD``/``SERVICE``, then let the store's parser judge the syntax.

    The scratch run of :func:`_check_syntax` comes last, so that it never sees ``LOAD`` or
    ``SERVICE``; when rdflib cannot parse the text, the store's message (line, column) is given
    if the store cannot either.

    ``prefixes`` the text uses without declaring them are declared in front of it, on its first
    line: rdflib's own ``initNs`` is bound again for every operation, which unbinds a prefix the
    text declares for the same namespace under another name (``dc:`` lost to ``dct:``).
    """
    try:
        with _PARSE_LOCK:
            parsed = parseUpdate(missing_prefix_declarations(text, prefixes) + text)
        operations = list(algebra.translateUpdate(parsed, base=base_iri).algebra)
    except Exception as error:  # pyparsing's ParseException, or rdflib's bare Exception (unknown prefix…)
        _check_syntax(text, base_iri, prefixes)
        if isinstance(error, ParseException):
            raise InvalidQuery(str(error.msg), line=error.lineno, column=error.col) from None
        raise InvalidQuery(f"the update cannot be evaluated here: {error}") from None
    names = _names(operations, set())
    for name, keyword in (("Load", "LOAD"), ("ServiceGraphPattern", "SERVICE")):
        if name in names:
            raise Forbidden(f"{keyword} is refused: {SSRF_RULE}")
    _check_syntax(text, base_iri, prefixes)
    return operations


def _names(node: Any, found: set[str]) -> set[str]:
    """Names of every ``CompValue`` in an rdflib algebra tree."""
    if isinstance(node, CompValue):
        found.add(node.name)
        for value in node.values():
            _names(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _names(value, found)
    elif isinstance(node, dict):
        for value in node.values():
            _names(value, found)
    return found


def parse_graph_data(data: bytes, format: str, *, base_iri: str | None = None) -> list[Triple3]:
    """Parse the body of a Graph Store write into rdflib triples, with pyoxigraph.

    pyoxigraph fetches no JSON-LD remote context and expands no XML entity; an RDF/XML document
    with a ``DOCTYPE`` is refused anyway (entity expansion: https://owasp.org/www-community/vulnerabilities/XML_External_Entity_(XXE)_Processing).

    Raises:
        InvalidInput: unknown format, a syntax error (line, column), named graphs, or a DOCTYPE.
    """
    fmt = rdf_format(format)
    if fmt == ox.RdfFormat.RDF_XML and _DOCTYPE.search(data):
        raise InvalidInput(
            "RDF/XML with a DOCTYPE is refused: XML entities are not expanded (https://owasp.org/www-community/vulnerabilities/XML_External_Entity_(XXE)_Processing)",
            format=fmt.name,
        )
    _refuse_what_pyoxigraph_passes(data, fmt)
    try:
        parsed = list(ox.parse(data, fmt, base_iri=base_iri, without_named_graphs=True))
    except SyntaxError as error:
        raise invalid_input(error, fmt) from None
    convert = ToRdflib()
    return [(convert(q.subject), convert(q.predicate), convert(q.object)) for q in parsed]


def _refuse_what_pyoxigraph_passes(data: bytes, fmt: ox.RdfFormat) -> None:
    """Refuse the broken documents pyoxigraph reads as empty: unclosed XML, JSON-LD that is no object.

    Raises:
        InvalidInput: the document is not well-formed XML, or its JSON is not an object or an array.
    """
    if fmt == ox.RdfFormat.RDF_XML:  # no DOCTYPE got this far, so expat has no entity to expand
        parser = expat.ParserCreate()
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            message = expat.ErrorString(error.code)
            raise InvalidInput(f"not well-formed XML: {message}", format=fmt.name, line=error.lineno,
                               column=error.offset + 1) from None  # fmt: skip
    elif fmt == ox.RdfFormat.JSON_LD and data.lstrip()[:1] not in (b"{", b"["):
        raise InvalidInput("a JSON-LD document is a JSON object or an array", format=fmt.name)
