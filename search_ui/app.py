"""Streamlit search UI: `akhbar ui` (or `streamlit run search_ui/app.py`), index from AKHBAR_INDEX.

The page state (query, facets, dates, sort, page, open article) lives in ``UIState`` and is
mirrored in the URL, so a search can be bookmarked or shared and is restored on load."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import partial

import streamlit as st
from elasticsearch import Elasticsearch

from indexer.actor_names import default_names
from indexer.config import settings
from indexer.es import EngineError, client
from indexer.outlets import outlet_names
from indexer.topics import topic_labels
from search_ui import fetch
from search_ui.export import csv_bytes
from search_ui.fetch import IndexMissing
from search_ui.query import NO_DATE, SOURCE_FIELDS, Sort
from search_ui.query_language import ParsedQuery, unnamed_latin
from search_ui.render import (
    CSS,
    Narrow,
    UIState,
    article_html,
    citation,
    download_name,
    hijri_day,
    histogram_html,
    hit_html,
    markdown_text,
    moment_text,
    narrowed_href,
    state_from_params,
    state_to_params,
)
from search_ui.results import SearchHit, SearchResult, fold_republications

PAGE_SIZE = 20
SORT_LABELS: dict[Sort, str] = {"relevance": "الأكثر صلة", "date": "الأحدث", "oldest": "الأقدم",
                                 "copies": "الأكثر تداولًا"}
FACET_SHOWN = 15
ACTORS_SHOWN = 8  # of each type
ACTOR_GROUPS = {"persons": "أشخاص", "organizations": "منظمات", "places": "أماكن"}
# The query language (search_ui/query_language.py), as the search box's help says it
QUERY_HELP = """\
- `بوتين أردوغان`: المقالات التي فيها الكلمتان (`AND` بينهما اختيارية)
- `"اللجنة الدستورية"`: العبارة كما هي، ولو اتصل بأولها حرف («واللجنة الدستورية»، «للجنة الدستورية»)
- `"بوتين أردوغان"~5`: الكلمتان متقاربتان، بينهما خمس كلمات على الأكثر
- `بوتين OR أردوغان` (أو `أو`): إحداهما على الأقل
- `سوريا -روسيا` أو `سوريا NOT روسيا`: بلا المقالات التي فيها روسيا
- `اقتص*`: كل كلمة تبدأ بـ«اقتص»، ولو سبقتها «ال» («الاقتصاد»)
- `عنوان:بوتين` (أو `title:بوتين`): في العناوين وحدها
- `كاتب:الشميري` (أو `author:`): في سطر الكاتب وحده؛ `-كاتب:واس` بلا برقيات وكالة الأنباء السعودية
- `مصدر:عكاظ` (أو `site:okaz.com.sa`): مقالات ذلك المصدر أو الموقع وحدها؛ `-مصدر:سبق` بلا مقالات سبق
- `(بوتين OR الكرملين) إدلب`: الأقواس تجمع
- رابط مقال (`https://…`): المقال المحفوظ من ذلك الرابط
"""
ENGINE_DOWN = "محرّك البحث لا يعمل: شغّله بالأمر `akhbar engine start` أو اضبط المتغير ES_URL."
BAD_URL = "عنوان محرّك البحث في المتغير ES_URL غير صالح: اكتبه كاملًا، مثل `http://127.0.0.1:9200`."
EMPTY_INDEX = "لا توجد مقالات بعد: شغّل `akhbar index PATH` لفهرسة الأرشيف."
DAY_VIEW_MONTHS = 3  # matches within this many months are counted day by day
FACET_TITLES = {"actors": "الفاعلون", "topics": "المواضيع", "sources": "المصادر"}
LOADED_CHOICES = {"": "في أي وقت", "last": "في آخر تحميل", "24h": "في آخر 24 ساعة", "7d": "في آخر 7 أيام",
                  "30d": "في آخر 30 يومًا"}  # loaded since: what is new in the archive


@st.cache_resource
def _es() -> Elasticsearch:
    """One client (and connection pool) for every session and rerun."""
    return client(retries=1, timeout=20)


def _canonical_actors(names: list[str]) -> list[str]:
    return list(dict.fromkeys(default_names().canonical(n) or n for n in names))


@st.cache_resource
def _topic_labels() -> dict[str, str]:
    """Arabic topic labels from the taxonomy (loaded once per server)."""
    return topic_labels()


def _index() -> str:
    return settings().akhbar_index


def _state() -> UIState:
    if "ui" not in st.session_state:
        state = state_from_params(st.query_params)
        if state.actors:  # a hand-written link may spell a name its own way
            state.actors = _canonical_actors(state.actors)
        st.session_state.ui = state
        st.session_state.cursors = {}
    return st.session_state.ui


def _changed(**changes: object) -> None:
    """Apply changes to the state; any change of the search goes back to page 0, list view."""
    state = _state()
    for key, value in changes.items():
        setattr(state, key, value)
    if "page" not in changes:
        state.page = 0
    if "article" not in changes:
        state.article = None


def _on_query() -> None:
    _changed(q=st.session_state.q_input.strip())


def _use_query(text: str) -> None:
    """Search ``text`` instead, in the search box too."""
    st.session_state.q_input = text
    _changed(q=text)


def _on_title() -> None:
    _changed(in_title=st.session_state.title_input)


def _query(state: UIState, index: str) -> ParsedQuery:
    """The search box's query as read, in headlines only when so asked."""
    return fetch.read_query(state.q, in_title=state.in_title, es=_es(), index=index)


