"""Dependencies of the routes, as ``Annotated`` aliases, all read from ``app.state``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from rdflib import Graph

from api.settings import Settings
from graph.store import Store


class QueryRunner(Protocol):
    """Runs user queries with a deadline: the embedded executor or the remote adapter."""

    async def run(
        self,
        query: str,
        *,
        result_format: str,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Start ``query``; the outcome has ``kind``, ``media_type``, ``chunks``, ``truncated``, ``rows``."""
        ...

    def invalidate(self) -> None:
        """Tell the runner the data changed."""
        ...

    def close(self) -> None:
        """Release workers and snapshots."""
        ...


@dataclass
class DataVersion:
    """A counter bumped by every committed write; caches keyed by it stay correct."""

    value: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _description: tuple[int, Graph] | None = field(default=None, repr=False)

    def bump(self) -> None:
        """Record that a write committed."""
        with self._lock:
            self.value += 1

    def cached_description(self, build: Any) -> Graph:
        """The service description for the current version, built at most once per version."""
        current = self._description
        if current is not None and current[0] == self.value:
            return current[1]
        version = self.value
        description = build()
        self._description = (version, description)
        return description


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


def get_store(request: Request) -> Store:
    """The store opened by the lifespan."""
    return request.app.state.store


def get_queries(request: Request) -> QueryRunner:
    """The query runner opened by the lifespan."""
    return request.app.state.queries


def get_version(request: Request) -> DataVersion:
    """The data version counter."""
    return request.app.state.version


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
QueriesDep = Annotated[QueryRunner, Depends(get_queries)]
VersionDep = Annotated[DataVersion, Depends(get_version)]
