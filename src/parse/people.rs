//! Contracts, people and job shares.
//!
//! A person's contract is their contract type with their inline fields laid over it. Each
//! contract type is checked once, at its own place in the file; a person's overrides are
//! checked at `people[i].contract`.

use std::collections::HashMap;

use chrono::{NaiveDate, Weekday};

use super::build::Ctx;
use super::merge::Merged;
use super::problems::{Located, Origin};
use super::raw::{
    RawContract, RawContractRef, RawDays, RawJobShare, RawLeave, RawPerson, RawRunLength,
    RawTolerance,
};
use super::values::{self, WEEKDAY_NAMES};
use crate::model::{
    ActivityCap, Contract, Horizon, JobShare, Person, Request, RequestKind, ShiftIx, WeekMinutes,
    DAY,
};

/// Minutes per week (`minutes_per_week / 2220`) of one full-time equivalent.
const FULL_TIME_MINUTES_PER_WEEK: f64 = 2220.0;
/// Default contract tolerance, minutes per week (or per horizon).
const DEFAULT_TOLERANCE: u32 = 60;
/// Default request weight.
const DEFAULT_REQUEST_WEIGHT: f64 = 10.0;

/// Contracted time, as written.
#[derive(Debug, Clone, Copy)]
enum Minutes {
    PerWeek(i64),
    PerHorizon(i64),
}

/// A contract type, or a person's overrides, with ids resolved; `None` is "not set here".
#[derive(Debug, Clone, Default)]
struct Layer {
    fte: Option<f64>,
    minutes: Option<Minutes>,
    tolerance: Option<RawTolerance>,
    balance: Option<RawTolerance>,
    shifts: Option<Vec<ShiftIx>>,
    weekdays: Option<Vec<Weekday>>,
    max_days_per_week: Option<usize>,
    max_shifts: Option<Vec<(ShiftIx, usize)>>,
    max_shifts_per_week: Option<Vec<(ShiftIx, usize)>>,
    consecutive_days: Option<RawRunLength>,
    min_consecutive_days_off: Option<usize>,
    max_weekends: Option<usize>,
    leave_day_minutes: Option<i64>,
}

impl Layer {
    /// This layer's fields where set, else `base`'s. `minutes_per_week` and
    /// `minutes_per_horizon` count as one field.
    fn over(&self, base: &Layer) -> Layer {
        Layer {
            fte: self.fte.or(base.fte),
            minutes: self.minutes.or(base.minutes),
            tolerance: self.tolerance.or(base.tolerance),
            balance: self.balance.or(base.balance),
            shifts: self.shifts.clone().or_else(|| base.shifts.clone()),
            weekdays: self.weekdays.clone().or_else(|| base.weekdays.clone()),
            max_days_per_week: self.max_days_per_week.or(base.max_days_per_week),
            max_shifts: self.max_shifts.clone().or_else(|| base.max_shifts.clone()),
            max_shifts_per_week: self
                .max_shifts_per_week
                .clone()
                .or_else(|| base.max_shifts_per_week.clone()),
            consecutive_days: self.consecutive_days.or(base.consecutive_days),
            min_consecutive_days_off: self
                .min_consecutive_days_off
                .or(base.min_consecutive_days_off),
            max_weekends: self.max_weekends.or(base.max_weekends),
            leave_day_minutes: self.leave_day_minutes.or(base.leave_day_minutes),
        }
    }
}

/// Builds every person (one per raw person, in order).
pub fn people(merged: &Merged, shift_count: usize, has_home: bool, ctx: &mut Ctx) -> Vec<Person> {
    let types: Vec<Layer> = merged
        .contracts
        .items
        .iter()
        .map(|c| contract_type(c, ctx))
        .collect();
    merged
        .people
        .items
        .iter()
        .map(|p| {
            let mut person = person(p, &types, shift_count, ctx);
            person.requests = requests(&p.value, &person, has_home, &p.at.field("requests"), ctx);
            person
        })
        .collect()
}

/// Checks a contract type (`contracts[i]`).
fn contract_type(raw: &Located<RawContract>, ctx: &mut Ctx) -> Layer {
    if raw.value.id.is_none() {
        ctx.problems.error(&raw.at, "missing field `id`");
    }
    if raw.value.type_id.is_some() {
        ctx.problems.error_hint(
            &raw.at.field("type"),
            "`type` is only for a person's own contract",
            "a contract type is named by `id`",
        );
    }
    layer(&raw.value, &raw.at, ctx)
}

