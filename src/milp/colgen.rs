//! Column generation over people (a Dantzig–Wolfe decomposition of the programme), for
//! teams whose people are linked only by shift cover, as in the Curtois & Qu benchmarks.
//!
//! The whole programme's LP relaxation is weak on such teams (Curtois Instance5: 538 at the
//! root, 609 after HiGHS's cuts, against an optimum of 1143), because every rule on one
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
//! 3. **Tree.** Branch and price ([`tree`]): a node whose LP is short a fractional number
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

use std::collections::HashMap;
use std::time::Instant;

use good_lp::IntoAffineExpression;
use rayon::prelude::*;

use super::compile::{self, CoverRow};
use super::lns;
use super::solve::{self, OnStale, SolveError};
use super::walk::{Allowed, Fixed, Walk, FREE};
use super::{SolveOptions, SolveStatus};
use crate::model::{ActivityIx, LocationIx, Model, ShiftIx};
use crate::rules::{RuleId, RuleSetting};

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
/// on Curtois Instance7, 30 gave 1059 in 3.5 s, 200 gave 1057 at a 10 s limit.
const POOL_PER_PERSON: usize = 60;

/// Share of column generation's time after which the tree stops, leaving the rest to the
/// pool's integer programme.
const TREE_SHARE: f64 = 0.9;

/// Reduced cost below which a pattern improves the master.
const IMPROVES: f64 = -1e-6;

/// Whether column generation applies: people are linked only by shift cover (no activity
/// demand, job shares, office headcounts, continuity or fair shares of unsocial work, which
/// all count across people), and cover is on.
pub(super) fn applies(model: &Model) -> bool {
    model.people.len() > 1
        && !model.shift_cover.is_empty()
        && compile::cover_rows(model).is_some()
        && model.activity_demand.is_empty()
        && model.job_shares.is_empty()
        && model.office_days.iter().all(|o| o.min_people == 0)
        && !model.activities.iter().any(|a| a.continuity)
        && !matches!(
            model.rules.get(RuleId::FairUnsocial),
            Some(RuleSetting::Soft(w)) if w > 0.0
        )
}

/// One person's complete rota: a column of the master.
#[derive(Debug, Clone, PartialEq)]
struct Pattern {
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

/// What pricing one person gave.
#[derive(Clone)]
struct Priced {
    /// The best patterns found, best first.
    found: Vec<Pattern>,
    /// A lower bound on the value (cost less earnings) of every pattern of the person.
    bound: Option<f64>,
    infeasible: bool,
}

/// Everything pricing needs, built once.
struct Pricer<'m> {
    alone: Vec<Model>,
    walks: Vec<Option<Walk>>,
    /// Per person, the first person interchangeable with them ([`Model::twins`]).
    twins: Vec<usize>,
    rows: &'m [CoverRow],
    pool: rayon::ThreadPool,
    options: &'m SolveOptions,
    /// Whether every rota's objective is a whole number ([`integral_objective`]).
    integral: bool,
}

/// Run column generation on `model` within `seconds`: the bound from the root (the first
/// [`ROOT_SHARE`] of the time at most), then a dive to a rota with the rest.
pub(super) fn generate(
    model: &Model,
    options: &SolveOptions,
    seconds: f64,
) -> Result<Generated, SolveError> {
    let started = Instant::now();
    let trace = std::env::var_os("FLEXROTA_TRACE").is_some();
    let left = |share: f64| (seconds * share - started.elapsed().as_secs_f64()).max(0.0);
    let rows = compile::cover_rows(model).expect("applies() checked that cover is on");
    let whole = compile::compile(model);
    let pricer = Pricer::new(model, &rows, &whole, options)?;
    if trace {
        eprintln!(
            "colgen: {} of {} people priced by the walk",
            pricer.walks.iter().filter(|w| w.is_some()).count(),
            pricer.walks.len()
        );
    }
    let mut generated = Generated {
        bound: None,
        rota: None,
        infeasible: false,
        rounds: 0,
        patterns: 0,
        seconds: 0.0,
        unsettled: Vec::new(),
    };
    let everyone: Vec<usize> = (0..model.people.len()).collect();

    // Each person's cheapest rota on their own starts the master.
    let priced = pricer.price(&everyone, &vec![0.0; rows.len()], None, left(ROOT_SHARE))?;
    if priced.iter().any(|p| p.infeasible) {
        generated.infeasible = true;
        generated.seconds = started.elapsed().as_secs_f64();
        return Ok(generated);
    }
    let mut master = Master::new(&rows, model.people.len(), model.horizon.days);
    for (p, priced) in priced.into_iter().enumerate() {
        match priced.found.into_iter().next() {
            Some(pattern) => master.add(p, pattern),
            // Out of time before everyone had a rota: nothing to report.
            None => {
                generated.seconds = started.elapsed().as_secs_f64();
                return Ok(generated);
            }
        }
    }

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
    if let Some(b) = bound {
        let b = match integral {
            // Summation noise over people must not round the bound up past a whole value.
            true => (b - 1e-6 * (model.people.len() + 1) as f64).ceil(),
            false => b,
        };
        generated.bound = Some(b - whole.constant);
    }
    if trace {
        eprintln!(
            "colgen: root {:.1}s rounds {} bound {bound:?}",
            started.elapsed().as_secs_f64(),
            generated.rounds
        );
    }
    // One dive of each strategy while time is left (the first one always), from the root
    // each time but over all the patterns found so far, until one meets the bound.
    let mut best: Option<(Vec<usize>, f64)> = None;
    // Traces what a phase ended with.
    let said = |phase: &str, rota: Option<&(Vec<usize>, f64)>| {
        if trace {
            eprintln!(
                "colgen: {phase} {:.1}s rota {:?}",
                started.elapsed().as_secs_f64(),
                rota.map(|r| r.1)
            );
        }
    };
    let proven = |best: &Option<(Vec<usize>, f64)>, bound: Option<f64>| match (best, bound) {
        (Some(b), Some(bound)) => b.1 - whole.constant <= bound + 1e-6,
        _ => false,
    };
    for (i, &strategy) in STRATEGIES.iter().enumerate() {
        if i > 0 && left(DIVES_SHARE) <= 0.0 {
            break;
        }
        master.unfix_all();
        let beat = best.as_ref().map(|b| b.1);
        let mut late = Vec::new();
        let dived = dive(
            &mut master,
            &pricer,
            root.bound,
            strategy,
            beat,
            &mut generated.rounds,
            &mut late,
            || left(1.0),
        )?;
        said(&format!("dive {strategy:?}"), dived.as_ref());
        if let Some(dived) = dived.filter(|d| beat.is_none_or(|b| d.1 < b - 1e-6)) {
            best = Some(dived);
            generated.unsettled = late;
        }
        if proven(&best, generated.bound) {
            break;
        }
    }
    // The tree, from the root, pruning by the dives' best rota.
    if !proven(&best, generated.bound) && left(TREE_SHARE) > 0.0 {
        let bound = tree(
            &mut master,
            &pricer,
            root.bound,
            &mut best,
            &mut generated.rounds,
            || left(TREE_SHARE),
        )?;
        said(&format!("tree (bound {bound})"), best.as_ref());
        if let Some(b) = generated.bound.as_mut() {
            *b = b.max(bound - whole.constant);
        }
    }
    // The pool's best rota by HiGHS, started from the best so far, in the time left.
    if let Some(b) = best
        .as_ref()
        .filter(|_| !proven(&best, generated.bound) && left(1.0) >= 1.0)
    {
        let ip = pool_ip(&master, &root.lp, &b.0, POOL_PER_PERSON, options, left(1.0))?;
        said("pool", ip.as_ref());
        if let Some(ip) = ip.filter(|ip| ip.1 < b.1 - 1e-6) {
            best = Some(ip);
        }
    }
    let chosen = best.map(|b| b.0);
    generated.patterns = master.patterns.len();
    if let Some(chosen) = chosen {
        let mut values = vec![0.0; whole.columns];
        let keys = &whole.keys;
        let shifts: HashMap<_, _> = keys.shifts.iter().copied().collect();
        let locations: HashMap<_, _> = keys.locations.iter().copied().collect();
        let activities: HashMap<_, _> = keys.activities.iter().copied().collect();
        for (p, &k) in chosen.iter().enumerate() {
            let pattern = &master.patterns[k].1;
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
        generated.rota = lns::polish(model, options, &values)?;
    }
    generated.seconds = started.elapsed().as_secs_f64();
    Ok(generated)
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
    let everyone: Vec<usize> = (0..master.people).collect();
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
            let duals: Vec<f64> = match &center {
                Some(c) if alpha > 0.0 => c
                    .iter()
                    .zip(&lp.cover_duals)
                    .map(|(c, m)| alpha * c + (1.0 - alpha) * m)
                    .collect(),
                _ => lp.cover_duals.clone(),
            };
            let priced = pricer.price(&everyone, &duals, Some(master), left())?;
            // Lagrangian bound at these duals: valid once every person was priced to a
            // bound. A slack whose reduced cost is negative at them (HiGHS's duals stray by
            // its tolerance) counts at its largest possible value: the requirement short,
            // or everyone who counts over.
            if let Some(people) = priced.iter().map(|p| p.bound).sum::<Option<f64>>() {
                let at = master.lagrangian(&lp, &duals, people);
                if at > best {
                    best = at;
                    center = Some(duals);
                }
            }
            let added = master.add_improving(&everyone, priced, &lp);
            if added > 0 || alpha == 0.0 {
                break added;
            }
            // Mispricing: nothing improves the master at the smoothed duals; price at the
            // master's own, where nothing improving means the master is optimal.
            alpha = 0.0;
        };
        if std::env::var_os("FLEXROTA_TRACE").is_some_and(|v| v == "2") {
            eprintln!(
                "colgen round {rounds} master {:.3} bound {best:.3} added {added}",
                lp.value
            );
        }
        if added == 0 {
            // Priced at the master's own duals with nothing improving: the LP is optimal,
            // and the round's Lagrangian bound is its value.
            return Ok(Some(Node { lp, bound: best }));
        }
    }
}

