//! Cover, demand, requests and cost: the objective's items. The checker's twin is `check/demand.rs`.

use super::*;

impl Builder<'_> {
    pub(super) fn shift_cover(&mut self) {
        let Some(mult) = self.item_rule(RuleId::ShiftCover) else {
            return;
        };
        let m = self.model;
        for cover in &m.shift_cover {
            let n = self.cover_count(cover);
            self.cover(
                n,
                cover.required as f64,
                mult,
                cover.under_weight,
                cover.over_weight,
                1.0,
            );
        }
    }

    /// `n` against `required`: under- and over-cover as integer slacks costing
    /// `weight x mult x scale` each (hard: `n >= required`).
    pub(super) fn cover(
        &mut self,
        n: Expression,
        required: f64,
        mult: Option<f64>,
        under: f64,
        over: f64,
        scale: f64,
    ) {
        match mult {
            None => self.bound(n, Sense::AtLeast, required, None),
            Some(mult) => {
                let u =
                    (under * mult * scale > 0.0).then(|| (under * mult * scale, self.slack(true)));
                let o =
                    (over * mult * scale > 0.0).then(|| (over * mult * scale, self.slack(true)));
                if let Some(u) = u {
                    self.bound(n.clone(), Sense::AtLeast, required, Some(u));
                }
                if let Some(o) = o {
                    self.bound(n, Sense::AtMost, required, Some(o));
                }
            }
        }
    }

    pub(super) fn activity_demand(&mut self) {
        let Some(mult) = self.item_rule(RuleId::ActivityDemand) else {
            return;
        };
        let m = self.model;
        for demand in &m.activity_demand {
            let a = demand.activity;
            let segs: Vec<usize> = self.timeline.within(demand.start, demand.end).collect();
            let on = |b: &Self, s: usize| b.demand_count(a, s);
            // Over-cover cannot be told from the surrogate, so the relaxation ignores it.
            let over = if self.relaxed {
                0.0
            } else {
                demand.over_weight
            };
            match demand.kind {
                DemandKind::Headcount(req) => {
                    for s in segs {
                        let len = self.timeline.segments[s].len() as f64;
                        let n = on(self, s);
                        self.cover(n, req as f64, mult, demand.under_weight, over, len / 60.0);
                    }
                }
                DemandKind::PersonMinutes(req) => {
                    let mut total = Expression::from(0.0);
                    for s in segs {
                        total.add_mul(self.timeline.segments[s].len() as f64, on(self, s));
                    }
                    let short = mult.map(|w| (w * demand.under_weight / 60.0, self.slack(false)));
                    self.bound(total, Sense::AtLeast, req as f64, short);
                }
            }
        }
    }

    pub(super) fn requests(&mut self) {
        let Some(mult) = self.item_rule(RuleId::Requests) else {
            return;
        };
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            for r in &person.requests {
                match (r.kind, mult) {
                    (RequestKind::DayOff, Some(w)) => {
                        let e = self.work(p, r.day);
                        self.p.objective.add_mul(w * r.weight, e);
                    }
                    (RequestKind::DayOff, None) => {
                        let e = self.work(p, r.day);
                        self.p.constraints.push(constraint::eq(e, 0.0));
                    }
                    (RequestKind::ShiftOn(t), Some(w)) => {
                        self.charge(p, w * r.weight);
                        if let Some(on) = self.on(p, r.day, t) {
                            self.p.objective.add_mul(-w * r.weight, on);
                        }
                    }
                    (RequestKind::ShiftOn(t), None) => match self.on(p, r.day, t) {
                        Some(on) => self.p.constraints.push(constraint::eq(on, 1.0)),
                        None => self.impossible(p),
                    },
                    (RequestKind::Home, mult) => {
                        // Based anywhere but home that day: the request's weight.
                        let mut away = Expression::from(0.0);
                        for (l, c) in &self.loc[p][r.day] {
                            if !m.locations[*l].home {
                                away += c.var;
                            }
                        }
                        match mult {
                            Some(w) => self.p.objective.add_mul(w * r.weight, away),
                            None => self.p.constraints.push(constraint::eq(away, 0.0)),
                        }
                    }
                    (RequestKind::HomeDays(n), mult) => {
                        // The request's weight for each home day short in its week.
                        let week = self
                            .model
                            .horizon
                            .week_days(self.model.horizon.week_of(r.day));
                        let mut home = Expression::from(0.0);
                        for d in week {
                            for (l, c) in &self.loc[p][d] {
                                if m.locations[*l].home {
                                    home += c.var;
                                }
                            }
                        }
                        let short = mult.map(|w| (w * r.weight, self.slack(false)));
                        self.as_person(p, |b| b.bound(home, Sense::AtLeast, n as f64, short));
                    }
                    (RequestKind::ShiftOff(t), mult) => {
                        if let Some(on) = self.on(p, r.day, t) {
                            match mult {
                                Some(w) => self.p.objective.add_mul(w * r.weight, on),
                                None => self.p.constraints.push(constraint::eq(on, 0.0)),
                            }
                        }
                    }
                }
            }
        }
    }

    /// The pay a rota changes: an agency worker's counted hours; a salaried person's
    /// overtime (counted minutes beyond the contract over the horizon, at the overtime
    /// rate: their contracted pay is fixed whatever the rota says); and everyone's unsocial
    /// enhancement and on-call payments.
    pub(super) fn cost(&mut self) {
        let Some(RuleSetting::Soft(w)) = self.setting(RuleId::Cost) else {
            return;
        };
        for p in 0..self.model.people.len() {
            let pay = self.decided_pay(p);
            self.p.objective.add_mul(w, pay);
        }
    }

    /// The pay person `p`'s rota decides, pounds: an agency worker's counted hours; a
    /// salaried person's overtime (a column at least the counted minutes beyond the
    /// contract, at the overtime rate); unsocial enhancements and on-call payments.
    pub(super) fn decided_pay(&mut self, p: PersonIx) -> Expression {
        let m = self.model;
        let rules = &m.rules;
        let person = &m.people[p];
        let rate = person.cost_per_hour / 60.0;
        let total = self.counted(p, 0..m.horizon.days);
        let mut pay = Expression::from(0.0);
        if person.agency {
            pay.add_mul(rate, total);
        } else if rate > 0.0 && rules.overtime_rate > 0.0 {
            let overtime = self.new_var(variable().min(0.0));
            let target = person.contract.target_minutes as f64;
            self.p
                .constraints
                .push(constraint::geq(overtime.var - total, -target));
            pay.add_mul(rate * rules.overtime_rate, overtime.var);
        }
        for d in 0..m.horizon.days {
            for (t, c) in &self.shifts_on(p, d) {
                let s = &m.shifts[*t];
                let amount = match s.kind {
                    ShiftKind::Work if s.unsocial => {
                        rate * rules.unsocial_enhancement * s.paid_minutes as f64
                    }
                    ShiftKind::Work => 0.0,
                    ShiftKind::OnCall => rules.oncall_payment,
                };
                if amount > 0.0 {
                    pay.add_mul(amount, c.var);
                }
            }
        }
        pay
    }

    /// The people on `cover`'s template that day with its skills.
    pub(super) fn cover_count(&self, cover: &crate::model::ShiftCover) -> Expression {
        let m = self.model;
        let mut n = Expression::from(0.0);
        for (p, person) in m.people.iter().enumerate() {
            if person.has_skills(&cover.skills) {
                if let Some(on) = self.on(p, cover.day, cover.shift) {
                    n += on;
                }
            }
        }
        n
    }

    /// The people doing activity `a` in segment `s` (in the relaxation, a surrogate: anyone
    /// on a shift that covers the segment and allows the activity, an upper bound on the
    /// true cover).
    pub(super) fn demand_count(&self, a: ActivityIx, s: usize) -> Expression {
        let m = self.model;
        let mut e = Expression::from(0.0);
        let seg = self.timeline.segments[s];
        for (p, person) in m.people.iter().enumerate() {
            let d_lo = (seg.start / DAY - 1).max(0) as usize;
            for d in d_lo..=(d_lo + 1).min(m.horizon.days - 1) {
                if !self.relaxed {
                    if let Some(c) = self.u[p].get(&(d, s, a)) {
                        e += c.var;
                    }
                } else if person.has_skills(&m.activities[a].skills) {
                    for &(t, c) in &self.x[p][d] {
                        let (start, end) = self.interval(d, t);
                        if activity_allows(m, a, t) && start <= seg.start && seg.end <= end {
                            e += c.var;
                        }
                    }
                }
            }
        }
        e
    }
}
