//! Fairness and continuity: the spread of unsocial work pro rata to FTE, and continuity
//! activities kept with one worker.

use chrono::Weekday;

use crate::model::{DemandKind, Model, ShiftKind, DAY};

use super::resolve::Resolved;
use super::Finding;

/// The kinds of unsocial work shared fairly, each with its own share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsocialKind {
    /// On-call, or a work shift that runs past midnight.
    Nights,
    /// Any other assignment on a Saturday or Sunday.
    Weekends,
    /// A weekday (not a night) on an `unsocial` template or with a block of an `unsocial`
    /// activity (evening visits), once a day.
    Evenings,
}

impl UnsocialKind {
    /// Every kind, in report order.
    pub const ALL: [UnsocialKind; 3] = [Self::Nights, Self::Weekends, Self::Evenings];

    /// The kind's name in reports.
    pub fn id(self) -> &'static str {
        match self {
            Self::Nights => "nights",
            Self::Weekends => "weekends",
            Self::Evenings => "evenings",
        }
    }
}

/// One person's unsocial work of one kind against their fair share.
#[derive(Debug, Clone, PartialEq)]
pub struct KindShare {
    /// The kind.
    pub kind: UnsocialKind,
    /// Units worked.
    pub count: usize,
    /// The fair count: their share of the units the team's demand asks for (0 when not
    /// eligible).
    pub fair: f64,
    /// Units beyond the fair share rounded up: `max(0, count - ceil(fair))`.
    pub excess: f64,
    /// For nights and weekends with a count above the share rounded down: the part of the
    /// next unit above the exact share (`ceil(fair) - fair`), charged at
    /// [`crate::rules::FAIR_ROUNDING_CHARGE`]; 0 otherwise.
    pub rounding: f64,
    /// Whether their contract (and skills) let them do this kind at all.
    pub eligible: bool,
}

fn weekend(model: &Model, d: usize) -> bool {
    matches!(model.horizon.weekday(d), Weekday::Sat | Weekday::Sun)
}

/// A template that is a night: on-call, or ending after midnight.
fn night(model: &Model, t: usize) -> bool {
    let s = &model.shifts[t];
    s.kind == ShiftKind::OnCall || s.end > DAY
}

/// Person `p`'s units of `kind` in the rota.
fn units(model: &Model, r: &Resolved, p: usize, kind: UnsocialKind) -> usize {
    match kind {
        UnsocialKind::Nights => r.of_person(p).filter(|a| night(model, a.shift)).count(),
        UnsocialKind::Weekends => r
            .of_person(p)
            .filter(|a| !night(model, a.shift) && weekend(model, a.day))
            .count(),
        UnsocialKind::Evenings => (0..model.horizon.days)
            .filter(|&d| !weekend(model, d))
            .filter(|&d| {
                r.on_day(p, d).any(|a| {
                    !night(model, a.shift)
                        && (model.shifts[a.shift].unsocial
                            || a.blocks
                                .iter()
                                .any(|b| model.activities[b.activity].unsocial))
                })
            })
            .count(),
    }
}

/// Whether person `p`, not an agency worker (whose hours are bought, not shared), has a
/// contract that allows a template that gives a unit of `kind`, with the skills of a cover
/// line of such a template when there are any; for evenings, also an `unsocial` activity
/// they have the skills for and no zero cap on.
fn eligible(model: &Model, p: usize, kind: UnsocialKind) -> bool {
    let person = &model.people[p];
    let c = &person.contract;
    let gives = |t: usize, day_is_weekend: bool| match kind {
        UnsocialKind::Nights => night(model, t),
        UnsocialKind::Weekends => !night(model, t) && day_is_weekend,
        UnsocialKind::Evenings => !night(model, t) && !day_is_weekend && model.shifts[t].unsocial,
    };
    let weekday_is_weekend = |w: &Weekday| matches!(w, Weekday::Sat | Weekday::Sun);
    let by_template = c.allowed_shifts.iter().any(|&t| {
        c.weekdays
            .iter()
            .filter(|w| model.shifts[t].weekdays.contains(w))
            .any(|w| gives(t, weekday_is_weekend(w)))
    });
    let lines: Vec<&crate::model::ShiftCover> = model
        .shift_cover
        .iter()
        .filter(|l| gives(l.shift, weekend(model, l.day)))
        .collect();
    let skilled = lines.is_empty() || lines.iter().any(|l| person.has_skills(&l.skills));
    let by_activity = kind == UnsocialKind::Evenings
        && model.activities.iter().enumerate().any(|(a, act)| {
            act.unsocial
                && person.has_skills(&act.skills)
                && !person
                    .activity_caps
                    .iter()
                    .any(|cap| cap.activity == a && cap.max_minutes_per_week == 0)
        });
    !person.agency && ((by_template && skilled) || by_activity)
}

