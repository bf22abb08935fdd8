//! Lexicons, all written as normalised keys (see `token`): `ة`→`ه`, `ى`→`ي`, alef forms → `ا`.

use jiff::civil::Weekday;
use rasd_core::PartOfDay;

pub(crate) fn weekday(k: &str) -> Option<Weekday> {
    Some(match k {
        "الاحد" => Weekday::Sunday,
        "الاثنين" | "الاتنين" => Weekday::Monday,
        "الثلاثاء" | "الثلاثا" | "الثلثاء" | "الثلاتاء" => Weekday::Tuesday,
        "الاربعاء" | "الاربعا" => Weekday::Wednesday,
        "الخميس" => Weekday::Thursday,
        "الجمعه" => Weekday::Friday,
        "السبت" => Weekday::Saturday,
        _ => return None,
    })
}

/// Part-of-day words that precede a day (`مساء الخميس`, `صباح اليوم`).
pub(crate) fn pod_prefix(k: &str) -> Option<PartOfDay> {
    Some(match k {
        "فجر" => PartOfDay::Dawn,
        "صباح" | "صبيحه" | "ضحي" => PartOfDay::Morning,
        "ظهر" | "ظهيره" => PartOfDay::Noon,
        "عصر" => PartOfDay::Afternoon,
        "مساء" | "مسا" => PartOfDay::Evening,
        "ليله" | "ليل" => PartOfDay::Night,
        _ => return None,
    })
}

/// Adverbial part-of-day words that follow a day (`الخميس مساءً`).
pub(crate) fn pod_suffix(k: &str) -> Option<PartOfDay> {
    Some(match k {
        "فجرا" => PartOfDay::Dawn,
        "صباحا" => PartOfDay::Morning,
        "ظهرا" => PartOfDay::Noon,
        "عصرا" => PartOfDay::Afternoon,
        "مساء" | "مساءا" => PartOfDay::Evening,
        "ليلا" => PartOfDay::Night,
        _ => return None,
    })
}

/// Direction modifiers after a weekday, a month or a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Default: the most recent occurrence, today included.
    Past,
    /// الماضي: strictly before.
    PastStrict,
    /// Future cue in the clause: the next occurrence, today included.
    Future,
    /// المقبل: strictly after.
    FutureStrict,
    /// الجاري/الحالي: the current one.
    Current,
}

pub(crate) fn dir_mod(k: &str) -> Option<Dir> {
    Some(match k {
        "الماضي" | "الماضيه" | "المنصرم" | "المنصرمه" | "الفائت" | "الفائته" | "المنقضي" | "المنقضيه" | "السابق" | "السابقه"
        | "المنصرف" => Dir::PastStrict,
        "المقبل" | "المقبله" | "القادم" | "القادمه" | "الاتي" | "الاتيه" | "التالي" => {
            Dir::FutureStrict
        }
        "الجاري" | "الجاريه" | "الحالي" | "الحاليه" => Dir::Current,
        _ => return None,
    })
}

/// A Gregorian month name at tokens `keys[0..]`: (month, tokens used, ambiguous as a bare word).
pub(crate) fn greg_month(k0: &str, k1: &str) -> Option<(u8, usize, bool)> {
    let one = |m: u8| Some((m, 1usize, false));
    let amb = |m: u8| Some((m, 1usize, true));
    match k0 {
        "يناير" | "جانفي" | "جانفييه" | "ينار" => one(1),
        "فبراير" | "فيفري" | "فبرير" => one(2),
        "مارس" => amb(3),
        "ابريل" | "افريل" => one(4),
        "مايو" | "مايس" => one(5),
        "ماي" => amb(5),
        "يونيو" | "يونيه" | "جوان" | "يونيا" => one(6),
        "يوليو" | "يوليه" | "يوليوز" | "جويليه" | "جويليا" => one(7),
        "اغسطس" | "غشت" | "اوت" | "اغشت" | "اغسطوس" => one(8),
        "سبتمبر" | "شتنبر" | "شتمبر" | "سيبتمبر" => one(9),
        "اكتوبر" => one(10),
        "نوفمبر" | "نونبر" | "نوفمبير" => one(11),
        "ديسمبر" | "دجنبر" | "دجمبر" | "ديسيمبر" => one(12),
        // Levantine / Iraqi
        "شباط" => one(2),
        "اذار" => one(3),
        "نيسان" => amb(4),
        "ايار" => one(5),
        "حزيران" => one(6),
        "تموز" => one(7),
        "اب" => amb(8),
        "ايلول" => one(9),
        "كانون" => match k1 {
            "الثاني" | "ثاني" => Some((1, 2, false)),
            "الاول" | "اول" => Some((12, 2, false)),
            _ => None,
        },
        "تشرين" => match k1 {
            "الاول" | "اول" => Some((10, 2, false)),
            "الثاني" | "ثاني" => Some((11, 2, false)),
            _ => None,
        },
        _ => None,
    }
}