/// Checks the fields of a contract type or of a person's overrides, resolving ids.
fn layer(raw: &RawContract, at: &Origin, ctx: &mut Ctx) -> Layer {
    if raw.minutes_per_week.is_some() && raw.minutes_per_horizon.is_some() {
        ctx.problems.error_hint(
            &at.field("minutes_per_horizon"),
            "both `minutes_per_week` and `minutes_per_horizon` are set",
            "set only one of them",
        );
    }
    if let Some(fte) = raw.fte {
        check_fte(fte, &at.field("fte"), ctx, "");
    }
    if let Some(run) = raw.consecutive_days {
        check_run_length(run, &at.field("consecutive_days"), ctx);
    }
    let minutes = match (raw.minutes_per_week, raw.minutes_per_horizon) {
        (Some(m), _) => Some(Minutes::PerWeek(i64::from(m))),
        (None, Some(m)) => Some(Minutes::PerHorizon(i64::from(m))),
        (None, None) => None,
    };
    let count = |x: Option<u32>| x.map(|x| x as usize);
    Layer {
        fte: raw.fte,
        minutes,
        tolerance: raw.tolerance,
        balance: raw.balance,
        shifts: raw.shifts.as_ref().map(|ids| {
            ctx.shifts
                .resolve_all(ids, &at.field("shifts"), &mut ctx.problems)
        }),
        weekdays: raw.weekdays.as_ref().map(|names| {
            let at = at.field("weekdays");
            names
                .iter()
                .enumerate()
                .filter_map(|(i, w)| values::weekday(w, &at.item(i), &mut ctx.problems))
                .collect()
        }),
        max_days_per_week: count(raw.max_days_per_week),
        max_shifts: raw
            .max_shifts
            .as_ref()
            .map(|m| shift_limits(m, &at.field("max_shifts"), ctx)),
        max_shifts_per_week: raw
            .max_shifts_per_week
            .as_ref()
            .map(|m| shift_limits(m, &at.field("max_shifts_per_week"), ctx)),
        consecutive_days: raw.consecutive_days,
        min_consecutive_days_off: count(raw.min_consecutive_days_off),
        max_weekends: count(raw.max_weekends),
        leave_day_minutes: raw.leave_day_minutes.map(i64::from),
    }
}

fn shift_limits(
    limits: &std::collections::BTreeMap<String, u32>,
    at: &Origin,
    ctx: &mut Ctx,
) -> Vec<(ShiftIx, usize)> {
    limits
        .iter()
        .filter_map(|(id, limit)| {
            let shift = ctx.shifts.resolve(id, &at.field(id), &mut ctx.problems)?;
            Some((shift, *limit as usize))
        })
        .collect()
}

fn check_fte(fte: f64, at: &Origin, ctx: &mut Ctx, how: &str) {
    if !(fte > 0.0 && fte <= 2.0) {
        ctx.problems.error_hint(
            at,
            format!("fte{how} is {fte}; expected more than 0 and at most 2"),
            "1 is full time; set `fte` explicitly if it cannot be derived from the minutes",
        );
    }
}

fn check_run_length(run: RawRunLength, at: &Origin, ctx: &mut Ctx) {
    if let (Some(min), Some(max)) = (run.min, run.max) {
        if min > max {
            ctx.problems.error(
                &at.field("min"),
                format!("consecutive_days min {min} is more than max {max}"),
            );
        }
    }
    if run.max == Some(0) {
        ctx.problems.error_hint(
            &at.field("max"),
            "consecutive_days max is 0",
            "a person who may not work at all needs no shifts: use `weekdays: []`",
        );
    }
}

