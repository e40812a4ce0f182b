//! Every "no" with a reason: why a model has no rota, in a planner's words, with the
//! smallest change that fixes it.
//!
//! Two stages. Pre-checks run before any programme and catch the common cases in
//! milliseconds from the model alone: a person whose contract asks for more hours than
//! their days and shifts can hold, a hard cover line nobody eligible can work, a job-share
//! post whose holders are all away on a cover day. When the solver finds the hard rules
//! infeasible all the same, [`diagnose`] solves an elastic copy of the model: every hard
//! rule that can be soft becomes soft at weight 1 and every soft rule goes, so the optimum
//! breaks as few units of the hard rules as it can; the checker's violations of that rota
//! are the causes. Pins the elastic copy cannot keep are dropped one at a time (a deletion
//! filter) until the rest can be kept.

use chrono::NaiveDate;

use crate::check;
use crate::milp::{self, SolveOptions, SolveStatus};
use crate::model::{Model, PersonIx, ShiftIx, ShiftKind, DAY};
use crate::rules::{RuleId, RuleSetting, Settings};

/// One reason there is no rota.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    /// The rule that cannot hold.
    pub rule: RuleId,
    /// The person concerned, when there is one.
    pub person: Option<String>,
    /// The day concerned (the first, for a week or a window).
    pub date: Option<NaiveDate>,
    /// The facts that conflict, in words.
    pub facts: String,
    /// For a line that cannot be covered: per person who has its skills, why not.
    pub reasons: Vec<Reason>,
    /// The smallest change that fixes it, in words.
    pub fix: String,
    /// The same change in the model's terms: applied, it removes this cause.
    pub relax: Relax,
}

/// A change to a model that removes a cause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Relax {
    /// Make the rule soft (a weight per unit) instead of hard. The contract's two rules,
    /// over the horizon and per week, are one contract: either softens both.
    Soften(RuleId),
    /// Drop person `person`'s pin on day `day`.
    Unpin { person: PersonIx, day: usize },
}

impl Relax {
    /// Applies the change to `model`.
    pub fn apply(&self, model: &mut Model) {
        match *self {
            Relax::Soften(RuleId::ContractMinutes | RuleId::WeeklyMinutes) => {
                for rule in [RuleId::ContractMinutes, RuleId::WeeklyMinutes] {
                    set(model, rule, Some(RuleSetting::Soft(ELASTIC_WEIGHT)));
                }
            }
            Relax::Soften(rule) => set(model, rule, Some(RuleSetting::Soft(ELASTIC_WEIGHT))),
            Relax::Unpin { person, day } => model
                .pins
                .retain(|pin| !(pin.person == person && pin.day == day)),
        }
    }
}

/// The weight of a hard rule made soft by a fix or in the elastic copy.
const ELASTIC_WEIGHT: f64 = 100.0;

/// Seconds the elastic copy may take at most.
pub const DIAGNOSIS_SECONDS: f64 = 10.0;

fn set(model: &mut Model, rule: RuleId, setting: Option<RuleSetting>) {
    model.rules.settings.retain(|(r, _)| *r != rule);
    if let Some(s) = setting {
        model.rules.settings.push((rule, s));
    }
}

fn hard(model: &Model, rule: RuleId) -> bool {
    model.rules.get(rule) == Some(RuleSetting::Hard)
}

/// `7 h 30`.
fn hours(minutes: i64) -> String {
    match minutes % 60 {
        0 => format!("{} h", minutes / 60),
        m => format!("{} h {m:02}", minutes / 60),
    }
}

/// Why person `p` cannot work template `t` on day `d` at all, in words (`None`: they can,
/// as far as leave, availability and the contract go).
pub fn blocked(model: &Model, p: PersonIx, d: usize, t: ShiftIx) -> Option<String> {
    let person = &model.people[p];
    let shift = &model.shifts[t];
    let weekday = model.horizon.weekday(d);
    if person.leave_days.binary_search(&d).is_ok() {
        return Some("on leave".into());
    }
    let (start, end) = (d as i64 * DAY + shift.start, d as i64 * DAY + shift.end);
    if person
        .unavailable
        .iter()
        .any(|&(a, b)| a < end && start < b)
    {
        return Some("unavailable then".into());
    }
    let c = &person.contract;
    if !c.weekdays.contains(&weekday) {
        let days: Vec<String> = c
            .weekdays
            .iter()
            .map(|w| w.to_string().to_lowercase())
            .collect();
        return Some(format!(
            "contract `{}` works {} only",
            c.id,
            days.join(", ")
        ));
    }
    if !c.allowed_shifts.contains(&t) {
        let shifts: Vec<&str> = c
            .allowed_shifts
            .iter()
            .map(|&s| model.shifts[s].id.as_str())
            .collect();
        return Some(format!(
            "contract `{}` has shifts {} only",
            c.id,
            shifts.join(", ")
        ));
    }
    if !shift.weekdays.contains(&weekday) {
        return Some(format!("`{}` is not worked on {weekday}", shift.id));
    }
    if person.locked(d) && shift.out_of_hours() {
        return Some("a locked-down day".into());
    }
    None
}

/// The most counted minutes person `p` can work on day `d`: the longest template they may
/// work, and an on-call overlay after it when there is one. An upper bound, never less
/// than what a rota can give.
fn most_on_day(model: &Model, p: PersonIx, d: usize) -> i64 {
    let counted = |t: ShiftIx| model.shifts[t].counted_minutes(&model.rules);
    let open = |t: &ShiftIx| blocked(model, p, d, *t).is_none();
    let work = (0..model.shifts.len())
        .filter(open)
        .map(counted)
        .max()
        .unwrap_or(0);
    let overlay = (0..model.shifts.len())
        .filter(|&t| !model.shifts[t].after.is_empty() && open(&t))
        .map(counted)
        .max()
        .unwrap_or(0);
    work + overlay
}

