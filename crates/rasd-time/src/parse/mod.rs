//! The scanner: at each token, try the expression grammars in a fixed order and keep the
//! first that matches; a match consumes its tokens, so results never overlap.

use crate::cal::*;
use crate::lex::{self, Dir, Unit};
use crate::token::{Kind, Toks};
use jiff::civil::Date;
use rasd_core::{DateBasis, PartOfDay, Precision, Span, TimeExpr};

mod dates;
mod months;
mod periods;

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
