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
        """Start ``query``; return its outcome once the answer has begun.

        The outcome has ``kind``, ``media_type``, ``chunks``, ``truncated``, ``rows`` and ``body``
        (the whole result when it is already complete, else ``None``).
        """
        ...

    def answer_inline(self, query: str, media_type: str) -> Any:
        """The whole answer of a query that cannot run away (an ``InlineAnswer``), or ``None``.

        Called on the event loop: it must answer in well under a millisecond or not at all.
        """
        ...

    def invalidate(self) -> None:
        """Tell the runner the data changed."""
        ...

    def close(self) -> None:
        """Release workers and snapshots."""
        ...
