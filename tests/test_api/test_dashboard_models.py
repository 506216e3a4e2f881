"""Every ``/api`` answer has exactly the shape its pydantic model (and so the OpenAPI document) declares."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.schemas import (
    MeetingDetail,
    MeetingSummary,
    Network,
    Organisation,
    OrganisationDetail,
    Page,
    Place,
    Presidency,
    PresidencyDetail,
    SearchHit,
    TimelinePoint,
    Topic,
    TopicCount,
    TopicDetail,
)

ANSWERS: list[tuple[str, type[BaseModel]]] = [
    ("/api/meetings", Page[MeetingSummary]),
    ("/api/meetings/2018-02-26-eu-us-jha-senior-officials-sofia", MeetingDetail),
    ("/api/organisations", Page[Organisation]),
    ("/api/organisations/europol", OrganisationDetail),
    ("/api/presidencies", Page[Presidency]),
    ("/api/presidencies/at?date=2018-03-01", Presidency),
    ("/api/presidencies/2018-h1", PresidencyDetail),
    ("/api/topics", Page[Topic]),
    ("/api/topics/cybercrime", TopicDetail),
    ("/api/places", Page[Place]),
    ("/api/search?q=euro", Page[SearchHit]),
    ("/api/stats/timeline?by=presidency", Page[TimelinePoint]),
    ("/api/stats/topics", Page[TopicCount]),
    ("/api/stats/network", Network),
]


def same_keys(model: type[BaseModel], value: Any, where: str) -> None:
    """Every object in ``value`` has exactly the fields of its model, recursively."""
    if isinstance(value, list):
        for n, item in enumerate(value):
            same_keys(model, item, f"{where}[{n}]")
        return
    assert set(value) == set(model.model_fields), f"{where}: {sorted(value)} != {sorted(model.model_fields)}"
    for name, field in model.model_fields.items():
        inner = _model_in(field.annotation)
        if inner is not None and value[name] is not None:
            same_keys(inner, value[name], f"{where}.{name}")


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize(("path", "model"), ANSWERS, ids=[path for path, _ in ANSWERS])
def test_answer_has_the_declared_shape(shipped_client: TestClient, path: str, model: type[BaseModel]) -> None:
    response = shipped_client.get(path)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    model.model_validate(body)
    same_keys(model, body, path)