/// The most counted minutes person `p` can work on `days` (whole planning weeks, or part of
/// one), with at most `max_days_per_week` days a week when that rule is hard.
fn most_in(model: &Model, p: PersonIx, weeks: &[std::ops::Range<usize>]) -> i64 {
    let cap = match hard(model, RuleId::MaxDaysPerWeek) {
        true => model.people[p].contract.max_days_per_week,
        false => None,
    };
    weeks
        .iter()
        .map(|week| {
            let mut days: Vec<i64> = week.clone().map(|d| most_on_day(model, p, d)).collect();
            days.sort_unstable_by(|a, b| b.cmp(a));
            days.iter().take(cap.unwrap_or(days.len())).sum::<i64>()
        })
        .sum()
}

/// Whether some sum of `lengths` (each used any number of times, or none) lies in
/// `[lo, hi]`; the nearest sums below and above the range when none does. `None` when the
/// range is too wide to search (then it is taken as reachable).
fn unreachable(lengths: &[i64], lo: i64, hi: i64) -> Option<(i64, Option<i64>)> {
    const MOST: i64 = 200_000;
    let top = hi + lengths.iter().max().copied().unwrap_or(0);
    if lengths.is_empty() || lo <= 0 || top > MOST {
        return None;
    }
    let mut reach = vec![false; top as usize + 1];
    reach[0] = true;
    for total in 1..=top as usize {
        reach[total] = lengths
            .iter()
            .any(|&l| l as usize <= total && reach[total - l as usize]);
    }
    if (lo..=hi).any(|t| reach[t as usize]) {
        return None;
    }
    let below = (0..lo).rev().find(|&t| reach[t as usize]).unwrap_or(0);
    let above = (hi + 1..=top).find(|&t| reach[t as usize]);
    Some((below, above))
}

/// A contract range no total of the person's shift lengths falls in: a cause.
fn unreachable_cause(
    model: &Model,
    p: PersonIx,
    (lo, hi): (i64, i64),
    rule: RuleId,
    week: Option<usize>,
) -> Option<Cause> {
    let person = &model.people[p];
    let mut lengths: Vec<i64> = person
        .contract
        .allowed_shifts
        .iter()
        .map(|&t| model.shifts[t].counted_minutes(&model.rules))
        .filter(|&m| m > 0)
        .collect();
    lengths.sort_unstable();
    lengths.dedup();
    let (below, above) = unreachable(&lengths, lo, hi)?;
    let shown: Vec<String> = lengths.iter().map(|&m| hours(m)).collect();
    let when = match week {
        Some(d) => format!(
            "in the week from {}",
            model.horizon.date(d).format("%a %-d %b")
        ),
        None => "over the horizon".into(),
    };
    let nearest = match above {
        Some(a) => format!("{} or {}", hours(below), hours(a)),
        None => hours(below),
    };
    Some(Cause {
        rule,
        person: Some(person.id.clone()),
        date: week.map(|d| model.horizon.date(d)),
        facts: format!(
            "{}: contract `{}` wants {} to {} {when}, but {}'s shifts ({}) add up to {nearest}, \
             never inside it",
            person.name,
            person.contract.id,
            hours(lo),
            hours(hi),
            person.name,
            shown.join(", ")
        ),
        fix: format!(
            "widen {}'s contract tolerance to take in {nearest}, or allow a shift of another length",
            person.id
        ),
        reasons: Vec::new(),
        relax: Relax::Soften(rule),
    })
}

/// What limits person `p`'s days, in words: their weekdays, shifts and leave.
fn limits(model: &Model, p: PersonIx, days: std::ops::Range<usize>) -> String {
    let person = &model.people[p];
    let c = &person.contract;
    let mut out = Vec::new();
    if c.weekdays.len() < 7 {
        let w: Vec<String> = c
            .weekdays
            .iter()
            .map(|w| w.to_string().to_lowercase())
            .collect();
        out.push(format!("weekdays: [{}]", w.join(", ")));
    }
    let shifts: Vec<&str> = c
        .allowed_shifts
        .iter()
        .map(|&s| model.shifts[s].id.as_str())
        .collect();
    out.push(format!("shifts: [{}]", shifts.join(", ")));
    let leave = days
        .filter(|d| person.leave_days.binary_search(d).is_ok())
        .count();
    if leave > 0 {
        out.push(format!("{leave} day(s) of leave"));
    }
    if let (Some(k), true) = (c.max_days_per_week, hard(model, RuleId::MaxDaysPerWeek)) {
        out.push(format!("at most {k} days a week"));
    }
    out.join("; ")
}

