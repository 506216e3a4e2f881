"""The genre tables of the ingest: dates, attribution lines, participants, topics, kinds and status."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter

import pytest
from ingest_helpers import (
    CORPUS,
    MINISTERIAL,
    MINISTERIAL_LJUBLJANA,
    NOW,
    SDO,
    SOM_LJUBLJANA,
    XSD,
    press_release,
    read,
    union,
)
from rdflib import RDF, Dataset, Graph, Literal
from rdflib.namespace import SKOS

from graph.errors import InvalidInput
from graph.ingest import Extraction, Lexicon, extract, load_lexicon
from graph.ingest.commit import IngestValidator
from graph.ingest.dates import DateFinder
from graph.ingest.pipeline import ingest
from graph.ingest.tables import PATTERNS_FILE, load_tables
from graph.namespaces import EUUS, ID

# ---- genre tables: dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "begin", "finish"),
    [
        ("on 26-27 February 2018 in Sofia", "2018-02-26", "2018-02-27"),
        ("on 26–27 March 2025", "2025-03-26", "2025-03-27"),
        ("13 and 14 November 2023", "2023-11-13", "2023-11-14"),
        ("on 16 December 2021", "2021-12-16", None),
        ("on November 18, 2013, in Washington", "2013-11-18", None),
        ("December 16-17, 2021", "2021-12-16", "2021-12-17"),
        ("on November 30 and December 1, 2022", "2022-11-30", "2022-12-01"),
        ("30 November - 1 December 2022", "2022-11-30", "2022-12-01"),
        ("in May 2018 in Sofia", "2018-05", None),
        ("gepubliceerd op donderdag 1 maart 2018", "2018-03-01", None),
        ("op 14 en 15 oktober 2010", "2010-10-14", "2010-10-15"),
        ("les 13 et 14 novembre 2023", "2023-11-13", "2023-11-14"),
        ("du 30 novembre au 1er décembre 2022", "2022-11-30", "2022-12-01"),
        ("publié le mardi 6 décembre 2016", "2016-12-06", None),
        ("am 14. Oktober 2020", "2020-10-14", None),
        ("veröffentlicht am Freitag, 12. Oktober 2012", "2012-10-12", None),
        ("26.-27. Februar 2018", "2018-02-26", "2018-02-27"),
        ("im März 2019", "2019-03", None),
    ],
)
def test_dates_and_ranges_in_four_languages(text: str, begin: str, finish: str | None) -> None:
    found = DateFinder(load_tables()).parse(text)
    assert found is not None, text
    assert (found.begin.iso, found.finish.iso if found.finish else None) == (begin, finish)


def test_a_day_without_a_year_takes_the_year_nearest_the_publication_date() -> None:
    finder = DateFinder(load_tables())
    found = finder.parse("met on 15 December", reference=dt.date(2019, 1, 5))
    assert found is not None and found.begin.iso == "2018-12-15"
    assert finder.parse("met on 15 December") is None


@pytest.mark.parametrize("text", ["on 31 June 2018", "on 30 February 2020", "on 29 February 2019"])
def test_impossible_dates_are_not_dates(text: str) -> None:
    assert DateFinder(load_tables()).parse(text) is None


# ---- genre tables: attribution lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "publisher", "published", "language", "republisher"),
    [
        (
            "Met dank overgenomen van Bulgaars voorzitterschap Europese Unie 1e helft 2018 "
            "(Bulgaars voorzitterschap) i, "
            "gepubliceerd op donderdag 1 maart 2018.",
            "presidency/2018-h1",
            "2018-03-01",
            "nl",
            None,
        ),
        (
            "Republished with thanks from U.S. Department of Homeland Security (DHS), "
            "published on Wednesday 15 November 2023.",
            "org/us-department-of-homeland-security",
            "2023-11-15",
            "en",
            None,
        ),
        (
            "Republished by the General Secretariat of the Council "
            "from the Finnish Presidency of the Council of the EU, "
            "published on Thursday 12 December 2019.",
            "presidency/2019-h2",
            "2019-12-12",
            "en",
            "org/general-secretariat-of-the-council",
        ),
        (
            "Source: Polish Presidency of the Council of the EU. Published on 28 March 2025.",
            "presidency/2025-h1",
            "2025-03-28",
            "en",
            None,
        ),
        (
            "Repris avec nos remerciements de la présidence française du Conseil de l'UE "
            "(présidence française) i, "
            "publié le vendredi 6 mai 2022.",
            "presidency/2022-h1",
            "2022-05-06",
            "fr",
            None,
        ),
        (
            "Mit Dank übernommen vom zyprischen Ratsvorsitz (Zyprischer Vorsitz) i, "
            "veröffentlicht am Freitag, 12. Oktober 2012.",
            "presidency/2012-h2",
            "2012-10-12",
            "de",
            None,
        ),
    ],
)
def test_attribution_lines_in_four_languages(
    lexicon: Lexicon, line: str, publisher: str, published: str, language: str, republisher: str | None
) -> None:
    source = read(press_release("Nothing else.", attribution=line), lexicon).summary["source"]
    assert source["publisher"] == str(ID[publisher])
    assert source["published"] == published
    assert source["attribution_language"] == language
    assert source["republisher"] == (str(ID[republisher]) if republisher else None)


def test_an_unknown_republisher_is_a_warning_not_a_fact(lexicon: Lexicon) -> None:
    line = "Source: U.S. Department of Justice (DOJ) via Europa Nu. Published on 19 November 2013."
    extraction = read(press_release("Nothing else.", attribution=line), lexicon)
    assert extraction.summary["source"]["republisher"] is None
    assert extraction.summary["source"]["republisher_text"] == "Europa Nu"
    assert any("Europa Nu" in w for w in extraction.warnings)
    assert not list(extraction.graph.triples((None, EUUS.republisher, None)))


# ---- genre tables: participants, roles and presidencies ----------------------------------------------------


def _participants(extraction: Extraction) -> dict[str, tuple[str, str]]:
    meeting = extraction.summary["meetings"][0]
    return {str(p["id"]).removeprefix(str(ID)): (p["side"], p["role"]) for p in meeting["participants"]}


@pytest.mark.parametrize(
    ("phrase", "organisation"),
    [
        ("the Attorney General", "org/us-department-of-justice"),
        ("the Secretary of Homeland Security", "org/us-department-of-homeland-security"),
        ("the Executive Director of Europol", "org/europol"),
        ("the Commissioner for Home Affairs", "org/european-commission"),
    ],
)
def test_role_phrases_name_their_organisation(lexicon: Lexicon, phrase: str, organisation: str) -> None:
    body = f"{MINISTERIAL_LJUBLJANA} It was attended by {phrase}."
    assert organisation in _participants(read(press_release(body), lexicon))


def test_presidencies_named_by_the_text_on_behalf_of_and_incoming(lexicon: Lexicon) -> None:
    body = (
        f"{MINISTERIAL_LJUBLJANA} Slovenian Ministers, on behalf of the Presidency, "
        "met the Attorney General, together with the incoming French Presidency."
    )
    extraction = read(press_release(body), lexicon)
    people = _participants(extraction)
    assert people["presidency/2021-h2"] == ("eu", "presidency")
    assert people["presidency/2022-h1"] == ("eu", "incoming-presidency")
    assert people["org/us-department-of-justice"] == ("us", "delegation")
    meeting = extraction.summary["meetings"][0]
    assert meeting["presidency"] == str(ID["presidency/2021-h2"])
    assert meeting["incoming_presidency"] == str(ID["presidency/2022-h1"])


def test_a_presidency_label_of_several_terms_is_resolved_by_the_date(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting was held in Paris on 10 October 2008, "
        "chaired by the French Presidency, which represented the EU."
    )
    extraction = read(
        press_release(body, attribution="Source: Council of the EU. Published on 11 October 2008."), lexicon
    )
    assert _participants(extraction)["presidency/2008-h2"] == ("eu", "presidency")


def test_the_presidency_comes_from_the_rota_when_the_text_names_none(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting took place in Vienna on 3 October 2018. "
        "The EU was represented by the Commission."
    )
    meeting = read(
        press_release(body, attribution="Source: Council of the EU. Published on 4 October 2018."), lexicon
    ).summary["meetings"][0]
    assert (meeting["presidency"], meeting["presidency_from"]) == (str(ID["presidency/2018-h2"]), "rota")


def test_an_organisation_named_outside_a_participation_is_a_warning(lexicon: Lexicon) -> None:
    body = (
        "The EU-US Justice and Home Affairs Ministerial Meeting took place in Ljubljana on 16 December 2021, "
        "attended by the Commission. "
        "Ministers praised the work of Europol."
    )
    extraction = read(press_release(body), lexicon)
    assert "org/europol" not in _participants(extraction)
    assert any("Europol" in w and "not asserted" in w for w in extraction.warnings)


def test_separable_verbs_are_participation_cues(lexicon: Lexicon) -> None:
    body = (
        "Das Treffen hoher Beamter EU-USA fand am 14. Oktober 2020 in Berlin statt. "
        "Für die Europäische Union nahmen der deutsche Ratsvorsitz und Europol teil."
    )
    line = (
        "Übernommen vom deutschen Ratsvorsitz (Deutscher Ratsvorsitz) i, veröffentlicht am 15. Oktober 2020."
    )
    people = _participants(read(press_release(body, attribution=line), lexicon))
    assert set(people) == {"presidency/2020-h2", "org/europol"}


# ---- topics, kinds, status -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "counterterrorism",
        "counter-terrorism",
        "counter terrorism",
        "countering terrorism",
        "the fight against terrorism",
    ],
)
def test_spelling_variants_of_a_topic(lexicon: Lexicon, words: str) -> None:
    body = f"{SOM_LJUBLJANA} They discussed {words}."
    topics = {t["id"] for t in read(press_release(body), lexicon).summary["meetings"][0]["topics"]}
    assert topics == {str(ID["topic/counter-terrorism"])}


def test_british_and_american_spellings_are_one_topic(lexicon: Lexicon) -> None:
    body = f"{SOM_LJUBLJANA} They discussed radicalization."
    topics = {t["id"] for t in read(press_release(body), lexicon).summary["meetings"][0]["topics"]}
    assert topics == {str(ID["topic/radicalisation"])}


def test_an_added_altlabel_is_recognised_without_code_change(context: Dataset) -> None:
    body = f"{SOM_LJUBLJANA} They discussed cyber hygiene."
    extended = Graph()
    for s, p, o, _ in context.quads():
        extended.add((s, p, o))
    extended.add((ID["topic/cyber-security"], SKOS.altLabel, Literal("cyber hygiene", lang="en")))
    before = read(press_release(body), load_lexicon(context)).summary["meetings"][0]["topics"]
    after = read(press_release(body), load_lexicon(extended)).summary["meetings"][0]["topics"]
    assert before == [] and [t["id"] for t in after] == [str(ID["topic/cyber-security"])]


def test_an_announced_meeting_is_planned_and_needs_no_participants(lexicon: Lexicon) -> None:
    body = MINISTERIAL_LJUBLJANA.replace("took place", "will take place")
    line = "Source: Council of the EU. Published on 1 December 2021."
    meeting = read(press_release(body, attribution=line), lexicon).summary["meetings"][0]
    assert (meeting["status"], meeting["participants"]) == ("planned", [])


def test_a_held_meeting_without_participants_is_not_asserted(lexicon: Lexicon) -> None:
    extraction = read(press_release(MINISTERIAL_LJUBLJANA), lexicon)
    assert extraction.summary["meetings"] == []
    assert any("not asserted" in w and "participant" in w for w in extraction.warnings)
    assert not list(extraction.graph.triples((None, RDF.type, EUUS.Meeting)))


def test_a_forthcoming_meeting_with_only_a_month_has_month_precision(lexicon: Lexicon, seed: str) -> None:
    extraction = read(seed, lexicon)
    start = union(extraction).value(MINISTERIAL, SDO.startDate)
    assert start == Literal("2018-05", datatype=XSD.gYearMonth)


def test_genre_tables_load_and_every_cue_table_has_phrases() -> None:
    tables = load_tables()
    assert {"en", "nl", "fr", "de"} <= set(tables.languages)
    assert all(tables.cues.values())
    # "*": a header any language writes so (its line tells which)
    assert {p.language for p in tables.attribution} == {"nl", "en", "fr", "de", "*"}
    assert len(tables.months) >= 48


def test_worker_processes_give_the_same_results(lexicon: Lexicon, validator: IngestValidator) -> None:
    documents = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))[:4]]
    serial = ingest(documents, lexicon=lexicon, validator=validator, now=NOW, batch=2)
    parallel = ingest(documents, lexicon=lexicon, validator=validator, now=NOW, batch=2, workers=2)
    assert [r.extraction.summary for r in serial] == [r.extraction.summary for r in parallel]
    assert [r.report.conforms for r in parallel] == [True] * 4


def test_an_empty_document_is_refused(lexicon: Lexicon) -> None:
    with pytest.raises(InvalidInput):
        extract("  \n\n ", lexicon=lexicon)


def _repeated(value: object, path: str) -> list[str]:
    """Entries a list of words holds twice, anywhere in the tables, as ``path: entry``."""
    if isinstance(value, dict):
        return [r for key, inner in value.items() for r in _repeated(inner, f"{path}.{key}")]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [f"{path}: {item}" for item, times in Counter(value).items() if times > 1]
    if isinstance(value, list):
        return [r for n, inner in enumerate(value) for r in _repeated(inner, f"{path}[{n}]")]
    return []


def test_no_table_lists_an_entry_twice() -> None:
    # a repeat is harmless to matching but says two people added the same phrase without seeing each other
    assert _repeated(tomllib.loads(PATTERNS_FILE.read_text(encoding="utf-8")), "patterns") == []