/// The person's resolved contract (a placeholder after an error).
fn contract(
    raw: &RawContractRef,
    at: &Origin,
    types: &[Layer],
    shift_count: usize,
    ctx: &mut Ctx,
) -> Contract {
    let (type_id, layer) = match raw {
        RawContractRef::Type(id) => {
            let base = ctx.contracts.resolve(id, at, &mut ctx.problems);
            (id.clone(), base.map(|ix| types[ix].clone()))
        }
        RawContractRef::Inline(inline) => {
            let own = layer(inline, at, ctx);
            if inline.id.is_some() {
                ctx.problems.error_hint(
                    &at.field("id"),
                    "a person's contract names its type with `type`, not `id`",
                    "write `contract: {type: full_time, ...}`",
                );
            }
            match &inline.type_id {
                Some(id) => {
                    let base = ctx
                        .contracts
                        .resolve(id, &at.field("type"), &mut ctx.problems);
                    (id.clone(), base.map(|ix| own.over(&types[ix])))
                }
                None => {
                    ctx.problems.error_hint(
                        at,
                        "missing field `type` in the person's contract",
                        "name the contract type it starts from: `{type: full_time, ...}`",
                    );
                    (String::new(), None)
                }
            }
        }
    };
    match layer {
        Some(layer) => finish(layer, type_id, at, shift_count, ctx),
        None => placeholder_contract(type_id),
    }
}

/// Turns merged layers into a model contract, scaled to the horizon.
fn finish(layer: Layer, id: String, at: &Origin, shift_count: usize, ctx: &mut Ctx) -> Contract {
    let calendar = ctx.calendar.clone();
    let days = calendar.horizon.days as i64;
    let minutes = layer.minutes.unwrap_or_else(|| {
        ctx.problems.error_hint(
            at,
            format!("contract `{id}` sets neither `minutes_per_week` nor `minutes_per_horizon`"),
            "set one in the contract type, or in this person's contract",
        );
        Minutes::PerWeek(0)
    });
    let tolerance = layer.tolerance.unwrap_or(RawTolerance {
        under: None,
        over: None,
    });
    let under = i64::from(tolerance.under.unwrap_or(DEFAULT_TOLERANCE));
    let over = i64::from(tolerance.over.unwrap_or(DEFAULT_TOLERANCE));
    let horizon = calendar.horizon;
    let (target, under, over, per_week, weekly) = match minutes {
        Minutes::PerWeek(m) => {
            // Each planning week pro rata to the contract's working weekdays in it (a short
            // first or last week holds the share of the week its days can be worked).
            let works: Vec<Weekday> = layer
                .weekdays
                .clone()
                .unwrap_or_else(|| WEEKDAY_NAMES.iter().map(|(_, w)| *w).collect());
            let k = works.len().max(1) as i64;
            let part = |x: i64, n: i64| (2 * x * n + k).div_euclid(2 * k);
            let weekly: Vec<WeekMinutes> = (0..horizon.weeks())
                .map(|w| {
                    let n = horizon
                        .week_days(w)
                        .filter(|&d| works.contains(&horizon.weekday(d)))
                        .count() as i64;
                    let target = part(m, n);
                    WeekMinutes {
                        target,
                        min: (target - part(under, n)).max(0),
                        max: target + part(over, n),
                    }
                })
                .collect();
            let target = weekly.iter().map(|w| w.target).sum();
            let (under, over) = match layer.balance {
                Some(b) => (
                    b.under.map_or(calendar.scale(under), i64::from),
                    b.over.map_or(calendar.scale(over), i64::from),
                ),
                None => (calendar.scale(under), calendar.scale(over)),
            };
            (target, under, over, m as f64, weekly)
        }
        Minutes::PerHorizon(m) => {
            if layer.balance.is_some() {
                ctx.problems.error_hint(
                    at,
                    format!("contract `{id}` sets `balance` with `minutes_per_horizon`"),
                    "`balance` limits the horizon's total when minutes are set per week; \
                     with `minutes_per_horizon` use `tolerance`",
                );
            }
            (m, under, over, m as f64 * 7.0 / days as f64, Vec::new())
        }
    };
    let fte = layer.fte.unwrap_or_else(|| {
        let fte = per_week / FULL_TIME_MINUTES_PER_WEEK;
        if layer.minutes.is_some() {
            check_fte(fte, at, ctx, " (derived from the contracted minutes)");
        }
        fte
    });
    let run = layer.consecutive_days.unwrap_or(RawRunLength {
        min: None,
        max: None,
    });
    // A day's share of the week: the week over the days it is worked in.
    let days_worked = layer
        .max_days_per_week
        .unwrap_or(7)
        .min(layer.weekdays.as_ref().map_or(7, Vec::len))
        .max(1);
    let leave_day_minutes = layer
        .leave_day_minutes
        .unwrap_or((per_week / days_worked as f64).round() as i64);
    Contract {
        id,
        fte,
        target_minutes: target,
        min_minutes: (target - under).max(0),
        max_minutes: target + over,
        weekly,
        allowed_shifts: layer.shifts.unwrap_or_else(|| (0..shift_count).collect()),
        weekdays: layer
            .weekdays
            .unwrap_or_else(|| WEEKDAY_NAMES.iter().map(|(_, w)| *w).collect()),
        max_days_per_week: layer.max_days_per_week,
        max_shifts: layer.max_shifts.unwrap_or_default(),
        max_shifts_per_week: layer.max_shifts_per_week.unwrap_or_default(),
        min_consecutive_days: run.min.map_or(1, |m| m as usize),
        max_consecutive_days: run.max.map(|m| m as usize),
        min_consecutive_days_off: layer.min_consecutive_days_off.unwrap_or(1),
        max_weekends: layer.max_weekends,
        leave_day_minutes,
    }
}

