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

    /// The person's units of this kind in the fairness period before the horizon.
    pub fn before(self, person: &crate::model::Person) -> usize {
        match self {
            Self::Nights => person.unsocial_before.nights,
            Self::Weekends => person.unsocial_before.weekends,
            Self::Evenings => person.unsocial_before.evenings,
        }
    }

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
    /// Units worked in the horizon.
    pub count: usize,
    /// Units worked in the fairness period before the horizon (the history's).
    pub before: usize,
    /// The fair count over the period: their share of the units the team's demand asks
    /// for in the horizon and the eligible worked before it (0 when not eligible).
    pub fair: f64,
    /// Units beyond the fair share rounded up: `max(0, before + count - ceil(fair))`.
    pub excess: f64,
    /// For nights and weekends with a count above the share rounded down: the part of the
    /// next unit above the exact share (`ceil(fair) - fair`), charged at
    /// [`crate::rules::FAIR_ROUNDING_CHARGE`]; 0 otherwise.
    pub rounding: f64,
    /// Whether their contract (and skills) let them do this kind at all.
    pub eligible: bool,
}

impl KindShare {
    /// The units worked, in words: `3`, or `3 + 5 before` with a history.
    pub fn worked(&self) -> String {
        match self.before {
            0 => self.count.to_string(),
            b => format!("{} + {b} before", self.count),
        }
    }
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
        let before: Vec<usize> = model.people.iter().map(|x| kind.before(x)).collect();
        let done_before: usize = (0..people)
            .filter(|&p| eligible[p])
            .map(|p| before[p])
            .sum();
        let total = required(model, kind) + done_before as f64;
        for p in 0..people {
            let fair = match eligible[p] && pool > 0.0 {
                true => fte(p) / pool * total,
                false => 0.0,
            };
            let to_date = (before[p] + count[p]) as f64;
            out[p].push(KindShare {
                kind,
                count: count[p],
                before: before[p],
                fair,
                excess: (to_date - (fair - 1e-9).ceil()).max(0.0),
                rounding: match kind != UnsocialKind::Evenings && to_date > (fair + 1e-9).floor() {
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
                        s.worked(),
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
                        s.worked(),
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
    let known = model.history_days as i64;
    for (p, person) in model.people.iter().enumerate() {
        if let Some(most) = model.rules.max_nights_per_7_days {
            // Nights per day from `known` days before the horizon to its end.
            let nights: Vec<usize> = (-known..days as i64)
                .map(|d| match d < 0 {
                    true => person
                        .history
                        .iter()
                        .filter(|x| x.day() == d && night(model, x.shift))
                        .count(),
                    false => r
                        .on_day(p, d as usize)
                        .filter(|a| night(model, a.shift))
                        .count(),
                })
                .collect();
            let first = known as usize;
            // Windows inside the horizon (the whole of it when shorter), then those
            // reaching back 1 to 6 days with a night of the history in them.
            let starts = (first..=first + days.saturating_sub(7))
                .chain(first.saturating_sub(6)..first)
                .filter(|&s| s >= first || nights[s..first].iter().sum::<usize>() > 0);
            for start in starts {
                let n: usize = nights[start..(start + 7).min(nights.len())].iter().sum();
                if n > most {
                    let back = first - start.min(first);
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(start.saturating_sub(first)),
                        (n - most) as f64,
                        match back {
                            0 => format!("{n} nights in the 7 days from here, at most {most}"),
                            _ => format!(
                                "{n} nights in the 7 days from {back} days before the rota, \
                                 at most {most}"
                            ),
                        },
                    ));
                }
            }
        }
        if let Some(most) = model.rules.max_weekends_per_4 {
            // The history's weekends, then the horizon's; the first of the horizon's is
            // worked too when the history worked its Saturday.
            let before: Vec<bool> = model
                .horizon
                .weekends_before(model.history_days)
                .iter()
                .map(|w| w.iter().any(|&d| person.worked_before(d)))
                .collect();
            let weekends = model.horizon.weekends();
            let saturday = model.horizon.saturday_before() && person.worked_before(-1);
            let worked: Vec<bool> = before
                .iter()
                .copied()
                .chain(
                    weekends
                        .iter()
                        .enumerate()
                        .map(|(i, w)| w.iter().any(|&d| r.works(p, d)) || (i == 0 && saturday)),
                )
                .collect();
            let past = before.len();
            let n = worked.len();
            let mut windows: Vec<(usize, usize)> = Vec::new();
            if n > past {
                for s in past..=past + (n - past).saturating_sub(4) {
                    windows.push((s, (s + 4).min(n)));
                }
            }
            for s in past.saturating_sub(3)..past {
                let whole = s + 4 <= n || (s == 0 && n < 4);
                if whole && before[s..].iter().any(|&w| w) {
                    windows.push((s, (s + 4).min(n)));
                }
            }
            for (s, e) in windows {
                let count = worked[s..e].iter().filter(|&&w| w).count();
                if count > most {
                    let day = weekends.get(s.saturating_sub(past)).map_or(0, |w| w[0]);
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(day),
                        (count - most) as f64,
                        match s < past {
                            false => format!(
                                "{count} weekends worked in the 4 from here, at most {most}"
                            ),
                            true => format!(
                                "{count} weekends worked in the 4 from {} weekends before \
                                 the rota, at most {most}",
                                past - s
                            ),
                        },
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
        // The family's worker before the horizon, first, then everyone with a block of it.
        let workers: Vec<&str> = activity
            .worker
            .into_iter()
            .chain((0..model.people.len()).filter(|&p| {
                Some(p) != activity.worker
                    && r.of_person(p)
                        .any(|asg| asg.blocks.iter().any(|b| b.activity == a))
            }))
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
