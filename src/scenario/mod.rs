//! Job-design scenarios: a base team and named variants (candidate job designs), solved side
//! by side and compared on cover, cost and wellbeing.
//!
//! [`crate::parse::load_scenarios`] reads a scenario file into [`Scenarios`], one validated
//! [`Model`] per variant; [`compare`] solves them in parallel and measures each rota with the
//! independent checker ([`measure`]); [`render`] prints the comparison.

pub mod html;
mod programme;
pub mod render;
pub mod sweep;

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::check::{CheckReport, DemandLineKind};
use crate::milp::{SolveOptions, SolveStatus};
use crate::model::Model;
use crate::pipeline::{self, RunStatus};
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
    /// The files read: the base instance, what it includes, and the scenario file.
    pub files: Vec<std::path::PathBuf>,
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
    /// The validated model of this design (with every open choice left as it was).
    pub model: Model,
    /// The contracts this variant leaves to the optimiser, when it does.
    pub choice: Option<Choice>,
}

/// Part of a design left open: each of some people may keep their contract or take one from
/// a menu; every combination within the limits is a [`Design`], and [`compare`] picks one.
#[derive(Debug, Clone)]
pub struct Choice {
    /// What the pick optimises.
    pub goal: Goal,
    /// Limits every acceptable design keeps.
    pub limits: Limits,
    /// The designs, the first with nothing changed, when there are at most 256 (each is
    /// then solved on its own when asked, and checks the programme's choice); empty beyond.
    pub designs: Vec<Design>,
    /// The variant with every option's copy of its person and a [`DesignChoice`], solved
    /// as one programme; `None` when a menu's person is tied to others in ways a copy
    /// cannot share (then the designs are solved one by one).
    pub programme: Option<Model>,
}

/// What a design choice optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// Grant as many options (requests for flexibility) as the limits allow; among those,
    /// the lowest objective.
    Flexibility,
    /// The lowest objective within the limits, however many options that grants.
    Objective,
}

/// Limits on a chosen design.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Limits {
    /// At most this many people given an option.
    pub max_changes: Option<usize>,
    /// Weekly staff cost at most this, pounds.
    pub max_weekly_cost: Option<f64>,
    /// Demand covered at least this, percent.
    pub min_cover_pct: Option<f64>,
}

/// One combination of options.
#[derive(Debug, Clone)]
pub struct Design {
    /// The options granted, in plain words (`no change` when none).
    pub label: String,
    /// The variant's changes plus the options granted.
    pub changes: Vec<String>,
    /// Number of options granted.
    pub granted: usize,
    /// The model of this design.
    pub model: Model,
}

/// How to run a comparison.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Options of each solve (parallel workers within each solve: `solve.threads`).
    pub solve: SolveOptions,
    /// Variants solved at the same time.
    pub jobs: usize,
    /// Solve every design of a menu on its own (at most 256) instead of choosing in one
    /// programme: the check of the programme's choice.
    pub enumerate: bool,
}

/// One variant's result.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct VariantResult {
    /// Variant name.
    pub variant: String,
    /// Description from the scenario file.
    pub description: String,
    /// The changes, in plain words.
    pub changes: Vec<String>,
    /// Solve status (`optimal`, `feasible`, `infeasible`, `no_solution`, or `error`).
    pub status: RunStatus,
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
    /// For a variant that leaves contracts open: the design chosen and why.
    pub design: Option<DesignReport>,
    /// The rota, when one was found (`compare --rotas` writes it; not in the JSON).
    #[serde(skip)]
    pub rota: Option<crate::rota::Rota>,
}

/// Which design a choice picked, and how every design did.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DesignReport {
    /// What the choice optimised.
    pub goal: Goal,
    /// The limits.
    pub limits: Limits,
    /// The chosen design's label, when some design keeps the limits.
    pub chosen: Option<String>,
    /// Why it is the best, in plain words.
    pub reason: String,
    /// Every design evaluated, best first (one programme: the chosen design, the next
    /// best, no change, and the best design granting each request not granted).
    pub designs: Vec<DesignRow>,
    /// How the design was chosen.
    pub method: ChoiceMethod,
    /// The designs the menus make within `max_changes`.
    pub designs_in_menu: u64,
}

