//! The MILP: compile a [`Model`] to a mixed-integer programme, solve it with HiGHS through
//! `good_lp`, and decode the solution into a [`Rota`].
//!
//! `timeline` cuts the horizon into segments on which nothing changes, `compile` creates
//! the variables and one function per rule, `solve` runs HiGHS and reads back status, bound
//! and gap, and `decode` turns variable values into a rota. None of this is used by the
//! checker.

mod colgen;
mod compile;
mod construct;
mod decode;
mod lns;
pub mod progress;
mod relax;
mod solve;
mod timeline;
mod walk;

use std::time::Instant;

use crate::model::Model;
use crate::rota::Rota;

pub use compile::design::GRANT_WORTH;
use solve::OnStale;
pub use solve::{refused_highs_option, SolveError};

/// Options of one solve. Options travel as this struct, never as loose parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds (`None`: no limit).
    pub time_limit: Option<f64>,
    /// Stop when the relative gap between rota and bound is at most this.
    pub gap: Option<f64>,
    /// Parallel workers: column generation prices this many people at once and the search
    /// re-optimises this many neighbourhoods at once. Every HiGHS solve itself runs on one
    /// thread (`solve::HIGHS_THREADS`).
    pub threads: u32,
    /// HiGHS random seed.
    pub seed: i32,
    /// Print HiGHS's log to the console.
    pub verbose: bool,
    /// Extra HiGHS options, `(name, value)`, applied last (for experiments; see the HiGHS
    /// option list). Values are read as whole numbers, numbers, `true`/`false` or text.
    pub highs_options: Vec<(String, String)>,
    /// Solve the shift-level relaxation first when the model has activities ([`relax`]):
    /// a lower bound, and often the proven optimum in a fraction of the time. Off only to
    /// compare against the whole programme.
    pub shifts_first: bool,
    /// Where the solve offers each better rota as it goes and looks for a request to stop
    /// ([`progress::Progress`]); `None`: nobody is waiting.
    pub progress: Option<progress::Handle>,
    /// Where the solve's phases say what they did, for tuning; `None`: nowhere.
    pub trace: Option<crate::trace::Trace>,
}

impl SolveOptions {
    /// Whether trace lines of `level` are wanted.
    pub(crate) fn tracing(&self, level: u8) -> bool {
        self.trace.as_ref().is_some_and(|t| t.wants(level))
    }

    /// Sends a trace line (the caller has checked [`SolveOptions::tracing`]).
    pub(crate) fn trace_line(&self, text: String) {
        if let Some(t) = &self.trace {
            t.line(&text);
        }
    }

    /// Sends the line `text` makes when the trace wants `level`.
    pub(crate) fn trace(&self, level: u8, text: impl FnOnce() -> String) {
        if self.tracing(level) {
            self.trace_line(text());
        }
    }
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            gap: None,
            threads: 1,
            seed: 0,
            verbose: false,
            highs_options: Vec::new(),
            shifts_first: true,
            progress: None,
            trace: None,
        }
    }
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolveStatus {
    /// A rota proven best (the gap closed).
    Optimal,
    /// A rota, not proven best within the limits; see the gap.
    Feasible,
    /// No rota can satisfy the hard rules.
    Infeasible,
    /// The time limit passed before any rota was found.
    NoSolution,
}

impl SolveStatus {
    /// The stable lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::Feasible => "feasible",
            SolveStatus::Infeasible => "infeasible",
            SolveStatus::NoSolution => "no_solution",
        }
    }
}

/// What a solve produced.
#[derive(Debug, Clone)]
pub struct Solved {
    /// How it ended.
    pub status: SolveStatus,
    /// The rota, when one was found.
    pub rota: Option<Rota>,
    /// The rota's objective (soft-rule cost), when one was found.
    pub objective: Option<f64>,
    /// The best proven lower bound on the objective (never below 0), when a rota or a
    /// bound is known.
    pub bound: Option<f64>,
    /// What proves `bound`.
    pub bound_method: Option<BoundMethod>,
    /// Relative gap `(objective - bound) / max(|objective|, 1)`, when both are known.
    pub gap: Option<f64>,
    /// Wall-clock seconds of the whole solve (compiling, every phase, polishing).
    pub solve_seconds: f64,
    /// Wall-clock seconds spent building the programme.
    pub build_seconds: f64,
    /// Size of the programme.
    pub size: ProgrammeSize,
}

/// What proves a bound: the argument behind the figure a report calls "bound".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoundMethod {
    /// HiGHS's branch and bound on the whole programme (its dual bound).
    BranchAndBound,
    /// Column generation: the master's LP bound over every person's patterns, priced
    /// exactly (a Lagrangian bound when pricing stops early).
    ColumnGeneration,
    /// The programme without its activity layer (shifts first): a relaxation.
    ShiftsFirst,
    /// No penalty or cost is negative, so no rota costs less than 0.
    Trivial,
}

