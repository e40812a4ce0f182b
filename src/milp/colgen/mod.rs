//! Column generation over people (a Dantzig–Wolfe decomposition of the programme), for
//! teams whose people are linked only by shift cover, as in the Curtois & Qu benchmarks.
//!
//! The whole programme's LP relaxation is weak on such teams (far below the optimum, even
//! after HiGHS's cuts), because every rule on one
//! person (consecutive days, weekends, minutes) is met fractionally. Here each person's
//! rules are kept whole: the *master* chooses one *pattern* (a complete rota of one person)
//! per person, with cover as the only rows linking them, and patterns are generated on
//! demand by *pricing* each person: their cheapest rota when every shift earns cover's dual
//! on top of its own cost. Pricing is a walk through the days ([`walk`]) when it knows the
//! person's rules, else HiGHS on the model cut to that person.
//!
//! 1. **Root.** Column generation until the master's LP is optimal ([`node`]). Its bound is
//!    Lagrangian: after every round in which each person was priced to a bound,
//!    `cover duals x required + sum over people of their cheapest value` is a lower bound
//!    on the whole programme, so the bound holds even if the time runs out first. With an
//!    integral objective it is rounded up. Pricing is at duals smoothed toward the best
//!    bound's (Wentges), which saves rounds.
//! 2. **Dives.** Fix what the LP is surest of (a person's whole pattern, or one person's
//!    choice on one day: a template or off), price again under the fixings (the walk and
//!    HiGHS both keep to them), and repeat until the LP is whole: a rota. One dive of each
//!    of four [`STRATEGIES`], from the root, over the growing pool of patterns, each
//!    giving up once its bound shows it cannot beat the best rota: quick rotas to prune by.
//! 3. **Tree.** Branch and price ([`tree()`]): a node whose LP is short a fractional number
//!    of people over all cover rows branches on that number (at most its floor, at least
//!    its ceiling: a bound on slack columns alone, so pricing is unchanged); otherwise a
//!    node whose LP is fractional branches on a person's choice on a day, which they must
//!    make in one child and may not make in the other, until every node is pruned by the
//!    best rota (which is then proven optimal) or the [`TREE_SHARE`] of the time is spent;
//!    the least bound left open is a bound.
//! 4. **Pool.** In the time left, HiGHS solves the master as an integer programme over
//!    each person's patterns of least reduced cost at the root, started from the best
//!    rota so far ([`pool_ip`]).
//!
//! [`walk`]: super::walk

mod dive;
mod greedy;
mod master;
mod pool;
mod pricing;
#[cfg(test)]
mod tests;
mod tree;
mod units;

use std::collections::HashMap;
use std::time::Instant;

use good_lp::IntoAffineExpression;

use super::compile;
use super::decode;
use super::lns;
use super::solve::SolveError;
use super::walk::{Fixed, Walk};
use super::SolveOptions;
use crate::model::{ActivityIx, LocationIx, Model, ShiftIx};
use crate::rules::{RuleId, RuleSetting};
use dive::{dive, STRATEGIES};
pub(super) use greedy::greedy;
use master::{Lp, Master};
use pool::pool_ip;
use pricing::Pricer;
use tree::tree;
use units::Units;

/// Share of a time limit given to column generation, the dive included.
pub(super) const SHARE: f64 = 0.5;

/// Share of column generation's time the root may take; the dive has the rest.
const ROOT_SHARE: f64 = 0.6;

/// Most rounds of pricing after each step of the dive.
const DIVE_ROUNDS: usize = 50;

/// Cost per person short of cover that is hard: large enough that the master avoids it
/// whenever it can, while the bound stays valid (the master is still a relaxation).
const HARD_SHORT: f64 = 1e6;

/// Patterns the walk offers per person and round (the cheapest few: fewer rounds).
const PER_ROUND: usize = 3;

/// Weight of the best bound's duals when smoothing the master's (Wentges).
const SMOOTHING: f64 = 0.5;

/// Share of column generation's time after which no dive starts, leaving the rest to the
/// pool's integer programme ([`pool_ip`]).
const DIVES_SHARE: f64 = 0.6;

