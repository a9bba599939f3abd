"""Telegram channels exported by Telegram Desktop (JSON and HTML): each post an article."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import pytest

from indexer import mappings
from indexer.article import build_document
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from indexer.telegram import (
    NO_TEXT,
    NOT_A_CHANNEL,
    chat_start,
    html_time,
    is_export,
    is_html_export,
    json_posts,
    message_text,
)
from tests.conftest import akhbar
from tests.test_indexing import by_ref, sources

CHANNEL = "الجزيرة عاجل"
BREAKING = "عاجل | الكرملين: بوتين وأردوغان بحثا هاتفيا الوضع في إدلب"
PESKOV = "المتحدث باسم الكرملين ديمتري بيسكوف"
NO_SUMMIT = "لا اتفاق بعد على موعد القمة بين الرئيسين"


def _message(number: int, text: Any, **more: Any) -> dict[str, Any]:
    return {"id": number, "type": "message", "date": f"2021-10-07T14:{number:02d}:05",
            "date_unixtime": str(1633606205 + number), "from": CHANNEL, "from_id": "channel1001234567",
            "text": text, **more}


def _channel(messages: list[dict[str, Any]], **chat: Any) -> dict[str, Any]:
    return {"name": CHANNEL, "type": "public_channel", "id": 1001234567, "messages": messages, **chat}


MESSAGES = [
    {"id": 1, "type": "service", "date": "2021-10-06T10:00:00", "actor": CHANNEL, "action": "create_channel",
     "title": CHANNEL, "text": ""},
    _message(2, [{"type": "bold", "text": "عاجل | الكرملين:"}, " بوتين وأردوغان بحثا هاتفيا الوضع في إدلب ",
                 {"type": "link", "text": "https://aja.me/abc"}]),
    _message(3, f"{PESKOV}:\n{NO_SUMMIT}", photo="photos/photo_1.jpg", author="معاذ الراوي"),
    _message(4, "", media_type="video_file", file="video_files/v.mp4"),
    _message(5, "https://aja.me/xyz"),  # only a link: no text of its own
]


def test_other_json_and_pages_are_no_exports() -> None:
    """An API's answer with a list of messages, a news site's page with a «page_header»."""
    assert is_export(_channel([])) and is_export({"chats": {"list": []}})
    assert not is_export({"type": "success", "messages": [{"title": "خبر", "text": "نص"}]})
    assert not is_export([_channel([])])
    assert is_html_export(_html_export(CHANNEL, []))
    assert not is_html_export('<html><head><title>خبر</title></head><body><div class="page_header">الرئيسية</div>'
                              '<div class="page_body">نص</div></body></html>')


def test_a_message_is_the_text_its_parts_make() -> None:
    assert message_text([{"type": "bold", "text": "عاجل:"}, " نص ", {"type": "hashtag", "text": "#سوريا"}, 7]) \
        == "عاجل: نص #سوريا"
    assert message_text(" نص ") == "نص" and message_text(None) == "" and message_text({"text": "x"}) == ""
    assert html_time("07.10.2021 14:30:05 UTC+03:00") == "2021-10-07T14:30:05+03:00"
    assert html_time("07.10.2021 14:30:05") == "2021-10-07T14:30:05"  # older versions: no offset
    assert html_time("31.02.2021 14:30:05") is None and html_time(None) is None
    (post,) = json_posts(_channel([_message(2, "عاجل" + " " * 200_000 + "نص https://aja.me/x")]))  # no time lost
    assert post.fields["text"].endswith("نص\nhttps://aja.me/x")


def test_a_channels_json_export_is_read_post_by_post(tmp_path: Path) -> None:
    """Each post an article known by its link in Telegram, its headline found in it (a link ending
    it out of the headline), dated, from the channel, signed; service messages are no posts; a post
    without text is left out and counted; a post read again from a failures file is the same."""
    path = tmp_path / "result.json"
    path.write_text(json.dumps(_channel(MESSAGES), ensure_ascii=False), encoding="utf-8")
    read = list(iter_inputs([path]))
    first, second = (r for r in read if isinstance(r, Record))
    assert first.location == f"{path}:1" and first.fields == {
        "url": "https://t.me/c/1001234567/2", "source": CHANNEL, "date": "2021-10-07T14:02:05",
        "title": BREAKING, "body": "https://aja.me/abc"}
    assert (second.fields["title"], second.fields["body"], second.fields["author"]) == (f"{PESKOV}:", NO_SUMMIT,
                                                                                        "معاذ الراوي")
    skipped = [(Path(f.location).name, f.reason) for f in read if isinstance(f, Failure)]
    assert skipped == [("result.json:3", NO_TEXT), ("result.json:4", NO_TEXT)]
    assert all(f.skipped for f in read if isinstance(f, Failure))
    doc = build_document(first)
    assert doc["url"] == doc["ref"] == "https://t.me/c/1001234567/2" and doc["source"] == CHANNEL
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(failure_to_dict(failure_for(second, "x")), ensure_ascii=False) + "\n")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.fields == second.fields


def test_a_channels_export_is_read_message_by_message(tmp_path: Path) -> None:
    """A busy channel's export runs to hundreds of megabytes: its messages are read one by one, so a
    file cut short (an export interrupted) gives the posts before the cut, then says where it broke."""
    text = json.dumps(_channel([_message(n, f"{BREAKING} رقم {n}") for n in range(2, 12)]), ensure_ascii=False,
                      indent=1)  # as Telegram Desktop writes it
    assert text.startswith('{\n "name": ') and chat_start(text) is not None
    path = tmp_path / "result.json"
    path.write_text(text[: text.index('"id": 9,')], encoding="utf-8")  # cut inside the eighth message
    *records, failure = iter_inputs([path])
    assert [r.fields["url"] for r in records] == [f"https://t.me/c/1001234567/{n}" for n in range(2, 9)]
    assert isinstance(failure, Failure) and failure.reason.startswith("truncated file:")
    assert "the 7 element(s) before it were read" in failure.reason
    assert chat_start('{"name": "x", "type": "public_channel", "id": 1, "messages": []}') is not None
    assert chat_start('{"name": "x", "type": "website", "id": 1, "messages": []}') is None  # no chat's type
    assert chat_start('{"title": "x", "messages": []}') is None


def test_an_accounts_export_reads_its_channels_and_groups_only(tmp_path: Path) -> None:
    group = {"name": "مراسلو إدلب", "type": "private_supergroup", "id": 77,
             "messages": [_message(9, NO_SUMMIT, **{"from": "أحمد المراسل"})]}
    friend = {"name": "Ahmad", "type": "personal_chat", "id": 5, "messages": [_message(1, "هل وصلت؟")]}
    left = _channel([_message(6, BREAKING)], name="قناة قديمة", id=99)
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"about": "…", "chats": {"about": "…", "list": [_channel(MESSAGES[1:2]), friend,
                                                                                 group]},
                                "left_chats": {"about": "…", "list": [left]}}, ensure_ascii=False))
    read = list(iter_inputs([path]))
    records = [r for r in read if isinstance(r, Record)]
    assert [(r.fields["source"], r.fields["url"]) for r in records] == [
        (CHANNEL, "https://t.me/c/1001234567/2"), ("مراسلو إدلب", "https://t.me/c/77/9"),
        ("قناة قديمة", "https://t.me/c/99/6")]
    assert records[1].fields["author"] == "أحمد المراسل"  # a group's post: its sender
    assert [f.reason for f in read if isinstance(f, Failure)] == [NOT_A_CHANNEL]


def _html_export(chat: str, posts: list[str]) -> str:
    """A page of an HTML export, as Telegram Desktop writes it (its chat's name in the page header)."""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title>'
            f'<link href="../../css/style.css" rel="stylesheet"/></head><body onload="CheckLocation();">'
            f'<div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">\n'
            f'{escape(chat)}\n</div></div></div><div class="page_body chat_page"><div class="history">'
            f'<div class="message service" id="message-1"><div class="body details">7 October 2021</div></div>'
            f'{"".join(posts)}</div></div></div></body></html>')