/// How a design choice was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceMethod {
    /// One programme in which each person's option is a decision.
    Programme,
    /// Every design solved on its own (`compare --enumerate`, or menus a programme cannot
    /// hold).
    Enumeration,
}

/// How one design did.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DesignRow {
    /// Options granted.
    pub label: String,
    /// Number granted.
    pub granted: usize,
    /// Solve status.
    pub status: RunStatus,
    /// Objective.
    pub objective: Option<f64>,
    /// Demand covered, percent.
    pub cover_pct: Option<f64>,
    /// Weekly staff cost, pounds.
    pub weekly_cost: Option<f64>,
    /// The limit it breaks, if any.
    pub breaks: Option<String>,
    /// Why its solve cannot say whether it keeps the limits (stopped at the time limit
    /// short of a proof, with a rota that seems to break them, or no rota yet), if so.
    pub inconclusive: Option<String>,
}

/// What a design's solve says about the limits.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    /// Its rota keeps every limit.
    Keeps,
    /// No rota keeps them: the solve was proven (or the model has no rota at all).
    Breaks(String),
    /// The solve stopped at its time limit before it could tell.
    Inconclusive(String),
}

/// What a rota means for cover, cost and the people in it, computed by the checker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
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
    /// People whose protected admin reaches the rule's share in every planning week.
    pub admin_met: usize,
    /// People in the team.
    pub people: usize,
    /// Days worked from home, in total.
    pub home_days: usize,
    /// Home days people's requests ask for (a fixed home day counts when it is worked).
    pub home_days_wanted: usize,
    /// Of those, the home days the rota gives.
    pub home_days_granted: usize,
    /// Breaches of the rest rules (minimum rest, weekly rest, 48 hours in 7 days).
    pub rest_breaches: usize,
    /// Requests honoured.
    pub requests_honoured: usize,
    /// Requests made.
    pub requests: usize,
}

/// Demand and shortfall of one activity (or of one shift's cover).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
    // Every job: a variant's own model, each design of a menu solved one by one, or a
    // menu's programme.
    let jobs: Vec<Job> = scenarios
        .variants
        .iter()
        .flat_map(|v| {
            match (
                &v.choice,
                v.choice.as_ref().and_then(|c| c.programme(options)),
            ) {
                (None, _) => vec![Job::Solve(v, &v.model)],
                (Some(c), Some(programme)) => vec![Job::Choose(v, c, programme)],
                (Some(c), None) => c.designs.iter().map(|d| Job::Solve(v, &d.model)).collect(),
            }
        })
        .collect();
    let done = AtomicUsize::new(0);
    let mut finished: std::vec::IntoIter<Done> = pool
        .install(|| {
            use rayon::prelude::*;
            // One task per solve, so an idle worker can always steal the next one
            // (rayon's default chunks left one core idle at the end: 1.74x -> 1.97x on 2).
            jobs.par_iter()
                .with_max_len(1)
                .map(|job| {
                    let (out, name) = match *job {
                        Job::Solve(v, model) => {
                            (Done::Solve(Box::new(run(model, &options.solve))), v)
                        }
                        Job::Choose(v, c, programme) => (
                            Done::Chosen(Box::new(programme::choose(
                                v,
                                c,
                                programme,
                                &options.solve,
                            ))),
                            v,
                        ),
                    };
                    progress(done.fetch_add(1, Ordering::SeqCst) + 1, &name.name);
                    out
                })
                .collect::<Vec<_>>()
        })
        .into_iter();
    let next_solve = |finished: &mut std::vec::IntoIter<Done>| match finished.next() {
        Some(Done::Solve(s)) => *s,
        _ => unreachable!("one result per job, in order"),
    };
    Ok(scenarios
        .variants
        .iter()
        .map(|v| match &v.choice {
            None => next_solve(&mut finished).into_result(v, &v.changes, None),
            Some(c) if c.programme(options).is_some() => match finished.next() {
                Some(Done::Chosen(result)) => *result,
                _ => unreachable!("one result per job, in order"),
            },
            Some(c) => {
                let runs: Vec<Solve> = (0..c.designs.len())
                    .map(|_| next_solve(&mut finished))
                    .collect();
                choose(v, c, runs)
            }
        })
        .collect())
}

