"""The one table of formats: media type, short names, file endings, serializers, what each can carry.

Every place that names a format (``format=``, a file-extension override, ``euus export --format``,
dump file names, the VoID description of the dumps) looks it up here, so a name that works in one
place works in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import pyoxigraph as ox

from graph.errors import InvalidInput

#: What a format can hold: one graph, a dataset (named graphs kept), query results, or a page.
Carries = Literal["graph", "dataset", "results", "page"]


@dataclass(frozen=True)
class Format:
    """One format.

    Attributes:
        name: the canonical short name (the first of ``names``).
        media_type: the media type (``Content-Type`` without parameters).
        names: every short name accepted for it, canonical first; file endings count as names too.
        extensions: file endings without the dot, the one we write first.
        rdflib: the rdflib serializer/parser name, if rdflib has one.
        oxigraph: the pyoxigraph format, if pyoxigraph has one.
        carries: what it can hold.
    """

    media_type: str
    names: tuple[str, ...]
    extensions: tuple[str, ...]
    rdflib: str | None
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None
    carries: Carries

    @property
    def name(self) -> str:
        """The canonical short name (the media type for an alias that has no name of its own)."""
        return self.names[0] if self.names else self.media_type

    @property
    def extension(self) -> str:
        """The file ending we write, without the dot."""
        return self.extensions[0]

    @property
    def iri(self) -> str | None:
        """The format's IRI in the W3C formats registry (https://www.w3.org/ns/formats/), if it has one.

        pyoxigraph knows them, but names JSON-LD by its 1.1 data profile; the registry's is older.
        """
        if self.oxigraph == ox.RdfFormat.JSON_LD:
            return "http://www.w3.org/ns/formats/JSON-LD"
        return self.oxigraph.iri if self.oxigraph is not None else None

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (all our text formats are UTF-8)."""
        return f"{self.media_type}; charset=utf-8"

    @property
    def keeps_graphs(self) -> bool:
        """Whether named graphs survive in this format."""
        return self.carries == "dataset"

    def matches(self, name: str) -> bool:
        """Whether ``name`` (a short name, file ending or media type, any case) means this format."""
        key = name.strip().lower().lstrip(".")
        return key in self.names or key in self.extensions or key == self.media_type


TURTLE = Format("text/turtle", ("turtle", "ttl"), ("ttl",), "turtle", ox.RdfFormat.TURTLE, "graph")
N_TRIPLES = Format(
    "application/n-triples", ("ntriples", "nt", "n-triples"), ("nt",), "nt", ox.RdfFormat.N_TRIPLES, "graph"
)
JSON_LD = Format(
    "application/ld+json", ("jsonld", "json-ld"), ("jsonld",), "json-ld", ox.RdfFormat.JSON_LD, "dataset"
)
RDF_XML = Format(
    "application/rdf+xml", ("rdfxml", "rdf", "rdf+xml", "xml", "owl", "rdf/xml"), ("rdf", "owl"), "xml",
    ox.RdfFormat.RDF_XML, "graph",
)  # fmt: skip
N_QUADS = Format(
    "application/n-quads", ("nquads", "nq", "n-quads"), ("nq",), "nquads", ox.RdfFormat.N_QUADS, "dataset"
)
TRIG = Format("application/trig", ("trig",), ("trig",), "trig", ox.RdfFormat.TRIG, "dataset")
N3 = Format("text/n3", ("n3",), ("n3",), "n3", ox.RdfFormat.N3, "graph")
HTML = Format("text/html", ("html", "htm"), ("html",), None, None, "page")
SPARQL_JSON = Format(
    "application/sparql-results+json",
    ("json", "srj"),
    ("srj",),
    "json",
    ox.QueryResultsFormat.JSON,
    "results",
)
SPARQL_XML = Format(
    "application/sparql-results+xml", ("xml", "srx"), ("srx",), "xml", ox.QueryResultsFormat.XML, "results"
)
CSV = Format("text/csv", ("csv",), ("csv",), "csv", ox.QueryResultsFormat.CSV, "results")
TSV = Format("text/tab-separated-values", ("tsv",), ("tsv",), "tsv", ox.QueryResultsFormat.TSV, "results")

#: Every format, RDF first.
FORMATS: tuple[Format, ...] = (
    TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG, HTML, SPARQL_JSON, SPARQL_XML, CSV, TSV,
)  # fmt: skip

#: Every RDF format a store reads or writes (``euus load``, ``Store.load``, ``negotiate_format``).
RDF_FORMATS: tuple[Format, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG, N3)

#: The formats a dataset's files may be in (``euus build``), by their file endings.
DATA_FILE_FORMATS: tuple[Format, ...] = (TURTLE, N_TRIPLES, N_QUADS, TRIG, RDF_XML, JSON_LD)

#: The formats of the dumps (``/export/...`` and ``euus export``), in the order the VoID lists them.
DUMP_FORMATS: tuple[Format, ...] = (N_QUADS, TRIG, TURTLE, N_TRIPLES, JSON_LD)

#: The formats a resource description answers in; the first one answers ``*/*``.
DESCRIPTION_FORMATS: tuple[Format, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)

#: Descriptions for people and machines alike: HTML first, so that a browser gets a page.
PAGE_FORMATS: tuple[Format, ...] = (HTML, *DESCRIPTION_FORMATS)


