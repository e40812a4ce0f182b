//! The raw layer: serde types mirroring `docs/FORMAT.md` one to one.
//!
//! Only these types implement `Deserialize`. They hold text exactly as written (ids, dates,
//! times); every check and every conversion to the model happens later, so that all problems
//! can be reported together with their location.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

use super::problems::{Located, Origin};

/// `horizon`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{start: YYYY-MM-DD, days: N, week_starts: weekday}`"
)]
pub struct RawHorizon {
    /// The first day planned, YYYY-MM-DD, in the years 1900 to 2200; weekends follow the calendar.
    pub start: String,
    /// Length of the horizon in days, 1 to 364; rules over 7-day windows count whole windows only.
    pub days: i64,
    /// Weekday (`mon`...`sun`) planning weeks begin on, for weekly hours, home days, caps and admin
    /// (default: the start's weekday; any other makes the first and last weeks short).
    pub week_starts: Option<String>,
    /// Region whose regular bank holidays apply: `england_and_wales`, `scotland` or
    /// `northern_ireland` (default: none).
    pub bank_holidays: Option<String>,
    /// More bank holidays, as dates YYYY-MM-DD, e.g. one-off holidays (default: none).
    #[serde(default)]
    pub extra_bank_holidays: Vec<String>,
    /// Every bank holiday is a day of leave, credited against the contract, for every permanent
    /// person not marked `works_bank_holidays` (default: false).
    #[serde(default)]
    pub bank_holidays_off: bool,
}

/// `locations[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a location mapping")]
pub struct RawLocation {
    /// The location's id, used by activities, office days and pins.
    pub id: String,
    /// Whether a working day is spent here (office, home); false for a place visited from a base,
    /// such as the community (default: true).
    pub base: Option<bool>,
    /// Days based here count against the home-working allowance (default: false).
    #[serde(default)]
    pub home: bool,
}

/// `shifts[].kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawShiftKind {
    /// Work: its paid minutes count toward the contract in full.
    Work,
    /// On-call standby: its paid minutes count toward the contract at `rules.standby_fraction`.
    OnCall,
}

/// `shifts[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a shift template mapping")]
pub struct RawShift {
    /// The template's id, used by contracts, activities, demand, pins and the rota.
    pub id: String,
    /// Clock time the shift starts, "HH:MM".
    pub start: RawTime,
    /// Clock time the shift ends, "HH:MM"; at or before `start` means the next day (at most 24 h).
    pub end: RawTime,
    /// Paid minutes of the shift (default: its length less the unpaid break).
    pub paid_minutes: Option<u32>,
    /// `work`, or `on_call` standby, which counts toward contracts at `rules.standby_fraction`
    /// (default: `work`).
    pub kind: Option<RawShiftKind>,
    /// Paid `rules.unsocial_enhancement`, and on a weekday counts as an evening for fair shares of
    /// unsocial work (default: false).
    #[serde(default)]
    pub unsocial: bool,
    /// Weekdays the template is worked, e.g. `[sat, sun]` (default: all seven).
    pub weekdays: Option<Vec<String>>,
    /// An unpaid break of `minutes` in one piece within the window `start`-`end` (default: none).
    #[serde(rename = "break")]
    pub unpaid_break: Option<RawBreak>,
    /// On-call only: work templates this on-call may follow on the same day, each ending by its
    /// start (default: none).
    pub after: Option<Vec<String>>,
    /// Rest after this template before the person's next shift, in minutes, 0 to 1440
    /// (default: `rules.min_rest_minutes`).
    pub rest_after_minutes: Option<u32>,
}

/// `shifts[].break`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{minutes: 30, start: \"12:00\", end: \"14:00\"}`"
)]
pub struct RawBreak {
    /// Length of the unpaid break in minutes, a whole number of slots that fits the window.
    pub minutes: u32,
    /// Earliest clock time the break may start, "HH:MM", inside the shift and on the slot grid.
    pub start: RawTime,
    /// Latest clock time the break may end, "HH:MM", inside the shift and on the slot grid.
    pub end: RawTime,
}

