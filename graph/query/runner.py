"""The :class:`QueryRunner` protocol: what the service needs from whatever runs user queries."""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["QueryRunner"]


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
