//! The independent checker: re-derives every rule of `docs/RULES.md` from the model and a
//! rota alone.
//!
//! It shares no code with the MILP compiler ([`crate::milp`]); it only reads
//! [`crate::model`], [`crate::rules`] and [`crate::rota`]. Each rule is written as a direct
//! loop over people, days, minutes or intervals, so that it can be compared line by line
//! with the rule's text. The checker never panics on a bad rota: unknown ids, dates outside
//! the horizon and unreadable times become violations of the structural rule that fits.
//!
//! Layout: `resolve.rs` turns ids and `HH:MM` text into indices and absolute minutes
//! (reading a block time earlier than its shift's start clock as the next day); then one
//! file per family of rules (`structural`, `working_time`, `place`, `job_share`,
//! `time_use`, `fairness`, `demand`) returns findings, and [`check`] turns them into
//! [`Violation`]s and [`Penalty`]s according to each rule's setting.
//!
//! Readings of `docs/RULES.md` worth knowing:
//! * a block without a location is at the day's base;
//! * a block end equal to the shift's start clock is the next day (the end of a 24-hour
//!   shift); any block that then ends at or before its start is an `activity_fit` violation;
//! * made hard, `shift_cover`, `activity_demand` and `requests` measure unweighted amounts
//!   (people short, person-hours short, requests broken) and over-cover is free;
//! * people are counted once per minute or per cover line even if they hold two
//!   overlapping blocks or two assignments (themselves violations).

mod demand;
mod fairness;
pub use fairness::{KindShare, UnsocialKind};
mod job_share;
mod pins;
mod place;
mod protect;
pub(crate) mod resolve;
mod structural;
mod time_use;
mod working_time;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::model::{Model, PersonIx, ShiftKind};
use crate::rota::Rota;
use crate::rules::{RuleId, RuleSetting};

use resolve::Resolved;

/// Amounts at or below this are treated as zero (they arise only from float rounding).
const EPS: f64 = 1e-6;

/// The outcome of checking a rota against a model.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every violated instance of a rule that is on: hard ones, and soft ones too (with
    /// `hard: false`) so that reports can list what the soft cost is made of.
    pub violations: Vec<Violation>,
    /// One line per soft rule that is on, in [`RuleId::ALL`] order (the cost may be 0).
    pub penalties: Vec<Penalty>,
    /// Total soft cost: the sum of [`CheckReport::penalties`].
    pub cost: f64,
    /// Shift cover: one line per [`crate::model::ShiftCover`] in model order.
    pub cover: Vec<CoverLine>,
    /// Activity demand: one line per [`crate::model::ActivityDemand`] in model order.
    pub demand: Vec<DemandLine>,
    /// One summary per person in model order.
    pub people: Vec<PersonSummary>,
}

impl CheckReport {
    /// The violations of hard rules.
    pub fn hard_violations(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.hard)
    }

    /// Whether no hard rule is violated.
    pub fn is_legal(&self) -> bool {
        self.hard_violations().next().is_none()
    }

    /// Total violation amount of `rule` over all its instances.
    pub fn amount(&self, rule: RuleId) -> f64 {
        self.violations
            .iter()
            .filter(|v| v.rule == rule)
            .map(|v| v.amount)
            .sum()
    }

    /// The soft cost of `rule` (0 when the rule is hard, off, or not violated).
    pub fn penalty(&self, rule: RuleId) -> f64 {
        self.penalties
            .iter()
            .filter(|p| p.rule == rule)
            .map(|p| p.cost)
            .sum()
    }
}

/// One violated instance of a rule (one person and week, one line, one pair of shifts...).
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The rule.
    pub rule: RuleId,
    /// Whether the rule is hard (structural rules always are).
    pub hard: bool,
    /// The person concerned, by id, when the instance belongs to one person.
    pub person: Option<String>,
    /// The day concerned (first day of a window or week), when there is one.
    pub date: Option<NaiveDate>,
    /// The violation amount in the rule's unit ([`RuleId::unit`]). For soft `shift_cover`,
    /// `activity_demand` and `requests` it already includes the item weights; when those
    /// rules are hard it is unweighted (people short, person-hours short, requests broken).
    pub amount: f64,
    /// What is wrong, in words.
    pub message: String,
}