/// A clock window `{start, end}`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{start: \"HH:MM\", end: \"HH:MM\"}`"
)]
pub struct RawWindow {
    /// Clock time the window opens, "HH:MM", on the slot grid.
    pub start: RawTime,
    /// Clock time the window closes, "HH:MM", on the slot grid.
    pub end: RawTime,
}

/// `activities[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "an activity mapping")]
pub struct RawActivity {
    /// The activity's id, shown in the rota and used by demand, caps, pairing and history.
    pub id: String,
    /// Location ids where it may be done: bases, or a non-base place such as `community`
    /// (default: every base).
    pub locations: Option<Vec<String>>,
    /// Clock window it may be done in, on the slot grid, e.g. evening visits 17:00-21:00
    /// (default: any time in the shift).
    pub window: Option<RawWindow>,
    /// Skills a person needs to do it (default: none).
    #[serde(default)]
    pub skills: Vec<String>,
    /// Shift templates it may be done in (default: every work shift).
    #[serde(default)]
    pub shifts: Vec<String>,
    /// Counts as protected admin time (default: false).
    #[serde(default)]
    pub protected_admin: bool,
    /// One family's work, which should stay with one worker; each extra worker costs the
    /// `continuity` weight (default: false).
    #[serde(default)]
    pub continuity: bool,
    /// Shortest run of it a person does, in minutes, 1 to 1440 (default: none).
    pub min_block: Option<u32>,
    /// Most separate runs of it a person does in one shift, at least 1 (default: no limit).
    pub max_blocks_per_day: Option<u32>,
    /// Unsocial work: a weekday with a block of it counts as an evening for fair shares
    /// (default: false).
    #[serde(default)]
    pub unsocial: bool,
}

/// `contracts[].tolerance`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{under: minutes, over: minutes}`"
)]
pub struct RawTolerance {
    /// Minutes worked time may fall short of the contract (default: 60 a week, or over the horizon
    /// with `minutes_per_horizon`; in `balance`, the weekly tolerance scaled to the horizon).
    pub under: Option<u32>,
    /// Minutes worked time may exceed the contract (default: 60 a week, or over the horizon
    /// with `minutes_per_horizon`; in `balance`, the weekly tolerance scaled to the horizon).
    pub over: Option<u32>,
}

/// `contracts[].consecutive_days`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a mapping `{min: N, max: N}`")]
pub struct RawRunLength {
    /// Fewest working days in a row (default: 1).
    pub min: Option<u32>,
    /// Most working days in a row (default: no limit).
    pub max: Option<u32>,
}

/// A contract type (`contracts[]`, with `id`) or a person's inline contract (with `type`):
/// the fields are the same, and every one is optional so that a person can override any.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a contract mapping")]
pub struct RawContract {
    /// The contract type's id (in `contracts[]`; a person's contract names its type in `type`).
    pub id: Option<String>,
    /// In a person's contract only: the contract type whose fields this one overrides.
    #[serde(rename = "type")]
    pub type_id: Option<String>,
    /// Full-time equivalent for pro-rata fairness, above 0 and at most 2
    /// (default: weekly minutes / 2220).
    pub fte: Option<f64>,
    /// Contracted minutes in every planning week, pro rata in a short week (set this or
    /// `minutes_per_horizon`).
    pub minutes_per_week: Option<u32>,
    /// Contracted minutes over the whole horizon only, with no weekly range, e.g. annualised
    /// hours (set this or `minutes_per_week`).
    pub minutes_per_horizon: Option<u32>,
    /// Allowed deviation in minutes, per week with `minutes_per_week`, per horizon with
    /// `minutes_per_horizon` (default: 60 under and 60 over).
    pub tolerance: Option<RawTolerance>,
    /// With `minutes_per_week`: how far the horizon's total may run under or over, in minutes
    /// (default: the weekly tolerance scaled to the horizon).
    pub balance: Option<RawTolerance>,
    /// Shift templates the person may work (default: every template).
    pub shifts: Option<Vec<String>>,
    /// Weekdays the person may work (default: all seven).
    pub weekdays: Option<Vec<String>>,
    /// Most days worked in a planning week (default: no limit).
    pub max_days_per_week: Option<u32>,
    /// Most shifts of each template over the horizon, by shift id (default: no limit).
    pub max_shifts: Option<BTreeMap<String, u32>>,
    /// Most shifts of each template in a planning week, by shift id, e.g. on-call nights
    /// (default: no limit).
    pub max_shifts_per_week: Option<BTreeMap<String, u32>>,
    /// Fewest and most working days in a row (default: at least 1, no maximum).
    pub consecutive_days: Option<RawRunLength>,
    /// Fewest days off in a row (default: 1).
    pub min_consecutive_days_off: Option<u32>,
    /// Most weekends worked over the horizon (default: no limit).
    pub max_weekends: Option<u32>,
    /// Contracted minutes one day of leave stands for; 0 where leave does not reduce the hours
    /// (default: weekly minutes over the days worked a week, 444 for 2220 over five).
    pub leave_day_minutes: Option<u32>,
}

