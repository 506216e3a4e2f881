"""Participants, topics and statements the blind texts h57-h84 (now corpus 107-134) showed missing or
wrong (issue 11, sixth round).

Each test writes its own short release in the phrase class, not a corpus sentence, and asserts on what
``extract`` really gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import VIENNA_MEETING, VIENNA_NEXT_PRESIDENCY, press_release, read

from graph.ingest import Lexicon

MEETING = VIENNA_MEETING
NEXT = VIENNA_NEXT_PRESIDENCY
FRENCH_MEETING = (
    "Les hauts fonctionnaires de l'UE et des États-Unis se sont réunis à Vienne le 14 décembre 2021. "
    "Europol a participé."
)
GERMAN_MEETING = "Am 14. Dezember 2021 trafen sich hohe Beamte der EU und der USA in Wien. Europol nahm teil."


def _local(iri: object) -> str:
    return "/".join(str(iri).rsplit("/", 2)[-2:])


def _meeting(lexicon: Lexicon, body: str, opening: str = MEETING) -> dict:
    [meeting] = read(press_release(f"{opening}\n\n{body}"), lexicon).summary["meetings"]
    return meeting


def _parties(meeting: dict) -> dict[str, tuple[str, str]]:
    return {_local(p["id"]): (p["role"], p["basis"]) for p in meeting["participants"]}


def _topics(meeting: dict) -> set[str]:
    return {_local(t["id"]).removeprefix("topic/") for t in meeting["topics"]}


# ---- participants ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        (
            FRENCH_MEETING,
            "Côté américain, des fonctionnaires du ministère de la Justice et du ministère de la Sécurité "
            "intérieure ont pris part aux travaux.",
        ),
        (
            GERMAN_MEETING,
            "Die amerikanische Seite war durch Beamte des Justizministeriums und des "
            "Heimatschutzministeriums vertreten.",
        ),
    ],
)
def test_a_department_named_without_its_country_after_a_us_side_word(
    lexicon: Lexicon, opening: str, body: str
) -> None:
    parties = _parties(_meeting(lexicon, body, opening))
    assert parties["org/us-department-of-justice"] == ("delegation", "stated")
    assert parties["org/us-department-of-homeland-security"] == ("delegation", "stated")


def test_a_bare_name_resolved_once_names_the_department_again_later(lexicon: Lexicon) -> None:
    body = (
        "Die amerikanische Delegation bestand aus Beamten des Justizministeriums. "
        "Das Justizministerium sagte zu, einen Bericht vorzulegen."
    )
    [statement] = _meeting(lexicon, body, GERMAN_MEETING)["statements"]
    assert [_local(h) for h in statement["holders"]] == ["org/us-department-of-justice"]


def test_an_agent_after_a_relative_pronoun_hosts_the_antecedent_not_the_meeting(lexicon: Lexicon) -> None:
    body = "They praised the training centre which Eurojust hosts in The Hague."
    meeting = _meeting(lexicon, body)
    assert "org/eurojust" not in _parties(meeting)
    assert meeting["host"] is None


def test_commissioners_in_the_plural_name_the_commission(lexicon: Lexicon) -> None:
    body = "The EU was represented by the European Commissioners for Justice and for Home Affairs."
    assert _parties(_meeting(lexicon, body))["org/european-commission"] == ("delegation", "stated")


def test_a_ministry_named_without_a_us_side_word_is_no_us_department(lexicon: Lexicon) -> None:
    body = "La délégation de l'UE comprenait des fonctionnaires du ministère de la Justice slovène."
    assert "org/us-department-of-justice" not in _parties(_meeting(lexicon, body, FRENCH_MEETING))


def test_a_name_that_begins_a_longer_name_is_not_that_organisation(lexicon: Lexicon) -> None:
    body = "The US delegation included investigators of ICE's Homeland Security Investigations."
    parties = _parties(_meeting(lexicon, body))
    assert parties["org/ice"] == ("delegation", "stated")
    assert "org/us-department-of-homeland-security" not in parties


def test_a_unit_head_named_by_the_unit_takes_part_for_it(lexicon: Lexicon) -> None:
    body = "The Deputy Director-General for Migration and Home Affairs headed the EU side."
    assert _parties(_meeting(lexicon, body))["org/dg-migration-and-home-affairs"] == ("delegation", "stated")


def test_an_office_in_a_unit_of_an_owner_named_on_the_way(lexicon: Lexicon) -> None:
    body = "A policy officer of the Commission's Directorate-General for Justice and Consumers briefed them."
    assert _parties(_meeting(lexicon, body))["org/dg-justice-and-consumers"] == ("delegation", "stated")


def test_preparing_for_the_countrys_presidency_names_the_incoming_one(lexicon: Lexicon) -> None:
    body = "An official of France's interior ministry, preparing for his country's Presidency, also attended."
    assert _parties(_meeting(lexicon, body))[NEXT] == ("incoming-presidency", "stated")


def test_a_state_that_sent_someone_took_part(lexicon: Lexicon) -> None:
    body = "France, which takes over the Presidency in January, sent a head of unit of its interior ministry."
    assert _parties(_meeting(lexicon, body))[NEXT] == ("incoming-presidency", "stated")


def test_a_state_that_sent_a_compound_office_took_part(lexicon: Lexicon) -> None:
    body = "Frankreich, das im Januar den Vorsitz übernimmt, entsandte einen Referatsleiter."
    assert _parties(_meeting(lexicon, body, GERMAN_MEETING))[NEXT] == ("incoming-presidency", "stated")


def test_sending_a_letter_is_not_taking_part(lexicon: Lexicon) -> None:
    assert "org/eurojust" not in _parties(_meeting(lexicon, "Europol attended. Eurojust sent a letter."))


def test_an_organisation_taking_part_through_its_unit_is_not_itself_a_participant(lexicon: Lexicon) -> None:
    body = "The Commission sent a policy officer of its Directorate-General for Justice and Consumers."
    parties = _parties(_meeting(lexicon, body))
    assert parties["org/dg-justice-and-consumers"] == ("delegation", "stated")
    assert "org/european-commission" not in parties


def test_a_department_and_its_agency_both_take_part(lexicon: Lexicon) -> None:
    parties = _parties(_meeting(lexicon, "The Department of Justice and the FBI were represented."))
    assert {"org/us-department-of-justice", "org/fbi"} <= set(parties)


def test_confirmed_attendance_is_participation_not_a_position(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "The FBI and Europol confirmed their participation.")
    assert _parties(meeting)["org/fbi"] == ("delegation", "stated")
    assert meeting["statements"] == []


def test_bodies_usually_associated_are_customary(lexicon: Lexicon) -> None:
    body = "Eurojust et Europol sont habituellement associés à ces rencontres."
    assert _parties(_meeting(lexicon, body, FRENCH_MEETING))["org/eurojust"] == ("delegation", "customary")


# ---- topics ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "body", "topic"),
    [
        (MEETING, "They looked at students drawn into violent ideologies on gaming sites.", "radicalisation"),
        (MEETING, "They discussed citizens who joined ISIL a decade ago.", "foreign-terrorist-fighters"),
        (
            MEETING,
            "They reviewed the removal of jihadist propaganda from video sites.",
            "terrorist-content-online",
        ),
        (MEETING, "They assessed the terrorist threat over the holidays.", "counter-terrorism"),
        (MEETING, "They examined gangs that ferry people across the sea for payment.", "migrant-smuggling"),
        (MEETING, "They discussed customs officers bribed by cartels.", "corruption"),
        (MEETING, "They reviewed how the rights of suspects are protected.", "fundamental-rights"),
        (
            MEETING,
            "They asked how perpetrators of crimes in the war can be held to account.",
            "accountability-for-war-crimes",
        ),
        (MEETING, "They studied how airports can protect runways from drones.", "aviation-security"),
        (
            MEETING,
            "They discussed how the visa databases will be linked.",
            "interoperability-of-information-systems",
        ),
        (
            MEETING,
            "They looked at the sabotage of the subsea power cables.",
            "critical-infrastructure-protection",
        ),
        (MEETING, "They discussed criminals who lock up the computer systems of clinics.", "ransomware"),
        (
            MEETING,
            "They reviewed the surrender of fugitives between the two sides.",
            "extradition-and-mutual-legal-assistance",
        ),
        (MEETING, "They looked at the data airlines keep about their passengers.", "passenger-name-records"),
        (
            GERMAN_MEETING,
            "Besprochen wurde der schnelle Austausch von Hinweisen auf Täter.",
            "information-sharing",
        ),
        (
            FRENCH_MEETING,
            "Ils ont examiné le sort des combattants revenus de Syrie l'an dernier.",
            "foreign-terrorist-fighters",
        ),
    ],
)
def test_a_topic_named_around_its_concept(lexicon: Lexicon, opening: str, body: str, topic: str) -> None:
    assert topic in _topics(_meeting(lexicon, body, opening))


def test_officials_who_buy_something_are_no_corruption(lexicon: Lexicon) -> None:
    body = "Officials of both sides bought a new case management system for the exchange of files."
    assert "corruption" not in _topics(_meeting(lexicon, body))


def test_a_topic_label_before_office_names_the_office(lexicon: Lexicon) -> None:
    body = "The Privacy Office of the Department of Homeland Security took part."
    assert "privacy" not in _topics(_meeting(lexicon, body))


# ---- statements -----------------------------------------------------------------------------------------


def test_a_meeting_welcomed_is_hosted_not_a_position(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "Vienna welcomed on 14 December the EU-US senior officials meeting.")
    assert meeting["statements"] == []


def test_a_verb_in_a_clause_about_what_was_discussed_states_nothing(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "They discussed the networks of students who adopted violent views.")
    assert meeting["statements"] == []


def test_a_quote_ahead_of_a_planned_meeting_is_no_statement_of_it(lexicon: Lexicon) -> None:
    body = '"Cooperation saves lives," said the Attorney General.'
    text = press_release(f"EU and US ministers will meet in Lisbon on 20 January 2022.\n\n{body}")
    [meeting] = read(text, lexicon).summary["meetings"]
    assert meeting["status"].endswith("planned")
    assert meeting["statements"] == []


def test_feminine_agreement_in_french(lexicon: Lexicon) -> None:
    body = "Les deux parties sont convenues de publier un rapport commun."
    [statement] = _meeting(lexicon, body, FRENCH_MEETING)["statements"]
    assert statement["kind"].endswith("agreement")
