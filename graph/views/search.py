"""Prefix search over labels in every language, case- and accent-insensitive, ranked.

Each word of a label (titles, preferred and alternative labels) goes into one sorted list; a query word
finds the words it begins with by bisection, so a search costs the matches, not the size of the graph.
At a million quads there are about 150,000 words: they are kept as one interned string each (most
recur) in a list beside a compact array of label numbers, not as a tuple per word.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from graph.views.ids import local
from graph.views.snapshot import Snapshot, fold

#: The types search covers (a session or a participation is found through its meeting).
SEARCHABLE = ("meeting", "site-visit", "organisation", "presidency", "trio", "member-state", "topic", "place",
              "series")  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Label:
    iri: str
    type: str
    text: str
    folded: str
    lang: str
    preferred: bool


@dataclass
class SearchIndex:
    """Every label of a searchable resource, and its words sorted, each with its label's number."""

    labels: list[_Label]
    words: list[str]
    numbers: array[int]


def build_index(snapshot: Snapshot) -> SearchIndex:
    """The search index of a snapshot (built once per snapshot by :func:`search`)."""
    labels: list[_Label] = []
    for iri, kind in snapshot.types.items():
        found = snapshot.labels.get(iri)
        if kind not in SEARCHABLE or found is None:
            continue
        for lang, text in found.preferred:
            labels.append(_Label(iri, kind, text, fold(text), lang, True))
        for lang, text in found.alternative:
            labels.append(_Label(iri, kind, text, fold(text), lang, False))
    pairs = sorted(
        {(sys.intern(word), n) for n, label in enumerate(labels) for word in _WORD.findall(label.folded)}
    )
    return SearchIndex(labels, [word for word, _ in pairs], array("I", (n for _, n in pairs)))


def _starting_with(index: SearchIndex, prefix: str) -> set[int]:
    found: set[int] = set()
    at = bisect_left(index.words, prefix)
    while at < len(index.words) and index.words[at].startswith(prefix):
        found.add(index.numbers[at])
        at += 1
    return found


def search(
    snapshot: Snapshot, text: str, *, kind: str | None = None, lang: str = "en"
) -> list[dict[str, Any]]:
    """Resources with a label whose words begin with the words of ``text``, best first.

    Ranked by: the whole label equals the query, then the label begins with it, then a word does; a
    preferred label before an alternative one; a label in ``lang`` first; shorter labels first.
    """
    query = fold(text).strip()
    words = _WORD.findall(query)
    if not words:
        return []

    def build() -> list[dict[str, Any]]:
        index: SearchIndex = snapshot.memo(("search-index",), lambda: build_index(snapshot))
        hits = _starting_with(index, words[0])
        for word in words[1:]:
            hits &= _starting_with(index, word)
        best: dict[str, tuple[tuple[int, int, int, int, str, str], _Label]] = {}
        for n in hits:
            label = index.labels[n]
            if kind and label.type != kind:
                continue
            where = 0 if label.folded == query else 1 if label.folded.startswith(query) else 2
            rank = (
                where,
                0 if label.preferred else 1,
                0 if label.lang == lang else 1,
                len(label.text),
                label.text,
                label.lang or "",  # the same text in two languages: the same pick whatever the store's order
            )
            if label.iri not in best or rank < best[label.iri][0]:
                best[label.iri] = (rank, label)
        ordered = sorted(best.values(), key=lambda item: (item[0], item[1].iri))
        return [
            {"id": label.iri, "key": local(label.iri), "type": label.type,
             "label": snapshot.label(label.iri, lang) or label.text,
             "matched": label.text, "matched_lang": label.lang or None}
            for _, label in ordered
        ]  # fmt: skip

    found: list[dict[str, Any]] = snapshot.memo(("search", query, kind, lang), build)
    return found
