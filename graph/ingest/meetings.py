"""Find the meeting a press release reports, the meetings it mentions, their dates, places and visits.

The reported meeting is the first mention of a meeting kind (or series) in the title, else in the body,
that no cue marks as another meeting. Another meeting is a kind mention preceded by a cue of
``patterns.toml``: "in preparation of the forthcoming ..." (it prepares that one), "the next ..." or
"the previous ...". Each mentioned meeting takes the first date and place after it in its sentence; the
reported meeting takes the first date no other meeting claimed, and the place nearest to that date.
"""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef
from rdflib.namespace import SDO

from graph.ingest.dates import DateExpression
from graph.ingest.gatherings import gathering_mentions, gathering_reports, other_gatherings, relative_date
from graph.ingest.lexicon import Lexicon
from graph.ingest.mentions import (
    KindMention,
    announced_by_title,
    kind_mentions,
    other_reported,
    time_from,
    title_announces,
    unnamed_kind_mentions,
)
from graph.ingest.model import MeetingReading, Read, RelatedReading
from graph.ingest.named_fields import without_named_fields
from graph.ingest.phrases import occurrences, phrase_forms
from graph.ingest.reading import Sentence
from graph.ingest.schedule import (
    PLANNED,
    after,
    next_occurrence,
    read_visits,
    reported_date,
    reported_place,
    status_of,
)
from graph.ingest.transatlantic import names_both_sides

OFFLINE = SDO.OfflineEventAttendanceMode
ONLINE = SDO.OnlineEventAttendanceMode
MIXED = SDO.MixedEventAttendanceMode
#: A meeting and the sentences about it (participants, topics and statements are read from these).
Reported = tuple[MeetingReading, list[Sentence]]


def read_meetings(
    text: str,
    sentences: list[Sentence],
    lexicon: Lexicon,
    published: dt.date | None,
    warnings: list[str],
    not_asserted: list[dict[str, object]],
) -> list[Reported]:
    """The reported meeting (first) with its related meetings and visits, and any other meeting reported.

    Empty when the text reports no meeting it gives a date for (``not_asserted`` then says what it lacks).
    """
    mentions = kind_mentions(sentences, lexicon)
    reported = [k for k in mentions if k.relation is None]
    gathered = gathering_mentions(sentences, lexicon)
    if not reported or gathering_reports(reported, gathered):  # "Experts ... met in Dublin on 17 April 2013"
        reported = gathered[:1]
        mentions += reported
    else:  # a second meeting of another kind: "La veille, des experts s'étaient réunis au même endroit"
        mentions += other_gatherings(gathered, mentions)
    main = next((k for k in reported if k.sentence.title), None) or announced_by_title(mentions)
    # "The EU-Western Balkans Ministerial Forum met ..." before "The EU-US Ministerial Meeting was held ..."
    main = main or min(reported, key=lambda k: not names_both_sides(k.sentence, lexicon), default=None)
    if main is None:
        main = next((k for k in mentions if k.relation == "next"), None)
    if main is None:
        warnings.append("no meeting kind (ministerial, senior officials, summit...) named: no meeting read")
        return []
    mentions = title_announces(mentions, main)
    mentions += unnamed_kind_mentions(sentences, mentions, main, lexicon)
    others = other_reported(text, sentences, mentions, main)
    claimed_dates: set[DateExpression] = {o.date for o in others}
    claimed_places: set[tuple[int, int]] = set()
    owned = {id(s) for o in others for s in o.sentences}
    own = [s for s in sentences if id(s) not in owned]
    # a meeting prepares one of another kind (senior officials a ministerial): "Senior officials will
    # prepare the ministerial" in a text about the ministerial names the reported meeting itself
    related = [
        k
        for k in mentions
        if k.relation is not None
        and k is not main
        and id(k.sentence) not in owned
        and not (k.relation == "prepares" and k.kind == main.kind)
    ]
    readings = [_read_related(text, k, lexicon, published, claimed_dates, claimed_places) for k in related]
    not_asserted += _undated_related(text, related, readings, {o.mention.kind for o in others}, lexicon)
    visits = [v for s in own for v in read_visits(s, lexicon, claimed_places)]
    dated = reported_date(text, own, claimed_dates, lexicon, main.sentence)
    if (dated is None or dated[1].begin.day is None) and main.relation is None:
        # "Ministers met in Brussels today": a day beats a month ("the crimes since February 2022")
        relative = relative_date(own, main, lexicon, published)
        # "will gather in Budapest in April, the Ministry announced on Monday": the day is the announcement's
        planned = dated is not None and published is not None and after(dated[1].begin, published)
        dated = relative if relative is not None and not planned else dated
    if dated is None:
        lacks = "month" if lexicon.dates.half_year(text) else "date"
        warnings.append(
            f"the {lexicon.names.get(main.kind, 'meeting')} is not asserted: the text does not give "
            + ("its month (only a half-year)" if lacks == "month" else "its date")
        )
        not_asserted.append({"kind": _local(main.kind), "start": None, "lacks": [lacks]})
        return []
    date_sentence, date = dated
    meeting = _meeting(own, main, date_sentence, date, lexicon, published, warnings, claimed_places, related)
    meeting.visits = visits
    meeting.related = _unique_related(readings, warnings)
    _assign_topics(own, meeting, leave=_title_topics_of_others(own, [o.sentences for o in others]))
    meeting.topics = without_named_fields(meeting.topics, own, lexicon.broader)
    found = [(meeting, own)]
    for other in others:
        also = _meeting(
            other.sentences,
            other.mention,
            other.mention.sentence,
            other.date,
            lexicon,
            published,
            warnings,
            claimed_places,
            [],
        )
        _assign_topics(other.sentences, also)
        if also.place is None and (also.attendance is None or also.attendance.value != ONLINE):
            also.place = _same_place(other.sentences, meeting, lexicon)
        if other.mention.relation == "prepared_by" and also.begin.first_day() < meeting.begin.first_day():
            # "The ministerial was prepared by senior officials, who met ...": the link is theirs
            sentence = other.mention.sentence
            link = RelatedReading(
                "prepares", lexicon.names.get(main.kind, "meeting"), (sentence.start, sentence.end), main.kind
            )
            link.meeting, link.reported = meeting, True
            also.related.append(link)
        found.append((also, other.sentences))
    return found