/// One unit of a comparison's work.
enum Job<'a> {
    /// Solve this model (a variant, or one design of a menu).
    Solve(&'a Variant, &'a Model),
    /// Choose a menu's design in one programme.
    Choose(&'a Variant, &'a Choice, &'a Model),
}

/// What a [`Job`] gave.
enum Done {
    Solve(Box<Solve>),
    Chosen(Box<VariantResult>),
}

impl Choice {
    /// The programme that chooses the design, unless the designs are solved one by one:
    /// when asked (`--enumerate`) and there are designs to enumerate, or when the menus
    /// cannot be one programme.
    fn programme(&self, options: &CompareOptions) -> Option<&Model> {
        match options.enumerate && !self.designs.is_empty() {
            true => None,
            false => self.programme.as_ref(),
        }
    }
}

/// Number of solves a comparison runs (variants, with each open design counted).
pub fn solve_count(scenarios: &Scenarios, options: &CompareOptions) -> usize {
    scenarios
        .variants
        .iter()
        .map(|v| match &v.choice {
            Some(c) if c.programme(options).is_none() => c.designs.len(),
            _ => 1,
        })
        .sum()
}

/// One solve's outcome.
struct Solve {
    status: RunStatus,
    /// Whether the solve had a time limit: a rota short of its proof stopped there, else
    /// at the user's `--gap`.
    time_limited: bool,
    error: Option<String>,
    objective: Option<f64>,
    gap: Option<f64>,
    seconds: f64,
    metrics: Option<Metrics>,
    rota: Option<crate::rota::Rota>,
    /// For a programme choosing a design: the option each menu's person takes.
    picks: Option<Vec<usize>>,
}

impl Solve {
    /// A solve with no rota (yet): its status, whether it had a time limit, and its error.
    fn without_rota(status: RunStatus, time_limited: bool, error: Option<String>) -> Solve {
        Solve {
            status,
            time_limited,
            error,
            objective: None,
            gap: None,
            seconds: 0.0,
            metrics: None,
            rota: None,
            picks: None,
        }
    }

    fn into_result(
        self,
        v: &Variant,
        changes: &[String],
        design: Option<DesignReport>,
    ) -> VariantResult {
        VariantResult {
            variant: v.name.clone(),
            description: v.description.clone(),
            changes: changes.to_vec(),
            status: self.status,
            error: self.error,
            objective: self.objective,
            gap: self.gap,
            solve_seconds: self.seconds,
            metrics: self.metrics,
            design,
            rota: self.rota,
        }
    }

    fn cover(&self) -> Option<f64> {
        self.metrics.as_ref().map(|m| 100.0 - m.uncovered_pct)
    }

    fn weekly_cost(&self) -> Option<f64> {
        self.metrics
            .as_ref()
            .map(|m| m.weekly_cost_permanent + m.weekly_cost_agency)
    }

    /// The limit this solve's design breaks, in words; or why its solve cannot tell. A
    /// rota that keeps the limits settles it whatever the gap; one that seems to break
    /// them settles it only when proven best, since a better rota of the same design,
    /// not found in time, might keep them.
    fn verdict(&self, limits: &Limits) -> Verdict {
        let broken = self.breaks(limits);
        let stopped = matches!(self.status, RunStatus::Feasible | RunStatus::NoSolution);
        match (broken, stopped) {
            (None, _) => Verdict::Keeps,
            (Some(why), false) => Verdict::Breaks(why),
            (Some(why), true) => {
                let at = match self.time_limited {
                    true => "at the time limit",
                    false => "within --gap",
                };
                Verdict::Inconclusive(match self.gap {
                    Some(g) => format!("stopped {at} {:.1}% from proven ({why} so far)", g * 100.0),
                    None => format!("stopped {at} ({why} so far)"),
                })
            }
        }
    }

