"""Who may write: a bearer token compared in constant time; never logged."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import Unauthorized, WriteRefused
from api.settings import Settings

#: Reads the ``Authorization: Bearer <token>`` header (and declares the scheme in the OpenAPI
#: document); a missing or malformed header gives ``None``, so that reads need no token.
bearer = HTTPBearer(auto_error=False, description="The write token (EUUS_WRITE_TOKEN); only writes need it.")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_writer(settings: Settings, credentials: HTTPAuthorizationCredentials | None) -> None:
    """Let a write through only with the configured bearer token, outside read-only mode.

    Raises:
        WriteRefused: writes are off (``--read-only`` or no ``EUUS_WRITE_TOKEN``) or the token is wrong (403).
        Unauthorized: no bearer token was sent (401).
    """
    if settings.read_only:
        raise WriteRefused("the service is read-only (EUUS_READ_ONLY); writes are refused")
    if settings.write_token is None:
        raise WriteRefused("writes are off: the service has no write token (set EUUS_WRITE_TOKEN)")
    if credentials is None or not credentials.credentials.strip():
        raise Unauthorized("this write needs the header 'Authorization: Bearer <token>'")
    expected = settings.write_token.get_secret_value().encode()
    if not hmac.compare_digest(credentials.credentials.strip().encode(), expected):
        raise WriteRefused("the bearer token is not the write token of this service")
