//! Shifts first: solve the shift-level relaxation ([`compile::relaxation`]), then fill in
//! activities and locations with those shifts fixed.
//!
//! The relaxation is much smaller than the whole programme (no activity columns) and its
//! optimum is a lower bound on the whole optimum. When the rota filled in on its shifts
//! costs no more than that bound, it is proven optimal without HiGHS ever searching the
//! whole programme; otherwise it is a good starting rota and the bound still counts.

use good_lp::constraint;

use super::compile;
use super::solve::{self, OnStale, Outcome, SolveError};
use super::{SolveOptions, SolveStatus};
use crate::model::Model;

/// What the shifts-first stage found.
pub(super) struct Staged {
    /// Lower bound on the whole programme's objective (without its constant), when known.
    pub bound: Option<f64>,
    /// The whole programme's solution on the relaxation's shifts, when it has one.
    pub filled: Option<Outcome>,
    /// The relaxation is infeasible, so the whole programme is too.
    pub infeasible: bool,
    /// HiGHS seconds spent.
    pub seconds: f64,
}

impl Staged {
    /// Whether the filled-in rota meets the bound: proven optimal.
    pub fn proven(&self) -> bool {
        match (&self.filled, self.bound) {
            (Some(f), Some(b)) => f.objective.is_some_and(|o| solve::meets_bound(o, b)),
            _ => false,
        }
    }
}

/// The relative gap at which filling in the activities on the relaxation's shifts stops.
const FILL_GAP: f64 = 0.02;

/// The relative gap at which the shift-level relaxation stops.
const RELAX_GAP: f64 = 0.04;

/// HiGHS's `mip_pool_soft_limit` (cuts kept in the pool) while filling in activities.
const FILL_POOL_LIMIT: usize = 100;

/// Run the stage within `options` (its time limit covers the relaxation; filling in gets
/// what the relaxation left of it, or no limit when there is none).
pub(super) fn shifts_first(model: &Model, options: &SolveOptions) -> Result<Staged, SolveError> {
    let relaxed = compile::relaxation(model);
    let shift_cols: Vec<((usize, usize, usize), usize)> = relaxed.keys.shifts.clone();
    let overlay_cols: Vec<((usize, usize, usize), usize)> = relaxed.keys.overlays.clone();
    let relaxed_options = relaxed.keys.options.clone();
    let option_cols: Vec<usize> = relaxed_options.iter().flatten().copied().collect();
    // The relaxation's optimum is a bound and its shifts a start: closing the last few
    // percent of its gap can take the whole limit when people's shares of unsocial work
    // cannot all be met (docs/TUNING.md), and the phases after close it better.
    let mut relax_options = options.clone();
    relax_options
        .highs_options
        .push(("mip_rel_gap".into(), RELAX_GAP.to_string()));
    let outcome = solve::run(relaxed, &relax_options, None, OnStale::Retry)?;
    options.trace(2, || {
        format!(
            "relaxation {:.1}s {:?} objective {:?}",
            outcome.seconds, outcome.status, outcome.objective
        )
    });
    let mut staged = Staged {
        bound: match outcome.status {
            SolveStatus::Optimal => outcome.objective.or(outcome.bound),
            _ => outcome.bound,
        },
        filled: None,
        infeasible: outcome.status == SolveStatus::Infeasible,
        seconds: outcome.seconds,
    };
    let Some(values) = outcome.values else {
        return Ok(staged);
    };
    // The whole programme with every shift column fixed to the relaxation's.
    let mut whole = compile::compile(model);
    for (relaxed_cols, whole_cols) in [
        (&shift_cols, whole.keys.shifts.clone()),
        (&overlay_cols, whole.keys.overlays.clone()),
    ] {
        let by_key: std::collections::HashMap<_, _> = relaxed_cols
            .iter()
            .map(|&(key, c)| (key, values[c].round()))
            .collect();
        for (key, c) in whole_cols {
            let value = by_key.get(&key).copied().unwrap_or(0.0);
            whole
                .constraints
                .push(constraint::eq(whole.vars_by_index[c], value));
        }
    }
    let mut fill_options = SolveOptions {
        time_limit: options.time_limit.map(|t| (t - outcome.seconds).max(1.0)),
        ..options.clone()
    };
    // The filled rota is a start for the phases after, not an answer: proving it optimal
    // for these shifts would spend the time those phases need (HiGHS's gap, not the
    // clock, so that runs without a limit stay the same).
    fill_options
        .highs_options
        .push(("mip_rel_gap".into(), FILL_GAP.to_string()));
    // The fill's root LP is usually at the bound already; what takes the time is finding a
    // rota of whole activity blocks, and a large cut pool slows the root's rounds down
    // (docs/TUNING.md).
    fill_options
        .highs_options
        .push(("mip_pool_soft_limit".into(), FILL_POOL_LIMIT.to_string()));
    let filled = solve::run(whole, &fill_options, None, OnStale::Retry)?;
    options.trace(2, || {
        format!("fill {:.1}s {:?}", filled.seconds, filled.status)
    });
    staged.seconds += filled.seconds;
    if filled.values.is_some() {
        staged.filled = Some(filled);
    } else if !option_cols.is_empty() {
        // A design choice whose shifts leave activities short: the relaxation's design is
        // an ordinary team (every other option idle), and usually has a rota.
        let picks: Vec<usize> = relaxed_options
            .iter()
            .map(|copies| {
                copies
                    .iter()
                    .position(|&c| values[c] > 0.5)
                    .unwrap_or_default()
            })
            .collect();
        fill_options.time_limit = options.time_limit.map(|t| (t - staged.seconds).max(1.0));
        let designed = fill_design(model, &picks, &fill_options)?;
        options.trace(2, || {
            format!(
                "the relaxation's design {:.1}s {:?}",
                designed.seconds, designed.status
            )
        });
        staged.seconds += designed.seconds;
        if designed.values.is_some() {
            staged.filled = Some(designed);
        }
    }
    Ok(staged)
}

