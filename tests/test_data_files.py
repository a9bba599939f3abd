"""The data files users edit (gazetteer, taxonomy, rules): one that akhbar cannot use is a clear
error naming the file and what is wrong, never a traceback (no engine)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from indexer import actors, cli
from indexer.actors import Gazetteer
from indexer.boilerplate import load_rules
from indexer.data_files import DataFileError, read_yaml
from indexer.field_map import FieldMap
from indexer.topics import TopicModel
from tests.conftest import SEEDS

TWICE = "- {name: تجربة, type: person, aliases: [بوتين]}\n"  # an alias another entry has


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("lists:\n  a: [1, 2\nactors: []\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x\.yaml: not valid YAML at line 3, column \d+"):
        read_yaml(path)
    with pytest.raises(DataFileError, match="cannot be read"):
        read_yaml(tmp_path / "missing.yaml")


@pytest.mark.parametrize(("added", "said"), [
    (TWICE, "alias 'بوتين' used by 'فلاديمير بوتين' and 'تجربة'"),
    ("- {type: person, aliases: [س]}\n", "an entry has no 'name'"),
    ("- {name: س, type: persn, aliases: [س]}\n", "س: unknown type 'persn'"),
])  # fmt: skip
def test_a_gazetteer_that_cannot_be_used_says_why(tmp_path: Path, added: str, said: str) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(actors.DEFAULT_PATH.read_text(encoding="utf-8") + added, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        Gazetteer.load(path)
    assert str(caught.value) == f"{path}: {said}"


def test_a_taxonomy_or_rules_that_cannot_be_used_say_why(tmp_path: Path) -> None:
    topics = tmp_path / "topics.yaml"
    topics.write_text("topics:\n  - {label_ar: بلا معرف}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=f"{topics}: an entry has no 'id'"):
        TopicModel.load(topics)
    rules = tmp_path / "boilerplate.yaml"
    rules.write_text("drop_lines:\n  - '(غير مغلق'\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"a pattern that is no regular expression .*'\(غير مغلق'"):
        load_rules(rules)


def test_a_field_map_that_cannot_be_used_says_why(tmp_path: Path) -> None:
    """`akhbar index --fields FILE`: the user's own file, said as the others are."""
    spec = tmp_path / "fields.yaml"
    for text, said in (("fields:\n  body: [a, b\n", "not valid YAML at line 3"),
                       ("fields:\n  bogus: x\n", "unknown canonical field 'bogus'"),
                       ("- a\n- b\n", "a field map must be a mapping")):
        spec.write_text(text, encoding="utf-8")
        with pytest.raises(DataFileError, match=f"^{spec}: {said}"):
            FieldMap.from_file(spec)


def test_the_command_says_it_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A user adds an entry to actors.yaml and loads: one line and exit code 2, nothing loaded."""
    path = tmp_path / "actors.yaml"
    path.write_text(actors.DEFAULT_PATH.read_text(encoding="utf-8") + TWICE, encoding="utf-8")
    monkeypatch.setattr(actors, "DEFAULT_PATH", path)
    monkeypatch.setattr(sys, "argv", ["akhbar", "index", str(SEEDS), "--dry-run", "--failed",
                                      str(tmp_path / "failed.jsonl")])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    err = " ".join(capsys.readouterr().err.split())
    assert ended.value.code == 2 and "Traceback" not in err
    assert f"error: {path}: alias 'بوتين' used by 'فلاديمير بوتين' and 'تجربة' (fix the file" in err


def test_the_ui_server_says_it_before_any_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from indexer.actor_names import default_names
    from search_ui import serve

    path = tmp_path / "actors.yaml"
    path.write_text(actors.DEFAULT_PATH.read_text(encoding="utf-8") + TWICE, encoding="utf-8")
    monkeypatch.setattr(actors, "DEFAULT_PATH", path)
    default_names.cache_clear()  # read again, from the file edited
    try:
        with pytest.raises(SystemExit) as ended:
            serve.main(["--server.headless", "true"])
    finally:
        default_names.cache_clear()
    err = capsys.readouterr().err
    assert ended.value.code == 2 and err.startswith(f"error: {path}: alias 'بوتين' used by") and "Traceback" not in err
