//! Named rules: the one vocabulary shared by the MILP compiler, the checker and reports.
//!
//! Each rule has a stable snake_case id (used in YAML, JSON and error messages), a default
//! setting, and a unit in which its violation is measured. A soft rule costs
//! `weight x amount`; a hard rule must have amount 0. The precise meaning of each rule is in
//! `docs/RULES.md`; the compiler and the checker implement it independently.

use std::fmt;

/// A rule's stable identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// At most one shift per person and day (always hard).
    OneShiftPerDay,
    /// No shift overlaps the person's leave or unavailable time (always hard).
    Availability,
    /// Only shift templates and weekdays the contract allows (always hard).
    ContractShifts,
    /// A work shift has one base location; on-call standby has none (always hard).
    LocationFit,
    /// Activities lie inside the shift and the activity's window, need the person's skills, an
    /// allowed template and location, and do not overlap (always hard).
    ActivityFit,
    /// Counted minutes over the horizon within the contract's min and max.
    ContractMinutes,
    /// Working days per planning week at most the contract's maximum.
    MaxDaysPerWeek,
    /// Shifts of a template (per horizon and per week) at most the contract's maximum.
    MaxShifts,
    /// Runs of working days at most the contract's maximum length.
    MaxConsecutiveDays,
    /// Runs of working days at least the contract's minimum length.
    MinConsecutiveDays,
    /// Runs of days off at least the contract's minimum length.
    MinConsecutiveDaysOff,
    /// Weekends worked at most the contract's maximum.
    MaxWeekends,
    /// Rest between consecutive shifts at least the minimum.
    MinRest,
    /// No forbidden succession of templates on consecutive days.
    ForbiddenSuccession,
    /// Counted minutes in any 7 consecutive days at most the limit (48 h).
    MaxMinutesPer7Days,
    /// An uninterrupted rest (24 h) in every 7 consecutive days.
    WeeklyRest,
    /// Home-base days per planning week at most the person's allowance.
    HomeWorking,
    /// Team office days: named people and a minimum number in the office.
    OfficeDay,
    /// Job-share holders' combined minutes equal the post's, within tolerance.
    JobShareMinutes,
    /// Every day the post requires is worked by at least one holder.
    JobShareCover,
    /// Every holder works on the handover days.
    JobShareHandover,
    /// Protected admin at least the admin share of each person's worked minutes.
    ProtectedAdmin,
    /// Every block of protected admin at least the minimum block length.
    AdminBlock,
    /// Unallocated minutes at least the reserve share of each person's worked minutes.
    Reserve,
    /// A person's weekly load of an activity at most their cap.
    ActivityCap,
    /// Unsocial work spread pro rata to FTE.
    FairUnsocial,
    /// A continuity activity (one family's visits) done by as few workers as possible.
    Continuity,
    /// Shift cover: people on a template each day versus required.
    ShiftCover,
    /// Activity demand: headcount or person-minutes in a window versus required.
    ActivityDemand,
    /// Weighted requests (day off, shift on, shift off).
    Requests,
    /// Staff cost of the rota.
    Cost,
}

/// Whether a rule must hold, or costs a weight per unit of violation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RuleSetting {
    /// Must hold.
    Hard,
    /// Costs `weight` per unit of violation.
    Soft(f64),
}

impl RuleId {
    /// Every rule, in report order.
    pub const ALL: [RuleId; 31] = [
        RuleId::OneShiftPerDay,
        RuleId::Availability,
        RuleId::ContractShifts,
        RuleId::LocationFit,
        RuleId::ActivityFit,
        RuleId::ContractMinutes,
        RuleId::MaxDaysPerWeek,
        RuleId::MaxShifts,
        RuleId::MaxConsecutiveDays,
        RuleId::MinConsecutiveDays,
        RuleId::MinConsecutiveDaysOff,
        RuleId::MaxWeekends,
        RuleId::MinRest,
        RuleId::ForbiddenSuccession,
        RuleId::MaxMinutesPer7Days,
        RuleId::WeeklyRest,
        RuleId::HomeWorking,
        RuleId::OfficeDay,
        RuleId::JobShareMinutes,
        RuleId::JobShareCover,
        RuleId::JobShareHandover,
        RuleId::ProtectedAdmin,
        RuleId::AdminBlock,
        RuleId::Reserve,
        RuleId::ActivityCap,
        RuleId::FairUnsocial,
        RuleId::Continuity,
        RuleId::ShiftCover,
        RuleId::ActivityDemand,
        RuleId::Requests,
        RuleId::Cost,
    ];

