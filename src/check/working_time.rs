//! Contract and working-time rules.

use crate::model::{Model, PersonIx, ShiftIx};

use super::resolve::Resolved;
use super::Finding;

/// The days of planning week `w`, found by walking the calendar: a week begins on the
/// horizon's first day and on every `week_start` weekday after it. (Not
/// `Horizon::week_days`, which the compiler uses: the two are written apart.)
pub(crate) fn week_days(model: &Model, w: usize) -> std::ops::Range<usize> {
    let h = &model.horizon;
    let starts: Vec<usize> = (0..h.days)
        .filter(|&d| d == 0 || h.weekday(d) == h.week_start)
        .collect();
    match starts.get(w) {
        Some(&s) => s..starts.get(w + 1).copied().unwrap_or(h.days),
        None => h.days..h.days,
    }
}

/// Number of planning weeks, counted as [`week_days`] counts them.
pub(crate) fn week_count(model: &Model) -> usize {
    let h = &model.horizon;
    (0..h.days)
        .filter(|&d| d == 0 || h.weekday(d) == h.week_start)
        .count()
}

/// Formats minutes as hours, e.g. `7.5 h`.
pub(crate) fn hours(minutes: f64) -> String {
    format!("{} h", (minutes / 60.0 * 100.0).round() / 100.0)
}

/// `contract_minutes`: counted minutes `M` within `[min, max]`; amount
/// `(max(0, min - M) + max(0, M - max)) / 60` per person.
pub(crate) fn contract_minutes(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        let m = r.counted_minutes(model, p);
        let c = &person.contract;
        let under = (c.min_minutes - m).max(0);
        let over = (m - c.max_minutes).max(0);
        if under + over > 0 {
            out.push(Finding::new(
                model,
                Some(p),
                None,
                (under + over) as f64 / 60.0,
                format!(
                    "counted {} is outside the contract's {} to {}",
                    hours(m as f64),
                    hours(c.min_minutes as f64),
                    hours(c.max_minutes as f64)
                ),
            ));
        }
    }
    out
}

/// Counted minutes of person `p` in shifts assigned to days `days`.
pub(crate) fn counted_in(
    model: &Model,
    r: &Resolved,
    p: PersonIx,
    days: std::ops::Range<usize>,
) -> i64 {
    r.of_person(p)
        .filter(|a| days.contains(&a.day))
        .map(|a| model.shifts[a.shift].counted_minutes(&model.rules))
        .sum()
}

/// `weekly_minutes`: per person and planning week, counted minutes `M` of the shifts
/// assigned to the week's days within that week's `[min, max]`; amount
/// `(max(0, min - M) + max(0, M - max)) / 60`.
pub(crate) fn weekly_minutes(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        for (w, range) in person.contract.weekly.iter().enumerate() {
            let days = week_days(model, w);
            let first = days.start;
            let m = counted_in(model, r, p, days);
            let amount = (range.min - m).max(0) + (m - range.max).max(0);
            if amount > 0 {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(first),
                    amount as f64 / 60.0,
                    format!(
                        "counted {} in planning week {} is outside the week's {} to {}",
                        hours(m as f64),
                        w + 1,
                        hours(range.min as f64),
                        hours(range.max as f64)
                    ),
                ));
            }
        }
    }
    out
}

/// `max_days_per_week`: per person and planning week, `max(0, days worked - max)`.
pub(crate) fn max_days_per_week(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        let Some(max) = person.contract.max_days_per_week else {
            continue;
        };
        for w in 0..week_count(model) {
            let worked = week_days(model, w).filter(|&d| r.works(p, d)).count();
            if worked > max {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(week_days(model, w).start),
                    (worked - max) as f64,
                    format!(
                        "{worked} days worked in planning week {}, most {max}",
                        w + 1
                    ),
                ));
            }
        }
    }
    out
}

