"""When and where a meeting took place: its date (datelines last), status, place, and site visits.

The reported meeting takes the first date no other meeting claimed (a dateline only when there is no
other), the place nearest that date, and is planned when it starts after the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from rdflib import URIRef

from graph.ingest.dates import DateExpression, Day
from graph.ingest.lexicon import Lexicon
from graph.ingest.mentions import KindMention
from graph.ingest.model import Read, VisitReading
from graph.ingest.phrases import Mention
from graph.ingest.reading import Sentence
from graph.ingest.transatlantic import names_both_sides
from graph.namespaces import mint

HELD = mint("meeting-status/held")
PLANNED = mint("meeting-status/planned")


def reported_date(
    text: str,
    sentences: list[Sentence],
    claimed: set[DateExpression],
    lexicon: Lexicon,
    about: Sentence | None = None,
) -> tuple[Sentence, DateExpression] | None:
    """The first unclaimed date with a day (datelines last), else the first unclaimed month.

    A presidency's start ("Ireland, which takes over the Presidency on 1 July 2026") is no meeting's date;
    a date in a sentence naming both sides comes before one in a sentence about one side's business (the
    Council meeting a report's title names). A programme's day heading over the undated sentence ``about``
    the meeting ("Mardi 12 mars" over "10h00 – Ouverture de la réunion d'experts") dates it first.
    """
    heading = _heading_over(text, sentences, claimed, about) if about is not None else None
    if heading is not None:
        return heading
    candidates = [(s, d) for s in sentences for d in s.dates if d not in claimed and not _term_start(s, d)]
    ranked = sorted(
        enumerate(candidates),
        key=lambda item: (
            item[1][1].begin.day is None,
            not names_both_sides(item[1][0], lexicon),
            item[1][0].dateline or is_dateline(text, item[1][0], item[1][1]),
            item[0],
        ),
    )
    return ranked[0][1] if ranked else None


def _heading_over(
    text: str, sentences: list[Sentence], claimed: set[DateExpression], about: Sentence
) -> tuple[Sentence, DateExpression] | None:
    """The last line before ``about`` that is only a date ("Mardi 12 mars"), when ``about`` gives none."""
    if about.dates:
        return None
    headings = [
        (s, s.dates[0])
        for s in sentences
        if s.start < about.start
        and len(s.dates) == 1
        and s.dates[0] not in claimed
        and s.dates[0].begin.day is not None
        and not re.search(r"\w", text[s.start : s.end].replace(s.dates[0].text, ""))
    ]
    return headings[-1] if headings else None


#: A date this many tokens at most after "takes over" / "whose Presidency begins" is when a term starts.
TERM_START_WINDOW = 5


def _term_start(sentence: Sentence, date: DateExpression) -> bool:
    first = sentence.token_index(date.start)
    return any(
        c.last <= first <= c.last + TERM_START_WINDOW
        for c in sentence.cues
        # "Next week, on 12 March": a word that also announces a meeting is no verb of taking over
        if c.has("incoming_after") or (c.has("incoming") and not c.has("planned"))
    )


def next_occurrence(date: DateExpression, published: dt.date | None) -> DateExpression:
    """A next meeting's month and day without a year: the first after publication, not the nearest.

    "The next round will take place in October", published in March 2009: October 2009, not 2008.
    """
    if published is None or re.search(r"\d{4}", date.text) or after(date.begin, published):
        return date
    begin = replace(date.begin, year=date.begin.year + 1)
    finish = replace(date.finish, year=date.finish.year + 1) if date.finish is not None else None
    moved = replace(date, begin=begin, finish=finish)
    return moved if after(begin, published) else date


def is_dateline(text: str, sentence: Sentence, date: DateExpression) -> bool:
    """A date at the head of a paragraph followed by a dash or colon ("Washington, 14 November 2023 –")."""
    return date.start - sentence.start < 40 and bool(re.match(r"\s*[–—:-]", text[date.end : date.end + 3]))


def after(day: Day, published: dt.date | None) -> bool:
    """True when ``day`` (or its month) is after the publication date (or no date is known)."""
    if published is None:
        return True
    if day.day is None:
        return (day.year, day.month) >= (published.year, published.month)
    return day.first_day() > published


def status_of(day: Day, published: dt.date | None, main: KindMention, sentence: Sentence) -> URIRef:
    """Planned when the meeting starts after publication; without a publication date, when a cue says so."""
    if published is not None:
        return PLANNED if after(day, published) else HELD
    later = any(c.has("planned") and c.first >= main.mention.last for c in main.sentence.cues)
    return PLANNED if later or sentence.has_cue("planned") else HELD


def reported_place(
    sentences: list[Sentence],
    date_sentence: Sentence,
    date: DateExpression,
    main: KindMention,
    claimed: set[tuple[int, int]],
) -> Read | None:
    """The place nearest the meeting's date in its sentence, else the first unclaimed place named."""

    def places(sentence: Sentence) -> list[Mention]:
        return [
            m
            for m in sentence.mentions
            if m.category == "place" and len(m.iris) == 1 and (m.start, m.end) not in claimed
        ]

    in_date_sentence = [] if date_sentence.dateline else places(date_sentence)
    if in_date_sentence:
        nearest = min(in_date_sentence, key=lambda m: min(abs(m.start - date.end), abs(date.start - m.end)))
        return Read(nearest.iris[0], (nearest.start, nearest.end))
    for sentence in [main.sentence, sentences[0], *sentences[1:]]:
        found = [] if sentence.dateline else places(sentence)
        if found:
            return Read(found[0].iris[0], (found[0].start, found[0].end))
    return None


def _sentence_visits(sentence: Sentence, lexicon: Lexicon) -> list[tuple[Mention, Mention]]:
    pairs = []
    for cue in (c for c in sentence.cues if c.has("visit")):
        place = next(
            (
                m
                for m in sentence.mentions
                if m.category == "place"
                and len(m.iris) == 1
                and cue.last <= m.first <= cue.last + lexicon.tables.cue_window
            ),
            None,
        )
        if place is not None:
            pairs.append((cue, place))
    return pairs


def read_visits(sentence: Sentence, lexicon: Lexicon, claimed: set[tuple[int, int]]) -> list[VisitReading]:
    """Site visits of the sentence ("visited the port of Rotterdam"): their places are not the meeting's."""
    visits = []
    for cue, place in _sentence_visits(sentence, lexicon):
        claimed.add((place.start, place.end))
        day = next((d.begin for d in sentence.dates if d.begin.day is not None), None)
        place_read = Read(place.iris[0], (place.start, place.end))
        visits.append(VisitReading(place_read, (cue.start, place.end), (sentence.start, sentence.end), day))
    return visits
