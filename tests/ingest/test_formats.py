"""Each input format on small files the tests write: what becomes a document, what a problem."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasad.ingest.corpus import iter_corpus
from rasad.ingest.encoding import decode_bytes
from rasad.ingest.feeds import fragment_text
from rasad.ingest.problems import UnreadableInput
from rasad.model import Document, Problem

CLASH = "اندلعت اشتباكات عنيفة، أمس، بين قوات النظام وعناصر تنظيم داعش في محيط مدينة تدمر."
PROTEST = "خرج مئات المتظاهرين في مدينة البصرة اليوم للمطالبة بتحسين الخدمات."
DAY = date(2024, 5, 12)


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>خبر</title>{head}</head><body>'
            '<nav><a href="/">الرئيسية</a> | <a href="/news">أخبار</a> | <a href="/sport">رياضة</a></nav>'
            f"<article><h1>اشتباكات في تدمر</h1><p>{body}</p><p>وقال المرصد إن المعارك مستمرة منذ الصباح.</p>"
            "</article><footer>جميع الحقوق محفوظة © 2024</footer></body></html>")


def items(*paths: Path, published: date | None = None) -> list[Document | Problem]:
    return list(iter_corpus([str(p) for p in paths], published))


def docs(found: list[Document | Problem]) -> list[Document]:
    return [i for i in found if isinstance(i, Document)]


def codes(found: list[Document | Problem]) -> list[str]:
    return [i.code for i in found if isinstance(i, Problem)]


# --- text and encodings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "iso8859_6", "utf-16"])
def test_text_file_in_each_arabic_encoding(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "article.txt"
    f.write_bytes((CLASH + "\n" + PROTEST).encode(encoding))
    [doc] = items(f, published=DAY)
    assert isinstance(doc, Document)
    assert doc.text == CLASH + "\n" + PROTEST and doc.doc_id == "article" and doc.published == DAY


@pytest.mark.parametrize(("raw", "code"), [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (CLASH.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"), "bad_encoding"),  # mojibake
    ("Это русский текст в другой кодировке, не арабский.".encode("koi8_r"), "bad_encoding"),
])
def test_decode_bytes_reports_why(raw: bytes, code: str) -> None:
    with pytest.raises(UnreadableInput) as err:
        decode_bytes(raw, "x.txt")
    assert err.value.code == code and err.value.message.startswith("x.txt: ")


# --- HTML ----------------------------------------------------------------------------------------------------


def test_html_main_text_without_boilerplate_and_date_from_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(page(CLASH, '<meta property="article:published_time" content="2024-05-12T08:00:00Z">'), "utf-8")
    [doc] = items(f)
    assert isinstance(doc, Document)
    assert CLASH in doc.text and "الرئيسية" not in doc.text and "الحقوق" not in doc.text
    assert doc.published == DAY and doc.doc_id == "page"


@pytest.mark.parametrize("declared", ["windows-1256", "iso-8859-1"])  # old sites mislabel cp1256 as latin-1
def test_html_fallback_date_and_legacy_charset(tmp_path: Path, declared: str) -> None:
    f = tmp_path / "old.htm"
    f.write_bytes(page(CLASH, charset=declared).encode("cp1256"))
    [doc] = items(f, published=date(2024, 1, 2))
    assert isinstance(doc, Document) and CLASH in doc.text and doc.published == date(2024, 1, 2)


@pytest.mark.parametrize("markup", ["<html><body><div><script>var x = 1;</script></div></body></html>",
                                    "<html><head><title></title></head><body><<<</body"])
def test_html_without_text_is_bad_html(tmp_path: Path, markup: str) -> None:
    f = tmp_path / "broken.html"
    f.write_text(markup, "utf-8")
    assert codes(items(f)) == ["bad_html"]


# --- JSON, JSONL, JSONL.gz -------------------------------------------------------------------------------------


def jsonl(*objs: object) -> bytes:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs).encode("utf-8")


def test_json_object_and_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": CLASH, "published": "2024-05-12"}), "utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"doc_id": "a", "text": CLASH}, {"doc_id": "b"}]), "utf-8")
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    found = items(tmp_path)
    assert [i.doc_id for i in found] == ["bad", "a", "b", "one"]
    assert codes(found) == ["bad_json", "no_text"]
    assert docs(found)[1].published == DAY


def test_jsonl_bad_lines_are_problems_the_rest_documents(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_bytes(jsonl({"doc_id": "a", "text": CLASH}, "{oops", {"doc_id": "c", "text": 5}, "",
                        {"doc_id": "d", "text": PROTEST, "published": "12/05/2024"},
                        {"doc_id": "e", "text": PROTEST, "url": "https://example.org/e"}))
    found = items(f)
    assert [i.doc_id for i in found] == ["a", f"{f}:2", "c", "d", "e"]
    assert codes(found) == ["bad_json", "no_text", "bad_date"]
    assert docs(found)[1].url == "https://example.org/e"


def test_jsonl_gz_whole_and_truncated(tmp_path: Path) -> None:
    lines = [{"doc_id": f"n{i}", "text": f"{CLASH} {i}"} for i in range(400)]
    data = gzip.compress(jsonl(*lines), mtime=0)
    (tmp_path / "whole.jsonl.gz").write_bytes(data)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "fake.jsonl.gz").write_bytes(b"this is not gzip at all")
    cut, fake, whole = (items(tmp_path / n) for n in ("cut.jsonl.gz", "fake.jsonl.gz", "whole.jsonl.gz"))
    assert [d.doc_id for d in docs(whole)] == [f"n{i}" for i in range(400)] and not codes(whole)
    assert codes(cut) == ["truncated"] and 0 < len(docs(cut)) < 400
    assert [d.doc_id for d in docs(cut)] == [f"n{i}" for i in range(len(docs(cut)))]
    assert codes(fake) == ["bad_gzip"]


# --- feeds ---------------------------------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>أخبار</title><link>https://example.org</link>
<item><title>اشتباكات في تدمر</title><link>https://example.org/1</link><guid>news-1</guid>
<description>&lt;p&gt;{CLASH}&lt;/p&gt;&lt;p&gt;التفاصيل لاحقاً.&lt;/p&gt;</description>
<pubDate>Sun, 12 May 2024 09:30:00 GMT</pubDate></item>
<item><title></title><guid>news-2</guid><description></description></item>
<item><title>تظاهرة في البصرة</title><link>https://example.org/3</link><description>{PROTEST}</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title><id>urn:feed</id><updated>2024-05-12T10:00:00Z</updated>
<entry><title>تظاهرة</title><id>urn:entry:1</id><updated>2024-05-11T10:00:00Z</updated>
<content type="html">&lt;div&gt;{PROTEST}&lt;/div&gt;</content></entry></feed>"""