def find_format(name: str, among: tuple[Format, ...] = FORMATS) -> Format:
    """The format ``name`` means (short name, file ending or media type), the first match ``among``.

    >>> find_format("ttl").media_type, find_format("nquads", DUMP_FORMATS).extension
    ('text/turtle', 'nq')

    Raises:
        InvalidInput: ``name`` is none of them; the message lists what is known.
    """
    for fmt in among:
        if fmt.matches(name):
            return fmt
    known = ", ".join(fmt.name for fmt in among)
    raise InvalidInput(f"unknown format {name!r} (known: {known}, their file endings or media types)")


def accepted_names(among: tuple[Format, ...]) -> list[str]:
    """Every short name and file ending of ``among``, canonical names first, without repeats."""
    every = [fmt.name for fmt in among] + [n for fmt in among for n in (*fmt.names, *fmt.extensions)]
    return list(dict.fromkeys(every))


def split_extension(path: str, among: tuple[Format, ...]) -> tuple[str, Format | None]:
    """Split a path that may end in a known file ending: ``("org/europol", TURTLE)`` for ``org/europol.ttl``.

    >>> split_extension("org/europol.ttl", PAGE_FORMATS)[0]
    'org/europol'
    >>> split_extension("org/europol", PAGE_FORMATS)[1] is None
    True
    """
    stem, dot, ending = path.rpartition(".")
    if dot and "/" not in ending:
        for fmt in among:
            if ending.lower() in fmt.extensions or ending.lower() in fmt.names:
                return stem, fmt
    return path, None


def named(fmt: Format, *names: str) -> Format:
    """``fmt`` accepting exactly ``names`` (a response that takes fewer or other short names)."""
    return replace(fmt, names=names)


def alias(fmt: Format, media_type: str, *names: str) -> Format:
    """``fmt`` sent and accepted under another media type (``text/plain`` for N-Triples)."""
    return replace(fmt, media_type=media_type, names=names, extensions=())


#: Aliases that clients send or ask for and that we read as the format they name.
N_TRIPLES_AS_TEXT = alias(N_TRIPLES, "text/plain")
JSON_LD_AS_JSON = alias(JSON_LD, "application/json", "json")
SPARQL_JSON_AS_JSON = alias(SPARQL_JSON, "application/json")
SPARQL_XML_AS_XML = alias(SPARQL_XML, "application/xml")

# The response tables of the service: each lists its formats in order of preference, the first
# one answers ``*/*`` and a missing Accept; ``names`` are what ``format=`` takes there.
#: SELECT results (``/sparql``).
RESULT_FORMATS: tuple[Format, ...] = (
    SPARQL_JSON, SPARQL_XML, CSV, TSV, SPARQL_JSON_AS_JSON, SPARQL_XML_AS_XML,
)  # fmt: skip
#: ASK results: no tables.
ASK_FORMATS: tuple[Format, ...] = tuple(f for f in RESULT_FORMATS if f not in (CSV, TSV))
#: CONSTRUCT/DESCRIBE results and graphs of the Graph Store.
GRAPH_FORMATS: tuple[Format, ...] = (
    TURTLE, N_TRIPLES, named(JSON_LD, "json-ld", "jsonld"), named(RDF_XML, "rdfxml", "rdf+xml", "rdf", "xml"),
    N_QUADS, TRIG, N_TRIPLES_AS_TEXT, JSON_LD_AS_JSON,
)  # fmt: skip
#: The whole store from the Graph Store: the quad formats of ``GRAPH_FORMATS``.
STORE_DUMP_FORMATS: tuple[Format, ...] = (N_QUADS, TRIG)
#: One graph of the Graph Store: ``GRAPH_FORMATS`` but the quad formats.
TRIPLE_FORMATS: tuple[Format, ...] = tuple(f for f in GRAPH_FORMATS if f not in STORE_DUMP_FORMATS)
#: The service description of ``/sparql`` (a GET without a query).
SERVICE_DESCRIPTION_FORMATS: tuple[Format, ...] = (
    TURTLE, named(JSON_LD, "json-ld", "jsonld", "json"), named(RDF_XML, "rdfxml", "xml"),
    named(N_TRIPLES, "ntriples", "nt"),
)  # fmt: skip
#: The SHACL report of a refused write, as RDF (a JSON summary comes first, from ``api``).
REPORT_RDF_FORMATS: tuple[Format, ...] = (TURTLE, named(JSON_LD, "json-ld", "jsonld"))
#: What a graph may be sent in (Graph Store bodies and their parts).
INPUT_FORMATS: tuple[Format, ...] = (TURTLE, N_TRIPLES, RDF_XML, JSON_LD, N_TRIPLES_AS_TEXT)

#: What a query result can be asked for, by media type, in the order of ``media_types_for``.
QUERY_SOLUTION_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_JSON_AS_JSON, SPARQL_XML, CSV, TSV)
QUERY_GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, N_TRIPLES, N_QUADS, TRIG, JSON_LD, RDF_XML)


def find_in(among: tuple[Format, ...], name: str) -> Format | None:
    """The first format ``among`` that ``name`` means, or ``None``."""
    return next((fmt for fmt in among if fmt.matches(name)), None)