impl BoundMethod {
    /// The method's name in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            BoundMethod::BranchAndBound => "branch_and_bound",
            BoundMethod::ColumnGeneration => "column_generation",
            BoundMethod::ShiftsFirst => "shifts_first",
            BoundMethod::Trivial => "trivial",
        }
    }
}

/// The bound to report: the best one known, never below the trivial 0 (every penalty and
/// cost is at least 0, so a negative bound says nothing).
pub fn settle_bound(bound: Option<(f64, BoundMethod)>) -> (f64, BoundMethod) {
    match bound {
        Some((b, method)) if b >= 0.0 => (b, method),
        _ => (0.0, BoundMethod::Trivial),
    }
}

/// Size of a compiled programme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgrammeSize {
    /// Number of variables.
    pub variables: usize,
    /// Number of constraints.
    pub constraints: usize,
}

/// The version of the HiGHS library the solver is built with (`1.x.y`).
pub fn highs_version() -> String {
    // SAFETY: the HiGHS C API's version getters take no arguments, touch no state and
    // return plain integers.
    let (major, minor, patch) = unsafe {
        (
            highs_sys::Highs_versionMajor(),
            highs_sys::Highs_versionMinor(),
            highs_sys::Highs_versionPatch(),
        )
    };
    format!("{major}.{minor}.{patch}")
}

/// Compile, solve and decode, in phases:
///
/// 1. A start: with activities, shifts first ([`relax`]: a lower bound, and often the proven
///    optimum outright); when only shift cover links people, column generation
///    ([`colgen`]: a strong lower bound and a dive to a rota, in [`colgen::SHARE`] of the
///    time), or on a time-limited year the walk's quick rota ([`colgen::greedy`]); else,
///    with a time limit, a rota built person by person ([`construct`]).
/// 2. HiGHS on the whole programme from that start, for the first share of the time
///    ([`lns::FIRST_SHARE`]; without a limit, to proven optimality), unless the start
///    already stands in for it.
/// 3. A large-neighbourhood search ([`lns`]) when the gap is above [`lns::SEARCH_GAP`] or a
///    shifts-first or column-generation bound is known, stopping at that bound.
/// 4. HiGHS on the whole programme again, from the best rota, with the time left.
/// 5. Polish: the slacks re-solved with every decision fixed, so the objective is the rota's
///    exact cost.
///
/// The bound is the best of HiGHS's bounds on the whole programme, the relaxation's and
/// column generation's.
pub fn solve(model: &Model, options: &SolveOptions) -> Result<Solved, SolveError> {
    match model.choice.as_ref().is_some_and(|c| c.most_granted) {
        true => most_granted(model, options),
        false => solve_from(model, options, None).map(|(solved, _)| solved),
    }
}

/// Share of the time limit the first question of [`most_granted`] may take: a cap, since
/// it stops once settled (usually in seconds) and the second question has whatever it
/// leaves; without its rota there is no answer at all (docs/TUNING.md).
const GRANT_SHARE: f64 = 0.75;

/// A design choice asked for the most options granted, then the lowest objective, as two
/// solves of the programme: first with each option granted worth [`GRANT_WORTH`] penalty
/// points (a rota granting the most the limits allow), then, from that rota, the lowest
/// objective among designs granting as many. The answer's objective is the rota's cost.
fn most_granted(model: &Model, options: &SolveOptions) -> Result<Solved, SolveError> {
    let started = Instant::now();
    // The first answer's objective is not a cost: nobody waiting may take it for one. It
    // is settled once its bound rules out one option more (a gap below GRANT_WORTH: the
    // objective is at most GRANT_WORTH times the menus in size).
    let menus = model.choice.as_ref().map_or(1, |c| c.groups.len().max(1));
    let first_options = SolveOptions {
        time_limit: options.time_limit.map(|t| t * GRANT_SHARE),
        gap: Some(0.4 / menus as f64),
        progress: None,
        ..options.clone()
    };
    let (mut first, values) = solve_from(model, &first_options, None)?;
    let (Some(values), Some(rota)) = (values, &first.rota) else {
        return Ok(first);
    };
    let granted = rota
        .design
        .as_ref()
        .map_or(0, |picks| picks.iter().filter(|&&k| k != 0).count());
    let worth = GRANT_WORTH * granted as f64;
    first.objective = first.objective.map(|o| o + worth);
    (first.bound, first.bound_method, first.gap) = (None, None, None);
    if let (Some(p), Some(o)) = (&options.progress, first.objective) {
        let rota = rota.clone();
        p.offer(move || rota, o);
    }
    if options.tracing(1) {
        options.trace_line(format!(
            "most granted {granted} in {:.1}s, objective {:?}",
            started.elapsed().as_secs_f64(),
            first.objective
        ));
    }
    let mut second = model.clone();
    if let Some(c) = &mut second.choice {
        c.most_granted = false;
        c.min_granted = granted;
    }
    let rest = SolveOptions {
        time_limit: options
            .time_limit
            .map(|t| (t - started.elapsed().as_secs_f64()).max(1.0)),
        ..options.clone()
    };
    let warm = first.objective.map(|o| (values, o));
    let (mut solved, _) = solve_from(&second, &rest, warm)?;
    solved.solve_seconds = started.elapsed().as_secs_f64();
    match solved.rota {
        Some(_) => Ok(solved),
        None => Ok(Solved {
            status: SolveStatus::Feasible,
            solve_seconds: solved.solve_seconds,
            ..first
        }),
    }
}

