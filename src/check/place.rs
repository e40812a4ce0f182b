//! Place rules: home working and team office days.

use crate::model::{Model, ShiftKind};

use super::resolve::Resolved;
use super::working_time::{week_count, week_days};
use super::Finding;

/// `home_working`: per person and planning week, `max(0, work days based at a home location
/// - allowance)`.
pub(crate) fn home_working(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        let Some(allowance) = person.home_days_per_week else {
            continue;
        };
        for w in 0..week_count(model) {
            let home = week_days(model, w)
                .filter(|&d| r.home_based(model, p, d))
                .count();
            if home > allowance {
                out.push(Finding::new(
                    model,
                    Some(p),
                    Some(week_days(model, w).start),
                    (home - allowance) as f64,
                    format!(
                        "{home} days based at home in planning week {}, allowance {allowance}",
                        w + 1
                    ),
                ));
            }
        }
    }
    out
}

/// `office_day`: per line, `max(0, min_people - people based at the location that day)`
/// plus the number of named people who work a day shift that day and are not based there (a
/// named person's day off, leave or night on call misses nothing).
pub(crate) fn office_day(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for line in &model.office_days {
        let based = |p: usize| {
            r.on_day(p, line.day)
                .any(|a| a.location == Some(line.location))
        };
        let works_day = |p: usize| {
            r.on_day(p, line.day)
                .any(|a| model.shifts[a.shift].kind == ShiftKind::Work)
        };
        let present = (0..model.people.len()).filter(|&p| based(p)).count();
        let missing_named: Vec<&str> = line
            .people
            .iter()
            .filter(|&&p| works_day(p) && !based(p))
            .map(|&p| model.people[p].id.as_str())
            .collect();
        let short = line.min_people.saturating_sub(present);
        let amount = short + missing_named.len();
        if amount > 0 {
            let location = &model.locations[line.location].id;
            let mut parts = Vec::new();
            if short > 0 {
                parts.push(format!(
                    "{present} people based at `{location}`, at least {}",
                    line.min_people
                ));
            }
            if !missing_named.is_empty() {
                parts.push(format!(
                    "not based at `{location}`: {}",
                    missing_named.join(", ")
                ));
            }
            out.push(Finding::new(
                model,
                None,
                Some(line.day),
                amount as f64,
                format!("office day: {}", parts.join("; ")),
            ));
        }
    }
    out
}
