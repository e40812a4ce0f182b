//! Shift cover, activity demand and office days, expanded to one line per selected day.
//!
//! Headcount lines of one activity that overlap are split so that no two overlap: at each
//! minute the larger requirement holds, with that line's weights (ties: the earlier line).
//! Shift-cover lines for one template, day and skills merge the same way.

use std::collections::BTreeMap;

use super::build::Ctx;
use super::problems::{Located, Origin};
use super::raw::{RawDays, RawDemand, RawOfficeDay};
use super::values;
use crate::model::{ActivityDemand, ActivityIx, DemandKind, Location, OfficeDay, ShiftCover, DAY};

const DEFAULT_UNDER_WEIGHT: f64 = 100.0;
const DEFAULT_OVER_WEIGHT: f64 = 1.0;
const DEFAULT_OFFICE: &str = "office";

/// Expands every demand line: shift cover and activity demand (headcount lines split).
pub fn demand(
    lines: &[Located<RawDemand>],
    ctx: &mut Ctx,
) -> (Vec<ShiftCover>, Vec<ActivityDemand>) {
    let mut cover = Vec::new();
    let mut pieces = Vec::new();
    for (line, raw) in lines.iter().enumerate() {
        match (&raw.value.shift, &raw.value.activity) {
            (Some(_), None) => cover.extend(shift_cover(raw, ctx)),
            (None, Some(_)) => pieces.extend(activity_demand(raw, line, ctx)),
            (Some(_), Some(_)) => ctx.problems.error_hint(
                &raw.at.field("activity"),
                "a demand line has both `shift` and `activity`",
                "split it in two: shift cover (`shift`) and activity demand (`activity`)",
            ),
            (None, None) => ctx.problems.error_hint(
                &raw.at,
                "a demand line needs `shift` (shift cover) or `activity` (activity demand)",
                "e.g. `{shift: early, days: weekdays, required: 2}`",
            ),
        }
    }
    (merge_cover(cover), split_headcount(pieces))
}

/// Shift-cover lines for the same template, day and skills are one requirement: the larger
/// holds, with its line's weights (ties: the earlier line), as overlapping activity lines
/// do. A peak written as a second line (every night 1, Friday 2) is then a peak, not a
/// second line whose cover the first charges as over-cover.
fn merge_cover(lines: Vec<ShiftCover>) -> Vec<ShiftCover> {
    let mut out: Vec<ShiftCover> = Vec::with_capacity(lines.len());
    let mut at: BTreeMap<(usize, usize, Vec<String>), usize> = BTreeMap::new();
    for line in lines {
        let mut skills = line.skills.clone();
        skills.sort();
        match at.get(&(line.day, line.shift, skills.clone())) {
            Some(&i) if out[i].required >= line.required => {}
            Some(&i) => out[i] = line,
            None => {
                at.insert((line.day, line.shift, skills), out.len());
                out.push(line);
            }
        }
    }
    out
}

/// Reports fields given on a line of the other kind.
fn not_allowed(raw: &Located<RawDemand>, fields: &[(&str, bool)], kind: &str, ctx: &mut Ctx) {
    for (name, given) in fields {
        if *given {
            ctx.problems.error_hint(
                &raw.at.field(name),
                format!("`{name}` is not used by {kind}"),
                "remove it",
            );
        }
    }
}

fn days_of(raw: &Located<RawDemand>, ctx: &mut Ctx) -> Vec<usize> {
    let all = RawDays::Named("all".into());
    let selector = raw.value.days.as_ref().unwrap_or(&all);
    values::select_days(
        selector,
        &ctx.calendar,
        &raw.at.field("days"),
        &mut ctx.problems,
    )
}

