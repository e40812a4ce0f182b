//! Cover, activity demand, requests and cost.

use crate::model::{
    ActivityDemand, DemandKind, Model, PersonIx, RequestKind, ShiftCover, ShiftKind,
};
use crate::rota::clock;

use super::resolve::Resolved;
use super::working_time::{hours, week_count, week_days};
use super::{CoverLine, DemandLine, DemandLineKind, Finding};

/// People on `line`'s template on its day having its skills (each person once).
fn covering(model: &Model, r: &Resolved, line: &ShiftCover) -> Vec<PersonIx> {
    (0..model.people.len())
        .filter(|&p| {
            model.people[p].has_skills(&line.skills)
                && r.on_day(p, line.day).any(|a| a.shift == line.shift)
        })
        .collect()
}

/// `shift_cover`: per line, `under_weight x max(0, required - n) + over_weight x
/// max(0, n - required)`; when hard, just the people short.
pub(crate) fn shift_cover(model: &Model, r: &Resolved, hard: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for line in &model.shift_cover {
        let n = covering(model, r, line).len();
        let under = line.required.saturating_sub(n);
        let over = n.saturating_sub(line.required);
        let amount = if hard {
            under as f64
        } else {
            line.under_weight * under as f64 + line.over_weight * over as f64
        };
        if amount > 0.0 {
            out.push(Finding::new(
                model,
                None,
                Some(line.day),
                amount,
                format!(
                    "`{}` cover: {n} people, {} required",
                    model.shifts[line.shift].id, line.required
                ),
            ));
        }
    }
    out
}

/// `n(m)` for each minute `m` of the line's window: the number of people doing the
/// activity at `m` (a person counts once even if two of their blocks overlap).
fn headcount(model: &Model, r: &Resolved, line: &ActivityDemand) -> Vec<usize> {
    let len = (line.end - line.start).max(0) as usize;
    let mut n = vec![0usize; len];
    for p in 0..model.people.len() {
        let mut doing = vec![false; len];
        for a in r.of_person(p) {
            for b in a.blocks.iter().filter(|b| b.activity == line.activity) {
                for m in b.start.max(line.start)..b.end.min(line.end) {
                    doing[(m - line.start) as usize] = true;
                }
            }
        }
        for (count, &on) in n.iter_mut().zip(&doing) {
            *count += usize::from(on);
        }
    }
    n
}

/// Per-minute shortfall totals of a headcount line: (sum of missing, sum of extra).
fn headcount_gaps(n: &[usize], required: usize) -> (usize, usize) {
    let under = n.iter().map(|&x| required.saturating_sub(x)).sum();
    let over = n.iter().map(|&x| x.saturating_sub(required)).sum();
    (under, over)
}

/// `activity_demand`: headcount lines `(under_weight x sum max(0, req - n(m)) +
/// over_weight x sum max(0, n(m) - req)) / 60`; person-minutes lines
/// `under_weight x max(0, req - sum n(m)) / 60`. When hard, the unweighted person-hours
/// short.
pub(crate) fn activity_demand(model: &Model, r: &Resolved, hard: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for line in &model.activity_demand {
        let n = headcount(model, r, line);
        let activity = &model.activities[line.activity].id;
        let window = format!("{}-{}", clock(line.start), clock(line.end));
        let (amount, message) = match line.kind {
            DemandKind::Headcount(req) => {
                let (under, over) = headcount_gaps(&n, req);
                let amount = if hard {
                    under as f64 / 60.0
                } else {
                    (line.under_weight * under as f64 + line.over_weight * over as f64) / 60.0
                };
                (
                    amount,
                    format!(
                        "`{activity}` {window} needs {req} people: {under} person-minutes \
                         short, {over} over"
                    ),
                )
            }
            DemandKind::PersonMinutes(req) => {
                let delivered: i64 = n.iter().map(|&x| x as i64).sum();
                let short = (req - delivered).max(0);
                let amount = if hard {
                    short as f64 / 60.0
                } else {
                    line.under_weight * short as f64 / 60.0
                };
                (
                    amount,
                    format!(
                        "`{activity}` {window} needs {} of person time: {} delivered",
                        hours(req as f64),
                        hours(delivered as f64)
                    ),
                )
            }
        };
        if amount > 0.0 {
            out.push(Finding::new(model, None, Some(line.day), amount, message));
        }
    }
    out
}

