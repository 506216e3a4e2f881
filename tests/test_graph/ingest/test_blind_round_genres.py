"""Genres the first blind round of issue 11 showed (corpus 60-70): release headers, dates, participants."""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon
from graph.ingest.dates import DateFinder
from graph.ingest.tables import load_tables
from graph.namespaces import ID

BODY = "The EU-US senior officials meeting was held in Vienna on 10 October 2018. Europol took part."

# ---- release headers: publisher and date, also over several lines ------------------------------------------


@pytest.mark.parametrize(
    ("header", "publisher", "published"),
    [
        (
            "Council of the EU\nPress release\n847/21\n20 November 2021 09:00",
            "org/council-of-the-eu",
            "2021-11-20",
        ),
        (
            "Department of Justice\nOffice of Public Affairs\nFOR IMMEDIATE RELEASE\nFriday, September 27, 2013",
            "org/us-department-of-justice",
            "2013-09-27",
        ),
        (
            "U.S. Department of Homeland Security | Office of Public Affairs | Release Date: November 17, 2017",
            "org/us-department-of-homeland-security",
            "2017-11-17",
        ),
        (
            "News article | 30 April 2020 | Directorate-General for Migration and Home Affairs",
            "org/dg-migration-and-home-affairs",
            "2020-04-30",
        ),
        (
            "Posted on 24 May 2013 by the Irish Presidency of the Council of the European Union",
            "presidency/2013-h1",
            "2013-05-24",
        ),
        (
            "News release from the European Union Drugs Agency - 14 February 2025",
            "org/eu-drugs-agency",
            "2025-02-14",
        ),
        (
            "Communique by the Luxembourg Presidency of the Council of the EU, 26 October 2015",
            "presidency/2015-h2",
            "2015-10-26",
        ),
        # fourth blind round: the Council's PRESSE and 'Statements and remarks' headers, Daily News, a press office
        (
            "COUNCIL OF THE EUROPEAN UNION\nPRESS RELEASE\n15020/18\nPRESSE 612\nVienna, 12 October 2018",
            "org/council-of-the-eu",
            "2018-10-12",
        ),
        (
            "Council of the EU\nStatements and remarks\n601/18\n12/10/2018",
            "org/council-of-the-eu",
            "2018-10-12",
        ),
        ("European Commission - Daily News, 12 October 2018", "org/european-commission", "2018-10-12"),
        (
            "Austrian Presidency of the Council of the European Union – Press Office\nVienna, 12.10.2018",
            "presidency/2018-h2",
            "2018-10-12",
        ),
    ],
)
def test_release_headers_give_publisher_and_date(
    lexicon: Lexicon, header: str, publisher: str, published: str
) -> None:
    extraction = read(press_release(BODY, attribution=header), lexicon)
    source = extraction.summary["source"]
    assert (source["publisher"], source["published"]) == (str(ID[publisher]), published)
    # the header's date is the publication's, not the meeting's
    assert extraction.summary["meetings"][0]["start"] == "2018-10-10"


def test_a_header_does_not_run_into_the_body(lexicon: Lexicon) -> None:
    text = (
        "EU and US officials meet\n\nDepartment of Justice\nOffice of Public Affairs\n\n"
        "The EU-US senior officials meeting was held in Vienna on 10 October 2018.\nEuropol took part.\n"
    )
    source = read(text, lexicon).summary["source"]
    assert source["published"] is None


# ---- dates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month"),
    [("at Dublin Castle in June, as", "2013-06"), ("en juin", "2013-06"), ("in December.", "2012-12")],
)
def test_a_month_alone_after_in_takes_the_year_nearest_the_publication(text: str, month: str) -> None:
    [found] = DateFinder(load_tables()).find(text, reference=dt.date(2013, 1, 24))
    assert (found.begin.iso, found.finish, text[found.start : found.end]) == (month, None, found.text)
    assert found.text.lower() in {"june", "juin", "december"}


@pytest.mark.parametrize("text", ["the June meeting", "May we meet", "a march in Brussels"])
def test_a_month_word_without_an_opener_is_not_a_month_alone(text: str) -> None:
    assert DateFinder(load_tables()).find(text, reference=dt.date(2013, 1, 24)) == []


def test_an_announced_meeting_in_a_month_without_year_is_planned_in_that_month(lexicon: Lexicon) -> None:
    body = (
        "Ireland will host the EU-US Justice and Home Affairs Ministerial Meeting at Dublin Castle in June. "
        "The US Attorney General will attend."
    )
    header = "Posted on 24 May 2013 by the Irish Presidency of the Council of the European Union"
    [meeting] = read(press_release(body, attribution=header), lexicon).summary["meetings"]
    assert (meeting["start"], meeting["status"]) == ("2013-06", "planned")


def test_a_us_month_and_day_without_year_takes_the_year_nearest_the_publication() -> None:
    [found] = DateFinder(load_tables()).find(
        "On November 15, the dialogue met.", reference=dt.date(2017, 11, 17)
    )
    assert (found.begin.iso, found.text) == ("2017-11-15", "November 15")