def _html_post(number: int, text: str, *, sender: str | None = None, more: str = "", signature: str = "",
               when: str = "07.10.2021 14:30:05 UTC+03:00") -> str:
    joined = "" if sender else " joined"
    name = f'<div class="from_name">\n{escape(sender)}\n</div>' if sender else ""
    userpic = '<div class="pull_left userpic_wrap"><div class="userpic userpic2"><div class="initials">ال</div>' \
              "</div></div>" if sender else ""
    text_div = f'<div class="text">\n{text}\n</div>' if text else ""
    signed = f'<div class="signature details">\n{escape(signature)}\n</div>' if signature else ""
    return (f'<div class="message default clearfix{joined}" id="message{number}">{userpic}<div class="body">'
            f'<div class="pull_right date details" title="{when}">\n14:30\n</div>{name}{more}{text_div}{signed}'
            "</div></div>")


def test_a_channels_html_export_is_read_post_by_post(tmp_path: Path) -> None:
    """Telegram Desktop's default export: the chat's name, each post's text (formatting and line breaks
    as text), time (with its offset), signature; a forwarded post's text; media out; the export's
    index page is no chat (left out)."""
    video = ('<div class="media_wrap clearfix"><div class="media clearfix pull_left media_video"><div class="body">'
             '<div class="title bold">Video file</div><div class="status details">00:45, 3.1 MB</div></div></div>'
             "</div>")
    forwarded = ('<div class="pull_left forwarded userpic_wrap"></div><div class="forwarded body">'
                 '<div class="from_name">\nوكالة سبوتنيك<span class="details"> 07.10.2021 13:00:00</span>\n</div>'
                 f'<div class="text">\n{escape(NO_SUMMIT)}\n</div></div>')
    chat = tmp_path / "chats" / "chat_01"
    chat.mkdir(parents=True)
    (chat / "messages.html").write_text(_html_export(CHANNEL, [
        _html_post(2, "<strong>عاجل | الكرملين:</strong> بوتين وأردوغان بحثا هاتفيا الوضع في إدلب "
                      '<a href="https://aja.me/abc">https://aja.me/abc</a>', sender=CHANNEL),
        _html_post(3, f"{escape(PESKOV)}:<br>{escape(NO_SUMMIT)}", more=video, signature="معاذ الراوي",
                   when="07.10.2021 15:00:00"),
        _html_post(4, "", more=video),
        _html_post(5, "", sender=CHANNEL, more=forwarded),
    ]), encoding="utf-8")
    (tmp_path / "export_results.html").write_text(_html_export("Exported Data", []).replace(
        '<div class="history">', '<a class="section block_link chats" href="lists/chats.html">Chats</a>'))
    read = list(iter_inputs([tmp_path]))
    records = [r for r in read if isinstance(r, Record)]
    assert [(r.fields["title"], r.fields.get("body"), r.fields.get("author"), r.fields["date"]) for r in records] == [
        (BREAKING, "https://aja.me/abc", None, "2021-10-07T14:30:05+03:00"),
        (f"{PESKOV}:", NO_SUMMIT, "معاذ الراوي", "2021-10-07T15:00:00"),
        (NO_SUMMIT, None, None, "2021-10-07T14:30:05+03:00"),
    ]
    assert {r.fields["source"] for r in records} == {CHANNEL} and records[0].location.endswith("messages.html:1")
    skipped = {(Path(f.location).name, f.reason) for f in read if isinstance(f, Failure)}
    assert skipped == {("messages.html:3", NO_TEXT), ("export_results.html", "no posts in this Telegram export")}


