//! Validating the merged instance and building the [`Model`].
//!
//! Every builder pushes exactly one model item per raw item, even when the raw item is
//! invalid (with placeholder values), so indices always match the id tables. The model is
//! only handed out when no problem was found.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::decode::Section;
use super::demand;
use super::merge::{Merged, MergedRules};
use super::people;
use super::problems::{suggestion, Located, Origin, Problems};
use super::raw::{
    RawActivity, RawBreak, RawHorizon, RawLocation, RawSetting, RawShift, RawShiftKind,
};
use super::values::{self, Calendar};
use crate::calendar::Region;
use crate::model::{
    Activity, Break, Horizon, Location, Model, Pairing, Person, Pin, Rules, ShiftIx, ShiftKind,
    ShiftTemplate, BREAK_ACTIVITY, DAY,
};
use crate::rules::{RuleId, RuleSetting};

/// Ids of one kind of item, by index.
#[derive(Debug, Default)]
pub struct Ids {
    kind: &'static str,
    names: Vec<String>,
    index: HashMap<String, usize>,
    broken: HashSet<String>,
}

impl Ids {
    /// The ids of a section's items, in order, each checked against [`values::id`].
    fn of<T>(
        kind: &'static str,
        section: &Section<T>,
        id: impl Fn(&T) -> Option<&str>,
        problems: &mut Problems,
    ) -> Ids {
        let names: Vec<String> = section
            .items
            .iter()
            .map(|x| {
                let name = id(&x.value);
                if let Some(name) = name {
                    values::id(name, kind, &x.at.field("id"), problems);
                }
                name.unwrap_or_default().to_string()
            })
            .collect();
        let mut index = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            index.entry(name.clone()).or_insert(i);
        }
        Ids {
            kind,
            names,
            index,
            broken: section.broken_ids.iter().cloned().collect(),
        }
    }

    /// The index of `id`, reporting it (with a did-you-mean hint) when unknown. Ids of items
    /// that could not be read are not reported again.
    pub fn resolve(&self, id: &str, at: &Origin, problems: &mut Problems) -> Option<usize> {
        if let Some(i) = self.index.get(id) {
            return Some(*i);
        }
        if !self.broken.contains(id) {
            let known: Vec<&str> = self
                .names
                .iter()
                .map(String::as_str)
                .filter(|n| !n.is_empty())
                .collect();
            problems.unknown(at, self.kind, id, &known);
        }
        None
    }

    /// Resolves every id of a list at `at[i]`, keeping the known ones.
    pub fn resolve_all(&self, ids: &[String], at: &Origin, problems: &mut Problems) -> Vec<usize> {
        ids.iter()
            .enumerate()
            .filter_map(|(i, id)| self.resolve(id, &at.item(i), problems))
            .collect()
    }
}

/// What every builder needs: the problems so far, the calendar, the slot grid and the ids.
#[derive(Debug)]
pub struct Ctx {
    pub problems: Problems,
    pub calendar: Calendar,
    pub slot: i64,
    pub shifts: Ids,
    pub locations: Ids,
    pub activities: Ids,
    pub contracts: Ids,
    pub people: Ids,
}

