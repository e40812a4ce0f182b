//! Time use within shifts: protected admin, admin block length, unallocated reserve.

use crate::model::{Model, ShiftKind};

use super::resolve::{Asg, Resolved};
use super::structural::when;
use super::working_time::{hours, week_count, week_days};
use super::Finding;
use super::WeekSummary;
use crate::rota::clock;

/// Person `p`'s week `w`: (worked minutes, minutes in protected-admin blocks, minutes in
/// blocks inside work shifts), over the assignments on the week's days.
fn week_use(model: &Model, r: &Resolved, p: usize, w: usize) -> (i64, i64, i64) {
    let days = week_days(model, w);
    let (mut worked, mut admin, mut allocated) = (0, 0, 0);
    for a in r.of_person(p).filter(|a| days.contains(&a.day)) {
        let work = model.shifts[a.shift].kind == ShiftKind::Work;
        if work {
            worked += a.end - a.start - super::resolve::unpaid_break(model, a.shift);
        }
        for b in &a.blocks {
            if work && !model.activities[b.activity].is_break {
                allocated += b.end - b.start;
            }
            if model.activities[b.activity].protected_admin {
                admin += b.end - b.start;
            }
        }
    }
    (worked, admin, allocated)
}

/// Person `p`'s planning week `w` for reports.
pub(crate) fn week_summary(model: &Model, r: &Resolved, p: usize, w: usize) -> WeekSummary {
    let days = week_days(model, w);
    let (worked, admin, allocated) = week_use(model, r, p, w);
    WeekSummary {
        start: model.horizon.date(days.start),
        days: days.len(),
        counted_minutes: super::working_time::counted_in(model, r, p, days),
        contract: model.people[p].contract.weekly.get(w).copied(),
        worked_minutes: worked,
        admin_minutes: admin,
        unallocated_minutes: worked - allocated,
    }
}

/// Changes of activity in one assignment: its blocks in time order (breaks left out),
/// counting each block whose activity differs from the one before.
pub(crate) fn changes(model: &Model, a: &Asg) -> usize {
    let mut blocks: Vec<(i64, usize)> = a
        .blocks
        .iter()
        .filter(|b| !model.activities[b.activity].is_break)
        .map(|b| (b.start, b.activity))
        .collect();
    blocks.sort();
    blocks.windows(2).filter(|w| w[0].1 != w[1].1).count()
}

/// `protected_admin`: per person and planning week, `max(0, admin_share x worked minutes -
/// minutes in protected-admin blocks) / 60`.
pub(crate) fn protected_admin(model: &Model, r: &Resolved) -> Vec<Finding> {
    let share = model.rules.admin_share;
    weekly_share(model, r, share, "of protected admin", |(_, admin, _)| admin)
}

/// Per person and planning week, `max(0, share x worked minutes - kept) / 60`, where
/// `kept` picks the minutes that count from the week's (worked, admin, allocated).
fn weekly_share(
    model: &Model,
    r: &Resolved,
    share: f64,
    what: &str,
    kept: fn((i64, i64, i64)) -> i64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in 0..model.people.len() {
        for w in 0..week_count(model) {
            let used = week_use(model, r, p, w);
            let worked = used.0;
            let needed = share * worked as f64;
            let have = kept(used) as f64;
            if needed > have + 1e-9 {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(week_days(model, w).start),
                    (needed - have) / 60.0,
                    format!(
                        "{} {what} in planning week {}, at least {} ({share} of {} worked)",
                        hours(have),
                        w + 1,
                        hours(needed),
                        hours(worked as f64)
                    ),
                ));
            }
        }
    }
    out
}

/// Person `p`'s protected-admin time as maximal runs `[start, end)`: blocks are sorted and
/// merged when they touch or overlap.
pub(crate) fn admin_runs(model: &Model, r: &Resolved, p: usize) -> Vec<(i64, i64)> {
    let blocks = r
        .of_person(p)
        .flat_map(|a| a.blocks.iter())
        .filter(|b| model.activities[b.activity].protected_admin)
        .map(|b| (b.start, b.end))
        .collect();
    runs(blocks)
}

/// `admin_block`: every maximal run of a person's protected-admin time lasts at least
/// `admin_min_block` minutes; 1 per short run.
pub(crate) fn admin_block(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let min = model.rules.admin_min_block;
    for p in 0..model.people.len() {
        short_runs(
            model,
            p,
            admin_runs(model, r, p),
            min,
            "protected admin",
            &mut out,
        );
    }
    out
}

/// One finding (amount 1) for each of person `p`'s `runs` of `what` shorter than `min`.
fn short_runs(
    model: &Model,
    p: usize,
    runs: Vec<(i64, i64)>,
    min: i64,
    what: &str,
    out: &mut Vec<Finding>,
) {
    for (start, end) in runs {
        if end - start < min {
            out.push(Finding::new(
                model,
                Some(p),
                Some(start.div_euclid(crate::model::DAY) as usize),
                1.0,
                format!(
                    "{what} from {} lasts {} min, at least {min}",
                    when(model, start),
                    end - start
                ),
            ));
        }
    }
}