/// `people[].contract`: a contract type id, or an inline mapping `{type: id, ...}`.
#[derive(Debug, Clone)]
pub enum RawContractRef {
    Type(String),
    Inline(Box<RawContract>),
}

/// `people[].leave[]`: a date, or an inclusive range.
#[derive(Debug, Clone)]
pub enum RawLeave {
    Day(String),
    Range(RawDateRange),
}

/// `{from, to}` (inclusive).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a mapping `{from: date, to: date}`")]
pub struct RawDateRange {
    /// First day, YYYY-MM-DD (inclusive).
    pub from: String,
    /// Last day, YYYY-MM-DD (inclusive).
    pub to: String,
}

/// `people[].unavailable[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a mapping `{date, start, end}`")]
pub struct RawUnavailable {
    /// The day, YYYY-MM-DD.
    pub date: String,
    /// Clock time the person becomes unavailable, "HH:MM".
    pub start: RawTime,
    /// Clock time the person is available again, "HH:MM"; at or before `start` means the next day.
    pub end: RawTime,
}

/// `people[].requests[]`: exactly one of `day_off`, `shift_on`, `shift_off`, `home`,
/// `home_days`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a request mapping")]
pub struct RawRequest {
    /// A day off asked for, YYYY-MM-DD.
    pub day_off: Option<String>,
    /// A shift template asked for on `date`.
    pub shift_on: Option<String>,
    /// A shift template asked not to be worked on `date`.
    pub shift_off: Option<String>,
    /// Days to be based at home on when working a day shift, a day selector such as `[fri]`.
    pub home: Option<RawDays>,
    /// Home days wanted in every planning week, 0 to 7, cut to the days the person can work.
    pub home_days: Option<u32>,
    /// The day of a `shift_on` or `shift_off` request, YYYY-MM-DD.
    pub date: Option<String>,
    /// Cost of not granting the request, 0 to 1,000,000; for `home_days`, per day short
    /// (default: 10).
    pub weight: Option<f64>,
}

/// `people[].caps[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{activity, max_minutes_per_week}`"
)]
pub struct RawCap {
    /// The activity capped.
    pub activity: String,
    /// Most minutes of the activity in a planning week.
    pub max_minutes_per_week: u32,
}