/// A Hijri month name: (month, tokens used). Always "ambiguous" as a bare word.
pub(crate) fn hijri_month(k0: &str, k1: &str) -> Option<(u8, usize)> {
    match k0 {
        "محرم" | "المحرم" => Some((1, 1)),
        "صفر" => Some((2, 1)),
        "ربيع" => match k1 {
            "الاول" | "اول" => Some((3, 2)),
            "الاخر" | "الثاني" | "ثاني" | "الاخره" | "اخر" => Some((4, 2)),
            _ => None,
        },
        "جمادي" | "جماد" => match k1 {
            "الاولي" | "الاول" | "اولي" => Some((5, 2)),
            "الاخره" | "الثانيه" | "الاخر" | "الثاني" | "ثانيه" | "اخره" => Some((6, 2)),
            _ => None,
        },
        "رجب" => Some((7, 1)),
        "شعبان" => Some((8, 1)),
        "رمضان" => Some((9, 1)),
        "شوال" => Some((10, 1)),
        "ذو" | "ذي" | "ذا" => match k1 {
            "القعده" | "القعد" => Some((11, 2)),
            "الحجه" => Some((12, 2)),
            _ => None,
        },
        "ذوالقعده" | "ذيالقعده" => Some((11, 1)),
        "ذوالحجه" | "ذيالحجه" => Some((12, 1)),
        _ => None,
    }
}

pub(crate) fn is_hijri_marker(k: &str) -> bool {
    matches!(k, "ه" | "هجري" | "هجريه" | "للهجره" | "الهجري" | "الهجريه")
}

pub(crate) fn is_greg_marker(k: &str) -> bool {
    matches!(k, "م" | "ميلادي" | "ميلاديه" | "للميلاد" | "الميلادي" | "الميلاديه")
}

/// Ordinal "unit" words used for days of the month.
pub(crate) fn ordinal_unit(k: &str) -> Option<u32> {
    Some(match k {
        "الاول" => 1,
        "الحادي" => 1,
        "الثاني" => 2,
        "الثالث" => 3,
        "الرابع" => 4,
        "الخامس" => 5,
        "السادس" => 6,
        "السابع" => 7,
        "الثامن" => 8,
        "التاسع" => 9,
        "العاشر" => 10,
        "العشرين" => 20,
        "الثلاثين" => 30,
        _ => return None,
    })
}

/// Cardinal number words used in `قبل ثلاثة أيام`.
pub(crate) fn cardinal(k: &str) -> Option<u32> {
    Some(match k {
        "واحد" | "واحده" => 1,
        "اثنين" | "اثنتين" => 2,
        "ثلاثه" | "ثلاث" => 3,
        "اربعه" | "اربع" => 4,
        "خمسه" | "خمس" => 5,
        "سته" | "ست" => 6,
        "سبعه" | "سبع" => 7,
        "ثمانيه" | "ثماني" | "ثمان" => 8,
        "تسعه" | "تسع" => 9,
        "عشره" | "عشر" => 10,
        "عشرين" => 20,
        "ثلاثين" => 30,
        _ => return None,
    })
}

