//! Pricing: each unit's cheapest patterns at the master's duals: each of its people (a
//! menu's options) by the walk or HiGHS at cover's duals, then the design's limits as a
//! constant per person.

use std::collections::HashMap;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

use rayon::prelude::*;

use super::master::Master;
use super::units::Units;
use super::{alone, integral_objective, quiet, Pattern, PER_ROUND};
use crate::milp::compile::{self, CoverRow};
use crate::milp::solve::{self, OnStale, SolveError};
use crate::milp::walk::{Allowed, Beam, Fixed, Pace, Walk, Walked, BEAM};
use crate::milp::{SolveOptions, SolveStatus};
use crate::model::{Model, ShiftIx};
use crate::rules::{RuleId, RuleSetting};

/// What pricing one person, or one unit, gave.
#[derive(Clone, Default)]
pub(super) struct Priced {
    /// The best patterns found, best first (for a unit, its people's in turn).
    pub(super) found: Vec<Pattern>,
    /// A lower bound on the value (cost less earnings, and for a unit less what the
    /// design's limits earn) of every pattern of the person or unit.
    pub(super) bound: Option<f64>,
    pub(super) infeasible: bool,
    /// The exact walk gave up on size: pricing the person again should not try it first.
    pub(super) too_big: bool,
}

/// How one person is priced.
#[derive(Clone, Copy)]
pub(super) enum By<'w> {
    /// HiGHS on the person's own programme: the walk does not know their rules.
    Highs,
    /// The exact walk; when it gives up on size, as [`By::Beam`].
    Walk(&'w Walk),
    /// A beam ([`Walk::beam`]) for an improving pattern, without a bound; HiGHS when the
    /// beam finds none, so that "nothing improves" is always proven.
    Beam(&'w Walk),
}

/// Everything pricing needs, built once.
pub(super) struct Pricer<'m> {
    pub(super) alone: Vec<Model>,
    pub(super) walks: Vec<Option<Walk>>,
    /// Per person, whether the exact walk gave up on them (too many labels): later
    /// pricings go to the beam and HiGHS at once, not through the walk's wasted work.
    too_big: Vec<std::sync::atomic::AtomicBool>,
    /// Per person, the first person interchangeable with them ([`Model::twins`]).
    pub(super) twins: Vec<usize>,
    pub(super) rows: &'m [CoverRow],
    pub(super) units: &'m Units,
    pub(super) pool: rayon::ThreadPool,
    pub(super) options: &'m SolveOptions,
    /// Whether every rota's objective is a whole number ([`integral_objective`]).
    pub(super) integral: bool,
    /// When column generation's time is up: a walk still going then gives up. Only the
    /// whole budget's end, never a step's share, so that pricing stays exact within it.
    pub(super) deadline: Option<Instant>,
}

impl<'m> Pricer<'m> {
    /// Pricing for the people of `model` (compiled as `whole`), cover being `rows`, in
    /// `units`.
    pub(super) fn new(
        model: &Model,
        rows: &'m [CoverRow],
        units: &'m Units,
        whole: &compile::Programme,
        options: &'m SolveOptions,
    ) -> Result<Self, SolveError> {
        let alone: Vec<Model> = (0..model.people.len()).map(|p| alone(model, p)).collect();
        let walks: Vec<Option<Walk>> = alone
            .iter()
            .map(|one| Walk::new(one, &compile::compile(one)))
            .collect();
        Ok(Pricer {
            too_big: walks.iter().map(|_| Default::default()).collect(),
            alone,
            walks,
            twins: model.twins(),
            rows,
            units,
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(options.threads.max(1) as usize)
                .build()
                .map_err(|e| SolveError::Highs {
                    stage: "starting pricing threads",
                    detail: e.to_string(),
                })?,
            options,
            integral: integral_objective(whole),
            deadline: None,
        })
    }

