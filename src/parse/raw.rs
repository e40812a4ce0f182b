//! The raw layer: serde types mirroring `docs/FORMAT.md` one to one.
//!
//! Only these types implement `Deserialize`. They hold text exactly as written (ids, dates,
//! times); every check and every conversion to the model happens later, so that all problems
//! can be reported together with their location.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::problems::{Located, Origin};

/// `horizon`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{start: YYYY-MM-DD, days: N, week_starts: weekday}`"
)]
pub struct RawHorizon {
    pub start: String,
    pub days: i64,
    pub week_starts: Option<String>,
    pub bank_holidays: Option<String>,
    #[serde(default)]
    pub extra_bank_holidays: Vec<String>,
    #[serde(default)]
    pub bank_holidays_off: bool,
}

/// `locations[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a location mapping")]
pub struct RawLocation {
    pub id: String,
    pub base: Option<bool>,
    #[serde(default)]
    pub home: bool,
}

/// `shifts[].kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawShiftKind {
    Work,
    OnCall,
}

/// `shifts[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a shift template mapping")]
pub struct RawShift {
    pub id: String,
    pub start: RawTime,
    pub end: RawTime,
    pub paid_minutes: Option<u32>,
    pub kind: Option<RawShiftKind>,
    #[serde(default)]
    pub unsocial: bool,
    pub weekdays: Option<Vec<String>>,
    #[serde(rename = "break")]
    pub unpaid_break: Option<RawBreak>,
    pub after: Option<Vec<String>>,
    pub rest_after_minutes: Option<u32>,
}

/// `shifts[].break`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{minutes: 30, start: \"12:00\", end: \"14:00\"}`"
)]
pub struct RawBreak {
    pub minutes: u32,
    pub start: RawTime,
    pub end: RawTime,
}

/// A clock window `{start, end}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{start: \"HH:MM\", end: \"HH:MM\"}`"
)]
pub struct RawWindow {
    pub start: RawTime,
    pub end: RawTime,
}

/// `activities[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an activity mapping")]
pub struct RawActivity {
    pub id: String,
    pub locations: Option<Vec<String>>,
    pub window: Option<RawWindow>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub shifts: Vec<String>,
    #[serde(default)]
    pub protected_admin: bool,
    #[serde(default)]
    pub continuity: bool,
    pub min_block: Option<u32>,
    pub max_blocks_per_day: Option<u32>,
    #[serde(default)]
    pub unsocial: bool,
}

/// `contracts[].tolerance`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{under: minutes, over: minutes}`"
)]
pub struct RawTolerance {
    pub under: Option<u32>,
    pub over: Option<u32>,
}

/// `contracts[].consecutive_days`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping `{min: N, max: N}`")]
pub struct RawRunLength {
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// A contract type (`contracts[]`, with `id`) or a person's inline contract (with `type`):
/// the fields are the same, and every one is optional so that a person can override any.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a contract mapping")]
pub struct RawContract {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub type_id: Option<String>,
    pub fte: Option<f64>,
    pub minutes_per_week: Option<u32>,
    pub minutes_per_horizon: Option<u32>,
    pub tolerance: Option<RawTolerance>,
    pub balance: Option<RawTolerance>,
    pub shifts: Option<Vec<String>>,
    pub weekdays: Option<Vec<String>>,
    pub max_days_per_week: Option<u32>,
    pub max_shifts: Option<BTreeMap<String, u32>>,
    pub max_shifts_per_week: Option<BTreeMap<String, u32>>,
    pub consecutive_days: Option<RawRunLength>,
    pub min_consecutive_days_off: Option<u32>,
    pub max_weekends: Option<u32>,
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping `{from: date, to: date}`")]
pub struct RawDateRange {
    pub from: String,
    pub to: String,
}

/// `people[].unavailable[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping `{date, start, end}`")]
pub struct RawUnavailable {
    pub date: String,
    pub start: RawTime,
    pub end: RawTime,
}

/// `people[].requests[]`: exactly one of `day_off`, `shift_on`, `shift_off`, `home`,
/// `home_days`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a request mapping")]
pub struct RawRequest {
    pub day_off: Option<String>,
    pub shift_on: Option<String>,
    pub shift_off: Option<String>,
    pub home: Option<RawDays>,
    pub home_days: Option<u32>,
    pub date: Option<String>,
    pub weight: Option<f64>,
}

/// `people[].caps[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{activity, max_minutes_per_week}`"
)]
pub struct RawCap {
    pub activity: String,
    pub max_minutes_per_week: u32,
}

