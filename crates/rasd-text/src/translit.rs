//! A readable Latin transliteration of Arabic names, for entities that no lexicon knows
//! (`خليل عواودة` → `Khalil Awawda`). It is a reading aid, not a standard (no diacritics):
//! the most common name words are spelled as the press spells them (`حسين` → `Hussein`), other
//! consonants map to their common English spellings, و and ي between consonants read as vowels,
//! a short `a` is supplied between two consonants of a word that writes no long vowel (and after
//! an opening consonant of any word), and the article is `al-`.

use crate::normalize::key;

fn consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'ع' => "'",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' => "h",
        'ء' => "'",
        'پ' => "p",
        'ڤ' => "v",
        'گ' => "g",
        _ => return None,
    })
}

/// Common name words with their usual English spelling, by key (`أ` written `ا`, `ئ` and `ى` `ي`, `ة` `ه`).
/// A transliteration letter by letter misses the short vowels Arabic does not write (`حسين` would
/// read `Hasin`); the names most often met are spelled as the press spells them.
const COMMON: &[(&str, &str)] = &[
    ("محمد", "Mohammed"),
    ("احمد", "Ahmed"),
    ("محمود", "Mahmoud"),
    ("حسين", "Hussein"),
    ("حسن", "Hassan"),
    ("علي", "Ali"),
    ("عمر", "Omar"),
    ("عثمان", "Othman"),
    ("خالد", "Khaled"),
    ("سعد", "Saad"),
    ("سعيد", "Saeed"),
    ("يوسف", "Youssef"),
    ("ابراهيم", "Ibrahim"),
    ("اسماعيل", "Ismail"),
    ("مصطفي", "Mustafa"),
    ("مصطفى", "Mustafa"),
    ("عيسي", "Issa"),
    ("موسي", "Musa"),
    ("يحيي", "Yahya"),
    ("عمرو", "Amr"),
    ("طارق", "Tariq"),
    ("ماجد", "Majed"),
    ("فهد", "Fahd"),
    ("فيصل", "Faisal"),
    ("سلمان", "Salman"),
    ("سلطان", "Sultan"),
    ("نايف", "Nayef"),
    ("بندر", "Bandar"),
    ("تركي", "Turki"),
    ("عادل", "Adel"),
    ("جمال", "Jamal"),
    ("كمال", "Kamal"),
    ("نبيل", "Nabil"),
    ("هشام", "Hisham"),
    ("وليد", "Walid"),
    ("رامي", "Rami"),
    ("سامي", "Sami"),
    ("سمير", "Samir"),
    ("منير", "Munir"),
    ("ناصر", "Nasser"),
    ("منصور", "Mansour"),
    ("صالح", "Saleh"),
    ("صلاح", "Salah"),
    ("رشيد", "Rashid"),
    ("راشد", "Rashed"),
    ("حمد", "Hamad"),
    ("حامد", "Hamed"),
    ("احمدي", "Ahmadi"),
    ("جعفر", "Jaafar"),
    ("زياد", "Ziad"),
    ("زيد", "Zaid"),
    ("مازن", "Mazen"),
    ("عماد", "Imad"),
    ("اياد", "Iyad"),
    ("عصام", "Issam"),
    ("هاني", "Hani"),
    ("مراد", "Murad"),
    ("فريد", "Farid"),
    ("شريف", "Sharif"),
    ("اشرف", "Ashraf"),
    ("ايمن", "Ayman"),
    ("امين", "Amin"),
    ("انور", "Anwar"),
    ("نور", "Nour"),
    ("فاطمه", "Fatima"),
    ("عايشه", "Aisha"),
    ("مريم", "Maryam"),
    ("زينب", "Zainab"),
    ("ليلي", "Layla"),
    ("سلمي", "Salma"),
    ("هدي", "Huda"),
    ("منى", "Mona"),
    ("مني", "Mona"),
    ("رانيا", "Rania"),
    ("دينا", "Dina"),
    ("سميره", "Samira"),
    ("نادر", "Nader"),
    ("ناديه", "Nadia"),
    ("خليفه", "Khalifa"),
    ("حمدان", "Hamdan"),
    ("زايد", "Zayed"),
    ("مكتوم", "Maktoum"),
    ("نهيان", "Nahyan"),
    ("ثاني", "Thani"),
    ("صباح", "Sabah"),
    ("جابر", "Jaber"),
    ("قاسم", "Qasim"),
    ("هادي", "Hadi"),
    ("مهدي", "Mahdi"),
    ("رضا", "Reza"),
    ("جواد", "Javad"),
    ("حيدر", "Haider"),
    ("عباس", "Abbas"),
    ("كريم", "Karim"),
    ("رحيم", "Rahim"),
    ("حكيم", "Hakim"),
    ("بشار", "Bashar"),
    ("بشير", "Bashir"),
    ("نزار", "Nizar"),
    ("معاذ", "Muath"),
    ("انس", "Anas"),
    ("بلال", "Bilal"),
    ("حمزه", "Hamza"),
    ("اسامه", "Osama"),
    ("طلال", "Talal"),
    ("غسان", "Ghassan"),
    ("عدنان", "Adnan"),
    ("عمار", "Ammar"),
    ("ياسر", "Yasser"),
    ("ياسين", "Yassin"),
    ("امل", "Amal"),
    ("نجيب", "Najib"),
    ("محسن", "Mohsen"),
    ("حسني", "Hosni"),
    ("فتحي", "Fathi"),
    ("مجدي", "Magdi"),
    ("صبحي", "Sobhi"),
    ("شوقي", "Shawqi"),
    ("باسم", "Basim"),
    ("فتاح", "Fattah"),
    ("رحمن", "Rahman"),
    ("عزيز", "Aziz"),
    ("مجيد", "Majid"),
    ("حميد", "Hamid"),
    ("حليم", "Halim"),
    ("قادر", "Qader"),
    ("لطيف", "Latif"),
    ("جليل", "Jalil"),
    ("وهاب", "Wahab"),
    ("سلام", "Salam"),
    ("رزاق", "Razzaq"),
    ("غني", "Ghani"),
    ("مالك", "Malik"),
    ("ستار", "Sattar"),
    ("جبار", "Jabbar"),
    ("منعم", "Moneim"),
    ("عظيم", "Azim"),
    ("ابو", "Abu"),
    ("بن", "bin"),
    ("ابن", "Ibn"),
    ("بنت", "bint"),
    ("ال", "Al"),
    ("الله", "Allah"),
    ("جورج", "George"),
    ("جون", "John"),
    ("ديفيد", "David"),
    ("مايكل", "Michael"),
    ("بيتر", "Peter"),
    ("بول", "Paul"),
    ("توماس", "Thomas"),
    ("ريتشارد", "Richard"),
    ("روبرت", "Robert"),
    ("جيمس", "James"),
    ("وليام", "William"),
    ("دونالد", "Donald"),
    ("ماري", "Marie"),
    ("انطونيو", "Antonio"),
    ("خوسيه", "Jose"),
    ("ماريا", "Maria"),
    ("الكسندر", "Alexander"),
    ("فلاديمير", "Vladimir"),
    ("سيرغي", "Sergei"),
    ("سيرجي", "Sergei"),
    ("نيكولاي", "Nikolai"),
    ("ميخايل", "Mikhail"),
    ("ايفان", "Ivan"),
    ("يوري", "Yuri"),
];

