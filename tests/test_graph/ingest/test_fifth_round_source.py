"""The source and frame of a meeting, as the blind texts h37-h56 (now corpus 87-106) showed them missing.

Issue 11, fifth round: attribution lines known by what they hold rather than by their words, the
publication date and a dateline kept out of the meeting, and the meeting's frame. Each test writes its
own short release and asserts on what ``extract`` really gives.
"""

from __future__ import annotations

from typing import Any

import pytest
from ingest_helpers import read

from graph.ingest import Lexicon
from graph.namespaces import ID

BODY = {
    "en": "The EU-US senior officials meeting took place in Vienna on 9 and 10 October 2018. Europol took part.",
    "de": "Das Treffen hoher Beamter der EU und der USA fand am 9. und 10. Oktober 2018 in Wien statt. Europol nahm daran teil.",
    "fr": "La réunion des hauts fonctionnaires UE-États-Unis s'est tenue à Vienne les 9 et 10 octobre 2018. Europol a participé.",
}


def release(header: str, body: str = BODY["en"]) -> str:
    return f"EU-US senior officials review cooperation\n\n{header}\n\n{body}\n"


# ---- attribution lines known by what they hold ---------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "publisher", "language"),
    [
        ("European Commission – Media centre – Vienna, 12 October 2018", "org/european-commission", "en"),
        ("Eurojust – News – Released 12 October 2018", "org/eurojust", "en"),
        (
            "Statement issued by the Austrian Presidency of the Council of the EU on 12 October 2018",
            "presidency/2018-h2",
            "en",
        ),
        ("Österreichischer Ratsvorsitz – Pressemitteilung vom 12. Oktober 2018", "presidency/2018-h2", "de"),
        (
            "Présidence autrichienne du Conseil – communiqué – Vienne, le 12 octobre 2018",
            "presidency/2018-h2",
            "fr",
        ),
        ("European Commission\nPress statement\nVienna, 12 October 2018", "org/european-commission", "en"),
        ("Europol | Press room | 12.10.2018", "org/europol", "en"),
    ],
)
def test_a_header_naming_an_agent_and_a_date_is_the_attribution_line(
    lexicon: Lexicon, header: str, publisher: str, language: str
) -> None:
    summary = read(release(header, BODY[language]), lexicon).summary
    source = summary["source"]
    assert (source["publisher"], source["published"], source["attribution_language"]) == (
        str(ID[publisher]),
        "2018-10-12",
        language,
    )
    # the publication date and the dateline's city are not the meeting's
    [meeting] = summary["meetings"]
    assert (meeting["start"], meeting["end"], meeting["place"]) == (
        "2018-10-09",
        "2018-10-10",
        str(ID["place/vienna"]),
    )


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("Persbericht Oostenrijks voorzitterschap – 12 oktober 2018", "nl"),
        ("Österreichischer Ratsvorsitz | Pressestelle | 12. Oktober 2018", "de"),
    ],
)
def test_a_header_in_another_language_than_the_text_is_read_in_its_own(
    lexicon: Lexicon, header: str, language: str
) -> None:
    source = read(release(header), lexicon).summary["source"]
    assert (source["publisher"], source["attribution_language"]) == (str(ID["presidency/2018-h2"]), language)


def test_a_header_naming_no_known_publisher_still_dates_the_text(lexicon: Lexicon) -> None:
    extraction = read(
        release("Federal Office of Migration – Press release – Vienna, 12 October 2018"), lexicon
    )
    [meeting] = extraction.summary["meetings"]
    assert (extraction.summary["source"]["published"], extraction.summary["source"]["publisher"]) == (
        "2018-10-12",
        None,
    )
    assert (meeting["start"], meeting["place"]) == ("2018-10-09", str(ID["place/vienna"]))
    assert any("not in the reference data" in w for w in extraction.warnings)


def test_a_header_spread_over_lines_set_apart_is_read_as_one(lexicon: Lexicon) -> None:
    source = read(
        release("European Commission\n\nStatement\n\nLuxembourg, 12 October 2018"), lexicon
    ).summary["source"]
    assert (source["publisher"], source["published"]) == (str(ID["org/european-commission"]), "2018-10-12")


@pytest.mark.parametrize("line", ["Luxembourg, 12 October 2018", "Luxembourg, Friday 12 October 2018 (BMI)"])
def test_a_dateline_alone_under_the_title_is_not_the_meetings_date_nor_place(
    lexicon: Lexicon, line: str
) -> None:
    body = "The EU-US senior officials meeting took place in Riga on 9 October 2018. Europol took part."
    summary = read(release(line, body), lexicon).summary
    [meeting] = summary["meetings"]
    assert (meeting["start"], meeting["place"], summary["source"]["published"]) == (
        "2018-10-09",
        str(ID["place/riga"]),
        None,
    )


