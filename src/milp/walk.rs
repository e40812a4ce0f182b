//! Exact pricing by dynamic programming: one person's cheapest rota as a walk through the
//! days, for column generation ([`super::colgen`]).
//!
//! HiGHS prices a person many times more slowly than this walk, whose speed is what makes
//! column generation converge within a time limit. It knows the rules a benchmark-style
//! person has: the shift columns the programme gives them (leave, allowed templates and
//! weekdays), costs on those columns, successions that may not follow (forbidden, too
//! little rest, overlap), shifts per template, minutes over the horizon, runs of working
//! days and days off (with the border cases of `docs/RULES.md`) and weekends. [`Walk::new`]
//! returns `None` for a person with any other rule in force, and the caller prices them
//! with HiGHS: the walk never guesses.
//!
//! Labels are states `(last template, run length, weekends, minutes, counts)` with the
//! least cost reaching them; states are merged exactly, so the walk is exact. Labels that
//! cannot reach the minimum minutes, or cannot end below a known rota's cost (a backward
//! bound over minutes), are dropped. It gives up (`Err`) past [`MOST_LABELS`] on a day.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use good_lp::IntoAffineExpression;

use super::compile::Programme;
use crate::model::{LocationIx, Model, RequestKind, ShiftIx, ShiftKind, DAY};
use crate::rules::{RuleId, RuleSetting};

/// Most labels on one day before the walk gives up. Past this many, HiGHS on the person's
/// own programme (with a beam's rota as the column, [`Walk::beam`]) prices faster than the
/// walk would, and the walk's give-up is itself cheap (see `docs/TUNING.md`).
const MOST_LABELS: usize = 30_000;

/// Most states for which the walk indexes states densely (an array, 4 bytes a state, kept
/// per thread: 128 MB at most) rather than by hash: with millions of states a person,
/// hashing is a large share of the walk's time.
const DENSE_STATES: usize = 1 << 25;

/// Labels a beam ([`Walk::beam`]) keeps a day where its callers have no reason for
/// another width (the quick rota tries four times as many on a last try).
pub(super) const BEAM: usize = 600;

/// How a beam ([`Walk::beam`]) searches: how many labels it keeps a day, and which half of
/// them it keeps for the contract's minutes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Beam {
    pub width: usize,
    pub pace: Pace,
}

/// The labels a beam keeps for the contract's minutes (half of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pace {
    /// Nearest the contract's minutes pro rata to the day: neither over- nor under-worked
    /// where the contract's range is wide.
    ProRata,
    /// The most minutes so far: where the range is narrow and the days left barely hold
    /// the minimum, a label behind the pace cannot catch up, and one ahead can rest later.
    Ahead,
}

/// Most templates whose count the walk tracks.
const MOST_TRACKED: usize = 8;

/// One person's rules, as the walk needs them.
#[derive(Debug, Clone)]
pub(super) struct Walk {
    /// Per day, the shifts the person may work.
    steps: Vec<Vec<Step>>,
    /// The person's share of the objective's constant.
    pub constant: f64,
    /// `follows[t1][t2]`: whether `t2` may be worked the day after `t1`.
    follows: Vec<Vec<bool>>,
    max_run: Option<u8>,
    min_run: u8,
    min_off: u8,
    /// Longest run length the state keeps exactly.
    work_cap: u8,
    off_cap: u8,
    /// `Some(first)` on weekend days; `first` on the first day of a weekend.
    weekend: Vec<Option<bool>>,
    max_weekends: Option<u8>,
    /// Counted minutes over the horizon: at least, at most.
    min_minutes: i64,
    max_minutes: i64,
    /// Per template, `(slot in the counts, most shifts)` when its limit can bind.
    tracked: Vec<Option<(usize, u8)>>,
    /// Whether minutes are limited at all, and the unit all totals are multiples of.
    track_minutes: bool,
    minute_unit: i64,
    /// Sizes of the state's dimensions, for a dense index of states:
    /// `[last, run, weekends, minutes]` and one per tracked count.
    levels: [usize; 4],
    count_levels: Vec<usize>,
    /// Per day, the base location of a work shift (the first: bases are free for the
    /// people the walk knows).
    base: Vec<Option<usize>>,
    /// The state before day 0: nothing, or what the history left (its last shift, the run
    /// it ends).
    start: State,
    /// Whether the days before the horizon are known (`history_days`): a run of work
    /// starting on day 0 then has no exemption from the minimum.
    known: bool,
}

#[derive(Debug, Clone, Copy)]
struct Step {
    shift: ShiftIx,
    minutes: i64,
    cost: f64,
    /// A work shift (with a base location), not on-call.
    work: bool,
}

/// A label's state: everything the rules still need to know about the walk so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct State {
    /// 0: off; `t + 1`: template `t`.
    last: u8,
    /// Length of the current run (of work when `last > 0`, of days off otherwise), capped.
    run: u8,
    /// The current run began on the first day (exempt from minimum lengths).
    from_start: bool,
    weekends: u8,
    weekend_worked: bool,
    minutes: i32,
    counts: [u8; MOST_TRACKED],
}

/// The least of any run `row[a..=b]`, in constant time after `n log n` work (a sparse
/// table): the walk's bound on the rest asks it for every minute total of every day.
struct RangeMin {
    /// `mins[k][i]`: the least of `row[i..i + 2^k]`.
    mins: Vec<Vec<f64>>,
}

impl RangeMin {
    fn new(row: &[f64]) -> RangeMin {
        let mut mins = vec![row.to_vec()];
        let mut width = 1;
        while 2 * width <= row.len() {
            let last = &mins[mins.len() - 1];
            let next = (0..=row.len() - 2 * width)
                .map(|i| last[i].min(last[i + width]))
                .collect();
            mins.push(next);
            width *= 2;
        }
        RangeMin { mins }
    }