/// Patterns per person (least reduced cost at the root) in the pool's integer programme:
/// enough to combine into a good rota, few enough to solve within the pool's share.
const POOL_PER_PERSON: usize = 60;

/// Share of column generation's time after which the tree stops, leaving the rest to the
/// pool's integer programme.
const TREE_SHARE: f64 = 0.9;

/// Nodes of the tree without a time limit, where work, not the clock, must end it so that
/// every run gives the same rota: HiGHS on the whole programme then finishes the proof.
const TREE_NODES_WITHOUT_LIMIT: usize = 2000;

/// Reduced cost below which a pattern improves the master.
const IMPROVES: f64 = -1e-6;

/// Whether column generation applies: people are linked only by shift cover and a job
/// design's limits (the master's rows), and cover is on. A job design only when the walk
/// prices every person and option: priced by HiGHS, rounds are slow, and HiGHS on the
/// whole programme chooses the design far sooner (`docs/TUNING.md`, sixth session).
pub(super) fn applies(model: &Model) -> bool {
    units::fits(model)
        && model.people.len() > 1
        && !model.shift_cover.is_empty()
        && compile::cover_rows(model).is_some()
        && !RuleId::ALL
            .into_iter()
            .any(|rule| links_people(model, rule))
        && (model.choice.is_none() || walked(model))
}

/// Whether the walk prices every person of `model` alone.
fn walked(model: &Model) -> bool {
    (0..model.people.len()).all(|p| {
        let one = alone(model, p);
        Walk::new(&one, &compile::compile(&one)).is_some()
    })
}

/// Whether `rule`, as `model` has it, links people other than through shift cover, so that
/// they cannot be priced apart. An exhaustive match: a new rule must be placed on one side
/// before column generation prices anyone with it.
fn links_people(model: &Model, rule: RuleId) -> bool {
    use RuleId::*;
    match rule {
        // A pattern is one template a day: an on-call overlay, a second shift on a day,
        // has no place in it, so a model with overlays is solved whole.
        OneShiftPerDay => model.shifts.iter().any(|s| !s.after.is_empty()),
        // One person's own rules, priced with them (by the walk or HiGHS).
        Availability
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
        | AfterLeave
        | Caseload
        | UnsocialWindow
        | MinRest
        | ForbiddenSuccession
        | MaxMinutesPer7Days
        | WeeklyRest
        | HomeWorking
        | ProtectedAdmin
        | AdminBlock
        | ActivityBlock
        | BlocksPerDay
        | Breaks
        | Travel
        | Reserve
        | ActivityCap
        | Requests
        | Cost => false,
        // The master's rows.
        ShiftCover => false,
        OfficeDay => model.office_days.iter().any(|o| o.min_people > 0),
        JobShareMinutes | JobShareCover | JobShareHandover => !model.job_shares.is_empty(),
        ActivityDemand => !model.activity_demand.is_empty(),
        Continuity => model.activities.iter().any(|a| a.continuity),
        // Partners on the same shift or activity: across people.
        Pairing => !model.rules.pairing.is_empty(),
        // Pins and a published rota fix or price a person's columns the pricing does not
        // know: such a model is solved whole.
        Pinned => !model.pins.is_empty(),
        Changes => model.published.is_some(),
        // Targets from the whole team.
        FairUnsocial => matches!(
            model.rules.get(FairUnsocial),
            Some(RuleSetting::Soft(w)) if w > 0.0
        ),
    }
}

/// One person's complete rota: a column of the master.
#[derive(Debug, Clone, PartialEq)]
struct Pattern {
    /// Whose rota it is: a person of the model (a menu's option copy, for a unit that is
    /// a menu). Pricing one person alone leaves it 0; [`Pricer`] sets it.
    person: usize,
    /// `(day, template)` worked.
    shifts: Vec<(usize, ShiftIx)>,
    /// `(day, location)` based at.
    locations: Vec<(usize, LocationIx)>,
    /// `(day, segment, activity)` done.
    activities: Vec<(usize, usize, ActivityIx)>,
    /// The person's own cost in the programme (requests, soft rules on them, pay), with
    /// their share of the objective's constant.
    cost: f64,
}

