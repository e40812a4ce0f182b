//! Fairness and continuity: unsocial work pro rata to FTE, one family's visits by few workers. The checker's twin is `check/fairness.rs`.

use super::*;

impl Builder<'_> {
    /// Each kind of unsocial work (nights, weekends, evenings) the demand asks for, shared
    /// pro rata to FTE, leave taken off, among the people eligible for it: per person,
    /// `excess >= units - fair`, cut into unit segments costing 1, 3, 5, ... so that the cost
    /// is convex and moving work from the most loaded to the least always pays.
    pub(super) fn fair_unsocial(&mut self) {
        let Some(RuleSetting::Soft(w)) = self.setting(RuleId::FairUnsocial) else {
            return;
        };
        for kind in [Unsocial::Nights, Unsocial::Weekends, Unsocial::Evenings] {
            // Evening visits are activity columns, absent from the relaxation: leaving the
            // kind out there keeps its optimum a lower bound.
            if self.relaxed
                && kind == Unsocial::Evenings
                && self.model.activities.iter().any(|a| a.unsocial)
            {
                continue;
            }
            self.fair_kind(kind, w);
        }
    }

    fn fair_kind(&mut self, kind: Unsocial, w: f64) {
        let m = self.model;
        let people = m.people.len();
        // Per person: the units as an expression, and the most there can be.
        let mut units = Vec::with_capacity(people);
        for p in 0..people {
            let mut e = Expression::from(0.0);
            let mut most = 0usize;
            for d in 0..m.horizon.days {
                let cols = self.unit_columns(kind, p, d);
                if cols.is_empty() {
                    continue;
                }
                most += 1;
                if cols.len() == 1 || kind != Unsocial::Evenings {
                    for c in &cols {
                        e += c.var;
                    }
                } else {
                    // An evening counts once: `ev` is 1 exactly when a column is.
                    let ev = self.binary();
                    let mut any = Expression::from(0.0);
                    for c in &cols {
                        self.p
                            .constraints
                            .push(constraint::leq(c.var - ev.var, 0.0));
                        any += c.var;
                    }
                    self.p.constraints.push(constraint::leq(ev.var - any, 0.0));
                    e += ev.var;
                }
            }
            // The units of the fairness period before the horizon.
            let before = kind.before(&m.people[p].unsocial_before);
            e += before as f64;
            units.push((e, most + before));
        }
        // FTE, already cut for leave by the parser.
        let fte = |p: usize| m.people[p].contract.fte;
        let eligible: Vec<bool> = (0..people).map(|p| kind.eligible(m, p)).collect();
        let pools = self.pools(kind, &eligible);
        if pools.len() > 1 {
            return self.fair_kind_by_pool(kind, w, units, &eligible, &pools);
        }
        let (pool, required) = pools[0];
        for (p, (e, most)) in units.into_iter().enumerate() {
            let exact = match eligible[p] && pool > 0.0 {
                true => fte(p) / pool * required,
                false => 0.0,
            };
            let (floor, fair) = ((exact + 1e-9).floor(), (exact - 1e-9).ceil());
            let low = fair - floor;
            if (most as f64) <= floor {
                continue;
            }
            let mut excess = Expression::from(0.0);
            if low > 0.0 && kind.tie_break() {
                // The unit between the share rounded down and rounded up: charged for the
                // part of it above the exact share, so it goes to whoever is nearest.
                let seg = self.new_var(variable().min(0.0).max(low));
                let charge = crate::rules::FAIR_ROUNDING_CHARGE * (fair - exact);
                self.p.objective.add_mul(w * charge, seg.var);
                excess += seg.var;
            }
            let fair = match kind.tie_break() {
                true => floor,
                false => fair,
            };
            if (most as f64) <= fair {
                continue;
            }
            excess += self.unit_segments(most as f64 - fair, w);
            // excess >= units - fair
            self.p.constraints.push(constraint::leq(e - excess, fair));
        }
    }

    /// An excess of at most `most` units as unit segments costing `w` times 1, 3, 5, ...
    /// (convex, so moving a unit from the most loaded to the least always pays); segments
    /// beyond `most` would never be used.
    fn unit_segments(&mut self, most: f64, w: f64) -> Expression {
        let mut excess = Expression::from(0.0);
        for k in 0..most.ceil() as usize {
            let seg = self.new_var(variable().min(0.0).max(1.0));
            self.p.objective.add_mul(w * (2 * k + 1) as f64, seg.var);
            excess += seg.var;
        }
        excess
    }

    /// The pools `kind` is shared among, as (FTE of the eligible, units of the period: the
    /// horizon's demand and what the eligible did before it): one for a team, one per
    /// distinct pair the designs of a choice can give (each option's copy counting only when
    /// chosen).
    fn pools(&self, kind: Unsocial, eligible: &[bool]) -> Vec<(f64, f64)> {
        let m = self.model;
        let share = |p: PersonIx| match eligible[p] {
            true => (
                m.people[p].contract.fte,
                kind.before(&m.people[p].unsocial_before) as f64,
            ),
            false => (0.0, 0.0),
        };
        let groups: &[crate::model::OptionGroup] = m.choice.as_ref().map_or(&[], |c| &c.groups);
        let in_menu = |p: PersonIx| groups.iter().any(|g| g.copies.contains(&p));
        let mut base = (0.0, kind.required(m));
        for p in (0..m.people.len()).filter(|&p| !in_menu(p)) {
            let (f, b) = share(p);
            base = (base.0 + f, base.1 + b);
        }
        // Pairs closer than this are one pool (sums of the same FTEs in another order).
        let key = |(f, b): (f64, f64)| ((f * 1e6).round() as i64, (b * 1e6).round() as i64);
        let mut pools = vec![base];
        for group in groups {
            let mut next: Vec<(f64, f64)> = Vec::new();
            for &(f, b) in &pools {
                for &c in &group.copies {
                    let (cf, cb) = share(c);
                    let pair = (f + cf, b + cb);
                    if next.iter().all(|&q| key(q) != key(pair)) {
                        next.push(pair);
                    }
                }
            }
            pools = next;
        }
        pools
    }

    /// [`Builder::fair_kind`] when the design decides the pool: a binary per pool, the one
    /// the chosen options give (the pool's FTE and units equal the chosen copies' sums), and
    /// each person's share, rounding charge and threshold taken from it.
    fn fair_kind_by_pool(
        &mut self,
        kind: Unsocial,
        w: f64,
        units: Vec<(Expression, usize)>,
        eligible: &[bool],
        pools: &[(f64, f64)],
    ) {
        let m = self.model;
        let groups = &m.choice.as_ref().expect("a choice").groups;
        let which: Vec<Col> = pools.iter().map(|_| self.binary()).collect();
        let mut one = Expression::from(0.0);
        let mut fte_sum = Expression::from(0.0);
        let mut units_sum = Expression::from(0.0);
        for (v, &(f, b)) in which.iter().zip(pools) {
            one += v.var;
            fte_sum.add_mul(f, v.var);
            units_sum.add_mul(b, v.var);
        }
        // The chosen pool is the one the chosen options make: the rest of the team's FTE
        // and units plus the chosen copies'.
        for group in groups {
            for &c in &group.copies {
                if eligible[c] {
                    let z = self.active[c].expect("made");
                    fte_sum.add_mul(-m.people[c].contract.fte, z.var);
                    units_sum.add_mul(-(kind.before(&m.people[c].unsocial_before) as f64), z.var);
                }
            }
        }
        let in_menu = |p: PersonIx| groups.iter().any(|g| g.copies.contains(&p));
        let (mut team_fte, mut team_units) = (0.0, kind.required(m));
        for p in (0..m.people.len()).filter(|&p| !in_menu(p) && eligible[p]) {
            team_fte += m.people[p].contract.fte;
            team_units += kind.before(&m.people[p].unsocial_before) as f64;
        }
        self.p.constraints.push(constraint::eq(one, 1.0));
        self.p.constraints.push(constraint::eq(fte_sum, team_fte));
        self.p
            .constraints
            .push(constraint::eq(units_sum, team_units));
        for (p, (e, most)) in units.into_iter().enumerate() {
            let mut threshold = Expression::from(0.0);
            let mut excess = Expression::from(0.0);
            let mut least = f64::INFINITY;
            for (v, &(pool, required)) in which.iter().zip(pools) {
                let exact = match eligible[p] && pool > 0.0 {
                    true => m.people[p].contract.fte / pool * required,
                    false => 0.0,
                };
                let (floor, fair) = ((exact + 1e-9).floor(), (exact - 1e-9).ceil());
                let low = fair - floor;
                if low > 0.0 && kind.tie_break() && (most as f64) > floor {
                    let seg = self.new_var(variable().min(0.0).max(low));
                    let charge = crate::rules::FAIR_ROUNDING_CHARGE * (fair - exact);
                    self.p.objective.add_mul(w * charge, seg.var);
                    self.p
                        .constraints
                        .push(constraint::leq(seg.var - low * v.var, 0.0));
                    excess += seg.var;
                }
                let at = match kind.tie_break() {
                    true => floor,
                    false => fair,
                };
                threshold.add_mul(at, v.var);
                least = least.min(at);
            }
            if (most as f64) <= least {
                continue;
            }
            excess += self.unit_segments(most as f64 - least, w);
            // excess >= units - the chosen pool's threshold
            self.p
                .constraints
                .push(constraint::leq(e - excess - threshold, 0.0));
        }
    }

    /// The columns that give person `p` a unit of `kind` on day `d` (at most one of them a
    /// day, except evenings, where a shift and visits may coincide).
    fn unit_columns(&self, kind: Unsocial, p: PersonIx, d: usize) -> Vec<Col> {
        let m = self.model;
        let weekend = is_weekend(m, d);
        match kind {
            Unsocial::Nights => self
                .shifts_on(p, d)
                .into_iter()
                .filter(|&(t, _)| is_night(m, t))
                .map(|(_, c)| c)
                .collect(),
            Unsocial::Weekends if weekend => self.x[p][d]
                .iter()
                .filter(|&&(t, _)| !is_night(m, t))
                .map(|&(_, c)| c)
                .collect(),
            Unsocial::Evenings if !weekend => {
                let mut cols: Vec<Col> = self.x[p][d]
                    .iter()
                    .filter(|&&(t, _)| !is_night(m, t) && m.shifts[t].unsocial)
                    .map(|&(_, c)| c)
                    .collect();
                cols.extend(self.unsocial_activity_columns(p, d));
                cols
            }
            _ => Vec::new(),
        }
    }

    /// Person `p`'s activity columns on day `d` of activities marked `unsocial`.
    fn unsocial_activity_columns(&self, p: PersonIx, d: usize) -> Vec<Col> {
        let m = self.model;
        self.u_order[p]
            .iter()
            .filter(|k| k.0 == d && m.activities[k.2].unsocial)
            .map(|k| self.u[p][k])
            .collect()
    }

    /// `after_leave` and `unsocial_window`.
    pub(super) fn unsocial_limits(&mut self) {
        self.after_leave();
        self.unsocial_window();
    }

    /// On the first day back from `after_leave_days` or more days of leave in a row, every
    /// column of unsocial work is 0, or (soft) at most one slack paid once for the day.
    fn after_leave(&mut self) {
        let Some(setting) = self.setting(RuleId::AfterLeave) else {
            return;
        };
        let m = self.model;
        let Some(n) = m.rules.after_leave_days.filter(|&n| n > 0) else {
            return;
        };
        for p in 0..m.people.len() {
            let leave = &m.people[p].leave_days;
            let on_leave = |d: usize| leave.binary_search(&d).is_ok();
            for d in n..m.horizon.days {
                if on_leave(d) || !(d - n..d).all(on_leave) {
                    continue;
                }
                let weekend = is_weekend(m, d);
                let mut cols: Vec<Col> = self
                    .shifts_on(p, d)
                    .into_iter()
                    .filter(|&(t, _)| weekend || is_night(m, t) || m.shifts[t].unsocial)
                    .map(|(_, c)| c)
                    .collect();
                cols.extend(self.unsocial_activity_columns(p, d));
                let mut slack = match setting {
                    RuleSetting::Hard => None,
                    RuleSetting::Soft(w) if !cols.is_empty() => Some((w, self.slack(true))),
                    RuleSetting::Soft(_) => None,
                };
                for c in cols {
                    self.bound(Expression::from(c.var), Sense::AtMost, 0.0, slack);
                    // The day's slack is paid once.
                    slack = slack.map(|(_, s)| (0.0, s));
                }
            }
        }
    }

    /// Nights in every 7 days and weekends worked in every 4 in a row, at most the limits.
    fn unsocial_window(&mut self) {
        if self.setting(RuleId::UnsocialWindow).is_none() {
            return;
        }
        let m = self.model;
        let days = m.horizon.days;
        for p in 0..m.people.len() {
            if let Some(most) = m.rules.max_nights_per_7_days {
                for start in 0..=days.saturating_sub(7) {
                    let mut e = Expression::from(0.0);
                    let mut count = 0;
                    for d in start..(start + 7).min(days) {
                        for (t, c) in self.shifts_on(p, d) {
                            if is_night(m, t) {
                                e += c.var;
                                count += 1;
                            }
                        }
                    }
                    if count > most {
                        self.rule(RuleId::UnsocialWindow, e, Sense::AtMost, most as f64, 1.0);
                    }
                }
                self.nights_from_history(p, most);
            }
            if let Some(most) = m.rules.max_weekends_per_4 {
                let person = &m.people[p];
                // The history's weekends, then the horizon's: worked for sure (1), never
                // (0), or a column.
                let mut worked: Vec<(f64, Option<Col>)> = m
                    .horizon
                    .weekends_before(m.history_days)
                    .iter()
                    .map(|days| {
                        let any = days.iter().any(|&d| person.worked_before(d));
                        (if any { 1.0 } else { 0.0 }, None)
                    })
                    .collect();
                let past = worked.len();
                for (i, days) in m.horizon.weekends().iter().enumerate() {
                    if i == 0 && m.horizon.saturday_before() && person.worked_before(-1) {
                        worked.push((1.0, None));
                    } else if days.iter().all(|&d| self.x[p][d].is_empty()) {
                        worked.push((0.0, None));
                    } else {
                        let w = self.binary();
                        for &d in days {
                            let work = self.work(p, d);
                            self.p.constraints.push(constraint::geq(w.var - work, 0.0));
                        }
                        worked.push((0.0, Some(w)));
                    }
                }
                let n = worked.len();
                for window in weekend_windows(past, n) {
                    if window.start < past && worked[window.start..past].iter().all(|w| w.0 == 0.0)
                    {
                        continue;
                    }
                    let window = &worked[window];
                    let sure: f64 = window.iter().map(|w| w.0).sum();
                    let cols: Vec<Col> = window.iter().filter_map(|w| w.1).collect();
                    if sure + cols.len() as f64 > most as f64 {
                        let mut e = Expression::from(sure);
                        for w in cols {
                            e += w.var;
                        }
                        self.rule(RuleId::UnsocialWindow, e, Sense::AtMost, most as f64, 1.0);
                    }
                }
            }
        }
    }

    /// Windows of 7 days starting 1 to 6 days before the horizon, with the history's nights
    /// in them.
    fn nights_from_history(&mut self, p: PersonIx, most: usize) {
        let m = self.model;
        let person = &m.people[p];
        for back in 1..=6i64.min(m.history_days as i64) {
            let before = person
                .history
                .iter()
                .filter(|x| (-back..0).contains(&x.day()) && is_night(m, x.shift))
                .count();
            if before == 0 {
                continue;
            }
            let mut e = Expression::from(before as f64);
            let mut count = before;
            for d in 0..((7 - back) as usize).min(m.horizon.days) {
                for (t, c) in self.shifts_on(p, d) {
                    if is_night(m, t) {
                        e += c.var;
                        count += 1;
                    }
                }
            }
            if count > most {
                self.rule(RuleId::UnsocialWindow, e, Sense::AtMost, most as f64, 1.0);
            }
        }
    }

    /// `does[p,a]` in [0, 1] at least each of person `p`'s columns of activity `a`: 1 when
    /// `p` does `a` at all (`None` when `p` has no column of it).
    pub(super) fn does(&mut self, p: PersonIx, a: ActivityIx) -> Option<Col> {
        let cols: Vec<Col> = self.u_order[p]
            .iter()
            .filter(|k| k.2 == a)
            .map(|k| self.u[p][k])
            .collect();
        if cols.is_empty() {
            return None;
        }
        let does = self.new_var(variable().min(0.0).max(1.0));
        for c in cols {
            self.p.constraints.push(constraint::leq(c.var, does.var));
        }
        Some(does)
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
                // The family's worker before the horizon is the one it keeps.
                if act.worker == Some(p) {
                    continue;
                }
                let Some(does) = self.does(p, a) else {
                    continue;
                };
                workers += does.var;
                any = true;
            }
            if any {
                // extra >= workers - 1 (workers beyond the worker before: workers); extra >= 0
                let first = match act.worker {
                    Some(_) => 0.0,
                    None => 1.0,
                };
                let extra = self.slack(true);
                self.p.objective.add_mul(w, extra.var);
                self.p
                    .constraints
                    .push(constraint::leq(workers - extra.var, first));
            }
        }
    }

    // ---- cover, demand, requests, cost ---------------------------------------------------------
}

