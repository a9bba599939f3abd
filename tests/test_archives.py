"""Scrape archives (.zip, .7z, .rar, .tar.*) read as if unpacked: records, locations, failures and their re-runs."""

from __future__ import annotations

import gzip
import io
import json
import random
import struct
import sys
import tarfile
import zipfile
import zlib
from pathlib import Path

import libarchive
import pytest

from indexer.inputs import expand_paths
from indexer.readers import Failure, ReadProgress, Record, failure_to_dict, iter_inputs
from tests.conftest import SEEDS

ARTICLE = {"title": "عنوان الخبر", "content": "نص الخبر عن بوتين.", "url": "http://www.okaz.com.sa/a/1"}
GOOD = json.dumps(ARTICLE, ensure_ascii=False)
SEED_FILES = sorted(SEEDS.glob("*.txt"))



def _zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


# the files of one scrape, as a scraper's archive holds them
FILES: dict[str, bytes] = {
    "scrape/day1.jsonl": f"{GOOD}\n{{broken\n{GOOD.replace('/a/1', '/a/2')}\n".encode(),
    "scrape/day2.jsonl.gz": gzip.compress(f"{GOOD.replace('/a/1', '/a/3')}\n".encode(), mtime=0),
    "scrape/table.csv": "title,content,url\nعنوان,نص,http://x/4\n".encode(),
    "scrape/one.txt": "عنوان المقال\n\nنص المقال".encode(),
    "scrape/README.md": b"# notes",
    "scrape/old.zip": _zip_bytes({"old/day0.jsonl": GOOD.replace("/a/1", "/a/0").encode()}),
    "scrape/.hidden.jsonl": GOOD.encode(),
    "__MACOSX/scrape/._one.txt": b"\x00\x05",
}
RECORDS = ["scrape/day1.jsonl:1", "scrape/day1.jsonl:3", "scrape/day2.jsonl.gz:1", "scrape/table.csv:2",
           "scrape/one.txt", "scrape/old.zip/old/day0.jsonl:1"]


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    path.write_bytes(_zip_bytes(files))
    return path


def _tar(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:" + {".gz": "gz", ".tgz": "gz", ".bz2": "bz2", ".xz": "xz"}.get(path.suffix, "")) as tf:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def seven_zip(path: Path, files: dict[str, bytes]) -> Path:
    """A 7z archive of ``files`` (made by libarchive, as 7-Zip would)."""
    with libarchive.file_writer(str(path), "7zip") as archive:
        for name, data in files.items():
            archive.add_file_from_memory(name, len(data), data)
    return path


def _vint(n: int) -> bytes:
    """RAR 5's variable-length integer: 7 bits a byte, low first, the high bit saying more follow."""
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def rar(path: Path, files: dict[str, bytes], version: int = 5) -> Path:
    """A rar archive of ``files``, stored (no RAR compressor exists here), written after RARLAB's
    description of the format: RAR 5 as WinRAR 5+ writes it on Linux, RAR 4 as WinRAR 3–4 did on
    Windows (backslashes, a UTF-8 name)."""
    out = bytearray(b"Rar!\x1a\x07\x01\x00" if version == 5 else b"Rar!\x1a\x07\x00")
    if version == 5:
        def header(*fields: bytes, data: bytes = b"") -> None:  # CRC32 of size + header, then the data
            sized = _vint(len(b"".join(fields))) + b"".join(fields)
            out.extend(struct.pack("<I", zlib.crc32(sized)) + sized + data)

        header(_vint(1), _vint(0), _vint(0))  # main header: no flags
        for name, data in files.items():
            raw = name.encode()  # file header with a data area: sizes, mode, CRC32, stored, Unix, name
            header(_vint(2), _vint(2), _vint(len(data)), _vint(4), _vint(len(data)), _vint(0o100644),
                   struct.pack("<I", zlib.crc32(data)), _vint(0), _vint(1), _vint(len(raw)), raw, data=data)
        header(_vint(5), _vint(0), _vint(0))  # end of archive
    else:
        def block(kind: int, flags: int, fields: bytes, data: bytes = b"") -> None:  # CRC16 of the header
            head = struct.pack("<BHH", kind, flags, 7 + len(fields)) + fields
            out.extend(struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head + data)

        block(0x73, 0, bytes(6))  # main header
        for name, data in files.items():
            raw = name.replace("/", "\\").encode()  # sizes, Windows, CRC32, DOS time, 2.9, stored, name, attributes
            fields = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), 0x5A770000, 29, 0x30,
                                 len(raw), 0x20)
            block(0x74, 0x8000 | 0x200, fields + raw, data)  # has a data size; Unicode name
        block(0x7B, 0x4000, b"")  # end of archive
    path.write_bytes(bytes(out))
    return path


