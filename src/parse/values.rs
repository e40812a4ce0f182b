//! Checking and converting single values: clock times, windows, dates, weekdays, day
//! selectors and numbers. Each function reports its own problems and returns `None` (or a
//! harmless fallback) when the value is unusable.

use chrono::{NaiveDate, Weekday};

use super::problems::{suggestion, Origin, Problems};
use super::raw::{RawDays, RawTime, RawWeek, RawWeeks};
use crate::model::{Horizon, DAY};
use crate::rota::parse_clock;

/// Weekday names as written in files, in calendar order.
pub const WEEKDAY_NAMES: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// The longest id, in characters: ids are columns of tables and CSV cells, and a
/// planner's ids are short names.
pub const ID_MAX_CHARS: usize = 64;

/// Checks an id (of a person, shift, location, activity, contract, job share or variant):
/// 1 to [`ID_MAX_CHARS`] characters, each a letter, a digit, `_`, `-` or `.`, so that it
/// survives a CSV rota's round trip (`,` and `;` separate cells and activities there) and
/// fits a table. Reports the problem and returns false when it does not.
pub fn id(text: &str, kind: &str, at: &Origin, problems: &mut Problems) -> bool {
    let bad = text
        .chars()
        .find(|&c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')));
    let chars = text.chars().count();
    let message = if text.is_empty() {
        format!("empty {kind} id")
    } else if chars > ID_MAX_CHARS {
        format!("{kind} id of {chars} characters; at most {ID_MAX_CHARS}")
    } else if let Some(c) = bad {
        format!("{kind} id `{text}` contains {c:?}")
    } else {
        return true;
    };
    problems.error_hint(
        at,
        message,
        format!(
            "an id is 1 to {ID_MAX_CHARS} letters, digits, `_`, `-` or `.` (no spaces, `,` or `;`), e.g. `evening_visit`"
        ),
    );
    false
}

/// Checks a name shown in tables (a variant's): 1 to [`ID_MAX_CHARS`] characters, none of
/// them a control character (a line break would split a table's row).
pub fn name(text: &str, kind: &str, at: &Origin, problems: &mut Problems) -> bool {
    let chars = text.chars().count();
    let message = if text.trim().is_empty() {
        format!("empty {kind} name")
    } else if chars > ID_MAX_CHARS {
        format!("{kind} name of {chars} characters; at most {ID_MAX_CHARS}")
    } else if text.chars().any(char::is_control) {
        format!("{kind} name {text:?} contains a control character")
    } else {
        return true;
    };
    problems.error_hint(
        at,
        message,
        format!("a name is 1 to {ID_MAX_CHARS} characters on one line, e.g. `od-question`"),
    );
    false
}

/// The horizon, and whether it is the file's (a placeholder stands in after an error, and
/// then no "outside the horizon" problem is reported).
#[derive(Debug, Clone)]
pub struct Calendar {
    pub horizon: Horizon,
    pub valid: bool,
    /// Bank holidays inside the horizon, as sorted day indices.
    pub bank_holidays: Vec<usize>,
    /// Bank holidays are days off (leave) for everyone not marked `works_bank_holidays`.
    pub bank_holidays_off: bool,
}

impl Calendar {
    /// The day index of `date` if inside the horizon, reporting `what` as an error if not.
    pub fn day_in_horizon(
        &self,
        date: NaiveDate,
        what: &str,
        at: &Origin,
        problems: &mut Problems,
    ) -> Option<usize> {
        let day = self.horizon.day_of(date);
        if day.is_none() && self.valid {
            problems.error_hint(
                at,
                format!("{what} {date} is outside the horizon"),
                self.describe(),
            );
        }
        day
    }

    /// "the horizon is 2025-01-06 to 2025-02-02".
    pub fn describe(&self) -> String {
        let last = self.horizon.date(self.horizon.days - 1);
        format!("the horizon is {} to {last}", self.horizon.start)
    }

    /// Scales a per-week amount of minutes to the horizon (`x * days / 7`, to the nearest
    /// minute).
    pub fn scale(&self, per_week: i64) -> i64 {
        let days = self.horizon.days as i64;
        (per_week * days + 3).div_euclid(7)
    }
}

/// A clock time in minutes after midnight (`00:00`..=`24:00`).
pub fn clock(time: &RawTime, at: &Origin, problems: &mut Problems) -> Option<i64> {
    const HINT: &str = "write times as quoted \"HH:MM\" text, e.g. \"09:00\"";
    match time {
        RawTime::Text(text) => {
            let minutes = parse_clock(text);
            if minutes.is_none() {
                problems.error_hint(
                    at,
                    format!("`{text}` is not a time; expected \"HH:MM\""),
                    HINT,
                );
            }
            minutes
        }
        RawTime::Number(n) => {
            problems.error_hint(
                at,
                format!("expected a time \"HH:MM\", found the number {n}"),
                format!("{HINT}; the quotes keep YAML from reading it as a number"),
            );
            None
        }
    }
}

/// A clock window `[start, end)` in minutes after midnight; an `end` at or before `start`
/// is on the next day (so `end` may exceed 1440).
pub fn window(
    start: &RawTime,
    end: &RawTime,
    at: &Origin,
    problems: &mut Problems,
) -> Option<(i64, i64)> {
    let s = clock(start, &at.field("start"), problems);
    let e = clock(end, &at.field("end"), problems);
    let (s, e) = (s?, e?);
    if s >= DAY {
        problems.error_hint(
            &at.field("start"),
            "a start of 24:00 is the next day",
            "write 00:00 instead",
        );
        return None;
    }
    Some(if e <= s { (s, e + DAY) } else { (s, e) })
}

/// Reports a window whose times are not multiples of `slot_minutes`.
pub fn on_grid(window: (i64, i64), slot: i64, at: &Origin, problems: &mut Problems) {
    for (name, minutes) in [("start", window.0), ("end", window.1)] {
        if minutes % slot != 0 {
            problems.error_hint(
                &at.field(name),
                format!(
                    "{name} {} is not on the {slot}-minute slot grid",
                    crate::rota::clock(minutes)
                ),
                format!("use a time whose minutes are a multiple of slot_minutes ({slot})"),
            );
        }
    }
}

/// A date `YYYY-MM-DD`.
pub fn date(text: &str, at: &Origin, problems: &mut Problems) -> Option<NaiveDate> {
    let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    if parsed.is_none() {
        problems.error_hint(
            at,
            format!("`{text}` is not a date; expected YYYY-MM-DD"),
            "for example 2025-01-06",
        );
    }
    parsed
}

/// A weekday name (`mon` .. `sun`).
pub fn weekday(text: &str, at: &Origin, problems: &mut Problems) -> Option<Weekday> {
    let found = WEEKDAY_NAMES
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, w)| *w);
    if found.is_none() {
        let names: Vec<&str> = WEEKDAY_NAMES.iter().map(|(n, _)| *n).collect();
        problems.error_hint(
            at,
            format!("unknown weekday `{text}`"),
            suggestion(text, &names, "weekday"),
        );
    }
    found
}