/// The causes the model alone shows, before any programme: contracts whose minimum cannot
/// be reached, hard cover lines nobody eligible can work, job-share cover days with every
/// holder away.
pub fn prechecks(model: &Model) -> Vec<Cause> {
    let mut out = pin_causes(model);
    let all: Vec<std::ops::Range<usize>> = (0..model.horizon.weeks())
        .map(|w| model.horizon.week_days(w))
        .collect();
    for (p, person) in model.people.iter().enumerate() {
        let c = &person.contract;
        if hard(model, RuleId::ContractMinutes) && c.min_minutes > 0 {
            let most = most_in(model, p, &all);
            if most < c.min_minutes {
                out.push(Cause {
                    rule: RuleId::ContractMinutes,
                    person: Some(person.id.clone()),
                    date: None,
                    facts: format!(
                        "{}: contract `{}` needs at least {} over the horizon, but {} can \
                         work at most {} ({})",
                        person.name,
                        c.id,
                        hours(c.min_minutes),
                        person.name,
                        hours(most),
                        limits(model, p, 0..model.horizon.days)
                    ),
                    fix: format!(
                        "lower {}'s minimum by {} (the contract's `tolerance.under`), or \
                         allow more weekdays or longer shifts",
                        person.id,
                        hours(c.min_minutes - most)
                    ),
                    reasons: Vec::new(),
                    relax: Relax::Soften(RuleId::ContractMinutes),
                });
                continue;
            }
            let range = (c.min_minutes, c.max_minutes);
            if let Some(cause) = unreachable_cause(model, p, range, RuleId::ContractMinutes, None) {
                out.push(cause);
                continue;
            }
        }
        if hard(model, RuleId::WeeklyMinutes) {
            for (w, range) in c.weekly.iter().enumerate() {
                let week = model.horizon.week_days(w);
                let most = most_in(model, p, std::slice::from_ref(&week));
                if range.min > 0 && most < range.min {
                    out.push(Cause {
                        rule: RuleId::WeeklyMinutes,
                        person: Some(person.id.clone()),
                        date: Some(model.horizon.date(week.start)),
                        facts: format!(
                            "{}: contract `{}` needs at least {} in the week from {}, but {} \
                             can work at most {} that week ({})",
                            person.name,
                            c.id,
                            hours(range.min),
                            model.horizon.date(week.start).format("%a %-d %b"),
                            person.name,
                            hours(most),
                            limits(model, p, week.clone())
                        ),
                        fix: format!(
                            "lower {}'s weekly minimum by {} (`tolerance.under`), or allow \
                             more weekdays or longer shifts",
                            person.id,
                            hours(range.min - most)
                        ),
                        reasons: Vec::new(),
                        relax: Relax::Soften(RuleId::WeeklyMinutes),
                    });
                    continue;
                }
                let rule = RuleId::WeeklyMinutes;
                let week = Some(week.start);
                out.extend(unreachable_cause(
                    model,
                    p,
                    (range.min, range.max),
                    rule,
                    week,
                ));
            }
        }
    }
    if hard(model, RuleId::ShiftCover) {
        for line in &model.shift_cover {
            out.extend(cover_cause(model, line));
        }
    }
    if hard(model, RuleId::JobShareCover) {
        for post in &model.job_shares {
            for &d in &post.cover_days {
                let away: Vec<String> = post
                    .members
                    .iter()
                    .map(|&p| {
                        let why = (0..model.shifts.len())
                            .filter(|&t| model.shifts[t].kind == ShiftKind::Work)
                            .map(|t| blocked(model, p, d, t))
                            .collect::<Option<Vec<String>>>();
                        why.map(|w| format!("{} {}", model.people[p].name, w[0]))
                    })
                    .collect::<Option<Vec<String>>>()
                    .unwrap_or_default();
                if away.len() == post.members.len() {
                    out.push(Cause {
                        rule: RuleId::JobShareCover,
                        person: None,
                        date: Some(model.horizon.date(d)),
                        facts: format!(
                            "{}: post `{}` must be worked by a holder, but every holder is \
                             away ({})",
                            model.horizon.date(d).format("%a %-d %b"),
                            post.id,
                            away.join("; ")
                        ),
                        fix: format!(
                            "move one holder's leave, or drop {} from the post's cover days",
                            model.horizon.date(d)
                        ),
                        reasons: Vec::new(),
                        relax: Relax::Soften(RuleId::JobShareCover),
                    });
                }
            }
        }
    }
    out
}

/// Pins that break a hard rule between themselves (with the history), each a cause.
fn pin_causes(model: &Model) -> Vec<Cause> {
    crate::replan::pin_conflicts(model)
        .into_iter()
        .map(|v| {
            let who = v.person.clone().unwrap_or_default();
            let day = v.date.and_then(|d| model.horizon.day_of(d));
            let person = model.person_ix(&who);
            // The pin on the violation's day, else the person's first: dropping it is
            // the change offered.
            let pin = model
                .pins
                .iter()
                .filter(|pin| Some(pin.person) == person)
                .find(|pin| Some(pin.day) == day)
                .or_else(|| model.pins.iter().find(|pin| Some(pin.person) == person));
            Cause {
                rule: v.rule,
                person: v.person.clone(),
                date: v.date,
                facts: format!("a pinned day: {}", v.message),
                fix: format!(
                    "drop or change {who}'s pin{}",
                    v.date.map(|d| format!(" on {d}")).unwrap_or_default()
                ),
                reasons: Vec::new(),
                relax: match pin {
                    Some(pin) => Relax::Unpin {
                        person: pin.person,
                        day: pin.day,
                    },
                    None => Relax::Soften(v.rule),
                },
            }
        })
        .collect()
}

