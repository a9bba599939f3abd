"""The search language and the Elasticsearch request it becomes (pure functions, no I/O).

Shared by the CLI (``akhbar search``/``export``) and the Streamlit UI:

* :func:`parse_query` turns what a journalist types into a :class:`ParsedQuery` (words, ``"exact
  phrase"``, ``"words near"~N``, ``title:``, ``site:``, ``AND``, ``OR``, ``-exclude``/``NOT``, ``prefix*``,
  parentheses, expanded by :mod:`search_ui.boolean`); it never raises. Given a name lookup (the
  gazetteer), a name of an actor also finds the articles about that actor (``جدة`` where the text
  has ``بجدة``; ``Putin`` in Latin letters), and a word of a transliterated name its other
  spellings (``دميتري``: ``ديمتري``).
* :func:`build_search` turns a parsed query plus :class:`Filters` into a request body
  with contextual facets, highlighting and a stable sort for ``search_after``.
* :func:`parse_response` / :func:`to_json` read the answer back.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Literal, cast

from indexer.outlets import outlet_key, outlet_names, site_host
from indexer.text import fold, normalize_for_search, split_joined_words
from indexer.urls import canonical_url, url_variants
from search_ui.boolean import MAX_SETS, Expr, TooComplex, both, either, negation

MAX_TERMS = 64
MAX_TERM_CHARS = 64
FUZZY_MIN_LETTERS = 6  # not counting the article ال: shorter words have too many one-letter neighbours
MIN_PREFIX_LETTERS = 2
# Names written joined or apart: a first word, and what may follow it (عبدالله / عبد الله, عبدربه /
# عبد ربه; أبوظبي / أبو ظبي, أبوبكر / أبو بكر; not أبواب, أبوية: three letters at least).
_COMPOUNDS = {head: re.compile(rest) for heads, rest in (
    (("عبد",), r"(?:ال\w{2,}|ربه)$"),
    (("أبو", "ابو"), r"\w{3,}$"),
) for head in heads}
MAX_SLOP = 50  # "a b"~N: at most this many words between or around them
SNIPPET_CHARS = 200
FACET_SIZE = 30
# The actor facet is counted as people, organisations and places (each actor is one of them): places
# lead any actor count, and people would hardly show. The actors facet is their merged top.
ACTOR_TYPE_FACETS = ("persons", "organizations", "places")
NO_DATE = "none"
# "or" between two terms: the operator, and the Arabic word (a stop word, never worth searching for)
OR_WORDS = frozenset({"OR", "أو", "او"})
AND_WORDS = frozenset({"AND", "&&"})  # what two terms side by side mean anyway
NOT_WORDS = frozenset({"NOT"})  # NOT x is -x
# title:x, title:"…", title:(…): in the headline only; author:x in the byline (the scrape's author field)
SCOPE_PREFIXES = {"intitle:": "title", "title:": "title", "عنوان:": "title",
                  "author:": "author", "byline:": "author", "كاتب:": "author", "الكاتب:": "author"}
Scope = Literal["title", "author"]
# site:okaz.com.sa (site:okaz, site:عكاظ, an address): the articles of that outlet or from that site
SITE_PREFIXES = ("site:", "source:", "موقع:", "مصدر:")

Sort = Literal["relevance", "date", "oldest", "copies"]
SORTS: tuple[Sort, ...] = ("relevance", "date", "oldest", "copies")
# A word or phrase -> the actors it names (one; several for a surname people share: Assad), other
# spellings or names of them to match too, and forms of it only to mark in snippets; None when there
# is nothing to add (ActorNames.query_names).
NameLookup = Callable[[str], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None]

FACET_FIELDS = {"actors": "actors", "topics": "topics", "sources": "source"}
SOURCE_FIELDS = [
    "ref",
    "url",
    "source",
    "author",
    "title_display",
    "body_display",
    "published",
    "published_source",
    "crawled",
    "actors",
    "topics",
    "dup_group",
    "dup_count",
]
EXPORT_FIELDS = [f for f in SOURCE_FIELDS if f != "body_display"]
# The result list never ships article bodies: its lead comes from the body highlight.
LIST_FIELDS = [*EXPORT_FIELDS, "title"]
# Weights: the title counts more than the body; the unstemmed form more than the stem.
_STEMMED = ["title^3", "body"]
_EXACT = ["title.exact^3", "body.exact"]
NEAR_SLOP = 2  # words typed side by side rank higher when at most this many moves apart


@dataclass(frozen=True)
class Term:
    """One word, phrase or prefix of the query; it also finds the articles of ``actors`` (the actor it
    names; the several a Latin name may name) and its ``variants`` (other spellings or names), also
    marked in snippets like ``marks``."""

    text: str
    phrase: bool = False
    prefix: bool = False
    actors: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    slop: int = 0  # a phrase's words may stand this many moves apart ("…"~N): near each other
    scope: Scope | None = None  # searched in the headline or the byline only
    link: bool = False  # the address of an article (``text`` is its canonical URL)
    site: bool = False  # an outlet or a site, as typed (``text``: okaz.com.sa, okaz, عكاظ)
    stop: bool = False  # a stop word (هو, في), which the stemmed fields leave out: see text_query

    def __str__(self) -> str:
        if self.site:
            return f"site:{self.text}"
        where = f"{self.scope}:" if self.scope else ""
        if self.phrase:
            return f'{where}"{self.text}"~{self.slop}' if self.slop else f'{where}"{self.text}"'
        return f"{where}{self.text}*" if self.prefix else f"{where}{self.text}"


@dataclass(frozen=True, order=True)
class Notice:
    """How the query was read, in English (CLI) and in Arabic (UI)."""

    en: str
    ar: str

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class ParsedQuery:
    """A query: every group must match (a group is terms joined by OR); no exclude may (an exclude
    is terms that together exclude an article)."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excludes: tuple[tuple[Term, ...], ...] = ()
    notices: tuple[Notice, ...] = ()
    raw: str = ""
    near: tuple[Term, ...] = ()  # words typed side by side, as phrases that rank close matches first

    @property
    def is_empty(self) -> bool:
        """True when nothing positive was asked for (the query matches all articles)."""
        return not self.groups

    @property
    def positive(self) -> list[Term]:
        """Every term of every group (what the articles are searched and marked for)."""
        return [t for group in self.groups for t in group]

    def __str__(self) -> str:
        parts = [" OR ".join(str(t) for t in g) for g in self.groups]
        parts += [f"-{e[0]}" if len(e) == 1 else f"-({' '.join(map(str, e))})" for e in self.excludes]
        return " ".join(parts)


