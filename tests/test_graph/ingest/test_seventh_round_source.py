"""The source and frame of a meeting, as the blind texts h85-h116 (now corpus 135-166) showed them missing.

Issue 11, seventh round: dates with "Sept.", across months, on two named weekdays, or as a weekday and a
day alone; American numeric header dates; headers with a numbered issue, a dateless publisher line, a
numeric "Published on"; meetings prepared by a separable verb, a prepared meeting named again, people who
"will meet". Each test writes its own short release (no corpus sentence) and asserts on what ``extract``
gives.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon
from graph.namespaces import ID

HEADER = "Europol | Newsroom | 9 May 2022"
HEADER_DAY = dt.date(2022, 5, 9)


def _only_meeting(lexicon: Lexicon, text: str) -> dict:
    meetings = read(text, lexicon).summary["meetings"]
    assert len(meetings) == 1, meetings
    return meetings[0]


def _local(iri: str) -> str:
    return iri.removeprefix(str(ID))


# ---- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        # "Sept." is a month with its dot; a range across two months, the second abbreviated too
        ("The EU-US expert meeting took place in Lisbon on Sept. 6-7, 2022.", "2022-09-06", "2022-09-07"),
        ("The EU-US expert meeting ran in Lisbon Sept. 30-Oct. 1, 2022.", "2022-09-30", "2022-10-01"),
        # no year: the one nearest the publication date
        ("The EU-US expert meeting took place in Lisbon April 29-May 1.", "2022-04-29", "2022-05-01"),
        # each day with its weekday and month
        (
            "The EU-US expert meeting took place in Lisbon on Monday, May 2, and Tuesday, May 3, 2022.",
            "2022-05-02",
            "2022-05-03",
        ),
        (
            "Das EU-US-Expertentreffen fand am Montag, 2. Mai und Dienstag, 3. Mai 2022 in Lissabon statt.",
            "2022-05-02",
            "2022-05-03",
        ),
    ],
)
def test_ranges_across_months_and_weekdays(lexicon: Lexicon, sentence: str, start: str, end: str) -> None:
    meeting = _only_meeting(lexicon, press_release(f"{sentence} Europol took part.", attribution=HEADER))
    assert (meeting["start"], meeting["end"]) == (start, end)


@pytest.mark.parametrize(
    ("sentence", "month"),
    [
        ("The experts will meet again in mid-July.", "2022-07"),
        ("Les experts se retrouveront fin juillet.", "2022-07"),
        ("Die Fachleute treffen sich wieder Ende Juli.", "2022-07"),
        ("De deskundigen komen eind juli opnieuw bijeen.", "2022-07"),
    ],
)
def test_a_part_of_a_month_is_that_month(lexicon: Lexicon, sentence: str, month: str) -> None:
    assert [d.begin.iso for d in lexicon.dates.find(sentence, reference=HEADER_DAY)] == [month]


def test_an_abbreviated_weekday_before_a_date_is_part_of_it(lexicon: Lexicon) -> None:
    [found] = lexicon.dates.find("The experts met on Tue., May 3, 2022 in Lisbon.")
    assert (found.text, found.begin.iso) == ("Tue., May 3, 2022", "2022-05-03")
    assert lexicon.dates.find("C'était mon 1er voyage.", reference=HEADER_DAY) == []


def test_french_sept_is_seven_not_september(lexicon: Lexicon) -> None:
    found = lexicon.dates.find("Les experts ont travaillé en sept groupes le 4 mai 2022.")
    assert [d.begin.iso for d in found] == ["2022-05-04"]


def test_a_weekday_and_a_day_without_month_is_the_day_near_the_publication(lexicon: Lexicon) -> None:
    # published on Monday 9 May 2022: "Wednesday, the 4th" is 4 May (not 4 April, a Monday)
    body = "On Wednesday, the 4th, the EU-US expert meeting took place in Lisbon. Europol took part."
    assert _only_meeting(lexicon, press_release(body, attribution=HEADER))["start"] == "2022-05-04"


def test_a_half_year_of_the_current_year_lacks_a_month(lexicon: Lexicon) -> None:
    body = (
        "The EU-US expert meeting took place in Lisbon on 4 May 2022. Europol took part. "
        "The next ministerial meeting will be held in Prague in the second half of the year."
    )
    summary = read(press_release(body, attribution=HEADER), lexicon).summary
    assert {(n["kind"], tuple(n["lacks"])) for n in summary["not_asserted"]} == {("ministerial", ("month",))}


# ---- attribution lines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("Customs and Border Protection | Media Release\nRelease Date: Tue, 05/03/2022", "2022-05-03"),
        ("Europol – Press release – 05/03/2022", "2022-03-05"),  # a European publisher: day first
        ("Customs and Border Protection | Media Release\nRelease Date: Tue, 05/17/2022", "2022-05-17"),
    ],
)
def test_an_american_header_writes_its_numeric_date_month_first(
    lexicon: Lexicon, header: str, published: str
) -> None:
    body = "The EU-US expert meeting took place in Lisbon on 2 March 2022. Europol took part."
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert source["published"] == published


def test_the_number_of_an_issue_is_no_day(lexicon: Lexicon) -> None:
    header = "Europol – Bulletin Nr. 7 – 12. Mai 2022"
    body = "Am 10. Mai 2022 fand in Lissabon das EU-US-Expertentreffen statt. Europol nahm teil."
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert (_local(source["publisher"]), source["published"]) == ("org/europol", "2022-05-12")


def test_published_on_a_numeric_date_by_someone_on_behalf_of_the_presidency(lexicon: Lexicon) -> None:
    header = "Published on 13/05/2022 by the Ministry of the Interior on behalf of the French Presidency"
    body = "The EU-US expert meeting took place in Lisbon on 10 May 2022. Europol took part."
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert (_local(source["publisher"]), source["published"]) == ("presidency/2022-h1", "2022-05-13")


def test_a_publisher_line_without_a_date_under_a_dated_title(lexicon: Lexicon) -> None:
    text = press_release(
        "Experts of the EU and the US met in Lisbon. Europol took part.",
        title="EU-US expert meeting on drugs, Lisbon, 10 May 2022",
        attribution="French Presidency of the Council of the European Union – Press release",
    )
    extraction = read(text, lexicon)
    source = extraction.summary["source"]
    assert (_local(source["publisher"]), source["published"]) == ("presidency/2022-h1", None)
    assert [m["start"] for m in extraction.summary["meetings"]] == ["2022-05-10"]


def test_a_header_line_of_more_than_a_hundred_characters_over_a_dateline(lexicon: Lexicon) -> None:
    header = (
        "Ministry of Foreign Affairs · Communication Unit · French Presidency of the Council of the European "
        "Union\nParis, 13 May 2022"
    )
    body = "The EU-US expert meeting took place in Lisbon on 10 May 2022. Europol took part."
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert (_local(source["publisher"]), source["published"]) == ("presidency/2022-h1", "2022-05-13")


def test_a_communique_in_a_french_text_is_french(lexicon: Lexicon) -> None:
    # "Communique" heads English releases too: the document's language decides
    text = press_release(
        "Le 10 mai 2022, les experts de l'UE et des États-Unis se sont réunis à Lisbonne. Europol a participé "
        "à la réunion d'experts UE-États-Unis.",
        attribution="Présidence française du Conseil de l'Union européenne – Communiqué – 13.05.2022",
    )
    source = read(text, lexicon).summary["source"]
    assert (source["attribution_language"], source["published"]) == ("fr", "2022-05-13")


# ---- the reported meeting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Hoge ambtenaren van de EU en de VS zijn op 10 mei 2022 in Lissabon bijeengekomen. Zij bereidden "
        "de ministeriële bijeenkomst voor die in juni plaatsvindt. Europol nam deel.",
        "Hohe Beamte der EU und der USA haben am 10. Mai 2022 in Lissabon getagt. Das Treffen diente der "
        "Vorbereitung des Ministertreffens im Juni. Europol nahm teil. Bis zum Ministertreffen wird ein "
        "Bericht erstellt.",
    ],
)
def test_a_meeting_prepared_by_a_separable_verb_or_named_again_is_not_the_reported_one(
    lexicon: Lexicon, body: str
) -> None:
    text = press_release(body, attribution="Europol – Persbericht – 13 mei 2022")
    reported, prepared = read(text, lexicon).summary["meetings"]
    assert (reported["kind"], reported["start"]) == ("senior-officials", "2022-05-10")
    assert (prepared["kind"], prepared["start"], prepared["status"]) == ("ministerial", "2022-06", "planned")
    assert [(r["relation"], r["id"]) for r in reported["related"]] == [("prepares", prepared["id"])]


def test_people_who_will_meet_are_a_planned_meeting(lexicon: Lexicon) -> None:
    body = (
        "Le 20 mai 2022, des experts de l'Union européenne et des États-Unis se réuniront à Lisbonne. "
        "Europol y participera."
    )
    meeting = _only_meeting(lexicon, press_release(body, attribution="Europol – Communiqué – 13.05.2022"))
    assert (meeting["kind"], meeting["status"], meeting["start"]) == ("expert", "planned", "2022-05-20")


def test_a_host_that_welcomed_experts_from_the_other_side(lexicon: Lexicon) -> None:
    body = (
        "The FBI welcomed drug experts from the European Union in Washington on 4 May 2022 for the EU-US "
        "expert meeting."
    )
    meeting = _only_meeting(lexicon, press_release(body, attribution=HEADER))
    assert _local(meeting["host"]) == "org/fbi"


def test_people_of_another_kind_who_met_are_a_second_meeting(lexicon: Lexicon) -> None:
    body = (
        "The EU-US ministerial meeting took place in Lisbon on 4 May 2022. Europol took part.\n\n"
        "The day before, on 3 May 2022, experts had met at the same place. Eurojust took part."
    )
    ministerial, experts = read(press_release(body, attribution=HEADER), lexicon).summary["meetings"]
    assert (ministerial["kind"], experts["kind"], experts["start"]) == ("ministerial", "expert", "2022-05-03")
    assert experts["place"] == ministerial["place"]
    assert [_local(p["id"]) for p in experts["participants"]] == ["org/eurojust"]


def test_people_who_met_on_the_day_of_the_meeting_the_title_names_are_that_meeting(lexicon: Lexicon) -> None:
    text = press_release(
        "Experts from the EU and the US met in Brussels on 3 May 2022. Europol took part.",
        title="EU-US counter-terrorism dialogue in Brussels",
        attribution=HEADER,
    )
    meeting = _only_meeting(lexicon, text)
    assert (meeting["kind"], meeting["start"]) == ("dialogue", "2022-05-03")


def test_a_review_of_a_year_dates_its_days_in_that_year(lexicon: Lexicon) -> None:
    # published in December: "12 March" would otherwise be the nearer 12 March of the next year
    text = press_release(
        "Ministerial meeting, Lisbon, 12 March. EU and US ministers met in Lisbon. Europol took part.",
        title="EU-US cooperation: 2021 in review",
    )
    assert _only_meeting(lexicon, text)["start"] == "2021-03-12"
    # a year long past names an anniversary, not the year of the text's days
    old = text.replace("2021 in review", "ten years after the 2011 agreement")
    assert _only_meeting(lexicon, old)["start"] == "2022-03-12"


def test_what_is_handed_on_to_ministers_who_will_meet_this_autumn_prepares_their_meeting(
    lexicon: Lexicon,
) -> None:
    body = (
        "The EU-US senior officials meeting took place in Lisbon on 4 May 2022. Europol took part. "
        "Its findings will be presented to the ministers, who are due to gather in Prague this autumn for "
        "the ministerial meeting."
    )
    summary = read(press_release(body, attribution=HEADER), lexicon).summary
    [meeting] = summary["meetings"]
    assert [(r["relation"], r["id"]) for r in meeting["related"]] == [("prepares", None)]
    assert [(n["kind"], n["lacks"]) for n in summary["not_asserted"]] == [("ministerial", ["month"])]


def test_a_header_without_its_publisher_leaves_it_to_the_agent_the_title_opens_with(lexicon: Lexicon) -> None:
    body = "The EU-US expert meeting took place in Washington on 4 May 2022. Europol took part."
    header = "News Release\nRelease Date: May 9, 2022"
    opened = read(
        press_release(body, title="FBI Director Meets European Experts", attribution=header), lexicon
    )
    other = read(press_release(body, title="European experts meet the FBI", attribution=header), lexicon)
    assert _local(opened.summary["source"]["publisher"]) == "org/fbi"
    assert other.summary["source"]["publisher"] is None


def test_a_host_that_was_to_host_hosted_nothing(lexicon: Lexicon) -> None:
    body = (
        "The EU-US expert meeting, which Europol was to host in The Hague, took place by videoconference on "
        "4 May 2022 instead. Eurojust took part."
    )
    assert _only_meeting(lexicon, press_release(body, attribution=HEADER))["host"] is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "Am 10. Mai 2022 kam in Lissabon die Expertenrunde der EU und der USA zusammen. Europol nahm teil.",
            "expert",
        ),
        (
            "Op 10 mei 2022 vond in Lissabon de beleidsdialoog tussen de EU en de VS plaats. Europol nam deel.",
            "dialogue",
        ),
        (
            "Le 10 mai 2022, la réunion des ministres de l'UE et des États-Unis s'est tenue à Lisbonne. Europol a participé.",
            "ministerial",
        ),
    ],
)
def test_meeting_kinds_by_the_words_of_each_language(lexicon: Lexicon, sentence: str, kind: str) -> None:
    meeting = _only_meeting(lexicon, press_release(sentence, attribution=HEADER))
    assert (meeting["kind"], meeting["start"]) == (kind, "2022-05-10")
