"""How else Arabic writes a word or a phrase, for the query to find it so: behind the letters Arabic
joins to a word (a conjunction, a preposition: «لوقف إطلاق النار»), with a hamza on its other seat
(مسؤول, مسئول; الطوارئ, «الطوارىء»). Pure functions over the text as typed; the analyzers do the rest
(hamza forms of alef, ة, tashkeel; و and the article through light stemming)."""

from __future__ import annotations

import re

from search_ui.query_language import letter_count

# What Arabic writes joined to a word (a conjunction, a preposition, or both): «لوقف إطلاق النار».
PROCLITICS = ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
JOINED_MIN_LETTERS = 5  # a shorter word behind ب ل ك ف is too often another word: بيرة, «كبيرة» (big)
_HAMZA_SEATS = str.maketrans("ؤئ", "ئؤ")
# A word's last hamza on its yeh seat (شاطئ) or on the line after a yeh, dotless as often as not
# (شاطىء): two spellings of one word, both in the press (the analyzers read ى as ي).
_FINAL_SEATED = re.compile("ئ(?![\u0621-\u064a])")
_FINAL_AFTER_YEH = re.compile("[ىي]ء(?![\u0621-\u064a])")


def arabic_word(word: str) -> bool:
    """Whether ``word`` starts with an Arabic letter."""
    return bool(word) and "\u0621" <= word[0] <= "\u064a"


def with_proclitics(phrase: str) -> list[str]:
    """``phrase`` with its first word behind each proclitic, as Arabic writes it «لوقف إطلاق النار»,
    «واللجنة الدستورية», «للجنة الدستورية», «للأمم المتحدة»; none for a first word of fewer than
    three letters (كأن is not أن), a word alone of fewer than four, or a word not in Arabic letters."""
    first, _, rest = phrase.partition(" ")
    if letter_count(first) < (3 if rest else 4) or not arabic_word(first):
        return []  # a short word alone is often another one behind a letter: عيد, «بعيد» (far)
    # ل before ال takes the alef's place (للأمم), and the article's lam too before a lam (للجنة)
    after_lam = (first[2:] if first[2:3] == "ل" else first[1:]) if first.startswith("ال") else first
    out = []
    for clitic in PROCLITICS:
        word = clitic + after_lam if clitic.endswith("ل") else clitic + first
        out.append(f"{word} {rest}" if rest else word)
    return out


def behind_a_preposition(word: str) -> list[str]:
    """``word`` behind ب, ل, ك or ف (مفاوضات: «بمفاوضات», «لمفاوضات»), which the light stemmer keeps
    (it strips و and the forms of ال); none for a word with ال (the stemmer's), of fewer than
    ``JOINED_MIN_LETTERS`` letters, or not in Arabic letters."""
    if word.startswith("ال") or letter_count(word) < JOINED_MIN_LETTERS or not arabic_word(word):
        return []
    return [clitic + word for clitic in "بلكف"]


def seats(text: str) -> list[str]:
    """``text``, and as written with each hamza on the other seat when it has one (مسؤول, مسئول: the
    Egyptian press writes ئ where the Gulf's and the Levant's write ؤ), and a word's last hamza on its
    seat or after the yeh (الطوارئ, «الطوارىء»; شيء, «شئ»)."""
    forms = [text]
    for form in (text, text.translate(_HAMZA_SEATS)):
        for other in (form, _FINAL_SEATED.sub("يء", form), _FINAL_AFTER_YEH.sub("ئ", form)):
            if other not in forms:
                forms.append(other)
    return forms


def written_forms(text: str) -> list[str]:
    """``text`` and the other forms a phrase or a word is found in: on either hamza seat
    (:func:`seats`), each as typed and behind a proclitic (:func:`with_proclitics`)."""
    return [form for seat in seats(text) for form in (seat, *with_proclitics(seat))]


def other_writings(word: str) -> list[str]:
    """How else Arabic writes ``word``: its hamza on the other seat (:func:`seats`), and behind ب ل ك ف
    (:func:`behind_a_preposition`), each of them."""
    forms = seats(word)
    return [*forms[1:], *(joined for form in forms for joined in behind_a_preposition(form))]
