"""Settings read from the environment (and a `.env` file): which cluster, which index."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Connection and naming settings; every field can be set as an environment variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    es_url: str = Field("http://127.0.0.1:9200", description="Elasticsearch URL (ES_URL)")
    es_api_key: str | None = Field(None, description="API key for ES_URL (ES_API_KEY)")
    es_username: str | None = Field(None, description="Basic-auth user (ES_USERNAME)")
    es_password: str | None = Field(None, description="Basic-auth password (ES_PASSWORD)")
    es_ca_certs: str | None = Field(None, description="CA bundle for an HTTPS cluster (ES_CA_CERTS)")
    akhbar_index: str = Field("news", description="Index alias that commands read and write (AKHBAR_INDEX)")
    akhbar_ledger: str = Field("akhbar-ledger", description="Index of the files loaded, to skip (AKHBAR_LEDGER)")


@lru_cache
def settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
