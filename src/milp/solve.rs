//! Run HiGHS on a compiled programme and read back what the user needs: status, the
//! variable values, the objective, the best bound. good_lp builds the HiGHS model; we reach
//! the underlying `highs` model on purpose because good_lp's solution exposes neither the
//! bound nor the gap (see `shared/notes/solver-notes.md`).

use std::collections::HashMap;
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{Constraint, Expression, ProblemVariables, SolverModel, Variable};
use highs::HighsModelStatus;
use thiserror::Error;

use super::{SolveOptions, SolveStatus};

/// Threads of every HiGHS model: one. HiGHS runs its models on one scheduler per process,
/// set up by the first solve, and refuses a later model that asks for another thread
/// count ("global scheduler has already been initialized"), so a solve that mixed counts
/// (a search's single-threaded sub-solves after a two-thread phase) failed. Parallelism
/// is ours instead: pricing and the search run `SolveOptions::threads` solves at once.
pub(super) const HIGHS_THREADS: i32 = 1;

/// The solver failed in a way that is not a property of the rota problem.
#[derive(Debug, Error)]
pub enum SolveError {
    /// HiGHS refused the programme or an option.
    #[error("HiGHS failed while {stage}: {detail}")]
    Highs {
        /// What we were doing.
        stage: &'static str,
        /// HiGHS's status.
        detail: String,
    },
}

/// What HiGHS returned.
pub(super) struct Outcome {
    pub status: SolveStatus,
    pub values: Option<Vec<f64>>,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub seconds: f64,
}

impl Outcome {
    /// No rota exists (found in `seconds`).
    pub fn infeasible(seconds: f64) -> Outcome {
        Outcome {
            status: SolveStatus::Infeasible,
            values: None,
            objective: None,
            bound: None,
            seconds,
        }
    }
}

/// What [`run`] does when HiGHS, given a starting solution, returns columns that cost more
/// than the objective it reports (see below).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OnStale {
    /// Solve again without presolve in what is left of the time.
    Retry,
    /// Keep the columns at their true cost: for the search's neighbourhoods, where stale
    /// columns are simply no improvement and the time is better spent on the next one.
    Accept,
}

/// What HiGHS solves: the columns, the objective to minimise and the rows (a compiled
/// [`Programme`](super::compile::Programme) without what decoding needs, or a programme of
/// column generation's own).
pub(super) struct Problem {
    pub vars: ProblemVariables,
    pub objective: Expression,
    pub constraints: Vec<Constraint>,
}

impl From<super::compile::Programme> for Problem {
    fn from(p: super::compile::Programme) -> Problem {
        Problem {
            vars: p.vars,
            objective: p.objective,
            constraints: p.constraints,
        }
    }
}

