"""Word (.docx, and .doc of Word 97–2003) and OpenDocument documents as input: one article per file,
its text in order, its headline found (no engine)."""

from __future__ import annotations

import gzip
import json
import shutil
import struct
import zipfile
from pathlib import Path

import docx
import olefile
import pytest

from indexer import mappings
from indexer.article import build_document
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs, read_document_record
from indexer.word_binary import clean_text, main_text
from tests.conftest import REPO, akhbar
from tests.test_indexing import by_ref, sources

HEADLINE = "بوتين وأردوغان يتفقان على تدابير عاجلة للتنسيق في سوريا"
LEAD = "أعلن الكرملين أن الرئيسين الروسي فلاديمير بوتين والتركي رجب طيب أردوغان اتفقا خلال اتصال هاتفي."


def read_inputs(paths: list[Path]) -> list[Record | Failure]:
    """What the readers give for ``paths``, each document read as a worker reads it when it is built."""
    return [read_document_record(r) if isinstance(r, Record) and r.document is not None else r
            for r in iter_inputs(paths)]


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
    (record,) = read_inputs([path])
    assert isinstance(record, Record) and record.location == str(path) and record.ref_hint == "قصة.docx"
    assert record.fields["title"] == HEADLINE
    body = ["المواقف", "موسكو", "أنقرة", "وتناول الاتصال الوضع في إدلب."]  # in order; the merged cell once
    assert record.fields["body"].split("\n") == [LEAD, *body]
    (read,) = iter_inputs([path])  # as a load has it: read when it is built
    entry = failure_to_dict(failure_for(read, "x"))
    assert entry["record"] is None and entry["path"] == str(path)  # a re-run reads the file again
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    (again,) = read_inputs([failures])
    assert isinstance(again, Record) and again.fields == record.fields
    packed = tmp_path / "قصة2.docx.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    (unpacked,) = read_inputs([packed])
    assert isinstance(unpacked, Record) and unpacked.fields == record.fields


def test_a_word_document_that_cannot_be_read(tmp_path: Path) -> None:
    locked = tmp_path / "locked.docx"  # what a password-protected document is to a reader: no zip
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    blank = tmp_path / "blank.docx"
    docx.Document().save(str(blank))
    failure, empty = read_inputs([locked, blank])
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
    (record,) = read_inputs([path])
    word = tmp_path / "قصة.docx"
    _story(word)
    (same,) = read_inputs([word])
    assert isinstance(record, Record) and isinstance(same, Record) and record.fields == same.fields
    assert "حاشية" not in record.fields["body"] and "تعليق" not in record.fields["body"]  # a footnote, a comment


def test_an_opendocument_text_that_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "locked.odt"  # a locked document's content.xml is encrypted: no XML
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", bytes(range(256)) * 4)
    (failure,) = read_inputs([path])
    assert isinstance(failure, Failure) and "protected by a password?" in failure.reason


# --- Word 97–2003 (.doc) ------------------------------------------------------------------------

OLD_STORY = REPO / "tests" / "data" / "story.doc"  # _story's document saved as .doc by LibreOffice 7.4


def test_an_old_word_document_is_the_same_article(tmp_path: Path) -> None:
    """The story as Word 97–2003 wrote it (``soffice --convert-to doc``): the same article as the
    ``.docx`` (the merged cell once), also under a ``.docx`` name (renamed) and compressed."""
    word = tmp_path / "قصة.docx"
    _story(word)
    (new,) = read_inputs([word])
    renamed = tmp_path / "old.docx"
    shutil.copy(OLD_STORY, renamed)
    packed = tmp_path / "old.doc.gz"
    packed.write_bytes(gzip.compress(OLD_STORY.read_bytes()))
    for record in read_inputs([OLD_STORY, renamed, packed]):
        assert isinstance(record, Record) and isinstance(new, Record) and record.fields == new.fields


def test_the_text_of_a_piece_table() -> None:
    """Word keeps a document's text in pieces: 8-bit (Windows-1252, at half the offset it gives) or
    UTF-16 (Arabic); the main text is the first ccpText characters (footnotes and headers follow)."""
    latin, arabic, header = "Reuters: ", "بوتين يصل\r", "ترويسة\r"
    word = bytearray(0x400)
    struct.pack_into("<i", word, 0x4C, len(latin) + len(arabic))  # ccpText
    word[0x200:0x200 + len(latin)] = latin.encode("cp1252")
    utf16 = (arabic + header).encode("utf-16-le")
    word[0x280:0x280 + len(utf16)] = utf16
    cps = [0, len(latin), len(latin) + len(arabic) + len(header)]
    pieces = struct.pack("<3I", *cps) + struct.pack("<HIH", 0, 0x40000000 | 0x400, 0) + struct.pack("<HIH", 0, 0x280, 0)
    clx = b"\x01" + struct.pack("<H", 2) + b"ab" + b"\x02" + struct.pack("<I", len(pieces)) + pieces
    table = bytes(16) + clx
    struct.pack_into("<II", word, 0x1A2, 16, len(clx))  # fcClx, lcbClx
    assert main_text(bytes(word), table) == "Reuters: بوتين يصل\r"
    field = 'وانظر \x13 HYPERLINK "https://www.aa.com.tr/ar/x" \x14الخبر\x15 كاملا\x07\x07التالي\r'
    assert clean_text(field) == "وانظر الخبر كاملا\nالتالي"  # a field's code out, its result kept; cells as lines


