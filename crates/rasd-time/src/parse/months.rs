//! Months, years and quantities: `الشهر الماضي`, `مايو المقبل`, `عام 2015`, `خلال ثلاثة أيام`, `منذ أسبوعين`, subdivided periods (`مطلع الشهر`).

use super::*;

impl P<'_, '_> {
    pub(super) fn month_or_year_explicit(&self, j: usize) -> Option<M> {
        let m = self.month_expr(j, true).or_else(|| self.year_expr(j, true))?;
        if m.val.is_some_and(|v| v.basis == EXP) { Some(m) } else { None }
    }

    /// After a month name: `/أيار`, `(مايو)`, `- تموز` naming the same month.
    pub(super) fn month_alt(&self, j: usize, mo: u8) -> usize {
        let (open, k) = match self.pc(j) {
            Some(c @ ('/' | '(' | '-' | '\\' | '–')) => (Some(c), j + 1),
            Some(_) => return j,
            None => (None, j),
        };
        match lex::greg_month(self.k(k), self.k(k + 1)) {
            Some((m2, nt, _)) if m2 == mo => {
                let e = k + nt;
                if open == Some('(') { if self.pc(e) == Some(')') { e + 1 } else { j } } else { e }
            }
            _ => j,
        }
    }

    /// The year part after a month: `2025`, `2025م`, `من العام 2025`, `من العام الماضي`, `الماضي`.
    pub(super) fn year_part(&self, j: usize) -> Option<(YearSpec, usize)> {
        if let Some((y, nd)) = self.num(j) {
            if nd == 4 && (1000..=2999).contains(&y) {
                // a year followed by هـ after a Gregorian month is inconsistent; accept the year anyway
                return Some((YearSpec::Abs(y as i64), self.greg_marker(j + 1)));
            }
            return None;
        }
        let k = self.k(j);
        if let Some(d) = lex::dir_mod(k) {
            return Some((YearSpec::Dir(d), j + 1));
        }
        let mut j2 = j;
        if k == "من" {
            j2 += 1;
        }
        match self.k(j2) {
            "العام" | "عام" | "السنه" | "سنه" => {
                if let Some((y, nd)) = self.num(j2 + 1) {
                    if nd == 4 {
                        return Some((YearSpec::Abs(y as i64), self.greg_marker(j2 + 2)));
                    }
                    return None;
                }
                if j2 > j {
                    let o = match lex::dir_mod(self.k(j2 + 1))? {
                        Dir::PastStrict => -1,
                        Dir::FutureStrict => 1,
                        _ => 0,
                    };
                    return Some((YearSpec::Rel(o), j2 + 2));
                }
                None
            }
            "هذا" if j2 > j && self.k(j2 + 1) == "العام" => Some((YearSpec::Rel(0), j2 + 2)),
            "هذه" if j2 > j && self.k(j2 + 1) == "السنه" => Some((YearSpec::Rel(0), j2 + 2)),
            _ => None,
        }
    }

    /// Month names with or without a year: `مايو 2025`, `شهر رمضان`, `ديسمبر الماضي`, `في ديسمبر`,
    /// `ذو الحجة 1445 هـ`. `licensed` = a trigger is already known (e.g. after مطلع/منذ).
    pub(super) fn month_expr(&self, i: usize, licensed: bool) -> Option<M> {
        let mut j = i;
        let shahr = self.k(i) == "شهر";
        if shahr {
            j += 1;
        }
        let licensed = licensed || shahr || self.trigger_before(i);
        if let Some((mo, nt, amb)) = lex::greg_month(self.k(j), self.k(j + 1)) {
            let mut end = self.month_alt(j + nt, mo);
            let alt = end > j + nt;
            let pubd = self.pubd();
            let val = match self.year_part(end) {
                Some((YearSpec::Abs(y), e)) => {
                    end = e;
                    month_interval(y, mo as i64).map(|iv| Val::iv(iv, Precision::Month, EXP))
                }
                Some((YearSpec::Rel(o), e)) => {
                    end = e;
                    pubd.and_then(|p| month_interval(p.year() as i64 + o, mo as i64)).map(|iv| Val::iv(iv, Precision::Month, REL))
                }
                Some((YearSpec::Dir(d), e)) => {
                    end = e;
                    pubd.and_then(|p| month_interval(resolve_month_year(p, mo, d), mo as i64)).map(|iv| Val::iv(iv, Precision::Month, REL))
                }
                None => {
                    if self.naming_before(i) {
                        return Some(M::new(end, None));
                    }
                    if amb && !licensed && !alt {
                        return None;
                    }
                    let d = self.clause_dir(i);
                    pubd.and_then(|p| month_interval(resolve_month_year(p, mo, d), mo as i64)).map(|iv| Val::iv(iv, Precision::Month, REL))
                }
            };
            return Some(M::new(end, val));
        }
        if let Some((hm, nt)) = lex::hijri_month(self.k(j), self.k(j + 1)) {
            let mut end = j + nt;
            if let Some((y, nd)) = self.num(end) {
                if nd == 4 {
                    let e = self.hijri_marker(end + 1);
                    if e.is_some() || (1300..=1600).contains(&y) {
                        end = e.unwrap_or(end + 1);
                        let val = hijri_month_interval(y as i64, hm).map(|iv| Val { hijri: true, ..Val::iv(iv, Precision::Month, EXP) });
                        return Some(self.linked(M::new(end, val)));
                    }
                }
                return None;
            }
            if !licensed {
                return None;
            }
            let (d, e) = match lex::dir_mod(self.k(end)) {
                Some(d) => (d, end + 1),
                None => (self.clause_dir(i), end),
            };
            end = e;
            let val = self
                .pubd()
                .and_then(|p| resolve_hijri_month_year(p, hm, d))
                .and_then(|y| hijri_month_interval(y, hm))
                .map(|iv| Val { hijri: true, ..Val::iv(iv, Precision::Month, REL) });
            return Some(M::new(end, val));
        }
        None
    }