/// `people[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a person mapping")]
pub struct RawPerson {
    /// The person's id, used in the rota, job shares, pins and scenarios.
    pub id: String,
    /// Name shown in reports (default: the id).
    pub name: Option<String>,
    /// Skills and grade tags, e.g. `qualified`, `nqsw`, `senior` (default: none).
    #[serde(default)]
    pub skills: Vec<String>,
    /// A contract type id, or `{type: id, ...}` overriding some of its fields for this person.
    pub contract: RawContractRef,
    /// Agency worker: paid per counted hour, left out of fair shares of unsocial work and of
    /// bank holidays off (default: false).
    #[serde(default)]
    pub agency: bool,
    /// Pay in pounds per counted hour, 0 to 10,000 (default: 0).
    pub cost_per_hour: Option<f64>,
    /// Home-working allowance, days per planning week (default: no limit).
    pub home_days_per_week: Option<u32>,
    /// Most families (`continuity` activities) held over the horizon; with `rules.caseloads`
    /// the lower applies (default: no limit).
    pub max_families: Option<u32>,
    /// With `horizon.bank_holidays_off`: this person is not given bank holidays off
    /// (default: false).
    #[serde(default)]
    pub works_bank_holidays: bool,
    /// Locked-down catch-up days, e.g. `{weeks: [3], every: 8}`: in the office, no unsocial or
    /// on-call shift, protected admin only (default: none).
    pub locked_down: Option<RawDays>,
    /// Whole days of leave: dates, or inclusive `{from, to}` ranges; each working day takes
    /// `leave_day_minutes` off the contract (default: none).
    #[serde(default)]
    pub leave: Vec<RawLeave>,
    /// Part-day unavailability, `{date, start, end}` (default: none).
    #[serde(default)]
    pub unavailable: Vec<RawUnavailable>,
    /// Requests for days off, shifts and home working, each with a weight (default: none).
    #[serde(default)]
    pub requests: Vec<RawRequest>,
    /// Weekly caps on minutes of an activity, `{activity, max_minutes_per_week}` (default: none).
    #[serde(default)]
    pub caps: Vec<RawCap>,
}

/// `job_shares[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a job-share mapping")]
pub struct RawJobShare {
    /// The post's id.
    pub id: String,
    /// Ids of the holders, 2 or more; each keeps their own contract and holds one post at most.
    pub members: Vec<String>,
    /// The post's contracted minutes a week, scaled to the horizon, less the holders' leave.
    pub minutes_per_week: u32,
    /// Allowed deviation of the holders' combined minutes, minutes a week (default: 60).
    pub tolerance_minutes_per_week: Option<u32>,
    /// Days at least one holder works (default: `weekdays`).
    pub cover_days: Option<RawDays>,
    /// Days every holder works (default: none).
    pub handover_days: Option<RawDays>,
    /// On handover days, least minutes each holder's work shift overlaps the others', 0 to 1440
    /// (default: none; working the same day is enough).
    pub handover_minutes: Option<u32>,
}

/// `demand[]`: shift cover (`shift`) or activity demand (`activity`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a demand mapping")]
pub struct RawDemand {
    /// Shift cover: the template people must be on each selected day (give this or `activity`).
    pub shift: Option<String>,
    /// Activity demand: the activity needed in the window each selected day (or `shift`).
    pub activity: Option<String>,
    /// Days the line applies to, a day selector (default: `all`).
    pub days: Option<RawDays>,
    /// Shift cover, required: people needed on the template each selected day.
    pub required: Option<u32>,
    /// Shift cover only: only people with all these skills count (default: none).
    pub skills: Option<Vec<String>>,
    /// Activity demand, required: clock time the window opens, "HH:MM", on the slot grid.
    pub start: Option<RawTime>,
    /// Activity demand, required: clock time the window closes, "HH:MM", on the slot grid.
    pub end: Option<RawTime>,
    /// Activity demand: at least this many people on it at every minute of the window
    /// (give this or `person_minutes`).
    pub headcount: Option<u32>,
    /// Activity demand: this many person-minutes of it within the window (or `headcount`).
    pub person_minutes: Option<u32>,
    /// Cost per person short (shift cover) or per person-hour short (activity), 0 to 1,000,000
    /// (default: 100).
    pub under_weight: Option<f64>,
    /// Cost per person, or person-hour, over; not with `person_minutes` (default: 1).
    pub over_weight: Option<f64>,
}

/// `pins[]`: one person's day fixed before solving.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person, date, shift or shifts or off: true, location}`"
)]
pub struct RawPin {
    /// The person pinned.
    pub person: String,
    /// The day pinned, YYYY-MM-DD, inside the horizon.
    pub date: String,
    /// The day's shift template (give exactly one of `shift`, `shifts` and `off: true`).
    pub shift: Option<String>,
    /// A shift and its on-call overlay, e.g. `[day, oncall]`, instead of `shift`.
    #[serde(default)]
    pub shifts: Vec<String>,
    /// The day is off, with no shift at all (default: false).
    #[serde(default)]
    pub off: bool,
    /// The work shift's base location (default: left to the solver).
    pub location: Option<String>,
}