/// Stands in for a contract that could not be resolved (the model is not handed out).
fn placeholder_contract(id: String) -> Contract {
    Contract {
        id,
        fte: 1.0,
        target_minutes: 0,
        min_minutes: 0,
        max_minutes: 0,
        weekly: Vec::new(),
        allowed_shifts: Vec::new(),
        weekdays: Vec::new(),
        max_days_per_week: None,
        max_shifts: Vec::new(),
        max_shifts_per_week: Vec::new(),
        min_consecutive_days: 1,
        max_consecutive_days: None,
        min_consecutive_days_off: 1,
        max_weekends: None,
        leave_day_minutes: 0,
    }
}

fn person(raw: &Located<RawPerson>, types: &[Layer], shift_count: usize, ctx: &mut Ctx) -> Person {
    let p = &raw.value;
    let at = &raw.at;
    let mut contract = contract(&p.contract, &at.field("contract"), types, shift_count, ctx);
    let cost_per_hour = match p.cost_per_hour {
        Some(c) => {
            let range = (0.0, values::COST_PER_HOUR_MAX);
            let at = at.field("cost_per_hour");
            match values::in_range(c, range, "cost_per_hour", &at, &mut ctx.problems) {
                true => c,
                false => 0.0,
            }
        }
        None => 0.0,
    };
    let mut unavailable = leave(&p.leave, &at.field("leave"), ctx);
    let mut leave_days: Vec<usize> = unavailable
        .iter()
        .map(|&(s, _)| (s / DAY) as usize)
        .collect();
    leave_days.sort_unstable();
    leave_days.dedup();
    if ctx.calendar.bank_holidays_off && !p.agency && !p.works_bank_holidays {
        // A bank holiday is a paid day off, credited like a day of leave.
        for &d in &ctx.calendar.bank_holidays {
            let day = (d as i64 * DAY, d as i64 * DAY + DAY);
            if !unavailable.contains(&day) {
                unavailable.push(day);
            }
        }
        unavailable.sort_unstable();
    }
    let credit = leave_credit(&contract, &unavailable, ctx.calendar.horizon);
    let leave_credit_minutes: i64 = credit.iter().sum();
    if leave_credit_minutes > 0 && contract.target_minutes > 0 {
        // Time away in the horizon: a smaller share of its unsocial work, pro rata.
        let left = (contract.target_minutes - leave_credit_minutes).max(0);
        contract.fte *= left as f64 / contract.target_minutes as f64;
    }
    contract.target_minutes = (contract.target_minutes - leave_credit_minutes).max(0);
    contract.min_minutes = (contract.min_minutes - leave_credit_minutes).max(0);
    contract.max_minutes = (contract.max_minutes - leave_credit_minutes).max(0);
    // Leave is credited in the week it falls in.
    for (week, credit) in contract.weekly.iter_mut().zip(&credit) {
        week.target = (week.target - credit).max(0);
        week.min = (week.min - credit).max(0);
        week.max = (week.max - credit).max(0);
    }
    unavailable.extend(part_days(p, &at.field("unavailable"), ctx));
    Person {
        id: p.id.clone(),
        name: p.name.clone().unwrap_or_else(|| p.id.clone()),
        skills: p.skills.clone(),
        contract,
        agency: p.agency,
        cost_per_hour,
        home_days_per_week: p.home_days_per_week.map(|d| d as usize),
        unavailable,
        requests: Vec::new(),
        activity_caps: caps(p, &at.field("caps"), ctx),
        max_families: p.max_families.map(|n| n as usize),
        history: Vec::new(),
        unsocial_before: Default::default(),
        leave_credit_minutes,
        leave_days,
        locked_days: p.locked_down.as_ref().map_or_else(Vec::new, |days| {
            values::select_days(
                days,
                &ctx.calendar,
                &at.field("locked_down"),
                &mut ctx.problems,
            )
        }),
    }
}

