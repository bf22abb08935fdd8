#!/usr/bin/env python3
"""Builds rasd's web-input fixtures in tests/fixtures/web/ from the texts in articles.py.

    python3 tools/web/build_fixtures.py

Writes saved pages (four site layouts with menus, cookie banners, share buttons, related and
most-read lists, ads, comments, footers, JSON-LD and meta tags), a broken page, an RSS 2.0 and
an Atom feed (with a non-RFC date, a bad date and a malformed item), WARC files (plain and
one gzip member per record, as CC-NEWS) and damaged WARCs, plus expected.json with the
paragraphs every page must yield. Deterministic: running it twice gives the same bytes.
"""
import gzip
import hashlib
import html
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from articles import ARTICLES, BOILERPLATE, ENGLISH, PERSIAN, SYNDICATED  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "web")
e = html.escape


def menu():
    return """<nav class="main-menu"><ul>
<li><a href="/">الصفحة الرئيسية</a></li><li><a href="/local">أخبار محلية</a></li>
<li><a href="/world">شؤون دولية</a></li><li><a href="/sport">الرياضة والشباب</a></li></ul></nav>"""


def cookie():
    return """<div id="cookie-consent" class="cookie-banner"><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا.</p>
<button class="accept">أوافق على الشروط</button></div>"""


def share():
    return """<div class="share-buttons"><a href="#">شارك على فيسبوك</a> <a href="#">أرسل عبر واتساب</a> <a href="#">انسخ الرابط</a></div>"""


def related():
    return """<section class="related-articles"><h3>اقرأ أيضا</h3><ul>
<li><a href="/a1">ارتفاع أسعار الذهب في الأسواق المحلية</a></li>
<li><a href="/a2">منتخب الشباب يفوز في مباراة ودية</a></li></ul></section>"""


def most_read():
    return """<div class="widget most-read"><h4>الأكثر قراءة</h4><ol><li><a href="/b1">افتتاح معرض الكتاب الدولي</a></li></ol></div>"""


def ad():
    return """<div class="ad-slot"><span>مساحة إعلانية</span><script>window.ads = window.ads || []; ads.push({slot: "mpu"});</script></div>"""


def newsletter():
    return """<form class="newsletter"><label>اشترك في نشرتنا البريدية</label><input type="email"><button>اشتراك</button></form>"""


def comments():
    return """<section id="comments"><h3>التعليقات</h3><div class="comment"><p>مقال رائع يا ليت المسؤولين يستمعون إلى صوت الناس ويعملون على حل المشكلات بسرعة أكبر.</p></div></section>"""


def footer(site):
    return f"""<footer class="site-footer"><p>جميع الحقوق محفوظة © 2025 {e(site)}</p>
<a href="/privacy">سياسة الخصوصية</a> <a href="/contact">اتصل بنا</a> <span>تابعونا على</span> <a href="/app">تحميل التطبيق</a></footer>"""


def tags():
    return """<div class="article-tags"><span>الوسوم</span> <a href="/t/1">سياسة</a></div>"""


def paras(a):
    return "\n".join(f"<p>{e(p)}</p>" for p in a["paragraphs"])


def json_ld(a):
    d = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"], "datePublished": a["published"],
         "publisher": {"@type": "Organization", "name": a["site"]}}
    return f'<script type="application/ld+json">{json.dumps(d, ensure_ascii=False)}</script>'


def page_article_jsonld(a, lang="ar", dir_="rtl"):
    """Layout 1: <article>, JSON-LD, og tags, canonical link."""
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{dir_}"><head><meta charset="utf-8">
<title>{e(a['title'])} | {e(a['site'])}</title>
<meta property="og:site_name" content="{e(a['site'])}"><meta property="og:title" content="{e(a['title'])}">
<link rel="canonical" href="{a['url']}">{json_ld(a)}
<style>.menu{{display:flex}}</style><script>var analytics = {{page: "article"}};</script></head>
<body>{menu()}{cookie()}
<main><article><header><h1>{e(a['title'])}</h1></header>{share()}
{paras(a)}
{tags()}</article>{related()}</main>
<aside class="sidebar">{most_read()}{ad()}</aside>{newsletter()}{comments()}{footer(a['site'])}</body></html>
"""


def page_div_meta(a):
    """Layout 2: no <article>; the story in div.story-body; meta article:published_time."""
    return f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(a['title'])} - {e(a['site'])}</title>
<meta property="og:site_name" content="{e(a['site'])}"><meta property="og:url" content="{a['url']}">
<meta property="article:published_time" content="{a['published']}"></head>
<body><div class="page"><div class="header-bar">{menu()}</div>{cookie()}
<div class="layout"><div class="col-main"><h1 class="headline">{e(a['title'])}</h1>{share()}
<div class="story-body">{paras(a)}</div>{ad()}{related()}{comments()}</div>
<div class="col-side">{most_read()}{newsletter()}</div></div>{footer(a['site'])}</div></body></html>
"""


