//! Compile a [`Model`] into a MILP: variables, then one function per rule.
//!
//! Variables:
//! * `x[p,d,t]`: person `p` works template `t` on day `d` (created only where the contract,
//!   the weekday and the person's availability allow it: the structural rules are enforced
//!   by absence);
//! * `loc[p,d,l]`: `p`'s base location on day `d` (work shifts only);
//! * `u[p,d,s,a]`: `p` does activity `a` during segment `s` of their day-`d` shift (created only
//!   for activities with demand in that segment, or protected admin);
//! * slacks of soft rules, and a few helpers (weekend worked, weekly rest day, fairness excess).
//!
//! Soft rules add `weight x unit-scale x slack` to the objective. Everything iterates over
//! model vectors in order, so the programme (and hence HiGHS's path) is deterministic.

use std::collections::{BTreeMap, HashMap};

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use super::timeline::{inside_window, Timeline};
use crate::model::{
    ActivityIx, DemandKind, LocationIx, Model, PersonIx, RequestKind, ShiftIx, ShiftKind, DAY,
};
use crate::rules::{RuleId, RuleSetting};

/// A variable and its column index in the HiGHS model.
#[derive(Debug, Clone, Copy)]
pub(super) struct Col {
    pub var: Variable,
    pub ix: usize,
}

/// Decision variables the decoder reads back.
#[derive(Debug, Default)]
pub(super) struct Keys {
    /// `(person, day, template)` -> column.
    pub shifts: Vec<((PersonIx, usize, ShiftIx), usize)>,
    /// `(person, day, location)` -> column.
    pub locations: Vec<((PersonIx, usize, LocationIx), usize)>,
    /// `(person, day, segment, activity)` -> column.
    pub activities: Vec<((PersonIx, usize, usize, ActivityIx), usize)>,
    /// The segments `activities` refer to.
    pub timeline: Option<Timeline>,
}

/// A compiled programme, ready for HiGHS.
pub(super) struct Programme {
    pub vars: ProblemVariables,
    pub objective: Expression,
    pub constraints: Vec<Constraint>,
    /// Constant part of the objective (good_lp drops constants).
    pub constant: f64,
    /// Number of columns.
    pub columns: usize,
    /// Every variable, by column index.
    pub vars_by_index: Vec<Variable>,
    /// What to decode.
    pub keys: Keys,
}

enum Sense {
    AtMost,
    AtLeast,
}

struct Builder<'m> {
    model: &'m Model,
    p: Programme,
    /// `x[p][d]`: the templates person p may work on day d, with their columns.
    x: Vec<Vec<Vec<(ShiftIx, Col)>>>,
    /// `loc[p][d]`: base location columns.
    loc: Vec<Vec<Vec<(LocationIx, Col)>>>,
    /// `u[p]`: activity columns keyed by (day, segment, activity).
    u: Vec<HashMap<(usize, usize, ActivityIx), Col>>,
    /// `u` in creation order, per person: (day, segment, activity).
    u_order: Vec<Vec<(usize, usize, ActivityIx)>>,
    timeline: Timeline,
    /// Compiling the shift-level relaxation (see [`relaxation`]).
    relaxed: bool,
}

/// Build the programme for `model`.
pub(super) fn compile(model: &Model) -> Programme {
    build(model, false)
}

/// Build the shift-level relaxation of `model`'s programme: the same shift and location
/// columns (in the same order) and every rule on them, but no activity columns. Rules on
/// activities are dropped (protected admin, reserve, activity caps, continuity), and each
/// demand is replaced by a surrogate that counts everyone on a shift that could do the
/// activity as covering it. Every rota's cost in the full programme is at least its cost
/// here, so this programme's optimum (or bound) is a lower bound on the full optimum, and
/// when it is infeasible so is the full programme.
pub(super) fn relaxation(model: &Model) -> Programme {
    build(model, true)
}

fn build(model: &Model, relaxed: bool) -> Programme {
    let mut b = Builder {
        model,
        p: Programme {
            vars: ProblemVariables::new(),
            objective: Expression::from(0.0),
            constraints: Vec::new(),
            constant: 0.0,
            columns: 0,
            vars_by_index: Vec::new(),
            keys: Keys::default(),
        },
        x: Vec::new(),
        loc: Vec::new(),
        u: Vec::new(),
        u_order: Vec::new(),
        timeline: Timeline::new(model),
        relaxed,
    };
    debug_assert!(RuleId::ALL.iter().all(|&r| STEPS.contains(&step_of(r))));
    for step in STEPS {
        b.step(step);
    }
    b.p.keys.timeline = Some(b.timeline);
    b.p
}

/// The steps of [`build`], each adding the columns or rows of some rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Columns,
    Structure,
    ContractMinutes,
    DaysPerWeek,
    MaxShifts,
    ConsecutiveDays,
    MaxWeekends,
    RestAndSuccessions,
    MinutesPer7Days,
    WeeklyRest,
    HomeAndOffice,
    JobShares,
    TimeUse,
    ActivityCaps,
    FairUnsocial,
    Continuity,
    ShiftCover,
    ActivityDemand,
    Requests,
    Cost,
}

