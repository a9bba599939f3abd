"""Which outlet a URL belongs to: the keys and hosts of ``indexer/data/outlets.yaml``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

OUTLETS_PATH = Path(__file__).parent / "data" / "outlets.yaml"


@lru_cache(maxsize=1)
def _outlet_of_host() -> dict[str, str]:
    with open(OUTLETS_PATH, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {str(host).lower().removeprefix("www."): str(key) for key, hosts in data.items() for host in hosts or ()}


def outlet_of(url: str | None) -> str | None:
    """The outlet key of ``url``: its host's (or a parent domain's) key in the outlets file, else
    the host itself without ``www.``; None for no http(s) URL."""
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    known = _outlet_of_host()
    labels = host.split(".")
    for i in range(len(labels) - 1):  # the host, then its parent domains (not the bare TLD)
        if (key := known.get(".".join(labels[i:]))) is not None:
            return key
    return host
