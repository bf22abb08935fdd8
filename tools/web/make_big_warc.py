#!/usr/bin/env python3
"""Generates a large WARC.gz (one gzip member per record, as CC-NEWS) for rasd's memory benchmark.

    python3 tools/web/make_big_warc.py OUT.warc.gz [--gb 1.0] [--seed 7]

Pages are built from the fixture articles (tools/web/articles.py) in the fixture layouts, varied:
each page takes two paragraphs of the fixture texts and adds sentences generated from templates
(officials, cities, days, topics, numbers), so that pages are distinct documents, not copies;
about 2 % are syndicated copies of an earlier page and 2 % are Persian or English. Like real news
pages, each carries an inline script and style block of about 30 KB. Do not commit the output.
"""
import argparse
import gzip
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from articles import ARTICLES, ENGLISH, PERSIAN  # noqa: E402
from build_fixtures import LAYOUTS, http_response, page_article_jsonld, warc_record  # noqa: E402

OFFICIALS = ["وزير الخارجية", "وزير الدفاع", "رئيس الوزراء", "وزير الاقتصاد", "المتحدث باسم الحكومة", "وزيرة التخطيط",
             "رئيس البرلمان", "محافظ البنك المركزي", "وزير الداخلية", "وزير النفط", "الأمين العام للجامعة العربية", "وزير الزراعة"]
NATIONS = ["المصري", "الأردني", "السعودي", "المغربي", "التونسي", "الجزائري", "العراقي", "الكويتي", "القطري", "الليبي",
           "السوداني", "اللبناني", "العماني", "الإماراتي", "البحريني", "الموريتاني"]
CITIES = ["القاهرة", "عمّان", "الرياض", "الرباط", "تونس", "الجزائر", "بغداد", "الكويت", "الدوحة", "طرابلس", "الخرطوم",
          "بيروت", "مسقط", "أبوظبي", "المنامة", "نواكشوط", "جدة", "وهران", "صفاقس", "البصرة"]
DAYS = ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
TOPICS = ["أمن الحدود", "تمويل مشروعات الطاقة", "تسهيل التجارة", "مكافحة التهريب", "المياه والري", "النقل البحري",
          "الاستثمار الصناعي", "التعليم الفني", "الرعاية الصحية", "الأمن الغذائي", "السياحة", "الاتصالات"]
VERBS = ["بحث", "ناقش", "استعرض", "تناول", "وقع اتفاقا بشأن", "أعلن خطة حول", "انتقد تأخر", "رحب بتقدم"]
TEMPLATES = [
    "و{verb} {off} {nat} يوم {day} في {city} ملف {topic} مع وفد يضم {n} خبيرا.",
    "وقال {off} {nat} إن بلاده خصصت {n} مليون دولار لدعم {topic} خلال العام الجاري.",
    "وأشار مصدر في {city} إلى أن اجتماعا ثانيا حول {topic} سيعقد يوم {day} المقبل بمشاركة {n} دولة.",
    "وذكرت وسائل إعلام محلية في {city} أن {off} {nat} التقى ممثلي {n} شركة لبحث {topic}.",
]


def sentence(r):
    return r.choice(TEMPLATES).format(verb=r.choice(VERBS), off=r.choice(OFFICIALS), nat=r.choice(NATIONS), day=r.choice(DAYS),
                                      city=r.choice(CITIES), topic=r.choice(TOPICS), n=r.randint(2, 900))


def heavy_head(r):
    """An inline script and style block like real news pages carry (~30 KB, compresses ~2x)."""
    cfg = ",".join(f'"k{i}":"{r.randbytes(24).hex()}"' for i in range(400))
    css = "".join(f".c{r.randbytes(3).hex()}{{margin:{r.randint(0, 40)}px;color:#{r.randbytes(3).hex()}}}" for i in range(300))
    return f"<script>window.__CONFIG__={{{cfg}}};</script><style>{css}</style>"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    r = random.Random(args.seed)
    pool = [p for a in ARTICLES for p in a["paragraphs"]]
    target = int(args.gb * (1 << 30))
    written, pages, n = 0, [], 0
    with open(args.out, "wb") as f:
        while written < target:
            kind = r.random()
            if kind < 0.02 and pages:
                a = dict(r.choice(pages))  # a syndicated copy of an earlier page
                a["title"] = "نقلا عن الوكالات: " + a["title"]
                a["paragraphs"] = a["paragraphs"] + ["(انتهى)"]
            elif kind < 0.04:
                a = dict(r.choice([PERSIAN, ENGLISH]))
            else:
                base = r.choice(ARTICLES)
                paras = r.sample(pool, 2) + [" ".join(sentence(r) for _ in range(3)) for _ in range(3)]
                r.shuffle(paras)
                a = dict(base, paragraphs=paras, title=f"{base['title']} ({n})")
                if len(pages) < 5000:
                    pages.append(a)
            a["url"] = f"https://bench.example/{n}"
            layout = r.choice(LAYOUTS) if a.get("site") not in (PERSIAN["site"], ENGLISH["site"]) else page_article_jsonld
            page = layout(a).replace("</head>", heavy_head(r) + "</head>", 1).encode()
            for rec in (warc_record("request", a["url"], f"GET {a['url']} HTTP/1.1\r\n\r\n".encode(), "application/http; msgtype=request", n),
                        warc_record("response", a["url"], http_response(page), "application/http; msgtype=response", n)):
                member = gzip.compress(rec, compresslevel=6, mtime=0)
                f.write(member)
                written += len(member)
            n += 1
            if n % 10000 == 0:
                print(f"{n} pages, {written / (1 << 20):.0f} MB", file=sys.stderr)
    print(f"wrote {args.out}: {n} pages ({2 * n} records), {written} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