/// Number of person `p`'s assignments of template `t` on days `days`.
fn shifts_of(r: &Resolved, p: PersonIx, t: usize, days: std::ops::Range<usize>) -> usize {
    r.of_person(p)
        .filter(|a| a.shift == t && days.contains(&a.day))
        .count()
}

/// `max_shifts`: per person and template, `max(0, count - limit)` over the horizon, plus
/// per planning week `max(0, count in week - weekly limit)`.
pub(crate) fn max_shifts(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        for &(t, limit) in &person.contract.max_shifts {
            let count = shifts_of(r, p, t, 0..model.horizon.days);
            if count > limit {
                out.push(Finding::new(
                    model,
                    Some(p),
                    None,
                    (count - limit) as f64,
                    format!(
                        "{count} `{}` shifts over the horizon, most {limit}",
                        model.shifts[t].id
                    ),
                ));
            }
        }
        for &(t, limit) in &person.contract.max_shifts_per_week {
            for w in 0..week_count(model) {
                let count = shifts_of(r, p, t, week_days(model, w));
                if count > limit {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(week_days(model, w).start),
                        (count - limit) as f64,
                        format!(
                            "{count} `{}` shifts in planning week {}, most {limit}",
                            model.shifts[t].id,
                            w + 1
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// `max_consecutive_days`: with `k` the maximum, every window of `k+1` consecutive days
/// inside the horizon costs `max(0, days worked in it - k)`.
pub(crate) fn max_consecutive_days(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let h = model.horizon.days;
    for (p, person) in model.people.iter().enumerate() {
        let Some(k) = person.contract.max_consecutive_days else {
            continue;
        };
        for s in 0..h {
            if s + k + 1 > h {
                break;
            }
            let worked = (s..s + k + 1).filter(|&d| r.works(p, d)).count();
            if worked > k {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(s),
                    (worked - k) as f64,
                    format!(
                        "{worked} days worked in the {} days from {}, most {k} in a row",
                        k + 1,
                        model.horizon.date(s)
                    ),
                ));
            }
        }
        // Windows reaching back into the previous rota (its days worked from the history).
        for back in 1..=k {
            let ahead = k + 1 - back;
            if ahead > h {
                continue;
            }
            let before = (1..=back as i64)
                .filter(|&j| {
                    person
                        .history
                        .iter()
                        .any(|x| x.start.div_euclid(crate::model::DAY) == -j)
                })
                .count();
            let worked = before + (0..ahead).filter(|&d| r.works(p, d)).count();
            if before > 0 && worked > k {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(0),
                    (worked - k) as f64,
                    format!(
                        "{worked} days worked in the {} days from {} days before the rota \
                         ({before} of them in the previous rota), most {k} in a row",
                        k + 1,
                        back
                    ),
                ));
            }
        }
    }
    out
}

/// Pairs `(d, j)` with `1 <= d`, `1 <= j < k`, `d + j < on.len()`, `on[d-1] = false`,
/// `on[d] = true`, `on[d+j] = false`, grouped by `d`: `(d, number of j)`. The first `first`
/// days are history: a pair counts only when `d + j` is past them and, when the run starts
/// among them, it is still running at the first day past them.
fn short_runs(on: &[bool], k: usize, first: usize) -> Vec<(usize, usize)> {
    let h = on.len();
    let mut out = Vec::new();
    for d in 1..h {
        if on[d - 1] || !on[d] || (d..first).any(|e| !on[e]) {
            continue;
        }
        let count = (1..k)
            .filter(|&j| d + j < h && d + j >= first && !on[d + j])
            .count();
        if count > 0 {
            out.push((d, count));
        }
    }
    out
}

/// `min_consecutive_days`: a run of working days that starts after a day off and ends
/// before the horizon's end is at least the minimum long (see `docs/RULES.md` for the count).
pub(crate) fn min_consecutive_days(model: &Model, r: &Resolved) -> Vec<Finding> {
    short_run_findings(model, r, true)
}

/// `min_consecutive_days_off`: the same as [`min_consecutive_days`] with work and days off
/// swapped.
pub(crate) fn min_consecutive_days_off(model: &Model, r: &Resolved) -> Vec<Finding> {
    short_run_findings(model, r, false)
}

/// Runs of working days (`working`) or of days off that are too short, per person, the
/// history's days (`model.history_days` before the horizon) included.
fn short_run_findings(model: &Model, r: &Resolved, working: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let before = model.history_days;
    for (p, person) in model.people.iter().enumerate() {
        let (k, what) = if working {
            (person.contract.min_consecutive_days, "working days")
        } else {
            (person.contract.min_consecutive_days_off, "days off")
        };
        let past = (1..=before as i64).rev().map(|j| person.worked_before(-j));
        let now = (0..model.horizon.days).map(|d| r.works(p, d));
        let days: Vec<bool> = past.chain(now).map(|w| w == working).collect();
        for (d, count) in short_runs(&days, k, before) {
            let from = model.horizon.start + chrono::Duration::days(d as i64 - before as i64);
            let detail = if d < before {
                " (in the previous rota)"
            } else {
                ""
            };
            out.push(Finding::new(
                model,
                Some(p),
                Some(d.saturating_sub(before)),
                count as f64,
                format!("a run of {what} from {from}{detail} is shorter than {k} days"),
            ));
        }
    }
    out
}

/// `max_weekends`: `max(0, weekends worked - max)`; a weekend is worked when any of its
/// days inside the horizon is, or, for one cut by the horizon's start, the history worked
/// its Saturday.
pub(crate) fn max_weekends(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let weekends = model.horizon.weekends();
    for (p, person) in model.people.iter().enumerate() {
        let Some(max) = person.contract.max_weekends else {
            continue;
        };
        let saturday_before = model.horizon.saturday_before() && person.worked_before(-1);
        let worked = weekends
            .iter()
            .enumerate()
            .filter(|(i, days)| days.iter().any(|&d| r.works(p, d)) || (*i == 0 && saturday_before))
            .count();
        if worked > max {
            out.push(Finding::new(
                model,
                Some(p),
                None,
                (worked - max) as f64,
                format!("{worked} weekends worked, most {max}"),
            ));
        }
    }
    out
}

/// `min_rest`: ordered pairs of a person's assignments `A` (day `d1`) and `B` (day
/// `d2 > d1`) with `start(B) - end(A)` less than the rest `A`'s template asks for after it
/// (`rest_after_minutes`, or `min_rest_minutes`); 1 per pair. An on-call overlay and the
/// work shift it follows on the same day are one day's duty, not a pair.
pub(crate) fn min_rest(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        // Earlier shifts: the history's (from the previous rota), then the rota's own.
        let earlier = person
            .history
            .iter()
            .map(|x| (x.shift, x.end, i64::MIN, " (the previous rota)"))
            .chain(r.of_person(p).map(|a| (a.shift, a.end, a.day as i64, "")));
        for (shift, end, day, whose) in earlier {
            let min = model.shifts[shift]
                .rest_after
                .unwrap_or(model.rules.min_rest_minutes);
            for b in r.of_person(p) {
                if b.day as i64 > day && b.start - end < min {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(b.day),
                        1.0,
                        format!(
                            "{} between `{}` ending {}{whose} and `{}` starting {}, \
                             at least {}",
                            match b.start - end {
                                gap if gap < 0 =>
                                    format!("no rest (they overlap by {})", hours(-gap as f64)),
                                gap => format!("only {} rest", hours(gap as f64)),
                            },
                            model.shifts[shift].id,
                            super::structural::when(model, end),
                            model.shifts[b.shift].id,
                            super::structural::when(model, b.start),
                            hours(min as f64)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// `forbidden_succession`: days `d` with `t1` on `d` and `t2` on `d+1` for a listed pair;
/// 1 per day and listed pair.
pub(crate) fn forbidden_succession(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut pairs = model.rules.forbidden_successions.clone();
    pairs.sort();
    pairs.dedup();
    for (p, person) in model.people.iter().enumerate() {
        // The previous rota's last day against the first.
        for past in &person.history {
            if past.start.div_euclid(crate::model::DAY) != -1 {
                continue;
            }
            for a in r.on_day(p, 0) {
                if pairs.contains(&(past.shift, a.shift)) {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(0),
                        1.0,
                        format!(
                            "`{}` the day before (the previous rota) followed by `{}`",
                            model.shifts[past.shift].id, model.shifts[a.shift].id
                        ),
                    ));
                }
            }
        }
        if pairs.is_empty() {
            continue;
        }
        // The templates worked each day, gathered once: a year of days times every pair.
        let mut worked: Vec<Vec<ShiftIx>> = vec![Vec::new(); model.horizon.days];
        for a in r.of_person(p) {
            if let Some(day) = worked.get_mut(a.day) {
                day.push(a.shift);
            }
        }
        for d in 0..model.horizon.days.saturating_sub(1) {
            if worked[d].is_empty() || worked[d + 1].is_empty() {
                continue;
            }
            for &(t1, t2) in &pairs {
                let first = worked[d].contains(&t1);
                let second = worked[d + 1].contains(&t2);
                if first && second {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(d),
                        1.0,
                        format!(
                            "`{}` followed by `{}` the next day",
                            model.shifts[t1].id, model.shifts[t2].id
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// `max_minutes_per_7_days`: every window `[s, s+7)` inside the horizon costs
/// `max(0, counted minutes of assignments starting in it - limit) / 60`.
pub(crate) fn max_minutes_per_7_days(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let limit = model.rules.max_minutes_per_7_days;
    let h = model.horizon.days;
    for (p, person) in model.people.iter().enumerate() {
        // Windows starting 1 to 6 days before the horizon in which the previous rota
        // counted minutes.
        for back in 1..7i64 {
            let ahead = (7 - back) as usize;
            if ahead > h {
                continue;
            }
            let past: i64 = person
                .history
                .iter()
                .filter(|x| (-back..0).contains(&x.start.div_euclid(crate::model::DAY)))
                .map(|x| model.shifts[x.shift].counted_minutes(&model.rules))
                .sum();
            let minutes: i64 = past
                + r.of_person(p)
                    .filter(|a| a.day < ahead)
                    .map(|a| model.shifts[a.shift].counted_minutes(&model.rules))
                    .sum::<i64>();
            if past > 0 && minutes > limit {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(0),
                    (minutes - limit) as f64 / 60.0,
                    format!(
                        "{} counted in the 7 days from {back} days before the rota ({} of \
                         them in the previous rota), most {}",
                        hours(minutes as f64),
                        hours(past as f64),
                        hours(limit as f64)
                    ),
                ));
            }
        }
        for s in 0..h {
            if s + 7 > h {
                break;
            }
            let minutes: i64 = r
                .of_person(p)
                .filter(|a| (s..s + 7).contains(&a.day))
                .map(|a| model.shifts[a.shift].counted_minutes(&model.rules))
                .sum();
            if minutes > limit {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(s),
                    (minutes - limit) as f64 / 60.0,
                    format!(
                        "{} counted in the 7 days from {}, most {}",
                        hours(minutes as f64),
                        model.horizon.date(s),
                        hours(limit as f64)
                    ),
                ));
            }
        }
    }
    out
}

/// Whether day `d` is a rest day for person `p`: no assignment starts on `d`, and from the
/// end of the assignment on `d-1` to the start of the one on `d+1` is at least
/// `weekly_rest_minutes` (a missing neighbour, or one outside the horizon, leaves the gap
/// unbounded).
pub(crate) fn rest_day(model: &Model, r: &Resolved, p: PersonIx, d: usize) -> bool {
    if r.works(p, d) {
        return false;
    }
    let before = if d == 0 {
        // The previous rota's last day, from the history.
        history_on(model, p, -1).map(|x| x.end).max()
    } else {
        r.on_day(p, d - 1).map(|a| a.end).max()
    };
    let after = r.on_day(p, d + 1).map(|a| a.start).min();
    match (before, after) {
        (Some(end), Some(start)) => start - end >= model.rules.weekly_rest_minutes,
        _ => true,
    }
}

/// Person `p`'s history shifts starting on day `d` (negative: before the horizon).
fn history_on(
    model: &Model,
    p: PersonIx,
    d: i64,
) -> impl Iterator<Item = &crate::model::PastShift> + '_ {
    model.people[p]
        .history
        .iter()
        .filter(move |x| x.start.div_euclid(crate::model::DAY) == d)
}

/// Whether day `d` before the horizon (-1, -2, ...) is a rest day, as [`rest_day`] says,
/// from the history (and, for day -1, the rota's day 0).
fn past_rest_day(model: &Model, r: &Resolved, p: PersonIx, d: i64) -> bool {
    if history_on(model, p, d).next().is_some() {
        return false;
    }
    let before = history_on(model, p, d - 1).map(|x| x.end).max();
    let after = match d + 1 {
        0 => r.on_day(p, 0).map(|a| a.start).min(),
        next => history_on(model, p, next).map(|x| x.start).min(),
    };
    match (before, after) {
        (Some(end), Some(start)) => start - end >= model.rules.weekly_rest_minutes,
        _ => true,
    }
}

/// `weekly_rest`: the number of 7-day windows `[s, s+7)` inside the horizon without a rest
/// day, and, with a history, of windows starting 1 to 6 days before the horizon whose days
/// in it lie inside it.
pub(crate) fn weekly_rest(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let h = model.horizon.days;
    for p in 0..model.people.len() {
        let rest: Vec<bool> = (0..h).map(|d| rest_day(model, r, p, d)).collect();
        if !model.people[p].history.is_empty() {
            for back in 1..7i64 {
                let ahead = (7 - back) as usize;
                if ahead > h {
                    continue;
                }
                let any = (-back..0).any(|d| past_rest_day(model, r, p, d))
                    || rest[..ahead].iter().any(|&x| x);
                if !any {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(0),
                        1.0,
                        format!(
                            "no rest day of {} in the 7 days from {back} days before the rota \
                             (the previous rota's days included)",
                            hours(model.rules.weekly_rest_minutes as f64)
                        ),
                    ));
                }
            }
        }
        for s in 0..h {
            if s + 7 > h {
                break;
            }
            if !(s..s + 7).any(|d| rest[d]) {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(s),
                    1.0,
                    format!(
                        "no rest day of {} in the 7 days from {}",
                        hours(model.rules.weekly_rest_minutes as f64),
                        model.horizon.date(s)
                    ),
                ));
            }
        }
    }
    out
}

/// `activity_cap`: per person, cap and planning week, `max(0, minutes of the activity in
/// blocks of assignments starting that week - cap) / 60`.
pub(crate) fn activity_cap(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        for cap in &person.activity_caps {
            for w in 0..week_count(model) {
                let days = week_days(model, w);
                let minutes: i64 = r
                    .of_person(p)
                    .filter(|a| days.contains(&a.day))
                    .flat_map(|a| a.blocks.iter())
                    .filter(|b| b.activity == cap.activity)
                    .map(|b| b.end - b.start)
                    .sum();
                if minutes > cap.max_minutes_per_week {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(week_days(model, w).start),
                        (minutes - cap.max_minutes_per_week) as f64 / 60.0,
                        format!(
                            "{} of `{}` in planning week {}, cap {}",
                            hours(minutes as f64),
                            model.activities[cap.activity].id,
                            w + 1,
                            hours(cap.max_minutes_per_week as f64)
                        ),
                    ));
                }
            }
        }
    }
    out
}