/// `requests`: a day off costs its weight if the person works that day; a shift on unless
/// they work that template that day; a shift off if they do. When hard, 1 per broken
/// request.
pub(crate) fn requests(model: &Model, r: &Resolved, hard: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        for req in &person.requests {
            let on = |t: usize| r.on_day(p, req.day).any(|a| a.shift == t);
            let (wanted, granted) = home_request(model, r, p, req);
            let broken = match req.kind {
                RequestKind::DayOff => r.works(p, req.day).then(|| "day off".to_string()),
                RequestKind::ShiftOn(t) => {
                    (!on(t)).then(|| format!("to work `{}`", model.shifts[t].id))
                }
                RequestKind::ShiftOff(t) => {
                    on(t).then(|| format!("not to work `{}`", model.shifts[t].id))
                }
                RequestKind::Home => (granted < wanted).then(|| "to work from home".to_string()),
                RequestKind::HomeDays(n) => (granted < wanted)
                    .then(|| format!("for {n} home days in the week ({granted} given)")),
            };
            // A week's home days are charged per day short, like the programme's slack.
            let units = (wanted - granted).max(1) as f64;
            if let Some(what) = broken {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(req.day),
                    units * if hard { 1.0 } else { req.weight },
                    format!("request {what} not honoured (weight {})", req.weight),
                ));
            }
        }
    }
    out
}

/// Home days a request of person `p` wants and those the rota gives, counted from the rota
/// alone: a fixed home day is wanted when the person works a day shift that day (a day off
/// leaves nothing to honour) and given when that day is based at home; a number of home
/// days in a week is wanted in full and given up to the days based at home that week.
/// `(0, 0)` for requests that are not about home working.
pub(crate) fn home_request(
    model: &Model,
    r: &Resolved,
    p: usize,
    req: &crate::model::Request,
) -> (usize, usize) {
    match req.kind {
        RequestKind::Home => {
            let works = r
                .on_day(p, req.day)
                .any(|a| model.shifts[a.shift].kind == ShiftKind::Work);
            let home = r.home_based(model, p, req.day);
            (usize::from(works), usize::from(works && home))
        }
        RequestKind::HomeDays(n) => {
            let home = (0..week_count(model))
                .map(|w| week_days(model, w))
                .find(|days| days.contains(&req.day))
                .map_or(0, |days| {
                    days.filter(|&d| r.home_based(model, p, d)).count()
                });
            (n, home.min(n))
        }
        _ => (0, 0),
    }
}

/// The pay of person `p` that the rota decides, in pounds, with its parts in words: an
/// agency worker's counted hours at their rate; a salaried person's counted hours beyond
/// their contract over the horizon at the overtime rate; for everyone, the unsocial
/// enhancement on unsocial work shifts' paid hours and the payment for each on-call shift.
pub(crate) fn variable_pay(model: &Model, r: &Resolved, p: usize) -> (f64, Vec<String>) {
    let person = &model.people[p];
    let rules = &model.rules;
    let rate = person.cost_per_hour;
    let counted = r.counted_minutes(model, p);
    let mut parts = Vec::new();
    let mut pounds = 0.0;
    let mut add = |amount: f64, words: String| {
        if amount > 0.0 {
            pounds += amount;
            parts.push(format!("{words}: £{amount:.2}"));
        }
    };
    if person.agency {
        add(
            counted as f64 / 60.0 * rate,
            format!("{} agency at £{rate}/h", hours(counted as f64)),
        );
    } else {
        let over = (counted - person.contract.target_minutes).max(0);
        add(
            over as f64 / 60.0 * rate * rules.overtime_rate,
            format!(
                "{} overtime at {}x £{rate}/h",
                hours(over as f64),
                rules.overtime_rate
            ),
        );
    }
    let mut unsocial = 0;
    let mut sessions = 0;
    for a in r.of_person(p) {
        let s = &model.shifts[a.shift];
        match s.kind {
            ShiftKind::Work if s.unsocial => unsocial += s.paid_minutes,
            ShiftKind::Work => {}
            ShiftKind::OnCall => sessions += 1,
        }
    }
    add(
        unsocial as f64 / 60.0 * rate * rules.unsocial_enhancement,
        format!("{} unsocial enhancement", hours(unsocial as f64)),
    );
    add(
        sessions as f64 * rules.oncall_payment,
        format!("{sessions} on-call sessions"),
    );
    (pounds, parts)
}

