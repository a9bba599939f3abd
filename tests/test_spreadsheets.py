"""Excel workbooks as input: every sheet, a header row, one article per row (no engine).

``tests/data/monitoring.xls`` is the workbook of :func:`_workbook` in the old binary format, as
written by xlwt 1.3 (no maintained library writes it; akhbar reads it with xlrd)."""

from __future__ import annotations

import gzip
import json
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from indexer import mappings
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from indexer.spreadsheets import cell_text
from tests.conftest import REPO, akhbar
from tests.test_indexing import by_ref, sources


def _workbook(path: Path) -> None:
    """Two sheets as a monitoring service exports them: a title row above the header on the first, a
    date typed as a date, a number, an empty row, a note under no field name."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "أغسطس"
    first.append([])
    first.append(["title", "text", "published", "url", "views"])
    first.append(["بوتين وأردوغان يبحثان الوضع في إدلب", "أجرى الرئيس التركي اتصالا هاتفيا.",
                  datetime(2020, 2, 8), "https://aawsat.com/1", 1500.0])
    first.append([])
    first.append(["", "", None, "", None, "ملاحظة خارج الجدول"])  # nothing under a name: no article
    first.append(["لافروف في جنيف", "قال وزير الخارجية الروسي.", datetime(2020, 2, 9, 14, 30), None, 3])
    second = book.create_sheet("سبتمبر")
    second.append(["title", "text", "published"])
    second.append(["", "", None])
    second.append(["عنوان ثالث", "", datetime(2020, 9, 1)])
    book.save(path)


def test_every_sheet_of_a_workbook_is_read(tmp_path: Path) -> None:
    path = tmp_path / "رصد.xlsx"
    _workbook(path)
    putin, lavrov, third = iter_inputs([path])
    assert isinstance(putin, Record) and putin.location == f"{path}:أغسطس!3" and putin.ref_hint == "رصد.xlsx:أغسطس!3"
    assert putin.fields == {"title": "بوتين وأردوغان يبحثان الوضع في إدلب", "body": "أجرى الرئيس التركي اتصالا هاتفيا.",
                            "date": "2020-02-08", "url": "https://aawsat.com/1"}
    assert putin.raw == {**putin.raw, "views": "1500"} and putin.line == 1
    assert isinstance(lavrov, Record) and lavrov.location == f"{path}:أغسطس!6"
    assert lavrov.fields["date"] == "2020-02-09T14:30:00"
    assert isinstance(third, Record) and third.location == f"{path}:سبتمبر!3" and third.line == 3
    assert third.fields == {"title": "عنوان ثالث", "date": "2020-09-01"}


def test_a_row_of_a_workbook_is_read_again_from_a_failures_file(tmp_path: Path) -> None:
    """A failure names the row by its number across the sheets: a re-run reads that row again."""
    path = tmp_path / "scrape.xlsx"
    _workbook(path)
    third = list(iter_inputs([path]))[2]
    assert isinstance(third, Record)
    entry = failure_to_dict(failure_for(third, "no title or body text"))
    entry["record"] = None  # not kept: read from the workbook again
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.location == third.location and again.fields == third.fields


def test_a_workbook_inside_an_archive_and_one_that_cannot_be_read(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    _workbook(book)
    archive = tmp_path / "scrape.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(book, "2020/book.xlsx")
    assert [i.location for i in iter_inputs([archive])] == [
        f"{archive}/2020/book.xlsx:أغسطس!3", f"{archive}/2020/book.xlsx:أغسطس!6", f"{archive}/2020/book.xlsx:سبتمبر!3"]
    locked = tmp_path / "locked.xlsx"  # what a password-protected workbook is to a reader: no zip
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    (failure,) = iter_inputs([locked])
    assert isinstance(failure, Failure) and failure.location == str(locked)
    assert failure.reason.startswith("not a workbook that can be read") and "as CSV" in failure.reason
    packed = tmp_path / "book.xlsx.gz"
    packed.write_bytes(gzip.compress(book.read_bytes()))
    assert [i.location for i in iter_inputs([packed])][-1] == f"{packed}:سبتمبر!3"
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    (nothing,) = iter_inputs([empty])
    assert isinstance(nothing, Failure) and nothing.reason == "empty file (no rows under a header row)"


OLD_WORKBOOK = REPO / "tests" / "data" / "monitoring.xls"


def test_an_old_binary_workbook_reads_as_a_new_one(tmp_path: Path) -> None:
    """The same rows in .xls as in .xlsx: the same articles, sheets, row numbers, dates and numbers."""
    new = tmp_path / "monitoring.xlsx"
    _workbook(new)
    old = tmp_path / "رصد.xls"
    old.write_bytes(OLD_WORKBOOK.read_bytes())
    read_new, read_old = list(iter_inputs([new])), list(iter_inputs([old]))
    assert all(isinstance(r, Record) for r in read_new + read_old) and len(read_old) == len(read_new) == 3
    assert [(r.fields, r.raw, r.line) for r in read_old] == [(r.fields, r.raw, r.line) for r in read_new]
    assert [r.location.removeprefix(str(old)) for r in read_old] == [":أغسطس!3", ":أغسطس!6", ":سبتمبر!3"]
    entry = failure_to_dict(failure_for(read_old[2], "no title or body text"))
    entry["record"] = None  # read from the workbook again
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.location == read_old[2].location


@pytest.mark.parametrize(("content", "said"), [
    (b"<html><body><table><tr><td>title</td></tr></table></body></html>", "a web page"),
    ("title\ttext\nعنوان\tنص\n".encode(), "text"),
])  # fmt: skip
def test_a_page_or_text_named_as_a_workbook_says_so(tmp_path: Path, content: bytes, said: str) -> None:
    """Some tools export an HTML table or tab-separated text under an .xls name."""
    path = tmp_path / "export.xls"
    path.write_bytes(content)
    (failure,) = iter_inputs([path])
    assert isinstance(failure, Failure) and failure.location == str(path)
    assert f"not an Excel workbook but {said}" in failure.reason and "as .xlsx or CSV" in failure.reason


def test_cell_text() -> None:
    assert cell_text(None) == "" and cell_text(12.0) == "12" and cell_text(12.5) == "12.5"
    assert cell_text(datetime(2015, 8, 11)) == "2015-08-11" and cell_text("  نص ") == "نص"


@pytest.mark.engine
def test_a_workbook_is_loaded(es, tmp_path: Path) -> None:
    alias = "akhbar-test-workbook"
    mappings.drop(es, alias)
    path = tmp_path / "رصد.xlsx"
    _workbook(path)
    done = akhbar("index", str(path), "--index", alias, "--failed", str(tmp_path / "failed.jsonl"))
    assert done.returncode == 0 and "read 3  indexed 3" in done.stdout, done.stdout + done.stderr
    docs = by_ref(sources(es, alias))
    putin = docs["https://aawsat.com/1"]
    assert putin["source"] == "aawsat" and putin["published"] == "2020-02-08"
    assert putin["published_source"] == "metadata" and {"فلاديمير بوتين", "رجب طيب أردوغان"} <= set(putin["actors"])
    assert docs["رصد.xlsx:أغسطس!6"]["published"] == "2020-02-09"  # no address: its place in the workbook
    mappings.drop(es, alias)
