"""``/api/stats``: meetings per period, per topic, and the co-participation network."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from api.deps import SnapshotDep
from api.paging import LimitQuery, OffsetQuery, json_answer, page_of
from api.params import (
    Basis,
    BasisQuery,
    FromQuery,
    LangQuery,
    ParticipantQuery,
    TopicQuery,
    ToQuery,
    basis_query,
    responses,
)
from api.schemas import Network, Page, TimelinePoint, TopicCount
from graph.views.charts import network, timeline, topic_stats

router = APIRouter(prefix="/api/stats", tags=["Statistics"])


@router.get(
    "/timeline",
    summary="Meetings per year, half-year or presidency (held and planned apart)",
    response_model=Page[TimelinePoint],
    responses=responses(422),
)
async def stats_timeline(
    request: Request,
    snapshot: SnapshotDep,
    by: Annotated[Literal["year", "half-year", "presidency"], Query(description="The period")] = "year",
    topic: TopicQuery = None,
    participant: ParticipantQuery = None,
    basis: Annotated[
        Basis | None,
        basis_query("Count only participations of this basis: the participant's; alone, meetings with one"),
    ] = None,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
) -> Response:
    """Periods with meetings, oldest first; a meeting dated by its year alone has no half-year."""
    rows = timeline(snapshot, by, topic, participant, basis)
    return page_of(request, rows, limit=limit, offset=offset)


@router.get(
    "/topics",
    summary="Meetings per topic in a date range, most frequent first",
    response_model=Page[TopicCount],
    responses=responses(422),
)
async def stats_topics(
    request: Request,
    snapshot: SnapshotDep,
    start_from: FromQuery = None,
    start_to: ToQuery = None,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    lang: LangQuery = "en",
) -> Response:
    """A meeting counts under its topics, its sessions' topics and all their broader topics."""
    rows = snapshot.memo(("topic-stats", start_from, start_to, lang),
                         lambda: topic_stats(snapshot, start_from, start_to, lang))  # fmt: skip
    return page_of(request, rows, limit=limit, offset=offset)


@router.get(
    "/network",
    summary="Co-participation network: participants with their side, edges weighted by meetings together",
    response_model=Network,
    responses=responses(422),
)
async def stats_network(
    snapshot: SnapshotDep,
    start_from: FromQuery = None,
    start_to: ToQuery = None,
    min_weight: Annotated[int, Query(ge=1, description="Leave out pairs that met fewer times")] = 1,
    basis: BasisQuery = None,
    lang: LangQuery = "en",
) -> Response:
    """Nodes are the participants of meetings in the range; an edge joins two at the same meeting."""
    return json_answer(network(snapshot, start_from, start_to, min_weight, lang, basis))