/// The soft cost of one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Penalty {
    /// The rule.
    pub rule: RuleId,
    /// `weight x total amount` (for per-item rules: multiplier x weighted amount).
    pub cost: f64,
}

/// Shift cover on one day for one template: required versus assigned.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverLine {
    /// The day.
    pub date: NaiveDate,
    /// Shift template id.
    pub shift: String,
    /// Skills a person needs to count.
    pub skills: Vec<String>,
    /// People required.
    pub required: usize,
    /// People on the template that day having the skills.
    pub assigned: usize,
    /// `max(0, required - assigned)`.
    pub under: usize,
    /// `max(0, assigned - required)`.
    pub over: usize,
    /// Ids of the people counted in `assigned`.
    pub people: Vec<String>,
}

/// Whether an activity demand line asks for a headcount or a total of person-minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandLineKind {
    /// At least `required` people at every minute of the window.
    Headcount,
    /// At least `required` person-minutes in the window in total.
    PersonMinutes,
}

/// Activity demand in one window: required versus delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandLine {
    /// The day the window belongs to.
    pub date: NaiveDate,
    /// Activity id.
    pub activity: String,
    /// Window start, absolute minutes from the start of the horizon.
    pub start: i64,
    /// Window end, absolute minutes.
    pub end: i64,
    /// Headcount or person-minutes.
    pub kind: DemandLineKind,
    /// People (headcount) or person-minutes (person-minutes) required.
    pub required: i64,
    /// Sum over the window's minutes of the number of people doing the activity.
    pub delivered_person_minutes: i64,
    /// Headcount: sum over minutes of missing people; person-minutes:
    /// `max(0, required - delivered)`.
    pub short_person_minutes: i64,
    /// Headcount only: sum over minutes of people beyond the requirement (0 otherwise).
    pub over_person_minutes: i64,
    /// Headcount only: the most people missing at any minute (0 otherwise).
    pub worst_missing: usize,
    /// Headcount only: maximal absolute intervals `[start, end)` in which the same number of
    /// people is missing, with that number.
    pub shortfalls: Vec<(i64, i64, usize)>,
}

/// One person's planning week, for reports: what a planner checks before publishing.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekSummary {
    /// First day of the week.
    pub start: NaiveDate,
    /// Days in the week (the first and last may be short).
    pub days: usize,
    /// Counted minutes of the shifts on the week's days.
    pub counted_minutes: i64,
    /// The week's contracted minutes and range, when the contract is weekly.
    pub contract: Option<crate::model::WeekMinutes>,
    /// Worked minutes (work shifts) on the week's days.
    pub worked_minutes: i64,
    /// Minutes in protected-admin blocks.
    pub admin_minutes: i64,
    /// Worked minutes less minutes in activity blocks of work shifts.
    pub unallocated_minutes: i64,
}

/// Per-person totals, for reports.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSummary {
    /// Person id.
    pub person: String,
    /// Days with at least one assignment.
    pub days_worked: usize,
    /// Counted minutes (paid minutes, on-call at the standby fraction).
    pub counted_minutes: i64,
    /// Contracted minutes over the horizon.
    pub target_minutes: i64,
    /// Worked minutes: sum of the durations of work (not on-call) shifts.
    pub worked_minutes: i64,
    /// Minutes in protected-admin blocks.
    pub admin_minutes: i64,
    /// Worked minutes less minutes in activity blocks of work shifts.
    pub unallocated_minutes: i64,
    /// Units of unsocial work of every kind (nights, weekends, evenings).
    pub unsocial_units: usize,
    /// Per kind of unsocial work: units, fair share and deviation (`fair_unsocial`).
    pub unsocial: Vec<KindShare>,
    /// Work days based at a home location.
    pub home_days: usize,
    /// Home days the person's requests want (a fixed home day counts when they work it).
    pub home_wanted: usize,
    /// Of `home_wanted`, the home days the rota gives.
    pub home_granted: usize,
    /// Pay for the horizon, in pounds (whether or not `cost` is on): a salaried person's
    /// contracted pay (their contracted hours, leave included, at their rate) plus what
    /// the rota adds (overtime, enhancements, on-call payments); an agency worker's hours.
    pub cost_pounds: f64,
    /// Per planning week.
    pub weeks: Vec<WeekSummary>,
    /// Days whose shift holds activities.
    pub days_with_activities: usize,
    /// Changes of activity over those days: per shift, the runs of activities in time order
    /// (touching blocks of one activity are one run) less one.
    pub activity_changes: usize,
    /// The most changes in one shift.
    pub most_changes_in_a_day: usize,
}

