//! The restricted master: its LP over the patterns generated so far, fixings and bounds on
//! the people short.
//!
//! It chooses one pattern per unit ([`Units`]): a person, or a menu of a job design, whose
//! patterns are its options' rotas. Its rows: cover, one choice row per unit, then the
//! design's limits; each limit has slack at [`HARD_LIMIT`] so the master stays feasible
//! before pricing finds patterns that keep it.

use std::collections::HashMap;

use super::pricing::{earned, Priced};
use super::tree::{Decision, Subject};
use super::units::{Units, HARD_LIMIT};
use super::{Pattern, HARD_SHORT, IMPROVES};
use crate::milp::compile::CoverRow;
use crate::milp::solve::{self, SolveError};
use crate::milp::walk::{Allowed, Fixed, FREE};
use crate::model::ShiftIx;

/// The restricted master: cover rows (with short and over slacks), one choice row per
/// unit and the design's limits, over the patterns generated so far.
pub(super) struct Master<'r> {
    pub(super) rows: &'r [CoverRow],
    pub(super) units: &'r Units,
    /// `(unit, pattern)`, in the order they were added; the pattern says whose it is.
    pub(super) patterns: Vec<(usize, Pattern)>,
    /// Each pattern's column.
    pub(super) columns: Vec<highs::Col>,
    /// Days in the horizon.
    pub(super) days: usize,
    /// Per unit and day, what the dive or the tree has fixed.
    pub(super) fixed: Vec<Vec<Allowed>>,
    /// Per unit, the options (people) the dive or the tree allows it.
    pub(super) copies: Vec<Copies>,
    /// Per pattern, whether it breaks a fixing (its column is held at 0).
    pub(super) banned: Vec<bool>,
    /// The LP, kept between rounds so HiGHS re-solves from the last basis.
    pub(super) lp: Option<highs::Model>,
    /// Whether a column's bounds changed since the last solve (a fixing, or undoing them).
    /// The last basis is then dual feasible, not primal, and HiGHS's dual simplex
    /// re-solves faster. After columns are only added it is primal feasible, and the
    /// primal simplex re-solves faster than the dual. The choice also decides which of a
    /// degenerate LP's optima the dives start from, so it can change their rotas.
    pub(super) bounds_changed: bool,
    pub(super) cover: Vec<highs::Row>,
    pub(super) choice: Vec<highs::Row>,
    pub(super) limits: Vec<highs::Row>,
    /// Each cover row's short slack.
    pub(super) shorts: Vec<highs::Col>,
    /// Columns before the first pattern: the cover rows' slacks and the limits'.
    slacks: usize,
    /// The people short over all cover rows, once the tree first bounds them: a column
    /// equal to the sum of the short slacks (in a row of its own, after the limits),
    /// and the number of patterns before it (it and its excess column come next).
    pub(super) short_total: Option<(highs::Col, usize)>,
    /// The bounds on the people short now.
    pub(super) short_bounds: (f64, f64),
}

/// Which options (people) a unit may choose, by the dive's or the tree's decisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Copies {
    pub(super) must: Option<usize>,
    pub(super) never: Vec<usize>,
}

impl Copies {
    pub(super) fn allows(&self, p: usize) -> bool {
        self.must.is_none_or(|m| m == p) && !self.never.contains(&p)
    }
}

/// A solution of the master's LP.
pub(super) struct Lp {
    pub(super) value: f64,
    /// Per linking row: the cover rows, then the design's limits.
    pub(super) duals: Vec<f64>,
    /// Per unit (the choice rows).
    pub(super) unit_duals: Vec<f64>,
    /// Per pattern.
    pub(super) lambdas: Vec<f64>,
    /// The people short over all cover rows.
    pub(super) short_total: f64,
    /// The dual of the row that sums them.
    pub(super) short_dual: f64,
    /// How far the LP breaks the design's limits (their slacks, summed).
    pub(super) broken: f64,
}

