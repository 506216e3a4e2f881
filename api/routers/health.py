"""``/health``: liveness, store backend, size and data version."""

from __future__ import annotations

from importlib.metadata import version as package_version
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep, VersionDep

router = APIRouter(tags=["Operations"])


@router.get("/health", summary="Liveness and what the service holds")
async def health(store: StoreDep, version: VersionDep) -> dict[str, Any]:
    """200 once the store is open and the shipped data loaded (the lifespan finishes before serving)."""
    # counting is O(size of the store): once per data version, not per health check
    triples = await run_in_threadpool(version.cached, "quad-count", store.quad_count)
    return {
        "status": "ok",
        "version": package_version("euus-kg"),
        "backend": store.backend,
        "triples": triples,
        "data_version": version.value,
    }
