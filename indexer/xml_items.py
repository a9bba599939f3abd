"""Articles exported as XML by scraping tools (pure: bytes in, records out), each read as a JSON
object is, through the field map:

* Scrapy's ``-o items.xml`` (its XmlItemExporter): ``<items>``, an ``<item>`` per record, a child
  element per field, a list field's values as ``<value>`` elements;
* trafilatura's ``--xml`` (one page's article): ``<doc title=… author=… date=… url=… hostname=…>``
  with the text in ``<main>``, a paragraph (heading, list, quote…) per element."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from lxml import etree

from indexer.text import without_headline

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_RECOVERING = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)
_ITEMS_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?<items[\s>]")
_DOC_FIELDS = ("title", "author", "date", "url", "hostname")  # its site's name aside: the host names the outlet


class XmlExport(NamedTuple):
    """The records of an XML export, whether the file is one article (trafilatura's), and where it
    breaks when it does (an export cut short: the items before the break are its records)."""

    records: list[dict[str, Any]]
    one_article: bool
    broken: str | None = None


def xml_export(data: bytes) -> XmlExport | None:
    """The records of Scrapy's or trafilatura's XML; None for other XML (a sitemap) or XML that does
    not parse (Scrapy's items cut short or broken: those before the break, and where it is)."""
    try:
        root = etree.fromstring(data, _SAFE_XML)
    except (etree.XMLSyntaxError, ValueError) as exc:
        if not _ITEMS_START.match(data):
            return None
        try:
            root = etree.fromstring(data, _RECOVERING)
        except (etree.XMLSyntaxError, ValueError):
            root = None
        items = [] if root is None else [item for item in root if item.tag == "item"]
        complete = items[: data.count(b"</item>")]  # not the one the break cuts
        return XmlExport([_fields(item) for item in complete], False, str(exc))
    if root.tag == "doc" and (main := root.find("main")) is not None:
        return XmlExport([_document(root, main)], True)
    if root.tag != "items" or any(isinstance(child.tag, str) and child.tag != "item" for child in root):
        return None
    return XmlExport([_fields(item) for item in root if item.tag == "item"], False)


def _fields(item: etree._Element) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for child in item:
        if not isinstance(child.tag, str):
            continue  # a comment
        values = [v for v in child if v.tag == "value"]
        fields[child.tag] = ["".join(v.itertext()).strip() for v in values] if values else "".join(child.itertext())
    return fields


def _document(root: etree._Element, main: etree._Element) -> dict[str, Any]:
    fields: dict[str, Any] = {key: root.get(key) for key in _DOC_FIELDS if root.get(key)}
    lines = [" ".join("".join(block.itertext()).split()) for block in main if isinstance(block.tag, str)]
    fields["text"] = without_headline("\n".join(line for line in lines if line), fields.get("title"))
    return fields
