"""Pages for people over HTTP: who gets a page, who keeps getting data, and that nothing comes from elsewhere."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import media_type, rdf_dataset, rows

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"}
PAGES = ["/", "/sparql", "/store", "/docs", "/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"]


class Assets(HTMLParser):
    """The URLs a page loads by itself: scripts, style sheets, icons, images, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("script", "img", "iframe") and found.get("src"):
            self.urls.append(found["src"] or "")
        if tag == "link" and found.get("href"):
            self.urls.append(found["href"] or "")


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_assets_only_from_the_service(shipped_client: TestClient, path: str) -> None:
    page = shipped_client.get(path, headers=BROWSER)
    assert page.status_code == 200 and media_type(page) == "text/html"
    parser = Assets()
    parser.feed(page.text)
    local = [url for url in parser.urls if not url.startswith("data:")]
    assert local, "a page without its style sheet"
    assert all(url.startswith("/") and not url.startswith("//") for url in local), local
    for url in local:
        assert shipped_client.get(url).status_code == 200, url


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle", "application/ld+json"])
def test_clients_keep_the_service_description(shipped_client: TestClient, accept: str | None) -> None:
    response = shipped_client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert media_type(response) != "text/html"


def test_a_browser_gets_the_query_page_with_its_query(shipped_client: TestClient) -> None:
    query = 'SELECT ?m WHERE { ?m a euus:Meeting FILTER(?m != <urn:x:"&>) }'
    page = shipped_client.get("/sparql", params={"query": query}, headers=BROWSER)
    assert media_type(page) == "text/html" and "/static/yasgui/yasgui.min.js" in page.text
    assert "&lt;urn:x:&#34;&amp;&gt;" in page.text  # escaped, in the form and the editor's settings
    data = shipped_client.get("/sparql", params={"query": "SELECT ?m WHERE { ?m a euus:Meeting }"})
    assert media_type(data) == "application/sparql-results+json" and rows(data)
    named = shipped_client.get("/sparql", params={"format": "html"}, headers={"Accept": "text/turtle"})
    assert media_type(named) == "text/html"


def test_store_lists_graphs_for_a_browser_and_dumps_for_clients(shipped_client: TestClient) -> None:
    dump = rdf_dataset(shipped_client.get("/store"))
    names = {
        str(g.identifier) for g in dump.graphs() if len(g) and str(g.identifier) != "urn:x-rdflib:default"
    }
    page = shipped_client.get("/store", headers=BROWSER)
    assert media_type(page) == "text/html"
    assert page.text.count("<tr>") - 1 == len(names)  # one row per graph, under the header row
    assert all(f"<code>{name}</code>" in page.text for name in names)


def test_openapi_names_the_html_answers(shipped_client: TestClient) -> None:
    paths = shipped_client.get("/openapi.json").json()["paths"]
    assert "text/html" in paths["/sparql"]["get"]["responses"]["200"]["content"]
    assert "text/html" in paths["/store"]["get"]["responses"]["200"]["content"]
