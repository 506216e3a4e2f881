"""Data and helpers of the ingest tests: the seed and corpus, a fixed clock, press-release text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph, Namespace

from graph.ingest import Extraction, Lexicon, extract
from graph.namespaces import ID
from graph.resources import DATA_DIR

# plain namespaces: rdflib's SDO and XSD warn when pytest looks at module attributes
SDO = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
CORPUS = Path(__file__).resolve().parent / "data" / "ingest" / "corpus"
#: The seed press release the curated Sofia graph was made from; it lives outside the repository.
# a copy of ../shared/seeds/000_0be234f73af0dcac.txt, our first source document
SEED_FILE = Path(__file__).resolve().parent / "data" / "ingest" / "seed" / "000_0be234f73af0dcac.txt"
SEED_GRAPH = DATA_DIR / "sources" / "2018-03-01-eu-us-jha-senior-officials-sofia.ttl"
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
#: A short meeting for the phrase-class tests: Slovenia holds the Presidency on its date, France is next
#: (``press_release`` dates its text December 2021).
VIENNA_MEETING = "EU and US senior officials met in Vienna on 14 December 2021. Europol attended."
VIENNA_NEXT_PRESIDENCY = "presidency/2022-h1"
SOM = ID["meeting/2018-02-26-eu-us-jha-senior-officials-sofia"]
MINISTERIAL = ID["meeting/2018-05-eu-us-jha-ministerial-sofia"]
MINISTERIAL_LJUBLJANA = (
    "The EU-US Justice and Home Affairs Ministerial Meeting took place in Ljubljana on 16 December 2021."
)
SOM_LJUBLJANA = (
    "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. "
    "The Commission took part."
)


def read(text: str, lexicon: Lexicon, name: str | None = None) -> Extraction:
    return extract(text, lexicon=lexicon, file_name=name, now=NOW)


def union(extraction: Extraction) -> Graph:
    graph = Graph()
    for g in extraction.graphs().values():
        for triple in g:
            graph.add(triple)
    return graph


def press_release(
    body: str, *, title: str = "EU and US officials meet", attribution: str | None = None
) -> str:
    line = attribution or (
        "Met dank overgenomen van Sloveens voorzitterschap Europese Unie 2e helft 2021 "
        "(Sloveens voorzitterschap) i, gepubliceerd op vrijdag 17 december 2021."
    )
    return f"{title}\n\n{line}\n\n{body}\n"
