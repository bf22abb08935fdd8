#!/usr/bin/env python3
"""Seeded generator of short Arabic news records (JSON Lines) for the soak test (issue 22).

    python3 tools/bench/soak_gen.py N [--seed S] [--copies-every K] > records.jsonl

Each record is a short report built from templates written for rasd (a meeting, a visit, an
attack, an agreement, a statement) with actors, places, days and topics drawn at random, plus
two sentences of pseudo-words (random letter strings), so that records are varied enough not to
be near-duplicates of each other. Every K-th record (default 10) is instead a syndicated copy of
one of the last 2,000 records: an agency dateline in front, an end mark after, another outlet
and id. Same N and seed, same bytes.
"""

import argparse
import json
import random
import sys

ACTORS = [
    "الرئيس الروسي فلاديمير بوتين",
    "المشير خليفة حفتر",
    "وزير الخارجية الروسي سيرغي لافروف",
    "الرئيس الجزائري عبد المجيد تبون",
    "الرئيس التركي رجب طيب أردوغان",
    "الرئيس المالي عاصمي غويتا",
    "الرئيس المصري عبد الفتاح السيسي",
    "العاهل الأردني الملك عبد الله الثاني",
]
CITIES = ["موسكو", "أنقرة", "الجزائر", "باماكو", "طرابلس", "القاهرة", "عمان", "الرباط", "تونس", "بنغازي"]
DAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
TOPICS = ["التعاون العسكري", "أمن الحدود", "إمدادات الطاقة", "الأوضاع في منطقة الساحل", "التبادل التجاري", "ملف الهجرة"]
OUTLETS = ["وكالة المشرق", "صحيفة النهار الجديد", "إذاعة الصحراء", "موقع الأفق", "قناة الضفة", "جريدة الغد"]
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"

TEMPLATES = [
    "التقى {a} {b} في {city} يوم {day}، وبحث الجانبان {topic}.",
    "استقبل {b} {a} في {city} يوم {day} الماضي، في زيارة تستمر يومين تتناول {topic}.",
    "وقع {a} و{b} في {city} يوم {day} اتفاقا بشأن {topic}.",
    "اتهم {a} يوم {day} {b} بعرقلة الجهود المتعلقة بملف {topic}.",
    "هاجمت جماعة مسلحة يوم {day} موقعا للجيش قرب {city}، وقال مصدر عسكري إن الهجوم وقع فجرا.",
    "دعا {a} يوم {day} إلى تعزيز {topic} مع {b}.",
]


def pseudo_words(rng, n):
    return " ".join("".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 6))) for _ in range(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--copies-every", type=int, default=10)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    recent = []  # (id, text) of the last originals
    out = sys.stdout
    for i in range(args.n):
        month, day = 1 + (i // 28) % 12, 1 + i % 28
        date = f"2025-{month:02d}-{day:02d}"
        if args.copies_every > 0 and i % args.copies_every == args.copies_every - 1 and recent:
            orig_id, orig_text = rng.choice(recent)
            text = f"{rng.choice(CITIES)} (وكالات) - {orig_text}\n(انتهى)"
            rec = {"id": f"soak-{i}-copy-of-{orig_id}", "date": date, "source": rng.choice(OUTLETS), "text": text}
        else:
            a, b = rng.sample(ACTORS, 2)
            first = rng.choice(TEMPLATES).format(a=a, b=b, city=rng.choice(CITIES), day=rng.choice(DAYS), topic=rng.choice(TOPICS))
            text = f"{first}\n{pseudo_words(rng, 14)}.\n{pseudo_words(rng, 14)}."
            rid = f"soak-{i}"
            recent.append((rid, text))
            if len(recent) > 2000:
                recent.pop(0)
            rec = {"id": rid, "date": date, "source": rng.choice(OUTLETS), "title": f"خبر رقم {i}", "text": text}
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