/// Checks the merged instance and builds the model (`None` when a problem was found; the
/// problems are returned either way).
pub fn build_model(
    merged: Merged,
    default_name: &str,
    mut problems: Problems,
) -> (Option<Model>, Problems) {
    let calendar = match merged.unreadable.contains("horizon") {
        // Already reported: only stand in for it.
        true => calendar(merged.horizon.as_ref(), &mut Problems::default()),
        false => calendar(merged.horizon.as_ref(), &mut problems),
    };
    let slot = slot_minutes(merged.slot_minutes.as_ref(), &mut problems);
    let shifts = Ids::of("shift", &merged.shifts, |s| Some(&s.id), &mut problems);
    let locations = Ids::of(
        "location",
        &merged.locations,
        |l| Some(&l.id),
        &mut problems,
    );
    let activities = Ids::of(
        "activity",
        &merged.activities,
        |a| Some(&a.id),
        &mut problems,
    );
    let contracts = Ids::of(
        "contract",
        &merged.contracts,
        |c| c.id.as_deref(),
        &mut problems,
    );
    let people = Ids::of("person", &merged.people, |p| Some(&p.id), &mut problems);
    for js in &merged.job_shares.items {
        values::id(&js.value.id, "job share", &js.at.field("id"), &mut problems);
    }
    let mut ctx = Ctx {
        problems,
        calendar,
        slot,
        shifts,
        locations,
        activities,
        contracts,
        people,
    };
    let locations: Vec<Location> = merged.locations.items.iter().map(location).collect();
    let shifts: Vec<ShiftTemplate> = merged
        .shifts
        .items
        .iter()
        .map(|s| shift(s, &mut ctx))
        .collect();
    check_overlays(&merged.shifts.items, &shifts, &mut ctx.problems);
    let mut activities: Vec<Activity> = merged
        .activities
        .items
        .iter()
        .map(|a| activity(a, &locations, &mut ctx))
        .collect();
    if let Some(b) = break_activity(&locations, &shifts) {
        if let Some(i) = activities.iter().position(|a| a.id == BREAK_ACTIVITY) {
            ctx.problems.error_hint(
                &merged.activities.items[i].at.field("id"),
                format!("activity id `{BREAK_ACTIVITY}` is taken by unpaid breaks"),
                "a shift's `break` is shown as this activity: give yours another id",
            );
        }
        activities.push(b);
    }
    let rules = rules(&merged.rules, &mut ctx);
    check_team(&merged, &locations, &shifts, &mut ctx);
    let has_home = locations.iter().any(|l| l.home && l.base);
    let mut people = people::people(&merged, shifts.len(), has_home, &mut ctx);
    skill_rules(&merged.rules, &mut people, &mut ctx);
    let job_shares = people::job_shares(&merged.job_shares.items, &people, &mut ctx);
    let (shift_cover, activity_demand) = demand::demand(&merged.demand.items, &mut ctx);
    let office_days = demand::office_days(&merged.office_days.items, &locations, &mut ctx);
    let pins = pins(&merged.pins.items, &shifts, &locations, &mut ctx);
    let history = super::history::history(
        merged.history.as_ref(),
        &shifts,
        &activities,
        people.len(),
        &mut ctx,
    );

    let mut model = Model {
        name: merged
            .name
            .map_or_else(|| default_name.to_string(), |n| n.value),
        horizon: ctx.calendar.horizon,
        bank_holidays: ctx.calendar.bank_holidays.clone(),
        slot_minutes: ctx.slot,
        shifts,
        locations,
        activities,
        people,
        job_shares,
        shift_cover,
        activity_demand,
        office_days,
        pins,
        published: None,
        history_days: 0,
        fairness_since: None,
        rules,
        files: Vec::new(),
        choice: None,
    };
    history.apply(&mut model);
    let ok = ctx.problems.is_empty();
    (ok.then_some(model), ctx.problems)
}

/// The root file (always loaded first), where a missing top-level field is reported.
fn root() -> Origin {
    Origin::new(0, "")
}

