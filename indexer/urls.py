"""Canonical article URLs: one form for the many ways a page's address is written."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from indexer.data_files import checked, read_yaml
from indexer.text import clean_display

URL_PARAMS_PATH = Path(__file__).parent / "data" / "url_params.yaml"
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters that must stay escaped in a decoded path segment or query part.
_PATH_ESCAPES = {"%": "%25", "/": "%2F", "?": "%3F", "#": "%23", " ": "%20"}
_QUERY_ESCAPES = {**_PATH_ESCAPES, "&": "%26", "=": "%3D", "+": "%2B"}
# An address in a web archive: the archived page's own address after the time of the capture, as the
# Wayback Machine, Archive-It, arquivo.pt and the national web archives write it (Memento style,
# ``…/web/20200208143000/https://…``, a flag such as ``id_`` after the time) and archive.today
# (``archive.ph/2020.02.08-143000/https://…``).
_ARCHIVED = re.compile(r"/(?P<stamp>\d{4,14}|\d{4}\.\d\d\.\d\d-\d{6})(?:[a-z]{2}_)?/+(?=https?:/|www\.)",
                       re.IGNORECASE)  # searched for in an address's path: the time, then the page's address
_ARCHIVED_SCHEME = re.compile(r"^(https?):/+", re.IGNORECASE)  # archives write ``https:/site`` as well


class ArchivedCopy(NamedTuple):
    """A page's copy in a web archive: the page's own address, and when the copy was made (ISO, UTC;
    None when the archive's address gives no day)."""

    original: str
    captured: str | None


def archived_copy(url: str | None) -> ArchivedCopy | None:
    """The page an address in a web archive is a copy of (the Wayback Machine's
    ``https://web.archive.org/web/20200208143000/https://www.aljazeera.net/…``), else None."""
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    host = url.find("//") + 2
    path = min((i for i in (url.find(mark, host) for mark in "/?#") if i >= 0), default=-1)  # where the host ends
    found = _ARCHIVED.search(url, path) if path > 0 and url[path] == "/" else None
    if found is None or any(mark in url[path:found.start()] for mark in "?#") or any(map(str.isspace, url)):
        return None  # no time in the path (one in the query is not an archive's)
    original = _ARCHIVED_SCHEME.sub(lambda m: m[1] + "://", url[found.end():], count=1)
    digits = found["stamp"].replace(".", "").replace("-", "")
    try:  # a time, to the year at least (the Wayback Machine's short links), or a number in a site's path
        stamp = datetime.strptime(digits, "%Y%m%d%H%M%S"[: len(digits) - 2]) if len(digits) % 2 == 0 else None
    except ValueError:
        stamp = None
    if stamp is None or stamp.year < 1991:  # the web before it had no archive
        return None
    captured = stamp if len(digits) >= 8 else None
    return ArchivedCopy(original, captured.isoformat() + "+00:00" if captured else None)


@lru_cache(maxsize=1)
def _url_param_rules() -> tuple[frozenset[str], tuple[str, ...]]:
    with checked(URL_PARAMS_PATH):
        data = read_yaml(URL_PARAMS_PATH) or {}
        drop = frozenset(str(p).lower() for p in data.get("drop", ()))
        prefixes = tuple(str(p).lower() for p in data.get("drop_prefixes", ()))
    return drop, prefixes


def _drop_param(name: str) -> bool:
    drop, prefixes = _url_param_rules()
    low = name.lower()
    return low in drop or low.startswith(prefixes)


@lru_cache(maxsize=8)
def _escape_finder(chars: str) -> re.Pattern[str]:
    """Regex for the characters :func:`_decode_part` re-escapes: ``chars`` and C0 controls."""
    return re.compile("[" + re.escape(chars) + "\x00-\x1f]")


def _decode_part(part: str, escapes: dict[str, str]) -> str:
    """Percent-decode (UTF-8, NFC), then re-escape only characters that would change the meaning."""
    decoded = unquote(part, errors="strict") if "%" in part else part
    if "\ufffd" in decoded and "\ufffd" not in part:
        decoded = part
    decoded = unicodedata.normalize("NFC", decoded)
    if not _escape_finder("".join(escapes)).search(decoded):
        return decoded  # the common case: nothing to re-escape
    return "".join(escapes.get(ch, f"%{ord(ch):02X}" if ord(ch) < 0x20 else ch) for ch in decoded)


def _safe_unquote(part: str, escapes: dict[str, str] = _PATH_ESCAPES) -> str:
    try:
        return _decode_part(part, escapes)
    except UnicodeDecodeError:
        return part


def canonical_url(url: str | None) -> str | None:
    """Canonical form of an article URL, or None when ``url`` is not an http(s) URL.

    Lower-cases scheme and host, drops fragment, default port, trailing slash and page-variant
    query parameters (``indexer/data/url_params.yaml``), keeps article ids in the query, and
    decodes percent-escapes so raw and encoded Arabic slugs agree. A copy in a web archive is known
    by the page's own address (:func:`archived_copy`).
    """
    if not url:
        return None
    url = clean_display(url).replace("\n", "").replace(" ", "%20")
    if (copy := archived_copy(url)) is not None:
        url = copy.original
    if url.startswith("//"):
        url = "http:" + url
    elif not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url) and re.match(r"^www\.", url, re.IGNORECASE):
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    segments = [_safe_unquote(s) for s in parts.path.split("/")]
    path = "/".join(segments).rstrip("/") or "/"
    params = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k and not _drop_param(k)
    ]
    query = "&".join(
        f"{_safe_unquote(k, _QUERY_ESCAPES)}={_safe_unquote(v, _QUERY_ESCAPES)}" if v
        else _safe_unquote(k, _QUERY_ESCAPES)
        for k, v in sorted(params)
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def url_variants(url: str) -> list[str]:
    """The canonical forms under which an archive may hold the page at ``url``: either scheme, with
    and without ``www.`` (scrapes write one page every way); [] when ``url`` is no http(s) URL."""
    canon = canonical_url(url)
    if canon is None:
        return []
    parts = urlsplit(canon)
    bare = parts.netloc.removeprefix("www.")
    return sorted({canon} | {urlunsplit((scheme, host, *parts[2:])) for scheme in _DEFAULT_PORTS
                             for host in (bare, f"www.{bare}")})
