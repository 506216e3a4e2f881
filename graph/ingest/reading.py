"""Read a press release: its title, attribution line and language, and its sentences with what they name."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

from rdflib import URIRef

from graph.errors import InvalidInput
from graph.ingest.concepts import narrowest_topics
from graph.ingest.coordination import elided_mentions, elided_topics, inside_any, shared_head_mentions
from graph.ingest.dates import DateExpression
from graph.ingest.frames import frame_mentions, without_held_topics
from graph.ingest.headers import (
    Header,
    agent_mentions,
    find_dateline,
    find_header,
    find_publisher_line,
    footer_blocks,
    header_zone,
    line_language,
    unit_in_header,
)
from graph.ingest.inflected_labels import inflected_topics
from graph.ingest.lexicon import GAPPED_HEAD, GAPPED_TAIL, Lexicon
from graph.ingest.longer_names import outside_longer_names
from graph.ingest.model import Read, SourceReading, Span
from graph.ingest.nationalities import without_presidency_adjectives
from graph.ingest.offices import outside_instrument_names, outside_office_names
from graph.ingest.phrases import AGENT_CATEGORIES, Mention, nouns_as_written
from graph.ingest.sided import sided_mentions
from graph.ingest.text import Token, detect_language, split_sentences, tokenize

#: Attribution lines are looked for on this many non-empty lines after the title.
ATTRIBUTION_LINES = 6
#: A release header may spread publisher, office, number and date over this many short lines.
HEADER_BLOCK_LINES = 5
HEADER_LINE_CHARS = 120
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/.-])")
#: A first line that is a digest's header has a date and at most this many words ("Daily News 12/03/2024").
DIGEST_TITLE_WORDS = 3


@dataclass
class Sentence:
    """A sentence of the document with the resources, cues and dates found in it."""

    start: int
    end: int
    tokens: list[Token]
    mentions: list[Mention]
    cues: list[Mention]
    dates: list[DateExpression]
    title: bool = False
    #: a line with only a place and a date under the title: its date is a meeting's last resort, its place
    #: no meeting's
    dateline: bool = False

    def token_index(self, offset: int) -> int:
        """Index of the first token that starts at or after ``offset``."""
        return bisect.bisect_left([t.start for t in self.tokens], offset)

    def cues_before(self, first: int, table: str, window: int) -> list[Mention]:
        """Cues of ``table`` that end within ``window`` tokens before token ``first``."""
        return [c for c in self.cues if c.has(table) and first - window <= c.last <= first]

    def cues_after(self, last: int, table: str, window: int) -> list[Mention]:
        """Cues of ``table`` that start within ``window`` tokens after token ``last``."""
        return [c for c in self.cues if c.has(table) and last <= c.first <= last + window]

    def has_cue(self, table: str) -> bool:
        """True when the sentence holds a cue of ``table``, or both parts of a separable one in order."""
        if any(c.has(table) for c in self.cues):
            return True
        heads = [c.last for c in self.cues if c.has(table + GAPPED_HEAD)]
        return any(c.has(table + GAPPED_TAIL) and heads and c.first >= min(heads) for c in self.cues)


#: A press release is a few pages; a million characters is a book, or a file that is not one.
MAX_DOCUMENT_CHARS = 1_000_000
#: Characters no text document holds (tab, line feed, form feed and carriage return are text).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_source(text: str, lexicon: Lexicon, file_name: str | None) -> tuple[SourceReading, list[str]]:
    """The title (first line), attribution line and language of the text; and warnings."""
    warnings: list[str] = []
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InvalidInput(
            f"the document has {len(text)} characters; a press release has at most {MAX_DOCUMENT_CHARS}"
        )
    control = _CONTROL.search(text)
    if control is not None:
        raise InvalidInput(
            f"the document holds the control character U+{ord(control.group()):04X} at character "
            f"{control.start()}: it is binary, not the text of a press release"
        )
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not lines:
        raise InvalidInput("the document is empty: a press release has its title on the first line")
    title_span = _strip(text, *lines[0])
    body_words = [t.norm for t in tokenize(text, None, start=lines[1][0] if len(lines) > 1 else 0)]
    source = SourceReading(
        title=text[title_span[0] : title_span[1]],
        title_span=title_span,
        language=detect_language(body_words, lexicon.tables),
        identifier=PurePath(file_name).stem if file_name else None,
    )
    for start, end in _header_blocks(text, lines[1 : 1 + ATTRIBUTION_LINES]):
        # a header over several lines ("Council of the EU / Press release / 847/21 / 20 November 2021")
        # is read as one line with "|" for its line breaks: one character each, so offsets still hold
        line = text[start:end].replace("\n", "|")
        for pattern in lexicon.tables.attribution:
            match = pattern.regex.match(line)
            if match is None:
                continue
            language = pattern.language
            if language == "*":  # a header any language writes so: its month name or words tell which
                language = line_language(text, start, end, lexicon, source.language)
            _read_attribution(source, match, start, end, language, lexicon, warnings)
            _publisher_of_title(source, text, lexicon)
            return source, warnings
    top = lines[1 : 1 + ATTRIBUTION_LINES]
    blocks = _header_blocks(text, top) + header_zone(text, top, HEADER_LINE_CHARS) + footer_blocks(lines[1:])
    title_words = re.findall(r"[^\W\d_]+", text[lines[0][0] : lines[0][1]])
    if len(lines) > 1 and len(title_words) <= DIGEST_TITLE_WORDS:
        # a digest whose first line is a header: "Daily News 12/03/2024" over "European Commission – Press
        # corner": the title line and the next one together (a headline has more words)
        blocks.append((lines[0][0], lines[1][1]))
    header = find_header(text, blocks, lexicon, source.language)
    if header is not None:
        _read_header(source, header, text, lexicon, warnings)
        _publisher_of_title(source, text, lexicon)
        return source, warnings
    source.dateline_span = find_dateline(text, _header_blocks(text, top), lexicon, source.language)
    header = find_publisher_line(text, _header_blocks(text, top), lexicon, source.language)
    if header is not None:  # "X – Press release" under a dated title: a publisher, no publication date
        _read_header(source, header, text, lexicon, warnings)
        warnings.append("the attribution line gives no publication date")
        return source, warnings
    warnings.append("no attribution line found: the source has no publisher or publication date")
    return source, warnings


def _publisher_of_title(source: SourceReading, text: str, lexicon: Lexicon) -> None:
    """Where the attribution line names no known publisher, the agent the title opens with publishes.

    "Secretary of Homeland Security Hosts ..." over "Press Release / Release Date: June 22, 2023": the
    department issues its own news; a title that opens otherwise ("EU and US ...") gives none.
    """
    if source.publisher is not None:
        return
    start, end = source.title_span
    opening = [m for m in agent_mentions(text, start, end, lexicon, source.language) if m.start == start]
    agent = _mention_agent(opening[0], lexicon, source.published) if opening else None
    if agent is not None:
        source.publisher = Read(agent, (opening[0].start, opening[0].end))
        source.publisher_text = text[opening[0].start : opening[0].end]


def _header_blocks(text: str, lines: list[Span]) -> list[Span]:
    """Each line, then each run of up to ``HEADER_BLOCK_LINES`` short adjacent lines, in document order."""
    blocks: list[Span] = []
    for first, (start, end) in enumerate(lines):
        blocks.append((start, end))
        last_end = end
        if end - start > HEADER_LINE_CHARS:
            continue
        for next_start, next_end in lines[first + 1 : first + HEADER_BLOCK_LINES]:
            if next_end - next_start > HEADER_LINE_CHARS or text[last_end:next_start] != "\n":
                break  # a blank line or a paragraph ends a header
            blocks.append((start, next_end))
            last_end = next_end
    return blocks


def _read_attribution(
    source: SourceReading,
    match: re.Match[str],
    start: int,
    end: int,
    language: str,
    lexicon: Lexicon,
    warnings: list[str],
) -> None:
    line_start, line_end = _strip(match.string, 0, len(match.string))
    source.attribution = match.string[line_start:line_end]
    source.attribution_span = (start + line_start, start + line_end)
    source.attribution_language = language
    date_span = _group_span(match, "date", start)
    if date_span is not None:
        found = lexicon.dates.parse(match.group("date")) or lexicon.dates.numeric(match.group("date"))
        if found is not None and found.begin.day is not None:
            source.published = found.begin.first_day()
            source.published_span = date_span
        else:
            warnings.append(f"publication date {match.group('date')!r} not understood")
    for role in ("publisher", "republisher"):
        span = _group_span(match, role, start)
        if span is None:
            continue
        phrase = match.group(role).strip()
        setattr(source, f"{role}_text", phrase)
        agent = resolve_agent_phrase(phrase, language, lexicon, source.published)
        if agent is None and role == "publisher":
            # "Justice News / Department of Justice / Office of Public Affairs / DATE": the first part is
            # the site's section; the publisher is the one agent the rest of the header names
            span, agent = _agent_elsewhere(match, start, end, language, lexicon, source.published)
            if span is not None:
                setattr(source, f"{role}_text", match.string[span[0] - start : span[1] - start])
        if agent is None:
            warnings.append(f"{role} {phrase!r} is not in the reference data: not asserted")
            continue
        unit = (
            unit_in_header(match.string, (0, len(match.string)), agent, lexicon)
            if role == "publisher"
            else None
        )
        if unit is not None:  # "European Commission – Directorate-General for ... – DATE": the unit publishes
            agent, span = unit[0], (start + unit[1][0], start + unit[1][1])
            setattr(source, f"{role}_text", match.string[unit[1][0] : unit[1][1]])
        setattr(source, role, Read(agent, span))


def _agent_elsewhere(
    match: re.Match[str], start: int, end: int, language: str, lexicon: Lexicon, day: dt.date | None
) -> tuple[Span | None, URIRef | None]:
    """The one agent the header names outside its publisher and republisher parts (None: none or several)."""
    taken = [s for s in (_group_span(match, g, start) for g in ("republisher", "date")) if s is not None]
    found = {
        (m.start, m.end): agent
        for m in agent_mentions(match.string.replace("|", "\n"), 0, end - start, lexicon, language)
        if not any(s <= start + m.start < e for s, e in taken)
        and (agent := _mention_agent(m, lexicon, day)) is not None
    }
    if len(set(found.values())) != 1:
        return None, None
    (first, last), agent = next(iter(found.items()))
    return (start + first, start + last), agent


def _read_header(
    source: SourceReading, header: Header, text: str, lexicon: Lexicon, warnings: list[str]
) -> None:
    """The attribution line found by what it holds: its first agent publishes, its date is the publication."""
    source.attribution = text[header.span[0] : header.span[1]]
    source.attribution_span = header.span
    source.attribution_language = header.language
    if header.date is not None:
        source.published = header.date.begin.first_day()
        source.published_span = (header.date.start, header.date.end)
    # without a publication date, a presidency's name is of the text's time ("Swedish Presidency": 2023)
    day = source.published or _year_of_text(text, lexicon)
    for mention in header.agents:
        agent = _mention_agent(mention, lexicon, day)
        if agent is not None:
            span = (mention.start, mention.end)
            agent, span = unit_in_header(text, header.span, agent, lexicon) or (agent, span)
            source.publisher = Read(agent, span)
            source.publisher_text = text[span[0] : span[1]]
            return
    warnings.append(f"the publisher of {source.attribution!r} is not in the reference data: not asserted")


def resolve_agent_phrase(phrase: str, language: str, lexicon: Lexicon, day: dt.date | None) -> URIRef | None:
    """The agent a phrase names ("Bulgaars voorzitterschap Europese Unie 1e helft 2018")."""
    rules = lexicon.tables.languages.get(language)
    mentions = lexicon.index(language).find(tokenize(phrase, rules))
    agents = [m for m in mentions if m.category in AGENT_CATEGORIES]
    if not agents:
        return None
    return _mention_agent(max(agents, key=lambda m: m.last - m.first), lexicon, day)


def _mention_agent(best: Mention, lexicon: Lexicon, day: dt.date | None) -> URIRef | None:
    """The agent a mention of an organisation or presidency names on ``day``."""
    if best.category == "generic-presidency":
        found = lexicon.presidency_on(day) if day else None
        return found.iri if found else None
    return pick_presidency(best.iris, lexicon, day) if best.category == "presidency" else _single(best.iris)


def pick_presidency(candidates: list[URIRef], lexicon: Lexicon, day: dt.date | None) -> URIRef | None:
    """Of the presidencies a label may name ("French Presidency"), the one in office on ``day``.

    Failing that, the latest one that started before ``day``; without a day, the only candidate.
    """
    if len(candidates) == 1:
        return candidates[0]
    if day is None:
        return None
    terms = [p for p in (lexicon.presidency(c) for c in candidates) if p is not None]
    current = [p for p in terms if p.contains(day)]
    if current:
        return current[0].iri
    earlier = sorted((p for p in terms if p.start <= day), key=lambda p: p.start)
    return earlier[-1].iri if earlier else None


def _single(iris: list[URIRef]) -> URIRef | None:
    return iris[0] if len(iris) == 1 else None


def analyse(text: str, lexicon: Lexicon, source: SourceReading) -> list[Sentence]:
    """The title and the body sentences (attribution line left out), with their mentions, cues and dates."""
    rules = lexicon.tables.languages.get(source.language)
    entities = lexicon.index(source.language)
    cues = lexicon.cue_index(source.language)
    skip = source.attribution_span
    spans = [source.title_span] + [
        span
        for span in split_sentences(text, lexicon.tables, start=source.title_span[1])
        if skip is None or span[1] <= skip[0] or span[0] >= skip[1]
    ]
    dateline = source.dateline_span
    # the publication date is never a meeting's, wherever its line is (a digest's title line too)
    reference = source.published or _year_of_text(text, lexicon)
    year = _year_of_title(text, source, lexicon)
    # "20 years of the 2003 agreements" names no year of the text's days: only one near its date
    year = year if year is None or reference is None or abs(year - reference.year) <= 1 else None
    dates = [
        d
        for d in lexicon.dates.find(text, reference=reference, year=year)
        if skip is None or not skip[0] <= d.start < skip[1]
    ]
    sentences = []
    sided: set[URIRef] = set()  # US departments a bare name has named so far (sided.py)
    for number, (start, end) in enumerate(spans):
        tokens = tokenize(text, rules, start=start, end=end)
        mentions = sided_mentions(tokens, entities.find(tokens), lexicon.tables, sided)
        mentions = outside_longer_names(tokens, mentions, lexicon.tables, rules)
        mentions += elided_mentions(tokens, mentions, entities, lexicon.tables, rules)
        shared = shared_head_mentions(tokens, mentions, entities, lexicon.tables, rules)
        mentions = [m for m in mentions if not inside_any(m, shared)] + shared
        mentions += elided_topics(tokens, mentions, entities, lexicon.tables, rules)
        mentions += inflected_topics(tokens, mentions, entities, rules)
        mentions += frame_mentions(tokens, mentions, lexicon.tables.topic_frames, rules, lexicon.broader)
        mentions = without_held_topics(tokens, mentions, lexicon.tables, rules)
        mentions = outside_office_names(text, tokens, mentions, lexicon.tables, rules)
        mentions = outside_instrument_names(text, tokens, mentions, lexicon.tables, rules)
        mentions = without_presidency_adjectives(mentions)
        mentions = narrowest_topics(mentions, lexicon.broader)
        sentences.append(
            Sentence(
                start,
                end,
                tokens,
                sorted(mentions, key=lambda m: m.first),
                nouns_as_written(cues.find(tokens), tokens, rules),
                [d for d in dates if start <= d.start and d.end <= end],
                title=number == 0,
                dateline=dateline is not None and dateline[0] <= start and end <= dateline[1],
            )
        )
    return sentences


def _year_of_title(text: str, source: SourceReading, lexicon: Lexicon) -> int | None:
    """The one year a title names without a date: "Cooperation: 2014 in Review" is about that year's days."""
    title = source.title
    years = _YEAR.findall(title)
    return int(years[0]) if len(years) == 1 and not lexicon.dates.find(title) else None


def _year_of_text(text: str, lexicon: Lexicon) -> dt.date | None:
    """Without a publication date, the first full date of the text: "On 11 March" is of its year."""
    full = [d for d in lexicon.dates.find(text) if d.begin.day is not None]
    return full[0].begin.first_day() if full else None


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _group_span(match: re.Match[str], group: str, offset: int) -> Span | None:
    if group not in match.re.groupindex or match.group(group) is None:
        return None
    return offset + match.start(group), offset + match.end(group)
