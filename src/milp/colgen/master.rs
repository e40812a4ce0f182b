//! The restricted master: its LP over the patterns generated so far, fixings and bounds on
//! the people short.

use std::collections::HashMap;

use super::pricing::{earned, Priced};
use super::tree::Decision;
use super::{Pattern, HARD_SHORT, IMPROVES};
use crate::milp::compile::CoverRow;
use crate::milp::solve::{self, SolveError};
use crate::milp::walk::{Allowed, Fixed, FREE};
use crate::model::ShiftIx;

/// The restricted master: cover rows (with short and over slacks) and one choice row per
/// person, over the patterns generated so far.
pub(super) struct Master<'r> {
    pub(super) rows: &'r [CoverRow],
    pub(super) people: usize,
    /// `(person, pattern)`, in the order they were added.
    pub(super) patterns: Vec<(usize, Pattern)>,
    /// Each pattern's column.
    pub(super) columns: Vec<highs::Col>,
    /// Days in the horizon.
    pub(super) days: usize,
    /// Per person and day, what the dive or the tree has fixed.
    pub(super) fixed: Vec<Vec<Allowed>>,
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
    /// Each cover row's short slack.
    pub(super) shorts: Vec<highs::Col>,
    /// The people short over all cover rows, once the tree first bounds them: a column
    /// equal to the sum of the short slacks (in a row of its own, after the choice rows),
    /// and the number of patterns before it (it and its excess column come next).
    pub(super) short_total: Option<(highs::Col, usize)>,
    /// The bounds on the people short now.
    pub(super) short_bounds: (f64, f64),
}

/// A solution of the master's LP.
pub(super) struct Lp {
    pub(super) value: f64,
    /// Per cover row.
    pub(super) cover_duals: Vec<f64>,
    /// Per person (the choice rows).
    pub(super) person_duals: Vec<f64>,
    /// Per pattern.
    pub(super) lambdas: Vec<f64>,
    /// The people short over all cover rows.
    pub(super) short_total: f64,
    /// The dual of the row that sums them.
    pub(super) short_dual: f64,
}