@pytest.mark.engine
def test_an_exported_channel_is_loaded_and_loaded_again_without_duplicates(es, tmp_path: Path) -> None:
    alias = "akhbar-test-telegram"
    mappings.drop(es, alias)
    export = tmp_path / "ChatExport_2021-10-08"
    (export / "photos").mkdir(parents=True)
    (export / "photos" / "photo_1.jpg").write_bytes(b"\xff\xd8\xff")
    (export / "result.json").write_text(json.dumps(_channel(MESSAGES), ensure_ascii=False), encoding="utf-8")
    done = akhbar("index", str(export), "--index", alias, "--failed", str(tmp_path / "failed.jsonl"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "read 4  indexed 2" in done.stdout and "left out 2" in done.stdout  # the posts without text
    docs = by_ref(sources(es, alias))
    post = docs["https://t.me/c/1001234567/2"]
    assert post["source"] == CHANNEL and post["published"] == "2021-10-07" and post["published_source"] == "metadata"
    assert {"فلاديمير بوتين", "رجب طيب أردوغان"} <= set(post["actors"])
    assert "ديمتري بيسكوف" in docs["https://t.me/c/1001234567/3"]["actors"]
    later = tmp_path / "ChatExport_2021-10-09"  # the channel exported again a day later: one post more
    later.mkdir()
    (later / "result.json").write_text(json.dumps(_channel([*MESSAGES, _message(6, NO_SUMMIT)]), ensure_ascii=False))
    again = akhbar("index", str(later), "--index", alias)
    assert again.returncode == 0 and "indexed 1  updated 2" in again.stdout, again.stdout + again.stderr
    assert len(sources(es, alias)) == 3
    mappings.drop(es, alias)
