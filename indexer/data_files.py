"""The rules and gazetteers akhbar reads from YAML files (``indexer/data/``, which users edit), read
with a clear error: which file, where, and what is wrong, never a traceback."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file that cannot be used: its path and what is wrong with it."""


def read_yaml(path: Path) -> Any:
    """The content of the YAML file at ``path``; a :class:`DataFileError` that names the line of a
    syntax error."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise DataFileError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read: {exc}") from None


def digest(path: Path) -> str:
    """A short fingerprint of the file's content (which rules it holds: stored with what they decide)."""
    return hashlib.sha1(path.read_bytes()).hexdigest()[:16]


@contextmanager
def checked(path: Path) -> Iterator[None]:
    """What goes wrong while the content of ``path`` is used (an entry without a name, an alias two
    entries claim) as a :class:`DataFileError` that names the file."""
    try:
        yield
    except DataFileError:
        raise
    except KeyError as exc:
        raise DataFileError(f"{path}: an entry has no {exc}") from None
    except re.error as exc:
        raise DataFileError(f"{path}: a pattern that is no regular expression ({exc}): {exc.pattern!r}") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise DataFileError(f"{path}: {exc}") from None
