//! Reports: the stable JSON interface and the readable table.
//!
//! Everything here is derived from the model, the solver's status figures and the
//! checker's report, so the numbers a planner reads are the independently checked ones.

use std::fmt::Write as _;

use serde::Serialize;

use crate::check::{CheckReport, DemandLineKind};
use crate::milp::Solved;
use crate::model::Model;
use crate::rota::{clock, Assignment, Rota};
use crate::rules::RuleId;

/// The JSON document `flexrota solve --format json` writes. Field names are a stable
/// interface: add fields, never rename or remove them.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SolveJson<'a> {
    /// The version of this document's layout ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Instance name.
    pub instance: &'a str,
    /// The horizon.
    pub horizon: HorizonJson,
    /// `optimal`, `feasible`, `infeasible` or `no_solution`.
    pub status: &'static str,
    /// Soft-rule cost of the rota.
    pub objective: Option<f64>,
    /// Best proven lower bound (never below 0, the trivial one).
    pub bound: Option<f64>,
    /// What proves it: `branch_and_bound`, `column_generation`, `shifts_first` or
    /// `trivial`.
    pub bound_method: Option<&'static str>,
    /// Relative gap between objective and bound.
    pub gap: Option<f64>,
    /// Seconds in the solver.
    pub solve_seconds: f64,
    /// The rota.
    pub assignments: &'a [Assignment],
    /// Demand not covered.
    pub shortfalls: Vec<Shortfall>,
    /// Cost per soft rule, as computed by the checker.
    pub penalties: Vec<PenaltyJson>,
    /// Per-person figures.
    pub people: Vec<PersonJson>,
    /// In a re-plan: each change to the published rota (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<ChangeJson>>,
    /// What the rota leaves for the next period (`solve --after` reads it): unsocial work
    /// to date and each family's worker.
    pub carried: crate::replan::Carried,
    /// With no rota: why, one cause per rule and person (empty otherwise).
    pub diagnosis: Vec<CauseJson>,
    /// The soft rules the rota does not meet, instance by instance (what the penalties are
    /// made of).
    pub violations: Vec<ViolationJson<'a>>,
    /// With `--suggest`: per short shift line, the objective with one more person for it.
    pub suggestions: Vec<SuggestionJson>,
}

/// What one more person would do for a short line.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SuggestionJson {
    /// The line's day, `YYYY-MM-DD`.
    pub date: String,
    /// The line's template.
    pub shift: String,
    /// The change.
    pub change: String,
    /// The objective without it.
    pub objective_before: f64,
    /// The objective with it (null: no rota in the time given).
    pub objective_after: Option<f64>,
    /// Whether the line is covered with it.
    pub covered: bool,
}

/// The suggestions as JSON.
pub fn suggestions_json(all: &[crate::explain::Suggestion]) -> Vec<SuggestionJson> {
    all.iter()
        .map(|s| SuggestionJson {
            date: s.date.to_string(),
            shift: s.shift.clone(),
            change: s.change.clone(),
            objective_before: s.before,
            objective_after: s.after,
            covered: s.covered,
        })
        .collect()
}

/// The suggestions in words, one line each.
pub fn suggestions_text(all: &[crate::explain::Suggestion]) -> String {
    let mut out = String::from("What would cover the short lines\n");
    for s in all {
        let _ = writeln!(
            out,
            "  {} `{}`: {}: {}",
            s.date.format("%a %d %b"),
            s.shift,
            s.change,
            match (s.after, s.covered) {
                (Some(a), true) => format!("covers it, objective {:.2} -> {a:.2}", s.before),
                (Some(a), false) =>
                    format!("does not cover it (objective {:.2} -> {a:.2})", s.before),
                (None, _) => "no rota in the time given".to_string(),
            }
        );
    }
    out
}

/// One reason a model has no rota.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CauseJson {
    /// The rule that cannot hold.
    pub rule: &'static str,
    /// Person id, when the cause is one person's.
    pub person: Option<String>,
    /// The day, `YYYY-MM-DD`, when there is one.
    pub date: Option<String>,
    /// The facts that conflict.
    pub facts: String,
    /// For a line that cannot be covered: per person with its skills, why not.
    pub reasons: Vec<ReasonJson>,
    /// The smallest change that fixes it.
    pub fix: String,
}

/// A rota this far from its bound (relative gap) is worth a word when the solve stops.
pub const WIDE_GAP: f64 = 0.05;