/// The horizon, or a placeholder after reporting why there is none.
fn calendar(raw: Option<&Located<RawHorizon>>, problems: &mut Problems) -> Calendar {
    let placeholder = Calendar {
        horizon: Horizon::new(
            NaiveDate::from_ymd_opt(2001, 1, 1).expect("a valid date"),
            7,
        ),
        valid: false,
        bank_holidays: Vec::new(),
        bank_holidays_off: false,
    };
    let Some(raw) = raw else {
        problems.error_hint(
            &root().field("horizon"),
            "missing required field `horizon`",
            "add `horizon: {start: 2025-01-06, days: 28}`",
        );
        return placeholder;
    };
    let start = values::date(&raw.value.start, &raw.at.field("start"), problems).filter(|d| {
        let ok = (1900..=2200).contains(&d.year());
        if !ok {
            problems.error_hint(
                &raw.at.field("start"),
                format!("horizon.start {d} is outside the years 1900 to 2200"),
                "plan a rota in a year people work in",
            );
        }
        ok
    });
    let days = raw.value.days;
    let days_ok = (1..=364).contains(&days);
    if !days_ok {
        problems.error_hint(
            &raw.at.field("days"),
            format!("horizon.days is {days}; expected 1 to 364"),
            "plan between one day (a day's cover) and a year",
        );
    }
    let week_start = match &raw.value.week_starts {
        Some(w) => values::weekday(w, &raw.at.field("week_starts"), problems),
        None => start.map(|s| s.weekday()),
    };
    let (Some(start), Some(week_start), true) = (start, week_start, days_ok) else {
        return placeholder;
    };
    let horizon = Horizon {
        week_start,
        ..Horizon::new(start, days as usize)
    };
    Calendar {
        horizon,
        valid: true,
        bank_holidays: bank_holidays(&raw.value, &raw.at, horizon, problems),
        bank_holidays_off: raw.value.bank_holidays_off,
    }
}

/// The bank holidays inside the horizon: the region's regular ones and the extra dates.
fn bank_holidays(
    raw: &RawHorizon,
    at: &Origin,
    horizon: Horizon,
    problems: &mut Problems,
) -> Vec<usize> {
    let mut dates = Vec::new();
    if let Some(id) = &raw.bank_holidays {
        match Region::from_id(id) {
            Some(region) => {
                let last = horizon.date(horizon.days - 1);
                for year in horizon.start.year()..=last.year() {
                    dates.extend(crate::calendar::bank_holidays(region, year));
                }
            }
            None => {
                let names: Vec<&str> = Region::ALL.iter().map(|(n, _)| *n).collect();
                problems.error_hint(
                    &at.field("bank_holidays"),
                    format!("unknown bank-holiday calendar `{id}`"),
                    suggestion(id, &names, "calendar"),
                );
            }
        }
    }
    let extra = at.field("extra_bank_holidays");
    for (i, text) in raw.extra_bank_holidays.iter().enumerate() {
        dates.extend(values::date(text, &extra.item(i), problems));
    }
    let mut days: Vec<usize> = dates.iter().filter_map(|&d| horizon.day_of(d)).collect();
    days.sort_unstable();
    days.dedup();
    days
}

fn slot_minutes(raw: Option<&Located<i64>>, problems: &mut Problems) -> i64 {
    let Some(raw) = raw else { return 30 };
    let slot = raw.value;
    if (5..=240).contains(&slot) && DAY % slot == 0 {
        return slot;
    }
    problems.error_hint(
        &raw.at,
        format!("slot_minutes is {slot}; expected 5 to 240 minutes dividing a day (1440)"),
        "for example 15, 30 or 60",
    );
    30
}

fn location(raw: &Located<RawLocation>) -> Location {
    Location {
        id: raw.value.id.clone(),
        base: raw.value.base.unwrap_or(true),
        home: raw.value.home,
    }
}

fn shift(raw: &Located<RawShift>, ctx: &mut Ctx) -> ShiftTemplate {
    let s = &raw.value;
    let (start, end) =
        values::window(&s.start, &s.end, &raw.at, &mut ctx.problems).unwrap_or((0, DAY));
    let duration = end - start;
    let unpaid_break = s
        .unpaid_break
        .as_ref()
        .and_then(|b| unpaid_break(b, (start, end), &raw.at.field("break"), ctx));
    let duration = duration - unpaid_break.map_or(0, |b| b.minutes);
    let paid_minutes = match s.paid_minutes {
        Some(paid) if i64::from(paid) > duration => {
            ctx.problems.error_hint(
                &raw.at.field("paid_minutes"),
                format!("paid_minutes {paid} is more than the shift's {duration} minutes less its break"),
                "paid time is the duration less unpaid breaks",
            );
            duration
        }
        Some(paid) => i64::from(paid),
        None => duration,
    };
    ShiftTemplate {
        id: s.id.clone(),
        start,
        end,
        paid_minutes,
        kind: match s.kind.unwrap_or(RawShiftKind::Work) {
            RawShiftKind::Work => ShiftKind::Work,
            RawShiftKind::OnCall => ShiftKind::OnCall,
        },
        unsocial: s.unsocial,
        weekdays: match &s.weekdays {
            None => values::WEEKDAY_NAMES.iter().map(|(_, w)| *w).collect(),
            Some(names) => {
                let at = raw.at.field("weekdays");
                names
                    .iter()
                    .enumerate()
                    .filter_map(|(i, w)| values::weekday(w, &at.item(i), &mut ctx.problems))
                    .collect()
            }
        },
        unpaid_break,
        after: s.after.as_ref().map_or_else(Vec::new, |ids| {
            ctx.shifts
                .resolve_all(ids, &raw.at.field("after"), &mut ctx.problems)
        }),
        rest_after: s.rest_after_minutes.map(|r| {
            values::day_minutes(
                r,
                "rest_after_minutes",
                &raw.at,
                "a late start after a night on call is an hour or two (120); a day off is the rest to the next midnight",
                &mut ctx.problems,
            )
        }),
    }
}

