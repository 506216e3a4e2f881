"""Compare what the ingest read with facts written by hand: precision and recall per kind of fact.

Expected facts (``tests/data/ingest/corpus/*.expected.json``) have the shape of the extraction summary,
with IRIs written relative to ``https://w3id.org/euus-kg/id/`` and participants either ``{"id", "side",
"role", "basis"}`` or ``{"description": true, "side", "role", "basis"}`` for one the text does not name.
A meeting may list ``attendance`` ("offline", "online", "mixed"), ``statements`` (``kind``, ``quote``: the
sentence word for word, ``holders``) and ``mentions`` (organisations named that do not take part); the
document lists ``not_asserted`` meetings (``kind``, ``lacks``: codes of the facts the text does not give).
The first meeting is the reported one; the others are matched by IRI. Every fact becomes a tuple; a fact
is right when the same tuple is on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.namespaces import ID

#: The kinds of fact scored, in the order they are reported. The first five are the quality targets.
FIELDS = (
    "participants",
    "topics",
    "dates",
    "places",
    "presidencies",
    "kinds",
    "statuses",
    "roles",
    "hosts",
    "related",
    "published",
    "source",
    "attendance",
    "bases",
    "statements",
    "holders",
    "mentions",
    "not_asserted",
)
TARGET_FIELDS = FIELDS[:5]
#: Fields of the second target (issue 11): right in at least 97 % of cases.
FACT_FIELDS = ("dates", "places", "presidencies", "kinds", "published")

Fact = tuple[str, ...]


@dataclass
class Score:
    """Counts of right (``tp``), extra (``fp``) and missing (``fn``) facts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Right facts among those read (1.0 when nothing was read)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Right facts among those expected (1.0 when nothing was expected)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Comparison:
    """The facts of one document: right, extra and missing, per field."""

    name: str
    extra: dict[str, set[Fact]]
    missing: dict[str, set[Fact]]
    right: dict[str, set[Fact]]


def short(value: object) -> str | None:
    """An IRI relative to ``id/`` (other values unchanged, None stays None)."""
    if value is None:
        return None
    return str(value).removeprefix(str(ID))


def facts(document: dict[str, Any]) -> dict[str, set[Fact]]:
    """Every fact of an expected-facts file or an extraction summary, as tuples per field."""
    found: dict[str, set[Fact]] = {field: set() for field in FIELDS}
    source = document.get("source") or {}
    for key in ("publisher", "republisher", "language", "attribution_language"):
        if source.get(key) is not None:
            found["source"].add((key, str(short(source[key]))))
    if source.get("published") is not None:
        found["published"].add(("published", str(source["published"])))
    for missing in document.get("not_asserted") or []:
        for lack in missing.get("lacks") or []:
            found["not_asserted"].add((str(missing["kind"]), str(lack)))
    for index, meeting in enumerate(document.get("meetings") or []):
        key = "reported" if index == 0 else str(short(meeting.get("id")))
        _meeting_facts(key, meeting, found)
    return found


def _meeting_facts(key: str, meeting: dict[str, Any], found: dict[str, set[Fact]]) -> None:
    for field, name in (
        ("kinds", "kind"),
        ("statuses", "status"),
        ("places", "place"),
        ("hosts", "host"),
        ("attendance", "attendance"),
    ):
        if meeting.get(name) is not None:
            found[field].add((key, str(short(meeting[name]))))
    if meeting.get("presidency") is not None:
        found["presidencies"].add((key, str(short(meeting["presidency"]))))
    for end in ("start", "end"):
        if meeting.get(end) is not None:
            found["dates"].add((key, end, str(meeting[end])))
    for participant in meeting.get("participants") or []:
        who = str(short(participant["id"])) if participant.get("id") else "(described)"
        found["participants"].add((key, who, str(participant["side"])))
        found["roles"].add((key, who, str(participant["role"])))
        if participant.get("basis") is not None:
            found["bases"].add((key, who, str(participant["basis"])))
    for statement in meeting.get("statements") or []:
        quote = " ".join(str(statement["quote"]).split())
        found["statements"].add((key, str(statement["kind"]), quote))
        for holder in statement.get("holders") or []:
            found["holders"].add((key, quote[:60], str(short(holder))))
    for mentioned in meeting.get("mentions") or []:
        found["mentions"].add((key, str(short(mentioned))))
    for topic in meeting.get("topics") or []:
        found["topics"].add((key, str(short(topic["id"] if isinstance(topic, dict) else topic))))
    for related in meeting.get("related") or []:
        target = related.get("place") if related.get("relation") == "site-visit" else related.get("id")
        found["related"].add(
            (key, str(related["relation"]), str(short(target)) if target else "(not asserted)")
        )


def compare(name: str, expected: dict[str, Any], summary: dict[str, Any]) -> Comparison:
    """Compare the facts expected for a document with those of its extraction summary."""
    want, got = facts(expected), facts(summary)
    return Comparison(
        name=name,
        extra={f: got[f] - want[f] for f in FIELDS},
        missing={f: want[f] - got[f] for f in FIELDS},
        right={f: got[f] & want[f] for f in FIELDS},
    )


def totals(comparisons: Iterable[Comparison]) -> dict[str, Score]:
    """Precision and recall per field over all documents."""
    scores = {field: Score() for field in FIELDS}
    for comparison in comparisons:
        for field in FIELDS:
            scores[field].tp += len(comparison.right[field])
            scores[field].fp += len(comparison.extra[field])
            scores[field].fn += len(comparison.missing[field])
    return scores