/// The windows of `unsocial_window`'s weekends, as ranges of a list of `past` weekends
/// from the history followed by the horizon's (`n` in all): every 4 in a row within the
/// horizon (all of them when fewer), and every 4 in a row reaching back into the history
/// (all `n` when fewer, from the first). The caller drops those whose history part worked
/// no weekend: the horizon's own windows hold their rest.
fn weekend_windows(past: usize, n: usize) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<_> = (past.saturating_sub(3)..past)
        .filter(|&s| s + 4 <= n || (s == 0 && n < 4))
        .map(|s| s..(s + 4).min(n))
        .collect();
    if n > past {
        out.extend((past..=past + (n - past).saturating_sub(4)).map(|s| s..(s + 4).min(n)));
    }
    out
}

/// The kinds of unsocial work `fair_unsocial` shares (the checker's `UnsocialKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unsocial {
    Nights,
    Weekends,
    Evenings,
}

fn is_weekend(m: &Model, d: usize) -> bool {
    matches!(
        m.horizon.weekday(d),
        chrono::Weekday::Sat | chrono::Weekday::Sun
    )
}

/// On-call, or a shift past midnight.
fn is_night(m: &Model, t: ShiftIx) -> bool {
    m.shifts[t].kind == ShiftKind::OnCall || m.shifts[t].end > DAY
}

