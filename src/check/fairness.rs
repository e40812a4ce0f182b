//! Fairness: the spread of unsocial work pro rata to FTE.

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

/// `fair_unsocial`: with `T = sum U_p` and `F = sum fte_p`, each person costs
/// `max(0, U_p - fte_p x T / F)`.
pub(crate) fn fair_unsocial(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let units: Vec<usize> = (0..model.people.len())
        .map(|p| unsocial_units(model, r, p))
        .collect();
    let total: usize = units.iter().sum();
    let fte_total: f64 = model.people.iter().map(|p| p.contract.fte).sum();
    if fte_total <= 0.0 {
        return out;
    }
    for (p, person) in model.people.iter().enumerate() {
        let share = person.contract.fte * total as f64 / fte_total;
        let excess = units[p] as f64 - share;
        if excess > 0.0 {
            out.push(Finding::new(
                model,
                Some(p),
                None,
                excess,
                format!(
                    "{} unsocial shifts, fair share {:.2} (FTE {} of {:.2}, {total} in all)",
                    units[p], share, person.contract.fte, fte_total
                ),
            ));
        }
    }
    out
}
