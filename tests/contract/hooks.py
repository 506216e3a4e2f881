"""Schemathesis hooks for the contract run: how to put SPARQL and RDF bodies on the wire.

Loaded by ``schemathesis run`` through ``SCHEMATHESIS_HOOKS=tests.contract.hooks`` (see
``tests/test_contract.py``). The service's bodies are text in media types Schemathesis has no
serializer for; without these it reports "serialization not possible" and skips the operation.
"""

from __future__ import annotations

from typing import Any

import schemathesis

TEXT_BODIES = (
    "application/sparql-query",
    "application/sparql-update",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
)


@schemathesis.serializer(*TEXT_BODIES)
def text_body(ctx: Any, value: Any) -> bytes:
    """A generated string body as UTF-8; anything else (a negative test's number or list) as its text."""
    if isinstance(value, bytes):
        return value
    return (value if isinstance(value, str) else repr(value)).encode("utf-8")