def _same_place(sentences: list[Sentence], first: MeetingReading, lexicon: Lexicon) -> Read | None:
    """The first meeting's place, read from "at the same place" in the sentences of another meeting."""
    if first.place is None:
        return None
    forms = phrase_forms(lexicon.tables.same_place, lexicon.tables.languages.values())
    for sentence in sentences:
        for begin, end in occurrences(sentence.tokens, forms):
            return Read(first.place.value, (sentence.tokens[begin].start, sentence.tokens[end - 1].end))
    return None


def _meeting(
    sentences: list[Sentence],
    km: KindMention,
    date_sentence: Sentence,
    date: DateExpression,
    lexicon: Lexicon,
    published: dt.date | None,
    warnings: list[str],
    claimed_places: set[tuple[int, int]],
    related: list[KindMention],
) -> MeetingReading:
    """A reported meeting: kind, status, dates, place (none when held online), attendance, presidency."""
    attendance = _attendance(sentences, related)
    meeting = MeetingReading(
        kind=Read(km.kind, (km.mention.start, km.mention.end)),
        status=status_of(date.begin, published, km, date_sentence),
        begin=date.begin,
        finish=date.finish,
        begin_span=(date.start, date.end),
        span=(km.mention.start, km.mention.end),
        description_span=(date_sentence.start, date_sentence.end),
        place=None
        if attendance.value == ONLINE
        else reported_place(sentences, date_sentence, date, km, claimed_places),
        series=lexicon.series_of_kind.get(km.kind),
        attendance=attendance,
    )
    presidency = lexicon.presidency_on(date.begin.first_day())
    if presidency is None:
        warnings.append(f"no Council presidency in the reference data for {date.begin.iso}")
    else:
        meeting.presidency = Read(presidency.iri)
    return meeting


def _assign_topics(
    sentences: list[Sentence], meeting: MeetingReading, leave: frozenset[URIRef] = frozenset()
) -> None:
    """Topics of a visit's sentence go to the visit, the others (not the title's ``leave``) to the meeting."""
    for sentence in sentences:
        visit = next((v for v in meeting.visits if sentence.start <= v.span[0] < sentence.end), None)
        target = visit.topics if visit is not None else meeting.topics
        for mention in sentence.mentions:
            known = {t.value for t in target}
            if mention.category != "topic" or len(mention.iris) != 1 or mention.iris[0] in known:
                continue
            if not (sentence.title and mention.iris[0] in leave):
                target.append(Read(mention.iris[0], (mention.start, mention.end)))


def _title_topics_of_others(own: list[Sentence], others: list[list[Sentence]]) -> frozenset[URIRef]:
    """Topics the title names that the body names only in the sentences of another reported meeting.

    "Réunions UE-États-Unis : hauts fonctionnaires et experts en cybercriminalité": the body puts
    cybercrime in the experts' meeting, so the title's mention of it is not the senior officials' topic.
    """

    def topics(sentences: list[Sentence]) -> set[URIRef]:
        return {
            m.iris[0] for s in sentences for m in s.mentions if m.category == "topic" and len(m.iris) == 1
        }

    title = topics([s for s in own if s.title])
    body = topics([s for s in own if not s.title])
    return frozenset((title & topics([s for o in others for s in o])) - body)