def _archive(path: Path, files: dict[str, bytes]) -> Path:
    """An archive of ``files``, of the kind its name says (``…v4.rar``: RAR 4)."""
    if path.name.endswith(".rar"):
        return rar(path, files, 4 if path.stem.endswith("v4") else 5)
    maker = _zip if path.name.endswith(".zip") else seven_zip if path.name.endswith(".7z") else _tar
    return maker(path, files)


def _located(items: list[Record | Failure], archive: Path) -> list[str]:
    return [i.location.removeprefix(f"{archive}/") for i in items if isinstance(i, Record)]


@pytest.mark.parametrize("name", ["scrape.zip", "scrape.7z", "scrape.rar", "scrape-v4.rar", "scrape.tar",
                                  "scrape.tar.gz", "scrape.tgz", "scrape.tar.bz2", "scrape.tar.xz"])
def test_archive_files_are_read_as_if_unpacked(tmp_path: Path, name: str) -> None:
    archive = _archive(tmp_path / name, FILES)
    items = list(iter_inputs([archive]))
    assert _located(items, archive) == RECORDS
    records = [i for i in items if isinstance(i, Record)]
    assert [r.fields.get("url") for r in records[:3]] == [f"http://www.okaz.com.sa/a/{n}" for n in (1, 2, 3)]
    assert records[4].fields == {"title": "عنوان المقال", "body": "نص المقال"} and records[4].ref_hint == "one.txt"
    failures = {i.location.removeprefix(f"{archive}/"): i for i in items if isinstance(i, Failure)}
    assert "invalid JSON" in failures["scrape/day1.jsonl:2"].reason and not failures["scrape/day1.jsonl:2"].skipped
    # other files are left out and counted, not failures to retry; hidden files are not files of the scrape
    assert failures["scrape/README.md"].skipped and "another type" in failures["scrape/README.md"].reason
    assert set(failures) == {"scrape/day1.jsonl:2", "scrape/README.md"}  # the zip inside is read too


def test_archives_in_directories_and_globs(tmp_path: Path) -> None:
    _zip(tmp_path / "a.zip", {"x.jsonl": GOOD.encode()})
    _tar(tmp_path / "b.tar.gz", {"y.jsonl": GOOD.encode()})
    assert [p.name for p in expand_paths([tmp_path])] == ["a.zip", "b.tar.gz"]
    assert [p.name for p in expand_paths([str(tmp_path / "*.zip")])] == ["a.zip"]


def test_a_broken_line_in_an_archive_is_kept_to_be_fixed_in_the_failures_file(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "scrape.zip", FILES)
    (broken,) = [i for i in iter_inputs([archive]) if isinstance(i, Failure) and not i.skipped]
    assert broken.text == "{broken" and broken.path == f"{archive}/scrape/day1.jsonl" and broken.line == 2
    entry = failure_to_dict(broken)
    entry["text"] = GOOD.replace("/a/1", "/a/fixed")  # fixed in the failures file: the archive stays as it is
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    (fixed,) = iter_inputs([failures])
    assert isinstance(fixed, Record) and fixed.fields["url"] == "http://www.okaz.com.sa/a/fixed"
    assert fixed.location == f"{archive}/scrape/day1.jsonl:2"


