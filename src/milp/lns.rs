//! Large-neighbourhood search: keep most of the best rota fixed, re-optimise a part of it
//! (a team over a week, a window of days or two, a group of people, the weekends, the
//! people column generation's dive left unsettled) with
//! HiGHS, keep the result when it is better, and move on to the next neighbourhood, until
//! the time is up.
//!
//! Each neighbourhood is a fresh compile of the same model (deterministic column order)
//! with the columns outside it fixed by equality rows, which HiGHS's presolve removes, and
//! the best rota passed as the starting solution, so a sub-solve can only improve it. Some
//! kinds hold the rest loosely instead ([`Kind::loose`]): outside the neighbourhood each
//! person keeps the days they work, not the shifts.

use std::time::Instant;

use good_lp::constraint;

use super::compile;
use super::solve::{self, OnStale, SolveError};
use super::{SolveOptions, SolveStatus};
use crate::model::Model;

/// Share of the time limit given to HiGHS on the whole programme before the search starts.
pub(super) const FIRST_SHARE: f64 = 0.3;

/// Relative gap after the first phase above which the search runs; below it HiGHS is
/// closing in on its own and gets the rest of the time on the whole programme, where the
/// search would only take time from it.
pub(super) const SEARCH_GAP: f64 = 0.15;

/// Columns from which a time-limited solve starts the search from HiGHS's first rota
/// rather than after a fixed share of the time.
pub(super) const LARGE: usize = 20_000;

/// Share of the time limit kept for HiGHS on the whole programme after the search when no
/// bound is known yet.
pub(super) const BOUND_SHARE: f64 = 0.15;

/// Rounds of search, without a time limit, between a shifts-first rota that misses the
/// relaxation's bound and solving the whole programme to optimality. Counted in rounds,
/// not seconds, so that a busy machine gives the same rota as an idle one.
const ROUNDS_WITHOUT_LIMIT: usize = 40;

/// Neighbourhoods per round without a time limit, whatever the workers: the rounds, and so
/// the rota, are then the same for any `--threads`.
const ROUND_WITHOUT_LIMIT: usize = 2;

/// HiGHS's node limit on each neighbourhood without a time limit (a deterministic measure
/// of work, where the time-limited search stops each at a share of the clock).
const SUB_NODES_WITHOUT_LIMIT: usize = 2000;

/// Days in a window neighbourhood.
const WINDOW_DAYS: usize = 7;
/// Days in each window of a pair.
const PAIR_DAYS: usize = 4;
/// Days either side of a weekend in the weekend neighbourhood.
const WEEKEND_MARGIN: usize = 1;
/// People in a group neighbourhood.
const GROUP_PEOPLE: usize = 8;

/// The best rota found.
pub(super) struct Improved {
    pub values: Vec<f64>,
    pub objective: Option<f64>,
    pub seconds: f64,
}

/// A part of the rota left free.
#[derive(Debug, Clone)]
enum Neighbourhood {
    /// Days `[start, start + len)`, every person.
    Days { start: usize, len: usize },
    /// People `p` with `p % groups == g`, every day.
    People { g: usize, groups: usize },
    /// Days `[a, a + len)` and `[b, b + len)`, every person: work can move between two
    /// parts of the horizon, which a person's limits over the whole horizon (minutes,
    /// shifts, weekends) otherwise stop.
    Pair { a: usize, b: usize, len: usize },
    /// Days `[start, start + len)` of people `[first, first + count)`: people listed
    /// together (a team) over a week, small enough to solve to optimality in moments.
    Block {
        start: usize,
        len: usize,
        first: usize,
        count: usize,
    },
    /// Every day at most `margin` days from a Saturday or Sunday, every person; day 0 is
    /// `monday0` days after a Monday (its weekday from Monday).
    Weekends { margin: usize, monday0: usize },
    /// These people (sorted), every day.
    Chosen(Vec<usize>),
    /// No day of anyone's: held loosely ([`Kind::loose`]), everyone's shifts change on
    /// the days they work.
    Shifts,
}

impl Neighbourhood {
    fn frees(&self, p: usize, d: usize) -> bool {
        match *self {
            Neighbourhood::Days { start, len } => (start..start + len).contains(&d),
            Neighbourhood::People { g, groups } => p % groups == g,
            Neighbourhood::Pair { a, b, len } => {
                (a..a + len).contains(&d) || (b..b + len).contains(&d)
            }
            Neighbourhood::Block {
                start,
                len,
                first,
                count,
            } => (start..start + len).contains(&d) && (first..first + count).contains(&p),
            Neighbourhood::Weekends { margin, monday0 } => {
                // Days from the weekend by weekday, Monday first.
                const FROM_WEEKEND: [usize; 7] = [1, 2, 3, 2, 1, 0, 0];
                FROM_WEEKEND[(d + monday0) % 7] <= margin
            }
            Neighbourhood::Chosen(ref people) => people.binary_search(&p).is_ok(),
            Neighbourhood::Shifts => false,
        }
    }