/// [`solve`] from a rota known already (`warm`: its column values and objective) when the
/// start the model's shape suggests is none or worse; also gives the rota's values.
fn solve_from(
    model: &Model,
    options: &SolveOptions,
    warm: Option<(Vec<f64>, f64)>,
) -> Result<(Solved, Option<Vec<f64>>), SolveError> {
    let started = Instant::now();
    let phase = |name: &'static str| {
        if let Some(p) = &options.progress {
            p.set_phase(name);
        }
    };
    phase("building the programme");
    let programme = compile::compile(model);
    let build_seconds = started.elapsed().as_secs_f64();
    let size = ProgrammeSize {
        variables: programme.columns,
        constraints: programme.constraints.len(),
    };
    let has_shifts = !programme.keys.shifts.is_empty();
    let has_activities = !programme.keys.activities.is_empty();
    let columns = programme.columns;
    let compile::Programme {
        vars,
        objective,
        constraints,
        keys,
        constant,
        ..
    } = programme;
    let run = Run::new(model, options, started, keys, constant, build_seconds);
    // People whose rota the start left unsettled: the search looks there first.
    let mut unsettled = Vec::new();
    // A rota known already starts HiGHS when the usual start finds none or a worse one.
    let (start, floor) = match (run.start(has_activities, columns, &mut unsettled)?, warm) {
        ((Start::Cold, floor), Some((values, _))) => (Start::Warm(values), floor),
        ((Start::Known(known), floor), Some((values, objective)))
            if known.status == SolveStatus::Feasible
                && known
                    .objective
                    .is_none_or(|o| o + constant > objective + 1e-9) =>
        {
            (Start::Warm(values), floor)
        }
        (start, _) => start,
    };
    let first = run.first_options(columns);
    phase("branch and bound on the whole programme");
    let problem = solve::Problem {
        vars,
        objective,
        constraints,
    };
    let mut outcome = match start {
        Start::Known(outcome) => outcome,
        Start::Warm(values) => solve::run(problem, &first, Some(&values), OnStale::Retry)?,
        Start::Cold => solve::run(problem, &first, None, OnStale::Retry)?,
    };
    if outcome.values.is_some() {
        // The relaxation's bound holds for the whole programme.
        outcome.bound = match (outcome.bound, floor) {
            (Some(b), Some(f)) => Some(b.max(f)),
            (b, f) => b.or(f),
        };
    }
    run.offer_outcome(&outcome);
    if let (Some(p), Some(b)) = (&options.progress, outcome.bound) {
        p.offer_bound(b + constant, run.bound_method(b, floor));
    }
    run.trace("first phase", &outcome);
    // A design choice's bound first, so the search stops as soon as a rota meets it.
    let floor = run.tighten(&mut outcome, floor)?;
    if has_shifts {
        phase("improving the rota, a neighbourhood at a time");
        run.search(&mut outcome, floor, &unsettled)?;
    }
    phase("proving the best rota");
    run.last_phase(&mut outcome)?;
    phase("polishing the rota");
    run.finish(outcome, size, floor)
}

/// What the phases of one solve share: the model, the options (and their variant for HiGHS
/// on the whole programme), the clock, and how to decode and offer a rota.
struct Run<'a> {
    model: &'a Model,
    options: &'a SolveOptions,
    /// `options` for HiGHS on the whole programme: no restart after the root (keeping the
    /// tree proves optimality faster there; the search's sub-programmes keep HiGHS's
    /// default, where restarts pay).
    whole: SolveOptions,
    started: Instant,
    keys: compile::Keys,
    /// The objective's constant (good_lp drops it; reports add it back).
    constant: f64,
    /// What proves the start's bound (the floor), when it has one.
    floor_method: std::cell::Cell<BoundMethod>,
    /// Seconds compiling the whole programme took: each later compile of it (the last
    /// phase's, polish's) costs about as much, and must fit in the time left.
    build_seconds: f64,
    /// A rota already polished (the quick rota of a year): polishing it again at the end
    /// would take a year's compile and solve for nothing.
    polished: std::cell::RefCell<Option<Vec<f64>>>,
}

