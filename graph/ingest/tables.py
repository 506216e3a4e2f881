"""The genre tables of ``patterns.toml``, read once into typed, compiled form."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PATTERNS_FILE = Path(__file__).with_name("patterns.toml")
#: Extra labels (role phrases such as "the Attorney General") for organisations of the reference data.
LABELS_FILE = Path(__file__).with_name("labels.ttl")

#: The cue tables of ``[cues]`` that hold phrases, by name.
CUE_TABLES = (
    "planned",
    "planned_after",
    "prepares",
    "prepared_by",
    "meet_again",
    "previous",
    "participation",
    "host_after",
    "host_before",
    "host_calendar",
    "incoming",
    "incoming_after",
    "absent",
    "absent_before",
    "venue",
    "margins",
    "visit",
    "customary",
    "online",
    "hybrid",
    "in_person",
    "agreement",
    "position",
    "commitment",
    "introduces",
    "all_participants",
    "office",
    "welcome",
    "discussion",
    "dispatch",
    "greeted",
    "speech",
    "not_yet",
)


@dataclass(frozen=True)
class TopicFrame:
    """A topic (slug), groups of alternative phrases (one of each group must occur) and a token window.

    ``exact``: its words match only as written, not inflected (see graph/ingest/frames.py). ``holds``: the
    topics named inside its words are what its concept holds, not topics of their own ("the databases for
    borders, visas and security will be connected").
    """

    topic: str
    groups: tuple[tuple[str, ...], ...]
    window: int
    exact: bool = False
    holds: bool = False


@dataclass(frozen=True)
class LanguageRules:
    """Spelling rules of one language for normalising tokens (see ``patterns.toml``)."""

    code: str
    stopwords: frozenset[str]
    rewrites: tuple[tuple[str, str], ...]
    strip_suffixes: tuple[str, ...]
    min_stem: int
    #: nouns are written with a capital (German): an office word in lower case is another word ("berät")
    capitalised_nouns: bool = False


@dataclass(frozen=True)
class AttributionPattern:
    """One way of writing an attribution line, in one language."""

    language: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class GenreTables:
    """Everything ``patterns.toml`` says, ready to use."""

    languages: dict[str, LanguageRules]
    stopword_languages: dict[str, tuple[str, ...]]
    cross_language_min_length: int
    abbreviations: frozenset[str]
    months: dict[str, int]
    #: abbreviations that name a month only with their dot ("Sept."), without it → its number
    months_with_dot: dict[str, int]
    day_suffixes: tuple[str, ...]
    range_joiners: tuple[str, ...]
    day_month_links: tuple[str, ...]
    range_openers: tuple[str, ...]
    month_openers: tuple[str, ...]
    weekdays: tuple[str, ...]
    #: only before a full date: "Tue., May 3"
    weekday_abbreviations: tuple[str, ...]
    half_years: tuple[str, ...]
    year_openers: tuple[str, ...]
    times_without_month: tuple[str, ...]
    #: days after the publication date → the words that name them ("today": 0, "yesterday": -1)
    relative_days: dict[int, tuple[str, ...]]
    #: month names (as written in the table) → the languages that write a month so ("mars": fr)
    month_languages: dict[str, frozenset[str]]
    #: words of release headers ("press release", "Presseaussendung"): a line with one may end in a full stop
    header_words: dict[str, tuple[str, ...]]
    #: meeting kind (slug) → the people such a meeting brings together ("experts"), and verbs of meeting
    gathering_groups: dict[str, tuple[str, ...]]
    gathering_verbs: tuple[str, ...]
    attribution: tuple[AttributionPattern, ...]
    cues: dict[str, tuple[str, ...]]
    cue_window: int
    planned_after_window: int
    office_links: frozenset[str]
    office_links_after: frozenset[str]
    office_max_links: int
    office_heads: tuple[str, ...]
    generic_meeting: tuple[str, ...]
    meeting_name_words: tuple[str, ...]
    office_name_links: tuple[str, ...]
    body_nouns: tuple[str, ...]
    unit_name_starts: tuple[str, ...]
    unit_head_titles: dict[str, tuple[tuple[str, str], ...]]
    #: "the agency", "het ministerie": a word of an organisation's English name → its words per language
    referring_nouns: dict[str, tuple[str, ...]]
    idioms: tuple[str, ...]
    unnamed_cues: tuple[str, ...]
    conjunctions: tuple[str, ...]
    coordination_max_words: int
    plural_heads: tuple[tuple[str, str], ...]
    unnamed_max_words: int
    #: a role phrase's title words in the feminine: endings per language, and the words that end the title
    feminine_endings: dict[str, tuple[tuple[str, str], ...]]
    title_links: frozenset[str]
    #: organisations that are a forum, never a delegation (the Council of the EU): mentions only
    forums: frozenset[str]
    generic_presidency: tuple[str, ...]
    union_written_out: dict[str, tuple[str, str]]
    country_adjective: dict[str, tuple[tuple[str, str], ...]]
    country_prefixes: tuple[str, ...]
    side_named_by: dict[str, tuple[str, ...]]
    relative_pronouns: frozenset[str]
    topic_frames: tuple[TopicFrame, ...]
    side_by_spatial: dict[str, str]
    side_by_class: dict[str, str]
    place_exclude_classes: frozenset[str]
    acting_for: tuple[str, ...]
    #: "The host of the meeting was X" (nouns, then a copula before X); "which X hosts" (relatives before X)
    host_nouns: tuple[str, ...]
    host_copulas: tuple[str, ...]
    host_relatives: tuple[str, ...]
    #: "was to (host)": a hosting that did not happen
    host_unrealised: tuple[str, ...]
    instrument_heads: tuple[str, ...]
    instrument_links: tuple[str, ...]
    same_place: tuple[str, ...]
    title_prefix: str


def load_tables(path: Path = PATTERNS_FILE) -> GenreTables:
    """Read and compile the genre tables.

    Raises:
        ValueError: a table is missing or a regular expression does not compile (the message names it).
    """
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    try:
        return _compile(raw)
    except (KeyError, re.error) as error:
        raise ValueError(f"{path}: bad genre table: {error}") from error


def _compile(raw: dict[str, Any]) -> GenreTables:
    languages = {
        code: LanguageRules(
            code=code,
            stopwords=frozenset(spec["stopwords"]),
            rewrites=tuple((old, new) for old, new in spec["rewrites"]),
            strip_suffixes=tuple(sorted(spec["strip_suffixes"], key=len, reverse=True)),
            min_stem=int(spec["min_stem"]),
            capitalised_nouns=bool(spec.get("capitalised_nouns", False)),
        )
        for code, spec in raw["languages"].items()
    }
    stopword_languages: dict[str, list[str]] = {}
    for code, rules in languages.items():
        for word in rules.stopwords:
            stopword_languages.setdefault(word, []).append(code)
    months: dict[str, int] = {}
    month_languages: dict[str, set[str]] = {}
    for table, names in raw["dates"]["months"].items():
        for number, name in enumerate(names, start=1):
            months.setdefault(name, number)
            month_languages.setdefault(name, set()).add(table.split("_")[0])  # "en_abbr": English
    attribution = tuple(
        AttributionPattern(spec["language"], re.compile(spec["regex"], re.IGNORECASE))
        for spec in raw["attribution"]
    )
    for pattern in attribution:
        missing = {"publisher", "date"} - set(pattern.regex.groupindex)
        if missing:
            raise KeyError(
                f"attribution pattern {pattern.regex.pattern!r} lacks the groups {sorted(missing)}"
            )
    cues = {name: tuple(raw["cues"][name]) for name in CUE_TABLES}
    return GenreTables(
        languages=languages,
        stopword_languages={w: tuple(codes) for w, codes in stopword_languages.items()},
        cross_language_min_length=int(raw["cross_language"]["min_length"]),
        abbreviations=frozenset(raw["sentences"]["abbreviations"]),
        months=months,
        months_with_dot={
            short: next(n for name, n in months.items() if name.startswith(short) and name != short)
            for short in raw["dates"]["months_with_dot"]
        },
        day_suffixes=tuple(raw["dates"]["day_suffixes"]),
        range_joiners=tuple(raw["dates"]["range_joiners"]),
        day_month_links=tuple(raw["dates"]["day_month_links"]),
        range_openers=tuple(raw["dates"]["range_openers"]),
        month_openers=tuple(raw["dates"]["month_openers"]),
        weekdays=tuple(raw["dates"]["weekdays"]),
        weekday_abbreviations=tuple(raw["dates"]["weekday_abbreviations"]),
        half_years=tuple(raw["dates"]["half_years"]),
        year_openers=tuple(raw["dates"]["year_openers"]),
        times_without_month=tuple(raw["dates"]["times_without_month"]),
        relative_days={int(days): tuple(words) for days, words in raw["dates"]["relative_days"].items()},
        month_languages={name: frozenset(codes) for name, codes in month_languages.items()},
        header_words={lang: tuple(words) for lang, words in raw["header_words"].items()},
        gathering_groups={kind: tuple(p) for kind, p in raw["gatherings"]["groups"].items()},
        gathering_verbs=tuple(raw["gatherings"]["verbs"]),
        attribution=attribution,
        cues=cues,
        cue_window=int(raw["cues"]["cue_window"]),
        planned_after_window=int(raw["cues"]["planned_after_window"]),
        office_links=frozenset(raw["cues"]["office_links"]),
        office_links_after=frozenset(raw["cues"]["office_links_after"]),
        office_max_links=int(raw["cues"]["office_max_links"]),
        office_heads=tuple(raw["office_names"]["heads"]),
        generic_meeting=tuple(raw["cues"]["generic_meeting"]),
        meeting_name_words=tuple(raw["cues"]["meeting_name_words"]),
        office_name_links=tuple(raw["office_names"]["links"]),
        body_nouns=tuple(raw["office_names"]["body_nouns"]),
        unit_name_starts=tuple(raw["office_names"]["unit_name_starts"]),
        unit_head_titles={
            lang: tuple((str(unit), str(head)) for unit, head in pairs)
            for lang, pairs in raw["office_names"]["unit_head_titles"].items()
        },
        referring_nouns={
            word: tuple(nouns) for word, nouns in raw["office_names"]["referring_nouns"].items()
        },
        idioms=tuple(raw["office_names"]["idioms"]),
        unnamed_cues=tuple(raw["unnamed"]["cues"]),
        conjunctions=tuple(raw["coordination"]["conjunctions"]),
        coordination_max_words=int(raw["coordination"]["max_words"]),
        plural_heads=tuple((str(p), str(s)) for p, s in raw["coordination"]["plural_heads"]),
        unnamed_max_words=int(raw["unnamed"]["max_words"]),
        forums=frozenset(raw["forums"]["organisations"]),
        feminine_endings={
            lang: tuple((str(a), str(b)) for a, b in pairs)
            for lang, pairs in raw["genders"].items()
            if lang != "links"
        },
        title_links=frozenset(raw["genders"]["links"]),
        generic_presidency=tuple(raw["presidency"]["generic"]),
        union_written_out={
            lang: (short, long) for lang, (short, long) in raw["presidency"]["union_written_out"].items()
        },
        country_adjective={
            lang: tuple((str(end), str(form)) for end, form in pairs)
            for lang, pairs in raw["sides"]["country_adjective"].items()
        },
        country_prefixes=tuple(raw["sides"]["bare_names"]["country_prefixes"]),
        side_named_by={side: tuple(words) for side, words in raw["sides"]["named_by"].items()},
        relative_pronouns=frozenset(raw["statements"]["relative_pronouns"]),
        topic_frames=tuple(
            TopicFrame(
                spec["topic"],
                tuple(tuple(g) for g in spec["groups"]),
                int(spec["window"]),
                bool(spec.get("exact", False)),
                bool(spec.get("holds", False)),
            )
            for spec in raw.get("topic_frames", ())
        ),
        side_by_spatial=dict(raw["sides"]["by_spatial"]),
        side_by_class=dict(raw["sides"]["by_class"]),
        place_exclude_classes=frozenset(raw["places"]["exclude_classes"]),
        acting_for=tuple(raw["hosts"]["acting_for"]),
        host_nouns=tuple(raw["hosts"]["nouns"]),
        host_copulas=tuple(raw["hosts"]["copulas"]),
        host_relatives=tuple(raw["hosts"]["relatives"]),
        host_unrealised=tuple(raw["hosts"]["unrealised"]),
        instrument_heads=tuple(raw["places"]["instrument_heads"]),
        instrument_links=tuple(raw["places"]["instrument_links"]),
        same_place=tuple(raw["places"]["same_place"]),
        title_prefix=str(raw["titles"]["prefix"]),
    )
