"""Saved web pages (HTML): the article found in them, and how they are read."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from indexer.article import DocumentError, build_document
from indexer.pages import NotAnArticle, page_fields
from indexer.readers import Record, failure_for, iter_inputs

HEADLINE = "بوتين وأردوغان يبحثان الوضع في إدلب"
PARAGRAPHS = [
    "أعلن الكرملين أن الرئيسين الروسي فلاديمير بوتين والتركي رجب طيب أردوغان اتفقا خلال اتصال هاتفي "
    "مساء الثلاثاء على تبني «إجراءات عاجلة لزيادة فاعلية التنسيق بين موسكو وأنقرة في سوريا».",
    "وبالتزامن مع جهود موسكو لمحاصرة التصعيد بين أنقرة ودمشق، أطلق وزير الخارجية الروسي سيرغي لافروف "
    "دعوة لـ«تعاون أنشط» مع روسيا من جانب المجتمع الدولي.",
    "ولفت إلى أن الرئيس الروسي أكد خلال المكالمة أن المجموعات الإرهابية في إدلب زادت من وتيرة هجماتها.",
]
# what a site wraps every article in: none of it is the article
SITE_WORDS = ["الرئيسية", "اشترك في النشرة البريدية", "شارك: فيسبوك تويتر", "الأكثر قراءة", "ارتفاع أسعار النفط",
              "اترك تعليقاً", "لن يتم نشر البريد الإلكتروني", "جميع الحقوق محفوظة", "Powered by"]


def saved_page(headline: str = HEADLINE, paragraphs: list[str] = PARAGRAPHS, *, url: str | None = None,
               published: str | None = None, author: str | None = None, site: str | None = "صحيفة الخبر",
               charset: str = "utf-8", head: str = "") -> bytes:
    """A news page as a browser or wget saves it: the article amid the site's navigation, share bar,
    sidebar, comment form and footer."""
    meta = [f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
            f"<title>{escape(headline)} | {escape(site or '')}</title>"]
    if url:
        meta.append(f'<link rel="canonical" href="{escape(url)}"><meta property="og:url" content="{escape(url)}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        meta.append(f'<meta name="author" content="{escape(author)}">')
    if site:
        meta.append(f'<meta property="og:site_name" content="{escape(site)}">')
    meta.append(head)
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head>{"".join(meta)}
<script>window.dataLayer = [];</script></head><body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/world">العالم</a></li></ul></nav>
<div class="banner">اشترك في النشرة البريدية لتصلك آخر الأخبار</div></header>
<main><article><h1>{escape(headline)}</h1><div class="share">شارك: فيسبوك تويتر واتساب</div>{body}</article>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/a">ارتفاع أسعار النفط</a></li></ul></aside>
<section class="comments"><h3>اترك تعليقاً</h3><form><label>البريد الإلكتروني</label><input>
<p>لن يتم نشر البريد الإلكتروني</p><textarea></textarea><button>إرسال</button></form></section></main>
<footer><p>جميع الحقوق محفوظة © {escape(site or "")}</p><p>Powered by WordPress</p></footer></body></html>"""
    return page.encode(charset)


def test_the_article_of_a_page_without_the_site_around_it():
    url = "https://www.alkhabar.example/world/2020/02/08/putin-erdogan-idlib"
    fields = page_fields(saved_page(url=url, published="2020-02-08T14:30:00+03:00", author="معاذ الراوي").decode())
    assert fields["title"] == HEADLINE
    assert fields["body"].split("\n") == PARAGRAPHS  # the headline is not repeated at its top
    assert not [w for w in SITE_WORDS if w in fields["body"]]
    assert fields["url"] == url and "source" not in fields  # the outlet of its URL, when it is built
    assert fields["author"] == "معاذ الراوي" and fields["date"] == "2020-02-08"


def test_a_short_article_keeps_nothing_of_the_site_around_it():
    fields = page_fields(saved_page(paragraphs=PARAGRAPHS[:1]).decode())
    assert fields["body"] == PARAGRAPHS[0] and fields["title"] == HEADLINE


_LISTING = "".join(f'<li><a href="/news/{i}">عنوان الخبر رقم {i} عن أحداث المنطقة</a><p>مقتطف من الخبر {i}.</p></li>'
                   for i in range(20))


@pytest.mark.parametrize(("head", "kind"), [
    ('<meta property="og:type" content="website">', "website"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "CollectionPage"}</script>',
     "collectionpage"),
])
def test_a_page_that_says_it_is_no_article_is_none(head, kind):
    """A mirror's section fronts and tag pages: their lists of headlines are not an article."""
    page = saved_page("أخبار العالم", [], head=head).decode().replace("<article>", f"<article><ul>{_LISTING}</ul>")
    with pytest.raises(NotAnArticle, match=f"the page says it is a {kind}"):
        page_fields(page)
    article = saved_page(head=head.replace("website", "article").replace("CollectionPage", "NewsArticle"))
    assert page_fields(article.decode())["body"].split("\n") == PARAGRAPHS


def test_a_page_without_a_date_in_its_markup_gets_none_from_its_text():
    """The date of the text is the enrichment's to find (with its source: text), not the page reader's."""
    fields = page_fields(saved_page(paragraphs=[f"دمشق – 8 – فبراير – 2020: {PARAGRAPHS[0]}"]).decode())
    assert "date" not in fields and "url" not in fields
    assert fields["source"] == "صحيفة الخبر"  # no host known: the name the site gives itself


def test_saved_pages_are_read_in_any_encoding_and_built_into_documents(tmp_path):
    folder = tmp_path / "mirror" / "www.alkhabar.example" / "world"
    folder.mkdir(parents=True)
    (folder / "idlib.html").write_bytes(saved_page(url="https://www.alkhabar.example/w/1?utm_source=x",
                                                   charset="windows-1256"))
    (folder / "other.htm").write_bytes(saved_page("خبر آخر", ["نص خبر آخر عن الرياض وجدة."]))
    records = list(iter_inputs([tmp_path / "mirror"]))
    assert all(isinstance(r, Record) and r.page for r in records) and len(records) == 2
    docs = {Path(r.path).name: build_document(r) for r in records}  # type: ignore[union-attr]
    assert docs["idlib.html"]["title_display"] == HEADLINE and "لافروف" in docs["idlib.html"]["body_display"]
    assert docs["idlib.html"]["url"] == "https://www.alkhabar.example/w/1"  # tracking query dropped
    assert docs["idlib.html"]["source"] == "alkhabar.example"  # its host: no outlet of the list
    assert docs["other.htm"]["ref"] == "other.htm" and docs["other.htm"]["title_display"] == "خبر آخر"


@pytest.mark.parametrize("html", [b"<html><body><script>var a = 1;</script></body></html>",
                                  b"<html><head><title>404</title></head><body></body></html>"])
def test_a_page_without_article_text_fails_and_is_read_again_from_its_file(tmp_path, html):
    page = tmp_path / "empty.html"
    page.write_bytes(html)
    (record,) = iter_inputs([page])
    assert isinstance(record, Record)
    with pytest.raises(DocumentError, match="no article text found in the web page"):
        build_document(record)
    failure = failure_for(record, "no article text found in the web page")
    assert failure.record is None and failure.path == str(page)  # its entry points at the file, fixed there
