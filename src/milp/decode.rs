//! Turn variable values into a [`Rota`].

use std::collections::HashMap;

use super::compile::Keys;
use crate::model::{Model, DAY};
use crate::rota::{clock, ActivityBlock, Assignment, Rota};

/// Values above this are taken as 1.
const ON: f64 = 0.5;

/// Read the rota out of `values` (one per column).
pub(super) fn decode(model: &Model, keys: &Keys, values: &[f64]) -> Rota {
    let on = |col: usize| values.get(col).is_some_and(|v| *v > ON);
    // Activities done, grouped by (person, day) and in time order.
    let mut done: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    for &((p, d, s, a), c) in &keys.activities {
        if on(c) {
            done.entry((p, d)).or_default().push((s, a));
        }
    }
    let mut assignments = Vec::new();
    for &((p, d, t), col) in &keys.shifts {
        if !on(col) {
            continue;
        }
        let base = keys
            .locations
            .iter()
            .find(|((lp, ld, _), c)| *lp == p && *ld == d && on(*c))
            .map(|((_, _, l), _)| *l);
        let mut activities: Vec<ActivityBlock> = Vec::new();
        let mut last_end: Option<(usize, i64)> = None;
        let mut todo = done.remove(&(p, d)).unwrap_or_default();
        todo.sort_unstable();
        if let Some(timeline) = &keys.timeline {
            for (s, a) in todo {
                let seg = timeline.segments[s];
                let act = &model.activities[a];
                let location = if act.locations.iter().all(|&l| model.locations[l].base) {
                    base.map(|l| model.locations[l].id.clone())
                } else {
                    act.locations
                        .iter()
                        .find(|&&l| !model.locations[l].base)
                        .map(|&l| model.locations[l].id.clone())
                };
                match (activities.last_mut(), last_end) {
                    (Some(block), Some((la, le))) if la == a && le == seg.start => {
                        block.end = clock(seg.end);
                    }
                    _ => activities.push(ActivityBlock {
                        activity: act.id.clone(),
                        start: clock(seg.start),
                        end: clock(seg.end),
                        location,
                    }),
                }
                last_end = Some((a, seg.end));
            }
        }
        assignments.push((p, d, assignment(model, p, d, t, base, activities)));
    }
    // An on-call overlay: after the day's shift, with no base and no activities.
    for &((p, d, t), col) in &keys.overlays {
        if on(col) {
            assignments.push((p, d, assignment(model, p, d, t, None, Vec::new())));
        }
    }
    assignments.sort_by_key(|&(p, d, _)| (p, d));
    // Each menu's option: the switch that is on.
    let design = (!keys.options.is_empty()).then(|| {
        keys.options
            .iter()
            .map(|switches| switches.iter().position(|&c| on(c)).unwrap_or(0))
            .collect()
    });
    Rota {
        assignments: assignments.into_iter().map(|(_, _, a)| a).collect(),
        design,
    }
}

/// Person `p`'s assignment to template `t` on day `d`.
fn assignment(
    model: &Model,
    p: usize,
    d: usize,
    t: usize,
    base: Option<usize>,
    activities: Vec<ActivityBlock>,
) -> Assignment {
    let shift = &model.shifts[t];
    let start = d as i64 * DAY + shift.start;
    Assignment {
        person: model.people[p].id.clone(),
        date: model.horizon.date(d),
        shift: shift.id.clone(),
        start: clock(start),
        end: clock(start + shift.end - shift.start),
        location: base.map(|l| model.locations[l].id.clone()),
        activities,
    }
}
