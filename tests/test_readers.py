"""Tests for indexer.readers: formats, broken inputs, encodings, paths and failure round trips."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import sys
from pathlib import Path

import pytest

from indexer import json_stream, readers
from indexer.decoding import readable
from indexer.field_map import FieldMap
from indexer.inputs import InputError, expand_paths, skipped_files
from indexer.json_stream import ArrayBreak, array_elements
from indexer.readers import Failure, ReadProgress, Record, failure_for, failure_to_dict, iter_files, iter_inputs
from tests.conftest import SAUDINEWSNET

SNN = SAUDINEWSNET
DEMO = Path(__file__).resolve().parents[1] / "indexer" / "data" / "demo"

ARTICLE = {
    "source": "okaz",
    "url": "http://www.okaz.com.sa/new/Issues/20150811/Con20150811788889.htm",
    "date_extracted": "2015-08-11 10:00:00",
    "title": "عنوان الخبر",
    "author": "واس (جدة)",
    "content": "نص الخبر الكامل هنا.",
}


def _items(*paths: Path | str, field_map: FieldMap | None = None) -> list[Record | Failure]:
    return list(iter_inputs([str(p) for p in paths], field_map))


def _write_jsonl(path: Path, objects: list[dict], gz: bool = False) -> bytes:
    data = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode("utf-8")
    if gz:
        data = gzip.compress(data, mtime=0)
    path.write_bytes(data)
    return data


def test_jsonl_record_fields_and_locations(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    _write_jsonl(path, [ARTICLE, {**ARTICLE, "url": "http://x.org/2"}])
    items = _items(path)
    assert [type(i) for i in items] == [Record, Record]
    first = items[0]
    assert isinstance(first, Record)
    assert first.location == f"{path}:1"
    assert first.ref_hint == "a.jsonl:1"
    assert first.fields == {
        "title": "عنوان الخبر",
        "body": "نص الخبر الكامل هنا.",
        "url": ARTICLE["url"],
        "source": "okaz",
        "author": "واس (جدة)",
        "crawled": "2015-08-11 10:00:00",
    }
    assert items[1].location == f"{path}:2"


def test_invalid_json_line_among_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(ARTICLE, ensure_ascii=False)
    path.write_text(f"{good}\n{{broken json\n\n[1, 2]\n{good}\n", encoding="utf-8")
    items = _items(path)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Record", "Failure", "Failure", "Record"]
    broken = items[1]
    assert isinstance(broken, Failure)
    assert broken.location == f"{path}:2" and broken.line == 2 and broken.record is None
    assert "invalid JSON" in broken.reason
    assert items[2].line == 4 and "not a JSON object" in items[2].reason
    assert items[3].location == f"{path}:5"


COMPRESS = {"gz": lambda data: gzip.compress(data, mtime=0), "bz2": bz2.compress, "xz": lzma.compress}


@pytest.mark.parametrize("kind", sorted(COMPRESS))
def test_compressed_data_files(tmp_path: Path, kind: str) -> None:
    lines = _write_jsonl(tmp_path / "plain.jsonl", [ARTICLE, {**ARTICLE, "url": "http://x.org/2"}])
    (tmp_path / f"a.jsonl.{kind}").write_bytes(COMPRESS[kind](lines))
    (tmp_path / f"b.json.{kind}").write_bytes(COMPRESS[kind](json.dumps([ARTICLE]).encode()))
    (tmp_path / f"c.csv.{kind}").write_bytes(COMPRESS[kind]("title,content\nعنوان,نص\n".encode()))
    items = _items(*(tmp_path / f"{name}.{kind}" for name in ("a.jsonl", "b.json", "c.csv")))
    assert [i.location for i in items] == [f"{tmp_path}/a.jsonl.{kind}:1", f"{tmp_path}/a.jsonl.{kind}:2",
                                           f"{tmp_path}/b.json.{kind}:1", f"{tmp_path}/c.csv.{kind}:2"]
    assert all(isinstance(i, Record) for i in items) and items[1].fields["url"] == "http://x.org/2"
    assert items[3].fields == {"title": "عنوان", "body": "نص"}


@pytest.mark.parametrize("kind", sorted(COMPRESS))
def test_truncated_compressed_file_yields_good_lines_then_failure(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"cut.jsonl.{kind}"
    # 4,000 articles: past a bz2 block (900 KB), so some are readable before the cut
    objects = [{**ARTICLE, "url": f"http://x.org/{i}", "content": f"نص رقم {i} " * 50} for i in range(4000)]
    data = COMPRESS[kind](_write_jsonl(path, objects))
    path.write_bytes(data[: len(data) * 2 // 3])
    items = _items(path)
    records = [i for i in items if isinstance(i, Record)]
    assert 0 < len(records) < 4000
    assert [r.fields["url"] for r in records] == [f"http://x.org/{i}" for i in range(len(records))]
    last = items[-1]
    assert isinstance(last, Failure)
    assert "truncated" in last.reason
    assert last.location.startswith(f"{path}:")


def test_a_json_array_or_csv_file_cut_short_keeps_what_came_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                     ) -> None:
    """Read as streams, a big JSON array or CSV file whose compressed data breaks off, or whose text
    stops being UTF-8 after its first megabyte, gives what came before and a failure that says where."""
    articles = [{**ARTICLE, "url": f"http://x.org/{i}", "content": f"نص رقم {i} " * 50} for i in range(4000)]
    array, table = tmp_path / "cut.json.gz", tmp_path / "cut.csv.gz"
    text = json.dumps(articles, ensure_ascii=False).encode()
    rows = io.StringIO(newline="")
    writer = csv.DictWriter(rows, fieldnames=list(articles[0]))
    writer.writeheader()
    writer.writerows(articles)
    for path, data in ((array, text), (table, rows.getvalue().encode())):
        squeezed = gzip.compress(data)
        path.write_bytes(squeezed[: len(squeezed) * 2 // 3])
        *records, failure = _items(path)
        assert 0 < len(records) < 4000 and all(isinstance(r, Record) for r in records)
        assert [r.fields["url"] for r in records] == [f"http://x.org/{i}" for i in range(len(records))]
        assert isinstance(failure, Failure) and failure.line is None  # a retry reads the file again whole
        assert failure.reason.startswith("truncated or corrupt file: ")
        unit = "element" if path is array else "row"
        read = f"(the {len(records):,} {unit}(s) before it were read, the rest of the file was not)"
        assert failure.reason.endswith(read)
    mixed = tmp_path / "mixed.csv"  # UTF-8, then a row pasted from Windows-1256, then UTF-8 again
    mixed.write_bytes(rows.getvalue().encode() + "عنوان,نص\r\n".encode("cp1256") + "عنوان,نص\r\n".encode())
    *records, failure, last = _items(mixed)
    assert len(records) == 4000 and isinstance(failure, Failure) and failure.location == f"{mixed}:4002"
    assert isinstance(last, Record) and "عنوان" in last.fields.values()  # and the rest is read
    monkeypatch.setattr(readers, "_HEAD_BYTES", 64)  # as a file of many megabytes
    english = tmp_path / "english-first.csv"  # no other bytes in its first "megabyte": told from further on
    english.write_bytes(b"title,text\r\n" + b"Reuters,Markets rose\r\n" * 10 + "عنوان,نص الخبر\r\n".encode("cp1256"))
    *_, arabic = _items(english)
    assert isinstance(arabic, Record) and arabic.fields == {"title": "عنوان", "body": "نص الخبر"}
    pasted = tmp_path / "mixed.json"
    one = json.dumps(ARTICLE, ensure_ascii=False)
    pasted.write_bytes(f"[{one},\n".encode() + f"{one},\n".encode("cp1256") + f"{one}]".encode())
    first, undecoded, third = _items(pasted)
    assert isinstance(first, Record) and isinstance(third, Record) and third.fields == first.fields
    assert isinstance(undecoded, Failure) and undecoded.location == f"{pasted}:2" and undecoded.line == 2
    assert undecoded.reason.startswith("bytes that are not text in the file's encoding")
    assert failure.reason.startswith("bytes that are not text in the file's encoding (da")


@pytest.mark.parametrize("kind", sorted(COMPRESS))
def test_compressed_article_files(tmp_path: Path, kind: str) -> None:
    """A raw article or a saved page, compressed, is read as the file itself: decompressed, then
    decoded (here Windows-1256), found in a folder; a cut one is a failure at its path."""
    headline, body = "الرئيس التركي يبحث الوضع في إدلب", "أعلن الكرملين أن الرئيسين اتفقا خلال اتصال هاتفي."
    text = f"{headline}\r\n{body}\r\n".encode("cp1256")
    (tmp_path / f"a.txt.{kind}").write_bytes(COMPRESS[kind](text))
    page = f"<html><head><title>{headline}</title></head><body><p>{body}</p></body></html>".encode()
    (tmp_path / f"b.html.{kind}").write_bytes(COMPRESS[kind](page))
    squeezed = COMPRESS[kind](text * 50)
    (tmp_path / f"c.txt.{kind}").write_bytes(squeezed[: len(squeezed) // 2])
    article, saved, cut = _items(tmp_path)
    assert isinstance(article, Record) and article.location == f"{tmp_path}/a.txt.{kind}"
    assert article.fields == {"title": headline, "body": body}
    assert isinstance(saved, Record) and saved.page == page.decode() and saved.ref_hint == f"b.html.{kind}"
    assert isinstance(cut, Failure) and cut.location == cut.path == f"{tmp_path}/c.txt.{kind}"
    assert cut.record is None and cut.reason.startswith("truncated or corrupt file: ")

def test_json_object_and_array(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    array = tmp_path / "many.json"
    array.write_text(json.dumps([ARTICLE, "oops", ARTICLE], ensure_ascii=False), encoding="utf-8")
    one = _items(single)
    assert len(one) == 1 and isinstance(one[0], Record) and one[0].location == str(single)
    many = _items(array)
    assert [type(i).__name__ for i in many] == ["Record", "Failure", "Record"]
    assert many[2].location == f"{array}:3"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    (failure,) = _items(bad)
    assert isinstance(failure, Failure) and "invalid JSON" in failure.reason


def test_the_articles_an_api_answer_wraps(tmp_path: Path) -> None:
    """A saved API answer (NewsAPI's ``articles``, an Elasticsearch search's ``hits.hits`` of
    ``_source``s, ``data.items``): its articles, addressed as an array's elements."""
    newsapi = {"status": "ok", "totalResults": 2, "articles": [
        {"source": {"id": None, "name": "Al Arabiya"}, "title": "عنوان أول", "content": "نص أول",
         "url": "http://a.example/1", "publishedAt": "2024-05-01T10:00:00Z"},
        {"source": {"name": "Asharq"}, "title": "", "description": None, "url": "http://a.example/2"}]}
    path = tmp_path / "newsapi.json"
    path.write_text(json.dumps(newsapi, ensure_ascii=False), encoding="utf-8")
    first, second = _items(path)
    assert isinstance(first, Record) and first.location == f"{path}:1"
    assert first.fields == {"title": "عنوان أول", "body": "نص أول", "url": "http://a.example/1",
                            "source": "Al Arabiya", "date": "2024-05-01T10:00:00Z"}
    assert isinstance(second, Record) and second.location == f"{path}:2" and "title" not in second.fields
    assert not first.only_new  # a whole text
    cut = {**newsapi["articles"][0], "content": "بحث الرئيس الروسي فلاديمير بوتين… [+2345 chars]"}
    path.write_text(json.dumps({"articles": [cut]}, ensure_ascii=False), encoding="utf-8")
    (start,) = _items(path)  # NewsAPI cuts its texts: the start, loaded only where the archive lacks the article
    assert isinstance(start, Record) and start.only_new and start.fields["body"] == "بحث الرئيس الروسي فلاديمير بوتين"
    hits = {"took": 3, "hits": {"total": {"value": 1}, "hits": [{"_index": "old", "_id": "a1", "_source": ARTICLE}]}}
    dump = tmp_path / "answer.json"
    dump.write_text(json.dumps(hits, ensure_ascii=False), encoding="utf-8")
    (hit,) = _items(dump)
    assert isinstance(hit, Record) and hit.fields["title"] == ARTICLE["title"] and hit.location == f"{dump}:1"
    elasticdump = tmp_path / "dump.jsonl"  # elasticdump's lines: one hit each
    _write_jsonl(elasticdump, [{"_index": "old", "_id": "a1", "_source": ARTICLE}])
    (line,) = _items(elasticdump)
    assert isinstance(line, Record) and line.fields["body"] == ARTICLE["content"]
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps({"data": {"page": 1, "items": [ARTICLE, ARTICLE]}}, ensure_ascii=False),
                      encoding="utf-8")
    assert [i.location for i in _items(nested)] == [f"{nested}:1", f"{nested}:2"]
    entries = [{"location": "x", "reason": "x", "path": str(nested), "line": 2}]  # its failures are re-read so
    failures = tmp_path / "failed.jsonl"
    _write_jsonl(failures, entries)
    (again,) = _items(failures)
    assert isinstance(again, Record) and again.location == f"{nested}:2"


