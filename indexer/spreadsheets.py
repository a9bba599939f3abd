"""Excel workbooks (``.xlsx``, as monitoring services and scraping tools export them): every sheet a
table, its first row that is not empty the field names, then one article per row (openpyxl, read
only: rows are read as they come, the workbook is never held whole)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO, Any, NamedTuple

XLSX_SUFFIXES = (".xlsx", ".xlsm")


class SpreadsheetError(ValueError):
    """A file that is no workbook openpyxl can read."""


class Row(NamedTuple):
    """One article's row: the sheet and the row number Excel shows, its cells by field name."""

    sheet: str
    number: int
    cells: dict[str, str]


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


def rows(fh: IO[bytes]) -> Iterator[Row]:
    """The article rows of a workbook (``fh`` seekable), sheet by sheet; rows without a value are
    left out, cells under no field name too. Raises :class:`SpreadsheetError`."""
    import openpyxl  # here: a load without workbooks need not import it (0.1 s)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SpreadsheetError(f"not a workbook that can be read ({exc}): protected by a password? "
                               "save it without one, or as CSV") from None
    try:
        for sheet in book.worksheets:
            names: list[str] | None = None
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                cells = [cell_text(v) for v in values]
                if names is None:
                    names = cells if any(cells) else None
                elif named := {k: v for k, v in zip(names, cells, strict=False) if k and v}:
                    yield Row(sheet.title, number, named)
    finally:
        book.close()
