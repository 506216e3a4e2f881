"""The lexicon: every label of the model and reference data, indexed for recognition in text.

Built once from a dataset holding the ontology, the vocabularies and the reference data (what
:func:`graph.dataset.build.context_dataset` returns), plus the ingest's own extra labels (``labels.ttl``: role
phrases such as "the Attorney General") and genre tables (``patterns.toml``). Recognition is driven by
these labels only: a new ``skos:altLabel`` on a topic, organisation, place, presidency, series or meeting
kind is recognised by the next lexicon built, with no code change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, SDO, SKOS
from rdflib.term import Node

from graph.dataset.build import dataset_from_files
from graph.ingest.dates import DateFinder
from graph.ingest.genders import feminine_forms
from graph.ingest.nationalities import nationality_labels
from graph.ingest.phrases import Entry, PhraseIndex, is_acronym
from graph.ingest.sided import BARE, bare_forms
from graph.ingest.tables import LABELS_FILE, GenreTables, load_tables
from graph.ingest.text import label_variants
from graph.ingest.unit_heads import head_forms
from graph.ingest.verb_forms import STATEMENT_TABLES, verb_forms
from graph.namespaces import EUUS, mint
from graph.resources import model_files, reference_files

#: Suffixes of the cue categories of the two parts of a separable verb ("nahmen ... teil").
GAPPED_HEAD, GAPPED_TAIL = "<", ">"

_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
_SCHEME_CATEGORIES = {
    mint("scheme/topics"): "topic",
    mint("scheme/meeting-kinds"): "kind",
    mint("scheme/sides"): "side",
}
_SIDES = {"eu": mint("side/eu"), "us": mint("side/us")}


@dataclass(frozen=True)
class Presidency:
    """A Council presidency and its term, from the reference data."""

    iri: URIRef
    start: dt.date
    end: dt.date
    source: URIRef | None
    #: The member state that holds it (``org:member`` of its membership).
    state: URIRef | None = None

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` falls in the term."""
        return self.start <= day <= self.end


@dataclass
class Lexicon:
    """Labels → IRIs for every kind of thing the ingest recognises, and what it needs to know about them.

    Build it once with :func:`load_lexicon` and reuse it for many documents; it is never modified.
    """

    tables: GenreTables
    dates: DateFinder
    #: Phrase index of resources, per text language (labels of other languages included, see patterns.toml).
    entities: dict[str, PhraseIndex]
    #: Phrase index of the cue tables, per text language; entry categories are the table names.
    cues: dict[str, PhraseIndex]
    #: Display label (English prefLabel, else any) of every labelled resource.
    names: dict[URIRef, str]
    #: Side concept (``side/eu``, ``side/us``) of every agent whose side the reference data tells.
    sides: dict[URIRef, URIRef]
    #: Council presidencies in the order of their terms.
    presidencies: list[Presidency]
    #: The meeting series of each meeting kind, and the kind of each series (from their labels).
    series_of_kind: dict[URIRef, URIRef]
    kind_of_series: dict[URIRef, URIRef]
    #: Software agents the model or reference data describes (the ingest describes its own otherwise).
    described_agents: frozenset[URIRef]
    #: The ``dct:source`` of each presidency (the Council decision that sets the rota).
    presidency_sources: dict[URIRef, URIRef] = field(default_factory=dict)
    #: The organisation each unit belongs to (``org:unitOf`` / ``org:subOrganizationOf``).
    parents: dict[URIRef, URIRef] = field(default_factory=dict)
    #: The organisation each unit proper belongs to (``org:unitOf``: a Directorate-General, not an agency).
    units: dict[URIRef, URIRef] = field(default_factory=dict)
    #: The broader topic of each topic (``skos:broader``): concepts.py
    broader: dict[URIRef, URIRef] = field(default_factory=dict)

    def index(self, language: str) -> PhraseIndex:
        """The resource index for a text in ``language`` (English when the language is unknown)."""
        return self.entities.get(language) or self.entities["en"]

    def cue_index(self, language: str) -> PhraseIndex:
        """The cue index for a text in ``language``."""
        return self.cues.get(language) or self.cues["en"]

    def presidency_on(self, day: dt.date) -> Presidency | None:
        """The presidency whose term contains ``day``."""
        return next((p for p in self.presidencies if p.contains(day)), None)

    def presidency(self, iri: URIRef) -> Presidency | None:
        """The presidency ``iri``, or None."""
        return next((p for p in self.presidencies if p.iri == iri), None)