/// `people[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a person mapping")]
pub struct RawPerson {
    pub id: String,
    pub name: Option<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    pub contract: RawContractRef,
    #[serde(default)]
    pub agency: bool,
    pub cost_per_hour: Option<f64>,
    pub home_days_per_week: Option<u32>,
    pub max_families: Option<u32>,
    #[serde(default)]
    pub works_bank_holidays: bool,
    pub locked_down: Option<RawDays>,
    #[serde(default)]
    pub leave: Vec<RawLeave>,
    #[serde(default)]
    pub unavailable: Vec<RawUnavailable>,
    #[serde(default)]
    pub requests: Vec<RawRequest>,
    #[serde(default)]
    pub caps: Vec<RawCap>,
}

/// `job_shares[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a job-share mapping")]
pub struct RawJobShare {
    pub id: String,
    pub members: Vec<String>,
    pub minutes_per_week: u32,
    pub tolerance_minutes_per_week: Option<u32>,
    pub cover_days: Option<RawDays>,
    pub handover_days: Option<RawDays>,
    pub handover_minutes: Option<u32>,
}

/// `demand[]`: shift cover (`shift`) or activity demand (`activity`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a demand mapping")]
pub struct RawDemand {
    pub shift: Option<String>,
    pub activity: Option<String>,
    pub days: Option<RawDays>,
    pub required: Option<u32>,
    pub skills: Option<Vec<String>>,
    pub start: Option<RawTime>,
    pub end: Option<RawTime>,
    pub headcount: Option<u32>,
    pub person_minutes: Option<u32>,
    pub under_weight: Option<f64>,
    pub over_weight: Option<f64>,
}

/// `pins[]`: one person's day fixed before solving.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person, date, shift or shifts or off: true, location}`"
)]
pub struct RawPin {
    pub person: String,
    pub date: String,
    pub shift: Option<String>,
    #[serde(default)]
    pub shifts: Vec<String>,
    #[serde(default)]
    pub off: bool,
    pub location: Option<String>,
}

/// `history:`: what happened before the horizon.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{days, shifts, unsocial, families, fairness_since}`"
)]
pub struct RawHistory {
    /// Days before the horizon `shifts` lists every shift of (default: back to the
    /// earliest date listed).
    pub days: Option<i64>,
    #[serde(default)]
    pub shifts: Vec<RawPastShift>,
    #[serde(default)]
    pub unsocial: Vec<RawUnsocialSoFar>,
    #[serde(default)]
    pub families: Vec<RawFamily>,
    /// With `solve --after`: the first day of the fairness period.
    pub fairness_since: Option<String>,
}

/// `history.shifts[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person, date, shift, start, end}`"
)]
pub struct RawPastShift {
    pub person: String,
    pub date: String,
    pub shift: String,
    pub start: Option<RawTime>,
    pub end: Option<RawTime>,
}

/// `history.unsocial[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person, nights, weekends, evenings}`"
)]
pub struct RawUnsocialSoFar {
    pub person: String,
    #[serde(default)]
    pub nights: u32,
    #[serde(default)]
    pub weekends: u32,
    #[serde(default)]
    pub evenings: u32,
}

/// `history.families[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping `{family, worker}`")]
pub struct RawFamily {
    pub family: String,
    pub worker: String,
}

/// `office_days[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an office-day mapping")]
pub struct RawOfficeDay {
    pub days: RawDays,
    pub location: Option<String>,
    pub min_people: Option<u32>,
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
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields, expecting = "a rules mapping")]
        pub struct RawRules {
            $( $(#[doc = $doc])* pub $name: Option<$ty>, )*
            /// Rule settings by rule id: `hard`, `off` or a weight.
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
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{skill, with, shifts, activities}`"
)]
pub struct RawPairing {
    pub skill: String,
    pub with: String,
    #[serde(default)]
    pub shifts: Vec<String>,
    #[serde(default)]
    pub activities: Vec<String>,
}

/// `rules.caseloads[]`: people with `skill` hold at most `max_families` families.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping `{skill, max_families}`")]
pub struct RawCaseload {
    pub skill: String,
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{weeks: [1, \"3-5\"], every: N, days: selector}`"
)]
pub struct RawWeeks {
    pub weeks: Vec<RawWeek>,
    pub every: Option<u32>,
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