def test_lines_that_are_api_answers(tmp_path: Path) -> None:
    """A scraper that saved each page of an API's answers as a line (or an array's element): the
    articles of each, addressed as ``path:line[n]``; a line with several lists says so."""
    page = {"status": "ok", "articles": [ARTICLE, {**ARTICLE, "title": "عنوان ثان"}]}
    several = {"articles": [ARTICLE], "related": [ARTICLE]}
    path = tmp_path / "pages.jsonl"
    _write_jsonl(path, [page, ARTICLE, several, {"articles": [{"title": ""}]}])
    items = _items(path)
    assert [i.location for i in items] == [f"{path}:1[1]", f"{path}:1[2]", f"{path}:2", f"{path}:3", f"{path}:4[1]"]
    first, second, plain, failure, empty = items
    assert isinstance(second, Record) and second.fields["title"] == "عنوان ثان"
    assert second.ref_hint == "pages.jsonl:1[2]"
    assert isinstance(first, Record) and first.fields["title"] == ARTICLE["title"] and first.raw == ARTICLE
    assert isinstance(plain, Record) and plain.ref_hint == "pages.jsonl:2"
    assert isinstance(failure, Failure) and failure.line == 3 and failure.reason.startswith(
        "no title or body text; it holds lists of objects under articles, related")
    assert isinstance(empty, Record) and not empty.fields  # its failure comes when the document is built
    array = tmp_path / "pages.json"
    array.write_text(json.dumps([page, page], ensure_ascii=False), encoding="utf-8")
    assert [i.location for i in _items(array)] == [f"{array}:1[1]", f"{array}:1[2]", f"{array}:2[1]", f"{array}:2[2]"]
    entries = [{"location": "x", "reason": "x", "path": str(path), "line": 1}]  # a line named again: all its articles
    failures = tmp_path / "failed.jsonl"
    _write_jsonl(failures, entries)
    assert [i.location for i in _items(failures)] == [f"{path}:1[1]", f"{path}:1[2]"]