impl Pattern {
    /// The shifts the pattern works on day `d`.
    fn on_day(&self, d: usize) -> impl Iterator<Item = ShiftIx> + Clone + '_ {
        self.shifts.iter().filter(move |s| s.0 == d).map(|s| s.1)
    }

    /// What the pattern does on day `d` (its first shift that day, if it works several).
    fn on(&self, d: usize) -> Fixed {
        self.shifts
            .iter()
            .find(|s| s.0 == d)
            .map_or(Fixed::Off, |s| Fixed::Shift(s.1))
    }
}

/// What column generation found.
#[derive(Default)]
pub(super) struct Generated {
    /// A lower bound on the whole programme's objective, without its constant (as the
    /// other phases report objectives).
    pub bound: Option<f64>,
    /// The rota the dive ends in: full column values and objective (without the
    /// constant), completed by polish.
    pub rota: Option<(Vec<f64>, f64)>,
    /// Some person has no legal rota at all, so neither has the team.
    pub infeasible: bool,
    /// Rounds of pricing, and patterns generated.
    pub rounds: usize,
    pub patterns: usize,
    pub seconds: f64,
    /// The people whose rota the dive behind `rota` fixed after its time ran out, to
    /// what the LP had without pricing again: where the search should look first.
    pub unsettled: Vec<usize>,
}

/// Run column generation on `model` within `seconds`: the bound from the root (the first
/// [`ROOT_SHARE`] of the time at most), then a dive to a rota with the rest. With
/// `seconds` infinite (no time limit) nothing depends on the clock: the root and the dives
/// run to their round limits and the tree to [`TREE_NODES_WITHOUT_LIMIT`] nodes, so the
/// same model gives the same rota on every run.
pub(super) fn generate(
    model: &Model,
    options: &SolveOptions,
    seconds: f64,
) -> Result<Generated, SolveError> {
    let started = Instant::now();
    let trace = options.tracing(1);
    let left = |share: f64| (seconds * share - started.elapsed().as_secs_f64()).max(0.0);
    let rows = compile::cover_rows(model).expect("applies() checked that cover is on");
    let whole = compile::compile(model);
    let units = Units::new(model, &rows);
    let mut pricer = Pricer::new(model, &rows, &units, &whole, options)?;
    pricer.deadline = std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .and_then(|d| started.checked_add(d));
    if trace {
        options.trace_line(format!(
            "colgen: {} of {} people priced by the walk",
            pricer.walks.iter().filter(|w| w.is_some()).count(),
            pricer.walks.len()
        ));
    }
    let mut generated = Generated::default();
    let mut master = match opening(&pricer, &rows, &units, model, left(ROOT_SHARE), started)? {
        Opening::Master(master) => *master,
        Opening::Infeasible => {
            generated.infeasible = true;
            generated.seconds = started.elapsed().as_secs_f64();
            return Ok(generated);
        }
        // Out of time before everyone had a rota: nothing to report.
        Opening::OutOfTime => {
            generated.seconds = started.elapsed().as_secs_f64();
            return Ok(generated);
        }
    };

    let integral = pricer.integral;
    let Some(root) = node(
        &mut master,
        &pricer,
        integral,
        f64::NEG_INFINITY,
        usize::MAX,
        &mut generated.rounds,
        || left(ROOT_SHARE),
    )?
    else {
        generated.seconds = started.elapsed().as_secs_f64();
        return Ok(generated);
    };
    let bound = root.bound.is_finite().then_some(root.bound);
    // The root's LP keeps a job design's limits only by breaking them: almost surely no
    // rota keeps them, and HiGHS on the whole programme says so far sooner than dives.
    let hopeless = root.lp.broken > 1e-6;
    generated.bound = bound.map(|b| match integral {
        // Summation noise over units must not round the bound up past a whole value.
        true => (b - 1e-6 * (units.len() + 1) as f64).ceil() - whole.constant,
        false => b - whole.constant,
    });
    if trace {
        options.trace_line(format!(
            "colgen: root {:.1}s rounds {} bound {bound:?}; the walk gave up on {} people",
            started.elapsed().as_secs_f64(),
            generated.rounds,
            pricer.too_big()
        ));
    }
    if hopeless {
        if trace {
            options.trace_line("colgen: the root breaks the design's limits; no dive".into());
        }
        generated.seconds = started.elapsed().as_secs_f64();
        return Ok(generated);
    }
    // Traces what a phase ended with.
    let said = |phase: &str, rota: Option<&(Vec<usize>, f64)>| {
        if trace {
            options.trace_line(format!(
                "colgen: {phase} {:.1}s rota {:?}",
                started.elapsed().as_secs_f64(),
                rota.map(|r| r.1)
            ));
        }
    };
    let ctx = Phase {
        model,
        whole: &whole,
        left: &left,
        said: &said,
    };
    let mut best = dives(&mut master, &pricer, &ctx, root.bound, &mut generated)?;
    finish_search(
        &mut master,
        &pricer,
        &ctx,
        &root,
        &mut best,
        &mut generated,
        seconds,
    )?;
    generated.patterns = master.patterns.len();
    if let Some((chosen, _)) = best {
        let values = values_of(model, &master, &whole, &chosen);
        generated.rota = lns::polish(model, options, &values)?;
    }
    // The search looks at people: each unit's options.
    generated.unsettled = std::mem::take(&mut generated.unsettled)
        .into_iter()
        .flat_map(|u| units.members[u].iter().copied())
        .collect();
    generated.seconds = started.elapsed().as_secs_f64();
    Ok(generated)
}