/// `history:`: what happened before the horizon.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{days, shifts, unsocial, families, fairness_since}`"
)]
pub struct RawHistory {
    /// Days before the horizon, 1 to 28, that `shifts` lists every shift of (default: back to the
    /// earliest date listed).
    pub days: Option<i64>,
    /// Shifts worked before the horizon, at most 28 days back (default: none).
    #[serde(default)]
    pub shifts: Vec<RawPastShift>,
    /// Each person's unsocial work so far in the fairness period (default: none).
    #[serde(default)]
    pub unsocial: Vec<RawUnsocialSoFar>,
    /// Each family's worker so far (default: none).
    #[serde(default)]
    pub families: Vec<RawFamily>,
    /// With `solve --after`: the first day of the fairness period, YYYY-MM-DD (default: none).
    pub fairness_since: Option<String>,
}

/// `history.shifts[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person, date, shift, start, end}`"
)]
pub struct RawPastShift {
    /// The person who worked it.
    pub person: String,
    /// The day it started, YYYY-MM-DD, before the horizon's first day.
    pub date: String,
    /// The shift template worked.
    pub shift: String,
    /// Clock time it actually started, "HH:MM" (default: the template's start).
    pub start: Option<RawTime>,
    /// Clock time it actually ended, "HH:MM", e.g. a late finish (default: the template's end).
    pub end: Option<RawTime>,
}

/// `history.unsocial[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person, nights, weekends, evenings}`"
)]
pub struct RawUnsocialSoFar {
    /// The person.
    pub person: String,
    /// Nights (on-call, or past midnight) worked so far in the fairness period (default: 0).
    #[serde(default)]
    pub nights: u32,
    /// Saturday and Sunday shifts other than nights worked so far in the fairness period
    /// (default: 0).
    #[serde(default)]
    pub weekends: u32,
    /// Weekday evenings (unsocial shifts or activity blocks) so far in the fairness period
    /// (default: 0).
    #[serde(default)]
    pub evenings: u32,
}

/// `history.families[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a mapping `{family, worker}`")]
pub struct RawFamily {
    /// The family: an activity with `continuity: true`.
    pub family: String,
    /// The person who has held it so far.
    pub worker: String,
}

/// `office_days[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "an office-day mapping")]
pub struct RawOfficeDay {
    /// The office days, a day selector.
    pub days: RawDays,
    /// The base location people meet at (default: `office`).
    pub location: Option<String>,
    /// At least this many people based there on the day (default: 0).
    pub min_people: Option<u32>,
    /// People to be based there on the day if they work a day shift (default: none).
    #[serde(default)]
    pub people: Vec<String>,
}