def test_a_dateline_under_the_header_is_not_the_meeting_place(lexicon: Lexicon) -> None:
    body = "The EU-US senior officials meeting was held in Riga on 9 and 10 October 2018. Europol took part."
    summary = read(
        release("Council of the EU - Statement\nLuxembourg, 12 October 2018", body), lexicon
    ).summary
    [meeting] = summary["meetings"]
    assert meeting["place"] == str(ID["place/riga"])
    assert summary["source"]["published"] == "2018-10-12"


def test_a_footer_naming_an_agent_and_a_date_is_the_attribution_line(lexicon: Lexicon) -> None:
    text = (
        "EU-US senior officials review cooperation\n\n"
        f"{BODY['en']}\n\nEuropean Commission – Press office – 12 October 2018\n"
    )
    source = read(text, lexicon).summary["source"]
    assert (source["publisher"], source["published"]) == (str(ID["org/european-commission"]), "2018-10-12")


@pytest.mark.parametrize(
    "line",
    [
        # a body sentence: it says what happened (a cue), names a meeting, or ends as a sentence
        "The Commission met the Attorney General on 12 October 2018.",
        "EU-US ministerial meeting, Vienna, 12 October 2018",
        "The Commission published its report on 12 October 2018.",
        # a range is a meeting's time, not a publication date
        "European Commission, 9-10 October 2018",
    ],
)
def test_lines_that_are_not_attribution_lines(lexicon: Lexicon, line: str) -> None:
    source = read(release(line), lexicon).summary["source"]
    assert source["published"] is None


def test_an_unknown_first_part_of_a_header_leaves_the_publisher_to_the_agent_after_it(
    lexicon: Lexicon,
) -> None:
    header = "Latest news | U.S. Department of Homeland Security | October 12, 2018"
    source = read(release(header), lexicon).summary["source"]
    assert (source["publisher"], source["published"]) == (
        str(ID["org/us-department-of-homeland-security"]),
        "2018-10-12",
    )


# ---- a meeting reported without a meeting kind -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Experts of the EU and the US gathered in Lisbon on 3 May 2021. Europol took part.", "expert"),
        (
            "Deskundigen van de EU en de VS kwamen op 3 mei 2021 in Lissabon bijeen. Europol nam deel.",
            "expert",
        ),
        (
            "Des spécialistes de l'UE et des États-Unis se sont réunis à Lisbonne le 3 mai 2021. Europol a participé.",
            "expert",
        ),
        (
            "Am 3. Mai 2021 trafen sich in Lissabon Fachleute der EU und der USA. Europol nahm daran teil.",
            "expert",
        ),
        ("Ministers of the EU and the US met in Lisbon on 3 May 2021. Europol took part.", "ministerial"),
        (
            "A meeting at expert level of the EU and the US was held in Lisbon on 3 May 2021. Europol took part.",
            "expert",
        ),
        (
            "Am 3. Mai 2021 gab es in Lissabon ein Treffen von Fachleuten der EU und der USA. Europol nahm teil.",
            "expert",
        ),
    ],
)
def test_people_of_one_kind_of_meeting_who_met_report_that_meeting(
    lexicon: Lexicon, body: str, kind: str
) -> None:
    text = f"EU and US talk about crime\n\nEuropean Commission – Newsroom – 5 May 2021\n\n{body}\n"
    [meeting] = read(text, lexicon).summary["meetings"]
    assert (meeting["kind"], meeting["start"], meeting["place"], meeting["status"]) == (
        kind,
        "2021-05-03",
        str(ID["place/lisbon"]),
        "held",
    )


def test_people_who_did_not_meet_report_no_meeting(lexicon: Lexicon) -> None:
    body = "On 3 May 2021 experts of Europol published a report on ransomware in Lisbon."
    text = f"EU and US talk about crime\n\nEuropean Commission – Newsroom – 5 May 2021\n\n{body}\n"
    assert read(text, lexicon).summary["meetings"] == []


# ---- the meetings around the reported one ------------------------------------------------------------------

HEADER = "European Commission – Newsroom – 5 May 2021"
HELD = "The EU-US senior officials meeting took place in Lisbon on 3 May 2021. Europol took part."


def summary_of(body: str, lexicon: Lexicon) -> dict[str, Any]:
    return read(f"EU and US officials talk\n\n{HEADER}\n\n{HELD} {body}\n", lexicon).summary


@pytest.mark.parametrize(
    "sentence",
    [
        "Its findings will be taken to the EU-US ministerial meeting in Lisbon in June.",
        "De bevindingen worden meegenomen naar de ministeriële bijeenkomst EU-VS in Lissabon in juni.",
    ],
)
def test_what_a_meeting_hands_on_prepares_the_meeting_it_goes_to(lexicon: Lexicon, sentence: str) -> None:
    meeting, _ = summary_of(sentence, lexicon)["meetings"]
    [related] = meeting["related"]
    assert (related["relation"], related["id"]) == (
        "prepares",
        str(ID["meeting/2021-06-eu-us-jha-ministerial-lisbon"]),
    )


