"""Offices: a role phrase standing alone (``خادم الحرمين الشريفين``, ``ولي العهد``) names whoever held
the office on the article's date.

The gazetteer's ``offices`` (see ``indexer/data/actors.yaml``) list each role's phrases and its
holders with the days their term began and ended. Only the finding is here (pure): whether a found
role stands alone, and for whom, :meth:`indexer.actors.Gazetteer.extract_folded` decides from the
names and the country around it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

Span = tuple[date, date]  # the first and the last day an article's date may be


@dataclass(frozen=True)
class Holder:
    """Who held an office from ``start`` to ``end`` (both included; ``None``: still holds it)."""

    name: str
    start: date
    end: date | None = None

    def held(self, span: Span) -> bool:
        """Whether the office was theirs on every day of ``span``."""
        return self.start <= span[0] and (self.end is None or span[1] <= self.end)


@dataclass(frozen=True)
class Office:
    """A role: its phrases as folded token tuples, its holders in order, the country it is of, and
    the words that make a phrase not this office's alone (before: a compound, ``مستشار خادم
    الحرمين``; after: a name or another term, ``ولي العهد البحريني``, ``الرئيس السابق``)."""

    roles: tuple[tuple[str, ...], ...]
    holders: tuple[Holder, ...]
    country: str | None = None
    block_prev: frozenset[str] = frozenset()
    block_next: frozenset[str] = frozenset()

    def holder(self, span: Span) -> str | None:
        """The name of whoever held the office over all of ``span``; None in a change or a vacancy."""
        return next((h.name for h in self.holders if h.held(span)), None)


def holders_from(raw: list[dict[str, Any]], office: str) -> tuple[Holder, ...]:
    """Holders read from the YAML (``{name, from, to}``, dates as YAML dates or ISO strings), checked:
    each term begins before it ends, and after the term before it ended."""
    holders: list[Holder] = []
    for item in raw:
        start, end = _day(item["from"]), _day(item["to"]) if item.get("to") else None
        if end is not None and end < start:
            raise ValueError(f"office {office!r}: {item['name']}'s term ends before it begins")
        if holders and (holders[-1].end is None or holders[-1].end >= start):
            raise ValueError(f"office {office!r}: {item['name']}'s term begins before {holders[-1].name}'s ends")
        holders.append(Holder(item["name"], start, end))
    return tuple(holders)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class Offices:
    """The role phrases of all offices, found in token lists with the clitics a first word may carry."""

    def __init__(self, offices: list[Office], proclitics: tuple[str, ...], honorifics: frozenset[str] = frozenset(),
                 titles: frozenset[str] = frozenset()) -> None:
        self.offices = offices
        self.honorifics = honorifics  # passed over before a role (كأس سمو ولي العهد) to what it is part of
        self.titles = titles  # of a person named right before a role, whose it is
        self._by_role: dict[tuple[str, ...], Office] = {}
        for office in offices:
            for role in office.roles:
                if self._by_role.setdefault(role, office) is not office:
                    raise ValueError(f"role {' '.join(role)!r} of two offices")
        self.firsts = frozenset(role[0] for role in self._by_role)
        # a first word as written: bare or behind a proclitic (وولي, لخادم) -> the word
        self._first: dict[str, str] = {p + w: w for w in self.firsts for p in ("", *proclitics)}
        self._longest = max((len(r) for r in self._by_role), default=0)

    def __bool__(self) -> bool:
        return bool(self._by_role)

    def find(self, tokens: list[str], distinct: set[str]) -> Iterator[tuple[Office, int, int]]:
        """Role phrases in ``tokens`` as ``(office, start, end)``, longest first, left to right."""
        if distinct.isdisjoint(self._first):
            return
        next_free = 0
        for i in itertools.compress(itertools.count(), map(self._first.__contains__, tokens)):
            if i < next_free:
                continue
            first = self._first[tokens[i]]
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                office = self._by_role.get((first, *tokens[i + 1 : i + size]))
                if office is not None:
                    yield office, i, i + size
                    next_free = i + size
                    break
