"""The search language: what a journalist types, read as a :class:`ParsedQuery` (pure, never raises).

:func:`parse_query` reads words, ``"exact phrase"``, ``"words near"~N``, ``title:``, ``site:``,
``AND``, ``OR``, ``-exclude``/``NOT``, ``prefix*`` and parentheses (expanded by
:mod:`search_ui.boolean`). Given a name lookup (the gazetteer), a name of an actor also finds the
articles about that actor (``جدة`` where the text has ``بجدة``; ``Putin`` in Latin letters), and a
word of a transliterated name its other spellings (``دميتري``: ``ديمتري``). :mod:`search_ui.query`
turns the result into the engine's request.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Literal, cast

from indexer.outlets import outlet_names
from indexer.text import fold, normalize_for_search, split_joined_words
from indexer.urls import canonical_url
from search_ui.boolean import MAX_SETS, Expr, TooComplex, both, either, negation

MAX_TERMS = 64
MAX_TERM_CHARS = 64
MIN_PREFIX_LETTERS = 2
# Names written joined or apart: a first word, and what may follow it (عبدالله / عبد الله, عبدربه /
# عبد ربه; أبوظبي / أبو ظبي, أبوبكر / أبو بكر; not أبواب, أبوية: three letters at least).
_COMPOUNDS = {head: re.compile(rest) for heads, rest in (
    (("عبد",), r"(?:ال\w{2,}|ربه)$"),
    (("أبو", "ابو"), r"\w{3,}$"),
) for head in heads}
MAX_SLOP = 50  # "a b"~N: at most this many words between or around them
MAX_NESTING = 32  # parentheses within parentheses: more is read without them (as too many combinations are)
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
# A word or phrase -> the actors it names (one; several for a surname people share: Assad), other
# spellings or names of them to match too, and forms of it only to mark in snippets; None when there
# is nothing to add (ActorNames.query_names).
NameLookup = Callable[[str], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None]


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


def letter_count(text: str) -> int:
    """How many letters ``text`` has (marks, digits and punctuation aside)."""
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
            while again := next((p for p in SCOPE_PREFIXES if rest.lower().startswith(p)), ""):  # title:author:x
                where, rest = again, rest[len(again) :]
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


_DOUBLE_QUOTES = '"“”'
_QUOTES = _DOUBLE_QUOTES + "«»"


def _phrase_end(text: str, start: int) -> int:
    """Where the phrase opened at ``start`` ends: at the next quote mark; but a phrase opened by a
    double quote that holds «…» (a passage pasted with its own quotes) ends at the next double quote,
    when there is one."""
    j = start + 1
    while j < len(text) and text[j] not in _QUOTES:
        j += 1
    if text[start] in _DOUBLE_QUOTES and j < len(text) and text[j] in "«»":
        k = min((p for p in (text.find(q, j) for q in _DOUBLE_QUOTES) if p != -1), default=-1)
        if k != -1:
            return k
    return j


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
        if ch in _QUOTES:
            j = _phrase_end(text, i)
            out.append(("phrase", text[i + 1 : j], negated))
            i = j + 1
            if near := _SLOP.match(text, i):  # "…"~N
                out.append(("slop", near.group(1), False))
                i = near.end()
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _QUOTES:
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
    if prefix and letter_count(word) < MIN_PREFIX_LETTERS:
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


def _script(term: Term) -> str | None:
    """A plain word's script, "latin" or "arabic"; None for a phrase, a prefix, a scoped or a site term."""
    if term.phrase or term.prefix or term.scope or term.link or term.site:
        return None
    return "latin" if _latin(term) else "arabic" if _ARABIC.search(term.text) and not _LATIN.search(term.text) else None


def _run_named(run: Term, lookup: NameLookup, notes: set[Notice]) -> Term:
    """A run of words typed as a name: a Latin one :func:`_named`; an Arabic one that is a whole
    gazetteer name (``الملك سلمان``, ``محمد بن سلمان``) the phrase it is and its actor (whose articles
    may name him otherwise: by a role, ``خادم الحرمين الشريفين``), without a notice."""
    if _latin(run):
        return _named(run, lookup, notes)
    found = lookup(run.text)
    return replace(run, actors=found[0]) if found and found[0] else run


def _with_names(groups: list[list[Term]], lookup: NameLookup, notes: set[Notice]) -> list[list[Term]]:
    """Every term :func:`_named`; consecutive words of one script are tried longest run first, so
    that ``Vladimir Putin`` and ``الملك سلمان`` each name one actor (as the phrase they are:
    :func:`_run_named`)."""
    out: list[list[Term]] = []
    i = 0
    while i < len(groups):
        script = _script(groups[i][0]) if len(groups[i]) == 1 else None
        end = i
        while end < len(groups) and len(groups[end]) == 1 and script and _script(groups[end][0]) == script:
            end += 1
        for stop in range(end, i + 1, -1):  # runs of two words or more
            run = Term(" ".join(g[0].text for g in groups[i:stop]), phrase=True)
            named = _run_named(run, lookup, notes)
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
    f"the parentheses make more than {MAX_SETS} combinations, or nest more than {MAX_NESTING} deep: read "
    "without them",
    f"الأقواس تعطي أكثر من {MAX_SETS} تركيبة أو تتداخل أكثر من {MAX_NESTING} مرة: قُرئ البحث بدونها",
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
    nesting = 0  # parentheses open around the operand being read

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
        nonlocal pos, nesting
        kind, term, negated = items[pos]
        pos += 1
        if kind == "not":
            nots = 1
            while ahead() == "not":  # NOT NOT x: x (read in a loop, however many)
                pos, nots = pos + 1, nots + 1
            if ahead() in (None, "or", "and", "close"):
                notes.add(_NOT_IGNORED)
                return None
            value = operand()
            return None if value is None else _negation(value, notes) if nots % 2 else value
        if kind == "open":
            nesting += 1
            if nesting > MAX_NESTING:
                raise TooComplex
            value = sequence(1)
            nesting -= 1
        else:
            value = Expr.of(term) if term else None
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
            if term.phrase and budget >= 2:  # a long quote pasted to find its source: its first words
                items.append((kind, replace(term, text=" ".join(term.text.split()[:budget])), negated))
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
