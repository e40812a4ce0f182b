//! Named rules: the one vocabulary shared by the MILP compiler, the checker and reports.
//!
//! Each rule has a stable snake_case id (used in YAML, JSON and error messages), a default
//! setting, and a unit in which its violation is measured. A soft rule costs
//! `weight x amount`; a hard rule must have amount 0. The precise meaning of each rule is in
//! `docs/RULES.md`; the compiler and the checker implement it independently.

use std::fmt;

/// Which settings a rule accepts in `rules.settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settings {
    /// Always hard, never off: the rule defines what a rota is.
    Structural,
    /// Hard, soft with a weight, or off.
    Any,
    /// Hard or off (a soft version would have no sensible unit).
    HardOrOff,
    /// Soft or off (a goal, not a limit).
    SoftOrOff,
}

/// Declares every rule once: its variant and documentation, stable id, unit of violation,
/// default setting, the settings it accepts and the section of `docs/RULES.md` that defines
/// it. `RuleId`, `RuleId::ALL` and every per-rule method are generated from this one table,
/// so a rule cannot be left out of a list.
macro_rules! rules {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident {
            id: $id:literal,
            unit: $unit:literal,
            default: $default:expr,
            settings: $settings:ident,
        }
    )*) => {
        /// A rule's stable identity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl RuleId {
            /// Every rule, in report order.
            pub const ALL: [RuleId; { [$(stringify!($variant)),*].len() }] =
                [ $( RuleId::$variant, )* ];

            /// The stable snake_case id (YAML, JSON, reports, the heading in `docs/RULES.md`).
            pub fn as_str(self) -> &'static str {
                match self { $( RuleId::$variant => $id, )* }
            }

            /// The unit in which a violation of the rule is measured.
            pub fn unit(self) -> &'static str {
                match self { $( RuleId::$variant => $unit, )* }
            }

            /// The default setting (`None`: off). Rules whose penalty is given per item
            /// (cover, demand, requests) use `Soft(1.0)` as a multiplier of the item weights.
            pub fn default_setting(self) -> Option<RuleSetting> {
                use RuleSetting::*;
                match self { $( RuleId::$variant => $default, )* }
            }

            /// The settings the rule accepts.
            pub fn settings(self) -> Settings {
                match self { $( RuleId::$variant => Settings::$settings, )* }
            }
        }
    };
}