/// An on-call overlay follows work templates that end by its start: `after` names work
/// templates that are not overlays themselves, and the overlay is on-call standby.
fn check_overlays(raw: &[Located<RawShift>], shifts: &[ShiftTemplate], problems: &mut Problems) {
    for (raw, overlay) in raw.iter().zip(shifts) {
        if overlay.after.is_empty() {
            continue;
        }
        let at = raw.at.field("after");
        if overlay.kind != ShiftKind::OnCall {
            problems.error_hint(
                &at,
                format!("shift `{}` has `after` but is not on-call", overlay.id),
                "only on-call standby (`kind: on_call`) can follow a day's work on the same day",
            );
            continue;
        }
        for (i, &t) in overlay.after.iter().enumerate() {
            let first = &shifts[t];
            let problem = if first.kind != ShiftKind::Work {
                Some(format!("`{}` is not a work shift", first.id))
            } else if !first.after.is_empty() {
                Some(format!("`{}` is an overlay itself", first.id))
            } else if first.end > overlay.start {
                Some(format!(
                    "`{}` ends at {}, after `{}` starts at {}",
                    first.id,
                    crate::rota::clock(first.end),
                    overlay.id,
                    crate::rota::clock(overlay.start)
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                problems.error_hint(
                    &at.item(i),
                    format!("shift `{}` cannot follow `{}`: {problem}", overlay.id, first.id),
                    "`after` lists day shifts that end by the on-call's start, e.g. `after: [day]` for a 17:00 on-call after 09:00-17:00",
                );
            }
        }
    }
}

/// A shift's unpaid break: its window inside the shift and on the slot grid, its length a
/// whole number of slots that fits the window.
fn unpaid_break(
    raw: &RawBreak,
    (start, end): (i64, i64),
    at: &Origin,
    ctx: &mut Ctx,
) -> Option<Break> {
    let (mut ws, mut we) = values::window(&raw.start, &raw.end, at, &mut ctx.problems)?;
    if ws < start {
        // A window written in the next day's clock (a night shift's 02:00).
        ws += DAY;
        we += DAY;
    }
    values::on_grid((ws, we), ctx.slot, at, &mut ctx.problems);
    let minutes = i64::from(raw.minutes);
    let problem = if ws < start || we > end {
        Some("the break's window is not inside the shift".to_string())
    } else if minutes == 0 || minutes > we - ws {
        Some(format!(
            "a break of {minutes} minutes does not fit its {}-minute window",
            we - ws
        ))
    } else if minutes % ctx.slot != 0 {
        Some(format!(
            "a break of {minutes} minutes is not a whole number of {}-minute slots",
            ctx.slot
        ))
    } else {
        None
    };
    match problem {
        Some(message) => {
            ctx.problems.error_hint(
                at,
                message,
                "e.g. `break: {minutes: 30, start: \"12:00\", end: \"14:00\"}` inside a 09:00-17:00 shift",
            );
            None
        }
        None => Some(Break {
            minutes,
            start: ws,
            end: we,
        }),
    }
}

/// The activity unpaid breaks are shown as, when some template has one: done at any base,
/// in those templates only.
fn break_activity(locations: &[Location], shifts: &[ShiftTemplate]) -> Option<Activity> {
    let with_break: Vec<ShiftIx> = (0..shifts.len())
        .filter(|&t| shifts[t].unpaid_break.is_some())
        .collect();
    (!with_break.is_empty()).then(|| Activity {
        id: BREAK_ACTIVITY.to_string(),
        locations: (0..locations.len())
            .filter(|&l| locations[l].base)
            .collect(),
        window: None,
        skills: Vec::new(),
        shifts: with_break,
        protected_admin: false,
        continuity: false,
        worker: None,
        min_block: None,
        max_blocks_per_day: None,
        is_break: true,
        unsocial: false,
    })
}

fn activity(raw: &Located<RawActivity>, locations: &[Location], ctx: &mut Ctx) -> Activity {
    let a = &raw.value;
    let at = &raw.at;
    let locations = match &a.locations {
        Some(ids) => ctx
            .locations
            .resolve_all(ids, &at.field("locations"), &mut ctx.problems),
        None => (0..locations.len())
            .filter(|l| locations[*l].base)
            .collect(),
    };
    let window = a.window.as_ref().and_then(|w| {
        let at = at.field("window");
        let window = values::window(&w.start, &w.end, &at, &mut ctx.problems)?;
        values::on_grid(window, ctx.slot, &at, &mut ctx.problems);
        Some(window)
    });
    Activity {
        id: a.id.clone(),
        locations,
        window,
        skills: a.skills.clone(),
        shifts: ctx
            .shifts
            .resolve_all(&a.shifts, &at.field("shifts"), &mut ctx.problems),
        protected_admin: a.protected_admin,
        continuity: a.continuity,
        worker: None,
        unsocial: a.unsocial,
        min_block: a
            .min_block
            .and_then(|m| block_minutes(m, &at.field("min_block"), ctx)),
        is_break: false,
        max_blocks_per_day: a
            .max_blocks_per_day
            .and_then(|n| blocks_per_day(n, &at.field("max_blocks_per_day"), &mut ctx.problems)),
    }
}

/// A block length: 1 minute to a day.
fn block_minutes(minutes: u32, at: &Origin, ctx: &mut Ctx) -> Option<i64> {
    if (1..=1440).contains(&minutes) {
        return Some(i64::from(minutes));
    }
    ctx.problems.error_hint(
        at,
        format!("min_block is {minutes}; expected 1 to 1440 minutes"),
        "a block is at most a day (a 60-minute visit: `min_block: 60`)",
    );
    None
}

/// A number of blocks in a day: at least 1.
fn blocks_per_day(n: u32, at: &Origin, problems: &mut Problems) -> Option<usize> {
    if n >= 1 {
        return Some(n as usize);
    }
    problems.error_hint(
        at,
        "max_blocks_per_day is 0; expected at least 1",
        "to keep people off an activity, leave them without its skills or cap it at 0",
    );
    None
}

/// Team-wide checks: people exist, and work shifts have somewhere to be worked from.
fn check_team(merged: &Merged, locations: &[Location], shifts: &[ShiftTemplate], ctx: &mut Ctx) {
    let at = root();
    if merged.people.items.is_empty() && !merged.unreadable.contains("people") {
        ctx.problems.error_hint(
            &at.field("people"),
            "no people: `people` must list at least one person",
            "add `people: [{id: ana, contract: full_time}]`",
        );
    }
    let work_shifts = shifts.iter().any(|s| s.kind == ShiftKind::Work);
    if work_shifts && !locations.iter().any(|l| l.base) && !merged.unreadable.contains("locations")
    {
        ctx.problems.error_hint(
            &at.field("locations"),
            "no base location: a work shift is worked from a base location",
            "add `locations: [{id: office}]`",
        );
    }
}

/// Rule parameters and settings.
fn rules(raw: &MergedRules, ctx: &mut Ctx) -> Rules {
    let p = &mut ctx.problems;
    let minutes =
        |x: &Option<Located<u32>>, default: i64| x.as_ref().map_or(default, |x| i64::from(x.value));
    let min_rest_minutes = minutes(&raw.min_rest_minutes, 660);
    for (x, name, hint) in [
        (
            &raw.min_rest_minutes,
            "min_rest_minutes",
            "rest between shifts is at most a day (11 h is 660)",
        ),
        (
            &raw.travel_minutes,
            "travel_minutes",
            "travel between a visit and other work is at most a day (an hour is 60)",
        ),
    ] {
        if let Some(x) = x.as_ref().filter(|x| x.value > 1440) {
            p.error_hint(
                &x.at,
                format!("{name} is {}; expected at most 1440", x.value),
                hint,
            );
        }
    }
    let share = |x: &Option<Located<f64>>, default: f64, p: &mut Problems| {
        x.as_ref()
            .map_or(default, |x| values::share(x.value, &x.at, p))
    };
    let standby_fraction = share(&raw.standby_fraction, 0.25, p);
    let admin_share = share(&raw.admin_share, 0.0, p);
    let reserve_share = share(&raw.reserve_share, 0.0, p);
    let number = |x: &Option<Located<f64>>, default: f64, range, p: &mut Problems| match x {
        Some(x) => {
            let what = x.at.path.rsplit('.').next().unwrap_or("value").to_string();
            match values::in_range(x.value, range, &what, &x.at, p) {
                true => x.value,
                false => default,
            }
        }
        None => default,
    };
    let overtime_rate = number(&raw.overtime_rate, 1.5, (0.0, values::RATE_MAX), p);
    let unsocial_enhancement = number(&raw.unsocial_enhancement, 0.0, (0.0, values::RATE_MAX), p);
    let oncall_payment = number(
        &raw.oncall_payment,
        0.0,
        (0.0, values::COST_PER_HOUR_MAX),
        p,
    );
    let max_blocks_per_day = raw
        .max_blocks_per_day
        .as_ref()
        .and_then(|n| blocks_per_day(n.value, &n.at, p));
    let forbidden_successions = forbidden_successions(raw.forbidden_successions.as_ref(), ctx);
    Rules {
        settings: settings(&raw.settings, &mut ctx.problems),
        min_rest_minutes,
        forbidden_successions,
        max_minutes_per_7_days: minutes(&raw.max_minutes_per_7_days, 2880),
        weekly_rest_minutes: minutes(&raw.weekly_rest_minutes, 1440),
        standby_fraction,
        admin_share,
        admin_min_block: minutes(&raw.admin_min_block, 60),
        reserve_share,
        overtime_rate,
        unsocial_enhancement,
        oncall_payment,
        max_blocks_per_day,
        travel_minutes: minutes(&raw.travel_minutes, 0),
        after_leave_days: raw.after_leave_days.as_ref().map(|x| x.value as usize),
        max_nights_per_7_days: raw.max_nights_per_7_days.as_ref().map(|x| x.value as usize),
        max_weekends_per_4: raw.max_weekends_per_4.as_ref().map(|x| x.value as usize),
        pairing: pairing(raw.pairing.as_ref(), ctx),
    }
}

/// `rules.pairing`: resolves each rule's shifts and activities.
fn pairing(raw: Option<&Located<Vec<super::raw::RawPairing>>>, ctx: &mut Ctx) -> Vec<Pairing> {
    let Some(raw) = raw else { return Vec::new() };
    let mut out = Vec::new();
    for (i, r) in raw.value.iter().enumerate() {
        let at = raw.at.item(i);
        if r.shifts.is_empty() && r.activities.is_empty() {
            ctx.problems.error_hint(
                &at,
                "a pairing rule lists no `shifts` and no `activities`",
                "e.g. `{skill: nqsw, with: qualified, activities: [duty, home_visit]}`",
            );
        }
        if r.skill == r.with {
            ctx.problems.error_hint(
                &at.field("with"),
                format!("a pairing rule pairs `{}` with itself", r.skill),
                "`with` is the partner's skill, e.g. `qualified` for `skill: nqsw`",
            );
        }
        out.push(Pairing {
            skill: r.skill.clone(),
            with: r.with.clone(),
            shifts: ctx
                .shifts
                .resolve_all(&r.shifts, &at.field("shifts"), &mut ctx.problems),
            activities: ctx.activities.resolve_all(
                &r.activities,
                &at.field("activities"),
                &mut ctx.problems,
            ),
        });
    }
    out
}

/// Skills named by `rules.pairing` and `rules.caseloads` must be someone's (a misspelt skill
/// would protect nobody); each caseload cap lowers the cap of the people with its skill.
fn skill_rules(raw: &MergedRules, people: &mut [Person], ctx: &mut Ctx) {
    let mut known: Vec<&str> = people
        .iter()
        .flat_map(|p| p.skills.iter().map(String::as_str))
        .collect();
    known.sort_unstable();
    known.dedup();
    let mut check = |skill: &str, at: &Origin| {
        if !known.contains(&skill) {
            ctx.problems.error_hint(
                at,
                format!("no person has skill `{skill}`"),
                format!("skills in the team: {}", known.join(", ")),
            );
        }
    };
    if let Some(pairing) = &raw.pairing {
        for (i, r) in pairing.value.iter().enumerate() {
            check(&r.skill, &pairing.at.item(i).field("skill"));
            check(&r.with, &pairing.at.item(i).field("with"));
        }
    }
    let Some(caps) = &raw.caseloads else { return };
    for (i, cap) in caps.value.iter().enumerate() {
        check(&cap.skill, &caps.at.item(i).field("skill"));
    }
    for person in people.iter_mut() {
        for cap in &caps.value {
            if person.skills.contains(&cap.skill) {
                let n = cap.max_families as usize;
                person.max_families = Some(person.max_families.map_or(n, |m| m.min(n)));
            }
        }
    }
}

fn forbidden_successions(
    raw: Option<&Located<Vec<(String, String)>>>,
    ctx: &mut Ctx,
) -> Vec<(usize, usize)> {
    let Some(raw) = raw else { return Vec::new() };
    let mut out = Vec::new();
    for (i, (first, second)) in raw.value.iter().enumerate() {
        let at = raw.at.item(i);
        let a = ctx.shifts.resolve(first, &at.item(0), &mut ctx.problems);
        let b = ctx.shifts.resolve(second, &at.item(1), &mut ctx.problems);
        if let (Some(a), Some(b)) = (a, b) {
            out.push((a, b));
        }
    }
    out
}

/// Rule settings: the defaults, then the file's overrides. Only rules that are on are kept.
fn settings(
    overrides: &std::collections::BTreeMap<String, Located<RawSetting>>,
    problems: &mut Problems,
) -> Vec<(RuleId, RuleSetting)> {
    let mut settings: Vec<(RuleId, Option<RuleSetting>)> = RuleId::ALL
        .iter()
        .map(|r| (*r, r.default_setting()))
        .collect();
    for (key, value) in overrides {
        let Some(rule) = RuleId::from_id(key) else {
            let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
            problems.push_key(
                &value.at,
                format!("unknown rule `{key}`"),
                Some(suggestion(key, &known, "rule")),
            );
            continue;
        };
        if let Some(setting) = setting(rule, &value.value, &value.at, problems) {
            if let Some(slot) = settings.iter_mut().find(|(r, _)| *r == rule) {
                slot.1 = setting;
            }
        }
    }
    settings
        .into_iter()
        .filter_map(|(rule, setting)| setting.map(|s| (rule, s)))
        .collect()
}

/// One rule's setting (`Some(None)`: off), or `None` after reporting a problem.
fn setting(
    rule: RuleId,
    raw: &RawSetting,
    at: &Origin,
    problems: &mut Problems,
) -> Option<Option<RuleSetting>> {
    let setting = match raw {
        RawSetting::Word(w) if w == "hard" => Some(RuleSetting::Hard),
        RawSetting::Word(w) if w == "off" => None,
        RawSetting::Weight(w) => {
            if !values::in_range(*w, (0.0, values::WEIGHT_MAX), "weight", at, problems) {
                return None;
            }
            Some(RuleSetting::Soft(*w))
        }
        RawSetting::Word(w) => {
            problems.error_hint(
                at,
                format!("`{w}` is not a rule setting"),
                "expected `hard`, `off` or a weight (a number: the rule is then soft)",
            );
            return None;
        }
    };
    if rule.structural() && setting != Some(RuleSetting::Hard) {
        problems.error_hint(
            at,
            format!("`{rule}` is a structural rule and cannot be changed"),
            "structural rules define what a rota is: they are always hard; remove this line",
        );
        return None;
    }
    if !rule.may_be_soft() && matches!(setting, Some(RuleSetting::Soft(_))) {
        problems.error_hint(
            at,
            format!("`{rule}` cannot be soft"),
            "write `hard` or `off`",
        );
        return None;
    }
    if !rule.may_be_hard() && setting == Some(RuleSetting::Hard) {
        problems.error_hint(
            at,
            format!("`{rule}` cannot be hard"),
            "write a weight (a number) or `off`",
        );
        return None;
    }
    Some(setting)
}

/// `pins[]`: each a person's day fixed before solving: the shifts (`shift`, or `shifts` for a
/// day's shift and its on-call overlay), or `off: true`, and the base location.
fn pins(
    raw: &[Located<super::raw::RawPin>],
    shifts: &[ShiftTemplate],
    locations: &[Location],
    ctx: &mut Ctx,
) -> Vec<Pin> {
    let mut out: Vec<Pin> = Vec::new();
    for item in raw {
        let (r, at) = (&item.value, &item.at);
        let person = ctx
            .people
            .resolve(&r.person, &at.field("person"), &mut ctx.problems);
        let day = values::date(&r.date, &at.field("date"), &mut ctx.problems).and_then(|date| {
            ctx.calendar
                .day_in_horizon(date, "pin date", &at.field("date"), &mut ctx.problems)
        });
        let mut ids: Vec<(String, Origin)> = r
            .shifts
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), at.field("shifts").item(i)))
            .collect();
        if let Some(s) = &r.shift {
            ids.insert(0, (s.clone(), at.field("shift")));
        }
        if ids.is_empty() != r.off || ids.len() > 2 {
            ctx.problems.error_hint(
                at,
                "a pin gives one shift (`shift`), a shift and its on-call overlay (`shifts`), or `off: true`",
                "e.g. `{person: ann, date: 2026-12-02, shift: day, location: office}`",
            );
            continue;
        }
        let pinned: Vec<ShiftIx> = ids
            .iter()
            .filter_map(|(id, at)| ctx.shifts.resolve(id, at, &mut ctx.problems))
            .collect();
        let location = r.location.as_ref().and_then(|l| {
            let at = at.field("location");
            let l = ctx.locations.resolve(l, &at, &mut ctx.problems)?;
            if !locations[l].base {
                ctx.problems.error_hint(
                    &at,
                    format!("`{}` is not a base", locations[l].id),
                    "a pin\'s location is the day\'s base (office or home)",
                );
                return None;
            }
            Some(l)
        });
        if location.is_some() && pinned.iter().all(|&t| shifts[t].kind != ShiftKind::Work) {
            ctx.problems.error_hint(
                &at.field("location"),
                "a location is pinned on a day with no work shift",
                "on-call standby and a day off have no base",
            );
        }
        let (Some(person), Some(day)) = (person, day) else {
            continue;
        };
        if pinned.len() != ids.len() {
            continue;
        }
        if out.iter().any(|p| p.person == person && p.day == day) {
            ctx.problems.error_hint(
                at,
                format!("`{}` is pinned twice on {}", r.person, r.date),
                "give the day once, with `shifts: [day, oncall]` for a shift and its overlay",
            );
            continue;
        }
        out.push(Pin {
            person,
            day,
            shifts: pinned,
            location,
            activities: None,
        });
    }
    out
}