/// Expands a day selector into sorted day indices.
pub fn select_days(
    selector: &RawDays,
    calendar: &Calendar,
    at: &Origin,
    problems: &mut Problems,
) -> Vec<usize> {
    let horizon = calendar.horizon;
    let all = 0..horizon.days;
    let weekend = |d: &usize| matches!(horizon.weekday(*d), Weekday::Sat | Weekday::Sun);
    let holiday = |d: &usize| calendar.bank_holidays.contains(d);
    match selector {
        RawDays::Named(word) => match word.as_str() {
            "all" => all.collect(),
            "weekdays" => all.filter(|d| !weekend(d)).collect(),
            "weekends" => all.filter(weekend).collect(),
            "working_days" => all.filter(|d| !weekend(d) && !holiday(d)).collect(),
            "bank_holidays" => calendar.bank_holidays.clone(),
            other => {
                let words = [
                    "all",
                    "weekdays",
                    "weekends",
                    "working_days",
                    "bank_holidays",
                ];
                let hint = if WEEKDAY_NAMES.iter().any(|(n, _)| *n == other) {
                    format!("a single weekday is written as a list: [{other}]")
                } else {
                    suggestion(other, &words, "selector")
                        + ", or a list of weekdays or dates, or `{weeks: [...]}`"
                };
                problems.error_hint(at, format!("unknown day selector `{other}`"), hint);
                Vec::new()
            }
        },
        RawDays::List(items) => {
            let mut days = Vec::new();
            for (i, item) in items.iter().enumerate() {
                days.extend(list_item_days(item, calendar, &at.item(i), problems));
            }
            days.sort_unstable();
            days.dedup();
            days
        }
        RawDays::Weeks(weeks) => week_days(weeks, calendar, at, problems),
    }
}

