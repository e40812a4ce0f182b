//! The pool's integer programme: HiGHS on the patterns generated, for a better rota.

use super::master::{Lp, Master};
use super::{quiet, HARD_SHORT};
use crate::milp::solve::{self, OnStale, SolveError};
use crate::milp::SolveOptions;

/// The restricted master as an integer programme over each unit's `per_person` patterns
/// of least reduced cost at `lp`'s duals (and the patterns of `start`, its starting rota),
/// the design's limits held, solved by HiGHS within `seconds`: each unit's pattern and the
/// rota's objective (with the constant), when HiGHS finds one.
pub(super) fn pool_ip(
    master: &Master,
    lp: &Lp,
    start: &[usize],
    per_person: usize,
    options: &SolveOptions,
    seconds: f64,
) -> Result<Option<(Vec<usize>, f64)>, SolveError> {
    let mut kept: Vec<usize> = Vec::new();
    for (u, &started) in start.iter().enumerate() {
        let mut mine: Vec<(f64, usize)> = master
            .patterns
            .iter()
            .enumerate()
            .filter(|(_, (q, _))| *q == u)
            .map(|(k, (_, pattern))| (master.reduced(lp, u, pattern), k))
            .collect();
        mine.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        mine.truncate(per_person);
        if !mine.iter().any(|m| m.1 == started) {
            mine.push((0.0, started));
        }
        kept.extend(mine.into_iter().map(|m| m.1));
    }
    let mut vars = good_lp::ProblemVariables::new();
    let z: Vec<good_lp::Variable> = kept
        .iter()
        .map(|_| vars.add(good_lp::variable().binary()))
        .collect();
    let mut objective = good_lp::Expression::from(0.0);
    let mut constraints = Vec::new();
    let mut initial: Vec<f64> = kept
        .iter()
        .map(|k| if start.contains(k) { 1.0 } else { 0.0 })
        .collect();
    for u in 0..master.len() {
        let mut one = good_lp::Expression::from(0.0);
        for (i, &k) in kept.iter().enumerate() {
            if master.patterns[k].0 == u {
                one.add_mul(1.0, z[i]);
            }
        }
        constraints.push(good_lp::constraint::eq(one, 1.0));
    }
    for (i, &k) in kept.iter().enumerate() {
        objective.add_mul(master.patterns[k].1.cost, z[i]);
    }
    let mut shorts = Vec::with_capacity(master.rows.len());
    for row in master.rows {
        let short = vars.add(good_lp::variable().min(0.0));
        let over = vars.add(good_lp::variable().min(0.0));
        objective.add_mul(row.under.unwrap_or(HARD_SHORT), short);
        objective.add_mul(row.over, over);
        let mut cover = good_lp::Expression::from(0.0);
        let mut at_start = 0.0;
        for (i, &k) in kept.iter().enumerate() {
            let pattern = &master.patterns[k].1;
            if row.counts[pattern.person] && pattern.shifts.contains(&(row.day, row.shift)) {
                cover.add_mul(1.0, z[i]);
                at_start += initial[i];
            }
        }
        initial.push((row.required - at_start).max(0.0));
        initial.push((at_start - row.required).max(0.0));
        cover.add_mul(1.0, short);
        cover.add_mul(-1.0, over);
        constraints.push(good_lp::constraint::eq(cover, row.required));
        shorts.push(short);
    }
    for limit in &master.units.limits {
        let mut e = good_lp::Expression::from(0.0);
        for (i, &k) in kept.iter().enumerate() {
            e.add_mul(limit.of(&master.patterns[k].1), z[i]);
        }
        for (&k, &short) in limit.per_short.iter().zip(&shorts) {
            e.add_mul(k, short);
        }
        if limit.lo.is_finite() {
            constraints.push(good_lp::constraint::geq(e.clone(), limit.lo));
        }
        if limit.hi.is_finite() {
            constraints.push(good_lp::constraint::leq(e, limit.hi));
        }
    }
    let step = quiet(options, seconds);
    let problem = solve::Problem {
        vars,
        objective,
        constraints,
    };
    let outcome = solve::run(problem, &step, Some(&initial), OnStale::Accept)?;
    let (Some(values), Some(objective)) = (outcome.values, outcome.objective) else {
        return Ok(None);
    };
    let mut chosen = vec![None; master.len()];
    for (i, &k) in kept.iter().enumerate() {
        if values[i] > 0.5 {
            chosen[master.patterns[k].0] = Some(k);
        }
    }
    // Everyone has a pattern (the choice rows say so), or HiGHS's answer is not a rota.
    Ok(chosen
        .into_iter()
        .collect::<Option<Vec<usize>>>()
        .map(|chosen| (chosen, objective)))
}
