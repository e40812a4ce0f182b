//! Fairness and continuity: the spread of unsocial work pro rata to FTE, and continuity
//! activities kept with one worker.

use chrono::Weekday;

use crate::model::Model;

use super::resolve::Resolved;
use super::Finding;

/// `U_p`: person `p`'s assignments whose template is unsocial or whose day is a Saturday
/// or Sunday.
pub(crate) fn unsocial_units(model: &Model, r: &Resolved, p: usize) -> usize {
    r.of_person(p)
        .filter(|a| {
            model.shifts[a.shift].unsocial
                || matches!(model.horizon.weekday(a.day), Weekday::Sat | Weekday::Sun)
        })
        .count()
}

/// Whether a person's contract lets them work any unsocial assignment at all: an unsocial
/// template, or a Saturday or Sunday.
fn eligible(model: &Model, p: usize) -> bool {
    let c = &model.people[p].contract;
    c.allowed_shifts.iter().any(|&t| model.shifts[t].unsocial)
        || c.weekdays
            .iter()
            .any(|w| matches!(w, Weekday::Sat | Weekday::Sun))
}

/// `fair_unsocial`: the unsocial work the team must cover, `T` = sum of `required` over shift
/// cover lines whose template is unsocial or whose day is a weekend, is shared among the
/// eligible people pro rata to FTE and rounded up: `target_p = ceil(fte_p x T / F)`, `F` =
/// sum of eligible FTE. Each person costs `max(0, U_p - target_p)`.
pub(crate) fn fair_unsocial(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let required: usize = model
        .shift_cover
        .iter()
        .filter(|c| {
            model.shifts[c.shift].unsocial
                || matches!(model.horizon.weekday(c.day), Weekday::Sat | Weekday::Sun)
        })
        .map(|c| c.required)
        .sum();
    let fte_total: f64 = (0..model.people.len())
        .filter(|&p| eligible(model, p))
        .map(|p| model.people[p].contract.fte)
        .sum();
    for (p, person) in model.people.iter().enumerate() {
        let units = unsocial_units(model, r, p);
        let target = if eligible(model, p) && fte_total > 0.0 {
            (person.contract.fte * required as f64 / fte_total - 1e-9).ceil() as usize
        } else {
            0
        };
        if units > target {
            out.push(Finding::new(
                model,
                Some(p),
                None,
                (units - target) as f64,
                format!(
                    "{units} unsocial shifts, fair share {target} (FTE {} of {fte_total:.2} eligible, {required} required in all)",
                    person.contract.fte
                ),
            ));
        }
    }
    out
}

/// `continuity`: for each continuity activity, the number of distinct people with a block of
/// it, less one (when anyone does it).
pub(crate) fn continuity(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (a, activity) in model.activities.iter().enumerate() {
        if !activity.continuity {
            continue;
        }
        let workers: Vec<&str> = (0..model.people.len())
            .filter(|&p| {
                r.of_person(p)
                    .any(|asg| asg.blocks.iter().any(|b| b.activity == a))
            })
            .map(|p| model.people[p].id.as_str())
            .collect();
        if workers.len() > 1 {
            out.push(Finding::new(
                model,
                None,
                None,
                (workers.len() - 1) as f64,
                format!(
                    "`{}` is shared by {} workers ({}); continuity wants one",
                    activity.id,
                    workers.len(),
                    workers.join(", ")
                ),
            ));
        }
    }
    out
}