impl<'a> Run<'a> {
    fn new(
        model: &'a Model,
        options: &'a SolveOptions,
        started: Instant,
        keys: compile::Keys,
        constant: f64,
        build_seconds: f64,
    ) -> Self {
        let mut whole = options.clone();
        whole
            .highs_options
            .insert(0, ("mip_allow_restart".into(), "false".into()));
        Run {
            model,
            options,
            whole,
            started,
            keys,
            constant,
            floor_method: std::cell::Cell::new(BoundMethod::BranchAndBound),
            build_seconds,
            polished: Default::default(),
        }
    }

    /// Seconds left of the time limit (0 without one).
    fn remaining(&self) -> f64 {
        self.options
            .time_limit
            .map_or(0.0, |t| t - self.started.elapsed().as_secs_f64())
    }

    /// Whether whoever waits on the solve asked it to stop.
    fn stopped(&self) -> bool {
        self.options.progress.as_ref().is_some_and(|p| p.stopped())
    }

    /// Offers a rota (columns, objective without the constant) to whoever waits on the
    /// solve, decoded, with the constant.
    fn offer(&self, values: &[f64], objective: f64) {
        if let Some(progress) = &self.options.progress {
            progress.offer(
                || decode::decode(self.model, &self.keys, values),
                objective + self.constant,
            );
        }
    }

    fn offer_outcome(&self, outcome: &solve::Outcome) {
        if let (Some(v), Some(o)) = (&outcome.values, outcome.objective) {
            self.offer(v, o);
        }
    }

    fn trace(&self, phase: &str, outcome: &solve::Outcome) {
        if self.options.tracing(1) {
            self.options.trace_line(format!(
                "{phase} {:.1}s {:?} objective {:?} bound {:?}",
                outcome.seconds, outcome.status, outcome.objective, outcome.bound
            ));
        }
    }

    /// Where HiGHS's first phase starts, and the bound a start proved (see [`solve`]).
    fn start(
        &self,
        has_activities: bool,
        columns: usize,
        unsettled: &mut Vec<usize>,
    ) -> Result<(Start, Option<f64>), SolveError> {
        let (model, options) = (self.model, self.options);
        let trace = options.tracing(1);
        if let Some(p) = &options.progress {
            p.set_phase("finding a first rota and a bound");
        }
        let (mut start, floor) = if options.shifts_first && has_activities {
            // Shifts first, when there is an activity layer to leave out: a lower bound,
            // and often the optimum outright.
            self.floor_method.set(BoundMethod::ShiftsFirst);
            shifts_first_start(model, &self.whole, trace)?
        } else if colgen::applies(model) {
            // People linked only by cover: column generation's bound and rota, or on a
            // year with a time limit a quick rota, since there the first pricing alone
            // outlasts a minute.
            self.floor_method.set(BoundMethod::ColumnGeneration);
            match options.time_limit {
                // Without a quick rota, HiGHS on the whole programme (as a cold start).
                // Person by person, every option of a menu would get a rota.
                Some(limit) if model.horizon.days > COLGEN_MOST_DAYS && model.choice.is_none() => {
                    let quick = self.greedy_start(limit)?;
                    (quick.map_or(Start::Cold, Start::Known), None)
                }
                _ => colgen_start(model, options, unsettled, trace)?,
            }
        } else {
            (Start::Cold, None)
        };
        // A rota built person by person would give every option's copy a rota.
        let constructible = model.choice.is_none();
        if let (Some(limit), Start::Cold, true) = (options.time_limit, &start, constructible) {
            let budget = (limit * lns::FIRST_SHARE).min(self.remaining());
            start = constructed_start(model, options, columns, budget, self.started, trace)?;
        }
        Ok((start, floor))
    }

    /// On a year with a time `limit` (beyond [`COLGEN_MOST_DAYS`]), a rota built person by
    /// person by the walk ([`colgen::greedy`]), offered at once; `None` when it finds none
    /// in [`GREEDY_SHARE`] of the time.
    fn greedy_start(&self, limit: f64) -> Result<Option<solve::Outcome>, SolveError> {
        let (model, options) = (self.model, self.options);
        let built = colgen::greedy(model, options, limit * GREEDY_SHARE)?;
        if options.tracing(1) {
            options.trace_line(format!(
                "greedy {:.1}s objective {:?}",
                self.started.elapsed().as_secs_f64(),
                built.as_ref().map(|b| b.1)
            ));
        }
        Ok(built.map(|(values, objective)| {
            self.offer(&values, objective);
            *self.polished.borrow_mut() = Some(values.clone());
            solve::Outcome {
                status: SolveStatus::Feasible,
                values: Some(values),
                objective: Some(objective),
                bound: None,
                seconds: self.started.elapsed().as_secs_f64(),
            }
        }))
    }