/// `reserve`: per person and planning week, `max(0, reserve_share x worked -
/// unallocated) / 60`, where unallocated is worked minutes less minutes in blocks inside
/// work shifts. Nothing when the share is 0 (blocks may then fill a shift whose break is
/// not placed).
pub(crate) fn reserve(model: &Model, r: &Resolved) -> Vec<Finding> {
    let share = model.rules.reserve_share;
    if share <= 0.0 {
        return Vec::new();
    }
    weekly_share(model, r, share, "unallocated", |(worked, _, allocated)| {
        worked - allocated
    })
}

/// Maximal runs `[start, end)` of `blocks`, sorted and merged where they touch or overlap.
fn runs(mut blocks: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
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

/// `activity_block`: per person and activity with a `min_block`, every maximal run of the
/// person's blocks of it (touching blocks merged, across shifts too) lasts at least
/// `min_block` minutes; 1 per short run.
pub(crate) fn activity_block(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in 0..model.people.len() {
        for (a, act) in model.activities.iter().enumerate() {
            let Some(min) = act.min_block else { continue };
            let blocks = r
                .of_person(p)
                .flat_map(|x| x.blocks.iter())
                .filter(|b| b.activity == a)
                .map(|b| (b.start, b.end))
                .collect();
            short_runs(model, p, runs(blocks), min, &act.id, &mut out);
        }
    }
    out
}

/// `blocks_per_day`: per assignment, the maximal runs of each activity (touching blocks
/// of one activity merged; breaks not counted): `max(0, runs - max_blocks_per_day)` per
/// activity with a limit, plus `max(0, runs of all activities - rules.max_blocks_per_day)`.
pub(crate) fn blocks_per_day(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let total_max = model.rules.max_blocks_per_day;
    for p in 0..model.people.len() {
        for x in r.of_person(p) {
            let mut total = 0;
            let mut excess = 0;
            let mut words = Vec::new();
            for (a, act) in model.activities.iter().enumerate() {
                if act.is_break {
                    continue;
                }
                let blocks = x
                    .blocks
                    .iter()
                    .filter(|b| b.activity == a)
                    .map(|b| (b.start, b.end))
                    .collect();
                let n = runs(blocks).len();
                total += n;
                if let Some(max) = act.max_blocks_per_day {
                    if n > max {
                        excess += n - max;
                        words.push(format!("{n} blocks of {}, most {max}", act.id));
                    }
                }
            }
            if let Some(max) = total_max {
                if total > max {
                    excess += total - max;
                    words.push(format!("{total} activity blocks, most {max}"));
                }
            }
            if excess > 0 {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(x.day),
                    excess as f64,
                    words.join("; "),
                ));
            }
        }
    }
    out
}

/// `breaks`: per assignment of a template with an unpaid break, 1 unless the blocks of the
/// break activity in it make exactly one run, of the break's length, inside its window.
pub(crate) fn breaks(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in 0..model.people.len() {
        for x in r.of_person(p) {
            let Some(b) = model.shifts[x.shift].unpaid_break else {
                continue;
            };
            let base = x.day as i64 * crate::model::DAY;
            let (lo, hi) = (base + b.start, base + b.end);
            let blocks = x
                .blocks
                .iter()
                .filter(|k| model.activities[k.activity].is_break)
                .map(|k| (k.start, k.end))
                .collect();
            let found = runs(blocks);
            let kept = match found.as_slice() {
                [(start, end)] => end - start == b.minutes && lo <= *start && *end <= hi,
                _ => false,
            };
            if !kept {
                let shown: Vec<String> = found
                    .iter()
                    .map(|&(s, e)| format!("{}-{}", clock(s - base), clock(e - base)))
                    .collect();
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(x.day),
                    1.0,
                    format!(
                        "`{}` needs a {}-minute break in one piece between {} and {}; found [{}]",
                        model.shifts[x.shift].id,
                        b.minutes,
                        clock(b.start),
                        clock(b.end),
                        shown.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

/// `travel`: per person, the ordered pairs of blocks of different activities, at least
/// one away from base (at a non-base location), where the second starts less than
/// `travel_minutes` after the first ends; 1 each.
pub(crate) fn travel(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let travel = model.rules.travel_minutes;
    if travel <= 0 {
        return out;
    }
    for p in 0..model.people.len() {
        let mut blocks: Vec<(i64, i64, usize, bool, usize)> = Vec::new();
        for x in r.of_person(p) {
            for b in &x.blocks {
                let place = b.location.or(x.location);
                let away = place.is_some_and(|l| !model.locations[l].base);
                blocks.push((b.start, b.end, b.activity, away, x.day));
            }
        }
        blocks.sort();
        for (i, first) in blocks.iter().enumerate() {
            for second in &blocks[i + 1..] {
                let gap = second.0 - first.1;
                if gap < 0 || first.2 == second.2 || !(first.3 || second.3) || gap >= travel {
                    continue;
                }
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(first.4),
                    1.0,
                    format!(
                        "{} ends at {} and {} starts at {}: {gap} min, {travel} min needed to travel",
                        model.activities[first.2].id,
                        when(model, first.1),
                        model.activities[second.2].id,
                        when(model, second.0),
                    ),
                ));
            }
        }
    }
    out
}
