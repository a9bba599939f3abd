"""Pure text functions: display cleaning, search normalisation and aggressive folding.

Three levels, each built on the previous one:

* :func:`clean_display` – what the user sees: entities decoded, control/invisible
  characters removed (lone surrogates replaced), whitespace tidied; letters and tashkeel untouched.
* :func:`normalize_for_search` – what is sent to Elasticsearch: presentation forms
  folded, tashkeel/tatweel removed, Persian letters mapped. Hamza/alef are left
  to the index analyzer. The search fields and queries also get :func:`split_joined_words`.
* :func:`fold` – aggressive matching key (dedup, actor matching, URL ids):
  hamza/alef, ta marbuta, alef maqsura, digits and Latin case all folded.
"""

from __future__ import annotations

import html
import re
import unicodedata

from pyarabic import araby

_MAX_UNESCAPE_ROUNDS = 4

# A run of U+001A (SUB) stands where a paragraph break was lost.
_SUB_RUN = re.compile("[ \u00a0]*\x1a+[ \u00a0]*")
_LINE_BREAKS = (("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\u2029", "\n"), ("\x85", "\n"))
# Zero-width, bidi and other invisible format marks (plus soft hyphen).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# C0 (except LF/TAB) and C1 control characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNICODE_SPACES = re.compile("[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Lone surrogates (JSON "\ud800" escapes) are not text: each becomes U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Any character of the four classes above: one scan tells whether the substitutions are needed.
_ODD_CHARS = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ud800-\udfff]"
)
_SPACE_RUN = re.compile(" {2,}")
_BLANK_LINES = re.compile("\n{3,}")

