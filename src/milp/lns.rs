//! Large-neighbourhood search: keep most of the best rota fixed, re-optimise a window of
//! days (all people) or a group of people (all days) with HiGHS, keep the result when it is
//! better, and move on to the next neighbourhood, until the time is up.
//!
//! Each neighbourhood is a fresh compile of the same model (deterministic column order)
//! with the columns outside it fixed by equality rows, which HiGHS's presolve removes, and
//! the best rota passed as the starting solution, so a sub-solve can only improve it.

use std::time::Instant;

use good_lp::constraint;

use super::compile;
use super::solve::{self, SolveError};
use super::{SolveOptions, SolveStatus};
use crate::model::Model;

/// Share of the time limit given to HiGHS on the whole programme before the search starts.
pub(super) const FIRST_SHARE: f64 = 0.3;

/// Days in a window neighbourhood.
const WINDOW_DAYS: usize = 7;
/// People in a group neighbourhood.
const GROUP_PEOPLE: usize = 8;

/// The best rota found.
pub(super) struct Improved {
    pub values: Vec<f64>,
    pub objective: Option<f64>,
    pub seconds: f64,
}

/// A part of the rota left free.
#[derive(Debug, Clone, Copy)]
enum Neighbourhood {
    /// Days `[start, start + WINDOW_DAYS)`, every person.
    Days(usize),
    /// People `p` with `p % groups == g`, every day.
    People { g: usize, groups: usize },
}

impl Neighbourhood {
    fn frees(&self, p: usize, d: usize) -> bool {
        match *self {
            Neighbourhood::Days(start) => (start..start + WINDOW_DAYS).contains(&d),
            Neighbourhood::People { g, groups } => p % groups == g,
        }
    }
}

/// The neighbourhoods, alternating windows of days and groups of people.
fn neighbourhoods(model: &Model) -> Vec<Neighbourhood> {
    let days = model.horizon.days;
    let step = (WINDOW_DAYS / 2).max(1);
    let windows: Vec<Neighbourhood> = (0..days.saturating_sub(WINDOW_DAYS) + 1)
        .step_by(step)
        .map(Neighbourhood::Days)
        .collect();
    let groups = model.people.len().div_ceil(GROUP_PEOPLE).max(1);
    let people: Vec<Neighbourhood> = (0..groups)
        .map(|g| Neighbourhood::People { g, groups })
        .collect();
    let mut out = Vec::new();
    for i in 0..windows.len().max(people.len()) {
        out.extend(windows.get(i));
        out.extend(people.get(i));
    }
    out
}

/// Improve `values` (objective `objective`) within `seconds`.
pub(super) fn improve(
    model: &Model,
    options: &SolveOptions,
    mut values: Vec<f64>,
    mut objective: Option<f64>,
    seconds: f64,
) -> Result<Improved, SolveError> {
    let started = Instant::now();
    let hoods = neighbourhoods(model);
    let sub_limit = (seconds / 8.0).clamp(1.0, 30.0);
    let mut spent = 0.0;
    let mut since_improvement = 0;
    for hood in hoods.iter().cycle() {
        let left = seconds - started.elapsed().as_secs_f64();
        if left < 0.5 || since_improvement >= hoods.len() {
            break;
        }
        let programme = fixed_programme(model, &values, |p, d| !hood.frees(p, d));
        let sub_options = SolveOptions {
            time_limit: Some(sub_limit.min(left)),
            ..options.clone()
        };
        let compile::Programme {
            vars,
            objective: obj,
            constraints,
            ..
        } = programme;
        let outcome = solve::run(vars, obj, constraints, &sub_options, Some(&values))?;
        spent += outcome.seconds;
        match (outcome.status, outcome.values, outcome.objective, objective) {
            (SolveStatus::Optimal | SolveStatus::Feasible, Some(v), Some(o), Some(best))
                if o < best - 1e-6 =>
            {
                values = v;
                objective = Some(o);
                since_improvement = 0;
            }
            _ => since_improvement += 1,
        }
    }
    Ok(Improved {
        values,
        objective,
        seconds: spent,
    })
}

/// The programme with every decision column of the person-days where `fix(p, d)` holds fixed
/// to its value in `values`.
fn fixed_programme(
    model: &Model,
    values: &[f64],
    fix: impl Fn(usize, usize) -> bool,
) -> compile::Programme {
    let mut programme = compile::compile(model);
    let keys = &programme.keys;
    let fixed: Vec<usize> = keys
        .shifts
        .iter()
        .map(|&((p, d, _), c)| (p, d, c))
        .chain(keys.locations.iter().map(|&((p, d, _), c)| (p, d, c)))
        .chain(keys.activities.iter().map(|&((p, d, _, _), c)| (p, d, c)))
        .filter(|&(p, d, _)| fix(p, d))
        .map(|(_, _, c)| c)
        .collect();
    for c in fixed {
        let var = programme.vars_by_index[c];
        programme
            .constraints
            .push(constraint::eq(var, values[c].round()));
    }
    programme
}

/// With every decision fixed, re-solve for the slacks alone, so the objective is exactly the
/// cost of the rota: a solution stopped by a time limit may carry slacks larger than the
/// rota needs.
pub(super) fn polish(
    model: &Model,
    options: &SolveOptions,
    values: &[f64],
) -> Result<Option<(Vec<f64>, f64)>, SolveError> {
    let compile::Programme {
        vars,
        objective,
        constraints,
        ..
    } = fixed_programme(model, values, |_, _| true);
    let options = SolveOptions {
        time_limit: None,
        gap: None,
        ..options.clone()
    };
    let outcome = solve::run(vars, objective, constraints, &options, Some(values))?;
    Ok(match (outcome.status, outcome.values, outcome.objective) {
        (SolveStatus::Optimal, Some(v), Some(o)) => Some((v, o)),
        _ => None,
    })
}
