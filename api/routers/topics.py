"""``/api/topics`` and ``/api/places``: the topic tree and the places, with meeting counts."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import SnapshotDep
from api.paging import LimitQuery, OffsetQuery, json_answer, page_of
from api.params import IdPath, LangQuery, responses
from api.schemas import Page, Place, Topic, TopicDetail
from graph.errors import NotFound
from graph.views.catalog import places, topic, topics

router = APIRouter(prefix="/api", tags=["Topics and places"])


@router.get(
    "/topics",
    summary="The topic tree, depth first, with meeting counts (narrower topics and sessions included)",
    response_model=Page[Topic],
    responses=responses(422),
)
async def list_topics(
    request: Request,
    snapshot: SnapshotDep,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    lang: LangQuery = "en",
) -> Response:
    """Every topic of the scheme; ``depth`` and ``broader``/``narrower`` give the tree."""
    rows = snapshot.memo(("topics", lang), lambda: topics(snapshot, lang))
    return page_of(request, rows, limit=limit, offset=offset)


@router.get(
    "/topics/{id:path}",
    summary="One topic: labels, place in the tree, counts, latest meetings",
    response_model=TopicDetail,
    responses=responses(404, 422),
)
async def get_topic(id: IdPath, snapshot: SnapshotDep, lang: LangQuery = "en") -> Response:
    """The topic ``id`` (``cybercrime``, ``topic/cybercrime`` or the IRI), or 404."""
    found = snapshot.memo(("topic", id, lang), lambda: topic(snapshot, id, lang))
    if found is None:
        raise NotFound(f"no topic {id!r}")
    return json_answer(found)


@router.get(
    "/places", summary="Places with meeting counts", response_model=Page[Place], responses=responses(422)
)
async def list_places(
    request: Request,
    snapshot: SnapshotDep,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    lang: LangQuery = "en",
) -> Response:
    """Cities, border crossing points and countries, most meetings first."""
    rows = snapshot.memo(("places", lang), lambda: places(snapshot, lang))
    return page_of(request, rows, limit=limit, offset=offset)
