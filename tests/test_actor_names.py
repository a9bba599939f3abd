"""Tests for what people type resolved to the gazetteer's actors (filters and search)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.actor_names import ActorNames
from indexer.actors import Gazetteer


@pytest.fixture(scope="module")
def names() -> ActorNames:
    return ActorNames(Gazetteer.load())


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("اردوغان", "رجب طيب أردوغان"),
        ("إردوغان", "رجب طيب أردوغان"),
        ("الرئيس التركي رجب طيب أردوغان", "رجب طيب أردوغان"),
        ("وأردوغان", "رجب طيب أردوغان"),
        ("دميتري بيسكوف", "ديمتري بيسكوف"),
        ("لافروف", "سيرغي لافروف"),
        ("المملكة العربية السعودية", "السعودية"),
        ("عمّان (الأردن)", "عمّان (الأردن)"),  # a display name that is not itself an alias
        # Latin names, accents and case ignored, alone or as a surname
        ("Recep Tayyip Erdoğan", "رجب طيب أردوغان"),
        ("erdogan", "رجب طيب أردوغان"),
        ("PUTIN", "فلاديمير بوتين"),
        ("Ibrahim Kalin", "إبراهيم قالن"),  # İbrahim Kalın
        ("Nur-Sultan", "أستانا"),  # one of two Latin names
        ("Islamic State", "تنظيم داعش"),  # ISIS (Islamic State)
        ("King Salman", "الملك سلمان بن عبدالعزيز"),  # without "bin Abdulaziz"
        ("Salman", "الملك سلمان بن عبدالعزيز"),
        ("Mohammed bin Salman", "الأمير محمد بن سلمان"),
        ("Qaeda", "تنظيم القاعدة"),  # Al Qaeda
        # other spellings and abbreviations a journalist types
        ("Al Qaida", "تنظيم القاعدة"),
        ("Hizbullah", "حزب الله"),
        ("Daesh", "تنظيم داعش"),
        ("Saudi", "السعودية"),
        ("KSA", "السعودية"),
        ("UAE", "الإمارات العربية المتحدة"),
        ("UN", "الأمم المتحدة"),
        ("MBS", "الأمير محمد بن سلمان"),
        ("Makkah", "مكة المكرمة"),
        ("Sana'a", "صنعاء"),
        ("Houthi", "جماعة الحوثي"),  # the movement; its leader by his full name
        ("al-Houthi", "عبدالملك الحوثي"),
        ("Istanbul", "إسطنبول"),
        # one Arabic name, several transliterations (محمد, عبد, ال)
        ("Muhammad bin Salman", "الأمير محمد بن سلمان"),
        ("Mohamed bin Nayef", "الأمير محمد بن نايف"),
        ("Abdul Fattah al-Sisi", "عبدالفتاح السيسي"),
        # a title before the name, a club without its FC
        ("Sheikh Tamim", "الشيخ تميم بن حمد آل ثاني"),
        ("President Obama", "باراك أوباما"),
        ("Crown Prince Mohammed bin Nayef", "الأمير محمد بن نايف"),
        ("Al-Hilal", "نادي الهلال"),
        ("Hilal", "نادي الهلال"),
        ("Al Nassr", "نادي النصر"),
        ("Al-Ahli", "النادي الأهلي السعودي"),
    ],
)
def test_canonical_name_of_what_a_user_types(names: ActorNames, typed: str, canonical: str) -> None:
    assert names.canonical(typed) == canonical


def test_canonical_needs_exactly_one_actor(names: ActorNames) -> None:
    assert names.canonical("بوتين وأردوغان") is None  # two actors
    assert names.canonical("كلمة عادية") is None and names.canonical("") is None
    assert names.canonical("Assad") is None and names.named("Assad") == ["بشار الأسد", "حافظ الأسد"]
    assert names.named("بوتين وأردوغان") == ["فلاديمير بوتين", "رجب طيب أردوغان"]
    assert names.canonical("Mohammed") is None  # several princes
    assert names.canonical("Syrian") is None  # not the end of "Syrian Constitutional Committee"
    assert names.canonical("Nobody Known") is None and names.canonical("bin") is None


@pytest.mark.parametrize(("typed", "meant"), [("Netanyahoo", "Netanyahu"), ("Erdogn", "Erdoğan"),
                                             ("Khamenie", "Khamenei"), ("Hizbolla", "Hizbullah"), ("Kery", "Kerry")])
def test_a_misspelt_latin_name_is_told_the_name_meant(names: ActorNames, typed: str, meant: str) -> None:
    assert names.closest_latin(typed) == meant


def test_a_latin_word_far_from_any_name_is_no_misspelt_name(names: ActorNames) -> None:
    assert names.closest_latin("visit") is None and names.closest_latin("refugees") is None
    assert names.closest_latin("Putin") is None  # a name already
    assert names.closest_latin("Counsil") is None  # the last word of organisations' names is no name
    assert names.closest_latin("Abc") is None and names.closest_latin("Putn Erdogn") is None  # short; two words


def test_query_names(names: ActorNames) -> None:
    jeddah = names.query_names("جدة")
    assert jeddah is not None and jeddah[:2] == (("جدة",), ()) and {"بجدة", "لجدة", "وبجدة"} <= set(jeddah[2])
    assert names.query_names("السعودية") == (("السعودية",), (), ())  # the stemmer strips بال, لل itself
    assert names.query_names("دميتري") == ((), ("ديمتري", "ديميتري"), ())  # in the gazetteer's order
    putin = names.query_names("Putin")
    assert putin is not None and putin[0] == ("فلاديمير بوتين",) and "بوتين" in putin[1]
    assert names.query_names("بجدة") is None  # not a name as written
    assert names.query_names("كلمة") is None
    assad = names.query_names("Assad")  # a surname of two: either
    assert assad is not None and assad[0] == ("بشار الأسد", "حافظ الأسد")
    assert {"بشار الأسد", "حافظ الأسد"} <= set(assad[1])
    assert names.query_names("Council") is None  # the end of many names, not a name of several people


@pytest.mark.parametrize("word, others", [
    ("دميتري", {"ديمتري", "ديميتري"}),  # spellings the gazetteer has
    ("ستافان", {"ستيفان"}),
    ("نتيناهو", {"نتنياهو", "نتانياهو"}),  # close spellings it has not
    ("خامئني", {"خامنئي", "خامنئى"}),
    ("ارودغان", {"أردوغان", "أردغان"}),
])
def test_spellings_of_a_transliterated_name(names: ActorNames, word: str, others: set[str]) -> None:
    assert set(names.spellings(word)) == others


@pytest.mark.parametrize("word", ["تشويش", "تشوش", "نتنة", "ستيفن", "ستيفاني", "فيديريكو", "فإدراك",
                                  "داماتورو"])
def test_words_that_only_share_a_names_skeleton_are_not_its_spellings(names: ActorNames, word: str) -> None:
    """Jamming, confusion, stench, Stephen, Stephanie, Federico, "and realising", Damaturu."""
    assert names.spellings(word) == ()
    assert names.query_names(word) is None


def test_a_name_that_shares_anothers_skeleton_is_its_own(names: ActorNames) -> None:
    """Khomeini is not a spelling of Khamenei: the gazetteer has him."""
    found = names.query_names("خميني")
    assert found is not None and found[:2] == (("روح الله الخميني",), ())


def test_every_latin_name_of_the_gazetteer_names_its_own_actor(names: ActorNames) -> None:
    """Each Latin alternative (``/``, ``(…)``) names its entry, and only it: a description in the
    Latin name (``Al Ahly SC (Egypt)``) would make ``Egypt`` name two actors, and find neither."""
    wrong = {
        (entry.name, alternative)
        for entry in names.gazetteer.entries if entry.latin
        for alternative in (a.strip() for a in re.split(r"[/()]", entry.latin)) if alternative
        if names.named(alternative) != [entry.name]
    }
    assert not wrong


def test_every_member_state_of_the_united_nations_is_a_state_of_the_gazetteer(names: ActorNames) -> None:
    """A journalist filters by any country, not only the region's: each of the 193 is one state entry."""
    listed = Path(__file__).parent / "data" / "un_member_states.txt"
    members = [line.strip() for line in listed.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    states = {entry.name for entry in names.gazetteer.entries if entry.state}
    named = {member: names.named(member) for member in members}
    assert len(members) == 193
    assert {member: found for member, found in named.items() if len(found) != 1 or found[0] not in states} == {}
