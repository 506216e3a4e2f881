"""Dates and date ranges as press releases write them, in English, Dutch, French and German.

"26-27 February 2018", "13 and 14 November 2023", "on 16 December 2021", "December 16-17, 2021",
"30 November - 1 December 2022", "les 13 et 14 novembre 2023", "am 16. Dezember 2021",
"donderdag 1 maart 2018", "May 2018". Month names, day suffixes and range words come from
``patterns.toml``; a day and month without a year take the year nearest to a reference date (the
publication date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

from graph.ingest.tables import GenreTables
from graph.ingest.text import fold


@dataclass(frozen=True)
class Day:
    """A calendar date, or a month when the text gives no day (``day`` is None)."""

    year: int
    month: int
    day: int | None = None

    @property
    def iso(self) -> str:
        """``YYYY-MM-DD``, or ``YYYY-MM`` without a day."""
        return f"{self.year:04d}-{self.month:02d}" + ("" if self.day is None else f"-{self.day:02d}")

    @property
    def literal(self) -> Literal:
        """An ``xsd:date``, or an ``xsd:gYearMonth`` without a day."""
        return Literal(self.iso, datatype=XSD.gYearMonth if self.day is None else XSD.date)

    def first_day(self) -> dt.date:
        """The date itself, or the first day of the month."""
        return dt.date(self.year, self.month, self.day or 1)


@dataclass(frozen=True)
class DateExpression:
    """A date or a date range found in the text, with its span (end exclusive)."""

    start: int
    end: int
    text: str
    begin: Day
    finish: Day | None = None


class DateFinder:
    """Finds date expressions; built once from the genre tables."""

    def __init__(self, tables: GenreTables) -> None:
        dotted = {f"{name}.": number for name, number in tables.months_with_dot.items()}
        self._months = {fold(name): number for name, number in (tables.months | dotted).items()}
        month = _alternatives([*tables.months, *dotted])
        weekday = _alternatives(tables.weekdays)
        words = [j for j in tables.range_joiners if j[0].isalpha()]
        marks = [j for j in tables.range_joiners if not j[0].isalpha()]
        join = rf"(?:\s*[{''.join(re.escape(m) for m in marks)}]\s*|\s+(?:{_alternatives(words)})\s+)"
        suffix = "|".join(re.escape(s) for s in sorted(tables.day_suffixes, key=len, reverse=True))
        # "Newsletter Nr. 21 – 27. November 2020": a numbered issue's number is no day
        day = rf"(?<!nr\. )(?<!no\. )(?<!n° )(?P<{{0}}>\d{{{{1,2}}}})(?:{suffix})?"
        mon = rf"(?P<{{0}}>{month})\.?"
        # "13th of June" ; "3 March, 2023"
        link = rf"\s+(?:(?:{_alternatives(tables.day_month_links)})\s+)?"
        year = r",?\s+(?P<{0}>(?:19|20)\d{{2}})"
        any_weekday = _alternatives([*tables.weekdays, *tables.weekday_abbreviations])
        lead = rf"(?:\b(?:{any_weekday})\.?,?\s+)?"
        self._patterns = [
            re.compile(p, re.IGNORECASE)
            for p in (
                # 30 November - 1 December 2022 ; du 30 novembre au 1er décembre 2022
                rf"{lead}\b{day.format('d1')}{link}{mon.format('m1')}(?:{year.format('y1')})?,?{join}"
                rf"{lead}{day.format('d2')}{link}{mon.format('m2')}(?:{year.format('y2')})?\b",
                # November 30 - December 1, 2022 ; Tuesday, June 20, and Wednesday, June 21, 2023
                # Feb. 28-March 1 (the year from the reference date)
                rf"\b{mon.format('m1')}\s+{day.format('d1')},?{join}{lead}{mon.format('m2')}\s+{day.format('d2')}"
                rf"(?:{year.format('y2')}\b|\b(?!\s*[,/.:-]?\s*\d))",
                # 26-27 February 2018 ; 13 and 14 November 2023 ; 26.-27. Februar 2018 ; 12/13 June 2023
                rf"{lead}\b{day.format('d1')}{join}{lead}{day.format('d2')}{link}{mon.format('m2')}(?:{year.format('y2')})?\b",
                # December 16-17, 2021
                rf"\b{mon.format('m2')}\s+{day.format('d1')}{join}{day.format('d2')}{year.format('y2')}\b",
                # 16 December 2021 ; donderdag 1 maart 2018 ; 16. Dezember 2021 ; the 3rd of March 2023
                rf"{lead}\b{day.format('d1')}{link}{mon.format('m1')}(?:{year.format('y1')})?\b",
                # May 14-15 ; April 9 and 10 (US order without a year: the year from the reference date)
                rf"\b{mon.format('m2')}\s+{day.format('d1')}{join}{day.format('d2')}\b(?!\s*[,/.:-]?\s*\d)",
                # December 16, 2021
                rf"{lead}\b{mon.format('m1')}\s+{day.format('d1')}(?:st|nd|rd|th)?{year.format('y1')}\b",
                # On November 15 (US order, the year from the reference date)
                rf"{lead}\b{mon.format('m1')}\s+{day.format('d1')}\b(?!\s*[,/.:-]?\s*\d)",
                # May 2018
                rf"\b{mon.format('m1')}\s+(?P<y1>(?:19|20)\d{{2}})\b",
                # in June (the year from the reference date); the expression is the month alone
                rf"\b(?P<opener>{_alternatives(tables.month_openers)})(?:\s+|-){mon.format('m1')}\b(?!\s*\d)",
            )
        ]
        # "On Monday, the 9th": a weekday and a day without month, the month whose day is that weekday
        self._weekday_numbers = {fold(name): n % 7 for n, name in enumerate(tables.weekdays)}
        self._weekday_day = re.compile(
            rf"\b(?P<weekday>{weekday}),?\s+(?:the\s+|den\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er|\.)"
            rf"(?!\s*(?:[\d./-]|(?:{month})\b))",
            re.IGNORECASE,
        )
        halves = _alternatives(tables.half_years)
        # "the second half of 2022", "the second half of the year" (the current one), "zweiten Halbjahr 2025"
        self._half_year = re.compile(
            rf"\b(?:{halves})\s+(?:(?:the\s+year\s+)?(?:19|20)\d{{2}}\b|{_YEAR_WORDS})", re.IGNORECASE
        )
        openers = _alternatives(tables.year_openers)
        seasons = _alternatives(tables.times_without_month)
        self._year = re.compile(rf"\b(?:(?:{openers})\s+(?:19|20)\d{{2}}\b|(?:{seasons})\b)", re.IGNORECASE)

    def half_year(self, text: str) -> bool:
        """True when ``text`` names a half-year ("the second half of 2022"), a time with no month."""
        return self._half_year.search(text) is not None

    def year_only(self, text: str) -> bool:
        """True when ``text`` names a year or a season ("in 2025", "next year", "im Herbst"), but no month.

        Call it where no date expression was found: "in May 2025" names a year too.
        """
        return self._year.search(text) is not None

    def find(
        self,
        text: str,
        *,
        start: int = 0,
        end: int | None = None,
        reference: dt.date | None = None,
        year: int | None = None,
    ) -> list[DateExpression]:
        """Date expressions in ``text[start:end]``, in text order, none overlapping another.

        Impossible dates ("31 June 2018") are left out, and so is any shorter date inside them. A day or
        month without a year is of ``year`` when given (the year a review is of), else of the year nearest
        ``reference``.
        """
        stop = len(text) if end is None else end
        found: list[DateExpression] = []
        taken: list[tuple[int, int]] = []
        for pattern in self._patterns:
            for match in pattern.finditer(text, start, stop):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                expression = self._read(match, reference, year)
                if expression is not None:
                    found.append(expression)
                # an impossible date ("31 June 2018") is no date at all, not the month it names
                taken.append((match.start(), match.end()))
        for match in self._weekday_day.finditer(text, start, stop):
            if reference is not None and not any(match.start() < e and s < match.end() for s, e in taken):
                expression = self._weekday_expression(match, reference)
                found += [expression] if expression is not None else []
        for match in _NUMERIC_IN_TEXT.finditer(text, start, stop):
            if not any(match.start() < e and s < match.end() for s, e in taken):
                expression = _numeric_expression(match)
                found += [expression] if expression is not None else []
        return sorted(found, key=lambda e: e.start)

    def parse(self, text: str, *, reference: dt.date | None = None) -> DateExpression | None:
        """The first date expression in ``text``, or None."""
        found = self.find(text, reference=reference)
        return found[0] if found else None

    def numeric(self, text: str, *, month_first: bool = False) -> DateExpression | None:
        """A day-first numeric date ("16/06/2017", "14.01.2026"), as European release headers write it.

        Only header lines are read this way: in a sentence "368/17" or "1.2" are numbers, not dates. An
        American header writes the month first ("Release Date: Fri, 05/16/2025"): with ``month_first``, and
        wherever the first number cannot be a month's day-first reading (16 is no month).
        """
        match = _NUMERIC.search(text) or _ISO.search(text)
        if match is None:
            return None
        first, second = int(match["day"]), int(match["month"])
        if match.re is _NUMERIC and (month_first or second > MONTHS) and first <= MONTHS:
            first, second = second, first
        day = Day(int(match["year"]), second, first)
        if not 1 <= day.month <= MONTHS or not _valid(day):
            return None
        return DateExpression(match.start(), match.end(), match.group(), day)

    def _weekday_expression(self, match: re.Match[str], reference: dt.date) -> DateExpression | None:
        """The day of the months around ``reference`` that has the match's number and weekday, nearest it."""
        weekday, number = self._weekday_numbers[fold(match["weekday"])], int(match["d1"])
        candidates = []
        for shift in range(-WEEKDAY_MONTHS, WEEKDAY_MONTHS + 1):
            year, month = divmod(reference.year * 12 + reference.month - 1 + shift, 12)
            day = Day(year, month + 1, number)
            if _valid(day) and day.first_day().weekday() == weekday:
                candidates.append(day)
        if not candidates:
            return None
        nearest = min(candidates, key=lambda d: abs((d.first_day() - reference).days))
        return DateExpression(match.start(), match.end(), match.group(), nearest)

    def _read(
        self, match: re.Match[str], reference: dt.date | None, year: int | None = None
    ) -> DateExpression | None:
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        try:
            m2 = self._months[fold(groups.get("m2") or groups["m1"])]
            m1 = self._months[fold(groups["m1"])] if "m1" in groups else m2
            y2 = int(groups["y2"]) if "y2" in groups else None
            y1 = int(groups["y1"]) if "y1" in groups else None
        except KeyError:
            return None
        d1 = int(groups["d1"]) if "d1" in groups else None
        d2 = int(groups["d2"]) if "d2" in groups else None
        if y2 is None and y1 is None and year is not None:
            y2 = year
        if y2 is None and y1 is None:
            if reference is None:
                return None
            y2 = _nearest_year(m2, d2 or d1 or 1, reference)
        last_year = y2 if y2 is not None else y1
        assert last_year is not None  # noqa: S101 - one of them is set above
        first_year = y1 if y1 is not None else (last_year - 1 if m1 > m2 else last_year)
        begin = Day(first_year, m1, d1)
        finish = Day(last_year, m2, d2) if d2 is not None else None
        if not _valid(begin) or (finish is not None and (not _valid(finish) or finish.iso < begin.iso)):
            return None
        start = match.start("m1") if "opener" in groups else match.start()
        return DateExpression(start, match.end(), match.string[start : match.end()], begin, finish)


