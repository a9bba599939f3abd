"""Actor extraction: people, organisations and places from a gazetteer, plus unknown-name candidates.

Matching model
--------------
* Title and body are folded with :func:`indexer.text.fold` and split into word tokens; punctuation
  becomes a break token so no phrase crosses a comma, quote or full stop.  ``عبد`` + ``الX`` is
  re-joined (``عبد العزيز`` == ``عبدالعزيز``).
* Every gazetteer alias is folded the same way and stored in a dict keyed by its token tuple.
  The text is scanned once, left to right, longest phrase first (up to the longest alias).
* Only the first token of a phrase may carry clitics: ``و ف ب ل ك`` (and pairs like ``وب``,
  ``ول``) before a name, ``وال بال كال فال`` before an ``ال`` word, and ``لل`` (= ``ل`` + ``ال``).
* Entries marked ``skeleton: true`` (transliterated foreign names) are also indexed by a
  *skeleton key*: every token with its inner long vowels ``ا و ي`` removed (the first and the
  last letter are kept), so ``ديمتري بيسكوف`` and ``دميتري بيسكوف`` share a key.  Skeleton keys shorter than three
  letters are not indexed, and :meth:`Gazetteer.load` refuses keys that collide between entries.
  A word matched by its skeleton is within a letter of the alias word's length (``أوبيمويا``, a
  surname, is not ``أوباما``), and a name written exactly as another entry's alias is that entry's
  (``خميني``, Khomeini, is not ``خامنئي``).
* Role phrases are time-dependent: an entry's ``roles`` are documentation only.  The gazetteer's
  ``offices`` (:mod:`indexer.offices`) name a holder where a role stands alone (``خادم الحرمين
  الشريفين``, ``ولي العهد``) and the article's date falls in one holder's term; not where a name
  follows or comes right before it (the name says whose role it is), nor where another word makes
  it part of something else (``مستشار خادم الحرمين``, ``ولي العهد البحريني``, ``الرئيس السابق``), nor
  in an article about another country than the office's.  Nisba adjectives (``التركي``, ``الروسي``) are *not*
  aliases of the country: they usually qualify another actor (``الرئيس التركي``, ``الجيش التركي``).
  Exception: ``السعوديه`` is both the country's short name and the adjective; it is kept.
* An entry may name a ``block_next`` / ``block_prev`` list, or several (defined under ``lists`` in the YAML):
  the match is dropped when the next (previous) token is in that list — ``وزاره الداخليه المصريه``
  is not the Saudi ministry, ``جامعه الملك عبدالله`` is not the king.
* Context (see :meth:`Gazetteer._in_context`): a ``generic`` entry (``وزارة الداخلية``: every
  country has one) matched without its country's name is dropped in an article about elsewhere;
  an alias other entries ``share`` (``عمان``: Oman or Amman) goes by the country the article names
  most, or to the ``state`` in a list of states (``قطر والبحرين وعمان والأردن``); an alias that is
  ``also_a_word`` (``النصر``: victory) names its club only in a sports article (and, with ``after``,
  only right after a word of that list: ``لاعب الفتح``, not ``الفتح`` the conquest); a ``common_surname``
  alone after another given name (``فهد الجبير``) is someone else's.
* A body of a place (``within``: ``أمانة جدة``, ``جامعة تبوك``) names that place too: the name of a
  place inside another's is otherwise the whole's alone.
* A ``quoted_outlet`` alias standing alone in quotes is the newspaper of that name: «الرياض»
  (``قال لـ«الرياض»``) is not the city, unless the article also names it otherwise.
* A person's name right after ``بن`` / ``بنت`` is an ancestor in someone else's name
  (``خالد بن سلمان بن عبدالعزيز`` names neither King Salman nor King Abdulaziz): it is not matched.

``Actors.forms`` holds the *folded* surface forms as matched (clitics included, e.g. ``لبوتين``).
``Actors.candidates`` holds unknown-name candidates as folded keys (see :func:`find_candidates`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.data_files import checked, digest, read_yaml
from indexer.offices import Office, Offices, Span, holders_from
from indexer.text import fold_letters as match_fold

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "actors.yaml"
TYPES = ("person", "organization", "place")

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]+")
BREAK = "|"  # token standing for any punctuation
_PUNCT_RUN = re.compile(r"[^\w\s]+")
_SPACED_BREAK = f" {BREAK} "
PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
_AL_PREFIXES = ("وال", "فال", "بال", "كال")
_CLITIC_LETTERS = frozenset(p[0] for p in (*PROCLITICS, *_AL_PREFIXES, "لل"))
_VOWELS = str.maketrans("", "", "اوي")
MIN_SKELETON = 3
TOKEN_CACHE_LIMIT = 100_000  # per-process token caches stay bounded; the frequent tokens fit

Heads = tuple[tuple[str, bool, int], ...]  # alias-starting readings of a token (Gazetteer.heads)
HeadsOf = dict[str, Heads]

# "عبد" first (a literal prefix the regex engine finds fast), then the word-start check behind it
_ABD = re.compile(r"عبد(?<!\wعبد)\s+(?=ال)")


def tokenize(folded: str) -> list[str]:
    """Split folded text into word tokens and ``BREAK`` for punctuation; re-join ``عبد ال…``.

    Same tokens as ``[tok if tok[0].isalnum() else BREAK for tok in _TOKEN.findall(folded)]``, built
    without a Python step per token: every punctuation run becomes a spaced ``BREAK`` and the
    underscore (a word character that is neither a letter nor punctuation) a space, then ``split``.
    """
    if "عبد" in folded:
        folded = _ABD.sub("عبد", folded)
    folded = _PUNCT_RUN.sub(_SPACED_BREAK, folded)
    if "_" in folded:
        folded = folded.replace("_", " ")
    return folded.split()


def positions(tokens: list[str], wanted: Container[str]) -> Iterator[int]:
    """Indexes of the tokens that are in ``wanted``, in order (scanned at C level)."""
    return itertools.compress(itertools.count(), map(wanted.__contains__, tokens))


def strip_clitics(token: str) -> list[str]:
    """Readings of ``token`` with a proclitic removed (without the token itself)."""
    if token[:1] not in _CLITIC_LETTERS:
        return []  # no proclitic starts this way (the common case)
    out: list[str] = []
    if token.startswith("لل") and len(token) > 4:
        out.append("ال" + token[2:])
    for pre in _AL_PREFIXES:
        if token.startswith(pre) and len(token) > len(pre) + 2:
            out.append(token[len(pre) - 2 :])
            break
    for pre in PROCLITICS:
        if token.startswith(pre) and len(token) > len(pre) + 2:
            out.append(token[len(pre) :])
    return out


def skeleton(token: str) -> str:
    """Token with its inner long vowels (ا و ي) removed; the first and the last letter are kept
    (``نتنة``, stench, and ``فنتنهي``, "so we finish", are not ``نتنياهو``)."""
    return token[:1] + token[1:-1].translate(_VOWELS) + token[-1:] if len(token) > 1 else token


@dataclass(frozen=True)
class Entry:
    """One gazetteer actor."""

    name: str
    type: str
    aliases: tuple[str, ...]
    latin: str | None = None
    skeleton: bool = False
    block_next: frozenset[str] = frozenset()
    block_prev: frozenset[str] = frozenset()
    country: str | None = None
    generic: bool = False
    shares: tuple[str, ...] = ()  # aliases of other entries this one may be (see ``Gazetteer._in_context``)
    also_a_word: tuple[str, ...] = ()  # aliases that are common words too (النصر: victory) ...
    domain: str | None = None  # ... naming this entry only in an article with a word of context_<domain>
    after: frozenset[str] = frozenset()  # ... and, if given, only right after one of these (لاعب «الفتح»)
    common_surname: bool = False  # its family name alone (الجبير) is often someone else's (فهد الجبير)
    state: bool = False  # a country, not a city or a region (a shared alias among states is the state)
    theatre: tuple[str, ...] = ()  # where a shared alias is likely this entry's (default: its country)
    quoted_outlet: bool = False  # its alias alone in quotes is a newspaper's name («الرياض»), not it
    within: str | None = None  # the place (an entry's name) a body of that place names too: أمانة «جدة»

    @property
    def where(self) -> tuple[str, ...]:
        """The countries (codes) and actors (names) whose mention makes a shared alias this entry's."""
        return self.theatre or ((self.country,) if self.country else ())


