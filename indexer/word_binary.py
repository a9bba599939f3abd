"""The text of old binary Word documents (``.doc``, Word 97–2003), as a newsroom's archive of the
2000s holds them: the OLE container read with olefile, the text found as Microsoft's description
of the format ([MS-DOC]) says: the File Information Block gives the length of the main text and
where the piece table is; each piece is 8-bit (Windows-1252) or UTF-16 (Arabic) text somewhere in
the WordDocument stream. The main text only (footnotes, headers and comments follow it); field
codes left out, their results kept; a paragraph a line, a table's cells a line each."""

from __future__ import annotations

import re
import struct
from typing import IO

from indexer.documents import DocumentError

_WORD_IDENT = 0xA5EC
_MIN_NFIB = 0x00C1  # Word 97 and later; older files (Word 6, Word 95) are laid out otherwise
_ENCRYPTED, _TABLE_1, _OBFUSCATED = 0x0100, 0x0200, 0x8000  # FibBase flags
_CCP_TEXT = 0x004C  # FibRgLw97.ccpText: characters of the main text
_FC_CLX = 0x01A2  # FibRgFcLcb97.fcClx, lcbClx: where the piece table is, in the table stream
# field codes (between begin and separator, or begin and end when there is no result) are no text
_FIELD_CODE = re.compile("\x13[^\x13\x14\x15]*(?:\x14|(?=\x15))")
_MARKS = str.maketrans({"\x07": "\n", "\x0b": "\n", "\x0c": "\n", "\x0d": "\n", "\x1e": "-", "\xa0": " ",
                        **dict.fromkeys(map(chr, (1, 2, 3, 4, 5, 8, 0x14, 0x15, 0x1f)), None)})


def doc_text(fh: IO[bytes]) -> str:
    """The main text of a Word 97–2003 document, a paragraph (or a table's cell) a line. Raises
    :class:`DocumentError` for a file that is none, an older one and one protected by a password."""
    import olefile  # here: a load without .doc files need not import it

    try:
        with olefile.OleFileIO(fh) as ole:
            if ole.exists("EncryptedPackage"):  # a .docx protected by a password is an OLE file
                raise DocumentError("protected by a password: save it without one")
            if not ole.exists("WordDocument"):
                raise DocumentError("not a Word document (an OLE file of another kind: a workbook?)")
            word = ole.openstream("WordDocument").read()
            ident, nfib, flags = struct.unpack_from("<HH6xH", word)
            if ident != _WORD_IDENT:
                raise DocumentError("not a Word document that can be read (no Word header)")
            if nfib < _MIN_NFIB:
                raise DocumentError("a Word 6 or Word 95 document: save it as .docx")
            if flags & (_ENCRYPTED | _OBFUSCATED):
                raise DocumentError("protected by a password: save it without one")
            name = "1Table" if flags & _TABLE_1 else "0Table"
            table = ole.openstream(name).read() if ole.exists(name) else b""
    except (OSError, struct.error) as exc:  # olefile's errors about a broken container are OSErrors
        raise DocumentError(f"not a Word document that can be read ({exc}): protected by a password? "
                            "save it without one") from None
    try:
        return clean_text(main_text(word, table))
    except (struct.error, IndexError, ValueError) as exc:
        raise DocumentError(f"not a Word document that can be read (its piece table: {exc})") from None


def main_text(word: bytes, table: bytes) -> str:
    """The document's first ``ccpText`` characters, read piece by piece."""
    (length,) = struct.unpack_from("<i", word, _CCP_TEXT)
    fc_clx, lcb_clx = struct.unpack_from("<II", word, _FC_CLX)
    clx = table[fc_clx:fc_clx + lcb_clx]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # property modifiers before the piece table
        (size,) = struct.unpack_from("<H", clx, at + 1)
        at += 3 + size
    if at >= len(clx) or clx[at] != 0x02:
        raise ValueError("no piece table")
    (size,) = struct.unpack_from("<I", clx, at + 1)
    plc = clx[at + 5:at + 5 + size]
    pieces = (size - 4) // 12
    cps = struct.unpack_from(f"<{pieces + 1}I", plc)
    parts: list[str] = []
    for n in range(pieces):
        start, end = cps[n], min(cps[n + 1], length)
        if start >= end:
            break
        (fc,) = struct.unpack_from("<I", plc, 4 * (pieces + 1) + 8 * n + 2)
        if fc & 0x40000000:  # 8-bit text at half the offset
            offset = (fc & 0x3FFFFFFF) // 2
            parts.append(word[offset:offset + end - start].decode("cp1252", errors="replace"))
        else:
            parts.append(word[fc:fc + 2 * (end - start)].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def clean_text(text: str) -> str:
    """Word's control characters as text: field codes out, marks of paragraphs, cells and breaks as
    line ends, a pictures' anchors and the like out."""
    while "\x13" in text:
        text, changed = _FIELD_CODE.subn("", text)
        if not changed:
            break
    lines = text.translate(_MARKS).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())
