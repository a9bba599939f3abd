"""Rule-based topic assignment over folded, lightly stemmed terms (taxonomy in ``data/topics.yaml``).

* Text is folded with :func:`indexer.actors.match_fold` and tokenized; every token is stemmed with
  :func:`light_stem` (Lucene-style Arabic light stemming: one prefix ``ال وال بال كال فال لل و``,
  then suffixes ``ها ان ات ون ين يه ه ي``).
* Each topic lists weighted ``terms`` (single words) and ``phrases`` (word sequences), written in
  plain Arabic in the YAML and stemmed at load time.  An occurrence adds its weight (title
  occurrences count ``title_weight`` times); one term contributes at most ``max_hits`` occurrences.
* A topic is assigned when its score reaches its ``threshold``.
* Weak labels: a URL section (``/Sports/``, ``/news/local/``) or an SPA (``was``) title prefix
  (``رياضي /``) named in a topic's ``hints`` adds ``hint_bonus`` (>= threshold, so it assigns the
  topic on its own).  :meth:`TopicModel.assign` with ``use_hints=False`` scores text alone, which is
  what ``bench/topics_eval.py`` evaluates against the hint-derived silver labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from indexer.actors import BREAK, TOKEN_CACHE_LIMIT, match_fold, positions, tokenize
from indexer.data_files import checked, digest, read_yaml

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "topics.yaml"

_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_PREFIX_LETTERS = frozenset(p[0] for p in (*_PREFIXES, "و"))
_SUFFIX_LETTERS = frozenset(s[-1] for s in _SUFFIXES)
_WAS_PREFIX = re.compile(r"^\s*([^/]{2,20}?)\s*/")
_MIN_STEM = 3  # Lucene allows 2; 2-letter stems collide (منى -> من, قرى -> قر)


def strip_prefix(token: str) -> str:
    """Folded token without its proclitic (و, ال, وال, بال, لل …); used for exact ``=`` terms."""
    if token[:1] not in _PREFIX_LETTERS:
        return token  # no proclitic starts this way (the common case)
    if token.startswith("و") and len(token) > 3 and not token.startswith("وال"):
        token = token[1:]
    for pre in _PREFIXES:
        if token.startswith(pre) and len(token) - len(pre) >= 2:
            return token[len(pre) :]
    return token


def light_stem(token: str) -> str:
    """Light stem of a folded token (Lucene ArabicStemmer rules on folded letters)."""
    return _strip_suffixes(strip_prefix(token))


def _strip_suffixes(token: str) -> str:
    changed = True
    while changed:
        changed = False
        if token[-1:] not in _SUFFIX_LETTERS:
            break  # no suffix ends this way
        for suf in _SUFFIXES:
            if token.endswith(suf) and len(token) - len(suf) >= _MIN_STEM:
                token = token[: -len(suf)]
                changed = True
                break
    return token


@dataclass(frozen=True)
class Topic:
    """One taxonomy node."""

    id: str
    label_ar: str
    label_en: str
    description: str
    threshold: float
    min_terms: int
    min_share: float
    requires: int | None
    url_hints: tuple[re.Pattern[str], ...]
    was_prefixes: frozenset[str]
    hints_assign: bool = True  # False: the section is wider than the topic, a silver label only


# Per-token topic information: (stem, term hits as (topic, weight, key), can start a phrase).
TopicInfo = tuple[str, tuple[tuple[int, float, str], ...], bool]
# (token -> info, info of the tokens carrying evidence: term hits or a phrase start)
Known = tuple[Callable[[str], TopicInfo], dict[str, TopicInfo]]


def _add_once(weights: list[tuple[int, float]], index: int, weight: float) -> None:
    """Add a topic's weight for a term or phrase, once: spellings that fold and stem alike (اتفاق سلام,
    اتفاق السلام; اللاجئين, لاجئين) are one piece of evidence, at the highest weight given."""
    for k, (known, old) in enumerate(weights):
        if known == index:
            weights[k] = (index, max(old, weight))
            return
    weights.append((index, weight))


class TopicModel:
    """Compiled taxonomy: stem -> weights, phrase index, hint patterns."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.digest = ""  # of the file it was read from (see :meth:`load`)
        self.title_weight = float(data.get("title_weight", 2.0))
        self.max_hits = int(data.get("max_hits", 3))
        self.hint_bonus = float(data.get("hint_bonus", 100.0))
        default_threshold = float(data.get("threshold", 4.0))
        default_min_terms = int(data.get("min_terms", 1))
        default_min_share = float(data.get("min_share", 0.0))
        self._ignore = {self._stem_phrase(p) for p in data.get("ignore") or ()}
        self.topics: list[Topic] = []
        self._terms: dict[str, list[tuple[int, float]]] = {}
        self._phrases: dict[tuple[str, ...], list[tuple[int, float]]] = {}
        self._phrase_first: dict[str, int] = {}
        self._tokens: dict[str, TopicInfo] = {}
        self._evidence_tokens: set[str] = set()  # tokens in ``_tokens`` with term hits or starting a phrase
        gates = {g["id"]: len(data["topics"]) + k for k, g in enumerate(data.get("gates") or ())}
        for index, raw in enumerate(data["topics"]):
            hints = raw.get("hints") or {}
            self.topics.append(
                Topic(
                    id=raw["id"],
                    label_ar=raw["label_ar"],
                    label_en=raw["label_en"],
                    description=raw.get("description", ""),
                    threshold=float(raw.get("threshold", default_threshold)),
                    min_terms=int(raw.get("min_terms", default_min_terms)),
                    min_share=float(raw.get("min_share", default_min_share)),
                    requires=gates[raw["requires"]] if raw.get("requires") else None,
                    url_hints=tuple(re.compile(p) for p in hints.get("url", ())),
                    was_prefixes=frozenset(match_fold(p) for p in hints.get("was_prefix", ())),
                    hints_assign=bool(hints.get("assign", True)),
                )
            )
            self._compile(index, raw)
        for gate in data.get("gates") or ():
            self._compile(gates[gate["id"]], gate)
        self._size = len(self.topics) + len(gates)
        # Only these topics can be hinted (most have neither URL nor ``was`` hints).
        self._with_hints = [(i, t) for i, t in enumerate(self.topics) if t.url_hints or t.was_prefixes]
        for key in self._ignore:
            self._phrase_first[key[0]] = max(self._phrase_first.get(key[0], 0), len(key))
        # first two stems of every phrase and ignored phrase: most phrase starts go no further
        self._phrase_pairs = {key[:2] for key in (*self._phrases, *self._ignore) if len(key) >= 2}

    def _compile(self, index: int, raw: dict[str, Any]) -> None:
        """Index the ``terms`` and ``phrases`` of topic (or gate) number ``index``."""
        for words, weight in (raw.get("terms") or {}).items():
            for word in str(words).split("|"):
                if word.startswith("="):  # exact term: proclitics stripped, no suffix stemming
                    key = tuple("=" + strip_prefix(t) for t in tokenize(match_fold(word[1:])))
                else:
                    key = self._stem_phrase(word)
                if len(key) != 1:
                    raise ValueError(f"{raw['id']}: term {word!r} is not one word (use phrases)")
                _add_once(self._terms.setdefault(key[0], []), index, float(weight))
        for words, weight in (raw.get("phrases") or {}).items():
            for phrase in str(words).split("|"):
                key = self._stem_phrase(phrase)
                if len(key) < 2:
                    raise ValueError(f"{raw['id']}: phrase {phrase!r} has fewer than two words")
                _add_once(self._phrases.setdefault(key, []), index, float(weight))
                self._phrase_first[key[0]] = max(self._phrase_first.get(key[0], 0), len(key))

    @staticmethod
    def _stem_phrase(text: str) -> tuple[str, ...]:
        return tuple(light_stem(t) for t in tokenize(match_fold(text)) if t != BREAK)

    @classmethod
    def load(cls, path: Path | None = None) -> TopicModel:
        """Read the taxonomy YAML (default ``indexer/data/topics.yaml``); a :class:`DataFileError`
        says what is wrong with it."""
        path = path or DEFAULT_PATH
        with checked(path):
            model = cls(read_yaml(path))
            model.digest = digest(path)
            return model

    def token_info(self, token: str) -> TopicInfo:
        """``(stem, term hits as (topic, weight, key), can start a phrase)`` for a folded token."""
        bare = strip_prefix(token)
        stem = _strip_suffixes(bare)  # = light_stem(token)
        exact = "=" + bare
        by_stem, by_exact = self._terms.get(stem), self._terms.get(exact)
        found: tuple[tuple[int, float, str], ...] = ()
        if by_stem or by_exact:  # most tokens are no term at all
            found = (*((i, w, f"{i}:{stem}") for i, w in by_stem or ()),
                     *((i, w, f"{i}:{exact}") for i, w in by_exact or ()))
        return stem, found, stem in self._phrase_first

    def _lookup(self, token: str) -> TopicInfo:
        """:meth:`token_info` (cached)."""
        info = self._tokens.get(token)
        if info is None:
            info = self.token_info(token)
            if len(self._tokens) < TOKEN_CACHE_LIMIT:
                self._tokens[token] = info
                if info[1] or info[2]:
                    self._evidence_tokens.add(token)
        return info

    def _known(self, types: set[str]) -> Known:
        """``(token -> token_info for the tokens in types, token_info of those that carry evidence)``.

        Set operations find the evidence tokens, so Python work is per evidence or new token only."""
        cache = self._tokens
        fresh = {t: self._lookup(t) for t in types.difference(cache)}
        evidence = {t: cache[t] for t in types.intersection(self._evidence_tokens)}
        evidence.update((t, info) for t, info in fresh.items() if info[1] or info[2])

        def info_of(token: str) -> TopicInfo:
            return cache.get(token) or fresh[token]

        return info_of, evidence

    def _score(
        self, tokens: list[str], scale: float, scores: list[float], hits: dict[str, int], distinct: list[float],
        known: Known, phrases_found: dict[str, int] | None = None,
    ) -> None:
        info_of, evidence = known  # as from _known(types) with types >= set(tokens)
        if not evidence:
            return

        max_hits, phrases, ignore, pairs = self.max_hits, self._phrases, self._ignore, self._phrase_pairs
        last = len(tokens) - 1
        skip_to = 0
        for i in positions(tokens, evidence):
            if i < skip_to:
                continue
            stem, found, starts_phrase = evidence[tokens[i]]
            if starts_phrase and i < last and (stem, info_of(tokens[i + 1])[0]) in pairs:
                stems = [info_of(t)[0] for t in tokens[i : i + self._phrase_first[stem]]]
                for size in range(len(stems), 1, -1):
                    key = tuple(stems[:size])
                    if key in ignore:  # e.g. خادم الحرمين الشريفين: a title, not evidence
                        skip_to = i + size
                        break
                    matched = phrases.get(key)
                    if matched:
                        for index, weight in matched:
                            scores[index] += weight * scale
                            distinct[index] += 1
                            if phrases_found is not None:
                                name = f"{index}:{' '.join(key)}"
                                phrases_found[name] = phrases_found.get(name, 0) + 1
                        break
                if skip_to > i:
                    continue
            for index, weight, term in found:
                count = hits.get(term, 0)
                if count < max_hits:
                    hits[term] = count + 1
                    scores[index] += weight * scale
                    if not count:
                        distinct[index] += 1

    def scores(
        self, title_tokens: list[str], body_tokens: list[str], url: str | None = None, title: str = "",
        use_hints: bool = True,
    ) -> list[float]:
        """Score per topic (same order as :attr:`topics`) from folded tokens, plus hint bonuses."""
        return self._evidence(title_tokens, body_tokens, url, title, use_hints)[0][: len(self.topics)]

    def _evidence(
        self, title_tokens: list[str], body_tokens: list[str], url: str | None, title: str, use_hints: bool,
        types: set[str] | None = None, known: Known | None = None, found: dict[str, int] | None = None,
    ) -> tuple[list[float], list[float]]:
        """``(score, distinct evidence count)`` per topic; hinted topics get the bonus in both. ``found``,
        when given, gets each term and phrase that counted (``topic index:stems``) and how many times."""
        scores = [0.0] * self._size
        distinct = [0.0] * self._size
        hits: dict[str, int] = {}
        if known is None:
            known = self._known(set(title_tokens).union(body_tokens) if types is None else types)
        self._score(title_tokens, self.title_weight, scores, hits, distinct, known, found)
        for index, score in enumerate(scores):
            if score:  # a title mention is a second piece of evidence
                distinct[index] += 1
        self._score(body_tokens, 1.0, scores, hits, distinct, known, found)
        if found is not None:
            found.update(hits)
        if use_hints:
            for index in self.hinted(url, title, assigning=True):
                scores[index] += self.hint_bonus
                distinct[index] += self.hint_bonus
        return scores, distinct

    def explain(self, title: str, body: str) -> dict[str, dict[str, int]]:
        """Why an article has its topics, for a maintainer reading them (``bench/topic_read.py``): by
        topic id, each term and phrase that counted (as stems; ``=`` marks an exact term) and how many
        times (a term at most ``max_hits``); text evidence only, not the URL's or the title prefix's."""
        found: dict[str, int] = {}
        self._evidence(tokenize(match_fold(title or "")), tokenize(match_fold(body or "")), None, "", False,
                       found=found)
        out: dict[str, dict[str, int]] = {}
        for key, count in found.items():
            index, _, evidence = key.partition(":")
            if int(index) < len(self.topics):  # a gate's evidence is not a topic's
                out.setdefault(self.topics[int(index)].id, {})[evidence] = count
        return out

    def hinted(self, url: str | None, title: str = "", *, assigning: bool = False) -> list[int]:
        """Indexes of topics whose URL-section or ``was`` title-prefix hint fires; ``assigning``: only
        of the topics whose hints assign them (not the silver labels of a section wider than its topic)."""
        out: list[int] = []
        prefix = _WAS_PREFIX.match(title) if title and "/" in title[:25] else None
        folded_prefix = match_fold(prefix.group(1)).strip() if prefix else None
        for index, topic in self._with_hints:
            if assigning and not topic.hints_assign:
                continue
            by_url = any(p.search(url) for p in topic.url_hints) if url else False
            if by_url or (folded_prefix is not None and folded_prefix in topic.was_prefixes):
                out.append(index)
        return out

    def assign_tokens(
        self, title_tokens: list[str], body_tokens: list[str], url: str | None = None, title: str = "",
        use_hints: bool = True, types: set[str] | None = None, known: Known | None = None,
    ) -> list[str]:
        """Topic ids for pre-folded, pre-tokenized text (lets the indexer fold once for actors too).

        ``types`` is a set holding at least every title and body token, when the caller has one;
        ``known`` is ``(token -> token_info, token_info of the tokens with term hits or starting a phrase)`` for
        every title and body token, when the caller has analysed them."""
        scores, distinct = self._evidence(title_tokens, body_tokens, url, title, use_hints, types, known)
        best = max(scores[: len(self.topics)], default=0.0)
        out = []
        for t, s, d in zip(self.topics, scores, distinct, strict=False):
            if s >= self.hint_bonus or (
                s >= t.threshold
                and d >= t.min_terms
                and s >= best * t.min_share
                and (t.requires is None or scores[t.requires] > 0)
            ):
                out.append(t.id)
        return out

    def assign(self, title: str, body: str, url: str | None = None, use_hints: bool = True) -> list[str]:
        """Topic ids of one article, in taxonomy order."""
        title = title or ""
        return self.assign_tokens(
            tokenize(match_fold(title)), tokenize(match_fold(body or "")), url, title, use_hints
        )

    def taxonomy(self) -> dict[str, dict[str, str]]:
        """``id -> {label_ar, label_en, description}`` for the UI."""
        return {
            t.id: {"label_ar": t.label_ar, "label_en": t.label_en, "description": t.description}
            for t in self.topics
        }