/// A salaried person's pay for their contracted hours over the horizon, leave included
/// (paid leave is paid); 0 for an agency worker, who is paid for hours worked.
fn contracted_pay(person: &crate::model::Person) -> f64 {
    match person.agency {
        true => 0.0,
        false => {
            let minutes = person.contract.target_minutes + person.leave_credit_minutes;
            minutes as f64 / 60.0 * person.cost_per_hour
        }
    }
}

/// One violated instance as found by a rule's evaluation, before the rule's setting
/// decides whether it is hard or what it costs.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    person: Option<String>,
    date: Option<NaiveDate>,
    amount: f64,
    message: String,
}

impl Finding {
    /// A finding about person `p` (by index) on day `day` (by index), if any. The message
    /// is prefixed with the person and date, so that it reads on its own.
    fn new(
        model: &Model,
        p: Option<PersonIx>,
        day: Option<usize>,
        amount: f64,
        message: String,
    ) -> Finding {
        let person = p.map(|p| model.people[p].id.clone());
        let date = day.map(|d| model.horizon.date(d));
        let prefix = match (&person, date) {
            (Some(person), Some(date)) => format!("{person} {date}: "),
            (Some(person), None) => format!("{person}: "),
            (None, Some(date)) => format!("{date}: "),
            (None, None) => String::new(),
        };
        Finding {
            person,
            date,
            amount,
            message: prefix + &message,
        }
    }
}

/// Checks `rota` against `model`: every structural rule, and every other rule that is on
/// in `model.rules.settings`, exactly as `docs/RULES.md` defines them.
pub fn check(model: &Model, rota: &Rota) -> CheckReport {
    let resolved = resolve::resolve(model, rota);
    let mut report = CheckReport::default();

    for rule in RuleId::ALL {
        let setting = if rule.structural() {
            RuleSetting::Hard
        } else {
            match model.rules.get(rule) {
                Some(s) => s,
                None => continue,
            }
        };
        let hard = setting == RuleSetting::Hard;
        let findings = evaluate(rule, hard, model, &resolved);
        let mut total = 0.0;
        for f in findings {
            if f.amount <= EPS {
                continue;
            }
            total += f.amount;
            report.violations.push(Violation {
                rule,
                hard,
                person: f.person,
                date: f.date,
                amount: f.amount,
                message: f.message,
            });
        }
        if let RuleSetting::Soft(weight) = setting {
            report.penalties.push(Penalty {
                rule,
                cost: weight * total,
            });
        }
    }
    report.cost = report.penalties.iter().map(|p| p.cost).sum();
    report.cover = demand::cover_lines(model, &resolved);
    report.demand = demand::demand_lines(model, &resolved);
    report.people = summaries(model, &resolved);
    report
}

