"""The one table of formats: media type, short names, file endings, serializers, what each can carry.

Every place that names a format (``format=``, a file-extension override, ``euus export --format``,
dump file names, the VoID description of the dumps) looks it up here, so a name that works in one
place works in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
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
        """The canonical short name."""
        return self.names[0]

    @property
    def extension(self) -> str:
        """The file ending we write, without the dot."""
        return self.extensions[0]

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
    "application/rdf+xml", ("rdfxml", "rdf", "rdf+xml", "xml", "owl"), ("rdf", "owl"), "xml",
    ox.RdfFormat.RDF_XML, "graph",
)  # fmt: skip
N_QUADS = Format(
    "application/n-quads", ("nquads", "nq", "n-quads"), ("nq",), "nquads", ox.RdfFormat.N_QUADS, "dataset"
)
TRIG = Format("application/trig", ("trig",), ("trig",), "trig", ox.RdfFormat.TRIG, "dataset")
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
    names = [fmt.name for fmt in among]
    for fmt in among:
        names += [n for n in (*fmt.names, *fmt.extensions) if n not in names]
    return names


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