/// The steps in the order they run: the order of the programme's columns and rows, and so
/// of HiGHS's path; changing it changes which of equally good rotas comes out.
const STEPS: [Step; 20] = [
    Step::Columns,
    Step::Structure,
    Step::ContractMinutes,
    Step::DaysPerWeek,
    Step::MaxShifts,
    Step::ConsecutiveDays,
    Step::MaxWeekends,
    Step::RestAndSuccessions,
    Step::MinutesPer7Days,
    Step::WeeklyRest,
    Step::HomeAndOffice,
    Step::JobShares,
    Step::TimeUse,
    Step::ActivityCaps,
    Step::FairUnsocial,
    Step::Continuity,
    Step::ShiftCover,
    Step::ActivityDemand,
    Step::Requests,
    Step::Cost,
];

/// The step that compiles each rule. An exhaustive match: a new rule does not build until it
/// has a step (and the step's method, its rows).
fn step_of(rule: RuleId) -> Step {
    use RuleId::*;
    match rule {
        Availability | ContractShifts => Step::Columns,
        OneShiftPerDay | LocationFit | ActivityFit => Step::Structure,
        ContractMinutes => Step::ContractMinutes,
        MaxDaysPerWeek => Step::DaysPerWeek,
        MaxShifts => Step::MaxShifts,
        MaxConsecutiveDays | MinConsecutiveDays | MinConsecutiveDaysOff => Step::ConsecutiveDays,
        MaxWeekends => Step::MaxWeekends,
        MinRest | ForbiddenSuccession => Step::RestAndSuccessions,
        MaxMinutesPer7Days => Step::MinutesPer7Days,
        WeeklyRest => Step::WeeklyRest,
        HomeWorking | OfficeDay => Step::HomeAndOffice,
        JobShareMinutes | JobShareCover | JobShareHandover => Step::JobShares,
        ProtectedAdmin | AdminBlock | Reserve => Step::TimeUse,
        ActivityCap => Step::ActivityCaps,
        FairUnsocial => Step::FairUnsocial,
        Continuity => Step::Continuity,
        ShiftCover => Step::ShiftCover,
        ActivityDemand => Step::ActivityDemand,
        Requests => Step::Requests,
        Cost => Step::Cost,
    }
}