MONTHS = 12
#: The year a half-year is of, named without its number ("in the second half of the year").
_YEAR_WORDS = (
    r"(?:the|this|next)\s+year\b|(?:het|dit|volgend)\s+jaar\b|(?:de\s+)?(?:l'année|cette\s+année)\b"
    r"|(?:dieses|des|nächsten)\s+jahres\b"
)
#: "On Monday, the 9th" is looked for this many months either side of the reference date.
WEEKDAY_MONTHS = 2

_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})([./-])(?P<month>\d{1,2})\2(?P<year>(?:19|20)\d{2})\b")
#: a header's ISO date: "Frontex – News Release – Warsaw, 2025-03-21"
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
#: day-first numeric dates a sentence may hold too, with dots or hyphens and a four-digit year, so no
#: number: "am 23.10.2019", "am 23-24.10.2019", "op 12-04-2016" ("368/17", "1.2" and "12/03/2024",
#: month-first in American texts, are not read)
_NUMERIC_IN_TEXT = re.compile(
    r"(?<![\d./-])(?P<d1>\d{1,2})(?:\.?\s*[-–]\s*(?P<d2>\d{1,2}))?(?P<sep>[.-])(?P<month>\d{1,2})(?P=sep)"
    r"(?P<year>(?:19|20)\d{2})(?![\d])"
)


def _numeric_expression(match: re.Match[str]) -> DateExpression | None:
    year, month = int(match["year"]), int(match["month"])
    begin = Day(year, month, int(match["d1"]))
    finish = Day(year, month, int(match["d2"])) if match["d2"] else None
    if not 1 <= month <= 12 or not _valid(begin) or (finish is not None and not finish.iso > begin.iso):
        return None
    if finish is not None and not _valid(finish):
        return None
    return DateExpression(match.start(), match.end(), match.group(), begin, finish)


def _alternatives(words: object) -> str:
    names = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(n) for n in names)


def _valid(day: Day) -> bool:
    try:
        day.first_day()
    except ValueError:
        return False
    return True


def _nearest_year(month: int, day: int, reference: dt.date) -> int:
    def distance(year: int) -> int:
        try:
            return abs((dt.date(year, month, day) - reference).days)
        except ValueError:
            return 10**6

    return min((reference.year - 1, reference.year, reference.year + 1), key=distance)