def _read_related(
    text: str,
    km: KindMention,
    lexicon: Lexicon,
    published: dt.date | None,
    claimed_dates: set[DateExpression],
    claimed_places: set[tuple[int, int]],
) -> RelatedReading:
    sentence, mention = km.sentence, km.mention
    label = text[mention.start : mention.end]
    reading = RelatedReading(km.relation or "next", label, (mention.start, mention.end), km.kind)
    later = [k for k in sentence.mentions if k.start > mention.end and k.category in ("kind", "series")]
    limit = later[0].start if later else sentence.end
    date = next((d for d in sentence.dates if mention.end <= d.start < limit), None)
    if date is None:
        return reading
    claimed_dates.add(date)
    place = next(
        (
            m
            for m in sentence.mentions
            if m.category == "place" and mention.end <= m.start < limit and len(m.iris) == 1
        ),
        None,
    )
    if place is not None:
        claimed_places.add((place.start, place.end))
    if km.relation == "previous":
        return reading
    date = next_occurrence(date, published)
    begin_day = date.begin.first_day()
    if not after(date.begin, published):
        return reading
    presidency = lexicon.presidency_on(begin_day)
    reading.meeting = MeetingReading(
        kind=Read(km.kind, (mention.start, mention.end)),
        status=PLANNED,
        begin=date.begin,
        finish=date.finish,
        begin_span=(date.start, date.end),
        span=(mention.start, mention.end),
        description_span=_clause(text, mention.start, limit),
        place=Read(place.iris[0], (place.start, place.end)) if place is not None else None,
        presidency=Read(presidency.iri) if presidency else None,
        series=lexicon.series_of_kind.get(km.kind),
    )
    return reading


def _undated_related(
    text: str,
    related: list[KindMention],
    readings: list[RelatedReading],
    reported: set[URIRef],
    lexicon: Lexicon,
) -> list[dict[str, object]]:
    """What the later meetings the text announces without a date lack: the month, or the date.

    "the ministerial ... in the second half of 2026", "in 2025", "next year": the month. "Our next meeting
    will take place in Washington", "the ministerial, whose date will be set later": the date. Not for a
    meeting of the same relation and kind another mention gives in full ("ahead of the May ministerial"), nor
    of a kind the text reports (``reported``: "The ministerial meeting will be held in Riga on 9 June").
    """
    asserted = {(r.relation, r.kind) for r in readings if r.meeting is not None}
    found: list[dict[str, object]] = []
    for k, reading in zip(related, readings, strict=True):
        clause = text[time_from(k) : k.sentence.end]
        if reading.meeting is not None or k.relation == "previous" or (k.relation, k.kind) in asserted:
            continue
        if k.kind in reported:
            continue
        if lexicon.dates.half_year(clause) or (not _dated(k) and lexicon.dates.year_only(clause)):
            lacks = "month"
        elif k.relation in ("next", "prepares") and not _dated(k):
            lacks = "date"
        else:
            continue
        entry: dict[str, object] = {"kind": _local(k.kind), "start": None, "lacks": [lacks]}
        if entry not in found:
            found.append(entry)
    return found


def _dated(km: KindMention) -> bool:
    """True when the sentence gives any time after the mention (a date, a month or a half-year)."""
    return any(d.start >= km.mention.end for d in km.sentence.dates)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The words of a meeting mention up to the next meeting or the sentence end, without final punctuation.

    "EU-US JHA Ministerial Meeting, which will be held in May 2018 in Sofia": the description of a meeting
    announced in a sentence about another.
    """
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return start, end


def _attendance(sentences: list[Sentence], related: list[KindMention]) -> Read:
    """Online or hybrid when a cue says so (not in the words about another meeting), else in person.

    An online cue in a sentence that also says some attended in person ("physical and virtual attendance")
    makes the meeting hybrid.
    """
    cues = []
    mixed = None
    for sentence in sentences:
        others = [k.mention.start for k in related if k.sentence is sentence]
        named = [(m.start, m.end) for m in sentence.mentions]  # "hybrid threats" is a topic, not a format
        own = [
            c
            for c in sentence.cues
            if not (others and c.start > min(others)) and not any(s <= c.start < e for s, e in named)
        ]
        if mixed is None and any(c.has("in_person") for c in own):
            mixed = next((c for c in own if c.has("online")), None)
        cues += own
    if mixed is not None:
        return Read(MIXED, (mixed.start, mixed.end))
    for table, mode in (("hybrid", MIXED), ("online", ONLINE)):
        cue = next((c for c in cues if c.has(table)), None)
        if cue is not None:
            return Read(mode, (cue.start, cue.end))
    return Read(OFFLINE)


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _unique_related(readings: list[RelatedReading], warnings: list[str]) -> list[RelatedReading]:
    """One reading per meeting; vague mentions ("ahead of the June ministerial") of one read in full go."""
    asserted = {(r.relation, r.meeting.kind.value) for r in readings if r.meeting is not None}
    unique: dict[str, RelatedReading] = {}
    for reading in readings:
        key = reading.meeting.path if reading.meeting is not None else f"{reading.relation}:{reading.label}"
        if key in unique or (reading.meeting is None and (reading.relation, reading.kind) in asserted):
            continue
        unique[key] = reading
        if reading.meeting is None:
            warnings.append(
                f"{reading.relation} meeting {reading.label!r} mentioned but not asserted: the text does not "
                "give what a meeting needs (a date; for a held one also the day, place and participants)"
            )
        elif reading.meeting.presidency is None:
            warnings.append(
                f"no Council presidency for {reading.meeting.begin.iso}: {reading.label!r} not asserted"
            )
            reading.meeting = None
    return list(unique.values())
