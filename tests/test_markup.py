"""HTML fragments as text: feed entries, and the fields of a scrape that hold markup (a WordPress
site's API posts among them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.article import build_document
from indexer.markup import is_markup, text_of
from indexer.readers import Record, iter_inputs


def test_text_of_html() -> None:
    assert text_of("نص بلا وسوم") == "نص بلا وسوم"
    assert text_of("<p>أول</p><p>ثان<br>ثالث</p>") == "أول\nثان\nثالث"
    assert text_of("<ul><li>أ</li><li>ب</li></ul><style>p{}</style>") == "أ\nب"
    assert text_of("<p>  كثير   من   الفراغ </p>") == "كثير من الفراغ"
    assert text_of("<p>قال &quot;نعم&quot; &amp; مضى</p>") == 'قال "نعم" & مضى'


@pytest.mark.parametrize(("text", "markup"), [
    ("<p>فقرة</p>", True), ("سطر<br>سطر", True), ('<a href="x">رابط</a>', True), ("<IMG SRC=x>", True),
    ("نص بلا وسوم", False), ("العدد < 5 و > 2", False), ("&lt;p&gt; مقتبس", False), ("<غير وسم>", False),
])  # fmt: skip
def test_markup_is_elements_not_a_sign(text: str, markup: bool) -> None:
    assert is_markup(text) is markup


def test_a_scrape_whose_fields_hold_html_is_read_as_text(tmp_path: Path) -> None:
    """A site's API gives ``content`` as its inner HTML: the archive keeps the text, paragraph by
    paragraph, not the tags; text quoted as markup (entities) stays text."""
    article = {
        "title": "<h1>أردوغان <b>يلتقي</b> بوتين</h1>",
        "content": '<p>قال الرئيس&nbsp;التركي</p><p>إن <a href="/x">المحادثات</a> مستمرة.</p>'
                   "<script>track()</script><p>الوسم &lt;script&gt; نص هنا.</p>",
        "url": "https://example.sa/1", "author": '<a href="/author/7">معاذ الراوي</a>',
    }
    path = tmp_path / "api.jsonl"
    path.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    (record,) = iter_inputs([path])
    assert isinstance(record, Record)
    assert record.fields["title"] == "أردوغان يلتقي بوتين"
    assert record.fields["body"] == "قال الرئيس التركي\nإن المحادثات مستمرة.\nالوسم <script> نص هنا."
    assert record.raw == article  # a failures file keeps what was read
    doc = build_document(record)
    assert doc["title_display"] == "أردوغان يلتقي بوتين" and doc["author"] == "معاذ الراوي"
    assert doc["body_display"] == "قال الرئيس التركي\nإن المحادثات مستمرة.\nالوسم <script> نص هنا."
    plain = tmp_path / "plain.jsonl"  # no elements: as it is
    plain.write_text(json.dumps({"title": "العدد < 5", "body": "نص"}, ensure_ascii=False) + "\n", encoding="utf-8")
    (kept,) = iter_inputs([plain])
    assert isinstance(kept, Record) and kept.fields["title"] == "العدد < 5"


def test_an_akhbar_export_whose_text_quotes_markup_loads_as_it_was(tmp_path: Path) -> None:
    """The text of an article about markup holds «<script>» as text; exported and loaded again, it
    is not read as HTML (the export's columns say what it is)."""
    row = {"id": "x", "title": "شرح الوسم <b>", "body": "اكتب <p>فقرة</p> ثم <script>", "published_source": None,
           "dup_group": None, "url": "https://example.sa/2"}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (record,) = iter_inputs([path])
    assert isinstance(record, Record)
    assert (record.fields["title"], record.fields["body"]) == (row["title"], row["body"])


def test_wordpress_posts_from_its_rest_api(tmp_path: Path) -> None:
    """Many Arabic news sites run WordPress: `/wp-json/wp/v2/posts` gives a JSON array of posts whose
    title and content are ``{"rendered": HTML}`` and whose author is an account's number."""
    post = {
        "id": 4512, "date": "2024-05-01T10:15:00", "link": "https://news.example.sa/2024/05/01/x/",
        "title": {"rendered": "بوتين &#8211; أردوغان: اتصال هاتفي"},
        "content": {"rendered": "<p>أجرى الرئيس الروسي اتصالاً.</p>\n<p>وبحث الطرفان الوضع.</p>", "protected": False},
        "excerpt": {"rendered": "<p>أجرى الرئيس…</p>"}, "author": 7,
    }  # fmt: skip
    path = tmp_path / "posts.json"
    path.write_text(json.dumps([post], ensure_ascii=False), encoding="utf-8")
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and not record.only_new
    assert record.fields == {"title": "بوتين &#8211; أردوغان: اتصال هاتفي",
                             "body": "أجرى الرئيس الروسي اتصالاً.\nوبحث الطرفان الوضع.",
                             "url": "https://news.example.sa/2024/05/01/x/", "date": "2024-05-01T10:15:00"}
    doc = build_document(record)
    assert doc["title_display"] == "بوتين – أردوغان: اتصال هاتفي" and doc["author"] is None
    embedded = {**post, "_embedded": {"author": [{"id": 7, "name": "معاذ الراوي", "link": "https://x/a/7"}]}}
    path.write_text(json.dumps([embedded], ensure_ascii=False), encoding="utf-8")  # asked with ?_embed
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.fields["author"] == "معاذ الراوي"
    named = {"title": "عنوان", "body": "نص", "authors": [{"name": "أ"}, {"name": "ب"}], "source": {"id": None}}
    path.write_text(json.dumps([named], ensure_ascii=False), encoding="utf-8")
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.fields["author"] == "أ، ب" and "source" not in record.fields