@pytest.mark.parametrize("name", ["scrape.zip", "scrape.7z", "scrape.rar", "scrape.tar.gz"])
def test_a_failure_without_its_text_is_read_again_from_inside_the_archive(tmp_path: Path, name: str) -> None:
    archive = _archive(tmp_path / name, FILES)
    entries = [
        {"location": "x", "reason": "x", "path": f"{archive}/scrape/day1.jsonl", "line": 3, "record": None},
        {"location": "x", "reason": "x", "path": f"{archive}/scrape/one.txt", "line": None, "record": None},
        {"location": "x", "reason": "x", "path": f"{archive}/scrape/gone.jsonl", "line": 1, "record": None},
    ]
    failures = tmp_path / "failed.jsonl"
    failures.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    third, txt, gone = iter_inputs([failures])
    assert isinstance(third, Record) and third.fields["url"] == "http://www.okaz.com.sa/a/2"
    assert isinstance(txt, Record) and txt.fields["title"] == "عنوان المقال"
    assert isinstance(gone, Failure) and "not in" in gone.reason


@pytest.mark.parametrize("outer", ["scrape.zip", "scrape.7z", "scrape.rar", "scrape.tar.gz"])
def test_archives_inside_an_archive_are_read_and_their_files_read_again(tmp_path: Path, outer: str) -> None:
    month = {"okaz.jsonl": f"{GOOD}\n{{broken\n{GOOD.replace('/a/1', '/a/2')}\n".encode(),
             "one.txt": "عنوان المقال\n\nنص المقال".encode()}
    deepest = _zip_bytes({"y.jsonl": GOOD.encode()})
    august = _tar(tmp_path / "08.tar.gz", {"riyadh.jsonl": GOOD.replace("/a/1", "/a/3").encode()})
    files = {
        "2015/07.zip": _zip_bytes(month),
        "2015/08.tar.gz": august.read_bytes(),
        "2015/08b.zip": _zip_bytes(month)[:60],  # cut: a failure, and the archive around it read on
        "2015/09.zip": _zip_bytes({"deeper.zip": _zip_bytes({"x.jsonl": GOOD.encode(), "deepest.zip": deepest})}),
        "2015/10.7z": seven_zip(tmp_path / "10.7z", {"sabq.jsonl": GOOD.replace("/a/1", "/a/4").encode()}).read_bytes(),
        "2015/11.rar": rar(tmp_path / "11.rar", {"madina.jsonl": GOOD.replace("/a/1", "/a/5").encode()},
                           version=4).read_bytes(),
    }
    archive = _archive(tmp_path / outer, files)
    items = list(iter_inputs([archive]))
    assert _located(items, archive) == ["2015/07.zip/okaz.jsonl:1", "2015/07.zip/okaz.jsonl:3", "2015/07.zip/one.txt",
                                        "2015/08.tar.gz/riyadh.jsonl:1", "2015/09.zip/deeper.zip/x.jsonl:1",
                                        "2015/10.7z/sabq.jsonl:1", "2015/11.rar/madina.jsonl:1"]
    broken, cut, too_deep = (i for i in items if isinstance(i, Failure))
    assert broken.path == f"{archive}/2015/07.zip/okaz.jsonl" and broken.line == 2 and broken.text == "{broken"
    assert cut.location == f"{archive}/2015/08b.zip" and cut.reason.startswith("unreadable archive")
    assert too_deep.skipped and too_deep.location == f"{archive}/2015/09.zip/deeper.zip/deepest.zip"
    assert "nested too deeply" in too_deep.reason
    entries = [{"location": "x", "reason": "x", "path": f"{archive}/{name}", "line": line, "record": None}
               for name, line in (("2015/07.zip/okaz.jsonl", 3), ("2015/07.zip/one.txt", None),
                                  ("2015/09.zip/deeper.zip/x.jsonl", 1), ("2015/07.zip/gone.jsonl", 1),
                                  ("2015/10.7z/sabq.jsonl", 1), ("2015/11.rar/madina.jsonl", 1))]
    failures = tmp_path / "failed.jsonl"
    failures.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    third, txt, deep, gone, in_7z, in_rar = iter_inputs([failures])
    assert isinstance(third, Record) and third.fields["url"] == "http://www.okaz.com.sa/a/2"
    assert isinstance(txt, Record) and txt.fields["title"] == "عنوان المقال"
    assert isinstance(deep, Record) and deep.location == f"{archive}/2015/09.zip/deeper.zip/x.jsonl:1"
    assert isinstance(gone, Failure) and "gone.jsonl: not in" in gone.reason
    assert isinstance(in_7z, Record) and in_7z.fields["url"] == "http://www.okaz.com.sa/a/4"
    assert isinstance(in_rar, Record) and in_rar.fields["url"] == "http://www.okaz.com.sa/a/5"

