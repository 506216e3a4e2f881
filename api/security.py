"""Who may write: a bearer token compared in constant time; never logged."""

from __future__ import annotations

import hmac

from fastapi import Request

from api.errors import Unauthorized, WriteRefused
from api.settings import Settings


def require_writer(request: Request) -> None:
    """Let a write through only with the configured bearer token, outside read-only mode.

    Raises:
        WriteRefused: writes are off (``--read-only`` or no ``EUUS_WRITE_TOKEN``) or the token is wrong (403).
        Unauthorized: no bearer token was sent (401).
    """
    settings: Settings = request.app.state.settings
    if settings.read_only:
        raise WriteRefused("the service is read-only (EUUS_READ_ONLY); writes are refused")
    if settings.write_token is None:
        raise WriteRefused("writes are off: the service has no write token (set EUUS_WRITE_TOKEN)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("this write needs the header 'Authorization: Bearer <token>'")
    expected = settings.write_token.get_secret_value().encode()
    if not hmac.compare_digest(token.strip().encode(), expected):
        raise WriteRefused("the bearer token is not the write token of this service")
