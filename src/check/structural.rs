//! Structural rules: what makes a rota a rota. Always hard.

use std::collections::HashSet;

use crate::model::{Model, ShiftKind, DAY};
use crate::rota::clock;
use crate::rules::RuleId;

use super::resolve::{Asg, Resolved};
use super::Finding;

/// An absolute minute as "YYYY-MM-DD HH:MM" (the date of the day it falls in).
pub(crate) fn when(model: &Model, minute: i64) -> String {
    let day = minute.div_euclid(DAY);
    let date = model.horizon.start + chrono::Duration::days(day);
    format!("{date} {}", clock(minute))
}

/// "assignment N (`shift`)" for messages (the person and date prefix the message).
pub(crate) fn describe(model: &Model, a: &Asg) -> String {
    format!("assignment {} (`{}`)", a.index, model.shifts[a.shift].id)
}

/// `one_shift_per_day`: at most one assignment per person and day, or a work shift and an
/// on-call overlay that lists it in `after`; amount: the assignments beyond those.
pub(crate) fn one_shift_per_day(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = r.problems_of(RuleId::OneShiftPerDay);
    for p in 0..model.people.len() {
        for d in 0..model.horizon.days {
            let on: Vec<&Asg> = r.on_day(p, d).collect();
            let allowed = match on.as_slice() {
                [a, b] if model.shifts[b.shift].after.contains(&a.shift) => 2,
                [a, b] if model.shifts[a.shift].after.contains(&b.shift) => 2,
                _ => 1,
            };
            if on.len() > allowed {
                let shifts: Vec<&str> = on
                    .iter()
                    .map(|a| model.shifts[a.shift].id.as_str())
                    .collect();
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(d),
                    (on.len() - 1) as f64,
                    format!(
                        "{} assignments on one day: {}",
                        shifts.len(),
                        shifts.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

/// `availability`: no assignment interval intersects an unavailable interval; 1 per
/// assignment.
pub(crate) fn availability(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = r.problems_of(RuleId::Availability);
    for a in &r.assignments {
        let person = &model.people[a.person];
        let clashes: Vec<String> = person
            .unavailable
            .iter()
            .filter(|&&(u_start, u_end)| a.start < u_end && u_start < a.end)
            .map(|&(u_start, u_end)| format!("{} to {}", when(model, u_start), when(model, u_end)))
            .collect();
        if !clashes.is_empty() {
            out.push(Finding::new(
                model,
                Some(a.person),
                Some(a.day),
                1.0,
                format!(
                    "{} overlaps unavailable time {}",
                    describe(model, a),
                    clashes.join(", ")
                ),
            ));
        }
    }
    out
}

/// `contract_shifts`: the template and the weekday are allowed by the contract; 1 per
/// assignment. Also carries unknown persons, shifts and dates found while resolving.
pub(crate) fn contract_shifts(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = r.problems_of(RuleId::ContractShifts);
    for a in &r.assignments {
        let contract = &model.people[a.person].contract;
        let mut reasons = Vec::new();
        if !contract.allowed_shifts.contains(&a.shift) {
            reasons.push(format!(
                "contract `{}` does not allow shift `{}`",
                contract.id, model.shifts[a.shift].id
            ));
        }
        let weekday = model.horizon.weekday(a.day);
        if !contract.weekdays.contains(&weekday) {
            reasons.push(format!(
                "contract `{}` does not allow work on {weekday}",
                contract.id
            ));
        }
        if !model.shifts[a.shift].weekdays.contains(&weekday) {
            reasons.push(format!(
                "shift `{}` is not worked on {weekday}",
                model.shifts[a.shift].id
            ));
        }
        let template = &model.shifts[a.shift];
        let locked = model.people[a.person].locked_days.contains(&a.day);
        if locked && (template.unsocial || template.kind == ShiftKind::OnCall) {
            reasons.push(format!(
                "a locked-down day has no unsocial or on-call shift, but `{}` is",
                template.id
            ));
        }
        if !reasons.is_empty() {
            out.push(Finding::new(
                model,
                Some(a.person),
                Some(a.day),
                1.0,
                format!("{}: {}", describe(model, a), reasons.join("; ")),
            ));
        }
    }
    out
}

/// `location_fit`: a work shift has one base location, on-call none; 1 per assignment.
/// Also carries unknown location ids found while resolving.
pub(crate) fn location_fit(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = r.problems_of(RuleId::LocationFit);
    for a in &r.assignments {
        if a.location_unknown {
            continue; // already reported as an unknown id
        }
        let reason = match (model.shifts[a.shift].kind, a.location) {
            (ShiftKind::Work, None) => Some("a work shift needs a base location".to_string()),
            (ShiftKind::Work, Some(l)) if !model.locations[l].base => Some(format!(
                "location `{}` is not a base (a working day is based at an office or home)",
                model.locations[l].id
            )),
            (ShiftKind::OnCall, Some(l)) => Some(format!(
                "on-call standby has no location, but `{}` is given",
                model.locations[l].id
            )),
            (ShiftKind::Work, Some(l))
                if model.locations[l].home
                    && model.people[a.person].locked_days.contains(&a.day) =>
            {
                Some(format!(
                    "a locked-down day is in the office, not at home (`{}`)",
                    model.locations[l].id
                ))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            out.push(Finding::new(
                model,
                Some(a.person),
                Some(a.day),
                1.0,
                format!("{}: {reason}", describe(model, a)),
            ));
        }
    }
    out
}

/// Whether absolute minute `m` is inside the clock window `[ws, we)`: some day `k` has
/// `1440k + ws <= m < 1440k + we`. Only the latest `k` with `1440k + ws <= m` can work,
/// because earlier days end earlier.
pub(crate) fn in_window(m: i64, (ws, we): (i64, i64)) -> bool {
    let k = (m - ws).div_euclid(DAY);
    m < DAY * k + we
}

/// `activity_fit`: every block fits its assignment, window, skills, template and location,
/// and a person's blocks do not overlap; 1 per failing block. Also carries unknown
/// activities and unreadable or empty blocks found while resolving.
pub(crate) fn activity_fit(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = r.problems_of(RuleId::ActivityFit);

    // Blocks that overlap an earlier-starting block of the same person, as
    // (assignment index in `r.assignments`, block index).
    let mut overlapping: HashSet<(usize, usize)> = HashSet::new();
    for p in 0..model.people.len() {
        let mut blocks: Vec<(i64, i64, usize, usize)> = Vec::new();
        for (ai, a) in r.assignments.iter().enumerate() {
            if a.person == p {
                for (bi, b) in a.blocks.iter().enumerate() {
                    blocks.push((b.start, b.end, ai, bi));
                }
            }
        }
        blocks.sort();
        let mut latest_end = i64::MIN;
        for (start, end, ai, bi) in blocks {
            if start < latest_end {
                overlapping.insert((ai, bi));
            }
            latest_end = latest_end.max(end);
        }
    }

    for (ai, a) in r.assignments.iter().enumerate() {
        let person = &model.people[a.person];
        let template = &model.shifts[a.shift];
        for (bi, b) in a.blocks.iter().enumerate() {
            let activity = &model.activities[b.activity];
            let mut reasons: Vec<String> = Vec::new();

            if b.start < a.start || b.end > a.end {
                reasons.push(format!(
                    "not inside the shift {}-{}",
                    clock(a.start),
                    clock(a.end)
                ));
            }
            if let Some(window) = activity.window {
                if !(b.start..b.end).all(|m| in_window(m, window)) {
                    reasons.push(format!(
                        "not inside the activity's window {}-{}",
                        clock(window.0),
                        clock(window.1)
                    ));
                }
            }
            if person.locked_days.contains(&a.day)
                && !activity.protected_admin
                && !activity.is_break
            {
                reasons.push(format!(
                    "a locked-down day is for protected admin, not `{}`",
                    activity.id
                ));
            }
            if !person.has_skills(&activity.skills) {
                reasons.push(format!(
                    "`{}` lacks skills {}",
                    person.id,
                    activity.skills.join(", ")
                ));
            }
            let template_ok = if activity.shifts.is_empty() {
                template.kind == ShiftKind::Work
            } else {
                activity.shifts.contains(&a.shift)
            };
            if !template_ok {
                reasons.push(format!(
                    "activity `{}` is not done in shift `{}`",
                    activity.id, template.id
                ));
            }
            if !a.location_unknown && !b.location_unknown {
                // A block without a location is at the day's base.
                let place = b.location.or(a.location);
                let all_bases = activity.locations.iter().all(|&l| model.locations[l].base);
                let name = |l: Option<usize>| match l {
                    Some(l) => format!("`{}`", model.locations[l].id),
                    None => "no location".to_string(),
                };
                if all_bases {
                    if !a.location.is_some_and(|l| activity.locations.contains(&l)) {
                        reasons.push(format!(
                            "activity `{}` needs the day's base to be one of its locations, \
                             but the base is {}",
                            activity.id,
                            name(a.location)
                        ));
                    } else if place != a.location {
                        reasons.push(format!(
                            "activity `{}` is done at the day's base {}, not {}",
                            activity.id,
                            name(a.location),
                            name(place)
                        ));
                    }
                } else {
                    let ok = place.is_some_and(|l| {
                        activity.locations.contains(&l) && !model.locations[l].base
                    });
                    if !ok {
                        reasons.push(format!(
                            "activity `{}` is done away from base at one of its non-base \
                             locations, not {}",
                            activity.id,
                            name(place)
                        ));
                    }
                }
            }
            if overlapping.contains(&(ai, bi)) {
                reasons.push("overlaps another of the person's blocks".to_string());
            }

            if !reasons.is_empty() {
                out.push(Finding::new(
                    model,
                    Some(a.person),
                    Some(a.day),
                    1.0,
                    format!(
                        "{}: block `{}`: {}",
                        describe(model, a),
                        b.text,
                        reasons.join("; ")
                    ),
                ));
            }
        }
    }
    out
}