impl<'r> Master<'r> {
    /// The master over no patterns yet.
    pub(super) fn new(rows: &'r [CoverRow], units: &'r Units, days: usize) -> Self {
        let mut lp = highs::Model::new(highs::RowProblem::default());
        let _ = lp.try_set_option("output_flag", false);
        let _ = lp.try_set_option("threads", solve::HIGHS_THREADS);
        let _ = lp.try_set_option("presolve", "off");
        let cover: Vec<highs::Row> = rows
            .iter()
            .map(|r| lp.add_row(r.required..=r.required, Vec::<(highs::Col, f64)>::new()))
            .collect();
        let choice: Vec<highs::Row> = (0..units.len())
            .map(|_| lp.add_row(1.0..=1.0, Vec::<(highs::Col, f64)>::new()))
            .collect();
        let limits: Vec<highs::Row> = units
            .limits
            .iter()
            .map(|l| lp.add_row(l.lo..=l.hi, Vec::<(highs::Col, f64)>::new()))
            .collect();
        let mut shorts = Vec::with_capacity(rows.len());
        for (i, (r, &row)) in rows.iter().zip(&cover).enumerate() {
            let mut column = vec![(row, 1.0)];
            for (l, &limit) in units.limits.iter().zip(&limits) {
                if let Some(&k) = l.per_short.get(i).filter(|k| **k != 0.0) {
                    column.push((limit, k));
                }
            }
            shorts.push(lp.add_col(r.under.unwrap_or(HARD_SHORT), 0.0.., column));
            lp.add_col(r.over, 0.0.., [(row, -1.0)]);
        }
        // Breaking a limit, at a price that keeps the master feasible.
        let mut slacks = 2 * rows.len();
        for (l, &limit) in units.limits.iter().zip(&limits) {
            for (finite, sign) in [(l.hi.is_finite(), -1.0), (l.lo.is_finite(), 1.0)] {
                if finite {
                    lp.add_col(HARD_LIMIT, 0.0.., [(limit, sign)]);
                    slacks += 1;
                }
            }
        }
        Master {
            rows,
            units,
            patterns: Vec::new(),
            columns: Vec::new(),
            days,
            fixed: vec![vec![FREE; days]; units.len()],
            copies: vec![Copies::default(); units.len()],
            banned: Vec::new(),
            bounds_changed: false,
            lp: Some(lp),
            cover,
            choice,
            limits,
            shorts,
            slacks,
            short_total: None,
            short_bounds: (0.0, f64::INFINITY),
        }
    }

    /// Units in the master.
    pub(super) fn len(&self) -> usize {
        self.units.len()
    }

    /// Bound the people short over all cover rows to `lo..=hi`. The row and columns
    /// that do so are added the first time, so that a master never bounded solves as
    /// if they did not exist.
    pub(super) fn bound_short_total(&mut self, (lo, hi): (f64, f64)) {
        if (lo, hi) == self.short_bounds {
            return;
        }
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        let total = match self.short_total {
            Some((total, _)) => total,
            None => {
                let row = lp.add_row(0.0..=0.0, self.shorts.iter().map(|&c| (c, 1.0)));
                let total = lp.add_col(0.0, 0.0.., [(row, -1.0)]);
                // People short above the upper bound, at the price of hard cover: the
                // master stays feasible until pricing finds patterns that keep to it.
                lp.add_col(HARD_SHORT, 0.0.., [(row, -1.0)]);
                self.short_total = Some((total, self.patterns.len()));
                total
            }
        };
        lp.change_column_bounds(total, lo..=hi);
        self.short_bounds = (lo, hi);
        self.bounds_changed = true;
    }

    /// `duals` (per linking row) made fit for a Lagrangian bound: each limit's of the sign
    /// and size its row allows ([`crate::milp::colgen::units::Limit::clip`]).
    pub(super) fn clip(&self, duals: &mut [f64]) {
        let n = self.rows.len();
        for (l, mu) in self.units.limits.iter().zip(&mut duals[n..]) {
            *mu = l.clip(*mu);
        }
    }

