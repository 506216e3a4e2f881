"""Participants, roles, bases, mentions and attendance the blind texts h117-h161 (now corpus 167-211) showed
missing or wrong (issue 11, eighth round).

Each test writes its own short release in the phrase class, not a corpus sentence, and asserts on what
``extract`` really gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import VIENNA_MEETING, VIENNA_NEXT_PRESIDENCY, press_release, read

from graph.ingest import Lexicon

GERMAN_MEETING = "Hohe Beamte der EU und der USA trafen sich am 14. Dezember 2021 in Wien. Europol nahm teil."
FRENCH_MEETING = (
    "Les hauts fonctionnaires de l'UE et des États-Unis se sont réunis à Vienne le 14 décembre 2021. "
    "Europol a participé."
)
GERMAN_LINE = "Bundesministerium für Inneres – Presseaussendung – 17. Dezember 2021"
DUTCH_MEETING = (
    "Hoge ambtenaren van de EU en de VS kwamen op 14 december 2021 in Wenen bijeen. Europol nam deel."
)
PRESIDENCY = "presidency/2021-h2"
DHS = "org/us-department-of-homeland-security"
DOJ = "org/us-department-of-justice"
STATE = "org/us-department-of-state"


def _local(iri: object) -> str:
    return "/".join(str(iri).rsplit("/", 2)[-2:])


def _meeting(lexicon: Lexicon, body: str, opening: str = VIENNA_MEETING) -> dict:
    line = GERMAN_LINE if opening == GERMAN_MEETING else None  # the default line is Dutch
    [meeting] = read(press_release(f"{opening}\n\n{body}", attribution=line), lexicon).summary["meetings"]
    return meeting


def _parties(meeting: dict) -> dict[str, tuple[str, str]]:
    return {_local(p["id"]): (p["role"], p["basis"]) for p in meeting["participants"]}


def _mentions(meeting: dict) -> set[str]:
    return {_local(m) for m in meeting["mentions"]}


# ---- hosting ----------------------------------------------------------------------------------------------


def test_a_host_acting_for_the_presidency_makes_its_part_inferred(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon, "The talks were hosted by the Slovenian Ministry of Justice on behalf of the Presidency."
    )
    assert _parties(meeting)[PRESIDENCY] == ("presidency", "inferred")


def test_an_article_that_could_be_a_relative_pronoun_still_names_the_host(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "Gastgeber war das amerikanische Außenministerium.", GERMAN_MEETING)
    assert _parties(meeting)[STATE] == ("host", "inferred")
    assert STATE not in _mentions(meeting)


def test_welcoming_a_meeting_across_a_date_written_in_words_is_hosting(lexicon: Lexicon) -> None:
    text = press_release(
        "Le département d'État a accueilli les mardi 14 et mercredi 15 décembre 2021 une réunion "
        "d'experts de l'UE et des États-Unis à Washington."
    )
    [meeting] = read(text, lexicon).summary["meetings"]
    assert _parties(meeting)[STATE][0] == "host"


# ---- what does not make a participant ----------------------------------------------------------------


def test_an_office_inside_a_welcomed_development_names_no_participant(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon, "The officials welcomed the secondment of a DEA liaison officer at Eurojust's seat."
    )
    assert not {"org/eurojust", "org/dea"} & set(_parties(meeting))
    assert {"org/eurojust", "org/dea"} <= _mentions(meeting)


def test_a_german_verb_that_stems_like_an_office_is_no_office(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "Das Europäische Parlament berät den Text im Frühjahr.", GERMAN_MEETING)
    assert "org/european-parliament" not in _parties(meeting)
    assert "org/european-parliament" in _mentions(meeting)


# ---- participation in more tenses and voices ---------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "body", "agent"),
    [
        (GERMAN_MEETING, "Die Kommission war durch zwei Beamte vertreten.", "org/european-commission"),
        (GERMAN_MEETING, "Eurojust war als Beobachter dabei.", "org/eurojust"),
        (VIENNA_MEETING, "In the afternoon, Frontex sat in as an observer.", "org/frontex"),
        (FRENCH_MEETING, "Eurojust y assistera également.", "org/eurojust"),
        (DUTCH_MEETING, "Van Amerikaanse kant waren mensen van de FBI naar Wenen gekomen.", "org/fbi"),
        (
            FRENCH_MEETING,
            "Les travaux se sont tenus sous la conduite de la Commission européenne.",
            "org/european-commission",
        ),
    ],
)
def test_participation_in_other_tenses_voices_and_seats(
    lexicon: Lexicon, opening: str, body: str, agent: str
) -> None:
    assert _parties(_meeting(lexicon, body, opening))[agent][1] == "stated"


def test_a_state_next_to_hold_the_presidency_attending_in_the_future(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon, "La France, qui succédera à la Slovénie à la tête du Conseil, y assistera.", FRENCH_MEETING
    )
    assert _parties(meeting)[VIENNA_NEXT_PRESIDENCY] == ("incoming-presidency", "stated")


# ---- US departments by other names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "body", "agents"),
    [
        # the people and the capital name the US side before a bare ministry name
        (GERMAN_MEETING, "Die Amerikaner schickten zwei Vertreter des Justizministeriums.", {DOJ}),
        (GERMAN_MEETING, "Aus Washington kamen zwei Vertreter des Justizministeriums.", {DOJ}),
        # names no Member State's ministry has
        (GERMAN_MEETING, "Vertreter des Heimatschutzministeriums nahmen teil.", {DHS}),
        (FRENCH_MEETING, "Le département d'État a participé.", {STATE}),
        # the French adjective after the head noun
        (FRENCH_MEETING, "Des procureurs du ministère américain de la Justice ont participé.", {DOJ}),
        # the Commission's Directorate-General by its name of 2010-2014
        (
            FRENCH_MEETING,
            "La direction générale des affaires intérieures a participé.",
            {"org/dg-migration-and-home-affairs"},
        ),
    ],
)
def test_departments_and_units_by_other_names(
    lexicon: Lexicon, opening: str, body: str, agents: set[str]
) -> None:
    assert agents <= set(_parties(_meeting(lexicon, body, opening)))


# ---- role phrases in the feminine, offices of one department ------------------------------------------


@pytest.mark.parametrize(
    ("opening", "body", "agent"),
    [
        (FRENCH_MEETING, "La procureure générale des États-Unis était présente.", DOJ),
        (
            FRENCH_MEETING,
            "La coordinatrice de l'UE pour la lutte contre le terrorisme a participé.",
            "org/eu-counter-terrorism-coordinator",
        ),
        (GERMAN_MEETING, "Die US-Botschafterin eröffnete die Sitzung.", "org/us-department-of-state"),
        (VIENNA_MEETING, "The US Ambassador to the EU opened the session.", "org/us-department-of-state"),
    ],
)
def test_role_phrases_in_the_feminine_and_of_an_ambassador(
    lexicon: Lexicon, opening: str, body: str, agent: str
) -> None:
    assert agent in _parties(_meeting(lexicon, body, opening))


def test_what_participants_heard_about_names_no_participant(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "Participants also heard how the Treasury froze the accounts of a mixer.")
    assert "org/us-department-of-the-treasury" not in _parties(meeting)
    assert "org/us-department-of-the-treasury" in _mentions(meeting)


# ---- the Council of the EU is a forum ---------------------------------------------------------------------


def test_the_council_is_no_participant_and_a_mention_as_the_occasion(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon, "In the margins of the Council, officials from the Council and from Frontex met as well."
    )
    assert "org/council-of-the-eu" not in _parties(meeting)
    assert "org/council-of-the-eu" in _mentions(meeting)


def test_a_council_the_title_reports_on_is_no_mention(lexicon: Lexicon) -> None:
    text = press_release(
        f"{VIENNA_MEETING}\n\nThe Presidency informed the Council of the outcome.",
        title="Main results of the Council meeting of December 2021",
    )
    [meeting] = read(text, lexicon).summary["meetings"]
    assert "org/council-of-the-eu" not in _mentions(meeting) | set(_parties(meeting))


# ---- attendance ---------------------------------------------------------------------------------------------


def test_some_present_in_the_building_and_others_by_video_is_hybrid(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "Ein Teil der Experten war im Gebäude anwesend, die anderen waren per Video zugeschaltet.",
        GERMAN_MEETING,
    )
    assert meeting["attendance"] == "mixed"


def test_a_line_that_begins_with_a_side_and_a_colon_lists_its_delegation(lexicon: Lexicon) -> None:
    meeting = _meeting(
        lexicon,
        "EU: the Slovenian Minister of the Interior, for the Presidency; Eurojust.\n\n"
        "US: the Deputy Attorney General.",
    )
    parties = _parties(meeting)
    assert parties[PRESIDENCY] == ("presidency", "stated")
    assert {"org/eurojust", DOJ} <= set(parties)


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        (VIENNA_MEETING, "The Slovenian Minister of the Interior also attended."),
        (FRENCH_MEETING, "Le ministre slovène de l'Intérieur a également participé."),
        (GERMAN_MEETING, "Die slowenische Innenministerin nahm ebenfalls teil."),
    ],
)
def test_a_state_named_by_its_adjective_stands_for_the_presidency_it_holds(
    lexicon: Lexicon, opening: str, body: str
) -> None:
    assert _parties(_meeting(lexicon, body, opening))[PRESIDENCY] == ("presidency", "stated")


def test_a_state_adjective_without_an_office_names_no_participant(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "Participants praised the work of Slovenian authorities at the border.")
    assert PRESIDENCY not in _parties(meeting)
