"""Phrase classes the ingest reads since the held-out texts h1-h9 (now 36-44) showed them missing (issue 11).

Each test writes its own release in the phrase class, not the held-out sentence, and asserts on the
summary ``extract`` gives.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon
from graph.ingest.dates import DateFinder
from graph.ingest.tables import load_tables
from graph.namespaces import ID

DUTCH = (
    "Met dank overgenomen van Sloveens voorzitterschap Europese Unie 2e helft 2021 "
    "(Sloveens voorzitterschap) i, gepubliceerd op vrijdag 17 december 2021."
)
SOM = "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021."


def _participants(summary: dict[str, object], index: int = 0) -> dict[str, tuple[str, str]]:
    meetings = summary["meetings"]
    assert isinstance(meetings, list)
    return {p["id"].rsplit("/", 1)[-1]: (p["role"], p["basis"]) for p in meetings[index]["participants"]}


def _topics(summary: dict[str, object]) -> set[str]:
    meetings = summary["meetings"]
    assert isinstance(meetings, list)
    return {t["id"].rsplit("/", 1)[-1] for t in meetings[0]["topics"]}


@pytest.mark.parametrize(
    "sentence",
    [
        "Both sides looked forward to the ministerial meeting planned in Washington in June 2022.",
        "Officials discussed the ministerial meeting, scheduled for June 2022 in Washington.",
        "Les participants ont évoqué la réunion ministérielle prévue à Washington en juin 2022.",
    ],
)
def test_a_meeting_announced_by_the_participle_after_it_is_the_next_meeting(
    lexicon: Lexicon, sentence: str
) -> None:
    extraction = read(press_release(f"{SOM} Europol took part.\n\n{sentence}"), lexicon)
    reported, announced = extraction.summary["meetings"]
    assert reported["id"] == str(ID["meeting/2021-12-15-eu-us-jha-senior-officials-ljubljana"])
    assert announced["id"] == str(ID["meeting/2022-06-eu-us-jha-ministerial-washington-dc"])
    assert announced["status"] == "planned"
    assert [r["relation"] for r in reported["related"]] == ["next"]


def test_a_participation_cue_about_others_leaves_the_host_inferred(lexicon: Lexicon) -> None:
    body = (
        "Officials from the European Union and the United States gathered in Ljubljana on 15 December 2021 "
        "for their senior officials meeting, hosted by the Slovenian Presidency. Europol attended."
    )
    assert _participants(read(press_release(body), lexicon).summary) == {
        "2021-h2": ("presidency", "inferred"),
        "europol": ("delegation", "stated"),
    }


def test_a_participation_cue_about_the_host_itself_states_it(lexicon: Lexicon) -> None:
    body = (
        f"{SOM} Ministers of Slovenia, on behalf of the Presidency, welcomed the US delegation. "
        "The meeting was hosted by Europol, which was represented by its Executive Director."
    )
    assert _participants(read(press_release(body), lexicon).summary) == {
        "2021-h2": ("presidency", "stated"),
        "europol": ("host", "stated"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "The Slovenian Interior Minister, representing the Presidency, spoke with Europol on migration.",
        "The Slovenian Presidency, accompanied by Europol, spoke for the EU.",
    ],
)
def test_representing_and_accompanied_by_name_participants(lexicon: Lexicon, sentence: str) -> None:
    participants = _participants(read(press_release(f"{SOM}\n\n{sentence}"), lexicon).summary)
    assert participants == {"2021-h2": ("presidency", "stated"), "europol": ("delegation", "stated")}


def test_names_sharing_their_last_words_are_both_read(lexicon: Lexicon) -> None:
    body = (
        "De bijeenkomst van hoge ambtenaren EU-VS vond plaats op 15 december 2021 in Ljubljana.\n\n"
        "Het Sloveense voorzitterschap en het Raadssecretariaat vertegenwoordigden de EU; de Amerikaanse "
        "delegatie bestond uit vertegenwoordigers van het ministerie van Justitie en het ministerie van "
        "Binnenlandse Veiligheid van de Verenigde Staten."
    )
    participants = _participants(read(press_release(body, attribution=DUTCH), lexicon).summary)
    assert participants == {
        "2021-h2": ("presidency", "stated"),
        "general-secretariat-of-the-council": ("delegation", "stated"),
        "us-department-of-justice": ("delegation", "stated"),
        "us-department-of-homeland-security": ("delegation", "stated"),
    }


def test_a_conjunction_between_unrelated_names_reads_nothing_more(lexicon: Lexicon) -> None:
    body = f"{SOM} Justice and the Department of Homeland Security took part."
    assert _participants(read(press_release(body), lexicon).summary) == {
        "us-department-of-homeland-security": ("delegation", "stated"),
    }


def test_words_of_a_topic_already_named_make_no_other(lexicon: Lexicon) -> None:
    body = (
        f"{SOM} Europol took part. Officials discussed judicial cooperation in criminal matters and law "
        "enforcement access to encrypted data."
    )
    topics = _topics(read(press_release(body), lexicon).summary)
    assert topics == {"judicial-cooperation-in-criminal-matters", "law-enforcement-access-to-data"}


def test_exchanging_information_on_a_subject_is_discussing_it(lexicon: Lexicon) -> None:
    body = f"{SOM} Europol took part. Officials exchanged information on radicalisation."
    assert _topics(read(press_release(body), lexicon).summary) == {"radicalisation"}


# ---- found by the tuning texts 45-47 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "begin", "finish"),
    [
        ("on 12/13 June 2023", "2023-06-12", "2023-06-13"),
        ("on the 12th and 13th of June 2023", "2023-06-12", "2023-06-13"),
        ("on the 3rd of March 2023", "2023-03-03", None),
        ("on 3 March, 2023", "2023-03-03", None),
    ],
)
def test_dates_with_a_slash_of_and_a_comma(written: str, begin: str, finish: str | None) -> None:
    [found] = DateFinder(load_tables()).find(written, reference=dt.date(2025, 1, 1))
    assert (found.begin.iso, found.finish.iso if found.finish else None) == (begin, finish)


def test_a_press_release_number_is_no_slashed_range() -> None:
    found = DateFinder(load_tables()).find("Press release 312/22, 7 March 2022")
    assert [(d.begin.iso, d.finish) for d in found] == [("2022-03-07", None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Slovenian Presidency chaired the meeting with Europol.",
        "The Slovenian Interior Minister, acting for the Presidency, spoke with an official of Europol.",
        "A representative of Europol briefed the Slovenian Presidency, which presided over the meeting.",
    ],
)
def test_chairing_acting_for_and_officials_of_name_participants(lexicon: Lexicon, sentence: str) -> None:
    participants = _participants(read(press_release(f"{SOM}\n\n{sentence}"), lexicon).summary)
    assert participants == {"2021-h2": ("presidency", "stated"), "europol": ("delegation", "stated")}


def test_experts_of_an_organisation_in_french_take_part(lexicon: Lexicon) -> None:
    body = (
        "Le 15 décembre 2021, une réunion d'experts UE-États-Unis s'est tenue à Ljubljana avec des experts "
        "d'Europol et du FBI."
    )
    participants = _participants(read(press_release(body, attribution=DUTCH), lexicon).summary)
    assert participants == {"europol": ("delegation", "stated"), "fbi": ("delegation", "stated")}


@pytest.mark.parametrize(
    "how",
    ["by video link", "in a virtual format", "remotely", "online", "by teleconference"],
)
def test_more_ways_of_saying_a_meeting_was_held_online(lexicon: Lexicon, how: str) -> None:
    body = f"The EU-US senior officials meeting was held {how} on 15 December 2021. Europol took part."
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    assert (meeting["attendance"], meeting["place"]) == ("online", None)


def test_a_presidency_named_with_the_union_written_out(lexicon: Lexicon) -> None:
    line = "Source: Slovenian Presidency of the Council of the European Union. Published on 17 December 2021."
    body = f"{SOM} The Slovenian Presidency of the Council of the European Union took part."
    summary = read(press_release(body, attribution=line), lexicon).summary
    assert summary["source"]["publisher"] == str(ID["presidency/2021-h2"])
    assert _participants(summary) == {"2021-h2": ("presidency", "stated")}


def test_a_topic_of_the_title_goes_to_the_meeting_the_body_gives_it(lexicon: Lexicon) -> None:
    body = (
        f"{SOM} Europol took part. Officials discussed migration.\n\n"
        "On 16 December 2021, an EU-US expert meeting was held in Ljubljana with experts from the FBI. "
        "The experts discussed ransomware."
    )
    title = "EU and US senior officials and ransomware experts meet in Ljubljana"
    meetings = read(press_release(body, title=title), lexicon).summary["meetings"]
    topics = [{t["id"].rsplit("/", 1)[-1] for t in m["topics"]} for m in meetings]
    assert topics == [{"migration"}, {"ransomware"}]


# ---- found by the tuning text 48, and people named by an office ---------------------------------------


GERMAN = (
    "Mit Dank übernommen vom slowenischen Ratsvorsitz (Slowenischer Ratsvorsitz) i, veröffentlicht am "
    "Freitag, 17. Dezember 2021."
)


def test_a_german_day_range_with_dots_is_one_sentence_and_one_date(lexicon: Lexicon) -> None:
    body = (
        "Das Treffen hoher Beamter der EU und der USA fand am 14./15. Dezember 2021 in Ljubljana statt. "
        "Den Vorsitz führte der slowenische Ratsvorsitz; ein Vertreter des US-Justizministeriums nahm teil."
    )
    [meeting] = read(press_release(body, attribution=GERMAN), lexicon).summary["meetings"]
    assert (meeting["start"], meeting["end"]) == ("2021-12-14", "2021-12-15")
    assert meeting["place"] == str(ID["place/ljubljana"])
    assert _participants({"meetings": [meeting]}) == {
        "2021-h2": ("presidency", "stated"),
        "us-department-of-justice": ("delegation", "stated"),
    }


@pytest.mark.parametrize(
    ("sentence", "attribution"),
    [
        ("The Director of the FBI presented the Bureau's work on ransomware.", None),
        ("The FBI Director presented the Bureau's work on ransomware.", None),
        ("Le directeur du FBI a présenté les travaux du Bureau sur les rançongiciels.", None),
        ("Der Direktor des FBI stellte die Arbeit des Büros vor.", GERMAN),
    ],
)
def test_a_person_named_by_an_office_of_an_organisation_takes_part(
    lexicon: Lexicon, sentence: str, attribution: str | None
) -> None:
    summary = read(press_release(f"{SOM}\n\n{sentence}", attribution=attribution), lexicon).summary
    assert _participants(summary) == {"fbi": ("delegation", "stated")}


def test_an_office_of_another_body_names_no_participant(lexicon: Lexicon) -> None:
    body = f"{SOM} Eurojust took part.\n\nThe Director presented the cooperation of the FBI with Europol."
    assert _participants(read(press_release(body), lexicon).summary) == {"eurojust": ("delegation", "stated")}


# ---- found by the tuning text 49 ------------------------------------------------------------------------


def test_will_meet_again_after_a_meeting_kind_announces_the_next_meeting(lexicon: Lexicon) -> None:
    body = f"{SOM} Europol took part.\n\nSenior officials will meet again in Stockholm in March 2022."
    reported = read(press_release(body), lexicon).summary["meetings"][0]
    assert reported["related"] == [
        {
            "id": str(ID["meeting/2022-03-eu-us-jha-senior-officials-stockholm"]),
            "label": "Senior officials",
            "relation": "next",
        }
    ]


def test_being_determined_to_act_is_a_commitment(lexicon: Lexicon) -> None:
    body = f"{SOM} Europol took part. The EU and the US are determined to stop the smuggling of migrants."
    [statement] = read(press_release(body), lexicon).summary["meetings"][0]["statements"]
    assert (statement["kind"], statement["holders"]) == ("commitment", [])
