"""Tests for indexer.fingerprints."""

from __future__ import annotations

from indexer.fingerprints import content_hash, minhash_bands

BODY = (
    "أعلن الكرملين أن الرئيسين الروسي فلاديمير بوتين والتركي رجب طيب إردوغان اتفقا خلال اتصال هاتفي "
    "مساء الثلاثاء على تبني إجراءات عاجلة لزيادة فاعلية التنسيق بين موسكو وأنقرة في سوريا. "
    "وأفاد بيان أصدره الكرملين بأن الرئيسين ناقشا بشكل مفصل تطورات الوضع في سوريا وأعربا عن قلق "
    "إزاء تصاعد التوتر في منطقة إدلب لوقف التصعيد. ولفت إلى أن الرئيس الروسي أكد خلال المكالمة أن "
    "المجموعات الإرهابية في إدلب زادت بشكل حاد من وتيرة هجماتها مما أدى إلى سقوط العديد من الضحايا."
)
OTHER = (
    "توقعت الرئاسة العامة للأرصاد وحماية البيئة أن تكون الأجواء حارة إلى شديدة الحرارة على معظم "
    "مناطق المملكة مع فرصة لتكون السحب الركامية الممطرة على المرتفعات الجنوبية الغربية، وأوضحت في "
    "تقريرها اليومي أن الرياح السطحية ستكون شمالية غربية بسرعة تتراوح بين عشرين وأربعين كيلومترا "
    "في الساعة، وأن حالة البحر الأحمر ستكون خفيفة إلى متوسطة الموج، وارتفاع الأمواج من نصف متر إلى متر."
)


def test_content_hash_identical_bodies() -> None:
    assert content_hash(BODY) == content_hash(BODY)
    assert len(content_hash(BODY) or "") == 40
    # whitespace, tashkeel and hamza spelling do not matter
    assert content_hash("  " + BODY.replace(" ", "\u00a0 \n")) == content_hash(BODY)
    assert content_hash(BODY.replace("إدلب", "ادلب")) == content_hash(BODY)
    assert content_hash(BODY) != content_hash(OTHER)


def test_content_hash_short_bodies() -> None:
    assert content_hash("الأمير محمد بن سلمان") is None
    assert content_hash("") is None
    assert content_hash(None) is None


def test_minhash_bands_format() -> None:
    bands = minhash_bands(BODY)
    assert len(bands) == 16
    assert [b[:3] for b in bands] == [f"{i:02d}:" for i in range(16)]
    assert all(len(b) == 11 for b in bands)
    assert minhash_bands(BODY) == bands  # deterministic
    assert len(minhash_bands(BODY, bands=8, rows=8)) == 8


def test_near_duplicates_share_a_band() -> None:
    edited = BODY.replace(
        "وأفاد بيان أصدره الكرملين بأن الرئيسين ناقشا بشكل مفصل تطورات الوضع في سوريا",
        "وقال المتحدث باسم الرئاسة إن الاتصال جاء بمبادرة من الجانب التركي",
    )
    assert edited != BODY
    assert set(minhash_bands(BODY)) & set(minhash_bands(edited))


def test_unrelated_bodies_share_no_band() -> None:
    assert not set(minhash_bands(BODY)) & set(minhash_bands(OTHER))


def test_short_bodies_have_no_bands() -> None:
    assert minhash_bands("خبر قصير من عشر كلمات فقط لا يكفي للمقارنة هنا") == []
    assert minhash_bands("") == []
