//! A first rota built person by person, for time-limited solves with nothing to start from:
//! HiGHS on the whole programme of a large team can take long to find any rota, and finds a
//! costly one; built a person at a time, a far better one comes sooner.
//!
//! Person `k` is scheduled by HiGHS on the model cut to the first `k + 1` people, with the
//! first `k` fixed to what they were given: every rule on person `k` holds, and cover counts
//! the people already placed, so each person fills what is still missing. Job shares wait
//! until all their holders are in; office days count only the people in. The result is
//! completed (slacks) on the whole programme; if any step finds no rota, there is no
//! constructed rota and the caller falls back to HiGHS on the whole programme.

use std::collections::HashMap;
use std::time::Instant;

use good_lp::constraint;

use super::compile::{self, Keys};
use super::lns;
use super::solve::{self, OnStale, SolveError};
use super::SolveOptions;
use crate::model::Model;

/// Decision columns of a programme by what they decide, with their values.
#[derive(Default)]
struct Decisions {
    shifts: HashMap<(usize, usize, usize), f64>,
    overlays: HashMap<(usize, usize, usize), f64>,
    locations: HashMap<(usize, usize, usize), f64>,
    activities: HashMap<(usize, usize, usize, usize), f64>,
}

impl Decisions {
    /// Record person `p`'s decisions from `values` of a programme with `keys`.
    fn record(&mut self, keys: &Keys, values: &[f64], p: usize) {
        for &((q, d, t), c) in &keys.shifts {
            if q == p {
                self.shifts.insert((q, d, t), values[c].round());
            }
        }
        for &((q, d, t), c) in &keys.overlays {
            if q == p {
                self.overlays.insert((q, d, t), values[c].round());
            }
        }
        for &((q, d, l), c) in &keys.locations {
            if q == p {
                self.locations.insert((q, d, l), values[c].round());
            }
        }
        for &((q, d, s, a), c) in &keys.activities {
            if q == p {
                self.activities.insert((q, d, s, a), values[c].round());
            }
        }
    }

    /// `(column, value)` for every decision of a programme with `keys` that is recorded.
    fn columns(&self, keys: &Keys) -> Vec<(usize, f64)> {
        let shifts = keys
            .shifts
            .iter()
            .filter_map(|(k, c)| self.shifts.get(k).map(|v| (*c, *v)));
        let overlays = keys
            .overlays
            .iter()
            .filter_map(|(k, c)| self.overlays.get(k).map(|v| (*c, *v)));
        let locations = keys
            .locations
            .iter()
            .filter_map(|(k, c)| self.locations.get(k).map(|v| (*c, *v)));
        let activities = keys
            .activities
            .iter()
            .filter_map(|(k, c)| self.activities.get(k).map(|v| (*c, *v)));
        shifts
            .chain(overlays)
            .chain(locations)
            .chain(activities)
            .collect()
    }
}

/// `model` with only its first `k` people.
fn prefix(model: &Model, k: usize) -> Model {
    let mut cut = model.clone();
    cut.people.truncate(k);
    cut.job_shares
        .retain(|js| js.members.iter().all(|&p| p < k));
    for office in &mut cut.office_days {
        office.people.retain(|&p| p < k);
    }
    cut.pins.retain(|pin| pin.person < k);
    if let Some(published) = &mut cut.published {
        published.days.retain(|day| day.person < k);
    }
    for activity in &mut cut.activities {
        activity.worker = activity.worker.filter(|&p| p < k);
    }
    cut
}

/// Build a rota person by person within `seconds`; its full column values and objective.
pub(super) fn construct(
    model: &Model,
    options: &SolveOptions,
    seconds: f64,
) -> Result<Option<(Vec<f64>, f64)>, SolveError> {
    let started = Instant::now();
    let n = model.people.len();
    let mut decided = Decisions::default();
    for k in 0..n {
        let left = seconds - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            return Ok(None);
        }
        let cut = prefix(model, k + 1);
        let mut programme = compile::compile(&cut);
        for (c, v) in decided.columns(&programme.keys) {
            let var = programme.vars_by_index[c];
            programme.constraints.push(constraint::eq(var, v));
        }
        let step = SolveOptions {
            // A fair share of what is left, so one hard person cannot take it all.
            time_limit: Some((left / (n - k) as f64).max(0.2).min(left)),
            ..options.clone()
        };
        let keys = std::mem::take(&mut programme.keys);
        let outcome = solve::run(programme, &step, None, OnStale::Retry)?;
        let Some(values) = outcome.values else {
            return Ok(None);
        };
        decided.record(&keys, &values, k);
    }
    // Complete the slacks on the whole programme.
    let whole = compile::compile(model);
    let mut values = vec![0.0; whole.columns];
    for (c, v) in decided.columns(&whole.keys) {
        values[c] = v;
    }
    lns::polish(model, options, &values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_keeps_only_complete_job_shares_and_present_office_people() {
        let mut m = crate::parse::load_model(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("instances/children-assessment.yaml"),
        )
        .expect("the shipped instance loads");
        m.office_days[0].people = vec![0, 13];
        let js = m.job_shares[0].members.clone();
        let cut = prefix(&m, js[1]);
        assert_eq!(cut.people.len(), js[1]);
        assert!(cut.job_shares.is_empty(), "a holder is missing");
        assert_eq!(cut.office_days[0].people, vec![0]);
        let all = prefix(&m, m.people.len());
        assert_eq!(all.job_shares.len(), 1);
    }

    #[test]
    fn every_constructed_rota_is_complete_and_costs_what_it_says() {
        let m = crate::parse::load_model(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("instances/children-assessment.yaml"),
        )
        .expect("the shipped instance loads");
        let options = SolveOptions::default();
        let (values, objective) = construct(&m, &options, 60.0)
            .expect("HiGHS runs")
            .expect("the children's team can be built person by person");
        // Re-solving the slacks with every decision fixed gives the same cost: the
        // constructed rota is a solution of the whole programme.
        let (_, again) = lns::polish(&m, &options, &values)
            .expect("HiGHS runs")
            .expect("the rota is feasible");
        assert!((again - objective).abs() < 1e-6);
    }
}
