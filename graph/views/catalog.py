"""Organisations, presidencies, topics and places, each with the meetings they count.

Every count follows :data:`~graph.views.snapshot.MEETING_TOPICS` for topics (a meeting's own topics
and those of its sessions) and counts a meeting under a topic's broader topics too.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.views.ids import resolve
from graph.views.meetings import meeting_summary, ref
from graph.views.snapshot import Meeting, Snapshot, fold

#: What the participant of a meeting may be.
PARTICIPANT_KINDS = ("org", "presidency", "member-state")


def attending(meeting: Meeting, basis: str | None = None) -> set[str]:
    """Who took part in ``meeting`` on ``basis`` (``stated``: a source says so), or on any when ``None``."""
    return {p.participant for p in meeting.on_basis(basis) if p.participant}


def _year(date: str | None) -> str | None:
    return date[:4] if date else None


def organisations(
    snapshot: Snapshot, lang: str = "en", side: str | None = None, basis: str | None = None
) -> list[dict[str, Any]]:
    """Organisations (and presidencies that took part in meetings) with their side and meeting counts.

    With ``basis``, a meeting counts only where the participation has that basis.
    """
    counts: Counter[str] = Counter()
    for meeting in snapshot.meetings.values():
        counts.update(attending(meeting, basis))
    sides = snapshot.side_of()
    ids = {s for s, kind in snapshot.types.items() if kind == "organisation"} | set(counts)
    rows = [
        {**(ref(snapshot, org, lang) or {}), "type": snapshot.types.get(org, "organisation"),
         "side": sides.get(org), "meetings": counts[org]}
        for org in ids
    ]  # fmt: skip
    if side:
        rows = [r for r in rows if r["side"] == side]
    return sorted(rows, key=lambda r: (-r["meetings"], fold(r["label"])))


def organisation(
    snapshot: Snapshot, value: str, lang: str = "en", top: int = 10, basis: str | None = None
) -> dict[str, Any] | None:
    """One organisation: latest meetings, the bodies it meets most often, meetings by year.

    With ``basis``, only participations of that basis count, the organisation's and its partners'.
    """
    known = snapshot.types
    org = resolve(value, PARTICIPANT_KINDS, known, parameter="id")
    if snapshot.types.get(org) not in ("organisation", "presidency", "member-state"):
        return None
    attended = [m for m in snapshot.meetings.values() if org in attending(m, basis)]
    attended.sort(key=lambda m: (m.start or "", m.id), reverse=True)
    partners: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for meeting in attended:
        partners.update(attending(meeting, basis) - {org})
        years[_year(meeting.start) or "unknown"] += 1
    sides = snapshot.side_of()
    return {
        **(ref(snapshot, org, lang) or {}),
        "type": snapshot.types[org],
        "side": sides.get(org),
        "meetings": len(attended),
        "latest_meetings": [meeting_summary(snapshot, m, lang) for m in attended[:top]],
        "meets_most_often": [
            {
                **(ref(snapshot, other, lang) or {}),
                "type": snapshot.types.get(other, "organisation"),
                "side": sides.get(other),
                "meetings": n,
            }
            for other, n in sorted(partners.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ],
        "by_year": [{"period": y, "meetings": n} for y, n in sorted(years.items())],
    }


def presidency_json(snapshot: Snapshot, presidency: str, lang: str, counts: Counter[str]) -> dict[str, Any]:
    """A presidency of the rota with its term, trio, Member State and meeting count."""
    p = snapshot.presidencies[presidency]
    return {
        **(ref(snapshot, presidency, lang) or {}),
        "start": p.start,
        "end": p.end,
        "trio": ref(snapshot, p.trio, lang),
        "member_state": ref(snapshot, p.member_state, lang),
        "meetings": counts[presidency],
    }


def _presidency_counts(snapshot: Snapshot) -> Counter[str]:
    return Counter(m.presidency for m in snapshot.meetings.values() if m.presidency)


def presidencies(snapshot: Snapshot, lang: str = "en") -> list[dict[str, Any]]:
    """The rota in order of the terms."""
    counts = _presidency_counts(snapshot)
    return [presidency_json(snapshot, p, lang, counts) for p in snapshot.presidencies]


def presidency(snapshot: Snapshot, value: str, lang: str = "en") -> dict[str, Any] | None:
    """One presidency with its meetings (oldest first), or ``None``."""
    found = resolve(value, ["presidency"], snapshot.presidencies, parameter="id")
    if found not in snapshot.presidencies:
        return None
    meetings = sorted((m for m in snapshot.meetings.values() if m.presidency == found),
                      key=lambda m: (m.start or "", m.id))  # fmt: skip
    answer = presidency_json(snapshot, found, lang, _presidency_counts(snapshot))
    answer["meeting_list"] = [meeting_summary(snapshot, m, lang) for m in meetings]
    return answer


def presidency_at(snapshot: Snapshot, date: str, lang: str = "en") -> dict[str, Any] | None:
    """The presidency in office on ``date`` (``YYYY-MM-DD``), or ``None`` outside the known rota."""
    for p in snapshot.presidencies.values():
        if p.start <= date <= p.end:
            return presidency_json(snapshot, p.id, lang, _presidency_counts(snapshot))
    return None


def topic_counts(
    snapshot: Snapshot, start_from: str | None = None, start_to: str | None = None
) -> dict[str, Any]:
    """Per topic: meetings that name it (``own``) and meetings under it or a narrower topic (``total``)."""

    def build() -> dict[str, Any]:
        own: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for meeting in snapshot.meetings.values():
            if not meeting.starts_within(start_from, start_to):
                continue
            own.update(meeting.topics)
            total.update(snapshot.topic_closure(meeting))
        return {"own": own, "total": total}

    counts: dict[str, Any] = snapshot.memo(("topic-counts", start_from, start_to), build)
    return counts


def topics(snapshot: Snapshot, lang: str = "en") -> list[dict[str, Any]]:
    """The topic tree, depth first from the top topics, each with its counts and its narrower topics."""
    counts = topic_counts(snapshot)
    narrower: dict[str, list[str]] = {t: [] for t in snapshot.topics}
    for topic in snapshot.topics:
        for up in snapshot.broader.get(topic, ()):
            narrower.setdefault(up, []).append(topic)
    label = {t: fold(snapshot.label(t, lang) or t) for t in snapshot.topics}
    ordered: list[dict[str, Any]] = []

    def visit(topic: str, depth: int) -> None:
        ordered.append({
            **(ref(snapshot, topic, lang) or {}), "depth": depth,
            "broader": [ref(snapshot, b, lang) for b in sorted(snapshot.broader.get(topic, ()))],
            "narrower": [ref(snapshot, n, lang) for n in sorted(narrower[topic], key=label.__getitem__)],
            "meetings": counts["total"][topic], "meetings_naming_it": counts["own"][topic],
        })  # fmt: skip
        for child in sorted(narrower[topic], key=label.__getitem__):
            visit(child, depth + 1)

    for top in sorted((t for t in snapshot.topics if not snapshot.broader.get(t)), key=label.__getitem__):
        visit(top, 0)
    return ordered


def topic(snapshot: Snapshot, value: str, lang: str = "en") -> dict[str, Any] | None:
    """One topic with its place in the tree, counts and the latest meetings under it, or ``None``."""
    found = resolve(value, ["topic"], snapshot.types, parameter="id")
    entry = next((t for t in topics(snapshot, lang) if t["id"] == found), None)
    if entry is None:
        return None
    under = [m for m in snapshot.meetings.values() if found in snapshot.topic_closure(m)]
    under.sort(key=lambda m: (m.start or "", m.id), reverse=True)
    labels = snapshot.labels.get(found)
    return {
        **entry,
        "labels": dict(labels.preferred) if labels else {},
        "latest_meetings": [meeting_summary(snapshot, m, lang) for m in under[:10]],
    }


def places(snapshot: Snapshot, lang: str = "en") -> list[dict[str, Any]]:
    """Places with the place that contains them and the meetings held there."""
    counts = Counter(m.place for m in snapshot.meetings.values() if m.place)
    rows = [
        {**(ref(snapshot, p, lang) or {}), "contained_in": ref(snapshot, within, lang), "meetings": counts[p]}
        for p, within in snapshot.places.items()
    ]
    return sorted(rows, key=lambda r: (-r["meetings"], fold(r["label"])))
