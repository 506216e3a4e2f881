"""A meeting the text reports without naming a meeting kind: "Experts from the EU and the US met in ...".

A group of people that one kind of meeting brings together ("experts", "Fachleute", "ministres", "expert
level") and a verb of meeting ("met", "kwamen ... bijeen", "se sont réunis", "trafen sich") or a meeting
word ("a meeting of EU and US experts", "ein Treffen von Experten") in one sentence that gives a day report
a meeting of that kind. And a reported meeting's day named only relative to the publication ("Ministers met
in Brussels today"). The first is read when no meeting kind is named as reported, one of another kind
than those named as a second reported meeting (``patterns.toml``, ``[gatherings]``).
"""

from __future__ import annotations

import datetime as dt

from graph.ingest.dates import DateExpression, Day
from graph.ingest.lexicon import Lexicon
from graph.ingest.mentions import KindMention
from graph.ingest.phrases import Entry, Mention, occurrences, phrase_forms
from graph.ingest.reading import Sentence
from graph.ingest.text import Token
from graph.ingest.weekdays import names_weekday, weekday_date
from graph.namespaces import mint

#: The group and the verb are at most this many tokens apart ("Experts from the European Union and the
#: United States met"; "Am 6. November trafen sich in Wien Fachleute").
GATHERING_WINDOW = 12
#: The group as the subject, its verb later in the sentence, after what describes the group: "Ministers of
#: Justice and Home Affairs of the EU and the US met ...", "experts from the EU and the US who track the
#: illicit trade in guns met", "Ministers van ... zijn van 2 tot en met 3 juni 2016 in Amsterdam
#: bijeengekomen"
SUBJECT_WINDOW = 30


def gathering_mentions(sentences: list[Sentence], lexicon: Lexicon) -> list[KindMention]:
    """Dated body sentences where a group of one meeting kind met, as reported kind mentions.

    The first sentence of each kind, in text order: the first is the reported meeting of a text that names
    no meeting kind as reported; one of another kind than those named is a second meeting ("La veille, des
    experts s'étaient réunis au même endroit" in a release about the ministerial).
    """
    found: list[KindMention] = []
    tables = lexicon.tables
    languages = tables.languages.values()
    groups = {kind: phrase_forms(phrases, languages) for kind, phrases in tables.gathering_groups.items()}
    verbs = _meeting_verbs(lexicon)
    relative = phrase_forms([w for words in tables.relative_days.values() for w in words], languages)
    for sentence in sentences:
        dated = (
            any(d.begin.day is not None for d in sentence.dates)
            or occurrences(sentence.tokens, relative)
            or names_weekday(sentence, lexicon)
        )
        if sentence.title or not dated:
            continue
        if any(m.category in ("kind", "series") for m in sentence.mentions):
            continue
        met = [i for parts in verbs for i in _verb_positions(sentence.tokens, parts)]
        for kind, phrases in groups.items():
            if any(k.kind == mint(f"meeting-kind/{kind}") for k in found):
                continue
            for first, last in occurrences(sentence.tokens, phrases):
                if any(first - GATHERING_WINDOW <= i <= last + SUBJECT_WINDOW for i in met):
                    found.append(_reported(sentence, first, last, kind))
                    break
    return found


def gathering_reports(reported: list[KindMention], gathered: list[KindMention]) -> bool:
    """True when a gathering is the reported meeting though the text names a kind without a cue.

    "Am 3. und 4. Oktober sind ... die hohen Beamten ... zusammengetroffen" before "beim Ministertreffen im
    November": a kind named only later, in no sentence that gives a day (nor in the title), is the meeting
    the gathering leads to, not the one the text reports.
    """
    if not gathered or any(k.sentence.title for k in reported):
        return False
    first = gathered[0].sentence.start
    return all(
        k.sentence.start > first and not any(d.begin.day is not None for d in k.sentence.dates)
        for k in reported
    )


def other_gatherings(gathered: list[KindMention], mentions: list[KindMention]) -> list[KindMention]:
    """The gatherings that are a second meeting beside the kinds the text names.

    Of a kind the text does not name, on another day than the one a sentence naming a reported kind gives:
    "The dialogue took place on 3 May ... Experts had met on 2 May" is two meetings; "EU-US dialogue" over
    "Experts from the EU and the US met on 3 May" is one, the dialogue, told by who met.
    """
    days = {
        d.begin for k in mentions if k.relation is None for d in k.sentence.dates if d.begin.day is not None
    }
    kinds = {k.kind for k in mentions}
    return [
        g
        for g in gathered
        if g.kind not in kinds and days and not any(d.begin in days for d in g.sentence.dates)
    ]


def relative_date(
    sentences: list[Sentence], main: KindMention, lexicon: Lexicon, published: dt.date | None
) -> tuple[Sentence, DateExpression] | None:
    """The day a word names relative to the publication ("today", "On Wednesday") in a sentence about it.

    The sentence names the meeting or says people met; only for a text that gives the meeting no date.
    """
    if published is None:
        return None
    languages = lexicon.tables.languages.values()
    meeting_words = _meeting_verbs(lexicon)
    for sentence in sentences:
        about = sentence is main.sentence or any(_verb_positions(sentence.tokens, w) for w in meeting_words)
        if sentence.title or not about:
            continue
        for days, words in lexicon.tables.relative_days.items():
            for first, last in occurrences(sentence.tokens, phrase_forms(words, languages)):
                day = published + dt.timedelta(days=days)
                start, end = sentence.tokens[first].start, sentence.tokens[last - 1].end
                words_read = " ".join(t.raw for t in sentence.tokens[first:last])
                return sentence, DateExpression(start, end, words_read, Day(day.year, day.month, day.day))
        weekday = weekday_date(sentence, lexicon, published)  # "On Wednesday, officials ... met"
        if weekday is not None:
            return sentence, weekday
    return None


def _meeting_verbs(lexicon: Lexicon) -> list[tuple[set[tuple[str, ...]], ...]]:
    """Each verb of meeting, or meeting named without its kind, as the phrase forms of its parts.

    "met", "a meeting of EU and US experts"; two parts for a separable verb: "kwamen ... bijeen".
    """
    tables = lexicon.tables
    languages = tables.languages.values()
    words = (*tables.gathering_verbs, *tables.generic_meeting)
    return [tuple(phrase_forms([p], languages) for p in verb.split("...")) for verb in words]


def _reported(sentence: Sentence, first: int, last: int, kind: str) -> KindMention:
    """The group's words as the mention of a reported meeting of ``kind``."""
    iri = mint(f"meeting-kind/{kind}")
    tokens = sentence.tokens[first:last]
    entry = Entry("kind", iri, " ".join(t.raw for t in tokens))
    mention = Mention(first, last, tokens[0].start, tokens[-1].end, "kind", (entry,))
    return KindMention(sentence, mention, iri, None)


def _verb_positions(tokens: list[Token], parts: tuple[set[tuple[str, ...]], ...]) -> list[int]:
    """Where a verb of meeting is: a phrase, or both parts of a separable one in order within the window."""
    heads = occurrences(tokens, parts[0])
    if len(parts) == 1:
        return [first for first, _ in heads]
    tails = occurrences(tokens, parts[1])
    return [h for h, h_end in heads if any(h_end <= t <= h_end + GATHERING_WINDOW for t, _ in tails)]