@dataclass
class Filters:
    """Facet selections: several values of one field are OR-ed, the fields AND-ed."""

    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    loaded_since: datetime | None = None  # written to the archive by a load from then on (UTC)

    def active(self, lang: Literal["en", "ar"] = "en", topic_labels: Mapping[str, str] | None = None,
               source_labels: Mapping[str, str] | None = None) -> list[str]:
        """Human-readable list of the active filters (for "no results" hints), in English or Arabic."""
        actor, topic, source, since, until, loaded = _FILTER_NAMES[lang]
        labels, outlets = topic_labels or {}, source_labels or {}
        out = [f"{actor}: {a}" for a in self.actors]
        out += [f"{topic}: {labels.get(t, t)}" for t in self.topics]
        out += [f"{source}: {outlets.get(s, s)}" for s in self.sources]
        if self.since:
            out.append(f"{since}: {self.since.isoformat()}")
        if self.until:
            out.append(f"{until}: {self.until.isoformat()}")
        if self.loaded_since:
            out.append(f"{loaded}: {self.loaded_since.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
        return out


_FILTER_NAMES = {
    "en": ("actor", "topic", "source", "since", "until", "loaded since"),
    "ar": ("الفاعل", "الموضوع", "المصدر", "من", "إلى", "أضيف منذ"),
}


@dataclass
class SearchHit:
    """One result, ready for display (``snippet``/``title_html`` are safe HTML, the rest plain text)."""

    id: str
    ref: str | None
    title: str
    published: str | None
    source: str | None
    url: str | None
    actors: list[str]
    topics: list[str]
    snippet: str
    score: float | None
    title_html: str = ""
    author: str | None = None
    dup_group: str | None = None
    dup_count: int | None = None
    sort: list[Any] | None = None
    text: str | None = None  # the full display text, when it was fetched (export with text)
    published_source: str | None = None  # metadata | text | crawl (the day the page was fetched)
    crawled: str | None = None  # when the page was fetched, if known


@dataclass
class SearchResult:
    """Hits, total and facets of one search, plus notices about how the query was read."""

    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    @property
    def last_sort(self) -> list[Any] | None:
        """Sort values of the last hit: the ``search_after`` cursor of the next page."""
        return self.hits[-1].sort if self.hits else None


# ---------------------------------------------------------------- parsing


def _is_word_char(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LNM"


def _strip_punct(word: str) -> str:
    """Trim punctuation/symbols at both ends (Arabic ، ؟ ؛ included); keep inner ones."""
    start, end = 0, len(word)
    while start < end and not _is_word_char(word[start]):
        start += 1
    while end > start and not _is_word_char(word[end - 1]):
        end -= 1
    return word[start:end]


def _letters(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch)[0] == "L")


def _word_tokens(word: str, negated: bool) -> list[tuple[str, str, bool]]:
    """A whitespace-delimited word as tokens: its opening and closing parentheses apart, an operator
    word as the operator, a ``title:`` or ``author:`` apart from what it applies to, a ``site:x``
    as one; ``negated`` (a ``-`` before it) goes to the first."""
    inner = word.lstrip("(")
    opens = len(word) - len(inner)
    core = inner.rstrip(")")
    if not core:  # parentheses only
        out = [("open" if ch == "(" else "close", ch, False) for ch in word]
    else:
        where = next((p for p in SCOPE_PREFIXES if core.lower().startswith(p)), "")
        site = next((p for p in SITE_PREFIXES if core.lower().startswith(p)), "")
        if site:  # site:x, or a site: before its "…"
            middle = [("site", core[len(site) :], False)]
        elif where:  # title:x, title:(…), or a title: before its "…"
            rest = core[len(where) :]
            middle = [("scope", SCOPE_PREFIXES[where], False), *(_word_tokens(rest, False) if rest else [])]
        else:
            operators = ((OR_WORDS, "or"), (AND_WORDS, "and"), (NOT_WORDS, "not")) if not negated or opens else ()
            middle = [(next((kind for words, kind in operators if core in words), "word"), core, False)]
        out = [*(("open", "(", False) for _ in range(opens)), *middle]
        out += [("close", ")", False)] * (len(inner) - len(core))
    if negated and out:
        out[0] = (out[0][0], out[0][1], True)
    return out


_SLOP = re.compile(r"~(\d{1,6})(?=\s|$|\))")
_FUZZY_MARK = re.compile(r"(?<=\w)~\d*$")


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """Split into (kind, text, negated), kind one of word, phrase, slop (the N of a ``"…"~N`` just
    before), scope (a ``title:`` for the term after it), site (``site:x``; empty: the next word or
    phrase is its x), or, and, not, open, close; quotes and parentheses may be unbalanced."""
    out: list[tuple[str, str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            ch = text[i]
        if ch in '"“”«»':
            j = i + 1
            while j < n and text[j] not in '"“”«»':
                j += 1
            out.append(("phrase", text[i + 1 : j], negated))
            i = j + 1
            if near := _SLOP.match(text, i):  # "…"~N
                out.append(("slop", near.group(1), False))
                i = near.end()
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in '"“”«»':
            j += 1
        out += _word_tokens(text[i:j], negated)
        i = j
    return out


_OR_IGNORED = Notice("OR (أو) needs a term on each side; ignored", "تُجوهلت OR (أو): تحتاج إلى كلمة على كل جانب")


def _make_term(kind: str, raw: str, notes: set[Notice]) -> Term | None:
    """A Term from a raw token, or None when nothing searchable is left."""
    if kind == "phrase":
        words = [w for w in (_strip_punct(x) for x in raw.split()) if w]
        if not words:
            return None
        if len(words) == 1:
            return _make_term("word", words[0], notes)
        return Term(" ".join(w[:MAX_TERM_CHARS] for w in words), phrase=True)
    if _URL.match(raw) and (canon := canonical_url(raw)):
        return Term(canon, link=True)
    raw = _FUZZY_MARK.sub("", raw)  # word~ (a typo allowance elsewhere): typos are allowed anyway
    prefix = raw.rstrip().endswith("*")
    word = _strip_punct(raw)
    if not word:
        return None
    if len(word) > MAX_TERM_CHARS:
        notes.add(Notice(f"very long words were cut to {MAX_TERM_CHARS} characters",
                         f"قُصّت الكلمات الطويلة جدًّا إلى {MAX_TERM_CHARS} حرفًا"))
        word = word[:MAX_TERM_CHARS]
    if prefix and _letters(word) < MIN_PREFIX_LETTERS:
        notes.add(Notice(f"a prefix* needs at least {MIN_PREFIX_LETTERS} letters; searched as a word",
                         f"البادئة قبل * تحتاج إلى {MIN_PREFIX_LETTERS} من الحروف على الأقل: بُحث عنها ككلمة"))
        prefix = False
    apart = next((f"{head} {word[len(head):]}" for head, rest in _COMPOUNDS.items()
                  if word.startswith(head) and rest.match(word, len(head))), None)
    return Term(word, prefix=prefix, variants=(apart,) if apart and not prefix else ())


def _names_apart(items: list[_Item]) -> list[_Item]:
    """``عبد الله`` typed apart is one term, the name written either way (a phrase, also ``عبدالله``),
    in the scope of its first word; a name typed joined finds it apart through its variant
    (:func:`_make_term`)."""
    out: list[_Item] = []
    for kind, term, negated in items:
        if out and kind == "word" and term and not term.prefix:
            last_kind, last, last_negated = out[-1]
            rest = _COMPOUNDS.get(last.text) if last_kind == "word" and last and not last.prefix else None
            if (rest and rest.fullmatch(term.text) and last and last_negated == negated
                    and term.scope in (None, last.scope)):  # title:عبد الله is the name in headlines
                head = last.text
                joined = Term(f"{head} {term.text}", phrase=True, variants=(f"{head}{term.text}",), scope=last.scope)
                out[-1] = (kind, joined, negated)
                continue
        out.append((kind, term, negated))
    return out


def _outlets_apart(items: list[_Item]) -> list[_Item]:
    """A ``site:`` and the words after it that complete an outlet's name written apart
    (``مصدر:الشرق الأوسط``, ``مصدر:عين اليوم``) are one site term, the longest name they make."""
    names = {fold(name) for name in outlet_names().values()}
    longest = max((len(name.split()) for name in names), default=1)
    out: list[_Item] = []
    i = 0
    while i < len(items):
        kind, term, negated = items[i]
        after = i + 1
        if kind == "site" and term is not None:
            for end in range(min(len(items), i + longest), i + 1, -1):
                run = [t for k, t, n in items[i + 1 : end] if k == "word" and t and not (n or t.prefix or t.scope)]
                name = " ".join([term.text, *(t.text for t in run)])
                if len(run) == end - i - 1 and fold(name) in names:
                    term, after = replace(term, text=name), end
                    break
        out.append((kind, term, negated))
        i = after
    return out


def _phrase_len(term: Term) -> int:
    return len(term.text.split()) if term.phrase else 1


_URL = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)
_NON_SPACE = re.compile(r"\S+")
_LIST_SEPARATOR = re.compile(r"[،؛]|(?<!\d)[,;]|[,;](?!\d)")  # not in a number: 1,500
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _latin(term: Term) -> bool:
    return not term.prefix and bool(_LATIN.search(term.text)) and not _ARABIC.search(term.text)


def _named(term: Term, lookup: NameLookup, notes: set[Notice]) -> Term:
    """``term`` with what ``lookup`` knows of it: the actor it names, a name word's other spellings
    (an Arabic name needs no notice: the articles about its actor are those that name it)."""
    if term.prefix or term.link or term.site or term.scope == "author":
        return term  # a byline names its writer, not an actor
    if term.phrase and not _latin(term):  # a name typed apart is looked up joined (أبو ظبي: أبوظبي)
        joined = next((v for v in term.variants if " " not in v), None) if not term.slop else None
        found = lookup(joined) if joined else None
        return replace(term, actors=found[0]) if found and found[0] and not term.scope else term
    found = lookup(term.text)
    if found is not None and term.scope:  # its actor is of the whole article: only the spellings
        found = ((), found[1], found[2])
    if found is None:
        return term
    actors, named, marks = found
    variants = tuple(dict.fromkeys((*term.variants, *named)))
    if len(actors) > 1:
        notes.add(Notice(f"{term.text!r} names several actors: it finds the articles about any of "
                         f"{', '.join(actors)}",
                         f"«{term.text}» اسم لأكثر من فاعل: يجد المقالات عن أيٍّ من {'، '.join(actors)}"))
    elif actors and _latin(term):
        notes.add(Notice(f"{term.text!r} also finds the articles about {actors[0]}",
                         f"«{term.text}» يجد أيضًا المقالات عن {actors[0]}"))
    elif named:
        several = len(named) > 1
        notes.add(Notice(f"{term.text!r} also finds the spelling{'s' if several else ''} {', '.join(named)}",
                         f"«{term.text}» يجد أيضًا {'الكتابات' if several else 'الكتابة'}: {'، '.join(named)}"))
    return replace(term, actors=actors, variants=variants, marks=marks)


def unnamed_latin(parsed: ParsedQuery, names: Callable[[str], bool] | None = None) -> list[str]:
    """The query's words in Latin letters that name no known actor (by ``names``: ``Assad`` names two,
    which a search does not take for either): searched as written, which Arabic articles rarely are
    (for the hint of a query without results)."""
    return [t.text for t in parsed.positive
            if _latin(t) and not (t.actors or t.link or t.site or (names and names(t.text)))]


def _with_names(groups: list[list[Term]], lookup: NameLookup, notes: set[Notice]) -> list[list[Term]]:
    """Every term :func:`_named`; consecutive Latin words are tried longest run first, so that
    ``Vladimir Putin`` names one actor (as the phrase it is)."""
    out: list[list[Term]] = []
    i = 0
    while i < len(groups):
        end = i
        while (end < len(groups) and len(groups[end]) == 1 and not groups[end][0].phrase
               and not groups[end][0].scope and not groups[end][0].link and not groups[end][0].site
               and _latin(groups[end][0])):
            end += 1
        for stop in range(end, i + 1, -1):  # runs of two words or more
            run = Term(" ".join(g[0].text for g in groups[i:stop]), phrase=True)
            named = _named(run, lookup, notes)
            if named.actors:
                out.append([named])
                i = stop
                break
        else:
            out.append([_named(t, lookup, notes) for t in groups[i]])
            i += 1
    return out


_NOT_IGNORED = Notice("NOT needs a term or (…) after it; ignored", "تُجوهلت NOT: تحتاج بعدها إلى كلمة أو (…)")
_NOT_OF_NOT = Notice("an exclusion inside an excluded (…) was ignored", "تُجوهل استبعادٌ داخل (…) مستبعدة")
_PAREN_STRAY = Notice("a ) without its ( was ignored", "تُجوهل قوس ) بلا قوس ( يفتحه")
_PAREN_OPEN = Notice("an unclosed ( runs to the end of the query", "قوس ( غير مغلق: يمتد إلى آخر البحث")
_TOO_COMPLEX = Notice(
    f"the parentheses make more than {MAX_SETS} combinations: read without them",
    f"الأقواس تعطي أكثر من {MAX_SETS} تركيبة: قُرئ البحث بدونها",
)
_Item = tuple[str, Term | None, bool]  # kind, term (words and phrases), negated


def _negation(value: Expr[Term], notes: set[Notice]) -> Expr[Term]:
    if value.clauses and value.excluded:  # NOT (a -b) would be "without a, or with b"
        notes.add(_NOT_OF_NOT)
        value = Expr(value.clauses)
    return negation(value)


def _expression(items: list[_Item], notes: set[Notice]) -> Expr[Term]:
    """Read the items: side by side (or AND) all must match, OR joins its neighbours (it binds
    closer than side by side, as in web search), ``-x``/``NOT x`` excludes, parentheses group.
    Malformed input is repaired with a notice. Raises TooComplex."""
    pos = 0

    def ahead() -> str | None:
        return items[pos][0] if pos < len(items) else None

    def sequence(depth: int) -> Expr[Term] | None:
        nonlocal pos
        result: Expr[Term] | None = None
        while (kind := ahead()) is not None:
            if kind == "close":
                if depth:
                    pos += 1
                    return result
                notes.add(_PAREN_STRAY)
            elif kind == "or":
                notes.add(_OR_IGNORED)
            elif kind != "and":
                value = alternatives()
                if value is not None:
                    result = value if result is None else both(result, value)
                continue
            pos += 1
        if depth:
            notes.add(_PAREN_OPEN)
        return result

    def alternatives() -> Expr[Term] | None:
        nonlocal pos
        value = operand()
        while ahead() == "or":
            pos += 1
            if ahead() in (None, "or", "and", "close"):
                notes.add(_OR_IGNORED)
                break
            other = operand()
            if value is None or other is None:
                value = value or other
            elif value.excluded or other.excluded:  # "a OR -b": both
                notes.add(_OR_IGNORED)
                value = both(value, other)
            else:
                value = either(value, other)
        return value

    def operand() -> Expr[Term] | None:
        nonlocal pos
        kind, term, negated = items[pos]
        pos += 1
        if kind == "not":
            if ahead() in (None, "or", "and", "close"):
                notes.add(_NOT_IGNORED)
                return None
            value = operand()
            return None if value is None else _negation(value, notes)
        value = sequence(1) if kind == "open" else Expr.of(term) if term else None
        return _negation(value, notes) if value is not None and negated else value

    return sequence(0) or Expr()


def _slop(n: int, notes: set[Notice]) -> int:
    if n > MAX_SLOP:
        notes.add(Notice(f'"…"~N: at most {MAX_SLOP} words apart; read as ~{MAX_SLOP}',
                         f'"…"~N: لا يزيد البعد عن {MAX_SLOP} كلمة: قُرئ ~{MAX_SLOP}'))
    return min(n, MAX_SLOP)


def _items(tokens: list[tuple[str, str, bool]], notes: set[Notice]) -> list[_Item]:
    """The tokens as terms and operators: a ``~N`` set on its phrase, a ``title:`` (``author:``) on
    its term or on every term of its ``(…)`` (its ``-`` on what it applies to), a ``site:`` term,
    at most :data:`MAX_TERMS` terms."""
    items: list[_Item] = []
    budget = MAX_TERMS
    pending: Scope | None = None  # a title: waiting for its term or (…)
    excluded = False
    depth = 0
    groups: list[tuple[int, Scope]] = []  # the title:(…) we are in: their depth and scope
    site: bool | None = None  # a bare site: waiting for its word or "…" (its -: True)
    for kind, raw, negated in tokens:
        if kind == "scope":
            pending, excluded = cast(Scope, raw), negated
            continue
        if kind == "site" and not raw.strip():
            site = negated
            continue
        if site is not None and kind in ("word", "phrase") and not negated:
            kind, negated = "site", site
        site = None
        if kind == "site":
            pending, excluded = None, False
            if (value := " ".join(raw.split())) and budget > 0:
                budget -= 1
                items.append(("site", Term(value[:MAX_TERM_CHARS], site=True), negated))
            continue
        scope = pending or (groups[-1][1] if groups else None)
        negated = negated or (pending is not None and excluded)  # -title:x, -title:(…)
        if kind == "open":
            depth += 1
            if pending:
                groups.append((depth, pending))
        elif kind == "close":
            if groups and groups[-1][0] == depth:
                groups.pop()
            depth = max(0, depth - 1)
        pending, excluded = None, False
        if kind == "slop":
            if items and (last := items[-1])[1] and last[1].phrase:
                items[-1] = (last[0], replace(last[1], slop=_slop(int(raw), notes)), last[2])
            continue
        if kind not in ("word", "phrase"):
            items.append((kind, None, negated))
            continue
        term = _make_term(kind, raw, notes)
        if term is None:
            continue
        if scope:
            term = replace(term, scope=scope)
        if _phrase_len(term) > budget:
            notes.add(Notice(f"the query was too long: only the first {MAX_TERMS} terms were used",
                             f"البحث طويل جدًّا: استُخدمت أول {MAX_TERMS} كلمة فقط"))
            break
        budget -= _phrase_len(term)
        items.append((kind, term, negated))
    return items


def _side_by_side(items: list[_Item]) -> tuple[Term, ...]:
    """Runs of two or more words typed side by side (``AND`` between them is the same; no other
    operator, parenthesis, quote, prefix or ``-``; none an operand of ``OR``), each as a phrase."""
    runs: list[list[Term]] = [[]]
    items = [it for it in items if it[0] != "and"]
    for i, (kind, term, negated) in enumerate(items):
        beside_or = any(0 <= j < len(items) and items[j][0] == "or" for j in (i - 1, i + 1))
        plain = kind == "word" and term is not None and not (term.prefix or term.link or negated or beside_or)
        if plain and term is not None and (not runs[-1] or runs[-1][-1].scope == term.scope):
            runs[-1].append(term)
        else:
            runs.append([term] if plain and term is not None else [])
    return tuple(
        Term(" ".join(t.text for t in run), phrase=True, scope=run[0].scope) for run in runs if len(run) > 1
    )


def parse_query(text: str, names: NameLookup | None = None, *, in_title: bool = False) -> ParsedQuery:
    """Read the query language; malformed input is repaired, with a notice, never an error.

    Words must all match (``AND`` between them says so too); ``"…"`` is an exact phrase (an
    unclosed quote runs to the end), ``"…"~N`` its words near each other (N moves apart at most,
    in any order); ``OR`` (or Arabic ``أو``) joins its neighbours; ``-x``, ``-"…"`` and ``NOT x``
    exclude; ``word*`` is a prefix; ``title:`` searches a term or ``(…)`` in headlines only,
    ``author:`` in bylines; ``site:x`` keeps the articles of an outlet or a site (:func:`site_clause`);
    parentheses group (``-(…)``, ``NOT (…)`` exclude what matches all of the group). With
    ``names``, a name (Arabic or Latin) also finds its actor's articles, a word of a transliterated
    name its other spellings. ``in_title``: every term in headlines only, as if after ``title:``."""
    text = text or ""
    notes: set[Notice] = set()
    # as articles are normalised for search: a name pasted from a PDF (presentation forms), typed on
    # a Persian keyboard (ی ک), with tatweel or tashkeel is the same query; a #hashtag_of_words its
    # words (not an address: utm_source); words a comma joins (بوتين،أردوغان) are two words
    read = _NON_SPACE.sub(
        lambda m: m[0] if _URL.match(m[0].lstrip("-(")) else _LIST_SEPARATOR.sub(" ", split_joined_words(m[0])),
        normalize_for_search(text),
    )
    if read.count('"') % 2:
        notes.add(Notice("unbalanced quote: the rest of the query was read as a phrase",
                         "علامة تنصيص غير مغلقة: قُرئ باقي البحث عبارةً واحدة"))
    items = _outlets_apart(_names_apart(_items(_tokens(read), notes)))
    if in_title:  # what is not searched in the byline
        items = [(kind, term and replace(term, scope=term.scope or "title"), negated) for kind, term, negated in items]
    try:
        expr = _expression(items, notes)
    except TooComplex:
        notes.add(_TOO_COMPLEX)
        expr = _expression([it for it in items if it[0] not in ("open", "close")], notes)
    groups = [list(c) for c in expr.clauses]
    excludes = [list(e) for e in expr.excluded]
    near = _side_by_side(items)
    if names is not None:
        groups = _with_names(groups, names, notes)
        excludes = [[_named(t, names, notes) for t in e] for e in excludes]
    if not groups:
        if excludes:
            notes.add(Notice("only exclusions given: showing all articles without them",
                             "لا شيء سوى الاستبعاد: تُعرض كل المقالات الخالية منه"))
        elif text.strip():
            notes.add(Notice("nothing searchable in the query: showing all articles",
                             "لا شيء في البحث يمكن البحث عنه: تُعرض كل المقالات"))
    return ParsedQuery(
        groups=tuple(tuple(g) for g in groups),
        excludes=tuple(tuple(e) for e in excludes),
        notices=tuple(sorted(notes)),
        raw=text,
        near=near,
    )


# ---------------------------------------------------------------- query DSL


def _fields(scope: Scope | None) -> tuple[list[str], list[str]]:
    """The stemmed and the unstemmed fields a term of ``scope`` is searched in (a byline has one)."""
    if scope == "title":
        return ["title"], ["title.exact"]
    return (["author"], ["author"]) if scope == "author" else (_STEMMED, _EXACT)


def term_clause(term: Term, *, fuzzy: bool = True) -> dict[str, Any]:
    """The query of one term: phrase on the exact fields, prefix, or word (stem + form + typo); or any
    of these, its variants (on the stemmed fields, like a word) and its actor. A headline-only term
    is searched on the title fields alone, a byline-only term on the author field.

    A stop word (``هو``) matches where it is written: the stemmed fields, which leave it out, match
    nothing for it; in a byline, which has no other field, it matches nothing (``author:في``: no
    article; ``-author:في`` leaves none out)."""
    if term.link:  # the article at that address, however the scrape wrote it
        return {"terms": {"url": url_variants(term.text)}}
    if term.site:
        return site_clause(term.text)
    stemmed, exact = _fields(term.scope)
    if term.actors or term.variants:
        any_of = [term_clause(replace(term, actors=(), variants=(), marks=()), fuzzy=fuzzy)]
        any_of += [{"multi_match": {"query": v, "fields": stemmed, "type": "phrase"}} for v in term.variants]
        if term.actors:
            any_of.append({"terms": {"actors": list(term.actors)}})
        return {"bool": {"should": any_of, "minimum_should_match": 1}}
    if term.phrase:
        near = {"slop": term.slop} if term.slop else {}
        return {"multi_match": {"query": term.text, "type": "phrase", "fields": exact, **near}}
    if term.prefix:
        return {"multi_match": {"query": term.text, "type": "bool_prefix", "fields": exact}}
    should: list[dict[str, Any]] = [
        # Stemmed: مكالمات finds المكالمة.
        {
            "multi_match": {
                "query": term.text,
                "fields": stemmed,
                "operator": "and",
                "zero_terms_query": "none",
            }
        },
        # The very form typed ranks above other forms of the stem.
        {"multi_match": {"query": term.text, "fields": exact, "operator": "and", "boost": 0.5}},
    ]
    if fuzzy and _letters(term.text.removeprefix("ال")) >= FUZZY_MIN_LETTERS:
        # A typo is a spelling matter: on the unstemmed fields (one letter off a short stem is
        # another word: الدوحة would find every document with a stem near دوح).
        should.append(
            {
                "multi_match": {
                    "query": term.text,
                    "fields": exact,
                    "operator": "and",
                    "fuzziness": 1,
                    "prefix_length": 2,
                    "max_expansions": 10,
                    "boost": 0.2,
                }
            }
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def site_clause(site: str) -> dict[str, Any]:
    """The articles of the outlet ``site`` names (by key, name, site or address), and, for a site,
    those with an address on it, whatever their scrape called the outlet."""
    source = {"term": {"source": outlet_key(site)}}
    host = site_host(site)
    if host is None:
        return source
    on_site = [{"prefix": {"url": root}} for root in url_variants(f"http://{host}/")]
    return {"bool": {"should": [source, *on_site], "minimum_should_match": 1}}


def text_query(parsed: ParsedQuery) -> dict[str, Any]:
    """The scoring part of the request (match_all when the query is empty).

    A stop word among other words is not required (``بوتين في`` is ``بوتين``, as in web search);
    alone, with other stop words or as an alternative (``لا OR ليس``) it is, as written."""
    must: list[dict[str, Any]] = []
    content = any(not t.stop for t in parsed.positive)
    for group in parsed.groups:
        if content and len(group) == 1 and group[0].stop:
            continue
        clauses = [term_clause(t) for t in group]
        if len(clauses) == 1:
            must.append(clauses[0])
        else:
            must.append({"bool": {"should": clauses, "minimum_should_match": 1}})
    must_not = [
        term_clause(e[0], fuzzy=False) if len(e) == 1 else {"bool": {"must": [term_clause(t, fuzzy=False) for t in e]}}
        for e in parsed.excludes
    ]
    if not must and not must_not:
        return {"match_all": {}}
    body: dict[str, Any] = {"must": must or [{"match_all": {}}]}
    if must_not:
        body["must_not"] = must_not
    if parsed.near:  # optional: they only rank articles with the words together above the rest
        body["should"] = [near_clause(t) for t in parsed.near]
    return {"bool": body}


def _plain_word(term: Term) -> bool:
    """A word searched as such (not a phrase, prefix, address, name or byline): it may be a stop word."""
    return not (term.phrase or term.prefix or term.link or term.site or term.actors or term.variants
                or term.scope == "author")


def stop_word_candidates(parsed: ParsedQuery) -> list[str]:
    """The query's plain positive words, which may be stop words (:func:`stop_words_request`)."""
    return sorted({t.text for t in parsed.positive if _plain_word(t)})


def stop_words_request(words: list[str]) -> dict[str, Any]:
    """An ``indices.analyze`` request (keyword arguments) that tells which of ``words`` are stop
    words, which the stemmed fields' analyzer leaves out (:func:`stop_words`)."""
    return {"analyzer": "arabic_text", "text": " ".join(words)}


def stop_words(words: list[str], resp: Any) -> set[str]:
    """The ``words`` of a :func:`stop_words_request` that left no token in its answer."""
    starts = list(itertools.accumulate((len(w) + 1 for w in words[:-1]), initial=0))
    kept = {bisect.bisect_right(starts, t["start_offset"]) - 1 for t in _body(resp).get("tokens") or []}
    return {w for i, w in enumerate(words) if i not in kept}


def with_stop_words(parsed: ParsedQuery, stop: set[str]) -> ParsedQuery:
    """``parsed`` with its plain words among ``stop`` marked as stop words (see :func:`text_query`)."""
    if not stop:
        return parsed
    groups = tuple(tuple(replace(t, stop=t.text in stop and _plain_word(t)) for t in g) for g in parsed.groups)
    return replace(parsed, groups=groups)


def near_clause(run: Term) -> dict[str, Any]:
    """Words typed side by side: as typed (the exact phrase) or in any inflection up to
    :data:`NEAR_SLOP` moves apart (``وقف إطلاق النار`` ranks «وقف فوري لإطلاق النار» above a
    shooting with a «وقف» elsewhere); both count, the exact phrase most."""
    stemmed, exact = _fields(run.scope)
    return {
        "bool": {
            "should": [
                {"multi_match": {"query": run.text, "type": "phrase", "fields": exact}},
                {"multi_match": {"query": run.text, "type": "phrase", "slop": NEAR_SLOP, "fields": stemmed}},
            ]
        }
    }


def filter_clauses(filters: Filters, *, skip: str | None = None) -> list[dict[str, Any]]:
    """Filter clauses for every active facet except ``skip`` (a facet name or "published")."""
    out: list[dict[str, Any]] = []
    for name, fld in FACET_FIELDS.items():
        values = getattr(filters, name)
        if values and name != skip:
            out.append({"terms": {fld: list(values)}})
    if (filters.since or filters.until) and skip != "published":
        rng: dict[str, str] = {"format": "yyyy-MM-dd"}
        if filters.since:
            rng["gte"] = filters.since.isoformat()
        if filters.until:
            rng["lte"] = filters.until.isoformat()
        out.append({"range": {"published": rng}})
    return out


def scoped_query(parsed: ParsedQuery, filters: Filters) -> dict[str, Any]:
    """The text query among the articles loaded since ``filters.loaded_since``, if given: a scope,
    not a facet (every facet counts within it)."""
    query = text_query(parsed)
    if filters.loaded_since is None:
        return query
    loaded = {"range": {"indexed_at": {"gte": filters.loaded_since.astimezone(UTC).isoformat()}}}
    return {"bool": {"must": [query], "filter": [loaded]}}


def sort_clause(sort: Sort) -> list[Any]:
    """Stable sort: relevance (score, newest, ref), date (newest first), oldest (oldest first: a
    chronology) or copies (the most republished stories first, a story's copies side by side, newest
    first), the undated last, then ref."""
    def by_date(order: str) -> dict[str, Any]:
        return {"published": {"order": order, "missing": "_last", "unmapped_type": "date"}}

    tiebreak = {"ref": {"order": "asc", "missing": "_last", "unmapped_type": "keyword"}}
    if sort == "oldest":
        return [by_date("asc"), tiebreak]
    if sort == "date":
        return [by_date("desc"), tiebreak]
    if sort == "copies":
        return [{"dup_count": {"order": "desc", "missing": "_last", "unmapped_type": "integer"}},
                {"dup_group": {"order": "asc", "missing": "_last", "unmapped_type": "keyword"}},
                by_date("desc"), tiebreak]
    return [{"_score": {"order": "desc"}}, by_date("desc"), tiebreak]


FILTERED = "filtered:"  # the name of a filter aggregation: the facets it counts, joined by +


def _facet_results(aggs: dict[str, Any]) -> dict[str, tuple[dict[str, Any], int | None]]:
    """Each facet's aggregation in an answer, with the number of documents it was counted over
    when that was under filters (see :func:`facet_aggs`)."""
    out: dict[str, tuple[dict[str, Any], int | None]] = {}
    for key, value in aggs.items():
        if key.startswith(FILTERED):
            out |= {name: (value[name], int(value["doc_count"])) for name in key[len(FILTERED) :].split("+")}
        else:
            out[key] = (value, None)
    return out


def _histogram(interval: Literal["month", "day"]) -> dict[str, Any]:
    """Dated matches per month (keys ``YYYY-MM``) or per day (``YYYY-MM-DD``)."""
    key = "yyyy-MM" if interval == "month" else "yyyy-MM-dd"
    return {"date_histogram": {"field": "published", "calendar_interval": interval, "format": key, "min_doc_count": 1}}


def _body(resp: Any) -> dict[str, Any]:
    """An engine answer (dict or ObjectApiResponse) as a dict."""
    return resp.body if hasattr(resp, "body") else resp


def timeline_search(parsed: ParsedQuery, filters: Filters | None = None) -> dict[str, Any]:
    """The date facet day by day, for matches too close in time for months: the text query's matches
    under every filter but the date range (as the month facet counts them); no hits."""
    filters = filters or Filters()
    query = scoped_query(parsed, filters)
    clauses = filter_clauses(filters, skip="published")
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"must": [query], "filter": clauses}} if clauses else query,
        "aggs": {"published": _histogram("day")},
    }