/// The findings of one rule. `hard` matters only for the per-item rules (cover, demand,
/// requests), whose hard amount is unweighted and ignores over-cover.
fn evaluate(rule: RuleId, hard: bool, model: &Model, r: &Resolved) -> Vec<Finding> {
    use RuleId::*;
    match rule {
        OneShiftPerDay => structural::one_shift_per_day(model, r),
        Availability => structural::availability(model, r),
        ContractShifts => structural::contract_shifts(model, r),
        LocationFit => structural::location_fit(model, r),
        ActivityFit => structural::activity_fit(model, r),
        ContractMinutes => working_time::contract_minutes(model, r),
        WeeklyMinutes => working_time::weekly_minutes(model, r),
        MaxDaysPerWeek => working_time::max_days_per_week(model, r),
        MaxShifts => working_time::max_shifts(model, r),
        MaxConsecutiveDays => working_time::max_consecutive_days(model, r),
        MinConsecutiveDays => working_time::min_consecutive_days(model, r),
        MinConsecutiveDaysOff => working_time::min_consecutive_days_off(model, r),
        MaxWeekends => working_time::max_weekends(model, r),
        MinRest => working_time::min_rest(model, r),
        ForbiddenSuccession => working_time::forbidden_succession(model, r),
        MaxMinutesPer7Days => working_time::max_minutes_per_7_days(model, r),
        WeeklyRest => working_time::weekly_rest(model, r),
        ActivityCap => working_time::activity_cap(model, r),
        HomeWorking => place::home_working(model, r),
        OfficeDay => place::office_day(model, r),
        JobShareMinutes => job_share::job_share_minutes(model, r),
        JobShareCover => job_share::job_share_cover(model, r),
        JobShareHandover => job_share::job_share_handover(model, r),
        ProtectedAdmin => time_use::protected_admin(model, r),
        AdminBlock => time_use::admin_block(model, r),
        ActivityBlock => time_use::activity_block(model, r),
        BlocksPerDay => time_use::blocks_per_day(model, r),
        Breaks => time_use::breaks(model, r),
        Travel => time_use::travel(model, r),
        Reserve => time_use::reserve(model, r),
        FairUnsocial => fairness::fair_unsocial(model, r),
        AfterLeave => fairness::after_leave(model, r),
        UnsocialWindow => fairness::unsocial_window(model, r),
        Pinned => pins::pinned(model, r),
        Changes => pins::changes(model, r),
        Pairing => protect::pairing(model, r),
        Caseload => protect::caseload(model, r),
        Continuity => fairness::continuity(model, r),
        ShiftCover => demand::shift_cover(model, r, hard),
        ActivityDemand => demand::activity_demand(model, r, hard),
        Requests => demand::requests(model, r, hard),
        Cost => demand::cost(model, r),
    }
}

/// Per-person totals.
fn summaries(model: &Model, r: &Resolved) -> Vec<PersonSummary> {
    let mut shares = fairness::kind_shares(model, r).into_iter();
    (0..model.people.len())
        .map(|p| {
            let unsocial = shares.next().unwrap_or_default();
            let person = &model.people[p];
            let counted = r.counted_minutes(model, p);
            let worked = r.worked_minutes(model, p);
            let home_days = (0..model.horizon.days)
                .filter(|&d| r.home_based(model, p, d))
                .count();
            let (home_wanted, home_granted) = person
                .requests
                .iter()
                .map(|req| demand::home_request(model, r, p, req))
                .fold((0, 0), |(w, g), (a, b)| (w + a, g + b));
            let changes: Vec<usize> = r
                .of_person(p)
                .filter(|a| {
                    a.blocks
                        .iter()
                        .any(|b| !model.activities[b.activity].is_break)
                })
                .map(|a| time_use::changes(model, a))
                .collect();
            let in_work_blocks: i64 = r
                .of_person(p)
                .filter(|a| model.shifts[a.shift].kind == ShiftKind::Work)
                .flat_map(|a| a.blocks.iter())
                .filter(|b| !model.activities[b.activity].is_break)
                .map(|b| b.end - b.start)
                .sum();
            PersonSummary {
                person: person.id.clone(),
                days_worked: (0..model.horizon.days).filter(|&d| r.works(p, d)).count(),
                counted_minutes: counted,
                target_minutes: person.contract.target_minutes,
                worked_minutes: worked,
                admin_minutes: r.admin_minutes(model, p),
                unallocated_minutes: worked - in_work_blocks,
                unsocial_units: unsocial.iter().map(|s| s.count).sum(),
                unsocial,
                home_days,
                home_wanted,
                home_granted,
                cost_pounds: contracted_pay(person) + demand::variable_pay(model, r, p).0,
                weeks: (0..working_time::week_count(model))
                    .map(|w| time_use::week_summary(model, r, p, w))
                    .collect(),
                days_with_activities: changes.len(),
                activity_changes: changes.iter().sum(),
                most_changes_in_a_day: changes.iter().copied().max().unwrap_or(0),
            }
        })
        .collect()
}