@lru_cache(maxsize=1)
def default_model() -> TopicModel:
    """The taxonomy in ``indexer/data/topics.yaml`` (loaded once)."""
    return TopicModel.load()


def assign_topics(title: str, body: str, url: str | None = None) -> list[str]:
    """Topic ids for one article (text rules + URL/``was`` hints), in taxonomy order."""
    return default_model().assign(title, body, url)


def load_taxonomy() -> dict[str, dict[str, str]]:
    """Taxonomy for the UI: ``id -> {label_ar, label_en, description}``, in taxonomy order."""
    return default_model().taxonomy()


def topic_labels() -> dict[str, str]:
    """Arabic label of each topic id, in taxonomy order."""
    return {key: entry["label_ar"] for key, entry in load_taxonomy().items()}


def topic_id(value: str, taxonomy: Mapping[str, Mapping[str, str]] | None = None) -> str | None:
    """The topic id that ``value`` names: the id itself or the Arabic or English label, any case or
    spelling variant (``Syria``, ``سوريا``); None if it names none."""
    wanted = match_fold(value.strip())
    for key, entry in (taxonomy or load_taxonomy()).items():
        if wanted in (key, match_fold(entry.get("label_ar", "")), match_fold(entry.get("label_en", ""))):
            return key
    return None


def topic_ids(model: TopicModel | None = None) -> Iterable[str]:
    """All topic ids, in taxonomy order."""
    return [t.id for t in (model or default_model()).topics]
