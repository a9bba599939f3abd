"""Tests for indexer.duplicates.cluster: which documents sharing keys make one group."""

from __future__ import annotations

import random
from datetime import date

from indexer.duplicates import Candidate, cluster

NO_GROUP = (None, None)


def doc(day: int | None, *keys: str) -> Candidate:
    return Candidate(tuple(keys), date(2015, 8, day) if day else None, NO_GROUP)


def groups(docs: dict[str, Candidate], keys: set[str] | None = None) -> set[frozenset[str]]:
    every = {key for d in docs.values() for key in d.keys}
    return {frozenset(members) for members in cluster(docs, every if keys is None else keys).values()}


def test_near_copies_within_a_few_days_are_one_group_named_by_its_first_id() -> None:
    docs = {"b": doc(1, "minhash_bands:1", "minhash_bands:2"), "a": doc(2, "minhash_bands:1"),
            "c": doc(4, "minhash_bands:2"), "d": doc(1, "minhash_bands:9")}
    assert cluster(docs, {"minhash_bands:1", "minhash_bands:2", "minhash_bands:9"}) == {"a": ["a", "b", "c"]}


def test_a_statement_worded_alike_days_later_is_not_joined_link_by_link() -> None:
    """The same template on other days (an execution, a congratulation, the weather): each day's text
    shares a band with the next, but a group spans STORY_DAYS days at most."""
    docs = {"mon": doc(3, "minhash_bands:1", "minhash_bands:2"), "tue": doc(4, "minhash_bands:1", "minhash_bands:2"),
            "fri": doc(7, "minhash_bands:2", "minhash_bands:3"), "sun": doc(9, "minhash_bands:3")}
    assert groups(docs) == {frozenset({"mon", "tue"}), frozenset({"fri", "sun"})}


def test_the_most_keys_shared_join_first() -> None:
    """b shares one band with a and two with c, five days apart: c stays with b."""
    docs = {"a": doc(1, "minhash_bands:1"), "b": doc(3, "minhash_bands:1", "minhash_bands:2", "minhash_bands:3"),
            "c": doc(5, "minhash_bands:2", "minhash_bands:3")}
    assert groups(docs) == {frozenset({"b", "c"})}


def test_copies_of_one_text_are_one_group_whatever_their_days() -> None:
    docs = {"first": doc(1, "content_hash:x", "minhash_bands:1"), "again": doc(20, "content_hash:x", "minhash_bands:1"),
            "near": doc(10, "minhash_bands:1"), "far": doc(28, "minhash_bands:1")}
    # a near copy within the days the copies already span joins them; one beyond them does not
    assert groups(docs) == {frozenset({"first", "again", "near"})}


def test_documents_without_a_day_join_any_group() -> None:
    docs = {"a": doc(1, "minhash_bands:1"), "b": doc(None, "minhash_bands:1", "minhash_bands:2"),
            "c": doc(3, "minhash_bands:2")}
    assert groups(docs) == {frozenset({"a", "b", "c"})}


def test_keys_not_shared_in_the_index_join_nothing() -> None:
    """Only the keys given count (a band held by more than MAX_MEMBERS articles is boilerplate)."""
    docs = {"a": doc(1, "minhash_bands:1"), "b": doc(1, "minhash_bands:1")}
    assert groups(docs, keys=set()) == set()


def test_the_groups_do_not_depend_on_the_order_of_the_documents() -> None:
    rng = random.Random(5)
    docs = {f"d{i:02d}": doc(rng.randint(1, 20), *(f"minhash_bands:{rng.randint(1, 12)}" for _ in range(3)))
            for i in range(40)}
    expected = cluster(docs, {key for d in docs.values() for key in d.keys})
    for _ in range(5):
        items = list(docs.items())
        rng.shuffle(items)
        assert cluster(dict(items), {key for d in docs.values() for key in d.keys}) == expected