def test_an_exported_summary_loads_as_a_summary_again(tmp_path: Path) -> None:
    """An akhbar export marks a summary (``excerpt``: JSON true, CSV True): loaded again, it is only
    created where the archive lacks the article; another scraper's ``excerpt`` text is no such mark."""
    path = tmp_path / "export.jsonl"
    _write_jsonl(path, [{**ARTICLE, "excerpt": True}, {**ARTICLE, "excerpt": None}, {**ARTICLE, "excerpt": "ملخص"}])
    assert [r.only_new for r in _items(path) if isinstance(r, Record)] == [True, False, False]
    table = tmp_path / "export.csv"
    table.write_text("title,text,excerpt\r\nt,نص,True\r\nt,نص,\r\n", encoding="utf-8-sig")
    assert [r.only_new for r in _items(table) if isinstance(r, Record)] == [True, False]


def test_an_akhbar_export_keeps_where_its_dates_came_from() -> None:
    """A day found in the text, or the day of the fetch, is not the scrape's own date when loaded again."""
    row = {"title": "t", "text": "نص", "published": "2015-08-10", "crawled": "2015-08-10 09:00:00"}
    fields = FieldMap()
    assert fields.apply({**row, "published_source": "metadata"})["date"] == "2015-08-10"
    assert "date" not in fields.apply({**row, "published_source": "text"})  # the text gives it again
    crawl = fields.apply({**row, "published_source": "crawl", "crawled": None})
    assert "date" not in crawl and crawl["crawled"] == "2015-08-10"  # the day of the fetch, as it was
    assert fields.apply({"title": "t", "date": "2020-01-01", "published": "2015-08-10",
                         "published_source": "text"})["date"] == "2020-01-01"  # another field's date stays


def test_an_object_holding_several_lists_says_which(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_text(json.dumps({"articles": [ARTICLE], "related": [ARTICLE]}, ensure_ascii=False), encoding="utf-8")
    (failure,) = _items(path)
    assert isinstance(failure, Failure)
    assert failure.reason == ("no title or body text; it holds lists of objects under articles, related: name "
                              "the list of articles in a field map (records: articles; --fields)")
    named = FieldMap.from_mapping({"records": "articles"})  # as the message says
    (record,) = _items(path, field_map=named)
    assert isinstance(record, Record) and record.location == f"{path}:1" and record.fields["title"] == ARTICLE["title"]
    (wrong,) = _items(path, field_map=FieldMap.from_mapping({"records": "data.items"}))
    assert isinstance(wrong, Failure) and wrong.reason == "no list under data.items"
    assert readers.records_in(ARTICLE, FieldMap()) is None  # an article holding lists is an article
    assert readers.records_in({"tags": ["a", "b"]}, FieldMap()) is None  # no list of objects
    site = {"title": "أرشيف عكاظ", "generated": "2015-08-12", "posts": [ARTICLE, {**ARTICLE, "title": "خبر آخر"}]}
    assert readers.records_in(site, FieldMap()) == site["posts"]  # a site's title over its articles
    headline = {"title": "عنوان بلا نص", "tags": [{"name": "سوريا"}, {"name": "إدلب"}]}
    assert readers.records_in(headline, FieldMap()) is None  # a headline with its tags: one article


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        (',\n{"title": "عنوان ثالث", "content": "نص مقط', "the JSON array breaks off in element 3, line 4"),
        (",\n", "it ends after element 2, before the JSON array's closing ]"),
        ("\n", "it ends after element 2, before the JSON array's closing ]"),
    ],
)
def test_truncated_json_array_keeps_the_elements_before_the_cut(tmp_path: Path, tail: str, reason: str) -> None:
    path = tmp_path / "scrapy.json"  # Scrapy's JSON exporter: one item per line, killed mid-write
    items = ",\n".join(json.dumps({**ARTICLE, "title": t}, ensure_ascii=False) for t in ("أول", "ثان"))
    path.write_text(f"[\n{items}{tail}", encoding="utf-8")
    *records, failure = _items(path)
    assert [r.fields["title"] for r in records] == ["أول", "ثان"]
    assert isinstance(failure, Failure) and failure.reason.startswith("truncated file: ")
    assert reason in failure.reason and "the 2 element(s) before it were read" in failure.reason
    assert failure.line is None  # a retry re-reads the whole file