def parse_timeline(resp: Any) -> list[tuple[str, int]]:
    """The ``(YYYY-MM-DD, count)`` pairs of a :func:`timeline_search` answer, in order."""
    body = _body(resp)
    buckets = ((body.get("aggregations") or {}).get("published") or {}).get("buckets") or []
    return [(b["key_as_string"], int(b["doc_count"])) for b in buckets]


def facet_aggs(filters: Filters) -> dict[str, Any]:
    """Contextual facets over the text query's matches, each under every filter except its own
    (multi-select); the hits themselves are filtered by a ``post_filter`` (see :func:`build_search`).

    With no filter, the facets are plain aggregations. With filters, a facet is counted within a
    filter aggregation over the other filters, if any, which it shares with the facets counted
    under the same ones (each match is checked against them once); the date facet always is, since
    its undated are its documents less the dated."""
    active = bool(filter_clauses(filters))
    aggs: dict[str, Any] = {}
    fields = {**{n: f for n, f in FACET_FIELDS.items() if n != "actors"}, **{n: n for n in ACTOR_TYPE_FACETS}}
    facets = {name: {"terms": {"field": fld, "size": FACET_SIZE}} for name, fld in fields.items()}
    facets["published"] = _histogram("month")
    shared: dict[str, tuple[list[dict[str, Any]], dict[str, Any]]] = {}
    for name, agg in facets.items():
        others = filter_clauses(filters, skip="actors" if name in ACTOR_TYPE_FACETS else name)
        if others or (active and name == "published"):
            shared.setdefault(repr(others), (others, {}))[1][name] = agg
        else:
            aggs[name] = agg
    for others, counted in shared.values():
        aggs[FILTERED + "+".join(counted)] = {"filter": {"bool": {"filter": others}}, "aggs": counted}
    return aggs


