"""Helpers of the dashboard API tests: SPARQL answers over the same store, and whole lists across pages."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.test_api.conftest import rows

ID = "https://w3id.org/euus-kg/id/"
SOFIA_SOM = ID + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
#: The rule of the README: a meeting's topics are its own and its sessions'.
TOPICS_PATH = "(dct:subject|schema:subEvent/dct:subject)"


def sparql(client: TestClient, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT sent to the service's own ``/sparql``, every value as a string."""
    response = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    return [{key: str(value) for key, value in row.items()} for row in rows(response)]


def column(client: TestClient, query: str, name: str) -> list[str]:
    """One column of a SELECT, in the order of the answer."""
    return [row[name] for row in sparql(client, query) if name in row]


def everything(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list, following ``next`` with a small page size (so paging is exercised too)."""
    response = client.get(path, params={"limit": 7, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    items = list(body["items"])
    while body["next"]:
        body = client.get(body["next"]).json()
        items += body["items"]
    assert len(items) == body["total"]
    return items