    /// The options of HiGHS's first phase on the whole programme: the first share of the
    /// time, building the start included.
    fn first_options(&self, columns: usize) -> SolveOptions {
        let options = self.options;
        let mut first = SolveOptions {
            time_limit: options.time_limit.map(|t| {
                (t * lns::FIRST_SHARE - self.started.elapsed().as_secs_f64())
                    .max(1.0)
                    .min(self.remaining().max(1.0))
            }),
            ..self.whole.clone()
        };
        if options.time_limit.is_some() && columns >= lns::LARGE {
            // A large programme is rarely proven within a limit: take HiGHS's first rota
            // and spend the time improving it.
            first
                .highs_options
                .insert(0, ("mip_max_improving_sols".into(), "1".into()));
        }
        first
    }

    /// The search ([`lns`]), when the gap is wide or a start's bound is known, until that
    /// bound (or within `--gap` of it).
    fn search(
        &self,
        outcome: &mut solve::Outcome,
        floor: Option<f64>,
        unsettled: &[usize],
    ) -> Result<(), SolveError> {
        let options = self.options;
        let constant = self.constant;
        let gap = match (outcome.objective, outcome.bound) {
            (Some(o), Some(b)) => (o - b) / (o + constant).abs().max(1.0),
            _ => f64::INFINITY,
        };
        // The objective (without the constant) at which the rota is close enough: the
        // bound, or within the user's `--gap` of it ((o - b) <= g * (o + constant)).
        let good_enough = outcome
            .bound
            .map(|b| close_enough(b, options.gap, constant));
        let within_gap = options.gap.is_some_and(|g| gap <= g);
        // With the relaxation's bound, any gap is worth a search: it ends at the bound.
        let searching = (gap > lns::SEARCH_GAP || (floor.is_some() && gap > 0.0)) && !within_gap;
        let search = match options.time_limit {
            // Without a bound yet (a constructed rota), leave HiGHS time to prove one.
            Some(t) if outcome.bound.is_none() => self.remaining() - lns::BOUND_SHARE * t,
            Some(_) => self.remaining(),
            // No limit: the search counts rounds, not seconds.
            None if floor.is_some() => f64::INFINITY,
            None => 0.0,
        };
        let go = outcome.status == SolveStatus::Feasible && searching && search > 1.0;
        let Some(values) = outcome.values.clone().filter(|_| go && !self.stopped()) else {
            return Ok(());
        };
        // The search returns early once even its largest neighbourhoods stop paying; the
        // final whole solve then gets what is left.
        let improved = lns::improve(
            self.model,
            options,
            lns::Improved {
                values,
                objective: outcome.objective,
                seconds: 0.0,
            },
            search,
            good_enough,
            unsettled,
            &|v: &[f64], o: f64| self.offer(v, o),
        )?;
        outcome.values = Some(improved.values);
        outcome.objective = improved.objective;
        outcome.seconds += improved.seconds;
        Ok(())
    }

    /// Whether the rota meets its bound, or is within the user's `--gap` of it.
    fn at_bound(&self, outcome: &solve::Outcome) -> bool {
        let constant = self.constant;
        match (outcome.objective, outcome.bound) {
            (Some(o), Some(b)) => {
                solve::meets_bound(o, b)
                    || self
                        .options
                        .gap
                        .is_some_and(|g| o - b <= g * (o + constant).abs().max(1.0))
            }
            _ => false,
        }
    }

    /// For a design choice whose rota the bound does not yet prove, the shift-level
    /// relaxation solved again to its own optimum, in [`TIGHTEN_SHARE`] of the time left
    /// (without a limit, to proof): HiGHS's bound on the programme of every option's copy
    /// stays near 0, so the relaxation's is what proves a design best, and the first
    /// solve of it stopped at [`relax`]'s gap. Gives the floor, raised (the search stops
    /// at it).
    fn tighten(
        &self,
        outcome: &mut solve::Outcome,
        floor: Option<f64>,
    ) -> Result<Option<f64>, SolveError> {
        let options = self.options;
        let open = outcome.status == SolveStatus::Feasible && !self.at_bound(outcome);
        let time = options.time_limit.is_none() || self.remaining() > 2.0;
        // A design's own programme (limits, no menus) has HiGHS's bound; column
        // generation's bound, priced per option, is already the stronger one.
        let menus = self
            .model
            .choice
            .as_ref()
            .is_some_and(|c| !c.groups.is_empty());
        let priced = self.floor_method.get() == BoundMethod::ColumnGeneration && floor.is_some();
        if !menus || priced || !open || !time || self.stopped() {
            return Ok(floor);
        }
        let relax_options = SolveOptions {
            time_limit: options.time_limit.map(|_| self.remaining() * TIGHTEN_SHARE),
            ..self.whole.clone()
        };
        let relaxed = solve::run(
            compile::relaxation(self.model),
            &relax_options,
            None,
            OnStale::Retry,
        )?;
        let raised = match relaxed.status {
            SolveStatus::Optimal => relaxed.objective.or(relaxed.bound),
            _ => relaxed.bound,
        };
        options.trace(1, || {
            format!(
                "tightened {:.1}s {:?} bound {raised:?} (was {floor:?})",
                relaxed.seconds, relaxed.status
            )
        });
        let Some(raised) = raised.filter(|&r| floor.is_none_or(|f| r > f)) else {
            return Ok(floor);
        };
        self.floor_method.set(BoundMethod::ShiftsFirst);
        outcome.bound = Some(outcome.bound.map_or(raised, |b| b.max(raised)));
        if let (Some(p), Some(b)) = (&options.progress, outcome.bound) {
            p.offer_bound(b + self.constant, self.bound_method(b, Some(raised)));
        }
        Ok(Some(raised))
    }