def _stop_words_only(parsed: ParsedQuery | None) -> bool:
    """Whether every term the query looks for is a stop word (``من هو``): found where written, on
    the unstemmed sub-fields, and marked there (see :func:`highlight_spec`)."""
    return parsed is not None and bool(parsed.positive) and all(t.stop for t in parsed.positive)


def highlight_query(parsed: ParsedQuery, field: str) -> dict[str, Any] | None:
    """What to mark in ``field``'s snippets: every positive term on that stemmed field, without typo
    expansion; a phrase where its stems stand together; a prefix on the unstemmed sub-field, as it
    is searched (its stem would be a shorter prefix: «الأر*» is not «ارتفاع»), and so stop words
    when the query has nothing else (the stemmed field leaves them out; among other words they are
    not marked).

    Marking is much cheaper than with the scoring query (no fuzzy automata, one field, one analysis);
    the engine matches the query against every hit it marks."""
    clauses: list[dict[str, Any]] = []
    stop_only = _stop_words_only(parsed)
    for term in parsed.positive:
        if term.link or term.site or (term.scope and term.scope != field):
            continue
        if term.stop:
            if stop_only:
                clauses.append({"match": {f"{field}.exact": term.text}})
            continue
        if term.prefix:
            clauses.append({"match_bool_prefix": {f"{field}.exact": term.text}})
        else:
            query = {"query": term.text, "slop": term.slop} if term.slop else term.text
            clauses.append({"match_phrase" if term.phrase else "match": {field: query}})
        clauses += [{"match_phrase": {field: v}} for v in term.variants]
        if term.marks:
            clauses.append({"match": {field: " ".join(term.marks)}})
    return {"bool": {"should": clauses}} if clauses else None