/// The longest cycle `every` may give, in weeks.
const EVERY_MAX: usize = 520;

/// The days a `{weeks, every, days}` selector picks: planning week `w` (from 1) is picked
/// when `w` is listed, or, with `every: n`, when `(w - 1) mod n + 1` is.
fn week_days(
    raw: &RawWeeks,
    calendar: &Calendar,
    at: &Origin,
    problems: &mut Problems,
) -> Vec<usize> {
    let horizon = calendar.horizon;
    let count = horizon.weeks();
    let every = match raw.every {
        Some(0) => {
            problems.error_hint(
                &at.field("every"),
                "every is 0; expected at least 1",
                "`every: 8` repeats the weeks listed every eight weeks",
            );
            return Vec::new();
        }
        Some(n) if n as usize > EVERY_MAX => {
            problems.error_hint(
                &at.field("every"),
                format!("every is {n}; expected at most {EVERY_MAX} weeks"),
                "a cycle longer than ten years repeats nothing in a horizon of at most 52 weeks",
            );
            return Vec::new();
        }
        Some(n) => Some(n as usize),
        None => None,
    };
    let limit = every.unwrap_or(count);
    let mut listed = Vec::new();
    let at_weeks = at.field("weeks");
    for (i, item) in raw.weeks.iter().enumerate() {
        let at = at_weeks.item(i);
        let range = match item {
            RawWeek::Number(n) if n.fract() == 0.0 && *n >= 1.0 => Some((*n as usize, *n as usize)),
            RawWeek::Text(text) => text.split_once('-').and_then(|(a, b)| {
                let (a, b) = (
                    a.trim().parse::<usize>().ok()?,
                    b.trim().parse::<usize>().ok()?,
                );
                (a >= 1 && a <= b).then_some((a, b))
            }),
            RawWeek::Number(_) => None,
        };
        let Some((first, last)) = range else {
            problems.error_hint(
                &at,
                "not a week number or range",
                "write weeks from 1, as numbers or ranges in quotes: [1, \"3-5\"]",
            );
            continue;
        };
        if last > limit {
            let within = match every {
                Some(n) => format!("a cycle of `every: {n}` weeks"),
                None => format!("the horizon's {count} planning weeks"),
            };
            problems.error_hint(
                &at,
                format!("week {last} is beyond {within}"),
                "number planning weeks from 1",
            );
            continue;
        }
        listed.push((first, last));
    }
    let inner = match &raw.days {
        Some(days) => select_days(days, calendar, &at.field("days"), problems),
        None => (0..horizon.days).collect(),
    };
    inner
        .into_iter()
        .filter(|&d| {
            let w = horizon.week_of(d);
            let in_cycle = every.map_or(w, |n| w % n) + 1;
            listed.iter().any(|&(a, b)| (a..=b).contains(&in_cycle))
        })
        .collect()
}

/// The days one entry of a day list selects: every such weekday, or one date.
fn list_item_days(
    item: &str,
    calendar: &Calendar,
    at: &Origin,
    problems: &mut Problems,
) -> Vec<usize> {
    let horizon = calendar.horizon;
    if item.starts_with(|c: char| c.is_ascii_digit()) {
        return date(item, at, problems)
            .and_then(|d| calendar.day_in_horizon(d, "date", at, problems))
            .into_iter()
            .collect();
    }
    match weekday(item, at, problems) {
        Some(w) => (0..horizon.days)
            .filter(|d| horizon.weekday(*d) == w)
            .collect(),
        None => Vec::new(),
    }
}

/// The largest weight (of a demand line, a request or a soft rule). Weights rank
/// penalties against each other; beyond this the programme's coefficients span more than
/// HiGHS's tolerances can tell apart (1e30 made HiGHS fail).
pub const WEIGHT_MAX: f64 = 1e6;