    /// Years: `عام 2018`, `العام 2018م`, `في 2018`, `2018م`, `1446 هـ`, `عام 1446 هـ`.
    pub(super) fn year_expr(&self, i: usize, licensed: bool) -> Option<M> {
        let k = self.k(i);
        let kw = matches!(k, "عام" | "العام" | "سنه" | "السنه" | "عامي");
        let j = if kw { i + 1 } else { i };
        let (y, nd) = self.num(j)?;
        if nd != 4 {
            return None;
        }
        // not a year if it is the first part of a numeric date or a decimal
        if matches!(self.pc(j + 1), Some('/' | '.' | ',' | '٫' | '٬' | ':')) && self.adj(j + 1) && self.num(j + 2).is_some() {
            return None;
        }
        let y = y as i64;
        if let Some(e) = self.hijri_marker(j + 1) {
            let val = hijri_year_interval(y).map(|iv| Val { hijri: true, ..Val::iv(iv, Precision::Year, EXP) });
            return Some(self.linked(M::new(e, val)));
        }
        let gm = self.greg_marker(j + 1);
        let marked = gm > j + 1;
        if !marked && !kw && lex::is_counted_noun(self.k(j + 1)) {
            return None;
        }
        let ok = if marked { (1..=2999).contains(&y) } else { (kw || licensed || self.trigger_before(i)) && (1700..=2200).contains(&y) };
        if !ok {
            return None;
        }
        let val = year_interval(y).map(|iv| Val::iv(iv, Precision::Year, EXP));
        Some(M::new(gm, val))
    }

    /// `قبل يومين`, `منذ ثلاثة أيام`, `قبل أيام`, `بعد أسبوع`, `منذ 2014`, `منذ مطلع العام`.
    pub(super) fn quantity(&self, i: usize) -> Option<M> {
        let k = self.k(i);
        let sign: i64 = match k {
            "قبل" | "منذ" => -1,
            "بعد" => 1,
            _ => return None,
        };
        let mut j = i + 1;
        // approximators
        loop {
            match self.k(j) {
                "نحو" | "حوالي" | "زهاء" | "قرابه" | "حوالى" => j += 1,
                "اكثر" | "اقل" if self.k(j + 1) == "من" => j += 2,
                "ما" if matches!(self.k(j + 1), "يقرب" | "يزيد" | "يناهز") && matches!(self.k(j + 2), "من" | "عن" | "علي") => {
                    j += 3
                }
                _ => break,
            }
        }
        let mut count: Option<u32> = None;
        let mut vague = false;
        if let Some((v, nd)) = self.num(j) {
            if nd <= 3
                && self.t.toks[j].kind == Kind::Num
                && !(self.adj(j + 1) && matches!(self.pc(j + 1), Some('.' | ',' | '/' | '٫')))
                && lex::unit_word(self.k(j + 1)).is_some()
            {
                count = Some(v.min(100_000) as u32);
                j += 1;
            }
        } else if let Some(c) = lex::cardinal(self.k(j)) {
            if lex::unit_word(self.k(j + 1)).is_some() {
                count = Some(c);
                j += 1;
            }
        } else if matches!(self.k(j), "بضعه" | "بضع" | "عده") && lex::unit_word(self.k(j + 1)).is_some() {
            vague = true;
            j += 1;
        }
        if let Some((unit, implied)) = lex::unit_word(self.k(j)) {
            let n = count.or(if vague { None } else { implied });
            // "منذ عام 2014" is a year, not "a year ago"; "منذ شهر مايو" is since May.
            if count.is_none()
                && (self.num(j + 1).is_some_and(|(_, nd)| nd == 4)
                    || (self.k(j) == "شهر" && lex::greg_month(self.k(j + 1), self.k(j + 2)).is_some()))
            {
                return self.since(i, sign);
            }
            let end = j + 1;
            // "قبل يومين من الانتخابات" counts from another event, not from publication
            if k != "منذ" && matches!(self.k(end), "من" | "علي" | "على") && !matches!(self.k(end + 1), "الان" | "اليوم")
            {
                return Some(M::new(end, None));
            }
            let Some(p) = self.pubd() else { return Some(M::new(end, None)) };
            let val = match n {
                Some(n) => {
                    let n = n as i64;
                    match unit {
                        Unit::Hour => add_days(p, sign * (n / 24)).map(|d| Val::day(d, REL)),
                        Unit::Day => add_days(p, sign * n).map(|d| Val::day(d, REL)),
                        Unit::Week => add_days(p, sign * 7 * n).map(|d| Val::day(d, REL)),
                        Unit::Month => add_months(p, sign * n)
                            .and_then(|f| month_interval(f.year() as i64, f.month() as i64))
                            .map(|iv| Val::iv(iv, Precision::Month, REL)),
                        Unit::Year => year_interval(p.year() as i64 + sign * n).map(|iv| Val::iv(iv, Precision::Year, REL)),
                    }
                }
                None if unit == Unit::Year => {
                    let (s, e) = if sign < 0 {
                        (add_years(p, -10)?, add_days(add_years(p, -1)?, -1)?)
                    } else {
                        (add_days(add_years(p, 1)?, 1)?, add_years(p, 10)?)
                    };
                    Some(Val { s, e, prec: Precision::Fuzzy, basis: REL, hijri: false })
                }
                None => {
                    let (a, b, prec) = match unit {
                        Unit::Hour => (0, 1, Precision::Range),
                        Unit::Day => (1, 10, Precision::Range),
                        Unit::Week => (8, 42, Precision::Fuzzy),
                        Unit::Month => (31, 183, Precision::Fuzzy),
                        Unit::Year => (366, 3653, Precision::Fuzzy),
                    };
                    let (lo, hi) = if sign < 0 { (-b, -a) } else { (a, b) };
                    match (add_days(p, lo), add_days(p, hi)) {
                        (Some(s), Some(e)) => Some(Val { s, e, prec, basis: REL, hijri: false }),
                        _ => None,
                    }
                }
            };
            return Some(M::new(end, val));
        }
        if count.is_some() || vague {
            return None;
        }
        if sign < 0 && k == "منذ" {
            return self.since(i, sign);
        }
        None
    }