/// One line for a rota that stopped at its time limit far from its bound: how far, and what
/// might close it. `None` when the gap is narrow or unknown.
pub fn gap_note(solved: &Solved) -> Option<String> {
    let gap = solved.gap.filter(|&g| g > WIDE_GAP)?;
    Some(format!(
        "note: stopped at the time limit {:.1}% from optimal at worst (rota {:.2}, best bound \
         {:.2}); a longer --time-limit or more --threads may find a better rota",
        gap * 100.0,
        solved.objective.unwrap_or(0.0),
        solved.bound.unwrap_or(0.0)
    ))
}

/// The diagnosis as JSON.
pub fn diagnosis_json(causes: &[crate::explain::Cause]) -> Vec<CauseJson> {
    causes
        .iter()
        .map(|c| CauseJson {
            rule: c.rule.as_str(),
            person: c.person.clone(),
            date: c.date.map(|d| d.to_string()),
            facts: c.facts.clone(),
            reasons: c
                .reasons
                .iter()
                .map(|r| ReasonJson {
                    person: r.person.clone(),
                    why: r.why.clone(),
                })
                .collect(),
            fix: c.fix.clone(),
        })
        .collect()
}

/// The diagnosis in words: a heading, then per cause its rule, facts and fix.
pub fn diagnosis_text(causes: &[crate::explain::Cause]) -> String {
    let mut out = String::new();
    match causes.len() {
        0 => {
            let _ = writeln!(
                out,
                "Why there is no rota: no single cause found in the time given; make some \
                 rules soft (rules.settings) or relax contracts"
            );
        }
        n => {
            let _ = writeln!(out, "Why there is no rota ({n} cause(s))");
            for c in causes {
                out.push_str(&wrap(&format!("[{}] {}", c.rule.as_str(), c.facts), 2, 4));
                for r in &c.reasons {
                    out.push_str(&wrap(&format!("{}: {}", r.person, r.why), 6, 8));
                }
                let _ = writeln!(out, "    fix: {}", c.fix);
            }
        }
    }
    out
}

/// One change a re-plan makes to the published rota.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ChangeJson {
    /// Person id.
    pub person: String,
    /// Day, `YYYY-MM-DD`.
    pub date: String,
    /// What changed: `day -> off`, `day at `office` -> at `home``, `1h00 of activities
    /// moved`.
    pub change: String,
    /// Its cost (rule `changes`).
    pub cost: f64,
}

/// The horizon in JSON.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct HorizonJson {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Number of days.
    pub days: usize,
}

/// Demand not covered in one window.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Shortfall {
    /// Activity id, or shift template id for shift cover.
    pub activity: String,
    /// Day, `YYYY-MM-DD`.
    pub date: String,
    /// Window start, `HH:MM`.
    pub start: String,
    /// Window end, `HH:MM`.
    pub end: String,
    /// People missing (headcount and shift cover) or person-minutes missing.
    pub missing: i64,
    /// `people` or `person_minutes`.
    pub unit: &'static str,
    /// For a shift-cover line: per person with its skills not on it, why not.
    pub reasons: Vec<ReasonJson>,
}

/// Why one person did not take a short line.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ReasonJson {
    /// Person id.
    pub person: String,
    /// Why not.
    pub why: String,
}

/// One soft rule's cost.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PenaltyJson {
    /// Rule id.
    pub rule: &'static str,
    /// Cost.
    pub cost: f64,
}

/// Per-person KPIs.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PersonJson {
    /// Person id.
    pub person: String,
    /// Counted minutes (paid work plus counted standby).
    pub counted_minutes: i64,
    /// Contracted minutes over the horizon.
    pub target_minutes: i64,
    /// Unsocial shifts.
    pub unsocial: usize,
    /// Unsocial shifts per FTE.
    pub unsocial_per_fte: f64,
    /// Per kind of unsocial work (nights, weekends, evenings): units against the fair share.
    pub unsocial_by_kind: Vec<KindJson>,
    /// Protected admin minutes.
    pub admin_minutes: i64,
    /// Work days based at home.
    pub home_days: usize,
    /// Home days the person's requests want.
    pub home_days_wanted: usize,
    /// Of those, the home days the rota gives.
    pub home_days_granted: usize,
    /// Pay in pounds: contracted pay plus what the rota adds.
    pub cost: f64,
    /// Changes of activity over the days whose shift holds activities.
    pub activity_changes: usize,
    /// Days whose shift holds activities.
    pub days_with_activities: usize,
    /// The most changes of activity in one shift.
    pub most_changes_in_a_day: usize,
    /// Per planning week.
    pub weeks: Vec<WeekJson>,
}

