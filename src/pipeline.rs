//! The solve pipeline: solve, then re-check the rota with the independent checker and
//! refuse to return a rota the two disagree on.
//!
//! A time limit is a promise: the solve runs on its own thread, and at the deadline
//! ([`grace`]), or as soon as someone asks it to stop (SIGINT), the pipeline takes the best rota the solve has offered so far
//! ([`milp::progress`]), re-checks it, and returns it while the solve winds down.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::check::{self, CheckReport};
use crate::milp::progress::{Handle, Progress};
use crate::milp::{self, SolveError, SolveOptions, SolveStatus, Solved};
use crate::model::Model;
use crate::rota::Rota;

/// How one run ended, as comparisons and benchmarks report it: a solve's status, or why
/// there was no solve (its input could not be loaded, or a bug or solver failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// A rota proven best.
    Optimal,
    /// A rota, not proven best within the limits.
    Feasible,
    /// No rota keeps the hard rules.
    Infeasible,
    /// The time limit passed before any rota was found.
    NoSolution,
    /// The input could not be loaded.
    BadInput,
    /// A bug or a solver failure.
    Error,
}

impl RunStatus {
    /// The stable lower-case name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Optimal => "optimal",
            RunStatus::Feasible => "feasible",
            RunStatus::Infeasible => "infeasible",
            RunStatus::NoSolution => "no_solution",
            RunStatus::BadInput => "bad_input",
            RunStatus::Error => "error",
        }
    }
}

impl From<SolveStatus> for RunStatus {
    fn from(s: SolveStatus) -> RunStatus {
        match s {
            SolveStatus::Optimal => RunStatus::Optimal,
            SolveStatus::Feasible => RunStatus::Feasible,
            SolveStatus::Infeasible => RunStatus::Infeasible,
            SolveStatus::NoSolution => RunStatus::NoSolution,
        }
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, not `write_str`: tables align statuses with `{:<12}`.
        f.pad(self.as_str())
    }
}

/// Share of the time limit the command may take past it: the promise, checks and output
/// included.
pub const GRACE_SHARE: f64 = 0.05;

/// Seconds of [`GRACE_SHARE`]'s margin kept for the caller's checks and output (a year's
/// rota takes about a second to re-check and write).
pub const FINISH_SECONDS: f64 = 1.0;

/// Seconds a solve may always run past a short limit before the pipeline returns its best
/// rota so far, where [`GRACE_SHARE`] of it would leave the solve no time to finish.
pub const GRACE_SECONDS: f64 = 1.0;

/// When the pipeline stops waiting for a solve limited to `limit` seconds and returns its
/// best rota so far: past the limit by its [`GRACE_SHARE`] less [`FINISH_SECONDS`], or by
/// [`GRACE_SECONDS`] if that is more.
pub fn grace(limit: f64) -> f64 {
    limit + (limit * GRACE_SHARE - FINISH_SECONDS).max(GRACE_SECONDS)
}

/// A solve and the checker's verdict on its rota.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What the solver produced.
    pub solved: Solved,
    /// The checker's report on the rota, when there is one.
    pub check: Option<CheckReport>,
    /// For a model whose design was left to the optimiser: the design chosen, whose model
    /// the checker judged (`solved.rota` is that design's rota).
    pub chosen: Option<Chosen>,
}

/// The design a solve chose for a model with a [`crate::model::DesignChoice`].
#[derive(Debug, Clone)]
pub struct Chosen {
    /// Per menu, the option taken (0: the person's own contract).
    pub picks: Vec<usize>,
    /// The design's ordinary model ([`Model::design`]).
    pub model: Model,
}

/// The rota the checker judges and the model it judges it against: for a design choice,
/// the chosen design's, its people under their own ids (the options' copies that were not
/// chosen have no assignments).
fn judged(model: &Model, mut rota: Rota) -> (Rota, Option<Chosen>) {
    let Some(choice) = &model.choice else {
        return (rota, None);
    };
    let picks = rota
        .design
        .take()
        .unwrap_or_else(|| vec![0; choice.groups.len()]);
    let mut rename: Vec<(String, String)> = Vec::new();
    for (group, &k) in choice.groups.iter().zip(&picks) {
        rename.push((
            model.people[group.copies[k]].id.clone(),
            model.people[group.copies[0]].id.clone(),
        ));
    }
    let copies: Vec<&str> = choice
        .groups
        .iter()
        .flat_map(|g| &g.copies)
        .map(|&p| model.people[p].id.as_str())
        .collect();
    rota.assignments.retain_mut(|a| {
        if let Some((_, own)) = rename.iter().find(|(copy, _)| *copy == a.person) {
            a.person = own.clone();
            return true;
        }
        !copies.contains(&a.person.as_str())
    });
    let design = model.design(&picks);
    // Assignments in the order the design's people come, as a solve of it would give.
    let order = |id: &str| design.people.iter().position(|p| p.id == id);
    rota.assignments
        .sort_by_key(|a| (order(&a.person), a.date, a.start.clone()));
    (
        rota,
        Some(Chosen {
            picks,
            model: design,
        }),
    )
}

impl Outcome {
    /// No rota, the hard rules known to be infeasible before any programme was built.
    pub fn infeasible() -> Outcome {
        Outcome {
            solved: Solved {
                status: SolveStatus::Infeasible,
                rota: None,
                objective: None,
                bound: None,
                bound_method: None,
                gap: None,
                solve_seconds: 0.0,
                build_seconds: 0.0,
                size: Default::default(),
            },
            check: None,
            chosen: None,
        }
    }
}

