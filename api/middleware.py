"""Conditional GET for everything that only reads the data: ``ETag``, ``Cache-Control`` and 304.

One pure-ASGI middleware covers every path under ``CACHED_PREFIXES`` (the JSON API, the IRIs, the
dataset description and the dumps), whatever router serves it. The tag is made of the data version
(``DataVersion``, bumped by every committed write), a token drawn when the process starts (a restart may
find other data on disk) and a hash of what selects the representation: path, query string and the
``Accept``/``Accept-Language`` headers. A matching ``If-None-Match`` is answered 304 before any route
runs, so a revalidation costs no lookup. The version is read before the route runs: a write that lands
while it runs leaves the tag older than the data, and the next request with it misses, as it should.
"""

from __future__ import annotations

import hashlib
import secrets

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Path prefixes whose GET answers depend only on the data (and the request), so they can be revalidated.
CACHED_PREFIXES = ("/api", "/id", "/void", "/.well-known/void", "/export")
#: Caches may keep answers but must revalidate them: the data can change with any write.
CACHE_CONTROL = "public, no-cache"
_SELECTING = (b"accept", b"accept-language")


def is_cached_path(path: str) -> bool:
    """Whether ``path`` is under one of :data:`CACHED_PREFIXES`.

    >>> is_cached_path("/api/meetings"), is_cached_path("/apis"), is_cached_path("/sparql")
    (True, False, False)
    """
    return any(path == prefix or path.startswith(prefix + "/") for prefix in CACHED_PREFIXES)


def _matches(if_none_match: str, tag: str) -> bool:
    """RFC 9110 weak comparison against a list of entity tags (or ``*``)."""
    if if_none_match.strip() == "*":
        return True
    opaque = tag.removeprefix("W/")
    return any(part.strip().removeprefix("W/") == opaque for part in if_none_match.split(","))


class ConditionalGet:
    """Add ``ETag`` and ``Cache-Control`` to 200 answers of GET and HEAD, and answer 304 to a matching tag."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``; the process token makes tags of an earlier process never match."""
        self.app = app
        self.boot = secrets.token_hex(4)

    def tag(self, version: int, scope: Scope) -> str:
        """The weak entity tag of the answer to this request at data version ``version``."""
        digest = hashlib.blake2b(digest_size=8)
        digest.update(scope.get("path", "").encode() + b"?" + scope.get("query_string", b""))
        for name, value in scope.get("headers", ()):
            if name in _SELECTING:
                digest.update(b"\n" + name + b":" + value)
        return f'W/"{self.boot}-{version}-{digest.hexdigest()}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 304 when the client's tag is current; else tag the answer on its way out."""
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not is_cached_path(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        version = getattr(getattr(scope.get("app"), "state", None), "version", None)
        if version is None:  # not started yet: nothing to tie a tag to
            await self.app(scope, receive, send)
            return
        reading = await version.for_request()  # remote mode: one shared round trip, on the event loop
        tag = self.tag(reading[0], scope)
        if_none_match = Headers(scope=scope).get("if-none-match")
        if if_none_match and _matches(if_none_match, tag):
            headers = [(b"etag", tag.encode()), (b"cache-control", CACHE_CONTROL.encode())]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                if "etag" not in headers:
                    headers["ETag"] = tag
                headers["Cache-Control"] = CACHE_CONTROL
            await send(message)

        with version.pinned(reading):  # the route's caches use the reading the tag was made of
            await self.app(scope, receive, tagged)
