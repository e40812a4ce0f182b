//! Turns a rota's ids and `HH:MM` text into model indices and absolute minutes.
//!
//! An assignment whose person, date or shift cannot be resolved is dropped (after recording
//! a `contract_shifts` problem): no other rule can be evaluated for it. A block whose
//! activity or times cannot be read is dropped (an `activity_fit` problem). An unknown
//! location is a `location_fit` problem; the assignment or block is kept without it.

use chrono::NaiveDate;

use crate::model::{ActivityIx, LocationIx, Model, PersonIx, ShiftIx, ShiftKind, DAY};
use crate::rota::{clock, parse_clock, Rota};
use crate::rules::RuleId;

use super::Finding;

/// A resolved assignment.
#[derive(Debug, Clone)]
pub(crate) struct Asg {
    /// Position in the rota (1-based in messages).
    pub index: usize,
    pub person: PersonIx,
    pub day: usize,
    pub shift: ShiftIx,
    /// Absolute interval `[start, end)`.
    pub start: i64,
    pub end: i64,
    /// Base location, when given and known.
    pub location: Option<LocationIx>,
    /// A location was given but is not in the model (already reported).
    pub location_unknown: bool,
    pub blocks: Vec<Block>,
}

/// A resolved activity block.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub activity: ActivityIx,
    /// Absolute interval `[start, end)`, `start < end`.
    pub start: i64,
    pub end: i64,
    /// Location as written; `None` when not given (the block is then at the day's base).
    pub location: Option<LocationIx>,
    /// A location was given but is not in the model (already reported).
    pub location_unknown: bool,
    /// The block as written, for messages.
    pub text: String,
}

/// The resolved rota plus the problems met while resolving it.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// Resolved assignments, sorted by person, day and start.
    pub assignments: Vec<Asg>,
    /// Problems found while resolving, with the structural rule each belongs to.
    pub problems: Vec<(RuleId, Finding)>,
    /// `work[p][d]`: person `p` has an assignment on day `d`.
    work: Vec<Vec<bool>>,
    /// Person `p`'s assignments are `assignments[by_person[p].clone()]`.
    by_person: Vec<std::ops::Range<usize>>,
}

impl Resolved {
    /// Resolution problems belonging to `rule`.
    pub fn problems_of(&self, rule: RuleId) -> Vec<Finding> {
        self.problems
            .iter()
            .filter(|(r, _)| *r == rule)
            .map(|(_, f)| f.clone())
            .collect()
    }

    /// Person `p`'s assignments in day order.
    pub fn of_person(&self, p: PersonIx) -> impl Iterator<Item = &Asg> + '_ {
        let range = self.by_person.get(p).cloned().unwrap_or(0..0);
        self.assignments[range].iter()
    }

    /// Person `p`'s assignments on day `d` (found by halving: a year's rota asks this for
    /// every cover line and person).
    pub fn on_day(&self, p: PersonIx, d: usize) -> impl Iterator<Item = &Asg> + '_ {
        let range = self.by_person.get(p).cloned().unwrap_or(0..0);
        let mine = &self.assignments[range];
        let first = mine.partition_point(|a| a.day < d);
        let end = mine.partition_point(|a| a.day <= d);
        mine[first..end].iter()
    }

    /// `work[p, d]`: person `p` has an assignment (work or on-call) on day `d`. Days outside
    /// the horizon are never worked.
    pub fn works(&self, p: PersonIx, d: usize) -> bool {
        self.work
            .get(p)
            .and_then(|w| w.get(d))
            .copied()
            .unwrap_or(false)
    }

    /// Counted minutes of person `p` over the horizon.
    pub fn counted_minutes(&self, model: &Model, p: PersonIx) -> i64 {
        self.of_person(p)
            .map(|a| model.shifts[a.shift].counted_minutes(&model.rules))
            .sum()
    }

    /// Worked minutes of person `p`: durations of their work (not on-call) shifts.
    pub fn worked_minutes(&self, model: &Model, p: PersonIx) -> i64 {
        self.of_person(p)
            .filter(|a| model.shifts[a.shift].kind == ShiftKind::Work)
            .map(|a| a.end - a.start - unpaid_break(model, a.shift))
            .sum()
    }

    /// Minutes of person `p` in protected-admin blocks.
    pub fn admin_minutes(&self, model: &Model, p: PersonIx) -> i64 {
        self.of_person(p)
            .flat_map(|a| a.blocks.iter())
            .filter(|b| model.activities[b.activity].protected_admin)
            .map(|b| b.end - b.start)
            .sum()
    }

    /// Whether person `p` works on day `d` based at a home location.
    pub fn home_based(&self, model: &Model, p: PersonIx, d: usize) -> bool {
        self.on_day(p, d).any(|a| {
            model.shifts[a.shift].kind == ShiftKind::Work
                && a.location.is_some_and(|l| model.locations[l].home)
        })
    }
}

/// " (did you mean `x`?)" when some candidate is close to `name`, else "".
pub(crate) fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let best = candidates
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(dist, _)| *dist <= 2.max(name.len() / 3))
        .min_by_key(|(dist, _)| *dist);
    match best {
        Some((_, c)) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}

/// Absolute minute of the clock time `text` in an assignment on `day` whose shift starts at
/// clock time `shift_start`: a time earlier than the shift's start is on the next day; for
/// an end (`is_end`), so is a time equal to it (the end of a 24-hour shift).
fn block_time(text: &str, day: usize, shift_start: i64, is_end: bool) -> Option<i64> {
    let c = parse_clock(text)?;
    let next_day = c < shift_start || (is_end && c == shift_start);
    Some(DAY * day as i64 + c + if next_day { DAY } else { 0 })
}

