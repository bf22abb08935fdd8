//! Which year a bare month or season means, parts of a year, and named periods relative to publication (`الأسبوع المقبل`, `السنوات الأخيرة`).

use super::*;

impl P<'_, '_> {
    /// The year an expression like `من العام الجاري` / `عام 2024` / `2024` / `الماضي` names,
    /// starting at token `j`: (year, basis, next token). `None` year when unresolvable.
    pub(super) fn which_year(&self, j: usize) -> Option<(Option<i64>, DateBasis, usize)> {
        let j = if self.k(j) == "من" { j + 1 } else { j };
        if let Some(m) = self.year_expr(j, true) {
            let y = m.val.filter(|v| !v.hijri).map(|v| v.s.year() as i64);
            return Some((y, EXP, m.end));
        }
        let py = self.pubd().map(|p| p.year() as i64);
        let (off, end) = match self.k(j) {
            "العام" | "السنه" => match self.k(j + 1) {
                k1 if lex::dir_mod(k1).is_some() => match lex::dir_mod(k1)? {
                    Dir::PastStrict => (-1, j + 2),
                    Dir::FutureStrict => (1, j + 2),
                    _ => (0, j + 2),
                },
                _ => return None,
            },
            "هذا" if self.k(j + 1) == "العام" => (0, j + 2),
            "هذه" if self.k(j + 1) == "السنه" => (0, j + 2),
            k if lex::dir_mod(k).is_some() => match lex::dir_mod(k)? {
                Dir::PastStrict => (-1, j + 1),
                Dir::FutureStrict => (1, j + 1),
                _ => (0, j + 1),
            },
            _ => return None,
        };
        Some((py.map(|y| y + off), REL, end))
    }

    /// Quarters, halves and seasons: `الربع الأول من العام الجاري`, `النصف الثاني من 2024`,
    /// `صيف 2018`, `الصيف الماضي`.
    pub(super) fn part_of_year(&self, i: usize) -> Option<M> {
        let k = self.k(i);
        let (m1, m2, j) = match k {
            "الربع" => {
                let q = match self.k(i + 1) {
                    "الاول" => 1,
                    "الثاني" => 2,
                    "الثالث" => 3,
                    "الرابع" | "الاخير" => 4,
                    _ => return None,
                };
                (3 * q - 2, 3 * q, i + 2)
            }
            "النصف" => match self.k(i + 1) {
                "الاول" => (1, 6, i + 2),
                "الثاني" => (7, 12, i + 2),
                _ => return None,
            },
            "صيف" | "الصيف" => (6, 8, i + 1),
            "خريف" | "الخريف" => (9, 11, i + 1),
            "ربيع" | "الربيع" => (3, 5, i + 1),
            "شتاء" | "الشتاء" => (0, 2, i + 1), // December of the previous year to February
            _ => return None,
        };
        let (y, basis, end) = if k.starts_with("ال") && !matches!(k, "الربع" | "النصف") {
            // الصيف الماضي / الصيف المقبل / هذا الصيف (no year word)
            let d = lex::dir_mod(self.k(j))?;
            let p = self.pubd();
            let pm = p.map(|p| p.month() as i64).unwrap_or(1);
            let cur = p.map(|p| p.year() as i64);
            let y = cur.map(|y| match d {
                Dir::PastStrict => {
                    if pm > m2 {
                        y
                    } else {
                        y - 1
                    }
                }
                Dir::FutureStrict => {
                    if pm < m1.max(1) {
                        y
                    } else {
                        y + 1
                    }
                }
                _ => y,
            });
            (y, REL, j + 1)
        } else {
            self.which_year(j)?
        };
        let val = y.and_then(|y| {
            let s = if m1 == 0 { ymd(y - 1, 12, 1)? } else { ymd(y, m1, 1)? };
            let e = ymd(y, m2, 1)?.last_of_month();
            Some(Val { s, e, prec: Precision::Range, basis, hijri: false })
        });
        Some(M::new(end, val))
    }

