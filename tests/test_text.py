"""Tests for indexer.text."""

from __future__ import annotations

from indexer.text import clean_display, fold, normalize_for_search, split_joined_words, without_headline


def test_clean_display_decodes_entities_including_double_encoded() -> None:
    assert clean_display("&quot;داعش&quot;") == '"داعش"'
    assert clean_display("&amp;#8220;سلام&amp;#8221;") == "“سلام”"
    assert clean_display("&nbsp;واس (جدة)") == "واس (جدة)"


def test_clean_display_sub_runs_become_paragraph_breaks() -> None:
    assert clean_display("الوطن. \x1a\x1aمن احتفالات") == "الوطن.\nمن احتفالات"
    assert clean_display("\x1aعنوان") == "عنوان"


def test_clean_display_replaces_lone_surrogates() -> None:
    # json.loads turns a "\\ud800" escape into a lone surrogate, which UTF-8 cannot encode
    assert clean_display("عنوان \ud800 غريب\udc00") == "عنوان \ufffd غريب\ufffd"


def test_clean_display_removes_controls_invisibles_and_odd_spaces() -> None:
    raw = "\u00a0\u00a0\u00a0\u00a0بدأ\u200f الحفل\u202b\u2066 في\u2009\u2009 جدة\ufeff\x07"
    assert clean_display(raw) == "بدأ الحفل في جدة"


def test_clean_display_tidies_lines_and_blank_runs() -> None:
    raw = "  سطر أول  \r\n\n\n\n   سطر  ثان \n \n\u00a0\nثالث  "
    assert clean_display(raw) == "سطر أول\n\nسطر ثان\n\nثالث"


def test_clean_display_keeps_tashkeel_and_letters() -> None:
    assert clean_display("مُحَمَّدٌ أَحْمَد") == "مُحَمَّدٌ أَحْمَد"
    assert clean_display("") == ""
    assert clean_display(" \u00a0\n ") == ""


def test_normalize_for_search_strips_marks_and_folds_forms() -> None:
    assert normalize_for_search("مُحَمَّدٌ") == "محمد"
    assert normalize_for_search("عـــلي") == "علي"
    assert normalize_for_search("\ufefb") == "لا"  # lam-alef ligature
    assert normalize_for_search("ﷲ") == "الله"
    assert normalize_for_search("فارسی کتاب") == "فارسي كتاب"


def test_normalize_for_search_keeps_hamza_and_alef() -> None:
    assert normalize_for_search("أحمد إلى آسيا مدرسة") == "أحمد إلى آسيا مدرسة"


def test_fold_is_aggressive() -> None:
    assert fold("أحمد إلى آسيا ٱلله") == "احمد الي اسيا الله"
    assert fold("مدرسة مسؤول قائد") == "مدرسه مسوول قايد"
    assert fold("عام ٢٠١٥ و۱۴۳۶ ABC") == "عام 2015 و1436 abc"
    assert fold("&quot;مُحَمَّدٌ&quot;") == '"محمد"'


def test_fold_is_idempotent() -> None:
    text = "أكّد الرئيسُ   التركي ــ «إدلب» ٢٠٢٠"
    assert fold(fold(text)) == fold(text)
    assert normalize_for_search(normalize_for_search(text)) == normalize_for_search(text)


def test_words_joined_by_underscores_come_apart_keeping_the_length() -> None:
    assert split_joined_words("هاشتاق #عاصفة_الحزم.") == "هاشتاق #عاصفة الحزم."
    assert split_joined_words("#تأجيل_الدراسة__إلى_بعد_الحج") == "#تأجيل الدراسة  إلى بعد الحج"
    for kept in ("_x_", "foo_", "___", "نص - _ بلا"):
        assert split_joined_words(kept) == kept
    assert fold("#عاصفة_الحزم") == "#عاصفه_الحزم"  # ids and fingerprints keep the text as written


def test_a_headline_repeated_at_the_top_of_a_text_is_taken_off_once() -> None:
    text = "بوتين  وأردوغان\nنص الخبر\nبوتين وأردوغان"  # the headline's spaces as the page has them
    assert without_headline(text, " بوتين وأردوغان ") == "نص الخبر\nبوتين وأردوغان"
    assert without_headline("نص الخبر\nسطر", "بوتين") == "نص الخبر\nسطر"  # another first line: kept
    assert without_headline("  نص  ", None) == "نص" and without_headline("", "عنوان") == ""
