"""Tokens, sentences and language of a text, with character offsets into the original.

Labels and text are compared as sequences of *normalised tokens*: lower case, diacritics folded
("Brüssel" → "brussel"), dotted acronyms closed up ("U.S." → "us"), hyphens and punctuation as
separators, plus the small per-language spelling rules of ``patterns.toml`` (British and American
endings, inflected adjectives). Each token keeps its span in the original text, so every match can be
traced back to the characters it was read from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graph.ingest.tables import GenreTables, LanguageRules

#: A dotted acronym (U.S., D.C., E.U.) or a run of letters and digits.
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+")
#: A token loses at most this many inflection suffixes ("Ministertreffens" → "ministertreff").
MAX_STRIPS = 2
#: A day number, or the first day and the dot of a range, before the dot of a German date: "16. Dezember",
#: "12./13. September", "26.-27. Februar".
_DAY_NUMBER_RE = re.compile(r"(?:\d{1,2}\.?[-–/])?\d{1,2}")
_DIGIT_NEXT_RE = re.compile(r"\.\s+\d")
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-ZÀ-ÖØ-Þ0-9])|\n")


@dataclass(frozen=True)
class Token:
    """A normalised token and where it is in the original text (``start`` inclusive, ``end`` exclusive)."""

    norm: str
    raw: str
    start: int
    end: int

    @property
    def upper(self) -> bool:
        """True when the original token has letters and no lower-case ones (an acronym as written)."""
        return any(c.isalpha() for c in self.raw) and not any(c.islower() for c in self.raw)


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a line such as the title) with its tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]


def fold(text: str) -> str:
    """Lower-case ``text`` and remove its diacritics.

    >>> fold("Présidence Française, Brüssel, Straße")
    'presidence francaise, brussel, strasse'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_word(word: str, rules: LanguageRules | None) -> str:
    """The normalised form of one token (already folded) under a language's spelling rules.

    >>> normalise_word("radicalisation", None)
    'radicalisation'
    """
    if rules is None:
        return word
    for old, new in rules.rewrites:
        if word.endswith(old):
            word = word[: -len(old)] + new
            break
    for _ in range(MAX_STRIPS):
        suffix = next(
            (x for x in rules.strip_suffixes if word.endswith(x) and len(word) - len(x) >= rules.min_stem),
            None,
        )
        if suffix is None:
            break
        word = word[: -len(suffix)]
    return word


@lru_cache(maxsize=65_536)
def _normalised(raw: str, rules: LanguageRules | None) -> str:
    return normalise_word(fold(raw), rules)


def tokenize(
    text: str, rules: LanguageRules | None, *, start: int = 0, end: int | None = None
) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    >>> [t.norm for t in tokenize("The U.S. Attorney-General's visit", None)]
    ['the', 'us', 'attorney', 'general', 's', 'visit']
    """
    stop = len(text) if end is None else end
    tokens = []
    for match in _TOKEN_RE.finditer(text, start, stop):
        raw = match.group().replace(".", "")
        tokens.append(Token(_normalised(raw, rules), raw, match.start(), match.end()))
    return tokens


def label_variants(label: str, rules: LanguageRules | None) -> set[tuple[str, ...]]:
    """The token sequences a label is recognised by: as written, and with hyphenated parts closed up.

    >>> sorted(label_variants("counter-terrorism", None))
    [('counter', 'terrorism'), ('counterterrorism',)]
    """
    variants = {tuple(t.norm for t in tokenize(label, rules))}
    if "-" in label:
        variants.add(tuple(t.norm for t in tokenize(re.sub(r"(?<=\w)-(?=\w)", "", label), rules)))
    return {v for v in variants if v}


def split_sentences(
    text: str, tables: GenreTables, *, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]``: ends at ``.!?`` before a capital, and at line ends.

    No sentence ends after an abbreviation of ``patterns.toml`` (U.S., D.C.) or a day number ("16. Dezember",
    "12./13. September").
    """
    stop = len(text) if end is None else end
    spans = []
    begin = start
    for match in _SENTENCE_END_RE.finditer(text, start, stop):
        if match.group() != "\n" and _no_break_before(text, begin, match.start(), tables):
            continue
        cut = match.end() if match.group() != "\n" else match.start()
        if text[begin:cut].strip():
            spans.append(_trimmed(text, begin, cut))
        begin = match.end()
    if text[begin:stop].strip():
        spans.append(_trimmed(text, begin, stop))
    return spans


def _no_break_before(text: str, begin: int, dot: int, tables: GenreTables) -> bool:
    word = re.search(r"(\S+)$", text[begin:dot])
    if word is None:
        return False
    last = word.group(1).lower().lstrip("(\"'“")
    # "EU-U.S. Policy Dialogue": the abbreviation is the last part of a hyphenated word
    tail = last.rsplit("-", 1)[-1]
    # "On Nov. 14-15, 2023": a month's abbreviation before its day ends no sentence
    # ("Sept. 30-Oct. 1, 2025": the month is the last part of a hyphenated range)
    month = any(w in tables.months or w in tables.months_with_dot for w in (last, tail))
    month_before_day = month and _DIGIT_NEXT_RE.match(text, dot) is not None
    return (
        tail in tables.abbreviations
        or last in tables.abbreviations
        or bool(_DAY_NUMBER_RE.fullmatch(last))
        or month_before_day
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def detect_language(words: Iterable[str], tables: GenreTables, *, default: str = "en") -> str:
    """The language whose stopwords are most frequent among ``words`` (folded tokens).

    Ties and texts without any stopword give ``default``.
    """
    counts = dict.fromkeys(tables.languages, 0)
    for word in words:
        for language in tables.stopword_languages.get(word, ()):
            counts[language] += 1
    best = max(counts.values(), default=0)
    if best == 0:
        return default
    winners = [lang for lang, n in counts.items() if n == best]
    return default if default in winners else winners[0]