/// After the dives: the tree from the root, pruning by the dives' best rota (to
/// [`TREE_NODES_WITHOUT_LIMIT`] nodes without a time limit), then the pool's best rota by
/// HiGHS, started from the best so far, in the time left; each improves `best`.
fn finish_search(
    master: &mut Master,
    pricer: &Pricer,
    phase: &Phase,
    root: &Node,
    best: &mut Option<Chosen>,
    generated: &mut Generated,
    seconds: f64,
) -> Result<(), SolveError> {
    let (model, whole, said, left) = (phase.model, phase.whole, phase.said, phase.left);
    let options = pricer.options;
    let proven = |best: &Option<Chosen>, bound| proven(best, bound, whole.constant);
    // The tree, from the root, pruning by the dives' best rota.
    if !proven(best, generated.bound) && left(TREE_SHARE) > 0.0 {
        let bound = tree(
            master,
            pricer,
            root.bound,
            best,
            &mut generated.rounds,
            || left(TREE_SHARE),
            (!seconds.is_finite()).then_some(TREE_NODES_WITHOUT_LIMIT),
        )?;
        said(&format!("tree (bound {bound})"), best.as_ref());
        if let Some(b) = generated.bound.as_mut() {
            *b = b.max(bound - whole.constant);
        }
        // The tree's rota, when it beat the dives', for whoever waits on the solve.
        if let Some(b) = best.as_ref() {
            offer(model, options, master, whole, b);
        }
    }
    // The pool's best rota by HiGHS, started from the best so far, in the time left.
    if let Some(b) = best
        .as_ref()
        .filter(|_| !proven(best, generated.bound) && left(1.0) >= 1.0)
    {
        let ip = pool_ip(master, &root.lp, &b.0, POOL_PER_PERSON, options, left(1.0))?;
        said("pool", ip.as_ref());
        if let Some(ip) = ip.filter(|ip| ip.1 < b.1 - 1e-6) {
            offer(model, options, master, whole, &ip);
            *best = Some(ip);
        }
    }
    Ok(())
}

/// Whether `best` (objective with the `constant`) meets column generation's `bound`
/// (without it): proven optimal.
fn proven(best: &Option<Chosen>, bound: Option<f64>, constant: f64) -> bool {
    match (best, bound) {
        (Some(b), Some(bound)) => b.1 - constant <= bound + 1e-6,
        _ => false,
    }
}

