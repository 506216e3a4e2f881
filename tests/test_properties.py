"""Property tests (Hypothesis) of the parsers we wrote ourselves: IRIs and ids in requests, Accept
headers, dates and attribution lines in press releases.

Each property is checked against an independent oracle where one exists (pyoxigraph's IRI parser,
``datetime``), otherwise against what the function promises (a format of the table or 406, never
another error). Examples per property: ``EUUS_PROPERTY_EXAMPLES`` (default 200).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.negotiation import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from api.params import DATE_PREFIX, DAY
from graph.errors import InvalidInput, InvalidParameter, NotAcceptable
from graph.ingest import Lexicon, load_lexicon, model_and_reference
from graph.ingest.reading import read_source
from graph.sparql.text import IRI_PATTERN, iri
from graph.views.ids import ID_PATTERN, candidates

EXAMPLES = int(os.environ.get("EUUS_PROPERTY_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
KINDS = ["org", "presidency"]


def store_accepts(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------------ IRIs and ids


@settings(SETTINGS, max_examples=max(EXAMPLES // 2, 50))  # the slowest generator: keep CI time in check
@given(st.from_regex(IRI_PATTERN, fullmatch=True))
def test_every_iri_the_pattern_takes_the_store_takes_too(value: str) -> None:
    assert store_accepts(value), value
    ox.Store().query(f"ASK {{ {iri(value)} ?p ?o }}")  # and it cannot break out of the brackets


@SETTINGS
@given(st.one_of(st.text(max_size=40), st.text(max_size=30).map("http://".__add__)))
def test_the_iri_check_never_passes_what_the_store_refuses(value: str) -> None:
    try:
        iri(value)
    except InvalidInput:
        return
    assert store_accepts(value), value


@SETTINGS
@given(st.from_regex(ID_PATTERN, fullmatch=True))
def test_every_id_the_openapi_pattern_takes_is_taken(value: str) -> None:
    found = candidates(value, KINDS, parameter="id")
    assert found and all(store_accepts(c) for c in found), found


@SETTINGS
@given(st.text(max_size=40))
def test_an_id_is_an_iri_or_a_clear_refusal(value: str) -> None:
    try:
        found = candidates(value, KINDS, parameter="id")
    except InvalidParameter as error:
        assert error.parameter == "id" and repr(value) in str(error)
        assert not re.fullmatch(ID_PATTERN, value)
        return
    assert re.fullmatch(ID_PATTERN, value), "the OpenAPI pattern must say what is taken"
    assert all(store_accepts(c) for c in found), found


# ------------------------------------------------------------------------------------ Accept


MEDIA = sorted({f.media_type for f in (*RESULT_FORMATS, *GRAPH_FORMATS)})
PARAMETER = st.sampled_from(["", ";charset=utf-8", ";profile=x", " ;level=1"])


@SETTINGS
@given(st.text(max_size=80))
def test_any_accept_header_gives_a_format_or_406(accept: str) -> None:
    try:
        chosen = negotiate(RESULT_FORMATS, accept)
    except NotAcceptable as error:
        assert error.offered
        return
    assert chosen in RESULT_FORMATS


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(MEDIA), st.integers(0, 1000), PARAMETER),
        min_size=1,
        max_size=5,
        unique_by=lambda r: r[0],
    )
)  # a type listed twice has no one meaning (RFC 9110 leaves it)
def test_the_highest_quality_offered_type_wins(ranges: list[tuple[str, int, str]]) -> None:
    accept = ", ".join(f"{m}{p};q={q / 1000:.3f}" for m, q, p in ranges)
    quality: dict[str, int] = {}
    for media, q, _ in ranges:
        quality[media] = max(quality.get(media, 0), q)
    offered = {f.media_type for f in GRAPH_FORMATS}
    best = max((q for m, q in quality.items() if m in offered), default=0)
    if best == 0:
        with pytest.raises(NotAcceptable):
            negotiate(GRAPH_FORMATS, accept)
        return
    assert quality[negotiate(GRAPH_FORMATS, accept).media_type] == best


# ------------------------------------------------------------------------------------ dates


DATES = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))


@SETTINGS
@given(st.from_regex(DATE_PREFIX, fullmatch=True))
def test_the_date_filter_pattern_names_real_months(value: str) -> None:
    parts = [int(p) for p in value.split("-")]
    assert 1 <= parts[1] <= 12 if len(parts) > 1 else True
    assert re.fullmatch(DAY, value) or len(parts) < 3


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(model_and_reference())


def month_name(lexicon: Lexicon, month: int, choice: int) -> str:
    names = sorted(name for name, number in lexicon.tables.months.items() if number == month)
    return names[choice % len(names)]


@SETTINGS
@given(DATES, st.integers(0, 100), st.sampled_from(["{d} {m} {y}", "{m} {d}, {y}", "{d}. {m} {y}"]))
def test_a_written_date_reads_as_that_date(lexicon: Lexicon, day: dt.date, choice: int, form: str) -> None:
    name = month_name(lexicon, day.month, choice)
    text = form.format(d=day.day, m=name, y=day.year)
    found = lexicon.dates.parse(f"The meeting on {text} was held.")
    assert found is not None and found.begin.first_day() == day, (text, found)


@SETTINGS
@given(DATES, st.integers(1, 5), st.integers(0, 100))
def test_a_written_range_reads_as_that_range(
    lexicon: Lexicon, first: dt.date, days: int, choice: int
) -> None:
    last = first + dt.timedelta(days=days)
    if last.month != first.month:
        text = f"{first.day} {month_name(lexicon, first.month, choice)} - {last.day} "
        text += f"{month_name(lexicon, last.month, choice)} {last.year}"
    else:
        text = f"{first.day}-{last.day} {month_name(lexicon, last.month, choice)} {last.year}"
    found = lexicon.dates.parse(text)
    assert found is not None and found.finish is not None, text
    assert (found.begin.first_day(), found.finish.first_day()) == (first, last), text


@SETTINGS
@given(st.text(max_size=200))
def test_dates_in_any_text_are_real_and_in_order(lexicon: Lexicon, text: str) -> None:
    found = lexicon.dates.find(text, reference=dt.date(2018, 3, 1))
    for expression in found:
        expression.begin.first_day()  # a real calendar day
        assert text[expression.start : expression.end] == expression.text
        if expression.finish is not None:
            assert expression.finish.iso >= expression.begin.iso
    assert all(a.end <= b.start for a, b in itertools.pairwise(found)), "overlapping dates"


# ------------------------------------------------------------------------------------ attribution lines


PUBLISHER = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ-"), min_size=2,
                    max_size=40).map(str.strip).filter(lambda p: len(p) > 1 and not p.endswith((" i", "-")))  # fmt: skip


@SETTINGS
@given(PUBLISHER, DATES, st.integers(0, 100))
def test_an_attribution_line_gives_publisher_and_date(
    lexicon: Lexicon, publisher: str, day: dt.date, choice: int
) -> None:
    line = f"Republished from {publisher}, published on {day.day} {month_name(lexicon, day.month, choice)} {day.year}"
    source, _ = read_source(f"EU-US meeting\n{line}\nThe ministers met.", lexicon, None)
    assert source.publisher_text == publisher
    assert source.published == day
    assert source.attribution == line


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_is_read_or_refused_clearly(lexicon: Lexicon, text: str) -> None:
    try:
        source, warnings = read_source(text, lexicon, None)
    except InvalidInput as error:
        assert "empty" in str(error) or "control character" in str(error)
        return
    assert source.title and source.title == source.title.strip()
    assert all(isinstance(w, str) for w in warnings)