    /// HiGHS on the whole programme again from the best rota, with the rest of the time
    /// (without a limit, until proven), unless the rota already meets the bound.
    fn last_phase(&self, outcome: &mut solve::Outcome) -> Result<(), SolveError> {
        let options = self.options;
        let unproven = !self.at_bound(outcome)
            && matches!(
                outcome.status,
                SolveStatus::Feasible | SolveStatus::NoSolution
            );
        // The phase compiles the whole programme, and polish after it compiles it again:
        // HiGHS gets what is left after both, and the phase runs only if that is a second.
        let compiles = LAST_PHASE_COMPILES * self.build_seconds;
        let time = options.time_limit.is_none() || self.remaining() > 1.0 + compiles;
        if !unproven || !time || self.stopped() {
            return Ok(());
        }
        let again = compile::compile(self.model);
        let rest = SolveOptions {
            time_limit: options
                .time_limit
                .map(|_| self.remaining() - POLISH_COMPILES * self.build_seconds),
            ..self.whole.clone()
        };
        let last = solve::run(again, &rest, outcome.values.as_deref(), OnStale::Retry)?;
        self.trace("last phase", &last);
        *outcome = merge_outcomes(
            std::mem::replace(outcome, solve::Outcome::infeasible(0.0)),
            last,
        );
        self.offer_outcome(outcome);
        Ok(())
    }

    /// What proves `bound` (without the constant): the start's floor when it is that
    /// high, else HiGHS's branch and bound.
    fn bound_method(&self, bound: f64, floor: Option<f64>) -> BoundMethod {
        match floor {
            Some(f) if f >= bound - 1e-6 => self.floor_method.get(),
            _ => BoundMethod::BranchAndBound,
        }
    }

    /// Polishes a rota not proven optimal (its slacks re-solved, so the objective is its
    /// exact cost), decodes it, and adds the constant back to objective and bound.
    fn finish(
        &self,
        mut outcome: solve::Outcome,
        size: ProgrammeSize,
        floor: Option<f64>,
    ) -> Result<(Solved, Option<Vec<f64>>), SolveError> {
        if outcome.status == SolveStatus::Feasible {
            let again = outcome
                .values
                .as_ref()
                .filter(|v| self.polished.borrow().as_ref() != Some(*v));
            if let Some(values) = again {
                if let Some((v, o)) = lns::polish(self.model, self.options, values)? {
                    outcome.values = Some(v);
                    outcome.objective = Some(o);
                }
            }
            if self.options.tracing(1) {
                self.options.trace_line(format!(
                    "polished {:.1}s (the programme built in {:.1}s)",
                    self.started.elapsed().as_secs_f64(),
                    self.build_seconds
                ));
            }
        }
        let rota = outcome
            .values
            .as_ref()
            .map(|values| decode::decode(self.model, &self.keys, values));
        let objective = outcome.objective.map(|o| o + self.constant);
        let known = match (outcome.status, outcome.bound) {
            (_, Some(b)) => Some((b + self.constant, self.bound_method(b, floor))),
            (SolveStatus::Optimal, None) => objective.map(|o| (o, BoundMethod::BranchAndBound)),
            _ => None,
        };
        let (bound, bound_method) = match (known, &outcome.values) {
            (None, None) => (None, None),
            (known, _) => {
                let (b, method) = settle_bound(known);
                (Some(b), Some(method))
            }
        };
        let gap = match (objective, bound) {
            (Some(o), Some(b)) => Some(((o - b) / o.abs().max(1.0)).max(0.0)),
            _ => None,
        };
        let status = match (outcome.status, gap) {
            (SolveStatus::Feasible, Some(g)) if g <= 1e-9 => SolveStatus::Optimal,
            (s, _) => s,
        };
        let solved = Solved {
            status,
            rota,
            objective,
            bound,
            bound_method,
            gap,
            solve_seconds: self.started.elapsed().as_secs_f64(),
            build_seconds: self.build_seconds,
            size,
        };
        Ok((solved, outcome.values))
    }
}

