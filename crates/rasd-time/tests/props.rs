//! find_times never panics, and its spans are well-formed, on arbitrary text.

use proptest::prelude::*;
use rasd_time::{Date, find_times, parse_date_line};

fn check(text: &str, published: Option<Date>) {
    let found = find_times(text, published);
    let mut last = 0;
    for e in &found {
        assert!(e.span.start < e.span.end && e.span.end <= text.len(), "span out of text");
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        assert!(e.span.start >= last, "overlapping or out of order");
        assert!(e.start <= e.end, "reversed interval");
        last = e.span.end;
    }
    let _ = parse_date_line(text);
}

const PIECES: &[&str] = &[
    "الخميس",
    "يوم",
    "مساء",
    "ليلة",
    "أمس",
    "أول",
    "الأول",
    "غدا",
    "بعد",
    "غد",
    "قبل",
    "منذ",
    "أيام",
    "يومين",
    "أسبوع",
    "الأسبوع",
    "الشهر",
    "العام",
    "الماضي",
    "المقبل",
    "الجاري",
    "مايو",
    "أيار",
    "كانون",
    "الثاني",
    "تشرين",
    "شوال",
    "ذو",
    "القعدة",
    "ربيع",
    "هـ",
    "م",
    "الموافق",
    "من",
    "مطلع",
    "منتصف",
    "أواخر",
    "سيلتقي",
    "سوف",
    "في",
    "عام",
    "2025",
    "1446",
    "9",
    "31",
    "0",
    "٩",
    "۲۰۲۵",
    "/",
    "-",
    ".",
    "،",
    "(",
    ")",
    "بـ",
    "و",
    "ل",
    "ـ",
    "َ",
    "ً",
    "\n",
    "99999999999999999999",
    "الـ",
    "التاسع",
    "الحادي",
    "والعشرين",
    "عشر",
    "9999",
    "0001",
    "29",
    "فبراير",
    "30",
    "ساعة",
    "الساعات",
    "بين",
    "و11",
    "اليوم",
    "الليلة",
    "هذا",
    "السنوات",
    "الماضية",
    "غرة",
    "أول",
    "٠٠",
];

fn arabicish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES).prop_map(|s| s.to_string()),
            "[\\u0600-\\u06FF0-9 /.\\-]{0,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..25,
    )
    .prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            if i % 3 != 2 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

fn any_date() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        Just(None),
        (1i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).ok()),
        Just(Date::new(9999, 12, 31).ok()),
        Just(Date::new(1, 1, 1).ok()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn never_panics_on_any_string(s in any::<String>(), p in any_date()) {
        check(&s, p);
    }

    #[test]
    fn never_panics_on_arabic_heavy_text(s in arabicish(), p in any_date()) {
        check(&s, p);
    }
}
