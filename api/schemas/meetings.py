"""Meetings as the API answers them: a summary in lists, the whole meeting at ``/api/meetings/{id}``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import Ref


class Participant(BaseModel):
    """Who took part, on which side, in which role, on what basis; ``id`` null: the source names nobody.

    ``basis`` is ``stated`` when a source says the participant took part in this meeting, ``customary``
    when a source gives it only as the usual composition of such meetings, ``inferred`` otherwise (the
    strongest when sources differ).
    """

    id: str | None = Field(examples=["https://w3id.org/euus-kg/id/org/europol"])
    key: str | None = Field(examples=["europol"])
    label: str | None = Field(examples=["Europol"])
    side: str | None = Field(description="eu or us", examples=["eu"])
    role: str | None = Field(description="participation role", examples=["delegation"])
    basis: Literal["stated", "customary", "inferred"] | None = Field(
        description="what the participation rests on", examples=["customary"]
    )


class MeetingSummary(BaseModel):
    """A meeting: kind, status, dates, place, presidency, series, topics and participants.

    Dates are as precise as the source (``2018-05`` is a month).

    ``topics`` are the meeting's own topics and those of its sessions (the rule in the README).
    """

    id: str = Field(
        examples=["https://w3id.org/euus-kg/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"]
    )
    key: str = Field(examples=["2018-02-26-eu-us-jha-senior-officials-sofia"])
    label: str | None = Field(
        examples=["EU-US Justice and Home Affairs Senior Officials Meeting, Sofia, 26-27 February 2018"]
    )
    kind: Ref | None
    status: str | None = Field(description="held or planned", examples=["held"])
    start: str | None = Field(examples=["2018-02-26"])
    end: str | None = Field(examples=["2018-02-27"])
    place: Ref | None
    presidency: Ref | None
    series: Ref | None
    attendance_mode: Literal["offline", "online", "mixed"] | None = Field(
        description="in person, by videoconference or hybrid (schema:eventAttendanceMode); null if unknown",
        examples=["offline"],
    )
    topics: list[Ref]
    participants: list[Participant]


class Session(BaseModel):
    """A session (agenda item) of a meeting with its own topics."""

    id: str
    label: str | None = Field(examples=["Cybercrime"])
    order: int | None = Field(examples=[4])
    topics: list[Ref]


class Statement(BaseModel):
    """What a source reports as agreed, held or undertaken at the meeting, in the source's own words."""

    id: str = Field(
        examples=[
            "https://w3id.org/euus-kg/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
            "/statement/preserve-whois-functionality"
        ]
    )
    key: str
    kind: Literal["agreement", "position", "commitment"] = Field(examples=["position"])
    quote: str = Field(
        examples=["Participants stressed the need to preserve the functionality of WHOIS and access to its "
                  "information while complying with data protection rules."]
    )  # fmt: skip
    topics: list[Ref]
    holders: list[Ref] = Field(
        description="who holds it; empty when the source names only 'the participants'"
    )


class Related(Ref):
    """A meeting or visit linked to this one: ``prepares``, ``prepared-by``, ``follows``, ``followed-by``."""

    relation: str = Field(examples=["prepares"])
    type: str | None = Field(description="meeting or site-visit", examples=["meeting"])


class SourceRef(BaseModel):
    """A source document and the named graph its facts about the meeting sit in."""

    id: str | None = Field(
        examples=["https://w3id.org/euus-kg/id/source/2018-03-01-eu-us-jha-senior-officials-sofia"]
    )
    title: str | None
    graph: str = Field(
        examples=["https://w3id.org/euus-kg/id/graph/2018-03-01-eu-us-jha-senior-officials-sofia"]
    )


class MeetingDetail(MeetingSummary):
    """A meeting in full: ``own_topics`` are the IRIs of its own ``dct:subject`` (without its sessions')."""

    own_topics: list[str]
    sessions: list[Session]
    statements: list[Statement]
    mentions: list[Ref] = Field(description="organisations the source mentions that did not take part")
    related: list[Related]
    sources: list[SourceRef]
