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
use crate::model::{Model, PastShift, Pin, Published, PublishedDay, DAY};
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

/// Sets each person's history from `previous`, the rota of the period before the model's
/// horizon: its shifts in the last [`HISTORY_DAYS`] days before the start, placed by the
/// model's templates (matched by id). People of the previous rota who are not in the model
/// have left and are skipped; assignments on or after the start are ignored.
///
/// # Errors
///
/// A shift of the previous rota, for a person of the model, that the model does not have.
pub fn history_from(model: &mut Model, previous: &Rota) -> Result<(), String> {
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
    for (person, mut past) in model.people.iter_mut().zip(history) {
        past.sort_by_key(|x| x.start);
        person.history = past;
    }
    Ok(())
}