def model_and_reference() -> Dataset:
    """The ontology, vocabularies and reference data, without any source's facts: what the ingest reads."""
    return dataset_from_files(model_files() + reference_files())


def load_lexicon(dataset: Graph | Dataset, *, tables: GenreTables | None = None) -> Lexicon:
    """Build the lexicon from the model and reference data in ``dataset`` (a Graph or a Dataset).

    Args:
        dataset: the ontology, vocabularies and reference data (:func:`model_and_reference`); facts of
            sources may be in it too, they are not read.
        tables: genre tables; by default those of ``graph/ingest/patterns.toml``.
    """
    tables = tables or load_tables()
    facts = _Facts(_triples(dataset))
    facts.add_labels(Graph().parse(LABELS_FILE, format="turtle"))
    for state, adjective in nationality_labels(
        ((p.iri, p.state) for p in facts.presidencies()), facts.labels, tables.generic_presidency
    ):  # "the Slovenian Minister": the state, and its presidency when it holds it
        facts.labels.setdefault(state, []).append(adjective)
        facts.role_labels.add((state, str(adjective)))  # it names the state's official: composition.py
    categories = facts.categories(tables)
    entities = {lang: PhraseIndex() for lang in tables.languages}
    for iri, category in categories.items():
        for label in facts.labels.get(iri, ()):
            role = (iri, str(label)) in facts.role_labels
            for text in feminine_forms(_label_forms(label, category, tables), label.language, role, tables):
                _index(entities, tables, Entry(category, iri, text, is_acronym(text), role), label.language)
            for bare in bare_forms(str(label), label.language, tables) if category == "org" else ():
                _index(entities, tables, Entry(BARE, iri, bare), label.language)  # sided.py
            for title in head_forms(str(label), label.language, tables) if category == "org" else ():
                _index(
                    entities, tables, Entry(category, iri, title, role=True), label.language
                )  # unit_heads.py
                for bare in bare_forms(title, label.language, tables):  # "minister van Justitie": sided.py
                    _index(entities, tables, Entry(BARE, iri, bare, role=True), label.language)
    for phrase in tables.generic_presidency:
        _index(entities, tables, Entry("generic-presidency", None, phrase), None)
    for phrase in tables.idioms:  # found to hide the labels inside them ("across borders"), nothing else
        _index(entities, tables, Entry("idiom", None, phrase), None)
    cues = {lang: PhraseIndex(exclusive=False) for lang in tables.languages}
    for name, phrases in tables.cues.items():
        for phrase in (f for p in phrases for f in (verb_forms(p) if name in STATEMENT_TABLES else [p])):
            head, gap, tail = (part.strip() for part in phrase.partition("..."))
            if gap:  # a separable verb: its parts are found apart, see Sentence.has_cue
                _index(cues, tables, Entry(name + GAPPED_HEAD, None, head), None)
                _index(cues, tables, Entry(name + GAPPED_TAIL, None, tail), None)
            else:
                _index(cues, tables, Entry(name, None, phrase), None)
    for phrase in tables.unnamed_cues:
        _index(cues, tables, Entry("unnamed", None, phrase), None)
    series_of_kind, kind_of_series = facts.series_kinds(categories, tables)
    return Lexicon(
        tables=tables,
        dates=DateFinder(tables),
        entities=entities,
        cues=cues,
        names=facts.names(),
        sides=facts.sides(categories, tables),
        presidencies=facts.presidencies(),
        series_of_kind=series_of_kind,
        kind_of_series=kind_of_series,
        described_agents=frozenset(
            s
            for s, p, o in facts.triples
            if p == RDF.type and o == PROV.SoftwareAgent and isinstance(s, URIRef)
        ),
        presidency_sources={p.iri: p.source for p in facts.presidencies() if p.source is not None},
        parents={
            s: o
            for s, p, o in facts.triples
            if p in (ORG.unitOf, ORG.subOrganizationOf) and isinstance(s, URIRef) and isinstance(o, URIRef)
        },
        units={
            s: o
            for s, p, o in facts.triples
            if p == ORG.unitOf and isinstance(s, URIRef) and isinstance(o, URIRef)
        },
        broader={
            s: o
            for s, p, o in facts.triples
            if p == SKOS.broader and isinstance(s, URIRef) and isinstance(o, URIRef)
        },
    )