fn shift_cover(raw: &Located<RawDemand>, ctx: &mut Ctx) -> Vec<ShiftCover> {
    let d = &raw.value;
    let at = &raw.at;
    not_allowed(
        raw,
        &[
            ("start", d.start.is_some()),
            ("end", d.end.is_some()),
            ("headcount", d.headcount.is_some()),
            ("person_minutes", d.person_minutes.is_some()),
        ],
        "shift cover",
        ctx,
    );
    let id = d.shift.as_deref().unwrap_or_default();
    let shift = ctx
        .shifts
        .resolve(id, &at.field("shift"), &mut ctx.problems);
    let under_weight = values::weight(
        d.under_weight,
        DEFAULT_UNDER_WEIGHT,
        &at.field("under_weight"),
        &mut ctx.problems,
    );
    let over_weight = values::weight(
        d.over_weight,
        DEFAULT_OVER_WEIGHT,
        &at.field("over_weight"),
        &mut ctx.problems,
    );
    let days = days_of(raw, ctx);
    let Some(required) = d.required else {
        ctx.problems.error_hint(
            at,
            "missing field `required` for shift cover",
            "say how many people the shift needs: `required: 2`",
        );
        return Vec::new();
    };
    let Some(shift) = shift else {
        return Vec::new();
    };
    days.into_iter()
        .map(|day| ShiftCover {
            day,
            shift,
            skills: d.skills.clone().unwrap_or_default(),
            required: required as usize,
            under_weight,
            over_weight,
        })
        .collect()
}

/// One day's window of one activity demand line, before splitting.
#[derive(Debug, Clone)]
struct Piece {
    demand: ActivityDemand,
    /// Index of the demand line (earlier lines win ties).
    line: usize,
}

fn activity_demand(raw: &Located<RawDemand>, line: usize, ctx: &mut Ctx) -> Vec<Piece> {
    let d = &raw.value;
    let at = &raw.at;
    not_allowed(
        raw,
        &[
            ("required", d.required.is_some()),
            ("skills", d.skills.is_some()),
        ],
        "activity demand (use `headcount` or `person_minutes`)",
        ctx,
    );
    let id = d.activity.as_deref().unwrap_or_default();
    let activity = ctx
        .activities
        .resolve(id, &at.field("activity"), &mut ctx.problems);
    let kind = demand_kind(raw, ctx);
    let window = demand_window(raw, ctx);
    let under_weight = values::weight(
        d.under_weight,
        DEFAULT_UNDER_WEIGHT,
        &at.field("under_weight"),
        &mut ctx.problems,
    );
    let over_weight = match kind {
        Some(DemandKind::PersonMinutes(_)) => 0.0,
        _ => values::weight(
            d.over_weight,
            DEFAULT_OVER_WEIGHT,
            &at.field("over_weight"),
            &mut ctx.problems,
        ),
    };
    let days = days_of(raw, ctx);
    let (Some(activity), Some(kind), Some((start, end))) = (activity, kind, window) else {
        return Vec::new();
    };
    days.into_iter()
        .map(|day| {
            let base = day as i64 * DAY;
            Piece {
                demand: ActivityDemand {
                    activity,
                    day,
                    start: base + start,
                    end: base + end,
                    kind,
                    under_weight,
                    over_weight,
                },
                line,
            }
        })
        .collect()
}

/// Headcount or person-minutes: exactly one; `over_weight` only with headcount.
fn demand_kind(raw: &Located<RawDemand>, ctx: &mut Ctx) -> Option<DemandKind> {
    let d = &raw.value;
    match (d.headcount, d.person_minutes) {
        (Some(h), None) => Some(DemandKind::Headcount(h as usize)),
        (None, Some(m)) => {
            if d.over_weight.is_some() {
                ctx.problems.error_hint(
                    &raw.at.field("over_weight"),
                    "`over_weight` is not used with `person_minutes`",
                    "person-minutes demand only penalises shortfall: remove `over_weight`",
                );
            }
            Some(DemandKind::PersonMinutes(i64::from(m)))
        }
        (Some(_), Some(_)) => {
            ctx.problems.error_hint(
                &raw.at.field("person_minutes"),
                "both `headcount` and `person_minutes` are set",
                "an activity demand line has exactly one of them",
            );
            None
        }
        (None, None) => {
            ctx.problems.error_hint(
                &raw.at,
                "an activity demand line needs `headcount` or `person_minutes`",
                "e.g. `{activity: duty, start: \"09:00\", end: \"17:00\", headcount: 2}`",
            );
            None
        }
    }
}

/// The line's clock window, on the slot grid.
fn demand_window(raw: &Located<RawDemand>, ctx: &mut Ctx) -> Option<(i64, i64)> {
    let (Some(start), Some(end)) = (&raw.value.start, &raw.value.end) else {
        ctx.problems.error_hint(
            &raw.at,
            "an activity demand line needs `start` and `end`",
            "e.g. `start: \"09:00\", end: \"17:00\"`",
        );
        return None;
    };
    let window = values::window(start, end, &raw.at, &mut ctx.problems)?;
    values::on_grid(window, ctx.slot, &raw.at, &mut ctx.problems);
    Some(window)
}