def page_time_element(a):
    """Layout 3: a <time> element is the only date; its datetime attribute or, if absent, its text."""
    if "date_text" in a:
        t = f"<time>{e(a['date_text'])}</time>"
    else:
        t = f'<time datetime="{a["published"]}">{a["published"][:10]}</time>'
    return f"""<html><head><meta charset="utf-8"><title>{e(a['title'])}</title>
<meta property="og:site_name" content="{e(a['site'])}"></head>
<body>{menu()}<div id="content"><h1>{e(a['title'])}</h1><div class="meta">{t}</div>{share()}
<div class="entry-content">{paras(a)}</div>{tags()}</div>{related()}{cookie()}{comments()}{footer(a['site'])}</body></html>
"""


LAYOUTS = [page_article_jsonld, page_div_meta, page_time_element, page_article_jsonld]


def broken_page(a):
    """Unclosed tags, stray end tags and binary junk inside a UTF-8 page."""
    ps = a["paragraphs"]
    body = (f"<html><head><meta charset='utf-8'><title>{e(a['title'])}</title></head><body>{menu()}<div class='story'>"
            f"<p>{e(ps[0])}<p>{e(ps[1])}</div></span><b><p>{e(ps[2])}\n").encode()
    body += b"\x00\xff\xfe\x80junk\x9b\n"
    body += f"<p>{e(ps[3])}<div class='share'>شارك على فيسبوك".encode()
    return body  # never closed


def rss(items):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
           '<channel><title>صحيفة الأفق</title><link>https://alofoq.example/</link><description>آخر الأخبار</description>']
    out += items
    out.append("</channel></rss>\n")
    return "\n".join(out)


def rss_items():
    a0, a1, a2, a3 = ARTICLES
    content = lambda a: "<![CDATA[" + "".join(f"<p>{p}</p>" for p in a["paragraphs"]) + '<p><a href="#">شارك على فيسبوك</a></p>]]>'
    return [
        # 1: RFC 2822 date, content:encoded with the full text.
        f"<item><title>{e(a0['title'])}</title><link>{a0['url']}</link><guid>{a0['url']}</guid>"
        f"<pubDate>Tue, 04 Mar 2025 09:30:00 +0300</pubDate><description>{e(a0['paragraphs'][0])}</description>"
        f"<content:encoded>{content(a0)}</content:encoded></item>",
        # 2: an Arabic date that RFC parsers drop; escaped HTML description.
        f"<item><title>{e(a2['title'])}</title><link>{a2['url']}</link><pubDate>الثلاثاء 12 نوفمبر 2024</pubDate>"
        f"<description>{e(''.join(f'<p>{p}</p>' for p in a2['paragraphs']))}</description></item>",
        # 3: malformed: an unescaped ampersand and an unclosed element.
        "<item><title>خبر عاجل & مهم</title><link>https://alofoq.example/x</link><description><b>نص غير مكتمل</description></item>",
        # 4: a bad date.
        f"<item><title>{e(a3['title'])}</title><link>{a3['url']}</link><pubDate>قبل ساعتين</pubDate>"
        f"<description>{e(' '.join(a3['paragraphs']))}</description></item>",
        # 5: a late-evening local time: the local day, not the UTC one.
        f"<item><title>{e(a1['title'])}</title><link>{a1['url']}</link><pubDate>Mon, 17 Feb 2025 23:30:00 +0300</pubDate>"
        f"<description>{e(' '.join(a1['paragraphs']))}</description></item>",
    ]


def atom():
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           "<title>موقع الخبر اليقين</title><id>urn:example:alyaqeen</id><updated>2025-02-18T15:00:00Z</updated>"]
    for a in ARTICLES[1:3]:
        out.append(
            f'<entry><title>{e(a["title"])}</title><link rel="alternate" href="{a["url"]}"/><id>{a["url"]}</id>'
            f'<published>{a["published"] if "T" in a["published"] else a["published"] + "T10:00:00+00:00"}</published><updated>2025-02-18T15:00:00Z</updated>'
            f'<summary>{e(a["paragraphs"][0])}</summary>'
            f'<content type="html">{e("".join(f"<p>{p}</p>" for p in a["paragraphs"]))}</content></entry>')
    a = ARTICLES[3]
    out.append(f'<entry><title>{e(a["title"])}</title><link href="{a["url"]}"/><id>{a["url"]}</id><updated>2025-01-22T10:00:00Z</updated>'
               f'<summary type="text">{e(" ".join(a["paragraphs"]))}</summary></entry>')
    out.append("</feed>\n")
    return "\n".join(out)


