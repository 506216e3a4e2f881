"""``/api/search``: find a meeting, organisation, topic, presidency or place by the start of its words."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from api.deps import SnapshotDep
from api.paging import LimitQuery, OffsetQuery, page_of
from api.params import LangQuery, responses
from api.schemas import Page, SearchHit
from graph.views.search import search as search_labels

router = APIRouter(prefix="/api", tags=["Search"])

SearchType = Literal["meeting", "site-visit", "organisation", "presidency", "trio", "member-state", "topic",
                     "place", "series"]  # fmt: skip


@router.get(
    "/search",
    summary="Prefix search over labels in every language, case- and accent-insensitive, ranked",
    response_model=Page[SearchHit],
    responses=responses(422),
)
async def search(
    request: Request,
    snapshot: SnapshotDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="Beginnings of words", examples=["eurojus"])
    ],
    type: Annotated[SearchType | None, Query(description="Only resources of this type")] = None,
    limit: LimitQuery = 20,
    offset: OffsetQuery = 0,
    lang: LangQuery = "en",
) -> Response:
    """Every word of ``q`` must begin a word of one label; exact and whole-label matches rank first."""
    rows = search_labels(snapshot, q, kind=type, lang=lang)
    return page_of(request, rows, limit=limit, offset=offset)
