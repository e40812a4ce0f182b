//! A menu's design chosen inside one programme ([`crate::model::DesignChoice`]) rather than
//! by solving every design: the goal's questions as a few solves of the same programme,
//! then the answers an OD lead asks next (what granting nothing costs, the next-best
//! design, and what stopped each request that was not granted), each one more solve.

use std::cell::Cell;
use std::time::Instant;

use super::{Choice, DesignReport, DesignRow, Goal, Solve, Variant, VariantResult, Verdict};
use crate::milp::SolveOptions;
use crate::model::{DesignChoice, Model};
use crate::pipeline::RunStatus;

/// Share of the time limit the answer may take (the first solve); the report's questions
/// share what it leaves, one equal part each.
const ANSWER_SHARE: f64 = 0.7;

/// Least time, seconds, worth giving a question of the report: with less left, it is not
/// asked and the report says so.
const LEAST_QUESTION: f64 = 1.0;

/// What a question not asked says, its solve's error.
const NOT_ASKED: &str = "not asked: the time limit was spent";

/// Chooses `choice`'s design in `programme` (the variant with every option's copy), and
/// explains the choice. A time limit is the whole variant's, report included: the answer
/// has [`ANSWER_SHARE`] of it and each later question an equal part of what is left.
pub(super) fn choose(
    v: &Variant,
    choice: &Choice,
    programme: &Model,
    options: &SolveOptions,
) -> VariantResult {
    let ask = Ask {
        programme,
        options,
        goal: choice.goal,
        started: Instant::now(),
        questions: Cell::new(None),
    };
    let mut seconds = 0.0;
    let best = ask.best(&[], &mut seconds);
    ask.questions.set(Some(ask.questions_after(&best)));
    let Some(picks) = best.picks.clone() else {
        // The closest: the best design once cover and cost may be anything; the variant's
        // row shows it, as the enumeration's does.
        let mut rows = Vec::new();
        let mut shown = best;
        let mut changes = v.changes.clone();
        let reason = match shown.status {
            RunStatus::Infeasible => {
                let free = ask.unlimited(&mut seconds);
                match free.picks.clone() {
                    Some(p) => {
                        let breaks = free.breaks(&choice.limits);
                        let why = breaks.clone().unwrap_or_default();
                        rows.push(ask.row(&p, &free, breaks));
                        let reason = format!(
                            "no design keeps the limits; the closest is `{}` ({}), which breaks them: {why}{}",
                            ask.label(&p),
                            figures(&free),
                            short_lines(&free)
                        );
                        changes.extend(ask.granted_words(&p));
                        shown = free;
                        reason
                    }
                    None if free.status == RunStatus::Infeasible => {
                        "no design keeps the hard rules, whatever the limits".to_string()
                    }
                    None => format!(
                        "no design keeps the limits; whatever the limits, {}",
                        unsettled(&free)
                    ),
                }
            }
            _ => format!("no design found ({})", unsettled(&shown)),
        };
        let report = DesignReport {
            goal: choice.goal,
            limits: choice.limits,
            chosen: None,
            reason,
            designs: rows,
            method: super::ChoiceMethod::Programme,
            designs_in_menu: ask.designs(),
        };
        shown.seconds = seconds;
        return shown.into_result(v, &changes, Some(report));
    };
    let mut rows = vec![ask.row(&picks, &best, None)];
    // The next best: the same questions with the chosen design excluded.
    let next = ask.best(std::slice::from_ref(&picks), &mut seconds);
    if let Some(p) = &next.picks {
        rows.push(ask.row(p, &next, None));
    }
    // No change at all, the difference an OD lead starts from.
    let keep = vec![0; picks.len()];
    let none = match picks == keep {
        true => None,
        false => Some(ask.forced(&keep, &mut seconds)),
    };
    if let Some(none) = &none {
        rows.push(ask.row(&keep, none, none.breaks(&choice.limits)));
    }
    // Each request not granted: the best design that grants it, or, when none keeps the
    // limits, the best that grants it without them and the limit it breaks.
    let mut notes = Vec::new();
    for (g, group) in ask.groups().iter().enumerate() {
        if picks[g] != 0 {
            continue;
        }
        for k in 1..group.copies.len() {
            let mut want = vec![None; picks.len()];
            want[g] = Some(k);
            // The best design granting it, under the same goal.
            let most_granted = ask.goal == Goal::Flexibility;
            let with = ask.solve(&mut seconds, |c| {
                c.forced = want.clone();
                c.most_granted = most_granted;
            });
            let request = format!("{}: {}", ask.person(g), group.labels[k]);
            let (solve, why) = match (&with.picks, with.status) {
                (Some(_), _) => {
                    let why = ask.compare(&with, &best);
                    (with, why)
                }
                (None, RunStatus::Infeasible) => {
                    let free = ask.solve_part(&mut seconds, false, |c| {
                        c.forced = want.clone();
                        c.limits.min_cover_pct = None;
                        c.limits.max_weekly_cost = None;
                    });
                    let why = match (&free.picks, free.breaks(&choice.limits)) {
                        (None, _) if free.status == RunStatus::Infeasible => {
                            ask.why_not(g, k, free.status)
                        }
                        (None, _) => unsettled(&free),
                        (Some(_), Some(limit)) => {
                            format!("breaks the limits: {limit}{}", short_lines(&free))
                        }
                        (Some(_), None) => "breaks `max_changes` with the options granted".into(),
                    };
                    (free, why)
                }
                (None, _) => {
                    let why = unsettled(&with);
                    (with, why)
                }
            };
            notes.push(format!("{request}: {why}"));
            let listed = |p: &[usize]| rows.iter().any(|r| r.label == ask.label(p));
            if let Some(p) = solve.picks.as_deref().filter(|p| !listed(p)) {
                let breaks = solve.breaks(&choice.limits);
                rows.push(ask.row(p, &solve, breaks));
            }
        }
    }
    let label = ask.label(&picks);
    let mut reason = format!(
        "`{label}` ({}) is the best of {} designs, chosen in one programme",
        plain_figures(&best),
        ask.designs()
    );
    if let Verdict::Inconclusive(why) = best.verdict(&choice.limits) {
        reason.push_str(&format!(" ({why})"));
    }
    if best.status == RunStatus::Feasible {
        match best.gap {
            Some(g) => reason.push_str(&format!(
                "; not proven best within the time limit (gap {:.1}%)",
                g * 100.0
            )),
            None => reason.push_str("; not proven best within the time limit"),
        }
    }
    match (&next.picks, next.status) {
        (Some(p), _) => reason.push_str(&format!(
            "; the next best is `{}` ({})",
            ask.label(p),
            figures(&next)
        )),
        (None, RunStatus::Infeasible) => reason.push_str("; no other design keeps the limits"),
        (None, _) => reason.push_str(&format!(
            "; no next-best design found ({})",
            unsettled(&next)
        )),
    }
    if let Some(none) = &none {
        if let (Some(o), Some(b)) = (best.objective, none.objective) {
            reason.push_str(&format!(
                "; against no change ({}) the objective moves by {:+.1}",
                figures(none),
                o - b
            ));
        }
    }
    for note in &notes {
        reason.push_str(&format!("; not granted, {note}"));
    }
    let changes: Vec<String> = v
        .changes
        .iter()
        .cloned()
        .chain(ask.granted_words(&picks))
        .collect();
    let report = DesignReport {
        goal: choice.goal,
        limits: choice.limits,
        chosen: Some(label),
        reason,
        designs: rows,
        method: super::ChoiceMethod::Programme,
        designs_in_menu: ask.designs(),
    };
    let mut best = best;
    best.seconds = seconds;
    best.into_result(v, &changes, Some(report))
}

