//! Days, weekdays and dated expressions: `أمس`, `الخميس الماضي`, `12 مايو 2025`, `1446/11/14 هـ الموافق …`, numeric dates, and dates linked by `و`/`إلى`.

use super::*;

impl P<'_, '_> {
    /// اليوم، أمس، أول أمس، أمس الأول، البارحة، غدا، بعد غد، الليلة (الماضية).
    pub(super) fn day_word(&self, i: usize) -> Option<M> {
        let k = self.k(i);
        let k1 = self.k(i + 1);
        let (off, end, pod) = match k {
            "اليوم" => {
                if lex::weekday(k1).is_none()
                    && (k1.starts_with("ال") || matches!(k1, "نفسه" | "ذاته" | "ذلك" | "التالي" | "عينه" | "الذي"))
                {
                    return None;
                }
                (0, i + 1, None)
            }
            "امس" | "الامس" | "البارحه" => {
                if k1 == "الاول" {
                    (-2, i + 2, None)
                } else {
                    (-1, i + 1, None)
                }
            }
            "اول" => {
                if k1 == "امس" || k1 == "الامس" {
                    (-2, i + 2, None)
                } else if k1 == "من" && matches!(self.k(i + 2), "امس" | "الامس") {
                    (-2, i + 3, None)
                } else {
                    return None;
                }
            }
            "غدا" | "الغد" => (1, i + 1, None),
            "غد" if i > 0 && (self.t.key(i - 1) == "يوم" || lex::pod_prefix(self.t.key(i - 1)).is_some()) => (1, i + 1, None),
            "بعد" => {
                if matches!(k1, "غد" | "غدا") {
                    (2, i + 2, None)
                } else {
                    return None;
                }
            }
            "الليله" => {
                if matches!(k1, "الماضيه" | "المنصرمه" | "الفائته") {
                    (-1, i + 2, Some(PartOfDay::Night))
                } else {
                    (0, i + 1, Some(PartOfDay::Night))
                }
            }
            "هذا" => match k1 {
                "الصباح" => (0, i + 2, Some(PartOfDay::Morning)),
                "المساء" => (0, i + 2, Some(PartOfDay::Evening)),
                _ => return None,
            },
            "هذه" if k1 == "الليله" => (0, i + 2, Some(PartOfDay::Night)),
            _ => return None,
        };
        let mut m = M { end, val: self.rel_day(off), pod };
        // absorb "أمس الخميس", "اليوم الاثنين 12 مايو"
        if lex::weekday(self.k(m.end)).is_some() {
            m.end += 1;
        }
        if let Some(dm) = self.after_weekday_date(m.end) {
            if dm.val.is_some_and(|v| v.basis == EXP) || m.val.is_none() {
                m.val = dm.val;
            }
            m.end = dm.end;
        }
        Some(m)
    }

    /// `الخميس`, `يوم الخميس الماضي`, `الأحد المقبل`, `الاثنين 12 مايو 2025`.
    pub(super) fn weekday_expr(&self, i: usize) -> Option<M> {
        let w = lex::weekday(self.k(i))?;
        let prev = if i > 0 { self.t.key(i - 1) } else { "" };
        if matches!(prev, "بين" | "كلا" | "كلتا") || self.k(i + 1) == "عشر" {
            return None;
        }
        let mut end = i + 1;
        let mut dir = None;
        let mut extra = 0i64;
        if let Some(d) = lex::dir_mod(self.k(end)) {
            dir = Some(d);
            end += 1;
        } else if self.k(end) == "بعد" && lex::dir_mod(self.k(end + 1)) == Some(Dir::FutureStrict) {
            dir = Some(Dir::FutureStrict);
            extra = 7;
            end += 2;
        } else if self.k(end) == "قبل" && lex::dir_mod(self.k(end + 1)) == Some(Dir::PastStrict) {
            dir = Some(Dir::PastStrict);
            extra = -7;
            end += 2;
        }
        if let Some(mut dm) = self.after_weekday_date(end) {
            // a day and month without a year: the weekday picks the year (الثلاثاء 13 مايو)
            if let Some(v) = dm.val
                && v.basis == REL
                && v.prec == Precision::Day
                && v.s.weekday() != w
            {
                for dy in [1i64, -1] {
                    let c = ymd(v.s.year() as i64 + dy, v.s.month() as i64, v.s.day() as i64);
                    if let Some(c) = c.filter(|c| c.weekday() == w) {
                        dm.val = Some(Val::day(c, REL));
                        break;
                    }
                }
            }
            return Some(dm);
        }
        let dir = dir.unwrap_or_else(|| self.clause_dir(i));
        let val = self.pubd().and_then(|p| resolve_weekday(p, w, dir)).and_then(|d| add_days(d, extra)).map(|d| Val::day(d, REL));
        Some(M::new(end, val))
    }