def test_rss_entries_become_documents(tmp_path: Path) -> None:
    f = tmp_path / "feed.rss"
    f.write_text(RSS, "utf-8")
    found = items(f, published=date(2024, 1, 1))
    assert [i.doc_id for i in found] == ["news-1", "news-2", "https://example.org/3"]
    assert codes(found) == ["no_text"]
    first, third = docs(found)
    assert first.text.startswith("اشتباكات في تدمر\n\n" + CLASH) and first.published == DAY
    assert first.url == "https://example.org/1"
    assert third.published == date(2024, 1, 1)  # no date in the entry: the fallback


def test_atom_feed_and_broken_feed(tmp_path: Path) -> None:
    (tmp_path / "a.atom").write_text(ATOM, "utf-8")
    (tmp_path / "b.xml").write_text("<html><body>not a feed</body></html>", "utf-8")
    found = items(tmp_path)
    [doc] = docs(found)
    assert doc.doc_id == "urn:entry:1" and PROTEST in doc.text and doc.published == date(2024, 5, 11)
    assert codes(found) == ["bad_feed"]


def test_fragment_text_keeps_paragraphs() -> None:
    assert fragment_text("<p>أ &amp; ب</p><script>x()</script><p>ج<br>د</p>") == "أ & ب\nج\nد"


# --- WARC ------------------------------------------------------------------------------------------------------------


def warc_bytes(gz: bool) -> bytes:
    out = io.BytesIO()
    w = WARCWriter(out, gzip=gz)
    w.write_record(w.create_warc_record("https://example.org/", "warcinfo", payload=io.BytesIO(b"software: test")))

    def response(uri: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2024-06-01T12:00:00Z"}))

    response("https://example.org/a", page(CLASH, '<meta name="date" content="2024-05-12">').encode(), "text/html")
    response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
    response("https://example.org/moved", b"", "text/html", "301 Moved Permanently")
    response("https://example.org/b", page(PROTEST, charset="windows-1256").encode("cp1256"),
             "text/html; charset=windows-1256")
    response("https://example.org/empty", b"<html><body></body></html>", "text/html")
    return out.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_records(tmp_path: Path, gz: bool) -> None:
    f = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    f.write_bytes(warc_bytes(gz))
    found = items(f)
    assert [i.doc_id for i in found] == ["https://example.org/a", "https://example.org/b", "https://example.org/empty"]
    a, b = docs(found)
    assert CLASH in a.text and a.published == DAY and a.url == "https://example.org/a"
    assert PROTEST in b.text and b.published == date(2024, 6, 1)  # no page date: the crawl day
    assert codes(found) == ["bad_html"]


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("cut", [40, 200, 0.5])
def test_damaged_warc_keeps_what_came_before(tmp_path: Path, gz: bool, cut: float) -> None:
    f = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = warc_bytes(gz)
    f.write_bytes(data[: len(data) - int(cut if cut >= 1 else len(data) * cut)])
    found = items(f)
    assert codes(found)[-1] in ("bad_warc", "truncated") and isinstance(found[-1], Problem)
    assert docs(found)[0].doc_id == "https://example.org/a"


# --- the walk --------------------------------------------------------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_names_by_relative_path(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "z.txt").write_text(CLASH, "utf-8")
    (root / "b" / "deep" / "x.txt").write_text(PROTEST, "utf-8")
    (root / "b" / "a.html").write_text(page(CLASH), "utf-8")
    (root / "b" / "notes.md").write_text("ignored", "utf-8")
    (root / ".hidden" / "h.txt").write_text(CLASH, "utf-8")
    (root / "a.jsonl").write_bytes(jsonl({"doc_id": "j1", "text": CLASH}))
    found = items(root)
    assert [i.doc_id for i in found] == ["j1", "z", "b/a", "b/deep/x"]  # a folder's files, then its folders
    assert found == items(root)


def test_file_without_known_suffix_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "feed").write_text(RSS, "utf-8")
    (tmp_path / "page").write_text(page(CLASH), "utf-8")
    (tmp_path / "plain").write_text(CLASH, "utf-8")
    assert len(docs(items(tmp_path / "feed"))) == 2
    assert CLASH in docs(items(tmp_path / "page"))[0].text and "الرئيسية" not in docs(items(tmp_path / "page"))[0].text
    assert docs(items(tmp_path / "plain"))[0].doc_id == "plain"


def test_missing_input_is_an_error_before_anything(tmp_path: Path) -> None:
    from rasad.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        items(tmp_path / "nope")
