"""``/api/presidencies``: the Council presidency rota 2007-2030, and who held it on a given day."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import SnapshotDep
from api.paging import LimitQuery, OffsetQuery, json_answer, page_of
from api.params import DAY, IdPath, LangQuery, responses
from api.schemas import Page, Presidency, PresidencyDetail
from graph.errors import InvalidParameter, NotFound
from graph.views.catalog import presidencies, presidency, presidency_at

router = APIRouter(prefix="/api", tags=["Presidencies"])


@router.get(
    "/presidencies",
    summary="The rota, in order, with trios, Member States and meeting counts",
    response_model=Page[Presidency],
    responses=responses(422),
)
async def list_presidencies(
    request: Request,
    snapshot: SnapshotDep,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    lang: LangQuery = "en",
) -> Response:
    """Every presidency of the known rota, oldest first."""
    rows = snapshot.memo(("presidencies", lang), lambda: presidencies(snapshot, lang))
    return page_of(request, rows, limit=limit, offset=offset)


@router.get(
    "/presidencies/at",
    summary="The presidency in office on a day",
    response_model=Presidency,
    responses=responses(404, 422),
)
async def presidency_on(
    snapshot: SnapshotDep,
    date: Annotated[
        str,
        Query(
            pattern=DAY,
            description="The day (YYYY-MM-DD)",
            examples=["2018-03-01"],
            json_schema_extra={"format": "date"},
        ),
    ],
    lang: LangQuery = "en",
) -> Response:
    """Who held the presidency of the Council on ``date``; 404 outside the known rota."""
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise InvalidParameter("date", f"{date!r} is not a day of the calendar (YYYY-MM-DD)") from None
    found = snapshot.memo(("presidency-at", date, lang), lambda: presidency_at(snapshot, date, lang))
    if found is None:
        raise NotFound(f"{date} is outside the known rota of presidencies")
    return json_answer(found)


@router.get(
    "/presidencies/{id:path}",
    summary="One presidency with its meetings",
    response_model=PresidencyDetail,
    responses=responses(404, 422),
)
async def get_presidency(id: IdPath, snapshot: SnapshotDep, lang: LangQuery = "en") -> Response:
    """The presidency ``id`` (``2018-h1``, ``presidency/2018-h1`` or the IRI), or 404."""
    found = snapshot.memo(("presidency", id, lang), lambda: presidency(snapshot, id, lang))
    if found is None:
        raise NotFound(f"no presidency {id!r}")
    return json_answer(found)
