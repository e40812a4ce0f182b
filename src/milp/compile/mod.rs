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

mod demand;
pub(super) mod design;
mod fairness;
mod job_share;
mod pins;
mod place;
mod protect;
mod structural;
mod time_use;
mod working_time;

use std::collections::{BTreeMap, HashMap};

use good_lp::{
    constraint, variable, Constraint, Expression, IntoAffineExpression, ProblemVariables, Variable,
};

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
    /// `(person, day, on-call template)` -> column of the on-call overlay worked after a
    /// work shift on the same day (a template in `shifts` is the day's only shift).
    pub overlays: Vec<((PersonIx, usize, ShiftIx), usize)>,
    /// `(person, day, location)` -> column.
    pub locations: Vec<((PersonIx, usize, LocationIx), usize)>,
    /// `(person, day, segment, activity)` -> column.
    pub activities: Vec<((PersonIx, usize, usize, ActivityIx), usize)>,
    /// The segments `activities` refer to.
    pub timeline: Option<Timeline>,
    /// For a model with a design choice: per menu, each option's switch column.
    pub options: Vec<Vec<usize>>,
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
    /// `y[p][d]`: the on-call overlays person p may work after a work shift on day d.
    y: Vec<Vec<Vec<(ShiftIx, Col)>>>,
    /// `loc[p][d]`: base location columns.
    loc: Vec<Vec<Vec<(LocationIx, Col)>>>,
    /// `u[p]`: activity columns keyed by (day, segment, activity).
    u: Vec<HashMap<(usize, usize, ActivityIx), Col>>,
    /// `u` in creation order, per person: (day, segment, activity).
    u_order: Vec<Vec<(usize, usize, ActivityIx)>>,
    timeline: Timeline,
    /// Compiling the shift-level relaxation (see [`relaxation`]).
    relaxed: bool,
    /// `active[p]`: for an option's copy of a person (a design choice), the column that is
    /// 1 when the copy is the option chosen.
    active: Vec<Option<Col>>,
    /// Rows over the whole team (cover, demand, office headcounts, a post's minutes and
    /// cover): never loosened for an idle copy, even where only one person can count.
    team: Vec<std::ops::Range<usize>>,
    /// The person the rows being added are for, where a rule says so (set by
    /// [`Builder::as_person`]): a row that holds none of their columns (a day their
    /// contract cannot work) is still theirs.
    whose: Option<PersonIx>,
    /// Rows added for a person ([`Builder::whose`]), by row index.
    rows_of_person: HashMap<usize, PersonIx>,
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
        y: Vec::new(),
        loc: Vec::new(),
        u: Vec::new(),
        u_order: Vec::new(),
        timeline: Timeline::new(model),
        relaxed,
        active: Vec::new(),
        team: Vec::new(),
        whose: None,
        rows_of_person: HashMap::new(),
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
    Pinned,
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
    UnsocialLimits,
    Pairing,
    Caseload,
    Continuity,
    ShiftCover,
    ActivityDemand,
    Requests,
    Changes,
    Cost,
    Design,
}

/// The steps in the order they run: the order of the programme's columns and rows, and so
/// of HiGHS's path; changing it changes which of equally good rotas comes out.
const STEPS: [Step; 26] = [
    Step::Columns,
    Step::Structure,
    Step::Pinned,
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
    Step::UnsocialLimits,
    Step::Pairing,
    Step::Caseload,
    Step::Continuity,
    Step::ShiftCover,
    Step::ActivityDemand,
    Step::Requests,
    Step::Changes,
    Step::Cost,
    Step::Design,
];