    /// Whether the two free some person-day in common (of `people` over `days`).
    fn meets(&self, other: &Neighbourhood, people: usize, days: usize) -> bool {
        (0..people).any(|p| (0..days).any(|d| self.frees(p, d) && other.frees(p, d)))
    }
}

/// `base` with the decision columns (`(person, day, column)`) of the person-days `hood`
/// frees taken from `values`; every other column, slacks included, as in `base`.
fn with_region(
    base: &[f64],
    values: &[f64],
    hood: &Neighbourhood,
    decisions: &[(usize, usize, usize)],
) -> Vec<f64> {
    let mut sum = base.to_vec();
    for &(p, d, c) in decisions {
        if hood.frees(p, d) {
            sum[c] = values[c];
        }
    }
    sum
}

/// The kinds of neighbourhood the search tries, each growing on its own.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Blocks of a week by [`GROUP_PEOPLE`] people listed together (a team over a week).
    Blocks,
    /// Windows of [`WINDOW_DAYS`] days, every person.
    Windows,
    /// Two windows of [`PAIR_DAYS`] days apart, every person.
    Pairs,
    /// Groups of [`GROUP_PEOPLE`] people, every day.
    Groups,
    /// Every weekend with [`WEEKEND_MARGIN`] days either side, every person: weekend
    /// cover, where people's weekend limits bind, often needs many people to move at once.
    /// It can improve a rota where no other kind does. One neighbourhood, at the first
    /// level only: wider margins, and the complement (Tuesday to Thursday), did not pay.
    Weekends,
    /// The people the first rota left unsettled (column generation's dive fixed them
    /// after its time ran out, without pricing), every day, once, first.
    Unsettled,
    /// Everyone's shifts, keeping who works on which days.
    Shifts,
}

impl Kind {
    /// Whether its neighbourhoods hold the rest of the rota loosely (who works on which
    /// days, not which shifts: [`working_programme`]) when the model allows it
    /// ([`loosens`]): the kinds that free everyone over a few days, whose people then
    /// re-fit their shifts on the other days around them. Pairs of windows gain nothing
    /// loose, and a team's or a group's sub-solve held loosely frees every shift of the
    /// rota and runs out of time.
    fn loose(self) -> bool {
        matches!(self, Kind::Weekends | Kind::Windows | Kind::Shifts)
    }
}

/// The neighbourhoods of `kind` at `level`, each dimension doubling with the level;
/// empty once a neighbourhood would be the whole rota (or, for a block, a whole window
/// or group, which the other kinds cover).
fn neighbourhoods(
    model: &Model,
    kind: Kind,
    level: u32,
    unsettled: &[usize],
) -> Vec<Neighbourhood> {
    let days = model.horizon.days;
    let people = model.people.len();
    let len = WINDOW_DAYS << level;
    let group = GROUP_PEOPLE << level;
    match kind {
        Kind::Blocks if len < days && group < people => starts(days, len, len / 2)
            .into_iter()
            .flat_map(|start| {
                (0..people)
                    .step_by(group / 2)
                    .map(move |first| Neighbourhood::Block {
                        start,
                        len,
                        first,
                        count: group.min(people - first),
                    })
            })
            .collect(),
        Kind::Windows if len < days => starts(days, len, len / 2)
            .into_iter()
            .map(|start| Neighbourhood::Days { start, len })
            .collect(),
        Kind::Pairs if 2 * (PAIR_DAYS << level) < days => {
            let len = PAIR_DAYS << level;
            // Windows tiling the horizon, then, at the first level, a second tiling half a
            // window later: a rota no pair of the first tiling improves is often improved
            // by one of the second.
            let tilings = [starts(days, len, len), shifted(days, len)];
            tilings[..if level == 0 { 2 } else { 1 }]
                .iter()
                .flat_map(|starts| {
                    round_robin(starts.len())
                        .into_iter()
                        .map(|(i, j)| (starts[i], starts[j]))
                })
                .filter(|&(a, b)| b >= a + len)
                .map(|(a, b)| Neighbourhood::Pair { a, b, len })
                .collect()
        }
        Kind::Groups if people.div_ceil(group) > 1 => {
            let groups = people.div_ceil(group);
            (0..groups)
                .map(|g| Neighbourhood::People { g, groups })
                .collect()
        }
        Kind::Weekends if level == 0 && days >= 7 => {
            let monday0 = model.horizon.weekday(0).num_days_from_monday() as usize;
            vec![Neighbourhood::Weekends {
                margin: WEEKEND_MARGIN,
                monday0,
            }]
        }
        Kind::Unsettled if level == 0 && !unsettled.is_empty() && unsettled.len() < people => {
            let mut unsettled = unsettled.to_vec();
            unsettled.sort_unstable();
            vec![Neighbourhood::Chosen(unsettled)]
        }
        Kind::Shifts if level == 0 && loosens(model) => vec![Neighbourhood::Shifts],
        _ => Vec::new(),
    }
}

