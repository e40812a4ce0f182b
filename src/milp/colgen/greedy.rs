//! A first rota in seconds for a team linked only by cover, at any horizon: person by
//! person, each given the rota that pays best for the cover still short.
//!
//! Column generation's first pricing alone can outlast a time limit on a year (the exact
//! walk's states multiply with minutes and shift counts to track, and a person it gives up
//! on goes to HiGHS), and then neither a bound nor a rota comes from it. Here each person
//! is walked with a beam ([`Walk::beam`]: the best [`BEAM`] labels a day; [`TRIES`]), earning a
//! cover line's under-cover weight for a shift the people before them left short and
//! paying its over-cover weight for one already covered. Every person's own hard rules
//! hold by construction (the walk's, or HiGHS's for a person the walk does not know), and
//! cover is soft, so the rota is legal.

use std::collections::HashMap;
use std::time::Instant;

use super::pricing::{self, Earnings, Pricer, Time};
use super::units::Units;
use super::{compile, lns, SolveError, SolveOptions};
use crate::milp::compile::CoverRow;
use crate::milp::walk::{Beam, Pace, BEAM};
use crate::model::Model;

/// A person's `(day, template)` worked and `(day, location)` based at.
type Days = (Vec<(usize, usize)>, Vec<(usize, usize)>);

/// The beams each person is walked with until one ends in a rota (HiGHS after them): the
/// pro-rata pace first, which keeps wide contract ranges from over-work; then the pace
/// ahead, for a narrow range the days left barely hold; then a wider pro-rata beam.
const TRIES: [Beam; 3] = [
    Beam {
        width: BEAM,
        pace: Pace::ProRata,
    },
    Beam {
        width: BEAM,
        pace: Pace::Ahead,
    },
    Beam {
        width: 4 * BEAM,
        pace: Pace::ProRata,
    },
];

/// People walked at once, against the same cover: a count of its own, not the thread
/// count, so that any `--threads` builds the same rota.
const BATCH: usize = 2;

/// What each shift `(day, template)` earns person `p` with `covered` people on each cover
/// line so far: a line's under-cover weight while it is short, less its over-cover weight
/// once it is not.
fn earnings(rows: &[CoverRow], covered: &[f64], p: usize) -> Earnings {
    let mut earn: Earnings = HashMap::new();
    for (row, &have) in rows.iter().zip(covered) {
        if row.counts[p] {
            let pay = match (have < row.required, row.under) {
                (true, Some(under)) => under,
                // Hard cover: short lines are worth more than any soft cost.
                (true, None) => 1e6,
                (false, _) => -row.over,
            };
            *earn.entry((row.day, row.shift)).or_default() += pay;
        }
    }
    earn
}

/// The rota built person by person within `seconds`: the whole programme's column values and
/// objective (without its constant), completed by polish; `None` when a person has no rota
/// in the time (or at all: the caller's later phases say which).
pub(in crate::milp) fn greedy(
    model: &Model,
    options: &SolveOptions,
    seconds: f64,
) -> Result<Option<(Vec<f64>, f64)>, SolveError> {
    let started = Instant::now();
    let Some(rows) = compile::cover_rows(model) else {
        return Ok(None);
    };
    let whole = compile::compile(model);
    let units = Units::new(model, &rows);
    let pricer = Pricer::new(model, &rows, &units, &whole, options)?;
    if options.tracing(2) {
        options.trace_line(format!(
            "greedy: {} walks ready {:.1}s",
            pricer.walks.iter().flatten().count(),
            started.elapsed().as_secs_f64()
        ));
    }
    let deadline = std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .and_then(|d| started.checked_add(d));
    // Cover lines by (day, template).
    let mut lines: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        lines.entry((row.day, row.shift)).or_default().push(i);
    }
    let mut covered = vec![0.0; rows.len()];
    let mut values = vec![0.0; whole.columns];
    let shifts: HashMap<_, _> = whole.keys.shifts.iter().copied().collect();
    let locations: HashMap<_, _> = whole.keys.locations.iter().copied().collect();
    let n = model.people.len();
    let people: Vec<usize> = (0..n).collect();
    for batch in people.chunks(BATCH) {
        // The batch's people see the same cover, and are walked at once.
        let walked: Vec<Option<Days>> = pricer.map(batch, |&p| {
            let earn = earnings(&rows, &covered, p);
            let walk = pricer.walks[p].as_ref()?;
            TRIES
                .into_iter()
                .find_map(|beam| walk.beam(&earn, beam, &[], deadline))
                .map(|w| (w.shifts, w.locations))
        });
        for (&p, walked) in batch.iter().zip(walked) {
            let (worked, based) = match walked {
                Some(found) => found,
                None => {
                    let left = seconds - started.elapsed().as_secs_f64();
                    if left <= 0.0 {
                        return Ok(None);
                    }
                    let time = Time {
                        seconds: (left / (n - p) as f64).max(0.2).min(left),
                        deadline,
                    };
                    let earn = earnings(&rows, &covered, p);
                    let priced = pricing::price(
                        &pricer.alone[p],
                        pricing::By::Highs,
                        None,
                        &[],
                        &earn,
                        options,
                        time,
                    )?;
                    if options.tracing(2) {
                        options.trace_line(format!(
                            "greedy: person {p} by HiGHS, {} at {:.1}s",
                            if priced.found.is_empty() {
                                "no rota"
                            } else {
                                "a rota"
                            },
                            started.elapsed().as_secs_f64()
                        ));
                    }
                    match priced.found.into_iter().next() {
                        Some(pattern) => (pattern.shifts, pattern.locations),
                        None => return Ok(None),
                    }
                }
            };
            for &(d, t) in &worked {
                values[shifts[&(p, d, t)]] = 1.0;
                for &i in lines.get(&(d, t)).into_iter().flatten() {
                    if rows[i].counts[p] {
                        covered[i] += 1.0;
                    }
                }
            }
            for &(d, l) in &based {
                values[locations[&(p, d, l)]] = 1.0;
            }
        }
    }
    // The whole programme and the walks go before polish compiles it again: a year of a
    // large team holds gigabytes.
    drop(pricer);
    drop(whole);
    if options.tracing(2) {
        options.trace_line(format!(
            "greedy: walked everyone {:.1}s",
            started.elapsed().as_secs_f64()
        ));
    }
    lns::polish(model, options, &values)
}
