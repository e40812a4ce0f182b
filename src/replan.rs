//! The planner's week: a published rota pinned, a re-plan that changes it as little as it
//! can, and the differences between two rotas in a planner's words.
//!
//! Pins and the published rota are facts added to a [`Model`] (`Model::pins`,
//! `Model::published`), so the compiler and the checker treat them as they treat any rule
//! (`pinned`, `changes`); this module only turns a rota into those facts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::check::{self, Violation};
use serde::{Deserialize, Serialize};

use crate::model::{
    Model, PastShift, Pin, Published, PublishedDay, ShiftKind, UnsocialCounts, DAY,
};
use crate::rota::{parse_clock, Assignment, Rota};
use crate::rules::RuleId;

/// Default cost of a day whose shifts change in a re-plan.
pub const SHIFT_CHANGE_WEIGHT: f64 = 10.0;
/// Default cost of a day kept on its shift at another base.
pub const LOCATION_CHANGE_WEIGHT: f64 = 2.0;
/// Default cost of an hour of activity moved within the days.
pub const ACTIVITY_CHANGE_WEIGHT: f64 = 0.5;

/// The weights of a re-plan's changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeWeights {
    /// A day whose shifts change.
    pub shift: f64,
    /// A day kept on its shift at another base.
    pub location: f64,
    /// An hour of activity moved, added or taken away.
    pub activity: f64,
}

impl Default for ChangeWeights {
    fn default() -> Self {
        ChangeWeights {
            shift: SHIFT_CHANGE_WEIGHT,
            location: LOCATION_CHANGE_WEIGHT,
            activity: ACTIVITY_CHANGE_WEIGHT,
        }
    }
}

/// One person's day as a rota has it: the shifts and the day's base, by id.
#[derive(Debug, Clone, Default, PartialEq)]
struct Day {
    shifts: Vec<String>,
    location: Option<String>,
    activities: Vec<(String, String, String)>,
}

fn days_of(rota: &Rota) -> BTreeMap<(String, NaiveDate), Day> {
    let mut out: BTreeMap<(String, NaiveDate), Day> = BTreeMap::new();
    for a in &rota.assignments {
        let day = out.entry((a.person.clone(), a.date)).or_default();
        day.shifts.push(a.shift.clone());
        day.shifts.sort();
        if a.location.is_some() {
            day.location = a.location.clone();
        }
        day.activities.extend(
            a.activities
                .iter()
                .map(|b| (b.activity.clone(), b.start.clone(), b.end.clone())),
        );
    }
    out
}

/// The rota's day of person `p` on day `d` as model indices: the pin that keeps it exactly.
fn pin_of(model: &Model, assignments: &[&Assignment], p: usize, d: usize) -> Result<Pin, String> {
    let mut pin = Pin {
        person: p,
        day: d,
        shifts: Vec::new(),
        location: None,
        activities: None,
    };
    let mut blocks = Vec::new();
    for a in assignments {
        let t = model.shift_ix(&a.shift).ok_or_else(|| {
            format!(
                "{} {}: shift `{}` is not in the model",
                a.person, a.date, a.shift
            )
        })?;
        pin.shifts.push(t);
        if let Some(l) = &a.location {
            let l = model.location_ix(l).ok_or_else(|| {
                format!(
                    "{} {}: location `{l}` is not in the model",
                    a.person, a.date
                )
            })?;
            pin.location = Some(l);
        }
        let start = d as i64 * DAY + model.shifts[t].start;
        for b in &a.activities {
            let activity = model.activity_ix(&b.activity).ok_or_else(|| {
                format!(
                    "{} {}: activity `{}` is not in the model",
                    a.person, a.date, b.activity
                )
            })?;
            let at = |text: &str| -> Result<i64, String> {
                let m = parse_clock(text).ok_or_else(|| {
                    format!("{} {}: `{text}` is not a clock time", a.person, a.date)
                })?;
                let mut t = d as i64 * DAY + m;
                if t < start {
                    t += DAY;
                }
                Ok(t)
            };
            let (s, mut e) = (at(&b.start)?, at(&b.end)?);
            if e <= s {
                e += DAY;
            }
            blocks.push((activity, s, e));
        }
    }
    if !pin.shifts.is_empty() {
        pin.activities = Some(blocks);
    }
    Ok(pin)
}