/// `cost`: per person, the pay the rota decides ([`variable_pay`]), in pounds.
pub(crate) fn cost(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in 0..model.people.len() {
        let (pounds, parts) = variable_pay(model, r, p);
        if pounds > 0.0 {
            out.push(Finding::new(model, Some(p), None, pounds, parts.join(", ")));
        }
    }
    out
}

/// Shift cover lines for reports.
pub(crate) fn cover_lines(model: &Model, r: &Resolved) -> Vec<CoverLine> {
    model
        .shift_cover
        .iter()
        .map(|line| {
            let people = covering(model, r, line);
            let n = people.len();
            CoverLine {
                date: model.horizon.date(line.day),
                shift: model.shifts[line.shift].id.clone(),
                skills: line.skills.clone(),
                required: line.required,
                assigned: n,
                under: line.required.saturating_sub(n),
                over: n.saturating_sub(line.required),
                people: people.iter().map(|&p| model.people[p].id.clone()).collect(),
            }
        })
        .collect()
}

/// Maximal intervals of a headcount line in which the same positive number of people is
/// missing, as absolute `(start, end, missing)`.
fn shortfalls(n: &[usize], required: usize, start: i64) -> Vec<(i64, i64, usize)> {
    let mut out: Vec<(i64, i64, usize)> = Vec::new();
    for (i, &x) in n.iter().enumerate() {
        let m = start + i as i64;
        let missing = required.saturating_sub(x);
        if missing == 0 {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.1 == m && last.2 == missing => last.1 = m + 1,
            _ => out.push((m, m + 1, missing)),
        }
    }
    out
}

/// Activity demand lines for reports.
pub(crate) fn demand_lines(model: &Model, r: &Resolved) -> Vec<DemandLine> {
    model
        .activity_demand
        .iter()
        .map(|line| {
            let n = headcount(model, r, line);
            let delivered: i64 = n.iter().map(|&x| x as i64).sum();
            let mut out = DemandLine {
                date: model.horizon.date(line.day),
                activity: model.activities[line.activity].id.clone(),
                start: line.start,
                end: line.end,
                kind: DemandLineKind::PersonMinutes,
                required: 0,
                delivered_person_minutes: delivered,
                short_person_minutes: 0,
                over_person_minutes: 0,
                worst_missing: 0,
                shortfalls: Vec::new(),
            };
            match line.kind {
                DemandKind::Headcount(req) => {
                    let (under, over) = headcount_gaps(&n, req);
                    out.kind = DemandLineKind::Headcount;
                    out.required = req as i64;
                    out.short_person_minutes = under as i64;
                    out.over_person_minutes = over as i64;
                    out.worst_missing = n.iter().map(|&x| req.saturating_sub(x)).max().unwrap_or(0);
                    out.shortfalls = shortfalls(&n, req, line.start);
                }
                DemandKind::PersonMinutes(req) => {
                    out.required = req;
                    out.short_person_minutes = (req - delivered).max(0);
                }
            }
            out
        })
        .collect()
}