/// A hard cover line fewer eligible people can work than it needs.
fn cover_cause(model: &Model, line: &crate::model::ShiftCover) -> Option<Cause> {
    let shift = &model.shifts[line.shift];
    let skilled: Vec<PersonIx> = (0..model.people.len())
        .filter(|&p| {
            line.skills
                .iter()
                .all(|s| model.people[p].skills.contains(s))
        })
        .collect();
    let (able, away): (Vec<PersonIx>, Vec<PersonIx>) = skilled
        .iter()
        .partition(|&&p| blocked(model, p, line.day, line.shift).is_none());
    if able.len() >= line.required {
        return None;
    }
    let names = |ps: &[PersonIx]| -> String {
        match ps.len() {
            0 => "nobody".into(),
            _ => ps
                .iter()
                .map(|&p| model.people[p].name.clone())
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    let reasons: Vec<String> = away
        .iter()
        .map(|&p| {
            format!(
                "{} {}",
                model.people[p].name,
                blocked(model, p, line.day, line.shift).unwrap_or_default()
            )
        })
        .collect();
    let skills = match line.skills.is_empty() {
        true => String::new(),
        false => format!(" {}", line.skills.join(", ")),
    };
    let date = model.horizon.date(line.day);
    Some(Cause {
        rule: RuleId::ShiftCover,
        person: None,
        date: Some(date),
        facts: format!(
            "{} {} {}-{}: {}{skills} required, only {} can work it{}",
            date.format("%a %-d %b"),
            shift.id,
            crate::rota::clock(shift.start),
            crate::rota::clock(shift.end % DAY),
            line.required,
            names(&able),
            match reasons.is_empty() {
                true => String::new(),
                false => format!("; {}", reasons.join("; ")),
            }
        ),
        fix: format!(
            "lower `required` to {} on {date}, or add someone{skills} who can work it (or make \
             `shift_cover` soft)",
            able.len()
        ),
        reasons: Vec::new(),
        relax: Relax::Soften(RuleId::ShiftCover),
    })
}

/// The elastic copy of `model`: hard rules that accept a weight at weight 1, soft rules
/// off, so that its optimum breaks as few units of the hard rules as it can.
fn elastic(model: &Model) -> Model {
    let mut copy = model.clone();
    for rule in RuleId::ALL {
        match (model.rules.get(rule), rule.settings()) {
            (Some(RuleSetting::Hard), Settings::Any) => {
                set(&mut copy, rule, Some(RuleSetting::Soft(1.0)))
            }
            (Some(RuleSetting::Soft(_)), _) => set(&mut copy, rule, None),
            _ => {}
        }
    }
    copy
}

/// Why `model`, whose hard rules the solver found infeasible, has no rota: the pre-checks'
/// causes, else the rules the elastic copy breaks (per rule and person, the first day and
/// the facts of each), else the pins it cannot keep. Empty when no cause was found within
/// the time given.
pub fn diagnose(model: &Model, options: &SolveOptions) -> Vec<Cause> {
    let found = prechecks(model);
    if !found.is_empty() {
        return found;
    }
    // One budget for every solve below: the time left, at most the diagnosis's own.
    let budget = options
        .time_limit
        .unwrap_or(DIAGNOSIS_SECONDS)
        .min(DIAGNOSIS_SECONDS);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(budget);
    let base = SolveOptions {
        progress: None,
        trace: None,
        verbose: false,
        ..options.clone()
    };
    let left = || {
        deadline
            .saturating_duration_since(std::time::Instant::now())
            .as_secs_f64()
    };
    let within = || SolveOptions {
        time_limit: Some(left().max(0.1)),
        ..base.clone()
    };
    // First what cannot be covered: hard cover made soft, every other hard rule kept.
    if hard(model, RuleId::ShiftCover) || hard(model, RuleId::ActivityDemand) {
        let mut cover_only = model.clone();
        for rule in RuleId::ALL {
            match model.rules.get(rule) {
                Some(RuleSetting::Soft(_)) => set(&mut cover_only, rule, None),
                Some(RuleSetting::Hard)
                    if matches!(rule, RuleId::ShiftCover | RuleId::ActivityDemand) =>
                {
                    set(&mut cover_only, rule, Some(RuleSetting::Soft(1.0)))
                }
                _ => {}
            }
        }
        if let Ok(solved) = milp::solve(&cover_only, &within()) {
            if let Some(rota) = &solved.rota {
                return uncovered(&cover_only, rota, hard(model, RuleId::ActivityDemand));
            }
        }
    }
    let mut copy = elastic(model);
    let mut unpinned = Vec::new();
    loop {
        match milp::solve(&copy, &within()) {
            Ok(solved) if solved.rota.is_some() => {
                let mut out = broken(model, &copy, solved.rota.as_ref().expect("a rota"));
                out.extend(unpinned);
                return out;
            }
            Ok(solved) if solved.status == SolveStatus::Infeasible && !copy.pins.is_empty() => {
                // The pins break a rule that cannot be soft: the first pin whose removal
                // lets the rest be kept is one cause.
                let Some(i) = (0..copy.pins.len()).take_while(|_| left() > 0.0).find(|&i| {
                    let mut fewer = copy.clone();
                    fewer.pins.remove(i);
                    matches!(milp::solve(&fewer, &within()), Ok(s) if s.status != SolveStatus::Infeasible)
                }) else {
                    return unpinned;
                };
                let pin = copy.pins.remove(i);
                let person = &model.people[pin.person];
                let date = model.horizon.date(pin.day);
                unpinned.push(Cause {
                    rule: RuleId::Pinned,
                    person: Some(person.id.clone()),
                    date: Some(date),
                    facts: format!(
                        "{}'s pin on {} cannot be kept with the rules that are always hard",
                        person.name,
                        date.format("%a %-d %b")
                    ),
                    fix: format!("drop or change {}'s pin on {date}", person.id),
                    reasons: Vec::new(),
                    relax: Relax::Unpin {
                        person: pin.person,
                        day: pin.day,
                    },
                });
            }
            _ => return unpinned,
        }
    }
}

/// The lines `rota` leaves short, each a cause with why each person who could have
/// covered it did not (`model` is the copy with cover made soft; activity demand lines
/// count only when `demand_hard`).
fn uncovered(model: &Model, rota: &crate::rota::Rota, demand_hard: bool) -> Vec<Cause> {
    let report = check::check(model, rota);
    let reasons = shortfall_reasons(model, rota, &report);
    let mut out = Vec::new();
    for (line, reasons) in report.cover.iter().zip(&reasons) {
        if line.under == 0 {
            continue;
        }
        let skills = match line.skills.is_empty() {
            true => String::new(),
            false => format!(" {}", line.skills.join(", ")),
        };
        out.push(Cause {
            rule: RuleId::ShiftCover,
            person: None,
            date: Some(line.date),
            facts: format!(
                "{} `{}`: {}{skills} required, at most {} can be given",
                line.date.format("%a %-d %b"),
                line.shift,
                line.required,
                line.assigned,
            ),
            fix: format!(
                "lower `required` to {} on {}, or add someone{skills} who can work it (or make \
                 `shift_cover` soft to list the line as short)",
                line.assigned, line.date
            ),
            reasons: reasons.clone(),
            relax: Relax::Soften(RuleId::ShiftCover),
        });
    }
    for line in &report.demand {
        let short = line.worst_missing > 0 || line.short_person_minutes > 0;
        if short && demand_hard {
            out.push(Cause {
                rule: RuleId::ActivityDemand,
                person: None,
                date: Some(line.date),
                facts: format!(
                    "{} `{}` {}-{}: cannot be met with the hard rules kept",
                    line.date.format("%a %-d %b"),
                    line.activity,
                    crate::rota::clock(line.start),
                    crate::rota::clock(line.end)
                ),
                fix: format!(
                    "lower the line's requirement on {}, or add someone who can do `{}` then",
                    line.date, line.activity
                ),
                reasons: Vec::new(),
                relax: Relax::Soften(RuleId::ActivityDemand),
            });
        }
    }
    out
}

/// The hard rules of `model` the elastic rota breaks, one cause per rule and person.
fn broken(model: &Model, copy: &Model, rota: &crate::rota::Rota) -> Vec<Cause> {
    let report = check::check(copy, rota);
    let mut out: Vec<Cause> = Vec::new();
    for v in report.violations.iter().filter(|v| hard(model, v.rule)) {
        if let Some(cause) = out
            .iter_mut()
            .find(|c| c.rule == v.rule && c.person == v.person)
        {
            cause.facts.push_str("; ");
            cause.facts.push_str(&v.message);
            continue;
        }
        let who = v.person.clone().unwrap_or_else(|| "the team".into());
        out.push(Cause {
            rule: v.rule,
            person: v.person.clone(),
            date: v.date,
            facts: v.message.clone(),
            fix: fix_for(v.rule, &who),
            reasons: Vec::new(),
            relax: Relax::Soften(v.rule),
        });
    }
    out
}

/// The change that fixes a broken rule, in words.
fn fix_for(rule: RuleId, who: &str) -> String {
    use RuleId::*;
    let what = match rule {
        ContractMinutes | WeeklyMinutes => {
            format!("widen {who}'s contract tolerance (`tolerance.under` / `over`)")
        }
        MinRest => format!("let {who} rest less after that shift (`rest_after_minutes` or `rules.min_rest_minutes`)"),
        ForbiddenSuccession => format!("allow that succession for {who} (`rules.forbidden_successions`)"),
        MaxMinutesPer7Days => format!("raise `rules.max_minutes_per_7_days` or give {who}'s hours to someone else"),
        WeeklyRest => format!("give {who} a 24 h rest in that week"),
        MaxConsecutiveDays | MinConsecutiveDays | MinConsecutiveDaysOff => {
            format!("change {who}'s `consecutive_days` / `min_consecutive_days_off`")
        }
        MaxDaysPerWeek => format!("raise {who}'s `max_days_per_week`"),
        MaxWeekends => format!("raise {who}'s `max_weekends`"),
        ShiftCover | ActivityDemand => "lower the line's requirement or add someone who can cover it".into(),
        JobShareCover | JobShareMinutes => "change the post's cover days or minutes".into(),
        OfficeDay => "lower the office day's `min_people` or move it".into(),
        Pairing => format!("give {who} a partner that day, or drop the shift from `rules.pairing`"),
        _ => format!("change what {who}'s line names"),
    };
    format!(
        "{what}, or make `{}` soft (`rules.settings.{}: WEIGHT`)",
        rule.as_str(),
        rule.as_str()
    )
}

/// Why one person did not take a short line.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// Person id.
    pub person: String,
    /// Why not, in words.
    pub why: String,
}

/// The rules a shift added to a rota can break by itself (its activities aside: a trial
/// shift has none, so rules on time use would only name that).
fn shift_level(rule: RuleId) -> bool {
    use RuleId::*;
    matches!(
        rule,
        OneShiftPerDay
            | Availability
            | ContractShifts
            | Pinned
            | ContractMinutes
            | WeeklyMinutes
            | MaxDaysPerWeek
            | MaxShifts
            | MaxConsecutiveDays
            | MinConsecutiveDays
            | MinConsecutiveDaysOff
            | MaxWeekends
            | MinRest
            | ForbiddenSuccession
            | MaxMinutesPer7Days
            | WeeklyRest
            | JobShareMinutes
            | UnsocialWindow
    )
}

/// Rules on what is done inside shifts, which a trial shift without activities would
/// break for that reason alone.
fn time_use(rule: RuleId) -> bool {
    use RuleId::*;
    matches!(
        rule,
        ProtectedAdmin
            | Reserve
            | AdminBlock
            | ActivityBlock
            | BlocksPerDay
            | Breaks
            | Travel
            | ActivityFit
            | ActivityCap
            | ActivityDemand
    )
}

/// For each short shift-cover line of `report` (the checker's report on `rota`), in the
/// order of `report.cover`: per person with the line's skills who is not on it, why not.
/// Derived from the model and the rota alone: the person's leave, availability and
/// contract, the shift they work that day, else the hard rules the shift added to the
/// rota would break (rest after a named shift, 48 h, the contract's maximum...), else the
/// soft cost it would add.
pub fn shortfall_reasons(
    model: &Model,
    rota: &crate::rota::Rota,
    report: &check::CheckReport,
) -> Vec<Vec<Reason>> {
    let mut trials = Trials::new(model, rota, report);
    report
        .cover
        .iter()
        .map(|line| {
            if line.under == 0 || trials.exhausted() {
                return Vec::new();
            }
            let (Some(d), Some(t)) = (model.horizon.day_of(line.date), model.shift_ix(&line.shift))
            else {
                return Vec::new();
            };
            (0..model.people.len())
                .filter(|&p| {
                    let person = &model.people[p];
                    line.skills.iter().all(|s| person.skills.contains(s))
                        && !line.people.contains(&person.id)
                })
                .map(|p| Reason {
                    person: model.people[p].id.clone(),
                    why: trials.why_not(p, d, t),
                })
                .collect()
        })
        .collect()
}

/// A violation's message without the `person date: ` that begins it.
fn facts_of(v: &check::Violation) -> &str {
    match v.message.split_once(": ") {
        Some((head, rest)) if v.person.as_deref().is_some_and(|p| head.starts_with(p)) => rest,
        _ => &v.message,
    }
}

/// Trial shifts added to a rota, each checked against one person's own rules: a model of
/// that person alone (no cover, demand, office days or job shares) is built once per
/// person, so a trial costs a check of one person's days, not the team's.
struct Trials<'a> {
    model: &'a Model,
    rota: &'a crate::rota::Rota,
    report: &'a check::CheckReport,
    /// Per person: their model alone, their rota, and its hard violations before any trial.
    alone: Vec<Option<Alone>>,
    /// Person-days the trials may still check ([`TRIAL_BUDGET`]).
    budget: usize,
}

