"""Search test fixtures: an Elasticsearch client and an alias holding the seeds + a SaudiNewsNet sample.

If ``tests/conftest.py`` provides the shared ``es``/``seeded_alias`` fixtures (filled by the
real indexing pipeline) they are used; otherwise a throwaway loader fills a ``dev-search-*``
index that is dropped at the end of the session. Tests only rely on :func:`seed_of`."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch, helpers

from indexer.es import client
from indexer.mappings import drop, ensure_index

CORPUS = Path("/work/shared/corpus")
SEEDS_DIR = CORPUS / "seeds"
SNN_FILE = CORPUS / "saudinewsnet" / "2015-08-10.jsonl.gz"
SNN_SAMPLE = 400
# AKHBAR_SEARCH_FIXTURES=dev: always use the throwaway loader below, never the shared fixtures.
DEV_ONLY = os.environ.get("AKHBAR_SEARCH_FIXTURES") == "dev"

PUTIN, ERDOGAN, PESKOV, LAVROV = "فلاديمير بوتين", "رجب طيب أردوغان", "دميتري بيسكوف", "سيرغي لافروف"

# A sentence found in one seed only: identifies the seed whatever loader indexed it.
SEED_MARKERS = {
    "000": "14 من تشرين الأول",
    "001": "تقوض روح أستانة",
    "002": "بعيد ميلاده",
    "003": "إبراهيم قالن",
    "004": "معاذ الراوي",
}
_SEED_META: dict[str, dict[str, Any]] = {
    "000": {"published": None, "actors": [ERDOGAN, PUTIN], "topics": ["politics", "syria"]},
    "001": {"published": None, "actors": [ERDOGAN, PUTIN], "topics": ["politics", "syria"]},
    "002": {"published": "2021-10-07", "actors": [ERDOGAN, PUTIN, PESKOV], "topics": ["politics"]},
    "003": {"published": None, "actors": [ERDOGAN, PUTIN, PESKOV], "topics": ["politics", "syria"]},
    "004": {"published": "2020-02-08", "actors": [ERDOGAN, PUTIN, LAVROV], "topics": ["politics", "syria"]},
}


def seed_of(doc: dict[str, Any]) -> str | None:
    """Which seed (``"000"``…``"004"``) a document's ``_source`` is, or None."""
    text = " ".join(" ".join(str(doc.get(k) or "") for k in ("title_display", "body_display")).split())
    for seed, marker in SEED_MARKERS.items():
        if marker in text:
            return seed
    return None


def seeds_in(es: Elasticsearch, index: str, ids: list[str]) -> set[str]:
    """The seeds among documents ``ids`` of ``index``."""
    if not ids:
        return set()
    docs = es.mget(index=index, ids=ids, source=["title_display", "body_display"])["docs"]
    return {s for d in docs if d.get("found") and (s := seed_of(d["_source"]))}


def _doc(ref: str, title: str, body: str, **extra: Any) -> dict[str, Any]:
    return {
        "ref": ref,
        "title": title,
        "body": body,
        "title_display": title,
        "body_display": body,
        "content_hash": hashlib.sha1(body.encode()).hexdigest(),
        "dup_group": ref,
        "dup_count": 1,
        **{k: v for k, v in extra.items() if v is not None},
    }


def dev_docs() -> Iterator[dict[str, Any]]:
    """Seeds with hand-set metadata, then the first SaudiNewsNet records of one day."""
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        seed = path.name[:3]
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()]
        meta = _SEED_META[seed]
        yield _doc(f"seed-{seed}", lines[0].strip(), "\n".join(lines[1:]).strip(), source="seeds", **meta)
    with gzip.open(SNN_FILE, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= SNN_SAMPLE:
                break
            rec = json.loads(line)
            body = rec.get("content") or ""
            actors = [a for a, w in ((PUTIN, "بوتين"), (ERDOGAN, "أردوغان")) if w in body]
            yield _doc(
                f"snn-{n:04d}",
                rec.get("title") or "",
                body,
                source=rec.get("source"),
                url=rec.get("url"),
                author=rec.get("author") or None,
                published=(rec.get("date_extracted") or "")[:10] or None,
                crawled=rec.get("date_extracted"),
                actors=actors,
                topics=["saudi"] if "السعودية" in body else [],
            )


def load(es: Elasticsearch, alias: str, docs: list[dict[str, Any]] | Iterator[dict[str, Any]]) -> int:
    """Index ``docs`` (``_id`` = ``ref``) into ``alias`` and refresh."""
    actions = ({"_index": alias, "_id": d["ref"], "_source": d} for d in docs)
    ok, _ = helpers.bulk(es, actions, refresh="wait_for")
    return ok


@pytest.fixture(scope="session")
def search_es(request: pytest.FixtureRequest) -> Elasticsearch:
    """The shared ``es`` fixture when conftest has one, else a client to ES_URL (skip if down)."""
    if not DEV_ONLY:
        try:
            return request.getfixturevalue("es")
        except pytest.FixtureLookupError:
            pass
    es = client(retries=0, timeout=10)
    try:
        es.cluster.health()
    except Exception as exc:
        pytest.skip(f"no Elasticsearch: {exc}")
    return es


@pytest.fixture(scope="session")
def search_alias(request: pytest.FixtureRequest, search_es: Elasticsearch) -> Iterator[str]:
    """An alias holding the five seeds and a SaudiNewsNet sample.

    The shared ``seeded_alias`` (real pipeline) when available and working, else the dev loader."""
    if not DEV_ONLY:
        try:
            shared = request.getfixturevalue("seeded_alias")
        except pytest.FixtureLookupError:
            shared = None
        except Exception as exc:  # the pipeline is still being built: fall back, but say so
            warnings.warn(f"seeded_alias failed ({str(exc)[:200]}…); using the dev-search loader", stacklevel=1)
            shared = None
        if shared:
            yield shared
            return
    alias = f"dev-search-{uuid.uuid4().hex[:8]}"
    ensure_index(search_es, alias)
    try:
        load(search_es, alias, dev_docs())
        yield alias
    finally:
        drop(search_es, alias)