rules! {
    /// At most one shift per person and day (always hard).
    OneShiftPerDay { id: "one_shift_per_day", unit: "assignment", default: Some(Hard), settings: Structural, }
    /// No shift overlaps the person's leave or unavailable time (always hard).
    Availability { id: "availability", unit: "assignment", default: Some(Hard), settings: Structural, }
    /// Only shift templates and weekdays the contract allows (always hard).
    ContractShifts { id: "contract_shifts", unit: "assignment", default: Some(Hard), settings: Structural, }
    /// A work shift has one base location; on-call standby has none (always hard).
    LocationFit { id: "location_fit", unit: "assignment", default: Some(Hard), settings: Structural, }
    /// Activities lie inside the shift and the activity's window, need the person's skills, an
    /// allowed template and location, and do not overlap (always hard).
    ActivityFit { id: "activity_fit", unit: "activity block", default: Some(Hard), settings: Structural, }
    /// Pinned assignments kept exactly: the shift (or the day off), and the location and
    /// activities when pinned (always hard).
    Pinned { id: "pinned", unit: "person-day", default: Some(Hard), settings: Structural, }
    /// Counted minutes over the horizon within the contract's min and max (the balance).
    ContractMinutes { id: "contract_minutes", unit: "hour", default: Some(Hard), settings: Any, }
    /// Counted minutes in every planning week within that week's contracted range.
    WeeklyMinutes { id: "weekly_minutes", unit: "hour", default: Some(Hard), settings: Any, }
    /// Working days per planning week at most the contract's maximum.
    MaxDaysPerWeek { id: "max_days_per_week", unit: "day", default: Some(Hard), settings: Any, }
    /// Shifts of a template (per horizon and per week) at most the contract's maximum.
    MaxShifts { id: "max_shifts", unit: "shift", default: Some(Hard), settings: Any, }
    /// Runs of working days at most the contract's maximum length.
    MaxConsecutiveDays { id: "max_consecutive_days", unit: "window", default: Some(Hard), settings: Any, }
    /// Runs of working days at least the contract's minimum length.
    MinConsecutiveDays { id: "min_consecutive_days", unit: "short day", default: Some(Hard), settings: Any, }
    /// Runs of days off at least the contract's minimum length.
    MinConsecutiveDaysOff { id: "min_consecutive_days_off", unit: "short day", default: Some(Hard), settings: Any, }
    /// Weekends worked at most the contract's maximum.
    MaxWeekends { id: "max_weekends", unit: "weekend", default: Some(Hard), settings: Any, }
    /// Rest between consecutive shifts at least the minimum.
    MinRest { id: "min_rest", unit: "pair of shifts", default: Some(Hard), settings: Any, }
    /// No forbidden succession of templates on consecutive days.
    ForbiddenSuccession { id: "forbidden_succession", unit: "pair of shifts", default: Some(Hard), settings: Any, }
    /// Counted minutes in any 7 consecutive days at most the limit (48 h).
    MaxMinutesPer7Days { id: "max_minutes_per_7_days", unit: "hour", default: Some(Hard), settings: Any, }
    /// An uninterrupted rest (24 h) in every 7 consecutive days.
    WeeklyRest { id: "weekly_rest", unit: "window", default: Some(Hard), settings: Any, }
    /// Home-base days per planning week at most the person's allowance.
    HomeWorking { id: "home_working", unit: "home day", default: Some(Hard), settings: Any, }
    /// Team office days: named people and a minimum number in the office.
    OfficeDay { id: "office_day", unit: "person-day", default: Some(Soft(50.0)), settings: Any, }
    /// Job-share holders' combined minutes equal the post's, within tolerance.
    JobShareMinutes { id: "job_share_minutes", unit: "hour", default: Some(Hard), settings: Any, }
    /// Every day the post requires is worked by at least one holder.
    JobShareCover { id: "job_share_cover", unit: "day", default: Some(Hard), settings: Any, }
    /// Every holder works on the handover days.
    JobShareHandover { id: "job_share_handover", unit: "person-day", default: Some(Soft(20.0)), settings: Any, }
    /// Protected admin at least the admin share of each person's worked minutes.
    ProtectedAdmin { id: "protected_admin", unit: "hour", default: Some(Soft(30.0)), settings: Any, }
    /// Every block of protected admin at least the minimum block length.
    AdminBlock { id: "admin_block", unit: "block", default: Some(Hard), settings: HardOrOff, }
    /// Every run of an activity with a `min_block` at least that long.
    ActivityBlock { id: "activity_block", unit: "block", default: Some(Hard), settings: HardOrOff, }
    /// Runs of activities per person and shift at most the activity's and the team's limits.
    BlocksPerDay { id: "blocks_per_day", unit: "block", default: Some(Hard), settings: Any, }
    /// Travel time between work at different places: no block away from base within
    /// `travel_minutes` of a block of another activity.
    Travel { id: "travel", unit: "pair of blocks", default: Some(Hard), settings: HardOrOff, }
    /// Every shift with an unpaid break has it, in one piece, inside its window.
    Breaks { id: "breaks", unit: "shift", default: Some(Hard), settings: HardOrOff, }
    /// Unallocated minutes at least the reserve share of each person's worked minutes.
    Reserve { id: "reserve", unit: "hour", default: Some(Soft(10.0)), settings: Any, }
    /// A person's weekly load of an activity at most their cap.
    ActivityCap { id: "activity_cap", unit: "hour", default: Some(Hard), settings: Any, }
    /// Unsocial work spread pro rata to FTE.
    FairUnsocial { id: "fair_unsocial", unit: "unsocial unit", default: Some(Soft(5.0)), settings: SoftOrOff, }
    /// No unsocial work on the first day back from a run of leave of `after_leave_days` or more.
    AfterLeave { id: "after_leave", unit: "day", default: Some(Soft(20.0)), settings: Any, }
    /// At most `max_nights_per_7_days` nights in any 7 days and `max_weekends_per_4` weekends
    /// worked in any 4 in a row.
    UnsocialWindow { id: "unsocial_window", unit: "unit", default: Some(Soft(10.0)), settings: Any, }
    /// People with a skill (newly qualified) never alone on the listed shifts and activities.
    Pairing { id: "pairing", unit: "solo hour", default: Some(Hard), settings: Any, }
    /// Families (continuity activities) a person holds at most their caseload cap.
    Caseload { id: "caseload", unit: "family", default: Some(Hard), settings: Any, }
    /// A continuity activity (one family's visits) done by as few workers as possible.
    Continuity { id: "continuity", unit: "extra worker", default: Some(Soft(20.0)), settings: SoftOrOff, }
    /// Shift cover: people on a template each day versus required.
    ShiftCover { id: "shift_cover", unit: "weighted unit", default: Some(Soft(1.0)), settings: Any, }
    /// Activity demand: headcount or person-minutes in a window versus required.
    ActivityDemand { id: "activity_demand", unit: "weighted unit", default: Some(Soft(1.0)), settings: Any, }
    /// Weighted requests (day off, shift on, shift off).
    Requests { id: "requests", unit: "weighted unit", default: Some(Soft(1.0)), settings: Any, }
    /// In a re-plan, changes to the published rota from the re-plan's first day: a changed
    /// shift (or a day worked or freed) and a changed base location, each at its weight.
    Changes { id: "changes", unit: "weighted change", default: Some(Soft(1.0)), settings: SoftOrOff, }
    /// Staff cost of the rota.
    Cost { id: "cost", unit: "pound", default: None, settings: SoftOrOff, }
}

/// `fair_unsocial`: for a night or weekend above a person's share rounded down but not above
/// it rounded up, this share of the rule's weight for each unit of it above the exact share
/// (a share of 5.8 nights and a 6th night: 0.2 x 0.25). Small against the 1 a unit above the
/// share rounded up costs, it still gives the units the rounding leaves to those nearest.
pub const FAIR_ROUNDING_CHARGE: f64 = 0.25;

/// Whether a rule must hold, or costs a weight per unit of violation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RuleSetting {
    /// Must hold.
    Hard,
    /// Costs `weight` per unit of violation.
    Soft(f64),
}

impl RuleId {
    /// Parse a stable id.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == id)
    }

    /// Whether the rule may be made soft.
    pub fn may_be_soft(self) -> bool {
        matches!(self.settings(), Settings::Any | Settings::SoftOrOff)
    }

    /// Whether the rule may be made hard. Goals (fairness, continuity, cost) are soft or off.
    pub fn may_be_hard(self) -> bool {
        !matches!(self.settings(), Settings::SoftOrOff)
    }

    /// Structural rules define what a rota is; they are always hard and cannot be turned off.
    pub fn structural(self) -> bool {
        self.settings() == Settings::Structural
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}