def _on_sort() -> None:
    _changed(sort=next(s for s, label in SORT_LABELS.items() if label == st.session_state.sort_input))


def _on_date(which: str) -> None:
    value = st.session_state[f"{which}_input"]
    _changed(**{which: value if isinstance(value, date) else None})


def _toggle(facet: str, value: str) -> None:
    state = _state()
    selected = list(getattr(state, facet))
    selected = [v for v in selected if v != value] if value in selected else [*selected, value]
    _changed(**{facet: selected})


def _add_actor() -> None:
    """The actor typed in the actors panel, in any spelling, becomes a filter on its canonical name."""
    name = st.session_state.actor_input.strip()
    st.session_state.actor_input = ""
    if not name:
        return
    names = default_names()
    found = names.named(name)
    if not found:
        meant = names.closest_latin(name)
        st.session_state.actor_note = f"لا يعرف المعجم فاعلًا باسم «{name}»." + (f" هل تقصد «{meant}»؟" if meant else "")
        return
    if len(found) > 1:  # as the query finds them: any of them, each its own box to untick
        st.session_state.actor_note = f"«{name}» يسمّي أكثر من فاعل: {'، '.join(found)}. أُضيفوا جميعًا."
    if added := [a for a in found if a not in _state().actors]:
        _changed(actors=[*_state().actors, *added])


def _clear_filters() -> None:
    _changed(actors=[], topics=[], sources=[], since=None, until=None, loaded="")
    for key in ("since_input", "until_input"):
        st.session_state[key] = None
    st.session_state.loaded_input = ""


@st.cache_data(ttl=60, show_spinner=False)
def _last_load(index: str) -> datetime | None:
    """When the last load into ``index`` began (asked again after a minute); None if unknown."""
    try:
        return fetch.loaded_moment(_es(), index, "last")
    except (ValueError, EngineError):
        return None


def _loaded_panel(index: str, state: UIState) -> None:
    """What is new in the archive: the articles loaded since the last load, a day, a week…"""
    choices = dict(LOADED_CHOICES)
    if state.loaded not in choices and state.loaded_at:  # a moment given in the link
        choices[state.loaded] = f"منذ {moment_text(state.loaded_at)}"
    if "loaded_input" not in st.session_state:
        st.session_state.loaded_input = state.loaded if state.loaded in choices else ""
    with st.sidebar.expander("أضيف إلى الأرشيف", expanded=True):
        st.selectbox("أضيف إلى الأرشيف", list(choices), format_func=choices.__getitem__, key="loaded_input",
                     label_visibility="collapsed", on_change=lambda: _changed(loaded=st.session_state.loaded_input))
        if state.loaded and state.loaded_at:
            st.caption(f"منذ {moment_text(state.loaded_at)}")
        elif last := _last_load(index):
            st.caption(f"آخر تحميل: {moment_text(last)}")


