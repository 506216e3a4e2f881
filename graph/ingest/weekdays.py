"""A meeting's day named only by its weekday: "On Wednesday, officials ... met in Madrid".

A release published on Friday 27 October that says "On Wednesday" means Wednesday 25 October: the last day
of that weekday up to the publication date, or the first after it when the sentence announces the meeting
("will meet on Tuesday"). Two weekdays joined ("on Tuesday and Wednesday this week", "lundi et mardi") are
the meeting's first and last day. A weekday before a number ("Tuesday 12 March", "Monday, the 9th") is part
of a date and read by ``dates.py``.
"""

from __future__ import annotations

import datetime as dt

from graph.ingest.dates import DateExpression, Day
from graph.ingest.lexicon import Lexicon
from graph.ingest.phrases import occurrences, phrase_forms
from graph.ingest.reading import Sentence

#: Days in a week: the weekday names of ``patterns.toml`` come seven per language, Monday first.
WEEK = 7
#: Two weekdays at most this many tokens apart name one meeting's first and last day ("Tuesday and
#: Wednesday", "mardi et mercredi").
RANGE_TOKENS = 2
#: Cue tables that announce a meeting: its weekday is the next one after the publication.
ANNOUNCING = ("planned", "planned_after")


def names_weekday(sentence: Sentence, lexicon: Lexicon) -> bool:
    """True when the sentence names a weekday ("On Wednesday, experts ... met"): a day, once published."""
    forms = phrase_forms(lexicon.tables.weekdays, lexicon.tables.languages.values())
    return bool(occurrences(sentence.tokens, forms))


def weekday_date(sentence: Sentence, lexicon: Lexicon, published: dt.date) -> DateExpression | None:
    """The day (or days) the sentence's weekday names, counted from the publication date; None if none."""
    languages = lexicon.tables.languages.values()
    found: list[tuple[int, int, int]] = []  # first token, last token, weekday number (Monday 0)
    for number, name in enumerate(lexicon.tables.weekdays):
        for first, last in occurrences(sentence.tokens, phrase_forms([name], languages)):
            after = sentence.tokens[last] if last < len(sentence.tokens) else None
            if after is None or not after.raw[:1].isdigit():
                found.append((first, last, number % WEEK))
    if not found:
        return None
    found.sort()
    ahead = any(sentence.has_cue(table) for table in ANNOUNCING)
    first, last, weekday = found[0]
    begin = _day_of(weekday, published, ahead)
    finish = None
    joined = [f for f in found[1:] if f[0] - last <= RANGE_TOKENS]
    if joined:
        last, end_weekday = joined[0][1], joined[0][2]
        finish = begin + dt.timedelta(days=(end_weekday - weekday) % WEEK)
        if not ahead and finish > published:  # "on Tuesday and Wednesday", published on Wednesday
            finish = None
    start, end = sentence.tokens[first].start, sentence.tokens[last - 1].end
    words = " ".join(t.raw for t in sentence.tokens[first:last])
    return DateExpression(start, end, words, _day(begin), _day(finish) if finish else None)


def _day_of(weekday: int, published: dt.date, ahead: bool) -> dt.date:
    """The last day of ``weekday`` up to ``published``, or with ``ahead`` the first after it."""
    if ahead:
        return published + dt.timedelta(days=(weekday - published.weekday() - 1) % WEEK + 1)
    return published - dt.timedelta(days=(published.weekday() - weekday) % WEEK)


def _day(day: dt.date) -> Day:
    return Day(day.year, day.month, day.day)