/// Splits overlapping headcount pieces of each activity (see the module docs); person-minutes
/// pieces are kept as they are. The result is ordered by activity, then start.
fn split_headcount(pieces: Vec<Piece>) -> Vec<ActivityDemand> {
    let mut by_activity: BTreeMap<ActivityIx, Vec<Piece>> = BTreeMap::new();
    let mut out = Vec::new();
    for piece in pieces {
        match piece.demand.kind {
            DemandKind::Headcount(_) => by_activity
                .entry(piece.demand.activity)
                .or_default()
                .push(piece),
            DemandKind::PersonMinutes(_) => out.push(piece.demand),
        }
    }
    for pieces in by_activity.into_values() {
        out.extend(split_one_activity(pieces));
    }
    out.sort_by_key(|d| (d.activity, d.start, d.end));
    out
}

/// At each minute, the piece with the larger requirement (ties: earlier line) holds; adjacent
/// results from the same day with the same requirement and weights are merged.
fn split_one_activity(mut pieces: Vec<Piece>) -> Vec<ActivityDemand> {
    let mut bounds: Vec<i64> = pieces
        .iter()
        .flat_map(|p| [p.demand.start, p.demand.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    pieces.sort_by_key(|p| p.demand.start);
    let mut out: Vec<ActivityDemand> = Vec::new();
    let mut active: Vec<&Piece> = Vec::new();
    let mut next = 0;
    for segment in bounds.windows(2) {
        let (from, to) = (segment[0], segment[1]);
        while next < pieces.len() && pieces[next].demand.start <= from {
            active.push(&pieces[next]);
            next += 1;
        }
        active.retain(|p| p.demand.end > from);
        let Some(winner) = active.iter().max_by(|a, b| stronger(a, b)) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.end == from && same_terms(last, &winner.demand) => last.end = to,
            _ => out.push(ActivityDemand {
                start: from,
                end: to,
                ..winner.demand.clone()
            }),
        }
    }
    out
}

/// Orders pieces so that the one that should hold is the greatest.
fn stronger(a: &Piece, b: &Piece) -> std::cmp::Ordering {
    let required = |p: &Piece| match p.demand.kind {
        DemandKind::Headcount(h) => h,
        DemandKind::PersonMinutes(_) => 0,
    };
    required(a)
        .cmp(&required(b))
        .then_with(|| b.line.cmp(&a.line))
}

fn same_terms(a: &ActivityDemand, b: &ActivityDemand) -> bool {
    a.day == b.day
        && a.kind == b.kind
        && a.under_weight == b.under_weight
        && a.over_weight == b.over_weight
}

/// Expands office-day lines, one per selected day.
pub fn office_days(
    lines: &[Located<RawOfficeDay>],
    locations: &[Location],
    ctx: &mut Ctx,
) -> Vec<OfficeDay> {
    let mut out = Vec::new();
    for raw in lines {
        let o = &raw.value;
        let location = office_location(raw, locations, ctx);
        let people = ctx
            .people
            .resolve_all(&o.people, &raw.at.field("people"), &mut ctx.problems);
        let days = values::select_days(
            &o.days,
            &ctx.calendar,
            &raw.at.field("days"),
            &mut ctx.problems,
        );
        let Some(location) = location else { continue };
        out.extend(days.into_iter().map(|day| OfficeDay {
            day,
            location,
            min_people: o.min_people.unwrap_or(0) as usize,
            people: people.clone(),
        }));
    }
    out
}

/// The office-day location: it must exist and be a base.
fn office_location(
    raw: &Located<RawOfficeDay>,
    locations: &[Location],
    ctx: &mut Ctx,
) -> Option<usize> {
    let (id, at): (&str, Origin) = match &raw.value.location {
        Some(id) => (id, raw.at.field("location")),
        None => (DEFAULT_OFFICE, raw.at.clone()),
    };
    let location = ctx.locations.resolve(id, &at, &mut ctx.problems)?;
    if !locations[location].base {
        ctx.problems.error_hint(
            &at,
            format!("location `{id}` is not a base location"),
            "people are based somewhere for the day: an office day needs a base location",
        );
        return None;
    }
    Some(location)
}
