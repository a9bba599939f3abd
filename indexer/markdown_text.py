"""Articles in Markdown (``.md``, ``.markdown``), as today's scraping tools write them (Jina Reader,
Firecrawl, crawl4ai, ``trafilatura --markdown``): their metadata, and their text without the
markup (pure functions; markdown-it-py renders, :mod:`indexer.markup` reads the text)."""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt

from indexer.markup import text_of

MARKDOWN_SUFFIXES = (".md", ".markdown")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Jina Reader's header: "Title: …", "URL Source: …", "Published Time: …", then "Markdown Content:"
_JINA_KEYS = {"title": "title", "url source": "url", "published time": "date"}
_JINA_CONTENT = "Markdown Content:"
_RENDERER = MarkdownIt("commonmark", {"html": True})


def markdown_text(markdown: str) -> str:
    """The text of Markdown: a line per paragraph, heading, list item or quote; links as their text,
    images, markup and scripts dropped."""
    return text_of(_RENDERER.render(markdown))


def read_markdown(text: str) -> tuple[dict[str, Any], str]:
    """An article in Markdown: the fields its header gives (YAML front matter, or Jina Reader's
    ``Title:``/``URL Source:``/``Published Time:`` lines), and its text (:func:`markdown_text`)."""
    header: dict[str, Any] = {}
    if found := _FRONT_MATTER.match(text):
        try:
            loaded = yaml.safe_load(found[1])
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            header = {str(k): v if isinstance(v, str | list) else str(v) for k, v in loaded.items() if v is not None}
            text = text[found.end():]
    elif text.startswith("Title:") and (content := text.find(f"\n{_JINA_CONTENT}", 0, 8192)) > 0:
        for line in text[:content].splitlines():
            key, _, value = line.partition(":")
            if (name := _JINA_KEYS.get(key.strip().lower())) and value.strip():
                header[name] = value.strip()
        text = text[content + len(_JINA_CONTENT) + 1:]
    return header, markdown_text(text)