    /// The limit this solve's rota breaks, in words.
    fn breaks(&self, limits: &Limits) -> Option<String> {
        let (Some(cover), Some(cost)) = (self.cover(), self.weekly_cost()) else {
            return Some(format!("no rota ({})", self.status));
        };
        if let Some(min) = limits.min_cover_pct {
            if cover < min - 1e-9 {
                return Some(format!("cover {cover:.1}% < {min}%"));
            }
        }
        if let Some(max) = limits.max_weekly_cost {
            if cost > max + 1e-9 {
                return Some(format!("cost £{cost:.0}/wk > £{max:.0}"));
            }
        }
        None
    }
}

/// Picks the best design of a choice and explains the pick.
fn choose(v: &Variant, choice: &Choice, runs: Vec<Solve>) -> VariantResult {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    let key = |i: usize| {
        // Keeps the limits, then cannot tell, then breaks them.
        let ok = match runs[i].verdict(&choice.limits) {
            Verdict::Keeps => 2,
            Verdict::Inconclusive(_) => 1,
            Verdict::Breaks(_) => 0,
        };
        let granted = match choice.goal {
            Goal::Flexibility => choice.designs[i].granted,
            Goal::Objective => 0,
        };
        let objective = runs[i].objective.unwrap_or(f64::INFINITY);
        (ok, granted, objective)
    };
    // Acceptable first, then most granted (flexibility), then lowest objective, then file
    // order (fewest changes first), so the pick is deterministic.
    order.sort_by(|&a, &b| {
        let (ka, kb) = (key(a), key(b));
        kb.0.cmp(&ka.0)
            .then(kb.1.cmp(&ka.1))
            .then(ka.2.total_cmp(&kb.2))
            .then(a.cmp(&b))
    });
    let best = order[0];
    let acceptable = runs[best].verdict(&choice.limits) == Verdict::Keeps;
    let rows: Vec<DesignRow> = order
        .iter()
        .map(|&i| {
            let (breaks, inconclusive) = match runs[i].verdict(&choice.limits) {
                Verdict::Keeps => (None, None),
                Verdict::Breaks(why) => (Some(why), None),
                Verdict::Inconclusive(why) => (None, Some(why)),
            };
            DesignRow {
                label: choice.designs[i].label.clone(),
                granted: choice.designs[i].granted,
                status: runs[i].status,
                objective: runs[i].objective,
                cover_pct: runs[i].cover(),
                weekly_cost: runs[i].weekly_cost(),
                breaks,
                inconclusive,
            }
        })
        .collect();
    let reason = reason(choice, &runs, best, acceptable);
    let report = DesignReport {
        goal: choice.goal,
        limits: choice.limits,
        chosen: acceptable.then(|| choice.designs[best].label.clone()),
        reason,
        designs: rows,
        method: ChoiceMethod::Enumeration,
        designs_in_menu: choice.designs.len() as u64,
    };
    let mut runs = runs;
    let chosen = runs.swap_remove(best);
    chosen.into_result(v, &choice.designs[best].changes, Some(report))
}