/// Person-days of checking the trials of one report may spend: the reasons of a rota with
/// thousands of short lines over a long horizon would otherwise take minutes after a
/// solve that kept its time limit. Counted in work, not seconds, so that the same rota
/// always gets the same reasons; lines past it get none (measurements in
/// `docs/TUNING.md`).
const TRIAL_BUDGET: usize = 600_000;

/// One person's model, rota and hard violations, for [`Trials`].
struct Alone {
    model: Model,
    rota: crate::rota::Rota,
    base: std::collections::HashSet<(RuleId, String)>,
}

impl<'a> Trials<'a> {
    fn new(model: &'a Model, rota: &'a crate::rota::Rota, report: &'a check::CheckReport) -> Self {
        Trials {
            model,
            rota,
            report,
            alone: (0..model.people.len()).map(|_| None).collect(),
            budget: TRIAL_BUDGET,
        }
    }

    /// Whether the trials have spent their budget.
    fn exhausted(&self) -> bool {
        self.budget == 0
    }

    /// Spends `person_days` of checking.
    fn spend(&mut self, person_days: usize) {
        self.budget = self.budget.saturating_sub(person_days);
    }

    /// Person `p` alone: their own rules, nothing linking them to others.
    fn alone(&mut self, p: PersonIx) -> &Alone {
        let (model, rota) = (self.model, self.rota);
        self.alone[p].get_or_insert_with(|| {
            let mut one = model.clone();
            one.people = vec![model.people[p].clone()];
            one.shift_cover.clear();
            one.activity_demand.clear();
            one.office_days.clear();
            one.job_shares.clear();
            one.rules.pairing.clear();
            one.pins.retain(|pin| pin.person == p);
            one.pins.iter_mut().for_each(|pin| pin.person = 0);
            if let Some(published) = &mut one.published {
                published.days.retain(|day| day.person == p);
                published.days.iter_mut().for_each(|day| day.person = 0);
            }
            for activity in &mut one.activities {
                activity.worker = activity.worker.filter(|&w| w == p).map(|_| 0);
            }
            let id = &model.people[p].id;
            let own = crate::rota::Rota {
                assignments: rota
                    .assignments
                    .iter()
                    .filter(|a| &a.person == id)
                    .cloned()
                    .collect(),
                design: None,
            };
            let base = check::check(&one, &own)
                .violations
                .into_iter()
                .filter(|v| v.hard)
                .map(|v| (v.rule, v.message))
                .collect();
            Alone {
                model: one,
                rota: own,
                base,
            }
        })
    }