def highlight_spec(parsed: ParsedQuery | None = None, *, whole: bool = False) -> dict[str, Any]:
    """Highlight title and body, each with its own :func:`highlight_query`; article text is
    HTML-escaped, only ``<mark>`` is added.

    Snippets by default: a body without a match (or an empty query) still gives its first
    ``SNIPPET_CHARS`` as the lead. ``whole``: the entire title and body, marked (reading view)."""
    fields: dict[str, dict[str, Any]] = {
        "title": {"number_of_fragments": 0},
        "body": {"number_of_fragments": 0}
        if whole
        else {"fragment_size": 160, "number_of_fragments": 2, "no_match_size": SNIPPET_CHARS},
    }
    prefix = parsed is not None and any(t.prefix for t in parsed.positive)
    for name, options in fields.items():
        query = highlight_query(parsed, name) if parsed else None
        if query:
            options["highlight_query"] = query
        if prefix:  # its matches on the sub-field mark the field's text
            options["matched_fields"] = [f"{name}.exact"]
    if _stop_words_only(parsed):  # marked on the sub-fields themselves (no offsets to share): see highlights()
        fields = {f"{name}.exact": options for name, options in fields.items()}
    return {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "fields": fields}


def highlights(hit: dict[str, Any]) -> dict[str, list[str]]:
    """A hit's marked fragments by field (``title``, ``body``); a sub-field marked in its field's
    place (:func:`highlight_spec`) counts as the field: they hold the same text."""
    return {name.removesuffix(".exact"): fragments for name, fragments in (hit.get("highlight") or {}).items()}


