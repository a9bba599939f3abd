"""Article fields from a saved web page (HTML): its main text without navigation, sidebars, share
bars, comments and footers, and its title, URL, outlet, author and date, found by trafilatura.

The date comes from the page's markup and URL only (htmldate without its guesses from free text):
a date in the text is the enrichment's to find, with its rules."""

from __future__ import annotations


def page_fields(html: str) -> dict[str, str]:
    """Canonical fields (``title, body, url, source, author, date``) of the article in ``html``;
    those the page lacks are left out. ``source`` is the site's host name (stable across pages,
    unlike the names sites give themselves), else that name."""
    import trafilatura  # here: a quarter of a second to import, for loads of web pages only

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return {}
    found = doc if isinstance(doc, dict) else doc.as_dict()
    title = " ".join((found.get("title") or "").split())
    lines = (found.get("text") or "").strip().split("\n")
    if title and " ".join(lines[0].split()) == title:  # the headline, repeated at the top of the text
        lines = lines[1:]
    host = (found.get("hostname") or "").removeprefix("www.")
    fields = {
        "title": title,
        "body": "\n".join(lines).strip(),
        "url": found.get("url"),
        "source": host or found.get("sitename"),
        "author": found.get("author"),
        "date": found.get("date"),
    }
    return {key: value for key, value in fields.items() if value}