/// The solve of a question not asked (too little time left).
fn not_asked() -> Solve {
    Solve::without_rota(RunStatus::NoSolution, true, Some(NOT_ASKED.to_string()))
}

/// Why a solve gave no design though one may exist, in words: its question was not asked,
/// or its time ran out first.
fn unsettled(s: &Solve) -> String {
    match (s.error.as_deref(), s.time_limited) {
        (Some(NOT_ASKED), _) => NOT_ASKED.to_string(),
        (Some(error), _) => format!("not settled: {error}"),
        (None, true) => format!("not settled within the time limit ({})", s.status),
        (None, false) => format!("not settled ({})", s.status),
    }
}

/// Cover, cost and objective in words, and whether the rota is only the best found in
/// its time (its design may do better).
fn figures(s: &Solve) -> String {
    let unproven = match (s.status, s.gap) {
        (RunStatus::Feasible, Some(g)) => format!(", best found in time, gap {:.1}%", g * 100.0),
        (RunStatus::Feasible, None) => ", best found in time".to_string(),
        _ => String::new(),
    };
    match s.objective {
        Some(_) => format!("{}{unproven}", plain_figures(s)),
        None => plain_figures(s),
    }
}

/// Cover, cost and objective in words.
fn plain_figures(s: &Solve) -> String {
    match (s.cover(), s.weekly_cost(), s.objective) {
        (Some(c), Some(w), Some(o)) => format!("cover {c:.1}%, £{w:.0}/wk, objective {o:.1}"),
        _ => format!("no rota ({})", s.status),
    }
}

