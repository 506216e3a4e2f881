"""Where the shipped ontology, shapes and curated data live: the only module that knows.

In a source checkout ``ontology/`` and ``shapes/`` sit beside ``graph/``; in an installed wheel they
are inside ``graph/_resources/`` (see ``[tool.hatch.build.targets.wheel.force-include]``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from graph.namespaces import EUUS, mint

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_resources"
_ROOT = _BUNDLED if (_BUNDLED / "ontology").is_dir() else _PACKAGE.parent

ONTOLOGY_DIR = _ROOT / "ontology"
SHAPES_DIR = _ROOT / "shapes"
CHECKS_DIR = ONTOLOGY_DIR / "checks"
DATA_DIR = _PACKAGE / "data"

#: The ontology's own IRI (its terms are fragments of it: ``.../ontology#Meeting``).
ONTOLOGY_IRI = URIRef(str(EUUS._NS).rstrip("#"))
#: Graphs that describe the model itself rather than facts; they need no source document.
MODEL_GRAPHS = frozenset({"ontology", "meeting-vocabularies", "topics"})


@dataclass(frozen=True)
class DataFile:
    """A shipped Turtle file and the named graph it is loaded into."""

    path: Path
    graph: URIRef
    kind: str  # "model", "reference" or "source"


def _graph_for(path: Path) -> URIRef:
    return mint(f"graph/{path.stem}")


def model_files() -> list[DataFile]:
    """The ontology (with the reused terms it imports) and its SKOS vocabularies."""
    ontology_graph = mint("graph/ontology")
    files = [
        DataFile(ONTOLOGY_DIR / "euus.ttl", ontology_graph, "model"),
        DataFile(ONTOLOGY_DIR / "imports.ttl", ontology_graph, "model"),
    ]
    files += [DataFile(p, _graph_for(p), "model") for p in sorted((ONTOLOGY_DIR / "vocab").glob("*.ttl"))]
    return files


def reference_files() -> list[DataFile]:
    """Reference data: organisations, Member States, presidencies, places, series."""
    return [DataFile(p, _graph_for(p), "reference") for p in sorted((DATA_DIR / "reference").glob("*.ttl"))]


def source_files() -> list[DataFile]:
    """Curated source documents, one named graph each."""
    return [DataFile(p, _graph_for(p), "source") for p in sorted((DATA_DIR / "sources").glob("*.ttl"))]


def shipped_files() -> list[DataFile]:
    """Every file of the shipped dataset, model first."""
    return model_files() + reference_files() + source_files()


@cache
def shipped_versions() -> dict[URIRef, str]:
    """The version of each shipped graph: ``sha256:`` and the digest of the bytes of its files.

    Each shipped graph carries it as ``<graph> owl:versionInfo "..."`` (added by the build), so a
    store tells which version of each shipped graph it holds, and an outdated one can be replaced.
    """
    digests: dict[URIRef, hashlib._Hash] = {}
    for data_file in shipped_files():
        digests.setdefault(data_file.graph, hashlib.sha256()).update(data_file.path.read_bytes())
    return {graph: f"sha256:{digest.hexdigest()}" for graph, digest in digests.items()}


def shipped_version() -> str:
    """One digest over every shipped graph's version: what ``euus serve`` logs the store holds."""
    whole = hashlib.sha256("\n".join(f"{g} {v}" for g, v in sorted(shipped_versions().items())).encode())
    return whole.hexdigest()[:12]


@cache
def ontology_graph() -> Graph:
    """The ontology as shipped, ``ontology/euus.ttl`` (parsed once; callers must not modify it)."""
    from graph.namespaces import PREFIXES

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(ONTOLOGY_DIR / "euus.ttl", format="turtle")
    return graph


def dataset_licence() -> URIRef | None:
    """The licence the ontology declares; the shipped data is published under the same (EUPL-1.2)."""
    value = ontology_graph().value(ONTOLOGY_IRI, DCTERMS.license)
    return value if isinstance(value, URIRef) else None


def shapes_files() -> list[Path]:
    """The SHACL shapes files, Violation and Warning severities alike."""
    return sorted(SHAPES_DIR.glob("*.ttl"))


def check_queries() -> list[Path]:
    """Quality-check SPARQL files that must return no rows."""
    return sorted(CHECKS_DIR.glob("*.rq"))
