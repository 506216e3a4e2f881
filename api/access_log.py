"""An access log as plain ASGI middleware: method, path, status, time, bytes, rows, truncation."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("euus.access")


def logged(scope: Scope, send: Send) -> Send:
    """``send`` that logs one line for the request in ``scope`` once its response is complete."""
    started = time.perf_counter()
    status, sent, headers = 0, 0, {}

    async def logging_send(message: Message) -> None:
        nonlocal status, sent, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = dict(message.get("headers", []))
        elif message["type"] == "http.response.body":
            sent += len(message.get("body", b""))
            if not message.get("more_body", False):
                log.info(
                    "%s %s %d %.1fms %dB rows=%s truncated=%s",
                    scope["method"],
                    scope["path"],
                    status,
                    (time.perf_counter() - started) * 1000,
                    sent,
                    headers.get(b"x-euus-rows", b"-").decode(),
                    headers.get(b"x-euus-truncated", b"no").decode(),
                )
        await send(message)

    return logging_send


class AccessLog:
    """Log one line per request once its response is complete (streamed bodies included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, logging when its response is complete."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, logged(scope, send))
