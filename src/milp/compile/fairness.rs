//! Fairness and continuity: unsocial work pro rata to FTE, one family's visits by few workers. The checker's twin is `check/fairness.rs`.

use super::*;

impl Builder<'_> {
    /// Unsocial assignments above each person's pro-rata share (rounded up) of the team's
    /// required unsocial cover. Targets are whole numbers, so the caps are tight in the LP.
    pub(super) fn fair_unsocial(&mut self) {
        let Some(RuleSetting::Soft(w)) = self.setting(RuleId::FairUnsocial) else {
            return;
        };
        let m = self.model;
        let unsocial_day = |d: usize| {
            matches!(
                m.horizon.weekday(d),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            )
        };
        let required: usize = m
            .shift_cover
            .iter()
            .filter(|c| m.shifts[c.shift].unsocial || unsocial_day(c.day))
            .map(|c| c.required)
            .sum();
        let eligible: Vec<bool> = m
            .people
            .iter()
            .map(|p| {
                p.contract
                    .allowed_shifts
                    .iter()
                    .any(|&t| m.shifts[t].unsocial)
                    || p.contract
                        .weekdays
                        .iter()
                        .any(|d| matches!(d, chrono::Weekday::Sat | chrono::Weekday::Sun))
            })
            .collect();
        let total_fte: f64 = (0..m.people.len())
            .filter(|&p| eligible[p])
            .map(|p| m.people[p].contract.fte)
            .sum();
        for (p, person) in m.people.iter().enumerate() {
            let target = if eligible[p] && total_fte > 0.0 {
                (person.contract.fte * required as f64 / total_fte - 1e-9).ceil()
            } else {
                0.0
            };
            let mut units = Expression::from(0.0);
            let mut most = 0.0;
            for d in 0..m.horizon.days {
                for columns in [&self.x[p][d], &self.y[p][d]] {
                    let mut any = false;
                    for (t, c) in columns {
                        if unsocial_day(d) || m.shifts[*t].unsocial {
                            units += c.var;
                            any = true;
                        }
                    }
                    if any {
                        most += 1.0;
                    }
                }
            }
            if most > target {
                let excess = self.slack(true);
                self.p.objective.add_mul(w, excess.var);
                self.p
                    .constraints
                    .push(constraint::leq(units - excess.var, target));
            }
        }
    }

    /// `does[p,a] >= u[p,d,s,a]` for every column of a continuity activity; the number of
    /// workers beyond the first costs the rule's weight.
    pub(super) fn continuity(&mut self) {
        let Some(RuleSetting::Soft(w)) = self.setting(RuleId::Continuity) else {
            return;
        };
        let m = self.model;
        for (a, act) in m.activities.iter().enumerate() {
            if !act.continuity {
                continue;
            }
            let mut workers = Expression::from(0.0);
            let mut any = false;
            for p in 0..m.people.len() {
                let cols: Vec<Col> = self.u_order[p]
                    .iter()
                    .filter(|k| k.2 == a)
                    .map(|k| self.u[p][k])
                    .collect();
                if cols.is_empty() {
                    continue;
                }
                let does = self.new_var(variable().min(0.0).max(1.0));
                for c in cols {
                    self.p.constraints.push(constraint::leq(c.var, does.var));
                }
                workers += does.var;
                any = true;
            }
            if any {
                // extra >= workers - 1; extra >= 0
                let extra = self.slack(true);
                self.p.objective.add_mul(w, extra.var);
                self.p
                    .constraints
                    .push(constraint::leq(workers - extra.var, 1.0));
            }
        }
    }

    // ---- cover, demand, requests, cost ---------------------------------------------------------
}