    /// The stable snake_case id.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::OneShiftPerDay => "one_shift_per_day",
            RuleId::Availability => "availability",
            RuleId::ContractShifts => "contract_shifts",
            RuleId::LocationFit => "location_fit",
            RuleId::ActivityFit => "activity_fit",
            RuleId::ContractMinutes => "contract_minutes",
            RuleId::MaxDaysPerWeek => "max_days_per_week",
            RuleId::MaxShifts => "max_shifts",
            RuleId::MaxConsecutiveDays => "max_consecutive_days",
            RuleId::MinConsecutiveDays => "min_consecutive_days",
            RuleId::MinConsecutiveDaysOff => "min_consecutive_days_off",
            RuleId::MaxWeekends => "max_weekends",
            RuleId::MinRest => "min_rest",
            RuleId::ForbiddenSuccession => "forbidden_succession",
            RuleId::MaxMinutesPer7Days => "max_minutes_per_7_days",
            RuleId::WeeklyRest => "weekly_rest",
            RuleId::HomeWorking => "home_working",
            RuleId::OfficeDay => "office_day",
            RuleId::JobShareMinutes => "job_share_minutes",
            RuleId::JobShareCover => "job_share_cover",
            RuleId::JobShareHandover => "job_share_handover",
            RuleId::ProtectedAdmin => "protected_admin",
            RuleId::AdminBlock => "admin_block",
            RuleId::Reserve => "reserve",
            RuleId::ActivityCap => "activity_cap",
            RuleId::FairUnsocial => "fair_unsocial",
            RuleId::Continuity => "continuity",
            RuleId::ShiftCover => "shift_cover",
            RuleId::ActivityDemand => "activity_demand",
            RuleId::Requests => "requests",
            RuleId::Cost => "cost",
        }
    }

    /// Parse a stable id.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == id)
    }

    /// The default setting. Rules whose penalty is given per item (cover, demand, requests)
    /// use `Soft(1.0)` as a multiplier of the item weights.
    pub fn default_setting(self) -> Option<RuleSetting> {
        use RuleId::*;
        Some(match self {
            OneShiftPerDay | Availability | ContractShifts | LocationFit | ActivityFit => {
                RuleSetting::Hard
            }
            ContractMinutes
            | MaxDaysPerWeek
            | MaxShifts
            | MaxConsecutiveDays
            | MinConsecutiveDays
            | MinConsecutiveDaysOff
            | MaxWeekends
            | MinRest
            | ForbiddenSuccession
            | MaxMinutesPer7Days
            | WeeklyRest
            | HomeWorking
            | JobShareMinutes
            | JobShareCover
            | AdminBlock
            | ActivityCap => RuleSetting::Hard,
            OfficeDay => RuleSetting::Soft(50.0),
            JobShareHandover => RuleSetting::Soft(20.0),
            ProtectedAdmin => RuleSetting::Soft(30.0),
            Reserve => RuleSetting::Soft(10.0),
            FairUnsocial => RuleSetting::Soft(5.0),
            Continuity => RuleSetting::Soft(20.0),
            ShiftCover | ActivityDemand | Requests => RuleSetting::Soft(1.0),
            Cost => return None,
        })
    }

    /// Whether the rule may be made soft. Admin blocks are hard or off.
    pub fn may_be_soft(self) -> bool {
        !self.structural() && !matches!(self, RuleId::AdminBlock)
    }

    /// Whether the rule may be made hard. Fairness and cost are soft or off.
    pub fn may_be_hard(self) -> bool {
        !matches!(
            self,
            RuleId::FairUnsocial | RuleId::Continuity | RuleId::Cost
        )
    }

    /// Structural rules define what a rota is; they are always hard and cannot be turned off.
    pub fn structural(self) -> bool {
        use RuleId::*;
        matches!(
            self,
            OneShiftPerDay | Availability | ContractShifts | LocationFit | ActivityFit
        )
    }

    /// The unit in which a violation of the rule is measured.
    pub fn unit(self) -> &'static str {
        use RuleId::*;
        match self {
            OneShiftPerDay | Availability | ContractShifts | LocationFit => "assignment",
            ActivityFit => "activity block",
            ContractMinutes | MaxMinutesPer7Days | JobShareMinutes | ProtectedAdmin | Reserve
            | ActivityCap => "hour",
            MaxDaysPerWeek | JobShareCover => "day",
            MaxShifts => "shift",
            MaxConsecutiveDays | WeeklyRest => "window",
            MinConsecutiveDays | MinConsecutiveDaysOff => "short day",
            MaxWeekends => "weekend",
            MinRest | ForbiddenSuccession => "pair of shifts",
            HomeWorking => "home day",
            OfficeDay | JobShareHandover => "person-day",
            AdminBlock => "block",
            FairUnsocial => "unsocial unit",
            Continuity => "extra worker",
            ShiftCover | ActivityDemand | Requests => "weighted unit",
            Cost => "pound",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