/// What a dive fixes at each step.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fixing {
    /// Every person the LP gives one whole pattern, or else the person closest to one:
    /// their whole rota at once.
    People,
    /// The open day (of one person) whose choice the LP is surest of, short of whole.
    Days,
}

/// How one dive goes.
#[derive(Debug, Clone, Copy)]
struct Strategy {
    fixing: Fixing,
    /// Price only while the LP's value, rounded up, is above the bound's (when the
    /// objective is whole): the dive rounds within the patterns it has for as long as
    /// they can be as good as anything pricing could add, which is faster and, on
    /// Curtois Instance8, better (1305 against 1604 in 30 s).
    rounding: bool,
}

/// The dives column generation makes in turn (each once) while time is left, keeping the
/// best rota.
/// Measured on Curtois Instance5-9 (the rota each found first): people with rounding is
/// best on Instance6 and 8 (1952, 1305), days with rounding on Instance5 (1143 or 1144),
/// and days without rounding on Instance7 (1063). Which wins is sensitive to ties in the
/// LP, hence the turns.
const STRATEGIES: [Strategy; 4] = [
    Strategy {
        fixing: Fixing::People,
        rounding: true,
    },
    Strategy {
        fixing: Fixing::Days,
        rounding: true,
    },
    Strategy {
        fixing: Fixing::Days,
        rounding: false,
    },
    Strategy {
        fixing: Fixing::People,
        rounding: false,
    },
];

/// One dive: fix (as `strategy` says) until the LP is whole, pricing after each step
/// ([`node`], at most [`DIVE_ROUNDS`] rounds and the step's share of `left()`: the time
/// left over the people not yet fixed whole; once `left()` reaches 0, over the patterns
/// the master has). Sharing the time matters when it is short: Curtois Instance12's
/// first dive at a 60 s limit priced its first 45 steps fully and then ran out, and its
/// last 15 people, fixed without pricing, took the rota from the LP's 4040 to 5400-6000;
/// with each step's share it ends at 4600-4800. `floor` is the root's bound. Gives up
/// when the bound shows no rota below `beat` is left. Returns each person's pattern (an
/// index into the master's patterns) and the rota's objective (with the constant); adds
/// to `late` the people it fixed after `left()` reached 0.
#[allow(clippy::too_many_arguments)]
fn dive(
    master: &mut Master,
    pricer: &Pricer,
    floor: f64,
    strategy: Strategy,
    beat: Option<f64>,
    rounds: &mut usize,
    late: &mut Vec<usize>,
    left: impl Fn() -> f64,
) -> Result<Option<(Vec<usize>, f64)>, SolveError> {
    let integral = pricer.integral;
    let rounding = integral && strategy.rounding;
    loop {
        // Each step prices for at most its share of the time left, shared among the
        // people not yet fixed whole, so that no step goes unpriced for want of time.
        let open = (0..master.people)
            .filter(|&p| master.fixed[p].iter().any(|a| a.must == Fixed::Free))
            .count()
            .max(1);
        let share = left() / open as f64;
        let step_started = Instant::now();
        let step_left = || left().min(share - step_started.elapsed().as_secs_f64());
        let Some(node) = node(
            master,
            pricer,
            rounding,
            floor,
            DIVE_ROUNDS,
            rounds,
            step_left,
        )?
        else {
            return Ok(None);
        };
        let lp = node.lp;
        let hopeless = match integral {
            true => (node.bound - 1e-6).ceil(),
            false => node.bound,
        } >= beat.unwrap_or(f64::INFINITY) - 1e-6;
        if hopeless {
            return Ok(None);
        }
        if std::env::var_os("FLEXROTA_TRACE").is_some_and(|v| v == "2") {
            eprintln!(
                "colgen dive lp {:.2} bound {:.2} left {:.1}s",
                lp.value,
                node.bound,
                left()
            );
        }
        let Choices {
            largest,
            fractional,
        } = choices(master, &lp);
        if fractional.is_empty() {
            // Every day whole: each person's largest pattern is their rota.
            let chosen = largest.iter().map(|&(k, _)| k).collect();
            return Ok(Some((chosen, lp.value)));
        }
        let (p, d, choice, _) = surest(&fractional, |c| c.3);
        let out_of_time = left() <= 0.0;
        match strategy.fixing {
            Fixing::Days => {
                master.fix(p, d, choice);
                if out_of_time && !late.contains(&p) {
                    late.push(p);
                }
            }
            Fixing::People => {
                let open = |p: usize| master.fixed[p].iter().any(|a| a.must == Fixed::Free);
                let whole: Vec<usize> = (0..master.people)
                    .filter(|&p| open(p) && largest[p].1 >= 1.0 - 1e-6)
                    .collect();
                let split: Vec<usize> = (0..master.people)
                    .filter(|&p| open(p) && largest[p].1 < 1.0 - 1e-6)
                    .collect();
                // Fixing more than one split person at a time is faster but worse
                // (Instance5: 1256 against 1148).
                let people = match (whole.is_empty(), split.is_empty()) {
                    (false, _) => whole,
                    (_, false) => vec![surest(&split, |&p| largest[p].1)],
                    _ => vec![p],
                };
                for p in people {
                    if out_of_time && !late.contains(&p) {
                        late.push(p);
                    }
                    let pattern = master.patterns[largest[p].0].1.clone();
                    for d in 0..master.days {
                        let what = pattern.on(d);
                        master.fix(p, d, what);
                    }
                }
            }
        }
    }
}

/// What the master's LP chooses.
struct Choices {
    /// Per person, their largest pattern and its weight (ties: the earlier).
    largest: Vec<(usize, f64)>,
    /// `(person, day, choice, weight)` of the choices the LP makes in part, in order.
    fractional: Vec<(usize, usize, Fixed, f64)>,
}

/// What the master's `lp` chooses for each person and day.
fn choices(master: &Master, lp: &Lp) -> Choices {
    // Per person and day, the LP's weight on each choice.
    let mut weights = vec![vec![Vec::<(Fixed, f64)>::new(); master.days]; master.people];
    let mut largest: Vec<(usize, f64)> = vec![(usize::MAX, -1.0); master.people];
    for (k, (p, pattern)) in master.patterns.iter().enumerate() {
        let lambda = lp.lambdas[k];
        if lambda <= 1e-9 {
            continue;
        }
        if lambda > largest[*p].1 + 1e-9 {
            largest[*p] = (k, lambda);
        }
        for (d, weights) in weights[*p].iter_mut().enumerate() {
            let choice = pattern.on(d);
            match weights.iter_mut().find(|w| w.0 == choice) {
                Some(w) => w.1 += lambda,
                None => weights.push((choice, lambda)),
            }
        }
    }
    let mut fractional = Vec::new();
    for (p, days) in weights.iter().enumerate() {
        for (d, choices) in days.iter().enumerate() {
            for &(choice, w) in choices {
                if w < 1.0 - 1e-6 {
                    fractional.push((p, d, choice, w));
                }
            }
        }
    }
    Choices {
        largest,
        fractional,
    }
}

/// One branching decision of the tree: person `p` on day `d` must (`keep`), or may not,
/// do `what`.
#[derive(Debug, Clone, Copy)]
struct Decision {
    p: usize,
    d: usize,
    what: Fixed,
    keep: bool,
}

/// A node of the tree not yet solved: its decisions from the root, and the bound and LP
/// value it inherits from its parent.
struct Open {
    decisions: Vec<Decision>,
    /// Bounds on the people short over all cover rows.
    short: (f64, f64),
    bound: f64,
    /// The parent's LP value: among nodes of one rounded bound, the lower, the likelier
    /// to hold a rota at that bound.
    lp: f64,
}

