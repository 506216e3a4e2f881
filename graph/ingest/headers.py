"""Attribution lines known by what they hold: a publisher the reference data knows and a publication date.

"European Commission – Press corner – Brussels, 19 March 2021", "Europol – Newsroom – Published 3 July
2025", "Press release issued by the Romanian Presidency of the Council of the European Union on 1 March
2019", "Österreichischer EU-Ratsvorsitz 2018 – Presseaussendung vom 8. November 2018", "European Commission
- Statement" over "Brussels, 5 December 2014": whatever words a publisher puts around them, a header line
(or a footer line) that names an agent (or holds a word of release headers: "Pressemitteilung") and one
full date, and reads as no sentence of the body, is the attribution line. The patterns of
``patterns.toml`` are tried first; this is what is left when none fits. A header-like line with a date
that names no publisher ("Vienna, 12 October 2018") is a dateline: the text's date and city, not the
meeting's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from graph.ingest.dates import DateExpression
from graph.ingest.lexicon import Lexicon
from graph.ingest.model import Span
from graph.ingest.phrases import AGENT_CATEGORIES, Mention
from graph.ingest.tables import LanguageRules
from graph.ingest.text import Token, detect_language, fold, tokenize
from graph.namespaces import mint

#: What names the publisher of a release.
#: Cues of a body sentence: a line holding one tells what happened, it does not attribute the text.
BODY_CUES = (
    "participation",
    "host_after",
    "host_before",
    "agreement",
    "position",
    "commitment",
    "online",
    "hybrid",
    "planned",
    "planned_after",
    "prepares",
    "meet_again",
)
#: An American publisher writes a numeric date month first.
US_SIDE = mint("side/us")
#: An attribution line is short: longer lines are paragraphs of the body.
HEADER_MAX_CHARS = 200
#: A publisher's line without a date is one short line ("X – Press release"), never a paragraph.
PUBLISHER_LINE_CHARS = 120
#: At the end of a release, the footer is looked for on this many last lines.
FOOTER_LINES = 2
#: The unit word a site's breadcrumb leaves out of a unit's name ("Migration and Home Affairs").
UNIT_WORDS = re.compile(r"^(?:directorate[- ]general|dg)\s+(?:for\s+)?", re.IGNORECASE)
#: The parts of a header: "European Commission > Migration and Home Affairs > News > 7 February 2020".
_HEADER_PART = re.compile(r"[^>|–—/\n]+")
#: What separates the parts of a header line ("Kamerbrief | 15-06-2016 | Ministerie van ...").
_PART_SEPARATOR = re.compile(r"\s[–—|>-]\s")
#: A word that says who issued a dated line has at least this many letters ("D.C." says nothing).
SOURCE_WORD_CHARS = 3


@dataclass(frozen=True)
class Header:
    """An attribution line found by what it holds: its span, its date, the agents it names, its language."""

    span: Span
    #: None for a publisher's line without a date (``find_publisher_line``)
    date: DateExpression | None
    agents: list[Mention]
    language: str
    #: True when it names a publisher: an agent or a word of release headers; else it is only a dateline
    attributes: bool = True


def header_zone(text: str, lines: list[Span], max_chars: int) -> list[Span]:
    """The short lines under the title taken together, blank lines between them included.

    "European Commission / (blank) / Statement / (blank) / Brussels, 5 December 2014": one header spread
    over lines set apart. Empty when there are fewer than two such lines.
    """
    zone = []
    for start, end in lines:
        if end - start > max_chars or text[start:end].rstrip().endswith("."):
            break
        zone.append((start, end))
    return [(zone[0][0], zone[-1][1])] if len(zone) > 1 else []


def footer_blocks(lines: list[Span]) -> list[Span]:
    """The last lines of the text, each alone and together: where a footer attribution line would be."""
    last = lines[-FOOTER_LINES:]
    return [*last, (last[0][0], last[-1][1])] if len(last) > 1 else last


def find_header(text: str, blocks: list[Span], lexicon: Lexicon, language: str) -> Header | None:
    """The first block that names an agent and one full date and reads as no body sentence."""
    found = (_header(text, start, end, lexicon, language) for start, end in blocks)
    return next((h for h in found if h is not None and h.attributes), None)


def find_dateline(text: str, blocks: list[Span], lexicon: Lexicon, language: str) -> Span | None:
    """The first header-like block with one full date that names no publisher: "Vienna, 12 October 2018".

    Not an attribution line (the corpus gives such a text no publication date), but its date and city are
    the text's, not the meeting's.
    """
    found = (_header(text, start, end, lexicon, language) for start, end in blocks)
    return next((h.span for h in found if h is not None), None)


def unit_in_header(text: str, span: Span, agent: URIRef, lexicon: Lexicon) -> tuple[URIRef, Span] | None:
    """A unit of ``agent`` a part of the header names without its unit word, and where.

    "European Commission > Migration and Home Affairs > News > 7 February 2020": the Directorate-General
    for Migration and Home Affairs publishes, on its part of the Commission's site.
    """
    units = {
        fold(name): unit
        for unit, parent in lexicon.parents.items()
        if parent == agent and lexicon.names.get(unit)
        for name in _unit_names(lexicon.names[unit], lexicon.names.get(agent, ""))
    }
    for part in _HEADER_PART.finditer(text, span[0], span[1]):
        unit = units.get(fold(part.group().strip()))
        if unit is not None:
            start = part.start() + len(part.group()) - len(part.group().lstrip())
            return unit, (start, start + len(part.group().strip()))
    return None


def _unit_names(name: str, parent: str) -> set[str]:
    """How a header part names a unit: in full, without its unit word, without its parent's name.

    "Directorate-General for Migration and Home Affairs", "Migration and Home Affairs"; "General
    Secretariat" after "Council of the European Union" for the General Secretariat of the Council.
    """
    names = {name, UNIT_WORDS.sub("", name)}
    owner = re.search(r"\s+of\s+the\s+(\w+)", name)
    if owner is not None and owner.group(1).casefold() in parent.casefold():
        names.add(name[: owner.start()])
    return names


def agent_mentions(text: str, start: int, end: int, lexicon: Lexicon, language: str) -> list[Mention]:
    """Mentions of organisations and presidencies in ``text[start:end]``, in text order."""
    rules = lexicon.tables.languages.get(language)
    mentions = lexicon.index(language).find(tokenize(text, rules, start=start, end=end))
    return [m for m in mentions if m.category in AGENT_CATEGORIES]


def find_publisher_line(text: str, blocks: list[Span], lexicon: Lexicon, language: str) -> Header | None:
    """The first block that names an agent beside a word of release headers, without any date.

    "Swedish Presidency of the Council of the European Union – Press release" under a title that carries
    the date: the publisher is known, the publication date is not (``Header.date`` is None).
    """
    for start, end in blocks:
        line = text[start:end].strip()
        if not line or line.endswith(".") or lexicon.dates.find(text, start=start, end=end):
            continue  # a sentence, or a dated line (find_header has read those)
        if len(line) > PUBLISHER_LINE_CHARS or lexicon.dates.numeric(line):
            continue
        header = _header(text, start, end, lexicon, language, dated=False)
        if header is not None and header.agents and _header_words(line, lexicon):
            return header
    return None


def _header(
    text: str, start: int, end: int, lexicon: Lexicon, document_language: str, *, dated: bool = True
) -> Header | None:
    line = text[start:end].strip()
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end = start + len(line)
    if not line or len(line) > HEADER_MAX_CHARS:
        return None
    date = _single_full_date(text, start, end, lexicon) if dated else None
    words = _header_words(line, lexicon)
    if (dated and date is None) or (line.endswith(".") and not words):
        return None  # a line ending in a full stop is a sentence, unless it holds a word of release headers
    language = line_language(text, start, end, lexicon, document_language)
    rules = lexicon.tables.languages.get(language)
    tokens = tokenize(text, rules, start=start, end=end)
    mentions = lexicon.index(language).find(tokens)
    if any(m.category in ("kind", "series") for m in mentions):
        return None  # "EU-US Ministerial Meeting, Sofia, 26 February 2018" heads the meeting, not the text
    # "Persbericht van X namens het voorzitterschap": a release issued on behalf of its publisher; a line
    # with a word of release headers is no sentence about who took part
    # a line of parts ("EU Delegation to the USA – Events – posted DATE") is no sentence either
    body_cues = [t for t in BODY_CUES if not ((words or _parts(line) > 2) and t == "participation")]
    if any(c.has(table) for c in lexicon.cue_index(language).find(tokens) for table in body_cues):
        return None
    agents = [
        m for m in mentions if m.category in AGENT_CATEGORIES and (date is None or not _inside(m, date))
    ]
    if date is not None and agents and all(lexicon.sides.get(i) == US_SIDE for m in agents for i in m.iris):
        date = _single_full_date(text, start, end, lexicon, month_first=True) or date
    named = date is not None and _names_a_source(tokens, date, mentions, lexicon, rules)
    return Header((start, end), date, agents, language, bool(agents or words or named))


def _parts(line: str) -> int:
    """How many parts separators split the line into: "FOD Justitie – Nieuws – 27/06/2023" has three."""
    return len(_PART_SEPARATOR.split(line))


def _names_a_source(
    tokens: list[Token],
    date: DateExpression,
    mentions: list[Mention],
    lexicon: Lexicon,
    rules: LanguageRules | None,
) -> bool:
    """Whether a dated line says more than where: words besides its date, places, weekdays, stopwords.

    "Kamerbrief | 15-06-2016 | Ministerie van Veiligheid en Justitie", "Interview ..., erschienen am 2. Mai
    2007": whoever the reference data does not know issued it, the line attributes the text;
    "Vienna, Monday 12 October 2018" only says where and when it was written (a dateline).
    """
    places = [(m.start, m.end) for m in mentions if m.category == "place"]
    weekdays = {fold(w) for w in lexicon.tables.weekdays}
    stopwords = rules.stopwords if rules is not None else frozenset()
    return any(
        len(t.norm) >= SOURCE_WORD_CHARS
        and t.norm.isalpha()
        and not t.upper  # "Luxembourg, 12 October 2018 (BMI)": an acronym alone signs a dateline
        and not date.start <= t.start < date.end
        and not any(s <= t.start < e for s, e in places)
        and t.norm not in weekdays
        and t.norm not in stopwords
        for t in tokens
    )


def _single_full_date(
    text: str, start: int, end: int, lexicon: Lexicon, *, month_first: bool = False
) -> DateExpression | None:
    """The one date with day and year of the line ("19 March 2021", "14.01.2026"); not a range.

    ``month_first``: an American publisher's numeric date ("05/06/2025" is 6 May).
    """
    found = lexicon.dates.find(text, start=start, end=end)
    if not found:
        numeric = lexicon.dates.numeric(text[start:end], month_first=month_first)
        if numeric is not None:
            found = [DateExpression(start + numeric.start, start + numeric.end, numeric.text, numeric.begin)]
    full = [d for d in found if d.begin.day is not None]
    if len(full) != 1 or full[0].finish is not None or len(found) != 1:
        return None
    return full[0]


def _header_words(line: str, lexicon: Lexicon) -> set[str]:
    """The languages of the words of release headers the line holds ("Persbericht": nl)."""
    words = _joined(line)
    return {
        language
        for language, phrases in lexicon.tables.header_words.items()
        if any(_joined(phrase) in words for phrase in phrases)
    }


def _joined(phrase: str) -> str:
    return " " + " ".join(t.norm for t in tokenize(phrase, None)) + " "


def line_language(text: str, start: int, end: int, lexicon: Lexicon, default: str) -> str:
    """The language of a header line: its month name's or its header words', else its stopwords'.

    "mars" is French, "Persbericht" Dutch; "12 oktober" alone could be Dutch or German: then the document's
    language if it is one of them. Without any of these, ``default`` (the document's language).
    """
    month_languages = {fold(name): codes for name, codes in lexicon.tables.month_languages.items()}
    tokens = tokenize(text, None, start=start, end=end)
    for found in (
        {code for t in tokens for code in month_languages.get(t.norm, ())},
        _header_words(text[start:end], lexicon),
    ):
        if len(found) == 1:
            return next(iter(found))
        if default in found:  # "12 oktober" in a German text, "Communiqué de presse" in a French one
            return default
    return detect_language([t.norm for t in tokens], lexicon.tables, default=default)


def _inside(mention: Mention, date: DateExpression) -> bool:
    return date.start <= mention.start < date.end
