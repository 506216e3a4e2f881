"""What the lanes share about whole answers: their cache (:mod:`graph.query.answer_cache`), how one is sent.

A lane asks :func:`look_up` before it reads the store: the version an answer read now may be kept at,
and a kept answer the request may be given. With an embedded store the version is this process's
counter, always current. With a remote store it is kept in the store: a request is given a kept
answer only after a reading of the version that started after it arrived (shared by the requests
waiting at once, :class:`graph.store.version_reads.VersionReads`); a query with nothing kept does not
wait for one, and its answer is kept at the version read last, which the query, sent after that
reading completed, sees at least (before any reading has completed, it is not kept).
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable

from starlette.types import Scope, Send

from graph.formats import Format
from graph.query.answer_cache import CachedAnswer

__all__ = ["keep", "look_up", "send_whole"]


async def look_up(scope: Scope, key: Hashable) -> tuple[int | None, CachedAnswer | None]:
    """The version an answer read now may be kept at (None: not kept), and a kept answer to give."""
    state = scope["app"].state
    cache = getattr(state, "answers", None)
    if cache is None:
        return None, None
    reads = getattr(state, "version_reads", None)
    if reads is None:  # the embedded store: the version is this process's, always current
        version: int = state.version.value
        return version, cache.get(version, key)
    if key not in cache:
        if reads.latest is None:  # no reading yet: one starts, for the next requests; this one does not wait
            asyncio.ensure_future(reads.counter()).add_done_callback(_quietly)
        return reads.latest, None
    version = await reads.counter()
    return version, cache.get(version, key)


def _quietly(task: asyncio.Future[int]) -> None:
    if not task.cancelled():
        task.exception()  # retrieved: an engine out of reach is reported by the requests that need it


def keep(scope: Scope, version: int | None, key: Hashable, answer: CachedAnswer) -> None:
    """Keep ``answer`` at ``version`` (from :func:`look_up`; None: it may not be kept)."""
    cache = getattr(scope["app"].state, "answers", None)
    if cache is not None and version is not None:
        cache.put(version, key, answer)


async def send_whole(send: Send, chosen: Format, answer: CachedAnswer, *, kept: bool = False) -> None:
    """Send ``answer`` in one body, with the headers the ``/sparql`` route gives such an answer.

    ``X-Euus-Cache: hit`` tells a kept answer (for operators: the store was not asked).
    """
    headers = [
        (b"content-type", chosen.content_type.encode()),
        (b"content-length", str(len(answer.body)).encode()),
        (b"vary", b"Accept"),
    ]
    if answer.rows is not None:
        headers.append((b"x-euus-rows", str(answer.rows).encode()))
    if kept:
        headers.append((b"x-euus-cache", b"hit"))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