/// The step that compiles each rule. An exhaustive match: a new rule does not build until it
/// has a step (and the step's method, its rows).
fn step_of(rule: RuleId) -> Step {
    use RuleId::*;
    match rule {
        Availability | ContractShifts => Step::Columns,
        OneShiftPerDay | LocationFit | ActivityFit => Step::Structure,
        ContractMinutes | WeeklyMinutes => Step::ContractMinutes,
        MaxDaysPerWeek => Step::DaysPerWeek,
        MaxShifts => Step::MaxShifts,
        MaxConsecutiveDays | MinConsecutiveDays | MinConsecutiveDaysOff => Step::ConsecutiveDays,
        MaxWeekends => Step::MaxWeekends,
        MinRest | ForbiddenSuccession => Step::RestAndSuccessions,
        MaxMinutesPer7Days => Step::MinutesPer7Days,
        WeeklyRest => Step::WeeklyRest,
        HomeWorking | OfficeDay => Step::HomeAndOffice,
        JobShareMinutes | JobShareCover | JobShareHandover => Step::JobShares,
        ProtectedAdmin | AdminBlock | ActivityBlock | BlocksPerDay | Breaks | Travel | Reserve => {
            Step::TimeUse
        }
        ActivityCap => Step::ActivityCaps,
        FairUnsocial => Step::FairUnsocial,
        AfterLeave | UnsocialWindow => Step::UnsocialLimits,
        Pairing => Step::Pairing,
        Caseload => Step::Caseload,
        Continuity => Step::Continuity,
        ShiftCover => Step::ShiftCover,
        ActivityDemand => Step::ActivityDemand,
        Requests => Step::Requests,
        Pinned => Step::Pinned,
        Changes => Step::Changes,
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
                self.overlay_vars();
                self.design_vars();
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
            Step::UnsocialLimits => self.unsocial_limits(),
            Step::Pairing => self.pairing(),
            Step::Caseload => self.caseload(),
            Step::Continuity => self.continuity(),
            Step::ShiftCover => self.team_rows(Self::shift_cover),
            Step::ActivityDemand => self.team_rows(Self::activity_demand),
            Step::Requests => self.requests(),
            Step::Pinned => self.pinned(),
            Step::Changes => self.changes(),
            Step::Cost => self.cost(),
            Step::Design => self.design(),
        }
    }

    /// Runs `rows` as person `p`'s ([`Builder::whose`]).
    fn as_person(&mut self, p: PersonIx, rows: impl FnOnce(&mut Self)) {
        let before = self.whose.replace(p);
        rows(self);
        self.whose = before;
    }

    /// Runs `rows`, marking the rows it adds as the team's ([`Builder::team`]).
    fn team_rows(&mut self, rows: impl FnOnce(&mut Self)) {
        let from = self.p.constraints.len();
        rows(self);
        self.team.push(from..self.p.constraints.len());
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
        if let Some(p) = self.whose {
            self.rows_of_person.insert(self.p.constraints.len(), p);
        }
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
                        if !s.weekdays.contains(&m.horizon.weekday(d))
                            || (person.locked(d) && s.out_of_hours())
                        {
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

    /// An overlay column for each on-call template a person may work on a day after one of
    /// the work templates it lists in `after` (made after every other column, so that a
    /// model without overlays compiles as it always has).
    fn overlay_vars(&mut self) {
        let m = self.model;
        for p in 0..m.people.len() {
            let mut days = Vec::with_capacity(m.horizon.days);
            for d in 0..m.horizon.days {
                let mut here = Vec::new();
                let firsts: Vec<ShiftIx> = self.x[p][d].iter().map(|&(t, _)| t).collect();
                for &o in &firsts {
                    let overlay = &m.shifts[o];
                    if !overlay.after.is_empty() && firsts.iter().any(|&t| overlay.overlays(t)) {
                        let col = self.binary();
                        self.p.keys.overlays.push(((p, d, o), col.ix));
                        here.push((o, col));
                    }
                }
                days.push(here);
            }
            self.y.push(days);
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
                        if m.people[p].locked(d) && m.locations[l].home {
                            continue;
                        }
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
        let breaks_on = self.setting(RuleId::Breaks).is_some();
        for (a, act) in m.activities.iter().enumerate() {
            if (admin_on && act.protected_admin) || (breaks_on && act.is_break) {
                wanted[a].iter_mut().for_each(|w| *w = true);
            }
        }
        for (p, person) in m.people.iter().enumerate() {
            let mut map = HashMap::new();
            let mut order = Vec::new();
            for d in 0..m.horizon.days {
                for (a, act) in m.activities.iter().enumerate() {
                    if !person.has_skills(&act.skills) || (person.locked(d) && !act.catch_up()) {
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
                    // The span of the day covered by any template that allows the activity
                    // (for a break, by the templates' break windows).
                    let span = |t: ShiftIx| match (act.is_break, m.shifts[t].unpaid_break) {
                        (true, Some(b)) => (b.start, b.end),
                        _ => (m.shifts[t].start, m.shifts[t].end),
                    };
                    let (lo, hi) = templates.iter().fold((i64::MAX, i64::MIN), |(lo, hi), &t| {
                        (lo.min(span(t).0), hi.max(span(t).1))
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

    /// Person `p` works template `t` on day `d`, alone or as an overlay: `None` when they
    /// cannot.
    fn on(&self, p: PersonIx, d: usize, t: ShiftIx) -> Option<Expression> {
        let alone = self.x(p, d, t);
        let overlay = self.y[p][d].iter().find(|(u, _)| *u == t).map(|(_, c)| *c);
        match (alone, overlay) {
            (None, None) => None,
            (a, o) => {
                let mut e = Expression::from(0.0);
                for c in a.into_iter().chain(o) {
                    e += c.var;
                }
                Some(e)
            }
        }
    }

    /// Every shift column of person `p` on day `d`: the day's shift and its overlays. Rules
    /// between days (rest, successions, weekly rest) see both; rules on working days see
    /// only `x`, since an overlay follows a worked shift.
    fn shifts_on(&self, p: PersonIx, d: usize) -> Vec<(ShiftIx, Col)> {
        self.x[p][d].iter().chain(&self.y[p][d]).copied().collect()
    }

    fn counted(&self, p: PersonIx, days: std::ops::Range<usize>) -> Expression {
        let mut e = Expression::from(0.0);
        for d in days {
            for (t, c) in &self.shifts_on(p, d) {
                e.add_mul(
                    self.model.shifts[*t].counted_minutes(&self.model.rules) as f64,
                    c.var,
                );
            }
        }
        e
    }

    /// Sum of durations, less unpaid breaks, of `p`'s work shifts on `days` (worked
    /// minutes).
    fn worked(&self, p: PersonIx, days: std::ops::Range<usize>) -> Expression {
        let mut e = Expression::from(0.0);
        for d in days {
            for (t, c) in &self.x[p][d] {
                let s = &self.model.shifts[*t];
                if s.kind == ShiftKind::Work {
                    let unpaid = s.unpaid_break.map_or(0, |b| b.minutes);
                    e.add_mul((s.end - s.start - unpaid) as f64, c.var);
                }
            }
        }
        e
    }

    fn weeks(&self) -> Vec<std::ops::Range<usize>> {
        let h = &self.model.horizon;
        (0..h.weeks()).map(|w| h.week_days(w)).collect()
    }

    fn interval(&self, d: usize, t: ShiftIx) -> (i64, i64) {
        let s = &self.model.shifts[t];
        (d as i64 * DAY + s.start, d as i64 * DAY + s.end)
    }

    // ---- structural ---------------------------------------------------------------------
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

    /// The totals sums of shift lengths can make: the tightened bounds of contract minutes.
    #[test]
    fn reachable_range_is_the_sums_of_lengths_within_the_range() {
        // 450 and 600: 900, 1050, 1200, 1350, ... ; in [1000, 1300]: 1050 and 1200.
        assert_eq!(reachable_range(&[450, 600], 1000, 1300), Some((1050, 1200)));
        // Nothing at all is a sum (of no shifts).
        assert_eq!(reachable_range(&[450], 0, 400), Some((0, 0)));
        // 500s make 500 and 1000, nothing between 600 and 900.
        assert_eq!(reachable_range(&[500], 600, 900), None);
        // Too wide to enumerate, an empty range, or a length that is not positive: no claim.
        assert_eq!(reachable_range(&[450], 0, 2_000_000), None);
        assert_eq!(reachable_range(&[450], 900, 800), None);
        assert_eq!(reachable_range(&[0, 450], 0, 900), None);
    }

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
