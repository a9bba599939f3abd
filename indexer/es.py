"""The Elasticsearch client, built from settings, and the errors users can act on."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from elasticsearch import ApiError, Elasticsearch, TransportError, __versionstr__

from indexer.config import Settings, settings


class EngineError(Exception):
    """An expected failure talking to Elasticsearch, with a one-line message for the user."""


def check_url(url: str) -> str:
    """``url`` when the client can use it (http or https, a host, a port unless https's own), else an
    :class:`EngineError` that says how to write it."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:  # an unclosed [IPv6], a port that is no number or out of range
        problem = str(exc)[:1].lower() + str(exc)[1:]
    else:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problem = "it must start with http:// or https:// and name a host"
        elif port is None and parts.scheme == "http":
            problem = "it has no port"
        else:
            return url.strip()
    raise EngineError(f"ES_URL {url!r} is not a cluster's address: {problem} (e.g. http://127.0.0.1:9200)")


def client(cfg: Settings | None = None, *, timeout: float = 30, retries: int = 3) -> Elasticsearch:
    """An Elasticsearch client for ES_URL with the configured credentials.

    Connection errors and timeouts are retried by the transport (``retries``); an ES_URL the client
    cannot use is an :class:`EngineError`."""
    cfg = cfg or settings()
    kwargs: dict = {
        "request_timeout": timeout,
        "max_retries": retries,
        "retry_on_timeout": True,
    }
    if cfg.es_api_key:
        kwargs["api_key"] = cfg.es_api_key
    elif cfg.es_username:
        kwargs["basic_auth"] = (cfg.es_username, cfg.es_password or "")
    if cfg.es_ca_certs:
        kwargs["ca_certs"] = cfg.es_ca_certs
    return Elasticsearch(check_url(cfg.es_url), **kwargs)


def _error(exc: ApiError) -> dict[str, Any]:
    info = exc.info if isinstance(exc.info, dict) else {}
    err = info.get("error")
    return err if isinstance(err, dict) else {}


def reason_of(exc: ApiError) -> str:
    """What the engine said went wrong: the type and reason of the error's root cause."""
    if err := _error(exc):
        cause = (err.get("root_cause") or [err])[0]
        return f"{cause.get('type')}: {cause.get('reason')}"
    return exc.message


def describe(exc: Exception, url: str | None = None) -> str:
    """A one-line explanation of a client exception (``url``: the cluster it came from)."""
    url = url or settings().es_url
    if isinstance(exc, ApiError):
        err = _error(exc)
        if err.get("type") == "media_type_header_exception":  # a cluster of another major version
            said = (err.get("caused_by") or {}).get("reason") or err.get("reason")
            major = __versionstr__.split(".")[0]
            return (f"Elasticsearch at {url} is not version {major}: it refuses the requests of akhbar's client "
                    f"({said}). akhbar needs Elasticsearch {major}: the local engine, docker-compose, or a "
                    f"{major}.x cluster")
        return f"Elasticsearch at {url} answered {exc.status_code}: {reason_of(exc)}"
    if isinstance(exc, TransportError):
        return (
            f"cannot reach Elasticsearch at {url} ({type(exc).__name__}). "
            "Start the local engine with `akhbar engine start`, or set ES_URL to your cluster."
        )
    return f"{type(exc).__name__}: {exc}"