/// Where windows of `len` days start when they tile the horizon from half a window in
/// (the days before the first and after the last left out).
fn shifted(days: usize, len: usize) -> Vec<usize> {
    (len / 2..(days + 1).saturating_sub(len))
        .step_by(len.max(1))
        .collect()
}

/// Every two of `n` things `(i, j)`, `i < j`, once, in the rounds of a round-robin
/// tournament (the circle method): within a round no thing is in two pairs, so
/// neighbourhoods taken in turn spread over the horizon, and those taken together in one
/// parallel round are apart and can both be kept.
fn round_robin(n: usize) -> Vec<(usize, usize)> {
    // With an odd count, a bye: the fixed seat `m - 1` is nobody.
    let m = n + n % 2;
    let turning = m.saturating_sub(1);
    let mut pairs = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for r in 0..turning {
        let mut round = vec![(r, m - 1)];
        for k in 1..m / 2 {
            round.push(((r + k) % turning, (r + turning - k) % turning));
        }
        pairs.extend(
            round
                .into_iter()
                .filter(|&(i, j)| i < n && j < n)
                .map(|(i, j)| (i.min(j), i.max(j))),
        );
    }
    pairs
}

/// Where windows of `len` days (at most `days`) start, `step` apart, and the last one
/// ending on the horizon's last day, so every day is in one.
fn starts(days: usize, len: usize, step: usize) -> Vec<usize> {
    let mut starts: Vec<usize> = (0..days - len + 1).step_by(step.max(1)).collect();
    if starts.last().is_some_and(|&s| s + len < days) {
        starts.push(days - len);
    }
    starts
}

/// How one kind of neighbourhood is doing in the search.
struct Tried {
    kind: Kind,
    /// Its size: every dimension doubles with the level.
    level: u32,
    /// Its neighbourhoods at this level; empty once they would be the whole rota.
    hoods: Vec<Neighbourhood>,
    /// Whether the rest of the rota is held loosely: who works on which days, not which
    /// shifts ([`working_programme`]).
    loose: bool,
    /// Improvements per second of solving (a moving average; infinite until tried).
    score: f64,
    /// Neighbourhoods taken so far (the next is `hoods[cursor % hoods.len()]`).
    cursor: usize,
    /// Neighbourhoods tried since the rota last improved.
    failed: usize,
}

impl Tried {
    /// Every kind with neighbourhoods, at its first level, in the order ties are broken.
    fn every(model: &Model, unsettled: &[usize]) -> Vec<Tried> {
        [
            Kind::Unsettled,
            Kind::Weekends,
            Kind::Shifts,
            Kind::Blocks,
            Kind::Windows,
            Kind::Pairs,
            Kind::Groups,
        ]
        .into_iter()
        .map(|kind| Tried::at(model, kind, 0, unsettled))
        .filter(|k| !k.hoods.is_empty())
        .collect()
    }

    /// The next `n` neighbourhoods of this kind, in turn.
    fn take(&mut self, n: usize) -> Vec<Neighbourhood> {
        let hoods = &self.hoods;
        let round: Vec<Neighbourhood> = (0..n.min(hoods.len()))
            .map(|i| hoods[(self.cursor + i) % hoods.len()].clone())
            .collect();
        self.cursor += round.len();
        if let Kind::Unsettled = self.kind {
            // Once: the dive's leftovers are settled or not after one solve.
            self.hoods.clear();
        }
        round
    }

    /// Every neighbourhood of this kind tried without improvement: larger ones, until they
    /// would be the whole rota (the caller then solves it whole).
    fn grow_when_exhausted(&mut self, model: &Model, unsettled: &[usize]) {
        if !self.hoods.is_empty() && self.failed >= self.hoods.len() {
            *self = Tried::at(model, self.kind, self.level + 1, unsettled);
        }
    }

    /// Scores a round of this kind that took `spent` (seconds, or 1 for a round when the
    /// search counts work) and improved the rota or not.
    fn score_round(&mut self, improved: bool, spent: f64) {
        let reward = if improved { 1.0 / spent } else { 0.0 };
        self.score = match self.score.is_finite() {
            true => (1.0 - SCORE_RATE) * self.score + SCORE_RATE * reward,
            false => reward,
        };
    }

