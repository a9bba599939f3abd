"""Saved e-mail (``.eml``): a press release as a newsroom receives it, its attached statements read
as documents."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from tests.conftest import REPO
from tests.test_documents import HEADLINE, LEAD, _story, read_inputs
from tests.test_pdf import HEADLINE as PDF_HEADLINE

SUBJECT = "بيان صحفي: الوزارة تدين الهجوم على إدلب"
TEXT = ["تدين وزارة الخارجية الهجوم الذي استهدف المدنيين في إدلب.", "وتدعو الوزارة إلى وقف إطلاق النار فورا."]


def _mail(path: Path, *, subject: str = f"Fwd: {SUBJECT}", text: str | None = "\n\n".join(TEXT),
          html: str | None = None, attachments: tuple[tuple[str, bytes], ...] = ()) -> None:
    mail = EmailMessage()
    mail["From"] = "وزارة الخارجية <press@mofa.example>"
    mail["To"] = "newsroom@akhbar.example"
    mail["Subject"] = subject
    mail["Date"] = "Sat, 08 Feb 2020 14:30:00 +0300"
    if text is not None:
        mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html") if text is not None else mail.set_content(html, subtype="html")
    for name, data in attachments:
        kind = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        mail.add_attachment(data, maintype=kind[0], subtype=kind[1], filename=name)
    path.write_bytes(mail.as_bytes())


def test_a_press_release_and_the_statements_attached_to_it(tmp_path: Path) -> None:
    """The message is an article (its subject without «Fwd:», its plain text, the sender, the date);
    each attached document is one too, dated by the message when it says nothing of its own (the
    PDF tells when it was made); a picture is not read; read again from a failures file alike."""
    word = tmp_path / "story.docx"
    _story(word)
    pdf = (REPO / "tests" / "data" / "story-libreoffice.pdf").read_bytes()
    path = tmp_path / "بيان.eml"
    _mail(path, html=f"<p>{TEXT[0]}</p>", attachments=(("بيان الوزارة.pdf", pdf), ("قصة.docx", word.read_bytes()),
                                                      ("صورة.jpg", b"\xff\xd8\xff")))
    message, statement, story = read_inputs([path])
    assert isinstance(message, Record) and message.location == str(path) and message.fields == {
        "title": SUBJECT, "body": "\n\n".join(TEXT), "author": "وزارة الخارجية", "date": "2020-02-08T14:30:00+03:00"}
    assert isinstance(statement, Record) and statement.location == f"{path}/بيان الوزارة.pdf"
    assert statement.ref_hint == "بيان.eml/بيان الوزارة.pdf" and statement.fields["title"] == PDF_HEADLINE
    assert statement.fields["crawled"] == "2026-11-24T06:44:43+00:00"  # when the PDF was made
    assert isinstance(story, Record) and story.fields["title"] == HEADLINE and story.fields["body"].startswith(LEAD)
    assert story.fields["crawled"] == "2020-02-08T14:30:00+03:00"  # the document says nothing: the mail's day
    (deferred,) = [r for r in iter_inputs([path]) if isinstance(r, Record) and r.ref_hint.endswith(".docx")]
    failures = tmp_path / "failed.jsonl"  # a failure of an attachment reads the message again
    failures.write_text(json.dumps(failure_to_dict(failure_for(deferred, "x")), ensure_ascii=False) + "\n")
    assert [r.location for r in read_inputs([failures])] == [message.location, statement.location, story.location]


def test_a_forwarded_message_and_one_in_html_only(tmp_path: Path) -> None:
    forwarded = tmp_path / "fwd.eml"
    header = ("---------- Forwarded message ---------\nFrom: مكتب الإعلام <media@mofa.example>\n"
              f"Date: Sat, 8 Feb 2020 at 10:00\nSubject: {SUBJECT}\nTo: <x@y.example>\n\n")
    _mail(forwarded, text="للنشر\n\n" + header + "\n".join(TEXT))
    html_only = tmp_path / "html.eml"
    _mail(html_only, subject=f"RE: FW: {SUBJECT}", text=None,
          html=f"<html><body><p>{TEXT[0]}</p><p>{TEXT[1]}</p><script>x()</script></body></html>")
    first, second = (r.fields for r in read_inputs([forwarded, html_only]) if isinstance(r, Record))
    assert first["body"] == "\n".join(["للنشر", *TEXT])  # the forwarded header's lines out
    assert second["title"] == SUBJECT and second["body"] == "\n".join(TEXT)


def test_files_that_are_no_mail_or_carry_nothing_are_failures(tmp_path: Path) -> None:
    (tmp_path / "notes.eml").write_text("ملاحظات بلا ترويسة", encoding="utf-8")
    _mail(tmp_path / "picture.eml", text=None, attachments=(("صورة.jpg", b"\xff\xd8\xff"),))
    (tmp_path / "broken.eml").write_bytes(b"From: x <a@\nSubject: s\n\ntext\n")  # the parser fails on it
    failed = {Path(f.location).name: f.reason for f in iter_inputs([tmp_path]) if isinstance(f, Failure)}
    assert failed == {"notes.eml": "not an e-mail: no From or Subject header",
                      "picture.eml": "an e-mail without text or an attached document",
                      "broken.eml": "a broken e-mail (IndexError: string index out of range)"}


def test_a_mailbox_is_read_message_by_message(tmp_path: Path) -> None:
    """An mbox (Gmail's Takeout, Thunderbird's folders): each message and its attached statements,
    located by its number; a line of its text starting «From» (written «>From») read as written; a
    failure of an attachment reads its message again, and only it."""
    pdf = (REPO / "tests" / "data" / "story-libreoffice.pdf").read_bytes()
    for name, kwargs in (("1.eml", {}), ("2.eml", {"subject": "تصريح", "attachments": (("بيان.pdf", pdf),)}),
                         ("3.eml", {"subject": "رسالة", "text": "From the ministry:\nنص الرسالة"})):
        _mail(tmp_path / name, **kwargs)
    box = tmp_path / "inbox.mbox"
    box.write_bytes(b"".join(b"From press@mofa.example Sat Feb  8 14:30:00 2020\n"
                             + (tmp_path / n).read_bytes().replace(b"\nFrom the", b"\n>From the") + b"\n"
                             for n in ("1.eml", "2.eml", "3.eml")))
    read = read_inputs([box])
    assert [r.location for r in read] == [f"{box}:1", f"{box}:2", f"{box}:2/بيان.pdf", f"{box}:3"]
    assert all(isinstance(r, Record) for r in read)
    assert read[0].fields["title"] == SUBJECT and read[2].fields["title"] == PDF_HEADLINE
    assert read[3].fields["body"] == "From the ministry:\nنص الرسالة"
    (deferred,) = [r for r in iter_inputs([box]) if r.location.endswith(".pdf")]
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(failure_to_dict(failure_for(deferred, "x")), ensure_ascii=False) + "\n")
    assert [r.location for r in read_inputs([failures])] == [f"{box}:2", f"{box}:2/بيان.pdf"]
    (tmp_path / "empty.mbox").write_bytes(b"")
    (empty,) = iter_inputs([tmp_path / "empty.mbox"])
    assert isinstance(empty, Failure) and empty.reason == "empty mailbox (no messages)"