/// Resolves every assignment of `rota`.
pub(crate) fn resolve(model: &Model, rota: &Rota) -> Resolved {
    let mut assignments = Vec::new();
    let mut problems: Vec<(RuleId, Finding)> = Vec::new();

    for (i, raw) in rota.assignments.iter().enumerate() {
        let n = i + 1;
        let mut problem = |rule: RuleId, message: String| {
            problems.push((
                rule,
                Finding {
                    person: Some(raw.person.clone()),
                    date: Some(raw.date),
                    amount: 1.0,
                    message: format!(
                        "{} {}: assignment {n} (`{}`): {message}",
                        raw.person, raw.date, raw.shift
                    ),
                },
            ));
        };

        let person = model.person_ix(&raw.person);
        if person.is_none() {
            let hint = suggest(&raw.person, model.people.iter().map(|p| p.id.as_str()));
            problem(
                RuleId::ContractShifts,
                format!("unknown person `{}`{hint}", raw.person),
            );
        }
        let day = model.horizon.day_of(raw.date);
        if day.is_none() {
            let last: NaiveDate = model.horizon.date(model.horizon.days.saturating_sub(1));
            problem(
                RuleId::ContractShifts,
                format!(
                    "date {} is outside the horizon {} to {last}",
                    raw.date, model.horizon.start
                ),
            );
        }
        let shift = model.shift_ix(&raw.shift);
        if shift.is_none() {
            let hint = suggest(&raw.shift, model.shifts.iter().map(|s| s.id.as_str()));
            problem(
                RuleId::ContractShifts,
                format!("unknown shift `{}`{hint}", raw.shift),
            );
        }
        let (Some(person), Some(day), Some(shift)) = (person, day, shift) else {
            continue;
        };
        let template = &model.shifts[shift];

        // The informative start and end text must match the template when given.
        for (what, text, expected) in [
            ("start", &raw.start, template.start),
            ("end", &raw.end, template.end),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            match parse_clock(text) {
                None => problem(
                    RuleId::ContractShifts,
                    format!("shift {what} `{text}` is not a time HH:MM"),
                ),
                Some(c) if c.rem_euclid(DAY) != expected.rem_euclid(DAY) => problem(
                    RuleId::ContractShifts,
                    format!(
                        "shift {what} `{text}` does not match template `{}` ({})",
                        template.id,
                        clock(expected)
                    ),
                ),
                Some(_) => {}
            }
        }

        let mut location = None;
        let mut location_unknown = false;
        if let Some(id) = &raw.location {
            location = model.location_ix(id);
            if location.is_none() {
                location_unknown = true;
                let hint = suggest(id, model.locations.iter().map(|l| l.id.as_str()));
                problem(
                    RuleId::LocationFit,
                    format!("unknown location `{id}`{hint}"),
                );
            }
        }

        let shift_start = template.start.rem_euclid(DAY);
        let mut blocks = Vec::new();
        for raw_block in &raw.activities {
            let text = format!(
                "{} {}-{}{}",
                raw_block.activity,
                raw_block.start,
                raw_block.end,
                raw_block
                    .location
                    .as_ref()
                    .map(|l| format!(" {l}"))
                    .unwrap_or_default()
            );
            let activity = model.activity_ix(&raw_block.activity);
            if activity.is_none() {
                let hint = suggest(
                    &raw_block.activity,
                    model.activities.iter().map(|a| a.id.as_str()),
                );
                problem(
                    RuleId::ActivityFit,
                    format!(
                        "block `{text}`: unknown activity `{}`{hint}",
                        raw_block.activity
                    ),
                );
            }
            let start = block_time(&raw_block.start, day, shift_start, false);
            let end = block_time(&raw_block.end, day, shift_start, true);
            if start.is_none() || end.is_none() {
                problem(
                    RuleId::ActivityFit,
                    format!("block `{text}`: start and end must be times HH:MM"),
                );
            }
            let mut block_location = None;
            let mut block_location_unknown = false;
            if let Some(id) = &raw_block.location {
                block_location = model.location_ix(id);
                if block_location.is_none() {
                    block_location_unknown = true;
                    let hint = suggest(id, model.locations.iter().map(|l| l.id.as_str()));
                    problem(
                        RuleId::LocationFit,
                        format!("block `{text}`: unknown location `{id}`{hint}"),
                    );
                }
            }
            let (Some(activity), Some(start), Some(end)) = (activity, start, end) else {
                continue;
            };
            if end <= start {
                problem(
                    RuleId::ActivityFit,
                    format!(
                        "block `{text}`: ends at or before it starts (a time before the shift's \
                         start {} is read as the next day)",
                        clock(shift_start)
                    ),
                );
                continue;
            }
            blocks.push(Block {
                activity,
                start,
                end,
                location: block_location,
                location_unknown: block_location_unknown,
                text,
            });
        }

        assignments.push(Asg {
            index: n,
            person,
            day,
            shift,
            start: DAY * day as i64 + template.start,
            end: DAY * day as i64 + template.end,
            location,
            location_unknown,
            blocks,
        });
    }

    assignments.sort_by_key(|a| (a.person, a.day, a.start, a.index));
    let mut work = vec![vec![false; model.horizon.days]; model.people.len()];
    for a in &assignments {
        work[a.person][a.day] = true;
    }
    let by_person = (0..model.people.len())
        .map(|p| {
            let first = assignments.partition_point(|a| a.person < p);
            let end = assignments.partition_point(|a| a.person <= p);
            first..end
        })
        .collect();
    Resolved {
        assignments,
        problems,
        work,
        by_person,
    }
}

/// Minutes of template `t`'s unpaid break (0 without one): not worked time.
pub(crate) fn unpaid_break(model: &Model, t: usize) -> i64 {
    model.shifts[t].unpaid_break.map_or(0, |b| b.minutes)
}
