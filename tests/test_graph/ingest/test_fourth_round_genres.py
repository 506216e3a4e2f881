"""Genres the blind texts h21-h36 (now corpus 71-86) showed missing (issue 11, fourth round).

Each test writes its own release in the phrase class, not the corpus sentence, and asserts on what
``extract`` really gives.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import press_release, read, union
from rdflib import URIRef

from graph.ingest import Lexicon
from graph.ingest.commit import IngestValidator
from graph.ingest.dates import DateFinder
from graph.ingest.tables import load_tables
from graph.namespaces import EUUS, ID

# ---- release headers (their cases are in test_blind_round_genres.py) --------------------------------------


@pytest.mark.parametrize("text", ["Council document 368/17 of 1.2 pages", "items 12/10/20"])
def test_numbers_are_not_numeric_dates(text: str) -> None:
    assert DateFinder(load_tables()).numeric(text) is None


# ---- dates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("held May 14–15 in Dublin", "2013-05-14", "2013-05-15"),
        ("On Tuesday and Wednesday, April 9 and 10, the officials met", "2013-04-09", "2013-04-10"),
        ("met on June 2-3, 2016 in Amsterdam", "2016-06-02", "2016-06-03"),
        ("on December 8 and 9, 2012", "2012-12-08", "2012-12-09"),
    ],
)
def test_us_style_ranges_with_and_without_year(text: str, start: str, end: str) -> None:
    [found] = DateFinder(load_tables()).find(text, reference=dt.date(2013, 5, 16))
    assert (found.begin.iso, found.finish.iso if found.finish else None) == (start, end)


# ---- the incoming presidency -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Romania, next in line to hold the Presidency, sent a representative.",
        "The EU delegation included representatives of Romania, which will hold the Presidency from January.",
        "The Romanian Minister of Justice took part ahead of his country's Presidency.",
    ],
)
def test_phrases_naming_the_next_presidency(lexicon: Lexicon, sentence: str) -> None:
    body = f"The EU-US senior officials meeting was held in Vienna on 10 October 2018. {sentence}"
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    roles = {(str(p["id"]), p["role"]) for p in meeting["participants"]}
    assert (str(ID["presidency/2019-h1"]), "incoming-presidency") in roles


def test_dutch_verb_last_names_the_next_presidency(lexicon: Lexicon) -> None:
    body = (
        "De EU-VS-bijeenkomst van hoge ambtenaren vond op 10 oktober 2018 plaats in Wenen. Ook Roemenië, dat "
        "op 1 januari 2019 het voorzitterschap van de Raad overneemt, was aanwezig."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    roles = {(str(p["id"]), p["role"]) for p in meeting["participants"]}
    assert (str(ID["presidency/2019-h1"]), "incoming-presidency") in roles


@pytest.mark.parametrize(
    ("sentence", "participant"),
    [
        ("Eurojust sent a representative.", True),
        ("Eurojust, which had been invited, was unable to send a representative.", False),
        ("Eurojust, which was not present, will be consulted.", False),
    ],
)
def test_sending_a_representative_or_being_unable_to(
    lexicon: Lexicon, sentence: str, participant: bool
) -> None:
    body = f"The EU-US senior officials meeting was held in Vienna on 10 October 2018. Europol took part. {sentence}"
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    eurojust = str(ID["org/eurojust"])
    assert (eurojust in {str(p["id"]) for p in meeting["participants"]}) is participant
    assert (eurojust in {str(m) for m in meeting["mentions"]}) is not participant


# ---- topics (the cases of topics named by concept are in test_genres_of_issue_11.py) ------------------------


def test_a_topic_inside_the_name_of_an_office_or_committee_is_not_discussed(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. The Vice-President of "
        "the European Commission responsible for Justice, Fundamental Rights and Citizenship, the Coordinator "
        "for Counterterrorism and Europol took part. The Presidency will report to the Standing Committee on "
        "Operational Cooperation on Internal Security. Officials discussed ransomware."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    assert {t["id"] for t in meeting["topics"]} == {str(ID["topic/ransomware"])}


def test_dutch_propaganda_against_internet_companies(lexicon: Lexicon) -> None:
    body = (
        "De EU-VS-bijeenkomst van hoge ambtenaren vond op 15 december 2021 plaats in Ljubljana. Europol nam deel. "
        "Beide partijen werken samen met internetbedrijven tegen terroristische propaganda."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    assert str(ID["topic/terrorist-content-online"]) in {t["id"] for t in meeting["topics"]}


# ---- statements --------------------------------------------------------------------------------------------

MEETING = "The EU-US ministerial meeting was held in Valletta on 15 June 2017. Europol took part."


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("We reaffirm our determination to fight terrorism.", "position"),
        ("We agree to exchange information on explosives.", "agreement"),
        ("We commit to work towards visa reciprocity.", "commitment"),
    ],
)
def test_first_person_joint_statements_have_no_single_holder(
    lexicon: Lexicon, sentence: str, kind: str
) -> None:
    [meeting] = read(press_release(f"{MEETING}\n\n{sentence}"), lexicon).summary["meetings"]
    [statement] = meeting["statements"]
    assert (statement["kind"], statement["holders"]) == (kind, [])


def test_a_sentence_announcing_the_joint_statement_is_not_one(lexicon: Lexicon) -> None:
    body = (
        f"{MEETING} At the end of the meeting, the participants adopted the following joint statement.\n\n"
        "We agree to exchange information on explosives."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    assert [s["quote"] for s in meeting["statements"]] == ["We agree to exchange information on explosives."]


def test_a_dutch_singular_commitment(lexicon: Lexicon) -> None:
    body = (
        "De EU-VS-ministeriële bijeenkomst vond op 15 juni 2017 plaats in Valletta. Europol nam deel. "
        "De Attorney General zegde toe zich in te zetten voor de Judicial Redress Act."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    [statement] = meeting["statements"]
    assert statement["kind"] == "commitment"
    assert [str(h) for h in statement["holders"]] == [str(ID["org/us-department-of-justice"])]


# ---- a meeting prepared by another -------------------------------------------------------------------------

ANNOUNCEMENT = (
    "Austrian Presidency to host EU-US Justice and Home Affairs Ministerial in Vienna in November",
    "The next EU-US Justice and Home Affairs Ministerial Meeting will take place in Vienna in November 2018, "
    "the Austrian Presidency announced today. Romania, which takes over the Presidency on 1 January 2019, will "
    "also be represented. The Attorney General will attend.\n\n"
    "The ministerial meeting was prepared by EU and US senior officials, who met in Brussels on 10-11 "
    "September 2018. Europol took part.",
)


def test_a_passive_preparation_links_the_earlier_meeting_to_the_announced_one(
    lexicon: Lexicon, validator: IngestValidator
) -> None:
    title, body = ANNOUNCEMENT
    header = "Austrian Presidency of the Council of the European Union – Press Office\nVienna, 12.10.2018"
    extraction = read(press_release(body, title=title, attribution=header), lexicon)
    meetings = {m["kind"]: m for m in extraction.summary["meetings"]}
    ministerial, officials = meetings["ministerial"], meetings["senior-officials"]
    # the presidency's start (1 January 2019) is not the ministerial's date
    assert (ministerial["start"], ministerial["status"]) == ("2018-11", "planned")
    assert ministerial["related"] == []
    assert (officials["start"], officials["status"]) == ("2018-09-10", "held")
    assert [(r["relation"], r["id"]) for r in officials["related"]] == [("prepares", ministerial["id"])]
    incoming = [p["id"] for p in ministerial["participants"] if p["role"] == "incoming-presidency"]
    assert incoming == [str(ID["presidency/2019-h1"])]
    [report] = validator.validate([extraction])
    assert report.conforms, [v.message for v in report.violations]
    assert (URIRef(officials["id"]), EUUS.prepares, URIRef(ministerial["id"])) in union(extraction)


# ---- the next meeting --------------------------------------------------------------------------------------

HELD_IN_MARCH = "The EU-US senior officials meeting was held in Prague on 10 March 2009. Europol took part."
PUBLISHED_IN_MARCH = (
    "Met dank overgenomen van Tsjechisch voorzitterschap Europese Unie 1e helft 2009 (Tsjechisch "
    "voorzitterschap) i, gepubliceerd op dinsdag 17 maart 2009."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The next EU-US senior officials meeting will take place in Washington in October.",
        "They agreed to meet again in October.",
    ],
)
def test_a_next_meeting_in_a_month_without_year_is_the_first_after_publication(
    lexicon: Lexicon, sentence: str
) -> None:
    body = f"{HELD_IN_MARCH} {sentence}"
    meetings = read(press_release(body, attribution=PUBLISHED_IN_MARCH), lexicon).summary["meetings"]
    [reported, following] = meetings
    assert [(r["relation"], r["id"]) for r in reported["related"]] == [("next", following["id"])]
    # October 2008 is nearer to March 2009, but a next meeting is not in the past
    assert (following["kind"], following["start"], following["status"]) == (
        "senior-officials",
        "2009-10",
        "planned",
    )


def test_a_next_meeting_without_a_time_is_not_asserted_and_says_so(lexicon: Lexicon) -> None:
    body = f"{HELD_IN_MARCH} Our next meeting will take place in Washington."
    summary = read(press_release(body, attribution=PUBLISHED_IN_MARCH), lexicon).summary
    [reported] = summary["meetings"]
    assert [(r["relation"], r["id"]) for r in reported["related"]] == [("next", None)]
    assert summary["not_asserted"] == [{"kind": "senior-officials", "start": None, "lacks": ["date"]}]


def test_a_host_named_by_its_office_is_inferred_to_take_part(lexicon: Lexicon) -> None:
    body = (
        "The EU-US ministerial meeting was held in Washington on 5 December 2018. The Attorney General hosted "
        "the meeting. Europol took part."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    bases = {str(p["id"]).rsplit("/", 1)[-1]: (p["role"], p["basis"]) for p in meeting["participants"]}
    assert bases == {"us-department-of-justice": ("host", "inferred"), "europol": ("delegation", "stated")}


def test_a_paragraph_opening_with_the_other_meetings_place_is_about_that_meeting(
    lexicon: Lexicon,
) -> None:
    title, body = ANNOUNCEMENT
    body += (
        "\n\nIn Brussels, the officials discussed ransomware. They agreed to set up a working group.\n\n"
        "In Vienna, ministers are expected to discuss migrant smuggling."
    )
    header = "Austrian Presidency of the Council of the European Union – Press Office\nVienna, 12.10.2018"
    meetings = read(press_release(body, title=title, attribution=header), lexicon).summary["meetings"]
    by_kind = {m["kind"]: m for m in meetings}
    topics = {k: {t["id"].rsplit("/", 1)[-1] for t in m["topics"]} for k, m in by_kind.items()}
    assert topics == {"senior-officials": {"ransomware"}, "ministerial": {"migrant-smuggling"}}
    assert [s["kind"] for s in by_kind["senior-officials"]["statements"]] == ["agreement"]
    assert by_kind["ministerial"]["statements"] == []


def test_a_body_represented_by_its_directorate_general_is_not_itself_a_participant(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting was held in Vienna on 10 October 2018. The Commission was "
        "represented by its Directorate-General for Migration and Home Affairs."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    assert [p["id"] for p in meeting["participants"]] == [str(ID["org/dg-migration-and-home-affairs"])]
    assert meeting["mentions"] == []


def test_a_plural_head_names_each_department_after_it(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting was held in Vienna on 10 October 2018. The US delegation included "
        "officials from the Departments of Justice and State."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    assert {p["id"] for p in meeting["participants"]} == {
        str(ID["org/us-department-of-justice"]),
        str(ID["org/us-department-of-state"]),
    }