/// What the phases after the root share: the model, its whole programme, the time left of
/// a share of column generation's budget, and the trace of what each phase ended with.
struct Phase<'a> {
    model: &'a Model,
    whole: &'a compile::Programme,
    left: &'a dyn Fn(f64) -> f64,
    said: &'a dyn Fn(&str, Option<&Chosen>),
}

/// A rota of the master: each unit's pattern (an index into the master's patterns) and
/// the objective with the constant.
type Chosen = (Vec<usize>, f64);

/// How the master starts: each unit's cheapest rota on its own, or why there is none.
enum Opening<'r> {
    Master(Box<Master<'r>>),
    /// Some unit has no legal rota at all.
    Infeasible,
    /// The time ran out before everyone had a rota.
    OutOfTime,
}

/// Prices every unit alone (zero duals) within `seconds` and starts the master with each
/// unit's cheapest rota.
fn opening<'r>(
    pricer: &Pricer,
    rows: &'r [compile::CoverRow],
    units: &'r Units,
    model: &Model,
    seconds: f64,
    started: Instant,
) -> Result<Opening<'r>, SolveError> {
    let everyone: Vec<usize> = (0..units.len()).collect();
    let zeros = vec![0.0; rows.len() + units.limits.len()];
    let priced = pricer.price(&everyone, &zeros, None, seconds)?;
    let options = pricer.options;
    if options.tracing(1) {
        options.trace_line(format!(
            "colgen: first pricing {:.1}s",
            started.elapsed().as_secs_f64()
        ));
    }
    if priced.iter().any(|p| p.infeasible) {
        return Ok(Opening::Infeasible);
    }
    let mut master = Master::new(rows, units, model.horizon.days);
    for (u, priced) in priced.into_iter().enumerate() {
        match priced.found.into_iter().next() {
            Some(pattern) => master.add(u, pattern),
            None => return Ok(Opening::OutOfTime),
        }
    }
    Ok(Opening::Master(Box::new(master)))
}

/// One dive of each strategy while time is left (`dives_left`; the first one always), from
/// the root each time but over all the patterns found so far, until one meets the bound.
/// Each better rota is offered; the people the best dive settled after its time ran out go
/// to `generated.unsettled`. Returns the best rota: each person's pattern and the objective
/// with the constant.
fn dives(
    master: &mut Master,
    pricer: &Pricer,
    phase: &Phase,
    root_bound: f64,
    generated: &mut Generated,
) -> Result<Option<Chosen>, SolveError> {
    let (model, whole, said) = (phase.model, phase.whole, phase.said);
    let options = pricer.options;
    let mut best: Option<Chosen> = None;
    for (i, &strategy) in STRATEGIES.iter().enumerate() {
        if i > 0 && (phase.left)(DIVES_SHARE) <= 0.0 {
            break;
        }
        master.unfix_all();
        let beat = best.as_ref().map(|b| b.1);
        let mut late = Vec::new();
        let dived = dive(
            master,
            pricer,
            root_bound,
            strategy,
            beat,
            &mut generated.rounds,
            &mut late,
            || (phase.left)(1.0),
        )?;
        said(&format!("dive {strategy:?}"), dived.as_ref());
        // A dive whose LP is whole only by breaking hard cover or a limit ends in no rota.
        let better = |d: &Chosen| beat.is_none_or(|b| d.1 < b - 1e-6) && !master.illegal(&d.0);
        if let Some(dived) = dived.filter(better) {
            offer(model, options, master, whole, &dived);
            best = Some(dived);
            generated.unsettled = late;
        }
        if proven(&best, generated.bound, whole.constant) {
            break;
        }
    }
    Ok(best)
}