@pytest.mark.parametrize(
    ("sentence", "kind", "lacks"),
    [
        ("They agreed to meet in person in Washington next year.", "senior-officials", "month"),
        ("The next EU-US ministerial meeting will be held in Washington in 2022.", "ministerial", "month"),
        (
            "The next EU-US ministerial meeting will take place in Washington in the autumn.",
            "ministerial",
            "month",
        ),
        (
            "The officials prepared the EU-US ministerial meeting, which will take place in Riga.",
            "ministerial",
            "date",
        ),
    ],
)
def test_what_a_later_meeting_announced_without_its_day_lacks(
    lexicon: Lexicon, sentence: str, kind: str, lacks: str
) -> None:
    assert summary_of(sentence, lexicon)["not_asserted"] == [{"kind": kind, "start": None, "lacks": [lacks]}]


def test_a_meeting_announced_in_full_lacks_nothing_where_it_is_named_again(lexicon: Lexicon) -> None:
    body = (
        "The officials prepared the ministerial. The ministerial meeting will be held in Riga on 9 June 2021."
    )
    assert summary_of(body, lexicon)["not_asserted"] == []


def test_the_next_meeting_of_another_body_is_not_the_next_of_this_series(lexicon: Lexicon) -> None:
    summary = summary_of("Europol will report at the next meeting of the Counter Terrorism Group.", lexicon)
    [meeting] = summary["meetings"]
    assert (meeting["related"], summary["not_asserted"]) == ([], [])


def test_a_second_meeting_at_the_same_place_takes_the_first_ones_place(lexicon: Lexicon) -> None:
    body = "\n\nOn 4 May 2021, an EU-US expert meeting on firearms was held at the same venue. Eurojust took part."
    first, second = summary_of(body, lexicon)["meetings"]
    assert (second["kind"], second["start"], second["place"]) == ("expert", "2021-05-04", first["place"])


@pytest.mark.parametrize(
    "sentence",
    [
        "They discussed the Budapest Convention.",
        "They discussed the second protocol to the Convention of Budapest.",
        "They discussed the Dublin Regulation.",
    ],
)
def test_a_city_in_the_name_of_an_instrument_is_no_place(lexicon: Lexicon, sentence: str) -> None:
    body = f"The EU-US senior officials meeting took place on 3 May 2021. {sentence} Europol took part in Lisbon."
    text = f"EU and US officials talk\n\n{HEADER}\n\n{body}\n"
    [meeting] = read(text, lexicon).summary["meetings"]
    assert meeting["place"] == str(ID["place/lisbon"])


def test_a_meeting_held_entirely_online_has_no_place(lexicon: Lexicon) -> None:
    body = "The EU-US senior officials meeting on 3 May 2021 was held entirely online. Europol took part."
    [meeting] = read(f"EU and US officials in Lisbon\n\n{HEADER}\n\n{body}\n", lexicon).summary["meetings"]
    assert (meeting["place"], meeting["attendance"]) == (None, "online")


@pytest.mark.parametrize(
    "sentence",
    [
        "It was hosted by the Federal Office of Migration, which chaired it on behalf of the Presidency.",
        "Gastgeber war das Bundesamt für Migration, das das Treffen im Namen des Ratsvorsitzes leitete.",
    ],
)
def test_a_host_unknown_to_the_data_acting_for_the_presidency_makes_the_presidency_host(
    lexicon: Lexicon, sentence: str
) -> None:
    summary = summary_of(sentence, lexicon)
    assert summary["meetings"][0]["host"] == str(ID["presidency/2021-h1"])


@pytest.mark.parametrize(
    ("body", "start"),
    [
        ("The EU-US senior officials meeting took place in Lisbon today. Europol took part.", "2021-05-05"),
        ("Gestern trafen sich in Lissabon Fachleute der EU und der USA. Europol nahm teil.", "2021-05-04"),
    ],
)
def test_a_day_named_relative_to_the_publication_dates_the_meeting(
    lexicon: Lexicon, body: str, start: str
) -> None:
    [meeting] = read(f"EU and US talk\n\n{HEADER}\n\n{body}\n", lexicon).summary["meetings"]
    assert (meeting["start"], meeting["status"]) == (start, "held")


def test_today_in_an_announcement_does_not_date_the_meeting_announced(lexicon: Lexicon) -> None:
    body = "The Presidency announced today that the next EU-US ministerial meeting will take place in Riga."
    summary = read(f"EU and US talk\n\n{HEADER}\n\n{body}\n", lexicon).summary
    assert (summary["meetings"], summary["not_asserted"]) == (
        [],
        [{"kind": "ministerial", "start": None, "lacks": ["date"]}],
    )