    /// A date right after a weekday or day word: `، 12 مايو`, `الموافق 8 مايو`, `(8 مايو)`.
    /// Returns the match with `end` past the date.
    pub(super) fn after_weekday_date(&self, mut j: usize) -> Option<M> {
        if matches!(self.pc(j), Some('،' | ',' | '-' | '–')) {
            j += 1;
        }
        if self.k(j) == "الموافق" {
            j += 1;
            if self.k(j) == "ل" {
                j += 1;
            }
        }
        let paren = matches!(self.pc(j), Some('('));
        if paren {
            j += 1;
        }
        let mut m = self.dated(j)?;
        if paren && self.pc(m.end) == Some(')') {
            m.end += 1;
        }
        Some(m)
    }

    /// Ordinal day words: الأول … الحادي والثلاثين. Returns (day, next token).
    pub(super) fn ordinal(&self, i: usize) -> Option<(u32, usize)> {
        let u = lex::ordinal_unit(self.k(i))?;
        let k1 = self.k(i + 1);
        if u < 10 {
            if k1 == "عشر" {
                return Some((u + 10, i + 2));
            }
            if k1 == "والعشرين" || (k1 == "و" && self.k(i + 2) == "العشرين") {
                return Some((u + 20, if k1 == "و" { i + 3 } else { i + 2 }));
            }
            if k1 == "والثلاثين" || (k1 == "و" && self.k(i + 2) == "الثلاثين") {
                let d = u + 30;
                if d > 31 {
                    return None;
                }
                return Some((d, if k1 == "و" { i + 3 } else { i + 2 }));
            }
            if self.k(i) == "الحادي" {
                return None;
            }
        }
        Some((u, i + 1))
    }

    /// A day of month: a 1–2 digit number 1..=31 or an ordinal word.
    pub(super) fn day_num(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((v, nd)) = self.num(i) {
            if nd <= 2 && (1..=31).contains(&v) {
                // not the first part of a decimal or numeric date: those are handled elsewhere
                return Some((v as u32, i + 1));
            }
            return None;
        }
        self.ordinal(i)
    }

    /// Explicit dates starting with a number or an ordinal; numeric dates.
    pub(super) fn dated(&self, i: usize) -> Option<M> {
        if i >= self.n() {
            return None;
        }
        if let Some(m) = self.numeric_date(i) {
            return Some(self.linked(m));
        }
        let (d1, mut j) = self.day_num(i)?;
        // ranges: 9-11 مايو, 9 و11 مايو, 9 إلى 11 مايو
        let mut d2 = None;
        if let Some(c) = self.pc(j) {
            if matches!(c, '-' | '–' | '/')
                && let Some((v, nj)) = self.day_num(j + 1)
                && self.num(j + 1).is_some()
            {
                d2 = Some(v);
                j = nj;
            }
        } else if matches!(self.k(j), "و" | "الي" | "حتي" | "لغايه")
            && let Some((v, nj)) = self.day_num(j + 1)
        {
            d2 = Some(v);
            j = nj;
        }
        if d2.is_some_and(|v| v <= d1) {
            return None;
        }
        if self.k(j) == "من" {
            j += 1;
        }
        // `15 من شهر فبراير`, `3 شهر رمضان`
        if self.k(j) == "شهر"
            && (lex::greg_month(self.k(j + 1), self.k(j + 2)).is_some() || lex::hijri_month(self.k(j + 1), self.k(j + 2)).is_some())
        {
            j += 1;
        }
        let range = |s: Date, basis: DateBasis, hijri: bool| -> Option<Val> {
            match d2 {
                None => Some(Val { s, e: s, prec: Precision::Day, basis, hijri }),
                Some(b) => {
                    let e = add_days(s, b as i64 - d1 as i64)?;
                    Some(Val { s, e, prec: Precision::Range, basis, hijri })
                }
            }
        };
        // Gregorian month
        if let Some((mo, nt, _)) = lex::greg_month(self.k(j), self.k(j + 1)) {
            let mut end = self.month_alt(j + nt, mo);
            let ys = self.year_part(end);
            let val = match ys {
                Some((YearSpec::Abs(y), e)) => {
                    end = e;
                    ymd(y, mo as i64, d1 as i64).and_then(|d| range(d, EXP, false))
                }
                Some((YearSpec::Rel(o), e)) => {
                    end = e;
                    self.pubd().and_then(|p| ymd(p.year() as i64 + o, mo as i64, d1 as i64)).and_then(|d| range(d, REL, false))
                }
                Some((YearSpec::Dir(dir), e)) => {
                    end = e;
                    self.pubd().and_then(|p| resolve_day_month(p, mo, d1 as u8, dir)).and_then(|d| range(d, REL, false))
                }
                None => {
                    if self.naming_before(i) {
                        return Some(M::new(end, None));
                    }
                    let dir = self.clause_dir(i);
                    self.pubd().and_then(|p| resolve_day_month(p, mo, d1 as u8, dir)).and_then(|d| range(d, REL, false))
                }
            };
            return Some(self.linked(M::new(end, val)));
        }
        // Hijri month
        if let Some((hm, nt)) = lex::hijri_month(self.k(j), self.k(j + 1)) {
            let mut end = j + nt;
            let val = if let Some((y, nd)) = self.num(end) {
                if nd != 4 {
                    return None;
                }
                end += 1;
                end = self.hijri_marker(end).unwrap_or(end);
                hijri_to_greg(y as i64, hm, d1 as u8).and_then(|d| range(d, EXP, true))
            } else {
                let (dir, e) = match lex::dir_mod(self.k(end)) {
                    Some(d) => (d, end + 1),
                    None => (self.clause_dir(i), end),
                };
                end = e;
                self.pubd().and_then(|p| resolve_hijri_day_month(p, hm, d1 as u8, dir)).and_then(|d| range(d, REL, true))
            };
            return Some(self.linked(M::new(end, val)));
        }
        // 8 الجاري, 5 من الشهر الجاري, 20 الشهر الماضي
        let (off, end) = match self.k(j) {
            "الجاري" | "الحالي" => (0, j + 1),
            "الشهر" => match lex::dir_mod(self.k(j + 1)) {
                Some(Dir::Current) => (0, j + 2),
                Some(Dir::PastStrict) => (-1, j + 2),
                Some(Dir::FutureStrict) => (1, j + 2),
                _ => return None,
            },
            "هذا" if self.k(j + 1) == "الشهر" => (0, j + 2),
            _ => return None,
        };
        let val = self
            .pubd()
            .and_then(|p| add_months(p, off))
            .and_then(|f| ymd(f.year() as i64, f.month() as i64, d1 as i64))
            .and_then(|d| range(d, REL, false));
        Some(M::new(end, val))
    }