/// The whole programme's columns for one pattern per unit (`chosen[u]`, an index into
/// the master's patterns), each chosen option switched on; slacks at 0 (a polish sets
/// them).
fn values_of(
    model: &Model,
    master: &Master,
    whole: &compile::Programme,
    chosen: &[usize],
) -> Vec<f64> {
    let mut values = vec![0.0; whole.columns];
    let keys = &whole.keys;
    let shifts: HashMap<_, _> = keys.shifts.iter().copied().collect();
    let locations: HashMap<_, _> = keys.locations.iter().copied().collect();
    let activities: HashMap<_, _> = keys.activities.iter().copied().collect();
    for &k in chosen {
        let pattern = &master.patterns[k].1;
        let p = pattern.person;
        let option = model.choice.as_ref().and_then(|c| c.option_of(p));
        if let Some((g, o)) = option {
            values[keys.options[g][o]] = 1.0;
        }
        for &(d, t) in &pattern.shifts {
            values[shifts[&(p, d, t)]] = 1.0;
        }
        for &(d, l) in &pattern.locations {
            values[locations[&(p, d, l)]] = 1.0;
        }
        for &(d, s, a) in &pattern.activities {
            values[activities[&(p, d, s, a)]] = 1.0;
        }
    }
    values
}

/// Offers a rota of the dives or the pool (patterns and objective with the constant) to
/// whoever waits on the solve, so that a deadline or an interrupt during column generation
/// still has a rota to return.
fn offer(
    model: &Model,
    options: &SolveOptions,
    master: &Master,
    whole: &compile::Programme,
    rota: &(Vec<usize>, f64),
) {
    // Short of hard cover or past a limit, the dive's rota is no rota at all: only the
    // master prices it.
    if let (Some(progress), false) = (&options.progress, master.illegal(&rota.0)) {
        let values = values_of(model, master, whole, &rota.0);
        progress.offer(|| decode::decode(model, &whole.keys, &values), rota.1);
    }
}

/// What column generation at one node of the dive (the master's fixings) ended with.
struct Node {
    /// The master's LP over the patterns it has.
    lp: Lp,
    /// The best Lagrangian bound at this node (with the objective's constant), at least
    /// the floor it was given: no rota keeping to the fixings costs less.
    bound: f64,
}

/// Column generation at the master's current fixings, until its LP is optimal (or, with
/// `rounding`, for a whole objective, its bound rounded up meets the LP's value rounded up),
/// `most` rounds were priced, or `left()` is 0. `floor` is a bound known to hold at
/// these fixings (the root's, say). `None` if HiGHS fails on the LP.
///
/// The bound is Lagrangian: after every round in which each person was priced to a
/// bound, `cover duals x required + sum over people of their cheapest value` bounds every
/// rota keeping to the fixings, whatever the duals, so it holds even when time runs out.
/// Pricing is at duals smoothed toward the best bound's (Wentges), which saves rounds.
fn node(
    master: &mut Master,
    pricer: &Pricer,
    rounding: bool,
    floor: f64,
    most: usize,
    rounds: &mut usize,
    left: impl Fn() -> f64,
) -> Result<Option<Node>, SolveError> {
    let everyone: Vec<usize> = (0..master.len()).collect();
    let mut best = floor;
    // Duals of the best bound so far: pricing at a point between them and the master's
    // duals (Wentges smoothing) steadies the duals and saves rounds.
    let mut center: Option<Vec<f64>> = None;
    let mut priced_rounds = 0;
    loop {
        let Some(lp) = master.solve_lp()? else {
            return Ok(None);
        };
        // The LP cannot fall below the bound; rounded up, neither can any rota.
        let at_bound = lp.value <= best + 1e-9 * best.abs().max(1.0)
            || (rounding && (best - 1e-6).ceil() >= (lp.value - 1e-6).ceil());
        if at_bound || priced_rounds >= most || left() <= 0.0 {
            return Ok(Some(Node { lp, bound: best }));
        }
        priced_rounds += 1;
        *rounds += 1;
        let mut alpha = if center.is_some() { SMOOTHING } else { 0.0 };
        let added = loop {
            if left() <= 0.0 {
                return Ok(Some(Node { lp, bound: best }));
            }
            let mut duals: Vec<f64> = match &center {
                Some(c) if alpha > 0.0 => c
                    .iter()
                    .zip(&lp.duals)
                    .map(|(c, m)| alpha * c + (1.0 - alpha) * m)
                    .collect(),
                _ => lp.duals.clone(),
            };
            master.clip(&mut duals);
            let mut priced = pricer.price(&everyone, &duals, Some(master), left())?;
            let mut added = master.add_improving(&everyone, &priced, &lp);
            if added == 0 && alpha == 0.0 {
                // Nothing improves, but a beam's pattern that did not proves nothing of
                // the person: HiGHS prices them again, to a bound.
                let beamed: Vec<usize> = everyone
                    .iter()
                    .copied()
                    .filter(|&p| priced[p].bound.is_none() && !priced[p].infeasible)
                    .collect();
                if !beamed.is_empty() {
                    let again = pricer.prove(&beamed, &duals, Some(master), left())?;
                    added = master.add_improving(&beamed, &again, &lp);
                    for (&p, again) in beamed.iter().zip(again) {
                        priced[p] = again;
                    }
                }
            }
            // Lagrangian bound at these duals: valid once every person was priced to a
            // bound. A slack whose reduced cost is negative at them (HiGHS's duals stray by
            // its tolerance) counts at its largest possible value: the requirement short,
            // or everyone who counts over.
            if let Some(units) = priced.iter().map(|p| p.bound).sum::<Option<f64>>() {
                let at = master.lagrangian(&lp, &duals, units);
                if at > best {
                    best = at;
                    center = Some(duals);
                }
            }
            if added > 0 || alpha == 0.0 {
                break added;
            }
            // Mispricing: nothing improves the master at the smoothed duals; price at the
            // master's own, where nothing improving means the master is optimal.
            alpha = 0.0;
        };
        if pricer.options.tracing(2) {
            pricer.options.trace_line(format!(
                "colgen round {rounds} master {:.3} bound {best:.3} added {added}",
                lp.value
            ));
        }
        if added == 0 {
            // Priced at the master's own duals with nothing improving: the LP is optimal,
            // and the round's Lagrangian bound is its value.
            return Ok(Some(Node { lp, bound: best }));
        }
    }
}

