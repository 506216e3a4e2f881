"""Read the vendored W3C manifests (see README.md here) into plain records, with rdflib.

A manifest entry is a sequence of HTTP requests, each with the response the W3C expects: one or more
allowed statuses (``hts:Created`` or a class such as ``hts:StatusCode2xx``), and optionally an ASK
answer, a result format ("boolean", "tabular", "RDF"), response headers, an RDF body to compare by
isomorphism, and a ``$VARIABLE$`` that takes the response's ``Location`` for the requests after it.
Entries are returned in the manifests' order, following ``mf:include``.

``DEVIATIONS.md`` is read here too: its table is the one list of the W3C expectations we do not meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

HERE = Path(__file__).resolve().parent
PROTOCOL_MANIFEST = HERE / "protocol" / "manifest.ttl"
GRAPH_STORE_MANIFEST = HERE / "graph-store-protocol" / "manifest.ttl"
DEVIATIONS = HERE / "DEVIATIONS.md"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


@dataclass(frozen=True)
class Expected:
    """What the manifest expects of one response."""

    statuses: frozenset[str]  #: allowed codes ("201") and classes ("2xx")
    boolean: bool | None = None  #: mf:expectedBoolean, the answer of an ASK
    result_format: str | None = None  #: mf:expectedFormat: "boolean", "tabular" or "RDF"
    headers: tuple[tuple[str, str], ...] = ()  #: response headers, names in lower case
    body: str | None = None  #: RDF the response must be isomorphic to, in the Content-Type of ``headers``
    location_variable: str | None = None  #: mf:expectedLocation: the template that takes ``Location``

    def allows(self, status: int) -> bool:
        """Whether ``status`` is one the manifest allows."""
        return str(status) in self.statuses or f"{status // 100}xx" in self.statuses


@dataclass(frozen=True)
class Request:
    """One ``ht:Request`` of an entry, exactly as the manifest writes it."""

    method: str
    path: str  #: ht:absolutePath, with the manifest's endpoint prefix (``/sparql/``, ``/gsp``)
    headers: tuple[tuple[str, str], ...]
    body: bytes | None  #: cnt:chars encoded in cnt:characterEncoding
    expected: Expected


@dataclass(frozen=True)
class Entry:
    """One test of a manifest."""

    name: str  #: the local name of the entry's IRI, e.g. ``query_post_form``
    iri: str
    title: str  #: mf:name
    manifest: str  #: the file it is listed in, relative to this directory
    requests: tuple[Request, ...]
    graph_data: tuple[tuple[Path, str], ...]  #: ut:graphData: (file, graph IRI) to load first


def load(path: Path) -> list[Entry]:
    """The entries of the manifest at ``path`` and of the manifests it includes, in their order."""
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = URIRef(path.as_uri())
    entries: list[Entry] = []
    for included in _list(graph, graph.value(manifest, MF.include)):
        entries += load(_path(included))
    for node in _list(graph, graph.value(manifest, MF.entries)):
        entries.append(_entry(graph, node, path))
    return entries


def deviations() -> dict[str, str]:
    """The rows of the table in DEVIATIONS.md: entry name -> why we do not do what the W3C expects."""
    found: dict[str, str] = {}
    for line in DEVIATIONS.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] in ("Entry", "") or set(cells[0]) <= {"-"}:
            continue
        found[cells[0].strip("`")] = f"{cells[3]} (the W3C expects {cells[1]}; we answer {cells[2]})"
    return found


def _entry(graph: Graph, node: Node, path: Path) -> Entry:
    iri = str(node)
    action = graph.value(node, MF.action)
    requests = tuple(_request(graph, r) for r in _list(graph, graph.value(action, HT.requests)))
    data = tuple(
        (_path(graph.value(g, UT.graph)), str(graph.value(g, RDFS.label)))
        for g in graph.objects(node, UT.graphData)
    )
    return Entry(
        name=re.split(r"[#/]", iri)[-1],
        iri=iri,
        title=str(graph.value(node, MF.name)),
        manifest=str(path.relative_to(HERE)),
        requests=requests,
        graph_data=tuple(sorted(data, key=lambda item: item[1])),
    )


def _request(graph: Graph, node: Node) -> Request:
    response = graph.value(node, HT.resp)
    assert response is not None, f"a request without ht:resp in the manifest: {node}"
    boolean = graph.value(response, MF.expectedBoolean)
    result_format = graph.value(response, MF.expectedFormat)
    location = graph.value(response, MF.expectedLocation)
    expected = Expected(
        statuses=frozenset(_status(code) for code in graph.objects(response, MF.expectedStatus)),
        boolean=boolean.toPython() if isinstance(boolean, Literal) else None,
        result_format=None if result_format is None else str(result_format),
        headers=_headers(graph, response),
        body=_text(graph, graph.value(response, HT.body)),
        location_variable=None if location is None else str(location),
    )
    text = _text(graph, graph.value(node, HT.body))
    encoding = str(graph.value(graph.value(node, HT.body), CNT.characterEncoding) or "UTF-8")
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=_headers(graph, node),
        body=None if text is None else text.encode(encoding),
        expected=expected,
    )


def _status(node: Node) -> str:
    """An ``hts:`` term as a code ("201") or a class ("2xx"); the names are those of ``http.HTTPStatus``."""
    name = str(node).removeprefix(str(HTS))
    if match := re.fullmatch(r"StatusCode([1-5])xx", name):
        return f"{match.group(1)}xx"
    return str(HTTPStatus[re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).upper()].value)  # NoContent -> NO_CONTENT


def _headers(graph: Graph, node: Node) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(graph.value(h, HT.fieldName)).lower(), str(graph.value(h, HT.fieldValue)))
        for h in _list(graph, graph.value(node, HT.headers))
    )


def _text(graph: Graph, body: Node | None) -> str | None:
    if body is None:
        return None
    assert (body, RDF.type, CNT.ContentAsText) in graph, f"a body that is not cnt:ContentAsText: {body}"
    return str(graph.value(body, CNT.chars))


def _path(node: Node | None) -> Path:
    """The local file a ``file:`` IRI names (the manifests' relative IRIs resolve against their file)."""
    return Path(url2pathname(urlparse(str(node)).path))


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return [] if head is None else list(Collection(graph, head))