/// Per person of `model` and day in `days`, the rota's assignments on that day.
fn by_person_day<'a>(
    model: &Model,
    rota: &'a Rota,
) -> Result<BTreeMap<(usize, usize), Vec<&'a Assignment>>, String> {
    let mut out: BTreeMap<(usize, usize), Vec<&Assignment>> = BTreeMap::new();
    for a in &rota.assignments {
        let p = model
            .person_ix(&a.person)
            .ok_or_else(|| format!("person `{}` is not in the model", a.person))?;
        if let Some(d) = model.horizon.day_of(a.date) {
            out.entry((p, d)).or_default().push(a);
        }
    }
    Ok(out)
}

/// Pins every person's days in `days` exactly as `rota` has them: the shifts (a day with none
/// is pinned off), the base and the activity blocks. A pin already in the model for the same
/// day gives way to the rota's.
///
/// # Errors
///
/// A person, shift, location or activity of the rota that the model does not have, or a
/// block time that cannot be read.
pub fn pin_rota(
    model: &mut Model,
    rota: &Rota,
    days: std::ops::Range<usize>,
) -> Result<(), String> {
    let worked = by_person_day(model, rota)?;
    let mut pins = Vec::new();
    for p in 0..model.people.len() {
        for d in days.clone() {
            let assignments = worked.get(&(p, d)).cloned().unwrap_or_default();
            pins.push(pin_of(model, &assignments, p, d)?);
        }
    }
    model.pins.retain(|pin| {
        !pins
            .iter()
            .any(|q| q.person == pin.person && q.day == pin.day)
    });
    model.pins.extend(pins);
    Ok(())
}

/// Sets up a re-plan from day `from`: the days before it pinned as `published` has them,
/// and the days from it priced by how far they move from it (rule `changes`).
///
/// # Errors
///
/// As [`pin_rota`].
pub fn replan_from(
    model: &mut Model,
    published: &Rota,
    from: usize,
    weights: ChangeWeights,
) -> Result<(), String> {
    pin_rota(model, published, 0..from)?;
    let worked = by_person_day(model, published)?;
    let mut days = Vec::new();
    for p in 0..model.people.len() {
        for d in from..model.horizon.days {
            let pin = pin_of(
                model,
                &worked.get(&(p, d)).cloned().unwrap_or_default(),
                p,
                d,
            )?;
            days.push(PublishedDay {
                person: p,
                day: d,
                shifts: pin.shifts,
                location: pin.location,
                activities: pin.activities.unwrap_or_default(),
            });
        }
    }
    model.published = Some(Published {
        from,
        days,
        shift_weight: weights.shift,
        location_weight: weights.location,
        activity_weight: weights.activity,
    });
    Ok(())
}

/// The pins' own conflicts with the hard rules a rota can only break further by adding
/// work (rest, successions, runs, hours in 7 days, weekly rest, caps, allowed shifts and
/// leave): checked on a rota of the pinned days alone, before any solve, so that a pin that
/// cannot be kept is named with its rule rather than met by a bare "infeasible".
pub fn pin_conflicts(model: &Model) -> Vec<Violation> {
    use RuleId::*;
    let mut rota = Rota::default();
    for pin in &model.pins {
        for &t in &pin.shifts {
            let shift = &model.shifts[t];
            rota.assignments.push(Assignment {
                person: model.people[pin.person].id.clone(),
                date: model.horizon.date(pin.day),
                shift: shift.id.clone(),
                start: crate::rota::clock(shift.start),
                end: crate::rota::clock(shift.end),
                location: match shift.kind {
                    crate::model::ShiftKind::Work => pin
                        .location
                        .or_else(|| model.locations.iter().position(|l| l.base))
                        .map(|l| model.locations[l].id.clone()),
                    crate::model::ShiftKind::OnCall => None,
                },
                activities: Vec::new(),
            });
        }
    }
    let monotone = |rule: RuleId| {
        matches!(
            rule,
            OneShiftPerDay
                | Availability
                | ContractShifts
                | MaxDaysPerWeek
                | MaxShifts
                | MaxConsecutiveDays
                | MaxWeekends
                | MinRest
                | ForbiddenSuccession
                | MaxMinutesPer7Days
                | WeeklyRest
                | HomeWorking
        )
    };
    check::check(model, &rota)
        .violations
        .into_iter()
        .filter(|v| v.hard && monotone(v.rule))
        .collect()
}

