"""Figures for charts: meetings per period, per topic, and who meets whom (a weighted network)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

from graph.views.catalog import PARTICIPANT_KINDS, attending, topic_counts
from graph.views.ids import local, resolve
from graph.views.meetings import ref
from graph.views.snapshot import Meeting, Snapshot

#: How a timeline can be cut.
PERIODS = ("year", "half-year", "presidency")


def period_of(meeting: Meeting, by: str) -> str | None:
    """The period a meeting falls in: ``2018``, ``2018-H1`` or the presidency's key; ``None`` if unknown."""
    if by == "presidency":
        return local(meeting.presidency) if meeting.presidency else None
    date = meeting.start
    if not date:
        return None
    if by == "half-year":
        if len(date) < 7:
            return None  # only the year is known
        return f"{date[:4]}-H{1 if date[5:7] <= '06' else 2}"
    return date[:4]


def timeline(
    snapshot: Snapshot,
    by: str = "year",
    topic: str | None = None,
    participant: str | None = None,
    basis: str | None = None,
) -> list[dict[str, Any]]:
    """Meetings per period, oldest first, held and planned apart; optionally of a topic or participant.

    ``basis`` counts only participations of that basis: the participant's, or, alone, any participation.
    """

    def build() -> list[dict[str, Any]]:
        chosen_topic = resolve(topic, ["topic"], snapshot.types, parameter="topic") if topic else None
        who = (
            resolve(participant, PARTICIPANT_KINDS, snapshot.types, parameter="participant")
            if participant
            else None
        )
        counts: dict[str, Counter[str]] = {}
        for meeting in snapshot.meetings.values():
            if chosen_topic and chosen_topic not in snapshot.topic_closure(meeting):
                continue
            if who and who not in attending(meeting, basis):
                continue
            if basis and not meeting.on_basis(basis):
                continue
            period = period_of(meeting, by)
            if period is None:
                continue
            status = local(meeting.status) if meeting.status else "unknown"
            counts.setdefault(period, Counter())[status] += 1
        order = [local(p) for p in snapshot.presidencies] if by == "presidency" else sorted(counts)
        return [
            {"period": period, "meetings": sum(counts[period].values()),
             "held": counts[period]["held"], "planned": counts[period]["planned"]}
            for period in order if period in counts
        ]  # fmt: skip

    found: list[dict[str, Any]] = snapshot.memo(("timeline", by, topic, participant, basis), build)
    return found


def topic_stats(
    snapshot: Snapshot, start_from: str | None = None, start_to: str | None = None, lang: str = "en"
) -> list[dict[str, Any]]:
    """Meetings per topic in a date range, most frequent first; topics with no meeting left out."""
    counts = topic_counts(snapshot, start_from, start_to)
    rows = [
        {
            **(ref(snapshot, t, lang) or {}),
            "meetings": counts["total"][t],
            "meetings_naming_it": counts["own"][t],
        }
        for t in snapshot.topics
        if counts["total"][t]
    ]
    return sorted(rows, key=lambda r: (-r["meetings"], r["label"]))


def network(
    snapshot: Snapshot,
    start_from: str | None = None,
    start_to: str | None = None,
    min_weight: int = 1,
    lang: str = "en",
    basis: str | None = None,
) -> dict[str, Any]:
    """Participants as nodes (with side and meeting count); an edge per pair weighted by meetings together.

    With ``basis``, a participant is present at a meeting only where its participation has that basis.
    """

    def build() -> dict[str, Any]:
        weights: Counter[tuple[str, str]] = Counter()
        attended: Counter[str] = Counter()
        for meeting in snapshot.meetings.values():
            if not meeting.starts_within(start_from, start_to):
                continue
            present = sorted(attending(meeting, basis))
            attended.update(present)
            weights.update(combinations(present, 2))
        edges = [
            {"source": a, "target": b, "weight": w}
            for (a, b), w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
            if w >= min_weight
        ]
        linked = {e["source"] for e in edges} | {e["target"] for e in edges}
        sides = snapshot.side_of()
        nodes = [
            {**(ref(snapshot, who, lang) or {}), "type": snapshot.types.get(who), "side": sides.get(who),
             "meetings": attended[who]}
            for who in sorted(attended, key=lambda w: (-attended[w], w))
            if who in linked or min_weight <= 1
        ]  # fmt: skip
        return {"nodes": nodes, "edges": edges}

    found: dict[str, Any] = snapshot.memo(("network", start_from, start_to, min_weight, lang, basis), build)
    return found