/// The person's FTE, which the parser has already cut pro rata for their leave.
fn available_fte(person: &crate::model::Person) -> f64 {
    person.contract.fte
}

/// Person by person, their units of each kind against their fair share: the units the
/// demand asks for ([`required`]) shared among the eligible pro rata to FTE, leave taken
/// off. The share comes from demand, not from the rota, so adding unneeded unsocial work
/// never makes a rota look fairer.
pub(crate) fn kind_shares(model: &Model, r: &Resolved) -> Vec<Vec<KindShare>> {
    let people = model.people.len();
    let mut out: Vec<Vec<KindShare>> = vec![Vec::new(); people];
    for kind in UnsocialKind::ALL {
        let count: Vec<usize> = (0..people).map(|p| units(model, r, p, kind)).collect();
        let eligible: Vec<bool> = (0..people).map(|p| eligible(model, p, kind)).collect();
        let fte = |p: usize| available_fte(&model.people[p]);
        let pool: f64 = (0..people).filter(|&p| eligible[p]).map(fte).sum();
        let total = required(model, kind);
        for p in 0..people {
            let fair = match eligible[p] && pool > 0.0 {
                true => fte(p) / pool * total,
                false => 0.0,
            };
            out[p].push(KindShare {
                kind,
                count: count[p],
                fair,
                excess: (count[p] as f64 - (fair - 1e-9).ceil()).max(0.0),
                rounding: match kind != UnsocialKind::Evenings
                    && count[p] as f64 > (fair + 1e-9).floor()
                {
                    true => ((fair - 1e-9).ceil() - fair).max(0.0),
                    false => 0.0,
                },
                eligible: eligible[p],
            });
        }
    }
    out
}

/// The units of `kind` the demand asks for: the `required` of shift-cover lines whose
/// template gives that kind on their day; for evenings, also per day and `unsocial`
/// activity, the largest headcount asked and, per person-minutes line, its minutes over
/// its window's length, rounded up.
fn required(model: &Model, kind: UnsocialKind) -> f64 {
    let gives = |t: usize, d: usize| match kind {
        UnsocialKind::Nights => night(model, t),
        UnsocialKind::Weekends => !night(model, t) && weekend(model, d),
        UnsocialKind::Evenings => {
            !night(model, t) && !weekend(model, d) && model.shifts[t].unsocial
        }
    };
    let mut total: usize = model
        .shift_cover
        .iter()
        .filter(|l| gives(l.shift, l.day))
        .map(|l| l.required)
        .sum();
    if kind == UnsocialKind::Evenings {
        let mut headcount: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
        for line in &model.activity_demand {
            if !model.activities[line.activity].unsocial || weekend(model, line.day) {
                continue;
            }
            match line.kind {
                DemandKind::Headcount(h) => {
                    let most = headcount.entry((line.activity, line.day)).or_default();
                    *most = (*most).max(h);
                }
                DemandKind::PersonMinutes(minutes) => {
                    let window = (line.end - line.start).max(1);
                    total += ((minutes + window - 1) / window) as usize;
                }
            }
        }
        total += headcount.values().sum::<usize>();
    }
    total as f64
}

/// The cost of an excess `x` over a fair share: `k^2 + (2k + 1)(x - k)` with `k =
/// floor(x)`, so each further unit away costs more than the last (1, 3, 5, ...).
pub(crate) fn imbalance(x: f64) -> f64 {
    let k = x.floor();
    k * k + (2.0 * k + 1.0) * (x - k)
}

