"""Namespaces of euus-kg and of the vocabularies it reuses.

Our own terms are a ``DefinedNamespace`` with ``_fail = True`` so that a typo such as
``EUUS.duringPresidncy`` raises instead of minting a new IRI. Instance IRIs are minted only
through :func:`mint`, which enforces the pattern documented in ``docs/iri-policy.md``.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    VOID,
    XSD,
    DefinedNamespace,
)

BASE_IRI = "https://w3id.org/euus-kg/"
ID = Namespace(BASE_IRI + "id/")

CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
EUROVOC = Namespace("http://eurovoc.europa.eu/")
CORPORATE_BODY = Namespace("http://publications.europa.eu/resource/authority/corporate-body/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
NAL_ROLE = Namespace("http://publications.europa.eu/resource/authority/role/")
RESOURCE_TYPE = Namespace("http://publications.europa.eu/resource/authority/resource-type/")
WD = Namespace("http://www.wikidata.org/entity/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


class EUUS(DefinedNamespace):
    """The euus-kg ontology: only the terms no reused vocabulary provides."""

    _fail = True
    _NS = Namespace(BASE_IRI + "ontology#")

    # classes
    Meeting: URIRef
    MeetingSeries: URIRef
    Session: URIRef
    SiteVisit: URIRef
    CouncilPresidency: URIRef
    PresidencyTrio: URIRef
    PresidencyMembership: URIRef
    MemberState: URIRef
    BorderCrossingPoint: URIRef
    SourceDocument: URIRef
    FactGraph: URIRef
    Statement: URIRef
    # object properties
    meetingKind: URIRef
    meetingStatus: URIRef
    partOfSeries: URIRef
    host: URIRef
    duringPresidency: URIRef
    prepares: URIRef
    follows: URIRef
    side: URIRef
    participationRole: URIRef
    trio: URIRef
    membership: URIRef
    republisher: URIRef
    participationBasis: URIRef
    madeAt: URIRef
    heldBy: URIRef
    statementKind: URIRef
    # datatype properties
    attributionLine: URIRef
    textSpan: URIRef
    sessionOrder: URIRef
    quote: URIRef


# Prefixes declared for Turtle output and predeclared for SPARQL queries (documented in the README).
PREFIXES: dict[str, str] = {
    "euus": str(EUUS._NS),
    "id": str(ID),
    "cv": str(CV),
    "org": str(ORG),
    "schema": str(SDO),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "foaf": str(FOAF),
    "time": str(TIME),
    "void": str(VOID),
    "sh": str(SH),
    "geo": str(GEO),
    "eli": str(ELI),
    "eurovoc": str(EUROVOC),
    "cb": str(CORPORATE_BODY),
    "country": str(COUNTRY),
    "nalrole": str(NAL_ROLE),
    "rt": str(RESOURCE_TYPE),
    "wd": str(WD),
}

#: The kinds of resource we mint IRIs for, and the pattern of the path after ``id/``.
#: Kept in one table: the SHACL shapes and ``docs/iri-policy.md`` state the same patterns.
_SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
IRI_PATTERNS: dict[str, str] = {
    "meeting": rf"meeting/\d{{4}}(-\d{{2}}){{0,2}}-{_SLUG}",
    "session": rf"meeting/\d{{4}}(-\d{{2}}){{0,2}}-{_SLUG}/session/{_SLUG}",
    "participation": rf"meeting/\d{{4}}(-\d{{2}}){{0,2}}-{_SLUG}/participation/{_SLUG}",
    "visit": rf"meeting/\d{{4}}(-\d{{2}}){{0,2}}-{_SLUG}/visit/{_SLUG}",
    "statement": rf"meeting/\d{{4}}(-\d{{2}}){{0,2}}-{_SLUG}/statement/{_SLUG}",
    "series": rf"series/{_SLUG}",
    "org": rf"org/{_SLUG}",
    "member-state": r"member-state/[a-z]{3}",
    "presidency": r"presidency/\d{4}-h[12]",
    "membership": r"presidency/\d{4}-h[12]/membership",
    "term": r"presidency/\d{4}-h[12]/term",
    "trio": r"trio/\d{4}-h[12]",
    "place": rf"place/{_SLUG}",
    "source": rf"source/{_SLUG}",
    "graph": rf"graph/{_SLUG}",
    "activity": rf"activity/{_SLUG}",
    "agent": rf"agent/{_SLUG}",
    "dataset": rf"dataset/{_SLUG}",
    "scheme": rf"scheme/{_SLUG}",
    "topic": rf"topic/{_SLUG}",
    "meeting-kind": rf"meeting-kind/{_SLUG}",
    "meeting-status": rf"meeting-status/{_SLUG}",
    "participation-role": rf"participation-role/{_SLUG}",
    "organisation-role": rf"organisation-role/{_SLUG}",
    "participation-basis": r"participation-basis/(stated|customary|inferred)",
    "statement-kind": r"statement-kind/(agreement|position|commitment)",
    "side": r"side/(eu|us)",
}

#: Written in the regex dialect shared by Python, XPath (``sh:pattern``) and SPARQL ``REGEX``: plain
#: groups only, so the shapes can state the very same expression.
IRI_REGEX = "^" + str(ID).replace(".", r"\.") + "(" + "|".join(IRI_PATTERNS.values()) + ")$"
_IRI_RE = re.compile(IRI_REGEX)


def is_minted_iri(iri: str) -> bool:
    """Tell whether ``iri`` follows one of our documented IRI patterns.

    >>> is_minted_iri("https://w3id.org/euus-kg/id/presidency/2018-h1")
    True
    >>> is_minted_iri("https://w3id.org/euus-kg/id/Presidency/2018")
    False
    """
    return _IRI_RE.match(iri) is not None


def mint(path: str) -> URIRef:
    """Return the IRI for ``path`` (relative to ``id/``) or raise if it breaks the IRI policy.

    >>> mint("place/sofia")
    rdflib.term.URIRef('https://w3id.org/euus-kg/id/place/sofia')
    """
    iri = str(ID) + path
    if not is_minted_iri(iri):
        raise ValueError(
            f"{iri!r} does not follow the euus-kg IRI policy (docs/iri-policy.md): "
            "lower-case slugs under a known kind, e.g. id/meeting/2018-02-26-<slug>"
        )
    return URIRef(iri)


def slugify(text: str) -> str:
    """Turn free text into an IRI slug.

    >>> slugify("Kapitan Andreevo BCP")
    'kapitan-andreevo-bcp'
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