    /// The least of `row[a..=b]` (`a <= b`).
    fn min(&self, a: usize, b: usize) -> f64 {
        let k = (usize::BITS - 1 - (b - a + 1).leading_zeros()) as usize;
        self.mins[k][a].min(self.mins[k][b + 1 - (1 << k)])
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    match b {
        0 => a.abs(),
        _ => gcd(b, a % b),
    }
}

/// Where each state's label is in the day's list: an array over all states when they are
/// few enough, else a hash map.
enum Index {
    Dense(Vec<u32>),
    Hash(FxHashMap<u128, u32>),
}

thread_local! {
    /// Each thread's dense index, kept between walks with every entry `u32::MAX`:
    /// with millions of states a person, allocating and filling it for every walk would
    /// cost more than many walks.
    static DENSE: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Index {
    /// Give a dense index (every entry `u32::MAX` again) back to the thread's keeping.
    fn put_back(self) {
        if let Index::Dense(at) = self {
            DENSE.set(at);
        }
    }
}

impl State {
    /// Before the first day: no run yet, nothing counted.
    const START: State = State {
        last: 0,
        run: 0,
        from_start: true,
        weekends: 0,
        weekend_worked: false,
        minutes: 0,
        counts: [0; MOST_TRACKED],
    };

    /// The state packed into one number, for fast hashing.
    fn key(&self) -> u128 {
        let mut k = u128::from(self.last);
        k = k << 8 | u128::from(self.run);
        k = k << 1 | u128::from(self.from_start);
        k = k << 8 | u128::from(self.weekends);
        k = k << 1 | u128::from(self.weekend_worked);
        k = k << 32 | u128::from(self.minutes as u32);
        for c in self.counts {
            k = k << 8 | u128::from(c);
        }
        k
    }
}

/// What one person must do on one day: the dive's fixings ([`super::colgen`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Fixed {
    /// Anything the rules allow.
    #[default]
    Free,
    /// No shift.
    Off,
    /// This template.
    Shift(ShiftIx),
}

impl Fixed {
    /// Whether working `shifts` on the day (the day's shifts of a rota) keeps to it.
    pub(super) fn allows(self, mut shifts: impl Iterator<Item = ShiftIx>) -> bool {
        match self {
            Fixed::Free => true,
            Fixed::Off => shifts.next().is_none(),
            Fixed::Shift(t) => shifts.any(|s| s == t),
        }
    }
}

/// What one person may do on one day: the fixings of column generation's dives and tree
/// ([`super::colgen`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Allowed {
    /// What they must do (`Free`: anything not ruled out by `never`).
    pub must: Fixed,
    /// What they may not do (the "never" side of a branch; never `Free`).
    pub never: Vec<Fixed>,
}

/// Anything the rules allow.
pub(super) const FREE: Allowed = Allowed {
    must: Fixed::Free,
    never: Vec::new(),
};

impl Allowed {
    /// Whether working `shifts` on the day (the day's shifts of a rota) keeps to it.
    pub(super) fn allows(&self, shifts: impl Iterator<Item = ShiftIx> + Clone) -> bool {
        self.must.allows(shifts.clone()) && !self.never.iter().any(|n| n.allows(shifts.clone()))
    }
}

/// One person's cheapest rota: the shifts and locations worked, and its cost.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Walked {
    pub shifts: Vec<(usize, ShiftIx)>,
    pub locations: Vec<(usize, usize)>,
    /// Cost with the constant, at the given earnings.
    pub value: f64,
}

/// Whether the walk prices `rule`, on at `setting` in the one-person model `one`, exactly:
/// in its states, by which columns exist, as costs on shift columns (a cost anywhere else
/// refuses the walk in [`Walk::new`]), or because the rule cannot bind here. An exhaustive
/// match, so a new rule cannot be ignored by the pricing: it must be classified first.
fn prices(rule: RuleId, setting: Option<RuleSetting>, one: &Model, programme: &Programme) -> bool {
    use RuleId::*;
    let person = &one.people[0];
    let c = &person.contract;
    let rules = &one.rules;
    let days = one.horizon.days;
    let columns_on = |d: usize| programme.keys.shifts.iter().filter(move |k| k.0 .1 == d);
    match rule {
        // Which columns exist.
        Availability | ContractShifts | LocationFit => true,
        // One template a day in the states: an on-call overlay is a second.
        OneShiftPerDay => one.shifts.iter().all(|s| s.after.is_empty()),
        // Activity rules: a programme with activity columns never gets a walk.
        ActivityFit | AdminBlock | ActivityBlock | BlocksPerDay | Travel | ActivityCap
        | Continuity | Caseload => true,
        ActivityDemand => one.activity_demand.is_empty(),
        // Breaks are activity columns.
        Breaks => one.shifts.iter().all(|s| s.unpaid_break.is_none()),
        // The walk's states and its table of successions (soft: refused by `hard`).
        ContractMinutes => true,
        // The same, the states starting from the history ([`Walk::start_of`]) and the first
        // days' shifts too close to it left out.
        MaxConsecutiveDays
        | MinConsecutiveDays
        | MinConsecutiveDaysOff
        | MinRest
        | ForbiddenSuccession => true,
        // A Saturday before a Sunday start counts as the horizon's weekend: not in the
        // states.
        MaxWeekends => !(one.horizon.saturday_before() && person.worked_before(-1)),
        // Weekly ranges are not in the walk's states.
        WeeklyMinutes => c.weekly.is_empty(),
        // Per horizon in the states; per week only when a week cannot exceed it.
        MaxShifts => c.max_shifts_per_week.iter().all(|&(_, n)| n >= 7),
        // Costs on shift columns (an overtime column elsewhere makes `shift_costs` refuse
        // the walk before this is asked).
        Cost | FairUnsocial => true,
        // Hard requests fix columns the walk does not see; home requests price the location
        // columns, and the walk bases every day at the first base.
        Requests => {
            (setting != Some(RuleSetting::Hard) || person.requests.is_empty())
                && !person
                    .requests
                    .iter()
                    .any(|r| matches!(r.kind, RequestKind::Home | RequestKind::HomeDays(_)))
        }
        // Rules over windows the walk's one day of memory cannot see: only where they
        // cannot bind.
        WeeklyRest => days < 7 && person.history.is_empty(),
        MaxDaysPerWeek => c.max_days_per_week.is_none_or(|max| {
            (0..one.horizon.weeks()).all(|w| one.horizon.week_days(w).len() <= max)
        }),
        MaxMinutesPer7Days => {
            person.history.is_empty()
                && (0..(days + 1).saturating_sub(7)).all(|s| {
                    let most: i64 = (s..s + 7)
                        .map(|d| {
                            columns_on(d)
                                .map(|k| one.shifts[k.0 .2].counted_minutes(rules))
                                .max()
                                .unwrap_or(0)
                        })
                        .sum();
                    most <= rules.max_minutes_per_7_days
                })
        }
        // Windows and days back the states do not hold: only where they cannot bind.
        AfterLeave => rules.after_leave_days.is_none() || person.leave_days.is_empty(),
        UnsocialWindow => {
            rules.max_nights_per_7_days.is_none() && rules.max_weekends_per_4.is_none()
        }
        // Shares of worked time: with no activity columns, a share forbids work.
        ProtectedAdmin => rules.admin_share <= 0.0,
        Reserve => rules.reserve_share <= 0.0,
        HomeWorking => person.home_days_per_week.is_none() || !one.locations.iter().any(|l| l.home),
        OfficeDay => one.office_days.iter().all(|o| o.people.is_empty()),
        // Across people: the master's rows, or column generation does not apply.
        ShiftCover => one.shift_cover.is_empty(),
        Pairing => one.rules.pairing.is_empty(),
        Pinned => one.pins.is_empty(),
        Changes => one.published.is_none(),
        JobShareMinutes | JobShareCover | JobShareHandover => one.job_shares.is_empty(),
    }
}