/// The largest objective (without `constant`) within relative `gap` of the bound `b`:
/// `(o - b) <= gap * (o + constant)`, the gap as reported; `b` itself without a gap.
fn close_enough(b: f64, gap: Option<f64>, constant: f64) -> f64 {
    match gap {
        Some(g) if g > 0.0 && g < 1.0 => (b + g * constant) / (1.0 - g),
        _ => b,
    }
}

/// Where HiGHS's first phase on the whole programme starts.
enum Start {
    /// From nothing.
    Cold,
    /// From this rota (column values).
    Warm(Vec<f64>),
    /// Not at all: this outcome stands in for it (proven, infeasible, or a rota to search
    /// from).
    Known(solve::Outcome),
}

/// Share of the time limit given to shifts first (the relaxation, then the activities
/// filled in on its shifts). More than HiGHS's first share on a cold start, because the
/// stage often ends the solve outright with a proven rota, and a stage cut short leaves
/// only a rota built person by person (measurements in `docs/TUNING.md`).
const SHIFTS_FIRST_SHARE: f64 = 0.6;

/// [`SHIFTS_FIRST_SHARE`] for a design choice, where no rota is built person by person and
/// HiGHS on the whole programme of every copy seldom finds one quickly: the stage, with the
/// relaxation's design filled in, is where the first rota comes from.
const SHIFTS_FIRST_SHARE_DESIGN: f64 = 0.9;

/// Shifts first ([`relax`]): the start it gives, and the relaxation's bound when the
/// filled-in rota does not meet it.
fn shifts_first_start(
    model: &Model,
    whole: &SolveOptions,
    trace: bool,
) -> Result<(Start, Option<f64>), SolveError> {
    let share = match model.choice {
        Some(_) => SHIFTS_FIRST_SHARE_DESIGN,
        None => SHIFTS_FIRST_SHARE,
    };
    let stage_options = SolveOptions {
        time_limit: whole.time_limit.map(|t| (t * share).max(1.0).min(t)),
        ..whole.clone()
    };
    let staged = relax::shifts_first(model, &stage_options)?;
    if trace {
        whole.trace_line(format!(
            "shifts first {:.1}s bound {:?} filled {:?}",
            staged.seconds,
            staged.bound,
            staged.filled.as_ref().and_then(|f| f.objective)
        ));
    }
    if staged.infeasible {
        let outcome = solve::Outcome::infeasible(staged.seconds);
        return Ok((Start::Known(outcome), None));
    }
    if staged.proven() {
        let filled = staged.filled.expect("a proven stage has a rota");
        let outcome = solve::Outcome {
            status: SolveStatus::Optimal,
            bound: staged.bound,
            seconds: staged.seconds,
            ..filled
        };
        return Ok((Start::Known(outcome), None));
    }
    // Another plan of shifts as cheap may fill in better: the search looks for it, and
    // stops when a rota meets the bound.
    let start = match staged.filled {
        Some(filled) => Start::Known(solve::Outcome {
            status: SolveStatus::Feasible,
            // HiGHS's bound there holds only for those shifts.
            bound: None,
            seconds: staged.seconds,
            ..filled
        }),
        None => Start::Cold,
    };
    Ok((start, staged.bound))
}

/// Column generation ([`colgen`]): the start it gives, and its bound when the rota from
/// the patterns does not meet it.
fn colgen_start(
    model: &Model,
    options: &SolveOptions,
    unsettled: &mut Vec<usize>,
    trace: bool,
) -> Result<(Start, Option<f64>), SolveError> {
    // Without a limit, an infinite budget: column generation then counts work, not seconds.
    let budget = options
        .time_limit
        .map_or(f64::INFINITY, |t| t * colgen::SHARE);
    let generated = colgen::generate(model, options, budget)?;
    if trace {
        options.trace_line(format!(
            "column generation {:.1}s rounds {} patterns {} bound {:?} rota {:?}",
            generated.seconds,
            generated.rounds,
            generated.patterns,
            generated.bound,
            generated.rota.as_ref().map(|r| r.1)
        ));
    }
    if generated.infeasible {
        let outcome = solve::Outcome::infeasible(generated.seconds);
        return Ok((Start::Known(outcome), None));
    }
    let Some((values, objective)) = generated.rota else {
        return Ok((Start::Cold, generated.bound));
    };
    *unsettled = generated.unsettled;
    let proven = generated
        .bound
        .is_some_and(|b| solve::meets_bound(objective, b));
    let outcome = solve::Outcome {
        status: match proven {
            true => SolveStatus::Optimal,
            false => SolveStatus::Feasible,
        },
        values: Some(values),
        objective: Some(objective),
        bound: generated.bound,
        seconds: generated.seconds,
    };
    Ok((Start::Known(outcome), generated.bound))
}

