"""Domain errors of euus-kg.

Every error the library raises on purpose is an :class:`EuusError`, so that the HTTP layer can map
the whole family to responses in one table (``api/errors.py``). Messages say what is wrong and
where (line and column for syntax errors, the graph IRI for missing graphs).
"""

from __future__ import annotations

from typing import Any


class EuusError(Exception):
    """Base class of every error raised on purpose by euus-kg."""


class NotFound(EuusError):
    """A requested resource (graph, entity) does not exist."""


class InvalidQuery(EuusError):
    """A SPARQL query or update was refused by the parser or failed during evaluation.

    Attributes:
        message: the parser's (or server's) message.
        line: 1-based line of the error in the text the caller sent, when known.
        column: 1-based column of the error, when known.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"invalid SPARQL{where}: {message}")


class Forbidden(EuusError):
    """A SPARQL feature refused by policy, such as ``SERVICE`` or ``LOAD`` (outbound requests)."""


class QueryTimeout(EuusError):
    """A query ran longer than the allowed time and was abandoned."""


class QueryAborted(EuusError):
    """The process running the query died (out of memory, crash); retry."""


class NotAcceptable(EuusError):
    """No serialization the caller accepts exists for this kind of result.

    Attributes:
        offered: the media types (or format names) that would do, for the caller to list.
    """

    def __init__(self, message: str, offered: list[str] | None = None):
        super().__init__(message)
        self.offered = offered or []


class ValidationFailed(EuusError):
    """Data did not conform to the SHACL shapes.

    Attributes:
        report: the validation report (its type is fixed by ``graph.validation.full``).
    """

    def __init__(self, message: str, report: Any = None):
        self.report = report
        super().__init__(message)


class StoreUnavailable(EuusError):
    """The store cannot be reached: remote endpoint down, database locked by another process."""


class StoreNotWritable(EuusError):
    """The store's disk refuses a write: the file system is full or read-only. Nothing was written."""


class InvalidInput(EuusError):
    """Input RDF (or a term handed to the store) cannot be parsed or is not valid RDF.

    Attributes:
        format: name of the RDF format being read, when relevant.
        line: 1-based line of the error, when known.
        column: 1-based column of the error, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        format: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ):
        self.message = message
        self.format = format
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None else ""
        what = f"invalid {format} input" if format else "invalid input"
        super().__init__(f"{what}{where}: {message}")


class MissingGraphName(EuusError):
    """A Graph Store ``PUT`` or ``DELETE`` names no graph (neither a graph IRI nor the default graph)."""


class InvalidParameter(EuusError):
    """A request parameter has a value the lookup cannot use (a malformed id, an unknown choice).

    Attributes:
        parameter: the name of the parameter, as the caller wrote it.
    """

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")