    /// `منذ X`: from the start of X to the publication day.
    pub(super) fn since(&self, i: usize, _sign: i64) -> Option<M> {
        let j = i + 1;
        let inner = self
            .year_expr(j, true)
            .or_else(|| self.subdivided(j))
            .or_else(|| self.month_expr(j, true))
            .or_else(|| self.day_expr(j))
            .or_else(|| self.period_expr(j))?;
        let val = match (inner.val, self.pubd()) {
            (Some(v), Some(p)) => {
                let e = if p >= v.s { p } else { v.e };
                Some(Val { s: v.s, e, prec: Precision::Fuzzy, basis: v.basis, hijri: false })
            }
            _ => None,
        };
        Some(M::new(inner.end, val))
    }

    /// `مطلع الشهر`, `منتصف مايو`, `أواخر العام الماضي`, `نهاية 2018`, `أول مايو` (= 1 May).
    pub(super) fn subdivided(&self, i: usize) -> Option<M> {
        let part = lex::subdivision(self.k(i))?;
        let j = i + 1;
        let k1 = self.k(j);
        // أول مايو = 1 May; غرة ذي القعدة = 1 Dhu al-Qa'da
        if matches!(self.k(i), "اول" | "غره")
            && (lex::greg_month(k1, self.k(j + 1)).is_some() || lex::hijri_month(k1, self.k(j + 1)).is_some())
        {
            let inner = self.month_expr(j, true)?;
            let val = inner.val.map(|v| Val { e: v.s, prec: Precision::Day, ..v });
            return Some(M::new(inner.end, val));
        }
        let inner = self
            .period_expr(j)
            .filter(|m| m.val.is_none_or(|v| matches!(v.prec, Precision::Month | Precision::Year | Precision::Week)))
            .or_else(|| match k1 {
                "الشهر" | "العام" | "السنه" | "الاسبوع" => {
                    let p = self.pubd();
                    let val = p.and_then(|p| match k1 {
                        "الشهر" => month_interval(p.year() as i64, p.month() as i64).map(|iv| Val::iv(iv, Precision::Month, REL)),
                        "الاسبوع" => week_of(p).map(|iv| Val::iv(iv, Precision::Week, REL)),
                        _ => year_interval(p.year() as i64).map(|iv| Val::iv(iv, Precision::Year, REL)),
                    });
                    Some(M::new(j + 1, val))
                }
                _ => None,
            })
            .or_else(|| self.month_expr(j, true))
            .or_else(|| self.year_expr(j, true))?;
        let val = inner.val.and_then(|v| sub_range(v, part));
        Some(M::new(inner.end, val))
    }
}