/// Time units after قبل/منذ/بعد.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// A unit word: (unit, implied count if the word is itself a count: singular 1, dual 2; None for plural).
pub(crate) fn unit_word(k: &str) -> Option<(Unit, Option<u32>)> {
    Some(match k {
        "ساعه" => (Unit::Hour, Some(1)),
        "ساعتين" | "ساعتان" => (Unit::Hour, Some(2)),
        "ساعات" => (Unit::Hour, None),
        "يوم" | "يوما" => (Unit::Day, Some(1)),
        "يومين" | "يومان" => (Unit::Day, Some(2)),
        "ايام" => (Unit::Day, None),
        "اسبوع" | "اسبوعا" => (Unit::Week, Some(1)),
        "اسبوعين" | "اسبوعان" => (Unit::Week, Some(2)),
        "اسابيع" => (Unit::Week, None),
        "شهر" | "شهرا" => (Unit::Month, Some(1)),
        "شهرين" | "شهران" => (Unit::Month, Some(2)),
        "اشهر" | "شهور" => (Unit::Month, None),
        "عام" | "عاما" | "سنه" => (Unit::Year, Some(1)),
        "عامين" | "عامان" | "سنتين" | "سنتان" => (Unit::Year, Some(2)),
        "اعوام" | "سنوات" | "سنين" => (Unit::Year, None),
        _ => return None,
    })
}

/// Subdivision of a period: 0 beginning, 1 middle, 2 end.
pub(crate) fn subdivision(k: &str) -> Option<u8> {
    Some(match k {
        "مطلع" | "بدايه" | "اوائل" | "مستهل" | "اول" | "مفتتح" | "بدء" | "غره" | "مطالع" => 0,
        "منتصف" | "اواسط" | "وسط" => 1,
        "اواخر" | "نهايه" | "اخر" | "ختام" | "اخير" | "خواتيم" => 2,
        _ => return None,
    })
}

/// Words before a bare year or an ambiguous bare month that make it a time expression.
pub(crate) fn is_trigger(k: &str) -> bool {
    matches!(
        k,
        "في" | "وفي"
            | "ففي"
            | "خلال"
            | "وخلال"
            | "حتي"
            | "وحتي"
            | "بحلول"
            | "ابان"
            | "طوال"
            | "طيله"
            | "منتصف"
            | "اواخر"
            | "مطلع"
            | "اوائل"
            | "بدايه"
            | "نهايه"
            | "شهر"
            | "صيف"
            | "شتاء"
            | "ربيع"
            | "خريف"
            | "لغايه"
            | "اواسط"
            | "مستهل"
    )
}

/// Nouns counted by a number (`2019 حالة`, `2000 مشارك`): the number is not a year.
pub(crate) fn is_counted_noun(k: &str) -> bool {
    matches!(
        k,
        "حاله"
            | "شخص"
            | "شخصا"
            | "مشارك"
            | "مشاركا"
            | "مواطن"
            | "مواطنا"
            | "منزل"
            | "منزلا"
            | "طن"
            | "طنا"
            | "دولار"
            | "دولارا"
            | "دينار"
            | "دينارا"
            | "ريال"
            | "ريالا"
            | "جنيه"
            | "جنيها"
            | "درهم"
            | "درهما"
            | "يورو"
            | "ليره"
            | "كيلومتر"
            | "كيلومترا"
            | "كلم"
            | "متر"
            | "مترا"
            | "قتيل"
            | "قتيلا"
            | "جريح"
            | "جريحا"
            | "اصابه"
            | "سائح"
            | "سائحا"
            | "طالب"
            | "طالبا"
            | "عامل"
            | "عاملا"
            | "مهاجر"
            | "مهاجرا"
            | "لاجئ"
            | "لاجئا"
            | "سهم"
            | "سهما"
            | "وحده"
            | "سياره"
            | "اسره"
            | "عائله"
            | "معتقل"
            | "معتقلا"
            | "اسير"
            | "اسيرا"
            | "جندي"
            | "جنديا"
            | "مقاتل"
            | "مقاتلا"
            | "صاروخ"
            | "صاروخا"
            | "قطعه"
            | "مليون"
            | "مليار"
            | "الف"
            | "نسمه"
            | "مدرسه"
            | "مشروع"
            | "مشروعا"
            | "فرصه"
            | "وظيفه"
            | "سله"
            | "مسكن"
            | "هكتار"
            | "هكتارا"
            | "برميل"
            | "برميلا"
            | "ميغاواط"
            | "صوت"
            | "صوتا"
            | "ناخب"
            | "ناخبا"
            | "مرشح"
            | "مرشحا"
    )
}

