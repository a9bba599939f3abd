"""Index settings and mappings from ``mappings/``, and the alias that fronts a versioned index.

Commands address an alias (``news``); the data lives in ``news-v1``, ``news-v2``… so an index
can be rebuilt beside the old one and the alias switched in one atomic step."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from elasticsearch import AuthorizationException, BadRequestError, Elasticsearch

from indexer.es import reason_of

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"


def index_body(name: str = "news") -> dict[str, Any]:
    """Settings and mappings from ``mappings/<name>.json`` (keys starting with ``_`` are comments)."""
    data = json.loads((MAPPINGS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _versions(es: Elasticsearch, alias: str) -> list[str]:
    found = es.indices.get(index=f"{alias}-v*", allow_no_indices=True, expand_wildcards="all")
    pattern = re.compile(rf"^{re.escape(alias)}-v(\d+)$")
    return sorted((n for n in found if pattern.match(n)), key=lambda n: int(n.rsplit("v", 1)[1]))


def current_index(es: Elasticsearch, alias: str) -> str | None:
    """The concrete index behind ``alias``, or None when the alias does not exist."""
    if not es.indices.exists_alias(name=alias):
        return None
    return next(iter(es.indices.get_alias(name=alias)))


def create_version(es: Elasticsearch, alias: str, *, loading: bool = False) -> str:
    """Create the next ``<alias>-vN`` index from the mappings (not yet behind the alias).

    ``loading``: created for a bulk load, without periodic refreshes (nobody searches an index the
    alias does not front yet; the engine skips the small segments and their merging) until
    :func:`loaded`."""
    if es.indices.exists(index=alias) and not es.indices.exists_alias(name=alias):
        raise ValueError(f"{alias!r} is a concrete index, not an alias; choose another --index name")
    versions = _versions(es, alias)
    number = int(versions[-1].rsplit("v", 1)[1]) + 1 if versions else 1
    name = f"{alias}-v{number}"
    body = index_body()
    if loading:
        body["settings"] = {**body["settings"], "refresh_interval": "-1"}
    es.indices.create(index=name, **body)
    return name


def loaded(es: Elasticsearch, index: str) -> None:
    """End a bulk load into ``index``: the mappings' refresh interval again, and a refresh now."""
    es.indices.put_settings(index=index, settings={"refresh_interval": index_body()["settings"]["refresh_interval"]})
    es.indices.refresh(index=index)


def point_alias(es: Elasticsearch, alias: str, index: str, *, delete_old: bool = True) -> None:
    """Atomically move ``alias`` to ``index``; drop the indices it pointed to before."""
    old = [n for n in _versions(es, alias) if n != index] if es.indices.exists_alias(name=alias) else []
    behind = set(es.indices.get_alias(name=alias)) if old else set()
    actions: list[dict[str, Any]] = [{"remove": {"index": n, "alias": alias}} for n in behind if n != index]
    actions.append({"add": {"index": index, "alias": alias, "is_write_index": True}})
    es.indices.update_aliases(actions=actions)
    if delete_old:
        for name in old:
            es.indices.delete(index=name, ignore_unavailable=True)


def ensure_index(es: Elasticsearch, alias: str) -> str:
    """The index behind ``alias`` (with the fields the mappings have now: :func:`upgrade`), created
    from the mappings if there is none yet."""
    existing = current_index(es, alias)
    if existing:
        upgrade(es, alias)
        return existing
    name = create_version(es, alias)
    point_alias(es, alias, name)
    return name


def upgrade(es: Elasticsearch, index: str) -> None:
    """Give ``index`` (an index or alias made by an earlier akhbar) the fields the mappings have
    gained since, so that documents written now fit it (its mapping is strict). A field whose mapping
    changed cannot be changed in place: ValueError says to rebuild the index. A user who may write
    to the index but not manage it (a cluster's role) leaves it as it is."""
    mapping = index_body()["mappings"]
    try:
        es.indices.put_mapping(index=index, properties=mapping["properties"])
    except AuthorizationException:
        return
    except BadRequestError as exc:
        raise ValueError(f"{index} was made by an earlier akhbar whose fields differ from this one's "
                         f"({reason_of(exc)}); rebuild it from the scrapes: akhbar index PATH --recreate") from None


def drop(es: Elasticsearch, alias: str) -> None:
    """Delete the alias and every ``<alias>-vN`` index (used by tests and `--recreate` clean-up)."""
    for name in _versions(es, alias):
        es.indices.delete(index=name, ignore_unavailable=True)