/// Why the chosen design beats the others, in plain words.
fn reason(choice: &Choice, runs: &[Solve], best: usize, acceptable: bool) -> String {
    let d = &choice.designs[best];
    let r = &runs[best];
    let figures = |s: &Solve| match (s.cover(), s.weekly_cost(), s.objective) {
        (Some(c), Some(w), Some(o)) => {
            format!("cover {c:.1}%, £{w:.0}/wk, objective {o:.1}")
        }
        _ => format!("no rota ({})", s.status),
    };
    if !acceptable {
        return match r.verdict(&choice.limits) {
            Verdict::Inconclusive(why) => format!(
                "no design is known to keep the limits; `{}` ({}) might: {why}; a longer --time-limit or a smaller --gap would tell",
                d.label,
                figures(r)
            ),
            _ => format!(
                "no design keeps the limits; the closest is `{}` ({}), which breaks them: {}",
                d.label,
                figures(r),
                r.breaks(&choice.limits).unwrap_or_default()
            ),
        };
    }
    let n = choice.designs.len();
    let mut text = format!("`{}` ({}) is the best of {n} designs", d.label, figures(r));
    let more: Vec<usize> = (0..n)
        .filter(|&i| choice.designs[i].granted > d.granted)
        .collect();
    if choice.goal == Goal::Flexibility && !more.is_empty() {
        // Every design granting more breaks a limit: say how the nearest one does.
        let nearest = more
            .iter()
            .copied()
            .min_by(|&a, &b| {
                let oa = runs[a].objective.unwrap_or(f64::INFINITY);
                let ob = runs[b].objective.unwrap_or(f64::INFINITY);
                choice.designs[a]
                    .granted
                    .cmp(&choice.designs[b].granted)
                    .then(oa.total_cmp(&ob))
            })
            .expect("non-empty");
        let why = match runs[nearest].verdict(&choice.limits) {
            Verdict::Inconclusive(why) => format!("cannot be told: {why}"),
            Verdict::Breaks(why) => format!("breaks the limits ({why})"),
            Verdict::Keeps => "keeps the limits".into(),
        };
        text.push_str(&format!(
            "; granting more, e.g. `{}`, {why}",
            choice.designs[nearest].label
        ));
    }
    let base = &runs[0];
    if best != 0 {
        if let (Some(o), Some(b)) = (r.objective, base.objective) {
            text.push_str(&format!(
                "; against no change ({}) the objective moves by {:+.1}",
                figures(base),
                o - b
            ));
        }
    }
    text
}

/// Solves and measures one model.
fn run(model: &Model, options: &SolveOptions) -> Solve {
    let mut out = Solve::without_rota(RunStatus::Error, options.time_limit.is_some(), None);
    match pipeline::solve(model, options) {
        Ok(outcome) => {
            out.status = outcome.solved.status.into();
            out.objective = outcome.solved.objective;
            out.gap = outcome.solved.gap;
            out.seconds = outcome.solved.solve_seconds;
            // A design choice's rota is judged against the chosen design.
            let judged = outcome.chosen.as_ref().map_or(model, |c| &c.model);
            out.metrics = outcome.check.as_ref().map(|c| measure(judged, c));
            out.picks = outcome.chosen.map(|c| c.picks);
            out.rota = outcome.solved.rota;
            if outcome.solved.status == SolveStatus::Infeasible {
                out.error = Some("no rota satisfies the hard rules".into());
            }
        }
        Err(e) => out.error = Some(e.to_string()),
    }
    out
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
    let mut home_days_wanted = 0;
    let mut home_days_granted = 0;
    let mut unsocial: Vec<f64> = Vec::new();
    for (person, summary) in model.people.iter().zip(&check.people) {
        match person.agency {
            true => agency += summary.cost_pounds,
            false => permanent += summary.cost_pounds,
        }
        if !person.agency {
            overtime += (summary.counted_minutes - summary.target_minutes).max(0) as f64 / 60.0;
        }
        worked += summary.worked_minutes;
        admin += summary.admin_minutes;
        let share = model.rules.admin_share;
        let met = |admin: i64, worked: i64| admin as f64 >= share * worked as f64 - 1e-9;
        if summary
            .weeks
            .iter()
            .all(|w| met(w.admin_minutes, w.worked_minutes))
        {
            admin_met += 1;
        }
        home_days += summary.home_days;
        home_days_wanted += summary.home_wanted;
        home_days_granted += summary.home_granted;
        // The population `fair_unsocial` shares among.
        if person.contract.fte > 0.0 && summary.unsocial.iter().any(|k| k.eligible) {
            unsocial.push(summary.unsocial_units as f64 / person.contract.fte);
        }
    }
    let max = unsocial.iter().copied().fold(0.0, f64::max);
    let min = unsocial.iter().copied().fold(f64::INFINITY, f64::min);
    let mean = match unsocial.len() {
        0 => 0.0,
        n => unsocial.iter().sum::<f64>() / n as f64,
    };
    let counted = |kpi: Kpi| {
        check
            .violations
            .iter()
            .filter(|v| kpi_of(v.rule) == Some(kpi))
            .count()
    };
    let requests: usize = model.people.iter().map(|p| p.requests.len()).sum();
    let broken_requests = counted(Kpi::Requests);
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
        home_days_wanted,
        home_days_granted,
        rest_breaches: counted(Kpi::RestBreaches),
        requests_honoured: requests.saturating_sub(broken_requests),
        requests,
    }
}