fn common(k: &str) -> Option<&'static str> {
    COMMON.iter().find(|(a, _)| *a == k).map(|(_, e)| *e)
}

/// A name word's common spelling, else its letters.
fn named(k: &str) -> String {
    common(k).map_or_else(|| letters(k), str::to_string)
}

/// A letter of a word being transliterated: a consonant's spelling, or a vowel's.
enum Unit {
    C(&'static str),
    V(&'static str),
}

fn letters(w: &str) -> String {
    let chars: Vec<char> = key(w).chars().filter(|c| crate::token::is_arabic_letter(*c)).collect();
    let (body, article) = if chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل' { (&chars[2..], true) } else { (&chars[..], false) };
    let is_cons = |c: char| consonant(c).is_some();
    let mut units: Vec<Unit> = Vec::with_capacity(body.len());
    let mut prev_cons = false;
    for (i, &c) in body.iter().enumerate() {
        let next = body.get(i + 1).copied();
        let last = i + 1 == body.len();
        match c {
            'ا' => {
                units.push(Unit::V("a"));
                prev_cons = false;
            }
            'و' | 'ي' => {
                let vowel = prev_cons && (last || next.is_some_and(is_cons));
                units.push(match (c, vowel) {
                    ('و', true) => Unit::V("u"),
                    ('و', false) => Unit::C("w"),
                    (_, true) => Unit::V("i"),
                    _ => Unit::C("y"),
                });
                prev_cons = !vowel;
            }
            // A final ة/ه after a consonant reads as -a.
            'ه' if last && i > 0 => {
                units.push(Unit::V("a"));
                prev_cons = false;
            }
            c => {
                if let Some(l) = consonant(c) {
                    units.push(Unit::C(l));
                    prev_cons = true;
                }
            }
        }
    }
    // A final ى (alef maqsura, folded into ي by the key) reads as -a: `لبنى` → Labna.
    if w.chars().rev().find(|c| !crate::normalize::is_arabic_mark(*c)) == Some('ى')
        && let Some(u @ Unit::V("i")) = units.last_mut()
    {
        *u = Unit::V("a");
    }
    // Short vowels are not written. A word that writes none of its long vowels (`جعفر`) gets an
    // `a` between any two consonants; one that writes some (`فولكان`, `ميرلاند`: most foreign names)
    // only between two opening consonants, since no Arabic word starts with a cluster.
    let writes_vowels = units.iter().skip(1).any(|u| matches!(u, Unit::V(_)));
    let mut out = String::new();
    for (i, u) in units.iter().enumerate() {
        match u {
            Unit::V(v) => out.push_str(v),
            Unit::C(l) => {
                let after_cons = i > 0 && matches!(units[i - 1], Unit::C(_));
                let three_letters = units.len() == 3 && i == 2;
                if after_cons && !three_letters && (!writes_vowels || i == 1) {
                    out.push('a');
                }
                out.push_str(l);
            }
        }
    }
    let out = out.trim_start_matches('\'').to_string();
    let mut cased: String = out.chars().take(1).flat_map(char::to_uppercase).chain(out.chars().skip(1)).collect();
    if article {
        cased = format!("al-{cased}");
    }
    cased
}

/// One word: its common spelling, else letter by letter (`ابوجاد` → `Abu Jad`, `عبدالله` → `Abdullah`).
fn word(w: &str) -> String {
    let k = key(w);
    if let Some(e) = common(&k) {
        return e.to_string();
    }
    if k == "عبدالله" {
        return "Abdullah".to_string();
    }
    if let Some(rest) = k.strip_prefix("عبدال").filter(|r| r.chars().count() >= 3) {
        return format!("Abdel {}", named(rest));
    }
    if let Some(rest) = k.strip_prefix("ابو").filter(|r| r.chars().count() >= 3) {
        let rest = rest.strip_prefix("ال").filter(|r| r.chars().count() >= 2).unwrap_or(rest);
        return format!("Abu {}", named(rest));
    }
    letters(w)
}

/// A readable Latin form of an Arabic name; non-Arabic words pass through.
pub fn transliterate(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if !w.chars().any(crate::token::is_arabic_letter) {
            out.push(w.to_string());
            i += 1;
            continue;
        }
        // `عبد الله`, `عبد العزيز`: one name in two words, read as its joined spelling.
        if key(w) == "عبد"
            && let Some(next) = words.get(i + 1)
            && key(next).strip_prefix("ال").is_some_and(|r| r == "له" || r.chars().count() >= 3)
        {
            out.push(word(&format!("{w}{next}")));
            i += 2;
            continue;
        }
        let t = word(w);
        if !t.is_empty() {
            out.push(t);
        }
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::transliterate;

    #[test]
    fn readable_names() {
        assert_eq!(transliterate("خليل"), "Khalil");
        assert_eq!(transliterate("سعيد الشامي"), "Saeed al-Shami");
        assert_eq!(transliterate("سعيدة"), "Sa'ida");
        assert_eq!(transliterate("كريم"), "Karim");
        assert_eq!(transliterate("حسين أبوجاد"), "Hussein Abu Jad");
        assert_eq!(transliterate("عبد الله"), "Abdullah");
        assert_eq!(transliterate("عائشة"), "Aisha");
        assert_eq!(transliterate("عبدالعزيز"), "Abdel Aziz");
        assert_eq!(transliterate("عبد الفتاح"), "Abdel Fattah");
        // Names that write their long vowels get no extra `a` inside.
        assert_eq!(transliterate("فولكان"), "Fulkan");
        assert_eq!(transliterate("ميرلاند"), "Mirland");
        assert_eq!(transliterate("حمدي"), "Hamdi");
        assert_eq!(transliterate("نصر"), "Nasr");
        assert_eq!(transliterate("لبنى"), "Labna");
        assert_eq!(transliterate("ODM حزب"), "ODM Hazb");
        assert!(!transliterate("عواودة").is_empty());
    }
}