def _zip_without_utf8_flag(path: Path, files: dict[str, bytes], encoding: str) -> Path:
    """A zip whose names are stored in ``encoding`` without the UTF-8 flag, as Info-ZIP's ``zip`` on
    Linux (UTF-8), Windows Explorer and 7-Zip (cp720) or tools writing "ANSI" names (cp1256) on Arabic
    Windows write them."""
    stored = {chr(ord("a") + i) * len(n.encode(encoding)): n.encode(encoding) for i, n in enumerate(files)}
    data = _zip(path, dict(zip(stored, files.values(), strict=True))).read_bytes()
    for placeholder, name in stored.items():  # same length: offsets and checksums stay valid
        data = data.replace(placeholder.encode(), name)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "cp720", "cp1256"])
def test_zip_names_without_the_utf8_flag_are_read_as_their_archiver_wrote_them(tmp_path: Path, encoding: str) -> None:
    files = {"عكاظ/مقال.txt": "عنوان المقال\n\nنص المقال".encode(), "عكاظ/يوم.jsonl": f"{GOOD}\n{{broken\n".encode()}
    archive = _zip_without_utf8_flag(tmp_path / "scrape.zip", files, encoding)
    assert all(not info.flag_bits & 0x800 for info in zipfile.ZipFile(archive).infolist())
    txt, line, broken = iter_inputs([archive])
    assert isinstance(txt, Record) and txt.ref_hint == "مقال.txt" and txt.location == f"{archive}/عكاظ/مقال.txt"
    assert isinstance(line, Record) and line.location == f"{archive}/عكاظ/يوم.jsonl:1"
    assert isinstance(broken, Failure) and broken.path == f"{archive}/عكاظ/يوم.jsonl"
    # a re-run finds the file again under the same name
    failures = tmp_path / "failed.jsonl"
    entry = {"location": "x", "reason": "x", "path": f"{archive}/عكاظ/مقال.txt", "line": None, "record": None}
    failures.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.fields["title"] == "عنوان المقال"


@pytest.mark.parametrize("name", ["scrape.rar", "scrape-v4.rar"])
def test_arabic_names_in_a_rar_archive(tmp_path: Path, name: str) -> None:
    archive = _archive(tmp_path / name, {"عكاظ/مقال.txt": "عنوان المقال\n\nنص المقال".encode()})
    (txt,) = iter_inputs([archive])
    assert isinstance(txt, Record) and txt.location == f"{archive}/عكاظ/مقال.txt" and txt.ref_hint == "مقال.txt"
    failures = tmp_path / "failed.jsonl"
    entry = {"location": "x", "reason": "x", "path": txt.location, "line": None, "record": None}
    failures.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.fields["title"] == "عنوان المقال"


