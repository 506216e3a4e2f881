"""The 422 answer to a write that breaks the shapes: a JSON summary, or the SHACL report as RDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from api.negotiation import negotiate
from graph.errors import NotAcceptable, ValidationFailed
from graph.formats import REPORT_RDF_FORMATS, Format

if TYPE_CHECKING:  # the validation (rdflib's SPARQL engine) is imported by the first write, not at start
    from graph.validation.full import ValidationReport

_SUMMARY = "application/problem+json"
#: The JSON summary (as problem JSON, or as plain JSON), then the report as RDF.
_SUMMARIES: tuple[Format, ...] = (
    Format(_SUMMARY, ("json", "problem"), (), None, None, "page"),
    Format("application/json", (), (), None, None, "page"),
)
REPORT_FORMATS: tuple[Format, ...] = (*_SUMMARIES, *REPORT_RDF_FORMATS)


def report_response(request: Request, error: ValidationFailed) -> Response:
    """422 with the report: focus node, path, value and message of each result."""
    report: ValidationReport = error.report
    try:
        chosen = negotiate(REPORT_FORMATS, request.headers.get("accept"))
    except NotAcceptable:
        chosen = REPORT_FORMATS[0]
    if chosen.rdflib is None:
        body = {
            "type": "https://w3id.org/euus-kg/problems/shacl-violation",
            "title": "shacl violation",
            "status": 422,
            "detail": str(error),
            **report.to_json(),
        }
        return JSONResponse(body, status_code=422, media_type=chosen.media_type)
    data = report.graph.serialize(format=chosen.rdflib, encoding="utf-8")
    return Response(data, status_code=422, media_type=chosen.content_type)