/// Each day's steps (the shifts the person may work, by template, with their counted
/// minutes and cost), and the days each template is available.
fn steps_of(
    one: &Model,
    programme: &Programme,
    cost: &HashMap<(usize, ShiftIx), f64>,
) -> (Vec<Vec<Step>>, Vec<usize>) {
    let minutes = |t: ShiftIx| one.shifts[t].counted_minutes(&one.rules);
    let mut steps: Vec<Vec<Step>> = vec![Vec::new(); one.horizon.days];
    let mut available = vec![0usize; one.shifts.len()];
    for &((_, d, t), _) in &programme.keys.shifts {
        steps[d].push(Step {
            shift: t,
            minutes: minutes(t),
            cost: cost.get(&(d, t)).copied().unwrap_or(0.0),
            work: one.shifts[t].kind == ShiftKind::Work,
        });
        available[t] += 1;
    }
    for s in &mut steps {
        s.sort_by_key(|s| s.shift);
    }
    (steps, available)
}

/// Per day, whether it is a weekend's first day, another weekend day (`Some(false)`) or
/// neither; and the base location of a day's work (the first allowed).
fn calendar(
    one: &Model,
    programme: &Programme,
    weekends: &[Vec<usize>],
) -> (Vec<Option<bool>>, Vec<Option<LocationIx>>) {
    let days = one.horizon.days;
    let mut weekend = vec![None; days];
    for w in weekends {
        for (i, &d) in w.iter().enumerate() {
            weekend[d] = Some(i == 0);
        }
    }
    let mut base = vec![None; days];
    for &((_, d, l), _) in &programme.keys.locations {
        base[d] = Some(base[d].map_or(l, |b: usize| b.min(l)));
    }
    (weekend, base)
}

/// `limit` in a byte: `Some(None)` without a limit, `None` when it does not fit.
fn byte_or_none(limit: Option<usize>) -> Option<Option<u8>> {
    match limit {
        Some(k) => u8::try_from(k).ok().map(Some),
        None => Some(None),
    }
}

/// A rule's setting as the walk sees it: off (`None`; a weight of 0 is off), hard, or soft.
fn in_force(rules: &crate::model::Rules, rule: RuleId) -> Option<RuleSetting> {
    match rules.get(rule) {
        Some(RuleSetting::Soft(w)) if w <= 0.0 => None,
        s => s,
    }
}

/// The unit the walk counts minutes in (their greatest common divisor) and the most minutes
/// the horizon's steps can add up to.
fn minute_scale(steps: &[Vec<Step>]) -> (i64, i64) {
    let unit = steps
        .iter()
        .flatten()
        .map(|s| s.minutes)
        .fold(0, gcd)
        .max(1);
    let most = steps
        .iter()
        .map(|s| s.iter().map(|s| s.minutes).max().unwrap_or(0))
        .sum();
    (unit, most)
}

/// Per template, the slot its count is tracked in and the most allowed (`None`: not
/// tracked).
type Tracked = Vec<Option<(usize, u8)>>;

/// Each shift's cost from one person's objective, by `(day, template)`; `None` when some
/// cost lies on a column that is not a shift (a soft rule's slack: the walk cannot price
/// it).
fn shift_costs(programme: &Programme) -> Option<HashMap<(usize, ShiftIx), f64>> {
    let shift_col: HashMap<usize, (usize, ShiftIx)> = programme
        .keys
        .shifts
        .iter()
        .map(|&((_, d, t), col)| (col, (d, t)))
        .collect();
    let col_of: HashMap<good_lp::Variable, usize> = programme
        .vars_by_index
        .iter()
        .enumerate()
        .map(|(i, v)| (*v, i))
        .collect();
    let mut cost: HashMap<(usize, ShiftIx), f64> = HashMap::new();
    for (v, k) in programme.objective.clone().linear_coefficients() {
        if k == 0.0 {
            continue;
        }
        let key = shift_col.get(col_of.get(&v)?)?;
        *cost.entry(*key).or_default() += k;
    }
    Some(cost)
}

