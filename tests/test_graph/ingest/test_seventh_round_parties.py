"""Participants, roles, bases and mentions the blind texts h85-h116 (now corpus 135-166) showed missing or
wrong (issue 11, seventh round).

Each test writes its own short release in the phrase class, not a corpus sentence, and asserts on what
``extract`` really gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import VIENNA_MEETING, VIENNA_NEXT_PRESIDENCY, press_release, read

from graph.ingest import Lexicon

MEETING = VIENNA_MEETING
NEXT = VIENNA_NEXT_PRESIDENCY
DUTCH_MEETING = (
    "Hoge ambtenaren van de EU en de VS kwamen op 14 december 2021 in Wenen bijeen. Europol nam deel."
)
FRENCH_MEETING = (
    "Les hauts fonctionnaires de l'UE et des États-Unis se sont réunis à Vienne le 14 décembre 2021. "
    "Europol a participé."
)
DHS = "org/us-department-of-homeland-security"
STATED = ("delegation", "stated")


def _local(iri: object) -> str:
    return "/".join(str(iri).rsplit("/", 2)[-2:])


def _meeting(lexicon: Lexicon, body: str, opening: str = MEETING) -> dict:
    [meeting] = read(press_release(f"{opening}\n\n{body}"), lexicon).summary["meetings"]
    return meeting


def _parties(meeting: dict) -> dict[str, tuple[str, str]]:
    return {_local(p["id"]): (p["role"], p["basis"]) for p in meeting["participants"]}


def _mentions(meeting: dict) -> set[str]:
    return {_local(m) for m in meeting["mentions"]}


def _holders(meeting: dict) -> list[set[str]]:
    return [{_local(h) for h in s["holders"]} for s in meeting["statements"]]


# ---- offices and names named again ---------------------------------------------------------------------


def test_a_title_named_again_alone_names_the_organisation_it_was_tied_to(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "The Secretary of Homeland Security welcomed the delegations at the venue. "
        "The Secretary and Europol agreed to swap liaison officers next spring.",
    )
    assert _parties(meeting)[DHS] == ("host", "stated")
    assert {DHS, "org/europol"} in _holders(meeting)


def test_a_title_tied_after_a_possessive_and_across_its_own_name(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "Treasury's Under Secretary for Terrorism and Financial Intelligence was in Vienna as well. "
        "The Under Secretary stressed that hawala networks still move terrorist money.",
    )
    assert _parties(meeting)["org/us-department-of-the-treasury"] == STATED
    assert {"org/us-department-of-the-treasury"} in _holders(meeting)


def test_a_title_of_a_role_phrase_named_again_in_lower_case(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "Le procureur général des États-Unis était présent. Le procureur général a souligné que les "
        "preuves numériques doivent circuler plus vite.",
        FRENCH_MEETING,
    )
    assert {"org/us-department-of-justice"} in _holders(meeting)


def test_a_title_tied_to_two_organisations_names_neither_when_alone(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "The Director of the FBI and the Director of Europol were present. "
        "The Director stressed that ransomware gangs now target schools.",
    )
    assert set() in _holders(meeting)


def test_an_organisation_named_again_by_a_word_of_its_name(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "The talks were hosted by the European Union Drugs Agency. "
        "The agency's Executive Director opened the first session.",
    )
    assert _parties(meeting)["org/eu-drugs-agency"] == ("host", "stated")


def test_staff_of_a_list_of_organisations(lexicon: Lexicon) -> None:
    parties = _parties(
        _meeting(
            lexicon,
            "In the afternoon, investigators from the DEA, Frontex and the EUDA compared seized pills.",
        )
    )
    assert {"org/dea", "org/frontex", "org/eu-drugs-agency"} <= set(parties)


# ---- heads and titles ---------------------------------------------------------------------------------------


def test_the_heads_of_several_units_after_a_plural_title(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "The Commission was represented by the Directors-General for Migration and Home Affairs and for "
        "Justice and Consumers.",
    )
    parties = _parties(meeting)
    assert {"org/dg-migration-and-home-affairs", "org/dg-justice-and-consumers"} <= set(parties)
    assert "org/european-commission" not in parties
    assert "topic/migration" not in {_local(t["id"]) for t in meeting["topics"]}


def test_a_ministry_head_by_the_ministry_name_after_a_us_side_word(lexicon: Lexicon) -> None:
    parties = _parties(
        _meeting(
            lexicon,
            "Namens de Verenigde Staten nam de minister van Binnenlandse Veiligheid deel.",
            DUTCH_MEETING,
        )
    )
    assert parties[DHS] == STATED


@pytest.mark.parametrize(
    ("body", "state_department"),
    [
        (
            "The Secretary of State for Security of Slovenia chaired the meeting on behalf of the Presidency.",
            False,
        ),
        ("The Assistant Secretary of State for European Affairs led the US delegation.", True),
    ],
)
def test_a_longer_title_is_another_office_unless_it_is_a_rank(
    lexicon: Lexicon, body: str, state_department: bool
) -> None:
    assert ("org/us-department-of-state" in _parties(_meeting(lexicon, body))) is state_department


# ---- who took part through whom ----------------------------------------------------------------------------


def test_an_organisation_named_apart_from_its_participating_unit_took_part_through_it(
    lexicon: Lexicon,
) -> None:
    meeting = _meeting(
        lexicon,
        "The representatives of the Commission sat at the table. For the EU, the Directorate-General for "
        "Justice and Consumers also took part. The Commission underlined that the rules apply to all.",
    )
    parties = _parties(meeting)
    assert "org/dg-justice-and-consumers" in parties
    assert "org/european-commission" not in parties
    assert {"org/european-commission"} in _holders(meeting)


def test_a_person_of_the_organisation_keeps_it_beside_its_unit(lexicon: Lexicon) -> None:
    parties = _parties(
        _meeting(
            lexicon,
            "The Commissioner for Home Affairs attended, with officials of the Directorate-General for "
            "Migration and Home Affairs.",
        )
    )
    assert {"org/european-commission", "org/dg-migration-and-home-affairs"} <= set(parties)


# ---- the usual composition, incoming presidencies, absence ------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        (MEETING, "As a rule, Eurojust also attends these meetings."),
        (DUTCH_MEETING, "Gewoonlijk schuift bij dit overleg ook Eurojust aan."),
    ],
)
def test_the_usual_composition_in_the_present_tense(lexicon: Lexicon, opening: str, body: str) -> None:
    assert _parties(_meeting(lexicon, body, opening))["org/eurojust"][1] == "customary"


def test_an_english_cue_word_is_no_cue_in_a_dutch_sentence(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon, "Het Europees Parlement stemde in het voorjaar in met de nieuwe richtlijn.", DUTCH_MEETING
    )
    assert "org/european-parliament" not in _parties(meeting)
    assert "org/european-parliament" in _mentions(meeting)


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        (MEETING, "France, which will steer the Council's work from January, sent an observer."),
        (
            FRENCH_MEETING,
            "La France, qui prendra la présidence du Conseil en janvier, avait dépêché un observateur.",
        ),
        (
            MEETING,
            "The French delegation, preparing for its country's first Presidency in January, attended.",
        ),
    ],
)
def test_the_incoming_presidency_in_other_words(lexicon: Lexicon, opening: str, body: str) -> None:
    parties = _parties(_meeting(lexicon, body, opening))
    assert parties[NEXT] == ("incoming-presidency", "stated")
    assert "org/council-of-the-eu" not in parties


@pytest.mark.parametrize(
    "body",
    [
        "Frontex, which guards the external borders of the Union at sea and on land, did not send anyone.",
        "Frontex does not take part in these talks.",
        "Frontex, die niet aan tafel zat, wordt later ingelicht.",
    ],
)
def test_absence_after_a_relative_clause_or_in_the_present(lexicon: Lexicon, body: str) -> None:
    meeting = _meeting(lexicon, body)
    assert "org/frontex" not in _parties(meeting)
    assert "org/frontex" in _mentions(meeting)


def test_what_a_planned_meeting_will_discuss_is_no_participant(lexicon: Lexicon) -> None:
    [meeting] = read(
        press_release(
            "EU and US senior officials will meet in Vienna on 14 January 2022. The delegations will review "
            "the cooperation between Eurojust and US prosecutors."
        ),
        lexicon,
    ).summary["meetings"]
    assert "org/eurojust" not in _parties(meeting)


def test_a_host_who_welcomed_experts_from_the_other_side(lexicon: Lexicon) -> None:
    parties = _parties(
        _meeting(lexicon, "The FBI welcomed cybercrime experts from the EU to its headquarters.")
    )
    assert parties["org/fbi"][0] == "host"


@pytest.mark.parametrize(
    ("body", "agent"),
    [
        ("Special agents of Homeland Security Investigations attended.", "org/ice"),
        ("Prosecutors of the Criminal Division took part.", "org/us-department-of-justice"),
        ("The EU's drugs agency sent two analysts.", "org/eu-drugs-agency"),
    ],
)
def test_bodies_by_the_names_releases_give_them(lexicon: Lexicon, body: str, agent: str) -> None:
    assert _parties(_meeting(lexicon, body))[agent] == STATED