def test_old_word_documents_that_cannot_be_read(tmp_path: Path) -> None:
    def patched(name: str, at: int, value: int) -> Path:  # the story with a field of its header changed
        path = tmp_path / name
        shutil.copy(OLD_STORY, path)
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            stream = bytearray(ole.openstream("WordDocument").read())
            struct.pack_into("<H", stream, at, value)
            ole.write_stream("WordDocument", bytes(stream))
        return path

    flags = struct.unpack_from("<H", olefile.OleFileIO(str(OLD_STORY)).openstream("WordDocument").read(), 10)[0]
    word6 = patched("word6.doc", 2, 0x0065)  # nFib of Word 6
    locked = patched("locked.doc", 10, flags | 0x0100)  # fEncrypted
    workbook = tmp_path / "sheet.doc"
    shutil.copy(REPO / "tests" / "data" / "monitoring.xls", workbook)
    failed = {Path(f.location).name: f.reason for f in read_inputs([word6, locked, workbook])
              if isinstance(f, Failure)}
    assert failed == {
        "word6.doc": "a Word 6 or Word 95 document: save it as .docx",
        "locked.doc": "protected by a password: save it without one",
        "sheet.doc": "not a Word document (an OLE file of another kind: a workbook?)",
    }


# --- rich text (.rtf) -------------------------------------------------------------------------

# as Word writes Arabic: the code page named in the header, letters as its bytes (\'c8 is ب), or as
# Unicode with a fallback (\u1576?); a header, a table of two cells, paragraphs
RTF = (
    r"{\rtf1\ansi\ansicpg1256\deff0{\fonttbl{\f0\fcharset178 Arial;}}"
    r"{\header \pard\'c7\'e1\'c3\'e4\'c7\'d6\'e6\'e1\par}"  # الأناضول, a page header
    r"\pard\rtlpar\f0 \'c8\'e6\'ca\'ed\'e4 \'ed\'d5\'e1 \'c5\'e1\'ec \'c3\'e4\'DE\'d1\'c9\par"
    r"\pard\rtlpar \u1571?\u1593?\u1604?\u1606? \u1575?\u1604?\u1603?\u1585?\u1605?\u1604?\u1610?\u1606? "
    r"(Kremlin) \'c7\'e1\'d2\'ed\'c7\'d1\'c9.\par"
    r"\trowd\cellx3000\cellx6000 \'e3\'e6\'d3\'df\'e6\cell \'c3\'e4\'DE\'d1\'c9\cell\row"
    r"\pard \'c7\'e1\'e4\'e5\'c7\'ed\'c9.\par}"
)


def test_a_rich_text_document_is_an_article(tmp_path: Path) -> None:
    """An RTF file as Word writes it (and Word's «Save as» under a .doc name): its paragraphs in
    order, a table's cells a line each, its page header out, letters in its code page or Unicode."""
    rtf = tmp_path / "بيان.rtf"
    rtf.write_bytes(RTF.encode("ascii"))
    named_doc = tmp_path / "old.doc"
    named_doc.write_bytes(RTF.encode("ascii"))
    for record in read_inputs([rtf, named_doc]):
        assert isinstance(record, Record)
        assert record.fields == {"title": "بوتين يصل إلى أنقرة",
                                 "body": "أعلن الكرملين (Kremlin) الزيارة.\nموسكو\nأنقرة\nالنهاية."}


def test_a_web_page_under_a_word_name_is_read_as_a_page(tmp_path: Path) -> None:
    """A site's «export to Word» (or Word's «Save as web page»): a web page in a ``.doc`` file, in
    UTF-8, Windows-1256 or UTF-16; its article found as in a saved page (not its markup as text)."""
    markup = ('<html xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="{}">'
              f"<title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1><p>{LEAD}</p>"
              "<p>وتناول الاتصال الوضع في إدلب وسبل تثبيت وقف إطلاق النار في المحافظة.</p></body></html>")
    files = []
    for n, (codec, bom) in enumerate((("utf-8", b""), ("windows-1256", b""), ("utf-16-le", b"\xff\xfe"))):
        path = tmp_path / f"export{n}.doc"
        path.write_bytes(bom + markup.format(codec).encode(codec))
        files.append(path)
    records = list(read_inputs(files))
    assert all(isinstance(r, Record) and r.page == markup.format(codec) for r, codec in
               zip(records, ("utf-8", "windows-1256", "utf-16-le"), strict=True))
    doc = build_document(records[0])
    assert doc["title_display"] == HEADLINE and LEAD in doc["body_display"] and "<p>" not in doc["body_display"]
