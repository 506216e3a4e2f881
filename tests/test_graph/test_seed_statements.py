"""What the Sofia press release says was stressed and undertaken, as statements of the curated graph.

The quotes are compared with the seed text itself (the copy under tests/data), so a quote that drifts from
the source, or a span that no longer points at it, fails.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, SDO

from graph.namespaces import CV, EUUS, ID

SEED_TEXT = Path(__file__).parents[1] / "data" / "ingest" / "seed" / "000_0be234f73af0dcac.txt"
SOM = ID["meeting/2018-02-26-eu-us-jha-senior-officials-sofia"]
SOURCE = ID["source/2018-03-01-eu-us-jha-senior-officials-sofia"]
ICANN = ID["org/icann"]


def statements(dataset: Dataset) -> dict[URIRef, dict[URIRef, set[object]]]:
    """Every statement made at the Sofia meeting: predicate -> values."""
    found: dict[URIRef, dict[URIRef, set[object]]] = {}
    for s, _, _, _ in dataset.quads((None, EUUS.madeAt, SOM, None)):
        assert isinstance(s, URIRef)
        found[s] = {}
        for _, p, o, _ in dataset.quads((s, None, None, None)):
            found[s].setdefault(p, set()).add(o)  # type: ignore[index]
    return found


def test_each_quote_is_the_source_text_at_its_span(shipped_dataset: Dataset) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    made = statements(shipped_dataset)
    assert len(made) == 3
    for statement, values in made.items():
        (quote,) = values[EUUS.quote]
        (span,) = values[EUUS.textSpan]
        start, end = (int(n) for n in str(span).split("-"))
        assert text[start:end] == str(quote), statement
        assert values[RDF.type] == {EUUS.Statement}
        assert values[URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")] == {SOURCE}


def test_the_whois_position_and_the_icann_commitment(shipped_dataset: Dataset) -> None:
    by_kind: dict[str, list[dict[URIRef, set[object]]]] = {}
    for values in statements(shipped_dataset).values():
        (kind,) = values[EUUS.statementKind]
        by_kind.setdefault(str(kind).removeprefix(str(ID)), []).append(values)
    assert sorted(by_kind) == ["statement-kind/commitment", "statement-kind/position"]
    (commitment,) = by_kind["statement-kind/commitment"]
    assert commitment[EUUS.heldBy] == {ICANN}
    assert "undertaken to revise its procedures" in str(next(iter(commitment[EUUS.quote])))
    preserve = [
        v for v in by_kind["statement-kind/position"] if "preserve the functionality" in str(v[EUUS.quote])
    ]
    assert len(preserve) == 1
    assert {ID["topic/whois"], ID["topic/data-protection"]} <= preserve[0][
        URIRef("http://purl.org/dc/terms/subject")
    ]
    # "Participants stressed": no body is named, so nobody is said to hold the positions
    assert all(EUUS.heldBy not in v for v in by_kind["statement-kind/position"])


def test_icann_is_mentioned_not_a_participant(shipped_dataset: Dataset) -> None:
    assert (SOM, SDO.mentions, ICANN) in shipped_dataset
    participants = {
        o
        for _, _, p, _ in shipped_dataset.quads((SOM, CV.hasParticipation, None, None))
        for _, _, o, _ in shipped_dataset.quads((p, CV.hasParticipant, None, None))
    }
    assert participants and ICANN not in participants
    names = {o for _, _, o, _ in shipped_dataset.quads((ICANN, None, None, None)) if isinstance(o, Literal)}
    assert names == {
        Literal("Internet Corporation for Assigned Names and Numbers", lang="en"),
        Literal("ICANN", lang="en"),
    }, "ICANN carries only what the seed says: its name and acronym"