/// Future/scheduled cue keys (already normalised, proclitic و/ف stripped).
pub(crate) fn is_future_key(k: &str) -> bool {
    if matches!(
        k,
        "سوف"
            | "سيتم"
            | "لن"
            | "المقرر"
            | "مقرر"
            | "المقرره"
            | "مقرره"
            | "يعتزم"
            | "تعتزم"
            | "يعتزمون"
            | "تعتزمان"
            | "يعتزمان"
            | "ينوي"
            | "تنوي"
            | "ينوون"
            | "يزمع"
            | "تزمع"
            | "المزمع"
            | "مزمع"
            | "المرتقب"
            | "المرتقبه"
            | "مرتقب"
            | "مرتقبه"
            | "يرتقب"
            | "ترتقب"
            | "المقبل"
            | "المقبله"
            | "القادم"
            | "القادمه"
            | "المتوقع"
            | "يتوقع"
            | "يرتقب ان"
            | "المنتظر"
            | "المنتظره"
            | "لاحقا"
            | "المزمعه"
            | "المقررين"
    ) {
        return true;
    }
    sa_imperfect(k)
}

/// `سـ` + imperfect verb (سيلتقي، ستعقد، سنعمل), with an exclusion list for nouns that start alike.
fn sa_imperfect(k: &str) -> bool {
    let mut cs = k.chars();
    if cs.next() != Some('س') {
        return false;
    }
    let Some(p) = cs.next() else { return false };
    if !matches!(p, 'ي' | 'ت' | 'ن') {
        return false;
    }
    if k.chars().count() < 4 {
        return false;
    }
    const EXCL_PREFIX: &[&str] = &[
        "سياس",
        "سيار",
        "سياح",
        "سياق",
        "سياد",
        "سيطر",
        "سيناء",
        "سيناري",
        "سينما",
        "سيول",
        "سيرغ",
        "سيرج",
        "سيده",
        "سيدات",
        "سيدي",
        "ستوكهولم",
        "ستالين",
        "سنغافور",
        "سنغال",
        "سنوات",
        "سنوي",
        "ستين",
        "ستون",
        "ستمائه",
        "ستراتيج",
        "ستاد",
        "ستار",
        "سيبيري",
        "سيريلانك",
        "سيمفون",
        "سنتيم",
        "سنتات",
        "سندات",
        "سنين",
        "سيناتور",
        "سيجار",
        "ستوديو",
        "سيلفي",
        "سيليكون",
        "سيكولوج",
        "سيبران",
        "سيبير",
        "سيشل",
        "سينات",
        "ستيف",
        "ستيفن",
        "سيمون",
        "سيرين",
        "سيزار",
        "سيف",
        "سيري",
        "سيئول",
        "سيما",
        "سيوف",
        "ستكهولم",
        "سنود",
        "سنابل",
        "ستر",
        "سيادي",
        "سيارات",
    ];
    if EXCL_PREFIX.iter().any(|p| k.starts_with(p)) {
        return false;
    }
    !matches!(k, "سيد" | "سير" | "سيره" | "سيرا" | "سته" | "سنه" | "سنن" | "سيل" | "سين" | "سيم" | "ستا")
}

/// Words that end a clause when looking for future cues.
pub(crate) fn is_clause_break(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '،' | ',' | ':' | '«' | '»' | '"')
}
