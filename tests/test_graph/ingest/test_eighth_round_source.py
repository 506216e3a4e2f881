"""The source and frame of a meeting, as the blind texts h117-h161 (now corpus 167-211) showed them missing.

Issue 11, eighth round: header lines of publishers the reference data does not know (parliament letters,
ministry news pages), a meeting's day named by its weekday, dates of another body's meeting (a Council
report's title), a programme's day headings, a title that announces its meeting, a gathering before a kind
named later, hosts named by a noun and a copula, units named in header parts, another body that "will meet
again". Each test writes its own short release (no corpus sentence) and asserts on what ``extract`` gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon
from graph.namespaces import ID

MET = "Experts of the EU and the US met in Lisbon on 3 May 2022. Europol took part."


def _meetings(lexicon: Lexicon, text: str) -> list[dict]:
    return read(text, lexicon).summary["meetings"]


def _local(iri: str | None) -> str | None:
    return iri.removeprefix(str(ID)) if iri else None


# ---- attribution lines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published", "language"),
    [
        ("Letter to Parliament | 12-05-2022 | Ministry of Safety", "2022-05-12", "en"),
        ("FOD Financiën – Nieuws – 12/05/2022", "2022-05-12", "nl"),
        ("Interview mit dem Innenminister, erschienen am 12. Mai 2022", "2022-05-12", "de"),
        ("Délégation de l'UE – Actualités – publié le 12 mai 2022", "2022-05-12", "fr"),
    ],
)
def test_a_dated_header_line_naming_an_unknown_publisher_attributes(
    lexicon: Lexicon, line: str, published: str, language: str
) -> None:
    source = read(press_release(MET, attribution=line), lexicon).summary["source"]
    assert (source["published"], source["attribution_language"]) == (published, language)


def test_a_place_and_a_date_stay_a_dateline(lexicon: Lexicon) -> None:
    source = read(press_release(MET, attribution="Lisbon, Friday 6 May 2022"), lexicon).summary["source"]
    assert source["published"] is None


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        (
            "Council of the European Union – General Secretariat – Brussels, 6 May 2022",
            "org/general-secretariat-of-the-council",
        ),
        (
            "European Commission – Directorate-General for Migration and Home Affairs – 6 May 2022",
            "org/dg-migration-and-home-affairs",
        ),
    ],
)
def test_a_header_part_names_the_publishing_unit(lexicon: Lexicon, line: str, publisher: str) -> None:
    source = read(press_release(MET, attribution=line), lexicon).summary["source"]
    assert _local(source["publisher"]) == publisher


# ---- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "start", "end"),
    [
        ("On Wednesday, experts of the EU and the US met in Lisbon. Europol took part.", "2022-05-04", None),
        (
            "I spent Monday and Tuesday this week in Lisbon at the EU-US expert meeting. Europol took part.",
            "2022-05-02",
            "2022-05-03",
        ),
        (
            "EU and US experts will meet in Lisbon on Thursday for the EU-US expert meeting. Europol takes part.",
            "2022-05-12",
            None,
        ),
    ],
)
def test_a_weekday_alone_is_counted_from_the_publication(
    lexicon: Lexicon, body: str, start: str, end: str | None
) -> None:
    header = "Europol – Newsroom – Friday 6 May 2022"
    [meeting] = _meetings(lexicon, press_release(body, attribution=header))
    assert (meeting["start"], meeting["end"]) == (start, end)


def test_the_announced_month_beats_the_day_of_the_announcement(lexicon: Lexicon) -> None:
    body = "EU and US ministers will meet in Lisbon in June for the EU-US ministerial meeting, Europol said on Monday."
    [meeting] = _meetings(lexicon, press_release(body, attribution="Europol – Newsroom – 6 May 2022"))
    assert meeting["start"] == "2022-06"


def test_a_date_of_one_sides_business_is_not_the_meetings(lexicon: Lexicon) -> None:
    text = press_release(
        "The Council met in Luxembourg on 9 and 10 June 2022. The Presidency reported on the EU-US senior "
        "officials meeting held in Lisbon on 2 and 3 June; the Commission and the Department of Justice took part.",
        title="Report of the Council meeting, Luxembourg, 9-10 June 2022",
        attribution="Europol – Newsroom – 14 June 2022",
    )
    [meeting] = _meetings(lexicon, text)
    assert (meeting["start"], _local(meeting["place"])) == ("2022-06-02", "place/lisbon")


def test_the_meeting_named_with_both_sides_is_the_reported_one(lexicon: Lexicon) -> None:
    text = press_release(
        "The EU-Western Balkans Ministerial Forum met in Tirana on 2 June 2022. The EU-US Ministerial Meeting "
        "was held in Lisbon on 9 June 2022; the Commission and the Department of Justice took part.",
        title="Report of the Presidency",
        attribution="Europol – Newsroom – 30 June 2022",
    )
    assert [m["start"] for m in _meetings(lexicon, text)][:1] == ["2022-06-09"]


def test_a_programmes_day_heading_dates_the_item_under_it(lexicon: Lexicon) -> None:
    text = press_release(
        "Lundi 9 mai\n10h00 – Conseil des ministres.\n\nMardi 10 mai\n"
        "09h00 – Ouverture de la réunion d'experts UE–États-Unis, Lisbonne. Europol y participe.",
        title="Agenda du ministre",
        attribution="SPF Intérieur – publié le 6 mai 2022",
    )
    [meeting] = _meetings(lexicon, text)
    assert meeting["start"] == "2022-05-10"


# ---- finding the reported meeting --------------------------------------------------------------------------


def test_a_title_announcing_its_meeting_is_the_reported_one(lexicon: Lexicon) -> None:
    text = press_release(
        "Next week, on 12 and 13 May, senior officials of the EU and the US will meet in Lisbon. "
        "The Commission will be represented by senior officials.",
        title="Upcoming: EU-US Senior Officials Meeting, Lisbon",
        attribution="Europol – Newsroom – 6 May 2022",
    )
    [meeting] = _meetings(lexicon, text)
    assert (meeting["kind"], meeting["start"], meeting["status"]) == (
        "senior-officials",
        "2022-05-12",
        "planned",
    )


def test_a_gathering_before_a_later_kind_is_the_reported_meeting(lexicon: Lexicon) -> None:
    text = press_release(
        "Am 3. und 4. Mai 2022 sind in Lissabon die hohen Beamten der EU und der USA zusammengetroffen. "
        "Europol nahm teil.\n\nDie USA wollen ihre Zusagen vor dem Ministertreffen erläutern.",
        title="Hohe Beamte der EU und der USA beraten in Lissabon",
        attribution="Europol – Newsroom – 6. Mai 2022",
    )
    assert _meetings(lexicon, text)[0]["kind"] == "senior-officials"


def test_another_body_meeting_again_is_no_next_meeting(lexicon: Lexicon) -> None:
    text = press_release(f"{MET}\n\nThe Schengen Forum will meet again in mid-June.")
    [meeting] = _meetings(lexicon, text)
    assert meeting["related"] == []


# ---- hosts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "host"),
    [
        ("Europol was gastheer van de bijeenkomst.", "org/europol"),
        ("Gastgeber war das amerikanische Justizministerium.", "org/us-department-of-justice"),
    ],
)
def test_a_host_named_by_a_noun_and_a_copula(lexicon: Lexicon, sentence: str, host: str) -> None:
    [meeting] = _meetings(lexicon, press_release(f"{MET} {sentence}"))
    assert _local(meeting["host"]) == host
