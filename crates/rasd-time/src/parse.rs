//! The scanner: at each token, try the expression grammars in a fixed order and keep the
//! first that matches; a match consumes its tokens, so results never overlap.

use crate::cal::*;
use crate::lex::{self, Dir, Unit};
use crate::token::{Kind, Toks};
use jiff::civil::Date;
use rasd_core::{DateBasis, PartOfDay, Precision, Span, TimeExpr};

#[derive(Clone, Copy, Debug)]
pub(crate) struct Val {
    pub s: Date,
    pub e: Date,
    pub prec: Precision,
    pub basis: DateBasis,
    /// Whether this came from a Hijri date (for `الموافق` pairs).
    pub hijri: bool,
}

impl Val {
    fn day(d: Date, basis: DateBasis) -> Val {
        Val { s: d, e: d, prec: Precision::Day, basis, hijri: false }
    }
    fn iv((s, e): (Date, Date), prec: Precision, basis: DateBasis) -> Val {
        Val { s, e, prec, basis, hijri: false }
    }
}

/// A match: tokens consumed up to `end` (exclusive) and its value, if it could be resolved.
#[derive(Clone, Copy, Debug)]
pub(crate) struct M {
    pub end: usize,
    pub val: Option<Val>,
    pub pod: Option<PartOfDay>,
}

impl M {
    fn new(end: usize, val: Option<Val>) -> M {
        M { end, val, pod: None }
    }
}

const REL: DateBasis = DateBasis::Relative;
const EXP: DateBasis = DateBasis::Explicit;

pub(crate) struct P<'t, 'a> {
    pub t: &'t Toks<'a>,
    pub pubd: Option<Date>,
    head: usize,
    hk: String,
}

/// Year given after a month: an absolute year, a year relative to publication, or a direction.
#[derive(Clone, Copy, Debug)]
enum YearSpec {
    Abs(i64),
    Rel(i64),
    Dir(Dir),
}