    /// Price the units `who` under `duals` (per linking row: cover, then the design's
    /// limits), each of their people the master allows in parallel on the pool, each
    /// class of interchangeable people ([`Model::twins`]) with the same fixings once;
    /// results in the order of `who`. The walk looks only below the best pattern the
    /// `master` has for each person. A person the exact walk gave up on gets a beam's
    /// pattern when it beats that best, without a bound ([`By::Beam`]).
    pub(super) fn price(
        &self,
        who: &[usize],
        duals: &[f64],
        master: Option<&Master>,
        seconds: f64,
    ) -> Result<Vec<Priced>, SolveError> {
        self.price_by(who, duals, master, seconds, true)
    }

    /// As [`Pricer::price`], but every person to a bound: HiGHS, not a beam, for those the
    /// exact walk gave up on. For when a beam's patterns did not improve the master.
    pub(super) fn prove(
        &self,
        who: &[usize],
        duals: &[f64],
        master: Option<&Master>,
        seconds: f64,
    ) -> Result<Vec<Priced>, SolveError> {
        self.price_by(who, duals, master, seconds, false)
    }

    /// `f` of each of `items`, in order: in parallel on the pool, or on this thread when
    /// the solve has one. A solve of `compare` runs on a pool of its own, and a thread that
    /// waits on another pool takes up its own pool's next job meanwhile (rayon's
    /// `install`), so a one-thread pricing would wait on a whole other variant's solve.
    pub(super) fn map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(&T) -> R + Sync + Send,
    ) -> Vec<R> {
        match self.options.threads <= 1 {
            true => items.iter().map(f).collect(),
            false => self.pool.install(|| items.par_iter().map(f).collect()),
        }
    }

    /// How many people the exact walk gave up on so far.
    pub(super) fn too_big(&self) -> usize {
        self.too_big.iter().filter(|b| b.load(Relaxed)).count()
    }

    fn price_by(
        &self,
        who: &[usize],
        duals: &[f64],
        master: Option<&Master>,
        seconds: f64,
        beam: bool,
    ) -> Result<Vec<Priced>, SolveError> {
        let n = self.rows.len();
        let mu = duals.get(n..).unwrap_or(&[]);
        // The people of the units, each with their earnings per shift and their best
        // pattern's value at them (less what every pattern of theirs carries beyond its
        // rota: the walk and HiGHS price the rota alone).
        let mut work: Vec<(usize, Earnings, Option<f64>, &[Allowed])> = Vec::new();
        let mut of_unit: Vec<Vec<usize>> = Vec::with_capacity(who.len());
        for &u in who {
            let mut mine = Vec::new();
            for &p in &self.units.members[u] {
                if master.is_some_and(|m| !m.copies[u].allows(p)) {
                    continue;
                }
                let mut earnings: Earnings = HashMap::new();
                for (row, y) in self.rows.iter().zip(duals) {
                    if row.counts[p] && *y != 0.0 {
                        *earnings.entry((row.day, row.shift)).or_default() += y;
                    }
                }
                let known = master
                    .and_then(|m| m.best_value(u, p, &earnings))
                    .map(|k| k - self.units.extra[p]);
                let fixed: &[Allowed] = master.map_or(&[], |m| &m.fixed[u]);
                mine.push(work.len());
                work.push((p, earnings, known, fixed));
            }
            of_unit.push(mine);
        }
        // Interchangeable people under the same fixings, with best patterns of the same
        // value, have the same best patterns: each such class is priced once.
        let same = |a: usize, b: usize| {
            let (x, y) = (&work[a], &work[b]);
            self.twins[x.0] == self.twins[y.0]
                && x.3 == y.3
                && x.2.map(f64::to_bits) == y.2.map(f64::to_bits)
        };
        let first: Vec<usize> = (0..work.len())
            .map(|i| (0..i).find(|&j| same(i, j)).unwrap_or(i))
            .collect();
        let unique: Vec<usize> = (0..work.len()).filter(|&i| first[i] == i).collect();
        // Under a binding pay limit, pay the rota decides is priced at its dual, as the
        // `cost` rule weighted more (by HiGHS: the walk knows the model's own weights).
        let pay = self.units.pay_limit(mu);
        let paid = |p: usize| pay.filter(|(pay, _)| pay.varies(p));
        let priced: Vec<Result<Priced, SolveError>> = self.map(&unique, |&i| {
            let (p, earnings, known, fixed) = &work[i];
            let too_big = &self.too_big[*p];
            let weighed = paid(*p).map(|(pay, m)| with_cost(&self.alone[*p], pay.weight(m)));
            let by = match &self.walks[*p] {
                _ if weighed.is_some() => By::Highs,
                None => By::Highs,
                Some(_) if too_big.load(Relaxed) && !beam => By::Highs,
                Some(w) if too_big.load(Relaxed) => By::Beam(w),
                Some(w) => By::Walk(w),
            };
            let priced = price(
                weighed.as_ref().unwrap_or(&self.alone[*p]),
                by,
                *known,
                fixed,
                earnings,
                self.options,
                Time {
                    seconds,
                    deadline: self.deadline,
                },
            )?;
            // Read only in later pricings, whatever the order within this one.
            if priced.too_big {
                too_big.store(true, Relaxed);
            }
            Ok(priced)
        });
        let priced = priced.into_iter().collect::<Result<Vec<_>, _>>()?;
        // Each person's patterns and bound, with what every pattern of theirs carries.
        let person = |i: usize| {
            let p = work[i].0;
            let mut priced = priced[unique
                .binary_search(&first[i])
                .expect("every first is priced")]
            .clone();
            let extra = self.units.extra[p];
            for pattern in &mut priced.found {
                pattern.person = p;
                pattern.cost += extra;
                // Pay priced at the limit's dual is the limit's, not the rota's cost.
                if let Some((pay, m)) = paid(p) {
                    pattern.cost += m * pay.of(pattern);
                }
            }
            priced.bound = priced.bound.map(|b| b + extra);
            priced
        };
        Ok(of_unit
            .iter()
            .map(|mine| {
                let people: Vec<(usize, Priced)> =
                    mine.iter().map(|&i| (work[i].0, person(i))).collect();
                merge(people, |p| self.units.priced(p, mu))
            })
            .collect())
    }
}