/// Contracted minutes a person's leave stands for, per planning week: `leave_day_minutes`
/// for each day of leave on a weekday the contract works, at most the contract's working
/// days in the week (a week of leave credits a week's hours, not seven days').
fn leave_credit(contract: &Contract, leave: &[(i64, i64)], horizon: Horizon) -> Vec<i64> {
    let per_week = contract
        .max_days_per_week
        .unwrap_or(7)
        .min(contract.weekdays.len());
    let mut days_by_week = vec![0usize; horizon.weeks()];
    for &(start, _) in leave {
        let d = (start / DAY) as usize;
        if contract.weekdays.contains(&horizon.weekday(d)) {
            days_by_week[horizon.week_of(d)] += 1;
        }
    }
    days_by_week
        .iter()
        .map(|&n| n.min(per_week) as i64 * contract.leave_day_minutes)
        .collect()
}

/// Whole days of leave inside the horizon, as absolute intervals (leave outside is ignored).
fn leave(leave: &[RawLeave], at: &Origin, ctx: &mut Ctx) -> Vec<(i64, i64)> {
    let horizon = ctx.calendar.horizon;
    let mut out = Vec::new();
    for (i, entry) in leave.iter().enumerate() {
        let at = at.item(i);
        let Some((from, to)) = leave_dates(entry, &at, ctx) else {
            continue;
        };
        let first = (from - horizon.start).num_days().max(0);
        let last = (to - horizon.start).num_days().min(horizon.days as i64 - 1);
        out.extend((first..=last).map(|d| (d * DAY, d * DAY + DAY)));
    }
    out
}

fn leave_dates(entry: &RawLeave, at: &Origin, ctx: &mut Ctx) -> Option<(NaiveDate, NaiveDate)> {
    match entry {
        RawLeave::Day(day) => values::date(day, at, &mut ctx.problems).map(|d| (d, d)),
        RawLeave::Range(range) => {
            let from = values::date(&range.from, &at.field("from"), &mut ctx.problems);
            let to = values::date(&range.to, &at.field("to"), &mut ctx.problems);
            let (from, to) = (from?, to?);
            if from > to {
                ctx.problems.error_hint(
                    &at.field("to"),
                    format!("leave ends on {to}, before it starts on {from}"),
                    "`from` and `to` are the first and last day of leave (inclusive)",
                );
                return None;
            }
            Some((from, to))
        }
    }
}

/// Part-day unavailability as absolute intervals; an interval is kept when it meets the
/// horizon or the day after it (which a night shift on the last day reaches).
fn part_days(p: &RawPerson, at: &Origin, ctx: &mut Ctx) -> Vec<(i64, i64)> {
    let horizon = ctx.calendar.horizon;
    let mut out = Vec::new();
    for (i, u) in p.unavailable.iter().enumerate() {
        let at = at.item(i);
        let date = values::date(&u.date, &at.field("date"), &mut ctx.problems);
        let window = values::window(&u.start, &u.end, &at, &mut ctx.problems);
        let (Some(date), Some((start, end))) = (date, window) else {
            continue;
        };
        let base = (date - horizon.start).num_days() * DAY;
        let interval = (base + start, base + end);
        if interval.1 > 0 && interval.0 < (horizon.days as i64 + 1) * DAY {
            out.push(interval);
        }
    }
    out
}

/// A person's requests (`people[i].requests`), with what `person` already holds (contract,
/// leave, locked-down days) to cut a number of home days to the days they can work.
fn requests(
    p: &RawPerson,
    person: &Person,
    has_home: bool,
    at: &Origin,
    ctx: &mut Ctx,
) -> Vec<Request> {
    let mut out = Vec::new();
    for (i, r) in p.requests.iter().enumerate() {
        let at = at.item(i);
        let weight = values::weight(
            r.weight,
            DEFAULT_REQUEST_WEIGHT,
            &at.field("weight"),
            &mut ctx.problems,
        );
        if r.home.is_some() || r.home_days.is_some() {
            out.extend(home_requests(r, person, has_home, weight, &at, ctx));
            continue;
        }
        let Some((kind, date)) = request_kind(r, &at, ctx) else {
            continue;
        };
        let date_at = at.field(if r.day_off.is_some() {
            "day_off"
        } else {
            "date"
        });
        let Some(date) = values::date(&date, &date_at, &mut ctx.problems) else {
            continue;
        };
        // A request for another period (a team file rolled on to next week) is kept for
        // that period, like leave: nothing to honour here.
        let day = ctx.calendar.horizon.day_of(date);
        if let (Some(day), Some(kind)) = (day, kind) {
            out.push(Request { day, kind, weight });
        }
    }
    out
}

