"""``/api/meetings``: meetings as JSON for dashboards, filtered by date, topic, presidency, participant."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from graph.errors import NotFound
from graph.lookup import MeetingFilter, expand, get_meeting, list_meetings

router = APIRouter(prefix="/api", tags=["Meetings (JSON)"])


@router.get(
    "/meetings", summary="Meetings, oldest first, with kind, dates, place, presidency, topics, participants"
)
async def meetings(
    request: Request,
    store: StoreDep,
    start_from: Annotated[
        str | None,
        Query(alias="from", description="Start date at or after (YYYY[-MM[-DD]])", examples=["2018-01"]),
    ] = None,
    start_to: Annotated[
        str | None, Query(alias="to", description="Start date at or before", examples=["2018"])
    ] = None,
    topic: Annotated[
        str | None,
        Query(description="Topic IRI or slug; narrower topics count", examples=["counter-terrorism"]),
    ] = None,
    presidency: Annotated[
        str | None, Query(description="Presidency IRI or key", examples=["2018-h1"])
    ] = None,
    participant: Annotated[
        str | None, Query(description="Organisation IRI or slug", examples=["europol"])
    ] = None,
    kind: Annotated[str | None, Query(description="Meeting kind", examples=["ministerial"])] = None,
    q: Annotated[str | None, Query(description="Words in the title", max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """List meetings; ``next`` links the following page when this one is full."""
    selection = MeetingFilter(start_from, start_to, topic, presidency, participant, kind, q, limit, offset)
    found = await run_in_threadpool(list_meetings, store, selection)
    following = None
    if len(found) == limit:
        following = str(request.url.include_query_params(offset=offset + limit))
    return {"meetings": found, "count": len(found), "limit": limit, "offset": offset, "next": following}


@router.get("/meetings/{meeting:path}", summary="One meeting by IRI or by its id/meeting/... path")
async def meeting(meeting: str, store: StoreDep) -> dict[str, Any]:
    """The meeting with its details, or 404."""
    found = await run_in_threadpool(get_meeting, store, expand(meeting, "meeting"))
    if found is None:
        raise NotFound(f"no meeting {meeting!r}")
    return found
