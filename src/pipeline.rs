//! The solve pipeline: solve, then re-check the rota with the independent checker and
//! refuse to return a rota the two disagree on.

use thiserror::Error;

use crate::check::{self, CheckReport};
use crate::milp::{self, SolveError, SolveOptions, Solved};
use crate::model::Model;

/// A solve and the checker's verdict on its rota.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What the solver produced.
    pub solved: Solved,
    /// The checker's report on the rota, when there is one.
    pub check: Option<CheckReport>,
}

/// Why the pipeline failed. Every case here is a bug or a solver failure, not bad input.
#[derive(Debug, Error)]
pub enum PipelineError {
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

/// Solve `model` and re-check the rota.
pub fn solve(model: &Model, options: &SolveOptions) -> Result<Outcome, PipelineError> {
    let solved = milp::solve(model, options)?;
    let Some(rota) = &solved.rota else {
        return Ok(Outcome {
            solved,
            check: None,
        });
    };
    let report = check::check(model, rota);
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
    })
}