/// The largest hourly cost, in pounds.
pub const COST_PER_HOUR_MAX: f64 = 1e4;

/// The largest pay multiple (overtime rate, unsocial enhancement).
pub const RATE_MAX: f64 = 10.0;

/// The largest demand scale factor of a scenario.
pub const SCALE_MAX: f64 = 100.0;

/// The documented range of a numeric field, by its name (the last part of its field path;
/// `settings` for a soft rule's weight), for the message when the value is not a number.
pub fn range_of(path: &str) -> Option<(f64, f64)> {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    match field {
        "weight" | "under_weight" | "over_weight" => Some((0.0, WEIGHT_MAX)),
        "cost_per_hour" => Some((0.0, COST_PER_HOUR_MAX)),
        "factor" => Some((0.0, SCALE_MAX)),
        "admin_share" | "reserve_share" | "standby_fraction" => Some((0.0, 1.0)),
        "overtime_rate" | "unsocial_enhancement" => Some((0.0, RATE_MAX)),
        "oncall_payment" => Some((0.0, COST_PER_HOUR_MAX)),
        _ if path.contains("settings.") => Some((0.0, WEIGHT_MAX)),
        _ => None,
    }
}

/// A number as a reader wrote it: `1e30`, not thirty-one digits.
pub fn shown(value: f64) -> String {
    let size = value.abs();
    match value.is_finite() && (size >= 1e7 || (size > 0.0 && size < 1e-4)) {
        true => format!("{value:e}"),
        false => format!("{value}"),
    }
}

/// A number in `[lo, hi]` (finite), reporting one that is not with the range in the message.
pub fn in_range(
    value: f64,
    (lo, hi): (f64, f64),
    what: &str,
    at: &Origin,
    problems: &mut Problems,
) -> bool {
    if value.is_finite() && (lo..=hi).contains(&value) {
        return true;
    }
    problems.error_hint(
        at,
        format!(
            "{what} {} is outside the range {} to {}",
            shown(value),
            shown(lo),
            shown(hi)
        ),
        format!("write a finite number from {lo} to {hi}"),
    );
    false
}

/// A weight: a finite number from 0 to [`WEIGHT_MAX`].
pub fn weight(value: Option<f64>, default: f64, at: &Origin, problems: &mut Problems) -> f64 {
    match value {
        Some(w) if in_range(w, (0.0, WEIGHT_MAX), "weight", at, problems) => w,
        Some(_) => default,
        None => default,
    }
}

/// Minutes of at most a day, written at the field `name` of `at` (a larger value is reported
/// with `hint` and kept, so that later checks see what was written).
pub fn day_minutes(
    value: u32,
    name: &str,
    at: &Origin,
    hint: &str,
    problems: &mut Problems,
) -> i64 {
    if i64::from(value) > DAY {
        problems.error_hint(
            &at.field(name),
            format!("{name} is {value}; expected at most {DAY}"),
            hint,
        );
    }
    i64::from(value)
}