# ---- a release about two meetings --------------------------------------------------------------------------


def test_the_second_meeting_of_a_release_keeps_its_own_date_and_participants(lexicon: Lexicon) -> None:
    body = (
        "The EU-U.S. Justice and Home Affairs Ministerial Meeting was held in Washington on November 16, 2017. "
        "The Attorney General took part.\n\n"
        "On November 15, the EU-U.S. Policy Dialogue on Border and Transport Security met in Washington. "
        "Officials from Frontex and eu-LISA discussed passenger name record data."
    )
    header = (
        "U.S. Department of Homeland Security | Office of Public Affairs | Release Date: November 17, 2017"
    )
    meetings = read(press_release(body, attribution=header), lexicon).summary["meetings"]
    found = {
        (m["start"], frozenset(str(p["id"]).rsplit("/", 1)[-1] for p in m["participants"])) for m in meetings
    }
    assert found == {
        ("2017-11-16", frozenset({"us-department-of-justice"})),
        ("2017-11-15", frozenset({"frontex", "eu-lisa"})),
    }


def test_a_month_and_day_after_in_is_that_day_not_the_month_alone() -> None:
    [found] = DateFinder(load_tables()).find("in June 12", reference=dt.date(2013, 1, 24))
    assert found.begin.iso == "2013-06-12"


# ---- topics ------------------------------------------------------------------------------------------------


def _topics(lexicon: Lexicon, body: str) -> set[str]:
    meeting = read(press_release(body), lexicon).summary["meetings"][0]
    return {str(t["id"]).rsplit("/", 1)[-1] for t in meeting["topics"]}


@pytest.mark.parametrize(
    "office",
    [
        "the Commissioner for Justice, Fundamental Rights and Citizenship",
        "the Minister for Justice, Home Affairs and Migration",
        "the Commissioner for Democracy, Justice, the Rule of Law and Consumer Protection",
        "the State Department's Bureau of Counterterrorism",
    ],
)
def test_topic_words_in_the_name_of_an_office_are_not_topics(lexicon: Lexicon, office: str) -> None:
    body = (
        "The EU-US senior officials meeting was held in Vienna on 10 October 2018. "
        f"Europol and {office} took part. They discussed cybercrime."
    )
    assert _topics(lexicon, body) == {"cybercrime"}


def test_the_same_words_outside_an_office_name_are_topics(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting was held in Vienna on 10 October 2018. Europol took part. "
        "They discussed migration, fundamental rights and counter-terrorism."
    )
    assert _topics(lexicon, body) == {"migration", "fundamental-rights", "counter-terrorism"}


# ---- participants ------------------------------------------------------------------------------------------


def _people(lexicon: Lexicon, body: str, header: str | None = None) -> dict[str, tuple[str, str]]:
    meeting = read(press_release(body, attribution=header), lexicon).summary["meetings"][0]
    return {str(p["id"]).rsplit("id/", 1)[-1]: (p["role"], p["basis"]) for p in meeting["participants"]}


VALLETTA = "The EU-US JHA Ministerial Meeting was held in Valletta on 15-16 June 2017. "
VALLETTA_HEADER = "Source: Maltese Presidency of the Council of the EU. Published on 16 June 2017."


@pytest.mark.parametrize(
    "sentence",
    [
        "Estonia, which takes over the Presidency on 1 July, sent its Minister of the Interior.",
        "Estonia, whose Presidency begins in July, was represented by its Minister of the Interior.",
    ],
)
def test_a_country_taking_over_the_presidency_is_the_incoming_presidency(
    lexicon: Lexicon, sentence: str
) -> None:
    people = _people(lexicon, VALLETTA + sentence, VALLETTA_HEADER)
    assert people == {"presidency/2017-h2": ("incoming-presidency", "stated")}


def test_joining_the_presidency_were_names_participants(lexicon: Lexicon) -> None:
    body = (
        VALLETTA + "Joining the Presidency on the EU side were the European Commission, Europol and Eurojust."
    )
    people = _people(lexicon, body, VALLETTA_HEADER)
    assert set(people) == {"presidency/2017-h1", "org/european-commission", "org/europol", "org/eurojust"}


def test_an_organisation_not_represented_is_mentioned_not_a_participant(lexicon: Lexicon) -> None:
    body = VALLETTA + "Europol took part. Cases are coordinated through Eurojust, which was not represented."
    meeting = read(press_release(body, attribution=VALLETTA_HEADER), lexicon).summary["meetings"][0]
    assert {str(p["id"]).rsplit("/", 1)[-1] for p in meeting["participants"]} == {"europol"}
    assert [str(m).rsplit("/", 1)[-1] for m in meeting["mentions"]] == ["eurojust"]