impl<'r> Master<'r> {
    /// The master over no patterns yet.
    pub(super) fn new(rows: &'r [CoverRow], people: usize, days: usize) -> Self {
        let mut lp = highs::Model::new(highs::RowProblem::default());
        let _ = lp.try_set_option("output_flag", false);
        let _ = lp.try_set_option("threads", solve::HIGHS_THREADS);
        let _ = lp.try_set_option("presolve", "off");
        let cover: Vec<highs::Row> = rows
            .iter()
            .map(|r| lp.add_row(r.required..=r.required, Vec::<(highs::Col, f64)>::new()))
            .collect();
        let choice: Vec<highs::Row> = (0..people)
            .map(|_| lp.add_row(1.0..=1.0, Vec::<(highs::Col, f64)>::new()))
            .collect();
        let mut shorts = Vec::with_capacity(rows.len());
        for (r, &row) in rows.iter().zip(&cover) {
            shorts.push(lp.add_col(r.under.unwrap_or(HARD_SHORT), 0.0.., [(row, 1.0)]));
            lp.add_col(r.over, 0.0.., [(row, -1.0)]);
        }
        Master {
            rows,
            people,
            patterns: Vec::new(),
            columns: Vec::new(),
            days,
            fixed: vec![vec![FREE; days]; people],
            banned: Vec::new(),
            bounds_changed: false,
            lp: Some(lp),
            cover,
            choice,
            shorts,
            short_total: None,
            short_bounds: (0.0, f64::INFINITY),
        }
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

    /// The Lagrangian bound at cover `duals` (per cover row) when the people's cheapest
    /// values there sum to `people`: every rota keeping to the fixings costs at least this.
    /// `lp` gives the dual of the row summing the people short.
    pub(super) fn lagrangian(&self, lp: &Lp, duals: &[f64], people: f64) -> f64 {
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
        self.rows
            .iter()
            .zip(duals)
            .map(|(r, y)| {
                let short = r
                    .under
                    .map_or(0.0, |u| (u - y - sigma).min(0.0) * r.required);
                let counting = r.counts.iter().filter(|c| **c).count() as f64;
                r.required * y + short + (r.over + y).min(0.0) * counting
            })
            .sum::<f64>()
            + total
            + people
    }

    /// How many of the patterns `chosen` (one per person) count toward `row`.
    pub(super) fn on_row(&self, row: &CoverRow, chosen: &[usize]) -> f64 {
        chosen
            .iter()
            .filter(|&&k| {
                let (p, pattern) = &self.patterns[k];
                row.counts[*p] && pattern.shifts.contains(&(row.day, row.shift))
            })
            .count() as f64
    }

    /// What the rota of the patterns `chosen` (one per person) costs, from the patterns
    /// and the cover rows alone.
    pub(super) fn cost(&self, chosen: &[usize]) -> f64 {
        let mut total: f64 = chosen.iter().map(|&k| self.patterns[k].1.cost).sum();
        for row in self.rows {
            let on = self.on_row(row, chosen);
            total += (row.required - on).max(0.0) * row.under.unwrap_or(HARD_SHORT)
                + (on - row.required).max(0.0) * row.over;
        }
        total
    }

    /// The value of person `p`'s best pattern that keeps to the fixings, when shifts earn
    /// `duals` (per shift).
    pub(super) fn best_value(
        &self,
        p: usize,
        duals: &HashMap<(usize, ShiftIx), f64>,
    ) -> Option<f64> {
        self.patterns
            .iter()
            .zip(&self.banned)
            .filter(|((q, _), banned)| *q == p && !**banned)
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

    pub(super) fn has(&self, p: usize, pattern: &Pattern) -> bool {
        self.patterns.iter().any(|(q, known)| {
            *q == p && known.shifts == pattern.shifts && known.cost == pattern.cost
        })
    }

    pub(super) fn add(&mut self, p: usize, pattern: Pattern) {
        let mut column: Vec<(highs::Row, f64)> = self
            .rows
            .iter()
            .zip(&self.cover)
            .filter(|(r, _)| r.counts[p] && pattern.shifts.contains(&(r.day, r.shift)))
            .map(|(_, &row)| (row, 1.0))
            .collect();
        column.push((self.choice[p], 1.0));
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        self.columns.push(lp.add_col(pattern.cost, 0.0.., column));
        self.patterns.push((p, pattern));
        self.banned.push(false);
    }

    /// Add the patterns of `who` (priced as `priced`) that improve the master at `lp`'s
    /// duals; how many.
    pub(super) fn add_improving(&mut self, who: &[usize], priced: &[Priced], lp: &Lp) -> usize {
        let mut added = 0;
        for (&p, priced) in who.iter().zip(priced) {
            for pattern in &priced.found {
                let reduced = pattern.cost
                    - earned(self.rows, &lp.cover_duals, p, pattern)
                    - lp.person_duals[p];
                if reduced < IMPROVES && !self.has(p, pattern) {
                    self.add(p, pattern.clone());
                    added += 1;
                }
            }
        }
        added
    }

    /// Fix person `p` to `what` on day `d`: their patterns that do otherwise are held at 0.
    pub(super) fn fix(&mut self, p: usize, d: usize, what: Fixed) {
        self.fixed[p][d].must = what;
        self.ban_breaking(p, d);
    }

    /// Hold at 0 the patterns of person `p` that break their fixing on day `d`.
    pub(super) fn ban_breaking(&mut self, p: usize, d: usize) {
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        let allowed = &self.fixed[p][d];
        for (k, (q, pattern)) in self.patterns.iter().enumerate() {
            if *q == p && !self.banned[k] && !allowed.allows(pattern.on_day(d)) {
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
        for c in decisions {
            let allowed = &mut self.fixed[c.p][c.d];
            match c.keep {
                true => allowed.must = c.what,
                false => allowed.never.push(c.what),
            }
        }
        // Per person, the days with a fixing.
        let mut fixed_days = vec![Vec::new(); self.people];
        for c in decisions {
            if !fixed_days[c.p].contains(&c.d) {
                fixed_days[c.p].push(c.d);
            }
        }
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        for (k, (p, pattern)) in self.patterns.iter().enumerate() {
            let banned = fixed_days[*p]
                .iter()
                .any(|&d| !self.fixed[*p][d].allows(pattern.on_day(d)));
            if banned != self.banned[k] {
                let bounds = match banned {
                    true => 0.0..=0.0,
                    false => 0.0..=f64::INFINITY,
                };
                lp.change_column_bounds(self.columns[k], bounds);
                self.banned[k] = banned;
                self.bounds_changed = true;
            }
        }
    }

    /// Whether person `p` has a pattern that keeps to their fixings.
    pub(super) fn has_allowed(&self, p: usize) -> bool {
        self.patterns
            .iter()
            .zip(&self.banned)
            .any(|((q, _), banned)| *q == p && !banned)
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
                // Rows were added cover first, then one choice row per person, then the
                // sum of the short slacks if the tree bounds it; columns two slacks per
                // cover row, then the patterns, with the total short and its excess
                // among them from when it was added.
                let n = self.rows.len();
                let patterns = &columns[2 * n..];
                let (lambdas, short_dual) = match self.short_total {
                    Some((_, at)) => (
                        [&patterns[..at], &patterns[at + 2..]].concat(),
                        duals[n + self.people],
                    ),
                    None => (patterns.to_vec(), 0.0),
                };
                Some(Lp {
                    value: solved.objective_value(),
                    cover_duals: duals[..n].to_vec(),
                    person_duals: duals[n..n + self.people].to_vec(),
                    lambdas,
                    short_total: (0..n).map(|i| columns[2 * i]).sum(),
                    short_dual,
                })
            }
            _ => None,
        };
        self.lp = Some(highs::Model::from(solved));
        Ok(result)
    }
}