/// `fair_unsocial`: per person and kind, `imbalance(max(0, count - ceil(fair)))` (see
/// [`kind_shares`]); whole units, so a share of 2.8 nights allows 3.
pub(crate) fn fair_unsocial(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, shares) in kind_shares(model, r).into_iter().enumerate() {
        for s in shares {
            let amount = imbalance(s.excess);
            if amount > 1e-9 {
                out.push(Finding::new(
                    model,
                    Some(p),
                    None,
                    amount,
                    format!(
                        "{} {}, fair share {:.2}, so at most {}{}",
                        s.count,
                        s.kind.id(),
                        s.fair,
                        (s.fair - 1e-9).ceil(),
                        if s.eligible { "" } else { " (not eligible)" }
                    ),
                ));
            }
            if s.rounding > 1e-9 {
                out.push(Finding::new(
                    model,
                    Some(p),
                    None,
                    crate::rules::FAIR_ROUNDING_CHARGE * s.rounding,
                    format!(
                        "{} {}, fair share {:.2}: the share rounded up, {:.2} above it",
                        s.count,
                        s.kind.id(),
                        s.fair,
                        s.rounding
                    ),
                ));
            }
        }
    }
    out
}

/// Whether assignment `a` is unsocial work: a night, a Saturday or Sunday, an `unsocial`
/// template, or a block of an `unsocial` activity.
fn unsocial_work(model: &Model, a: &super::resolve::Asg) -> bool {
    night(model, a.shift)
        || weekend(model, a.day)
        || model.shifts[a.shift].unsocial
        || a.blocks
            .iter()
            .any(|b| model.activities[b.activity].unsocial)
}

/// `after_leave`: per person, the first days back (the day after `after_leave_days` or more
/// days of leave in a row inside the horizon, itself not leave) with unsocial work; 1 each.
pub(crate) fn after_leave(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(n) = model.rules.after_leave_days.filter(|&n| n > 0) else {
        return out;
    };
    for (p, person) in model.people.iter().enumerate() {
        let on_leave = |d: usize| person.leave_days.binary_search(&d).is_ok();
        for d in n..model.horizon.days {
            if on_leave(d) || !(d - n..d).all(on_leave) {
                continue;
            }
            if let Some(a) = r.on_day(p, d).find(|a| unsocial_work(model, a)) {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(d),
                    1.0,
                    format!(
                        "`{}` on the first day back from {n} or more days of leave",
                        model.shifts[a.shift].id
                    ),
                ));
            }
        }
    }
    out
}

/// `unsocial_window`: per person, every 7 consecutive days with more than
/// `max_nights_per_7_days` nights, by the excess; every 4 consecutive weekends with more
/// than `max_weekends_per_4` worked, by the excess.
pub(crate) fn unsocial_window(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    let days = model.horizon.days;
    for p in 0..model.people.len() {
        if let Some(most) = model.rules.max_nights_per_7_days {
            let nights: Vec<usize> = (0..days)
                .map(|d| r.on_day(p, d).filter(|a| night(model, a.shift)).count())
                .collect();
            for start in 0..=days.saturating_sub(7) {
                let n: usize = nights[start..(start + 7).min(days)].iter().sum();
                if n > most {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(start),
                        (n - most) as f64,
                        format!("{n} nights in the 7 days from here, at most {most}"),
                    ));
                }
            }
        }
        if let Some(most) = model.rules.max_weekends_per_4 {
            let weekends = model.horizon.weekends();
            let worked: Vec<bool> = weekends
                .iter()
                .map(|w| w.iter().any(|&d| r.works(p, d)))
                .collect();
            for start in 0..=worked.len().saturating_sub(4) {
                let n = worked[start..(start + 4).min(worked.len())]
                    .iter()
                    .filter(|&&w| w)
                    .count();
                if n > most {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(weekends[start][0]),
                        (n - most) as f64,
                        format!("{n} weekends worked in the 4 from here, at most {most}"),
                    ));
                }
            }
        }
    }
    out
}

/// `continuity`: for each continuity activity, the number of distinct people with a block of
/// it, less one (when anyone does it).
pub(crate) fn continuity(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (a, activity) in model.activities.iter().enumerate() {
        if !activity.continuity {
            continue;
        }
        let workers: Vec<&str> = (0..model.people.len())
            .filter(|&p| {
                r.of_person(p)
                    .any(|asg| asg.blocks.iter().any(|b| b.activity == a))
            })
            .map(|p| model.people[p].id.as_str())
            .collect();
        if workers.len() > 1 {
            out.push(Finding::new(
                model,
                None,
                None,
                (workers.len() - 1) as f64,
                format!(
                    "`{}` is shared by {} workers ({}); continuity wants one",
                    activity.id,
                    workers.len(),
                    workers.join(", ")
                ),
            ));
        }
    }
    out
}
