"""Streaming writers of SELECT results, capped at ``max_rows``: SPARQL JSON, XML, CSV and TSV.

pyoxigraph's ``QuerySolutions.serialize`` cannot stop after ``max_rows`` solutions, so the worker
writes SELECT results itself. The output is byte-for-byte what pyoxigraph writes (tested), with
the truncation markers described in :mod:`graph.query.executor`. Formats:
https://www.w3.org/TR/sparql11-results-json/, https://www.w3.org/TR/rdf-sparql-XMLres/ and
https://www.w3.org/TR/sparql11-results-csv-tsv/ (TSV terms in N-Triples/Turtle syntax, CSV plain
values quoted as in RFC 4180).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

import pyoxigraph as ox

from graph.errors import NotAcceptable
from graph.formats import CSV, QUERY_GRAPH_FORMATS, QUERY_SOLUTION_FORMATS, TSV, Format

#: Characters of output sent per chunk; a first chunk this big also ends the look-ahead.
CHUNK_CHARS = 64 * 1024
#: Link put in the head of a SPARQL JSON/XML result that was cut at ``max_rows`` rows.
TRUNCATED_LINK = "urn:euus:truncated:max-rows={}"


class ResultFormat(NamedTuple):
    """One serialization a query result can be asked for.

    Attributes:
        name: ``json``, ``xml``, ``csv``, ``tsv`` (solutions) or the RDF media type (graphs).
        content_type: the ``Content-Type`` of the answer.
        kinds: the kinds of query it serves: ``select``, ``ask``, ``graph``.
    """

    name: str
    content_type: str
    kinds: frozenset[str]


_SOLUTIONS = frozenset({"select", "ask"})
_TABLES = frozenset({"select"})
_GRAPHS = frozenset({"graph"})


def _result_format(fmt: Format) -> ResultFormat:
    if fmt.carries == "results":
        # the writers are named like rdflib's result serializers; only the tables are declared UTF-8
        content_type = fmt.content_type if fmt in (CSV, TSV) else fmt.media_type
        return ResultFormat(str(fmt.rdflib), content_type, _TABLES if fmt in (CSV, TSV) else _SOLUTIONS)
    return ResultFormat(fmt.media_type, fmt.media_type, _GRAPHS)


#: Every media type a query result can be asked for (lower case, no parameters).
FORMATS: dict[str, ResultFormat] = {
    fmt.media_type: _result_format(fmt) for fmt in (*QUERY_SOLUTION_FORMATS, *QUERY_GRAPH_FORMATS)
}


def media_types_for(kind: str) -> list[str]:
    """The media types a result of ``kind`` (``select``, ``ask``, ``graph``) can be asked in.

    >>> media_types_for("ask")
    ['application/sparql-results+json', 'application/json', 'application/sparql-results+xml']
    """
    return [name for name, fmt in FORMATS.items() if kind in fmt.kinds]


class WrongFormatForQuery(NotAcceptable):
    """The result format asked for cannot carry this kind of result (HTTP 406).

    Attributes:
        kind: ``select``, ``ask`` or ``graph``; ``None`` when the format is not known at all.
        media_type: the format asked for.
        allowed: the media types that would do.
    """

    def __init__(self, kind: str | None, media_type: str, allowed: list[str]) -> None:
        self.kind = kind
        self.media_type = media_type
        self.allowed = allowed
        what = f"a {kind} result" if kind else "a query result"
        super().__init__(
            f"{what} cannot be serialized as {media_type!r}; available: {', '.join(allowed)}", allowed
        )


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_XSD_INTEGER = _XSD + "integer"
_XSD_BOOLEAN = _XSD + "boolean"
_XSD_DECIMAL = _XSD + "decimal"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_CACHE_LIMIT = 65_536


class ChunkSink(Protocol):
    """Where the chunks of a result go (the worker's sender)."""

    def send(self, data: bytes, *, final: bool, rows: int, truncated: bool | None) -> None:
        """Pass on one chunk with the counts known so far (``truncated`` is ``None`` if unknown)."""
        ...


def write_select(sender: ChunkSink, solutions: Any, name: str, max_rows: int) -> None:
    """Write solutions, at most ``max_rows``, in ``name`` (``json``, ``xml``, ``csv``, ``tsv``).

    The head is held back until the first chunk is full, so a result that ends (or is cut)
    within the first chunk gets the truncation link in its head.
    """
    variables = [variable.value for variable in solutions.variables]
    writer = _WRITERS[name](variables)
    parts: list[str] = []
    size = rows = 0
    head_sent = cut = False
    for solution in solutions:
        if rows == max_rows:
            cut = True
            break
        line = writer.row(solution)
        parts.append(line)
        size += len(line)
        rows += 1
        if size >= CHUNK_CHARS:
            if not head_sent:
                parts.insert(0, writer.head(None))
                head_sent = True
            sender.send("".join(parts).encode(), final=False, rows=rows, truncated=None)
            parts, size = [], 0
    if not head_sent:
        parts.insert(0, writer.head(TRUNCATED_LINK.format(max_rows) if cut else None))
    parts.append(writer.tail(TRUNCATED_LINK.format(max_rows) if cut else None, late=head_sent))
    sender.send("".join(parts).encode(), final=True, rows=rows, truncated=cut)


class _Writer:
    """Text of a SELECT result in one format: ``head``, one ``row`` per solution, ``tail``."""

    def __init__(self, variables: list[str]) -> None:
        self.variables = variables
        self.cache: dict[Any, str] = {}

    def term(self, term: Any) -> str:
        """The text of one term, cached (IRIs and common literals repeat a lot)."""
        found = self.cache.get(term)
        if found is None:
            found = self.encode(term)
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()
            self.cache[term] = found
        return found

    def encode(self, term: Any) -> str:
        """The text of one term."""
        raise NotImplementedError

    def head(self, link: str | None) -> str:
        """Everything before the first row; ``link`` marks a result known to be cut."""
        raise NotImplementedError

    def row(self, solution: Any) -> str:
        """One solution."""
        raise NotImplementedError

    def tail(self, link: str | None, *, late: bool) -> str:
        """Everything after the last row; ``late``: the head was sent before the cut was known."""
        raise NotImplementedError


class _JsonWriter(_Writer):
    def __init__(self, variables: list[str]) -> None:
        super().__init__(variables)
        self.keys = [json.dumps(name, ensure_ascii=False) + ":" for name in variables]
        self.first = True

    def encode(self, term: Any) -> str:
        cls = term.__class__
        if cls is ox.NamedNode:
            return '{"type":"uri","value":' + _json(term.value) + "}"
        if cls is ox.BlankNode:
            return '{"type":"bnode","value":' + _json(term.value) + "}"
        if cls is ox.Literal:
            text = '{"type":"literal","value":' + _json(term.value)
            if term.language:
                text += ',"xml:lang":' + _json(term.language)
                if term.direction is not None:
                    text += ',"its:dir":' + _json(str(term.direction.value))
            elif term.datatype.value != _XSD_STRING:
                text += ',"datatype":' + _json(term.datatype.value)
            return text + "}"
        subject, predicate, object_ = (
            self.encode(part) for part in (term.subject, term.predicate, term.object)
        )
        return (
            f'{{"type":"triple","value":{{"subject":{subject},"predicate":{predicate},"object":{object_}}}}}'
        )

    def head(self, link: str | None) -> str:
        names = ",".join(key[:-1] for key in self.keys)
        links = f',"link":[{_json(link)}]' if link else ""
        return f'{{"head":{{"vars":[{names}]{links}}},"results":{{"bindings":['

    def row(self, solution: Any) -> str:
        text = ",".join(
            key + self.term(value)
            for key, value in zip(self.keys, solution, strict=True)
            if value is not None
        )
        if self.first:
            self.first = False
            return "{" + text + "}"
        return ",{" + text + "}"

    def tail(self, link: str | None, *, late: bool) -> str:
        return ']},"truncated":true}' if link else "]}}"


class _XmlWriter(_Writer):
    def __init__(self, variables: list[str]) -> None:
        super().__init__(variables)
        self.openings = [f'<binding name="{_xml(name)}">' for name in variables]

    def encode(self, term: Any) -> str:
        cls = term.__class__
        if cls is ox.NamedNode:
            return "<uri>" + _xml(term.value) + "</uri>"
        if cls is ox.BlankNode:
            return "<bnode>" + _xml(term.value) + "</bnode>"
        if cls is ox.Literal:
            if term.language:
                attributes = f' xml:lang="{_xml(term.language)}"'
                if term.direction is not None:
                    attributes += (
                        f' its:dir="{term.direction.value}" xmlns:its="http://www.w3.org/2005/11/its"'
                        ' its:version="2.0"'
                    )
            elif term.datatype.value != _XSD_STRING:
                attributes = f' datatype="{_xml(term.datatype.value)}"'
            else:
                attributes = ""
            return f"<literal{attributes}>{_xml(term.value)}</literal>"
        return (
            f"<triple><subject>{self.encode(term.subject)}</subject><predicate>"
            f"{self.encode(term.predicate)}</predicate><object>{self.encode(term.object)}</object></triple>"
        )

    def head(self, link: str | None) -> str:
        variables = "".join(f'<variable name="{_xml(name)}"/>' for name in self.variables)
        links = f'<link href="{_xml(link)}"/>' if link else ""
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{variables}{links}</head><results>"
        )

    def row(self, solution: Any) -> str:
        bindings = "".join(
            opening + self.term(value) + "</binding>"
            for opening, value in zip(self.openings, solution, strict=True)
            if value is not None
        )
        return f"<result>{bindings}</result>"

    def tail(self, link: str | None, *, late: bool) -> str:
        marker = f"<!-- truncated: {_xml(link)} -->" if link and late else ""
        return f"</results>{marker}</sparql>"