/// What differs between two rotas, per person and day, in a planner's words: `Thu 03 Dec
/// chloe: late_11_19 @office -> day @office`. Activities count only when the shifts and
/// base are the same.
pub fn diff(before: &Rota, after: &Rota) -> Vec<String> {
    let (a, b) = (days_of(before), days_of(after));
    let mut keys: Vec<&(String, NaiveDate)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let words = |d: Option<&Day>| match d {
        None => "off".to_string(),
        Some(d) => {
            let mut s = d.shifts.join("+");
            if let Some(l) = &d.location {
                let _ = write!(s, " @{l}");
            }
            s
        }
    };
    let mut out = Vec::new();
    for key in keys {
        let (x, y) = (a.get(key), b.get(key));
        if x == y {
            continue;
        }
        let (wx, wy) = (words(x), words(y));
        let what = match wx == wy {
            true => format!("{wx}: activities changed"),
            false => format!("{wx} -> {wy}"),
        };
        out.push(format!("{} {}: {what}", key.1.format("%a %d %b"), key.0));
    }
    out
}

/// Days of a previous rota kept as history: enough for every rule that looks back (rest,
/// successions, hours in 7 days, runs of days up to a fortnight).
pub const HISTORY_DAYS: i64 = 14;

/// What a rota leaves for the period after it, beyond its shifts: unsocial work in the
/// fairness period to its last day, and each family's worker at its end. Written in the
/// JSON rota (`carried`) so that `solve --after` can read it back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Carried {
    /// Per person with any, unsocial work to date.
    #[serde(default)]
    pub unsocial_to_date: Vec<UnsocialToDate>,
    /// Per family with a worker, who holds it.
    #[serde(default)]
    pub families: Vec<FamilyWorker>,
}

/// One person's unsocial work to date (as `fair_unsocial` counts it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnsocialToDate {
    pub person: String,
    pub nights: usize,
    pub weekends: usize,
    pub evenings: usize,
}

/// A family (a `continuity` activity) and its worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FamilyWorker {
    pub family: String,
    pub worker: String,
}

/// Per person of the model (by index), the units of unsocial work in `assignments`,
/// classified by the model's templates and activities as `fair_unsocial` does: a night (on
/// call, or past midnight), else a Saturday or Sunday, else a weekday evening (an unsocial
/// template or a block of an unsocial activity, once a day). Assignments of people or
/// templates the model does not have are skipped.
fn unsocial_units<'a>(
    model: &Model,
    assignments: impl Iterator<Item = &'a Assignment>,
) -> Vec<UnsocialCounts> {
    use chrono::{Datelike, Weekday};
    let mut out = vec![UnsocialCounts::default(); model.people.len()];
    let mut evenings = std::collections::BTreeSet::new();
    for a in assignments {
        let (Some(p), Some(t)) = (model.person_ix(&a.person), model.shift_ix(&a.shift)) else {
            continue;
        };
        let shift = &model.shifts[t];
        let weekend = matches!(a.date.weekday(), Weekday::Sat | Weekday::Sun);
        if shift.kind == ShiftKind::OnCall || shift.end > DAY {
            out[p].nights += 1;
        } else if weekend {
            out[p].weekends += 1;
        } else {
            let unsocial_block = a.activities.iter().any(|b| {
                model
                    .activity_ix(&b.activity)
                    .is_some_and(|x| model.activities[x].unsocial)
            });
            // An evening counts once a day (a shift and its visits are one).
            if (shift.unsocial || unsocial_block) && evenings.insert((p, a.date)) {
                out[p].evenings += 1;
            }
        }
    }
    out
}

/// Each family's worker after `assignments`: whoever did its latest block, else `before`.
fn family_workers<'a>(
    model: &Model,
    assignments: impl Iterator<Item = &'a Assignment>,
    before: impl Fn(usize) -> Option<usize>,
) -> Vec<Option<usize>> {
    let mut latest: Vec<Option<(NaiveDate, i64, usize)>> = vec![None; model.activities.len()];
    for a in assignments {
        let Some(p) = model.person_ix(&a.person) else {
            continue;
        };
        for b in &a.activities {
            let Some(x) = model.activity_ix(&b.activity) else {
                continue;
            };
            let key = (a.date, parse_clock(&b.start).unwrap_or(0), p);
            if model.activities[x].continuity
                && latest[x].is_none_or(|l| (l.0, l.1) < (key.0, key.1))
            {
                latest[x] = Some(key);
            }
        }
    }
    (0..model.activities.len())
        .map(|x| latest[x].map(|l| l.2).or_else(|| before(x)))
        .collect()
}

