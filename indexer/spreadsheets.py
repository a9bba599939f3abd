"""Excel workbooks (``.xlsx``, and ``.xls`` from older tools, as monitoring services and scraping
tools export them): every sheet a table, its first row that is not empty the field names, then one
article per row. ``.xlsx`` through openpyxl, read only (rows are read as they come, the workbook is
never held whole); the old binary ``.xls`` (at most 65,536 rows a sheet) through xlrd."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import IO, Any, NamedTuple

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_ZIP = b"PK"  # an .xlsx is a zip
OLE2 = b"\xd0\xcf\x11\xe0"  # an .xls is an OLE2 compound file, and so is an .xlsx locked by a password


class SpreadsheetError(ValueError):
    """A file that is no workbook that can be read."""


class Row(NamedTuple):
    """One article's row: the sheet and the row number Excel shows, its cells by field name."""

    sheet: str
    number: int
    cells: dict[str, str]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads a cell's text as a formula by


def as_text_cell(value: Any) -> Any:
    """A cell of a table for a spreadsheet: text that it would run as a formula (a scraped title that
    starts with ``=``) marked as text by a leading ``'``; other values as they are."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def from_text_cell(text: str) -> str:
    """A cell's text without the ``'`` :func:`as_text_cell` put before it."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def cell_text(value: Any) -> str:
    """A cell as text: a date or time in ISO form, a whole number without ``.0``, nothing as ``""``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat() if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_rows(sheet: str, values: Iterable[Iterable[Any]]) -> Iterator[Row]:
    """The article rows of one sheet's rows of values: the first row with a value names the fields;
    rows without a value are left out, cells under no field name too."""
    names: list[str] | None = None
    for number, row in enumerate(values, 1):
        cells = [cell_text(v) for v in row]
        if names is None:
            names = cells if any(cells) else None
        elif named := {k: v for k, v in zip(names, cells, strict=False) if k and v}:
            yield Row(sheet, number, named)


def rows(fh: IO[bytes]) -> Iterator[Row]:
    """The article rows of a workbook (``fh`` seekable), sheet by sheet, ``.xlsx`` or ``.xls`` as its
    first bytes say. Raises :class:`SpreadsheetError`."""
    head = fh.read(8)
    fh.seek(0)
    if head.startswith(OLE2):
        yield from _xls_rows(fh)
    elif head.startswith(_ZIP):
        yield from _xlsx_rows(fh)
    else:
        kind = "a web page" if head.lstrip()[:1] == b"<" else "text"
        raise SpreadsheetError(f"not an Excel workbook but {kind} with a workbook's name (some tools "
                               "export so): save it as .xlsx or CSV")


def _xlsx_rows(fh: IO[bytes]) -> Iterator[Row]:
    import openpyxl  # here: a load without workbooks need not import it (0.1 s)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SpreadsheetError(f"not a workbook that can be read ({exc})") from None
    try:
        for sheet in book.worksheets:
            yield from _table_rows(sheet.title, sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _xls_rows(fh: IO[bytes]) -> Iterator[Row]:
    import xlrd  # here, as openpyxl

    try:
        book = xlrd.open_workbook(file_contents=fh.read())
    except Exception as exc:  # xlrd fails on a damaged or locked file in many ways
        raise SpreadsheetError(f"not a workbook that can be read ({exc}): protected by a password? save it "
                               "without one, or as CSV") from None

    def value(cell: Any) -> Any:
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                return cell.value
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return None if cell.ctype == xlrd.XL_CELL_ERROR else cell.value  # #N/A, #DIV/0!: nothing

    for sheet in book.sheets():
        yield from _table_rows(sheet.name, ([value(c) for c in sheet.row(i)] for i in range(sheet.nrows)))
