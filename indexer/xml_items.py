"""Records exported as XML (Scrapy's ``-o items.xml``, its XmlItemExporter): ``<items>``, an ``<item>``
per record, a child element per field, a list field's values as ``<value>`` elements. Each record is
read as a JSON object is, through the field map (pure: bytes in, records out)."""

from __future__ import annotations

from typing import Any

from lxml import etree

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=False)


def xml_items(data: bytes) -> list[dict[str, Any]] | None:
    """The records of an XML export of items (``<items><item><title>…</title>…</item>…</items>``),
    each a dict of its fields; None for other XML (a sitemap) or XML that does not parse."""
    try:
        root = etree.fromstring(data, _SAFE_XML)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root.tag != "items" or any(isinstance(child.tag, str) and child.tag != "item" for child in root):
        return None
    return [_fields(item) for item in root if item.tag == "item"]


def _fields(item: etree._Element) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for child in item:
        if not isinstance(child.tag, str):
            continue  # a comment
        values = [v for v in child if v.tag == "value"]
        fields[child.tag] = ["".join(v.itertext()).strip() for v in values] if values else "".join(child.itertext())
    return fields
