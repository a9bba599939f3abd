"""Telegram channels as Telegram Desktop exports them («Export chat history»; «Export Telegram data»
for a whole account): each post an article (pure functions over the export's JSON or HTML).

* JSON (``result.json``): one chat (``{"name", "type", "id", "messages": [...]}``) or an account's
  chats (``{"chats": {"list": [...]}, "left_chats": …}``, of which only channels and groups are read:
  personal chats, bots and saved messages are left out). A post's address is its link in Telegram
  (``https://t.me/c/<chat>/<post>``, which opens it for the chat's members): a channel exported again
  later gives the same documents, not new ones.
* HTML (``messages.html``, ``messages2.html``…, a thousand posts a file): the chat's name, each
  post's sender, time, text and signature; the export has no chat id, so no address.

A post's text is its message or caption (links and formatting as text); its headline is found as in
a raw article. Service messages (a pinned post, a title changed, a day's heading) are no posts; a
post without text (a photo, a video, a sticker, a poll) is left out and counted. A post's date is
the time Telegram shows it at (the exporting computer's clock), its outlet the chat's name, its
author the channel's signature or a group's sender."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

import lxml.html
from lxml import etree

from indexer.markup import element_text

CHATS = frozenset({"public_channel", "private_channel", "public_supergroup", "private_supergroup", "private_group"})
_GROUPS = frozenset({"public_supergroup", "private_supergroup", "private_group"})
_PERSONAL = frozenset({"personal_chat", "bot_chat", "saved_messages", "replies"})
NO_TEXT = "a post without text (a photo, a video, a sticker, a poll…)"
NOT_A_CHANNEL = "a personal chat, a bot or saved messages, not a channel or group"
_LETTER = re.compile(r"[^\W\d_]")
_LINK = re.compile(r"https?://\S+")
# how a chat's JSON export starts, its messages last (Telegram Desktop writes its fields in this order)
_CHAT_START = re.compile(r'\s*\{\s*(?:"name":\s*(?:"(?:[^"\\]|\\.)*"|null),\s*)?"type":\s*"(\w+)",\s*"id":\s*-?\d+,'
                         r'\s*"messages":\s*(?=\[)')
# how the HTML export writes a post's time: "07.10.2021 14:30:05", newer versions add " UTC+03:00"
_HTML_TIME = re.compile(r"(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)(?: UTC([+-]\d\d):?(\d\d))?")


class Post(NamedTuple):
    """A post read from an export: its article's fields (``text, url, source, author, date``), or why
    it is left out (``skip``)."""

    fields: dict[str, str]
    skip: str | None = None


def is_export(data: Any) -> bool:
    """Whether a JSON value is a Telegram Desktop export: one chat, or an account's chats."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("messages"), list) and data.get("type") in CHATS | _PERSONAL:
        return True
    chats = data.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def chat_start(start: str) -> tuple[dict[str, Any], int] | None:
    """A chat's export told by its first characters (``start``): its name, type and id, and where its
    list of messages begins (its ``[``), so that the messages can be read one by one, the file never
    whole (a busy channel's export runs to hundreds of megabytes); None for other JSON."""
    found = _CHAT_START.match(start)
    if found is None or found[1] not in CHATS | _PERSONAL:
        return None
    try:
        return json.loads(start[: found.end()] + "[]}"), found.end()
    except json.JSONDecodeError:  # a name with an escape JSON has not: read whole, and told so
        return None


def json_posts(data: dict[str, Any]) -> Iterator[Post]:
    """The posts of an export (:func:`is_export`; its ``messages`` may be an iterator), chat after
    chat; a chat that is no channel or group of an account's export is one post left out."""
    if "messages" in data:
        yield from _chat_posts(data)
        return
    for key in ("chats", "left_chats"):
        listed = data.get(key)
        for chat in listed.get("list") or [] if isinstance(listed, dict) else []:
            if not isinstance(chat, dict):
                continue
            if chat.get("type") in CHATS:
                yield from _chat_posts(chat)
            else:
                yield Post({"source": str(chat.get("name") or "")}, NOT_A_CHANNEL)


def _chat_posts(chat: dict[str, Any]) -> Iterator[Post]:
    name = str(chat.get("name") or "")
    group = chat.get("type") in _GROUPS
    chat_id = chat.get("id")
    for message in chat.get("messages") or []:
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue  # a service message
        text = message_text(message.get("text"))
        number = message.get("id")
        fields = {
            "text": text,
            "url": f"https://t.me/c/{chat_id}/{number}" if isinstance(chat_id, int) and isinstance(number, int) else "",
            "source": name,
            "author": str(message.get("author") or (message.get("from") if group else "") or ""),
            "date": str(message.get("date") or ""),
        }
        yield _post(fields)


def _post(fields: dict[str, str]) -> Post:
    fields["text"] = _link_apart(fields["text"])
    kept = {key: value for key, value in fields.items() if value}
    return Post(kept, None if _LETTER.search(_LINK.sub("", fields["text"])) else NO_TEXT)


def _link_apart(text: str) -> str:
    """A post's text with the link that ends it on a line of its own («… https://aja.me/x»: not in
    the headline)."""
    before, _, last = text.rstrip().rpartition(" ")
    if before.strip() and last.startswith(("http://", "https://")) and "\n" not in last:
        return f"{before.rstrip()}\n{last}"
    return text


def message_text(value: Any) -> str:
    """A message's text as the JSON export gives it: a string, or a list of strings and entities
    (``{"type": "bold", "text": …}``, links, hashtags…), read as the text they make."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, list):
        return ""
    parts = [part if isinstance(part, str) else str(part.get("text") or "") if isinstance(part, dict) else ""
             for part in value]
    return "".join(parts).strip()


def is_html_export(page: str) -> bool:
    """Whether a web page is a page of a Telegram Desktop export (its chats' messages, or its index)."""
    head = page[:4096]  # every page of the export: its title, then its header
    return "<title>Exported Data</title>" in head and 'class="page_header"' in page[:8192]


def html_posts(page: str) -> Iterator[Post]:
    """The posts of one page of an HTML export (none for the export's index and lists)."""
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return
    header = root.find_class("page_header")
    name = " ".join(header[0].text_content().split()) if header else ""
    sender = ""
    for message in root.xpath('//div[contains(concat(" ", @class, " "), " message ")]'):
        classes = set((message.get("class") or "").split())
        if "default" not in classes:
            continue  # a service message, a day's heading
        body = next((div for div in message if "body" in (div.get("class") or "").split()), None)
        if body is None:
            continue
        names = [div for div in body if div.get("class") == "from_name"]
        if names:  # a post of the sender of the one before it ("joined") has none
            sender = " ".join(names[0].text_content().split())
        texts = body.xpath('.//div[@class="text"]')
        signature = body.xpath('.//div[contains(@class, "signature")]')
        when = body.xpath('.//div[contains(@class, "date")][@title]')
        fields = {
            "text": "\n".join(element_text(text) for text in texts).strip(),
            "url": "",
            "source": name,
            "author": " ".join(signature[0].text_content().split()) if signature
            else sender if sender != name else "",
            "date": html_time(when[0].get("title")) or "" if when else "",
        }
        yield _post(fields)


def html_time(title: str | None) -> str | None:
    """ISO time of a post's time as the HTML export writes it (``07.10.2021 14:30:05 UTC+03:00``)."""
    found = _HTML_TIME.match((title or "").strip())
    if found is None:
        return None
    day, month, year, hour, minute, second, offset, offset_minutes = found.groups()
    try:
        stamp = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None
    return stamp.isoformat() + (f"{offset}:{offset_minutes}" if offset else "")
