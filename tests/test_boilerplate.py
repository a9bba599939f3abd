"""Tests for indexer.boilerplate on the demo seeds and SaudiNewsNet-style trailers."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.boilerplate import default_rules, rules_from_mapping, strip_boilerplate

DEMO = Path(__file__).resolve().parents[1] / "indexer" / "data" / "demo"
SEEDS = sorted(DEMO.glob("*.txt"))
LEFTOVERS = [
    "لن يتم نشر البريد الإلكتروني",
    "Social media & sharing icons",
    "مشاركة :",
    "اضف رد",
    "اترك تعليقاً",
]


def test_five_seeds_present() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_boilerplate_removed(path: Path) -> None:
    text = strip_boilerplate(path.read_text(encoding="utf-8"))
    for marker in LEFTOVERS:
        assert marker not in text
    assert "تابعوا RT" not in text
    assert "لن يتم نشر" not in text
    assert not text.endswith("*")
    assert len(text) > 1000


def test_seed_bodies_survive() -> None:
    texts = {p.name[:3]: strip_boilerplate(p.read_text(encoding="utf-8")) for p in SEEDS}
    assert texts["001"].endswith("والتي جعلت من المنطقة منزوعة السلاح.")
    assert texts["003"].endswith("المصدر: الأناضول + وكالات")
    assert texts["004"].startswith("بوتين وإردوغان يتفقان")
    assert "الغربية – متابعة معاذ الراوي" in texts["004"]
    assert texts["004"].endswith("ليست قادرة على القيام بهذا الدور وحدها».")
    assert texts["000"].startswith("أردوغان يؤكد لبوتين")


def test_inline_trailers() -> None:
    sms = (
        "نص المقال.\n\nauthor@yahoo.comللتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (3) ثم مسافة ثم نص "
        "الرسالة إلى 88591 - Stc 635031 - Mobily 737221 - Zain "
    )
    assert strip_boilerplate(sms) == "نص المقال.\n\nauthor@yahoo.com"
    assert strip_boilerplate("قال الوزير.\n\n ...المزيد") == "قال الوزير."
    assert strip_boilerplate("المصدر: وكالاتتابعوا RT على") == "المصدر: وكالات"
    okaz = "رأي الكاتب.\n\nللتواصل أرسل sms إلى 88548 الاتصالات، 636250 موبايلي، 738303 زين تبدأ بالرمز 153"
    assert strip_boilerplate(okaz) == "رأي الكاتب."
    long_line = "كلمة " * 10_000 + "...المزيد"  # a trailer at the end of a long paragraph
    assert strip_boilerplate(long_line) == ("كلمة " * 10_000).strip()
    assert strip_boilerplate("." * 200_000) == "." * 200_000  # at once: a line of dots is no trailer


def test_leading_banners_and_prefixes() -> None:
    assert strip_boilerplate("الأخبار العاجلة\n\nعنوان\nنص") == "عنوان\nنص"
    assert strip_boilerplate("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد الأمير") == "أكد الأمير"
    assert strip_boilerplate("Next Previous\nعين اليوم – متابعات\nنص") == "عين اليوم – متابعات\nنص"


def test_drop_lines_and_cut_from_only_match_whole_lines() -> None:
    text = "قال إنه لن يضف رداً على الاتهامات.\n*\npowered by WordPress\nمشاركة الدول في القمة"
    assert strip_boilerplate(text) == "قال إنه لن يضف رداً على الاتهامات.\nمشاركة الدول في القمة"
    assert strip_boilerplate("نص\nأضف رد\nتعليق القارئ") == "نص"


def test_custom_rules_and_defaults() -> None:
    rules = rules_from_mapping({"cut_from": ["اقرأ أيضا.*"]})
    assert strip_boilerplate("نص\nاقرأ أيضا: خبر آخر\nخبر", rules) == "نص"
    assert default_rules().cut_from
    assert strip_boilerplate("") == ""


def test_multiline_sms_footers() -> None:
    almadina = (
        "والله من وراء القصد.\n\nللتواصل مع الكاتب ارسل رسالة SMS\nتبدأ بالرمز (43) ثم مسافة ثم نص الرسالة إلى\n"
        "88591 - Stc\n635031 - Mobily\n737221 - Zain"
    )
    assert strip_boilerplate(almadina) == "والله من وراء القصد."
    okaz = "رأي.\n\nmail@yahoo.com\n\nالاتصالات ,636250 موبايلي, 738303\nزين تبدأ بالرمز 158 مسافة ثم الرسالة"
    assert strip_boilerplate(okaz) == "رأي.\n\nmail@yahoo.com"
    okaz2 = "رأي.\n\nللتواصل أرسل رسالة نصية sms إلى 88548 الاتصالات أو 636250 موبايلي أو 738303 زين تبدأ بالرمز 217"
    assert strip_boilerplate(okaz2) == "رأي."
    news = "وتعتبر خدمات موبايلي من أبرز الخدمات التي تقدمها الشركة."
    assert strip_boilerplate(news) == news
