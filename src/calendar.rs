//! UK bank holidays, so that a rota's calendar knows which weekdays the office is shut.
//!
//! The regular holidays of each of the three UK calendars follow fixed rules (the Banking
//! and Financial Dealings Act 1971 and royal proclamations each year): fixed dates moved to
//! the next free weekday when they fall at a weekend ("substitute days"), Mondays counted
//! in May and August, and Easter. One-off holidays (a coronation, a jubilee) and moved
//! holidays (the 2020 early May bank holiday on a Friday) are not in the rules: instances
//! list them in `horizon.extra_bank_holidays`. No crate for this was available offline;
//! the rules are short and the tests compare them with GOV.UK's published dates.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The bank-holiday calendars of the UK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// England and Wales.
    EnglandAndWales,
    /// Scotland.
    Scotland,
    /// Northern Ireland.
    NorthernIreland,
}

impl Region {
    /// Every region with its id as written in YAML.
    pub const ALL: [(&'static str, Region); 3] = [
        ("england_and_wales", Region::EnglandAndWales),
        ("scotland", Region::Scotland),
        ("northern_ireland", Region::NorthernIreland),
    ];

    /// The region with this YAML id.
    pub fn from_id(id: &str) -> Option<Region> {
        Region::ALL
            .iter()
            .find(|(name, _)| *name == id)
            .map(|(_, r)| *r)
    }
}

/// Easter Sunday of `year` (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a date")
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a fixed holiday is a date")
}

/// The first `weekday` of `month`.
fn first(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 1).expect("every month has one")
}

/// The last Monday of `month`.
fn last_monday(year: i32, month: u32) -> NaiveDate {
    let fifth = NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 5);
    fifth.unwrap_or_else(|| {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 4).expect("four Mondays")
    })
}

/// Fixed-date holidays in order, each moved to the first weekday after it that is neither
/// a weekend nor already taken (so Christmas on a Saturday is Monday 27th and Boxing Day
/// Tuesday 28th).
fn substituted(fixed: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = Vec::new();
    for &day in fixed {
        let mut d = day;
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || out.contains(&d) {
            d = d + Days::new(1);
        }
        out.push(d);
    }
    out
}

/// The regular bank holidays of `region` in `year`, sorted.
pub fn bank_holidays(region: Region, year: i32) -> Vec<NaiveDate> {
    let easter = easter_sunday(year);
    let good_friday = easter - Days::new(2);
    let easter_monday = easter + Days::new(1);
    let early_may = first(year, 5, Weekday::Mon);
    let spring = last_monday(year, 5);
    let mut days = match region {
        Region::EnglandAndWales => {
            let mut days = substituted(&[date(year, 1, 1)]);
            days.extend([good_friday, easter_monday, early_may, spring]);
            days.push(last_monday(year, 8));
            days
        }
        Region::Scotland => {
            let mut days = substituted(&[date(year, 1, 1), date(year, 1, 2)]);
            days.extend([good_friday, early_may, spring, first(year, 8, Weekday::Mon)]);
            days.extend(substituted(&[date(year, 11, 30)]));
            days
        }
        Region::NorthernIreland => {
            let mut days = substituted(&[date(year, 1, 1)]);
            days.extend(substituted(&[date(year, 3, 17)]));
            days.extend([good_friday, easter_monday, early_may, spring]);
            days.extend(substituted(&[date(year, 7, 12)]));
            days.push(last_monday(year, 8));
            days
        }
    };
    days.extend(substituted(&[date(year, 12, 25), date(year, 12, 26)]));
    days.sort_unstable();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(list: &[(i32, u32, u32)]) -> Vec<NaiveDate> {
        list.iter().map(|&(y, m, d)| date(y, m, d)).collect()
    }

    /// GOV.UK's published bank holidays (www.gov.uk/bank-holidays), 2025 to 2027.
    #[test]
    fn england_and_wales_match_gov_uk() {
        let r = Region::EnglandAndWales;
        assert_eq!(
            bank_holidays(r, 2025),
            dates(&[
                (2025, 1, 1),
                (2025, 4, 18),
                (2025, 4, 21),
                (2025, 5, 5),
                (2025, 5, 26),
                (2025, 8, 25),
                (2025, 12, 25),
                (2025, 12, 26)
            ])
        );
        // Boxing Day on a Saturday: Monday 28th.
        assert_eq!(
            bank_holidays(r, 2026),
            dates(&[
                (2026, 1, 1),
                (2026, 4, 3),
                (2026, 4, 6),
                (2026, 5, 4),
                (2026, 5, 25),
                (2026, 8, 31),
                (2026, 12, 25),
                (2026, 12, 28)
            ])
        );
        // Christmas on a Saturday and Boxing Day on a Sunday: Monday 27th, Tuesday 28th.
        assert_eq!(
            bank_holidays(r, 2027),
            dates(&[
                (2027, 1, 1),
                (2027, 3, 26),
                (2027, 3, 29),
                (2027, 5, 3),
                (2027, 5, 31),
                (2027, 8, 30),
                (2027, 12, 27),
                (2027, 12, 28)
            ])
        );
    }

    #[test]
    fn scotland_and_northern_ireland_match_gov_uk() {
        assert_eq!(
            bank_holidays(Region::Scotland, 2026),
            dates(&[
                (2026, 1, 1),
                (2026, 1, 2),
                (2026, 4, 3),
                (2026, 5, 4),
                (2026, 5, 25),
                (2026, 8, 3),
                (2026, 11, 30),
                (2026, 12, 25),
                (2026, 12, 28)
            ])
        );
        // 12 July 2026 is a Sunday: Monday 13th.
        assert_eq!(
            bank_holidays(Region::NorthernIreland, 2026),
            dates(&[
                (2026, 1, 1),
                (2026, 3, 17),
                (2026, 4, 3),
                (2026, 4, 6),
                (2026, 5, 4),
                (2026, 5, 25),
                (2026, 7, 13),
                (2026, 8, 31),
                (2026, 12, 25),
                (2026, 12, 28)
            ])
        );
    }

    #[test]
    fn easter_over_the_years() {
        let known = [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, d) in known {
            assert_eq!(easter_sunday(y), date(y, m, d));
        }
    }
}