def test_the_owner_of_a_named_body_is_neither_participant_nor_mention(lexicon: Lexicon) -> None:
    body = (
        VALLETTA + "The European Commission's Directorate-General for Migration and Home Affairs took part."
    )
    meeting = read(press_release(body, attribution=VALLETTA_HEADER), lexicon).summary["meetings"][0]
    assert {str(p["id"]).rsplit("/", 1)[-1] for p in meeting["participants"]} == {
        "dg-migration-and-home-affairs"
    }
    assert meeting["mentions"] == []


def test_the_organisation_where_they_meet_is_not_stated_by_a_cue_about_others(lexicon: Lexicon) -> None:
    body = (
        "Experts from the EU and the US met at Europol in The Hague on 3 April 2019 for the EU-US expert meeting. "
        "Europol hosted the meeting. The Romanian Presidency took part."
    )
    people = _people(lexicon, body, "Source: Europol. Published on 5 April 2019.")
    assert people["org/europol"] == ("host", "inferred")


# ---- statements ------------------------------------------------------------------------------------------


def test_a_numbered_paragraph_quotes_its_statement_without_the_number(lexicon: Lexicon) -> None:
    body = (
        VALLETTA
        + "Europol took part.\n\n3. The EU and the US reaffirmed their determination to protect children online."
    )
    meeting = read(press_release(body, attribution=VALLETTA_HEADER), lexicon).summary["meetings"][0]
    assert [s["quote"] for s in meeting["statements"]] == [
        "The EU and the US reaffirmed their determination to protect children online."
    ]


def test_a_topic_whose_last_words_the_next_coordinated_term_carries(lexicon: Lexicon) -> None:
    body = (
        "The EU-US Policy Dialogue on Border and Transport Security met in Washington on 15 November 2017. "
        "Frontex took part."
    )
    assert "border-management" in _topics(lexicon, body)
    body = (
        "The EU-US senior officials meeting was held in Vienna on 10 October 2018. Europol took part. "
        "They discussed drugs and firearms trafficking."
    )
    assert _topics(lexicon, body) == {"drug-trafficking", "firearms-trafficking"}


# ---- related meetings --------------------------------------------------------------------------------------


def test_a_meeting_whose_conclusions_go_to_another_prepares_it(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting was held in Valletta on 15 May 2017. Europol took part.\n\n"
        "Their conclusions will be presented to ministers at the EU-US Justice "
        "and Home Affairs Ministerial Meeting, which is due to take place in the second half of 2017."
    )
    extraction = read(press_release(body, attribution=VALLETTA_HEADER), lexicon)
    related = extraction.summary["meetings"][0]["related"]
    assert [(r["relation"], r["id"]) for r in related] == [("prepares", None)]
    assert [(n["kind"], n["lacks"]) for n in extraction.summary["not_asserted"]] == [
        ("ministerial", ["month"])
    ]


def test_their_previous_meeting_is_a_previous_meeting_of_the_same_kind(lexicon: Lexicon) -> None:
    body = (
        VALLETTA
        + "Europol took part. Ministers built on their previous meeting, in Copenhagen in December 2016."
    )
    related = read(press_release(body, attribution=VALLETTA_HEADER), lexicon).summary["meetings"][0][
        "related"
    ]
    assert [(r["relation"], r["id"]) for r in related] == [("previous", None)]


def test_a_member_state_hosting_in_its_presidency_makes_the_presidency_host(lexicon: Lexicon) -> None:
    header = "Posted on 24 May 2013 by the Irish Presidency of the Council of the European Union"
    body = "Ireland will host the EU-US JHA Ministerial Meeting in Dublin in June. The Attorney General will attend."
    meeting = read(press_release(body, attribution=header), lexicon).summary["meetings"][0]
    assert meeting["host"] == str(ID["presidency/2013-h1"])
    body = "Estonia will host the EU-US JHA Ministerial Meeting in Tallinn in June. The Attorney General will attend."
    meeting = read(press_release(body, attribution=header), lexicon).summary["meetings"][0]
    assert meeting["host"] is None  # Estonia held no presidency in 2013
    assert {str(p["id"]).rsplit("/", 1)[-1] for p in meeting["participants"]} == {"us-department-of-justice"}


def test_a_short_title_repeating_an_earlier_role_phrase_holds_the_statement(lexicon: Lexicon) -> None:
    body = (
        VALLETTA + "The Acting Secretary of Homeland Security met the Presidency.\n\n"
        "The Acting Secretary emphasized that security measures for flights would be coordinated."
    )
    meeting = read(press_release(body, attribution=VALLETTA_HEADER), lexicon).summary["meetings"][0]
    [statement] = meeting["statements"]
    assert [str(h).rsplit("/", 1)[-1] for h in statement["holders"]] == ["us-department-of-homeland-security"]


def test_sending_a_message_is_not_taking_part(lexicon: Lexicon) -> None:
    body = VALLETTA + "Europol took part. Eurojust sent a message of support."
    assert set(_people(lexicon, body, VALLETTA_HEADER)) == {"org/europol"}
