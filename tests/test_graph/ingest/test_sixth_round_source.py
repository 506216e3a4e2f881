"""The source and frame of a meeting, as the blind texts h57-h84 (now corpus 107-134) showed them missing.

Issue 11, sixth round: dates in abbreviated and numeric forms, headers issued on behalf of someone or
spread over the title line of a digest, meetings found from people who met, and the related meetings'
cues. Each test writes its own short release (no corpus sentence) and asserts on what ``extract`` gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon
from graph.namespaces import ID

HEADER = "Europol | Newsroom | 9 May 2022"


def _only_meeting(lexicon: Lexicon, text: str) -> dict:
    [meeting] = read(text, lexicon).summary["meetings"]
    return meeting


def _local(iri: object) -> str:
    return "/".join(str(iri).rsplit("/", 2)[-2:])


# ---- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Treffen hoher Beamter fand am 3.-4. Febr. 2022 in Lissabon statt.",
        "La réunion des hauts fonctionnaires s'est tenue à Lisbonne les 3 et 4 févr. 2022.",
    ],
)
def test_abbreviated_months_of_other_languages(lexicon: Lexicon, sentence: str) -> None:
    meeting = _only_meeting(lexicon, press_release(f"{sentence} Europol nahm teil.", attribution=HEADER))
    assert (meeting["start"], meeting["end"]) == ("2022-02-03", "2022-02-04")


def test_an_abbreviated_month_before_its_day_ends_no_sentence(lexicon: Lexicon) -> None:
    body = "LISBON – On Feb. 3-4, 2022, the EU-US senior officials meeting took place in Lisbon. Europol took part."
    meeting = _only_meeting(lexicon, press_release(body, attribution=HEADER))
    assert (meeting["start"], meeting["end"]) == ("2022-02-03", "2022-02-04")


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("Das Treffen hoher Beamter fand am 5.-6.05.2022 in Berlin statt.", "2022-05-05", "2022-05-06"),
        ("De bijeenkomst van hoge ambtenaren vond op 05-05-2022 in Berlijn plaats.", "2022-05-05", None),
    ],
)
def test_day_first_numeric_dates_with_a_full_year_are_read_in_sentences(
    lexicon: Lexicon, sentence: str, start: str, end: str | None
) -> None:
    meeting = _only_meeting(lexicon, press_release(f"{sentence} Europol nahm teil.", attribution=HEADER))
    assert (meeting["start"], meeting["end"]) == (start, end)


def test_numbers_and_slashed_dates_in_sentences_are_no_dates(lexicon: Lexicon) -> None:
    assert lexicon.dates.find("Regulation 2021/784, point 1.2, and the note of 03/04/2022") == []


@pytest.mark.parametrize(
    "header", ["Europol | Newsroom | 09-05-2022", "Europol – News Release – The Hague, 2022-05-09"]
)
def test_numeric_header_dates_with_hyphens_and_in_iso_form(lexicon: Lexicon, header: str) -> None:
    body = "The EU-US senior officials meeting took place in The Hague on 5 May 2022. Europol took part."
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert (source["publisher"], source["published"]) == (str(ID["org/europol"]), "2022-05-09")


# ---- attribution lines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "body", "language"),
    [
        (
            "Press release of the Federal Chancellery on behalf of the Austrian Presidency – Vienna, 12 October 2018",
            "The EU-US senior officials meeting took place in Vienna on 9 October 2018. Europol took part.",
            "en",
        ),
        (
            "Persbericht van het ministerie namens het Oostenrijks voorzitterschap – Wenen, 12 oktober 2018",
            "De bijeenkomst van hoge ambtenaren vond op 9 oktober 2018 in Wenen plaats. Europol nam deel.",
            "nl",
        ),
    ],
)
def test_a_release_header_may_say_on_whose_behalf_it_was_issued(
    lexicon: Lexicon, header: str, body: str, language: str
) -> None:
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert (source["publisher"], source["published"], source["attribution_language"]) == (
        str(ID["presidency/2018-h2"]),
        "2018-10-12",
        language,
    )


def test_header_words_of_two_languages_take_the_documents(lexicon: Lexicon) -> None:
    body = "La réunion des hauts fonctionnaires s'est tenue à Vienne le 9 octobre 2018. Europol a participé."
    header = "Présidence autrichienne – Communiqué de presse – 12/10/2018"
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert (source["publisher"], source["attribution_language"]) == (str(ID["presidency/2018-h2"]), "fr")


def test_a_digest_reads_its_header_from_the_title_line_and_only_the_item_about_a_meeting(
    lexicon: Lexicon,
) -> None:
    text = (
        "Midday Express 09/05/2022\n\nEuropean Commission – Press corner\n\n"
        "Commission opens a consultation on port fees\n\n"
        "Europol and Frontex will comment on a study of port fees in Rotterdam on 3 May 2022.\n\n"
        "EU and US senior officials review their cooperation\n\n"
        "The EU-US senior officials meeting took place in Lisbon on 5 May 2022. The FBI took part.\n\n"
        "Commissioner to visit Riga\n\n"
        "The Commissioner will discuss migration in Riga on 12 May 2022.\n"
    )
    summary = read(text, lexicon).summary
    source = summary["source"]
    assert (source["publisher"], source["published"]) == (str(ID["org/european-commission"]), "2022-05-09")
    [meeting] = summary["meetings"]
    assert (meeting["start"], _local(meeting["place"])) == ("2022-05-05", "place/lisbon")
    assert {_local(p["id"]) for p in meeting["participants"]} == {"org/fbi"}
    assert not any("migration" in str(t) for t in meeting["topics"])


# ---- meetings and their frame -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "Experts of the European Union and of the United States who work on the recovery of criminal "
            "assets met in Madrid on 14 December 2021. Europol took part.",
            "expert",
        ),
        (
            "Ministers van Justitie van de Europese Unie en de Verenigde Staten zijn op 14 december 2021 "
            "in Madrid bijeengekomen. Europol nam deel.",
            "ministerial",
        ),
    ],
)
def test_a_gathering_whose_group_is_the_subject_of_a_later_verb(
    lexicon: Lexicon, body: str, kind: str
) -> None:
    meeting = _only_meeting(lexicon, press_release(body))
    assert (meeting["kind"], meeting["start"], _local(meeting["place"])) == (
        kind,
        "2021-12-14",
        "place/madrid",
    )


def test_a_next_meeting_scheduled_for_a_month(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. Europol took part. "
        "The next senior officials meeting is scheduled for March in Paris."
    )
    summary = read(press_release(body), lexicon).summary
    starts = {m["start"] for m in summary["meetings"]}
    assert starts == {"2021-12-15", "2022-03"}


@pytest.mark.parametrize(
    "title",
    [
        "Experts meet in the run-up to the ministerial meeting",
        "Deskundigen overleggen in aanloop naar ministeriële bijeenkomst",
    ],
)
def test_a_meeting_in_the_run_up_to_another_prepares_it(lexicon: Lexicon, title: str) -> None:
    body = (
        "Experts of the EU and the US met in Ljubljana on 14 December 2021. Europol took part. "
        "The ministerial meeting planned in Paris in March 2022 will hear their conclusions."
    )
    meeting = read(press_release(body, title=title), lexicon).summary["meetings"][0]
    assert meeting["kind"] == "expert"
    assert "prepares" in [r["relation"] for r in meeting["related"]]


def test_a_second_meeting_in_the_same_building_takes_the_first_ones_place(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 14 December 2021. Europol took part.\n\n"
        "On 15 December 2021, an EU-US expert meeting on firearms was held in the same building, with "
        "experts from Europol and the FBI."
    )
    places = {m["kind"]: _local(m["place"]) for m in read(press_release(body), lexicon).summary["meetings"]}
    assert places == {"senior-officials": "place/ljubljana", "expert": "place/ljubljana"}


@pytest.mark.parametrize(
    "body",
    [
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. "
        "It was chaired by the Slovenian Presidency of the Council.",
        "De bijeenkomst van hoge ambtenaren van de EU en de VS vond op 15 december 2021 in Ljubljana plaats. "
        "Het Sloveense voorzitterschap van de Raad nam deel.",
    ],
)
def test_a_presidency_of_the_council_is_one_name(lexicon: Lexicon, body: str) -> None:
    ids = {_local(p["id"]) for p in _only_meeting(lexicon, press_release(body))["participants"]}
    assert ids == {"presidency/2021-h2"}


def test_meeting_again_at_a_level_announces_the_next_meeting_of_that_kind(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. Europol took part. "
        "They will meet again at senior officials level in Paris in March 2022."
    )
    [meeting, following] = read(press_release(body), lexicon).summary["meetings"]
    assert [r["relation"] for r in meeting["related"]] == ["next"]
    assert (following["kind"], following["start"]) == ("senior-officials", "2022-03")


# ---- hosts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "host"),
    [
        ("The host of this expert meeting was Frontex.", "org/frontex"),
        ("Gastheer van de deskundigenbijeenkomst was Frontex.", "org/frontex"),
        ("Experts discussed the new Centre, which Frontex hosts.", None),
        ("The meeting, which Frontex hosted, was the first of the year.", "org/frontex"),
    ],
)
def test_a_host_named_by_a_noun_and_a_copula_not_by_a_relative_clause(
    lexicon: Lexicon, sentence: str, host: str | None
) -> None:
    body = f"Experts of the EU and the US met in Warsaw on 14 December 2021. Europol took part. {sentence}"
    meeting = _only_meeting(lexicon, press_release(body))
    assert (_local(meeting["host"]) if meeting["host"] else None) == host


def test_a_breadcrumb_header_names_the_unit_of_its_publisher(lexicon: Lexicon) -> None:
    header = "European Commission > Migration and Home Affairs > Latest news > 9 May 2022"
    body = "The EU-US senior officials meeting took place in Lisbon on 5 May 2022. Europol took part."
    source = read(press_release(body, attribution=header), lexicon).summary["source"]
    assert (source["publisher"], source["published"]) == (
        str(ID["org/dg-migration-and-home-affairs"]),
        "2022-05-09",
    )


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "De ministeriële ontmoeting van de EU en de VS vond op 14 december 2021 in Wenen plaats.",
            "ministerial",
        ),
        ("Das Fachtreffen der EU und der USA fand am 14. Dezember 2021 in Wien statt.", "expert"),
        (
            "Les hauts responsables de l'UE et des États-Unis se sont réunis à Vienne le 14 décembre 2021.",
            "senior-officials",
        ),
    ],
)
def test_other_words_for_a_meeting_kind_and_its_people(lexicon: Lexicon, body: str, kind: str) -> None:
    meeting = _only_meeting(lexicon, press_release(f"{body} Europol.\n\nEuropol took part."))
    assert (meeting["kind"], meeting["start"]) == (kind, "2021-12-14")


def test_the_publication_date_in_a_title_line_header_is_no_meetings_date(lexicon: Lexicon) -> None:
    text = (
        "Europol Newsroom 14.12.2021\n\nEuropol – Press release\n\n"
        "The EU-US expert meeting took place in Vienna. Europol took part.\n"
    )
    summary = read(text, lexicon).summary
    assert summary["source"]["published"] == "2021-12-14"
    assert (summary["meetings"], summary["not_asserted"]) == (
        [],
        [{"kind": "expert", "start": None, "lacks": ["date"]}],
    )


def test_people_who_held_a_videoconference_met_online(lexicon: Lexicon) -> None:
    body = "EU and US ministers held a videoconference on 14 December 2021. Europol took part."
    meeting = _only_meeting(lexicon, press_release(body))
    assert (meeting["kind"], meeting["start"], meeting["attendance"]) == (
        "ministerial",
        "2021-12-14",
        "online",
    )


def test_a_headline_with_an_agent_and_a_date_is_no_digest_header(lexicon: Lexicon) -> None:
    text = "Europol and the FBI compare notes on 14 December 2021\n\nEuropol – Newsroom\n\nExperts met in The Hague.\n"
    reading = read(text, lexicon).reading.source
    # the line under it names the publisher, without a date (seventh round): the headline's date is no one's
    assert (reading.attribution, reading.published) == ("Europol – Newsroom", None)


def test_without_a_publication_date_a_day_and_month_take_the_year_of_the_texts_first_full_date(
    lexicon: Lexicon,
) -> None:
    text = (
        "EU and US officials take stock\n\nSenior officials of the EU and the US met in Vienna on 11 March. "
        "They reviewed the agreement signed on 5 February 2024. Europol took part.\n"
    )
    summary = read(text, lexicon).summary
    assert summary["source"]["published"] is None
    assert [m["start"] for m in summary["meetings"]] == ["2024-03-11"]