    fn at(model: &Model, kind: Kind, level: u32, unsettled: &[usize]) -> Tried {
        Tried {
            kind,
            level,
            hoods: neighbourhoods(model, kind, level, unsettled),
            loose: loosens(model) && kind.loose(),
            score: f64::INFINITY,
            cursor: 0,
            failed: 0,
        }
    }
}

/// The shortest sub-solve limit worth having, in seconds, when the search has four times
/// as long.
const SUB_LIMIT_FLOOR: f64 = 3.0;

/// Weight of the latest round in a kind's score (an exponential moving average).
const SCORE_RATE: f64 = 0.3;

/// Improve `from` (its values and objective) within `seconds`, stopping early at `floor` (a
/// proven lower bound, or the objective within the user's `--gap` of one). With `seconds` infinite (no time limit) the search counts work
/// instead: [`ROUNDS_WITHOUT_LIMIT`] rounds of [`ROUND_WITHOUT_LIMIT`] neighbourhoods, each
/// solved to [`SUB_NODES_WITHOUT_LIMIT`] nodes, kinds scored by improvements per round, so
/// that the rota depends on neither the clock nor the thread count. Each round re-optimises as
/// many neighbourhoods as `options.threads` in parallel (scoped threads; HiGHS
/// single-threaded in each), all from the same best rota, and keeps the best result (ties:
/// the earlier neighbourhood), then adds in turn each other improvement held tight and apart
/// from those kept, when the sum is a rota and better; the outcome does not depend on
/// which finishes first.
pub(super) fn improve(
    model: &Model,
    options: &SolveOptions,
    from: Improved,
    seconds: f64,
    floor: Option<f64>,
    unsettled: &[usize],
    offer: &dyn Fn(&[f64], f64),
) -> Result<Improved, SolveError> {
    let Improved {
        mut values,
        mut objective,
        ..
    } = from;
    let at_floor = |o: Option<f64>| match (o, floor) {
        (Some(o), Some(f)) => solve::meets_bound(o, f),
        _ => false,
    };
    let started = Instant::now();
    // Per kind: its level and its neighbourhoods there. A kind whose neighbourhoods all
    // failed since the last improvement grows to the next level, on its own: growing every
    // kind together can leave the search stuck with one kind exhausted while another's
    // small neighbourhoods are still untried.
    let mut kinds = Tried::every(model, unsettled);
    let workers = options.threads.max(1) as usize;
    let counted = !seconds.is_finite();
    let per_round = if counted {
        ROUND_WITHOUT_LIMIT
    } else {
        workers
    };
    // Only a round of several neighbourhoods has results to add together.
    let decisions = match per_round {
        1 => Vec::new(),
        _ => decisions(&compile::compile(model).keys),
    };
    let mut rounds = 0usize;

    let sub_limit = sub_limit(seconds);
    // Adaptive search: the best-scoring kind goes next (ties: the first kind), so time
    // flows to the kind of neighbourhood that pays on this rota; among equal scores, the
    // kind tried least.
    loop {
        let left = seconds - started.elapsed().as_secs_f64();
        let stopped = options.progress.as_ref().is_some_and(|p| p.stopped());
        let done = counted && rounds >= ROUNDS_WITHOUT_LIMIT;
        if left < 0.5 || at_floor(objective) || stopped || done {
            break;
        }
        rounds += 1;
        for k in &mut kinds {
            k.grow_when_exhausted(model, unsettled);
        }
        let Some(kind) = next_kind(&kinds) else {
            break;
        };
        let round = kinds[kind].take(per_round);
        let round_started = Instant::now();
        let limit = (!counted).then(|| sub_limit.min(left));
        let sub_options = sub_options(options, limit);
        let loose = kinds[kind].loose;
        let results = solve_round(model, &round, loose, &values, &sub_options, workers);
        let (best, kept) = combine(
            model, options, &round, results, objective, loose, &decisions,
        )?;
        if options.tracing(1) {
            options.trace_line(format!(
                "lns {:.1}s level {}{} {:?} -> {:?} kept {:?} scores {:?}",
                started.elapsed().as_secs_f64(),
                kinds[kind].level,
                if loose { " loose" } else { "" },
                round,
                best.as_ref().map(|b| b.1),
                kept,
                kinds.iter().map(|k| k.score).collect::<Vec<_>>()
            ));
        }
        // Improvements per second, or per round when the search counts work.
        let spent = match counted {
            true => 1.0,
            false => round_started.elapsed().as_secs_f64().max(0.01),
        };
        kinds[kind].score_round(best.is_some(), spent);
        match best {
            Some((v, o)) => {
                offer(&v, o);
                values = v;
                objective = Some(o);
                kinds.iter_mut().for_each(|k| k.failed = 0);
            }
            None => kinds[kind].failed += round.len(),
        }
    }
    Ok(Improved {
        values,
        objective,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Each neighbourhood's share of a search of `seconds`: an eighth of the time, but 3 s when
/// that leaves four sub-solves or more (a shorter limit stops the neighbourhoods that pay
/// most before they finish).
fn sub_limit(seconds: f64) -> f64 {
    (seconds / 8.0)
        .max((seconds / 4.0).min(SUB_LIMIT_FLOOR))
        .clamp(1.0, 30.0)
}

/// A rota found: its columns and objective.
type Found = (Vec<f64>, f64);

/// The kind of neighbourhood to try next: the best score (an average of improvements per
/// second, or per round), among equals the kind tried least, then the first.
fn next_kind(kinds: &[Tried]) -> Option<usize> {
    (0..kinds.len())
        .filter(|&k| !kinds[k].hoods.is_empty())
        .max_by(|&a, &b| {
            let (ka, kb) = (&kinds[a], &kinds[b]);
            ka.score
                .total_cmp(&kb.score)
                .then(kb.cursor.cmp(&ka.cursor))
                .then(b.cmp(&a))
        })
}

/// The options of each neighbourhood's solve: `limit` seconds, or without one (the search
/// counting work) a node limit, so that the result is the same on any machine.
fn sub_options(options: &SolveOptions, limit: Option<f64>) -> SolveOptions {
    let mut sub = SolveOptions {
        time_limit: limit,
        ..options.clone()
    };
    if limit.is_none() {
        let nodes = SUB_NODES_WITHOUT_LIMIT.to_string();
        sub.highs_options.insert(0, ("mip_max_nodes".into(), nodes));
    }
    sub
}

/// Re-optimises each neighbourhood of `round` from `incumbent` (held loosely or tightly
/// outside it), at most `workers` at once on scoped OS threads, not a rayon pool: a solve
/// may itself run on a rayon worker (`compare`), and a worker blocked on another pool
/// steals unrelated work. Each result depends only on its neighbourhood.
fn solve_round(
    model: &Model,
    round: &[Neighbourhood],
    loose: bool,
    incumbent: &[f64],
    sub_options: &SolveOptions,
    workers: usize,
) -> Vec<Result<solve::Outcome, SolveError>> {
    let solve_one = |hood: &Neighbourhood| {
        let programme = match loose {
            true => working_programme(model, incumbent, |p, d| !hood.frees(p, d)),
            false => fixed_programme(model, incumbent, |p, d| !hood.frees(p, d)),
        };
        solve::run(programme, sub_options, Some(incumbent), OnStale::Accept)
    };
    round
        .chunks(workers)
        .flat_map(|chunk| match chunk {
            [hood] => vec![solve_one(hood)],
            _ => std::thread::scope(|scope| {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|hood| scope.spawn(|| solve_one(hood)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            }),
        })
        .collect()
}

/// A round's best rota: the best improvement on `objective` (ties: the earlier
/// neighbourhood), then each other improvement apart from those kept and held tight,
/// added to it when polishing the sum finds a better rota. Returns that rota (if any) and
/// the neighbourhoods that make it up.
fn combine(
    model: &Model,
    options: &SolveOptions,
    round: &[Neighbourhood],
    results: Vec<Result<solve::Outcome, SolveError>>,
    objective: Option<f64>,
    loose: bool,
    decisions: &[(usize, usize, usize)],
) -> Result<(Option<Found>, Vec<usize>), SolveError> {
    // Every neighbourhood that improved on the rota, best first (ties: the earlier).
    let mut improved: Vec<(usize, Vec<f64>, f64)> = Vec::new();
    let threshold = objective.unwrap_or(f64::INFINITY) - 1e-6;
    for (i, outcome) in results.into_iter().enumerate() {
        let outcome = outcome?;
        if let (SolveStatus::Optimal | SolveStatus::Feasible, Some(v), Some(o)) =
            (outcome.status, outcome.values, outcome.objective)
        {
            if o < threshold {
                improved.push((i, v, o));
            }
        }
    }
    improved.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
    let mut improved = improved.into_iter();
    // The round's neighbourhoods whose results make up its best rota.
    let mut kept: Vec<usize> = Vec::new();
    let mut best: Option<(Vec<f64>, f64)> = improved.next().map(|(i, v, o)| {
        kept.push(i);
        (v, o)
    });
    // The others, where apart from those kept and held tight, added to the best: each
    // changed only its own person-days, so the two together are a rota if the rules
    // over the whole horizon allow it, which polishing the sum finds out.
    for (i, v, _) in improved {
        let Some((base, base_objective)) = best.as_ref() else {
            break;
        };
        let (people, days) = (model.people.len(), model.horizon.days);
        if loose
            || kept
                .iter()
                .any(|&k| round[k].meets(&round[i], people, days))
        {
            continue;
        }
        let sum = with_region(base, &v, &round[i], decisions);
        if let Some((v, o)) = polish(model, options, &sum)? {
            if o < base_objective - 1e-6 {
                best = Some((v, o));
                kept.push(i);
            }
        }
    }
    Ok((best, kept))
}

/// Every decision column (shift, location, activity) as `(person, day, column)`.
fn decisions(keys: &compile::Keys) -> Vec<(usize, usize, usize)> {
    keys.shifts
        .iter()
        .chain(&keys.overlays)
        .map(|&((p, d, _), c)| (p, d, c))
        .chain(keys.locations.iter().map(|&((p, d, _), c)| (p, d, c)))
        .chain(keys.activities.iter().map(|&((p, d, _, _), c)| (p, d, c)))
        .collect()
}

/// The programme with every decision column of the person-days where `fix(p, d)` holds fixed
/// to its value in `values`.
fn fixed_programme(
    model: &Model,
    values: &[f64],
    fix: impl Fn(usize, usize) -> bool,
) -> compile::Programme {
    let mut programme = compile::compile(model);
    let fixed: Vec<usize> = decisions(&programme.keys)
        .into_iter()
        .filter(|&(p, d, _)| fix(p, d))
        .map(|(_, _, c)| c)
        .collect();
    for c in fixed {
        let var = programme.vars_by_index[c];
        programme
            .constraints
            .push(constraint::eq(var, values[c].round()));
    }
    programme
}

/// Whether a neighbourhood can hold the rest of the rota loosely ([`working_programme`]):
/// only without activities, which a day's shift decides, so that loosening would free
/// every activity of the rota.
fn loosens(model: &Model) -> bool {
    model.activities.is_empty()
}

/// The programme with whether each person works on each day where `fix(p, d)` holds fixed
/// to `values` (the sum of their shift columns that day held at its value), and every
/// other column free: the rest of the rota keeps its working days and may change its
/// shifts. It improves rotas where every kind held tight has stopped: moving a shift
/// within a week changes who can work the next day's,
/// which a small neighbourhood held tight cannot follow.
fn working_programme(
    model: &Model,
    values: &[f64],
    fix: impl Fn(usize, usize) -> bool,
) -> compile::Programme {
    let mut programme = compile::compile(model);
    let mut days = vec![vec![Vec::new(); model.horizon.days]; model.people.len()];
    for &((p, d, _), c) in &programme.keys.shifts {
        if fix(p, d) {
            days[p][d].push(c);
        }
    }
    for columns in days.iter().flatten().filter(|c| !c.is_empty()) {
        let worked: f64 = columns.iter().map(|&c| values[c].round()).sum();
        let mut sum = good_lp::Expression::from(0.0);
        for &c in columns {
            sum.add_mul(1.0, programme.vars_by_index[c]);
        }
        programme.constraints.push(constraint::eq(sum, worked));
    }
    programme
}

/// With every decision fixed, re-solve for the slacks alone, so the objective is exactly the
/// cost of the rota: a solution stopped by a time limit may carry slacks larger than the
/// rota needs.
pub(super) fn polish(
    model: &Model,
    options: &SolveOptions,
    values: &[f64],
) -> Result<Option<(Vec<f64>, f64)>, SolveError> {
    let programme = fixed_programme(model, values, |_, _| true);
    let options = SolveOptions {
        time_limit: None,
        gap: None,
        ..options.clone()
    };
    let outcome = solve::run(programme, &options, Some(values), OnStale::Retry)?;
    Ok(match (outcome.status, outcome.values, outcome.objective) {
        (SolveStatus::Optimal, Some(v), Some(o)) => Some((v, o)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `programme` solved to optimality: its columns and objective.
    fn optimum(programme: compile::Programme) -> (Vec<f64>, f64) {
        let outcome = solve::run(programme, &SolveOptions::default(), None, OnStale::Accept)
            .expect("HiGHS solves it");
        assert_eq!(outcome.status, SolveStatus::Optimal);
        (outcome.values.unwrap(), outcome.objective.unwrap())
    }

    /// Per person and day, how many shifts `values` works.
    fn worked(programme: &compile::Programme, values: &[f64]) -> Vec<(usize, usize, i64)> {
        let mut days = std::collections::BTreeMap::new();
        for &((p, d, _), c) in &programme.keys.shifts {
            *days.entry((p, d)).or_insert(0) += values[c].round() as i64;
        }
        days.into_iter().map(|((p, d), n)| (p, d, n)).collect()
    }

    /// Held loosely, the rota keeps each person's working days and nothing else. From
    /// Curtois Instance2's optimum with every shift turned into the first template the
    /// person may work (another rota, perhaps not a legal one), the loose programme finds the
    /// optimum again on the same days; from the optimum with one working day taken off, it
    /// keeps that day off.
    #[test]
    fn held_loosely_the_rota_keeps_its_working_days() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/curtois/Instance2.txt");
        let model = crate::import::load_instance(&path)
            .unwrap_or_else(|e| panic!("the benchmark {} does not import: {e}", path.display()));
        assert!(loosens(&model));
        let whole = compile::compile(&model);
        let (best, objective) = optimum(compile::compile(&model));

        // Every worked day on the person's first template.
        let mut scrambled = best.clone();
        let mut changed = 0;
        let mut seen = std::collections::HashSet::new();
        for &((p, d, _), c) in &whole.keys.shifts {
            let first = seen.insert((p, d));
            let on: f64 = whole
                .keys
                .shifts
                .iter()
                .filter(|k| k.0 .0 == p && k.0 .1 == d)
                .map(|k| best[k.1])
                .sum();
            let value = if first && on > 0.5 { 1.0 } else { 0.0 };
            changed += usize::from((value - best[c]).abs() > 0.5);
            scrambled[c] = value;
        }
        assert!(
            changed > 0,
            "too easy a test: the optimum works first templates only"
        );
        let (again, loose) = optimum(working_programme(&model, &scrambled, |_, _| true));
        assert!(
            (loose - objective).abs() < 1e-6,
            "{loose} against {objective}"
        );
        assert_eq!(worked(&whole, &again), worked(&whole, &best));

        // One working day fewer stays one fewer.
        let &(_, c) = whole
            .keys
            .shifts
            .iter()
            .find(|k| best[k.1] > 0.5)
            .expect("someone works");
        let mut fewer = best.clone();
        fewer[c] = 0.0;
        let (kept, _) = optimum(working_programme(&model, &fewer, |_, _| true));
        assert_eq!(worked(&whole, &kept), worked(&whole, &fewer));
    }

    fn service() -> Model {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/service-4week.yaml");
        crate::parse::load_model(&path).expect("the example loads")
    }

    /// Each kind's neighbourhoods free part of the rota, never all of it, cover every
    /// person-day between them, and grow until they are gone, so the search ends.
    #[test]
    fn each_kind_covers_the_rota_and_grows_until_gone() {
        let model = service();
        let (people, days) = (model.people.len(), model.horizon.days);
        assert!(
            days > 2 * PAIR_DAYS && people > GROUP_PEOPLE,
            "too small a test"
        );
        for kind in [Kind::Blocks, Kind::Windows, Kind::Pairs, Kind::Groups] {
            let mut level = 0;
            loop {
                let hoods = neighbourhoods(&model, kind, level, &[]);
                if hoods.is_empty() {
                    break;
                }
                for hood in &hoods {
                    let freed = (0..people)
                        .flat_map(|p| (0..days).map(move |d| (p, d)))
                        .filter(|&(p, d)| hood.frees(p, d))
                        .count();
                    assert!(freed > 0 && freed < people * days, "{hood:?} frees {freed}");
                }
                if level == 0 {
                    for p in 0..people {
                        for d in 0..days {
                            assert!(
                                hoods.iter().any(|h| h.frees(p, d)),
                                "{kind:?} never frees person {p} on day {d}"
                            );
                        }
                    }
                }
                level += 1;
                assert!(
                    level < 8,
                    "{kind:?} still has neighbourhoods at level {level}"
                );
            }
            assert!(level > 0, "{kind:?} has no neighbourhoods at all");
        }
    }

    /// The weekend neighbourhood frees Friday to Monday, for everyone, whatever weekday the
    /// horizon starts on, and only at the first level. (Unlike the other kinds it never
    /// frees the middle of the week: those days are theirs.)
    #[test]
    fn the_weekend_neighbourhood_frees_friday_to_monday_for_everyone() {
        use chrono::Weekday::{Fri, Mon, Sat, Sun};
        let mut model = service();
        let people = model.people.len();
        let start = model.horizon.start;
        for shift in 0..7 {
            model.horizon.start = start + chrono::Days::new(shift);
            let hoods = neighbourhoods(&model, Kind::Weekends, 0, &[]);
            let [hood] = hoods.as_slice() else {
                panic!("{} weekend neighbourhoods", hoods.len());
            };
            for d in 0..model.horizon.days {
                let weekday = model.horizon.weekday(d);
                let inside = [Fri, Sat, Sun, Mon].contains(&weekday);
                assert!(
                    (0..people).all(|p| hood.frees(p, d) == inside),
                    "{hood:?}: day {d}, a {weekday}"
                );
            }
            assert!(neighbourhoods(&model, Kind::Weekends, 1, &[]).is_empty());
        }
    }

    /// The unsettled people's neighbourhood frees exactly them, every day, at the first
    /// level only, and there is none when nobody or everybody is unsettled.
    #[test]
    fn the_unsettled_neighbourhood_frees_exactly_the_unsettled_people() {
        let model = service();
        let (people, days) = (model.people.len(), model.horizon.days);
        let hoods = neighbourhoods(&model, Kind::Unsettled, 0, &[5, 2]);
        let [hood] = hoods.as_slice() else {
            panic!("{} unsettled neighbourhoods", hoods.len());
        };
        for p in 0..people {
            for d in 0..days {
                assert_eq!(hood.frees(p, d), p == 2 || p == 5, "{hood:?}: {p} on {d}");
            }
        }
        assert!(neighbourhoods(&model, Kind::Unsettled, 1, &[5, 2]).is_empty());
        assert!(neighbourhoods(&model, Kind::Unsettled, 0, &[]).is_empty());
        let everyone: Vec<usize> = (0..people).collect();
        assert!(neighbourhoods(&model, Kind::Unsettled, 0, &everyone).is_empty());
    }

    /// A neighbourhood's region taken from another solution changes exactly its own
    /// decision columns; neighbourhoods meet when they share a person-day.
    #[test]
    fn a_region_added_to_a_rota_changes_only_its_person_days() {
        // Two people over four days, one decision column each, then two slacks.
        let decisions: Vec<(usize, usize, usize)> = (0..2)
            .flat_map(|p| (0..4).map(move |d| (p, d, 4 * p + d)))
            .collect();
        let base = vec![0.0; 10];
        let other = vec![1.0; 10];
        let hood = Neighbourhood::Days { start: 1, len: 2 };
        let sum = with_region(&base, &other, &hood, &decisions);
        let expected = [0., 1., 1., 0., 0., 1., 1., 0., 0., 0.];
        assert_eq!(sum, expected);
        let pair = |a, b| Neighbourhood::Pair { a, b, len: 4 };
        assert!(!pair(0, 8).meets(&pair(4, 12), 3, 16));
        assert!(pair(0, 8).meets(&pair(0, 12), 3, 16));
        assert!(pair(0, 8).meets(&Neighbourhood::People { g: 1, groups: 2 }, 3, 16));
    }

    /// The round robin pairs every two things once, and the pairs of each of its rounds
    /// share nothing.
    #[test]
    fn a_round_robin_pairs_everyone_once_in_rounds_apart() {
        for n in 0..10 {
            let pairs = round_robin(n);
            let mut seen = std::collections::BTreeSet::new();
            for &(i, j) in &pairs {
                assert!(i < j && j < n, "{n}: ({i}, {j})");
                assert!(seen.insert((i, j)), "{n}: ({i}, {j}) twice");
            }
            assert_eq!(seen.len(), n * n.saturating_sub(1) / 2, "{n}");
            // Each run of n / 2 pairs in turn is a round: nobody twice.
            for round in pairs.chunks((n / 2).max(1)) {
                let mut in_round: Vec<usize> = round.iter().flat_map(|&(i, j)| [i, j]).collect();
                in_round.sort_unstable();
                in_round.dedup();
                assert_eq!(in_round.len(), 2 * round.len(), "{n}: {round:?}");
            }
        }
    }

    /// A pair frees two separate windows of the same length, for everyone, from both
    /// tilings at the first level.
    #[test]
    fn a_pair_frees_two_separate_windows_for_everyone() {
        let model = service();
        let (people, days) = (model.people.len(), model.horizon.days);
        let pairs = neighbourhoods(&model, Kind::Pairs, 0, &[]);
        for hood in &pairs {
            let Neighbourhood::Pair { a, b, len } = *hood else {
                panic!("{hood:?} is not a pair");
            };
            assert_eq!(len, PAIR_DAYS);
            assert!(b >= a + len && b + len <= days, "{hood:?}");
            for d in 0..days {
                let inside = (a..a + len).contains(&d) || (b..b + len).contains(&d);
                assert!(
                    (0..people).all(|p| hood.frees(p, d) == inside),
                    "{hood:?} day {d}"
                );
            }
        }
        // Both tilings: some window starts off the first one's grid.
        let off_grid = |h: &Neighbourhood| match *h {
            Neighbourhood::Pair { a, b, .. } => a % PAIR_DAYS != 0 || b % PAIR_DAYS != 0,
            _ => false,
        };
        assert!(pairs.iter().any(off_grid), "{pairs:?}");
        // Every two windows of the tiling, once.
        let windows = days / PAIR_DAYS;
        assert!(
            pairs.len() >= windows * (windows - 1) / 2,
            "{}",
            pairs.len()
        );
        for (i, hood) in pairs.iter().enumerate() {
            assert!(
                pairs[..i]
                    .iter()
                    .all(|h| format!("{h:?}") != format!("{hood:?}")),
                "{hood:?} twice"
            );
        }
    }
}
