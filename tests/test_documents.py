"""Word and OpenDocument documents as input: one article per file, its text in order, its headline
found (no engine)."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import docx
import pytest

from indexer import mappings
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from tests.conftest import akhbar
from tests.test_indexing import by_ref, sources

HEADLINE = "بوتين وأردوغان يتفقان على تدابير عاجلة للتنسيق في سوريا"
LEAD = "أعلن الكرملين أن الرئيسين الروسي فلاديمير بوتين والتركي رجب طيب أردوغان اتفقا خلال اتصال هاتفي."


def _story(path: Path) -> None:
    """A story as a newsroom writes it: a heading, paragraphs, an empty one, a table with a merged cell."""
    story = docx.Document()
    story.add_heading(HEADLINE, level=1)
    story.add_paragraph(LEAD)
    story.add_paragraph("")
    table = story.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "المواقف"
    table.cell(1, 0).text = "موسكو"
    table.cell(1, 1).text = "أنقرة"
    story.add_paragraph("وتناول الاتصال الوضع في إدلب.")
    story.save(str(path))


def test_a_word_document_is_an_article(tmp_path: Path) -> None:
    path = tmp_path / "قصة.docx"
    _story(path)
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.location == str(path) and record.ref_hint == "قصة.docx"
    assert record.fields["title"] == HEADLINE
    body = ["المواقف", "موسكو", "أنقرة", "وتناول الاتصال الوضع في إدلب."]  # in order; the merged cell once
    assert record.fields["body"].split("\n") == [LEAD, *body]
    entry = failure_to_dict(failure_for(record, "x"))  # a failure keeps its text: a re-run reads it as such
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.fields == record.fields
    packed = tmp_path / "قصة2.docx.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    (unpacked,) = iter_inputs([packed])
    assert isinstance(unpacked, Record) and unpacked.fields == record.fields


def test_a_word_document_that_cannot_be_read(tmp_path: Path) -> None:
    locked = tmp_path / "locked.docx"  # what a password-protected document is to a reader: no zip
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    blank = tmp_path / "blank.docx"
    docx.Document().save(str(blank))
    failure, empty = iter_inputs([locked, blank])
    assert isinstance(failure, Failure) and failure.location == str(locked)
    assert failure.reason.startswith("not a Word document that can be read") and "password" in failure.reason
    assert isinstance(empty, Failure) and empty.reason == "empty document (no text)"


@pytest.mark.engine
def test_a_folder_of_word_documents_is_loaded(es, tmp_path: Path) -> None:
    alias = "akhbar-test-documents"
    mappings.drop(es, alias)
    _story(tmp_path / "قصة.docx")
    done = akhbar("index", str(tmp_path), "--index", alias, "--failed", str(tmp_path / "failed.jsonl"))
    assert done.returncode == 0 and "read 1  indexed 1" in done.stdout, done.stdout + done.stderr
    doc = by_ref(sources(es, alias))["قصة.docx"]
    assert doc["title_display"] == HEADLINE and {"فلاديمير بوتين", "رجب طيب أردوغان"} <= set(doc["actors"])
    mappings.drop(es, alias)


def _odt(path: Path, body: str) -> None:
    """An OpenDocument text as LibreOffice writes it: the mimetype first and stored, then content.xml."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def test_an_opendocument_text_is_an_article(tmp_path: Path) -> None:
    """LibreOffice's `.odt`: heading, paragraphs with spans and links, spaces as `text:s`, a table, a
    footnote and an editor's comment left out; the same article as the Word document of the story."""
    path = tmp_path / "قصة.odt"
    _odt(path, (
        f'<text:h text:outline-level="1">{HEADLINE}</text:h>'
        f'<text:p>{LEAD.replace("الروسي ", "<text:span>الروسي</text:span><text:s/>")}'
        '<text:note><text:note-body><text:p>حاشية لا تدخل في النص</text:p></text:note-body></text:note></text:p>'
        "<text:p/>"
        '<text:p><office:annotation><text:p>تعليق المحرر</text:p></office:annotation></text:p>'
        "<table:table><table:table-row><table:table-cell><text:p>المواقف</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>موسكو</text:p></table:table-cell>"
        "<table:table-cell><text:p>أنقرة</text:p></table:table-cell></table:table-row></table:table>"
        '<text:p>وتناول الاتصال الوضع في <text:a xlink:href="x" xmlns:xlink="http://www.w3.org/1999/xlink">إدلب</text:a>.'
        "</text:p>"
    ))  # fmt: skip
    (record,) = iter_inputs([path])
    word = tmp_path / "قصة.docx"
    _story(word)
    (same,) = iter_inputs([word])
    assert isinstance(record, Record) and isinstance(same, Record) and record.fields == same.fields
    assert "حاشية" not in record.fields["body"] and "تعليق" not in record.fields["body"]  # a footnote, a comment


def test_an_opendocument_text_that_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "locked.odt"  # a locked document's content.xml is encrypted: no XML
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", bytes(range(256)) * 4)
    (failure,) = iter_inputs([path])
    assert isinstance(failure, Failure) and "protected by a password?" in failure.reason
