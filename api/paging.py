"""The list envelope of ``/api``: items, total, limit, offset, next, prev (and a ``Link`` header)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Query, Request, Response

LimitQuery = Annotated[int, Query(ge=1, le=1000, description="Items per page")]
OffsetQuery = Annotated[int, Query(ge=0, description="Items to skip")]


def envelope(
    request: Request, response: Response, items: Sequence[Any], *, total: int, limit: int, offset: int
) -> dict[str, Any]:
    """The envelope of one page whose ``items`` are already cut; sets the ``Link`` header too."""
    following = (
        str(request.url.include_query_params(offset=offset + limit)) if offset + limit < total else None
    )
    previous = str(request.url.include_query_params(offset=max(offset - limit, 0))) if offset > 0 else None
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((following, "next"), (previous, "prev")) if url]
    if links:
        response.headers["Link"] = ", ".join(links)
    return {"items": list(items), "total": total, "limit": limit, "offset": offset, "next": following,
            "prev": previous}  # fmt: skip


def page_of(
    request: Request, response: Response, rows: Sequence[Any], *, limit: int, offset: int
) -> dict[str, Any]:
    """The envelope of one page cut from the whole list ``rows``."""
    return envelope(
        request, response, rows[offset : offset + limit], total=len(rows), limit=limit, offset=offset
    )