    /// The Lagrangian bound at `duals` (per linking row, [`Master::clip`]ped) when the
    /// units' cheapest values there sum to `units`: every rota keeping to the fixings
    /// costs at least this. `lp` gives the dual of the row summing the people short.
    pub(super) fn lagrangian(&self, lp: &Lp, duals: &[f64], units: f64) -> f64 {
        // The total short, between its bounds (above the upper one at the price
        // of hard cover), at the master's dual of the row that sums it (any dual
        // gives a bound; one of the wrong sign for an unbounded side is taken as
        // 0, one below the excess's price as that).
        let (lo, hi) = self.short_bounds;
        let sigma = match hi.is_finite() {
            true => lp.short_dual.max(-HARD_SHORT),
            false => lp.short_dual.max(0.0),
        };
        let total = if sigma >= 0.0 { sigma * lo } else { sigma * hi };
        let (cover, mu) = duals.split_at(self.rows.len());
        let limits = &self.units.limits;
        let rows: f64 = self
            .rows
            .iter()
            .zip(cover)
            .enumerate()
            .map(|(i, (r, y))| {
                // What a person short earns in the limits that count them.
                let limited: f64 = limits
                    .iter()
                    .zip(mu)
                    .map(|(l, m)| m * l.per_short.get(i).copied().unwrap_or(0.0))
                    .sum();
                let short = r
                    .under
                    .map_or(0.0, |u| (u - y - sigma - limited).min(0.0) * r.required);
                let counting = r.counts.iter().filter(|c| **c).count() as f64;
                r.required * y + short + (r.over + y).min(0.0) * counting
            })
            .sum();
        let sides: f64 = limits.iter().zip(mu).map(|(l, &m)| l.side(m)).sum();
        rows + sides + total + units
    }

    /// A pattern's reduced cost at `lp`'s duals.
    pub(super) fn reduced(&self, lp: &Lp, unit: usize, pattern: &Pattern) -> f64 {
        let limits: f64 = (self.units.limits.iter())
            .zip(&lp.duals[self.rows.len()..])
            .map(|(l, mu)| mu * l.of(pattern))
            .sum();
        pattern.cost
            - earned(self.rows, &lp.duals, pattern.person, pattern)
            - lp.unit_duals[unit]
            - limits
    }

    /// How many of the patterns `chosen` (one per unit) count toward `row`.
    pub(super) fn on_row(&self, row: &CoverRow, chosen: &[usize]) -> f64 {
        chosen
            .iter()
            .filter(|&&k| {
                let pattern = &self.patterns[k].1;
                row.counts[pattern.person] && pattern.shifts.contains(&(row.day, row.shift))
            })
            .count() as f64
    }