/// One person's units of one kind of unsocial work against their fair share.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct KindJson {
    /// `nights`, `weekends` or `evenings`.
    pub kind: &'static str,
    /// Units worked.
    pub count: usize,
    /// Units worked in the fairness period before the horizon (the history's).
    pub before: usize,
    /// Fair share, over the period, of the units the demand asks for and those the
    /// eligible worked before (0 when not eligible).
    pub fair: f64,
    /// Units beyond the fair share rounded up.
    pub excess: f64,
    /// Whether the person can do this kind at all.
    pub eligible: bool,
}

/// One person's planning week.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct WeekJson {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Days in the week.
    pub days: usize,
    /// Counted minutes.
    pub counted_minutes: i64,
    /// Contracted minutes, lowest and highest allowed (weekly contracts only).
    pub target_minutes: Option<i64>,
    /// Lowest allowed counted minutes.
    pub min_minutes: Option<i64>,
    /// Highest allowed counted minutes.
    pub max_minutes: Option<i64>,
    /// Worked minutes.
    pub worked_minutes: i64,
    /// Protected admin minutes.
    pub admin_minutes: i64,
    /// Unallocated (reserve) minutes.
    pub unallocated_minutes: i64,
}

/// Shortfalls from the checker's cover and demand lines.
pub fn shortfalls(model: &Model, check: &CheckReport, rota: Option<&Rota>) -> Vec<Shortfall> {
    let mut out = Vec::new();
    let reasons = rota.map(|r| crate::explain::shortfall_reasons(model, r, check));
    let demand_reasons = rota.map(|r| crate::explain::demand_reasons(model, r, check));
    let reasons_of =
        |all: &Option<Vec<Vec<crate::explain::Reason>>>, i: usize| -> Vec<ReasonJson> {
            all.as_ref()
                .map(|r| {
                    r[i].iter()
                        .map(|x| ReasonJson {
                            person: x.person.clone(),
                            why: x.why.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
    for (i, line) in check.cover.iter().enumerate() {
        if line.under > 0 {
            let shift = model.shift_ix(&line.shift).map(|t| &model.shifts[t]);
            out.push(Shortfall {
                activity: line.shift.clone(),
                date: line.date.to_string(),
                start: shift.map(|s| clock(s.start)).unwrap_or_default(),
                end: shift.map(|s| clock(s.end)).unwrap_or_default(),
                missing: line.under as i64,
                unit: "people",
                reasons: reasons_of(&reasons, i),
            });
        }
    }
    for (i, line) in check.demand.iter().enumerate() {
        match line.kind {
            DemandLineKind::Headcount => {
                // The reasons are for the line's first short stretch.
                for (k, &(start, end, missing)) in line.shortfalls.iter().enumerate() {
                    out.push(Shortfall {
                        activity: line.activity.clone(),
                        date: line.date.to_string(),
                        start: clock(start),
                        end: clock(end),
                        missing: missing as i64,
                        unit: "people",
                        reasons: match k {
                            0 => reasons_of(&demand_reasons, i),
                            _ => Vec::new(),
                        },
                    });
                }
            }
            DemandLineKind::PersonMinutes => {
                if line.short_person_minutes > 0 {
                    out.push(Shortfall {
                        activity: line.activity.clone(),
                        date: line.date.to_string(),
                        start: clock(line.start),
                        end: clock(line.end),
                        missing: line.short_person_minutes,
                        unit: "person_minutes",
                        reasons: reasons_of(&demand_reasons, i),
                    });
                }
            }
        }
    }
    out
}

/// The version of the JSON documents' layout (`solve`, `validate`, `compare`, `sweep`):
/// raised when a field is renamed or removed, or changes meaning; new fields keep it.
pub const SCHEMA_VERSION: u32 = 1;

/// Build the JSON document.
pub fn solve_json<'a>(
    model: &'a Model,
    solved: &'a Solved,
    check: Option<&'a CheckReport>,
) -> SolveJson<'a> {
    let assignments: &[Assignment] = solved
        .rota
        .as_ref()
        .map(|r| r.assignments.as_slice())
        .unwrap_or(&[]);
    SolveJson {
        schema_version: SCHEMA_VERSION,
        instance: &model.name,
        horizon: HorizonJson {
            start: model.horizon.start.to_string(),
            days: model.horizon.days,
        },
        status: solved.status.as_str(),
        objective: solved.objective,
        bound: solved.bound,
        bound_method: solved.bound_method.map(crate::milp::BoundMethod::as_str),
        gap: solved.gap,
        solve_seconds: solved.solve_seconds,
        assignments,
        shortfalls: check
            .map(|c| shortfalls(model, c, solved.rota.as_ref()))
            .unwrap_or_default(),
        penalties: check
            .map(|c| {
                c.penalties
                    .iter()
                    .map(|p| PenaltyJson {
                        rule: p.rule.as_str(),
                        cost: p.cost,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        people: check.map(|c| people_json(model, c)).unwrap_or_default(),
        changes: model
            .published
            .as_ref()
            .map(|_| check.map(changes).unwrap_or_default()),
        carried: solved
            .rota
            .as_ref()
            .map(|r| crate::replan::carried(model, r))
            .unwrap_or_default(),
        diagnosis: Vec::new(),
        violations: check.map(violations_json).unwrap_or_default(),
        suggestions: Vec::new(),
    }
}

/// The `changes` violations of a re-plan, without the person and date that prefix each
/// message.
fn changes(check: &CheckReport) -> Vec<ChangeJson> {
    let weight = check
        .penalties
        .iter()
        .find(|p| p.rule == RuleId::Changes)
        .map_or(1.0, |p| p.cost);
    let total: f64 = check
        .violations
        .iter()
        .filter(|v| v.rule == RuleId::Changes)
        .map(|v| v.amount)
        .sum();
    check
        .violations
        .iter()
        .filter(|v| v.rule == RuleId::Changes)
        .map(|v| {
            let person = v.person.clone().unwrap_or_default();
            let date = v.date.map(|d| d.to_string()).unwrap_or_default();
            let prefix = format!("{person} {date}: ");
            ChangeJson {
                change: v
                    .message
                    .strip_prefix(&prefix)
                    .unwrap_or(&v.message)
                    .to_string(),
                person,
                date,
                cost: match total > 0.0 {
                    true => weight * v.amount / total,
                    false => 0.0,
                },
            }
        })
        .collect()
}

/// A re-plan's changes to the published rota, day by day, in a planner's words. Activities
/// moved on a day whose shifts changed go without saying, so they are not listed.
fn changes_section(model: &Model, from: usize, check: &CheckReport) -> String {
    let list = changes(check);
    let shift_changed = |c: &ChangeJson| c.change.contains("->");
    let moved_day = |c: &ChangeJson| {
        list.iter()
            .any(|o| o.person == c.person && o.date == c.date && shift_changed(o))
    };
    let mut out = format!(
        "Changes from {} ({} day(s) with other shifts; the days before kept as published)\n",
        model.horizon.date(from).format("%a %d %b"),
        list.iter().filter(|c| shift_changed(c)).count(),
    );
    for c in list.iter().filter(|c| shift_changed(c) || !moved_day(c)) {
        let _ = writeln!(out, "  {} {:<10} {}", c.date, c.person, c.change);
    }
    out
}

fn people_json(model: &Model, check: &CheckReport) -> Vec<PersonJson> {
    check
        .people
        .iter()
        .map(|s| {
            let fte = model
                .person_ix(&s.person)
                .map_or(1.0, |p| model.people[p].contract.fte);
            PersonJson {
                person: s.person.clone(),
                counted_minutes: s.counted_minutes,
                target_minutes: s.target_minutes,
                unsocial: s.unsocial_units,
                unsocial_per_fte: s.unsocial_units as f64 / fte.max(1e-9),
                unsocial_by_kind: s
                    .unsocial
                    .iter()
                    .map(|k| KindJson {
                        kind: k.kind.id(),
                        count: k.count,
                        before: k.before,
                        fair: k.fair,
                        excess: k.excess,
                        eligible: k.eligible,
                    })
                    .collect(),
                admin_minutes: s.admin_minutes,
                home_days: s.home_days,
                home_days_wanted: s.home_wanted,
                home_days_granted: s.home_granted,
                cost: s.cost_pounds,
                activity_changes: s.activity_changes,
                days_with_activities: s.days_with_activities,
                most_changes_in_a_day: s.most_changes_in_a_day,
                weeks: s
                    .weeks
                    .iter()
                    .map(|w| WeekJson {
                        start: w.start.to_string(),
                        days: w.days,
                        counted_minutes: w.counted_minutes,
                        target_minutes: w.contract.map(|c| c.target),
                        min_minutes: w.contract.map(|c| c.min),
                        max_minutes: w.contract.map(|c| c.max),
                        worked_minutes: w.worked_minutes,
                        admin_minutes: w.admin_minutes,
                        unallocated_minutes: w.unallocated_minutes,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Hours and minutes, `37h30`.
fn hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    format!("{sign}{}h{:02}", m / 60, m % 60)
}

/// The readable report: header, rota grid, cover summary, KPIs and penalties.
pub fn table(model: &Model, solved: &Solved, check: Option<&CheckReport>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} days from {} ({} people)",
        model.name,
        model.horizon.days,
        model.horizon.start,
        model.people.len()
    );
    let mut status = format!("status: {}", solved.status.as_str());
    if let Some(o) = solved.objective {
        let _ = write!(status, ", objective {o:.2}");
    }
    if let Some(b) = solved.bound {
        let _ = write!(status, ", bound {b:.2}");
        // How a bound short of the rota was proved says how far to trust the gap.
        match solved.bound_method {
            Some(m) if solved.status != crate::milp::SolveStatus::Optimal => {
                let _ = write!(status, " ({})", m.as_str().replace('_', " "));
            }
            _ => {}
        }
    }
    if let Some(g) = solved.gap {
        let _ = write!(status, ", gap {:.2}%", g * 100.0);
    }
    let _ = write!(
        status,
        ", {:.2} s ({} columns, {} rows)",
        solved.solve_seconds, solved.size.variables, solved.size.constraints
    );
    out.push_str(&wrap(&status, 0, 2));
    let (Some(rota), Some(check)) = (&solved.rota, check) else {
        let _ = writeln!(out, "no rota");
        return out;
    };
    out.push('\n');
    out.push_str(&grid(model, &rota.assignments, terminal_width()));
    out.push('\n');
    if let Some(published) = &model.published {
        out.push_str(&changes_section(model, published.from, check));
        out.push('\n');
    }
    out.push_str(&cover_summary(model, rota, check));
    out.push('\n');
    out.push_str(&kpis(check));
    out.push('\n');
    out.push_str(&weeks(check));
    out.push('\n');
    out.push_str(&penalties(check));
    out
}

/// `text` as lines of at most the terminal's width, the first indented `first` spaces and
/// the rest `rest`, broken at spaces.
pub fn wrap(text: &str, first: usize, rest: usize) -> String {
    let width = terminal_width();
    let mut out = String::new();
    let mut line = " ".repeat(first);
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// Terminal width the table fits: `$COLUMNS` when set to a sensible number, else 100.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| (40..=1000).contains(&c))
        .unwrap_or(100)
}

/// The rota as blocks of days that fit `width` columns: each planning week (cut in two
/// when seven days do not fit), people by name down the side, each day's shift on one line
/// and its base on the next; leave marked. Activities are in `person_view`.
fn grid(model: &Model, assignments: &[Assignment], width: usize) -> String {
    let mut out = String::new();
    let name_width = model
        .people
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 18);
    // Each day takes ` | ` and its cell; at least 10 characters a cell.
    let cell_for = |days: usize| (width.saturating_sub(name_width) / days).saturating_sub(3);
    let per_block = (1..=7).rev().find(|&n| cell_for(n) >= 10).unwrap_or(1);
    let cell = cell_for(per_block).clamp(10, 18);
    let mut blocks: Vec<std::ops::Range<usize>> = Vec::new();
    for w in 0..model.horizon.weeks() {
        let week = model.horizon.week_days(w);
        let mut start = week.start;
        while start < week.end {
            let end = (start + per_block).min(week.end);
            blocks.push(start..end);
            start = end;
        }
    }
    for (b, days) in blocks.into_iter().enumerate() {
        if b > 0 {
            out.push('\n');
        }
        let _ = write!(out, "{:name_width$}", "");
        for d in days.clone() {
            let date = model.horizon.date(d).format("%a %d %b").to_string();
            let _ = write!(out, " | {:cell$}", date);
        }
        out.push('\n');
        for (p, person) in model.people.iter().enumerate() {
            let mut lines = [String::new(), String::new()];
            let _ = write!(
                lines[0],
                "{:name_width$}",
                truncate(&person.name, name_width)
            );
            let _ = write!(lines[1], "{:name_width$}", "");
            for d in days.clone() {
                let date = model.horizon.date(d);
                // A day's shift, then any on-call overlay after it: `day+oncall`.
                let on: Vec<&Assignment> = assignments
                    .iter()
                    .filter(|a| a.person == person.id && a.date == date)
                    .collect();
                let (top, bottom) = match on.as_slice() {
                    [] if model.people[p].leave_days.binary_search(&d).is_ok() => {
                        ("LEAVE".to_string(), String::new())
                    }
                    [] => ("-".to_string(), String::new()),
                    on => {
                        let shifts: Vec<&str> = on.iter().map(|a| a.shift.as_str()).collect();
                        let base = on
                            .iter()
                            .find_map(|a| a.location.as_ref())
                            .map(|l| format!("@{l}"))
                            .unwrap_or_default();
                        (shifts.join("+"), base)
                    }
                };
                let _ = write!(lines[0], " | {:cell$}", truncate(&top, cell));
                let _ = write!(lines[1], " | {:cell$}", truncate(&bottom, cell));
            }
            out.push_str(lines[0].trim_end());
            out.push('\n');
            if !lines[1].trim().is_empty() {
                out.push_str(lines[1].trim_end());
                out.push('\n');
            }
        }
    }
    out
}

/// One person's rota, day by day, with times and activities (`solve --person ID`).
pub fn person_view(model: &Model, rota: &Rota, p: usize) -> String {
    let person = &model.people[p];
    let mut out = format!("{} ({})\n", person.name, person.id);
    for d in 0..model.horizon.days {
        let date = model.horizon.date(d);
        let day = date.format("%a %d %b");
        let on: Vec<&Assignment> = rota
            .assignments
            .iter()
            .filter(|a| a.person == person.id && a.date == date)
            .collect();
        if on.is_empty() {
            let what = match person.leave_days.binary_search(&d).is_ok() {
                true => "leave",
                false => "off",
            };
            let _ = writeln!(out, "  {day}  {what}");
            continue;
        }
        for a in on {
            let (start, end) = model.shift_ix(&a.shift).map_or_else(
                || (a.start.clone(), a.end.clone()),
                |t| (clock(model.shifts[t].start), clock(model.shifts[t].end)),
            );
            let base = a
                .location
                .as_deref()
                .map(|l| format!(" @{l}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {day}  {} {start}-{end}{base}", a.shift);
            for b in &a.activities {
                let at = b
                    .location
                    .as_deref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "               {}-{} {}{at}",
                    b.start, b.end, b.activity
                );
            }
        }
    }
    out
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('~');
        t
    }
}

/// Demand versus cover per line, shortfalls marked, each short shift line with why each
/// person who has its skills is not on it.
fn cover_summary(model: &Model, rota: &Rota, check: &CheckReport) -> String {
    let mut out = String::from("Cover\n");
    let reasons = crate::explain::shortfall_reasons(model, rota, check);
    // Lines that ask for nobody and got nobody (over-cover guards) say nothing.
    for (line, reasons) in check
        .cover
        .iter()
        .zip(&reasons)
        .filter(|(l, _)| l.required > 0 || l.assigned > 0)
    {
        let mark = if line.under > 0 {
            format!("  SHORT {}", line.under)
        } else if line.over > 0 {
            format!("  over {}", line.over)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {} {:<14} shift     required {:>2}  assigned {:>2}{}",
            line.date.format("%a %d %b"),
            line.shift,
            line.required,
            line.assigned,
            mark
        );
        for r in reasons {
            out.push_str(&wrap(&format!("{}: {}", r.person, r.why), 6, 8));
        }
    }
    let reasons = crate::explain::demand_reasons(model, rota, check);
    for (line, reasons) in check.demand.iter().zip(&reasons) {
        let window = format!("{}-{}", clock(line.start), clock(line.end));
        let (what, mark) = match line.kind {
            DemandLineKind::Headcount => (
                format!("{} people", line.required),
                if line.worst_missing > 0 {
                    format!(
                        "  SHORT up to {} people, {} short",
                        line.worst_missing,
                        hours(line.short_person_minutes)
                    )
                } else {
                    String::new()
                },
            ),
            DemandLineKind::PersonMinutes => (
                hours(line.required),
                if line.short_person_minutes > 0 {
                    format!("  SHORT {}", hours(line.short_person_minutes))
                } else {
                    String::new()
                },
            ),
        };
        let text = format!(
            "{} {:<14} {}  required {}  delivered {}{}",
            line.date.format("%a %d %b"),
            line.activity,
            window,
            what,
            hours(line.delivered_person_minutes),
            mark
        );
        out.push_str(&wrap(&text, 2, 6));
        for r in reasons {
            out.push_str(&wrap(&format!("{}: {}", r.person, r.why), 6, 8));
        }
    }
    out
}

/// `3/1/0 (2.8/0.8/0.0)`: units of each kind of unsocial work (to date, with a history of
/// the fairness period), then the fair shares.
fn unsocial_cell(kinds: &[crate::check::KindShare]) -> String {
    let counts: Vec<String> = kinds
        .iter()
        .map(|k| (k.before + k.count).to_string())
        .collect();
    let fair: Vec<String> = kinds.iter().map(|k| format!("{:.1}", k.fair)).collect();
    format!("{} ({})", counts.join("/"), fair.join("/"))
}

/// `3 (2/2)`: days based at home, then the home days the person's requests ask for that
/// the rota gives, out of those asked; the days alone when nothing is asked.
fn home_cell(s: &crate::check::PersonSummary) -> String {
    match s.home_wanted {
        0 => s.home_days.to_string(),
        wanted => format!("{} ({}/{wanted})", s.home_days, s.home_granted),
    }
}

/// Hours versus contract, unsocial work by kind against fair shares, admin achieved and
/// cost.
fn kpis(check: &CheckReport) -> String {
    let name = check
        .people
        .iter()
        .map(|s| s.person.len())
        .max()
        .unwrap_or(6)
        .max(6);
    // Each column: header, width, right-aligned, and the cell of a person. Those last in
    // `dropped` go first when the terminal is too narrow for all of them.
    type Cell = fn(&crate::check::PersonSummary) -> String;
    let mut columns: Vec<(&str, usize, bool, Cell)> = vec![
        ("hours/contract", 15, true, |s| {
            format!(
                "{:>6} / {:<6}",
                hours(s.counted_minutes),
                hours(s.target_minutes)
            )
        }),
        ("n/w/e (fair)", 19, false, |s| unsocial_cell(&s.unsocial)),
        ("admin", 5, true, |s| match s.worked_minutes {
            0 => "-".to_string(),
            w => format!("{:.0}%", 100.0 * s.admin_minutes as f64 / w as f64),
        }),
        ("reserve", 7, true, |s| match s.worked_minutes {
            0 => "-".to_string(),
            w => format!("{:.0}%", 100.0 * s.unallocated_minutes as f64 / w as f64),
        }),
        ("home (asked)", 12, false, home_cell),
        ("changes/day", 11, true, |s| match s.days_with_activities {
            0 => "-".to_string(),
            n => format!(
                "{:.1} ({})",
                s.activity_changes as f64 / n as f64,
                s.most_changes_in_a_day
            ),
        }),
        ("cost", 8, true, |s| format!("{:.2}", s.cost_pounds)),
    ];
    let width = |columns: &[(&str, usize, bool, Cell)]| {
        name + 2 + columns.iter().map(|c| c.1 + 2).sum::<usize>()
    };
    for dropped in ["reserve", "home (asked)", "changes/day"] {
        if width(&columns) <= terminal_width() {
            break;
        }
        columns.retain(|c| c.0 != dropped);
    }
    // The header's first cell starts at the margin, the people's two in.
    let row = |first: String, cells: Vec<String>| {
        let mut line = format!("{first:<w$}", w = name + 2);
        for ((_, w, right, _), cell) in columns.iter().zip(cells) {
            let _ = match right {
                true => write!(line, "  {cell:>w$}"),
                false => write!(line, "  {cell:<w$}"),
            };
        }
        line.trim_end().to_string() + "\n"
    };
    let mut out = row(
        "People".into(),
        columns.iter().map(|c| c.0.to_string()).collect(),
    );
    let mut total = 0.0;
    for s in &check.people {
        total += s.cost_pounds;
        let cells = columns.iter().map(|c| (c.3)(s)).collect();
        out.push_str(&row(format!("  {}", s.person), cells));
    }
    let _ = writeln!(out, "  total cost {total:.2}");
    out
}

/// Per person and planning week: counted hours against the week's contract (`!` outside
/// its range) and the admin share, what a planner checks before publishing.
fn weeks(check: &CheckReport) -> String {
    let mut out = String::from(
        "Weeks: counted / contracted hours, admin share (! outside the week's range)\n",
    );
    let name_width = check
        .people
        .iter()
        .map(|s| s.person.len())
        .max()
        .unwrap_or(0)
        .max(6);
    let weeks = check.people.first().map_or(0, |s| s.weeks.len());
    // As many weeks side by side as the terminal holds, then the next block below.
    let per_block = ((terminal_width().saturating_sub(name_width + 2)) / 21).clamp(1, weeks.max(1));
    for (b, first) in (0..weeks).step_by(per_block).enumerate() {
        let block = first..(first + per_block).min(weeks);
        if b > 0 {
            out.push('\n');
        }
        let _ = write!(out, "  {:<name_width$}", "");
        if let Some(person) = check.people.first() {
            for w in &person.weeks[block.clone()] {
                let _ = write!(out, "  {:<19}", w.start.format("%a %d %b"));
            }
        }
        out.push('\n');
        for s in &check.people {
            let _ = write!(out, "  {:<name_width$}", s.person);
            for w in &s.weeks[block.clone()] {
                let (contract, mark) = match w.contract {
                    Some(c) => {
                        let out_of_range = w.counted_minutes < c.min || w.counted_minutes > c.max;
                        (hours(c.target), if out_of_range { "!" } else { " " })
                    }
                    None => ("-".to_string(), " "),
                };
                let admin = match w.worked_minutes {
                    0 => "-".to_string(),
                    worked => format!("{:.0}%", 100.0 * w.admin_minutes as f64 / worked as f64),
                };
                let cell = format!("{}/{}{mark} {admin}", hours(w.counted_minutes), contract);
                let _ = write!(out, "  {cell:<19}");
            }
            let line = out.trim_end_matches(' ').len();
            out.truncate(line);
            out.push('\n');
        }
    }
    out
}

/// Cost per soft rule and the soft violations behind it.
fn penalties(check: &CheckReport) -> String {
    let mut out = String::from("Penalties\n");
    for p in &check.penalties {
        if p.cost > 0.0 {
            let _ = writeln!(out, "  {:<26} {:>10.2}", p.rule.as_str(), p.cost);
        }
    }
    let _ = writeln!(out, "  {:<26} {:>10.2}", "total", check.cost);
    let soft: Vec<_> = check.violations.iter().filter(|v| !v.hard).collect();
    if !soft.is_empty() {
        out.push_str("Soft rules not met\n");
        for v in soft {
            out.push_str(&wrap(&format!("[{}] {}", v.rule.as_str(), v.message), 2, 6));
        }
    }
    out
}

/// What `validate --format json` prints: the verdict on a rota a planner brings.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ValidateJson<'a> {
    /// The version of this document's layout ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Instance name.
    pub instance: &'a str,
    /// Whether the rota keeps every hard rule.
    pub legal: bool,
    /// Its soft cost.
    pub cost: f64,
    /// The cost of each soft rule that is on.
    pub penalties: Vec<PenaltyJson>,
    /// Every violation, hard and soft.
    pub violations: Vec<ViolationJson<'a>>,
    /// Demand not covered.
    pub shortfalls: Vec<Shortfall>,
}

/// One violation of a rule.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ViolationJson<'a> {
    /// The rule's id.
    pub rule: &'static str,
    /// Whether the rule is hard.
    pub hard: bool,
    /// The person concerned, if one.
    pub person: Option<&'a str>,
    /// The day concerned, if one.
    pub date: Option<String>,
    /// The amount, in the rule's unit.
    pub amount: f64,
    /// What is wrong, in words.
    pub message: &'a str,
}

/// Every violation of `check`, hard and soft.
fn violations_json(check: &CheckReport) -> Vec<ViolationJson<'_>> {
    check
        .violations
        .iter()
        .map(|v| ViolationJson {
            rule: v.rule.as_str(),
            hard: v.hard,
            person: v.person.as_deref(),
            date: v.date.map(|d| d.to_string()),
            amount: v.amount,
            message: &v.message,
        })
        .collect()
}

/// The verdict on `check` (a rota a planner brings) as `validate --format json` prints it.
pub fn validate_json<'a>(
    model: &'a Model,
    check: &'a CheckReport,
    rota: &Rota,
) -> ValidateJson<'a> {
    ValidateJson {
        schema_version: SCHEMA_VERSION,
        instance: &model.name,
        legal: check.is_legal(),
        cost: check.cost,
        penalties: check
            .penalties
            .iter()
            .map(|p| PenaltyJson {
                rule: p.rule.as_str(),
                cost: p.cost,
            })
            .collect(),
        violations: violations_json(check),
        shortfalls: shortfalls(model, check, Some(rota)),
    }
}