impl Unsocial {
    /// The person's units of this kind before the horizon.
    fn before(self, counts: &crate::model::UnsocialCounts) -> usize {
        match self {
            Unsocial::Nights => counts.nights,
            Unsocial::Weekends => counts.weekends,
            Unsocial::Evenings => counts.evenings,
        }
    }

    /// Whether a unit above the share rounded down costs `FAIR_ROUNDING_CHARGE`: nights
    /// and weekends, on shift columns. Evenings are left out: evening visits are activity
    /// columns the shift-level relaxation cannot see.
    fn tie_break(self) -> bool {
        self != Unsocial::Evenings
    }

    /// Units the demand asks for: cover lines whose template gives this kind on their day;
    /// for evenings also, per weekday and unsocial activity, the largest headcount and each
    /// person-minutes line's minutes over its window, rounded up.
    fn required(self, m: &Model) -> f64 {
        let mut total = 0usize;
        for l in &m.shift_cover {
            if self.gives(m, l.shift, is_weekend(m, l.day)) {
                total += l.required;
            }
        }
        if self == Unsocial::Evenings {
            let mut most: HashMap<(ActivityIx, usize), usize> = HashMap::new();
            for line in &m.activity_demand {
                if !m.activities[line.activity].unsocial || is_weekend(m, line.day) {
                    continue;
                }
                match line.kind {
                    DemandKind::Headcount(h) => {
                        let e = most.entry((line.activity, line.day)).or_insert(0);
                        *e = (*e).max(h);
                    }
                    DemandKind::PersonMinutes(minutes) => {
                        let window = (line.end - line.start).max(1);
                        total += (minutes as f64 / window as f64).ceil() as usize;
                    }
                }
            }
            total += most.values().sum::<usize>();
        }
        total as f64
    }

