"""HTML fragments as text: a feed entry's content, and a scrape's title or body field that holds
markup (``<p>…</p>``, as a site's API or a scraper that kept the element's inner HTML gives it)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                     "section", "article", "figcaption"})
# an element of a page's text: its opening or closing tag (an article that quotes «<» or «>» is no markup)
_TAG = re.compile(
    r"</?(?:p|br|div|span|a|b|strong|i|em|u|font|sup|sub|small|ul|ol|li|h[1-6]|blockquote|figure|figcaption|img|"
    r"table|thead|tbody|tr|td|th|section|article|header|footer|iframe|script|style|hr|pre|code|center)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def is_markup(text: str) -> bool:
    """Whether ``text`` holds HTML elements (not only a ``<`` or an entity)."""
    return "<" in text and _TAG.search(text) is not None


def text_of(html: str) -> str:
    """The text of an HTML fragment: a line per paragraph (block or ``<br>``), markup dropped, the
    content of scripts and styles too; entities decoded."""
    if "<" not in html:
        return html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    return element_text(root)


def element_text(root: lxml.html.HtmlElement) -> str:
    """:func:`text_of` a parsed element (its tree is changed: paragraph breaks are added to it)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    for junk in root.xpath("//script|//style"):
        junk.drop_tree()
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
