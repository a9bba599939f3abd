"""search_ui.export: the files `akhbar export` and the UI's download write (no engine)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from indexer.readers import Record, iter_inputs
from search_ui.export import csv_bytes
from search_ui.results import SearchHit


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_text_and_loads_back_as_written(
        tmp_path: Path) -> None:
    """A hostile site's title (``=HYPERLINK(…)``) must not run when a journalist opens the export in
    Excel or LibreOffice: such cells start with ``'``; `akhbar index` of the export reads them as
    they were written."""
    hit = SearchHit(id="1", ref="https://evil.example/1", title='=HYPERLINK("https://evil.example","افتح")',
                    published="2020-02-08", source="evil.example", url="https://evil.example/1", actors=["@x", "y"],
                    topics=[], snippet="", score=None, author="-مراسل", dup_group="g1", published_source="metadata",
                    text="+نص الخبر")
    data = csv_bytes([hit], with_text=True)
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert (row["title"], row["author"], row["actors"], row["text"]) == (
        "'" + hit.title, "'-مراسل", "'@x|y", "'+نص الخبر")
    assert (row["published"], row["url"], row["dup_count"]) == ("2020-02-08", hit.url, "")  # others as they are
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.fields["title"] == hit.title
    assert (record.fields["author"], record.fields["body"]) == ("-مراسل", "+نص الخبر")