def build_search(
    parsed: ParsedQuery,
    filters: Filters | None = None,
    *,
    sort: Sort = "relevance",
    size: int = 20,
    from_: int = 0,
    search_after: list[Any] | None = None,
    highlight: bool = True,
    facets: bool = True,
    source: list[str] | None = None,
) -> dict[str, Any]:
    """The search request body (keyword arguments of ``es.search``).

    Without facets, filters filter the query. With facets, the query is the text query alone, the
    facets count its matches under every filter but their own (:func:`facet_aggs`) and a
    ``post_filter`` keeps the hits that pass every filter: the text query runs once. ``source``
    defaults to :data:`LIST_FIELDS`: no article bodies, the lead comes from the body highlight."""
    filters = filters or Filters()
    query = scoped_query(parsed, filters)
    clauses = filter_clauses(filters)
    body: dict[str, Any] = {
        "size": max(0, size),
        "sort": sort_clause(sort),
        "track_total_hits": True,
        "_source": source if source is not None else LIST_FIELDS,
    }
    if facets:
        body["query"] = query
        body["aggs"] = facet_aggs(filters)
        if clauses:
            body["post_filter"] = {"bool": {"filter": clauses}}
    else:
        body["query"] = {"bool": {"must": [query], "filter": clauses}} if clauses else query
    if search_after is not None:
        body["search_after"] = list(search_after)
    elif from_:
        body["from"] = from_
    if highlight:
        body["highlight"] = highlight_spec(parsed)
    return body


