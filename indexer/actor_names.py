"""What people type, in any spelling or script, resolved to the gazetteer's actors.

Used by the filters (``--actor``, the UI's actor box, links) and by search (a name also finds the
articles about its actor). Extraction from articles is :mod:`indexer.actors`."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from indexer.actors import MIN_SKELETON, PROCLITICS, Entry, Gazetteer, skeleton, tokenize
from indexer.text import fold_letters as match_fold

_LATIN_LETTER = re.compile(r"[a-zA-Z]")
_LATIN_WORD = re.compile(r"[^\W_]+")
# words after which a Latin name goes on with a father's or family name (``Mohammed bin Salman``)
_PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben", "abu"})
# a club's name ends with one of these (``Al-Hilal FC``), which a journalist leaves out
_CLUB = frozenset({"fc", "sc", "club"})
# titles before a name a journalist may type (``Sheikh Tamim``, ``President Obama``)
_TITLES = frozenset({"sheikh", "shaikh", "prince", "princess", "emir", "amir", "king", "president", "minister",
                     "general", "gen", "dr", "mr", "mrs", "ms", "sayyed", "ayatollah", "crown"})
MIN_LATIN_TYPO = 4  # letters of a Latin word taken for a misspelt name
LATIN_TYPO_CUTOFF = 0.8  # difflib's similarity ratio from which it is
MIN_UNKNOWN_SPELLING = 6  # letters of a word taken for a name's spelling the gazetteer does not have


# transliterations of one Arabic word (محمد, عبد, the article ال) written differently in Latin names
_LATIN_SPELLINGS = {**dict.fromkeys(("mohammad", "muhammad", "mohamed", "muhammed", "mohamad"), "mohammed"),
                    "abdel": "abdul", "abdal": "abdul", "el": "al"}


def latin_words(text: str) -> tuple[str, ...]:
    """Words of a Latin-script name, accents dropped, case and the common transliteration variants
    folded (``Erdoğan`` -> ``erdogan``; ``Muhammad``, ``Mohamed`` -> ``mohammed``; ``el`` -> ``al``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    words = _LATIN_WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))
    return tuple(_LATIN_SPELLINGS.get(w, w) for w in words)


def _latin_keys(latin: str) -> Iterator[tuple[str, ...]]:
    """The names a Latin name gives: alternatives (``Astana / Nur-Sultan``, ``ISIS (Islamic State)``),
    each also without its patronymic tail (``King Salman bin Abdulaziz`` -> ``King Salman``) and a
    club without its ``FC``."""
    for alternative in re.split(r"[/()]", latin):
        words = latin_words(alternative)
        if len(words) > 1 and words[-1] in _CLUB:
            yield words
            words = words[:-1]
        if words:
            yield words
        tail = next((i for i, w in enumerate(words) if i and w in _PATRONYMIC), None)
        if tail:
            yield words[:tail]