    /// Periods with a modifier: `الأسبوع الماضي`, `الشهر المقبل`, `العام الجاري`, `هذا العام`,
    /// `الأيام الماضية`, `الأسابيع الأخيرة`, `الـ48 ساعة الماضية`.
    pub(super) fn period_expr(&self, i: usize) -> Option<M> {
        let k = self.k(i);
        let (per, j) = match k {
            "الاسبوع" | "الشهر" | "العام" | "السنه" => (k, i + 1),
            "هذا" if matches!(self.k(i + 1), "الاسبوع" | "الشهر" | "العام") => {
                return self.period_val(self.k(i + 1), 0, i + 2);
            }
            "هذه" if self.k(i + 1) == "السنه" => return self.period_val("السنه", 0, i + 2),
            "الايام" | "الاسابيع" | "الاشهر" | "الشهور" | "السنوات" | "الاعوام" | "الساعات" =>
            {
                return self.plural_period(k, i + 1);
            }
            "ال" => {
                // الـ48 ساعة الماضية
                let (n, nd) = self.num(i + 1)?;
                if nd > 3 {
                    return None;
                }
                let (unit, _) = lex::unit_word(self.k(i + 2))?;
                let fut = match lex::dir_mod(self.k(i + 3)) {
                    Some(Dir::PastStrict) => false,
                    Some(Dir::FutureStrict) => true,
                    _ if self.k(i + 3) == "الاخيره" => false,
                    _ => return None,
                };
                let days = match unit {
                    Unit::Hour => (n as i64 + 23) / 24,
                    Unit::Day => n as i64,
                    Unit::Week => 7 * n as i64,
                    Unit::Month => 30 * n as i64,
                    Unit::Year => 365 * n as i64,
                };
                let end = i + 4;
                let val = self.pubd().and_then(|p| {
                    let (s, e) = if unit == Unit::Hour {
                        if fut { (p, add_days(p, days)?) } else { (add_days(p, -days)?, p) }
                    } else if fut {
                        (add_days(p, 1)?, add_days(p, days)?)
                    } else {
                        (add_days(p, -days)?, add_days(p, -1)?)
                    };
                    Some(Val { s, e, prec: Precision::Range, basis: REL, hijri: false })
                });
                return Some(M::new(end, val));
            }
            _ => return None,
        };
        let k1 = self.k(j);
        let (off, end) = if let Some(d) = lex::dir_mod(k1) {
            if k1 == "التالي" {
                // "the following week" is relative to another event, not to publication
                return None;
            }
            let off = match d {
                Dir::PastStrict => -1,
                Dir::FutureStrict => 1,
                _ => 0,
            };
            (off, j + 1)
        } else if k1 == "قبل" && matches!(self.k(j + 1), "الماضي" | "الماضيه") {
            (-2, j + 2)
        } else if k1 == "بعد" && matches!(self.k(j + 1), "المقبل" | "المقبله" | "القادم" | "القادمه") {
            (2, j + 2)
        } else {
            return None;
        };
        self.period_val(per, off, end)
    }

    pub(super) fn period_val(&self, per: &str, off: i64, end: usize) -> Option<M> {
        let p = match self.pubd() {
            Some(p) => p,
            None => return Some(M::new(end, None)),
        };
        let val = match per {
            "الاسبوع" => add_days(p, 7 * off).and_then(week_of).map(|iv| Val::iv(iv, Precision::Week, REL)),
            "الشهر" => add_months(p, off)
                .and_then(|f| month_interval(f.year() as i64, f.month() as i64))
                .map(|iv| Val::iv(iv, Precision::Month, REL)),
            _ => year_interval(p.year() as i64 + off).map(|iv| Val::iv(iv, Precision::Year, REL)),
        };
        Some(M::new(end, val))
    }

    pub(super) fn plural_period(&self, per: &str, mut j: usize) -> Option<M> {
        if matches!(self.k(j), "القليله" | "الاخيره" | "العشره" | "السبعه" | "الثلاثه")
            && !self.k(j + 1).is_empty()
            && (lex::dir_mod(self.k(j + 1)).is_some() || self.k(j + 1) == "الاخيره" || self.k(j + 1) == "الماضيه")
        {
            j += 1;
        }
        let k = self.k(j);
        let fut = match k {
            "الماضيه" | "الاخيره" | "المنصرمه" | "الفائته" | "السابقه" | "المنقضيه" => false,
            "المقبله" | "القادمه" | "الاتيه" => true,
            _ => return None,
        };
        let end = j + 1;
        let Some(p) = self.pubd() else { return Some(M::new(end, None)) };
        let (a, b, prec) = match per {
            "الساعات" => (0, 1, Precision::Range),
            "الايام" => (1, 10, Precision::Range),
            "الاسابيع" => (1, 42, Precision::Fuzzy),
            "الاشهر" | "الشهور" => (1, 183, Precision::Fuzzy),
            _ => (1, 3653, Precision::Fuzzy),
        };
        let (lo, hi) = if fut { (a, b) } else { (-b, -a) };
        if matches!(per, "السنوات" | "الاعوام") {
            let iv = if fut { add_days(p, 1).zip(add_years(p, 10)) } else { add_years(p, -10).zip(add_days(p, -1)) };
            return Some(M::new(end, iv.map(|(s, e)| Val { s, e, prec, basis: REL, hijri: false })));
        }
        let val = match (add_days(p, lo), add_days(p, hi)) {
            (Some(s), Some(e)) => Some(Val { s, e, prec, basis: REL, hijri: false }),
            _ => None,
        };
        Some(M::new(end, val))
    }
}