impl Builder<'_> {
    /// Runs one step of [`build`].
    fn step(&mut self, step: Step) {
        match step {
            Step::Columns => {
                self.shift_vars();
                self.location_vars();
                self.activity_vars();
            }
            Step::Structure => self.structure(),
            Step::ContractMinutes => self.contract_minutes(),
            Step::DaysPerWeek => self.days_per_week(),
            Step::MaxShifts => self.max_shifts(),
            Step::ConsecutiveDays => self.consecutive_days(),
            Step::MaxWeekends => self.max_weekends(),
            Step::RestAndSuccessions => self.rest_and_successions(),
            Step::MinutesPer7Days => self.minutes_per_7_days(),
            Step::WeeklyRest => self.weekly_rest(),
            Step::HomeAndOffice => self.home_and_office(),
            Step::JobShares => self.job_shares(),
            Step::TimeUse => self.time_use(),
            Step::ActivityCaps => self.activity_caps(),
            Step::FairUnsocial => self.fair_unsocial(),
            Step::Continuity => self.continuity(),
            Step::ShiftCover => self.shift_cover(),
            Step::ActivityDemand => self.activity_demand(),
            Step::Requests => self.requests(),
            Step::Cost => self.cost(),
        }
    }

    fn new_var(&mut self, def: good_lp::variable::VariableDefinition) -> Col {
        let var = self.p.vars.add(def);
        let ix = self.p.columns;
        self.p.columns += 1;
        self.p.vars_by_index.push(var);
        Col { var, ix }
    }

    fn binary(&mut self) -> Col {
        self.new_var(variable().binary())
    }

    fn setting(&self, rule: RuleId) -> Option<RuleSetting> {
        match self.model.rules.get(rule) {
            Some(RuleSetting::Soft(w)) if w <= 0.0 => None,
            s => s,
        }
    }

    /// Add `lhs (<= | >=) rhs` under `rule`: as a constraint when hard, with a slack costing
    /// `weight x scale` per unit when soft, not at all when off.
    fn rule(&mut self, rule: RuleId, lhs: Expression, sense: Sense, rhs: f64, scale: f64) {
        let Some(setting) = self.setting(rule) else {
            return;
        };
        let slack = match setting {
            RuleSetting::Hard => None,
            RuleSetting::Soft(w) => Some((w * scale, self.slack(scale == 1.0))),
        };
        self.bound(lhs, sense, rhs, slack);
    }

    /// Add `lhs (<= | >=) rhs` with an optional `(cost per unit, slack)`.
    fn bound(&mut self, lhs: Expression, sense: Sense, rhs: f64, slack: Option<(f64, Col)>) {
        let lhs = match (&sense, slack) {
            (_, None) => lhs,
            (Sense::AtMost, Some((cost, s))) => {
                self.p.objective.add_mul(cost, s.var);
                lhs - s.var
            }
            (Sense::AtLeast, Some((cost, s))) => {
                self.p.objective.add_mul(cost, s.var);
                lhs + s.var
            }
        };
        self.p.constraints.push(match sense {
            Sense::AtMost => constraint::leq(lhs, rhs),
            Sense::AtLeast => constraint::geq(lhs, rhs),
        });
    }

    fn slack(&mut self, integer: bool) -> Col {
        let def = variable().min(0.0);
        self.new_var(if integer { def.integer() } else { def })
    }

    /// Multiplier of per-item weights for cover, demand and request rules (`None`: off,
    /// `Some(None)`: hard).
    fn item_rule(&self, rule: RuleId) -> Option<Option<f64>> {
        match self.setting(rule)? {
            RuleSetting::Hard => Some(None),
            RuleSetting::Soft(w) => Some(Some(w)),
        }
    }

    // ---- variables -------------------------------------------------------------------

    fn shift_vars(&mut self) {
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            let mut days = Vec::with_capacity(m.horizon.days);
            for d in 0..m.horizon.days {
                let mut here = Vec::new();
                if person.contract.weekdays.contains(&m.horizon.weekday(d)) {
                    for &t in &person.contract.allowed_shifts {
                        let s = &m.shifts[t];
                        if !s.weekdays.contains(&m.horizon.weekday(d)) {
                            continue;
                        }
                        let (a, b) = (d as i64 * DAY + s.start, d as i64 * DAY + s.end);
                        if person
                            .unavailable
                            .iter()
                            .all(|&(u0, u1)| b <= u0 || u1 <= a)
                        {
                            let col = self.binary();
                            self.p.keys.shifts.push(((p, d, t), col.ix));
                            here.push((t, col));
                        }
                    }
                }
                here.sort_by_key(|(t, _)| *t);
                days.push(here);
            }
            self.x.push(days);
        }
    }

    fn location_vars(&mut self) {
        let m = self.model;
        let bases: Vec<LocationIx> = (0..m.locations.len())
            .filter(|&l| m.locations[l].base)
            .collect();
        for p in 0..m.people.len() {
            let mut days = Vec::with_capacity(m.horizon.days);
            for d in 0..m.horizon.days {
                let works = self.x[p][d]
                    .iter()
                    .any(|(t, _)| m.shifts[*t].kind == ShiftKind::Work);
                let mut here = Vec::new();
                if works {
                    for &l in &bases {
                        let col = self.binary();
                        self.p.keys.locations.push(((p, d, l), col.ix));
                        here.push((l, col));
                    }
                }
                days.push(here);
            }
            self.loc.push(days);
        }
    }

    /// Activities worth allocating: those with demand (only inside demand windows), and
    /// protected admin when the rule asks for a share.
    fn activity_vars(&mut self) {
        let m = self.model;
        if self.relaxed {
            self.u = vec![HashMap::new(); m.people.len()];
            self.u_order = vec![Vec::new(); m.people.len()];
            return;
        }
        let admin_on = self.setting(RuleId::ProtectedAdmin).is_some() && m.rules.admin_share > 0.0;
        let nseg = self.timeline.segments.len();
        let mut wanted = vec![vec![false; nseg]; m.activities.len()];
        for demand in &m.activity_demand {
            for s in self.timeline.within(demand.start, demand.end) {
                wanted[demand.activity][s] = true;
            }
        }
        if admin_on {
            for (a, act) in m.activities.iter().enumerate() {
                if act.protected_admin {
                    wanted[a].iter_mut().for_each(|w| *w = true);
                }
            }
        }
        for (p, person) in m.people.iter().enumerate() {
            let mut map = HashMap::new();
            let mut order = Vec::new();
            for d in 0..m.horizon.days {
                for (a, act) in m.activities.iter().enumerate() {
                    if !person.has_skills(&act.skills) {
                        continue;
                    }
                    let templates: Vec<ShiftIx> = self.x[p][d]
                        .iter()
                        .map(|(t, _)| *t)
                        .filter(|&t| activity_allows(m, a, t))
                        .collect();
                    if templates.is_empty() {
                        continue;
                    }
                    // The span of the day covered by any template that allows the activity.
                    let (lo, hi) = templates.iter().fold((i64::MAX, i64::MIN), |(lo, hi), &t| {
                        (lo.min(m.shifts[t].start), hi.max(m.shifts[t].end))
                    });
                    let (lo, hi) = (d as i64 * DAY + lo, d as i64 * DAY + hi);
                    for s in self.timeline.within(lo, hi) {
                        let seg = self.timeline.segments[s];
                        if !wanted[a][s] {
                            continue;
                        }
                        if let Some(w) = act.window {
                            if !inside_window(seg.start, seg.end, w) {
                                continue;
                            }
                        }
                        let col = self.binary();
                        self.p.keys.activities.push(((p, d, s, a), col.ix));
                        map.insert((d, s, a), col);
                        order.push((d, s, a));
                    }
                }
            }
            self.u.push(map);
            self.u_order.push(order);
        }
    }

    // ---- helpers over variables ----------------------------------------------------------

    fn work(&self, p: PersonIx, d: usize) -> Expression {
        let mut e = Expression::from(0.0);
        for (_, c) in &self.x[p][d] {
            e += c.var;
        }
        e
    }

    fn x(&self, p: PersonIx, d: usize, t: ShiftIx) -> Option<Col> {
        self.x[p][d].iter().find(|(u, _)| *u == t).map(|(_, c)| *c)
    }

    fn counted(&self, p: PersonIx, days: std::ops::Range<usize>) -> Expression {
        let mut e = Expression::from(0.0);
        for d in days {
            for (t, c) in &self.x[p][d] {
                e.add_mul(
                    self.model.shifts[*t].counted_minutes(&self.model.rules) as f64,
                    c.var,
                );
            }
        }
        e
    }

    /// Sum of durations of `p`'s work shifts (worked minutes).
    fn worked(&self, p: PersonIx) -> Expression {
        let mut e = Expression::from(0.0);
        for d in 0..self.model.horizon.days {
            for (t, c) in &self.x[p][d] {
                let s = &self.model.shifts[*t];
                if s.kind == ShiftKind::Work {
                    e.add_mul((s.end - s.start) as f64, c.var);
                }
            }
        }
        e
    }

    fn weeks(&self) -> Vec<std::ops::Range<usize>> {
        let h = self.model.horizon.days;
        (0..self.model.horizon.weeks())
            .map(|w| 7 * w..(7 * w + 7).min(h))
            .collect()
    }

    fn interval(&self, d: usize, t: ShiftIx) -> (i64, i64) {
        let s = &self.model.shifts[t];
        (d as i64 * DAY + s.start, d as i64 * DAY + s.end)
    }

    // ---- structural ---------------------------------------------------------------------

    /// One shift per day; no overlapping shifts; one base location per work shift; activities
    /// only in a shift that allows them, at an allowed base, one at a time.
    fn structure(&mut self) {
        let m = self.model;
        for p in 0..m.people.len() {
            for d in 0..m.horizon.days {
                if self.x[p][d].len() > 1 {
                    let w = self.work(p, d);
                    self.p.constraints.push(constraint::leq(w, 1.0));
                }
                // Shifts on different days must not overlap.
                for d2 in d + 1..(d + 2).min(m.horizon.days) {
                    for &(t1, c1) in &self.x[p][d] {
                        let (_, e1) = self.interval(d, t1);
                        for &(t2, c2) in &self.x[p][d2] {
                            if self.interval(d2, t2).0 < e1 {
                                self.p
                                    .constraints
                                    .push(constraint::leq(c1.var + c2.var, 1.0));
                            }
                        }
                    }
                }
                if !self.loc[p][d].is_empty() {
                    let mut sum = Expression::from(0.0);
                    for (_, c) in &self.loc[p][d] {
                        sum += c.var;
                    }
                    let mut works = Expression::from(0.0);
                    for (t, c) in &self.x[p][d] {
                        if m.shifts[*t].kind == ShiftKind::Work {
                            works += c.var;
                        }
                    }
                    self.p.constraints.push(constraint::eq(sum, works));
                }
            }
            // Activities: per (day, segment) at most one activity, only when a template that
            // allows it covers the segment, only from an allowed base.
            let mut by_slot: BTreeMap<(usize, usize), Vec<(ActivityIx, Col)>> = BTreeMap::new();
            for &(d, s, a) in &self.u_order[p] {
                let col = self.u[p][&(d, s, a)];
                by_slot.entry((d, s)).or_default().push((a, col));
            }
            for ((d, s), acts) in by_slot {
                let seg = self.timeline.segments[s];
                let model = self.model;
                let covering = |t: ShiftIx| {
                    let s = &model.shifts[t];
                    let day = d as i64 * DAY;
                    day + s.start <= seg.start && seg.end <= day + s.end
                };
                let mut all = Expression::from(0.0);
                let mut present = Expression::from(0.0);
                let covers: Vec<(ShiftIx, Col)> = self.x[p][d]
                    .iter()
                    .copied()
                    .filter(|(t, _)| covering(*t))
                    .collect();
                for (_, c) in &covers {
                    present += c.var;
                }
                // Activities sharing the same set of allowed bases share one row.
                let mut by_bases: BTreeMap<Vec<LocationIx>, Expression> = BTreeMap::new();
                for &(a, col) in &acts {
                    all += col.var;
                    if !covers.iter().all(|(t, _)| activity_allows(m, a, *t)) {
                        let mut allowed = Expression::from(0.0);
                        for (t, c) in &covers {
                            if activity_allows(m, a, *t) {
                                allowed += c.var;
                            }
                        }
                        self.p.constraints.push(constraint::leq(col.var, allowed));
                    }
                    let act = &m.activities[a];
                    let base_only = act.locations.iter().all(|&l| m.locations[l].base);
                    let every_base = self.loc[p][d]
                        .iter()
                        .all(|(l, _)| act.locations.contains(l));
                    if base_only && !every_base {
                        *by_bases.entry(act.locations.clone()).or_default() += col.var;
                    }
                }
                // One activity at a time, only while on shift.
                self.p.constraints.push(constraint::leq(all, present));
                for (bases, used) in by_bases {
                    let mut at = Expression::from(0.0);
                    for (l, c) in &self.loc[p][d] {
                        if bases.contains(l) {
                            at += c.var;
                        }
                    }
                    self.p.constraints.push(constraint::leq(used, at));
                }
            }
        }
    }

    // ---- contract and working time --------------------------------------------------------

    /// Counted minutes within the contract's range. When the rule is hard, the bounds are
    /// lifted to the nearest totals the person's templates can actually make (a 2160-minute
    /// minimum with 450-minute shifts is really 2250), which closes most of the LP's gap on
    /// cost.
    fn contract_minutes(&mut self) {
        let hard = self.setting(RuleId::ContractMinutes) == Some(RuleSetting::Hard);
        for (p, person) in self.model.people.iter().enumerate() {
            let c = &person.contract;
            let total = self.counted(p, 0..self.model.horizon.days);
            let mut lengths: Vec<i64> = self.x[p]
                .iter()
                .flatten()
                .map(|(t, _)| self.model.shifts[*t].counted_minutes(&self.model.rules))
                .collect();
            lengths.sort_unstable();
            lengths.dedup();
            let (lo, hi) = if hard {
                reachable_range(&lengths, c.min_minutes, c.max_minutes)
                    .unwrap_or((c.min_minutes, c.max_minutes))
            } else {
                (c.min_minutes, c.max_minutes)
            };
            self.rule(
                RuleId::ContractMinutes,
                total.clone(),
                Sense::AtLeast,
                lo as f64,
                1.0 / 60.0,
            );
            self.rule(
                RuleId::ContractMinutes,
                total,
                Sense::AtMost,
                hi as f64,
                1.0 / 60.0,
            );
        }
    }

    fn days_per_week(&mut self) {
        for (p, person) in self.model.people.iter().enumerate() {
            let Some(max) = person.contract.max_days_per_week else {
                continue;
            };
            for week in self.weeks() {
                if week.len() <= max {
                    continue;
                }
                let mut e = Expression::from(0.0);
                for d in week {
                    e += self.work(p, d);
                }
                self.rule(RuleId::MaxDaysPerWeek, e, Sense::AtMost, max as f64, 1.0);
            }
        }
    }

    fn max_shifts(&mut self) {
        for (p, person) in self.model.people.iter().enumerate() {
            let all = 0..self.model.horizon.days;
            let limits = person
                .contract
                .max_shifts
                .iter()
                .map(|&(t, n)| (t, n, vec![all.clone()]))
                .chain(
                    person
                        .contract
                        .max_shifts_per_week
                        .iter()
                        .map(|&(t, n)| (t, n, self.weeks())),
                )
                .collect::<Vec<_>>();
            for (t, n, ranges) in limits {
                for range in ranges {
                    let mut e = Expression::from(0.0);
                    let mut count = 0;
                    for d in range {
                        if let Some(c) = self.x(p, d, t) {
                            e += c.var;
                            count += 1;
                        }
                    }
                    if count > n {
                        self.rule(RuleId::MaxShifts, e, Sense::AtMost, n as f64, 1.0);
                    }
                }
            }
        }
    }

    fn consecutive_days(&mut self) {
        let h = self.model.horizon.days;
        for (p, person) in self.model.people.iter().enumerate() {
            let c = &person.contract;
            if let Some(k) = c.max_consecutive_days {
                for s in 0..h.saturating_sub(k) {
                    let mut e = Expression::from(0.0);
                    for d in s..=s + k {
                        e += self.work(p, d);
                    }
                    self.rule(RuleId::MaxConsecutiveDays, e, Sense::AtMost, k as f64, 1.0);
                }
                self.lifted_work_windows(p, k, c.min_consecutive_days_off);
            }
            // work[d] - work[d-1] - work[d+j] <= 0 (a run starting at d lasts k days).
            for d in 1..h {
                for j in 1..c.min_consecutive_days {
                    if d + j > h - 1 {
                        break;
                    }
                    let e = self.work(p, d) - self.work(p, d - 1) - self.work(p, d + j);
                    self.rule(RuleId::MinConsecutiveDays, e, Sense::AtMost, 0.0, 1.0);
                }
                for j in 1..c.min_consecutive_days_off {
                    if d + j > h - 1 {
                        break;
                    }
                    // off[d] - off[d-1] - off[d+j] <= 0 with off = 1 - work.
                    let e = self.work(p, d - 1) + self.work(p, d + j) - self.work(p, d);
                    self.rule(RuleId::MinConsecutiveDaysOff, e, Sense::AtMost, 1.0, 1.0);
                }
            }
        }
    }

    /// With at most `k` days worked in a row and at least `m` days off between runs, both
    /// hard, any `k + m` consecutive days hold at most `k` days worked: `k + 1` would be
    /// two runs with a break of `m` or more between them inside the window (a break
    /// between two days worked touches neither edge of the horizon). The rule rows only
    /// say so for `k + 1` days, which a fractional rota meets working most days a little;
    /// these rows cut such points off and change no whole rota.
    fn lifted_work_windows(&mut self, p: PersonIx, k: usize, m: usize) {
        let hard = |rule| self.setting(rule) == Some(RuleSetting::Hard);
        let h = self.model.horizon.days;
        if m < 2 || !hard(RuleId::MaxConsecutiveDays) || !hard(RuleId::MinConsecutiveDaysOff) {
            return;
        }
        for s in 0..(h + 1).saturating_sub(k + m) {
            let mut e = Expression::from(0.0);
            for d in s..s + k + m {
                e += self.work(p, d);
            }
            self.p.constraints.push(constraint::leq(e, k as f64));
        }
    }

    fn max_weekends(&mut self) {
        let weekends = self.model.horizon.weekends();
        for (p, person) in self.model.people.iter().enumerate() {
            let Some(max) = person.contract.max_weekends else {
                continue;
            };
            if weekends.len() <= max || self.setting(RuleId::MaxWeekends).is_none() {
                continue;
            }
            let mut total = Expression::from(0.0);
            for days in &weekends {
                let worked = self.new_var(variable().min(0.0).max(1.0));
                for &d in days {
                    let w = self.work(p, d);
                    self.p.constraints.push(constraint::geq(worked.var, w));
                }
                total += worked.var;
            }
            self.rule(RuleId::MaxWeekends, total, Sense::AtMost, max as f64, 1.0);
        }
    }

    /// Minimum rest between shifts (pairs of shifts up to two days apart) and forbidden
    /// successions. Each constraint aggregates the later shifts of one earlier shift; since a
    /// person works at most one shift a day, the slack still counts pairs.
    fn rest_and_successions(&mut self) {
        let m = self.model;
        let min_rest = m.rules.min_rest_minutes;
        for p in 0..m.people.len() {
            for d in 0..m.horizon.days {
                for &(t1, c1) in &self.x[p][d].clone() {
                    let (_, end) = self.interval(d, t1);
                    for d2 in d + 1..(d + 3).min(m.horizon.days) {
                        let mut later = Expression::from(0.0);
                        let mut any = false;
                        for &(t2, c2) in &self.x[p][d2] {
                            let gap = self.interval(d2, t2).0 - end;
                            if (0..min_rest).contains(&gap) {
                                later += c2.var;
                                any = true;
                            }
                        }
                        if any {
                            self.rule(RuleId::MinRest, later + c1.var, Sense::AtMost, 1.0, 1.0);
                        }
                    }
                    if d + 1 < m.horizon.days {
                        let mut later = Expression::from(0.0);
                        let mut any = false;
                        for &(t2, c2) in &self.x[p][d + 1] {
                            if m.rules.forbidden_successions.contains(&(t1, t2)) {
                                later += c2.var;
                                any = true;
                            }
                        }
                        if any {
                            self.rule(
                                RuleId::ForbiddenSuccession,
                                later + c1.var,
                                Sense::AtMost,
                                1.0,
                                1.0,
                            );
                        }
                    }
                }
            }
        }
    }

    fn minutes_per_7_days(&mut self) {
        let limit = self.model.rules.max_minutes_per_7_days;
        let h = self.model.horizon.days;
        for p in 0..self.model.people.len() {
            for s in 0..=h.saturating_sub(7) {
                let most: i64 = (s..s + 7)
                    .map(|d| {
                        self.x[p][d]
                            .iter()
                            .map(|(t, _)| self.model.shifts[*t].counted_minutes(&self.model.rules))
                            .max()
                            .unwrap_or(0)
                    })
                    .sum();
                if most <= limit {
                    continue;
                }
                let e = self.counted(p, s..s + 7);
                self.rule(
                    RuleId::MaxMinutesPer7Days,
                    e,
                    Sense::AtMost,
                    limit as f64,
                    1.0 / 60.0,
                );
            }
        }
    }

    /// `r[p,d]` marks a rest day: no shift on `d`, and no pair of shifts on `d-1` and `d+1`
    /// closer than the weekly rest. Every 7-day window needs one.
    fn weekly_rest(&mut self) {
        if self.setting(RuleId::WeeklyRest).is_none() {
            return;
        }
        let m = self.model;
        let h = m.horizon.days;
        if h < 7 {
            return;
        }
        let need = m.rules.weekly_rest_minutes;
        for p in 0..m.people.len() {
            let mut rest = Vec::with_capacity(h);
            for d in 0..h {
                let r = self.binary();
                let w = self.work(p, d);
                self.p.constraints.push(constraint::leq(r.var + w, 1.0));
                if d >= 1 && d + 1 < h {
                    for &(t1, c1) in &self.x[p][d - 1] {
                        let (_, end) = self.interval(d - 1, t1);
                        let mut close = Expression::from(0.0);
                        let mut any = false;
                        for &(t2, c2) in &self.x[p][d + 1] {
                            if self.interval(d + 1, t2).0 - end < need {
                                close += c2.var;
                                any = true;
                            }
                        }
                        if any {
                            self.p
                                .constraints
                                .push(constraint::leq(r.var + c1.var + close, 2.0));
                        }
                    }
                }
                rest.push(r);
            }
            for s in 0..=h - 7 {
                let mut e = Expression::from(0.0);
                for r in &rest[s..s + 7] {
                    e += r.var;
                }
                self.rule(RuleId::WeeklyRest, e, Sense::AtLeast, 1.0, 1.0);
            }
        }
    }

    // ---- place ----------------------------------------------------------------------------

    fn home_and_office(&mut self) {
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            let Some(allowance) = person.home_days_per_week else {
                continue;
            };
            for week in self.weeks() {
                let mut e = Expression::from(0.0);
                let mut n = 0;
                for d in week {
                    for (l, c) in &self.loc[p][d] {
                        if m.locations[*l].home {
                            e += c.var;
                            n += 1;
                        }
                    }
                }
                if n > allowance {
                    self.rule(RuleId::HomeWorking, e, Sense::AtMost, allowance as f64, 1.0);
                }
            }
        }
        for office in &m.office_days {
            let at = |b: &Self, p: PersonIx| -> Expression {
                let mut e = Expression::from(0.0);
                for (l, c) in &b.loc[p][office.day] {
                    if *l == office.location {
                        e += c.var;
                    }
                }
                e
            };
            if office.min_people > 0 {
                let mut e = Expression::from(0.0);
                for p in 0..m.people.len() {
                    e += at(self, p);
                }
                self.rule(
                    RuleId::OfficeDay,
                    e,
                    Sense::AtLeast,
                    office.min_people as f64,
                    1.0,
                );
            }
            for &p in &office.people {
                let e = at(self, p);
                self.rule(RuleId::OfficeDay, e, Sense::AtLeast, 1.0, 1.0);
            }
        }
    }

    // ---- job-share ------------------------------------------------------------------------

    fn job_shares(&mut self) {
        let m = self.model;
        for post in &m.job_shares {
            let mut total = Expression::from(0.0);
            for &p in &post.members {
                total += self.counted(p, 0..m.horizon.days);
            }
            let (lo, hi) = (
                (post.target_minutes - post.tolerance_minutes) as f64,
                (post.target_minutes + post.tolerance_minutes) as f64,
            );
            self.rule(
                RuleId::JobShareMinutes,
                total.clone(),
                Sense::AtLeast,
                lo,
                1.0 / 60.0,
            );
            self.rule(
                RuleId::JobShareMinutes,
                total,
                Sense::AtMost,
                hi,
                1.0 / 60.0,
            );
            for &d in &post.cover_days {
                let mut e = Expression::from(0.0);
                for &p in &post.members {
                    e += self.work(p, d);
                }
                self.rule(RuleId::JobShareCover, e, Sense::AtLeast, 1.0, 1.0);
            }
            for &d in &post.handover_days {
                for &p in &post.members {
                    let e = self.work(p, d);
                    self.rule(RuleId::JobShareHandover, e, Sense::AtLeast, 1.0, 1.0);
                }
            }
        }
    }

    // ---- time use within shifts ---------------------------------------------------------------

    /// Protected admin share, admin blocks and the unallocated reserve.
    fn time_use(&mut self) {
        let m = self.model;
        if self.relaxed {
            return;
        }
        let nseg = self.timeline.segments.len();
        for p in 0..m.people.len() {
            let mut admin = Expression::from(0.0);
            let mut allocated = Expression::from(0.0);
            // admin_at[s]: the person's protected-admin columns in segment s.
            let mut admin_at: Vec<Vec<Col>> = vec![Vec::new(); nseg];
            for &(d, s, a) in &self.u_order[p] {
                let col = self.u[p][&(d, s, a)];
                let len = self.timeline.segments[s].len() as f64;
                let in_work = self.x[p][d].iter().any(|(t, _)| {
                    activity_allows(m, a, *t) && m.shifts[*t].kind == ShiftKind::Work
                });
                if in_work {
                    allocated.add_mul(len, col.var);
                }
                if m.activities[a].protected_admin {
                    admin.add_mul(len, col.var);
                    admin_at[s].push(col);
                }
            }
            let worked = self.worked(p);
            if m.rules.admin_share > 0.0 {
                let e = admin - m.rules.admin_share * worked.clone();
                self.rule(RuleId::ProtectedAdmin, e, Sense::AtLeast, 0.0, 1.0 / 60.0);
            }
            if m.rules.reserve_share > 0.0 {
                // worked - allocated >= share x worked
                let e = (1.0 - m.rules.reserve_share) * worked - allocated;
                self.rule(RuleId::Reserve, e, Sense::AtLeast, 0.0, 1.0 / 60.0);
            }
            if self.setting(RuleId::AdminBlock).is_some() && m.rules.admin_min_block > 0 {
                self.admin_blocks(&admin_at);
            }
        }
    }

    /// A run of admin starting in segment `s` continues through every segment that starts
    /// less than `admin_min_block` minutes after `s` starts.
    fn admin_blocks(&mut self, admin_at: &[Vec<Col>]) {
        let segs = &self.timeline.segments;
        let sum = |cols: &[Col]| {
            let mut e = Expression::from(0.0);
            for c in cols {
                e += c.var;
            }
            e
        };
        let block = self.model.rules.admin_min_block;
        let timeline_end = segs.last().map_or(0, |l| l.end);
        for s in 0..segs.len() {
            if admin_at[s].is_empty() {
                continue;
            }
            let mut start = sum(&admin_at[s]);
            if s > 0 {
                start -= sum(&admin_at[s - 1]);
            }
            let until = segs[s].start + block;
            for next in s + 1..segs.len() {
                if segs[next].start >= until {
                    break;
                }
                let e = start.clone() - sum(&admin_at[next]);
                self.p.constraints.push(constraint::leq(e, 0.0));
            }
            if timeline_end < until {
                // The run would have to continue past the end of the timeline.
                self.p.constraints.push(constraint::leq(start, 0.0));
            }
        }
    }

    fn activity_caps(&mut self) {
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            for cap in &person.activity_caps {
                for week in self.weeks() {
                    let mut e = Expression::from(0.0);
                    let mut most = 0;
                    for &(d, s, a) in &self.u_order[p] {
                        if a == cap.activity && week.contains(&d) {
                            let len = self.timeline.segments[s].len();
                            e.add_mul(len as f64, self.u[p][&(d, s, a)].var);
                            most += len;
                        }
                    }
                    if most > cap.max_minutes_per_week {
                        self.rule(
                            RuleId::ActivityCap,
                            e,
                            Sense::AtMost,
                            cap.max_minutes_per_week as f64,
                            1.0 / 60.0,
                        );
                    }
                }
            }
        }
    }

    // ---- fairness -------------------------------------------------------------------------

    /// Unsocial assignments above each person's pro-rata share (rounded up) of the team's
    /// required unsocial cover. Targets are whole numbers, so the caps are tight in the LP.
    fn fair_unsocial(&mut self) {
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
                let mut any = false;
                for (t, c) in &self.x[p][d] {
                    if unsocial_day(d) || m.shifts[*t].unsocial {
                        units += c.var;
                        any = true;
                    }
                }
                if any {
                    most += 1.0;
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
    fn continuity(&mut self) {
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

    fn shift_cover(&mut self) {
        let Some(mult) = self.item_rule(RuleId::ShiftCover) else {
            return;
        };
        let m = self.model;
        for cover in &m.shift_cover {
            let mut n = Expression::from(0.0);
            for (p, person) in m.people.iter().enumerate() {
                if person.has_skills(&cover.skills) {
                    if let Some(c) = self.x(p, cover.day, cover.shift) {
                        n += c.var;
                    }
                }
            }
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
    fn cover(
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

    fn activity_demand(&mut self) {
        let Some(mult) = self.item_rule(RuleId::ActivityDemand) else {
            return;
        };
        let m = self.model;
        for demand in &m.activity_demand {
            let a = demand.activity;
            let segs: Vec<usize> = self.timeline.within(demand.start, demand.end).collect();
            let on = |b: &Self, s: usize| -> Expression {
                let mut e = Expression::from(0.0);
                let seg = b.timeline.segments[s];
                for (p, person) in m.people.iter().enumerate() {
                    let d_lo = (seg.start / DAY - 1).max(0) as usize;
                    for d in d_lo..=(d_lo + 1).min(m.horizon.days - 1) {
                        if !b.relaxed {
                            if let Some(c) = b.u[p].get(&(d, s, a)) {
                                e += c.var;
                            }
                        } else if person.has_skills(&m.activities[a].skills) {
                            // Surrogate: anyone on a shift that covers the segment and
                            // allows the activity (an upper bound on the true cover).
                            for &(t, c) in &b.x[p][d] {
                                let (start, end) = b.interval(d, t);
                                if activity_allows(m, a, t) && start <= seg.start && seg.end <= end
                                {
                                    e += c.var;
                                }
                            }
                        }
                    }
                }
                e
            };
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

    fn requests(&mut self) {
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
                        self.p.constant += w * r.weight;
                        if let Some(c) = self.x(p, r.day, t) {
                            self.p.objective.add_mul(-w * r.weight, c.var);
                        }
                    }
                    (RequestKind::ShiftOn(t), None) => match self.x(p, r.day, t) {
                        Some(c) => self.p.constraints.push(constraint::eq(c.var, 1.0)),
                        None => self
                            .p
                            .constraints
                            .push(constraint::eq(Expression::from(0.0), 1.0)),
                    },
                    (RequestKind::ShiftOff(t), mult) => {
                        if let Some(c) = self.x(p, r.day, t) {
                            match mult {
                                Some(w) => self.p.objective.add_mul(w * r.weight, c.var),
                                None => self.p.constraints.push(constraint::eq(c.var, 0.0)),
                            }
                        }
                    }
                }
            }
        }
    }

    fn cost(&mut self) {
        let Some(RuleSetting::Soft(w)) = self.setting(RuleId::Cost) else {
            return;
        };
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            let e = self.counted(p, 0..m.horizon.days);
            self.p.objective.add_mul(w * person.cost_per_hour / 60.0, e);
        }
    }
}

/// A shift-cover line as a sum over people, for the column-generation master
/// ([`super::colgen`]): the same costs [`Builder::shift_cover`] puts on the programme.
pub(super) struct CoverRow {
    pub day: usize,
    pub shift: ShiftIx,
    pub required: f64,
    /// Cost per person short; `None` when cover is hard.
    pub under: Option<f64>,
    /// Cost per person over (0 when cover is hard).
    pub over: f64,
    /// Whether each person counts toward it (has the skills).
    pub counts: Vec<bool>,
}

/// The shift-cover lines of `model` as [`CoverRow`]s; `None` when the cover rule is off.
pub(super) fn cover_rows(model: &Model) -> Option<Vec<CoverRow>> {
    let mult = match model.rules.get(RuleId::ShiftCover)? {
        RuleSetting::Hard => None,
        RuleSetting::Soft(w) if w <= 0.0 => return None,
        RuleSetting::Soft(w) => Some(w),
    };
    Some(
        model
            .shift_cover
            .iter()
            .map(|cover| CoverRow {
                day: cover.day,
                shift: cover.shift,
                required: cover.required as f64,
                under: mult.map(|m| (cover.under_weight * m).max(0.0)),
                over: mult.map_or(0.0, |m| (cover.over_weight * m).max(0.0)),
                counts: model
                    .people
                    .iter()
                    .map(|p| p.has_skills(&cover.skills))
                    .collect(),
            })
            .collect(),
    )
}

/// The smallest and largest totals in `[lo, hi]` that sums of `lengths` (each used any
/// number of times, zero included) can make; `None` when there is none or the range is too
/// wide to enumerate. Any rota's total lies in this range, so it is a valid tightening.
fn reachable_range(lengths: &[i64], lo: i64, hi: i64) -> Option<(i64, i64)> {
    const LIMIT: i64 = 1_000_000;
    if lo > hi || hi > LIMIT || lengths.iter().any(|&l| l <= 0) {
        return None;
    }
    let hi_u = hi.max(0) as usize;
    let mut reach = vec![false; hi_u + 1];
    reach[0] = true;
    for s in 1..=hi_u {
        reach[s] = lengths
            .iter()
            .any(|&l| l as usize <= s && reach[s - l as usize]);
    }
    let lo_u = lo.max(0) as usize;
    let first = (lo_u..=hi_u).find(|&s| reach[s])?;
    let last = (lo_u..=hi_u).rev().find(|&s| reach[s])?;
    Some((first as i64, last as i64))
}

/// Whether activity `a` may be done in template `t`.
fn activity_allows(m: &Model, a: ActivityIx, t: ShiftIx) -> bool {
    let act = &m.activities[a];
    if act.shifts.is_empty() {
        m.shifts[t].kind == ShiftKind::Work
    } else {
        act.shifts.contains(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule is compiled by a step that runs, and every step runs once.
    #[test]
    fn every_rule_has_a_step_that_runs_once() {
        for rule in RuleId::ALL {
            assert!(STEPS.contains(&step_of(rule)), "{rule}");
        }
        for (i, step) in STEPS.iter().enumerate() {
            assert!(!STEPS[..i].contains(step), "{step:?} twice");
        }
    }
}