/// Declares each rule parameter of `rules:` once: its name, type as written, and how a
/// scenario describes a change to it. From this one table come the raw `RawRules` (as
/// written), the `MergedRules` (each value with where it came from, the including file
/// winning), the overlay of one file's values on the merged ones, and the scenario's words
/// for a change; the built `Rules` of `crate::model` converts each in `build::rules`.
macro_rules! rule_parameters {
    ($( $(#[doc = $doc:literal])* $name:ident: $ty:ty => $describe:expr, )*) => {
        /// `rules`.
        #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields, expecting = "a rules mapping")]
        pub struct RawRules {
            $( $(#[doc = $doc])* pub $name: Option<$ty>, )*
            /// Rule settings by rule id: `hard`, `off` or a weight (default: each rule's own, see
            /// docs/RULES.md).
            pub settings: Option<BTreeMap<String, RawSetting>>,
        }

        /// The rules of every file merged: each parameter with where it was set.
        #[derive(Debug, Default, Clone)]
        pub struct MergedRules {
            $( pub $name: Option<Located<$ty>>, )*
            pub settings: BTreeMap<String, Located<RawSetting>>,
        }

        impl MergedRules {
            /// Lays one file's parameters (not its settings) over those merged so far.
            pub(super) fn overlay_parameters(&mut self, raw: &RawRules, at: &Origin) {
                $(
                    if let Some(v) = &raw.$name {
                        self.$name = Some(Located::new(at.field(stringify!($name)), v.clone()));
                    }
                )*
            }
        }

        impl RawRules {
            /// A scenario's words for the parameters this change sets, in table order.
            pub(super) fn describe_parameters(&self) -> Vec<String> {
                let mut parts = Vec::new();
                $(
                    if let Some(v) = &self.$name {
                        let describe: fn(&$ty) -> String = $describe;
                        parts.push(describe(v));
                    }
                )*
                parts
            }
        }
    };
}

rule_parameters! {
    /// Minimum rest between shifts, minutes.
    min_rest_minutes: u32 => |v| format!("min rest {}h", f64::from(*v) / 60.0),
    /// Protected admin, share of worked minutes.
    admin_share: f64 => |v| format!("protected admin {:.0}%", v * 100.0),
    /// Shortest admin block, minutes.
    admin_min_block: u32 => |v| format!("admin blocks of {v} min"),
    /// Unallocated reserve, share of worked minutes.
    reserve_share: f64 => |v| format!("reserve {:.0}%", v * 100.0),
    /// Most counted minutes in any 7 days.
    max_minutes_per_7_days: u32 => |v| format!("max {}h in 7 days", f64::from(*v) / 60.0),
    /// Weekly uninterrupted rest, minutes.
    weekly_rest_minutes: u32 => |v| format!("weekly rest {}h", f64::from(*v) / 60.0),
    /// Share of standby minutes that count toward contracted time.
    standby_fraction: f64 => |v| format!("standby counts {v}"),
    /// Pay for an hour beyond the contract, as a multiple of the hourly rate.
    overtime_rate: f64 => |v| format!("overtime at {v}x"),
    /// Enhancement for an hour of unsocial work, as a fraction of the hourly rate.
    unsocial_enhancement: f64 => |v| format!("unsocial hours +{:.0}%", v * 100.0),
    /// Fixed payment for each on-call session, in pounds.
    oncall_payment: f64 => |v| format!("£{v} an on-call session"),
    /// Least gap between work away from base and other work, minutes.
    travel_minutes: u32 => |v| format!("{v} min travel"),
    /// Days of leave in a row after which the first day back has no unsocial work.
    after_leave_days: u32 => |v| format!("no unsocial work back from {v} days' leave"),
    /// Most nights (on-call or past midnight) in any 7 days.
    max_nights_per_7_days: u32 => |v| format!("at most {v} nights in 7 days"),
    /// Most weekends worked in any 4 in a row.
    max_weekends_per_4: u32 => |v| format!("at most {v} weekends in 4"),
    /// Most activity runs per person and shift, all activities together.
    max_blocks_per_day: u32 => |v| format!("at most {v} activity blocks a day"),
    /// Pairs of templates that may not follow each other on consecutive days.
    forbidden_successions: Vec<(String, String)> => |_| "forbidden successions".to_string(),
    /// People with a skill who must not work alone on some shifts or activities.
    pairing: Vec<RawPairing> => |v| format!("{} pairing rule(s)", v.len()),
    /// Most families (continuity activities) held by people with a skill.
    caseloads: Vec<RawCaseload> => |v| format!("{} caseload cap(s)", v.len()),
}

/// `rules.pairing[]`: people with `skill` are never alone, among people with `with`, on
/// the listed shifts and activities.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{skill, with, shifts, activities}`"
)]
pub struct RawPairing {
    /// The skill of people who must not work alone, e.g. `nqsw`.
    pub skill: String,
    /// The skill of the colleague who must work alongside them, e.g. `qualified`.
    pub with: String,
    /// Templates on which someone with `with` must work the same template that day (default: none).
    #[serde(default)]
    pub shifts: Vec<String>,
    /// Activities in which someone with `with` must do the same at every minute (default: none).
    #[serde(default)]
    pub activities: Vec<String>,
}

/// `rules.caseloads[]`: people with `skill` hold at most `max_families` families.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a mapping `{skill, max_families}`")]
pub struct RawCaseload {
    /// The skill whose holders are capped.
    pub skill: String,
    /// Most families (`continuity` activities) each such person holds over the horizon.
    pub max_families: u32,
}

/// A clock time as written: text (`"09:00"`), or a number when the writer forgot the quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum RawTime {
    Text(String),
    Number(f64),
}

/// A day selector: a word (`all`, `weekdays`, `weekends`, `working_days`,
/// `bank_holidays`), a list of weekdays or dates, or planning weeks.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDays {
    Named(String),
    List(Vec<String>),
    Weeks(Box<RawWeeks>),
}

