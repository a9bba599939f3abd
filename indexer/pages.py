"""Article fields from a saved web page (HTML): its main text without navigation, sidebars, share
bars, comments and footers, and its title, URL, outlet, author and date, found by trafilatura.

The date comes from the page's markup and URL only (htmldate without its guesses from free text):
a date in the text is the enrichment's to find, with its rules."""

from __future__ import annotations

from indexer.text import without_headline

# What a page that is not an article calls itself (og:type, schema.org @type; lower case): the
# section fronts, tag pages and home page a site mirror is full of.
NOT_ARTICLES = frozenset({"website", "webpage", "collectionpage", "searchresultspage", "itemlist", "profile",
                          "profilepage", "aboutpage", "contactpage"})


class NoArticleText(ValueError):
    """Nothing of the page reads as an article (an error page, a page saved broken)."""


class NotAnArticle(ValueError):
    """The page says it is another kind of page: a section front, a tag page, the home page."""


def page_fields(html: str, url: str | None = None) -> dict[str, str]:
    """Canonical fields (``title, body, url, source, author, date``) of the article in ``html``;
    those the page lacks are left out. ``url``: the address it was fetched from, if known (a web
    archive), its URL when it names none itself (and a date in it, when the markup has none). Its
    ``source`` is left to its URL (the outlet of the host, stable across pages, unlike the names
    sites give themselves); a page without a URL gets the name the site gives itself. Raises
    :class:`NotAnArticle` or :class:`NoArticleText`."""
    import trafilatura  # here: a quarter of a second to import, for loads of web pages only

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,  # a short article otherwise keeps the share bar around it
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    found = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    kind = (found.get("pagetype") or "").lower()
    if kind in NOT_ARTICLES:
        raise NotAnArticle(f"not an article: the page says it is a {kind}")
    title = " ".join((found.get("title") or "").split())
    body = without_headline(found.get("text") or "", title)
    if not body:
        raise NoArticleText("no article text found in the web page")
    fields = {
        "title": title,
        "body": body,
        "url": found.get("url"),
        "source": None if found.get("url") else found.get("sitename"),
        "author": found.get("author"),
        "date": found.get("date"),
    }
    return {key: value for key, value in fields.items() if value}