/// What `rota`, solved for `model`, leaves for the period after it.
pub fn carried(model: &Model, rota: &Rota) -> Carried {
    let inside = |a: &&Assignment| model.horizon.day_of(a.date).is_some();
    let units = unsocial_units(model, rota.assignments.iter().filter(inside));
    let workers = family_workers(model, rota.assignments.iter().filter(inside), |x| {
        model.activities[x].worker
    });
    Carried {
        unsocial_to_date: model
            .people
            .iter()
            .zip(units)
            .map(|(person, u)| UnsocialToDate {
                person: person.id.clone(),
                nights: person.unsocial_before.nights + u.nights,
                weekends: person.unsocial_before.weekends + u.weekends,
                evenings: person.unsocial_before.evenings + u.evenings,
            })
            .filter(|u| u.nights + u.weekends + u.evenings > 0)
            .collect(),
        families: workers
            .into_iter()
            .enumerate()
            .filter_map(|(x, w)| {
                Some(FamilyWorker {
                    family: model.activities[x].id.clone(),
                    worker: model.people[w?].id.clone(),
                })
            })
            .collect(),
    }
}

/// Sets the model's history from `previous`, the rota of the period before the model's
/// horizon, and what it carried (`carried`, from its JSON):
/// - each person's shifts in the last [`HISTORY_DAYS`] days before the start, placed by the
///   model's templates (matched by id);
/// - unsocial work so far in the fairness period: what `previous` carried to its end, less
///   its own days from the start on, or, without that or when the fairness period
///   (`history.fairness_since`) begins after `previous` does, its days in the period
///   before the start;
/// - each family's worker: whoever did its latest block before the start, else the
///   worker `previous` carried.
///
/// People of the previous rota who are not in the model have left and are skipped.
///
/// # Errors
///
/// A model that states its own history (`history:` beyond `fairness_since`), or a shift
/// of the previous rota, for a person of the model, that the model does not have.
pub fn history_from(
    model: &mut Model,
    previous: &Rota,
    carried: Option<&Carried>,
) -> Result<(), String> {
    if model.states_history() {
        return Err(
            "the model states its own `history:` and `--after` derives one; keep \
                    one (only `history.fairness_since` goes with `--after`)"
                .to_string(),
        );
    }
    let start = model.horizon.start;
    let mut history: Vec<Vec<PastShift>> = vec![Vec::new(); model.people.len()];
    for a in &previous.assignments {
        let back = (a.date - start).num_days();
        if !(-HISTORY_DAYS..0).contains(&back) {
            continue;
        }
        let Some(p) = model.person_ix(&a.person) else {
            continue;
        };
        let t = model.shift_ix(&a.shift).ok_or_else(|| {
            format!(
                "{} {}: shift `{}` is not in the model",
                a.person, a.date, a.shift
            )
        })?;
        let base = back * DAY;
        history[p].push(PastShift {
            shift: t,
            start: base + model.shifts[t].start,
            end: base + model.shifts[t].end,
        });
    }
    let first = previous.assignments.iter().map(|a| a.date).min();
    let since = model.fairness_since;
    let whole_period = since.is_none_or(|s| first.is_none_or(|f| s <= f));
    let before_start = |a: &&Assignment| a.date < start && since.is_none_or(|s| a.date >= s);
    let mut so_far = unsocial_units(model, previous.assignments.iter().filter(before_start));
    if let (Some(carried), true) = (carried, whole_period) {
        // What it carried counts its own days too; those from the start on are this
        // horizon's, and those before it are counted above.
        let all = unsocial_units(model, previous.assignments.iter());
        for line in &carried.unsocial_to_date {
            let Some(p) = model.person_ix(&line.person) else {
                continue;
            };
            let own = all[p];
            so_far[p].nights += line.nights.saturating_sub(own.nights);
            so_far[p].weekends += line.weekends.saturating_sub(own.weekends);
            so_far[p].evenings += line.evenings.saturating_sub(own.evenings);
        }
    }
    let carried_worker = |x: usize| {
        let family = &model.activities[x].id;
        let line = carried?.families.iter().find(|f| &f.family == family)?;
        model.person_ix(&line.worker)
    };
    let workers = family_workers(
        model,
        previous.assignments.iter().filter(|a| a.date < start),
        carried_worker,
    );
    model.history_days = HISTORY_DAYS as usize;
    for ((person, mut past), units) in model.people.iter_mut().zip(history).zip(so_far) {
        past.sort_by_key(|x| x.start);
        person.history = past;
        person.unsocial_before = units;
    }
    for (activity, worker) in model.activities.iter_mut().zip(workers) {
        activity.worker = worker.filter(|_| activity.continuity);
    }
    Ok(())
}
