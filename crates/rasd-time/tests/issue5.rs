//! Every row of the table in issue 5 (published Monday 2025-05-12), span round-trips,
//! the documented conventions, and the acceptance bar on the committed eval set.

use rasd_time::{Date, DateBasis, PartOfDay, Precision, find_times, is_future_cue, parse_date_line};

const PUB: &str = "2025-05-12";

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The single expression found in `text` whose surface is `surface`.
fn one(text: &str, surface: &str, published: &str) -> rasd_time::TimeExpr {
    let found = find_times(text, Some(d(published)));
    let hits: Vec<_> = found.iter().filter(|e| &text[e.span.range()] == surface).collect();
    assert_eq!(
        hits.len(),
        1,
        "expected exactly one expression {surface:?} in {text:?}, found {:?}",
        found.iter().map(|e| &text[e.span.range()]).collect::<Vec<_>>()
    );
    hits[0].clone()
}

fn day(text: &str, surface: &str, expected: &str) {
    let e = one(text, surface, PUB);
    assert_eq!((e.start, e.end, e.precision), (d(expected), d(expected), Precision::Day), "{text}");
}

#[test]
fn issue_table_evening_thursday() {
    let e = one("وصل إلى موسكو مساء الخميس في زيارة", "مساء الخميس", PUB);
    assert_eq!((e.start, e.end), (d("2025-05-08"), d("2025-05-08")));
    assert_eq!(e.part_of_day, Some(PartOfDay::Evening));
    assert_eq!(e.basis, DateBasis::Relative);
}

#[test]
fn issue_table_bare_weekdays() {
    day("عقدت الجلسة السبت", "السبت", "2025-05-10");
    day("أدى الصلاة الجمعة", "الجمعة", "2025-05-09");
    day("أعلن الأحد أن", "الأحد", "2025-05-11");
}

#[test]
fn issue_table_day_month_families() {
    day("احتفلت في 9 مايو بالذكرى", "9 مايو", "2025-05-09");
    day("جرى في ٩ مايو ٢٠٢٥ العرض", "٩ مايو ٢٠٢٥", "2025-05-09");
    day("أقيم في 9 أيار 2025 العرض", "9 أيار 2025", "2025-05-09");
    day("وصل في 9 ماي 2025 الوفد", "9 ماي 2025", "2025-05-09");
}

#[test]
fn issue_table_qabl_ayyam() {
    let e = one("أبرم الاتفاق قبل أيام في سرية", "قبل أيام", PUB);
    assert_eq!(e.precision, Precision::Range);
    assert!(e.start >= d("2025-05-02") && e.end <= d("2025-05-11") && e.start <= e.end);
}

#[test]
fn issue_table_rest() {
    day("التقيا الثلاثاء الماضي في جنيف", "الثلاثاء الماضي", "2025-05-06");
    day("غادر أول أمس إلى باريس", "أول أمس", "2025-05-10");
    day("انفجرت قبل يومين سيارة", "قبل يومين", "2025-05-10");
    day("استقبله يوم الخميس في القصر", "يوم الخميس", "2025-05-08");
    day("وقعا الخميس الماضي المذكرة", "الخميس الماضي", "2025-05-08");
    day("يزور أنقرة الخميس المقبل", "الخميس المقبل", "2025-05-15");
    day("صدر المرسوم بتاريخ 15 شوال 1446 هـ ونشر", "15 شوال 1446 هـ", "2025-04-13");
    day("نشر البيان في 09/05/2025 ثم حذف", "09/05/2025", "2025-05-09");
}

#[test]
fn same_weekday_as_publication() {
    day("اجتمع المجلس الاثنين", "الاثنين", "2025-05-12");
    day("اجتمع المجلس الاثنين الماضي", "الاثنين الماضي", "2025-05-05");
    day("يجتمع المجلس الاثنين المقبل", "الاثنين المقبل", "2025-05-19");
}

#[test]
fn future_cues_flip_bare_weekdays() {
    day("سيلتقي الرئيس نظيره الأربعاء", "الأربعاء", "2025-05-14");
    day("من المقرر أن يصل المبعوث الخميس", "الخميس", "2025-05-15");
    day("التقى الرئيس الأحد نظيره، وسيزور اليونان الخميس", "الأحد", "2025-05-11");
    day("التقى الرئيس الأحد نظيره، وسيزور اليونان الخميس", "الخميس", "2025-05-15");
    assert!(is_future_cue("سيلتقي") && is_future_cue("ستعقد") && is_future_cue("وسوف"));
    assert!(is_future_cue("المقرر") && is_future_cue("يعتزم") && is_future_cue("المقبل"));
    assert!(!is_future_cue("سياسة") && !is_future_cue("السيارة") && !is_future_cue("سيرغي"));
    assert!(!is_future_cue("التقى") && !is_future_cue("سنة"));
}

#[test]
fn proclitics_are_outside_the_span() {
    day("زار تونس الأربعاء والخميس", "الخميس", "2025-05-08");
    day("احتفلت الجالية بـ9 مايو", "9 مايو", "2025-05-09");
    day("أجل الجلسة لـ9 مايو", "9 مايو", "2025-05-09");
    day("أغلقت الطرق بالأمس", "الأمس", "2025-05-11");
}

