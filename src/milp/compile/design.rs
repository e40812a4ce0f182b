//! A job design chosen inside the programme ([`crate::model::DesignChoice`]): a binary per
//! option switches its copy of the person on, exactly one per person; the design's limits
//! become rows. Rules are compiled for every copy as for anyone else; [`Builder::design`]
//! then loosens each row that belongs to one copy alone just enough that the copy, switched
//! off, can stand idle at no cost, so the programme restricted to one design is that
//! design's own programme. A job share an option makes is not loosened but switched:
//! `job_share.rs` scales its rows by the option's switch. The checker has no twin of this:
//! it judges the chosen design's ordinary model ([`crate::model::Model::design`]).

use super::*;

/// Penalty points one option granted is worth when the programme is asked for the most
/// options granted ([`crate::model::DesignChoice::most_granted`]): so much more than any
/// rota's penalties that the optimum grants the most the limits allow, while the penalties
/// still steer it to a sensible rota (and the shift-level relaxation to shifts that activities
/// can fill).
pub const GRANT_WORTH: f64 = 1e6;

impl Builder<'_> {
    /// The copies' switches, one binary per option (made after every other column, so a
    /// team without a menu compiles as it always has).
    pub(super) fn design_vars(&mut self) {
        let m = self.model;
        self.active = vec![None; m.people.len()];
        let Some(choice) = &m.choice else {
            return;
        };
        for group in &choice.groups {
            for &p in &group.copies {
                self.active[p] = Some(self.binary());
            }
        }
        self.p.keys.options = choice
            .groups
            .iter()
            .map(|g| {
                g.copies
                    .iter()
                    .map(|&p| self.active[p].expect("made").ix)
                    .collect()
            })
            .collect();
    }

    /// A constant charge of person `p`'s rota (a request for a shift, charged until it is
    /// met): for an option's copy, only when the copy is the one chosen.
    pub(super) fn charge(&mut self, p: PersonIx, amount: f64) {
        match self.active[p] {
            Some(z) => self.p.objective.add_mul(amount, z.var),
            None => self.p.constant += amount,
        }
    }

    /// Person `p` cannot keep a hard rule whatever they work: the programme is infeasible,
    /// or, for an option's copy, the option cannot be chosen.
    pub(super) fn impossible(&mut self, p: PersonIx) {
        self.p.constraints.push(match self.active[p] {
            Some(z) => constraint::eq(z.var, 0.0),
            None => constraint::eq(Expression::from(0.0), 1.0),
        });
    }

    /// The design's rows: a copy works only when chosen, one option per person, the forced
    /// and excluded designs, the limits, and the loosening of each copy's own rows.
    pub(super) fn design(&mut self) {
        let m = self.model;
        let Some(choice) = &m.choice else {
            return;
        };
        self.loosen_copies();
        for group in &choice.groups {
            let mut one = Expression::from(0.0);
            for &p in &group.copies {
                let z = self.active[p].expect("made");
                one += z.var;
                for d in 0..m.horizon.days {
                    if self.x[p][d].is_empty() {
                        continue;
                    }
                    let work = self.work(p, d);
                    self.p.constraints.push(constraint::leq(work - z.var, 0.0));
                }
            }
            self.p.constraints.push(constraint::eq(one, 1.0));
        }
        let z = |b: &Self, g: usize, k: usize| b.active[choice.groups[g].copies[k]].expect("made");
        for (g, forced) in choice.forced.iter().enumerate() {
            if let Some(k) = *forced {
                let on = z(self, g, k);
                self.p.constraints.push(constraint::eq(on.var, 1.0));
            }
        }
        for picks in &choice.excluded {
            let mut e = Expression::from(0.0);
            for (g, &k) in picks.iter().enumerate() {
                e += z(self, g, k).var;
            }
            let most = picks.len() as f64 - 1.0;
            self.p.constraints.push(constraint::leq(e, most));
        }
        let mut granted = Expression::from(0.0);
        for (g, group) in choice.groups.iter().enumerate() {
            for k in 1..group.copies.len() {
                granted += z(self, g, k).var;
            }
        }
        if let Some(most) = choice.limits.max_changes {
            let e = granted.clone();
            self.p.constraints.push(constraint::leq(e, most as f64));
        }
        if choice.min_granted > 0 {
            let e = granted.clone();
            self.p
                .constraints
                .push(constraint::geq(e, choice.min_granted as f64));
        }
        if let Some(pct) = choice.limits.min_cover_pct {
            self.cover_limit(pct);
        }
        if let Some(pounds) = choice.limits.max_weekly_cost {
            self.cost_limit(pounds);
        }
        if choice.most_granted {
            self.p.objective.add_mul(-GRANT_WORTH, granted);
        }
    }

    /// Demand not covered, in person-minutes as the checker counts it (shift cover: people
    /// short times the template's length; activity demand: people short in each segment
    /// times its length, or the person-minutes short), at most `100 - pct` percent of all
    /// demand. Each line's shortfall is its own variable, whatever the cover rules' settings,
    /// so the limit binds even where a rule is off.
    fn cover_limit(&mut self, pct: f64) {
        let m = self.model;
        let mut short = Expression::from(0.0);
        let mut demand = 0.0;
        for cover in &m.shift_cover {
            let minutes = (m.shifts[cover.shift].end - m.shifts[cover.shift].start) as f64;
            let n = self.cover_count(cover);
            let s = self.new_var(variable().min(0.0));
            let required = cover.required as f64;
            self.p
                .constraints
                .push(constraint::geq(n + s.var, required));
            short.add_mul(minutes, s.var);
            demand += required * minutes;
        }
        for line in &m.activity_demand {
            let segs: Vec<usize> = self.timeline.within(line.start, line.end).collect();
            match line.kind {
                DemandKind::Headcount(req) => {
                    for seg in segs {
                        let len = self.timeline.segments[seg].len() as f64;
                        let n = self.demand_count(line.activity, seg);
                        let s = self.new_var(variable().min(0.0));
                        self.p
                            .constraints
                            .push(constraint::geq(n + s.var, req as f64));
                        short.add_mul(len, s.var);
                    }
                    demand += req as f64 * (line.end - line.start) as f64;
                }
                DemandKind::PersonMinutes(req) => {
                    let mut total = Expression::from(0.0);
                    for seg in segs {
                        let len = self.timeline.segments[seg].len() as f64;
                        total.add_mul(len, self.demand_count(line.activity, seg));
                    }
                    let s = self.new_var(variable().min(0.0));
                    self.p
                        .constraints
                        .push(constraint::geq(total + s.var, req as f64));
                    short += s.var;
                    demand += req as f64;
                }
            }
        }
        let most = (1.0 - pct / 100.0).max(0.0) * demand;
        self.p.constraints.push(constraint::leq(short, most));
    }

    /// The pay bill over the horizon as the checker counts it (each chosen person's
    /// contracted pay, agency hours, overtime, unsocial enhancements, on-call sessions) at
    /// most `pounds` a week.
    fn cost_limit(&mut self, pounds: f64) {
        let m = self.model;
        let mut bill = Expression::from(0.0);
        let mut fixed = 0.0;
        for (p, person) in m.people.iter().enumerate() {
            if !person.agency {
                let minutes = person.contract.target_minutes + person.leave_credit_minutes;
                let contracted = minutes as f64 * person.cost_per_hour / 60.0;
                match self.active[p] {
                    Some(z) => bill.add_mul(contracted, z.var),
                    None => fixed += contracted,
                }
            }
            bill += self.decided_pay(p);
        }
        let weeks = m.horizon.days as f64 / 7.0;
        self.p
            .constraints
            .push(constraint::leq(bill, pounds * weeks - fixed));
    }

    /// Loosens every row that belongs to one option's copy (its columns, the helpers only
    /// its rows use, and helpers no one person owns; never a team row) and that its idle
    /// rota (every column 0) breaks: the row's
    /// constant is multiplied by the copy's switch, so the row is the same when the copy is
    /// chosen and holds at 0 when it is not. Slacks of soft rows are the copy's own, so an
    /// idle copy pays nothing. Rows across people (cover, demand, the fair shares' pools)
    /// hold with an idle copy's columns at 0 as they do without the person.
    fn loosen_copies(&mut self) {
        let columns = self.p.columns;
        let mut owner: Vec<Option<PersonIx>> = vec![None; columns];
        let keys = &self.p.keys;
        for &((p, _, _), c) in keys.shifts.iter().chain(&keys.overlays) {
            owner[c] = Some(p);
        }
        for &((p, _, _), c) in &keys.locations {
            owner[c] = Some(p);
        }
        for &((p, _, _, _), c) in &keys.activities {
            owner[c] = Some(p);
        }
        let index: HashMap<Variable, usize> = self
            .p
            .vars_by_index
            .iter()
            .enumerate()
            .map(|(i, v)| (*v, i))
            .collect();
        let rows: Vec<Vec<usize>> = self
            .p
            .constraints
            .iter()
            .map(|c| {
                let mut cols: Vec<usize> = c
                    .expression()
                    .linear_coefficients()
                    .map(|(v, _)| index[&v])
                    .collect();
                cols.sort_unstable();
                cols.dedup();
                cols
            })
            .collect();
        let mut team = vec![false; rows.len()];
        for range in &self.team {
            team[range.clone()].iter_mut().for_each(|t| *t = true);
        }
        // Team rows say nothing of whose a helper is.
        let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); columns];
        for (r, cols) in rows.iter().enumerate().filter(|&(r, _)| !team[r]) {
            for &c in cols {
                rows_of[c].push(r);
            }
        }
        // A helper belongs to a person when every row it is in holds columns of that
        // person alone (besides other helpers); repeated, since helpers define helpers.
        loop {
            let mut changed = false;
            for c in 0..columns {
                if owner[c].is_some() || rows_of[c].is_empty() {
                    continue;
                }
                let mut who: Option<PersonIx> = None;
                let mut mixed = false;
                for &r in &rows_of[c] {
                    for &o in &rows[r] {
                        match (owner[o], who) {
                            (None, _) => {}
                            (Some(p), None) => who = Some(p),
                            (Some(p), Some(q)) if p != q => mixed = true,
                            _ => {}
                        }
                    }
                }
                if let (Some(p), false) = (who, mixed) {
                    owner[c] = Some(p);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (r, cols) in rows.iter().enumerate().filter(|&(r, _)| !team[r]) {
            // The person whose row it is: every column with an owner is theirs (helpers
            // shared with others, such as a handover's slack, may be in it too), or the
            // person a rule said it was for when it holds none of their columns.
            let Some(first) = cols
                .iter()
                .find_map(|&c| owner[c])
                .or_else(|| self.rows_of_person.get(&r).copied())
            else {
                continue;
            };
            let Some(z) = self.active[first] else {
                continue;
            };
            if !cols.iter().all(|&c| owner[c].is_none_or(|p| p == first)) {
                continue;
            }
            let row = &self.p.constraints[r];
            // `expression <= 0` (or `= 0`): the idle rota leaves the constant alone.
            let constant = row.expression().constant();
            let broken = match row.is_equality() {
                true => constant.abs() > 1e-12,
                false => constant > 1e-12,
            };
            if !broken {
                continue;
            }
            let mut e = Expression::from(0.0);
            for (v, k) in row.expression().linear_coefficients() {
                e.add_mul(k, v);
            }
            e.add_mul(constant, z.var);
            self.p.constraints[r] = match row.is_equality() {
                true => constraint::eq(e, 0.0),
                false => constraint::leq(e, 0.0),
            };
        }
    }
}