/// Branch and price from the root (bound `root_bound`), improving `best` (each person's
/// pattern and the rota's objective, with the constant) until the tree is done or
/// `left()` is 0. Returns the tree's bound: the least bound left open, or the best rota's
/// value when nothing is (the rota is then optimal).
///
/// Each node is column generation under its decisions ([`node`]), pruned once its bound
/// (rounded up, for a whole objective) reaches the best rota. A node whose LP is short a
/// fractional number of people over all cover rows first branches on it: every rota is
/// short a whole number, at most the floor or at least the ceiling
/// ([`Master::bound_short_total`]). Curtois Instance9's root is short 3.67 at 405.67:
/// at most 3 leaves no rota, at least 4 has the bound 439, the optimum, so the tree
/// proves it in 3 nodes (person-day branching alone stayed at 406 after 181). Otherwise
/// a node whose LP is fractional branches on the choice of one person and day that the
/// LP makes most nearly by half: they must make it in one child, and may not in the
/// other, nor may their twins bound alike ([`orbit`]). The next node is
/// the open one of least bound (rounded); among equals, the one whose parent's LP is
/// least, then the deepest, and of two children the one that keeps the choice.
/// Measured on Curtois (60 s limit): Instance5 proven at 1143 in 10 s, Instance6 at 1950
/// in 1 s, Instance7 at 1056 in 20 s. Branching on the surest choice instead proved
/// neither Instance5 nor 7; without the parent's LP among equal bounds, Instance7 took 90 s
/// (1216 nodes against 288).
fn tree(
    master: &mut Master,
    pricer: &Pricer,
    root_bound: f64,
    best: &mut Option<(Vec<usize>, f64)>,
    rounds: &mut usize,
    left: impl Fn() -> f64,
) -> Result<f64, SolveError> {
    let integral = pricer.integral;
    let trace = std::env::var_os("FLEXROTA_TRACE").is_some();
    // Summation noise over people must not round a bound up past a whole value.
    let noise = 1e-6 * (master.people + 1) as f64;
    let rounded = |b: f64| match integral {
        true => (b - noise).ceil(),
        false => b,
    };
    let hopeless = |b: f64, best: &Option<(Vec<usize>, f64)>| {
        best.as_ref().is_some_and(|x| rounded(b) >= x.1 - 1e-6)
    };
    let mut open = vec![Open {
        decisions: Vec::new(),
        short: (0.0, f64::INFINITY),
        bound: root_bound,
        lp: root_bound,
    }];
    let mut solved = 0usize;
    let zeros = vec![0.0; master.rows.len()];
    while left() > 0.0 {
        open.retain(|o| !hopeless(o.bound, best));
        // Least bound first; among equals the least parent's LP, the deepest, then the
        // last opened.
        let next = (0..open.len()).min_by(|&a, &b| {
            let (x, y) = (&open[a], &open[b]);
            rounded(x.bound)
                .total_cmp(&rounded(y.bound))
                .then(x.lp.total_cmp(&y.lp))
                .then(y.decisions.len().cmp(&x.decisions.len()))
                .then(b.cmp(&a))
        });
        let Some(current) = next.map(|i| open.swap_remove(i)) else {
            break;
        };
        solved += 1;
        master.fix_to(&current.decisions);
        master.bound_short_total(current.short);
        // Everyone needs a pattern that keeps to the decisions: their cheapest, or the
        // node has no rota.
        let lacking: Vec<usize> = (0..master.people)
            .filter(|&p| !master.has_allowed(p))
            .collect();
        if !lacking.is_empty() {
            let priced = pricer.price(&lacking, &zeros, Some(master), left())?;
            if priced.iter().any(|p| p.infeasible) {
                continue;
            }
            let found: Vec<Option<Pattern>> = priced
                .into_iter()
                .map(|p| p.found.into_iter().next())
                .collect();
            if found.iter().any(Option::is_none) {
                // Out of time before everyone had one.
                open.push(current);
                break;
            }
            for (&p, pattern) in lacking.iter().zip(found.into_iter().flatten()) {
                master.add(p, pattern);
            }
        }
        let Some(node) = node(
            master,
            pricer,
            integral,
            current.bound,
            DIVE_ROUNDS,
            rounds,
            &left,
        )?
        else {
            open.push(current);
            break;
        };
        if std::env::var_os("FLEXROTA_TRACE").is_some_and(|v| v == "2") {
            eprintln!(
                "tree node {solved} short {:?} depth {} bound {:.3} lp {:.3} total short {:.3}",
                current.short,
                current.decisions.len(),
                node.bound,
                node.lp.value,
                node.lp.short_total
            );
        }
        if hopeless(node.bound, best) {
            continue;
        }
        let Choices {
            largest,
            fractional,
        } = choices(master, &node.lp);
        if fractional.is_empty() {
            // The LP's value, unless a bound on the people short made it pay for slack
            // the rota does not need.
            let chosen: Vec<usize> = largest.iter().map(|&(k, _)| k).collect();
            let value = master.cost(&chosen);
            if best.as_ref().is_none_or(|b| value < b.1 - 1e-6) {
                if trace {
                    eprintln!(
                        "colgen: tree node {solved} depth {} rota {value}",
                        current.decisions.len(),
                    );
                }
                *best = Some((chosen, value));
            }
            // Out of rounds short of the bound: better rotas may be left in the node. (At
            // the bound, within HiGHS's tolerance, the node is done.)
            let short = node.lp.value - node.bound > 1e-6 * node.bound.abs().max(1.0);
            if short && !hopeless(node.bound, best) {
                open.push(Open {
                    decisions: current.decisions,
                    short: current.short,
                    bound: node.bound,
                    lp: node.lp.value,
                });
            }
            continue;
        }
        // A fractional number of people short first: every rota has a whole number, at
        // most its floor or at least its ceiling.
        let total = node.lp.short_total;
        if (total - total.round()).abs() > 1e-6 {
            let (lo, hi) = current.short;
            for short in [(total.ceil(), hi), (lo, total.floor())] {
                open.push(Open {
                    decisions: current.decisions.clone(),
                    short,
                    bound: node.bound,
                    lp: node.lp.value,
                });
            }
            continue;
        }
        let (p, d, what, _) = surest(&fractional, |c| -(c.3 - 0.5).abs());
        // Orbital branching: a twin of `p` under the same decisions who makes the choice
        // could swap rotas with `p` into the child that keeps it, at the same cost, so the
        // other child forbids it to all of them.
        let orbit = orbit(&pricer.twins, &current.decisions, p);
        for keep in [false, true] {
            let mut decisions = current.decisions.clone();
            match keep {
                true => decisions.push(Decision { p, d, what, keep }),
                false => decisions.extend(orbit.iter().map(|&q| Decision {
                    p: q,
                    d,
                    what,
                    keep,
                })),
            }
            open.push(Open {
                decisions,
                short: current.short,
                bound: node.bound,
                lp: node.lp.value,
            });
        }
    }
    master.bound_short_total((0.0, f64::INFINITY));
    let least = open.iter().map(|o| rounded(o.bound)).min_by(f64::total_cmp);
    if trace {
        eprintln!(
            "colgen: tree {solved} nodes, {} open, least bound {least:?}",
            open.len()
        );
    }
    let best = best.as_ref().map(|b| rounded(b.1));
    Ok(match (least, best) {
        (Some(l), Some(b)) => l.min(b),
        (l, b) => l.or(b).unwrap_or(rounded(root_bound)),
    })
}

/// Person `p` and their twins (`twins`: [`Model::twins`]) whom `decisions` bind exactly
/// as they bind `p` (the same choices made and forbidden on the same days), in order:
/// the people any rota under `decisions` can swap with `p`.
fn orbit(twins: &[usize], decisions: &[Decision], p: usize) -> Vec<usize> {
    let of = |who: usize| {
        decisions
            .iter()
            .filter(move |c| c.p == who)
            .map(|c| (c.d, c.what, c.keep))
    };
    let alike = |q: usize| of(p).count() == of(q).count() && of(p).all(|x| of(q).any(|y| x == y));
    (0..twins.len())
        .filter(|&q| q == p || twins[q] == twins[p] && alike(q))
        .collect()
}