    /// Why person `p` is not on template `t` on day `d` of the rota.
    fn why_not(&mut self, p: PersonIx, d: usize, t: ShiftIx) -> String {
        let (model, rota, report) = (self.model, self.rota, self.report);
        if let Some(why) = blocked(model, p, d, t) {
            return why;
        }
        let person = &model.people[p];
        let date = model.horizon.date(d);
        let shift = &model.shifts[t];
        let working: Vec<&str> = rota
            .assignments
            .iter()
            .filter(|a| a.person == person.id && a.date == date)
            .map(|a| a.shift.as_str())
            .collect();
        // An on-call overlay may follow the day's work shift; anything else is a second
        // shift.
        let overlay_ok = working.iter().all(|w| {
            model
                .shift_ix(w)
                .is_some_and(|w| shift.after.contains(&w) || model.shifts[w].after.contains(&t))
        });
        // A second shift that day is not allowed: the trial swaps it for this one.
        let swap = !working.is_empty() && !overlay_ok;
        let added = crate::rota::Assignment {
            person: person.id.clone(),
            date,
            shift: shift.id.clone(),
            start: crate::rota::clock(shift.start),
            end: crate::rota::clock(shift.end % DAY),
            location: match shift.kind {
                ShiftKind::Work => model
                    .locations
                    .iter()
                    .find(|l| l.base && !l.home)
                    .map(|l| l.id.clone()),
                ShiftKind::OnCall => None,
            },
            activities: Vec::new(),
        };
        let with = |rota: &crate::rota::Rota| {
            let mut trial = rota.clone();
            if swap {
                trial
                    .assignments
                    .retain(|a| !(a.person == person.id && a.date == date));
            }
            trial.assignments.push(added.clone());
            trial
        };
        let swapped = |verdict: String| match swap {
            true => format!(
                "works `{}` that day; on `{}` instead, {verdict}",
                working.join("` and `"),
                shift.id
            ),
            false => verdict,
        };
        // The person's own hard rules, on their days alone.
        self.spend(model.horizon.days);
        let alone = self.alone(p);
        let after = check::check(&alone.model, &with(&alone.rota));
        let mut broken: Vec<&check::Violation> = after
            .violations
            .iter()
            .filter(|v| v.hard && shift_level(v.rule))
            .filter(|v| !alone.base.contains(&(v.rule, v.message.clone())))
            .collect();
        if !broken.is_empty() {
            broken.sort_by_key(|v| particular(v.rule));
            let first = broken[0];
            let more = match broken.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            return swapped(format!(
                "would break {}: {}{more}",
                first.rule.as_str(),
                facts_of(first)
            ));
        }
        // Free by the hard rules: what it would add to the team's soft cost, rule by rule.
        self.spend(model.horizon.days * model.people.len());
        let after = check::check(model, &with(rota));
        let mut added: Vec<(f64, RuleId)> = after
            .penalties
            .iter()
            .map(|a| {
                let was = report
                    .penalties
                    .iter()
                    .find(|b| b.rule == a.rule)
                    .map_or(0.0, |b| b.cost);
                (a.cost - was, a.rule)
            })
            .filter(|&(delta, rule)| delta > 1e-6 && !time_use(rule))
            .collect();
        added.sort_by(|a, b| b.0.total_cmp(&a.0));
        swapped(match (added.is_empty(), swap) {
            // Moved from another line: that line is as short instead.
            (true, true) => format!("it leaves `{}` as short instead", working.join("` and `")),
            (true, false) => "free: the solver stopped before it found this".into(),
            (false, _) => format!(
                "could, at a cost: {}",
                added
                    .iter()
                    .map(|(c, r)| format!("{} +{c:.1}", r.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }
}

/// How particular a broken rule is as a reason, most first: a rest or a cap names the
/// shift in the way; hours over the contract follow from any extra shift.
fn particular(rule: RuleId) -> usize {
    use RuleId::*;
    [
        MinRest,
        ForbiddenSuccession,
        MaxShifts,
        UnsocialWindow,
        MaxConsecutiveDays,
        WeeklyRest,
        MaxMinutesPer7Days,
        MaxDaysPerWeek,
        MaxWeekends,
        WeeklyMinutes,
        ContractMinutes,
    ]
    .iter()
    .position(|&r| r == rule)
    .unwrap_or(9)
}

/// For each activity-demand line of `report` left short in `rota` (in the order of
/// `report.demand`): per person with the activity's skills who is not doing it in the
/// first short stretch of its window, why not: off that day (and what a shift would
/// break), a shift that is not on then, another activity then (named, with its own demand
/// or not), a template or base the activity does not allow, or time left free.
pub fn demand_reasons(
    model: &Model,
    rota: &crate::rota::Rota,
    report: &check::CheckReport,
) -> Vec<Vec<Reason>> {
    let resolved = check::resolve::resolve(model, rota);
    let mut trials = Trials::new(model, rota, report);
    report
        .demand
        .iter()
        .map(|line| {
            let (Some(a), Some(d)) = (
                model.activity_ix(&line.activity),
                model.horizon.day_of(line.date),
            ) else {
                return Vec::new();
            };
            if line.short_person_minutes == 0 || trials.exhausted() {
                return Vec::new();
            }
            let window = line
                .shortfalls
                .first()
                .map_or((line.start, line.end), |s| (s.0, s.1));
            (0..model.people.len())
                .filter(|&p| {
                    let skills = &model.activities[a].skills;
                    skills.iter().all(|s| model.people[p].skills.contains(s))
                })
                .filter_map(|p| {
                    let why = activity_why_not(&mut trials, &resolved, p, d, a, window)?;
                    Some(Reason {
                        person: model.people[p].id.clone(),
                        why,
                    })
                })
                .collect()
        })
        .collect()
}

/// Why person `p` is not doing activity `a` in `[ws, we)` on day `d` (`None`: they are).
fn activity_why_not(
    trials: &mut Trials,
    resolved: &check::resolve::Resolved,
    p: PersonIx,
    d: usize,
    a: usize,
    (ws, we): (i64, i64),
) -> Option<String> {
    let model = trials.model;
    let act = &model.activities[a];
    let overlaps = |s: i64, e: i64| s < we && ws < e;
    let shifts: Vec<&check::resolve::Asg> = resolved
        .on_day(p, d)
        .filter(|x| model.shifts[x.shift].kind == ShiftKind::Work)
        .collect();
    if shifts.iter().any(|x| {
        x.blocks
            .iter()
            .any(|b| b.activity == a && overlaps(b.start, b.end))
    }) {
        return None;
    }
    let Some(work) = shifts.first() else {
        // Off that day: what the first template that could hold it would break.
        let allowed = |t: &ShiftIx| {
            let s = &model.shifts[*t];
            s.kind == ShiftKind::Work
                && (act.shifts.is_empty() || act.shifts.contains(t))
                && overlaps(d as i64 * DAY + s.start, d as i64 * DAY + s.end)
        };
        let templates: Vec<ShiftIx> = (0..model.shifts.len()).filter(allowed).collect();
        let open = templates
            .iter()
            .find(|&&t| blocked(model, p, d, t).is_none());
        return Some(match (open, templates.first()) {
            (Some(&t), _) => format!(
                "off that day; on `{}`, {}",
                model.shifts[t].id,
                trials.why_not(p, d, t)
            ),
            (None, Some(&t)) => format!("off that day: {}", blocked(model, p, d, t)?),
            (None, None) => "off that day, and no shift holds it then".into(),
        });
    };
    let shift = &model.shifts[work.shift];
    if !overlaps(work.start, work.end) {
        return Some(format!(
            "works `{}` {}-{}, not then",
            shift.id,
            crate::rota::clock(work.start),
            crate::rota::clock(work.end)
        ));
    }
    if !act.shifts.is_empty() && !act.shifts.contains(&work.shift) {
        return Some(format!("`{}` is not done on `{}`", act.id, shift.id));
    }
    let busy: Vec<String> = work
        .blocks
        .iter()
        .filter(|b| b.activity != a && overlaps(b.start, b.end))
        .map(|b| {
            let other = &model.activities[b.activity];
            let own = model.activity_demand.iter().any(|l| {
                l.activity == b.activity && l.day == d && l.start < b.end && b.start < l.end
            });
            match own {
                true => format!("`{}` (its own demand)", other.id),
                false => format!("`{}`", other.id),
            }
        })
        .collect();
    if !busy.is_empty() {
        let mut busy = busy;
        busy.dedup();
        return Some(format!("does {} then", busy.join(" and ")));
    }
    let bases_only = act.locations.iter().all(|&l| model.locations[l].base);
    if let (true, Some(l)) = (bases_only, work.location) {
        if !act.locations.contains(&l) {
            let at: Vec<&str> = act
                .locations
                .iter()
                .map(|&l| model.locations[l].id.as_str())
                .collect();
            return Some(format!(
                "based at `{}` that day; `{}` is done at {} only",
                model.locations[l].id,
                act.id,
                at.join(", ")
            ));
        }
    }
    Some("at work and free then: the time is kept for reserve, admin or block rules".into())
}

/// What one change would do for a short shift-cover line, computed by solving again.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The short line's day.
    pub date: NaiveDate,
    /// The short line's template.
    pub shift: String,
    /// The change, in words.
    pub change: String,
    /// The objective before the change.
    pub before: f64,
    /// The objective with it (`None`: no rota in the time given).
    pub after: Option<f64>,
    /// Whether the line is covered with it.
    pub covered: bool,
}

/// For each short shift-cover line of `report` (the first `most`), the objective with one
/// more person for exactly that line: the line's skills, agency terms (paid at the
/// highest rate in the team, never eligible for fair shares), able to work only that
/// template on that day. Each is a full solve in `seconds_each`; lines are taken in
/// report order and the answers do not depend on the threads.
pub fn suggest(
    model: &Model,
    report: &check::CheckReport,
    objective: f64,
    options: &SolveOptions,
    most: usize,
    seconds_each: f64,
) -> Vec<Suggestion> {
    let options = SolveOptions {
        time_limit: Some(seconds_each),
        progress: None,
        trace: None,
        verbose: false,
        ..options.clone()
    };
    report
        .cover
        .iter()
        .filter(|l| l.under > 0)
        .take(most)
        .filter_map(|line| {
            let d = model.horizon.day_of(line.date)?;
            let t = model.shift_ix(&line.shift)?;
            let mut more = model.clone();
            more.people.push(one_more(model, d, t, &line.skills));
            let after = milp::solve(&more, &options).ok().and_then(|s| {
                let rota = s.rota?;
                let covered = check::check(&more, &rota)
                    .cover
                    .iter()
                    .any(|c| c.date == line.date && c.shift == line.shift && c.under < line.under);
                Some((s.objective?, covered))
            });
            let skills = match line.skills.is_empty() {
                true => String::new(),
                false => format!("{} ", line.skills.join(", ")),
            };
            Some(Suggestion {
                date: line.date,
                shift: line.shift.clone(),
                change: format!("one more {skills}person for this line only (agency terms)"),
                before: objective,
                after: after.map(|a| a.0),
                covered: after.is_some_and(|a| a.1),
            })
        })
        .collect()
}

/// A person who can work template `t` on day `d` and nothing else, with `skills`.
fn one_more(model: &Model, d: usize, t: ShiftIx, skills: &[String]) -> crate::model::Person {
    let mut person = model.people[0].clone();
    let rate = model
        .people
        .iter()
        .map(|p| p.cost_per_hour)
        .fold(0.0, f64::max);
    person.id = "one_more".into();
    person.name = "one more".into();
    person.skills = skills.to_vec();
    person.agency = true;
    person.cost_per_hour = rate;
    person.home_days_per_week = None;
    person.requests.clear();
    person.activity_caps.clear();
    person.max_families = None;
    person.leave_credit_minutes = 0;
    person.leave_days.clear();
    person.locked_days.clear();
    person.history.clear();
    person.unsocial_before = Default::default();
    // Every other day unavailable: the person is there for this line only.
    let shift = &model.shifts[t];
    let (start, end) = (d as i64 * DAY + shift.start, d as i64 * DAY + shift.end);
    person.unavailable = (0..model.horizon.days)
        .filter(|&e| e != d)
        .map(|e| {
            let (a, b) = (e as i64 * DAY, (e as i64 + 1) * DAY);
            // Clipped where the shift itself runs into the day (a night).
            match e > d {
                true => (a.max(end), b),
                false => (a, b.min(start)),
            }
        })
        .filter(|(a, b)| a < b)
        .collect();
    let counted = shift.counted_minutes(&model.rules);
    let c = &mut person.contract;
    c.id = "one_more".into();
    c.fte = 0.01;
    c.target_minutes = 0;
    c.min_minutes = 0;
    c.max_minutes = counted;
    c.weekly.clear();
    c.allowed_shifts = vec![t];
    c.weekdays = vec![model.horizon.weekday(d)];
    c.max_days_per_week = None;
    c.max_shifts.clear();
    c.max_shifts_per_week.clear();
    c.min_consecutive_days = 1;
    c.max_consecutive_days = None;
    c.min_consecutive_days_off = 1;
    c.max_weekends = None;
    person
}