/// Which template may follow which on the next day (`follows[t1][t2]`), given, when
/// `rest`, the rest each template asks for after it and, when `forbid`, the forbidden
/// successions; `None` when a rule reaches two days
/// apart, beyond a walk of one day's memory.
fn successions(one: &Model, rest: bool, forbid: bool) -> Option<Vec<Vec<bool>>> {
    let n = one.shifts.len();
    let mut follows = vec![vec![true; n]; n];
    for (t1, s1) in one.shifts.iter().enumerate() {
        let min_rest = if rest { s1.rest_after(&one.rules) } else { 0 };
        for (t2, s2) in one.shifts.iter().enumerate() {
            let gap1 = DAY + s2.start - s1.end;
            let gap2 = 2 * DAY + s2.start - s1.end;
            if gap2 < 0 || gap2 < min_rest {
                return None;
            }
            if gap1 < 0
                || gap1 < min_rest
                || (forbid && one.rules.forbidden_successions.contains(&(t1, t2)))
            {
                follows[t1][t2] = false;
            }
        }
    }
    Some(follows)
}

/// The state the history leaves before day 0 (as `compile`'s rows across the start read
/// it): after a shift on day -1, that template and the run of days worked it ends; after a
/// known day off, the run of days off. A run as long as the known days may have begun
/// before them, so it is exempt from the minimum, as one starting the horizon is.
fn start_of(one: &Model, work_cap: u8, off_cap: u8) -> State {
    let person = &one.people[0];
    let known = one.history_days as i64;
    let last = person.history.iter().rfind(|x| x.day() == -1);
    if last.is_none() && known == 0 {
        return State::START;
    }
    let working = last.is_some();
    let reach = known.max(if working { 14 } else { 0 });
    let run = (1..=reach)
        .take_while(|&j| person.worked_before(-j) == working)
        .count() as i64;
    State {
        last: last.map_or(0, |x| x.shift as u8 + 1),
        run: run.min(i64::from(if working { work_cap } else { off_cap })) as u8,
        from_start: run >= known,
        ..State::START
    }
}

/// Leaves out of the first days' steps the shifts the history rules out: one starting
/// within a past shift's rest after it (`rest`), or following the shift of day -1 by a
/// forbidden succession (`forbid`).
fn after_history(one: &Model, steps: &mut [Vec<Step>], rest: bool, forbid: bool) {
    let person = &one.people[0];
    for (d, day) in steps.iter_mut().enumerate().take(3) {
        day.retain(|step| {
            let start = d as i64 * DAY + one.shifts[step.shift].start;
            !person.history.iter().any(|past| {
                let gap = start - past.end;
                (rest && gap < one.shifts[past.shift].rest_after(&one.rules))
                    || (forbid
                        && d == 0
                        && past.day() == -1
                        && one
                            .rules
                            .forbidden_successions
                            .contains(&(past.shift, step.shift)))
            })
        });
    }
}

/// The templates whose count the walk tracks, each with its slot and most allowed
/// (`max_shifts`, the tightest limit per template), only where the limit is below the
/// days the template is `available`; and the number of slots. `None` beyond
/// [`MOST_TRACKED`] slots or a limit above a byte.
fn tracked_counts(
    max_shifts: &[(ShiftIx, usize)],
    available: &[usize],
) -> Option<(Tracked, usize)> {
    let mut tracked = vec![None; available.len()];
    let mut slots = 0;
    for &(t, most) in max_shifts {
        let most = match tracked[t] {
            Some((_, m)) => most.min(m as usize),
            None => most,
        };
        if most < available[t] {
            let slot = match tracked[t] {
                Some((slot, _)) => slot,
                None => {
                    slots += 1;
                    slots - 1
                }
            };
            if slot >= MOST_TRACKED {
                return None;
            }
            tracked[t] = Some((slot, u8::try_from(most).ok()?));
        }
    }
    Some((tracked, slots))
}

