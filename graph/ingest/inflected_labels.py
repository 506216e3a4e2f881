"""Dutch and German topic labels in other inflections and at the head of compounds.

The phrase index finds a label as written ("Grenzen", "radicalisering"); a Dutch or German release may
write its last word in another form ("radicaliseren", "grenscontroles", "nitazenen") or as the head of a
compound ("die Landgrenze", "gewaltbereiter Rechtsextremismus" for "gewaltbereiter Extremismus",
"Schengenvisum"). The label's other words are as written; its last word matches in the inflections of
topic frames (graph/ingest/frames.py: the same endings, the same stem length, an agent noun only as an
agent noun). Not in English and French, whose labels list the forms that name the topic: a singular
"border" is a modifier ("border checks") or part of a name ("Customs and Border Protection"), "the
information exchanged" is how something was discussed. Acronyms and short labels match only as written;
words another mention already covers are not read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.ingest.frames import COMPOUNDING, INFLECTED_MIN, STEM_MIN, inflects
from graph.ingest.phrases import Entry, Mention, PhraseIndex
from graph.ingest.tables import LanguageRules
from graph.ingest.text import Token

#: The shortest first part of a compound whose head is a label ("Landgrenze"); "begrenzen" is a verb.
MODIFIER_MIN = 3


@dataclass
class _Labels:
    """Topic labels long enough to inflect, by the first letters of their last word."""

    by_stem: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict)


_BUILT: dict[int, tuple[PhraseIndex, _Labels]] = {}


def _labels(index: PhraseIndex) -> _Labels:
    cached = _BUILT.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    labels = _Labels()
    for words, entries in index.phrases.items():
        topics = [e for e in entries if e.category == "topic" and e.iri is not None and not e.acronym]
        # a phrase that is also another resource's label names that one ("Europol" is no topic)
        if not topics or len(topics) != len(entries) or len(words[-1]) < INFLECTED_MIN:
            continue
        labels.by_stem.setdefault(words[-1][:STEM_MIN], []).append((words, topics[0]))
    _BUILT[id(index)] = (index, labels)
    return labels


def inflected_topics(
    tokens: Sequence[Token], mentions: list[Mention], index: PhraseIndex, rules: LanguageRules | None
) -> list[Mention]:
    """Topic mentions of labels whose last word ``tokens`` write in another form, where no mention is."""
    if rules is None or rules.code not in COMPOUNDING:
        return []
    labels = _labels(index)
    norms = [t.norm for t in tokens]
    taken = [(m.first, m.last) for m in mentions]
    found: list[Mention] = []
    for last, norm in enumerate(norms):
        starts = [0, *range(MODIFIER_MIN, len(norm) - INFLECTED_MIN + 1)]
        match = None
        for cut in starts:
            head = norm[cut:]
            for words, entry in labels.by_stem.get(head[:STEM_MIN], ()):
                first = last - len(words) + 1
                if first < 0 or tuple(norms[first:last]) != words[:-1]:
                    continue
                if (cut == 0 and head == words[-1]) or not inflects(head, words[-1], exact=False):
                    continue  # as written: the phrase index has it
                match = (first, entry)
                break
            if match is not None:
                break
        if match is None:
            continue
        first, entry = match
        if any(first < e and s <= last for s, e in taken):
            continue
        found.append(Mention(first, last + 1, tokens[first].start, tokens[last].end, "topic", (entry,)))
        taken.append((first, last + 1))
    return found
