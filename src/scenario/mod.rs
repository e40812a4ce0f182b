//! Job-design scenarios: a base team and named variants (candidate job designs), solved side
//! by side and compared on cover, cost and wellbeing.
//!
//! [`crate::parse::load_scenarios`] reads a scenario file into [`Scenarios`], one validated
//! [`Model`] per variant; [`compare`] solves them in parallel and measures each rota with the
//! independent checker ([`measure`]); [`render`] prints the comparison.

pub mod render;
pub mod sweep;

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::check::{CheckReport, DemandLineKind};
use crate::milp::{SolveOptions, SolveStatus};
use crate::model::{Model, ShiftKind};
use crate::pipeline;
use crate::rules::RuleId;

/// A base team and its candidate designs.
#[derive(Debug, Clone)]
pub struct Scenarios {
    /// Name of the scenario set.
    pub name: String,
    /// The base instance's path, as written in the scenario file.
    pub base: String,
    /// The variants; the first is the base itself, named `base`.
    pub variants: Vec<Variant>,
}

/// One candidate design: the base with some changes.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Unique name.
    pub name: String,
    /// Free text from the scenario file.
    pub description: String,
    /// One line per change, in plain words.
    pub changes: Vec<String>,
    /// The validated model of this design.
    pub model: Model,
}

/// How to run a comparison.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Options of each solve (HiGHS threads per solve: `solve.threads`).
    pub solve: SolveOptions,
    /// Variants solved at the same time.
    pub jobs: usize,
}

/// One variant's result.
#[derive(Debug, Clone, Serialize)]
pub struct VariantResult {
    /// Variant name.
    pub variant: String,
    /// Description from the scenario file.
    pub description: String,
    /// The changes, in plain words.
    pub changes: Vec<String>,
    /// Solve status (`optimal`, `feasible`, `infeasible`, `no_solution`, or `error`).
    pub status: String,
    /// What went wrong, when the status is `error`.
    pub error: Option<String>,
    /// Objective (total penalty), when a rota was found.
    pub objective: Option<f64>,
    /// Relative gap, when known.
    pub gap: Option<f64>,
    /// Wall-clock seconds of the solve.
    pub solve_seconds: f64,
    /// Figures of the rota, when one was found.
    pub metrics: Option<Metrics>,
}

/// What a rota means for cover, cost and the people in it, computed by the checker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Demand required, person-hours (activity demand and shift cover).
    pub demand_hours: f64,
    /// Demand not covered, person-hours.
    pub uncovered_hours: f64,
    /// Demand not covered, percent of demand.
    pub uncovered_pct: f64,
    /// Per activity (and shift cover, as `cover:<shift>`): demand and uncovered hours.
    pub by_activity: Vec<ActivityCover>,
    /// Percent of demand covered on the day with the most demand (the peak).
    pub peak_cover_pct: f64,
    /// The peak day.
    pub peak_date: Option<String>,
    /// Staff cost per week, permanent staff, pounds.
    pub weekly_cost_permanent: f64,
    /// Staff cost per week, agency staff, pounds.
    pub weekly_cost_agency: f64,
    /// Hours counted beyond contracted hours, summed over people.
    pub overtime_hours: f64,
    /// Unsocial shifts (evenings, nights, weekends) per FTE: highest.
    pub unsocial_per_fte_max: f64,
    /// Unsocial shifts per FTE: mean over people.
    pub unsocial_per_fte_mean: f64,
    /// Unsocial shifts per FTE: highest minus lowest.
    pub unsocial_per_fte_spread: f64,
    /// Protected admin as a percent of worked minutes, over the team.
    pub admin_pct: f64,
    /// People whose protected admin reaches the rule's share.
    pub admin_met: usize,
    /// People in the team.
    pub people: usize,
    /// Days worked from home, in total.
    pub home_days: usize,
    /// Breaches of the rest rules (minimum rest, weekly rest, 48 hours in 7 days).
    pub rest_breaches: usize,
    /// Requests honoured.
    pub requests_honoured: usize,
    /// Requests made.
    pub requests: usize,
}