/// The demand lines a rota leaves most short, in words (`; short: duty 4.0 h, ...`).
fn short_lines(s: &Solve) -> String {
    let Some(m) = &s.metrics else {
        return String::new();
    };
    let mut short: Vec<_> = m
        .by_activity
        .iter()
        .filter(|a| a.uncovered_hours > 1e-9)
        .collect();
    short.sort_by(|a, b| b.uncovered_hours.total_cmp(&a.uncovered_hours));
    let words: Vec<String> = short
        .iter()
        .take(3)
        .map(|a| format!("{} {:.1} h", a.activity, a.uncovered_hours))
        .collect();
    match words.is_empty() {
        true => String::new(),
        false => format!(" (it would leave short: {})", words.join(", ")),
    }
}

/// The programme and how to ask it questions.
struct Ask<'a> {
    programme: &'a Model,
    options: &'a SolveOptions,
    goal: Goal,
    /// When the variant's time began.
    started: Instant,
    /// Questions left to ask after the answer, each given an equal part of the time left
    /// (`None` while the answer is asked).
    questions: Cell<Option<usize>>,
}

impl Ask<'_> {
    fn choice(&self) -> &DesignChoice {
        self.programme
            .choice
            .as_ref()
            .expect("a programme has a choice")
    }

    fn groups(&self) -> &[crate::model::OptionGroup] {
        &self.choice().groups
    }

    /// The person of menu `g`.
    fn person(&self, g: usize) -> &str {
        &self.programme.people[self.groups()[g].copies[0]].id
    }

    /// The number of designs the menus make, within `max_changes`.
    fn designs(&self) -> u64 {
        let most = self.choice().limits.max_changes.unwrap_or(usize::MAX);
        // ways[n]: designs granting n options among the menus so far.
        let mut ways: Vec<u64> = vec![1];
        for group in self.groups() {
            let options = (group.copies.len() - 1) as u64;
            let mut next = vec![0u64; ways.len() + 1];
            for (n, &w) in ways.iter().enumerate() {
                next[n] = next[n].saturating_add(w);
                next[n + 1] = next[n + 1].saturating_add(w.saturating_mul(options));
            }
            ways = next;
        }
        ways.iter()
            .take(most.saturating_add(1))
            .fold(0u64, |a, &w| a.saturating_add(w))
    }

    /// The options granted by `picks`, in words (`person: label`).
    fn granted_words(&self, picks: &[usize]) -> Vec<String> {
        self.groups()
            .iter()
            .enumerate()
            .filter(|&(g, _)| picks[g] != 0)
            .map(|(g, group)| format!("{}: {}", self.person(g), group.labels[picks[g]]))
            .collect()
    }

    /// A design's label, as the enumeration names it.
    fn label(&self, picks: &[usize]) -> String {
        let words = self.granted_words(picks);
        match words.is_empty() {
            true => "no change".to_string(),
            false => words.join("; "),
        }
    }

    /// The questions the report asks after the answer `best`, at most (the next best, no
    /// change, and one for each option not granted; a question's second solve shares its
    /// time).
    fn questions_after(&self, best: &Solve) -> usize {
        let Some(picks) = &best.picks else {
            return 1;
        };
        let not_granted: usize = self
            .groups()
            .iter()
            .zip(picks)
            .filter(|&(_, &k)| k == 0)
            .map(|(g, _)| g.copies.len() - 1)
            .sum();
        // The next best, and no change unless it is the answer.
        let no_change = usize::from(picks.iter().any(|&k| k != 0));
        1 + no_change + not_granted
    }

    /// The time limit of the next solve (`Some(None)` without a limit): the answer's share
    /// of the variant's limit, or for a `new` question an equal part of what is left for
    /// each question still to ask; a question's second solve has what its first left of
    /// that part. `None` when too little is left to ask it.
    fn time_for_next(&self, new: bool) -> Option<Option<f64>> {
        let Some(limit) = self.options.time_limit else {
            return Some(None);
        };
        let left = limit - self.started.elapsed().as_secs_f64();
        let time = match self.questions.get() {
            // The answer is always asked.
            None => return Some(Some((limit * ANSWER_SHARE).max(limit.min(LEAST_QUESTION)))),
            Some(n) if new => {
                self.questions.set(Some(n.saturating_sub(1)));
                left / n.max(1) as f64
            }
            Some(n) => left / (n + 1) as f64,
        };
        (time >= LEAST_QUESTION).then_some(Some(time.min(left)))
    }

    /// Solves the programme with its choice edited by `edit`; the seconds add to `seconds`.
    /// With a time limit, the solve has its part of it ([`Ask::time_for_next`]), and is not
    /// run when too little is left (status `no_solution`, error [`NOT_ASKED`]).
    fn solve(&self, seconds: &mut f64, edit: impl FnOnce(&mut DesignChoice)) -> Solve {
        self.solve_part(seconds, true, edit)
    }

    /// [`Ask::solve`], as a `new` question or as the second solve of the last one.
    fn solve_part(
        &self,
        seconds: &mut f64,
        new: bool,
        edit: impl FnOnce(&mut DesignChoice),
    ) -> Solve {
        let Some(time_limit) = self.time_for_next(new) else {
            return not_asked();
        };
        let mut model = self.programme.clone();
        edit(model.choice.as_mut().expect("a programme has a choice"));
        let options = SolveOptions {
            time_limit,
            ..self.options.clone()
        };
        let s = super::run(&model, &options);
        *seconds += s.seconds;
        s
    }

    /// The best design under the goal, `excluded` left out: for flexibility, the lowest
    /// objective among the designs granting the most options any design keeping the limits
    /// grants (the solve asks both questions in turn).
    fn best(&self, excluded: &[Vec<usize>], seconds: &mut f64) -> Solve {
        let most_granted = self.goal == Goal::Flexibility;
        self.solve(seconds, |c| {
            c.excluded = excluded.to_vec();
            c.most_granted = most_granted;
        })
    }

    /// The best design under the goal when cover and cost may be anything (`max_changes`
    /// still holds).
    fn unlimited(&self, seconds: &mut f64) -> Solve {
        let most_granted = self.goal == Goal::Flexibility;
        self.solve(seconds, |c| {
            c.limits.min_cover_pct = None;
            c.limits.max_weekly_cost = None;
            c.most_granted = most_granted;
        })
    }

    /// Why no rota keeps the hard rules with option `k` of menu `g` granted, whatever the
    /// limits: the diagnosis of that design (everybody else as they are), in words.
    fn why_not(&self, g: usize, k: usize, status: RunStatus) -> String {
        let mut picks = vec![0; self.groups().len()];
        picks[g] = k;
        let design = self.programme.design(&picks);
        // The diagnosis shares the question's part of the time.
        let Some(time_limit) = self.time_for_next(false) else {
            return format!("no rota keeps the hard rules with it, whatever the limits ({status})");
        };
        let options = SolveOptions {
            time_limit,
            ..self.options.clone()
        };
        let causes = crate::explain::diagnose(&design, &options);
        match causes.first() {
            Some(c) => format!(
                "no rota keeps the hard rules with it, whatever the limits: `{}` {}",
                c.rule, c.facts
            ),
            None => format!("no rota keeps the hard rules with it, whatever the limits ({status})"),
        }
    }

    /// The best rota of one design (`picks`), whatever the limits: the design's own model
    /// (an ordinary team, solved as any other, far quicker than the programme of every
    /// option held to one design).
    fn forced(&self, picks: &[usize], seconds: &mut f64) -> Solve {
        let Some(time_limit) = self.time_for_next(true) else {
            return not_asked();
        };
        let options = SolveOptions {
            time_limit,
            ..self.options.clone()
        };
        let mut s = super::run(&self.programme.design(picks), &options);
        *seconds += s.seconds;
        if s.rota.is_some() {
            s.picks = Some(picks.to_vec());
        }
        s
    }

    /// Why a design granting a request lost to the chosen one, in words.
    fn compare(&self, with: &Solve, best: &Solve) -> String {
        let picks = with.picks.as_deref().unwrap_or_default();
        let granted = picks.iter().filter(|&&k| k != 0).count();
        let best_granted = best
            .picks
            .as_deref()
            .map_or(0, |p| p.iter().filter(|&&k| k != 0).count());
        let objective = match (with.objective, best.objective) {
            (Some(w), Some(b)) => format!("objective {:+.1}", w - b),
            _ => String::new(),
        };
        match (self.goal, granted < best_granted) {
            (Goal::Flexibility, true) => format!(
                "granting it, the best design is `{}`, {granted} granted instead of {best_granted} ({objective})",
                self.label(picks)
            ),
            _ => format!(
                "granting it, the best design is `{}` ({}; {objective})",
                self.label(picks),
                figures(with)
            ),
        }
    }

    /// A row of the report for the design `picks` and its solve.
    fn row(&self, picks: &[usize], s: &Solve, breaks: Option<String>) -> DesignRow {
        DesignRow {
            label: self.label(picks),
            granted: picks.iter().filter(|&&k| k != 0).count(),
            status: s.status,
            objective: s.objective,
            cover_pct: s.cover(),
            weekly_cost: s.weekly_cost(),
            breaks,
            inconclusive: None,
        }
    }
}
