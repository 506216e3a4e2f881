"""Whole small query answers, each kept for the data version it was read at.

Dashboards and linked-data pages ask the same small lookups again and again (the page of a meeting,
the description of an organisation). At 100k quads pyoxigraph takes ~0.25 ms to answer a
``DESCRIBE`` of one IRI, half of what the service spends on such a request (py-spy), and in remote
mode each one is a round trip to the engine. An answer read at data version ``v`` is right for every
request that reads version ``v`` (:class:`api.deps.DataVersion`): each write bumps the version, in
this process or, for a remote store, in the store itself, so a cached answer is never older than the
request it answers.

Only answers known whole are kept (an answer cut at a row cap is not), up to ``max_answer`` bytes
each and ``max_bytes`` in all, least recently used first out. An entry of an older version is dropped
when it is asked for; the others age out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

__all__ = ["AnswerCache", "CachedAnswer"]

#: Larger answers are not kept: a linked-data page or a dashboard lookup is a few KiB.
MAX_ANSWER = 64 * 1024


@dataclass(frozen=True)
class CachedAnswer:
    """An answer's bytes and what its headers say about it (rows or triples; ``None``: not told)."""

    body: bytes
    rows: int | None


class AnswerCache:
    """Answers by (query, media type), each for one data version; see the module docstring.

    Used from the event loop only (the lanes), so it takes no lock.
    """

    def __init__(self, max_bytes: int, *, max_answer: int = MAX_ANSWER) -> None:
        if max_bytes < 0 or max_answer < 0:
            raise ValueError("an answer cache needs sizes >= 0")
        self.max_bytes = max_bytes
        self.max_answer = min(max_answer, max_bytes)
        self._entries: OrderedDict[Hashable, tuple[int, CachedAnswer]] = OrderedDict()
        self._bytes = 0

    @property
    def size(self) -> int:
        """Bytes of the answers kept."""
        return self._bytes

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def get(self, version: int, key: Hashable) -> CachedAnswer | None:
        """The answer kept for ``key`` at ``version``; an entry of another version is dropped."""
        found = self._entries.get(key)
        if found is None:
            return None
        if found[0] != version:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return found[1]

    def put(self, version: int, key: Hashable, answer: CachedAnswer) -> None:
        """Keep ``answer`` for ``key`` at ``version`` if it is small enough; older entries make room."""
        if len(answer.body) > self.max_answer:
            return
        self._drop(key)
        self._entries[key] = (version, answer)
        self._bytes += len(answer.body)
        while self._bytes > self.max_bytes:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: Hashable) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self._bytes -= len(found[1].body)