/// `{weeks: [1, "3-5"], every: 8, days: weekdays}`: the days `days` selects in the listed
/// planning weeks (counted from 1), the pattern repeating every `every` weeks.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{weeks: [1, \"3-5\"], every: N, days: selector}`"
)]
pub struct RawWeeks {
    /// Planning weeks counted from 1: numbers, or ranges such as "3-5".
    pub weeks: Vec<RawWeek>,
    /// Length of the repeating cycle in weeks, 1 to 520 (default: none, the horizon's weeks).
    pub every: Option<u32>,
    /// Days selected within those weeks, a day selector (default: `all`).
    pub days: Option<RawDays>,
}

/// One entry of `weeks`: a week number, or a range `"3-5"`.
#[derive(Debug, Clone, PartialEq)]
pub enum RawWeek {
    Text(String),
    Number(f64),
}

/// A rule setting: `hard`, `off` (any word, checked later) or a weight.
#[derive(Debug, Clone, PartialEq)]
pub enum RawSetting {
    Word(String),
    Weight(f64),
}

/// Implements `Deserialize` through a visitor that accepts strings and numbers.
macro_rules! scalar_visitor {
    ($ty:ident, $expecting:literal, text => $text:expr, number => $number:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        Ok($text(v.to_string()))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        Ok($number(v as f64))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        Ok($number(v as f64))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                        Ok($number(v))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

scalar_visitor!(RawTime, "a time \"HH:MM\"", text => RawTime::Text, number => RawTime::Number);
scalar_visitor!(RawWeek, "a week number or a range \"3-5\"", text => RawWeek::Text, number => RawWeek::Number);
scalar_visitor!(
    RawSetting,
    "`hard`, `off` or a weight",
    text => RawSetting::Word,
    number => RawSetting::Weight
);

impl<'de> Deserialize<'de> for RawDays {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDays;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "`all`, `weekdays`, `weekends`, `working_days`, `bank_holidays`, a list of \
                     weekdays or dates, or `{weeks: [...], every: N, days: ...}`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDays, E> {
                Ok(RawDays::Named(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDays, A::Error> {
                RawWeeks::deserialize(MapAccessDeserializer::new(map))
                    .map(|w| RawDays::Weeks(Box::new(w)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawDays, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(RawDays::List)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawContractRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawContractRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a contract id, or a mapping `{type: id, ...}`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawContractRef, E> {
                Ok(RawContractRef::Type(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawContractRef, A::Error> {
                RawContract::deserialize(MapAccessDeserializer::new(map))
                    .map(|c| RawContractRef::Inline(Box::new(c)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawLeave {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawLeave;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date, or a mapping `{from: date, to: date}`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawLeave, E> {
                Ok(RawLeave::Day(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawLeave, A::Error> {
                RawDateRange::deserialize(MapAccessDeserializer::new(map)).map(RawLeave::Range)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The JSON Schema of a type whose `Deserialize` is written by hand (see `schema.rs`).
macro_rules! hand_schema {
    ($ty:ident, $name:literal, |$generator:ident| $body:expr) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema($generator: &mut SchemaGenerator) -> Schema {
                $body
            }
        }
    };
}

/// A date as the parser reads it.
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

hand_schema!(RawTime, "Time", |_g| json_schema!({
    "description": "A clock time \"HH:MM\" (quoted, so that YAML 1.1 tools do not read it as a number); \"24:00\" is midnight at the day's end.",
    "type": "string",
    "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$|^24:00$"
}));

hand_schema!(RawWeek, "Week", |_g| json_schema!({
    "description": "A planning week counted from 1, or a range \"3-5\".",
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": "^[0-9]+-[0-9]+$"}
    ]
}));

hand_schema!(RawSetting, "Setting", |_g| json_schema!({
    "description": "`hard`, `off`, or a weight (a soft rule's cost per unit).",
    "anyOf": [
        {"type": "string", "enum": ["hard", "off"]},
        {"type": "number", "minimum": 0}
    ]
}));

hand_schema!(RawDays, "Days", |g| {
    let weeks = g.subschema_for::<RawWeeks>();
    json_schema!({
        "description": "A day selector: `all`, `weekdays`, `weekends`, `working_days` or `bank_holidays`; a list of weekdays (`mon`) or dates (YYYY-MM-DD); or planning weeks `{weeks: [1, \"3-5\"], every: N, days: ...}`.",
        "anyOf": [
            {"type": "string", "enum": ["all", "weekdays", "weekends", "working_days", "bank_holidays"]},
            {"type": "array", "items": {"type": "string"}},
            weeks
        ]
    })
});

hand_schema!(RawContractRef, "ContractRef", |g| {
    let inline = g.subschema_for::<RawContract>();
    json_schema!({
        "description": "A contract type id, or an inline contract `{type: id, ...}` overriding some of its fields.",
        "anyOf": [{"type": "string"}, inline]
    })
});

hand_schema!(RawLeave, "Leave", |g| {
    let range = g.subschema_for::<RawDateRange>();
    json_schema!({
        "description": "A day of leave (YYYY-MM-DD), or an inclusive range `{from, to}`.",
        "anyOf": [{"type": "string", "pattern": DATE_PATTERN}, range]
    })
});

/// A model file's top level, for its JSON Schema only: `decode::decode_file` reads each
/// field on its own (so one bad section does not hide the others), from the same raw types.
/// No field is required, because a file may be an include that sets only some sections.
#[derive(JsonSchema)]
#[schemars(title = "flexrota model file", deny_unknown_fields)]
#[allow(dead_code)]
pub struct ModelFile {
    /// This schema, for editors that read it from the file (flexrota ignores it).
    #[schemars(rename = "$schema")]
    schema: Option<String>,
    /// The instance's name in reports (default: the file name).
    name: Option<String>,
    /// Files whose sections this one adds to, relative to this file (this file wins).
    include: Option<Vec<String>>,
    /// The days planned (required, here or in an included file).
    horizon: Option<RawHorizon>,
    /// The time step of activities and windows, minutes: 5 to 240, dividing 1440 (default: 30).
    slot_minutes: Option<u32>,
    /// Where work happens: bases, the home, visits.
    locations: Option<Vec<RawLocation>>,
    /// Shift templates: when a working day starts and ends.
    shifts: Option<Vec<RawShift>>,
    /// What people do inside a shift: visits, duty, admin, court work.
    activities: Option<Vec<RawActivity>>,
    /// Contract types.
    contracts: Option<Vec<RawContract>>,
    /// The team (required, at least one person, here or in an included file).
    people: Option<Vec<RawPerson>>,
    /// Posts shared by two or more people.
    job_shares: Option<Vec<RawJobShare>>,
    /// Shift cover and activity demand by day and time.
    demand: Option<Vec<RawDemand>>,
    /// Days the team, or some of it, meets at a base.
    office_days: Option<Vec<RawOfficeDay>>,
    /// Days fixed before solving.
    pins: Option<Vec<RawPin>>,
    /// What happened before the horizon.
    history: Option<RawHistory>,
    /// Rule parameters and each rule's setting.
    rules: Option<RawRules>,
}