def warc_record(wtype, uri, block, content_type, n):
    rid = "urn:uuid:" + hashlib.sha1(f"{n}-{uri}".encode()).hexdigest()[:32]
    head = (f"WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Date: 2025-03-05T00:00:{n % 60:02d}Z\r\n"
            f"WARC-Record-ID: <{rid}>\r\n" + (f"WARC-Target-URI: {uri}\r\n" if uri else "") +
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http_response(body, ctype="text/html; charset=utf-8", status="200 OK", extra=""):
    return (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}\r\n").encode() + body


def warc_records(pages):
    """warcinfo, then request + response per page, plus a 404, an image and a redirect."""
    recs = [("warcinfo", None, b"software: rasd build_fixtures.py\r\nformat: WARC File Format 1.0\r\n", "application/warc-fields")]
    for uri, body in pages:
        recs.append(("request", uri, f"GET {uri} HTTP/1.1\r\nHost: example\r\n\r\n".encode(), "application/http; msgtype=request"))
        recs.append(("response", uri, http_response(body), "application/http; msgtype=response"))
        if uri.endswith("jeddah-talks-resume"):
            recs.append(("response", "https://alyaqeen.example/missing", http_response(b"<html><body>not found</body></html>", status="404 Not Found"), "application/http; msgtype=response"))
            recs.append(("response", "https://alyaqeen.example/logo.png", http_response(b"\x89PNG\r\n\x1a\n....", ctype="image/png"), "application/http; msgtype=response"))
            recs.append(("response", "https://alyaqeen.example/old", http_response(b"", status="301 Moved Permanently", extra="Location: /new\r\n"), "application/http; msgtype=response"))
    return [warc_record(t, u, b, c, i) for i, (t, u, b, c) in enumerate(recs)]


def gz(b):
    return gzip.compress(b, compresslevel=6, mtime=0)


def write(name, data):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)


def main():
    for b in BOILERPLATE:
        for a in ARTICLES + [SYNDICATED, PERSIAN, ENGLISH]:
            assert all(b not in p for p in a["paragraphs"]) and b not in a["title"], (b, a["slug"])
    expected = {"boilerplate": BOILERPLATE, "pages": {}}
    pages = []
    for i, a in enumerate(ARTICLES + [SYNDICATED]):
        layout = LAYOUTS[i % len(LAYOUTS)]
        page = layout(a)
        name = f"pages/{a['slug']}.html"
        write(name, page)
        pages.append((a["url"], page.encode()))
        # Layout 3 names no canonical URL: a saved page then has none (a WARC record has its target URI).
        expected["pages"][name] = {"title": a["title"], "published": a["published"][:10], "site": a["site"],
                                   "url": None if layout is page_time_element else a["url"], "target": a["url"],
                                   "language": "ar", "paragraphs": a["paragraphs"]}
    for a, lang in [(PERSIAN, "fa"), (ENGLISH, "en")]:
        page = page_article_jsonld(a, lang=lang, dir_="rtl" if lang == "fa" else "ltr")
        name = f"pages/{a['slug']}.html"
        write(name, page)
        pages.append((a["url"], page.encode()))
        expected["pages"][name] = {"title": a["title"], "published": a["published"][:10], "site": a["site"], "url": a["url"],
                                   "target": a["url"], "language": lang, "paragraphs": a["paragraphs"]}
    write("broken/broken.html", broken_page(ARTICLES[1]))
    expected["broken"] = {"paragraphs": ARTICLES[1]["paragraphs"]}
    write("feeds/alofoq.rss", rss(rss_items()))
    write("feeds/alyaqeen.atom", atom())
    recs = warc_records(pages)
    write("warc/crawl.warc", b"".join(recs))
    write("warc/crawl.warc.gz", b"".join(gz(r) for r in recs))
    # Damaged copies: a truncated last member; an invalid header in the third record; a
    # damaged middle member.
    members = [gz(r) for r in recs]
    write("warc/truncated.warc.gz", b"".join(members[:-1]) + members[-1][: len(members[-1]) // 2])
    bad = list(recs)
    bad[2] = bad[2].replace(b"WARC/1.0\r\n", b"WARX/1.0\r\n", 1)
    bad[4] = bad[4].replace(b"Content-Length:", b"Content Length", 1)
    write("warc/bad_header.warc", b"".join(bad))
    dm = list(members)
    mid = bytearray(dm[4])
    for k in range(20, min(len(mid) - 10, 400)):
        mid[k] ^= 0x55
    dm[4] = bytes(mid)
    write("warc/damaged.warc.gz", b"".join(dm))
    expected["warc_records"] = len(recs)
    write("expected.json", json.dumps(expected, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote fixtures to {os.path.normpath(OUT)}: {len(pages)} pages, {len(recs)} WARC records")


if __name__ == "__main__":
    main()