SUGGESTIONS = 5  # spellings asked for each misspelt word: the equally close among them compete


def suggest_request(parsed: ParsedQuery) -> dict[str, Any] | None:
    """A request for the spellings the archive has of the query's words it has not (typos: ``بوتبن``,
    ``الرياص``); prefixes, addresses and bylines aside. None when there is no such word."""
    words = [w for t in parsed.positive if not (t.prefix or t.link or t.site or t.scope == "author")
             for w in t.text.split()]
    if not words:
        return None
    spelling = {"term": {"field": "body.exact", "suggest_mode": "missing", "size": SUGGESTIONS}}
    return {"size": 0, "track_total_hits": False, "suggest": {"text": " ".join(words), "spelling": spelling}}


def spelling_fixes(request: dict[str, Any], resp: Any, known: Callable[[str], bool] | None = None) -> dict[str, str]:
    """Each word of a :func:`suggest_request` the archive lacks -> its likeliest spelling there (in
    the engine's normalised letters: ``ادلب``; see :func:`written_forms`).

    The closest spelling wins, the commonest of the equally close, unless one of them is ``known``
    (a name: ``اليمم`` is ``اليمن``, not the commoner ``اليوم``): people search for names."""
    body = _body(resp)
    text = request["suggest"]["text"]
    fixes: dict[str, str] = {}
    for entry in (body.get("suggest") or {}).get("spelling") or []:
        options = entry.get("options") or []
        if not options:
            continue
        closest = [o["text"] for o in options if o.get("score") == options[0].get("score")]
        named = [o for o in closest if known and known(o)]
        fixes[text[entry["offset"] : entry["offset"] + entry["length"]]] = (named or closest)[0]
    return fixes


def written_forms_request(words: list[str]) -> dict[str, Any]:
    """A few articles with each of ``words``, their marked occurrences (how articles write them)."""
    return {
        "size": 3 * len(words),
        "_source": False,
        "query": {"bool": {"should": [{"match": {"body.exact": w}} for w in words]}},
        "highlight": {"pre_tags": ["<mark>"], "post_tags": ["</mark>"],
                      "fields": {"body.exact": {"number_of_fragments": 3, "fragment_size": 20}}},
    }


def written_forms(words: list[str], resp: Any) -> dict[str, str]:
    """Each of ``words`` (normalised) -> its commonest written form among the marked occurrences
    of a :func:`written_forms_request` answer (``ادلب`` -> ``إدلب``); a word without one is left out."""
    body = _body(resp)
    seen: dict[str, Counter[str]] = {fold(w): Counter() for w in words}
    for hit in (body.get("hits") or {}).get("hits") or []:
        for fragment in (hit.get("highlight") or {}).get("body.exact") or []:
            for form in re.findall(r"<mark>(.*?)</mark>", fragment):
                if (key := fold(html.unescape(form))) in seen:
                    seen[key][html.unescape(form)] += 1
    return {w: seen[fold(w)].most_common(1)[0][0] for w in words if seen[fold(w)]}


# The Arabic (101) keyboard: what each key of a Latin layout types (shifted letters: the hamza forms)
_ARABIC_KEYS = str.maketrans(
    "qwertyuiop[]asdfghjkl;'zxcvnm,./`HYN",
    "ضصثقفغعهخحجدشسيبلاتنمكطئءؤرىةوزظذأإآ",
)
_LAM_ALEF_KEYS = {"b": "لا", "B": "لآ", "T": "لإ", "G": "لأ"}


def from_latin_keyboard(text: str) -> str | None:
    """``text`` as the Arabic it was meant to be, when it was typed with the keyboard on a Latin
    layout (``f,jdk`` is ``بوتين``, ``hgvdhq`` ``الرياض``); None when it has Arabic letters or none."""
    if _ARABIC.search(text) or not _LATIN.search(text):
        return None
    keys = "".join(_LAM_ALEF_KEYS.get(ch, ch if ch in "HYN" else ch.lower()) for ch in text)
    return keys.translate(_ARABIC_KEYS)