#[test]
fn hijri() {
    let e = one("بلغت الإيرادات خلال 1446 هـ مستوى قياسيا", "1446 هـ", PUB);
    assert_eq!((e.start, e.end, e.precision), (d("2024-07-07"), d("2025-06-25"), Precision::Year));
    day("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م (واس)", "25 شوال 1436 هـ الموافق 10 أغسطس 2015 م", "2015-08-10");
    day("كان ذلك في 14 ذو القعدة 1446 هـ", "14 ذو القعدة 1446 هـ", "2025-05-12");
}

#[test]
fn months_without_year() {
    let e = one("أعلنت إفلاسها في ديسمبر بعد خسائر", "ديسمبر", "2018-06-14");
    assert_eq!((e.start, e.end, e.precision), (d("2017-12-01"), d("2017-12-31"), Precision::Month));
    let e = one("سيعقد المؤتمر في أكتوبر بلندن", "أكتوبر", "2018-06-14");
    assert_eq!((e.start, e.end), (d("2018-10-01"), d("2018-10-31")));
}

#[test]
fn relative_spans() {
    let cases = [
        ("اتفقا خلال الأسبوع الماضي", "الأسبوع الماضي", "2025-05-03", "2025-05-09", Precision::Week),
        ("تبدأ الشهر المقبل", "الشهر المقبل", "2025-06-01", "2025-06-30", Precision::Month),
        ("وصلت مطلع الشهر", "مطلع الشهر", "2025-05-01", "2025-05-10", Precision::Range),
        ("انتهت في منتصف الشهر الجاري", "منتصف الشهر الجاري", "2025-05-11", "2025-05-20", Precision::Range),
        ("تقرر في أواخر مايو", "أواخر مايو", "2025-05-21", "2025-05-31", Precision::Range),
        ("نما العام الماضي", "العام الماضي", "2024-01-01", "2024-12-31", Precision::Year),
        ("يعيشون منذ 2014 هناك", "منذ 2014", "2014-01-01", "2025-05-12", Precision::Fuzzy),
        ("تصاعدت خلال الأسابيع الأخيرة", "الأسابيع الأخيرة", "2025-03-31", "2025-05-11", Precision::Fuzzy),
        ("استضافتها في عام 2018 بنجاح", "عام 2018", "2018-01-01", "2018-12-31", Precision::Year),
        ("بلغ في مايو 2025 ذروته", "مايو 2025", "2025-05-01", "2025-05-31", Precision::Month),
        ("اختفى قبل ثلاثة أيام", "قبل ثلاثة أيام", "2025-05-09", "2025-05-09", Precision::Day),
    ];
    for (text, surface, s, e, p) in cases {
        let x = one(text, surface, PUB);
        assert_eq!((x.start, x.end, x.precision), (d(s), d(e), p), "{text}");
    }
}

#[test]
fn decoys_are_not_dates() {
    for text in [
        "نشرت الوكالة 3 صور للحادث",
        "شارك 29 زعيما في القمة",
        "وقعت 13 دولة على البيان",
        "بلغت الخسائر 1.5 مليون دولار",
        "صرح الأمين العام للجامعة",
        "مارس الاحتلال ضغوطا",
        "احتشدوا في ذكرى ثورة 25 يناير",
    ] {
        let found = find_times(text, Some(d(PUB)));
        assert!(found.is_empty(), "{text}: {:?}", found);
    }
}

#[test]
fn relative_needs_publication() {
    assert!(find_times("وصل الوفد الخميس وغادر أمس", None).is_empty());
    let found = find_times("وقع الاتفاق في 9 مايو 2025", None);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].start, d("2025-05-09"));
}

#[test]
fn date_lines() {
    for (line, want) in [
        ("الاثنين 2025/05/12", Some("2025-05-12")),
        ("2025-05-12", Some("2025-05-12")),
        ("12 مايو 2025", Some("2025-05-12")),
        ("الأحد ٩ أيار ٢٠٢٥", Some("2025-05-09")),
        ("12/05/2025", Some("2025-05-12")),
        ("  الخميس، 8 مايو 2025  ", Some("2025-05-08")),
        ("لندن - الخميس", None),
        ("وصل الرئيس في 12 مايو 2025", None),
        ("", None),
    ] {
        assert_eq!(parse_date_line(line), want.map(d), "{line:?}");
    }
}

#[test]
fn eval_set_meets_the_bar() {
    let report = rasd_time::eval::run(&rasd_time::eval::default_path()).expect("eval file");
    assert!(report.total >= 250, "only {} rows", report.total);
    assert!(report.accuracy() >= 97.0, "accuracy {:.2} < 97:\n{}", report.accuracy(), report.failures.join("\n"));
}

#[test]
fn counts_from_another_event_are_not_publication_relative() {
    let found = find_times("انسحب المرشح قبل يومين من الانتخابات", Some(d(PUB)));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn quarters_and_seasons() {
    let e = one("نما الاقتصاد في الربع الأول من العام الجاري", "الربع الأول من العام الجاري", PUB);
    assert_eq!((e.start, e.end, e.precision), (d("2025-01-01"), d("2025-03-31"), Precision::Range));
    let e = one("كان ذلك في صيف 2016 قبل المعارك", "صيف 2016", PUB);
    assert_eq!((e.start, e.end), (d("2016-06-01"), d("2016-08-31")));
}
