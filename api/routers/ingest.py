"""``POST /api/ingest``: press releases in, validated facts with provenance stored, summaries out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep
from api.errors import WRITE_CONFLICT, BadRequest, UnsupportedMediaType
from api.protocol import _media_type
from api.security import BearerDep, require_writer

if TYPE_CHECKING:  # the extractors are imported by the first ingest or the warmer, not at start (issue 10)
    from graph.ingest.service import StoreIngest

router = APIRouter(prefix="/api", tags=["Ingest"])


async def _documents(request: Request) -> list[tuple[str | None, str]]:
    media_type, charset = _media_type(request.headers.get("content-type"))
    if media_type == "text/plain":
        if charset not in (None, "utf-8", "utf8"):
            raise UnsupportedMediaType(f"send the text as UTF-8, not {charset}")
        return [(request.query_params.get("name"), _decode(await request.body(), "the body"))]
    if media_type == "multipart/form-data":
        form = await request.form()
        files = [v for _, v in form.multi_items() if not isinstance(v, str)]
        if not files:
            raise BadRequest("the multipart body holds no file")
        return [(f.filename, _decode(await f.read(), f.filename or "a file")) for f in files]
    raise UnsupportedMediaType("send text/plain (one press release) or multipart/form-data (several files)")


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"{what} is not valid UTF-8 (byte {error.start})") from None


@router.post(
    "/ingest",
    summary="Ingest press releases (text/plain, or files in multipart/form-data)",
    responses={
        200: {"description": "Every document conformed and was stored; one summary each, in order."},
        400: {"description": "A document that is not UTF-8 text, or a multipart body without a file."},
        401: {"description": "No bearer token."},
        403: {"description": "A wrong token, or writes are off (read-only mode, no EUUS_WRITE_TOKEN)."},
        415: {"description": "A body that is neither text/plain (UTF-8) nor multipart/form-data."},
        409: WRITE_CONFLICT,
        422: {
            "description": "A document's facts do not conform; nothing of it was stored (see 'violations').",
            "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
        },
    },
    openapi_extra={
        "parameters": [
            {
                "name": "name",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "The document's name (text/plain bodies), as its source.",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                        },
                    }
                },
            },
        },
    },
)
async def ingest(
    request: Request,
    settings: SettingsDep,
    credentials: BearerDep,
) -> JSONResponse:
    """Extract meetings, participants, topics and dates; validate; store each conforming document."""
    require_writer(settings, credentials)
    documents = await _documents(request)
    service: StoreIngest = request.app.state.ingest.get()

    def run() -> list[Any]:
        return list(service.ingest(documents, write=True))

    results = await run_in_threadpool(run)
    summaries = [r.summary() for r in results]
    conforms = all(r.report.conforms for r in results)
    return JSONResponse(summaries, status_code=200 if conforms else 422)