impl Walk {
    /// The walk for the one person of `one` (a model cut to them, without cover) and its
    /// compiled `programme`; `None` when a rule in force is one the walk does not know.
    pub(super) fn new(one: &Model, programme: &Programme) -> Option<Walk> {
        // One person, no activities, templates numbered in a byte.
        if one.people.len() != 1 || !programme.keys.activities.is_empty() || one.shifts.len() > 254
        {
            return None;
        }
        let person = &one.people[0];
        let c = &person.contract;
        let rules = &one.rules;
        let setting = |r: RuleId| in_force(rules, r);
        // Rules the walk knows: hard (`Some(true)`) or off; soft ones it does not price.
        let hard = |r: RuleId| match setting(r) {
            None => Some(false),
            Some(RuleSetting::Hard) => Some(true),
            Some(RuleSetting::Soft(_)) => None,
        };
        let on = |r: RuleId| setting(r).is_some();
        // Costs only on shift columns (soft rules put costs on their slacks).
        let cost = shift_costs(programme)?;
        // Every rule in force is one the walk prices, or one that cannot bind here.
        if RuleId::ALL
            .into_iter()
            .any(|r| on(r) && !prices(r, setting(r), one, programme))
        {
            return None;
        }

        let n = one.shifts.len();
        let follows = successions(
            one,
            hard(RuleId::MinRest)?,
            hard(RuleId::ForbiddenSuccession)?,
        )?;

        let (mut steps, available) = steps_of(one, programme, &cost);
        after_history(
            one,
            &mut steps,
            hard(RuleId::MinRest)?,
            hard(RuleId::ForbiddenSuccession)?,
        );
        let max_shifts: &[(ShiftIx, usize)] = match hard(RuleId::MaxShifts)? {
            true => &c.max_shifts,
            false => &[],
        };
        let (tracked, slots) = tracked_counts(max_shifts, &available)?;
        let (min_minutes, max_minutes) = match hard(RuleId::ContractMinutes)? {
            true => (c.min_minutes, c.max_minutes),
            false => (i64::MIN, i64::MAX),
        };
        let max_run = hard(RuleId::MaxConsecutiveDays)?
            .then_some(c.max_consecutive_days)
            .flatten();
        let min_run = hard(RuleId::MinConsecutiveDays)?.then_some(c.min_consecutive_days);
        let min_run = min_run.unwrap_or(0);
        let min_off = hard(RuleId::MinConsecutiveDaysOff)?.then_some(c.min_consecutive_days_off);
        let min_off = min_off.unwrap_or(0);
        let weekends = one.horizon.weekends();
        let max_weekends = match hard(RuleId::MaxWeekends)? {
            true => c.max_weekends.filter(|&m| m < weekends.len()),
            false => None,
        };
        let (weekend, base) = calendar(one, programme, &weekends);
        let small = |k: usize| u8::try_from(k).ok();
        let track_minutes = min_minutes > i64::MIN || max_minutes < i64::MAX;
        let (minute_unit, most_minutes) = minute_scale(&steps);
        let work_cap = small(max_run.unwrap_or(0).max(min_run).max(1))?;
        let off_cap = small(min_off.max(1))?;
        let start = start_of(one, work_cap, off_cap);
        let mut count_levels = vec![0; slots];
        tracked
            .iter()
            .flatten()
            .for_each(|&(slot, most)| count_levels[slot] = most as usize + 1);
        Some(Walk {
            steps,
            constant: programme.constant,
            follows,
            max_run: byte_or_none(max_run)?,
            min_run: small(min_run)?,
            min_off: small(min_off)?,
            work_cap,
            off_cap,
            weekend,
            max_weekends: max_weekends
                .map(small)
                .map(|k| k.ok_or(()))
                .transpose()
                .ok()?,
            min_minutes,
            max_minutes,
            tracked,
            track_minutes,
            minute_unit,
            levels: [
                n + 1,
                work_cap.max(off_cap) as usize + 1,
                max_weekends.map_or(1, |k| k + 1),
                match track_minutes {
                    true => (most_minutes.min(max_minutes.max(0)) / minute_unit) as usize + 1,
                    false => 1,
                },
            ],
            count_levels,
            base,
            start,
            known: one.history_days > 0,
        })
    }

