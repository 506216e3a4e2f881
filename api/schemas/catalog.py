"""Organisations, presidencies, topics and places with their meeting counts."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import Ref
from api.schemas.meetings import MeetingSummary


class Organisation(Ref):
    """An organisation (or a presidency taking part) with its side and how many meetings it attended."""

    type: str = Field(examples=["organisation"])
    side: str | None = Field(description="the side it took part on most often", examples=["eu"])
    meetings: int = Field(examples=[1])


class PeriodCount(BaseModel):
    """Meetings in one period."""

    period: str = Field(examples=["2018"])
    meetings: int = Field(examples=[1])


class OrganisationDetail(Organisation):
    """One organisation: its latest meetings, the bodies it meets most often, its meetings by year."""

    latest_meetings: list[MeetingSummary]
    meets_most_often: list[Organisation]
    by_year: list[PeriodCount]


class Presidency(Ref):
    """A Council presidency of the rota: term, trio, Member State and meeting count."""

    start: str = Field(examples=["2018-01-01"])
    end: str = Field(examples=["2018-06-30"])
    trio: Ref | None
    member_state: Ref | None
    meetings: int = Field(examples=[2])


class PresidencyDetail(Presidency):
    """A presidency with its meetings, oldest first."""

    meeting_list: list[MeetingSummary]


class Topic(Ref):
    """A topic in the tree (``depth`` 0 = top) with two counts.

    ``meetings`` counts meetings under it or a narrower topic, their sessions included;
    ``meetings_naming_it`` only those whose (session) topics name it.
    """

    depth: int = Field(examples=[0])
    broader: list[Ref]
    narrower: list[Ref]
    meetings: int = Field(examples=[1])
    meetings_naming_it: int = Field(examples=[1])


class TopicDetail(Topic):
    """One topic with its preferred label per language and the latest meetings under it."""

    labels: dict[str, str] = Field(examples=[{"en": "cybercrime", "fr": "cybercriminalité"}])
    latest_meetings: list[MeetingSummary]


class Place(Ref):
    """A place with the place containing it and the meetings held there."""

    contained_in: Ref | None
    meetings: int = Field(examples=[2])