/// Person `one` (a model of one person) with the `cost` rule weighted `more` on top of
/// its own weight.
fn with_cost(one: &Model, more: f64) -> Model {
    let mut weighed = one.clone();
    let own = match one.rules.get(RuleId::Cost) {
        Some(RuleSetting::Soft(w)) => w,
        _ => 0.0,
    };
    let settings = &mut weighed.rules.settings;
    settings.retain(|(r, _)| *r != RuleId::Cost);
    settings.push((RuleId::Cost, RuleSetting::Soft(own + more)));
    weighed
}

/// A unit's pricing from its people's (each `(person, priced)`): all their patterns, and
/// the least of their bounds less what the design's limits earn of each (`earns`); the
/// unit has no rota when none of them has.
fn merge(people: Vec<(usize, Priced)>, earns: impl Fn(usize) -> f64) -> Priced {
    let feasible: Vec<&(usize, Priced)> = people.iter().filter(|(_, p)| !p.infeasible).collect();
    let bound = match feasible.is_empty() {
        true => None,
        false => feasible
            .iter()
            .map(|(p, priced)| priced.bound.map(|b| b - earns(*p)))
            .collect::<Option<Vec<f64>>>()
            .map(|bounds| bounds.into_iter().fold(f64::INFINITY, f64::min)),
    };
    Priced {
        infeasible: feasible.is_empty(),
        bound,
        too_big: people.iter().any(|(_, p)| p.too_big),
        found: people.into_iter().flat_map(|(_, p)| p.found).collect(),
    }
}

/// The time one pricing may take: HiGHS's limit, and the end of column generation's whole
/// budget, past which a walk gives up and nothing is found.
#[derive(Debug, Clone, Copy)]
pub(super) struct Time {
    pub(super) seconds: f64,
    pub(super) deadline: Option<Instant>,
}

impl Time {
    /// `seconds` for HiGHS, no deadline.
    #[cfg(test)]
    pub(super) fn seconds(seconds: f64) -> Time {
        Time {
            seconds,
            deadline: None,
        }
    }
}

