"""``/``: the index page for people: what the graph holds, the latest and next meetings, a timeline."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep, VersionDep
from api.pages import render_index
from graph.views.pages import index_summary

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(store: StoreDep, version: VersionDep) -> HTMLResponse:
    """Counts, the latest and the next meetings, the presidency in office today, meetings per half-year."""
    today = dt.date.today()
    summary = await run_in_threadpool(
        version.cached, f"index-summary-{today.isoformat()}", lambda: index_summary(store, today)
    )
    return HTMLResponse(render_index(summary))