pub(crate) fn find(text: &str, pubd: Option<Date>) -> Vec<TimeExpr> {
    let t = Toks::new(text);
    let mut p = P { t: &t, pubd, head: usize::MAX, hk: String::new() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match p.try_at(i) {
            Some((m, sbyte)) => {
                if let Some(v) = m.val {
                    let ebyte = t.toks[m.end - 1].e;
                    if sbyte < ebyte {
                        out.push(TimeExpr {
                            span: Span::new(sbyte, ebyte),
                            start: v.s,
                            end: v.e,
                            precision: v.prec,
                            part_of_day: m.pod,
                            basis: v.basis,
                        });
                    }
                }
                i = m.end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

impl<'t, 'a> P<'t, 'a> {
    /// Try an expression at token `i`, first as written, then with proclitics stripped
    /// from its first word. Returns the match and the byte where its span starts.
    pub(crate) fn try_at(&mut self, i: usize) -> Option<(M, usize)> {
        let tok = self.t.toks[i];
        if tok.kind == Kind::Punct {
            return None;
        }
        self.head = usize::MAX;
        if let Some(m) = self.expr(i) {
            return Some((m, tok.s));
        }
        if tok.kind != Kind::Word {
            return None;
        }
        let key = self.t.key(i);
        // candidate (stripped chars, replacement key)
        let mut cands: [(usize, String); 3] = Default::default();
        let mut nc = 0;
        let mut rest = key;
        let mut stripped = 0;
        for round in 0..2 {
            let Some(c) = rest.chars().next() else { break };
            let ok = if round == 0 { matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك') } else { matches!(c, 'ب' | 'ل' | 'ك') };
            if !ok {
                break;
            }
            rest = &rest[c.len_utf8()..];
            stripped += 1;
            if rest.chars().count() < 2 {
                break;
            }
            if c == 'ل' && rest.starts_with('ل') {
                // لل + noun = ل + ال + noun
                cands[nc] = (stripped, format!("ا{}", rest));
                nc += 1;
            }
            cands[nc] = (stripped, rest.to_string());
            nc += 1;
            if c == 'ب' || c == 'ل' || c == 'ك' {
                break;
            }
        }
        for (n, k) in cands.iter_mut().take(nc) {
            self.head = i;
            self.hk = std::mem::take(k);
            let r = self.expr(i);
            self.head = usize::MAX;
            if let Some(m) = r {
                return Some((m, self.t.offset_after_key_chars(i, *n)));
            }
        }
        None
    }

    // ------------------------------------------------------------------ token helpers

    #[inline]
    fn k(&self, j: usize) -> &str {
        if j == self.head { &self.hk } else { self.t.key(j) }
    }
    #[inline]
    fn n(&self) -> usize {
        self.t.len()
    }
    #[inline]
    fn num(&self, j: usize) -> Option<(u64, u8)> {
        match self.t.toks.get(j) {
            Some(t) if t.kind == Kind::Num => Some((t.val, t.nd)),
            _ => None,
        }
    }
    #[inline]
    fn pc(&self, j: usize) -> Option<char> {
        match self.t.toks.get(j) {
            Some(t) if t.kind == Kind::Punct => Some(t.ch),
            _ => None,
        }
    }
    /// Token `j` touches token `j-1` (no space between).
    #[inline]
    fn adj(&self, j: usize) -> bool {
        j > 0 && j < self.n() && self.t.toks[j].s == self.t.toks[j - 1].e
    }
    fn pubd(&self) -> Option<Date> {
        self.pubd
    }

    /// Whether a future cue governs the clause around token `i`.
    fn clause_dir(&self, i: usize) -> Dir {
        let lo = i.saturating_sub(20);
        let mut initial = true;
        let mut j = i;
        while j > lo {
            j -= 1;
            let t = self.t.toks[j];
            match t.kind {
                Kind::Punct if lex::is_clause_break(t.ch) => break,
                Kind::Word => {
                    let k = self.t.key(j);
                    if crate::future_key(k) {
                        return Dir::Future;
                    }
                    if !matches!(k, "و" | "في" | "ف" | "ثم" | "يوم" | "وفي" | "ففي" | "اما" | "واما") {
                        initial = false;
                    }
                }
                _ => initial = false,
            }
        }
        if initial {
            for j in i + 1..(i + 8).min(self.n()) {
                let t = self.t.toks[j];
                match t.kind {
                    Kind::Punct if lex::is_clause_break(t.ch) => break,
                    Kind::Word if crate::future_key(self.t.key(j)) => return Dir::Future,
                    _ => {}
                }
            }
        }
        Dir::Past
    }

    /// The word before the expression at `i` licenses a bare year / ambiguous month.
    fn trigger_before(&self, i: usize) -> bool {
        i > 0 && self.t.toks[i - 1].kind == Kind::Word && lex::is_trigger(self.t.key(i - 1))
    }

    /// A bare day/month is part of a name (ثورة 25 يناير, شارع 26 يوليو), not a date.
    fn naming_before(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.t.key(i - 1),
                "ثوره"
                    | "حرب"
                    | "انتفاضه"
                    | "حركه"
                    | "تيار"
                    | "ائتلاف"
                    | "شارع"
                    | "ميدان"
                    | "جسر"
                    | "مدينه"
                    | "نادي"
                    | "ثورتي"
                    | "لثوره"
                    | "بثوره"
                    | "وثوره"
                    | "جيل"
                    | "فريق"
                    | "معاهده"
                    | "اتفاق"
                    | "اتفاقيه"
                    | "مجزره"
                    | "جبهه"
                    | "مجموعه"
                    | "جماعه"
            )
    }

    // ------------------------------------------------------------------ grammar

    fn expr(&self, i: usize) -> Option<M> {
        if let Some(m) = self.pod_prefixed(i) {
            return Some(m);
        }
        if let Some(m) = self.subdivided(i) {
            return Some(m);
        }
        if let Some(m) = self.part_of_year(i) {
            return Some(m);
        }
        if let Some(m) = self.quantity(i) {
            return Some(m);
        }
        if let Some(m) = self.day_expr(i) {
            return Some(self.pod_suffix(m));
        }
        if let Some(m) = self.month_expr(i, false) {
            return Some(m);
        }
        if let Some(m) = self.year_expr(i, false) {
            return Some(m);
        }
        self.period_expr(i)
    }

    fn pod_suffix(&self, mut m: M) -> M {
        if let Some(p) = lex::pod_suffix(self.k(m.end)) {
            // don't steal the part-of-day word of a following expression (الخميس مساء الجمعة)
            let next = self.k(m.end + 1);
            if lex::weekday(next).is_none() && !matches!(next, "اليوم" | "امس" | "الامس" | "غد") {
                m.end += 1;
                if m.pod.is_none() {
                    m.pod = Some(p);
                }
            }
        }
        m
    }

    /// `مساء الخميس`, `صباح اليوم`, `ليلة السبت`, `فجر 9 مايو`.
    fn pod_prefixed(&self, i: usize) -> Option<M> {
        let pod = lex::pod_prefix(self.k(i))?;
        let mut m = self.day_expr(i + 1)?;
        m.pod = Some(pod);
        Some(m)
    }

    /// Days: day words, weekdays, and explicit dates that start with a number or an ordinal.
    fn day_expr(&self, i: usize) -> Option<M> {
        if i >= self.n() {
            return None;
        }
        let k = self.k(i);
        if k == "يوم" {
            let m = self.day_core(i + 1)?;
            return Some(m);
        }
        self.day_core(i)
    }

    fn day_core(&self, i: usize) -> Option<M> {
        if let Some(m) = self.day_word(i) {
            return Some(m);
        }
        if let Some(m) = self.weekday_expr(i) {
            return Some(m);
        }
        self.dated(i)
    }

    fn rel_day(&self, off: i64) -> Option<Val> {
        Some(Val::day(add_days(self.pubd()?, off)?, REL))
    }

    /// اليوم، أمس، أول أمس، أمس الأول، البارحة، غدا، بعد غد، الليلة (الماضية).
    fn day_word(&self, i: usize) -> Option<M> {
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
    fn weekday_expr(&self, i: usize) -> Option<M> {
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
    fn after_weekday_date(&self, mut j: usize) -> Option<M> {
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
    fn ordinal(&self, i: usize) -> Option<(u32, usize)> {
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
    fn day_num(&self, i: usize) -> Option<(u32, usize)> {
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
    fn dated(&self, i: usize) -> Option<M> {
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
    fn hijri_marker(&self, j: usize) -> Option<usize> {
        if lex::is_hijri_marker(self.k(j)) {
            if self.pc(j + 1) == Some('.') && self.adj(j + 1) {
                return Some(j + 2);
            }
            return Some(j + 1);
        }
        None
    }

    fn greg_marker(&self, j: usize) -> usize {
        if lex::is_greg_marker(self.k(j)) {
            if self.pc(j + 1) == Some('.') && self.adj(j + 1) {
                return j + 2;
            }
            return j + 1;
        }
        j
    }

    /// Numeric dates: 09/05/2025, 9-5-2025, 9.5.2025, 2025-05-12, 2025/05/12, 1446/11/14 هـ.
    fn numeric_date(&self, i: usize) -> Option<M> {
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
    fn linked(&self, mut m: M) -> M {
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

    fn month_or_year_explicit(&self, j: usize) -> Option<M> {
        let m = self.month_expr(j, true).or_else(|| self.year_expr(j, true))?;
        if m.val.is_some_and(|v| v.basis == EXP) { Some(m) } else { None }
    }

    /// After a month name: `/أيار`, `(مايو)`, `- تموز` naming the same month.
    fn month_alt(&self, j: usize, mo: u8) -> usize {
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
    fn year_part(&self, j: usize) -> Option<(YearSpec, usize)> {
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
    fn month_expr(&self, i: usize, licensed: bool) -> Option<M> {
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
    fn year_expr(&self, i: usize, licensed: bool) -> Option<M> {
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
    fn quantity(&self, i: usize) -> Option<M> {
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
    fn since(&self, i: usize, _sign: i64) -> Option<M> {
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
    fn subdivided(&self, i: usize) -> Option<M> {
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

    /// The year an expression like `من العام الجاري` / `عام 2024` / `2024` / `الماضي` names,
    /// starting at token `j`: (year, basis, next token). `None` year when unresolvable.
    fn which_year(&self, j: usize) -> Option<(Option<i64>, DateBasis, usize)> {
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
    fn part_of_year(&self, i: usize) -> Option<M> {
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
    fn period_expr(&self, i: usize) -> Option<M> {
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

    fn period_val(&self, per: &str, off: i64, end: usize) -> Option<M> {
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

    fn plural_period(&self, per: &str, mut j: usize) -> Option<M> {
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

/// The beginning (0), middle (1) or end (2) of an interval, as a range.
fn sub_range(v: Val, part: u8) -> Option<Val> {
    let len = (v.e - v.s).get_days() as i64 + 1;
    let (s, e) = if len <= 7 {
        match part {
            0 => (v.s, add_days(v.s, 2)?),
            1 => (add_days(v.s, 2)?, add_days(v.s, 4)?),
            _ => (add_days(v.e, -2)?, v.e),
        }
    } else if len <= 31 {
        match part {
            0 => (v.s, add_days(v.s, 9)?),
            1 => (add_days(v.s, 10)?, add_days(v.s, 19)?),
            _ => (add_days(v.s, 20)?, v.e),
        }
    } else if v.s.month() == 1 && v.s.day() == 1 && v.e.month() == 12 && v.e.day() == 31 && v.s.year() == v.e.year() {
        let y = v.s.year() as i64;
        match part {
            0 => (ymd(y, 1, 1)?, ymd(y, 4, 30)?),
            1 => (ymd(y, 5, 1)?, ymd(y, 8, 31)?),
            _ => (ymd(y, 9, 1)?, ymd(y, 12, 31)?),
        }
    } else {
        let third = len / 3;
        match part {
            0 => (v.s, add_days(v.s, third - 1)?),
            1 => (add_days(v.s, third)?, add_days(v.s, 2 * third - 1)?),
            _ => (add_days(v.s, 2 * third)?, v.e),
        }
    };
    Some(Val { s, e, prec: Precision::Range, basis: v.basis, hijri: v.hijri })
}