class ActorNames:
    """Name lookups over a :class:`Gazetteer`: Arabic in any spelling, with titles or clitics, and Latin."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        entries = gazetteer.entries
        self._latin = [(words, e) for e in entries if e.latin for words in _latin_keys(e.latin)]
        # one-word Latin names and people's surnames as the gazetteer writes them (Syria, Putin,
        # Erdoğan), by their key; not the last words of other names (Council, State, FC)
        self._surnames = {
            latin_words(words[-1])[-1]: words[-1]
            for e in entries if e.latin for alternative in re.split(r"[/()]", e.latin)
            if (words := _LATIN_WORD.findall(alternative)) and (len(words) == 1 or e.type == "person")
            and latin_words(words[-1])
        }
        # the spellings of the words of transliterated names, by skeleton (ديمتري, دميتري, ديميتري)
        spellings: dict[str, dict[str, None]] = {}
        for entry in (e for e in entries if e.skeleton):
            for word in dict.fromkeys(w for text in (entry.name, *entry.aliases) for w in text.split()):
                skel = skeleton(match_fold(word))
                if len(word) >= MIN_SKELETON + 1 and len(skel) >= MIN_SKELETON:
                    spellings.setdefault(skel, {})[word] = None
        self._spellings = {skel: tuple(words) for skel, words in spellings.items() if len(words) > 1}

    def named(self, name: str) -> list[str]:
        """Canonical names of the actors ``name`` names, in any spelling, with or without titles and
        attached prefixes (``الرئيس التركي إردوغان``, ``وأردوغان``), or by Latin name (see
        :meth:`by_latin`): one, none, or several when it names more than one (``Assad``)."""
        if name.strip() in self.gazetteer.by_name:
            return [name.strip()]
        found = [entry.name for entry, _, _ in self.gazetteer.match_tokens(tokenize(match_fold(name)))]
        if not found and _LATIN_LETTER.search(name):
            found = [entry.name for entry in self.by_latin(name)]
        return list(dict.fromkeys(found))

    def canonical(self, name: str) -> str | None:
        """The canonical name of the one actor ``name`` names (see :meth:`named`), else None."""
        found = self.named(name)
        return found[0] if len(found) == 1 else None

    def by_latin(self, name: str) -> list[Entry]:
        """The entries whose Latin name is ``name``, else those whose Latin name ends with it (a surname:
        ``Putin``, ``erdogan`` for ``Recep Tayyip Erdoğan``; not a father's name: ``Salman`` is not
        ``Mohammed bin Salman``). Accents and case are ignored."""
        words = latin_words(name)
        while len(words) > 1 and words[0] in _TITLES and not any(key == words for key, _ in self._latin):
            words = words[1:]  # Sheikh Tamim: Tamim (King Salman is a name of its own)
        if not words:
            return []
        found = {e.name: e for key, e in self._latin if key == words}
        if not found:
            size = len(words)
            found = {
                e.name: e for key, e in self._latin
                if len(key) > size and key[-size:] == words and key[-size - 1] not in _PATRONYMIC
            }
        return list(found.values())

    def closest_latin(self, word: str) -> str | None:
        """The Latin name (a surname, or a one-word name) closest in spelling to ``word``, which names
        no actor (a typo: ``Netanyahoo``, ``Erdogn``), as the gazetteer writes it; None if none is
        close. Short words are left alone: four letters and more."""
        key = latin_words(word)
        if len(key) != 1 or len(key[0]) < MIN_LATIN_TYPO or self.by_latin(word):
            return None
        close = difflib.get_close_matches(key[0], self._surnames, n=1, cutoff=LATIN_TYPO_CUTOFF)
        return self._surnames[close[0]] if close else None

    def spellings(self, word: str) -> tuple[str, ...]:
        """The other spellings of a word of a transliterated name (``دميتري`` -> ``ديمتري``, ``ديميتري``):
        the words of ``skeleton`` entries with its skeleton; empty for any other word.

        A word that is not itself one of those spellings must be a close one (``خامئني``, ``نتيناهو``):
        of :data:`MIN_UNKNOWN_SPELLING` letters or more, at most one letter longer or shorter than
        one of them. Short Arabic words share a name's skeleton without being it (``تشويش``,
        jamming, is not ``تشاوش``)."""
        folded = match_fold(word)
        words = self._spellings.get(skeleton(folded), ())
        known = [match_fold(w) for w in words]
        if folded not in known and not (len(folded) >= MIN_UNKNOWN_SPELLING and any(
                abs(len(k) - len(folded)) <= 1 for k in known)):
            return ()
        return tuple(w for w, k in zip(words, known, strict=True) if k != folded)

    def query_names(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
        """For a search, ``(actors, variants, marks)``: for a Latin name, the actors it names (one,
        or the people who share a surname: ``Assad``) and their Arabic names (``Putin``); for an
        Arabic word, the actor it is a whole name of and its forms behind the clitics Lucene's light
        stemmer keeps, to mark in snippets (``جدة``: ``بجدة``), and its other spellings if it is a
        word of a transliterated name (``دميتري``); for Arabic words that are a whole name together
        (``الملك سلمان``), its actor; else None."""
        if _LATIN_LETTER.search(text):
            found = self.by_latin(text)
            if not found or (len(found) > 1 and any(e.type != "person" for e in found)):
                return None  # several: only people who share a surname (not every Council, every State)
            names = (*(e.name for e in found), *(a for e in found for a in e.aliases))
            return tuple(e.name for e in found), tuple(dict.fromkeys(names)), ()
        entry = self.gazetteer.alias_entry(text)
        if len(text.split()) != 1:  # a whole name of several words: its actor
            return ((entry.name,), (), ()) if entry else None
        other = self.spellings(text)
        if not entry and not other:
            return None
        # the stemmer strips و and ال-prefixes (بال, لل …) itself
        marks = () if not entry or text.startswith("ال") else tuple(p + text for p in PROCLITICS if p != "و")
        return ((entry.name,) if entry else ()), other, marks


@lru_cache(maxsize=1)
def default_names() -> ActorNames:
    """Lookups over the gazetteer in ``indexer/data/actors.yaml``, loaded once."""
    return ActorNames(Gazetteer.load())
