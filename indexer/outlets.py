"""Outlets: which one a URL belongs to, and their names (``indexer/data/outlets.yaml``)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from indexer.data_files import checked, read_yaml
from indexer.text import fold

OUTLETS_PATH = Path(__file__).parent / "data" / "outlets.yaml"


@lru_cache(maxsize=1)
def _outlets() -> dict[str, dict]:
    with checked(OUTLETS_PATH):
        return {str(key): value or {} for key, value in (read_yaml(OUTLETS_PATH) or {}).items()}


@lru_cache(maxsize=1)
def _outlet_of_host() -> dict[str, str]:
    return {str(host).lower().removeprefix("www."): key
            for key, outlet in _outlets().items() for host in outlet.get("hosts") or ()}


@lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """The name of each outlet key that has one (``aawsat`` -> ``الشرق الأوسط``); read once, not to be
    changed by callers."""
    return {key: str(outlet["name"]) for key, outlet in _outlets().items() if outlet.get("name")}


def outlet_name(key: str) -> str:
    """The name of an outlet (``aawsat`` -> ``الشرق الأوسط``), or its key if it has none."""
    return outlet_names().get(key, key)


def outlet_and_key(key: str) -> str:
    """An outlet for a terminal: its name and key (``عكاظ (okaz)``), or its key if it has no name."""
    name = outlet_names().get(key)
    return f"{name} ({key})" if name else key


_OUTLET_WORD = re.compile(r"^(?:صحيفه|جريده|موقع|قناه|مجله|وكاله)\s+")  # folded: a newspaper, a site…


def outlet_key(name: str) -> str:
    """The key of the outlet a user names by key, name, site or address (``okaz``, ``عكاظ``, ``صحيفة
    عكاظ``, ``okaz.com.sa``, ``https://www.okaz.com.sa/x``: ``okaz``; hamza and case aside); else as
    given."""
    name = name.strip()
    if name.lower() in _outlets():
        return name.lower()
    if (host := site_host(name)) and (key := outlet_of(f"http://{host}/")):
        return key
    folded = fold(name)
    bare = _OUTLET_WORD.sub("", folded)  # «صحيفة عكاظ», «جريدة الرياض»: the outlet's own name
    by_name = _key_of_name()
    return by_name.get(folded) or by_name.get(bare) or name


@lru_cache(maxsize=1)
def _key_of_name() -> dict[str, str]:
    """Each outlet's key by its folded name (the first outlet of a name wins, as the list goes)."""
    keys: dict[str, str] = {}
    for key, known in outlet_names().items():
        keys.setdefault(fold(known), key)
    return keys


def site_host(site: str) -> str | None:
    """The host (without ``www.``) of a site or address a user typed (``www.okaz.com.sa``,
    ``https://okaz.com.sa/x``: ``okaz.com.sa``); None for an outlet's key or name."""
    if "." not in site or " " in site.strip():
        return None
    try:
        host = urlsplit(site.strip() if "://" in site else f"http://{site.strip()}").hostname
    except ValueError:
        return None
    host = (host or "").strip(".").removeprefix("www.")
    return host if "." in host else None


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
