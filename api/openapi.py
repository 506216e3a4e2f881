"""The OpenAPI document, with what the routes cannot declare one by one: the answers of the whole app.

Every error is ``application/problem+json`` (``api/errors.py``), FastAPI's own 422 included; every
request body may be refused as too large (``api/limits.py``); every GET under the conditional-GET
prefixes may answer 304 (``api/middleware.py``). A route states its own statuses and media types; this
adds the ones the app adds around it, so that a client generated from the document expects what it gets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM_JSON
from api.middleware import is_cached_path
from api.schemas.common import Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"
_METHODS = ("get", "put", "post", "delete", "head", "patch")


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def _is_fastapi_default(response: dict[str, Any]) -> bool:
    content = response.get("content")
    if not content:
        return True
    schema = content.get("application/json", {}).get("schema", {})
    return len(content) == 1 and schema.get("$ref") == _FASTAPI_422


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """Add the app-wide answers to ``document`` (an OpenAPI dict FastAPI made) and return it."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status.startswith(("4", "5")) and _is_fastapi_default(response):
                    text = response.get("description") or "The request was refused"
                    if status == "422" and "content" in response:
                        text = "A parameter is malformed: `invalid_params` names it and says why"
                    responses[status] = _problem(text)
            if "requestBody" in operation:
                responses.setdefault("413", _problem("The body is larger than EUUS_MAX_BODY_BYTES"))
            if method in ("get", "head") and is_cached_path(path):
                responses.setdefault("304", {"description": "Not modified: the If-None-Match tag is current"})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return document


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the completed document (built once, as FastAPI does)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    openapi_version=app.openapi_version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    replace: Callable[[], dict[str, Any]] = openapi
    app.openapi = replace  # type: ignore[method-assign]
