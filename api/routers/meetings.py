"""``/api/meetings``: meetings for dashboards, filtered, sorted and paged; one meeting in full."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api.deps import SnapshotDep, StoreDep
from api.paging import LimitQuery, OffsetQuery, json_answer, page_answer
from api.params import (
    Basis,
    FromQuery,
    IdPath,
    LangQuery,
    ParticipantQuery,
    TopicQuery,
    ToQuery,
    basis_query,
    id_query,
    responses,
)
from api.schemas import MeetingDetail, MeetingSummary, Page
from graph.errors import NotFound
from graph.views.meetings import MeetingFilter, get_meeting, list_meetings

router = APIRouter(prefix="/api", tags=["Meetings"])


@router.get(
    "/meetings",
    summary="Meetings with kind, dates, place, attendance mode, presidency, topics and participants",
    response_model=Page[MeetingSummary],
    responses=responses(422),
)
async def meetings(
    request: Request,
    snapshot: SnapshotDep,
    start_from: FromQuery = None,
    start_to: ToQuery = None,
    topic: TopicQuery = None,
    presidency: Annotated[str | None, id_query("Presidency id or IRI", "2018-h1")] = None,
    participant: ParticipantQuery = None,
    kind: Annotated[str | None, id_query("Meeting kind id or IRI", "ministerial")] = None,
    q: Annotated[str | None, Query(description="Words in the title (any language)", max_length=200)] = None,
    place: Annotated[str | None, id_query("Place id or IRI; a country includes its cities", "sofia")] = None,
    series: Annotated[str | None, id_query("Meeting series id or IRI", "eu-us-jha-ministerial")] = None,
    status: Annotated[Literal["held", "planned"] | None, Query(description="Held or planned")] = None,
    side: Annotated[
        Literal["eu", "us"] | None, Query(description="Meetings with a participant of this side")
    ] = None,
    basis: Annotated[
        Basis | None,
        basis_query(
            "Count only participations of this basis in participant and side; alone, meetings with such a"
            " participation"
        ),
    ] = None,
    sort: Annotated[
        Literal["start", "-start", "label", "-label"], Query(description="Sort key; a leading - reverses")
    ] = "start",
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    lang: LangQuery = "en",
) -> Response:
    """List meetings, oldest first unless ``sort`` says otherwise. Each filter narrows the list."""
    selection = MeetingFilter(
        start_from, start_to, topic, presidency, participant, kind, q, place, series, status, side, sort,
        limit, offset, lang, basis,
    )  # fmt: skip
    found = list_meetings(snapshot, selection)
    return page_answer(request, found.items, total=found.total, limit=limit, offset=offset)


@router.get(
    "/meetings/{id:path}",
    summary="One meeting: sessions, participants, statements, related meetings and visits, sources",
    response_model=MeetingDetail,
    responses=responses(404, 422),
)
async def meeting(id: IdPath, store: StoreDep, snapshot: SnapshotDep, lang: LangQuery = "en") -> Response:
    """The meeting ``id`` (its local part, ``meeting/...``, or its IRI), or 404."""
    found = await run_in_threadpool(get_meeting, store, snapshot, id, lang)
    if found is None:
        raise NotFound(f"no meeting {id!r}")
    return json_answer(found)