/// A share in `[0, 1]`.
pub fn share(value: f64, at: &Origin, problems: &mut Problems) -> f64 {
    if !(0.0..=1.0).contains(&value) {
        problems.error_hint(
            at,
            format!("{value} is not between 0 and 1"),
            "write a fraction, e.g. 0.25 for a quarter",
        );
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar() -> Calendar {
        Calendar {
            // 2025-01-06 is a Monday.
            horizon: Horizon::new(NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(), 14),
            valid: true,
            bank_holidays: vec![],
            bank_holidays_off: false,
        }
    }

    fn at() -> Origin {
        Origin::new(0, "demand[0].days")
    }

    #[test]
    fn selectors_expand_to_days() {
        let mut p = Problems::default();
        let cal = calendar();
        let named =
            |w: &str, p: &mut Problems| select_days(&RawDays::Named(w.into()), &cal, &at(), p);
        assert_eq!(named("all", &mut p).len(), 14);
        assert_eq!(
            named("weekdays", &mut p),
            vec![0, 1, 2, 3, 4, 7, 8, 9, 10, 11]
        );
        assert_eq!(named("weekends", &mut p), vec![5, 6, 12, 13]);
        let list = RawDays::List(vec!["wed".into(), "2025-01-07".into(), "mon".into()]);
        assert_eq!(select_days(&list, &cal, &at(), &mut p), vec![0, 1, 2, 7, 9]);
        assert!(p.is_empty());
        let bad = RawDays::List(vec!["tues".into(), "2025-03-01".into()]);
        assert!(select_days(&bad, &cal, &at(), &mut p).is_empty());
        assert!(!p.is_empty());
    }

    #[test]
    fn scaling_rounds_to_nearest_minute() {
        let mut cal = calendar();
        assert_eq!(cal.scale(2220), 4440);
        cal.horizon.days = 10;
        // 2220 * 10 / 7 = 3171.43
        assert_eq!(cal.scale(2220), 3171);
        // 60 * 10 / 7 = 85.71
        assert_eq!(cal.scale(60), 86);
    }

    #[test]
    fn windows_cross_midnight() {
        let mut p = Problems::default();
        let t = |s: &str| RawTime::Text(s.into());
        assert_eq!(
            window(&t("17:00"), &t("09:00"), &at(), &mut p),
            Some((1020, 1980))
        );
        assert_eq!(
            window(&t("09:00"), &t("09:00"), &at(), &mut p),
            Some((540, 1980))
        );
        assert_eq!(
            window(&t("00:00"), &t("24:00"), &at(), &mut p),
            Some((0, 1440))
        );
        assert!(p.is_empty());
        assert_eq!(
            window(&RawTime::Number(900.0), &t("10:00"), &at(), &mut p),
            None
        );
        assert!(!p.is_empty());
    }
}

#[cfg(test)]
mod week_tests {
    use super::*;

    /// Eight planning weeks from Monday 2 November 2026, with Christmas and Boxing Day
    /// (moved to Monday 28th) as bank holidays.
    fn calendar() -> Calendar {
        let start = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let horizon = Horizon::new(start, 56);
        let holidays = [(12, 25), (12, 28)]
            .iter()
            .filter_map(|&(m, d)| horizon.day_of(NaiveDate::from_ymd_opt(2026, m, d).unwrap()))
            .collect();
        Calendar {
            horizon,
            valid: true,
            bank_holidays: holidays,
            bank_holidays_off: false,
        }
    }

    fn weeks(weeks: Vec<RawWeek>, every: Option<u32>, days: Option<RawDays>) -> RawDays {
        RawDays::Weeks(Box::new(RawWeeks { weeks, every, days }))
    }

    #[test]
    fn weeks_pick_planning_weeks_and_repeat() {
        let cal = calendar();
        let mut p = Problems::default();
        let at = Origin::new(0, "demand[0].days");
        // Week 8, working days only: Monday 21 to Thursday 24 December (Friday is Christmas).
        let eighth = weeks(
            vec![RawWeek::Number(8.0)],
            None,
            Some(RawDays::Named("working_days".into())),
        );
        assert_eq!(select_days(&eighth, &cal, &at, &mut p), [49, 50, 51, 52]);
        // Weeks 1 and 3 to 4 of every four: weeks 1, 3, 4, 5, 7 and 8.
        let cycle = weeks(
            vec![RawWeek::Number(1.0), RawWeek::Text("3-4".into())],
            Some(4),
            Some(RawDays::List(vec!["mon".into()])),
        );
        let mondays: Vec<usize> = [0, 2, 3, 4, 6, 7].iter().map(|w| w * 7).collect();
        assert_eq!(select_days(&cycle, &cal, &at, &mut p), mondays);
        assert_eq!(
            select_days(&RawDays::Named("bank_holidays".into()), &cal, &at, &mut p),
            [53]
        );
        assert!(p.is_empty(), "{p:?}");
        // A week beyond the cycle, a week 0 and words are refused where they are written.
        let bad = weeks(
            vec![
                RawWeek::Number(5.0),
                RawWeek::Number(0.0),
                RawWeek::Text("x".into()),
            ],
            Some(4),
            None,
        );
        select_days(&bad, &cal, &at, &mut p);
        let text = format!("{p:?}");
        assert!(
            text.contains("week 5 is beyond a cycle of `every: 4` weeks"),
            "{text}"
        );
        assert!(text.contains("demand[0].days.weeks[1]"), "{text}");
        assert!(text.contains("demand[0].days.weeks[2]"), "{text}");
    }
}