/// Demand and shortfall of one activity (or of one shift's cover).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityCover {
    /// Activity id, or `cover:<shift>` for shift cover.
    pub activity: String,
    /// Person-hours required.
    pub demand_hours: f64,
    /// Person-hours missing.
    pub uncovered_hours: f64,
    /// Percent missing.
    pub uncovered_pct: f64,
}

/// Solves every variant, `options.jobs` at a time, and measures each rota. Results come in
/// the variants' order and do not depend on `jobs`. `progress(done, name)` is called as each
/// variant finishes (from worker threads).
///
/// # Errors
///
/// Only when worker threads cannot be started; a variant that fails carries its error in
/// its result (status `error`), so one bad variant does not lose the others.
pub fn compare(
    scenarios: &Scenarios,
    options: &CompareOptions,
    progress: impl Fn(usize, &str) + Sync,
) -> Result<Vec<VariantResult>, rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.max(1))
        .build()?;
    let done = AtomicUsize::new(0);
    Ok(pool.install(|| {
        use rayon::prelude::*;
        scenarios
            .variants
            .par_iter()
            .map(|variant| {
                let result = run(variant, &options.solve);
                progress(done.fetch_add(1, Ordering::SeqCst) + 1, &variant.name);
                result
            })
            .collect()
    }))
}

/// Solves and measures one variant.
fn run(variant: &Variant, options: &SolveOptions) -> VariantResult {
    let mut result = VariantResult {
        variant: variant.name.clone(),
        description: variant.description.clone(),
        changes: variant.changes.clone(),
        status: "error".into(),
        error: None,
        objective: None,
        gap: None,
        solve_seconds: 0.0,
        metrics: None,
    };
    match pipeline::solve(&variant.model, options) {
        Ok(outcome) => {
            result.status = outcome.solved.status.as_str().to_string();
            result.objective = outcome.solved.objective;
            result.gap = outcome.solved.gap;
            result.solve_seconds = outcome.solved.solve_seconds;
            result.metrics = outcome.check.as_ref().map(|c| measure(&variant.model, c));
            if outcome.solved.status == SolveStatus::Infeasible {
                result.error = Some("no rota satisfies the hard rules".into());
            }
        }
        Err(e) => result.error = Some(e.to_string()),
    }
    result
}

