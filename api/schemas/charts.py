"""Search hits and figures for charts: timeline, topic breakdown, co-participation network."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import Ref


class SearchHit(Ref):
    """A resource whose label matched: its type, and the label (and language) that matched."""

    type: str = Field(examples=["organisation"])
    matched: str = Field(examples=["Eurojust"])
    matched_lang: str | None = Field(examples=["en"])


class TimelinePoint(BaseModel):
    """Meetings in one period (``2018``, ``2018-H1`` or a presidency key), held and planned apart."""

    period: str = Field(examples=["2018-H1"])
    meetings: int = Field(examples=[2])
    held: int = Field(examples=[1])
    planned: int = Field(examples=[1])


class TopicCount(Ref):
    """Meetings under a topic in a date range (narrower topics and sessions included)."""

    meetings: int = Field(examples=[1])
    meetings_naming_it: int = Field(examples=[1])


class Node(Ref):
    """A participant: organisation or presidency, with its side and its meetings in the range."""

    type: str | None = Field(examples=["organisation"])
    side: str | None = Field(examples=["eu"])
    meetings: int = Field(examples=[1])


class Edge(BaseModel):
    """Two participants and the number of meetings they both attended."""

    source: str = Field(examples=["https://w3id.org/euus-kg/id/org/eurojust"])
    target: str = Field(examples=["https://w3id.org/euus-kg/id/org/europol"])
    weight: int = Field(examples=[1])


class Network(BaseModel):
    """Co-participation network: nodes and weighted edges (edges below ``min_weight`` left out)."""

    nodes: list[Node]
    edges: list[Edge]