def _triples(data: Graph | Dataset) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(data, ConjunctiveGraph | Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from data.triples((None, None, None))


def _label_forms(label: Literal, category: str, tables: GenreTables) -> list[str]:
    """A label, and its other forms.

    An organisation "... of the United States" also with the country's adjective ("Amerikaanse ..."). A
    presidency without its term in brackets ("... of the EU (January-June 2018)"), and with the Union's name
    written out ("... of the Council of the European Union").
    """
    text = str(label)
    forms = [text]
    for end, form in tables.country_adjective.get(label.language or "", ()):
        if category == "org" and text.endswith(end):  # "Amerikaanse ministerie van Buitenlandse Zaken"
            head, _, rest = text[: -len(end)].partition(" ")  # "ministère américain de la Justice"
            forms.append(form.format(text[: -len(end)], head=head, rest=rest))
    if category == "presidency":
        stripped = re.sub(r"\s*\([^()]*\)\s*$", "", text)
        if stripped != text:
            forms.append(stripped)
        short, written = tables.union_written_out.get(label.language or "", ("", ""))
        if short:
            forms += [re.sub(rf"\b{re.escape(short)}\b", written, f) for f in list(forms) if short in f]
            # "the Belgian Presidency of the Council", "het Nederlandse voorzitterschap van de Raad": no Union
            union = rf"\s+(?:of the|van de|de l['’]|der)\s*{re.escape(short)}$"
            forms += [cut for f in list(forms) if (cut := re.sub(union, "", f)) != f]
    return forms


def _index(indexes: dict[str, PhraseIndex], tables: GenreTables, entry: Entry, language: str | None) -> None:
    for text_language, index in indexes.items():
        same = language in (None, "", text_language)
        if not same and not entry.acronym and len(entry.label) < tables.cross_language_min_length:
            continue
        # a cue word that is a function word of the text's language: English "met", Dutch "with"; not the
        # particle of a separable verb, which counts only with its head ("bereidden ... voor")
        stopwords = tables.languages[text_language].stopwords
        if language is None and entry.label in stopwords and not entry.category.endswith(GAPPED_TAIL):
            continue
        for tokens in label_variants(entry.label, tables.languages[text_language]):
            index.add(tokens, entry)


class _Facts:
    """The triples of the model and reference data, grouped the way the lexicon reads them."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.triples: set[tuple[Node, Node, Node]] = set()
        self.labels: dict[URIRef, list[Literal]] = {}
        self.pref: dict[URIRef, list[Literal]] = {}
        self.types: dict[Node, set[Node]] = {}
        self.subclass: dict[Node, set[Node]] = {}
        self.objects: dict[tuple[Node, Node], list[Node]] = {}
        self.role_labels: set[tuple[URIRef, str]] = set()
        for s, p, o in triples:
            self.triples.add((s, p, o))
            if p == RDF.type:
                self.types.setdefault(s, set()).add(o)
            elif p == RDFS.subClassOf:
                self.subclass.setdefault(s, set()).add(o)
            elif p in _LABELS and isinstance(s, URIRef) and isinstance(o, Literal):
                self.labels.setdefault(s, []).append(o)
                if p == SKOS.prefLabel:
                    self.pref.setdefault(s, []).append(o)
            self.objects.setdefault((s, p), []).append(o)

    def add_labels(self, graph: Graph) -> None:
        """Add the ingest's own labels; hidden labels of organisations are role phrases."""
        for s, p, o in graph:
            if p in _LABELS and isinstance(s, URIRef) and isinstance(o, Literal):
                self.labels.setdefault(s, []).append(o)
                if p == SKOS.hiddenLabel:
                    self.role_labels.add((s, str(o)))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        values = self.objects.get((subject, predicate))
        return min(values, key=str) if values else None

    def superclasses(self, cls: Node) -> set[Node]:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self.subclass.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def classes_of(self, node: Node) -> set[Node]:
        return set().union(*(self.superclasses(c) for c in self.types.get(node, ())))

    def categories(self, tables: GenreTables) -> dict[URIRef, str]:
        """The category of every labelled resource the ingest recognises."""
        found: dict[URIRef, str] = {}
        excluded_places = {URIRef(c) for c in tables.place_exclude_classes}
        for iri in self.labels:
            classes = self.classes_of(iri)
            scheme = self.value(iri, SKOS.inScheme)
            if scheme in _SCHEME_CATEGORIES:
                found[iri] = _SCHEME_CATEGORIES[scheme]  # type: ignore[index]
            elif EUUS.CouncilPresidency in classes:
                found[iri] = "presidency"
            elif EUUS.MeetingSeries in classes:
                found[iri] = "series"
            elif SDO.Place in classes and not classes & excluded_places:
                found[iri] = "place"
            elif ORG.Organization in classes and not classes & {
                EUUS.MemberState,
                ORG.OrganizationalCollaboration,
            }:
                found[iri] = "org"
            elif EUUS.MemberState in classes:
                found[iri] = "member-state"  # "Ireland will host": its presidency, when it holds it
        return found

    def names(self) -> dict[URIRef, str]:
        names = {}
        for iri, labels in self.pref.items():
            english = [lbl for lbl in labels if lbl.language == "en"]
            names[iri] = str(sorted(english or labels)[0])
        return names

    def sides(self, categories: dict[URIRef, str], tables: GenreTables) -> dict[URIRef, URIRef]:
        sides = {}
        for iri, category in categories.items():
            if category not in ("org", "presidency"):
                continue
            side = next(
                (
                    tables.side_by_class[str(c)]
                    for c in self.classes_of(iri)
                    if str(c) in tables.side_by_class
                ),
                None,
            )
            node: Node | None = iri
            for _ in range(4):
                if side is not None or node is None:
                    break
                spatial = self.value(node, DCTERMS.spatial)
                side = tables.side_by_spatial.get(str(spatial)) if spatial is not None else None
                node = self.value(node, ORG.unitOf) or self.value(node, ORG.subOrganizationOf)
            if side in _SIDES:
                sides[iri] = _SIDES[side]
        return sides

    def presidencies(self) -> list[Presidency]:
        found = []
        for iri, classes in self.types.items():
            if EUUS.CouncilPresidency not in classes or not isinstance(iri, URIRef):
                continue
            membership = self.value(iri, EUUS.membership)
            if membership is None:
                continue
            term = self.value(membership, ORG.memberDuring)
            if term is None:
                continue
            start, end = self.value(term, DCAT.startDate), self.value(term, DCAT.endDate)
            if isinstance(start, Literal) and isinstance(end, Literal):
                source = self.value(membership, DCTERMS.source)
                state = self.value(membership, ORG.member)
                found.append(
                    Presidency(
                        iri,
                        dt.date.fromisoformat(str(start)),
                        dt.date.fromisoformat(str(end)),
                        source if isinstance(source, URIRef) else None,
                        state if isinstance(state, URIRef) else None,
                    )
                )
        return sorted(found, key=lambda p: p.start)

    def series_kinds(
        self, categories: dict[URIRef, str], tables: GenreTables
    ) -> tuple[dict[URIRef, URIRef], dict[URIRef, URIRef]]:
        """Pair each series with the meeting kind its labels contain ("EU-US JHA Ministerial Meeting")."""
        rules = tables.languages["en"]
        kinds = [i for i, c in categories.items() if c == "kind"]
        pairs: dict[URIRef, set[URIRef]] = {}
        for series in (i for i, c in categories.items() if c == "series"):
            series_forms = [
                " ".join(v) for lbl in self.labels[series] for v in label_variants(str(lbl), rules)
            ]
            for kind in kinds:
                kind_forms = [
                    " ".join(v) for lbl in self.labels[kind] for v in label_variants(str(lbl), rules)
                ]
                if any(f" {k} " in f" {s} " for k in kind_forms for s in series_forms):
                    pairs.setdefault(series, set()).add(kind)
        kind_of_series = {s: next(iter(k)) for s, k in pairs.items() if len(k) == 1}
        series_of_kind: dict[URIRef, URIRef] = {}
        for series, kind in sorted(kind_of_series.items()):
            series_of_kind.setdefault(kind, series)
        return series_of_kind, kind_of_series