class _CsvWriter(_Writer):
    def encode(self, term: Any) -> str:
        cls = term.__class__
        if cls is ox.NamedNode:
            return str(term.value)
        if cls is ox.BlankNode:
            return "_:" + term.value
        if cls is ox.Literal:
            value = term.value
            if '"' in value or "," in value or "\n" in value or "\r" in value:
                return '"' + value.replace('"', '""') + '"'
            return str(value)
        return f"{self.encode(term.subject)} {self.encode(term.predicate)} {self.encode(term.object)}"

    def head(self, link: str | None) -> str:
        return ",".join(self.variables) + "\r\n"

    def row(self, solution: Any) -> str:
        return ",".join(self.term(value) if value is not None else "" for value in solution) + "\r\n"

    def tail(self, link: str | None, *, late: bool) -> str:
        return ""


class _TsvWriter(_Writer):
    def encode(self, term: Any) -> str:
        cls = term.__class__
        if cls is ox.Literal:
            value, datatype = term.value, term.datatype.value
            if term.language:
                direction = f"--{term.direction.value}" if term.direction is not None else ""
                return f'"{value.translate(_TSV_ESCAPES)}"@{term.language}{direction}'
            if datatype == _XSD_STRING:
                return f'"{value.translate(_TSV_ESCAPES)}"'
            if (datatype == _XSD_INTEGER and _INTEGER.fullmatch(value)) or (
                datatype == _XSD_DECIMAL and _DECIMAL.fullmatch(value)
            ):
                return str(value)
            if datatype == _XSD_BOOLEAN and value in ("true", "false", "1", "0"):
                return "true" if value in ("true", "1") else "false"
            return f'"{value.translate(_TSV_ESCAPES)}"^^<{datatype}>'
        if cls is ox.Triple:
            parts = (self.encode(part) for part in (term.subject, term.predicate, term.object))
            return "<<( {} {} {} )>>".format(*parts)
        return str(term)

    def head(self, link: str | None) -> str:
        return "\t".join("?" + name for name in self.variables) + "\n"

    def row(self, solution: Any) -> str:
        return "\t".join(self.term(value) if value is not None else "" for value in solution) + "\n"

    def tail(self, link: str | None, *, late: bool) -> str:
        return ""


_WRITERS: dict[str, Callable[[list[str]], _Writer]] = {
    "json": _JsonWriter,
    "xml": _XmlWriter,
    "csv": _CsvWriter,
    "tsv": _TsvWriter,
}

_json = json.JSONEncoder(ensure_ascii=False).encode
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})
_XML_SPACE = " \t\n\r"
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _xml(text: str) -> str:
    """Escape text for XML like pyoxigraph: markup characters, and white space at either end."""
    if any(char in text for char in "&<>\"'"):
        text = text.translate(_XML_ESCAPES)
    if text and (text[0] in _XML_SPACE or text[-1] in _XML_SPACE):
        body = text.strip(_XML_SPACE)
        start = len(text) - len(text.lstrip(_XML_SPACE))
        lead = text[:start] if body else text
        trail = text[start + len(body) :] if body else ""
        text = _references(lead) + body + _references(trail)
    return text


def _references(space: str) -> str:
    return "".join(f"&#{ord(char)};" for char in space)
