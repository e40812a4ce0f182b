//! `history:`: what happened before the horizon, as the rules that look across its start
//! need it (the shifts of the last days, unsocial work so far, each family's worker).
//! `solve --after` derives the same from the previous rota (`crate::replan::history_from`).

use chrono::NaiveDate;

use super::build::Ctx;
use super::problems::Located;
use super::raw::RawHistory;
use super::values;
use crate::model::{Activity, Model, PastShift, ShiftTemplate, UnsocialCounts, DAY};

/// The history as the model holds it.
#[derive(Debug, Default)]
pub struct History {
    /// Days before the horizon the shifts are complete for.
    pub days: usize,
    /// Per person, their shifts before the horizon, sorted by start.
    pub shifts: Vec<Vec<PastShift>>,
    /// Per person, unsocial work so far in the fairness period.
    pub unsocial: Vec<UnsocialCounts>,
    /// Per activity, the family's worker before the horizon.
    pub workers: Vec<Option<usize>>,
    /// The first day of the fairness period, for `solve --after`.
    pub fairness_since: Option<NaiveDate>,
}

impl History {
    /// Puts it in the model.
    pub fn apply(self, model: &mut Model) {
        model.history_days = self.days;
        model.fairness_since = self.fairness_since;
        for (person, (shifts, unsocial)) in model
            .people
            .iter_mut()
            .zip(self.shifts.into_iter().zip(self.unsocial))
        {
            person.history = shifts;
            person.unsocial_before = unsocial;
        }
        for (activity, worker) in model.activities.iter_mut().zip(self.workers) {
            activity.worker = worker;
        }
    }
}

/// The most days a history may reach back: the rules look back at most a week, runs of
/// days a little more; a fortnight is what `solve --after` takes.
const MOST_DAYS: i64 = 28;

/// Reads `history:`; problems go to `ctx`.
pub fn history(
    raw: Option<&Located<RawHistory>>,
    shifts: &[ShiftTemplate],
    activities: &[Activity],
    people: usize,
    ctx: &mut Ctx,
) -> History {
    let mut out = History {
        shifts: vec![Vec::new(); people],
        unsocial: vec![UnsocialCounts::default(); people],
        workers: vec![None; activities.len()],
        ..History::default()
    };
    let Some(Located { value: raw, at }) = raw else {
        return out;
    };
    let start = ctx.calendar.horizon.start;
    let mut earliest = 0i64;
    for (i, s) in raw.shifts.iter().enumerate() {
        let at = at.field("shifts").item(i);
        let person = ctx
            .people
            .resolve(&s.person, &at.field("person"), &mut ctx.problems);
        let template = ctx
            .shifts
            .resolve(&s.shift, &at.field("shift"), &mut ctx.problems);
        let date = values::date(&s.date, &at.field("date"), &mut ctx.problems);
        let clock = |time: &Option<super::raw::RawTime>, field: &str, ctx: &mut Ctx| {
            time.as_ref()
                .and_then(|t| values::clock(t, &at.field(field), &mut ctx.problems))
        };
        let (from, to) = (clock(&s.start, "start", ctx), clock(&s.end, "end", ctx));
        let (Some(p), Some(t), Some(date)) = (person, template, date) else {
            continue;
        };
        let day = (date - start).num_days();
        if day >= 0 {
            ctx.problems.error_hint(
                &at.field("date"),
                format!("history shift dated {date}, on or after the horizon's first day {start}"),
                "the history is what happened before the horizon; fix a day inside it with `pins:`",
            );
            continue;
        }
        if day < -MOST_DAYS {
            ctx.problems.error_hint(
                &at.field("date"),
                format!(
                    "history shift dated {date}, {} days before the horizon",
                    -day
                ),
                format!("no rule looks back more than {MOST_DAYS} days; leave it out"),
            );
            continue;
        }
        earliest = earliest.min(day);
        let template_of = &shifts[t];
        let begin = from.unwrap_or(template_of.start);
        let mut end = to.unwrap_or(template_of.end);
        if end <= begin {
            end += DAY;
        }
        let past = PastShift {
            shift: t,
            start: day * DAY + begin,
            end: day * DAY + end.min(begin + DAY),
        };
        if out.shifts[p].iter().any(|x| x.day() == day && x.shift == t) {
            ctx.problems.error_hint(
                &at,
                format!("`{}` works `{}` twice on {date}", s.person, s.shift),
                "list each shift once",
            );
            continue;
        }
        out.shifts[p].push(past);
    }
    for shifts in &mut out.shifts {
        shifts.sort_by_key(|x| x.start);
    }
    out.days = match raw.days {
        Some(days) if (1..=MOST_DAYS).contains(&days) && days >= -earliest => days as usize,
        Some(days) => {
            ctx.problems.error_hint(
                &at.field("days"),
                format!(
                    "history.days is {days}; expected {} to {MOST_DAYS}",
                    (-earliest).max(1)
                ),
                "the days before the horizon that `shifts` lists every shift of, reaching its \
                 earliest date",
            );
            0
        }
        None => (-earliest) as usize,
    };
    for (i, u) in raw.unsocial.iter().enumerate() {
        let at = at.field("unsocial").item(i);
        let Some(p) = ctx
            .people
            .resolve(&u.person, &at.field("person"), &mut ctx.problems)
        else {
            continue;
        };
        if !out.unsocial[p].is_zero() {
            ctx.problems.error_hint(
                &at.field("person"),
                format!("`{}` has unsocial work so far twice", u.person),
                "give one line per person",
            );
        }
        out.unsocial[p] = UnsocialCounts {
            nights: u.nights as usize,
            weekends: u.weekends as usize,
            evenings: u.evenings as usize,
        };
    }
    for (i, f) in raw.families.iter().enumerate() {
        let at = at.field("families").item(i);
        let activity = ctx
            .activities
            .resolve(&f.family, &at.field("family"), &mut ctx.problems);
        let worker = ctx
            .people
            .resolve(&f.worker, &at.field("worker"), &mut ctx.problems);
        let (Some(a), Some(w)) = (activity, worker) else {
            continue;
        };
        if !activities[a].continuity {
            ctx.problems.error_hint(
                &at.field("family"),
                format!(
                    "`{}` is not a family: it has no `continuity: true`",
                    f.family
                ),
                "a family's worker is kept for an activity with `continuity: true`",
            );
            continue;
        }
        if out.workers[a].is_some() {
            ctx.problems.error_hint(
                &at.field("family"),
                format!("`{}` has two workers before the horizon", f.family),
                "give each family once, with its current worker",
            );
            continue;
        }
        out.workers[a] = Some(w);
    }
    out.fairness_since = raw
        .fairness_since
        .as_ref()
        .and_then(|d| values::date(d, &at.field("fairness_since"), &mut ctx.problems));
    out
}