/// A home-working request: `{home: <day selector>}` is one request per selected day to be
/// based at home if working; `{home_days: N}` one per planning week for N home days, cut to
/// the days the person can work that week (their weekdays, less leave and locked-down days),
/// so that a week of leave asks for nothing. The home-working allowance does not cut it: a
/// design that lowers the allowance shows as home days wanted but not given.
fn home_requests(
    r: &super::raw::RawRequest,
    person: &Person,
    has_home: bool,
    weight: f64,
    at: &Origin,
    ctx: &mut Ctx,
) -> Vec<Request> {
    let others = [
        ("day_off", r.day_off.is_some()),
        ("shift_on", r.shift_on.is_some()),
        ("shift_off", r.shift_off.is_some()),
        ("date", r.date.is_some()),
        ("home_days", r.home.is_some() && r.home_days.is_some()),
    ];
    if let Some((field, _)) = others.iter().find(|(_, set)| *set) {
        ctx.problems.error_hint(
            &at.field(field),
            format!("a home-working request does not take `{field}`"),
            "write `{home: [fri]}` for a fixed home day, or `{home_days: 2}` for two a week",
        );
        return Vec::new();
    }
    if !has_home {
        ctx.problems.error_hint(
            at,
            "a home-working request, but no base location is a home",
            "add `locations: [{id: home, home: true}]` so a day can be based at home",
        );
        return Vec::new();
    }
    let horizon = ctx.calendar.horizon;
    if let Some(days) = &r.home {
        let days = values::select_days(days, &ctx.calendar, &at.field("home"), &mut ctx.problems);
        return days
            .into_iter()
            .map(|day| Request {
                day,
                kind: RequestKind::Home,
                weight,
            })
            .collect();
    }
    let Some(n) = r.home_days else {
        return Vec::new();
    };
    if n > 7 {
        ctx.problems.error_hint(
            &at.field("home_days"),
            format!("`home_days` is {n}; expected 0 to 7 home days a week"),
            "the number of days a week the person would like to work from home",
        );
        return Vec::new();
    }
    let whole_day_off = |d: usize| {
        let (s, e) = (d as i64 * DAY, d as i64 * DAY + DAY);
        person.unavailable.iter().any(|&(a, b)| a <= s && b >= e)
    };
    let can_work = |d: usize| {
        person.contract.weekdays.contains(&horizon.weekday(d))
            && !person.locked(d)
            && !whole_day_off(d)
    };
    (0..horizon.weeks())
        .filter_map(|w| {
            let days = horizon.week_days(w);
            let mut most = days.clone().filter(|&d| can_work(d)).count();
            if let Some(max) = person.contract.max_days_per_week {
                most = most.min(max);
            }
            let wanted = (n as usize).min(most);
            (wanted > 0).then_some(Request {
                day: days.start,
                kind: RequestKind::HomeDays(wanted),
                weight,
            })
        })
        .collect()
}