def _checkboxes(facet: str, values: list[str], counts: Mapping[str, int], labels: Mapping[str, str]) -> None:
    selected = getattr(_state(), facet)
    for value in values:
        key = f"chk-{facet}-{value}"
        st.session_state[key] = value in selected
        st.checkbox(f"{markdown_text(labels.get(value, value))} ({counts.get(value, 0)})", key=key, on_change=_toggle,
                    args=(facet, value))


def _facet_panel(facet: str, result: SearchResult, labels: Mapping[str, str]) -> None:
    """A facet's values with their counts, the selected ones first; actors as people, organisations
    and places, then the chosen actors that are not among them."""
    selected = getattr(_state(), facet)
    buckets = result.facets.get(facet, [])
    counts = dict(buckets)
    with st.sidebar.expander(FACET_TITLES[facet], expanded=True):
        if not buckets and not selected:
            st.caption("لا شيء")
        if facet != "actors":
            _checkboxes(facet, list(dict.fromkeys([*selected, *list(counts)[:FACET_SHOWN]])), counts, labels)
        else:
            shown = set()
            for kind, title in ACTOR_GROUPS.items():
                group = result.facets.get(kind, [])
                counts |= dict(group)
                values = [k for k, _ in group[:ACTORS_SHOWN]]
                shown.update(values)
                if values:
                    st.caption(title)
                    _checkboxes(facet, values, counts, labels)
            if others := [a for a in selected if a not in shown]:  # chosen, and not among the most frequent
                st.caption("المختارة")
                _checkboxes(facet, others, counts, labels)
            st.text_input("فاعل آخر", key="actor_input", on_change=_add_actor,
                          placeholder="اسم بأي تهجئة، بالعربية أو اللاتينية")
            if note := st.session_state.pop("actor_note", None):  # it quotes what was typed: escaped
                st.html(f'<div class="akh-meta">{html.escape(note)}</div>')


def _date_panel(index: str, parsed: ParsedQuery, result: SearchResult) -> None:
    """Histogram of the matches ignoring the date filter (context) by month, or by day when they
    fall in at most ``DAY_VIEW_MONTHS`` months; the range inputs; how many the chosen range keeps."""
    state = _state()
    published = result.facets.get("published", [])
    months = [(k, c) for k, c in published if k != NO_DATE]
    undated = dict(published).get(NO_DATE, 0)
    periods = months
    if 0 < len(months) <= DAY_VIEW_MONTHS:
        with contextlib.suppress(EngineError):  # the months still say when
            periods = fetch.day_counts(_es(), index, parsed, state.filters()) or months
    with st.sidebar.expander("تاريخ النشر", expanded=True):
        if state.range_reversed:
            st.caption("«من تاريخ» بعد «إلى تاريخ»: قُرئ المدى بالعكس.")
        if state.since or state.until:
            st.markdown(
                f'<div class="akh-range">ضمن المدى المختار: <b>{result.total}</b> مقالًا '
                f"من أصل {sum(c for _, c in published)}</div>",
                unsafe_allow_html=True,
            )
        if periods:
            chosen = state.filters()
            st.html(histogram_html(periods, chosen.since, chosen.until))
            st.caption("يومًا بيوم" if periods is not months else "شهرًا بشهر")
        if undated:
            st.caption(f"بدون تاريخ: {undated}" + (" (خارج أي مدى)" if state.since or state.until else ""))
        for which, label in (("since", "من تاريخ"), ("until", "إلى تاريخ")):
            key = f"{which}_input"
            if key not in st.session_state:
                st.session_state[key] = getattr(state, which)
            st.date_input(
                label, key=key, min_value=date(1900, 1, 1), max_value=date(2100, 12, 31),
                format="YYYY-MM-DD", on_change=_on_date, args=(which,),
            )  # fmt: skip
            if (chosen_day := st.session_state.get(key)) and (hijri := hijri_day(chosen_day.isoformat())):
                st.caption(hijri)