@dataclass(frozen=True)
class Actors:
    """Actors found in one article (canonical names in order of first mention)."""

    actors: list[str]
    persons: list[str]
    organizations: list[str]
    places: list[str]
    forms: list[str]
    candidates: list[str]


NAMED_AFTER_ROLE = 6  # a person named within this many words after a role holds it (ولي العهد صاحب السمو الأمير …)
NAMED_BEFORE_ROLE = 6  # or ending this many words before it (الشيخ نواف الأحمد الجابر الصباح ولي العهد)
NEAR = 30  # words either side of a shared alias whose actors decide whose it is (see ``_named_near``)
_LISTED_STATES = 3  # other states in a list that make a shared alias in it the state


def _listed_with_states(tokens: list[str], matches: list[tuple[Entry, int, int]], i: int) -> bool:
    """Whether match ``i`` is an item of a list of states (``قطر والبحرين وعمان والأردن``, ``الكويت،
    وعمان، والأردن، واليمن``): the matches right before and after it, each next to the other or a
    punctuation mark apart, are three or more, and all states. A list with a city in it is none
    (``أبوظبي ودبي وعمان``), nor two states (``فلسطين وعمان وقطر`` may be stock markets, Amman's)."""
    items = 0
    for step in (-1, 1):
        j, edge = i + step, matches[i][1] if step < 0 else matches[i][2]
        while 0 <= j < len(matches):
            entry, start, end = matches[j]
            gap = tokens[end:edge] if step < 0 else tokens[edge:start]
            if gap not in ([], [BREAK]):
                break
            if not entry.state:
                return False
            items, edge, j = items + 1, start if step < 0 else end, j + step
    return items >= _LISTED_STATES


def _about_elsewhere(country: str | None, ties: Counter[str], abroad: set[str | None]) -> bool:
    """Whether an article is about another country than ``country``: it names a place of another (or
    of none listed: ``None`` in ``abroad``, the countries of its places) and nothing that ``ties`` it to
    ``country`` (its actors of that country, the words of its context list)."""
    return not ties[country or ""] and bool(abroad - {country})


def _words_of_lists(lists: dict[str, frozenset[str]], names: str | list[str] | None) -> frozenset[str]:
    """The words of the list ``names`` names, or of each of the lists it names (``block_next``)."""
    if not names:
        return frozenset()
    return frozenset().union(*(lists[name] for name in ([names] if isinstance(names, str) else names)))