    /// Whether template `t` worked on a day (weekend or not) gives a unit of this kind.
    fn gives(self, m: &Model, t: ShiftIx, weekend: bool) -> bool {
        match self {
            Unsocial::Nights => is_night(m, t),
            Unsocial::Weekends => weekend && !is_night(m, t),
            Unsocial::Evenings => !weekend && !is_night(m, t) && m.shifts[t].unsocial,
        }
    }

    /// Eligible: not an agency worker, and the contract allows a template giving this kind
    /// on one of its weekdays,
    /// with the skills of a cover line for such a template when there is one; or, for
    /// evenings, an unsocial activity the person has the skills for and no zero cap on.
    fn eligible(self, m: &Model, p: PersonIx) -> bool {
        let person = &m.people[p];
        let c = &person.contract;
        let weekend_day =
            |w: chrono::Weekday| matches!(w, chrono::Weekday::Sat | chrono::Weekday::Sun);
        let allowed = c.allowed_shifts.iter().any(|&t| {
            m.shifts[t]
                .weekdays
                .iter()
                .any(|&w| c.weekdays.contains(&w) && self.gives(m, t, weekend_day(w)))
        });
        let mut lines = m
            .shift_cover
            .iter()
            .filter(|l| self.gives(m, l.shift, is_weekend(m, l.day)))
            .peekable();
        let skilled = lines.peek().is_none() || lines.any(|l| person.has_skills(&l.skills));
        let visits = self == Unsocial::Evenings
            && m.activities.iter().enumerate().any(|(a, act)| {
                act.unsocial
                    && person.has_skills(&act.skills)
                    && person
                        .activity_caps
                        .iter()
                        .all(|cap| cap.activity != a || cap.max_minutes_per_week > 0)
            });
        !person.agency && ((allowed && skilled) || visits)
    }
}
