//! Time use within shifts: protected admin, admin block length, unallocated reserve.

use crate::model::{Model, ShiftKind};

use super::resolve::Resolved;
use super::structural::when;
use super::working_time::hours;
use super::Finding;

/// `protected_admin`: per person, `max(0, admin_share x worked minutes - minutes in
/// protected-admin blocks) / 60`.
pub(crate) fn protected_admin(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in 0..model.people.len() {
        let worked = r.worked_minutes(model, p);
        let needed = model.rules.admin_share * worked as f64;
        let admin = r.admin_minutes(model, p) as f64;
        if needed > admin {
            out.push(Finding::new(
                model,
                Some(p),
                None,
                (needed - admin) / 60.0,
                format!(
                    "{} of protected admin, at least {} ({} of {} worked)",
                    hours(admin),
                    hours(needed),
                    model.rules.admin_share,
                    hours(worked as f64)
                ),
            ));
        }
    }
    out
}

/// Person `p`'s protected-admin time as maximal runs `[start, end)`: blocks are sorted and
/// merged when they touch or overlap.
pub(crate) fn admin_runs(model: &Model, r: &Resolved, p: usize) -> Vec<(i64, i64)> {
    let mut blocks: Vec<(i64, i64)> = r
        .of_person(p)
        .flat_map(|a| a.blocks.iter())
        .filter(|b| model.activities[b.activity].protected_admin)
        .map(|b| (b.start, b.end))
        .collect();
    blocks.sort();
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for (start, end) in blocks {
        match runs.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => runs.push((start, end)),
        }
    }
    runs
}

/// `admin_block`: every maximal run of a person's protected-admin time lasts at least
/// `admin_min_block` minutes; 1 per short run.
pub(crate) fn admin_block(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let min = model.rules.admin_min_block;
    for p in 0..model.people.len() {
        for (start, end) in admin_runs(model, r, p) {
            if end - start < min {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(start.div_euclid(crate::model::DAY) as usize),
                    1.0,
                    format!(
                        "protected admin from {} lasts {} min, at least {min}",
                        when(model, start),
                        end - start
                    ),
                ));
            }
        }
    }
    out
}

/// `reserve`: per person, `max(0, reserve_share x worked - unallocated) / 60`, where
/// unallocated is worked minutes less minutes in blocks inside work shifts.
pub(crate) fn reserve(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in 0..model.people.len() {
        let worked = r.worked_minutes(model, p);
        let allocated: i64 = r
            .of_person(p)
            .filter(|a| model.shifts[a.shift].kind == ShiftKind::Work)
            .flat_map(|a| a.blocks.iter())
            .map(|b| b.end - b.start)
            .sum();
        let unallocated = (worked - allocated) as f64;
        let needed = model.rules.reserve_share * worked as f64;
        if needed > unallocated {
            out.push(Finding::new(
                model,
                Some(p),
                None,
                (needed - unallocated) / 60.0,
                format!(
                    "{} unallocated, at least {} ({} of {} worked)",
                    hours(unallocated),
                    hours(needed),
                    model.rules.reserve_share,
                    hours(worked as f64)
                ),
            ));
        }
    }
    out
}