/// A rota of the programme of a design choice (`model`) with each menu's option `picks`:
/// the design's own model solved shifts first (seconds, where HiGHS on the programme with
/// the switches fixed takes several times as long), its decisions carried onto the chosen
/// copies' columns, and the programme solved for the rest (slacks, helpers) with every
/// decision fixed.
fn fill_design(
    model: &Model,
    picks: &[usize],
    options: &SolveOptions,
) -> Result<Outcome, SolveError> {
    let started = std::time::Instant::now();
    let choice = model.choice.as_ref().expect("a design choice");
    // The design keeps the limits, as the programme does.
    let mut design = model.design(picks);
    design.choice = Some(crate::model::DesignChoice {
        limits: choice.limits,
        ..Default::default()
    });
    // Its shifts first; when those shifts leave activities short, HiGHS on the programme
    // with the switches fixed (on the children's team, quicker to a rota than on the
    // design's own programme: docs/TUNING.md).
    let inner = shifts_first(&design, options)?;
    if inner.infeasible {
        return Ok(Outcome::infeasible(inner.seconds));
    }
    let mut whole = compile::compile(model);
    // Column -> value: the switches, and every decision the design's rota made (or, when
    // its shifts could not be filled, none: HiGHS finds them, the switches fixed).
    let mut fixed: std::collections::BTreeMap<usize, f64> = std::collections::BTreeMap::new();
    for (copies, &k) in whole.keys.options.iter().zip(picks) {
        for (j, &c) in copies.iter().enumerate() {
            fixed.insert(c, f64::from(u8::from(j == k)));
        }
    }
    let carried = inner.filled.and_then(|f| f.values);
    if let Some(values) = &carried {
        // The design's person `p` is the programme's `copy[p]`: a menu's person its
        // chosen copy, everyone else themselves.
        let mut copy: Vec<usize> = (0..design.people.len()).collect();
        for (group, &k) in choice.groups.iter().zip(picks) {
            copy[group.copies[0]] = group.copies[k];
        }
        let keys = compile::compile(&design).keys;
        let mut carry = |from: &[((usize, usize, usize), usize)],
                         to: &[((usize, usize, usize), usize)]| {
            let by_key: std::collections::HashMap<_, _> = from
                .iter()
                .map(|&((p, d, t), c)| ((copy[p], d, t), values[c].round()))
                .collect();
            for &(key, c) in to {
                fixed.insert(c, by_key.get(&key).copied().unwrap_or(0.0));
            }
        };
        carry(&keys.shifts, &whole.keys.shifts);
        carry(&keys.overlays, &whole.keys.overlays);
        carry(&keys.locations, &whole.keys.locations);
        let by_key: std::collections::HashMap<_, _> = keys
            .activities
            .iter()
            .map(|&((p, d, s, a), c)| ((copy[p], d, s, a), values[c].round()))
            .collect();
        for &(key, c) in &whole.keys.activities {
            fixed.insert(c, by_key.get(&key).copied().unwrap_or(0.0));
        }
    }
    for (c, value) in fixed {
        whole
            .constraints
            .push(constraint::eq(whole.vars_by_index[c], value));
    }
    let rest = SolveOptions {
        time_limit: options
            .time_limit
            .map(|t| (t - started.elapsed().as_secs_f64()).max(1.0)),
        // With every decision fixed, only the slacks are left: solved exactly.
        gap: match carried {
            Some(_) => None,
            None => options.gap,
        },
        ..options.clone()
    };
    let mut outcome = solve::run(whole, &rest, None, OnStale::Retry)?;
    outcome.seconds = started.elapsed().as_secs_f64();
    Ok(outcome)
}
