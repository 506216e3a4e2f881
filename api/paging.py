"""Answers of ``/api``: JSON bodies and the list envelope (items, total, limit, offset, next, prev, ``Link``).

The routes declare their pydantic models for the OpenAPI document and hand back a ready response built
here, so that a large answer (a network of thousands of edges) is not validated field by field on every
request; the tests check every answer against the models instead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import Query, Request, Response

LimitQuery = Annotated[int, Query(ge=1, le=1000, description="Items per page")]
OffsetQuery = Annotated[int, Query(ge=0, description="Items to skip")]


def json_answer(content: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A 200 ``application/json`` answer of ``content`` (plain dicts, lists, strings and numbers)."""
    body = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(body, media_type="application/json", headers=dict(headers or {}))


def page_answer(request: Request, items: Sequence[Any], *, total: int, limit: int, offset: int) -> Response:
    """The envelope of one page whose ``items`` are already cut, with the ``Link`` header."""
    following = (
        str(request.url.include_query_params(offset=offset + limit)) if offset + limit < total else None
    )
    previous = str(request.url.include_query_params(offset=max(offset - limit, 0))) if offset > 0 else None
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((following, "next"), (previous, "prev")) if url]
    envelope = {"items": list(items), "total": total, "limit": limit, "offset": offset, "next": following,
                "prev": previous}  # fmt: skip
    return json_answer(envelope, {"Link": ", ".join(links)} if links else None)


def page_of(request: Request, rows: Sequence[Any], *, limit: int, offset: int) -> Response:
    """The envelope of one page cut from the whole list ``rows``."""
    return page_answer(request, rows[offset : offset + limit], total=len(rows), limit=limit, offset=offset)
