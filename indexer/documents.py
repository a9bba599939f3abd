"""Word documents (``.docx``), one article per file, as a newsroom keeps its own stories: the text of
their paragraphs and tables in the order they stand, a paragraph a line (python-docx); the
headline is found as in a raw ``.txt`` article."""

from __future__ import annotations

import zipfile
from typing import IO

DOCX_SUFFIXES = (".docx",)


class DocumentError(ValueError):
    """A file that is no Word document python-docx can read."""


def document_text(fh: IO[bytes]) -> str:
    """The text of a Word document (``fh`` seekable): a line per paragraph, a table's cells a line
    each, row after row. Raises :class:`DocumentError`."""
    import docx  # here: a load without Word documents need not import it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(fh)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"not a Word document that can be read ({exc}): protected by a password? "
                            "save it without one") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:  # a merged cell is in the row once for each column it spans: once here
                texts = [cell.text for cell in row.cells]
                lines += [text for n, text in enumerate(texts) if not n or text != texts[n - 1]]
        else:
            lines.append(block.text)
    return "\n".join(line.strip() for line in lines if line.strip())
