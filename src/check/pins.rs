//! The planner's week: pinned days kept, and changes to the published rota, from the rota
//! alone.

use crate::model::{Model, ShiftKind};

use super::resolve::Resolved;
use super::Finding;

/// Shifts in words: `day+oncall`, or `off` for none.
fn words(model: &Model, shifts: &[usize]) -> String {
    match shifts.is_empty() {
        true => "off".to_string(),
        false => shifts
            .iter()
            .map(|&t| model.shifts[t].id.as_str())
            .collect::<Vec<_>>()
            .join("+"),
    }
}

/// The shifts a person works on day `d`, sorted, and in words.
fn worked(model: &Model, r: &Resolved, p: usize, d: usize) -> (Vec<usize>, String) {
    let mut shifts: Vec<usize> = r.on_day(p, d).map(|a| a.shift).collect();
    shifts.sort_unstable();
    let said = words(model, &shifts);
    (shifts, said)
}

/// `pinned`: per pinned day, 1 unless the rota works exactly the pinned shifts (none for a
/// day off), at the pinned base, with exactly the pinned activity blocks.
pub(crate) fn pinned(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for pin in &model.pins {
        let (p, d) = (pin.person, pin.day);
        let (shifts, now) = worked(model, r, p, d);
        let mut want = pin.shifts.clone();
        want.sort_unstable();
        let mut broken = Vec::new();
        if shifts != want {
            broken.push(format!(
                "pinned {}, the rota has {now}",
                words(model, &want)
            ));
        }
        let work = r
            .on_day(p, d)
            .find(|a| model.shifts[a.shift].kind == ShiftKind::Work);
        if let (Some(l), Some(a)) = (pin.location, work) {
            if a.location != Some(l) {
                broken.push(format!("pinned at `{}`", model.locations[l].id));
            }
        }
        if let (Some(blocks), Some(a)) = (&pin.activities, work) {
            let mut have: Vec<(usize, i64, i64)> = a
                .blocks
                .iter()
                .map(|b| (b.activity, b.start, b.end))
                .collect();
            have.sort_unstable();
            let mut want = blocks.clone();
            want.sort_unstable();
            if have != want {
                broken.push("its activities differ from the pinned ones".to_string());
            }
        }
        if !broken.is_empty() {
            out.push(Finding::new(
                model,
                Some(p),
                Some(d),
                1.0,
                broken.join("; "),
            ));
        }
    }
    out
}

/// `changes`: per person and day of the published rota from the re-plan's first day, the
/// shift weight when the shifts worked differ from those published (a day worked or freed
/// included), else the location weight when the work shift is kept at another base.
pub(crate) fn changes(model: &Model, r: &Resolved) -> Vec<Finding> {
    let Some(published) = &model.published else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for day in &published.days {
        let (p, d, shifts, location) = (day.person, day.day, &day.shifts, &day.location);
        let moved = moved_minutes(r, p, d, &day.activities);
        if moved > 0 && published.activity_weight > 0.0 {
            out.push(Finding::new(
                model,
                Some(p),
                Some(d),
                published.activity_weight * moved as f64 / 60.0,
                format!(
                    "{} of activities moved",
                    super::working_time::hours(moved as f64)
                ),
            ));
        }
        let (now, said) = worked(model, r, p, d);
        let mut was = shifts.clone();
        was.sort_unstable();
        if now != was {
            out.push(Finding::new(
                model,
                Some(p),
                Some(d),
                published.shift_weight,
                format!("{} -> {said}", words(model, &was)),
            ));
            continue;
        }
        let base = r
            .on_day(p, d)
            .find(|a| model.shifts[a.shift].kind == ShiftKind::Work)
            .and_then(|a| a.location);
        if let (Some(l), Some(b)) = (*location, base) {
            if l != b {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(d),
                    published.location_weight,
                    format!(
                        "{said} at `{}` -> at `{}`",
                        model.locations[l].id, model.locations[b].id
                    ),
                ));
            }
        }
    }
    out
}

/// Minutes of activity in the published blocks `was` that the rota's blocks of person `p` on
/// day `d` do not keep (same activity, same minutes), plus minutes in the rota's blocks that
/// were not published.
fn moved_minutes(r: &Resolved, p: usize, d: usize, was: &[(usize, i64, i64)]) -> i64 {
    let now: Vec<(usize, i64, i64)> = r
        .on_day(p, d)
        .flat_map(|a| a.blocks.iter())
        .map(|b| (b.activity, b.start, b.end))
        .collect();
    // Minutes of `x`'s blocks not covered by `y`'s blocks of the same activity.
    let outside = |x: &[(usize, i64, i64)], y: &[(usize, i64, i64)]| -> i64 {
        x.iter()
            .map(|&(a, s, e)| {
                let mut cover: Vec<(i64, i64)> = y
                    .iter()
                    .filter(|b| b.0 == a)
                    .map(|b| (b.1.max(s), b.2.min(e)))
                    .filter(|(cs, ce)| cs < ce)
                    .collect();
                cover.sort_unstable();
                let (mut covered, mut reached) = (0, s);
                for (cs, ce) in cover {
                    covered += (ce - cs.max(reached)).max(0);
                    reached = reached.max(ce);
                }
                e - s - covered
            })
            .sum()
    };
    outside(was, &now) + outside(&now, was)
}