class Gazetteer:
    """Alias dictionary (folded token tuples -> entry) with a single-pass longest-match scanner."""

    def __init__(self, entries: list[Entry], named_after: frozenset[str] = frozenset(),
                 context: dict[str, frozenset[str]] | None = None, offices: Offices | None = None) -> None:
        self.entries = entries
        self.digest = ""  # of the file it was read from (see :meth:`load`)
        self.by_name = {e.name: e for e in entries}
        self.named_after = named_after
        self.context = context or {}  # country -> words that tie an article to it (see ``generic``)
        # a context word, with or without a proclitic -> the countries / domains it ties an article to
        self._context_forms: dict[str, list[str]] = {}
        for name, words in self.context.items():
            for word in words:
                forms = {word, *(p + word for p in PROCLITICS), *(["لل" + word[2:]] if word.startswith("ال") else [])}
                for form in forms:
                    if form == word or word in strip_clitics(form):
                        self._context_forms.setdefault(form, []).append(name)
        for entry in entries:
            if entry.generic and entry.country not in self.context:
                raise ValueError(f"{entry.name}: generic needs a country with a context_<country> list")
        self._exact: dict[tuple[str, ...], Entry] = {}
        self._skel: dict[tuple[str, ...], Entry] = {}
        self._first_exact: dict[str, int] = {}
        self._first_skel: dict[str, int] = {}
        # every leading part of two or more tokens of an exact / skeleton key (keys included)
        self._exact_prefixes: set[tuple[str, ...]] = set()
        self._skel_prefixes: set[tuple[str, ...]] = set()
        self._skel_letters: set[str] = set()  # first letters of the skeleton keys
        self._skel_lengths: dict[str, set[int]] = {}  # a skeleton word -> the lengths of the alias words it is of
        self._heads: HeadsOf = {}
        self._starters: set[str] = set()  # tokens in ``_heads`` that can start an alias
        self._readings_cache: dict[str, tuple[str, ...]] = {}
        self._family: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            name_key = tuple(tokenize(match_fold(entry.name)))
            if BREAK not in name_key:  # "X (Y)" display names are not matched themselves
                self._add(entry, name_key)
            for alias in entry.aliases:
                self._add(entry, tuple(tokenize(match_fold(alias))))
        for key, entry in self._exact.items():
            if _family_alias(entry, key):
                self._family[(key[0], key[1])] = entry
        self._shared: dict[tuple[str, ...], list[Entry]] = {}  # an alias -> the other entries it may name
        self._word_alias: dict[tuple[str, ...], str] = {}  # an alias that is also a word -> its domain
        for entry in entries:
            for alias in entry.shares:
                key = tuple(tokenize(match_fold(alias)))
                owner = self._exact.get(key)
                if owner is None or not entry.where:  # the owner keeps it where no other's is named
                    raise ValueError(f"{entry.name}: shares {alias!r}: not an alias, or no country or theatre")
                self._shared.setdefault(key, []).append(entry)
            if entry.after and not entry.also_a_word:
                raise ValueError(f"{entry.name}: after, but no also_a_word alias for it to apply to")
            for alias in entry.also_a_word:
                key = tuple(tokenize(match_fold(alias)))
                if self._exact.get(key) is not entry or entry.domain not in self.context:
                    raise ValueError(f"{entry.name}: {alias!r} is not its alias, or it has no domain with a list")
                self._word_alias[key] = entry.domain
        self._surname: set[tuple[str, ...]] = set()  # the one-word family name of a common_surname entry
        for entry in entries:
            surname = tuple(tokenize(match_fold(entry.name))[-1:])
            if entry.common_surname and self._exact.get(surname) is not entry:
                raise ValueError(f"{entry.name}: common_surname, but its family name alone is not an alias")
            if entry.common_surname:
                self._surname.add(surname)
        # entries with an alias that another entry shares, that is also a word, or a common surname
        self._special = {self._exact[key].name for key in (*self._shared, *self._word_alias, *self._surname)}
        outlets = [match_fold(a) for e in entries if e.quoted_outlet for a in (e.name, *e.aliases)]
        # a quoted_outlet alias alone between quotes (folding keeps the quote marks)
        self._quoted_outlet = (
            re.compile(rf"[«\"“]\s*({'|'.join(map(re.escape, sorted(set(outlets))))})\s*[»\"”]") if outlets else None
        )
        for entry in entries:
            if entry.within and ((place := self.by_name.get(entry.within)) is None or place.type != "place"):
                raise ValueError(f"{entry.name}: within {entry.within!r}: not a place of the gazetteer")
            if any(w not in self.by_name and not (len(w) == 2 and w.isupper()) for w in entry.theatre):
                raise ValueError(f"{entry.name}: theatre {entry.theatre}: neither a country code nor an actor")
        self.offices = offices or Offices([], PROCLITICS)
        for office in self.offices.offices:
            for holder in office.holders:
                if holder.name not in self.by_name:
                    raise ValueError(f"office {' '.join(office.roles[0])!r}: holder {holder.name!r} is no entry")
            if office.country and office.country not in self.context:
                raise ValueError(f"office {' '.join(office.roles[0])!r}: country needs a context_<country> list")

    def _add(self, entry: Entry, key: tuple[str, ...]) -> None:
        if not key or BREAK in key:
            raise ValueError(f"bad alias for {entry.name!r}: {key}")
        other = self._exact.setdefault(key, entry)
        if other is not entry:
            raise ValueError(f"alias {' '.join(key)!r} used by {other.name!r} and {entry.name!r}")
        self._first_exact[key[0]] = max(self._first_exact.get(key[0], 0), len(key))
        self._exact_prefixes.update(key[:size] for size in range(2, len(key) + 1))
        if not entry.skeleton:
            return
        skel = tuple(skeleton(t) for t in key)
        if any(len(s) < 2 for s in skel) or (len(skel) == 1 and len(skel[0]) < MIN_SKELETON + 1):
            return
        other = self._skel.setdefault(skel, entry)
        if other is not entry:
            raise ValueError(f"skeleton {' '.join(skel)!r} of {entry.name!r} collides with {other.name!r}")
        self._first_skel[skel[0]] = max(self._first_skel.get(skel[0], 0), len(skel))
        self._skel_letters.add(skel[0][:1])  # a skeleton keeps its first letter
        for word, skel_word in zip(key, skel, strict=True):
            self._skel_lengths.setdefault(skel_word, set()).add(len(word))
        self._skel_prefixes.update(skel[:size] for size in range(2, len(skel) + 1))

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the YAML gazetteer (default ``indexer/data/actors.yaml``); a :class:`DataFileError`
        says what is wrong with it."""
        path = path or DEFAULT_PATH
        with checked(path):
            gazetteer = cls._from_data(read_yaml(path))
            gazetteer.digest = digest(path)
            return gazetteer

    @classmethod
    def _from_data(cls, data: dict[str, Any]) -> Gazetteer:
        lists = {
            k: frozenset(tokenize(match_fold(" ".join(v)))) for k, v in (data.get("lists") or {}).items()
        }
        entries = []
        for raw in data["actors"]:
            if raw["type"] not in TYPES:
                raise ValueError(f"{raw['name']}: unknown type {raw['type']!r}")
            entries.append(
                Entry(
                    name=raw["name"],
                    type=raw["type"],
                    aliases=tuple(raw.get("aliases") or ()),
                    latin=raw.get("latin"),
                    skeleton=bool(raw.get("skeleton", False)),
                    block_next=_words_of_lists(lists, raw.get("block_next")),
                    block_prev=_words_of_lists(lists, raw.get("block_prev")),
                    country=raw.get("country"),
                    generic=bool(raw.get("generic", False)),
                    shares=tuple(raw.get("shares") or ()),
                    also_a_word=tuple(raw.get("also_a_word") or ()),
                    domain=raw.get("domain"),
                    after=_words_of_lists(lists, raw.get("after")),
                    common_surname=bool(raw.get("common_surname", False)),
                    state=bool(raw.get("state", False)),
                    theatre=tuple(raw.get("theatre") or ()),
                    quoted_outlet=bool(raw.get("quoted_outlet", False)),
                    within=raw.get("within"),
                )
            )
        context = {k.removeprefix("context_"): v for k, v in lists.items() if k.startswith("context_")}
        offices = [
            Office(
                roles=tuple(tuple(tokenize(match_fold(role))) for role in raw["roles"]),
                holders=holders_from(raw["holders"], raw["roles"][0]),
                country=raw.get("country"),
                block_prev=_words_of_lists(lists, raw.get("block_prev")),
                block_next=_words_of_lists(lists, raw.get("block_next")),
            )
            for raw in data.get("offices") or ()
        ]
        return cls(entries, lists.get("named_after", frozenset()), context,
                   Offices(offices, PROCLITICS, lists.get("honorifics", frozenset()),
                           lists.get("person_titles", frozenset())))

    def readings(self, token: str) -> tuple[str, ...]:
        """``token`` and its clitic-stripped readings (cached)."""
        cached = self._readings_cache.get(token)
        if cached is None:
            cached = (token, *strip_clitics(token))
            if len(self._readings_cache) < TOKEN_CACHE_LIMIT:
                self._readings_cache[token] = cached
        return cached

    def heads(self, readings: tuple[str, ...]) -> Heads:
        """Those of a token's :meth:`readings` that can start an alias: ``(key, is_skeleton, longest)``.

        No skeleton (vowel-insensitive) match after a ``ك`` proclitic: ``كارديغان`` (Cardigan) is not
        ``ك`` + ``أرديغان``; "like Erdoğan" is too rare to pay for that. Nor by a skeleton the reading
        is not within a letter of (:meth:`_fits_skeleton`)."""
        heads = []
        whole = len(readings[0])
        for reading in readings:
            longest = self._first_exact.get(reading)
            if longest:
                heads.append((reading, False, longest))
            if reading[:1] in self._skel_letters and "ك" not in readings[0][: whole - len(reading)]:
                skel = skeleton(reading)
                longest = self._first_skel.get(skel)
                if longest and self._fits_skeleton(reading, skel):
                    heads.append((skel, True, longest))
        return tuple(heads)

    def _fits_skeleton(self, word: str, skel: str) -> bool:
        """Whether ``word`` is at most a letter longer or shorter than an alias word whose skeleton
        ``skel`` it shares: ``دميتري``, ``ديميتري`` for ``ديمتري``, not ``أوبيمويا`` (a surname) for ``أوباما``."""
        return any(abs(len(word) - size) <= 1 for size in self._skel_lengths.get(skel, ()))

    def _heads_of(self, distinct: set[str]) -> HeadsOf:
        """Head readings of the tokens in ``distinct`` that can start an alias (cached per token).

        Set operations keep the per-token Python work to tokens never seen before: most tokens of
        an article are already known not to start any alias."""
        cache, starters = self._heads, self._starters
        heads_of: HeadsOf = {}
        for tok in distinct.difference(cache):
            heads = self.heads(self.readings(tok))
            if len(cache) < TOKEN_CACHE_LIMIT:
                cache[tok] = heads
                if heads:
                    starters.add(tok)
            if heads:
                heads_of[tok] = heads
        for tok in distinct.intersection(starters):
            heads_of[tok] = cache[tok]
        return heads_of

    def match_tokens(
        self, tokens: list[str], distinct: set[str] | None = None, heads_of: HeadsOf | None = None
    ) -> list[tuple[Entry, int, int]]:
        """Longest-first matches as ``(entry, start, end)`` token spans, left to right.

        ``distinct`` is ``set(tokens)`` and ``heads_of`` maps each token of ``tokens`` that can start
        an alias to its :meth:`heads`, when the caller already has them."""
        found: list[tuple[Entry, int, int]] = []
        n_tok = len(tokens)
        if heads_of is None:
            heads_of = self._heads_of(set(tokens) if distinct is None else distinct)
        if not heads_of:
            return found
        next_free = 0
        for i in positions(tokens, heads_of):
            if i < next_free:
                continue
            best: tuple[Entry, int] | None = None
            for head, skel, longest in heads_of[tokens[i]]:
                table, prefixes = (self._skel, self._skel_prefixes) if skel else (self._exact, self._exact_prefixes)
                # grow the key while it begins some alias: no longer alias can match
                key: tuple[str, ...] = (head,)
                top = min(longest, n_tok - i)
                while len(key) < top:
                    nxt = tokens[i + len(key)]
                    longer = (*key, skeleton(nxt) if skel else nxt)
                    if longer not in prefixes or (skel and not self._fits_skeleton(nxt, longer[-1])):
                        break
                    key = longer
                for size in range(len(key), 0, -1):
                    end = i + size
                    if best is not None and end <= best[1]:
                        break
                    entry = table.get(key[:size])
                    if entry is not None:
                        best = (entry, end)
                        break
            if self._family:  # a longer X بن Y Z is someone else's: عبدالله بن عبدالعزيز الربيعة
                family = self._family_match(tokens, i)
                if family is not None and (best is None or family[1] > best[1]):
                    best = family
            if best is None:
                continue
            entry, end = best
            if not self._blocked(entry, tokens, i, end):
                found.append((entry, i, end))
            next_free = end
        return found

    def _family_match(self, tokens: list[str], i: int) -> tuple[Entry, int] | None:
        """``X بن Y Z`` / ``X بن Y بن W Z`` for a gazetteer alias ``X Z`` with a family name ``Z``."""
        j = i + 1
        while j + 2 < len(tokens) and j - i <= 3 and tokens[j] == "بن" and tokens[j + 1] not in _NAME_JOINERS:
            last = tokens[j + 2]
            if last != "بن":
                for head in self.readings(tokens[i]):
                    entry = self._family.get((head, last))
                    if entry is not None:
                        return entry, j + 3
                return None
            j += 2
        return None

    def _blocked(self, entry: Entry, tokens: list[str], start: int, end: int) -> bool:
        if entry.type == "person" and start > 0 and tokens[start - 1] in _LINEAGE:
            return True  # an ancestor in another's name: محمد بن سلمان بن «عبدالعزيز آل سعود»
        if entry.block_next and end < len(tokens) and tokens[end] in entry.block_next:
            return True
        return any(r in entry.block_prev for r in self._previous(tokens, start)) if entry.block_prev else False

    def _names_country(self, entry: Entry, tokens: list[str], start: int, end: int) -> bool:
        return any(entry.country in self._context_forms.get(t, ()) for t in tokens[start:end])

    def _matched_key(self, tokens: list[str], match: tuple[Entry, int, int]) -> tuple[str, ...] | None:
        """The alias ``match`` is (its first token read without clitics), if an exact one."""
        entry, start, end = match
        rest = tuple(tokens[start + 1 : end])
        for reading in self.readings(tokens[start]):
            key = (reading, *rest)
            if self._exact.get(key) is entry:
                return key
        return None

    def _word_ties(self, tokens: list[str], distinct: set[str], covered: set[int]) -> Counter[str]:
        """How often an article names each country or domain in words of its context list, outside
        its matches (``المملكة`` of ``المملكة المتحدة`` is not Saudi Arabia)."""
        ties: Counter[str] = Counter()
        present = distinct & self._context_forms.keys()
        if present:
            for i, token in enumerate(tokens):
                if token in present and i not in covered:
                    ties.update(self._context_forms[token])
        return ties

    def _in_context(self, tokens: list[str], distinct: set[str], matches: list[tuple[Entry, int, int]],
                    covered: set[int]) -> list[tuple[Entry, int, int]]:
        """``matches`` read in the article's context: the countries it names, by its actors of a
        country and the words of the country's context list (``context_<country>``), and the
        domains it is about (words of ``context_<domain>``).

        A ``generic`` institution's short name is dropped in an article about elsewhere: one that
        names a place of another country and neither an actor of the institution's country nor a
        word of its context list. An alias that other entries ``share`` (``عمان``: Oman or Amman)
        names the state among them when it is an item of a list of states (``قطر والبحرين وعمان والأردن``),
        else the one whose country the article names most (or ``theatre``, named most near the alias
        first: ``قوات التحالف`` in Yemen or against ISIS); its owner on a tie. An alias that is
        ``also_a_word`` (``النصر``: victory) names its entry only with a word of its domain (and one
        with ``after`` only right after a word of that list: «لاعب الفتح»). A
        ``common_surname`` alone after another given name (``فهد الجبير``) is someone else's, unless
        the article names its entry otherwise."""
        loose, shared, wordy, strays = self._unsure(tokens, matches)
        if not (loose or shared or wordy or strays):
            return matches
        unsure = loose | shared.keys() | wordy.keys() | strays
        ties = Counter(e.country for i, (e, _, _) in enumerate(matches) if e.country and i not in unsure)
        abroad = {e.country for e, _, _ in matches if e.type == "place"}  # None: a place of no listed country

        def elsewhere(entry: Entry) -> bool:
            return _about_elsewhere(entry.country, ties, abroad)

        # the words are counted only when the actors do not settle it (the common case is cheap)
        if shared or wordy or any(elsewhere(matches[i][0]) for i in loose):
            ties += self._word_ties(tokens, distinct, covered)
        # names that are also words, in their context (a shared one's country is what is to be decided)
        worded = {i for i, domain in wordy.items() if ties[domain] and i not in shared}
        ties.update(c for i in worded if (c := matches[i][0].country))
        doubtful = unsure - worded  # what a shared alias does not go by
        kept = []
        for i, (entry, start, end) in enumerate(matches):
            if i in strays:
                continue  # فهد الجبير is not عادل الجبير
            if i in wordy and not ties[wordy[i]]:
                continue  # the word, not the name
            if i in shared:
                among = (entry, *shared[i])
                state = next((e for e in among if e.state), None) if _listed_with_states(tokens, matches, i) else None
                entry = state or self._named_near(among, matches, i, doubtful, ties)
            elif i in loose and elsewhere(entry):
                continue  # another country's institution
            kept.append((entry, start, end))
        return kept

    def _named_near(self, among: tuple[Entry, ...], matches: list[tuple[Entry, int, int]], i: int,
                    doubtful: set[int], ties: Counter[str]) -> Entry:
        """The entry of ``among`` (the alias's owner first) whose countries (``where``) the article
        names most, by its actors and words (``ties``); the first on a tie. Entries with a ``theatre``
        (a war's coalition, a league's club) go by the actors of their theatre named near the shared
        alias ``matches[i]`` (the nearer within ``NEAR`` words, the more: one article may name both
        wars; one of them named in full there counts too), else in the whole article, else by the
        owner (a word of another country's, «المصري», is not enough)."""
        if not any(e.theatre for e in among):
            return max(among, key=lambda e: sum(ties[w] for w in e.where))
        at = matches[i][1]
        near: Counter[str] = Counter()
        anywhere: Counter[str] = Counter()
        for j, (e, start, _) in enumerate(matches):
            if j not in doubtful:
                named = [w for w in (e.country, e.name) if w]
                anywhere.update(named)
                if (weight := NEAR + 1 - abs(start - at)) > 0:
                    near.update(dict.fromkeys(named, weight))
        # near, one of them named in full counts for itself; anywhere, only if its theatre lists it
        for counts, itself in ((near, True), (anywhere, False)):
            scores = [sum(counts[w] for w in e.where) + (counts[e.name] if itself and e.name not in e.where else 0)
                      for e in among]
            if scores.count(max(scores)) == 1:
                return among[scores.index(max(scores))]
        return among[0]

    def _unsure(self, tokens: list[str], matches: list[tuple[Entry, int, int]]
                ) -> tuple[set[int], dict[int, list[Entry]], dict[int, str], set[int]]:
        """The matches (by position in ``matches``) :meth:`_in_context` reads in context: generic
        short names, shared aliases (-> the other entries), aliases that are words (-> their
        domain), and family names or word aliases that stand for someone or something else (the
        latter away from their ``after`` words)."""
        loose = {i for i, (e, s, end) in enumerate(matches) if e.generic and not self._names_country(e, tokens, s, end)}
        shared: dict[int, list[Entry]] = {}
        wordy: dict[int, str] = {}
        surnames: set[int] = set()
        unplaced: set[int] = set()
        for i, match in enumerate(matches):
            if match[0].name in self._special:
                key = self._matched_key(tokens, match)
                if key in self._shared:  # and maybe a word too (الأهلي: private; Jeddah's or Cairo's club)
                    shared[i] = self._shared[key]
                if key in self._word_alias:
                    if match[0].after and not any(r in match[0].after for r in self._previous(tokens, match[1])):
                        unplaced.add(i)  # «الفتح» alone: the conquest; «لاعب الفتح», «فريق الفتح»: the club
                    else:
                        wordy[i] = self._word_alias[key]
                elif key in self._surname and key not in self._shared:
                    surnames.add(i)
        strays = unplaced
        if surnames:  # a family name alone after another word than a title or a function word
            named = {e.name for i, (e, _, _) in enumerate(matches) if i not in surnames}
            strays |= {i for i in surnames
                       if matches[i][0].name not in named and not self._refers(tokens, matches[i][1])}
        return loose, shared, wordy, strays

    def _previous(self, tokens: list[str], start: int) -> tuple[str, ...]:
        """The readings of the word before ``start`` (none at the start)."""
        return self.readings(tokens[start - 1]) if start else ()

    def _refers(self, tokens: list[str], start: int) -> bool:
        """Whether the word at ``start`` stands alone as a reference: after punctuation, a title or a
        function or role word (``وزير الخارجية الجبير``, ``«الجبير»``), not after a given name."""
        if start == 0 or tokens[start - 1] == BREAK:
            return True
        return any(r in STOP_WORDS or r in _TITLE_FIRST or r in _ORG_WORDS for r in self._previous(tokens, start))

    def resolve(self, text: str) -> Entry | None:
        """The entry a whole phrase names (exactly, after clitic stripping), if any."""
        tokens = tokenize(match_fold(text))
        matches = self.match_tokens(tokens)
        if len(matches) == 1 and matches[0][1] == 0 and matches[0][2] == len(tokens):
            return matches[0][0]
        return None

    def by_skeleton(self, form: str) -> tuple[Entry, str] | None:
        """For a form found in an article (folded, as in :attr:`Actors.forms`), the entry it names by its
        skeleton only and the form without its clitics (``لبوتن``: Putin, ``بوتن``); None when it is
        written as an alias (or is none). What ``akhbar candidates --spellings`` lists to check."""
        tokens = tokenize(form)
        if not tokens:
            return None
        keys = [(reading, *tokens[1:]) for reading in self.readings(tokens[0])]
        if any(key in self._exact for key in keys):
            return None
        for key in keys:
            skel = tuple(skeleton(t) for t in key)
            entry = self._skel.get(skel)
            if entry is not None and all(map(self._fits_skeleton, key, skel)):
                return entry, " ".join(key)
        return None

    def alias_entry(self, text: str) -> Entry | None:
        """The entry ``text`` is a name or alias of, exactly as written (folded; no clitics, no variants)."""
        return self._exact.get(tuple(tokenize(match_fold(text))))

    def unknown(self, candidates: Iterable[str], heads_of: HeadsOf | None = None) -> list[str]:
        """Candidates in which the gazetteer recognises no actor at all (``heads_of`` as in
        :meth:`match_tokens`, covering the candidates' tokens, when the caller has it)."""
        return [c for c in candidates if not self.match_tokens(tokenize(c), heads_of=heads_of)]

    def _read(self, tokens: list[str], distinct: set[str], heads_of: HeadsOf | None, folded: str
              ) -> tuple[list[tuple[Entry, int, int]], set[int]]:
        """The actors ``tokens`` (of the text ``folded``) name, read in their context, and the
        positions of every match."""
        matches = self.match_tokens(tokens, distinct, heads_of)
        covered = {i for _, start, end in matches for i in range(start, end)}
        # the text is searched for quotes only where it names a quoted_outlet entry (Riyadh: 1 in 10)
        if (self._quoted_outlet is not None and any(e.quoted_outlet for e, _, _ in matches)
                and (quoted := Counter(self._quoted_outlet.findall(folded)))):
            matches = _outside_quotes(tokens, matches, quoted)
        return self._in_context(tokens, distinct, matches, covered), covered

    def office_holders(self, tokens: list[str], distinct: set[str], mentions: list[tuple[Entry, int, int]],
                       covered: set[int], on: Span) -> list[tuple[Entry, int, int]]:
        """The holders, on the days ``on``, of the offices ``tokens`` name by a role alone, as
        ``(entry, start, end)`` spans of the role: not behind or before one of the office's blocking
        words, nor with another person named right after it or right before it (:meth:`_named_by`),
        nor in an article about another country (as a ``generic`` institution's short name)."""
        found = []
        for office, start, end in self.offices.find(tokens, distinct):
            name = office.holder(on)
            if name is None or self._part_of(office, tokens, start):
                continue
            if end < len(tokens) and tokens[end] in office.block_next:
                continue
            if self._named_by(tokens, mentions, start, end, name):
                continue
            if office.country and self._elsewhere(office.country, tokens, distinct, mentions, covered):
                continue
            found.append((self.by_name[name], start, end))
        return found

    def _part_of(self, office: Office, tokens: list[str], start: int) -> bool:
        """Whether the role at ``start`` is part of another's title or a name (``مستشار خادم الحرمين``,
        ``كأس سمو ولي العهد``): after a word of the office's ``block_prev``, honorifics passed over."""
        before = self._honorifics_before(tokens, start) - 1
        return before >= 0 and any(r in office.block_prev for r in self.readings(tokens[before]))

    def _honorifics_before(self, tokens: list[str], start: int) -> int:
        """Where the honorifics right before ``start`` begin (``start`` when there are none)."""
        while start > 0 and any(r in self.offices.honorifics for r in self.readings(tokens[start - 1])):
            start -= 1
        return start

    def _named_by(self, tokens: list[str], mentions: list[tuple[Entry, int, int]], start: int, end: int,
                  holder: str) -> bool:
        """Whether the role at ``start:end`` is someone's other than ``holder``: a person named right
        after it (no punctuation between), or a name it stands in apposition to (:meth:`_after_name`)."""
        persons = [(e, s, e_end) for e, s, e_end in mentions if e.type == "person"]
        if any(e.name != holder and end <= s < end + NAMED_AFTER_ROLE and BREAK not in tokens[end:s]
               for e, s, _ in persons):
            return True
        return self._after_name(tokens, {e_end: e for e, _, e_end in persons}, start, holder)

    def _after_name(self, tokens: list[str], person_ends: dict[int, Entry], start: int, holder: str) -> bool:
        """Whether the role at ``start`` (its honorifics before it included) follows the name of a
        person other than ``holder``, or a title and a name the gazetteer does not know (الشيخ نواف
        الأحمد الجابر الصباح ولي العهد), with only words of a name between (الأمير مقرن بن عبدالعزيز
        آل سعود ولي العهد). Not a role behind a proclitic: «لخادم الحرمين» (to the King), «وولي العهد»."""
        lead = self._honorifics_before(tokens, start)
        if tokens[lead] not in self.offices.firsts and tokens[lead] not in self.offices.honorifics:
            return False
        for at in range(lead, max(lead - NAMED_BEFORE_ROLE, 0), -1):
            person = person_ends.get(at)
            if person is not None:
                return person.name != holder
            word = tokens[at - 1]
            if word in self.offices.titles:
                return True
            if not _name_token_ok(word, 1):
                return False
        return False

    def _elsewhere(self, country: str, tokens: list[str], distinct: set[str], mentions: list[tuple[Entry, int, int]],
                   covered: set[int]) -> bool:
        """:func:`_about_elsewhere` for an article's ``mentions`` (read in context) and, only when they
        do not settle it, the words of ``country``'s context list."""
        ties = Counter(e.country for e, _, _ in mentions if e.country)
        abroad = {e.country for e, _, _ in mentions if e.type == "place"}
        if not _about_elsewhere(country, ties, abroad):
            return False
        return _about_elsewhere(country, ties + self._word_ties(tokens, distinct, covered), abroad)

    def mentions(self, title: str, body: str, on: Span | None = None) -> tuple[list[str], list[tuple[Entry, int, int]]]:
        """An article's tokens (title, then body) and the actors they name, read in context, as
        ``(entry, start, end)`` token spans; with ``on`` (as in :meth:`extract_folded`), the roles
        that name their holders too, in order."""
        folded = match_fold(f"{title or ''}\n{body or ''}")
        tokens = tokenize(folded)
        distinct = set(tokens)
        found, covered = self._read(tokens, distinct, None, folded)
        if on and self.offices:
            found = sorted([*found, *self.office_holders(tokens, distinct, found, covered, on)], key=lambda m: m[1])
        return tokens, found

    def extract(self, title: str, body: str, on: Span | None = None) -> Actors:
        """Actors of one article (title first, then body); ``on`` as in :meth:`extract_folded`."""
        return self.extract_folded(match_fold(f"{title or ''}\n{body or ''}"), on=on)

    def extract_folded(
        self, folded: str, tokens: list[str] | None = None, distinct: set[str] | None = None, *,
        heads_of: HeadsOf | None = None, title_starters: set[str] | None = None, on: Span | None = None,
    ) -> Actors:
        """:meth:`extract` on text already folded with :func:`match_fold` (and tokenized; ``distinct``
        is ``set(tokens)``, ``heads_of`` as in :meth:`match_tokens` and ``title_starters`` as in
        :func:`find_candidates`, when the caller has them). ``on``: the days the article's date may
        be, for the holders of the offices it names by role alone (:meth:`office_holders`)."""
        if tokens is None:
            tokens = tokenize(folded)
        seen: dict[str, Entry] = {}
        forms: dict[str, None] = {}
        if distinct is None:
            distinct = set(tokens)
        if heads_of is None:
            heads_of = self._heads_of(distinct)
        mentions, covered = self._read(tokens, distinct, heads_of, folded)
        holders = self.office_holders(tokens, distinct, mentions, covered, on) if on and self.offices else []

        def note(entry: Entry) -> None:
            seen.setdefault(entry.name, entry)
            if entry.within:  # أمانة جدة names Jeddah too
                seen.setdefault(entry.within, self.by_name[entry.within])

        for entry, _, _ in sorted([*mentions, *holders], key=lambda m: m[1]) if holders else mentions:
            note(entry)
        for _, start, end in mentions:
            forms[" ".join(tokens[start:end])] = None
        candidates = find_candidates(tokens, covered, self.named_after, distinct, title_starters)
        for word, key in find_quoted_organizations(folded):
            # the quotes split the gazetteer's phrase: تنظيم «القاعدة» is تنظيم القاعدة
            phrase = tokenize(f"{word} {key}")
            whole = [(entry, s, e) for entry, s, e in self.match_tokens(phrase) if s == 0 and e == len(phrase)]
            for entry, _, _ in whole:
                note(entry)
                forms[" ".join(phrase)] = None
            if not whole:
                candidates.append(key)
        names = list(seen)
        return Actors(
            actors=names,
            persons=[n for n in names if seen[n].type == "person"],
            organizations=[n for n in names if seen[n].type == "organization"],
            places=[n for n in names if seen[n].type == "place"],
            forms=list(forms),
            candidates=self.unknown(dict.fromkeys(candidates), heads_of),  # their tokens are the article's
        )


def _outside_quotes(tokens: list[str], matches: list[tuple[Entry, int, int]], quoted: Counter[str]
                    ) -> list[tuple[Entry, int, int]]:
    """``matches`` without the outlets' names the text writes alone in quotes (``quoted``: how often
    each), where it writes them alone between punctuation no more often: quotes and commas are
    one break token, so a name also listed (``الرياض، جدة``) or named otherwise keeps every match."""
    alone = [" ".join(tokens[start:end]) if _alone(tokens, start, end) else None for _, start, end in matches]
    counts = Counter(name for name in alone if name)
    outlets = {name for name, n in counts.items() if n <= quoted[name]}
    return [match for match, name in zip(matches, alone, strict=True) if name not in outlets]


def _alone(tokens: list[str], start: int, end: int) -> bool:
    """Whether the span stands between punctuation (``ل «الرياض» ان``: ``ل | الرياض | ان``)."""
    before = tokens[start - 1] if start else BREAK
    return end < len(tokens) and tokens[end] == BREAK and before == BREAK


def _family_alias(entry: Entry, key: tuple[str, ...]) -> bool:
    """A non-royal two-word person alias ``first family`` (``عادل الجبير``), usable across a ``بن`` chain.

    Royal names are patronymic chains (``خالد الفيصل`` is Khalid bin Faisal), so ``X بن Y الفيصل`` is
    another person; they never match tolerantly."""
    return (
        entry.type == "person"
        and len(key) == 2
        and key[1].startswith("ال")
        and key[1] not in _NAME_JOINERS
        and not entry.name.startswith(("الأمير", "الملك", "الشيخ"))
    )


# --- unknown-name candidates -------------------------------------------------------------------

# Titles that introduce a name (folded, possibly multi-word).
_TITLES = [
    tuple(t.split())
    for t in (
        "الرييس", "رييس الوزراء", "رييس الحكومه", "رييس", "وزير", "وزيره", "نايب", "المتحدث باسم",
        "المتحدثه باسم", "السفير", "سفير", "الامير", "الاميره", "الشيخ", "الشيخه", "الملك", "الملكه",
        "الدكتور", "الدكتوره", "د", "المهندس", "اللواء", "العقيد", "العميد", "الفريق", "المستشار",
        "الامين العام", "المبعوث", "مبعوث", "المفتي", "الامام", "القاضي", "المحامي", "الجنرال",
        "الاستاذ", "النايب", "مدير", "محافظ", "امير", "قايد", "زعيم", "الزعيم", "المدرب", "اللاعب",
        "دكتور", "الاستاذه", "الوزير", "الفريق اول", "الفريق الركن", "الفريق ركن",
    )
]
_TITLE_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _t in sorted(_TITLES, key=len, reverse=True):
    _TITLE_FIRST.setdefault(_t[0], []).append(_t)

# Function words, time words, verbs, role words and adjectives that end (or cannot start) a name.
STOP_WORDS = frozenset(
    match_fold(
        """
        في من الى إلى على عن مع ان أن إن او أو ثم قد لقد لم لن ما لا هل كما كان كانت يكون
        الذي التي الذين اللذين هذا هذه ذلك تلك هو هي هم انه أنه إنه بأن بان لان لأن حيث حين عند
        بعد قبل خلال منذ حتى امس أمس اليوم غدا يوم صباح مساء الليلة امام أمام لدى لدي عبر ضد
        بين نحو وفق وفقا حول دون غير سوى كل بعض جميع اي أي وقال قال قالت وقالت اكد أكد اكدت
        وأكد اضاف أضاف وأضاف اعلن أعلن وأعلن اشار أشار يقول تقول اوضح أوضح دعا هنأ هنا نظيره
        نظيرها بحث التقى استقبل زار وصل غادر يلتقي يستقبل يزور يبحث يرأس رأس ترأس افتتح دشن وجه
        ولي العهد نائب رئيس وزير وزيرة مجلس الوزراء الخارجية الداخلية الدفاع السابق
        الجديد الحالي العام عام العامة المساعد بالمملكة المملكة السعودية الحرمين الشريفين خادم سمو
        صاحب السمو الملكي معالي فخامة سعادة دولة جلالة الرئيس الأمير الملك الشيخ الدولي الدولية
        الطبية الطبي الثقافي التخصصي الإسلامية الوطني الوطنية الرياضية الجامعي الخيرية للعلوم
        الذى إلي علي إذ اذ إذا اذا لكن ولكن أيضا ايضا فقط جدا الف مليون مليار باسمه باسم
        أول اول ركن تحرير برقية به له لها بها
        """
    ).split()
)
# Nouns that start organisation or office phrases, not person names.
_ORG_WORDS = frozenset(
    match_fold(
        "هيئة جمعية شركة مركز منظمة حزب حركة جماعة تنظيم مؤسسة بنك مصرف جامعة صندوق مجموعة "
        "ميليشيا ميليشيات مليشيات جبهة لواء كتائب نادي فريق صحيفة قناة وكالة برنامج مبادرة "
        "إدارة ادارة لجنة فرع قسم مكتب مجلس مديرية منطقة محافظة مدينة أمانة بلدية إمارة شؤون "
        "جمهورية دولة مملكة إقليم قطاع وحدة عمليات مستشفى كلية معهد شرطة"
    ).split()
)
# Common nouns/verbs seen after titles in the candidate list (never part of a name).
_NOT_NAMES = frozenset(
    match_fold(
        "طائرات طايرات شحن تابعة تابعه يأمر يامر أمر امر بتأمين يرعى يرعي يفتتح يدشن يتفقد يكرم يلتقي "
        "يستقبل يشهد يطلق يعزي يهنئ يوجه يصدر يصل يغادر يزور يترأس رعاية رعايه حفل افتتاح زيارة زياره "
        "كلمة كلمه بيان تصريح خطاب مشاريع مشروع قرار أوامر اوامر ملكية ملكيه مساعدات جديد جديدة حقوق كتابة"
    ).split()
)
# A first name too (أمير عبد اللهيان), but after a name the office it holds: «تركي بن عبدالله أمير منطقة الرياض»
_TITLES_AFTER = frozenset({"امير"})
_LINEAGE = frozenset({"بن", "بنت"})  # "son/daughter of" in a name: the name after it is an ancestor's
_NAME_JOINERS = _LINEAGE | {"ابن", "ال", "ابو", "ام", "عبد", "ولد"}
# Names that begin like a clitic-prefixed word (و… ب… ل…).
_CLITIC_LIKE_NAMES = frozenset(
    match_fold("وليد وائل وفاء وديع وداد وسام وضاح وهيب وحيد لطفي ليلى لؤي لمياء لينا لبنى").split()
)
_QUOTED = re.compile(r"[«\"“]([^«»\"“”\n]{2,60})[»\"”]")
_MAX_NAME = 4
_MAX_CHAIN = 9  # a prince's name with its ancestors: فهد بن خالد بن عبدالله بن محمد


def _name_token_ok(tok: str, position: int) -> bool:
    if tok == BREAK or tok in STOP_WORDS or tok.isdigit() or len(tok) < 2:
        return False
    if tok.startswith(("لل", "بال", "وال", "فال", "كال")):
        return False
    if tok[0] in "ول" and tok not in _CLITIC_LIKE_NAMES and tok not in _NAME_JOINERS:
        return False
    if tok[0] == "ب" and tok[1] in "تمي" and len(tok) > 4:  # بتامين بمشاركه بيوم: ب + verbal noun/noun
        return False
    if position == 0 and (tok in _NAME_JOINERS or tok in _NOT_NAMES):
        return False
    if tok in _NOT_NAMES or (position and tok in _TITLES_AFTER):
        return False
    # a first name carries neither the article nor an organisation noun
    return position > 0 or not (tok.startswith("ال") or tok in _ORG_WORDS)


_TITLE_HEADS: dict[str, tuple[str, ...]] = {}
_TITLE_STARTERS: set[str] = set()  # tokens in _TITLE_HEADS with a title reading


def title_heads(readings: tuple[str, ...]) -> tuple[str, ...]:
    """Those of a token's readings (itself, clitic-stripped) that start a title."""
    return tuple(r for r in readings if r in _TITLE_FIRST)


def _title_readings(token: str) -> tuple[str, ...]:
    """Readings of ``token`` (itself, clitic-stripped) that start a title (cached)."""
    readings = _TITLE_HEADS.get(token)
    if readings is None:
        readings = title_heads((token, *strip_clitics(token)))
        if len(_TITLE_HEADS) < TOKEN_CACHE_LIMIT:
            _TITLE_HEADS[token] = readings
            if readings:
                _TITLE_STARTERS.add(token)
    return readings


def _title_at(tokens: list[str], i: int) -> int:
    """Length of a title starting at ``i`` (clitic-stripped first token), 0 if none."""
    for reading in _title_readings(tokens[i]):
        for title in _TITLE_FIRST[reading]:
            if tuple(tokens[i + 1 : i + len(title)]) == title[1:]:
                return len(title)
    return 0


def _named_after(token: str, named_after: frozenset[str]) -> bool:
    """Whether ``token``, as written or behind a clitic (``بجامع``), is a noun a place is named with."""
    return token in named_after or any(r in named_after for r in strip_clitics(token))


def _in_chain(token: str, name: list[str]) -> bool:
    """Whether ``token`` goes on a name's chain of ancestors past its usual length: a بن, or the name
    after one (فيصل بن تركي «بن عبدالله»), up to a bound."""
    return len(name) < _MAX_CHAIN and (token in _LINEAGE or name[-1] in _LINEAGE)


def find_candidates(
    tokens: list[str],
    covered: set[int] | frozenset[int] = frozenset(),
    named_after: frozenset[str] = frozenset(),
    distinct: set[str] | None = None,
    starters: set[str] | None = None,
) -> list[str]:
    """Unknown-name candidates after a title (``وزير الخارجيه الفنلندي بيكا هافيستو`` -> ``بيكا هافيستو``).

    After the title, up to three descriptor tokens starting with ``ال`` (``الخارجيه``, ``الفنلندي``)
    are skipped; then 2–4 name tokens are taken (more along a chain of ``بن``), stopping at
    punctuation, stop words, verbs and prepositional clitics.  Titles inside a gazetteer match
    (``covered`` token positions) or after a ``named_after`` noun (``مطار الملك …``) are ignored,
    and a name stops at a covered token.
    Keys are folded tokens joined by a space, deduplicated in order.  ``distinct`` is
    ``set(tokens)`` and ``starters`` the tokens of ``tokens`` with :func:`title_heads`, when the
    caller already has them.
    """
    out: dict[str, None] = {}
    n_tok = len(tokens)
    next_free = 0
    if starters is None:
        if distinct is None:
            distinct = set(tokens)
        starters = distinct.intersection(_TITLE_STARTERS)
        starters.update(tok for tok in distinct.difference(_TITLE_HEADS) if _title_readings(tok))
    if not starters:
        return []
    for i in positions(tokens, starters):
        if i < next_free:
            continue
        size = _title_at(tokens, i)
        if not size or i in covered or (i > 0 and _named_after(tokens[i - 1], named_after)):
            continue
        j = i + size
        skipped = 0
        while j < n_tok and skipped < 3 and tokens[j].startswith("ال") and j not in covered:
            j += 1
            skipped += 1
        name: list[str] = []
        while (
            j < n_tok
            and (len(name) < _MAX_NAME or _in_chain(tokens[j], name))
            and j not in covered
            and _name_token_ok(tokens[j], len(name))
        ):
            name.append(tokens[j])
            j += 1
        while name and name[-1] in _NAME_JOINERS:
            name.pop()
        if len(name) >= 2:
            out[" ".join(name)] = None
        next_free = j
    return list(out)


def find_quoted_organizations(folded: str) -> list[tuple[str, str]]:
    """Quoted names right after an organisation word, with that word: ``لتنظيم «القاعدة»`` ->
    ``("تنظيم", "القاعده")``."""
    out: dict[tuple[str, str], None] = {}
    for match in _QUOTED.finditer(folded):
        before = folded[max(0, match.start() - 20) : match.start()].split()
        word = next((b for b in (before[-1], *strip_clitics(before[-1])) if b in _ORG_WORDS), None) if before else None
        if word:
            key = " ".join(t for t in tokenize(match.group(1)) if t != BREAK)
            if key and len(key.split()) <= 5:
                out[word, key] = None
    return list(out)


def found_after(after: str) -> bool:
    """Whether the words ``after`` are what an unknown name is found after: they hold a title or
    end with an organisation word (not ``سبق أن``, "previously", for the candidate ``سبق``)."""
    words = tokenize(match_fold(after))
    last = (words[-1], *strip_clitics(words[-1])) if words else ()
    return any(_title_readings(w) for w in words) or any(r in _ORG_WORDS for r in last)


# Organisation words that name a place: «X» after them is one
_PLACE_WORDS = frozenset(match_fold("منطقة محافظة مدينة إمارة إقليم جمهورية دولة مملكة").split())


def candidate_type(after: str) -> str:
    """The gazetteer type of a candidate found after the words ``after``: a place after a word such
    as ``منطقة``, an organisation after another organisation word (``تنظيم``, ``لحركة``), else a person
    (the other candidates follow titles and roles)."""
    words = tokenize(match_fold(after))
    readings = (words[-1], *strip_clitics(words[-1])) if words else ()
    if any(r in _PLACE_WORDS for r in readings):
        return "place"
    return "organization" if any(r in _ORG_WORDS for r in readings) else "person"


def one_name(key: str) -> str:
    """A candidate key as one person's names meet: ``بن`` inside it left out (``بدر بن عبدالرحمن
    السمحان`` and ``بدر عبدالرحمن السمحان`` are one man, as the Gulf press writes him either way)."""
    words = key.split()
    return " ".join(words[:1] + [w for w in words[1:] if w != "بن"])


def name_groups(counts: Iterable[tuple[str, int]]) -> list[list[str]]:
    """Candidate keys (most frequent first) grouped by :func:`one_name`: each group the keys of one
    name, its most frequent first; the groups in the order of their first key."""
    groups: dict[str, list[str]] = {}
    for key, _ in counts:
        groups.setdefault(one_name(key), []).append(key)
    return list(groups.values())


def top_candidates(
    candidate_lists: Iterable[list[str]], gazetteer: Gazetteer, n: int = 50
) -> list[tuple[str, int]]:
    """Most frequent candidates (counted once per article, the writings of one name together:
    :func:`one_name`) that the gazetteer does not resolve, each by its most frequent writing."""
    counts: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for candidates in candidate_lists:
        counts.update(set(candidates))
        names.update({one_name(c) for c in candidates})
    out: list[tuple[str, int]] = []
    for group in name_groups(counts.most_common()):
        if gazetteer.unknown(group) == group:
            out.append((group[0], names[one_name(group[0])]))
    out.sort(key=lambda found: -found[1])
    return out[:n]