/// What each shift `(day, template)` of one person earns from cover.
pub(super) type Earnings = HashMap<(usize, ShiftIx), f64>;

/// What person `p`'s pattern earns from cover at `duals` (per cover row).
pub(super) fn earned(rows: &[CoverRow], duals: &[f64], p: usize, pattern: &Pattern) -> f64 {
    rows.iter()
        .zip(duals)
        .filter(|(r, _)| r.counts[p] && pattern.shifts.contains(&(r.day, r.shift)))
        .map(|(_, y)| y)
        .sum()
}

/// The person's best patterns when each shift `(day, template)` earns `duals` on top of
/// its own cost and the person keeps to `fixed` (per day; empty: nothing fixed), `by` the
/// walk or HiGHS. `known` is the value of the person's best pattern so far, if any: the
/// walk looks only below it, and a beam's pattern counts only below it.
pub(super) fn price(
    one: &Model,
    by: By,
    known: Option<f64>,
    fixed: &[Allowed],
    duals: &HashMap<(usize, ShiftIx), f64>,
    options: &SolveOptions,
    time: Time,
) -> Result<Priced, SolveError> {
    let Time { seconds, deadline } = time;
    let too_big = match by {
        By::Highs => false,
        By::Walk(walk) => match by_walk(walk, known, fixed, duals, deadline) {
            Exact::Priced(priced) => return Ok(priced),
            Exact::TooBig => true,
        },
        By::Beam(_) => true,
    };
    if let By::Walk(walk) | By::Beam(walk) = by {
        if let Some(pattern) = by_beam(walk, known, fixed, duals, deadline) {
            return Ok(Priced {
                found: vec![pattern],
                too_big,
                ..Priced::default()
            });
        }
    }
    let mut programme = compile::compile(one);
    for &((_, d, t), c) in &programme.keys.shifts {
        if let Some(y) = duals.get(&(d, t)) {
            programme.objective.add_mul(-*y, programme.vars_by_index[c]);
        }
    }
    if !keep_to(&mut programme, fixed) {
        // Fixed to a shift the person cannot work that day.
        return Ok(Priced {
            infeasible: true,
            too_big,
            ..Priced::default()
        });
    }
    if deadline.is_some_and(|t| Instant::now() >= t) {
        // Out of time: nothing found, nothing proven.
        return Ok(Priced {
            too_big,
            ..Priced::default()
        });
    }
    let step = quiet(options, seconds);
    let keys = std::mem::take(&mut programme.keys);
    let constant = programme.constant;
    let outcome = solve::run(programme, &step, None, OnStale::Accept)?;
    if outcome.status == SolveStatus::Infeasible {
        return Ok(Priced {
            infeasible: true,
            too_big,
            ..Priced::default()
        });
    }
    // HiGHS's dual bound, never its objective: a proof within a tolerance is not a bound.
    let bound = outcome.bound.map(|b| b + constant);
    let found = match (outcome.values, outcome.objective) {
        (Some(values), Some(objective)) => {
            vec![pattern_of(&keys, &values, objective + constant, duals)]
        }
        _ => Vec::new(),
    };
    Ok(Priced {
        found,
        bound,
        infeasible: false,
        too_big,
    })
}

/// What the exact walk gave.
enum Exact {
    /// Its cheapest patterns; past the deadline, nothing found and nothing proven.
    Priced(Priced),
    /// It gave up on size before the deadline.
    TooBig,
}

/// The walk's cheapest patterns, or [`Exact::TooBig`] when it gives up (too many states)
/// before `deadline`.
fn by_walk(
    walk: &Walk,
    known: Option<f64>,
    fixed: &[Allowed],
    duals: &HashMap<(usize, ShiftIx), f64>,
    deadline: Option<Instant>,
) -> Exact {
    let Ok(walked) = walk.cheapest(duals, PER_ROUND, known, fixed, deadline) else {
        return match deadline.is_some_and(|t| Instant::now() >= t) {
            true => Exact::Priced(Priced::default()),
            false => Exact::TooBig,
        };
    };
    // Nothing below the best known pattern: that one is the cheapest.
    let bound = match (walked.first(), known) {
        (Some(w), _) => Some(w.value),
        (None, k) => k,
    };
    let found: Vec<Pattern> = walked.into_iter().map(|w| pattern(w, duals)).collect();
    Exact::Priced(Priced {
        infeasible: bound.is_none(),
        found,
        bound,
        too_big: false,
    })
}

