"""Site-boilerplate stripping driven by data rules (``indexer/data/boilerplate.yaml``).

The rule file documents its own keys (``cut_from``, ``drop_lines``, ``drop_leading``,
``drop_trailing``, ``strip_leading``, ``strip_trailing``). Adding a site's footer is a YAML edit, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.data_files import checked, read_yaml
from indexer.text import clean_display

RULES_PATH = Path(__file__).parent / "data" / "boilerplate.yaml"
_MAX_ROUNDS = 8
# How far from a line's end a trailer is looked for: a pattern searched over a whole line tries every
# place it could start (``\.{2,}`` over a line of dots: quadratic time).
_TRAILER_WINDOW = 2000


@dataclass(frozen=True)
class Rules:
    """Compiled boilerplate rules."""

    cut_from: tuple[re.Pattern[str], ...] = ()
    drop_lines: tuple[re.Pattern[str], ...] = ()
    drop_leading: tuple[re.Pattern[str], ...] = ()
    drop_trailing: tuple[re.Pattern[str], ...] = ()
    strip_leading: tuple[re.Pattern[str], ...] = ()
    strip_trailing: tuple[re.Pattern[str], ...] = ()
    # ``strip_trailing`` without the leading ``\s*``: a cheap search (the regex engine can jump to a
    # literal prefix) that must succeed for the matching ``strip_trailing`` pattern to match at all.
    strip_trailing_probes: tuple[re.Pattern[str], ...] = ()


def _compile(patterns: list[str] | None, template: str = "{}") -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(template.format(p), re.IGNORECASE) for p in patterns or ())


def rules_from_mapping(data: dict) -> Rules:
    """Compile a rules mapping (the parsed YAML) into :class:`Rules`."""
    return Rules(
        cut_from=_compile(data.get("cut_from")),
        drop_lines=_compile(data.get("drop_lines")),
        drop_leading=_compile(data.get("drop_leading")),
        drop_trailing=_compile(data.get("drop_trailing")),
        strip_leading=_compile(data.get("strip_leading"), r"^(?:{})"),
        strip_trailing=_compile(data.get("strip_trailing"), r"\s*(?:{})\s*$"),
        strip_trailing_probes=_compile(data.get("strip_trailing"), r"(?:{})\s*$"),
    )


def load_rules(path: str | Path) -> Rules:
    """Load and compile a boilerplate YAML file (a :class:`DataFileError` says what is wrong with it:
    a pattern that is no regular expression, too)."""
    with checked(Path(path)):
        return rules_from_mapping(read_yaml(Path(path)) or {})


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules shipped with akhbar."""
    return load_rules(RULES_PATH)


def _full(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(p.fullmatch(line) for p in patterns)


def _strip_edge(
    line: str, patterns: tuple[re.Pattern[str], ...], probes: tuple[re.Pattern[str], ...] | None = None
) -> str:
    """Apply ``patterns`` (each once per round) until nothing changes; a pattern whose probe finds
    nothing cannot match and is skipped."""
    if probes is not None and len(probes) != len(patterns):
        probes = None
    for _ in range(_MAX_ROUNDS):
        new = line
        for k, pattern in enumerate(patterns):
            if probes is not None and not probes[k].search(new):
                new = new.strip()
                continue
            new = pattern.sub("", new, count=1).strip()
        if new == line:
            break
        line = new
    return line


def _trim_edges(lines: list[str], rules: Rules) -> list[str]:
    """Drop leading banners/prefixes and trailing inline trailers."""
    while lines:
        first = lines[0]
        if not first or _full(rules.drop_leading, first):
            lines.pop(0)
            continue
        stripped = _strip_edge(first, rules.strip_leading)
        if stripped == first:
            break
        lines[0] = stripped
    while lines:
        last = lines[-1]
        head, tail = last[:-_TRAILER_WINDOW], last[-_TRAILER_WINDOW:]
        kept = _strip_edge(tail, rules.strip_trailing, rules.strip_trailing_probes)
        if kept == tail.strip():  # no trailer
            stripped = last.strip()
        else:  # a trailer taken off (a space just before the window kept)
            stripped = (head + tail[: len(tail) - len(tail.lstrip())] + kept).strip()
        if _full(rules.drop_trailing, stripped):
            stripped = ""
        if stripped:
            lines[-1] = stripped
            break
        lines.pop()
    return lines


def strip_boilerplate(text: str, rules: Rules | None = None) -> str:
    """Return ``clean_display(text)`` without site boilerplate (comment forms, share bars, footers)."""
    rules = rules or default_rules()
    kept: list[str] = []
    for line in clean_display(text).split("\n"):
        if line and _full(rules.cut_from, line):
            break
        if line and _full(rules.drop_lines, line):
            continue
        kept.append(line)
    kept = _trim_edges(kept, rules)
    return clean_display("\n".join(kept))