def _csv_data(index: str, state: UIState, with_text: bool) -> Callable[[], bytes]:
    def build() -> bytes:  # on the click: a search's every match, and its text when asked for
        source = SOURCE_FIELDS if with_text else None
        hits = fetch.iter_all(_es(), index, _query(state, index), state.filters(), sort=state.sort, source=source)
        return csv_bytes(hits, with_text)

    return build


def _engine_error(exc: EngineError) -> None:
    """What went wrong with the engine: how to start it when it cannot be reached, how to write its
    address when ES_URL is none."""
    text = str(exc)
    what = ENGINE_DOWN if "reach" in text else BAD_URL if text.startswith("ES_URL") else None
    st.error(what or markdown_text(text))
    if what:
        # the technical detail is English: left-to-right, or its punctuation lands on the wrong side
        st.html(f'<div dir="ltr" style="font-size:.85rem;color:#666">{html.escape(text)}</div>')


def _article_view(index: str, state: UIState, parsed: ParsedQuery, labels: Mapping[str, str]) -> None:
    st.button("→ العودة إلى النتائج", on_click=lambda: _changed(article=None, page=state.page))
    doc = fetch.get_article(_es(), index, state.article or "", parsed)
    if not doc:
        st.warning("هذا المقال غير موجود في الفهرس.")
        return
    narrow = partial(narrowed_href, state)  # chips link to the search narrowed by them
    st.html(article_html(doc, labels, narrow))
    with st.container(key="akh-cite"):  # a copy button on the right
        st.caption("للاستشهاد بالمقال")
        st.code(citation(doc), language=None, wrap_lines=True)
    dups = fetch.get_duplicates(_es(), index, doc.get("dup_group"), exclude_id=doc["id"])
    _article_cards(f"نسخ أخرى من الخبر ({len(dups)})", dups, "اقرأ هذه النسخة", "dup", labels, narrow)
    try:
        related = fetch.get_related(_es(), index, doc)
    except EngineError:  # an extra: the article itself is shown
        related = []
    _article_cards("مقالات ذات صلة", related, "افتح هذا المقال", "related", labels, narrow)


def _article_cards(heading: str, hits: list[SearchHit], button: str, key: str, labels: Mapping[str, str],
                   narrow: Narrow) -> None:
    """Cards of other articles under the reading view, each with a button that opens it (none: nothing)."""
    if not hits:
        return
    st.subheader(heading)
    for hit in hits:
        st.html(hit_html(hit, labels, narrow=narrow))
        st.button(button, key=f"{key}-{hit.id}", on_click=_changed, kwargs={"article": hit.id})


def _results_view(index: str, state: UIState, parsed: ParsedQuery, result: SearchResult,
                  labels: Mapping[str, str]) -> None:
    for notice in result.notices:
        st.info(markdown_text(notice.ar))
    if not result.total:
        active = state.filters().active("ar", labels, outlet_names())
        hints = ["إزالة بعض المرشحات: " + "، ".join(active)] if active else []
        hints += ["البحث في النص كله، لا في العناوين وحدها"] if state.in_title else []
        if latin := unnamed_latin(parsed, fetch.names_an_actor):
            hints += [f"كتابة «{'، '.join(latin)}» بالعربية (لا فاعل معروفًا بهذا الاسم، والمقالات عربية)"]
        if any(t.link for t in parsed.positive):
            hints += ["فهرسة الصفحة: `akhbar index` على نسخة محفوظة منها (لا مقال في الأرشيف من هذا الرابط)"]
        st.warning("لا توجد نتائج." + (" جرّب " + "؛ أو ".join(map(markdown_text, hints)) if hints else ""))
        if suggestion := fetch.did_you_mean(_es(), index, parsed, state.filters()):
            st.button(f"هل تقصد: {markdown_text(suggestion)}؟", on_click=_use_query, args=(suggestion,),
                      key="did-you-mean")
        if active:
            st.button("إزالة كل المرشحات", on_click=_clear_filters)
        return
    pages = (result.total + PAGE_SIZE - 1) // PAGE_SIZE
    if state.page >= pages:  # e.g. an old bookmark of a search that now has fewer results
        st.info(f"هذه الصفحة بعد آخر النتائج: {result.total} مقالًا في {pages} صفحة.")
        st.button("الصفحة الأولى", on_click=_changed, kwargs={"page": 0})
        return
    top = st.columns([3, 2])
    top[0].markdown(f"**{result.total}** مقالًا — الصفحة {state.page + 1} من {pages}")
    with_text = bool(st.session_state.get("csv_text"))
    top[1].download_button(
        f"تنزيل كل النتائج CSV ({result.total})", data=_csv_data(index, state, with_text),
        file_name=download_name(state.q, date.today()), mime="text/csv", key="csv", on_click="ignore",
    )  # fmt: skip
    top[1].checkbox("مع النص الكامل", key="csv_text", help="عمود أخير فيه نص كل مقال")
    for hit, also in fold_republications(result.hits):  # a story republished on this page: one card
        st.html(hit_html(hit, labels, also, partial(narrowed_href, state)))
        st.button(
            "اقرأ المقال", key=f"open-{hit.id}", on_click=_changed, kwargs={"article": hit.id, "page": state.page}
        )
    nav = st.columns(2)
    nav[0].button("السابق", disabled=state.page == 0, on_click=_changed, kwargs={"page": state.page - 1})
    nav[1].button("التالي", disabled=state.page + 1 >= pages, on_click=_changed, kwargs={"page": state.page + 1})