    /// How far the patterns `chosen` (one per unit) break each of the design's limits.
    fn broken(&self, chosen: &[usize]) -> impl Iterator<Item = f64> + '_ {
        let shorts: Vec<f64> = self
            .rows
            .iter()
            .map(|row| (row.required - self.on_row(row, chosen)).max(0.0))
            .collect();
        let chosen = chosen.to_vec();
        self.units.limits.iter().map(move |l| {
            let at: f64 = chosen
                .iter()
                .map(|&k| l.of(&self.patterns[k].1))
                .chain(l.per_short.iter().zip(&shorts).map(|(k, s)| k * s))
                .sum();
            (l.lo - at).max(0.0) + (at - l.hi).max(0.0)
        })
    }

    /// Whether the patterns `chosen` (one per unit) are no rota: short of hard cover, or
    /// breaking a limit of the design.
    pub(super) fn illegal(&self, chosen: &[usize]) -> bool {
        self.rows
            .iter()
            .any(|row| row.under.is_none() && self.on_row(row, chosen) < row.required - 1e-9)
            || self.broken(chosen).any(|b| b > 1e-6)
    }

    /// What the rota of the patterns `chosen` (one per unit) costs, from the patterns
    /// and the cover rows alone (a broken limit at its price in the master).
    pub(super) fn cost(&self, chosen: &[usize]) -> f64 {
        let mut total: f64 = chosen.iter().map(|&k| self.patterns[k].1.cost).sum();
        for row in self.rows {
            let on = self.on_row(row, chosen);
            total += (row.required - on).max(0.0) * row.under.unwrap_or(HARD_SHORT)
                + (on - row.required).max(0.0) * row.over;
        }
        total + self.broken(chosen).sum::<f64>() * HARD_LIMIT
    }

    /// The value of person `p`'s best pattern (in unit `unit`) that keeps to the fixings,
    /// when shifts earn `duals` (per shift).
    pub(super) fn best_value(
        &self,
        unit: usize,
        p: usize,
        duals: &HashMap<(usize, ShiftIx), f64>,
    ) -> Option<f64> {
        self.patterns
            .iter()
            .zip(&self.banned)
            .filter(|((u, pattern), banned)| *u == unit && pattern.person == p && !**banned)
            .map(|((_, pattern), _)| {
                pattern.cost
                    - pattern
                        .shifts
                        .iter()
                        .filter_map(|k| duals.get(k))
                        .sum::<f64>()
            })
            .min_by(f64::total_cmp)
    }

    pub(super) fn has(&self, unit: usize, pattern: &Pattern) -> bool {
        self.patterns.iter().any(|(u, known)| {
            *u == unit
                && known.person == pattern.person
                && known.shifts == pattern.shifts
                && known.cost == pattern.cost
        })
    }

    pub(super) fn add(&mut self, unit: usize, pattern: Pattern) {
        let p = pattern.person;
        let mut column: Vec<(highs::Row, f64)> = self
            .rows
            .iter()
            .zip(&self.cover)
            .filter(|(r, _)| r.counts[p] && pattern.shifts.contains(&(r.day, r.shift)))
            .map(|(_, &row)| (row, 1.0))
            .collect();
        column.push((self.choice[unit], 1.0));
        for (l, &limit) in self.units.limits.iter().zip(&self.limits) {
            let k = l.of(&pattern);
            if k != 0.0 {
                column.push((limit, k));
            }
        }
        let banned = !self.allows(unit, &pattern);
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        let column = lp.add_col(pattern.cost, 0.0.., column);
        if banned {
            lp.change_column_bounds(column, 0.0..=0.0);
        }
        self.columns.push(column);
        self.patterns.push((unit, pattern));
        self.banned.push(banned);
    }

    /// Whether `pattern` keeps to unit `unit`'s fixings.
    fn allows(&self, unit: usize, pattern: &Pattern) -> bool {
        self.copies[unit].allows(pattern.person)
            && self.fixed[unit]
                .iter()
                .enumerate()
                .all(|(d, allowed)| allowed.allows(pattern.on_day(d)))
    }

    /// Add the patterns of the units `who` (priced as `priced`) that improve the master
    /// at `lp`'s duals; how many.
    pub(super) fn add_improving(&mut self, who: &[usize], priced: &[Priced], lp: &Lp) -> usize {
        let mut added = 0;
        for (&u, priced) in who.iter().zip(priced) {
            for pattern in &priced.found {
                if self.reduced(lp, u, pattern) < IMPROVES && !self.has(u, pattern) {
                    self.add(u, pattern.clone());
                    added += 1;
                }
            }
        }
        added
    }

    /// Fix unit `u` to `what` on day `d`: its patterns that do otherwise are held at 0.
    pub(super) fn fix(&mut self, u: usize, d: usize, what: Fixed) {
        self.fixed[u][d].must = what;
        self.ban_breaking(u);
    }

    /// Fix unit `u` to the option person `p` stands for: its other options' patterns are
    /// held at 0.
    pub(super) fn fix_copy(&mut self, u: usize, p: usize) {
        self.copies[u].must = Some(p);
        self.ban_breaking(u);
    }

    /// Hold at 0 the patterns of unit `u` that break its fixings.
    pub(super) fn ban_breaking(&mut self, u: usize) {
        for k in 0..self.patterns.len() {
            let (q, pattern) = &self.patterns[k];
            if *q == u && !self.banned[k] && !self.allows(u, pattern) {
                let lp = self
                    .lp
                    .as_mut()
                    .expect("the LP is put back after each solve");
                lp.change_column_bounds(self.columns[k], 0.0..=0.0);
                self.banned[k] = true;
                self.bounds_changed = true;
            }
        }
    }

    /// Undo every fixing.
    pub(super) fn unfix_all(&mut self) {
        self.fix_to(&[]);
    }

    /// Fix to `decisions` alone (a node of the tree), undoing every other fixing. Only
    /// the columns whose bounds change are touched, so HiGHS keeps its basis.
    pub(super) fn fix_to(&mut self, decisions: &[Decision]) {
        for fixed in &mut self.fixed {
            fixed.fill(FREE);
        }
        self.copies.fill(Copies::default());
        for c in decisions {
            match (c.on, c.keep) {
                (Subject::Day(d, what), true) => self.fixed[c.p][d].must = what,
                (Subject::Day(d, what), false) => self.fixed[c.p][d].never.push(what),
                (Subject::Copy(q), true) => self.copies[c.p].must = Some(q),
                (Subject::Copy(q), false) => self.copies[c.p].never.push(q),
            }
        }
        for k in 0..self.patterns.len() {
            let (u, pattern) = &self.patterns[k];
            let banned = !self.allows(*u, pattern);
            if banned != self.banned[k] {
                let bounds = match banned {
                    true => 0.0..=0.0,
                    false => 0.0..=f64::INFINITY,
                };
                let lp = self
                    .lp
                    .as_mut()
                    .expect("the LP is put back after each solve");
                lp.change_column_bounds(self.columns[k], bounds);
                self.banned[k] = banned;
                self.bounds_changed = true;
            }
        }
    }

    /// Whether unit `u` has a pattern that keeps to its fixings.
    pub(super) fn has_allowed(&self, u: usize) -> bool {
        self.patterns
            .iter()
            .zip(&self.banned)
            .any(|((q, _), banned)| *q == u && !banned)
    }

    /// The LP's optimum; `None` if HiGHS does not reach it.
    pub(super) fn solve_lp(&mut self) -> Result<Option<Lp>, SolveError> {
        let mut lp = self.lp.take().expect("the LP is put back after each solve");
        // HiGHS's simplex strategies: 1 the dual, 4 the primal.
        let strategy = if std::mem::take(&mut self.bounds_changed) {
            1
        } else {
            4
        };
        let _ = lp.try_set_option("simplex_strategy", strategy);
        let solved = lp.try_solve().map_err(|e| SolveError::Highs {
            stage: "solving the column-generation master",
            detail: format!("{e:?}"),
        })?;
        let result = match solved.status() {
            highs::HighsModelStatus::Optimal => {
                let solution = solved.get_solution();
                let duals = solution.dual_rows();
                let columns = solution.columns();
                // Rows were added cover first, then one choice row per unit, the limits,
                // then the sum of the short slacks if the tree bounds it; columns two
                // slacks per cover row and the limits' slacks, then the patterns, with the
                // total short and its excess among them from when it was added.
                let n = self.rows.len();
                let units = self.units.len();
                let limits = self.limits.len();
                let patterns = &columns[self.slacks..];
                let (lambdas, short_dual) = match self.short_total {
                    Some((_, at)) => (
                        [&patterns[..at], &patterns[at + 2..]].concat(),
                        duals[n + units + limits],
                    ),
                    None => (patterns.to_vec(), 0.0),
                };
                let mut linking = duals[..n].to_vec();
                linking.extend_from_slice(&duals[n + units..n + units + limits]);
                Some(Lp {
                    value: solved.objective_value(),
                    duals: linking,
                    unit_duals: duals[n..n + units].to_vec(),
                    lambdas,
                    short_total: (0..n).map(|i| columns[2 * i]).sum(),
                    short_dual,
                    broken: columns[2 * n..self.slacks].iter().sum(),
                })
            }
            _ => None,
        };
        self.lp = Some(highs::Model::from(solved));
        Ok(result)
    }
}
