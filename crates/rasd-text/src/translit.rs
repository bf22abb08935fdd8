//! A readable Latin transliteration of Arabic names, for entities that no lexicon knows
//! (`خليل عواودة` → `Khalil Awawda`). It is a reading aid, not a standard (no diacritics):
//! consonants map to their common English spellings, و and ي between consonants read as
//! vowels, a short `a` is supplied between two consonants, and the article is `al-`.

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

fn word(w: &str) -> String {
    let chars: Vec<char> = key(w).chars().filter(|c| crate::token::is_arabic_letter(*c)).collect();
    let mut out = String::new();
    let (body, article) = if chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل' { (&chars[2..], true) } else { (&chars[..], false) };
    let is_cons = |c: char| consonant(c).is_some();
    let mut prev_cons = false;
    for (i, &c) in body.iter().enumerate() {
        let next = body.get(i + 1).copied();
        let last = i + 1 == body.len();
        match c {
            'ا' => {
                out.push('a');
                prev_cons = false;
            }
            'و' | 'ي' => {
                let vowel = prev_cons && (last || next.is_some_and(is_cons));
                out.push_str(match (c, vowel) {
                    ('و', true) => "u",
                    ('و', false) => "w",
                    (_, true) => "i",
                    _ => "y",
                });
                prev_cons = !vowel;
            }
            // A final ة/ه after a consonant reads as -a.
            'ه' if last && i > 0 => {
                out.push('a');
                prev_cons = false;
            }
            c => {
                if let Some(l) = consonant(c) {
                    if prev_cons && !(i == 2 && body.len() == 3) {
                        out.push('a');
                    }
                    out.push_str(l);
                    prev_cons = true;
                }
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

/// A readable Latin form of an Arabic name; non-Arabic words pass through.
pub fn transliterate(name: &str) -> String {
    name.split_whitespace()
        .map(|w| if w.chars().any(crate::token::is_arabic_letter) { word(w) } else { w.to_string() })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::transliterate;

    #[test]
    fn readable_names() {
        assert_eq!(transliterate("خليل"), "Khalil");
        assert_eq!(transliterate("سعيد الشامي"), "Sa'id al-Shami");
        assert_eq!(transliterate("كريم"), "Karim");
        assert_eq!(transliterate("ODM حزب"), "ODM Hazb");
        assert!(!transliterate("عواودة").is_empty());
    }
}
