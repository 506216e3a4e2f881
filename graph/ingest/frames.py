"""Topics named around their concept: "the protection of children against sexual abuse online".

A topic frame of ``patterns.toml`` lists groups of words; a sentence that has a word (or phrase) of every
group, all within ``window`` tokens and none inside the label of another topic found there, names the
frame's topic, unless a label of that topic is already found there. Labels find "child sexual abuse
online"; a frame also finds the same concept written around it ("children ... sexual exploitation",
"accountability ... war crimes", "trafficking of firearms").
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.ingest.phrases import Entry, Mention
from graph.ingest.tables import LanguageRules, TopicFrame
from graph.ingest.text import Token, tokenize
from graph.namespaces import mint


def frame_mentions(
    tokens: Sequence[Token],
    mentions: list[Mention],
    frames: Sequence[TopicFrame],
    rules: LanguageRules | None,
) -> list[Mention]:
    """Topic mentions the frames find in a sentence's ``tokens`` that its ``mentions`` do not have yet."""
    norms = [t.norm for t in tokens]
    taken = [(m.first, m.last) for m in mentions if m.category == "topic"]
    found: list[Mention] = []
    for frame in frames:
        iri = mint(f"topic/{frame.topic}")
        if any(m.category == "topic" and iri in m.iris for m in mentions + found):
            continue
        # words of a topic already named are taken: "judicial cooperation and law enforcement access to
        # data" is not about police cooperation
        hits = [
            [
                o
                for o in _occurrences(norms, group, rules, frame.exact)
                if not any(o[0] < e and s < o[1] for s, e in taken)
            ]
            for group in frame.groups
        ]
        if not all(hits):
            continue
        for first, last in hits[0]:
            span = _within(first, last, hits[1:], frame.window)
            if span is not None:
                entry = Entry("topic", iri, frame.topic)
                start, end = tokens[span[0]].start, tokens[span[1] - 1].end
                found.append(Mention(span[0], span[1], start, end, "topic", (entry,)))
                break
    return found


def _occurrences(
    norms: list[str], group: tuple[str, ...], rules: LanguageRules | None, exact: bool = False
) -> list[tuple[int, int]]:
    """Token ranges ``[first, last)`` where a phrase of ``group`` occurs, its last word in any inflection."""
    found = []
    for phrase in group:
        words = [t.norm for t in tokenize(phrase, rules)]
        n = len(words)
        found += [
            (i, i + n)
            for i in range(len(norms) - n + 1)
            if norms[i : i + n - 1] == words[:-1] and _inflects(norms[i + n - 1], words[-1], exact)
        ]
    return found


#: Endings of a word's inflected and derived forms (en, nl, fr, de): "smuggle" also finds "smuggling",
#: "smugglers", "smuggled"; "protect" "protection"; "exploit" "exploitation". Only for words this long.
INFLECTIONS = ("", "e", "s", "es", "ed", "d", "ing", "er", "ers", "en", "n", "ion", "ions", "ation", "ations")
INFLECTED_MIN = 5


def _inflects(token: str, word: str, exact: bool) -> bool:
    if token == word:
        return True
    if exact or len(word) < INFLECTED_MIN or not token.startswith(stem := word.removesuffix("e")):
        return False
    return token[len(stem) :] in INFLECTIONS


def _within(
    first: int, last: int, others: list[list[tuple[int, int]]], window: int
) -> tuple[int, int] | None:
    """The token range covering ``[first, last)`` and one occurrence of each other group, if it fits."""
    low, high = first, last
    for occurrences in others:
        near = [o for o in occurrences if max(high, o[1]) - min(low, o[0]) <= window]
        if not near:
            return None
        best = min(near, key=lambda o: max(high, o[1]) - min(low, o[0]))
        low, high = min(low, best[0]), max(high, best[1])
    return low, high