/// What a request asks and its date text; the kind is `None` when its shift is unknown.
fn request_kind(
    r: &super::raw::RawRequest,
    at: &Origin,
    ctx: &mut Ctx,
) -> Option<(Option<RequestKind>, String)> {
    let given: Vec<&str> = [
        ("day_off", r.day_off.is_some()),
        ("shift_on", r.shift_on.is_some()),
        ("shift_off", r.shift_off.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect();
    if given.len() != 1 {
        ctx.problems.error_hint(
            at,
            format!(
                "a request needs exactly one of `day_off`, `shift_on`, `shift_off`, `home`, `home_days` (found {})",
                given.len()
            ),
            "e.g. `{day_off: 2025-01-08}` or `{shift_on: late, date: 2025-01-08}`",
        );
        return None;
    }
    if let Some(day) = &r.day_off {
        if r.date.is_some() {
            ctx.problems.error_hint(
                &at.field("date"),
                "a day-off request gives its date in `day_off`",
                "write `{day_off: 2025-01-08}`",
            );
        }
        return Some((Some(RequestKind::DayOff), day.clone()));
    }
    let (field, shift) = match (&r.shift_on, &r.shift_off) {
        (Some(s), _) => ("shift_on", s),
        (_, Some(s)) => ("shift_off", s),
        _ => unreachable!("exactly one request kind is set"),
    };
    let shift = ctx
        .shifts
        .resolve(shift, &at.field(field), &mut ctx.problems);
    let kind = shift.map(|s| match field {
        "shift_on" => RequestKind::ShiftOn(s),
        _ => RequestKind::ShiftOff(s),
    });
    let Some(date) = &r.date else {
        ctx.problems.error_hint(
            at,
            "missing field `date`",
            format!("a `{field}` request needs the date: `{{{field}: ..., date: 2025-01-08}}`"),
        );
        return None;
    };
    Some((kind, date.clone()))
}

fn caps(p: &RawPerson, at: &Origin, ctx: &mut Ctx) -> Vec<ActivityCap> {
    p.caps
        .iter()
        .enumerate()
        .filter_map(|(i, cap)| {
            let at = at.item(i).field("activity");
            let activity = ctx
                .activities
                .resolve(&cap.activity, &at, &mut ctx.problems)?;
            Some(ActivityCap {
                activity,
                max_minutes_per_week: i64::from(cap.max_minutes_per_week),
            })
        })
        .collect()
}

/// Builds every job share; a person may hold at most one.
/// Builds every job share; a holder's leave is taken off the post's minutes too.
pub fn job_shares(
    items: &[Located<RawJobShare>],
    people: &[Person],
    ctx: &mut Ctx,
) -> Vec<JobShare> {
    let mut holder: HashMap<usize, String> = HashMap::new();
    items
        .iter()
        .map(|js| job_share(js, people, &mut holder, ctx))
        .collect()
}

fn job_share(
    raw: &Located<RawJobShare>,
    people: &[Person],
    holder: &mut HashMap<usize, String>,
    ctx: &mut Ctx,
) -> JobShare {
    let js = &raw.value;
    let at = raw.at.field("members");
    let mut members = Vec::new();
    for (i, id) in js.members.iter().enumerate() {
        let Some(p) = ctx.people.resolve(id, &at.item(i), &mut ctx.problems) else {
            continue;
        };
        if members.contains(&p) {
            ctx.problems
                .error(&at.item(i), format!("`{id}` is listed twice"));
            continue;
        }
        match holder.get(&p) {
            Some(other) => ctx.problems.error_hint(
                &at.item(i),
                format!("`{id}` already holds job share `{other}`"),
                "a person may hold one job share",
            ),
            None => {
                holder.insert(p, js.id.clone());
            }
        }
        members.push(p);
    }
    if js.members.len() < 2 {
        ctx.problems.error_hint(
            &at,
            format!(
                "a job share needs at least 2 members, found {}",
                js.members.len()
            ),
            "a post held by one person is an ordinary contract",
        );
    }
    let calendar = ctx.calendar.clone();
    let weekdays = RawDays::Named("weekdays".into());
    let cover = js.cover_days.as_ref().unwrap_or(&weekdays);
    let cover_days = values::select_days(
        cover,
        &calendar,
        &raw.at.field("cover_days"),
        &mut ctx.problems,
    );
    let handover_days = js.handover_days.as_ref().map_or_else(Vec::new, |sel| {
        values::select_days(
            sel,
            &calendar,
            &raw.at.field("handover_days"),
            &mut ctx.problems,
        )
    });
    let leave: i64 = members
        .iter()
        .filter_map(|&p| people.get(p))
        .map(|p| p.leave_credit_minutes)
        .sum();
    JobShare {
        id: js.id.clone(),
        members,
        target_minutes: (calendar.scale(i64::from(js.minutes_per_week)) - leave).max(0),
        tolerance_minutes: calendar.scale(i64::from(
            js.tolerance_minutes_per_week.unwrap_or(DEFAULT_TOLERANCE),
        )),
        cover_days,
        handover_days,
        handover_minutes: js.handover_minutes.map(|n| {
            values::day_minutes(
                n,
                "handover_minutes",
                &raw.at,
                "the time both holders are at work together, e.g. 60",
                &mut ctx.problems,
            )
        }),
        option: None,
    }
}