/// The figures of a checked rota.
pub fn measure(model: &Model, check: &CheckReport) -> Metrics {
    let mut by_activity: Vec<ActivityCover> = Vec::new();
    let mut add = |activity: &str, demand: f64, short: f64| match by_activity
        .iter_mut()
        .find(|a| a.activity == activity)
    {
        Some(a) => {
            a.demand_hours += demand;
            a.uncovered_hours += short;
        }
        None => by_activity.push(ActivityCover {
            activity: activity.to_string(),
            demand_hours: demand,
            uncovered_hours: short,
            uncovered_pct: 0.0,
        }),
    };
    // Person-minutes required and missing, per date, for the peak.
    let mut per_day: Vec<(chrono::NaiveDate, f64, f64)> = Vec::new();
    let mut day = |date, demand: f64, short: f64| match per_day.iter_mut().find(|d| d.0 == date) {
        Some(d) => {
            d.1 += demand;
            d.2 += short;
        }
        None => per_day.push((date, demand, short)),
    };
    for line in &check.demand {
        let demand = match line.kind {
            DemandLineKind::Headcount => line.required * (line.end - line.start),
            DemandLineKind::PersonMinutes => line.required,
        } as f64;
        let short = line.short_person_minutes as f64;
        add(&line.activity, demand / 60.0, short / 60.0);
        day(line.date, demand, short);
    }
    for line in &check.cover {
        let minutes = model
            .shifts
            .iter()
            .find(|s| s.id == line.shift)
            .map_or(0, |s| s.end - s.start) as f64;
        let demand = line.required as f64 * minutes;
        let short = line.under as f64 * minutes;
        add(
            &format!("cover:{}", line.shift),
            demand / 60.0,
            short / 60.0,
        );
        day(line.date, demand, short);
    }
    for a in &mut by_activity {
        a.uncovered_pct = percent(a.uncovered_hours, a.demand_hours);
    }
    let demand_hours: f64 = by_activity.iter().map(|a| a.demand_hours).sum();
    let uncovered_hours: f64 = by_activity.iter().map(|a| a.uncovered_hours).sum();
    let peak = per_day
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .copied();

    let weeks = model.horizon.days as f64 / 7.0;
    let mut permanent = 0.0;
    let mut agency = 0.0;
    let mut overtime = 0.0;
    let mut worked = 0i64;
    let mut admin = 0i64;
    let mut admin_met = 0;
    let mut home_days = 0;
    let mut unsocial: Vec<f64> = Vec::new();
    for (person, summary) in model.people.iter().zip(&check.people) {
        match person.agency {
            true => agency += summary.cost_pounds,
            false => permanent += summary.cost_pounds,
        }
        overtime += (summary.counted_minutes - summary.target_minutes).max(0) as f64 / 60.0;
        worked += summary.worked_minutes;
        admin += summary.admin_minutes;
        let share = model.rules.admin_share;
        if summary.admin_minutes as f64 >= share * summary.worked_minutes as f64 - 1e-9 {
            admin_met += 1;
        }
        home_days += summary.home_days;
        if person.contract.fte > 0.0 && can_work_unsocial(model, person) {
            unsocial.push(summary.unsocial_units as f64 / person.contract.fte);
        }
    }
    let max = unsocial.iter().copied().fold(0.0, f64::max);
    let min = unsocial.iter().copied().fold(f64::INFINITY, f64::min);
    let mean = match unsocial.len() {
        0 => 0.0,
        n => unsocial.iter().sum::<f64>() / n as f64,
    };
    let rest_rules = [
        RuleId::MinRest,
        RuleId::WeeklyRest,
        RuleId::MaxMinutesPer7Days,
    ];
    let requests: usize = model.people.iter().map(|p| p.requests.len()).sum();
    let broken_requests = check
        .violations
        .iter()
        .filter(|v| v.rule == RuleId::Requests)
        .count();
    Metrics {
        demand_hours,
        uncovered_hours,
        uncovered_pct: percent(uncovered_hours, demand_hours),
        by_activity,
        peak_cover_pct: peak.map_or(100.0, |p| 100.0 - percent(p.2, p.1)),
        peak_date: peak.map(|p| p.0.to_string()),
        weekly_cost_permanent: permanent / weeks,
        weekly_cost_agency: agency / weeks,
        overtime_hours: overtime,
        unsocial_per_fte_max: max,
        unsocial_per_fte_mean: mean,
        unsocial_per_fte_spread: if unsocial.is_empty() { 0.0 } else { max - min },
        admin_pct: percent(admin as f64, worked as f64),
        admin_met,
        people: model.people.len(),
        home_days,
        rest_breaches: check
            .violations
            .iter()
            .filter(|v| rest_rules.contains(&v.rule))
            .count(),
        requests_honoured: requests.saturating_sub(broken_requests),
        requests,
    }
}

/// Whether the person's contract allows any unsocial template (evening, night, on-call) or a
/// weekend day, so that their unsocial share is a matter of fairness.
fn can_work_unsocial(model: &Model, person: &crate::model::Person) -> bool {
    let weekend = person
        .contract
        .weekdays
        .iter()
        .any(|w| matches!(w, chrono::Weekday::Sat | chrono::Weekday::Sun));
    weekend
        || person.contract.allowed_shifts.iter().any(|&t| {
            let s = &model.shifts[t];
            s.unsocial || s.kind == ShiftKind::OnCall
        })
}

fn percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        100.0 * part / whole
    } else {
        0.0
    }
}
