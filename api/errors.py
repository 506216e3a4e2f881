"""One table from domain errors to HTTP answers, all as ``application/problem+json`` (RFC 9457)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match, Route

from api.params import PATTERN_HINTS
from graph.errors import (
    EuusError,
    Forbidden,
    InvalidInput,
    InvalidParameter,
    InvalidQuery,
    MissingGraphName,
    NotAcceptable,
    NotFound,
    QueryAborted,
    QueryTimeout,
    StoreNotWritable,
    StoreUnavailable,
    ValidationFailed,
    WriteConflict,
)

log = logging.getLogger("euus.api")

PROBLEM_JSON = "application/problem+json"
#: The OpenAPI entry of a write refused because another process on the same store committed first.
WRITE_CONFLICT = {
    "description": "Another API process wrote to the store while this write was checked; nothing was stored: "
    "send it again."
}
PROBLEM_BASE = "https://w3id.org/euus-kg/problems/"


class Unauthorized(EuusError):
    """A write came without a bearer token."""


class WriteRefused(EuusError):
    """A write came with a wrong token, or writes are off (read-only mode, no token configured)."""


class UnsupportedMediaType(EuusError):
    """The request body has a media type (or charset) this route does not take."""


class BadRequest(EuusError):
    """The request is malformed: a missing, repeated or conflicting parameter."""


class PayloadTooLarge(EuusError):
    """The request body is larger than EUUS_MAX_BODY_BYTES."""


#: error class -> (HTTP status, problem code). Subclasses map like their nearest listed base.
STATUS: dict[type[EuusError], tuple[int, str]] = {
    BadRequest: (400, "bad-request"),
    MissingGraphName: (400, "bad-request"),
    InvalidQuery: (400, "invalid-query"),
    InvalidInput: (400, "invalid-input"),
    Unauthorized: (401, "unauthorized"),
    WriteRefused: (403, "write-refused"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not-found"),
    NotAcceptable: (406, "not-acceptable"),
    PayloadTooLarge: (413, "payload-too-large"),
    UnsupportedMediaType: (415, "unsupported-media-type"),
    WriteConflict: (409, "write-conflict"),
    ValidationFailed: (422, "shacl-violation"),
    InvalidParameter: (422, "invalid-parameter"),
    StoreUnavailable: (502, "store-unavailable"),
    QueryTimeout: (503, "query-timeout"),
    QueryAborted: (503, "query-aborted"),
    StoreNotWritable: (503, "store-not-writable"),
}


def status_of(error: EuusError) -> tuple[int, str]:
    """The HTTP status and problem code for ``error`` (500 for an unlisted domain error)."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500, "internal-error"


def problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response; ``extra`` members (line, column, offered...) go in the body."""
    body = {"type": PROBLEM_BASE + code, "title": code.replace("-", " "), "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": 'Bearer realm="euus-kg"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def domain_error(request: Request, error: Exception) -> Response:
    """The answer to a domain error: its row in :data:`STATUS`, as problem JSON (a SHACL report for 422)."""
    assert isinstance(error, EuusError)  # noqa: S101 - registered for EuusError only
    status, code = status_of(error)
    if isinstance(error, ValidationFailed):
        from api.shacl_report import report_response  # the report has its own negotiation

        return report_response(request, error)
    extra: dict[str, Any] = {}
    if isinstance(error, InvalidQuery):
        extra = {"line": error.line, "column": error.column}
    elif isinstance(error, InvalidInput):
        extra = {"line": getattr(error, "line", None), "column": getattr(error, "column", None)}
    elif isinstance(error, InvalidParameter):
        extra = {"invalid_params": [{"name": error.parameter, "reason": str(error)}]}
    elif isinstance(error, NotAcceptable):
        extra = {"offered": error.offered}
    if status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, error)
    return problem(status, code, str(error), **extra)


def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)  # noqa: S101
    detail = error.detail if isinstance(error.detail, str) else str(error.detail)
    code = {404: "not-found", 405: "method-not-allowed"}.get(error.status_code, "http-error")
    response = problem(error.status_code, code, f"{request.method} {request.url.path}: {detail}")
    if error.headers:
        response.headers.update(error.headers)
    if error.status_code == 405:  # Starlette names the methods of the first route of the path only
        response.headers["Allow"] = ", ".join(_allowed_methods(request))
    return response


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path answers (RFC 9110: a 405 lists them all in ``Allow``)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return sorted(methods)


def _parameter_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)  # noqa: S101
    # RFC 9457 "invalid_params": the parameter's name (the last part of the location) and the reason
    invalid = [
        {"name": str(e["loc"][-1]) if e.get("loc") else "?", "in": str(e["loc"][0]) if e.get("loc") else "?",
         "reason": _reason(e)}
        for e in error.errors()
    ]  # fmt: skip
    problems = [f"{p['name']} ({p['in']}): {p['reason']}" for p in invalid]
    return problem(422, "invalid-parameter", "; ".join(problems), errors=problems, invalid_params=invalid)


def _reason(error: Any) -> str:
    pattern = (error.get("ctx") or {}).get("pattern")
    hint = PATTERN_HINTS.get(str(pattern)) if pattern else None
    received = (
        f" (got {error['input']!r})" if "input" in error and isinstance(error["input"], str | int) else ""
    )
    return (hint or str(error.get("msg", "invalid"))) + received


def _client_gone(request: Request, error: Exception) -> Response:
    # The client closed the connection before its body arrived (a slow or abandoned upload): nobody
    # reads this answer, but without it the disconnect is logged as a crash with a traceback.
    log.info("%s %s: the client left before sending its whole body", request.method, request.url.path)
    return problem(400, "bad-request", "the connection closed before the whole request body arrived")


EXCEPTION_HANDLERS: Mapping[Any, Callable[[Request, Exception], Response]] = {
    ClientDisconnect: _client_gone,
    EuusError: domain_error,
    StarletteHTTPException: _http_error,
    RequestValidationError: _parameter_error,
}