def test_zip_names_in_another_dos_code_page_stay_as_zipfile_reads_them(tmp_path: Path) -> None:
    archive = _zip_without_utf8_flag(tmp_path / "scrape.zip", {"café.txt": "عنوان\n\nنص".encode()}, "cp437")
    (record,) = iter_inputs([archive])
    assert isinstance(record, Record) and record.location == f"{archive}/café.txt"


@pytest.mark.parametrize("name", ["whole.tar", "whole.rar", "whole-v4.rar"])
def test_a_damaged_archive_keeps_what_was_read_before_the_damage(tmp_path: Path, name: str) -> None:
    files = {f"day/{p.name}": p.read_bytes() for p in SEED_FILES}
    whole = _archive(tmp_path / name, files).read_bytes()
    cut = tmp_path / f"cut{Path(name).suffix}"
    cut.write_bytes(whole[: len(whole) * 3 // 5])
    items = list(iter_inputs([cut]))
    records = [i for i in items if isinstance(i, Record)]
    assert 1 <= len(records) < len(SEED_FILES)
    assert [r.ref_hint for r in records] == [p.name for p in SEED_FILES[: len(records)]]
    assert isinstance(items[-1], Failure) and items[-1].location == str(cut)
    assert items[-1].reason.startswith("unreadable archive")


def test_a_file_named_like_an_archive_that_is_none_or_cut(tmp_path: Path) -> None:
    whole = _zip(tmp_path / "whole.zip", FILES).read_bytes()
    whole_7z = seven_zip(tmp_path / "whole.7z", FILES).read_bytes()
    for name, data in (("none.zip", b"not a zip at all"), ("cut.zip", whole[: len(whole) // 2]),
                       ("none.7z", b"not a 7z at all"), ("cut.7z", whole_7z[: len(whole_7z) // 2]),
                       ("none.rar", b"not a rar at all"), ("zip.rar", whole)):
        path = tmp_path / name
        path.write_bytes(data)
        (failure,) = iter_inputs([path])
        assert isinstance(failure, Failure) and failure.reason.startswith("unreadable archive"), name
        assert not failure.skipped and failure.location == str(path)


@pytest.mark.parametrize("name", ["scrape.7z", "scrape.rar"])
def test_without_libarchive_a_7z_or_rar_is_a_failure_that_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  name: str) -> None:
    archive = _archive(tmp_path / name, FILES)
    monkeypatch.setitem(sys.modules, "libarchive", None)  # as if the system library were missing
    items = list(iter_inputs([archive, _zip(tmp_path / "scrape.zip", FILES)]))
    failure = items[0]
    assert isinstance(failure, Failure) and f"reading {archive.suffix} needs the libarchive library" in failure.reason
    assert not failure.skipped and failure.location == str(archive)
    assert _located(items[1:], tmp_path / "scrape.zip") == RECORDS  # the rest is read


def test_an_empty_archive(tmp_path: Path) -> None:
    (failure,) = iter_inputs([_zip(tmp_path / "empty.zip", {})])
    assert isinstance(failure, Failure) and "empty archive" in failure.reason


def test_reading_an_archive_moves_the_progress_through_it(tmp_path: Path) -> None:
    for name in ("big.zip", "big.tar.gz"):
        rng = random.Random(7)  # text that does not compress to nothing: the stored bytes are read in steps
        files = {f"part{i}.jsonl": "".join(
            json.dumps({**ARTICLE, "content": "".join(rng.choices("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", k=300))},
                       ensure_ascii=False) + "\n" for _ in range(100)).encode() for i in range(20)}
        archive = (_zip if name.endswith(".zip") else _tar)(tmp_path / name, files)
        progress = ReadProgress([archive])
        seen = [progress.done for _ in iter_inputs([archive], progress=progress)]
        assert seen == sorted(seen) and len(set(seen)) > 5, name  # through the archive, not at its end at once
        assert progress.done == progress.total == archive.stat().st_size
