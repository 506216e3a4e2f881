"""Server-rendered HTML pages for people, from the templates in ``api/templates``.

Everything they load (style, the query editor) is served from ``/static``: no third-party host.
Templates autoescape; the only markup built here is the timeline chart, from numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from fastapi import Request
from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.term import Node

from api.negotiation import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from graph.errors import NotAcceptable
from graph.formats import HTML as HTML_FORMAT
from graph.formats import Format, named
from graph.namespaces import ID, PREFIXES
from graph.views.describe import ResourceView
from graph.views.example_queries import EXAMPLE_QUERIES
from graph.views.pages import IndexSummary, ResourcePage

if TYPE_CHECKING:
    from jinja2 import Environment

#: The format of the pages; offered after every data format, so it answers only a browser's Accept.
HTML = named(HTML_FORMAT, "html")


def local_link(iri: str) -> str:
    """Where a page links an IRI: our own resources to their page here, others to themselves."""
    return "/id/" + iri[len(str(ID)) :] if iri.startswith(str(ID)) else iri


def _term(value: Node, label: str | None) -> Markup:
    if isinstance(value, URIRef):
        return Markup('<a href="{}">{}</a>').format(local_link(str(value)), label or str(value))
    if isinstance(value, Literal) and value.language:
        return Markup('{} <span class="lang">@{}</span>').format(str(value), value.language)
    return escape(str(value))


@cache
def templates() -> Environment:
    """The page templates, loaded by the first page (jinja2 is not needed for the first query after start)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("api", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["page_link"] = local_link
    environment.filters["term"] = _term
    return environment


def render(template: str, **context: Any) -> str:
    """Render one of the page templates."""
    return templates().get_template(template).render(**context)


def prefers_html(request: Request, offered: Iterable[Format]) -> bool:
    """Whether a request asks for a page: ``format=html``, or an Accept that ranks HTML above ``offered``.

    Data formats are listed first, so ``*/*`` and a missing Accept keep getting data.
    """
    named = request.query_params.get("format")
    if named:
        return named.strip().lower() in HTML.names or named.strip().lower() == HTML.media_type
    try:
        return negotiate((*offered, HTML), request.headers.get("accept")) is HTML
    except NotAcceptable:
        return False


def render_resource(
    view: ResourceView, alternates: list[tuple[str, str]], page: ResourcePage | None = None
) -> str:
    """The page of one resource: typed sections, statements, what points to it, and its sources."""
    hidden = page.hidden_properties if page else set()
    return render(
        "resource.html",
        title=view.label or view.iri,
        view=view,
        types=page.types if page else [],
        sections=page.sections if page else [],
        statements=[s for s in view.statements if s[0] not in hidden],
        incoming=view.incoming,
        alternates=[(name, DOWNLOAD_LABELS.get(name, media_type)) for name, media_type in alternates],
    )


def render_index(summary: IndexSummary) -> str:
    """The home page: counts, latest and next meetings, the presidency today, the timeline."""
    return render(
        "index.html",
        title="EU-US cooperation in justice and home affairs",
        summary=summary,
        chart=timeline_svg(summary.per_half_year),
        topics=str(ID) + "scheme/topics",
    )


def timeline_svg(counts: list[tuple[str, int]], height: int = 160) -> Markup:
    """A bar chart of ``(period, count)`` as inline SVG, scaled to its container; each bar has a title."""
    if not counts:
        return Markup("")
    step, top, bottom, left = 28, 14, 34, 26
    peak = max(count for _, count in counts) or 1
    width = left + step * len(counts) + 8
    plot = height - top - bottom
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" aria-labelledby="timeline-title">',
        f'<title id="timeline-title">Meetings per half-year, {escape(counts[0][0])} to '
        f"{escape(counts[-1][0])}, at most {peak} in one half-year</title>",
        f'<line class="axis" x1="{left}" y1="{top + plot}" x2="{width}" y2="{top + plot}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot}" text-anchor="end">0</text>',
    ]
    label_every = max(1, len(counts) // 12)
    for index, (period, count) in enumerate(counts):
        x = left + index * step + 4
        bar = plot * count / peak
        parts.append(
            f"<g><title>{escape(period)}: {count} meeting{'' if count == 1 else 's'}</title>"
            f'<rect class="bar" data-period="{escape(period)}" data-count="{count}" x="{x}" '
            f'y="{top + plot - bar:.1f}" width="{step - 8}" height="{bar:.1f}"/></g>'
        )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + (step - 8) / 2}" y="{top + plot + 14}" text-anchor="middle">'
                f"{escape(period[:4])}</text>"
                f'<text x="{x + (step - 8) / 2}" y="{top + plot + 27}" text-anchor="middle">'
                f"{escape(period[5:])}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - numbers and escaped period names only


#: Short names and labels of the download links of the query page.
DOWNLOAD_LABELS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV", "turtle": "Turtle",
                   "ntriples": "N-Triples", "json-ld": "JSON-LD", "rdfxml": "RDF/XML", "nquads": "N-Quads",
                   "trig": "TriG"}  # fmt: skip


def _downloads(formats: Iterable[Format]) -> list[tuple[str, str]]:
    named = [f.names[0] for f in formats if f.names]
    return [(name, DOWNLOAD_LABELS[name]) for name in named if name in DOWNLOAD_LABELS]


def render_query_page(query: str | None, endpoint: str) -> str:
    """The SPARQL query page: the editor (with ``query`` filled in and run, if given) and the examples."""
    text = query if query is not None else EXAMPLE_QUERIES[0].text
    config = {
        "endpoint": endpoint,
        "query": text,
        "examples": [example.text for example in EXAMPLE_QUERIES],
        "prefixes": PREFIXES,
        "idBase": str(ID),
    }
    return render(
        "sparql.html",
        title="SPARQL query",
        endpoint=endpoint,
        query=text,
        examples=EXAMPLE_QUERIES,
        result_formats=_downloads(RESULT_FORMATS),
        graph_formats=_downloads(GRAPH_FORMATS),
        config=config,
    )


def render_graph_list(graphs: list[dict[str, Any]]) -> str:
    """The page of ``/store`` for a browser: every graph with its size, source and downloads."""
    return render("store.html", title="Graphs", graphs=graphs, formats=_downloads(GRAPH_FORMATS[:4]))