/// A beam's pattern for the person when it improves on `known` (any, when nothing is
/// known): a column, never a bound.
fn by_beam(
    walk: &Walk,
    known: Option<f64>,
    fixed: &[Allowed],
    duals: &HashMap<(usize, ShiftIx), f64>,
    deadline: Option<Instant>,
) -> Option<Pattern> {
    let w = walk.beam(
        duals,
        Beam {
            width: BEAM,
            pace: Pace::ProRata,
        },
        fixed,
        deadline,
    )?;
    if known.is_some_and(|k| w.value >= k - 1e-9) {
        return None;
    }
    Some(pattern(w, duals))
}

/// The pattern of a walk's rota, whose value is its cost less what it earned at `duals`.
fn pattern(w: Walked, duals: &HashMap<(usize, ShiftIx), f64>) -> Pattern {
    let earned: f64 = w.shifts.iter().filter_map(|k| duals.get(k)).sum();
    Pattern {
        person: 0,
        cost: w.value + earned,
        shifts: w.shifts,
        locations: w.locations,
        activities: Vec::new(),
    }
}

/// Binds `programme` (one person's) to the fixings `fixed`, per day; false when a day is
/// fixed to a shift the person cannot work.
fn keep_to(programme: &mut compile::Programme, fixed: &[Allowed]) -> bool {
    for (d, allowed) in fixed.iter().enumerate() {
        if let Fixed::Shift(f) = allowed.must {
            if !programme
                .keys
                .shifts
                .iter()
                .any(|&((_, e, t), _)| e == d && t == f)
            {
                return false;
            }
        }
        let mut working = good_lp::Expression::from(0.0);
        for &((_, e, t), c) in &programme.keys.shifts {
            let x = programme.vars_by_index[c];
            if e != d {
                continue;
            }
            working.add_mul(1.0, x);
            let at_t = std::iter::once(t);
            match allowed.must {
                Fixed::Shift(f) if t == f => {
                    programme.constraints.push(good_lp::constraint::eq(x, 1.0))
                }
                Fixed::Off => programme.constraints.push(good_lp::constraint::eq(x, 0.0)),
                _ if !allowed.allows(at_t.clone()) && allowed.must.allows(at_t) => {
                    // A template the day may not have.
                    programme.constraints.push(good_lp::constraint::eq(x, 0.0))
                }
                _ => {}
            }
        }
        if allowed.never.contains(&Fixed::Off) {
            programme
                .constraints
                .push(good_lp::constraint::geq(working, 1.0));
        }
    }
    true
}

/// The pattern of one person's solved programme: its columns `values`, its cost (with the
/// constant) `cost` less what cover earned at `duals`.
fn pattern_of(
    keys: &compile::Keys,
    values: &[f64],
    cost: f64,
    duals: &HashMap<(usize, ShiftIx), f64>,
) -> Pattern {
    let on = |c: usize| values[c] > 0.5;
    let shifts: Vec<(usize, ShiftIx)> = keys
        .shifts
        .iter()
        .filter(|(_, c)| on(*c))
        .map(|&((_, d, t), _)| (d, t))
        .collect();
    let earned: f64 = shifts.iter().filter_map(|k| duals.get(k)).sum();
    Pattern {
        person: 0,
        locations: keys
            .locations
            .iter()
            .filter(|(_, c)| on(*c))
            .map(|&((_, d, l), _)| (d, l))
            .collect(),
        activities: keys
            .activities
            .iter()
            .filter(|(_, c)| on(*c))
            .map(|&((_, d, s, a), _)| (d, s, a))
            .collect(),
        cost: cost + earned,
        shifts,
    }
}
