"""AND, OR and NOT over search terms, kept in the form the engine query is built from: every
clause must match (a clause: any of its terms), no excluded set may (an excluded set: all of
its terms). Parentheses expand into it: ``(a b) OR c`` is ``(a OR c) (b OR c)``."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)
Sets = tuple[tuple[T, ...], ...]

MAX_SETS = 16  # clauses, or excluded sets, that one OR or NOT may expand into
MAX_OCCURRENCES = 128  # terms over all the clauses, or all the excluded sets


class TooComplex(ValueError):
    """An OR or a NOT would expand into more than :data:`MAX_SETS` sets, or the whole into more
    than :data:`MAX_OCCURRENCES` terms."""


@dataclass(frozen=True)
class Expr(Generic[T]):
    """All ``clauses`` match and none of the ``excluded`` sets does."""

    clauses: Sets[T] = ()
    excluded: Sets[T] = ()

    @classmethod
    def of(cls, term: T) -> Expr[T]:
        return cls(((term,),))


def _minimal(sets: Iterable[Iterable[T]]) -> Sets[T]:
    """Each set once, in order, without repeated terms, and none that holds another: ``a (a OR b)``
    is ``a``; excluding what has ``a`` already excludes what has ``a`` and ``b``."""
    unique = list(dict.fromkeys(tuple(dict.fromkeys(s)) for s in sets))
    as_sets = [frozenset(s) for s in unique]
    return tuple(s for s, f in zip(unique, as_sets, strict=True) if not any(o < f for o in as_sets))


def _checked(sets: Sets[T], *, expanded: bool = True) -> Sets[T]:
    if (expanded and len(sets) > MAX_SETS) or sum(map(len, sets)) > MAX_OCCURRENCES:
        raise TooComplex
    return sets


def both(a: Expr[T], b: Expr[T]) -> Expr[T]:
    """``a AND b``."""
    clauses, excluded = _minimal(a.clauses + b.clauses), _minimal(a.excluded + b.excluded)
    return Expr(_checked(clauses, expanded=False), _checked(excluded, expanded=False))


def either(a: Expr[T], b: Expr[T]) -> Expr[T]:
    """``a OR b`` of two expressions without exclusions: every clause of one joined with every
    clause of the other."""
    if a.excluded or b.excluded:
        raise ValueError("OR of an exclusion")
    if len(a.clauses) * len(b.clauses) > MAX_SETS:
        raise TooComplex
    return Expr(_checked(_minimal(x + y for x in a.clauses for y in b.clauses)))


def negation(a: Expr[T]) -> Expr[T]:
    """``NOT a`` of an expression that has clauses or exclusions, not both: without clauses to
    match, the articles that have all the terms of one pick per clause are excluded; NOT of
    exclusions is any of the excluded sets."""
    if a.clauses and a.excluded:
        raise ValueError("NOT of clauses and exclusions")
    if a.clauses:
        if prod(map(len, a.clauses)) > MAX_SETS:
            raise TooComplex
        return Expr((), _checked(_minimal(product(*a.clauses))))
    result: Expr[T] | None = None
    for terms in a.excluded:
        every = Expr(tuple((t,) for t in terms))
        result = every if result is None else either(result, every)
    return result or Expr()