    /// A lower bound on the cost of completing a walk from the start of day `d` in a state,
    /// at `step_cost`: the cheapest choice of at most one shift a day whose minutes take
    /// the state's total into the contract's range (runs, weekends and counts ignored).
    fn cost_to_go<'a>(
        &'a self,
        step_cost: &'a [Vec<f64>],
        off: &[bool],
    ) -> impl Fn(usize, &State) -> f64 + 'a {
        let days = self.steps.len();
        let levels = self.levels[3];
        let unit = self.minute_unit;
        // best[d][m]: cheapest shifts on days d.. adding exactly m units (untracked: m = 0
        // stands for any total).
        let mut best = vec![vec![f64::INFINITY; levels]; days + 1];
        best[days][0] = 0.0;
        for d in (0..days).rev() {
            for m in 0..levels {
                let mut b = match off[d] {
                    true => best[d + 1][m],
                    false => f64::INFINITY,
                };
                for (step, cost) in self.steps[d].iter().zip(&step_cost[d]) {
                    let add = match self.track_minutes {
                        true => (step.minutes / unit) as usize,
                        false => 0,
                    };
                    if add <= m {
                        b = b.min(cost + best[d + 1][m - add]);
                    }
                }
                best[d][m] = b;
            }
        }
        // to_go[d][have]: the cheapest completion from `have` units into the range.
        let lo = |have: usize| -> usize {
            let need = (self.min_minutes - have as i64 * unit).max(0);
            (need + unit - 1).div_euclid(unit) as usize
        };
        let hi = |have: usize| -> i64 {
            let room = self.max_minutes.saturating_sub(have as i64 * unit);
            room.div_euclid(unit)
        };
        let to_go: Vec<Vec<f64>> = best
            .iter()
            .map(|row| {
                let range = RangeMin::new(row);
                (0..levels)
                    .map(|have| match self.track_minutes {
                        true => {
                            let top = hi(have).min(levels as i64 - 1);
                            let bottom = lo(have);
                            match top < bottom as i64 {
                                true => f64::INFINITY,
                                false => range.min(bottom, top as usize),
                            }
                        }
                        false => row[0],
                    })
                    .collect()
            })
            .collect();
        move |d: usize, s: &State| match self.track_minutes {
            true => to_go[d][(s.minutes as i64 / unit) as usize],
            false => to_go[d][0],
        }
    }

    /// The number of distinct states, when small enough to index densely.
    fn dense_size(&self) -> Option<usize> {
        let mut size: usize = 4; // from_start, weekend_worked
        for &l in self.levels.iter().chain(&self.count_levels) {
            size = size.checked_mul(l)?;
        }
        (size <= DENSE_STATES).then_some(size)
    }

    /// The dense index of `s` (see [`Walk::dense_size`]).
    fn slot(&self, s: &State) -> usize {
        let [last, run, weekends, minutes] = self.levels;
        let mut k = s.last as usize;
        k = k * run + s.run as usize;
        k = k * 2 + s.from_start as usize;
        k = k * weekends + s.weekends as usize;
        k = k * 2 + s.weekend_worked as usize;
        k = k * minutes + (s.minutes as i64 / self.minute_unit) as usize;
        for (slot, &levels) in self.count_levels.iter().enumerate() {
            k = k * levels + s.counts[slot] as usize;
        }
        debug_assert!(
            k < last * run * 4 * weekends * minutes * self.count_levels.iter().product::<usize>()
        );
        k
    }

    /// The `most` cheapest rotas, cheapest first, when each shift `(day, template)` earns
    /// `earn` on top of its own cost, among those costing less than `ceiling` (the cost of
    /// a rota known to be legal, say) and keeping to `fixed` (per day; empty: nothing
    /// fixed): empty when there is none, `Err(())` when the walk gave up (too many labels,
    /// or past `deadline`).
    pub(super) fn cheapest(
        &self,
        earn: &HashMap<(usize, ShiftIx), f64>,
        most: usize,
        ceiling: Option<f64>,
        fixed: &[Allowed],
        deadline: Option<std::time::Instant>,
    ) -> Result<Vec<Walked>, ()> {
        self.walk(earn, most, ceiling, fixed, deadline, None)
    }

    /// A cheap rota, not always the cheapest: the walk keeping at most `beam.width` labels
    /// a day, those whose cost so far and bound on the rest are least and those `beam.pace`
    /// picks (a beam search), keeping to `fixed` as [`Walk::cheapest`] does. It never gives
    /// up on size, so it serves where the exact walk's states are too many (a year with
    /// minutes and counts to track); `None` when no label survives to the end.
    pub(super) fn beam(
        &self,
        earn: &HashMap<(usize, ShiftIx), f64>,
        beam: Beam,
        fixed: &[Allowed],
        deadline: Option<std::time::Instant>,
    ) -> Option<Walked> {
        let found = self.walk(earn, 1, None, fixed, deadline, Some(beam)).ok()?;
        found.into_iter().next()
    }

    /// The walk behind [`Walk::cheapest`] (exact, `beam` `None`) and [`Walk::beam`].
    fn walk(
        &self,
        earn: &HashMap<(usize, ShiftIx), f64>,
        most: usize,
        ceiling: Option<f64>,
        fixed: &[Allowed],
        deadline: Option<std::time::Instant>,
        beam: Option<Beam>,
    ) -> Result<Vec<Walked>, ()> {
        let free = FREE;
        let fixed_on = |d: usize| fixed.get(d).unwrap_or(&free);
        let off: Vec<bool> = (0..self.steps.len())
            .map(|d| fixed_on(d).allows(std::iter::empty()))
            .collect();
        let days = self.steps.len();
        // labels[d]: (state, cost, previous label, template + 1 or 0 for off).
        let mut labels: Vec<Vec<(State, f64, u32, u8)>> = Vec::with_capacity(days);
        let start = self.start;
        // Most minutes the days from `d` on can add: states that cannot reach the minimum
        // are dropped.
        let can_add = self.can_add();
        let step_cost = self.step_costs(earn, fixed);
        let to_go = self.cost_to_go(&step_cost, &off);
        // Labels that cannot end below the ceiling are dropped.
        let ceiling = ceiling.map_or(f64::INFINITY, |c| c - self.constant - 1e-9);
        let mut previous: Vec<(State, f64, u32, u8)> = vec![(start, 0.0, 0, 0)];
        // A beam's few labels a day are found faster by hash than in a dense array of every
        // state, most of which the beam never touches.
        let mut index = match beam {
            Some(_) => Index::Hash(FxHashMap::default()),
            None => self.index(),
        };
        for d in 0..days {
            let mut next: Vec<(State, f64, u32, u8)> = Vec::with_capacity(previous.len() * 2);
            let short = |state: &State| {
                self.track_minutes && (state.minutes as i64) + can_add[d + 1] < self.min_minutes
            };
            let mut offer = |state: State, cost: f64, from: usize, choice: u8| {
                if short(&state) || cost + to_go(d + 1, &state) >= ceiling {
                    return;
                }
                let at = match &mut index {
                    Index::Dense(at) => &mut at[self.slot(&state)],
                    Index::Hash(at) => at.entry(state.key()).or_insert(u32::MAX),
                };
                match *at {
                    u32::MAX => {
                        *at = next.len() as u32;
                        next.push((state, cost, from as u32, choice));
                    }
                    i if next[i as usize].1 <= cost => {}
                    i => next[i as usize] = (state, cost, from as u32, choice),
                }
            };
            for (i, &(s, cost, _, _)) in previous.iter().enumerate() {
                // A day off (unless the day is fixed to a shift).
                if off[d] {
                    if let Some(n) = self.rest(d, s) {
                        offer(n, cost, i, 0);
                    }
                }
                // A shift.
                for (step, step_cost) in self.steps[d].iter().zip(&step_cost[d]) {
                    if step_cost.is_infinite() {
                        continue;
                    }
                    if let Some(n) = self.work(d, s, step) {
                        offer(n, cost + step_cost, i, step.shift as u8 + 1);
                    }
                }
            }
            match &mut index {
                Index::Dense(at) => {
                    for (state, ..) in &next {
                        at[self.slot(state)] = u32::MAX;
                    }
                }
                Index::Hash(at) => at.clear(),
            }
            if let Some(Beam { width: keep, pace }) = beam.filter(|b| next.len() > b.width) {
                // The least cost so far plus bound on the rest; ties by position, so the
                // same walk keeps the same labels.
                // Half the beam goes to the cheapest labels; a quarter to those nearest
                // the contract's minutes pro rata, so that its range stays within reach
                // when cheap short shifts lead; a quarter shared among the kinds of run
                // (working or off, and how long), so that a day the cheapest cannot follow
                // (leave after a one-day run) does not end every label.
                let key = |l: &(State, f64, u32, u8)| l.1 + to_go(d + 1, &l.0);
                let mut order: Vec<usize> = (0..next.len()).collect();
                order.sort_by(|&i, &j| key(&next[i]).total_cmp(&key(&next[j])).then(i.cmp(&j)));
                let mut kept = vec![false; next.len()];
                order.iter().take(keep / 4).for_each(|&i| kept[i] = true);
                let kinds = 2 * (usize::from(self.work_cap.max(self.off_cap)) + 1);
                let per_kind = (keep / 4 / kinds).max(1);
                let mut taken = vec![0; kinds];
                for &i in &order {
                    let s = &next[i].0;
                    let kind = usize::from(s.last > 0) * kinds / 2 + usize::from(s.run);
                    if taken[kind] < per_kind {
                        taken[kind] += 1;
                        kept[i] = true;
                    }
                }
                // The labels nearest the contract's minutes pro rata to the day, or those
                // furthest ahead.
                if self.track_minutes {
                    let middle = (self.min_minutes.max(0) + self.max_minutes.min(can_add[0])) / 2;
                    let target = middle * (d as i64 + 1) / days as i64;
                    // Shift counts ahead of their limit pro rata count as that many
                    // shifts' minutes off (weekends as two): a label that spent a capped
                    // template or its weekends early cannot finish its minutes later.
                    let pro_rata = |most: u8| i64::from(most) * (d as i64 + 1) / days as i64;
                    let ahead = |s: &State| -> i64 {
                        let counts: i64 = self
                            .tracked
                            .iter()
                            .flatten()
                            .map(|&(slot, most)| {
                                (i64::from(s.counts[slot]) - pro_rata(most) - 1).max(0)
                            })
                            .sum();
                        // Weekends too: a label without any left works short weeks.
                        let weekends = self.max_weekends.map_or(0, |most| {
                            2 * (i64::from(s.weekends) - pro_rata(most) - 1).max(0)
                        });
                        counts + weekends
                    };
                    let shift = (middle / days as i64).max(1) * 7 / 5;
                    let off = |i: usize| {
                        let s = &next[i].0;
                        let minutes = match pace {
                            Pace::ProRata => (i64::from(s.minutes) - target).abs(),
                            Pace::Ahead => -i64::from(s.minutes),
                        };
                        minutes + ahead(s) * shift
                    };
                    order.sort_by(|&i, &j| off(i).cmp(&off(j)).then(i.cmp(&j)));
                    order.iter().take(keep / 2).for_each(|&i| kept[i] = true);
                }
                let mut i = 0;
                next.retain(|_| {
                    i += 1;
                    kept[i - 1]
                });
            }
            let late = deadline.is_some_and(|t| std::time::Instant::now() >= t);
            if next.len() > MOST_LABELS || late {
                index.put_back();
                return Err(());
            }
            labels.push(std::mem::replace(&mut previous, next));
        }
        labels.push(previous);
        index.put_back();
        Ok(self.cheapest_ends(&labels, most))
    }

    /// The `most` cheapest rotas ending on the last day with enough minutes (ties: the
    /// earlier label, for determinism). Distinct end states are distinct rotas.
    fn cheapest_ends(&self, labels: &[Vec<(State, f64, u32, u8)>], most: usize) -> Vec<Walked> {
        let last = &labels[self.steps.len()];
        let mut ends: Vec<usize> = (0..last.len())
            .filter(|&i| last[i].0.minutes as i64 >= self.min_minutes)
            .collect();
        ends.sort_by(|&a, &b| last[a].1.total_cmp(&last[b].1).then(a.cmp(&b)));
        ends.truncate(most.max(1));
        ends.into_iter().map(|end| self.rota(labels, end)).collect()
    }

    /// The state after a day off from `s` on day `d`; `None` when the run of work it ends
    /// is too short (a run that began on the first day may be any length).
    #[inline]
    fn rest(&self, d: usize, s: State) -> Option<State> {
        let on_weekend = self.weekend[d].is_some();
        let worked_weekend = s.weekend_worked && self.weekend[d] != Some(true);
        if s.last == 0 {
            return Some(State {
                run: (s.run + 1).min(self.off_cap),
                weekend_worked: worked_weekend && on_weekend,
                ..s
            });
        }
        (s.from_start || s.run >= self.min_run).then_some(State {
            last: 0,
            run: 1,
            from_start: false,
            weekend_worked: worked_weekend && on_weekend,
            ..s
        })
    }

    /// The state after working `step` on day `d` from `s`; `None` when a rule forbids it
    /// (days off too few, a succession, a run too long, weekends, minutes, a count).
    #[inline]
    fn work(&self, d: usize, s: State, step: &Step) -> Option<State> {
        if s.last == 0 && !s.from_start && s.run < self.min_off {
            return None;
        }
        let t = step.shift;
        let on_weekend = self.weekend[d].is_some();
        let worked_weekend = s.weekend_worked && self.weekend[d] != Some(true);
        let mut n = s;
        if s.last > 0 {
            if !self.follows[s.last as usize - 1][t] || self.max_run.is_some_and(|k| s.run >= k) {
                return None;
            }
            n.run = (s.run + 1).min(self.work_cap);
        } else {
            n.run = 1;
            n.from_start = d == 0 && !self.known;
        }
        n.last = t as u8 + 1;
        n.weekend_worked = on_weekend && self.max_weekends.is_some();
        if n.weekend_worked && !worked_weekend {
            n.weekends += 1;
            if self.max_weekends.is_some_and(|k| n.weekends > k) {
                return None;
            }
        }
        let minutes = match self.track_minutes {
            true => s.minutes as i64 + step.minutes,
            false => 0,
        };
        if minutes > self.max_minutes {
            return None;
        }
        // At most a day's minutes a day: within i32 for any horizon.
        n.minutes = minutes as i32;
        if let Some((slot, most)) = self.tracked[t] {
            if n.counts[slot] >= most {
                return None;
            }
            n.counts[slot] += 1;
        }
        Some(n)
    }

    /// Per day `d`, the most minutes the days from `d` on can add: each day's longest
    /// shift, and with at most `k` days worked in a row and `m` off after, at most `k` of
    /// any `k + m` days at the longest shift from `d` on (the bound that keeps a beam from
    /// falling behind a contract it can no longer meet).
    fn can_add(&self) -> Vec<i64> {
        let days = self.steps.len();
        let mut can_add = vec![0i64; days + 1];
        let mut longest = 0;
        for d in (0..days).rev() {
            let most = self.steps[d].iter().map(|s| s.minutes).max().unwrap_or(0);
            longest = longest.max(most);
            can_add[d] = can_add[d + 1] + most;
            if let (Some(k), m) = (self.max_run, self.min_off) {
                let (k, m) = (i64::from(k), i64::from(m));
                let left = (days - d) as i64;
                // Windows of k + m days, the last one partial.
                let worked = left / (k + m) * k + (left % (k + m)).min(k);
                can_add[d] = can_add[d].min(worked * longest);
            }
        }
        can_add
    }

    /// Each step's cost at the earnings `earn` (infinite where the day is fixed otherwise).
    fn step_costs(
        &self,
        earn: &HashMap<(usize, ShiftIx), f64>,
        fixed: &[Allowed],
    ) -> Vec<Vec<f64>> {
        let free = FREE;
        let fixed_on = |d: usize| fixed.get(d).unwrap_or(&free);
        self.steps
            .iter()
            .enumerate()
            .map(|(d, steps)| {
                steps
                    .iter()
                    .map(|s| match fixed_on(d).allows(std::iter::once(s.shift)) {
                        true => s.cost - earn.get(&(d, s.shift)).copied().unwrap_or(0.0),
                        false => f64::INFINITY,
                    })
                    .collect()
            })
            .collect()
    }

    /// The index of the labels of a day: dense (this thread's reused array) when the states
    /// are few enough to number, else a hash map.
    fn index(&self) -> Index {
        match self.dense_size() {
            Some(size) => {
                let mut at = DENSE.take();
                if at.len() < size {
                    at.resize(size, u32::MAX);
                }
                Index::Dense(at)
            }
            None => Index::Hash(FxHashMap::default()),
        }
    }

    /// The rota ending in label `end` of the last day.
    fn rota(&self, labels: &[Vec<(State, f64, u32, u8)>], end: usize) -> Walked {
        let days = self.steps.len();
        let value = labels[days][end].1 + self.constant;
        let mut i = end;
        let mut shifts = Vec::new();
        for d in (0..days).rev() {
            let (_, _, from, choice) = labels[d + 1][i];
            if choice > 0 {
                shifts.push((d, choice as usize - 1));
            }
            i = from as usize;
        }
        shifts.reverse();
        let mut locations = Vec::new();
        for &(d, t) in &shifts {
            let work = self.steps[d].iter().any(|s| s.shift == t && s.work);
            if let (true, Some(l)) = (work, self.base[d]) {
                locations.push((d, l));
            }
        }
        Walked {
            shifts,
            locations,
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_minimum_equals_a_scan() {
        let row: Vec<f64> = (0..37).map(|i| ((i * 7919) % 23) as f64 - 11.0).collect();
        let range = RangeMin::new(&row);
        for a in 0..row.len() {
            for b in a..row.len() {
                let scan = row[a..=b].iter().copied().fold(f64::INFINITY, f64::min);
                assert_eq!(range.min(a, b), scan, "{a}..={b}");
            }
        }
    }
    use crate::milp::compile;

    /// The walk for the first person of Curtois Instance1 (one template; runs of 2 to 5
    /// days, at least 2 days off, one weekend at most), alone, without cover or leave.
    fn instance1_walk() -> Walk {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/curtois/Instance1.txt");
        let model = crate::import::load_instance(&path)
            .unwrap_or_else(|e| panic!("{} does not import: {e}", path.display()));
        let mut one = model.clone();
        one.people.truncate(1);
        // Every day open (the benchmark gives A day 0 off).
        one.people[0].unavailable.clear();
        one.shift_cover.clear();
        Walk::new(&one, &compile::compile(&one)).expect("the walk knows Instance1's rules")
    }

    /// The state transitions, one rule at a time: a run starts and grows, a run too short
    /// cannot end (unless it began on the first day), too few days off cannot end, a run
    /// at its longest cannot grow, and a second weekend cannot be worked.
    #[test]
    fn transitions_keep_each_rule() {
        let w = instance1_walk();
        assert_eq!(
            (w.min_run, w.max_run, w.min_off, w.max_weekends),
            (2, Some(5), 2, Some(1))
        );
        let day = |d: usize| &w.steps[d][0];
        // Monday, day 0: a run from the first day, which may end after one day.
        let first = w.work(0, State::START, day(0)).expect("work on day 0");
        assert_eq!((first.last, first.run, first.from_start), (1, 1, true));
        assert!(
            w.rest(1, first).is_some(),
            "a run from the first day may be short"
        );
        // A one-day run that did not begin on the first day may not end.
        let off = w.rest(0, State::START).expect("a day off");
        let off2 = w.rest(1, off).expect("two days off");
        let one_day = w.work(2, off2, day(2)).expect("work after two days off");
        assert_eq!((one_day.run, one_day.from_start), (1, false));
        assert!(w.rest(3, one_day).is_none(), "a one-day run is too short");
        // After a single day off, work may not start again.
        let two_days = w.work(3, one_day, day(3)).expect("a second day");
        let single_off = w.rest(4, two_days).expect("a two-day run may end");
        assert!(
            w.work(5, single_off, day(5)).is_none(),
            "one day off is too few"
        );
        // Five days in a row, then no sixth.
        let mut s = off2;
        for d in 2..7 {
            s = w.work(d, s, day(d)).expect("up to five days");
        }
        assert_eq!(s.run, 5);
        assert!(w.work(7, s, day(7)).is_none(), "a sixth day in a row");
        // The first weekend (days 5-6) was worked: the next (12-13) may not be.
        assert_eq!(s.weekends, 1);
        let rested = (7..11).fold(s, |s, d| w.rest(d, s).expect("days off"));
        let friday = w.work(11, rested, day(11)).expect("Friday");
        assert!(w.work(12, friday, day(12)).is_none(), "a second weekend");
    }
}
