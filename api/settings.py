"""All settings of the service, from ``EUUS_*`` environment variables, a ``.env`` file or arguments."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """One settings class; invalid values stop the start with a message naming the variable."""

    model_config = SettingsConfigDict(
        env_prefix="EUUS_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    store: Path | None = Field(
        default=None,
        description="Directory of the embedded Oxigraph store; created and filled with the shipped data "
        "when empty. Unset (and no endpoint): an in-memory store.",
    )
    endpoint: str | None = Field(
        default=None, description="Base URL of a remote SPARQL 1.1 server (query, update, graph store)."
    )
    engine: Literal["oxigraph", "virtuoso", "fuseki", "generic"] | None = Field(
        default=None,
        description="The remote server's engine (graph/store/engines.py); unset: told by the endpoint URL "
        "or asked of the server.",
    )
    update_endpoint: str | None = Field(default=None, description="Update URL of the remote server.")
    store_endpoint: str | None = Field(
        default=None, description="Graph Store Protocol URL of the remote server."
    )
    write_token: SecretStr | None = Field(
        default=None, description="Bearer token that writes need; without it every write is refused."
    )
    read_only: bool = Field(default=False, description="Refuse every write, token or not.")
    query_timeout: float = Field(
        default=30.0, gt=0, le=3600, description="Seconds before a query is stopped."
    )
    max_rows: int = Field(default=100_000, gt=0, description="Most result rows a query returns (signalled).")
    max_body_bytes: int = Field(default=16 * 1024 * 1024, gt=0, description="Largest accepted request body.")
    query_workers: int = Field(default=2, ge=1, le=64, description="Query worker processes (embedded store).")
    query_workers_min: int = Field(
        default=1, ge=0, le=64, description="Query workers kept when idle; others start when all are busy."
    )
    query_worker_idle: float = Field(
        default=10.0, gt=0, le=86400, description="Seconds a worker beyond EUUS_QUERY_WORKERS_MIN stays idle."
    )
    query_workers_rest: float = Field(
        default=60.0,
        ge=0,
        le=86400,
        description="Seconds without a query after which the kept workers stop too (about 90 MB each at 1M "
        "quads); the next query starts one (~0.1-0.3 s). 0: keep them.",
    )
    answer_cache_mb: float = Field(
        default=8.0,
        ge=0,
        le=4096,
        description="MiB of small whole query answers kept for the data version they were read at, so "
        "that repeated lookups (a DESCRIBE of an IRI, in remote mode any small answer) skip the store; "
        "0: none.",
    )
    base_iri: str = Field(
        default="https://w3id.org/euus-kg/",
        description="Public base of the IRIs served here; resolves relative IRIs in updates.",
    )
    cors_origins: list[str] = Field(default=["*"], description="Origins allowed for cross-origin GET/POST.")
    validate_writes: bool = Field(
        default=True,
        description="Check every write against the SHACL shapes. Turn off only for a scratch store "
        "(the W3C protocol tests write data that is not ours).",
    )
    load_shipped_data: bool = Field(
        default=True,
        description="Put every missing or outdated shipped graph (model, vocabularies, reference data, "
        "curated sources) into the store at start; other graphs are kept.",
    )
    shacl_engine: Literal["auto", "turbo", "pyshacl"] = Field(
        default="auto",
        description="SHACL engine of the write guard: pyshacl-turbo where installed (auto), or pySHACL.",
    )
    telemetry: bool = Field(
        default=False,
        description="FastAPI's OpenTelemetry spans, metrics and logs for a configured provider. "
        "Off by default: looking for a provider costs about 5% of a small request's CPU.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)

    @model_validator(mode="after")
    def _one_backend(self) -> Self:
        if self.store is not None and self.endpoint is not None:
            raise ValueError("set EUUS_STORE (embedded store) or EUUS_ENDPOINT (remote server), not both")
        if self.write_token is not None and len(self.write_token.get_secret_value()) < 16:
            raise ValueError("EUUS_WRITE_TOKEN must be at least 16 characters long")
        if not self.base_iri.endswith(("/", "#")):
            raise ValueError("EUUS_BASE_IRI must end with '/' or '#'")
        return self

    @property
    def writes_enabled(self) -> bool:
        """Writes are possible only with a token and outside read-only mode."""
        return self.write_token is not None and not self.read_only


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