    /// `هـ` (optionally followed by a touching `.`) after a Hijri year.
    pub(super) fn hijri_marker(&self, j: usize) -> Option<usize> {
        if lex::is_hijri_marker(self.k(j)) {
            if self.pc(j + 1) == Some('.') && self.adj(j + 1) {
                return Some(j + 2);
            }
            return Some(j + 1);
        }
        None
    }

    pub(super) fn greg_marker(&self, j: usize) -> usize {
        if lex::is_greg_marker(self.k(j)) {
            if self.pc(j + 1) == Some('.') && self.adj(j + 1) {
                return j + 2;
            }
            return j + 1;
        }
        j
    }

    /// Numeric dates: 09/05/2025, 9-5-2025, 9.5.2025, 2025-05-12, 2025/05/12, 1446/11/14 هـ.
    pub(super) fn numeric_date(&self, i: usize) -> Option<M> {
        let (a, na) = self.num(i)?;
        let sep = self.pc(i + 1)?;
        if !matches!(sep, '/' | '-' | '.' | '\\') || !self.adj(i + 1) || !self.adj(i + 2) {
            return None;
        }
        let (b, nb) = self.num(i + 2)?;
        if self.pc(i + 3) != Some(sep) || !self.adj(i + 3) || !self.adj(i + 4) {
            return None;
        }
        let (c, nc) = self.num(i + 4)?;
        // a fourth adjacent part (e.g. 1.2.3.4, an IP or version) is not a date
        if matches!(self.pc(i + 5), Some('/' | '-' | '.')) && self.adj(i + 5) && self.num(i + 6).is_some() && self.adj(i + 6) {
            return None;
        }
        let end = i + 5;
        let (y, m, d) = if na == 4 && nb <= 2 && nc <= 2 {
            (a as i64, b as i64, c as i64)
        } else if na <= 2 && nb <= 2 && (nc == 4 || nc == 2) {
            let y = if nc == 2 { if c < 50 { 2000 + c } else { 1900 + c } } else { c } as i64;
            let (d, m) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
            (y, m as i64, d as i64)
        } else {
            return None;
        };
        if let Some(e) = self.hijri_marker(end) {
            let val = if (1..=12).contains(&m) && (1..=30).contains(&d) {
                hijri_to_greg(y, m as u8, d as u8).map(|g| Val { hijri: true, ..Val::day(g, EXP) })
            } else {
                None
            };
            return Some(M::new(e, val));
        }
        let g = ymd(y, m, d)?;
        Some(M::new(self.greg_marker(end), Some(Val::day(g, EXP))))
    }

    /// `… الموافق 10 أغسطس 2015 م`: the pair is one expression, valued by its Gregorian half.
    pub(super) fn linked(&self, mut m: M) -> M {
        let mut j = m.end;
        if matches!(self.pc(j), Some('،' | ',' | '-' | '–')) {
            j += 1;
        }
        let k = self.k(j);
        let mut paren = false;
        if k == "الموافق" || k == "الموافقه" {
            j += 1;
            if self.k(j) == "ل" {
                j += 1;
            }
        } else if self.pc(j) == Some('(') || self.pc(j) == Some('/') {
            paren = self.pc(j) == Some('(');
            j += 1;
        } else {
            return m;
        }
        let inner = self.dated(j).or_else(|| self.month_or_year_explicit(j));
        if let Some(mut n) = inner {
            if paren {
                if self.pc(n.end) != Some(')') {
                    return m;
                }
                n.end += 1;
            }
            m.end = n.end;
            let take_second = match (m.val, n.val) {
                (Some(a), Some(b)) => a.hijri && !b.hijri,
                (None, Some(_)) => true,
                _ => false,
            };
            if take_second {
                m.val = n.val;
            }
        }
        m
    }
}