def main() -> None:
    """Render the page for the current state: one search per run, results before the sidebar."""
    st.set_page_config(page_title="أخبار — بحث", page_icon="📰", layout="wide")
    st.html(CSS)
    state = _state()
    index = _index()
    labels = _topic_labels()
    st.title("أخبار — البحث في الأرشيف")

    if "q_input" not in st.session_state:
        st.session_state.q_input = state.q
        st.session_state.sort_input = SORT_LABELS[state.sort]
        st.session_state.title_input = state.in_title
    cols = st.columns([5, 1])
    cols[0].text_input(
        "ابحث", key="q_input", on_change=_on_query, placeholder='كلمات، "عبارة دقيقة"، أو، -استبعاد، بادئة*',
        help=QUERY_HELP,
    )
    cols[1].selectbox("الترتيب", list(SORT_LABELS.values()), key="sort_input", on_change=_on_sort)
    cols[0].checkbox("في العناوين فقط", key="title_input", on_change=_on_title)

    try:
        _es()
    except EngineError as exc:  # ES_URL that is no address
        _engine_error(exc)
        return
    parsed = _query(state, index)
    sort = "date" if parsed.is_empty and state.sort == "relevance" else state.sort  # no relevance without words
    signature = state.signature()
    if st.session_state.get("cursor_sig") != signature:
        st.session_state.cursor_sig, st.session_state.cursors = signature, {}
    try:
        state.loaded_at = fetch.loaded_moment(_es(), index, state.loaded) if state.loaded else None
    except ValueError:  # nothing loaded yet: no article is new
        state.loaded_at = datetime.now(UTC)
    except EngineError:
        state.loaded_at = None  # the search says what is wrong
    try:
        result = fetch.search_page(
            _es(), index, parsed, state.filters(), page=state.page, size=PAGE_SIZE, sort=sort,
            cursors=st.session_state.cursors,
        )  # fmt: skip
    except IndexMissing:
        st.info(EMPTY_INDEX)
        return
    except EngineError as exc:
        _engine_error(exc)
        return
    # the search already tells whether the archive is empty: no separate count request
    if not result.total and parsed.is_empty and not state.filters().active() and state.page == 0:
        st.info(EMPTY_INDEX)
        return

    try:
        if state.article:
            _article_view(index, state, parsed, labels)
        else:
            _results_view(index, state, parsed, result, labels)
    except EngineError as exc:  # the engine went away after the search
        _engine_error(exc)
        return

    st.sidebar.header("تضييق النتائج")
    if state.filters().active():
        st.sidebar.button("إزالة كل المرشحات", on_click=_clear_filters, key="clear-side")
    for facet in ("actors", "topics", "sources"):
        _facet_panel(facet, result, {"topics": labels, "sources": outlet_names()}.get(facet, {}))
    _date_panel(index, parsed, result)
    _loaded_panel(index, state)
    st.query_params.from_dict(state_to_params(state))


main()