def with_words_replaced(query: str, replacements: Mapping[str, str]) -> str:
    """``query`` with whole words replaced (not inside longer words)."""
    for word, new in replacements.items():
        query = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", new.replace("\\", "\\\\"), query)
    return query


def fold_republications(hits: list[SearchHit]) -> list[tuple[SearchHit, list[SearchHit]]]:
    """The hits of one page, each with the later hits of the page from its duplicate group (the same
    story from other outlets), which are then not listed on their own."""
    folded: list[tuple[SearchHit, list[SearchHit]]] = []
    first_of: dict[str, list[SearchHit]] = {}
    for hit in hits:
        if hit.dup_group and hit.dup_group in first_of:
            first_of[hit.dup_group].append(hit)
            continue
        also: list[SearchHit] = []
        if hit.dup_group:
            first_of[hit.dup_group] = also
        folded.append((hit, also))
    return folded


def related_query(index: str, doc_id: str, dup_group: str | None = None) -> dict[str, Any]:
    """Articles like one article (more-like-this on its title and body terms), itself and its
    republications (``dup_group``) aside: they are shown as such."""
    like: dict[str, Any] = {"more_like_this": {"fields": ["title", "body"], "like": [{"_index": index, "_id": doc_id}],
                                               "min_term_freq": 1, "max_query_terms": 25}}
    if not dup_group:
        return like
    return {"bool": {"must": [like], "must_not": [{"term": {"dup_group": dup_group}}]}}


# ---------------------------------------------------------------- response


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _lead(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return html.escape(text)


_MARK_TAG = re.compile(r"(</?mark>)")


def _unmarked(fragment: str) -> str:
    return html.unescape(fragment.replace("<mark>", "").replace("</mark>", ""))


def project_marks(fragment: str, display: str) -> str | None:
    """Carry the ``<mark>``s of a highlighted normalised title over to its display form.

    ``display`` may only add characters the normaliser drops (tashkeel, tatweel, spaces…) and have
    ``_`` for a space (:func:`~indexer.text.split_joined_words`); an added mark joins the letter
    before it. None when the two texts do not align."""
    letters: list[tuple[str, bool]] = []
    marked = False
    for part in _MARK_TAG.split(fragment):
        if part in ("<mark>", "</mark>"):
            marked = part == "<mark>"
        else:
            letters += [(ch, marked) for ch in html.unescape(part)]
    out: list[str] = []
    j, open_ = 0, False
    for ch in display:
        if j < len(letters) and (letters[j][0] == ch or (ch == "_" and letters[j][0] == " ")):
            want = letters[j][1]
            j += 1
        elif ch.isspace() or ch == "ـ" or unicodedata.category(ch) in ("Mn", "Cf"):
            want = open_
        else:
            return None
        if want != open_:
            out.append("<mark>" if want else "</mark>")
            open_ = want
        out.append(html.escape(ch))
    if j != len(letters):
        return None
    return "".join(out) + ("</mark>" if open_ else "")


def title_markup(fragment: str | None, display: str, indexed: str | None) -> str:
    """Safe HTML of a result title: the display title, highlighted wherever the query matched.

    The highlight comes from the normalised ``title`` field; when it differs from the display
    title it is projected onto it, else the normalised title is shown highlighted."""
    if not fragment or "<mark>" not in fragment:
        return html.escape(display)
    plain = _unmarked(fragment)
    if plain == display:
        return fragment
    projected = project_marks(fragment, display)
    if projected is not None:
        return projected
    return fragment if indexed and plain == indexed else html.escape(display)


def parse_hit(hit: dict[str, Any]) -> SearchHit:
    """One ES hit as a :class:`SearchHit` (snippet: body highlight or lead, else the escaped lead)."""
    src = hit.get("_source") or {}
    hl = highlights(hit)
    title = src.get("title_display") or src.get("title") or ""
    snippet = " … ".join(hl.get("body") or []) or _lead(src.get("body_display") or src.get("body") or "")
    title_html = title_markup(next(iter(hl.get("title") or []), None), title, src.get("title"))
    published = src.get("published")
    return SearchHit(
        id=hit.get("_id", ""),
        ref=src.get("ref"),
        title=title,
        published=str(published) if published is not None else None,
        source=src.get("source"),
        url=src.get("url"),
        actors=_as_list(src.get("actors")),
        topics=_as_list(src.get("topics")),
        snippet=snippet,
        score=hit.get("_score"),
        title_html=title_html,
        author=src.get("author"),
        dup_group=src.get("dup_group"),
        dup_count=src.get("dup_count"),
        sort=hit.get("sort"),
        text=src.get("body_display"),
        published_source=src.get("published_source"),
        crawled=src.get("crawled"),
    )


def parse_response(resp: Any, notices: list[Notice] | tuple[Notice, ...] = ()) -> SearchResult:
    """A search response (dict or ObjectApiResponse) as a :class:`SearchResult`."""
    body = _body(resp)
    hits_part = body.get("hits") or {}
    total = hits_part.get("total") or 0
    total = total.get("value", 0) if isinstance(total, dict) else int(total)
    facets: dict[str, list[tuple[str, int]]] = {}
    results = _facet_results(body.get("aggregations") or {})
    for name in (*FACET_FIELDS, *ACTOR_TYPE_FACETS, "published"):
        if name not in results:
            continue
        agg, counted_over = results[name]
        buckets = agg.get("buckets") or []
        if name != "published":
            facets[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
            continue
        months = [(b["key_as_string"], int(b["doc_count"])) for b in buckets]
        # the undated: the facet's documents (under its filters, or the hits) less the dated ones
        undated = (total if counted_over is None else counted_over) - sum(c for _, c in months)
        if undated:
            months.append((NO_DATE, undated))
        facets["published"] = months
    if any(name in facets for name in ACTOR_TYPE_FACETS):  # disjoint: their top holds the actors' top
        merged = [b for name in ACTOR_TYPE_FACETS for b in facets.get(name, [])]
        facets["actors"] = sorted(merged, key=lambda b: (-b[1], b[0]))[:FACET_SIZE]
    return SearchResult(
        total=total,
        hits=[parse_hit(h) for h in hits_part.get("hits") or []],
        facets=facets,
        notices=list(notices),
    )


def to_json(result: SearchResult) -> dict[str, Any]:
    """The documented JSON shape of ``akhbar search --json``."""
    return {
        "total": result.total,
        "hits": [
            {
                "id": h.id,
                "ref": h.ref,
                "title": h.title,
                "published": h.published,
                "source": h.source,
                "url": h.url,
                "actors": list(h.actors),
                "topics": list(h.topics),
                "snippet": h.snippet,
                "score": h.score,
            }
            for h in result.hits
        ],
        "facets": {
            name: [{"key": k, "count": c} for k, c in result.facets.get(name, [])]
            for name in ("actors", "topics", "sources", "published")
        },
    }