_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
# Quranic annotation marks, superscript alef and extra harakat pyarabic does not strip.
_EXTRA_MARKS = re.compile("[\u0610-\u061a\u0653-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TASHKEEL = re.compile("[" + "".join(araby.TASHKEEL) + "]")
# Tashkeel and the extra marks, removed in one pass.
_MARKS = re.compile("[" + "".join(araby.TASHKEEL) + _EXTRA_MARKS.pattern[1:])
_PERSIAN_LETTERS = (("\u06cc", "\u064a"), ("\u06a9", "\u0643"))  # ی ک -> ي ك

def _replace_all(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """Single-character replacements (much faster than ``str.translate`` with a dict table)."""
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def unescape_html(text: str) -> str:
    """Decode HTML entities, repeatedly for double-encoded text (``&amp;quot;``)."""
    for _ in range(_MAX_UNESCAPE_ROUNDS):
        if "&" not in text:
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def clean_display(text: str) -> str:
    """Return text fit for display: entities decoded, invisible/control chars removed, spacing tidied."""
    if not text:
        return ""
    text = unescape_html(text)
    # Cheap substring checks skip regexes that would otherwise scan every character.
    text = _replace_all(text, _LINE_BREAKS)
    if "\x1a" in text:
        text = _SUB_RUN.sub("\n", text)
    if _ODD_CHARS.search(text):
        text = _SURROGATE.sub("\ufffd", text)
        text = _INVISIBLE.sub("", text)
        text = _UNICODE_SPACES.sub(" ", text)
        text = _CONTROL.sub("", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    # Only " " and "\n" are left as whitespace: lines need stripping only when a space touches a
    # line break (spaces at the very start or end go with the final strip()).
    if " \n" in text or "\n " in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _fold_presentation(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def base_letters(text: str) -> str:
    """``text`` with Arabic presentation forms (the glyph-level code points of a PDF or an old
    print, ``ﺑﻮﺗﻴﻦ``) as the letters they stand for (``بوتين``)."""
    return _PRESENTATION_FORMS.sub(_fold_presentation, text) if _PRESENTATION_FORMS.search(text) else text


def normalize_for_search(text: str) -> str:
    """Return :func:`clean_display` text with presentation forms folded and tashkeel/tatweel removed."""
    text = clean_display(text)
    if not text:
        return ""
    text = base_letters(text)
    # Same marks as araby.strip_tashkeel / strip_tatweel, without their per-character Python loop.
    text = _MARKS.sub("", text)
    text = text.replace(araby.TATWEEL, "")
    text = _replace_all(text, _PERSIAN_LETTERS)
    # Removing marks can leave doubled spaces (e.g. an isolated shadda between words).
    return (_SPACE_RUN.sub(" ", text) if "  " in text else text).strip()


_JOINED = re.compile(r"(?<=[^\W_])_+(?=[^\W_])")


def split_joined_words(text: str) -> str:
    """Words joined by underscores, as hashtags write them (``#عاصفة_الحزم``), apart: searched as the
    words they are. One space per underscore: the text keeps its length, marks align with the display
    text. Applied to the search fields and queries only; ids and fingerprints keep the text as written."""
    return _JOINED.sub(lambda m: " " * len(m.group()), text) if "_" in text else text


# One-pass letter folding for matching keys: hamza/alef forms -> ا, ة -> ه, ى -> ي, ؤ -> و, ئ -> ي,
# tashkeel/tatweel/invisible marks removed, Arabic-Indic and Persian digits -> ASCII, Persian ی/ک.
_FOLD_TABLE = str.maketrans(
    {
        **dict.fromkeys("أإآٱٲٳ", "ا"),
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",
        "ک": "ك",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **dict.fromkeys(
            [chr(c) for c in range(0x064B, 0x0660)]
            + [chr(c) for c in range(0x0610, 0x061B)]
            + ["\u0670", "\u0640", "\u00ad"]
            + [chr(c) for c in range(0x200B, 0x2010)]
            + [chr(c) for c in range(0x202A, 0x202F)]
            + ["\ufeff"],
            None,
        ),
    }
)
_FOLD_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640\u00ad\u200b-\u200f\u202a-\u202e\ufeff]+")
_FOLD_COMMON = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ة", "ه"), ("ى", "ي"), ("ؤ", "و"), ("ئ", "ي"))
_FOLD_RARE = re.compile("[ٲٳیک\u0660-\u0669\u06f0-\u06f9]")


# The indexer folds each body twice (fingerprints in build_document, then actors and topics in
# enrichment): the last few results are remembered so the second fold is a dict lookup.
_FOLD_MEMO: dict[str, str] = {}
_FOLD_MEMO_SIZE = 4


def fold_letters(text: str) -> str:
    """Matching key of already-clean text: letters folded as in :func:`fold`, without display cleaning.

    A few cheap passes (common letters by ``str.replace``, the rare ones by a translate table only
    when present): this runs over every article at index time."""
    folded = _FOLD_MEMO.get(text)
    if folded is None:
        folded = _fold_letters(text)
        if len(_FOLD_MEMO) >= _FOLD_MEMO_SIZE:
            _FOLD_MEMO.pop(next(iter(_FOLD_MEMO), ""), None)  # oldest first
        _FOLD_MEMO[text] = folded
    return folded


def _fold_letters(text: str) -> str:
    text = base_letters(text)
    text = _FOLD_MARKS.sub("", text)
    text = _replace_all(text, _FOLD_COMMON)
    if _FOLD_RARE.search(text):
        text = text.translate(_FOLD_TABLE)
    return text.lower()


def fold(text: str) -> str:
    """Aggressive matching key: search-normalised, hamza/alef/ta-marbuta folded, ASCII digits, lower case."""
    return fold_letters(normalize_for_search(text))


def without_headline(text: str, title: str | None) -> str:
    """``text`` without its first line when that repeats the headline ``title`` (spaces aside): a
    page's or a tool's text that starts with the heading it also gives as the title."""
    first, _, rest = text.strip().partition("\n")
    return rest.strip() if title and " ".join(first.split()) == " ".join(title.split()) else text.strip()
