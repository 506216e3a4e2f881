"""Request size limits as plain ASGI middleware (FastAPI has none, fastapi#1181): headers and body."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PayloadTooLarge

#: Most bytes of request headers (names, values and separators); a browser sends a few KiB. Uvicorn
#: itself takes any size, so a flood of headers would otherwise reach every route.
MAX_HEADER_BYTES = 64 * 1024


def header_bytes(scope: Scope) -> int:
    """Bytes of the request's headers as :data:`MAX_HEADER_BYTES` counts them (names, values, separators)."""
    return sum(len(name) + len(value) + 4 for name, value in scope["headers"])


class BodySizeLimit:
    """Answer 413 when Content-Length, or the bytes actually streamed, pass ``max_bytes``; 431 for headers."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on unless its body is, or becomes, too large."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        taken = header_bytes(scope)
        if taken > MAX_HEADER_BYTES:
            detail = f"the request headers take {taken} bytes; at most {MAX_HEADER_BYTES} are read"
            await self._refuse(send, 431, "request-header-fields-too-large", detail)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # a domain error, so that the route's exception handler answers 413
                    raise PayloadTooLarge(self._message)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except PayloadTooLarge:
            if not started:
                await self._refuse(send)

    @property
    def _message(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes (EUUS_MAX_BODY_BYTES)"

    async def _refuse(
        self, send: Send, status: int = 413, code: str = "payload-too-large", detail: str | None = None
    ) -> None:
        body = json.dumps(
            {
                "type": f"https://w3id.org/euus-kg/problems/{code}",
                "title": code.replace("-", " "),
                "status": status,
                "detail": detail or self._message,
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/problem+json"), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body})