def test_json_array_broken_mid_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    one = json.dumps(ARTICLE, ensure_ascii=False)
    path.write_text(f"[{one},\n{one}\n{one}]", encoding="utf-8")  # a comma missing
    *records, failure = _items(path)
    assert len(records) == 2 and all(isinstance(r, Record) for r in records) and isinstance(failure, Failure)
    assert failure.reason.startswith("invalid JSON: Expecting ',' delimiter in element 3, line 3 column 1")
    assert "(the 2 element(s) before it were read, the rest of the file was not)" in failure.reason
    (tmp_path / "opened.json").write_text("[\n", encoding="utf-8")
    (opened,) = _items(tmp_path / "opened.json")
    assert opened.reason == "truncated file: it ends after its [, before the JSON array's closing ] (nothing was read)"
    assert list(array_elements(io.StringIO('[{"a": 1},\n]'))) == [{"a": 1}]  # a trailing comma loses nothing
    assert list(array_elements(io.StringIO("[]"))) == []
    assert list(array_elements(io.StringIO(" [ 1 , [2] ]\n"))) == [1, [2]]


@pytest.mark.parametrize("chunk", [1, 3, 7, 64])
def test_a_json_array_is_read_a_chunk_at_a_time(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Elements, numbers and spaces cut between two chunks are read whole; a break is located in
    the whole file, however much of it was read and let go before it."""
    monkeypatch.setattr(json_stream, "_CHUNK", chunk)
    text = '[\n  {"t": "عنوان أول", "n": [1, 2]},\n  12345 ,  "نص"  ,\n  {"t": "ثان"}\n]\n'
    assert list(array_elements(io.StringIO(text))) == [{"t": "عنوان أول", "n": [1, 2]}, 12345, "نص", {"t": "ثان"}]
    assert list(array_elements(io.StringIO(text[3:]), text[:3])) == list(array_elements(io.StringIO(text)))
    broken = text.replace('"ثان"}', '"ثان" "x"}')
    with pytest.raises(ArrayBreak) as caught:
        list(array_elements(io.StringIO(broken)))
    with pytest.raises(json.JSONDecodeError) as whole:  # where the json module, reading it whole, sees it
        json.loads(broken)
    assert (caught.value.message, caught.value.line, caught.value.column) == (whole.value.msg, 4, whole.value.colno)
    assert caught.value.closed and not caught.value.ends_there
    with pytest.raises(ArrayBreak) as cut:
        list(array_elements(io.StringIO(text[:20])))
    assert not cut.value.closed and cut.value.line == 2


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.json", "blank.jsonl"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("\n\n" if name.startswith("blank") else "", encoding="utf-8")
    (failure,) = _items(path)
    assert isinstance(failure, Failure)
    assert "empty" in failure.reason
    assert failure.record is None


def test_empty_gzip(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl.gz"
    path.write_bytes(gzip.compress(b""))
    (failure,) = _items(path)
    assert isinstance(failure, Failure) and "empty" in failure.reason


@pytest.mark.parametrize("name", ["blob.txt", "blob.jsonl", "blob.json"])
def test_binary_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 64)
    items = _items(path)
    assert len(items) == 1
    assert isinstance(items[0], Failure)
    assert "binary" in items[0].reason or "undecodable" in items[0].reason


def test_cp1256_text_file_is_decoded(tmp_path: Path) -> None:
    headline = "الرئيس التركي يبحث مع نظيره الروسي الوضع في إدلب"
    body = "أعلن الكرملين أن الرئيسين اتفقا خلال اتصال هاتفي على تبني إجراءات عاجلة لزيادة التنسيق."
    path = tmp_path / "windows.txt"
    path.write_bytes(f"{headline}\r\n{body}\r\n".encode("cp1256"))
    (record,) = _items(path)
    assert isinstance(record, Record)
    assert record.fields == {"title": headline, "body": body}


def test_utf8_with_a_stray_byte_stays_utf8(tmp_path: Path) -> None:
    """One byte lost or pasted in a UTF-8 Arabic article made the whole of it read as Windows-1256
    (mojibake, «ط¨ظٹ», loaded and searched); it is UTF-8 with one character not text. A CSV file's
    row with such a byte is a failure at its line, the other rows read as UTF-8."""
    headline = "الرئيس التركي يبحث مع نظيره الروسي الوضع في إدلب"
    body = "أعلن الكرملين أن الرئيسين اتفقا خلال اتصال هاتفي على تبني إجراءات عاجلة لزيادة التنسيق. " * 20
    data = f"{headline}\n{body}".encode()
    cut = data.index(b" ", 300)
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    (record,) = _items(path)
    assert isinstance(record, Record) and record.fields["title"] == headline
    assert record.fields["body"].count("\ufffd") == 1 and record.fields["body"].replace("\ufffd", "") == body.strip()
    rows = tmp_path / "stray.csv"
    rows.write_bytes(b"title,body\n" + "أول,نص أول\n".encode() + "ثان,نص".encode() + b"\xff" + " ثان\n".encode()
                     + "ثالث,نص ثالث\n".encode())
    first, second, third = _items(rows)
    assert isinstance(first, Record) and first.fields == {"title": "أول", "body": "نص أول"}
    assert isinstance(second, Failure) and second.location.endswith("stray.csv:3") and "not text" in second.reason
    assert isinstance(third, Record) and third.fields == {"title": "ثالث", "body": "نص ثالث"}


def test_utf8_bom_and_cp1256_jsonless_short_text(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffعنوان\nنص".encode())
    (record,) = _items(bom)
    assert isinstance(record, Record) and record.fields == {"title": "عنوان", "body": "نص"}
    short = tmp_path / "short.txt"
    short.write_bytes("مرحبا\nبالعالم".encode("cp1256"))
    (record,) = _items(short)
    assert isinstance(record, Record) and record.fields == {"title": "مرحبا", "body": "بالعالم"}


def test_large_article(tmp_path: Path) -> None:
    paragraph = "هذه فقرة طويلة من نص المقال تتكرر لتكوين ملف كبير الحجم جدا. " * 20
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("عنوان المقال الكبير\n")
        while fh.tell() < 20 * 1024 * 1024:
            fh.write(paragraph + "\n")
    (record,) = _items(path)
    assert isinstance(record, Record)
    assert record.fields["title"] == "عنوان المقال الكبير"
    assert len(record.fields["body"]) > 10_000_000


def test_seed_txt_records() -> None:
    items = _items(DEMO)
    assert [i.ref_hint for i in items] == sorted(p.name for p in DEMO.glob("*.txt"))
    assert all(isinstance(i, Record) and set(i.fields) == {"title", "body"} for i in items)


def test_nested_dirs_and_globs(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    for rel in ["a/1.txt", "b/2.jsonl", "b/deep/3.jsonl.gz", "b/deep/4.json"]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "b" / "photo.jpg").write_text("ignored", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == ["a/1.txt", "b/2.jsonl", "b/deep/3.jsonl.gz", "b/deep/4.json"]
    globbed = [p.name for p in expand_paths([str(tmp_path / "**" / "*.jsonl*")])]
    assert globbed == ["2.jsonl", "3.jsonl.gz"]
    twice = list(expand_paths([str(tmp_path / "a"), str(tmp_path / "a" / "1.txt")]))
    assert len(twice) == 1
    assert [p.name for p in expand_paths([str(tmp_path / "b" / "*")])] == ["2.jsonl", "3.jsonl.gz", "4.json"]
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (tmp_path / "a" / ".DS_Store").write_text("", encoding="utf-8")
    assert skipped_files([str(tmp_path)]) == [tmp_path / "b" / "photo.jpg"]  # reported; hidden files are not
    assert skipped_files([str(tmp_path / "b" / "*")]) == []  # a pattern says which files were meant


def test_folders_leave_out_hidden_files_and_macos_resource_forks(tmp_path: Path) -> None:
    """A zip unpacked from a Mac brings ``__MACOSX/._name.json`` and ``._name.json`` (binary): a
    folder is read as an archive is, without them; a hidden file named on its own is read."""
    _write_jsonl(tmp_path / "a.jsonl", [ARTICLE])
    (tmp_path / "._a.jsonl").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._a.jsonl").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (tmp_path / ".cache").mkdir()
    _write_jsonl(tmp_path / ".cache" / "old.jsonl", [ARTICLE])
    assert list(expand_paths([tmp_path])) == [tmp_path / "a.jsonl"]
    assert [type(i) for i in _items(tmp_path)] == [Record]
    assert list(expand_paths([tmp_path / ".cache" / "old.jsonl"])) == [tmp_path / ".cache" / "old.jsonl"]


def test_a_broken_link_is_a_failure_and_the_rest_is_read(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "a.jsonl", [ARTICLE])
    (tmp_path / "b.jsonl").symlink_to(tmp_path / "moved" / "b.jsonl")
    record, broken = _items(tmp_path)
    assert isinstance(record, Record)
    assert isinstance(broken, Failure) and broken.location == str(tmp_path / "b.jsonl")
    assert broken.reason == f"broken link: {tmp_path / 'moved' / 'b.jsonl'} does not exist"
    (named,) = _items(tmp_path / "b.jsonl")  # named on its own: the same failure, not an error
    assert named == broken


def test_a_file_gone_between_listing_and_reading_is_a_failure(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.jsonl", "c.txt"):
        _write_jsonl(tmp_path / name, [ARTICLE])
    files = list(expand_paths([tmp_path]))
    (tmp_path / "b.jsonl").unlink()  # a scraper rotated it away while the load ran
    items = list(iter_files(files))
    assert [type(i) for i in items] == [Record, Failure, Record]
    assert items[1].location == str(tmp_path / "b.jsonl") and "no longer there" in items[1].reason


def test_a_file_that_cannot_be_read_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_jsonl(tmp_path / "a.jsonl", [ARTICLE])

    def refused(path: Path, progress: object) -> object:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "_open_stored", refused)
    (failure,) = _items(tmp_path / "a.jsonl")
    assert isinstance(failure, Failure) and failure.reason == "cannot read: Permission denied"
    assert failure.location == str(tmp_path / "a.jsonl") and failure.line is None


def test_names_that_are_not_utf8_are_read_as_arabic_where_they_can_be(tmp_path: Path) -> None:
    cp1256 = tmp_path / os.fsdecode("عكاظ.txt".encode("cp1256"))
    cp1256.write_text("عنوان\n\nنص", encoding="utf-8")
    (record,) = _items(cp1256)
    assert isinstance(record, Record) and record.ref_hint == "عكاظ.txt"
    assert record.location == f"{tmp_path}/عكاظ.txt" and Path(record.path) == cp1256  # shown, and found again
    latin = tmp_path / os.fsdecode(b"price\x80.jsonl")  # the euro sign of Windows-1252: no Arabic reading
    latin.write_text("{broken\n", encoding="utf-8")
    (failure,) = _items(latin)
    assert failure.location == f"{tmp_path}/price\ufffd.jsonl:1" and Path(failure.path) == latin
    assert readable("a/b.txt") == "a/b.txt"


def test_read_progress_follows_the_bytes_read_to_the_total(tmp_path: Path) -> None:
    gz = SNN / "2015-07-21.jsonl.gz"  # real size: the reading advances through it in steps
    plain = tmp_path / "b.jsonl"
    _write_jsonl(plain, [{**ARTICLE, "title": f"عنوان {i}"} for i in range(2000)])
    txt = tmp_path / "c.txt"
    txt.write_text("عنوان\n\nنص", encoding="utf-8")
    progress = ReadProgress([gz, plain, txt])
    assert progress.total == gz.stat().st_size + plain.stat().st_size + txt.stat().st_size
    seen = [progress.done for _ in iter_inputs([gz, plain, txt], progress=progress)]
    assert seen == sorted(seen) and 0 < seen[0] < gz.stat().st_size  # monotonic, from within the first file
    assert len(set(seen)) > 10  # not only file by file
    assert progress.done == progress.total


def test_read_progress_moves_through_a_file_read_as_a_stream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "_HEAD_BYTES", 4096)  # as with files of many megabytes
    monkeypatch.setattr(json_stream, "_CHUNK", 4096)
    articles = [{**ARTICLE, "title": f"عنوان {i}"} for i in range(2000)]
    array = tmp_path / "items.json"  # one big JSON array (Scrapy's -o items.json)
    array.write_text(json.dumps(articles, ensure_ascii=False), encoding="utf-8")
    table = tmp_path / "items.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ARTICLE))
        writer.writeheader()
        writer.writerows(articles)
    for path in (array, table):
        progress = ReadProgress([path])
        seen = [progress.done for _ in iter_inputs([path], progress=progress)]
        assert seen == sorted(seen) and 0 < seen[0] < seen[-1] <= path.stat().st_size, path.name
        assert len(set(seen)) > 20 and progress.done == progress.total  # a chunk at a time, not 0 then 100%


def test_missing_paths_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(expand_paths([str(tmp_path / "missing.jsonl")]))
    with pytest.raises(InputError, match="matches no"):
        list(expand_paths([str(tmp_path / "*.jsonl.gz")]))
    (tmp_path / "ok.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError):  # checked before anything is yielded
        next(expand_paths([str(tmp_path / "ok.txt"), str(tmp_path / "nope")]))


def test_directory_without_supported_files_says_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.pages").write_bytes(b"PK\x03\x04")  # Apple Pages
    with pytest.raises(InputError, match=r"no supported file.*skipped: a\.pages"):
        list(expand_paths([str(tmp_path / "pages")]))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no supported file"):
        list(expand_paths([str(tmp_path / "empty")]))


def test_unsupported_file_named_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "edition.pages"  # Apple Pages
    path.write_bytes(b"PK\x03\x04")
    (failure,) = _items(path)
    assert isinstance(failure, Failure) and "unsupported" in failure.reason


def test_field_map_defaults_and_file(tmp_path: Path) -> None:
    obj = {
        "headline": "عنوان",
        "text": "نص",
        "link": "http://a.b/c",
        "pubDate": "2020-02-08",
        "site": "rt",
        "authors": ["أ", "ب"],
    }
    assert FieldMap().apply(obj) == {
        "title": "عنوان",
        "body": "نص",
        "url": "http://a.b/c",
        "date": "2020-02-08",
        "source": "rt",
        "author": "أ، ب",
    }
    spec = tmp_path / "fields.yaml"
    spec.write_text("fields:\n  body: story\n  date: meta.published\n", encoding="utf-8")
    fmap = FieldMap.from_file(spec)
    mapped = fmap.apply({"story": "قصة", "text": "ثانوي", "meta": {"published": "2020"}, "title": " "})
    assert mapped == {"body": "قصة", "date": "2020"}
    strict = FieldMap.from_mapping({"fields": {"body": ["story"]}, "inherit_defaults": False})
    assert strict.apply({"content": "x", "title": "t"}) == {}
    with pytest.raises(ValueError):
        FieldMap.from_mapping({"fields": {"bogus": "x"}})
    as_json = tmp_path / "fields.json"
    as_json.write_text(json.dumps({"fields": {"title": ["h1"]}}), encoding="utf-8")
    assert FieldMap.from_file(as_json).apply({"h1": "عنوان"}) == {"title": "عنوان"}


def test_field_names_match_whatever_their_case_and_separators(tmp_path: Path) -> None:
    """Monitoring services export `Headline`, `URL`, `Opening Text`: the same fields as `headline`,
    `url`, `opening_text`; a field a map names exactly is still preferred."""
    assert FieldMap().apply({"Headline": "عنوان", "URL": "http://a.b/c", "Published Date": "2024-05-01",
                             "Source Name": "عكاظ", "FULL-TEXT": "نص"}) == {
        "title": "عنوان", "url": "http://a.b/c", "date": "2024-05-01", "source": "عكاظ", "body": "نص"}
    path = tmp_path / "meltwater.csv"
    path.write_text("Date,Headline,URL,Source,Author,Opening Text\n"
                    "2024-05-01,عنوان الخبر,https://x.sa/1,Okaz,كاتب,بداية الخبر فقط\n", encoding="utf-8")
    (row,) = iter_inputs([path])
    assert isinstance(row, Record) and row.fields == {
        "title": "عنوان الخبر", "url": "https://x.sa/1", "source": "Okaz", "author": "كاتب", "date": "2024-05-01",
        "body": "بداية الخبر فقط"}
    assert row.only_new  # only the start of the text: loaded where the archive lacks the article


def test_a_summary_is_the_body_only_of_an_article_without_one(tmp_path: Path) -> None:
    """NewsAPI gives `description` and `content` (null for some): the description is then the body,
    as an excerpt; beside a body it is left aside."""
    path = tmp_path / "api.jsonl"
    rows = [{"title": "أ", "description": "ملخص أ", "content": None, "url": "http://a.sa/1"},
            {"title": "ب", "description": "ملخص ب", "content": "النص الكامل ب", "url": "http://a.sa/2"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    first, second = iter_inputs([path])
    assert isinstance(first, Record) and first.fields["body"] == "ملخص أ" and first.only_new
    assert isinstance(second, Record) and second.fields["body"] == "النص الكامل ب" and not second.only_new
    assert "summary" not in second.fields
    teaser = FieldMap.from_mapping({"fields": {"summary": "teaser_text"}})
    assert teaser.apply({"title": "ج", "teaser_text": "تمهيد"}) == {"title": "ج", "summary": "تمهيد"}


def _csv_text(delimiter: str = ",") -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(["title", "content", "url", "date_extracted"])
    writer.writerow(["أول", 'قال "الناطق":\nسطر ثان، وفاصلة; وفاصلة منقوطة', "http://x.org/1", "2015-08-11 10:00:00"])
    buf.write("\r\n")  # a blank line
    writer.writerow(["ثالث", "نص", "http://x.org/3", "", "خلية زائدة"])  # one cell too many
    writer.writerow(["رابع", "نص " * 50_000, "http://x.org/4"])  # over the csv module's default cell limit
    return buf.getvalue()


@pytest.mark.parametrize(("delimiter", "name"), [(",", "a.csv"), (";", "b.csv"), ("\t", "c.csv.gz"), ("\t", "d.tsv")])
def test_csv_rows_fields_and_locations(tmp_path: Path, delimiter: str, name: str) -> None:
    path = tmp_path / name
    data = ("\ufeff" + _csv_text(delimiter)).encode("utf-8")  # with a BOM, as Excel writes it
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    first, extra, long = _items(path)
    assert isinstance(first, Record) and first.location == f"{path}:2" and first.ref_hint == f"{name}:2"
    assert first.fields == {"title": "أول", "body": 'قال "الناطق":\nسطر ثان، وفاصلة; وفاصلة منقوطة',
                            "url": "http://x.org/1", "crawled": "2015-08-11 10:00:00"}  # fmt: skip
    assert isinstance(extra, Failure) and extra.location == f"{path}:5" and "5 cells, the header 4" in extra.reason
    assert isinstance(long, Record) and long.location == f"{path}:6" and len(long.fields["body"]) == 150_000
    assert [r.fields["title"] for r in _items(path)[2:] if isinstance(r, Record)] == ["رابع"]
    # a failures file entry re-reads just that row, once fixed
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(failure_to_dict(extra), ensure_ascii=False) + "\n", encoding="utf-8")
    fixed = _csv_text(delimiter).replace(f"{delimiter}خلية زائدة", "")
    path.write_bytes(gzip.compress(fixed.encode()) if name.endswith(".gz") else fixed.encode())
    (again,) = _items(failures)
    assert isinstance(again, Record) and again.fields["title"] == "ثالث" and again.location == f"{path}:5"


def test_csv_header_only_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("title,content\n", encoding="utf-8")
    (failure,) = _items(path)
    assert isinstance(failure, Failure) and failure.reason.startswith("empty file")


def test_field_map_used_by_iter_inputs(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonl"
    _write_jsonl(path, [{"story": "نص القصة", "h": "عنوان"}])
    fmap = FieldMap.from_mapping({"fields": {"body": "story", "title": "h"}})
    (record,) = _items(path, field_map=fmap)
    assert isinstance(record, Record) and record.fields == {"body": "نص القصة", "title": "عنوان"}


def test_failures_file_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "input.jsonl"
    good = json.dumps(ARTICLE, ensure_ascii=False)
    source.write_text(f"{good}\n{{oops\n{good}\n", encoding="utf-8")
    items = _items(source)
    broken = items[1]
    assert isinstance(broken, Failure)
    rejected = failure_for(items[2], "no title or body text")  # type: ignore[arg-type]
    assert rejected.record == ARTICLE and rejected.line == 3
    failures = tmp_path / "akhbar-failed.jsonl"
    failures.write_text(
        "".join(json.dumps(failure_to_dict(f), ensure_ascii=False) + "\n" for f in (broken, rejected)),
        encoding="utf-8",
    )
    # fix the broken line in the original input, then re-read the failures file
    source.write_text(f"{good}\n{json.dumps({**ARTICLE, 'url': 'http://fixed'})}\n{good}\n", encoding="utf-8")
    again = _items(failures)
    assert [type(i).__name__ for i in again] == ["Record", "Record"]
    assert again[0].fields["url"] == "http://fixed"  # re-read only line 2 of the original
    assert again[0].location == f"{source}:2"
    assert again[1].fields["url"] == ARTICLE["url"]  # embedded record
    assert again[1].location == f"{source}:3"


def test_standard_input_and_its_failures_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = json.dumps(ARTICLE, ensure_ascii=False)
    data = f'{good}\n{{"title": "مقطوع\n\xff\xfe\n{good}\n'.encode("utf-8", "surrogateescape")
    data = data.replace("\xff\xfe".encode(), b"\xff\xfe")  # a line that is not UTF-8
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    items = _items("-")
    assert [type(i).__name__ for i in items] == ["Record", "Failure", "Failure", "Record"]
    assert items[0].location == "-:1" and items[3].ref_hint == "-:4"
    broken, binary = items[1], items[2]
    assert isinstance(broken, Failure) and broken.text == '{"title": "مقطوع' and "invalid JSON" in broken.reason
    assert isinstance(binary, Failure) and binary.text == "\\xff\\xfe" and "not UTF-8" in binary.reason
    # nothing can be read again from standard input: the failures file keeps the lines, to fix there
    entries = [failure_to_dict(f) for f in (broken, binary)]
    assert "text" not in failure_to_dict(failure_for(items[0], "x"))  # only where it is needed
    entries[0]["text"] = json.dumps({**ARTICLE, "title": "مصلح"}, ensure_ascii=False)
    failures = tmp_path / "failed.jsonl"
    failures.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")
    fixed, still = _items(failures)
    assert isinstance(fixed, Record) and fixed.fields["title"] == "مصلح" and fixed.location == "-:2"
    assert isinstance(still, Failure) and still.text == "\\xff\\xfe" and still.location == "-:3"


def test_failures_file_rereads_whole_txt_and_reports_missing(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("عنوان\nنص المقال", encoding="utf-8")
    failures = tmp_path / "failed.jsonl"
    entries = [
        {"location": str(article), "reason": "x", "path": str(article), "line": None, "record": None},
        {"location": "gone.txt", "reason": "x", "path": str(tmp_path / "gone.txt"), "line": None},
    ]
    _write_jsonl(failures, entries)
    items = _items(failures)
    assert isinstance(items[0], Record) and items[0].fields == {"title": "عنوان", "body": "نص المقال"}
    assert isinstance(items[1], Failure) and "not found" in items[1].reason


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths the readers open, in order (to count how often a source is read)."""
    paths: list[Path] = []
    real_open = readers._open_stored
    monkeypatch.setattr(readers, "_open_stored", lambda path, pr: paths.append(path) or real_open(path, pr))
    return paths


def test_failures_naming_many_lines_of_a_file_read_it_once(tmp_path: Path, opened: list[Path]) -> None:
    source = tmp_path / "scrape.jsonl.gz"
    lines = [json.dumps({**ARTICLE, "url": f"http://x/{n}"}) if n % 3 else "{broken" for n in range(1, 301)]
    source.write_bytes(gzip.compress("\n".join(lines).encode(), mtime=0))
    broken = [i for i in _items(source) if isinstance(i, Failure)]
    assert [f.line for f in broken] == list(range(3, 301, 3))
    failures = tmp_path / "failed.jsonl"
    _write_jsonl(failures, [failure_to_dict(f) for f in broken])
    source.write_bytes(gzip.compress("\n".join(
        line if n % 3 else json.dumps({**ARTICLE, "url": f"http://fixed/{n}"}) for n, line in enumerate(lines, 1)
    ).encode(), mtime=0))
    opened.clear()  # from the re-run on
    again = _items(failures)
    assert [i.fields["url"] for i in again if isinstance(i, Record)] == [f"http://fixed/{n}" for n in range(3, 301, 3)]
    assert opened.count(source) == 1  # not once per entry
    # entries out of the file's order (edited by hand) are still each read
    _write_jsonl(failures, [failure_to_dict(broken[5]), failure_to_dict(broken[1])])
    assert [i.fields["url"] for i in _items(failures) if isinstance(i, Record)] == ["http://fixed/18", "http://fixed/6"]


@pytest.mark.parametrize("name", ["table.csv", "list.json"])
def test_failures_naming_many_rows_of_a_csv_or_json_file_read_it_once(
    tmp_path: Path, opened: list[Path], name: str
) -> None:
    source = tmp_path / name
    rows = [{"title": f"عنوان {n}", "content": "نص", "url": f"http://x/{n}"} for n in range(1, 61)]
    if name.endswith(".csv"):
        source.write_text("title,content,url\n" + "".join(f"{r['title']},{r['content']},{r['url']}\n" for r in rows),
                          encoding="utf-8")
        lines = list(range(2, 62, 6))  # the header is line 1
    else:
        source.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        lines = list(range(1, 61, 6))
    entries = [{"location": "x", "reason": "x", "path": str(source), "line": n} for n in [*lines, 99]]
    failures = tmp_path / "failed.jsonl"
    _write_jsonl(failures, entries)
    *again, gone = _items(failures)
    assert [r.fields["url"] for r in again if isinstance(r, Record)] == [f"http://x/{n}" for n in range(1, 61, 6)]
    assert [r.location for r in again] == [f"{source}:{n}" for n in lines]
    assert isinstance(gone, Failure) and gone.location == f"{source}:99" and "no longer in the file" in gone.reason
    assert opened.count(source) == 1


def test_a_failure_whose_line_is_gone_stays_a_failure(tmp_path: Path) -> None:
    """Re-running a failure whose line, row or element the file no longer has says so (it used to
    vanish from the count: read 0, failed 0)."""
    good = json.dumps(ARTICLE)
    files = {
        "day.jsonl": (f"{good}\n\n{good}\n", [2, 7]),
        "table.csv": ("title,content\nعنوان,نص\n", [3]),
        "list.json": (f"[{good}]", [2]),
        "cut.jsonl.gz": (gzip.compress(f"{good}\n{good}\n".encode() * 50)[:200], [90]),
    }
    entries = []
    for name, (data, lines) in files.items():
        (tmp_path / name).write_bytes(data if isinstance(data, bytes) else data.encode())
        entries += [{"location": "x", "reason": "x", "path": str(tmp_path / name), "line": n} for n in lines]
    failures = tmp_path / "failed.jsonl"
    _write_jsonl(failures, entries)
    items = _items(failures)
    assert all(isinstance(i, Failure) for i in items)
    reasons = {i.location.removeprefix(f"{tmp_path}/"): i.reason for i in items}
    assert reasons == {
        "day.jsonl:2": "line 2 is empty now",
        "day.jsonl:7": "line 7 is no longer in the file (it ends at line 3)",
        "table.csv:3": "row at line 3 is no longer in the file",
        "list.json:2": "element 2 is no longer in the file",
        "cut.jsonl.gz:90": reasons["cut.jsonl.gz:90"],
    }
    assert reasons["cut.jsonl.gz:90"].startswith("truncated or corrupt file")


def test_saudinewsnet_file_reads_cleanly() -> None:
    items = _items(SNN / "2015-08-11.jsonl.gz")
    assert len(items) == 1686
    assert all(isinstance(i, Record) for i in items)
    first = items[0]
    assert isinstance(first, Record)
    assert first.location.endswith("2015-08-11.jsonl.gz:1")
    assert {"body", "url", "source", "crawled"} <= set(first.fields)


def test_a_file_too_large_to_be_read_whole_is_a_failure_and_the_rest_is_read(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """An article's file, a page, a document or a feed is read whole, up to a bound: beyond it (a
    compressed file that unpacks to gigabytes) it is a failure, read no further, memory kept."""
    monkeypatch.setattr(readers, "_MAX_WHOLE", 4096)
    (tmp_path / "ok.txt").write_text("عنوان\nنص قصير.", encoding="utf-8")
    (tmp_path / "long.txt").write_text("نص " * 2000, encoding="utf-8")
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b" " * 1_000_000 + b"</p>"))
    (tmp_path / "story.docx").write_bytes(b"PK" + bytes(5000))
    (tmp_path / "feed.rss").write_bytes(b"<rss>" + b" " * 5000 + b"</rss>")
    article = json.dumps({"title": "عنوان", "body": "نص"}, ensure_ascii=False)
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress(f"{article}\n{' ' * 10_000}x\n{article}\n".encode()))
    read = {Path(r.location).name: r for r in iter_inputs([tmp_path])}
    assert isinstance(read["ok.txt"], Record)
    for name in ("long.txt", "bomb.html.gz", "story.docx", "feed.rss"):
        failure = read[name]
        assert isinstance(failure, Failure) and failure.reason.startswith("over 0 MB: too large for one article"), name
    assert isinstance(read["lines.jsonl.gz:1"], Record) and isinstance(read["lines.jsonl.gz:3"], Record)
    long_line = read["lines.jsonl.gz:2"]  # read past, the line after it read
    assert isinstance(long_line, Failure) and long_line.reason == "line of over 0 MB: too long for one article"
    failures = tmp_path / "failed.jsonl"  # and so it is when the failures file is read again
    failures.write_text(json.dumps(failure_to_dict(long_line), ensure_ascii=False) + "\n", encoding="utf-8")
    (again,) = iter_files([failures])
    assert isinstance(again, Failure) and again.reason == long_line.reason