/// Solve `problem` (minimise its objective subject to its rows), from `initial` when given.
pub(super) fn run(
    problem: impl Into<Problem>,
    options: &SolveOptions,
    initial: Option<&[f64]>,
    on_stale: OnStale,
) -> Result<Outcome, SolveError> {
    let Problem {
        vars,
        objective,
        constraints,
    } = problem.into();
    if vars.is_empty() {
        return Ok(Outcome {
            status: SolveStatus::Optimal,
            values: Some(Vec::new()),
            objective: Some(0.0),
            bound: Some(0.0),
            seconds: 0.0,
        });
    }
    // HiGHS's reported objective can disagree with the solution it returns, so the
    // objective is always recomputed from the columns.
    let order: Vec<Variable> = vars.iter_variables_with_def().map(|(v, _)| v).collect();
    let costs = objective.clone();
    let mut problem = vars.minimise(objective).using(highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut model = problem.try_into_inner().map_err(|e| SolveError::Highs {
        stage: "building the model",
        detail: e.to_string(),
    })?;
    configure(&mut model, options, initial)?;

    let started = Instant::now();
    let solving = |model: highs::Model| {
        model.try_solve().map_err(|e| SolveError::Highs {
            stage: "solving",
            detail: format!("{e:?}"),
        })
    };
    let mut solved = solving(model)?;
    // With a starting solution and presolve, HiGHS can report a better objective than the
    // columns it returns (which are then the start's). Once, with what is left of the
    // time, solve again without presolve, which returns the incumbent.
    if on_stale == OnStale::Retry
        && initial.is_some()
        && returns_stale_columns(&solved, &order, &costs)
    {
        let left = options
            .time_limit
            .map(|t| t - started.elapsed().as_secs_f64());
        if left.is_none_or(|l| l > 0.1) {
            let mut again = highs::Model::from(solved);
            set(&mut again, "presolve", "off")?;
            if let Some(l) = left {
                set(&mut again, "time_limit", l)?;
            }
            solved = solving(again)?;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let has_solution = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map(|b| (b * 1e7).round() / 1e7);
    let status = status_of(&solved, has_solution)?;
    let status = match status {
        // A user gap may stop HiGHS before the proof: report that honestly.
        SolveStatus::Optimal if options.gap.is_some() && solved.mip_gap() > 1e-9 => {
            SolveStatus::Feasible
        }
        s => s,
    };
    let (values, objective) = if has_solution && status != SolveStatus::Infeasible {
        let columns = solved.get_solution().columns().to_vec();
        let cost = cost_of(&columns, &order, &costs);
        (Some(columns), Some(cost))
    } else {
        (None, None)
    };
    let status = match (status, objective, bound) {
        // Stale columns that the retry could not replace: honest about the gap.
        (SolveStatus::Optimal, Some(o), Some(b)) if !meets_bound(o, b) => SolveStatus::Feasible,
        (s, _, _) => s,
    };
    Ok(Outcome {
        status,
        values,
        objective,
        bound: if objective.is_some() { bound } else { None },
        seconds,
    })
}

/// Our status for HiGHS's model status (with or without a solution); an error for a
/// status no solve of ours should end in.
fn status_of(solved: &highs::SolvedModel, has_solution: bool) -> Result<SolveStatus, SolveError> {
    Ok(match solved.status() {
        HighsModelStatus::Optimal => SolveStatus::Optimal,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            SolveStatus::Infeasible
        }
        HighsModelStatus::ModelEmpty => SolveStatus::Optimal,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => {
            if has_solution {
                SolveStatus::Feasible
            } else {
                SolveStatus::NoSolution
            }
        }
        other => {
            return Err(SolveError::Highs {
                stage: "solving",
                detail: format!("unexpected model status {other:?}"),
            })
        }
    })
}

/// Sets `options` on `model` (one thread, seed, limits, gap, log, the user's options) and
/// the starting rota `initial`.
fn configure(
    model: &mut highs::Model,
    options: &SolveOptions,
    initial: Option<&[f64]>,
) -> Result<(), SolveError> {
    set(model, "threads", HIGHS_THREADS)?;
    set(model, "random_seed", options.seed)?;
    if let Some(limit) = options.time_limit {
        set(model, "time_limit", limit.max(0.0))?;
    }
    // good_lp drops the objective's constant, so HiGHS's relative gap is on a shifted
    // objective: with no user gap we ask for a proof (tiny gaps), else pass it through.
    set(model, "mip_rel_gap", options.gap.unwrap_or(1e-9).max(0.0))?;
    if options.gap.is_none() {
        set(model, "mip_abs_gap", 1e-6)?;
    }
    if options.verbose {
        // The log goes to standard error: standard output carries the rota (JSON, CSV).
        set(model, "output_flag", true)?;
        set(model, "log_to_console", false)?;
        set(model, "log_file", "/dev/stderr")?;
    }
    apply_highs_options(model, &options.highs_options)?;
    if let Some(values) = initial {
        model
            .try_set_solution(Some(values), None, None, None)
            .map_err(|e| SolveError::Highs {
                stage: "passing the starting rota",
                detail: format!("{e:?}"),
            })?;
    }
    Ok(())
}

/// Sets each `(name, value)` HiGHS option on `model`: whole numbers, numbers, `true`/`false`
/// or text, as the value reads.
fn apply_highs_options(
    model: &mut highs::Model,
    options: &[(String, String)],
) -> Result<(), SolveError> {
    for (key, value) in options {
        let r = if let Ok(i) = value.parse::<i32>() {
            model.try_set_option(key.as_str(), i)
        } else if let Ok(f) = value.parse::<f64>() {
            model.try_set_option(key.as_str(), f)
        } else if let Ok(b) = value.parse::<bool>() {
            model.try_set_option(key.as_str(), b)
        } else {
            model.try_set_option(key.as_str(), value.as_str())
        };
        r.map_err(|e| SolveError::Highs {
            stage: "setting options",
            detail: format!("{key}={value}: {e:?}"),
        })?;
    }
    Ok(())
}

/// The first `--highs-option` HiGHS refuses, tried on an empty model before any work, so
/// that a misspelt option or a value out of its range is the user's error, not a solver
/// failure an hour in.
pub fn refused_highs_option(options: &[(String, String)]) -> Option<(String, String)> {
    options.iter().find_map(|option| {
        let mut model = highs::RowProblem::default().optimise(highs::Sense::Minimise);
        let quiet = set(&mut model, "output_flag", false);
        let refused = quiet.is_err()
            || apply_highs_options(&mut model, std::slice::from_ref(option)).is_err();
        refused.then(|| option.clone())
    })
}

/// Whether `objective` meets the lower bound `bound`, within the tolerance every phase
/// uses (one part in a million, at least 1e-6): then the rota is proven optimal.
pub(super) fn meets_bound(objective: f64, bound: f64) -> bool {
    objective <= bound + 1e-6 * bound.abs().max(1.0)
}

/// The objective of `columns`, from the programme's own costs, rounded to 1e-7 so that
/// summation noise does not show in reports (607, not 606.9999999999999).
fn cost_of(columns: &[f64], order: &[Variable], costs: &Expression) -> f64 {
    let by_variable: HashMap<Variable, f64> =
        order.iter().copied().zip(columns.iter().copied()).collect();
    (costs.eval_with(&by_variable) * 1e7).round() / 1e7
}

/// Whether HiGHS reports a better objective than the columns it returns cost.
fn returns_stale_columns(
    solved: &highs::SolvedModel,
    order: &[Variable],
    costs: &Expression,
) -> bool {
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return false;
    }
    let reported = solved.objective_value();
    let columns = solved.get_solution().columns().to_vec();
    cost_of(&columns, order, costs) > reported + 1e-6 * reported.abs().max(1.0)
}

fn set<V: highs::HighsOptionValue>(
    model: &mut highs::Model,
    key: &'static str,
    value: V,
) -> Result<(), SolveError> {
    model
        .try_set_option(key, value)
        .map_err(|e| SolveError::Highs {
            stage: "setting options",
            detail: format!("{key}: {e:?}"),
        })
}