/// Whether column generation prices `model`'s people apart (each a unit of its master, a
/// menu's options priced one by one): people linked only by shift cover and a job design's
/// limits. Such a model's bound and first rota come from column generation.
pub fn priced_apart(model: &Model) -> bool {
    colgen::applies(model)
}

/// Most of the time limit the quick rota may take.
const GREEDY_SHARE: f64 = 0.5;

/// Share of the time left that [`Run::tighten`] gives the relaxation of a design choice;
/// the search and the last phase have the rest, to improve the rota.
const TIGHTEN_SHARE: f64 = 0.5;

/// What the last phase and the polish after it cost before HiGHS starts, in compiles of
/// the whole programme: each compiles it, and HiGHS's setup of a programme takes about as
/// long again.
const LAST_PHASE_COMPILES: f64 = 4.0;

/// What polish costs, in compiles of the whole programme: its compile, HiGHS's setup and
/// the solve of the slacks with every decision fixed.
const POLISH_COMPILES: f64 = 3.0;

/// Longest horizon on which a time-limited solve starts from column generation: beyond it
/// (a year) the first pricing outlasts a one-minute limit, and the quick rota goes
/// straight to the search (measurements in `docs/TUNING.md`).
const COLGEN_MOST_DAYS: usize = 182;

/// A rota built person by person ([`construct`]) within `budget` seconds (HiGHS alone can
/// take longer for a far costlier first rota). A large programme goes
/// straight to the search from it; a smaller one gives it to HiGHS as the starting rota.
fn constructed_start(
    model: &Model,
    options: &SolveOptions,
    columns: usize,
    budget: f64,
    started: Instant,
    trace: bool,
) -> Result<Start, SolveError> {
    let built = construct::construct(model, options, budget)?;
    if trace {
        options.trace_line(format!(
            "constructed {:.1}s objective {:?} ({columns} columns)",
            started.elapsed().as_secs_f64(),
            built.as_ref().map(|b| b.1),
        ));
    }
    Ok(match built {
        None => Start::Cold,
        Some((values, _)) if columns < lns::LARGE => Start::Warm(values),
        Some((values, objective)) => Start::Known(solve::Outcome {
            status: SolveStatus::Feasible,
            values: Some(values),
            objective: Some(objective),
            bound: None,
            seconds: started.elapsed().as_secs_f64(),
        }),
    })
}

/// The better of two solves of the same programme: the lower objective's rota, the higher
/// bound, the total time, and `Optimal` when either proved it.
fn merge_outcomes(a: solve::Outcome, b: solve::Outcome) -> solve::Outcome {
    let better_b = match (a.objective, b.objective) {
        (Some(x), Some(y)) => y < x - 1e-9,
        (None, Some(_)) => true,
        _ => false,
    };
    let bound = match (a.bound, b.bound) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let status = match (a.status, b.status) {
        (SolveStatus::Optimal, _) | (_, SolveStatus::Optimal) => SolveStatus::Optimal,
        (SolveStatus::Infeasible, _) | (_, SolveStatus::Infeasible) => SolveStatus::Infeasible,
        _ if a.values.is_some() || b.values.is_some() => SolveStatus::Feasible,
        _ => SolveStatus::NoSolution,
    };
    let seconds = a.seconds + b.seconds;
    let (values, objective) = match better_b {
        true => (b.values, b.objective),
        false => (a.values, a.objective),
    };
    solve::Outcome {
        status,
        values,
        objective,
        bound,
        seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::{close_enough, settle_bound, BoundMethod};

    /// A bound below the trivial one is replaced by it, and says so.
    #[test]
    fn a_negative_bound_gives_way_to_the_trivial_one() {
        let cg = BoundMethod::ColumnGeneration;
        assert_eq!(
            settle_bound(Some((-18391.0, cg))),
            (0.0, BoundMethod::Trivial)
        );
        assert_eq!(settle_bound(None), (0.0, BoundMethod::Trivial));
        assert_eq!(settle_bound(Some((3750.0, cg))), (3750.0, cg));
    }

    /// The search stops at the rota a user's `--gap` accepts, counted as the report counts
    /// it (on the objective with its constant).
    #[test]
    fn the_gap_target_is_the_reported_gap() {
        assert_eq!(close_enough(90.0, None, 0.0), 90.0);
        assert!((close_enough(90.0, Some(0.1), 0.0) - 100.0).abs() < 1e-9);
        // With a constant of 50: o = 50 reports (50 - 40) / (50 + 50) = 10%.
        let o = close_enough(40.0, Some(0.1), 50.0);
        assert!((o - 50.0).abs() < 1e-9);
        assert!(((o - 40.0) / (o + 50.0) - 0.1).abs() < 1e-12);
    }
}
