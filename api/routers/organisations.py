"""``/api/organisations``: who takes part, on which side, how often, and with whom."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from api.deps import SnapshotDep
from api.paging import LimitQuery, OffsetQuery, json_answer, page_of
from api.params import BasisQuery, IdPath, LangQuery, responses
from api.schemas import Organisation, OrganisationDetail, Page
from graph.errors import NotFound
from graph.views.catalog import organisation, organisations

router = APIRouter(prefix="/api", tags=["Organisations"])


@router.get(
    "/organisations",
    summary="Organisations with side and meeting counts, most active first",
    response_model=Page[Organisation],
    responses=responses(422),
)
async def list_organisations(
    request: Request,
    snapshot: SnapshotDep,
    side: Annotated[Literal["eu", "us"] | None, Query(description="Only this side")] = None,
    basis: BasisQuery = None,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    lang: LangQuery = "en",
) -> Response:
    """Every organisation we hold, and every presidency that took part in a meeting."""
    rows = snapshot.memo(
        ("organisations", lang, side, basis), lambda: organisations(snapshot, lang, side, basis)
    )
    return page_of(request, rows, limit=limit, offset=offset)


@router.get(
    "/organisations/{id:path}",
    summary="One organisation: latest meetings, the bodies it meets most often, meetings by year",
    response_model=OrganisationDetail,
    responses=responses(404, 422),
)
async def get_organisation(
    id: IdPath, snapshot: SnapshotDep, lang: LangQuery = "en", basis: BasisQuery = None
) -> Response:
    """The organisation ``id`` (``europol``, ``org/europol`` or the IRI), or 404."""
    found = snapshot.memo(
        ("organisation", id, lang, basis), lambda: organisation(snapshot, id, lang, basis=basis)
    )
    if found is None:
        raise NotFound(f"no organisation {id!r}")
    return json_answer(found)
