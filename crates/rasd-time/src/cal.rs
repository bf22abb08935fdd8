//! Calendar arithmetic that never panics: everything returns `Option`.

use crate::lex::Dir;
use icu_calendar::{Date as IcuDate, Iso, cal::Hijri};
use jiff::{ToSpan, civil::Date, civil::Weekday};

pub(crate) fn ymd(y: i64, m: i64, d: i64) -> Option<Date> {
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Date::new(y as i16, m as i8, d as i8).ok()
}

pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    if n.abs() > 100_000 {
        return None;
    }
    d.checked_add(n.days()).ok()
}

/// The same day `n` years later (29 February → 28 February).
pub(crate) fn add_years(d: Date, n: i64) -> Option<Date> {
    let y = d.year() as i64 + n;
    ymd(y, d.month() as i64, d.day() as i64).or_else(|| ymd(y, d.month() as i64, d.day() as i64 - 1))
}

/// First day of the month `n` months after `d`'s month.
pub(crate) fn add_months(d: Date, n: i64) -> Option<Date> {
    let idx = d.year() as i64 * 12 + (d.month() as i64 - 1) + n;
    ymd(idx.div_euclid(12), idx.rem_euclid(12) + 1, 1)
}

pub(crate) fn month_interval(y: i64, m: i64) -> Option<(Date, Date)> {
    let s = ymd(y, m, 1)?;
    Some((s, s.last_of_month()))
}

pub(crate) fn year_interval(y: i64) -> Option<(Date, Date)> {
    Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?))
}

/// Offset of a weekday from Saturday (the first day of the week in this crate).
pub(crate) fn sat_offset(w: Weekday) -> i64 {
    (w.to_sunday_zero_offset() as i64 + 1) % 7
}

/// The Saturday–Friday week containing `d`.
pub(crate) fn week_of(d: Date) -> Option<(Date, Date)> {
    let s = add_days(d, -sat_offset(d.weekday()))?;
    Some((s, add_days(s, 6)?))
}

/// Resolve a weekday against the publication day.
pub(crate) fn resolve_weekday(pubd: Date, w: Weekday, dir: Dir) -> Option<Date> {
    let pw = pubd.weekday().to_sunday_zero_offset() as i64;
    let ww = w.to_sunday_zero_offset() as i64;
    let back = (pw - ww).rem_euclid(7); // days back to the most recent one (0 = today)
    let fwd = (ww - pw).rem_euclid(7); // days forward to the next one (0 = today)
    match dir {
        Dir::Past | Dir::Current => add_days(pubd, -back),
        Dir::PastStrict => add_days(pubd, -(if back == 0 { 7 } else { back })),
        Dir::Future => add_days(pubd, fwd),
        Dir::FutureStrict => add_days(pubd, if fwd == 0 { 7 } else { fwd }),
    }
}

/// A day and month without a year: the most plausible occurrence.
pub(crate) fn resolve_day_month(pubd: Date, m: u8, d: u8, dir: Dir) -> Option<Date> {
    let py = pubd.year() as i64;
    let cands = [py - 1, py, py + 1].map(|y| ymd(y, m as i64, d as i64));
    match dir {
        Dir::Past | Dir::PastStrict => cands.iter().rev().flatten().find(|c| **c <= pubd).copied(),
        Dir::Future => cands.iter().flatten().find(|c| **c >= pubd).copied(),
        Dir::FutureStrict => cands.iter().flatten().find(|c| **c > pubd).copied(),
        Dir::Current => ymd(py, m as i64, d as i64),
    }
}

/// The year of a month named without a year.
pub(crate) fn resolve_month_year(pubd: Date, m: u8, dir: Dir) -> i64 {
    let py = pubd.year() as i64;
    let pm = pubd.month() as u8;
    match dir {
        Dir::Past => {
            if m <= pm {
                py
            } else {
                py - 1
            }
        }
        Dir::PastStrict => {
            if m < pm {
                py
            } else {
                py - 1
            }
        }
        Dir::Future => {
            if m >= pm {
                py
            } else {
                py + 1
            }
        }
        Dir::FutureStrict => {
            if m > pm {
                py
            } else {
                py + 1
            }
        }
        Dir::Current => py,
    }
}

// ---------------------------------------------------------------- Hijri (Umm al-Qura)

fn iso_to_jiff(d: &IcuDate<Iso>) -> Option<Date> {
    ymd(d.year().extended_year() as i64, d.month().ordinal as i64, d.day_of_month().0 as i64)
}

/// Gregorian date of an Umm al-Qura Hijri date.
pub(crate) fn hijri_to_greg(y: i64, m: u8, d: u8) -> Option<Date> {
    if !(1..=2000).contains(&y) || !(1..=12).contains(&m) || !(1..=30).contains(&d) {
        return None;
    }
    let h = IcuDate::try_new_hijri_with_calendar(y as i32, m, d, Hijri::new_umm_al_qura()).ok()?;
    iso_to_jiff(&h.to_calendar(Iso))
}

pub(crate) fn hijri_month_interval(y: i64, m: u8) -> Option<(Date, Date)> {
    let s = hijri_to_greg(y, m, 1)?;
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let e = add_days(hijri_to_greg(ny, nm, 1)?, -1)?;
    Some((s, e))
}

pub(crate) fn hijri_year_interval(y: i64) -> Option<(Date, Date)> {
    let s = hijri_to_greg(y, 1, 1)?;
    let e = add_days(hijri_to_greg(y + 1, 1, 1)?, -1)?;
    Some((s, e))
}

/// (year, month, day) of a Gregorian date in the Umm al-Qura calendar.
pub(crate) fn greg_to_hijri(d: Date) -> Option<(i64, u8, u8)> {
    let iso = IcuDate::try_new_iso(d.year() as i32, d.month() as u8, d.day() as u8).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((h.year().extended_year() as i64, h.month().ordinal, h.day_of_month().0))
}

/// The Hijri year of a Hijri month named without a year (same rule as Gregorian months).
pub(crate) fn resolve_hijri_month_year(pubd: Date, m: u8, dir: Dir) -> Option<i64> {
    let (hy, hm, _) = greg_to_hijri(pubd)?;
    Some(match dir {
        Dir::Past => {
            if m <= hm {
                hy
            } else {
                hy - 1
            }
        }
        Dir::PastStrict => {
            if m < hm {
                hy
            } else {
                hy - 1
            }
        }
        Dir::Future => {
            if m >= hm {
                hy
            } else {
                hy + 1
            }
        }
        Dir::FutureStrict => {
            if m > hm {
                hy
            } else {
                hy + 1
            }
        }
        Dir::Current => hy,
    })
}

pub(crate) fn resolve_hijri_day_month(pubd: Date, m: u8, d: u8, dir: Dir) -> Option<Date> {
    let (hy, _, _) = greg_to_hijri(pubd)?;
    let cands = [hy - 1, hy, hy + 1].map(|y| hijri_to_greg(y, m, d));
    match dir {
        Dir::Past | Dir::PastStrict => cands.iter().rev().flatten().find(|c| **c <= pubd).copied(),
        Dir::Future => cands.iter().flatten().find(|c| **c >= pubd).copied(),
        Dir::FutureStrict => cands.iter().flatten().find(|c| **c > pubd).copied(),
        Dir::Current => hijri_to_greg(hy, m, d),
    }
}
