"""Shapes every API answer shares: a reference to a resource, the list envelope, the problem document."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

ID_EXAMPLE = "https://w3id.org/euus-kg/id/org/europol"


class Ref(BaseModel):
    """A resource we hold: its IRI, the local part used in ``/api`` paths, and its label."""

    id: str = Field(description="The IRI", examples=[ID_EXAMPLE])
    key: str = Field(description="The local part of the IRI: the id in /api paths", examples=["europol"])
    label: str = Field(
        description="The label in the asked language, English as fallback", examples=["Europol"]
    )


class Page(BaseModel, Generic[T]):
    """One page of a list. ``next``/``prev`` are the URLs of the neighbouring pages (also in ``Link``)."""

    items: list[T]
    total: int = Field(description="How many items match, over all pages", examples=[2])
    limit: int = Field(examples=[100])
    offset: int = Field(examples=[0])
    next: str | None = Field(description="URL of the next page, or null on the last", examples=[None])
    prev: str | None = Field(description="URL of the previous page, or null on the first", examples=[None])


class Problem(BaseModel):
    """An error as ``application/problem+json`` (RFC 9457)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["https://w3id.org/euus-kg/problems/not-found"])
    title: str = Field(examples=["not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no meeting 'meeting/1999-01-01-nothing'"])
    invalid_params: list[dict[str, Any]] | None = Field(
        default=None,
        description="For 422: each parameter that was refused, with the reason",
        examples=[[{"name": "from", "in": "query", "reason": "not a date: use YYYY, YYYY-MM or YYYY-MM-DD"}]],
    )
