"""Pydantic response models of the JSON API under ``/api`` (what the OpenAPI document shows)."""

from api.schemas.catalog import (
    Organisation,
    OrganisationDetail,
    Place,
    Presidency,
    PresidencyDetail,
    Topic,
    TopicDetail,
)
from api.schemas.charts import Network, SearchHit, TimelinePoint, TopicCount
from api.schemas.common import Page, Problem, Ref
from api.schemas.meetings import MeetingDetail, MeetingSummary

__all__ = [
    "MeetingDetail", "MeetingSummary", "Network", "Organisation", "OrganisationDetail", "Page", "Place",
    "Presidency", "PresidencyDetail", "Problem", "Ref", "SearchHit", "TimelinePoint", "Topic", "TopicCount",
    "TopicDetail",
]  # fmt: skip