/// A figure of [`Metrics`] that counts violations of rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kpi {
    /// `rest_breaches`: working-time rest rules broken (soft).
    RestBreaches,
    /// `requests_honoured`: requests broken.
    Requests,
}

/// The figure a rule's violations count toward, if any. Every other figure is computed from
/// the rota itself (cover, cost, hours, unsocial work, admin, home days). An exhaustive
/// match: a new rule must be placed here before a comparison can report it.
fn kpi_of(rule: RuleId) -> Option<Kpi> {
    use RuleId::*;
    match rule {
        MinRest | WeeklyRest | MaxMinutesPer7Days => Some(Kpi::RestBreaches),
        Requests => Some(Kpi::Requests),
        // Figures of their own (cover, cost, admin, unsocial spread, home days), or limits
        // a rota keeps or not with nothing to count for an OD lead.
        OneShiftPerDay
        | Availability
        | ContractShifts
        | LocationFit
        | ActivityFit
        | ContractMinutes
        | WeeklyMinutes
        | MaxDaysPerWeek
        | MaxShifts
        | MaxConsecutiveDays
        | MinConsecutiveDays
        | MinConsecutiveDaysOff
        | MaxWeekends
        | ForbiddenSuccession
        | HomeWorking
        | OfficeDay
        | JobShareMinutes
        | JobShareCover
        | JobShareHandover
        | ProtectedAdmin
        | AdminBlock
        | ActivityBlock
        | BlocksPerDay
        | Breaks
        | Travel
        | Reserve
        | ActivityCap
        | FairUnsocial
        | AfterLeave
        | UnsocialWindow
        | Pairing
        | Pinned
        | Changes
        | Caseload
        | Continuity
        | ShiftCover
        | ActivityDemand
        | Cost => None,
    }
}

fn percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        100.0 * part / whole
    } else {
        0.0
    }
}

#[cfg(test)]
mod verdict_tests {
    use super::*;

    fn solve(status: RunStatus, gap: Option<f64>, cover: Option<f64>) -> Solve {
        Solve {
            status,
            time_limited: true,
            error: None,
            objective: cover.map(|_| 100.0),
            gap,
            seconds: 0.0,
            metrics: cover.map(|c| Metrics {
                uncovered_pct: 100.0 - c,
                ..Metrics::default()
            }),
            rota: None,
            picks: None,
        }
    }

    /// A design whose solve stopped at its time limit is never said to fail a limit it
    /// only seems to break: a better rota of it, not found in time, might keep it.
    #[test]
    fn a_design_stopped_at_its_limit_is_inconclusive_not_failing() {
        let limits = Limits {
            min_cover_pct: Some(100.0),
            ..Limits::default()
        };
        let verdict = |s: Solve| s.verdict(&limits);
        assert_eq!(
            verdict(solve(RunStatus::Optimal, Some(0.0), Some(100.0))),
            Verdict::Keeps
        );
        // A rota that keeps the limits settles it, proven or not.
        assert_eq!(
            verdict(solve(RunStatus::Feasible, Some(0.3), Some(100.0))),
            Verdict::Keeps
        );
        assert!(matches!(
            verdict(solve(RunStatus::Optimal, Some(0.0), Some(58.0))),
            Verdict::Breaks(_)
        ));
        match verdict(solve(RunStatus::Feasible, Some(0.42), Some(58.0))) {
            Verdict::Inconclusive(why) => assert!(why.contains("42.0%"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            verdict(solve(RunStatus::NoSolution, None, None)),
            Verdict::Inconclusive(_)
        ));
        // Without a time limit, a rota short of its proof stopped at the user's --gap.
        let gapped = Solve {
            time_limited: false,
            ..solve(RunStatus::Feasible, Some(0.05), Some(58.0))
        };
        match verdict(gapped) {
            Verdict::Inconclusive(why) => assert!(why.contains("within --gap"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            verdict(solve(RunStatus::Infeasible, None, None)),
            Verdict::Breaks(_)
        ));
    }
}