/// `options` for one of column generation's own HiGHS solves: quiet (pricing runs several
/// at once), to optimality within `seconds`.
fn quiet(options: &SolveOptions, seconds: f64) -> SolveOptions {
    SolveOptions {
        time_limit: Some(seconds),
        gap: None,
        verbose: false,
        ..options.clone()
    }
}

/// The surest of `items` (not empty) by `weight`, ties to the earlier: weights within 1e-9
/// count as equal, so summation noise does not decide.
fn surest<T: Copy>(items: &[T], weight: impl Fn(&T) -> f64) -> T {
    let mut best = 0;
    for (i, item) in items.iter().enumerate() {
        if weight(item) > weight(&items[best]) + 1e-9 {
            best = i;
        }
    }
    items[best]
}

/// `model` cut to person `p` alone, without cover (which the master prices).
fn alone(model: &Model, p: usize) -> Model {
    let mut one = model.clone();
    // An option's copy is priced as a person with the option's contract; the master
    // holds the design.
    one.choice = None;
    one.people = vec![model.people[p].clone()];
    one.shift_cover.clear();
    for office in &mut one.office_days {
        office.people = match office.people.contains(&p) {
            true => vec![0],
            false => Vec::new(),
        };
    }
    one.pins.retain(|pin| pin.person == p);
    one.pins.iter_mut().for_each(|pin| pin.person = 0);
    if let Some(published) = &mut one.published {
        published.days.retain(|day| day.person == p);
        published.days.iter_mut().for_each(|day| day.person = 0);
    }
    for activity in &mut one.activities {
        activity.worker = activity.worker.filter(|&w| w == p).map(|_| 0);
    }
    one
}

/// Whether every rota's objective is a whole number: whole costs on integer columns only,
/// and a whole constant.
fn integral_objective(programme: &compile::Programme) -> bool {
    let integer: HashMap<good_lp::Variable, bool> = programme
        .vars
        .iter_variables_with_def()
        .map(|(v, def)| (v, def.is_integer()))
        .collect();
    let whole = |x: f64| (x - x.round()).abs() < 1e-9;
    whole(programme.constant)
        && programme
            .objective
            .clone()
            .linear_coefficients()
            .all(|(v, c)| c == 0.0 || (whole(c) && integer.get(&v) == Some(&true)))
}
