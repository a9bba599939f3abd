"""Pure HTML and URL-state helpers for the Streamlit UI.

Everything coming from articles is escaped; the only markup that survives from
Elasticsearch highlights is ``<mark>``/``</mark>``."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from urllib.parse import urlencode, urlsplit

from indexer.outlets import outlet_name
from indexer.urls import archived_copy
from search_ui.periods import hijri_of, loaded_since, period_day
from search_ui.query import SORTS, Filters, Sort
from search_ui.results import SearchHit, project_marks, title_markup

IN_RANGE, OUT_OF_RANGE = "#1c64c8", "#c3cfdf"  # histogram bars inside / outside the date range
FONT_STACK = '"Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", Tahoma, sans-serif'
CRAWL_DATE_NOTE = "تاريخ جمع الصفحة: تاريخ نشرها غير معروف"  # the tooltip of a date that is the crawl day
# an article the archive has only as a summary or the start of its text (``excerpt``)
EXCERPT_LABEL = "ملخص فقط"
EXCERPT_NOTE = ("في الأرشيف ملخص هذا المقال أو بدايته فقط (من موجز أخبار أو واجهة برمجية)، لا نصه الكامل: "
                "اقرأه كاملًا في المصدر.")

CSS = f"""
<style>
[data-testid="stAppViewContainer"] {{ flex-direction: row-reverse; }}  /* filters on the right, where Arabic starts */
[data-testid="stSidebar"][data-collapsed="true"] {{ transform: none; visibility: hidden; overflow: hidden; }}
[data-testid="stHeader"] {{ direction: rtl; }}  /* the button that opens them too */
[data-testid="stExpandSidebarButton"] [data-testid="stIconMaterial"],
[data-testid="stSidebarCollapseButton"] [data-testid="stIconMaterial"] {{
  display: inline-block; transform: scaleX(-1);
}}
/* its resize handle would drag the wrong way */
[data-testid="stSidebar"] > div:has(> [data-testid="stSidebarResizeHandle"]) {{ display: none; }}
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stMainBlockContainer"],
[data-testid="stTooltipContent"] {{
  direction: rtl; text-align: right;
}}
[data-testid="stTooltipContent"] * {{ text-align: right; }}
[data-testid="stTooltipContent"] code {{ unicode-bidi: isolate; font-family: {FONT_STACK}; }}
[data-testid="stMain"] *:not([data-testid="stIconMaterial"]),
[data-testid="stSidebar"] *:not([data-testid="stIconMaterial"]) {{ font-family: {FONT_STACK}; }}
[data-testid="stMain"] [data-testid="stCode"] *, [data-testid="stDateInputField"], .akh-ltr {{
  direction: ltr; text-align: left; unicode-bidi: isolate;  /* an inline link too: an address with Arabic in it */
}}
.st-key-akh-cite [data-testid="stCode"] * {{  /* each line in its own direction: the address left to right */
  direction: rtl; unicode-bidi: plaintext; text-align: right; white-space: pre-wrap;
}}
.akh-hit {{ border-bottom: 1px solid #e3e3e3; padding: .4rem 0 .2rem; }}
.akh-title {{ font-size: 1.2rem; font-weight: 700; margin: 0 0 .2rem; line-height: 1.6; }}
.akh-meta {{ color: #666; font-size: .85rem; }}
.akh-crawled {{ cursor: help; }}
.akh-also {{ color: #555; font-size: .85rem; background: #f6f6f3; padding: .15rem .4rem; margin: .2rem 0; }}
.akh-snippet {{ line-height: 1.9; margin: .2rem 0; }}
.akh-chip {{ display: inline-block; background: #eef3fb; border: 1px solid #cdd9ee; border-radius: 1rem;
  padding: 0 .6rem; margin: .1rem .15rem; font-size: .8rem; }}
.akh-chip.topic {{ background: #f3f0e6; border-color: #e0d8bd; }}
a.akh-chip {{ color: inherit; text-decoration: none; }}
a.akh-chip:hover {{ border-color: #1c64c8; }}
a.akh-outlet {{ color: inherit; text-decoration: underline dotted; }}
.akh-body p {{ line-height: 2; margin: 0 0 .8rem; font-size: 1.05rem; }}
mark {{ background: #ffe58a; padding: 0 .1rem; }}
.akh-range {{ background: #eef3fb; border-inline-start: 3px solid #1c64c8; padding: .3rem .5rem; }}
.akh-histogram {{ direction: ltr; text-align: left; padding: .7rem 0 0 1.7rem; }}
.akh-plot {{ position: relative; height: 96px; display: flex; align-items: flex-end; }}
.akh-grid {{ position: absolute; left: 0; right: 0; border-top: 1px solid #e6e6e6; }}
.akh-grid span {{ position: absolute; right: calc(100% + .3rem); top: -.5rem; font-size: .65rem; color: #777; }}
.akh-bar {{ flex: 1; min-width: 1px; background: {OUT_OF_RANGE}; border-radius: 1px 1px 0 0; position: relative; }}
.akh-bar.in {{ background: {IN_RANGE}; }}
.akh-bar:hover {{ opacity: .75; }}
.akh-break {{ flex: 1; min-width: 3px; align-self: stretch;
  background: repeating-linear-gradient(to bottom, #999 0 3px, transparent 3px 6px) center / 1px 100% no-repeat; }}
.akh-months {{ position: relative; height: 1.1rem; font-size: .65rem; color: #777; }}
.akh-months span {{ position: absolute; transform: translateX(-50%); white-space: nowrap; }}
</style>
"""

_MARK = re.compile(r"(</?mark>)")


def esc(value: Any) -> str:
    """HTML-escape any value (None → empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_highlight(fragment: str) -> str:
    """Keep ``<mark>``/``</mark>`` and neutralise any other angle bracket (defence in depth)."""
    parts = _MARK.split(fragment or "")
    return "".join(p if _MARK.fullmatch(p) else p.replace("<", "&lt;").replace(">", "&gt;") for p in parts)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None (no javascript: links)."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


# A link that narrows the current search by one more value of a facet ("actors", "topics" or "sources").
Narrow = Callable[[str, str], str]


def chips(values: list[str], cls: str = "", labels: Mapping[str, str] | None = None,
          href: Callable[[str], str] | None = None) -> str:
    """Inline chips for actors or topics; with ``href``, each a link (to narrow the search by it)."""
    labels = labels or {}
    if href is None:
        return "".join(f'<span class="akh-chip {esc(cls)}">{esc(labels.get(v, v))}</span>' for v in values)
    return "".join(f'<a class="akh-chip {esc(cls)}" href="{esc(href(v))}" target="_self">{esc(labels.get(v, v))}</a>'
                   for v in values)


def facet_chips(actors: list[str], topics: list[str], topic_labels: Mapping[str, str] | None,
                narrow: Narrow | None) -> str:
    """Actor then topic chips, links when ``narrow`` is given."""
    return (chips(actors, href=narrow and partial(narrow, "actors"))
            + chips(topics, "topic", topic_labels, href=narrow and partial(narrow, "topics")))


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:/@])")  # : / @ too: no autolinked address


def markdown_text(text: str) -> str:
    """``text`` for a Streamlit label or message, which read Markdown: every Markdown sign escaped, so
    a scraped outlet name or a typed query shows as it is (``**x**``, ``[a](b)``, ``https://…`` are not
    bold or links)."""
    return _MARKDOWN.sub(r"\\\1", text)


def outlet_label(source: str | None) -> str:
    """An outlet as the page shows it: its name (``aawsat`` -> ``الشرق الأوسط``), else its key."""
    return outlet_name(source) if source else "مصدر غير معروف"


_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')  # what no file name may hold on Windows, macOS or Linux


def download_name(query: str, today: date) -> str:
    """The file name of a search's CSV download: its words and the day (``akhbar-بوتين-سوريا-2026-11-24.csv``;
    ``akhbar-الكل-…`` for every article), so that downloads of several searches do not overwrite or
    number one another."""
    words = "-".join(w for w in (w.strip("-+*().") for w in _NOT_IN_NAMES.sub(" ", query).split()) if w)
    words = words[:60].strip("-.") or "الكل"
    return f"akhbar-{words}-{today.isoformat()}.csv"


def moment_text(when: datetime) -> str:
    """A moment as the page writes it, ``2026-11-24 04:50 UTC``, isolated left to right: in an
    Arabic line the day's parts would otherwise come out reversed (``24-11-2026``)."""
    when = when.astimezone(UTC) if when.tzinfo else when  # a naive moment is UTC already
    return f"\u2066{when:%Y-%m-%d %H:%M} UTC\u2069"


def hijri_day(published: str | None) -> str | None:
    """A day ``YYYY-MM-DD`` in the Hijri calendar, for reading (``5 شوال 1436 هـ``); None when it has
    none (:func:`hijri_of`)."""
    day = hijri_of(published)
    return f"{day.day} {day.month_name('ar')} {day.year} {day.notation('ar')}" if day else None


def citation(doc: Mapping[str, Any]) -> str:
    """How to cite an article, in Arabic order: author, «title», outlet, day (and its Hijri day; a day
    that is only when the page was fetched says so), and on a line of its own (left to right) the
    address, or the file it was loaded from (and the copy in a web archive it was read from)."""
    published = str(doc.get("published") or "")[:10]
    when = ""
    if published:
        hijri = hijri_day(published)
        when = published + (f" ({hijri})" if hijri else "")
        if doc.get("published_source") == "crawl":
            when = f"جُلب في {when}"
    title = doc.get("title_display") or doc.get("title") or ""
    source = doc.get("source")
    parts = [doc.get("author") or "", f"«{title}»" if title else "", outlet_name(source) if source else "", when]
    address = doc.get("url") or doc.get("ref") or ""
    if address != doc.get("ref") and archived_copy(doc.get("ref")):  # a deleted page, read from a web archive
        address += f"\nنسخة مؤرشفة: {doc['ref']}"
    return "، ".join(p.strip() for p in parts if p and p.strip()) + (f"\n{address}" if address else "")


def meta_line(source: str | None, published: str | None, extra: str = "", narrow: Narrow | None = None,
              published_source: str | None = None, *, hijri: bool = False) -> str:
    """ "outlet · date" (dates shown as YYYY-MM-DD, with ``hijri`` followed by the Hijri day; missing
    ones as «بدون تاريخ», the day the page was fetched as «≈ date» with a tooltip saying so); with
    ``narrow``, the outlet links to the search narrowed by it."""
    when = esc((published or "")[:10] or "بدون تاريخ")
    if hijri and (other := hijri_day(published)):
        when = f"{when} ({esc(other)})"
    if published and published_source == "crawl":
        when = f'<span class="akh-crawled" dir="rtl" title="{CRAWL_DATE_NOTE}">≈ {when}</span>'
    outlet = esc(outlet_label(source))
    if source and narrow:
        outlet = f'<a class="akh-outlet" href="{esc(narrow("sources", source))}" target="_self">{outlet}</a>'
    parts = [outlet, when]
    if extra:
        parts.append(esc(extra))
    # each part isolated: Latin outlet names, dates and counts must not merge into one left-to-right run
    return '<div class="akh-meta">' + " · ".join(f"<bdi>{p}</bdi>" for p in parts) + "</div>"


def hit_html(hit: SearchHit, topic_labels: Mapping[str, str] | None = None, also: list[SearchHit] | None = None,
             narrow: Narrow | None = None) -> str:
    """One result card: title, outlet and date, actor and topic chips (links with ``narrow``),
    highlighted snippet, and the outlets of ``also`` (copies of the story among the results) folded
    into one line."""
    dups = f"{hit.dup_count - 1} إعادة نشر" if hit.dup_count and hit.dup_count > 1 else ""
    extra = " · ".join(x for x in (dups, EXCERPT_LABEL if hit.excerpt else "") if x)
    snippet = safe_highlight(hit.snippet).replace("\n", " ")
    folded = ""
    if also:
        outlets = " · ".join(f"<bdi>{esc(outlet_label(h.source))}</bdi>" for h in also)
        folded = f'<div class="akh-also">نُشر أيضًا في: {outlets}</div>'
    return (
        f'<div class="akh-hit" data-id="{esc(hit.id)}">'
        f'<div class="akh-title">{safe_highlight(hit.title_html or esc(hit.title))}</div>'
        f"{meta_line(hit.source, hit.published, extra, narrow, hit.published_source)}"
        f"<div>{facet_chips(hit.actors, hit.topics, topic_labels, narrow)}</div>"
        f'<div class="akh-snippet">{snippet}</div>{folded}'
        "</div>"
    )


def paragraphs(text: str | None) -> str:
    """Article text as escaped ``<p>`` paragraphs (blank lines or single newlines split them)."""
    paras = [p.strip() for p in re.split(r"\n+", text or "") if p.strip()]
    return "".join(f"<p>{esc(p)}</p>" for p in paras)


def marked_paragraphs(fragment: str | None, display: str) -> str:
    """:func:`paragraphs` of ``display`` with the ``<mark>``s of ``fragment`` (the whole normalised text,
    highlighted) carried over; a mark that runs across a paragraph break is closed and reopened.
    Without marks, or when the two texts do not align, the plain paragraphs."""
    marked = project_marks(fragment, display) if fragment and "<mark>" in fragment else None
    if marked is None:
        return paragraphs(display)
    out, open_ = [], False
    for para in (p.strip() for p in re.split(r"\n+", marked)):
        if not para:
            continue
        para = "<mark>" + para if open_ else para
        open_ = para.rfind("<mark>") > para.rfind("</mark>")
        out.append(f"<p>{para}</mark></p>" if open_ else f"<p>{para}</p>")
    return "".join(out)


def _outside_link(url: str) -> str:
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer" class="akh-ltr">{esc(url)}</a>'


def article_html(doc: Mapping[str, Any], topic_labels: Mapping[str, str] | None = None,
                 narrow: Narrow | None = None) -> str:
    """The reading view of one article (everything escaped; source link only if http(s), else the file it
    was read from); the query's
    words marked in title and body when ``doc["highlight"]`` has them (:func:`fetch.get_article`)."""
    url = safe_url(doc.get("url"))
    if url:
        link = f'<div class="akh-meta">المصدر: {_outside_link(url)}</div>'
        if archived_copy(doc.get("ref")) and (copy := safe_url(doc.get("ref"))):  # read from a web archive
            link += f'<div class="akh-meta">النسخة المؤرشفة: {_outside_link(copy)}</div>'
    else:  # a file's article (a PDF, a Word document, a text): the file it was read from, to find it again
        link = f'<div class="akh-meta">الملف: <bdi>{esc(doc["ref"])}</bdi></div>' if doc.get("ref") else ""
    author = f"الكاتب: {doc['author']}" if doc.get("author") else ""
    loaded = datetime.fromisoformat(str(doc["indexed_at"])) if doc.get("indexed_at") else None
    added = f'<div class="akh-meta">أضيف إلى الأرشيف: {moment_text(loaded)}</div>' if loaded else ""
    if doc.get("excerpt") is True:
        added += f'<div class="akh-also">{EXCERPT_NOTE}</div>'
    marks = doc.get("highlight") or {}
    title = title_markup((marks.get("title") or [None])[0], doc.get("title_display") or doc.get("title") or "",
                         doc.get("title"))
    body = marked_paragraphs((marks.get("body") or [None])[0], doc.get("body_display") or doc.get("body") or "")
    return (
        '<div class="akh-article">'
        f'<h2 class="akh-title">{title}</h2>'
        f"{meta_line(doc.get('source'), doc.get('published'), author, narrow, doc.get('published_source'), hijri=True)}"
        f"{link}{added}"
        f"<div>{facet_chips(list(doc.get('actors') or []), list(doc.get('topics') or []), topic_labels, narrow)}"
        "</div>"
        f'<div class="akh-body">{body}</div>'
        "</div>"
    )


# ---------------------------------------------------------------- date histogram


def _period(key: str) -> tuple[str, int] | None:
    """A histogram key, ``YYYY-MM`` or ``YYYY-MM-DD``, as its unit and a number counting that unit
    (consecutive months or days differ by one); None if it is neither."""
    try:
        if len(key) == 10:
            return "day", date.fromisoformat(key).toordinal()
        year, mon = (int(x) for x in key.split("-")[:2])
    except ValueError:
        return None
    return ("month", year * 12 + mon - 1) if 1 <= mon <= 12 else None


def _first_day(unit: str, number: int) -> date:
    return date.fromordinal(number) if unit == "day" else date(number // 12, number % 12 + 1, 1)


def _key(unit: str, number: int) -> str:
    return _first_day(unit, number).isoformat()[: 10 if unit == "day" else 7]


def _in_range(key: str, since: date | None, until: date | None) -> bool:
    """Whether the month or day ``key`` overlaps the range [since, until] (open ends allowed)."""
    period = _period(key)
    if period is None:
        return False
    first, next_first = _first_day(period[0], period[1]), _first_day(period[0], period[1] + 1)
    return (since is None or next_first > since) and (until is None or first <= until)


_GAPPED_BARS = 60  # more bars than this touch each other (the sidebar is ~220 px wide)
# periods without articles between two with: drawn as empty bars up to this many, else a break
_FILL = {"month": 12, "day": 31}
_LABEL_GAP = 15  # percent of the chart's width between two labels (~35 px in the sidebar)


def _axis_max(peak: int) -> int:
    """A round top for the count axis (>= peak): 1, 2, 5, 10, 20, 50 …"""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= peak:
                return step * factor
        step *= 10


def _time_axis(periods: list[tuple[str, int]]) -> list[tuple[str, int] | None]:
    """The months (or days) in order on a time axis: the empty ones between two with articles are
    added (as 0) when there are at most ``_FILL`` of them; a longer gap is a break (None)."""
    out: list[tuple[str, int] | None] = []
    before: int | None = None
    for key, count in sorted(periods):
        period = _period(key)
        if before is not None and period is not None:
            unit, number = period
            if number - before - 1 > _FILL[unit]:
                out.append(None)
            else:
                out += [(_key(unit, n), 0) for n in range(before + 1, number)]
        out.append((key, count))
        before = period[1] if period is not None else before
    return out


def histogram_html(periods: list[tuple[str, int]], since: date | None = None, until: date | None = None) -> str:
    """A bar chart of matches per month (``YYYY-MM``) or per day (``YYYY-MM-DD``) in plain HTML and
    CSS (no chart library to load): those of the chosen range highlighted, hover titles naming
    period and count, chronological left to right on a time axis (empty periods drawn, a long gap
    marked by a dashed break), ``MM/YY`` (``DD/MM``) labels thinned out so they never overlap."""
    bars = _time_axis(periods)
    if not bars:
        return ""
    top = _axis_max(max(bar[1] for bar in bars if bar))
    grid = "".join(
        f'<div class="akh-grid" style="bottom:{100 * v / top:.0f}%"><span>{v}</span></div>'
        for v in sorted({0, top // 2, top})
    )
    columns, labels = [], []
    last_label = -float(_LABEL_GAP)
    for i, bar in enumerate(bars):
        if bar is None:
            columns.append('<div class="akh-break" title="…"></div>')
            continue
        key, count = bar
        cls = "akh-bar in" if _in_range(key, since, until) else "akh-bar"
        columns.append(
            f'<div class="{cls}" style="height:{100 * count / top:.1f}%" title="{esc(key)}: {count}"></div>'
        )
        centre = 100 * (i + 0.5) / len(bars)
        if centre - last_label >= _LABEL_GAP:
            last_label = centre
            label = f"{key[8:10]}/{key[5:7]}" if len(key) == 10 else f"{key[5:7]}/{key[2:4]}"
            labels.append(f'<span style="left:{centre:.1f}%">{esc(label)}</span>')
    by = "اليوم" if any(bar and len(bar[0]) == 10 for bar in bars) else "الشهر"
    return (
        f'<div class="akh-histogram" role="img" aria-label="المقالات حسب {by}">'
        f'<div class="akh-plot" style="gap:{1 if len(bars) <= _GAPPED_BARS else 0}px">{grid}{"".join(columns)}</div>'
        f'<div class="akh-months">{"".join(labels)}</div></div>'
    )


# ---------------------------------------------------------------- URL state


@dataclass
class UIState:
    """Everything that defines what the page shows; mirrored in the URL."""

    q: str = ""
    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    sort: Sort = "relevance"
    in_title: bool = False  # the words in headlines only
    loaded: str = ""  # loaded since: as typed (``last``, ``24h``, a day…); see :func:`loaded_since`
    page: int = 0
    article: str | None = None
    # ``loaded`` as a moment, this run (``last`` asks the engine); not in the URL
    loaded_at: datetime | None = field(default=None, compare=False)

    @property
    def range_reversed(self) -> bool:
        """Whether the date range was given backwards ("from" after "to")."""
        return bool(self.since and self.until and self.since > self.until)

    def filters(self) -> Filters:
        """The facet filters of this state (a range given backwards is read the right way round)."""
        since, until = (self.until, self.since) if self.range_reversed else (self.since, self.until)
        return Filters(list(self.actors), list(self.topics), list(self.sources), since, until,
                       self.loaded_at if self.loaded else None)

    def signature(self) -> tuple[Any, ...]:
        """Identifies the result list (not the page): paging cursors are valid for one signature."""
        return (self.q, tuple(self.actors), tuple(self.topics), tuple(self.sources), self.since, self.until, self.sort,
                self.in_title, self.loaded)


def _date_or_none(value: str | None, *, end: bool = False) -> date | None:
    """A link's ``since``/``until``: a day, a month or a year, Gregorian or Hijri (:func:`period_day`)."""
    try:
        return period_day(value, end=end) if value else None
    except ValueError:
        return None


def _moment_or_empty(value: str) -> str:
    """A link's ``loaded``, if it names a moment (:func:`loaded_since`), else nothing."""
    try:
        loaded_since(value, datetime.now(UTC))
        return value.strip()
    except ValueError:
        return ""


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    getter = getattr(params, "get_all", None)
    raw = getter(key) if getter else params.get(key, [])
    raw = [raw] if isinstance(raw, str) else list(raw or [])
    return [v for v in dict.fromkeys(raw) if v]


def state_from_params(params: Mapping[str, Any]) -> UIState:
    """Read a state from URL query parameters (``st.query_params`` or a plain dict); lenient."""

    def one(key: str) -> str:
        vals = _values(params, key)
        return vals[0] if vals else ""

    page = one("page")
    sort = one("sort")
    return UIState(
        q=one("q"),
        actors=_values(params, "actor"),
        topics=_values(params, "topic"),
        sources=_values(params, "source"),
        since=_date_or_none(one("since")),
        until=_date_or_none(one("until"), end=True),
        sort=next((s for s in SORTS if s == sort), "relevance"),
        in_title=one("in") == "title",
        loaded=_moment_or_empty(one("loaded")),
        page=max(0, int(page)) if page.isdigit() else 0,
        article=one("article") or None,
    )


def state_to_params(state: UIState) -> dict[str, str | list[str]]:
    """Query parameters for a state (defaults omitted so URLs stay short)."""
    out: dict[str, str | list[str]] = {}
    if state.q:
        out["q"] = state.q
    for key, values in (("actor", state.actors), ("topic", state.topics), ("source", state.sources)):
        if values:
            out[key] = list(values)
    if state.since:
        out["since"] = state.since.isoformat()
    if state.until:
        out["until"] = state.until.isoformat()
    if state.sort != "relevance":
        out["sort"] = state.sort
    if state.in_title:
        out["in"] = "title"
    if state.loaded:
        out["loaded"] = state.loaded
    if state.page:
        out["page"] = str(state.page)
    if state.article:
        out["article"] = state.article
    return out


def narrowed_href(state: UIState, facet: str, value: str) -> str:
    """The page URL (query part) of ``state`` narrowed by one more actor, topic or source: the result
    list, first page."""
    narrowed = replace(state, actors=list(state.actors), topics=list(state.topics), sources=list(state.sources),
                       page=0, article=None)
    values: list[str] = getattr(narrowed, facet)
    if value not in values:
        values.append(value)
    return "?" + urlencode(state_to_params(narrowed), doseq=True)