/// Why the pipeline failed. Every case here is a bug or a solver failure, not bad input.
#[derive(Debug, Error)]
pub enum PipelineError {
    /// The solve's thread could not start, or stopped without an answer (a panic).
    #[error("internal error: {0}; this is a bug in flexrota")]
    Thread(String),
    /// HiGHS failed.
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// The solver returned a rota that breaks a hard rule.
    #[error("internal error: the solver's rota breaks hard rules ({}); this is a bug in flexrota", .rules.join(", "))]
    IllegalRota {
        /// The rules broken.
        rules: Vec<String>,
        /// The checker's report.
        report: Box<CheckReport>,
    },
    /// The solver's objective differs from the checker's cost.
    #[error("internal error: the solver's objective {objective} differs from the checker's cost {cost}; this is a bug in flexrota")]
    CostMismatch {
        /// The solver's objective.
        objective: f64,
        /// The checker's cost.
        cost: f64,
        /// The checker's report.
        report: Box<CheckReport>,
    },
}

/// Tolerance when comparing the solver's objective with the checker's cost.
pub fn costs_agree(objective: f64, cost: f64) -> bool {
    (objective - cost).abs() <= 1e-6 * objective.abs().max(1.0)
}

/// Solve `model` and re-check the rota. With a time limit, returns by the deadline (see
/// the module's doc) with the best rota so far; when `options.progress` is set, also as
/// soon as it is asked to stop.
pub fn solve(model: &Model, options: &SolveOptions) -> Result<Outcome, PipelineError> {
    if options.time_limit.is_none() && options.progress.is_none() {
        return finish(model, milp::solve(model, options)?);
    }
    let started = Instant::now();
    let progress = options.progress.clone().unwrap_or_else(Progress::shared);
    let watched = SolveOptions {
        progress: Some(progress.clone()),
        ..options.clone()
    };
    let owned = model.clone();
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("solve".into())
        .spawn(move || {
            // The receiver may have gone (deadline passed): nothing left to tell.
            let _ = sender.send(milp::solve(&owned, &watched));
        })
        .map_err(|e| PipelineError::Thread(format!("cannot start the solve: {e}")))?;
    let deadline = options
        .time_limit
        .map(|t| started + Duration::from_secs_f64(grace(t)));
    // Wait in short slices, to notice a request to stop.
    let slice = Duration::from_millis(50);
    loop {
        let wait = match deadline {
            Some(d) => d.saturating_duration_since(Instant::now()).min(slice),
            None => slice,
        };
        match receiver.recv_timeout(wait) {
            Ok(result) => return finish(model, result?),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PipelineError::Thread(
                    "the solve stopped without an answer".into(),
                ))
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let late = deadline.is_some_and(|d| Instant::now() >= d);
        if late || progress.stopped() {
            progress.stop();
            return best_so_far(model, &progress, started);
        }
    }
}

/// The best rota offered so far, re-checked: `feasible`, or `no_solution` when there is
/// none yet.
fn best_so_far(
    model: &Model,
    progress: &Handle,
    started: Instant,
) -> Result<Outcome, PipelineError> {
    let seconds = started.elapsed().as_secs_f64();
    let (bound, bound_method) = milp::settle_bound(progress.bound_with_method());
    let Some(best) = progress.best() else {
        let solved = Solved {
            status: SolveStatus::NoSolution,
            rota: None,
            objective: None,
            bound: Some(bound),
            bound_method: Some(bound_method),
            gap: None,
            solve_seconds: seconds,
            build_seconds: 0.0,
            size: Default::default(),
        };
        return Ok(Outcome {
            solved,
            check: None,
            chosen: None,
        });
    };
    let (rota, chosen) = judged(model, best.rota);
    let judge = chosen.as_ref().map_or(model, |c| &c.model);
    let report = check::check(judge, &rota);
    // The checker's cost is the rota's exact cost (the solver's count may hold slack a
    // polish would have removed).
    let objective = report.cost;
    let gap = ((objective - bound) / objective.abs().max(1.0)).max(0.0);
    let solved = Solved {
        status: SolveStatus::Feasible,
        rota: Some(rota),
        objective: Some(objective),
        bound: Some(bound),
        bound_method: Some(bound_method),
        gap: Some(gap),
        solve_seconds: seconds,
        build_seconds: 0.0,
        size: Default::default(),
    };
    verdict(solved, report, chosen)
}

/// Re-checks the rota of `solved` (if any) and refuses one the checker disagrees with.
fn finish(model: &Model, mut solved: Solved) -> Result<Outcome, PipelineError> {
    let Some(rota) = solved.rota.take() else {
        return Ok(Outcome {
            solved,
            check: None,
            chosen: None,
        });
    };
    let (rota, chosen) = judged(model, rota);
    let judge = chosen.as_ref().map_or(model, |c| &c.model);
    let report = check::check(judge, &rota);
    solved.rota = Some(rota);
    verdict(solved, report, chosen)
}

/// `solved` with the checker's `report` on its rota, unless the two disagree.
fn verdict(
    solved: Solved,
    report: CheckReport,
    chosen: Option<Chosen>,
) -> Result<Outcome, PipelineError> {
    let mut broken: Vec<String> = report
        .hard_violations()
        .map(|v| v.rule.as_str().to_string())
        .collect();
    broken.sort();
    broken.dedup();
    if !broken.is_empty() {
        return Err(PipelineError::IllegalRota {
            rules: broken,
            report: Box::new(report),
        });
    }
    let objective = solved.objective.unwrap_or(0.0);
    if !costs_agree(objective, report.cost) {
        return Err(PipelineError::CostMismatch {
            objective,
            cost: report.cost,
            report: Box::new(report),
        });
    }
    Ok(Outcome {
        solved,
        check: Some(report),
        chosen,
    })
}