/// The restricted master as an integer programme over each person's `per_person` patterns
/// of least reduced cost at `lp`'s duals (and the patterns of `start`, its starting rota),
/// solved by HiGHS within `seconds`: each person's pattern and the rota's objective (with
/// the constant), when HiGHS finds one.
fn pool_ip(
    master: &Master,
    lp: &Lp,
    start: &[usize],
    per_person: usize,
    options: &SolveOptions,
    seconds: f64,
) -> Result<Option<(Vec<usize>, f64)>, SolveError> {
    let mut kept: Vec<usize> = Vec::new();
    for (p, &started) in start.iter().enumerate() {
        let mut mine: Vec<(f64, usize)> = master
            .patterns
            .iter()
            .enumerate()
            .filter(|(_, (q, _))| *q == p)
            .map(|(k, (_, pattern))| {
                let reduced = pattern.cost
                    - earned(master.rows, &lp.cover_duals, p, pattern)
                    - lp.person_duals[p];
                (reduced, k)
            })
            .collect();
        mine.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        mine.truncate(per_person);
        if !mine.iter().any(|m| m.1 == started) {
            mine.push((0.0, started));
        }
        kept.extend(mine.into_iter().map(|m| m.1));
    }
    let mut vars = good_lp::ProblemVariables::new();
    let z: Vec<good_lp::Variable> = kept
        .iter()
        .map(|_| vars.add(good_lp::variable().binary()))
        .collect();
    let mut objective = good_lp::Expression::from(0.0);
    let mut constraints = Vec::new();
    let mut initial: Vec<f64> = kept
        .iter()
        .map(|k| if start.contains(k) { 1.0 } else { 0.0 })
        .collect();
    for p in 0..master.people {
        let mut one = good_lp::Expression::from(0.0);
        for (i, &k) in kept.iter().enumerate() {
            if master.patterns[k].0 == p {
                one.add_mul(1.0, z[i]);
            }
        }
        constraints.push(good_lp::constraint::eq(one, 1.0));
    }
    for (i, &k) in kept.iter().enumerate() {
        objective.add_mul(master.patterns[k].1.cost, z[i]);
    }
    for row in master.rows {
        let short = vars.add(good_lp::variable().min(0.0));
        let over = vars.add(good_lp::variable().min(0.0));
        objective.add_mul(row.under.unwrap_or(HARD_SHORT), short);
        objective.add_mul(row.over, over);
        let mut cover = good_lp::Expression::from(0.0);
        let mut at_start = 0.0;
        for (i, &k) in kept.iter().enumerate() {
            let (p, pattern) = &master.patterns[k];
            if row.counts[*p] && pattern.shifts.contains(&(row.day, row.shift)) {
                cover.add_mul(1.0, z[i]);
                at_start += initial[i];
            }
        }
        initial.push((row.required - at_start).max(0.0));
        initial.push((at_start - row.required).max(0.0));
        cover.add_mul(1.0, short);
        cover.add_mul(-1.0, over);
        constraints.push(good_lp::constraint::eq(cover, row.required));
    }
    let step = quiet(options, seconds);
    let outcome = solve::run(
        vars,
        objective,
        constraints,
        &step,
        Some(&initial),
        OnStale::Accept,
    )?;
    let (Some(values), Some(objective)) = (outcome.values, outcome.objective) else {
        return Ok(None);
    };
    let mut chosen = vec![None; master.people];
    for (i, &k) in kept.iter().enumerate() {
        if values[i] > 0.5 {
            chosen[master.patterns[k].0] = Some(k);
        }
    }
    // Everyone has a pattern (the choice rows say so), or HiGHS's answer is not a rota.
    Ok(chosen
        .into_iter()
        .collect::<Option<Vec<usize>>>()
        .map(|chosen| (chosen, objective)))
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
    one.people = vec![model.people[p].clone()];
    one.shift_cover.clear();
    for office in &mut one.office_days {
        office.people = match office.people.contains(&p) {
            true => vec![0],
            false => Vec::new(),
        };
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

impl<'m> Pricer<'m> {
    /// Pricing for the people of `model` (compiled as `whole`), cover being `rows`.
    fn new(
        model: &Model,
        rows: &'m [CoverRow],
        whole: &compile::Programme,
        options: &'m SolveOptions,
    ) -> Result<Self, SolveError> {
        let alone: Vec<Model> = (0..model.people.len()).map(|p| alone(model, p)).collect();
        let walks: Vec<Option<Walk>> = alone
            .iter()
            .map(|one| Walk::new(one, &compile::compile(one)))
            .collect();
        Ok(Pricer {
            alone,
            walks,
            twins: model.twins(),
            rows,
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(options.threads.max(1) as usize)
                .build()
                .map_err(|e| SolveError::Highs {
                    stage: "starting pricing threads",
                    detail: e.to_string(),
                })?,
            options,
            integral: integral_objective(whole),
        })
    }

    /// Price the people `who` under `cover_duals` (per cover row), in parallel on the
    /// pool, each class of interchangeable people ([`Model::twins`]) with the same
    /// fixings once; results in the order of `who`. The walk looks only below the best
    /// pattern the `master` has for each person.
    fn price(
        &self,
        who: &[usize],
        cover_duals: &[f64],
        master: Option<&Master>,
        seconds: f64,
    ) -> Result<Vec<Priced>, SolveError> {
        // Each person's earnings per shift, and their best pattern's value at them.
        let work: Vec<(usize, Earnings, Option<f64>, &[Allowed])> = who
            .iter()
            .map(|&p| {
                let mut duals: HashMap<(usize, ShiftIx), f64> = HashMap::new();
                for (row, y) in self.rows.iter().zip(cover_duals) {
                    if row.counts[p] && *y != 0.0 {
                        *duals.entry((row.day, row.shift)).or_default() += y;
                    }
                }
                let known = master.and_then(|m| m.best_value(p, &duals));
                let fixed: &[Allowed] = master.map_or(&[], |m| &m.fixed[p]);
                (p, duals, known, fixed)
            })
            .collect();
        // Interchangeable people under the same fixings, with best patterns of the same
        // value, have the same best patterns: each such class is priced once.
        let same = |a: usize, b: usize| {
            let (x, y) = (&work[a], &work[b]);
            self.twins[x.0] == self.twins[y.0]
                && x.3 == y.3
                && x.2.map(f64::to_bits) == y.2.map(f64::to_bits)
        };
        let first: Vec<usize> = (0..work.len())
            .map(|i| (0..i).find(|&j| same(i, j)).unwrap_or(i))
            .collect();
        let unique: Vec<usize> = (0..work.len()).filter(|&i| first[i] == i).collect();
        let priced: Vec<Result<Priced, SolveError>> = self.pool.install(|| {
            unique
                .par_iter()
                .map(|&i| {
                    let (p, duals, known, fixed) = &work[i];
                    price(
                        &self.alone[*p],
                        self.walks[*p].as_ref(),
                        *known,
                        fixed,
                        duals,
                        self.options,
                        seconds,
                    )
                })
                .collect()
        });
        let priced = priced.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(first
            .iter()
            .map(|f| priced[unique.binary_search(f).expect("every first is priced")].clone())
            .collect())
    }
}

/// What each shift `(day, template)` of one person earns from cover.
type Earnings = HashMap<(usize, ShiftIx), f64>;

/// What person `p`'s pattern earns from cover at `duals` (per cover row).
fn earned(rows: &[CoverRow], duals: &[f64], p: usize, pattern: &Pattern) -> f64 {
    rows.iter()
        .zip(duals)
        .filter(|(r, _)| r.counts[p] && pattern.shifts.contains(&(r.day, r.shift)))
        .map(|(_, y)| y)
        .sum()
}

/// The person's best patterns when each shift `(day, template)` earns `duals` on top of
/// its own cost and the person keeps to `fixed` (per day; empty: nothing fixed): by the
/// walk when it knows the person's rules, else by HiGHS. `known` is the value of the
/// person's best pattern so far, if any: the walk looks only below it.
fn price(
    one: &Model,
    walk: Option<&Walk>,
    known: Option<f64>,
    fixed: &[Allowed],
    duals: &HashMap<(usize, ShiftIx), f64>,
    options: &SolveOptions,
    seconds: f64,
) -> Result<Priced, SolveError> {
    if let Some(walk) = walk {
        // `Err`: too many states, HiGHS instead.
        if let Ok(walked) = walk.cheapest(duals, PER_ROUND, known, fixed) {
            // Nothing below the best known pattern: that one is the cheapest.
            let bound = match (walked.first(), known) {
                (Some(w), _) => Some(w.value),
                (None, k) => k,
            };
            let found: Vec<Pattern> = walked
                .into_iter()
                .map(|w| {
                    let earned: f64 = w.shifts.iter().filter_map(|k| duals.get(k)).sum();
                    Pattern {
                        cost: w.value + earned,
                        shifts: w.shifts,
                        locations: w.locations,
                        activities: Vec::new(),
                    }
                })
                .collect();
            return Ok(Priced {
                infeasible: bound.is_none(),
                found,
                bound,
            });
        }
    }
    let mut programme = compile::compile(one);
    for &((_, d, t), c) in &programme.keys.shifts {
        if let Some(y) = duals.get(&(d, t)) {
            programme.objective.add_mul(-*y, programme.vars_by_index[c]);
        }
    }
    for (d, allowed) in fixed.iter().enumerate() {
        if let Fixed::Shift(f) = allowed.must {
            if !programme
                .keys
                .shifts
                .iter()
                .any(|&((_, e, t), _)| e == d && t == f)
            {
                // Fixed to a shift the person cannot work that day.
                return Ok(Priced {
                    found: Vec::new(),
                    bound: None,
                    infeasible: true,
                });
            }
        }
        let mut working = good_lp::Expression::from(0.0);
        for &((_, e, t), c) in &programme.keys.shifts {
            let x = programme.vars_by_index[c];
            if e != d {
                continue;
            }
            working.add_mul(1.0, x);
            let at_t = std::iter::once(t);
            match allowed.must {
                Fixed::Shift(f) if t == f => {
                    programme.constraints.push(good_lp::constraint::eq(x, 1.0))
                }
                Fixed::Off => programme.constraints.push(good_lp::constraint::eq(x, 0.0)),
                _ if !allowed.allows(at_t.clone()) && allowed.must.allows(at_t) => {
                    // A template the day may not have.
                    programme.constraints.push(good_lp::constraint::eq(x, 0.0))
                }
                _ => {}
            }
        }
        if allowed.never.contains(&Fixed::Off) {
            programme
                .constraints
                .push(good_lp::constraint::geq(working, 1.0));
        }
    }
    let step = quiet(options, seconds);
    let keys = programme.keys;
    let constant = programme.constant;
    let outcome = solve::run(
        programme.vars,
        programme.objective,
        programme.constraints,
        &step,
        None,
        OnStale::Accept,
    )?;
    if outcome.status == SolveStatus::Infeasible {
        return Ok(Priced {
            found: Vec::new(),
            bound: None,
            infeasible: true,
        });
    }
    // HiGHS's dual bound, never its objective: a proof within a tolerance is not a bound.
    let bound = outcome.bound.map(|b| b + constant);
    let found = match (outcome.values, outcome.objective) {
        (Some(values), Some(objective)) => {
            let on = |c: usize| values[c] > 0.5;
            let shifts: Vec<(usize, ShiftIx)> = keys
                .shifts
                .iter()
                .filter(|(_, c)| on(*c))
                .map(|&((_, d, t), _)| (d, t))
                .collect();
            let earned: f64 = shifts.iter().filter_map(|k| duals.get(k)).sum();
            vec![Pattern {
                locations: keys
                    .locations
                    .iter()
                    .filter(|(_, c)| on(*c))
                    .map(|&((_, d, l), _)| (d, l))
                    .collect(),
                activities: keys
                    .activities
                    .iter()
                    .filter(|(_, c)| on(*c))
                    .map(|&((_, d, s, a), _)| (d, s, a))
                    .collect(),
                cost: objective + constant + earned,
                shifts,
            }]
        }
        _ => Vec::new(),
    };
    Ok(Priced {
        found,
        bound,
        infeasible: false,
    })
}

/// The restricted master: cover rows (with short and over slacks) and one choice row per
/// person, over the patterns generated so far.
struct Master<'r> {
    rows: &'r [CoverRow],
    people: usize,
    /// `(person, pattern)`, in the order they were added.
    patterns: Vec<(usize, Pattern)>,
    /// Each pattern's column.
    columns: Vec<highs::Col>,
    /// Days in the horizon.
    days: usize,
    /// Per person and day, what the dive or the tree has fixed.
    fixed: Vec<Vec<Allowed>>,
    /// Per pattern, whether it breaks a fixing (its column is held at 0).
    banned: Vec<bool>,
    /// The LP, kept between rounds so HiGHS re-solves from the last basis.
    lp: Option<highs::Model>,
    /// Whether a column's bounds changed since the last solve (a fixing, or undoing them).
    /// The last basis is then dual feasible, not primal, and HiGHS's dual simplex
    /// re-solves faster. After columns are only added it is primal feasible, and the
    /// primal simplex takes half the time of the dual (Curtois Instance12's root: 7.5 s
    /// against 12.6 s, nearly all of it in the LP). The choice also decides which of a
    /// degenerate LP's optima the dives start from: Instance8's first dive gave 1305 after
    /// the dual's root, and gives 1402 after the primal's.
    bounds_changed: bool,
    cover: Vec<highs::Row>,
    choice: Vec<highs::Row>,
    /// Each cover row's short slack.
    shorts: Vec<highs::Col>,
    /// The people short over all cover rows, once the tree first bounds them: a column
    /// equal to the sum of the short slacks (in a row of its own, after the choice rows),
    /// and the number of patterns before it (it and its excess column come next).
    short_total: Option<(highs::Col, usize)>,
    /// The bounds on the people short now.
    short_bounds: (f64, f64),
}

/// A solution of the master's LP.
struct Lp {
    value: f64,
    /// Per cover row.
    cover_duals: Vec<f64>,
    /// Per person (the choice rows).
    person_duals: Vec<f64>,
    /// Per pattern.
    lambdas: Vec<f64>,
    /// The people short over all cover rows.
    short_total: f64,
    /// The dual of the row that sums them.
    short_dual: f64,
}

impl<'r> Master<'r> {
    /// The master over no patterns yet.
    fn new(rows: &'r [CoverRow], people: usize, days: usize) -> Self {
        let mut lp = highs::Model::new(highs::RowProblem::default());
        let _ = lp.try_set_option("output_flag", false);
        let _ = lp.try_set_option("threads", solve::HIGHS_THREADS);
        let _ = lp.try_set_option("presolve", "off");
        let cover: Vec<highs::Row> = rows
            .iter()
            .map(|r| lp.add_row(r.required..=r.required, Vec::<(highs::Col, f64)>::new()))
            .collect();
        let choice: Vec<highs::Row> = (0..people)
            .map(|_| lp.add_row(1.0..=1.0, Vec::<(highs::Col, f64)>::new()))
            .collect();
        let mut shorts = Vec::with_capacity(rows.len());
        for (r, &row) in rows.iter().zip(&cover) {
            shorts.push(lp.add_col(r.under.unwrap_or(HARD_SHORT), 0.0.., [(row, 1.0)]));
            lp.add_col(r.over, 0.0.., [(row, -1.0)]);
        }
        Master {
            rows,
            people,
            patterns: Vec::new(),
            columns: Vec::new(),
            days,
            fixed: vec![vec![FREE; days]; people],
            banned: Vec::new(),
            bounds_changed: false,
            lp: Some(lp),
            cover,
            choice,
            shorts,
            short_total: None,
            short_bounds: (0.0, f64::INFINITY),
        }
    }

    /// Bound the people short over all cover rows to `lo..=hi`. The row and columns
    /// that do so are added the first time, so that a master never bounded solves as
    /// if they did not exist.
    fn bound_short_total(&mut self, (lo, hi): (f64, f64)) {
        if (lo, hi) == self.short_bounds {
            return;
        }
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        let total = match self.short_total {
            Some((total, _)) => total,
            None => {
                let row = lp.add_row(0.0..=0.0, self.shorts.iter().map(|&c| (c, 1.0)));
                let total = lp.add_col(0.0, 0.0.., [(row, -1.0)]);
                // People short above the upper bound, at the price of hard cover: the
                // master stays feasible until pricing finds patterns that keep to it.
                lp.add_col(HARD_SHORT, 0.0.., [(row, -1.0)]);
                self.short_total = Some((total, self.patterns.len()));
                total
            }
        };
        lp.change_column_bounds(total, lo..=hi);
        self.short_bounds = (lo, hi);
        self.bounds_changed = true;
    }

    /// The Lagrangian bound at cover `duals` (per cover row) when the people's cheapest
    /// values there sum to `people`: every rota keeping to the fixings costs at least this.
    /// `lp` gives the dual of the row summing the people short.
    fn lagrangian(&self, lp: &Lp, duals: &[f64], people: f64) -> f64 {
        // The total short, between its bounds (above the upper one at the price
        // of hard cover), at the master's dual of the row that sums it (any dual
        // gives a bound; one of the wrong sign for an unbounded side is taken as
        // 0, one below the excess's price as that).
        let (lo, hi) = self.short_bounds;
        let sigma = match hi.is_finite() {
            true => lp.short_dual.max(-HARD_SHORT),
            false => lp.short_dual.max(0.0),
        };
        let total = if sigma >= 0.0 { sigma * lo } else { sigma * hi };
        self.rows
            .iter()
            .zip(duals)
            .map(|(r, y)| {
                let short = r
                    .under
                    .map_or(0.0, |u| (u - y - sigma).min(0.0) * r.required);
                let counting = r.counts.iter().filter(|c| **c).count() as f64;
                r.required * y + short + (r.over + y).min(0.0) * counting
            })
            .sum::<f64>()
            + total
            + people
    }

    /// What the rota of the patterns `chosen` (one per person) costs, from the patterns
    /// and the cover rows alone.
    fn cost(&self, chosen: &[usize]) -> f64 {
        let mut total: f64 = chosen.iter().map(|&k| self.patterns[k].1.cost).sum();
        for row in self.rows {
            let on = chosen
                .iter()
                .filter(|&&k| {
                    let (p, pattern) = &self.patterns[k];
                    row.counts[*p] && pattern.shifts.contains(&(row.day, row.shift))
                })
                .count() as f64;
            total += (row.required - on).max(0.0) * row.under.unwrap_or(HARD_SHORT)
                + (on - row.required).max(0.0) * row.over;
        }
        total
    }

    /// The value of person `p`'s best pattern that keeps to the fixings, when shifts earn
    /// `duals` (per shift).
    fn best_value(&self, p: usize, duals: &HashMap<(usize, ShiftIx), f64>) -> Option<f64> {
        self.patterns
            .iter()
            .zip(&self.banned)
            .filter(|((q, _), banned)| *q == p && !**banned)
            .map(|((_, pattern), _)| {
                pattern.cost
                    - pattern
                        .shifts
                        .iter()
                        .filter_map(|k| duals.get(k))
                        .sum::<f64>()
            })
            .min_by(f64::total_cmp)
    }

    fn has(&self, p: usize, pattern: &Pattern) -> bool {
        self.patterns.iter().any(|(q, known)| {
            *q == p && known.shifts == pattern.shifts && known.cost == pattern.cost
        })
    }

    fn add(&mut self, p: usize, pattern: Pattern) {
        let mut column: Vec<(highs::Row, f64)> = self
            .rows
            .iter()
            .zip(&self.cover)
            .filter(|(r, _)| r.counts[p] && pattern.shifts.contains(&(r.day, r.shift)))
            .map(|(_, &row)| (row, 1.0))
            .collect();
        column.push((self.choice[p], 1.0));
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        self.columns.push(lp.add_col(pattern.cost, 0.0.., column));
        self.patterns.push((p, pattern));
        self.banned.push(false);
    }

    /// Add the patterns of `who` (priced as `priced`) that improve the master at `lp`'s
    /// duals; how many.
    fn add_improving(&mut self, who: &[usize], priced: Vec<Priced>, lp: &Lp) -> usize {
        let mut added = 0;
        for (&p, priced) in who.iter().zip(priced) {
            for pattern in priced.found {
                let reduced = pattern.cost
                    - earned(self.rows, &lp.cover_duals, p, &pattern)
                    - lp.person_duals[p];
                if reduced < IMPROVES && !self.has(p, &pattern) {
                    self.add(p, pattern);
                    added += 1;
                }
            }
        }
        added
    }

    /// Fix person `p` to `what` on day `d`: their patterns that do otherwise are held at 0.
    fn fix(&mut self, p: usize, d: usize, what: Fixed) {
        self.fixed[p][d].must = what;
        self.ban_breaking(p, d);
    }

    /// Hold at 0 the patterns of person `p` that break their fixing on day `d`.
    fn ban_breaking(&mut self, p: usize, d: usize) {
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        let allowed = &self.fixed[p][d];
        for (k, (q, pattern)) in self.patterns.iter().enumerate() {
            if *q == p && !self.banned[k] && !allowed.allows(pattern.on_day(d)) {
                lp.change_column_bounds(self.columns[k], 0.0..=0.0);
                self.banned[k] = true;
                self.bounds_changed = true;
            }
        }
    }

    /// Undo every fixing.
    fn unfix_all(&mut self) {
        self.fix_to(&[]);
    }

    /// Fix to `decisions` alone (a node of the tree), undoing every other fixing. Only
    /// the columns whose bounds change are touched, so HiGHS keeps its basis.
    fn fix_to(&mut self, decisions: &[Decision]) {
        for fixed in &mut self.fixed {
            fixed.fill(FREE);
        }
        for c in decisions {
            let allowed = &mut self.fixed[c.p][c.d];
            match c.keep {
                true => allowed.must = c.what,
                false => allowed.never.push(c.what),
            }
        }
        // Per person, the days with a fixing.
        let mut fixed_days = vec![Vec::new(); self.people];
        for c in decisions {
            if !fixed_days[c.p].contains(&c.d) {
                fixed_days[c.p].push(c.d);
            }
        }
        let lp = self
            .lp
            .as_mut()
            .expect("the LP is put back after each solve");
        for (k, (p, pattern)) in self.patterns.iter().enumerate() {
            let banned = fixed_days[*p]
                .iter()
                .any(|&d| !self.fixed[*p][d].allows(pattern.on_day(d)));
            if banned != self.banned[k] {
                let bounds = match banned {
                    true => 0.0..=0.0,
                    false => 0.0..=f64::INFINITY,
                };
                lp.change_column_bounds(self.columns[k], bounds);
                self.banned[k] = banned;
                self.bounds_changed = true;
            }
        }
    }

    /// Whether person `p` has a pattern that keeps to their fixings.
    fn has_allowed(&self, p: usize) -> bool {
        self.patterns
            .iter()
            .zip(&self.banned)
            .any(|((q, _), banned)| *q == p && !banned)
    }

    /// The LP's optimum; `None` if HiGHS does not reach it.
    fn solve_lp(&mut self) -> Result<Option<Lp>, SolveError> {
        let mut lp = self.lp.take().expect("the LP is put back after each solve");
        // HiGHS's simplex strategies: 1 the dual, 4 the primal.
        let strategy = if std::mem::take(&mut self.bounds_changed) {
            1
        } else {
            4
        };
        let _ = lp.try_set_option("simplex_strategy", strategy);
        let solved = lp.try_solve().map_err(|e| SolveError::Highs {
            stage: "solving the column-generation master",
            detail: format!("{e:?}"),
        })?;
        let result = match solved.status() {
            highs::HighsModelStatus::Optimal => {
                let solution = solved.get_solution();
                let duals = solution.dual_rows();
                let columns = solution.columns();
                // Rows were added cover first, then one choice row per person, then the
                // sum of the short slacks if the tree bounds it; columns two slacks per
                // cover row, then the patterns, with the total short and its excess
                // among them from when it was added.
                let n = self.rows.len();
                let patterns = &columns[2 * n..];
                let (lambdas, short_dual) = match self.short_total {
                    Some((_, at)) => (
                        [&patterns[..at], &patterns[at + 2..]].concat(),
                        duals[n + self.people],
                    ),
                    None => (patterns.to_vec(), 0.0),
                };
                Some(Lp {
                    value: solved.objective_value(),
                    cover_duals: duals[..n].to_vec(),
                    person_duals: duals[n..n + self.people].to_vec(),
                    lambdas,
                    short_total: (0..n).map(|i| columns[2 * i]).sum(),
                    short_dual,
                })
            }
            _ => None,
        };
        self.lp = Some(highs::Model::from(solved));
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Curtois & Qu's instance `n`; `None` (the test is skipped) where the benchmarks,
    /// which live beside the repository, are missing.
    fn curtois(n: usize) -> Option<Model> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../shared/benchmarks/curtois/Instance{n}.txt"));
        if !path.is_file() {
            eprintln!("skipped: {} does not exist", path.display());
            return None;
        }
        Some(crate::import::load_instance(&path).expect("the benchmark imports"))
    }

    /// Earnings in `[0, 150)` on every shift of the person, from a fixed seed.
    fn earnings(one: &Model, seed: u64) -> HashMap<(usize, ShiftIx), f64> {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut out = HashMap::new();
        for d in 0..one.horizon.days {
            for t in 0..one.shifts.len() {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = (state >> 33) as f64 / (1u64 << 31) as f64;
                // Some shifts earn nothing, as many cover rows have a zero dual.
                if r < 0.7 {
                    out.insert((d, t), (r / 0.7 * 150.0 * 4.0).round() / 4.0);
                }
            }
        }
        out
    }

    /// The walk's cheapest rota is HiGHS's optimum on the person's own programme, at many
    /// earnings, for people of several benchmark instances: the walk is exact, so the
    /// bounds built on it are valid.
    #[test]
    fn the_walk_prices_as_highs_does() {
        let options = SolveOptions::default();
        let (mut compared, mut fixed_compared) = (0, 0);
        for n in [1, 4, 5, 8, 10, 11, 12] {
            let Some(model) = curtois(n) else {
                return;
            };
            for p in (0..model.people.len()).step_by(9) {
                let one = alone(&model, p);
                let walk = Walk::new(&one, &compile::compile(&one))
                    .expect("benchmark people have rules the walk knows");
                for seed in 0..3 {
                    let duals = earnings(&one, (n * 1000 + p * 10 + seed) as u64);
                    let walked =
                        price(&one, Some(&walk), None, &[], &duals, &options, 60.0).unwrap();
                    let highs = price(&one, None, None, &[], &duals, &options, 60.0).unwrap();
                    let (w, h) = (walked.bound.unwrap(), highs.bound.unwrap());
                    assert!(
                        (w - h).abs() < 1e-6,
                        "Instance{n} person {p} seed {seed}: walk {w}, HiGHS {h}"
                    );
                    // Looking only below a known rota's value finds the same optimum, or
                    // nothing when the known rota is optimal.
                    let above = price(
                        &one,
                        Some(&walk),
                        Some(h + 5.0),
                        &[],
                        &duals,
                        &options,
                        60.0,
                    )
                    .unwrap();
                    assert!((above.bound.unwrap() - h).abs() < 1e-6);
                    assert!((above.found[0].cost - walked.found[0].cost).abs() < 1e-6);
                    let at =
                        price(&one, Some(&walk), Some(h), &[], &duals, &options, 60.0).unwrap();
                    assert!((at.bound.unwrap() - h).abs() < 1e-6);
                    assert!(at.found.is_empty(), "nothing is cheaper than the optimum");
                    // The walk's rota costs what it says.
                    let best = &walked.found[0];
                    let earned: f64 = best.shifts.iter().filter_map(|k| duals.get(k)).sum();
                    assert!((best.cost - earned - w).abs() < 1e-6);
                    // With days fixed (one off, one to a shift the optimum works on
                    // another day, one as the optimum has it) and forbidden (one what the
                    // optimum does, one off), both agree again, and the walk's rota keeps
                    // to the fixings.
                    let days = one.horizon.days;
                    let a = (seed * 7 + p) % days;
                    let (b, c) = ((a + 5) % days, (a + 11) % days);
                    let (e, f) = ((a + 17) % days, (a + 23) % days);
                    let mut fixed = vec![FREE; days];
                    fixed[a].must = Fixed::Off;
                    fixed[b].must = best
                        .shifts
                        .first()
                        .map_or(Fixed::Off, |s| Fixed::Shift(s.1));
                    fixed[c].must = best.on(c);
                    fixed[e].never.push(best.on(e));
                    fixed[f].never.push(Fixed::Off);
                    let walked =
                        price(&one, Some(&walk), None, &fixed, &duals, &options, 60.0).unwrap();
                    let highs = price(&one, None, None, &fixed, &duals, &options, 60.0).unwrap();
                    assert_eq!(walked.infeasible, highs.infeasible);
                    if let (Some(w), Some(h)) = (walked.bound, highs.bound) {
                        assert!(
                            (w - h).abs() < 1e-6,
                            "Instance{n} person {p} seed {seed} fixed: walk {w}, HiGHS {h}"
                        );
                        let rota = &walked.found[0];
                        for (d, what) in fixed.iter().enumerate() {
                            assert!(what.allows(rota.on_day(d)), "day {d} breaks {what:?}");
                        }
                        fixed_compared += 1;
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared > 20);
        assert!(
            fixed_compared > 10,
            "only {fixed_compared} fixings were feasible"
        );
    }

    /// Interchangeable people are priced once per class, and each gets what pricing them
    /// alone gives: the sharing saves work and changes no pattern. A copy with a request
    /// more, or one holding a job share, is nobody's twin.
    #[test]
    fn twins_are_priced_once_and_alike() {
        let Some(mut model) = curtois(2) else {
            return;
        };
        let n = model.people.len();
        for (from, id) in [(0, "Z1"), (0, "Z2"), (1, "Z3"), (2, "Z4")] {
            let mut twin = model.people[from].clone();
            twin.id = id.into();
            twin.name = id.into();
            model.people.push(twin);
        }
        model.people[n + 2].requests.push(crate::model::Request {
            day: 3,
            kind: crate::model::RequestKind::DayOff,
            weight: 7.0,
        });
        model.job_shares.push(crate::model::JobShare {
            id: "post".into(),
            members: vec![n + 3],
            target_minutes: 0,
            tolerance_minutes: 0,
            cover_days: Vec::new(),
            handover_days: Vec::new(),
        });
        let twins = model.twins();
        assert_eq!(twins[..n], (0..n).collect::<Vec<_>>()[..]);
        assert_eq!(twins[n..], [0, 0, n + 2, n + 3]);
        model.job_shares.clear();
        let rows = compile::cover_rows(&model).unwrap();
        let whole = compile::compile(&model);
        let options = SolveOptions::default();
        let pricer = Pricer::new(&model, &rows, &whole, &options).unwrap();
        let everyone: Vec<usize> = (0..model.people.len()).collect();
        for seed in 0..3u64 {
            let duals: Vec<f64> = (0..rows.len() as u64)
                .map(|r| ((seed * 7919 + r * 104_729) % 150) as f64)
                .collect();
            let together = pricer.price(&everyone, &duals, None, 60.0).unwrap();
            for (p, shared) in together.iter().enumerate() {
                // Priced on their own, nobody shares.
                let alone = pricer.price(&[p], &duals, None, 60.0).unwrap();
                assert_eq!(shared.bound, alone[0].bound, "seed {seed} person {p}");
                assert_eq!(shared.found, alone[0].found, "seed {seed} person {p}");
            }
            assert_eq!(together[n].found, together[0].found);
            assert_ne!(together[1].bound, together[0].bound, "a meaningful test");
        }
    }

    /// A person's orbit holds their twins bound alike by the decisions, in whatever order
    /// those were made, and nobody else.
    #[test]
    fn an_orbit_holds_the_twins_bound_alike() {
        let twins = [0, 0, 2, 0, 0];
        let decision = |p, d, keep| Decision {
            p,
            d,
            what: Fixed::Off,
            keep,
        };
        assert_eq!(orbit(&twins, &[], 0), [0, 1, 3, 4]);
        assert_eq!(orbit(&twins, &[], 2), [2]);
        let decisions = [
            decision(0, 1, false),
            decision(0, 2, true),
            decision(3, 2, true),
            decision(3, 1, false),
            decision(4, 1, false),
            decision(2, 1, false),
            decision(2, 2, true),
        ];
        // 1 has no decisions, 4 only one of the two: neither is bound as 0 is.
        assert_eq!(orbit(&twins, &decisions, 0), [0, 3]);
        assert_eq!(orbit(&twins, &decisions, 1), [1]);
        assert_eq!(orbit(&twins, &decisions, 2), [2]);
    }

    /// With interchangeable people, the tree's orbital branching (a forbidden choice is
    /// forbidden to every twin bound alike) proves the same optimum as branching on one
    /// person at a time.
    #[test]
    fn orbital_branching_keeps_the_optimum() {
        for n in [1, 2, 3, 4] {
            let Some(mut model) = curtois(n) else {
                return;
            };
            // Pairs of twins, the team's size kept.
            for (from, to) in [(0, 1), (2, 3), (4, 5), (6, 7)] {
                let id = model.people[to].id.clone();
                model.people[to] = model.people[from].clone();
                model.people[to].id = id;
            }
            let proven = |twins: bool| {
                let mut proven = None;
                at_root_with(&model, twins, |master, pricer, root| {
                    let mut best = None;
                    let bound =
                        tree(master, pricer, root.bound, &mut best, &mut 0, || 60.0).unwrap();
                    let value = best.expect("the tree ends in a rota").1;
                    assert!((bound - value).abs() < 1e-6, "Instance{n}: proven");
                    proven = Some(value);
                });
                proven.unwrap()
            };
            let (orbital, one_by_one) = (proven(true), proven(false));
            assert!(
                (orbital - one_by_one).abs() < 1e-6,
                "Instance{n} with twins: {orbital} against {one_by_one}"
            );
        }
    }

    /// The bound never passes the published optimum, and the dive's rota costs no less
    /// than the bound; on Instance2 and 4 they meet (proven optimal).
    #[test]
    fn the_bound_holds_and_meets_the_rota() {
        for (n, optimum) in [(2, 828.0), (3, 1001.0), (4, 1716.0)] {
            let Some(model) = curtois(n) else {
                return;
            };
            let constant = compile::compile(&model).constant;
            let generated = generate(&model, &SolveOptions::default(), 60.0).unwrap();
            let bound = generated.bound.expect("the root converges") + constant;
            let (_, cost) = generated.rota.expect("the dive ends in a rota");
            let cost = cost + constant;
            assert!(
                bound <= optimum + 1e-6,
                "Instance{n}: bound {bound} > {optimum}"
            );
            assert!(
                cost >= bound - 1e-6,
                "Instance{n}: rota {cost} < bound {bound}"
            );
            if n != 3 {
                assert!((cost - optimum).abs() < 1e-6, "Instance{n}: rota {cost}");
            }
        }
    }

    /// The pool's integer programme, started from each person's first pattern, returns one
    /// pattern per person, at a cost no higher than the start's and no lower than the
    /// root's bound, and its objective is what the patterns and cover's slacks cost.
    /// Run `then` on `model`'s master and pricing, with column generation converged at the
    /// root (its node given).
    fn at_root(model: &Model, then: impl FnOnce(&mut Master, &Pricer, Node)) {
        at_root_with(model, true, then);
    }

    /// [`at_root`], with interchangeable people known as such or not (`twins`).
    fn at_root_with(model: &Model, twins: bool, then: impl FnOnce(&mut Master, &Pricer, Node)) {
        let options = SolveOptions::default();
        let rows = compile::cover_rows(model).unwrap();
        let whole = compile::compile(model);
        let mut pricer = Pricer::new(model, &rows, &whole, &options).unwrap();
        if !twins {
            pricer.twins = (0..model.people.len()).collect();
        }
        let people = model.people.len();
        let everyone: Vec<usize> = (0..people).collect();
        let mut master = Master::new(&rows, people, model.horizon.days);
        let priced = pricer
            .price(&everyone, &vec![0.0; rows.len()], None, 60.0)
            .unwrap();
        for (p, priced) in priced.into_iter().enumerate() {
            master.add(p, priced.found.into_iter().next().unwrap());
        }
        let root = node(
            &mut master,
            &pricer,
            true,
            f64::NEG_INFINITY,
            usize::MAX,
            &mut 0,
            || 60.0,
        )
        .unwrap()
        .unwrap();
        then(&mut master, &pricer, root);
    }

    /// The tree, from the root with no rota to prune by, ends at the published optimum of
    /// each small instance (which HiGHS also proves on the whole programme), proves it,
    /// and the rota it returns has one pattern per person and costs what it says.
    #[test]
    fn the_tree_proves_the_optimum() {
        for (n, optimum) in [(1, 607.0), (2, 828.0), (3, 1001.0), (4, 1716.0)] {
            let Some(model) = curtois(n) else {
                return;
            };
            at_root(&model, |master, pricer, root| {
                let mut best = None;
                let bound = tree(master, pricer, root.bound, &mut best, &mut 0, || 60.0).unwrap();
                let (chosen, value) = best.expect("the tree ends in a rota");
                assert!(
                    (value - optimum).abs() < 1e-6,
                    "Instance{n}: rota {value}, optimum {optimum}"
                );
                assert!((bound - optimum).abs() < 1e-6, "Instance{n}: bound {bound}");
                for (p, &k) in chosen.iter().enumerate() {
                    assert_eq!(master.patterns[k].0, p, "Instance{n}: person {p}");
                }
                assert!((master.cost(&chosen) - value).abs() < 1e-6);
            });
        }
    }

    /// Curtois Instance9's root LP is 405.67 with 3.67 people short, and its optimum 439
    /// has 4 short. Bounding the people short splits the rotas: with at most 3, only the
    /// price of hard cover meets cover (no rota has so few), and with at least 4 the bound
    /// is the optimum, which person-day branching did not reach in 181 nodes.
    #[test]
    fn bounding_the_people_short_proves_instance9() {
        let Some(model) = curtois(9) else {
            return;
        };
        at_root(&model, |master, pricer, root| {
            let total = root.lp.short_total;
            assert!((root.bound - 405.667).abs() < 1e-3, "root {}", root.bound);
            assert!((total - 11.0 / 3.0).abs() < 1e-6, "{total} short");
            let mut bounded = |short| {
                master.bound_short_total(short);
                let node = node(master, pricer, true, root.bound, usize::MAX, &mut 0, || {
                    60.0
                });
                node.unwrap().expect("the LP solves").bound
            };
            let at_most = bounded((0.0, total.floor()));
            assert!(at_most > HARD_SHORT / 2.0, "at most 3 short: {at_most}");
            let at_least = bounded((total.ceil(), f64::INFINITY));
            assert!(
                (at_least - 439.0).abs() < 1e-6,
                "at least 4 short: {at_least}"
            );
            // Unbounded again, the master is the root's.
            let free = bounded((0.0, f64::INFINITY));
            assert!((free - root.bound).abs() < 1e-6, "unbounded: {free}");
        });
    }

    /// A dive with time left fixes nobody late; one whose time has run out names the
    /// people it fixed without pricing, and still ends in a rota.
    #[test]
    fn a_dive_out_of_time_names_the_people_it_fixed_late() {
        let Some(model) = curtois(5) else {
            return;
        };
        let strategy = STRATEGIES[0];
        at_root(&model, |master, pricer, root| {
            // A dive from the root with `seconds` left: its rota and the people it fixed late.
            let mut from_root = |seconds: f64| {
                master.unfix_all();
                let mut late = Vec::new();
                let rota = dive(
                    master,
                    pricer,
                    root.bound,
                    strategy,
                    None,
                    &mut 0,
                    &mut late,
                    || seconds,
                );
                (rota.unwrap().expect("a rota"), late)
            };
            let (_, late) = from_root(60.0);
            assert!(late.is_empty(), "{late:?}");
            let ((chosen, _), late) = from_root(0.0);
            assert_eq!(chosen.len(), model.people.len());
            assert!(!late.is_empty());
            for &p in &late {
                assert!(
                    master.fixed[p].iter().all(|a| a.must != Fixed::Free),
                    "{p} not fixed"
                );
            }
        });
    }

    /// A node's decisions hold exactly the patterns that break them at 0, the LP then puts
    /// no weight on them, and going back to the root frees every pattern again.
    #[test]
    fn a_node_bans_exactly_the_patterns_that_break_its_decisions() {
        let Some(model) = curtois(1) else {
            return;
        };
        at_root(&model, |master, _, root| {
            let first = |p: usize| master.patterns.iter().position(|(q, _)| *q == p).unwrap();
            // A person and day on which their patterns differ.
            let (q, d) = (1..master.people)
                .flat_map(|q| (0..master.days).map(move |d| (q, d)))
                .find(|&(q, d)| {
                    let on = master.patterns[first(q)].1.on(d);
                    master
                        .patterns
                        .iter()
                        .any(|(r, pattern)| *r == q && pattern.on(d) != on)
                })
                .expect("some person has patterns that differ");
            let (a, b) = (first(0), first(q));
            let decisions = [
                // Person 0 keeps their first pattern's day 3; person `q` may not keep
                // theirs on day `d`.
                Decision {
                    p: 0,
                    d: 3,
                    what: master.patterns[a].1.on(3),
                    keep: true,
                },
                Decision {
                    p: q,
                    d,
                    what: master.patterns[b].1.on(d),
                    keep: false,
                },
            ];
            master.fix_to(&decisions);
            let mut banned = 0;
            for (k, (p, pattern)) in master.patterns.iter().enumerate() {
                let breaks = match *p {
                    0 => pattern.on(3) != decisions[0].what,
                    p if p == q => pattern.on(d) == decisions[1].what,
                    _ => false,
                };
                assert_eq!(master.banned[k], breaks, "pattern {k} of person {p}");
                banned += usize::from(breaks);
            }
            assert!(master.banned[b] && !master.banned[a] && banned < master.patterns.len());
            let lp = master
                .solve_lp()
                .unwrap()
                .expect("everyone has a pattern left");
            for (k, &lambda) in lp.lambdas.iter().enumerate() {
                assert!(!master.banned[k] || lambda.abs() < 1e-9, "pattern {k}");
            }
            assert!(lp.value >= root.lp.value - 1e-6);
            master.fix_to(&[]);
            assert!(master.banned.iter().all(|b| !b));
            assert!(master.fixed.iter().flatten().all(|f| *f == FREE));
            let again = master.solve_lp().unwrap().unwrap();
            assert!((again.value - root.lp.value).abs() < 1e-6);
        });
    }

    #[test]
    fn the_pool_ip_improves_on_its_start() {
        let Some(model) = curtois(3) else {
            return;
        };
        let options = SolveOptions::default();
        at_root(&model, |master, _, root| {
            let people = model.people.len();
            let cost = |chosen: &[usize]| master.cost(chosen);
            let start: Vec<usize> = (0..people)
                .map(|p| master.patterns.iter().position(|(q, _)| *q == p).unwrap())
                .collect();
            let (chosen, value) = pool_ip(master, &root.lp, &start, 20, &options, 60.0)
                .unwrap()
                .expect("HiGHS finds a rota from a start");
            for (p, &k) in chosen.iter().enumerate() {
                assert_eq!(
                    master.patterns[k].0, p,
                    "person {p} has someone else's pattern"
                );
            }
            assert!(
                (value - cost(&chosen)).abs() < 1e-6,
                "{value} against {}",
                cost(&chosen)
            );
            assert!(value <= cost(&start) + 1e-6);
            assert!(value >= root.bound - 1e-6);
            assert!(
                value < cost(&start) - 1.0,
                "the start is far from the best: {}",
                cost(&start)
            );
        });
    }

    /// A person who cannot meet their own rules makes the team infeasible, and column
    /// generation says so rather than reporting a bound.
    #[test]
    fn a_person_with_no_legal_rota_makes_the_team_infeasible() {
        let Some(mut model) = curtois(1) else {
            return;
        };
        model.people[3].contract.min_minutes = 100_000;
        let generated = generate(&model, &SolveOptions::default(), 60.0).unwrap();
        assert!(generated.infeasible);
        assert!(generated.rota.is_none());
        let solved = super::super::solve(&model, &SolveOptions::default()).unwrap();
        assert_eq!(solved.status, SolveStatus::Infeasible);
    }
}
